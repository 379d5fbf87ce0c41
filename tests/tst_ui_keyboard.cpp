// The real window driven with the keyboard alone: find an event (Ctrl+K, type, Esc), reach the list with Tab, move
// through it with j/k, open the detail tabs with Alt+number, hide the sidebar (Ctrl+B), open and close the Replay
// dialog (Ctrl+R, Esc) and send an event to the bin (Delete).

#include "testsupport.h"
#include "testwait.h"
#include "uicapture.h"

#include "ui/eventlistmodel.h"
#include "ui/mainwindow.h"
#include "ui/replaydialog.h"
#include "ui/signaturepane.h"
#include "ui/tools/seeder.h"
#include "ui/viewsidebar.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

namespace {

const QByteArray kSecret = "whsec_keyboard";

} // namespace

class tst_UiKeyboard : public QObject {
    Q_OBJECT

    test::WindowCapture m_fx { kSecret };
    std::unique_ptr<MainWindow> m_window;

    QString shownId() const { return m_window->shownDetails().event.eventId; }
    QWidget* focused() const { return QApplication::focusWidget(); }
    void key(Qt::Key k, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        QWidget* target = focused() ? focused() : m_window.get();
        QTest::keyClick(target, k, modifiers);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_fx.capture->start().has_value());
        const std::pair<QString, QString> events[] = { { u"evt_k1"_s, u"Invoice overdue"_s },
            { u"evt_k2"_s, u"Receipt attached"_s }, { u"evt_k3"_s, u"Welcome aboard"_s } };
        for (const auto& [id, subject] : events)
            QCOMPARE(seed::post(m_fx.url(), test::plainEvent(id, subject), kSecret).status, 200);
        m_window = m_fx.openWindow();
        QVERIFY(m_window);
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QVERIFY(test::waitFor(
            [&] { return !m_window->eventModel()->isLoading() && m_window->eventModel()->rowCount() == 3; },
            "the three events listed"));
    }
    void cleanupTestCase()
    {
        m_window.reset();
        m_fx.capture->stop();
    }

    void findWithCtrlKAndClearWithEsc()
    {
        key(Qt::Key_K, Qt::ControlModifier);
        auto* field = qobject_cast<QLineEdit*>(focused());
        QVERIFY2(field, "Ctrl+K puts the focus in the search field");
        QTest::keyClicks(field, u"receipt"_s);
        key(Qt::Key_Return); // searches now and hands the focus to the list
        QVERIFY(test::waitFor(
            [&] { return !m_window->eventModel()->isLoading() && m_window->eventModel()->rowCount() == 1; },
            "the one matching event"));
        QCOMPARE(focused(), m_window->eventView());
        QVERIFY(test::waitFor([&] { return shownId() == u"evt_k2"_s; }, "the match shown"));
        key(Qt::Key_K, Qt::ControlModifier);
        QCOMPARE(focused(), field);
        key(Qt::Key_Escape);
        QVERIFY(field->text().isEmpty());
        QVERIFY(test::waitFor(
            [&] { return !m_window->eventModel()->isLoading() && m_window->eventModel()->rowCount() == 3; },
            "every event again"));
    }

    void tabReachesTheListAndJKMoveThroughIt()
    {
        for (int i = 0; i < 20 && focused() != m_window->eventView(); ++i)
            key(Qt::Key_Tab);
        QCOMPARE(focused(), m_window->eventView());
        key(Qt::Key_Home);
        QVERIFY2(test::waitFor([&] { return shownId() == u"evt_k3"_s; }, "the newest event shown"),
            qPrintable(u"current row %1, shown %2, rows %3"_s.arg(m_window->eventView()->currentIndex().row())
                           .arg(shownId())
                           .arg(m_window->eventModel()->rowCount())));
        key(Qt::Key_J);
        QVERIFY(test::waitFor([&] { return shownId() == u"evt_k2"_s; }, "j: the next event shown"));
        key(Qt::Key_J);
        QVERIFY(test::waitFor([&] { return shownId() == u"evt_k1"_s; }, "j again: the oldest shown"));
        key(Qt::Key_K);
        QVERIFY(test::waitFor([&] { return shownId() == u"evt_k2"_s; }, "k: back up one"));
    }

    void altNumberOpensTheDetailTabs()
    {
        key(Qt::Key_7, Qt::AltModifier);
        QCOMPARE(m_window->detailTabs()->currentWidget(), m_window->signaturePane());
        key(Qt::Key_1, Qt::AltModifier);
        QCOMPARE(m_window->detailTabs()->currentIndex(), 0);
        QCOMPARE(focused(), m_window->eventView()); // the list keeps the focus
        // Ctrl+Tab and Ctrl+Shift+Tab: the next and previous tab, round the end.
        key(Qt::Key_Tab, Qt::ControlModifier);
        QCOMPARE(m_window->detailTabs()->currentIndex(), 1);
        key(Qt::Key_Backtab, Qt::ControlModifier | Qt::ShiftModifier);
        key(Qt::Key_Backtab, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(m_window->detailTabs()->currentIndex(), m_window->detailTabs()->count() - 1);
        key(Qt::Key_Tab, Qt::ControlModifier);
        QCOMPARE(m_window->detailTabs()->currentIndex(), 0);
        QCOMPARE(focused(), m_window->eventView());
    }

    void returnGoesIntoTheDetailsAndEscBack()
    {
        QCOMPARE(focused(), m_window->eventView());
        key(Qt::Key_7, Qt::AltModifier); // the Signature tab
        key(Qt::Key_Return);
        QVERIFY2(focused() && m_window->signaturePane()->isAncestorOf(focused()),
            qPrintable(u"focus on %1"_s.arg(
                focused() ? QString::fromLatin1(focused()->metaObject()->className()) : u"nothing"_s)));
        key(Qt::Key_Escape);
        QCOMPARE(focused(), m_window->eventView());
        key(Qt::Key_1, Qt::AltModifier);
    }

    void ctrlBHidesAndShowsTheSidebar()
    {
        auto* sidebar = m_window->findChild<ViewSidebar*>();
        QVERIFY(sidebar);
        QVERIFY(sidebar->isVisible());
        key(Qt::Key_B, Qt::ControlModifier);
        QVERIFY(test::waitFor([&] { return !sidebar->isVisible(); }, "the sidebar hidden"));
        key(Qt::Key_B, Qt::ControlModifier);
        QVERIFY(test::waitFor([&] { return sidebar->isVisible(); }, "the sidebar back"));
    }

    void ctrlROpensReplayAndEscClosesIt()
    {
        bool seen = false;
        QTimer::singleShot(0, this, [&] {
            if (auto* dialog = qobject_cast<ReplayDialog*>(QApplication::activeModalWidget())) {
                seen = true;
                QTest::keyClick(dialog, Qt::Key_Escape);
            }
        });
        key(Qt::Key_R, Qt::ControlModifier);
        QVERIFY2(seen, "Ctrl+R opened the Replay dialog");
        QVERIFY(!QApplication::activeModalWidget());
        // The window manager gives the window its activation back (the offscreen platform has none to do it).
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QCOMPARE(focused(), m_window->eventView()); // the focus is where it was
    }

    void deleteSendsTheEventToTheBin()
    {
        QCOMPARE(focused(), m_window->eventView());
        QCOMPARE(shownId(), u"evt_k2"_s);
        QSignalSpy finished(m_window.get(), &MainWindow::actionFinished);
        key(Qt::Key_Delete);
        QVERIFY(test::waitFor([&] { return !finished.isEmpty(); }, "the discard to finish"));
        QCOMPARE(finished.first().at(0).toString(), u"discard"_s);
        QCOMPARE(m_window->statusBar()->currentMessage(), u"Moved 1 event to the bin"_s);
        QCOMPARE(m_fx.stored(u"evt_k2"_s)->discarded, true);
        QVERIFY(test::waitFor([&] { return shownId() == u"evt_k1"_s; }, "the event below shown"));
    }
};

QTEST_MAIN(tst_UiKeyboard)
#include "tst_ui_keyboard.moc"
