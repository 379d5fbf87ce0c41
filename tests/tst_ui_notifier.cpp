// Desktop notifications: while the window is in the background, a burst of failing signatures and quarantines is
// one message with the right counts; verified events, and anything while the window is active, say nothing;
// clicking the message selects the event. The tray is replaced by a sink (there is no tray offscreen).

#include "testwait.h"
#include "uicapture.h"
#include "uistore.h"

#include "ui/eventlistmodel.h"
#include "ui/mainwindow.h"
#include "ui/notifier.h"
#include "ui/storereader.h"
#include "ui/viewlistmodel.h"

#include <QAction>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;

class tst_UiNotifier : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(test::isolateSettings(m_config, u"tst_ui_notifier"_s)); }

    void burstIsOneMessageAndClickSelects()
    {
        test::UiStore store;
        store.addEvents(1, 30);
        ui::StoreReader reader(store.path());
        ui::MainWindow window(reader, nullptr);
        window.resize(1024, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* notifier = window.findChild<ui::Notifier*>();
        QVERIFY2(notifier, "the window's notifier");
        QStringList messages;
        notifier->setSink([&](const QString&, const QString& message) { messages << message; });
        QVERIFY(notifier->isActive());
        auto* toggle = window.findChild<QAction*>(u"notifyAction"_s);
        QVERIFY(toggle && toggle->isChecked() && toggle->isEnabled());
        QSignalSpy read(notifier, &ui::Notifier::arrivalsRead);
        WAIT_FOR(read.count() >= 1, "the notifier's first look (where arrivals start from)");

        // The window in the background: another window is the active one.
        QWidget other;
        other.resize(200, 100);
        other.show();
        other.activateWindow();
        WAIT_FOR(other.isActiveWindow() && !window.isActiveWindow(), "another window to be active");

        // No look at the store on its way: one already started would read the burst half-way (its snapshot taken
        // between two of the five commits) and speak of part of it.
        WAIT_FOR(!notifier->isLooking() && !window.eventModel()->isLoading(), "the notifier idle before the burst");
        // A burst in five commits: 31…45 hold five failing signatures (31, 34, 37, 40, 43) and two quarantined
        // events (35, 42); the rest are verified or unverified.
        for (int first = 31; first <= 43; first += 3)
            store.addEventsFromAnotherThread(first, 3);
        WAIT_FOR(!messages.isEmpty(), "a message about the burst");
        QCOMPARE(messages.size(), 1);
        QCOMPARE(messages.first(), u"5 failing signatures, 2 events quarantined"_s);
        const qint64 spokenOf = notifier->messageEventId();

        // Verified events say nothing: 48 and 51 are verified.
        int before = int(read.count());
        store.addEventsFromAnotherThread(48, 1);
        store.addEventsFromAnotherThread(51, 1);
        WAIT_FOR(read.count() > before && !window.eventModel()->isRefreshing()
                && window.viewModel()->countOf(QString()) == 47,
            "the verified arrivals looked at");
        QCOMPARE(messages.size(), 1);

        // While the window is active, nothing either: 49 fails and is quarantined.
        window.activateWindow();
        WAIT_FOR(window.isActiveWindow(), "the window to be active");
        before = int(read.count());
        store.addEventsFromAnotherThread(49, 1);
        WAIT_FOR(read.count() > before && window.viewModel()->countOf(QString()) == 48, "the arrival looked at");
        QCOMPARE(messages.size(), 1);

        // Clicking the message (from another view, where the event is not listed) selects the event it spoke of:
        // the newest of the burst's, 43.
        other.activateWindow();
        WAIT_FOR(!window.isActiveWindow(), "the window in the background again");
        window.selectView(u"verified"_s);
        WAIT_FOR(!window.eventModel()->isLoading(), "the Verified view");
        notifier->messageClicked();
        WAIT_FOR(window.selectedEvents().size() == 1 && window.selectedEvents().first().id == spokenOf,
            "the event spoken of selected");
        QCOMPARE(window.selectedEvents().first().eventId, u"evt_43"_s);
        WAIT_FOR(window.shownDetails().event.id == spokenOf, "its details shown");

        // Off in the View menu: nothing, and it stays off.
        toggle->setChecked(false);
        QVERIFY(!notifier->isActive());
        QVERIFY(!QSettings().value(u"notify/failures"_s).toBool());
    }

    // The sender writes the subject a single failure's message quotes: never markup for the notification server.
    void theSubjectIsNeverMarkup()
    {
        const QString shown
            = ui::Notifier::notificationText(u"<a href='http://127.0.0.1:9/x'>Pay</a> & <img src=x>\u001b]0;t\u0007"_s);
        QVERIFY2(!shown.contains(u'<') && !shown.contains(u'>') && !shown.contains(u'&'), qPrintable(shown));
        QVERIFY(!shown.contains(QChar(0x1b)) && !shown.contains(QChar(0x07)));
        QVERIFY(shown.contains(u"Pay"_s));
        QCOMPARE(ui::Notifier::notificationText(QString(300, u'x')).size(), 121);
    }

private:
    QTemporaryDir m_config;
};

QTEST_MAIN(tst_UiNotifier)
#include "tst_ui_notifier.moc"
