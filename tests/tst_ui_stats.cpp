// The Stats view (offscreen): its charts show the figures of a seeded store, the range buttons switch them (a range
// already read comes from the cache), the store is read on the reader's thread only (painting reads nothing), a
// burst of changes costs one read, and View ▸ Stats in the real window shows events that arrive while it is open.

#include "testwait.h"
#include "uistore.h"

#include "core/store/database.h"
#include "ui/mainwindow.h"
#include "ui/shortcutsdialog.h"
#include "ui/statsview.h"
#include "ui/storereader.h"

#include <QAbstractButton>
#include <QAction>
#include <QBarSet>
#include <QDateTime>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;
using store::StatsRange;

namespace {

constexpr qint64 kS = 1'000'000;
constexpr qint64 kMin = 60 * kS;
/// A minute boundary (UTC) and 30 s: the view's fixed "now".
constexpr qint64 kNow = 1'749'945'600 * kS + 12 * 60 * kMin + 30 * kS;

QList<qint64> values(const QBarSet* set)
{
    QList<qint64> out;
    if (set)
        for (int i = 0; i < set->count(); ++i)
            out << qint64(set->at(i));
    return out;
}

qint64 sum(const QBarSet* set)
{
    qint64 n = 0;
    for (const qint64 v : values(set))
        n += v;
    return n;
}

/** A horizontal bar chart lists its first category at the bottom: the values top to bottom. */
QList<qint64> topDown(const QBarSet* set)
{
    QList<qint64> v = values(set);
    std::reverse(v.begin(), v.end());
    return v;
}

/**
 * UiStore's pattern (status by i % 3, three deliveries every 10th, route billing every 5th, sender i % 13): events
 * 1-60 half an hour before kNow, 101-110 ten hours before, 201-205 five days before; three replay attempts.
 */
void seed(test::UiStore& s)
{
    s.addEvents(1, 60, kNow - 30 * kMin);
    s.addEvents(101, 10, kNow - 600 * kMin);
    s.addEvents(201, 5, kNow - 5 * 24 * 60 * kMin);
    for (const auto& [n, latency] : { std::pair { 1, 5 }, { 2, 30 }, { 3, 300 } })
        s.exec(u"INSERT INTO attempts (event_id, run_id, kind, target, mode, attempt, state, scheduled_us, started_us, "
               u"status, latency_ms) VALUES (1, 'run-%1', 'replay', 'http://127.0.0.1:9/', 'as-captured', 1, 'done', "
               u"%2, %2, 200, %3)"_s.arg(n)
                   .arg(kNow - 10 * kMin)
                   .arg(latency));
}

} // namespace

