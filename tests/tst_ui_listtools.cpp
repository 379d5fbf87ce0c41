// The tools over the list's current result, through the real window (offscreen) over 5,000 stored events:
// - the Answer and Scheme quick filters write `code:`/`scheme:` into the search and show what it says;
// - the Body column shows a body's start on one line (a sender's line breaks and U+202E included) and does not sort;
// - Duplicates to top orders the list by each event's latest delivery;
// - Select all, of which the list has read only the pages in view, then quarantine, export and discard: every
//   selected event is acted on — never only the rows loaded — and events that arrive after the selection are not.

#include "testwait.h"
#include "uistore.h"

#include "ui/eventlistmodel.h"
#include "ui/mainwindow.h"
#include "ui/quickfilters.h"
#include "ui/searchbar.h"
#include "ui/storereader.h"

#include <QAction>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSet>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

constexpr int kEvents = 5000;
/// A wait over every one of those events (read, changed or written to a file): an export of the 5,000 took over
/// test::kWaitMs under ASan beside stress-ng --cpu 2. Still a wait for a condition, with a deadline.
constexpr int kBulkWaitMs = 4 * test::kWaitMs;

} // namespace

class tst_UiListTools : public QObject {
    Q_OBJECT

    QTemporaryDir m_config;
    std::unique_ptr<test::UiStore> m_store;
    std::unique_ptr<ui::StoreReader> m_reader;
    std::unique_ptr<ui::MainWindow> m_window;

