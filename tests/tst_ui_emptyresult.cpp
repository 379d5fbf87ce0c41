// The real window's details follow what the list shows: a search that leaves the selected event out shows no
// event's details, an empty result says "No events match", and Delete hands the selection to the event below.

#include "testsupport.h"
#include "testwait.h"
#include "uicapture.h"

#include "ui/eventlistmodel.h"
#include "ui/eventtable.h"
#include "ui/mainwindow.h"
#include "ui/tools/seeder.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

namespace {

const QByteArray kSecret = "whsec_empty_result";

} // namespace

class tst_UiEmptyResult : public QObject {
    Q_OBJECT

    test::WindowCapture m_fx { kSecret };
    std::unique_ptr<MainWindow> m_window;

    EventListModel* model() const { return m_window->eventModel(); }
    EventTable* table() const { return qobject_cast<EventTable*>(m_window->eventView()); }
    QString shownId() const { return m_window->shownDetails().event.eventId; }

    /** The provider ids listed, top to bottom, once the list is read. */
    QStringList listed()
    {
        if (!test::waitFor([&] { return !model()->isLoading(); }, "the list to be read"))
            return { u"(still loading)"_s };
        QStringList ids;
        for (int row = 0; row < model()->rowCount(); ++row)
            ids << (model()->eventAt(row) ? model()->eventAt(row)->eventId : u"(not read)"_s);
        return ids;
    }
    bool search(const QString& text, int rows)
    {
        m_window->applySearch(text);
        return test::waitFor(
            [&] { return !model()->isLoading() && model()->rowCount() == rows; }, "the search's result");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_fx.capture->start().has_value());
        const std::pair<QString, QString> events[] = { { u"evt_first"_s, u"Invoice overdue"_s },
            { u"evt_second"_s, u"Receipt attached"_s }, { u"evt_third"_s, u"Welcome aboard"_s } };
        for (const auto& [id, subject] : events)
            QCOMPARE(seed::post(m_fx.url(), test::plainEvent(id, subject), kSecret).status, 200);
        m_window = m_fx.openWindow();
        QVERIFY(m_window);
        QVERIFY(table());
        QVERIFY(test::waitFor(
            [&] {
                return listed() == QStringList({ u"evt_third"_s, u"evt_second"_s, u"evt_first"_s });
            },
            "the three events, newest first"));
        QVERIFY(table()->placeholderText().isEmpty());
    }
    void cleanupTestCase()
    {
        m_window.reset();
        m_fx.capture->stop();
    }

    void aSearchWithNoMatchSaysSoAndDetailsNothing()
    {
        QVERIFY(test::selectEvent(*m_window, u"evt_second"_s));
        QVERIFY(m_window->detailTabs()->isVisibleTo(m_window.get()));
        QVERIFY(search(u"zzznomatch"_s, 0));
        QVERIFY(test::waitFor([&] { return shownId().isEmpty(); }, "the details to be cleared"));
        QVERIFY(!m_window->detailTabs()->isVisibleTo(m_window.get()));
        QVERIFY(!m_window->discardAction()->isEnabled());
        QCOMPARE(
            table()->placeholderText(), u"No events match “zzznomatch”.\nPress Esc in the search field to clear it."_s);
        QVERIFY(search(QString(), 3));
        QVERIFY(table()->placeholderText().isEmpty());
    }

    void aSearchThatLeavesTheSelectedEventOutDetailsNothing()
    {
        QVERIFY(test::selectEvent(*m_window, u"evt_second"_s));
        QVERIFY(search(u"invoice"_s, 1));
        QVERIFY(test::waitFor([&] { return shownId().isEmpty(); }, "the details to be cleared"));
        QVERIFY(m_window->selectedEvents().isEmpty());
        // A search that keeps it keeps it.
        QVERIFY(search(QString(), 3));
        QVERIFY(test::selectEvent(*m_window, u"evt_second"_s));
        QVERIFY(search(u"receipt"_s, 1));
        QCOMPARE(shownId(), u"evt_second"_s);
        QVERIFY(search(QString(), 3));
        QCOMPARE(shownId(), u"evt_second"_s);
    }

    void deleteSelectsTheEventBelow()
    {
        QVERIFY(test::selectEvent(*m_window, u"evt_second"_s));
        QSignalSpy finished(m_window.get(), &MainWindow::actionFinished);
        m_window->discardAction()->trigger();
        QVERIFY(test::waitFor([&] { return !finished.isEmpty(); }, "the discard to finish"));
        QVERIFY(test::waitFor(
            [&] {
                return listed() == QStringList({ u"evt_third"_s, u"evt_first"_s });
            },
            "the list without the discarded event"));
        QVERIFY(test::waitFor([&] { return shownId() == u"evt_first"_s; }, "the event below to be shown"));
        QCOMPARE(m_window->selectedEvents().size(), 1);
        QCOMPARE(m_window->selectedEvents().first().eventId, u"evt_first"_s);

        // The last row leaves: the new last row takes the selection.
        finished.clear();
        m_window->discardAction()->trigger();
        QVERIFY(test::waitFor([&] { return !finished.isEmpty(); }, "the second discard to finish"));
        QVERIFY(test::waitFor([&] { return shownId() == u"evt_third"_s; }, "the remaining event to be shown"));

        // The last event leaves: nothing is shown.
        finished.clear();
        m_window->discardAction()->trigger();
        QVERIFY(test::waitFor([&] { return !finished.isEmpty(); }, "the third discard to finish"));
        QVERIFY(test::waitFor([&] { return shownId().isEmpty() && listed().isEmpty(); }, "nothing shown"));
        QVERIFY(!m_window->detailTabs()->isVisibleTo(m_window.get()));
    }
};

QTEST_MAIN(tst_UiEmptyResult)
#include "tst_ui_emptyresult.moc"
