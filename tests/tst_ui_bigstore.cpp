// A million events: the window's list shows its first rows without reading them all, knows every row, and
// never scans or sorts the whole table for a page, whatever the column it is sorted by or the words searched;
// arrivals on a million rows are insertions read off the GUI thread. How fast all this is (first rows within
// 1.5 s, no stall while events arrive) is measured by bench/bench_window and bench/bench_arrivals
// (BENCHMARKS.md), never asserted here.

#include "testwait.h"
#include "uistore.h"

#include "ui/eventlistmodel.h"
#include "ui/storereader.h"
#include "ui/viewlistmodel.h"

#include "core/store/database.h"

#include <QHeaderView>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>
#include <QThread>
#include <QTreeView>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

class tst_BigStore : public QObject {
    Q_OBJECT

    std::unique_ptr<test::UiStore> m_store;
    static constexpr int Events = 1'000'000;

    QStringList plan(const store::EventQuery& q)
    {
        // What SQLite does for one page of this query: the statement EventStore::list runs.
        auto steps = m_store->store().listPlan(q);
        if (!steps)
            qFatal("%s", qPrintable(steps.error()));
        return *steps;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Its searches find ids by their beginning: the ids' trigram index would cost the million rows ~20 s more.
        m_store = std::make_unique<test::UiStore>(false);
        m_store->addEvents(1, Events);
    }

    void pagesNeverSortTheTable_data()
    {
        QTest::addColumn<QString>("orderBy");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("search");
        for (int c = 0; c < EventListModel::ColumnCount; ++c) {
            const QString column = EventListModel::columnSqlName(c);
            if (column.isEmpty())
                continue; // Body: not an order (tst_ui_listtools checks its header click changes nothing)
            QTest::addRow("%s", qPrintable(column)) << column << QString() << QString();
            QTest::addRow("%s searched", qPrintable(column)) << column << QString() << u"sender3"_s;
        }
        QTest::addRow("received_us verified") << u"received_us"_s << u"verified"_s << QString();
    }
    void pagesNeverSortTheTable()
    {
        QFETCH(QString, orderBy);
        QFETCH(QString, status);
        QFETCH(QString, search);
        store::EventQuery q;
        q.orderBy = orderBy;
        q.status = status;
        q.search = search;
        q.limit = 200;
        const QStringList steps = plan(q);
        const QString all = steps.join(u" | "_s);
        // An order whose index the post-processor fills (migration 015) merges in the events it has not read yet,
        // found through their own index and sorted on their own: the one sort allowed, over those events only
        // (none here). No other step sorts, and none reads the table without an index.
        static const QRegularExpression unsortedStep(u"^(SCAN|SEARCH) events USING INDEX events_unsorted\\b"_s);
        const qsizetype unsorted = steps.indexOf(unsortedStep);
        QCOMPARE(unsorted >= 0, store::sortsThroughIndexAfterAck(orderBy));
        for (qsizetype i = 0; i < steps.size(); ++i) {
            QVERIFY2(!steps.at(i).contains(u"TEMP B-TREE"_s) || (unsorted >= 0 && i == unsorted + 1), qPrintable(all));
            QVERIFY2(!steps.at(i).startsWith(u"SCAN events"_s) || steps.at(i).contains(u"INDEX"_s), qPrintable(all));
        }
    }

    void opensWithFirstPageOnlyAndReachesTheLastRow()
    {
        StoreReader reader(m_store->path());
        QTreeView view;
        view.setUniformRowHeights(true);
        EventListModel model(reader);
        view.setModel(&model);
        view.resize(1200, 700);
        view.show();
        WAIT_FOR(!model.isLoading(), "the first page of a million events");
        QVERIFY(model.index(0, 0).data(EventListModel::LoadedRole).toBool());
        QCOMPARE(model.rowCount(), Events);
        // The count and the first page, not the million rows: the rest load as they are shown.
        QVERIFY2(model.cachedPages() <= 2, qPrintable(QString::number(model.cachedPages())));
        QCOMPARE(model.index(0, EventListModel::ProviderId).data().toString(), u"evt_%1"_s.arg(Events));

        // The scrollbar covers everything: the last row is one jump away.
        view.scrollToBottom();
        WAIT_FOR(model.index(Events - 1, 0).data(EventListModel::LoadedRole).toBool(), "the last of a million rows");
        QCOMPARE(model.index(Events - 1, EventListModel::ProviderId).data().toString(), u"evt_1"_s);
    }