    qint64 countWhere(const QString& where)
    {
        QSqlQuery q(m_store->store().database());
        if (!q.exec(u"SELECT count(*) FROM events WHERE "_s + where) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }
    /** Select all (its menu action, as Ctrl+A does) once the list shows `rows`; true when some are not loaded. */
    bool selectAllOf(qint64 rows)
    {
        ui::EventListModel* model = m_window->eventModel();
        if (!test::waitFor([&] { return !model->isLoading() && model->rowCount() == rows; }, "the result listed"))
            return false;
        m_window->findChild<QAction*>(u"selectAllAction"_s)->trigger();
        // The premise: the list has read only some of the rows it selected.
        return m_window->selectedEvents().size() < rows;
    }
    /** Waits for the Event action to finish; the count it changed, or -1. */
    int finished(QSignalSpy& spy)
    {
        if (!test::waitFor([&] { return !spy.isEmpty(); }, "the action over the selection to finish", kBulkWaitMs))
            return -1;
        return spy.first().at(2).toString().isEmpty() ? spy.first().at(1).toInt() : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(test::isolateSettings(m_config, u"tst_ui_listtools"_s));
        m_store = std::make_unique<test::UiStore>(false);
        m_store->addEvents(1, kEvents);
        // Each with one delivery, as captured: a JSON body, answered 401 (i % 4 == 0), 500 (1) or 200; every
        // 5th signed with stripe.
        m_store->exec(u"INSERT INTO deliveries (event_id, seq, received_us, method, target, http_version, raw_head, "
                      u"body, body_size, status_code) SELECT id, 1, received_us, 'POST', path, '1.1', "
                      u"CAST('POST ' || path || ' HTTP/1.1' || char(13, 10) || 'Host: 127.0.0.1' || char(13, 10, 13, "
                      u"10) AS BLOB), CAST('{\"id\": \"' || event_id || '\", \"text\": \"hello\"}' AS BLOB), 30, "
                      u"CASE id % 4 WHEN 0 THEN 401 WHEN 1 THEN 500 ELSE 200 END FROM events"_s);
        m_store->exec(u"UPDATE events SET scheme = 'stripe' WHERE id % 5 = 0"_s);
        // The newest three: a sender's line breaks, tab and right-to-left override; bytes that are not text.
        m_store->exec(u"UPDATE deliveries SET body = CAST('line one' || char(13, 10) || char(9) || 'two' || "
                      u"char(8238) || 'evil' || char(8232) || 'end' AS BLOB) WHERE event_id = %1"_s.arg(kEvents));
        m_store->exec(
            u"UPDATE deliveries SET body = X'89504E470D0A1A0A0000000D' WHERE event_id = %1"_s.arg(kEvents - 1));
        m_reader = std::make_unique<ui::StoreReader>(m_store->path());
        m_window = std::make_unique<ui::MainWindow>(*m_reader, nullptr);
        m_window->resize(1024, 700);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }
    void cleanupTestCase() { m_window.reset(); }

    void quickFiltersEditTheSearch()
    {
        ui::EventListModel* model = m_window->eventModel();
        ui::QuickFilters* quick = m_window->findChild<ui::QuickFilters*>();
        QVERIFY(quick);
        const auto shows = [&](qint64 rows, const char* what) {
            return test::waitFor([&] { return !model->isLoading() && model->rowCount() == rows; }, what);
        };
        const auto answered = [&](int low, int high, const QString& more = {}) {
            return countWhere(u"discarded_us IS NULL AND id IN (SELECT event_id FROM deliveries WHERE status_code "
                              u"BETWEEN %1 AND %2)%3"_s.arg(low)
                                  .arg(high)
                                  .arg(more));
        };
        QCOMPARE(quick->codeButton()->text(), u"&Answer"_s);

        // Answer ▸ 4xx, then Scheme ▸ stripe: each a term of the search, both applied.
        m_window->findChild<QAction*>(u"codeFilter_4xx"_s)->trigger();
        QCOMPARE(m_window->searchField()->text(), u"code:4xx"_s);
        QVERIFY(shows(answered(400, 499), "the events answered 4xx"));
        QCOMPARE(answered(400, 499), 1250);
        QCOMPARE(quick->codeButton()->text(), u"&Answer: 4xx"_s);
        m_window->findChild<QAction*>(u"schemeFilter_stripe"_s)->trigger();
        QCOMPARE(m_window->searchField()->text(), u"code:4xx scheme:stripe"_s);
        QVERIFY(shows(answered(400, 499, u" AND scheme = 'stripe'"_s), "the stripe events answered 4xx"));
        QCOMPARE(quick->schemeButton()->text(), u"Sche&me: stripe"_s);

        // Typed terms set the buttons; the other words stay as typed.
        m_window->applySearch(u"code:500 \"hello world\" scheme:stripe"_s);
        QCOMPARE(quick->codeButton()->text(), u"&Answer: 500"_s);
        QVERIFY(m_window->findChild<QAction*>(u"codeFilter_500"_s)->isChecked());
        QVERIFY(!m_window->findChild<QAction*>(u"codeFilter_4xx"_s)->isChecked());
        m_window->findChild<QAction*>(u"codeFilter_any"_s)->trigger();
        QCOMPARE(m_window->searchField()->text(), u"\"hello world\" scheme:stripe"_s);
        QCOMPARE(quick->codeButton()->text(), u"&Answer"_s);

        // A code that is not one says so.
        m_window->applySearch(u"code:99"_s);
        QVERIFY(m_window->searchHint()->text().contains(u"code:"_s));
        m_window->applySearch(QString());
        QVERIFY(shows(kEvents, "every event listed again"));
    }

    void bodyColumnShowsTheStartOnOneLine()
    {
        QTableView* view = m_window->eventView();
        ui::EventListModel* model = m_window->eventModel();
        QVERIFY(test::waitFor([&] { return !model->isLoading() && model->eventIdAt(2) != 0; }, "the first rows read"));
        QVERIFY2(view->isColumnHidden(ui::EventListModel::Body), "Body waits to be chosen");
        QAction* body = m_window->findChild<QAction*>(u"column%1Action"_s.arg(ui::EventListModel::Body));
        QVERIFY(body && !body->isChecked());
        body->trigger();
        QVERIFY(!view->isColumnHidden(ui::EventListModel::Body));
        const auto cell = [&](int row) { return model->index(row, ui::EventListModel::Body).data().toString(); };
        // Newest first: the hostile body, the binary one, then JSON as sent.
        QCOMPARE(model->eventIdAt(0), kEvents);
        QCOMPARE(cell(0), u"line one two evil end"_s);
        QCOMPARE(cell(1), u"(binary)"_s);
        QCOMPARE(cell(2), u"{\"id\": \"evt_%1\", \"text\": \"hello\"}"_s.arg(kEvents - 2));
        // Its header does not sort: the order and the indicator stay on Received.
        view->horizontalHeader()->setSortIndicator(ui::EventListModel::Body, Qt::AscendingOrder);
        QCOMPARE(view->horizontalHeader()->sortIndicatorSection(), int(ui::EventListModel::Received));
        QCOMPARE(model->query().orderBy, u"received_us"_s);
        QVERIFY(model->query().descending);
        body->trigger();
    }

    void duplicatesMoveTheirEventToTheTop()
    {
        ui::EventListModel* model = m_window->eventModel();
        QAction* toTop = m_window->findChild<QAction*>(u"duplicatesToTopAction"_s);
        QVERIFY(toTop && !toTop->isChecked());
        toTop->trigger();
        QCOMPARE(model->headerData(ui::EventListModel::Received, Qt::Horizontal).toString(), u"Last received"_s);
        QCOMPARE(model->query().orderBy, u"last_us"_s);
        // A duplicate of the 10th event arrives, as the writer records one, from another connection.
        m_store->exec(u"UPDATE events SET last_us = (SELECT max(last_us) FROM events) + 1000000, deliveries = "
                      u"deliveries + 1, duplicates = duplicates + 1 WHERE id = 10"_s);
        QVERIFY(test::waitFor([&] { return model->eventIdAt(0) == 10; }, "the duplicated event at the top"));
        QCOMPARE(model->rowCount(), kEvents);
        toTop->trigger();
        QVERIFY(test::waitFor(
            [&] { return !model->isLoading() && model->eventIdAt(0) == kEvents; }, "the list by first delivery again"));
        QCOMPARE(model->headerData(ui::EventListModel::Received, Qt::Horizontal).toString(), u"Received"_s);
    }

    void quarantineTheWholeView()
    {
        // The Verified view: i % 3 == 0, 1,666 events, every 7th of them quarantined already.
        m_window->selectView(u"verified"_s);
        const qint64 verified = countWhere(u"status = 'verified'"_s);
        const qint64 already = countWhere(u"status = 'verified' AND quarantined IS NOT NULL"_s);
        QCOMPARE(verified, 1666);
        QVERIFY(already > 0);
        QVERIFY2(selectAllOf(verified), "Select all selected only loaded rows, or all rows were loaded");
        QSignalSpy done(m_window.get(), &ui::MainWindow::actionFinished);
        m_window->quarantineSelected(u"manual"_s, u"bulk"_s);
        QCOMPARE(finished(done), int(verified - already));
        QCOMPARE(countWhere(u"status = 'verified' AND quarantined IS NULL"_s), 0);
        // Nothing outside the view.
        QCOMPARE(countWhere(u"status != 'verified' AND quarantine_note = 'bulk'"_s), 0);
    }

    void exportTheWholeResultButNotLaterArrivals()
    {
        m_window->selectView(QString());
        QVERIFY(selectAllOf(kEvents));
        // Ten events arrive after Select all, from another connection as the listener writes: they were not selected.
        m_store->addEventsFromAnotherThread(kEvents + 1, 10);
        QTemporaryDir out;
        const QString folder = out.filePath(u"all"_s);
        QSignalSpy done(m_window.get(), &ui::MainWindow::exportFinished);
        m_window->exportSelected(u"json"_s, folder, false);
        QVERIFY(test::waitFor([&] { return !done.isEmpty(); }, "the export to finish", kBulkWaitMs));
        QCOMPARE(done.first().at(1).toString(), QString());
        // One file per event, named by its store id: exactly the 5,000 listed when Select all was pressed.
        QSet<qint64> ids;
        for (const QString& file : done.first().first().toStringList())
            ids.insert(QFileInfo(file).completeBaseName().toLongLong());
        QCOMPARE(ids.size(), kEvents);
        QCOMPARE(*std::min_element(ids.cbegin(), ids.cend()), 1);
        QCOMPARE(*std::max_element(ids.cbegin(), ids.cend()), kEvents);
    }

    void discardEverySelectedEvent()
    {
        m_window->selectView(QString());
        QVERIFY(selectAllOf(kEvents + 10));
        QSignalSpy done(m_window.get(), &ui::MainWindow::actionFinished);
        m_window->discardSelected(u"bulk discard"_s);
        QCOMPARE(finished(done), kEvents + 10);
        QCOMPARE(countWhere(u"discarded_us IS NULL"_s), 0);
        QCOMPARE(countWhere(u"discarded_us IS NOT NULL"_s), kEvents + 10);
    }
};

QTEST_MAIN(tst_UiListTools)
#include "tst_ui_listtools.moc"