class tst_UiStats : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsTheSeededFiguresAndSwitchesRanges()
    {
        test::UiStore store;
        seed(store);
        ui::StoreReader reader(store.path());
        const QThread* gui = QThread::currentThread();
        const qint64 onGui = store::statementsRunOn(gui);

        ui::StatsView view(reader);
        view.setClock([] { return kNow; });
        QSignalSpy shown(&view, &ui::StatsView::figuresShown);
        view.resize(1000, 640);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        WAIT_FOR(!shown.isEmpty(), "the last hour's figures");
        QCOMPARE(shown.last().at(0).value<StatsRange>(), StatsRange::LastHour);

        // The last hour: events 1-60, in the minutes 30 (1-29) and 31 (30-60) of the 61.
        QCOMPARE(view.outcomeSet(u"verified"_s)->count(), 61);
        QCOMPARE(view.outcomeSet(u"verified"_s)->at(30), 9.0);
        QCOMPARE(view.outcomeSet(u"failed"_s)->at(30), 10.0);
        QCOMPARE(view.outcomeSet(u"unverified"_s)->at(30), 10.0);
        QCOMPARE(view.outcomeSet(u"verified"_s)->at(31), 11.0);
        QCOMPARE(view.outcomeSet(u"failed"_s)->at(31), 10.0);
        QCOMPARE(view.outcomeSet(u"unverified"_s)->at(31), 10.0);
        QCOMPARE(sum(view.outcomeSet(u"verified"_s)) + sum(view.outcomeSet(u"failed"_s))
                + sum(view.outcomeSet(u"unverified"_s)),
            60);
        QCOMPARE(values(view.deliveriesSet()), (QList<qint64> { 54, 0, 6, 0 }));
        QCOMPARE(view.routeNames(), (QStringList { u"default"_s, u"billing"_s }));
        QCOMPARE(topDown(view.routesSet()), (QList<qint64> { 48, 12 }));
        QStringList senders;
        for (int i = 1; i <= 8; ++i)
            senders << u"sender%1@example.com"_s.arg(i);
        QCOMPARE(view.senderNames(), senders);
        QCOMPARE(topDown(view.sendersSet()), QList<qint64>(8, 5));
        // 5 ms, 30 ms, 300 ms: the buckets <10 ms, 25–50 ms and 250–500 ms, quickest at the top.
        QCOMPARE(topDown(view.latencySet()), (QList<qint64> { 1, 0, 1, 0, 0, 1, 0, 0, 0, 0 }));
        QVERIFY2(view.summary()->text().startsWith(u"60 events in the last hour · 20 verified · 20 failed · 20 "
                                                   u"unverified"_s),
            qPrintable(view.summary()->text()));

        // The last day adds events 101-110; All adds 201-205.
        shown.clear();
        QTest::mouseClick(view.rangeButton(StatsRange::LastDay), Qt::LeftButton);
        WAIT_FOR(!shown.isEmpty() && view.figures().range == StatsRange::LastDay, "the last day's figures");
        QCOMPARE(view.outcomeSet(u"verified"_s)->count(), 97);
        QCOMPARE(sum(view.outcomeSet(u"verified"_s)), 23);
        QCOMPARE(sum(view.outcomeSet(u"failed"_s)), 23);
        QCOMPARE(sum(view.outcomeSet(u"unverified"_s)), 24);
        QCOMPARE(values(view.deliveriesSet()), (QList<qint64> { 63, 0, 7, 0 }));
        QCOMPARE(topDown(view.routesSet()), (QList<qint64> { 56, 14 }));

        shown.clear();
        QTest::mouseClick(view.rangeButton(StatsRange::All), Qt::LeftButton);
        WAIT_FOR(!shown.isEmpty() && view.figures().range == StatsRange::All, "all the figures");
        QCOMPARE(view.outcomeSet(u"verified"_s)->count(), 6); // five days ago … today
        QCOMPARE(sum(view.outcomeSet(u"verified"_s)), 25);
        QCOMPARE(sum(view.outcomeSet(u"failed"_s)), 25);
        QCOMPARE(sum(view.outcomeSet(u"unverified"_s)), 25);
        QCOMPARE(view.outcomeSet(u"verified"_s)->at(0) + view.outcomeSet(u"failed"_s)->at(0)
                + view.outcomeSet(u"unverified"_s)->at(0),
            5.0);
        QCOMPARE(topDown(view.routesSet()), (QList<qint64> { 60, 15 }));
        QVERIFY2(view.summary()->text().startsWith(u"75 events in all time"_s), qPrintable(view.summary()->text()));

        // Back to the last hour: nothing changed, so its figures come from the cache, without a read.
        const int reads = view.readsStarted();
        shown.clear();
        QTest::mouseClick(view.rangeButton(StatsRange::LastHour), Qt::LeftButton);
        QCOMPARE(shown.size(), 1);
        QCOMPARE(view.readsStarted(), reads);
        QCOMPARE(sum(view.outcomeSet(u"verified"_s)), 20);
        QCOMPARE(values(view.deliveriesSet()), (QList<qint64> { 54, 0, 6, 0 }));

        // Painting, resizing and a theme's palette redraw the charts from what was read: no read.
        view.resize(1024, 700);
        QPalette dark = view.palette();
        dark.setColor(QPalette::Window, Qt::black);
        dark.setColor(QPalette::Base, Qt::black);
        dark.setColor(QPalette::Text, Qt::white);
        view.setPalette(dark);
        QVERIFY(!view.grab().isNull());
        QCOMPARE(view.readsStarted(), reads);
        QCOMPARE(sum(view.outcomeSet(u"verified"_s)), 20);

        // Every read (three ranges) ran on the reader's thread: none on the GUI thread.
        QCOMPARE(store::statementsRunOn(gui) - onGui, 0);
        QVERIFY(view.readsStarted() >= 3);
    }

    void aBurstOfChangesIsOneRead()
    {
        test::UiStore store;
        seed(store);
        ui::StoreReader reader(store.path());
        ui::StatsView view(reader);
        view.setClock([] { return kNow; });
        QSignalSpy shown(&view, &ui::StatsView::figuresShown);
        view.show();
        WAIT_FOR(!shown.isEmpty(), "the first figures");
        QCOMPARE(sum(view.deliveriesSet()), 60);

        // Ten events more in the last hour, then the watcher says "changed" five times in a row.
        store.addEventsFromAnotherThread(1001, 10, kNow - 20 * kMin);
        const int reads = view.readsStarted();
        shown.clear();
        for (int i = 0; i < 5; ++i)
            view.storeChanged();
        WAIT_FOR(sum(view.deliveriesSet()) == 70, "the figures to count the ten new events");
        QCOMPARE(view.readsStarted() - reads, 1);
        QVERIFY(!view.isReading());
    }

    void windowOpensStatsAndFollowsArrivals()
    {
        test::UiStore store;
        const qint64 now = QDateTime::currentMSecsSinceEpoch() * 1000;
        store.addEvents(1, 30, now - 40 * kMin);
        ui::StoreReader reader(store.path());
        ui::MainWindow window(reader, nullptr);
        window.resize(1024, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QThread* gui = QThread::currentThread();
        const qint64 onGui = store::statementsRunOn(gui);

        // View ▸ Stats, on a key of its own that nothing else in the window takes, listed on the shortcuts sheet.
        auto* action = window.findChild<QAction*>(u"statsAction"_s);
        QVERIFY(action);
        QCOMPARE(action->shortcut(), QKeySequence(u"Ctrl+Shift+G"_s));
        QVERIFY2(ui::shortcutConflicts(&window).isEmpty(), qPrintable(ui::shortcutConflicts(&window).join(u", "_s)));
        bool listed = false;
        for (const ui::ShortcutEntry& e : ui::windowShortcuts(&window))
            listed |= e.keys == QKeySequence(u"Ctrl+Shift+G"_s) && e.what == u"Stats"_s && e.group == u"View menu"_s;
        QVERIFY(listed);

        window.activateWindow();
        QTest::keyClick(&window, Qt::Key_G, Qt::ControlModifier | Qt::ShiftModifier);
        ui::StatsView* view = nullptr;
        WAIT_FOR((view = window.findChild<ui::StatsView*>()) && view->isVisible(), "the Stats window to open");
        WAIT_FOR(view->figures().events == 30, "the Stats view to count the 30 events of the last hour");

        // Events arriving from another connection reach the chart through the window's store watcher.
        store.addEventsFromAnotherThread(501, 7, now - 5 * kMin - 501 * kS); // UiStore adds i seconds
        WAIT_FOR(view->figures().events == 37, "the Stats view to count the 7 events that arrived");
        QCOMPARE(sum(view->outcomeSet(u"verified"_s)) + sum(view->outcomeSet(u"failed"_s))
                + sum(view->outcomeSet(u"unverified"_s)),
            37);

        // Opening it again raises the same window.
        action->trigger();
        QCOMPARE(window.findChildren<ui::StatsView*>().size(), 1);
        QCOMPARE(store::statementsRunOn(gui) - onGui, 0);
    }
};

QTEST_MAIN(tst_UiStats)
#include "tst_ui_stats.moc"