    void searchesAMillion()
    {
        // A word in one event of 13 (a sender's address), then one in a single event.
        StoreReader reader(m_store->path());
        EventListModel model(reader);
        store::EventQuery q = model.query();
        q.search = u"sender3@"_s;
        model.setQuery(q);
        WAIT_FOR(!model.isLoading(), "the matches of sender3@");
        QCOMPARE(model.rowCount(), (Events - 3) / 13 + 1);
        QCOMPARE(model.index(0, EventListModel::From).data().toString(), u"Sender 3 <sender3@example.com>"_s);
        QCOMPARE(
            model.index(0, EventListModel::ProviderId).data().toString(), u"evt_%1"_s.arg(Events - (Events - 3) % 13));
        // Its last page, through the matches rather than a join per page.
        const int last = model.rowCount() - 1;
        WAIT_FOR(model.index(last, 0).data(EventListModel::LoadedRole).toBool(), "the last page of the matches");
        QCOMPARE(model.index(last, EventListModel::ProviderId).data().toString(), u"evt_3"_s);

        q.search = u"\"Subject 777777\""_s;
        model.setQuery(q);
        WAIT_FOR(!model.isLoading(), "the match of a phrase");
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, EventListModel::ProviderId).data().toString(), u"evt_777777"_s);
        q.search = u"evt_77777"_s; // an identifier's beginning: evt_77777 and evt_777770 … evt_777779
        model.setQuery(q);
        WAIT_FOR(!model.isLoading(), "the matches of an identifier's beginning");
        QCOMPARE(model.rowCount(), 11);
    }

    void countsAllViews()
    {
        StoreReader reader(m_store->path());
        ViewListModel views(reader);
        views.refresh();
        WAIT_FOR(views.countOf(QString()) == Events, "the count of every view");
        QCOMPARE(views.countOf(u"verified"_s), Events / 3);
        QCOMPARE(views.countOf(u"duplicate"_s), Events / 10);
    }
    void arrivalsOnAMillionRowsAreInsertionsReadOffTheGuiThread()
    {
        // What keeps the window fluid while events arrive on a million rows: each refresh is read on the
        // reader's thread (the GUI thread runs no statement), and the new rows are inserted at the top, without a
        // reset that would make the view lay out a million rows again.
        StoreReader reader(m_store->path());
        QTableView view;
        view.verticalHeader()->hide();
        view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        EventListModel model(reader);
        view.setModel(&model);
        view.resize(1200, 700);
        view.show();
        WAIT_FOR(!model.isLoading(), "the first page of a million events");
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy arrived(&model, &EventListModel::rowsArrivedAtTop);
        const QThread* gui = QThread::currentThread();
        const qint64 onGui = store::statementsRunOn(gui);
        const qint64 onReader = store::statementsRunOn(reader.readThread());
        for (int burst = 0; burst < 5; ++burst) {
            m_store->addEventsFromAnotherThread(Events + 1 + burst * 50, 50);
            model.refresh();
            QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), Events + (burst + 1) * 50, test::kWaitMs);
            WAIT_FOR(!model.isRefreshing(), "the refresh to be in");
        }
        QCOMPARE(resets.size(), 0);
        QCOMPARE(arrived.size(), 5);
        for (const auto& args : std::as_const(arrived))
            QCOMPARE(args.at(0).toInt(), 50);
        QCOMPARE(model.index(0, EventListModel::ProviderId).data().toString(), u"evt_%1"_s.arg(Events + 250));
        QCOMPARE(store::statementsRunOn(gui) - onGui, 0);
        QVERIFY(store::statementsRunOn(reader.readThread()) > onReader);
    }
};

QTEST_MAIN(tst_BigStore)
#include "tst_ui_bigstore.moc"
