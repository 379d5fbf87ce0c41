// The list's View options in the real window (offscreen): Follow newest selects and shows each arriving event and
// stops when turned off; View ▸ Columns hides and shows columns, from the menu and the header, kept for the next
// window.

#include "uicapture.h"

#include "ui/listoptions.h"

#include <QAction>
#include <QHeaderView>
#include <QMenu>
#include <QSettings>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

class tst_ListOptions : public QObject {
    Q_OBJECT

    QTemporaryDir m_config;

    static bool shows(MainWindow& window, const QString& providerId)
    {
        return test::waitFor([&] { return window.shownDetails().event.eventId == providerId; },
            "the arriving event to be selected and shown");
    }

private Q_SLOTS:
    void initTestCase()
    {
        // The window's QSettings go to a folder of this test's own.
        qputenv("XDG_CONFIG_HOME", m_config.path().toUtf8());
        QSettings().clear();
    }

    void followNewestSelectsWhatArrives()
    {
        test::WindowCapture w("s");
        QVERIFY(w.capture->start().has_value());
        QCOMPARE(test::sendSigned(w.url().toString(), test::plainEvent(u"evt_f1"_s, u"first"_s), "s").status, 200);
        auto window = w.openWindow();
        QVERIFY(window);
        QVERIFY(test::selectEvent(*window, u"evt_f1"_s));
        QAction* follow = window->findChild<QAction*>(u"followNewestAction"_s);
        QVERIFY(follow && follow->isCheckable() && !follow->isChecked());

        // Off: an arrival leaves the selection where it is.
        QCOMPARE(test::sendSigned(w.url().toString(), test::plainEvent(u"evt_f2"_s, u"second"_s), "s").status, 200);
        QVERIFY(test::waitFor([&] { return window->eventModel()->rowCount() == 2; }, "the second event to be listed"));
        QCOMPARE(window->shownDetails().event.eventId, u"evt_f1"_s);

        // On, by its key: the newest is selected at once, and each arrival after it.
        QTest::keyClick(window.get(), Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(follow->isChecked());
        QVERIFY(shows(*window, u"evt_f2"_s));
        QCOMPARE(test::sendSigned(w.url().toString(), test::plainEvent(u"evt_f3"_s, u"third"_s), "s").status, 200);
        QVERIFY(shows(*window, u"evt_f3"_s));
        QCOMPARE(window->eventView()->currentIndex().row(), 0);

        // Off again: the selection stays on the event chosen.
        follow->trigger();
        QVERIFY(!follow->isChecked());
        QCOMPARE(test::sendSigned(w.url().toString(), test::plainEvent(u"evt_f4"_s, u"fourth"_s), "s").status, 200);
        QVERIFY(test::waitFor([&] { return window->eventModel()->rowCount() == 4; }, "the fourth event to be listed"));
        QCOMPARE(window->shownDetails().event.eventId, u"evt_f3"_s);
        QCOMPARE(QSettings().value(u"view/followNewest"_s).toBool(), false);
    }

    void columnsCanBeHiddenAndStaySo()
    {
        test::WindowCapture w("s");
        QVERIFY(w.capture->start().has_value());
        {
            auto window = w.openWindow();
            QVERIFY(window);
            QMenu* columns = window->findChild<QMenu*>(u"columnsMenu"_s);
            QVERIFY(columns);
            QAction* size = window->findChild<QAction*>(u"column%1Action"_s.arg(EventListModel::Size));
            QVERIFY(size && size->isChecked());
            QVERIFY(!window->eventView()->isColumnHidden(EventListModel::Size));
            // Received and Subject cannot be hidden: no action for them.
            QVERIFY(!window->findChild<QAction*>(u"column%1Action"_s.arg(EventListModel::Subject)));
            QVERIFY(window->eventView()->horizontalHeader()->actions().contains(size));
            size->trigger();
            QVERIFY(window->eventView()->isColumnHidden(EventListModel::Size));
        }
        auto again = w.openWindow();
        QVERIFY(again);
        QVERIFY2(again->eventView()->isColumnHidden(EventListModel::Size), "the hidden column came back");
        QAction* size = again->findChild<QAction*>(u"column%1Action"_s.arg(EventListModel::Size));
        QVERIFY(!size->isChecked());
        size->trigger();
        QVERIFY(!again->eventView()->isColumnHidden(EventListModel::Size));
    }
};

QTEST_MAIN(tst_ListOptions)
#include "tst_ui_listoptions.moc"
