// The window's menus as a native application has them: File, Edit, View (with the theme), Event, Help; a
// shortcuts sheet read from the window itself; no key bound twice; the theme applied at once and kept.

#include "testsupport.h"
#include "testwait.h"
#include "uicapture.h"

#include "ui/badges.h"
#include "ui/eventlistmodel.h"
#include "ui/mainwindow.h"
#include "ui/shortcutsdialog.h"
#include "ui/theme.h"
#include "ui/tools/seeder.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

namespace {

const QByteArray kSecret = "whsec_menus";

QString plainTitle(const QMenu* menu)
{
    return QString(menu->title()).remove(u'&');
}

/** The sheet's rows as "key → what", headings left out, only those not filtered away. */
QStringList sheetRows(const ShortcutsDialog& sheet)
{
    QStringList rows;
    for (int i = 0; i < sheet.list()->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = sheet.list()->topLevelItem(i);
        if (!item->isFirstColumnSpanned() && !item->isHidden())
            rows << item->text(0) + u" → "_s + item->text(1);
    }
    return rows;
}

} // namespace

class tst_UiMenus : public QObject {
    Q_OBJECT

    std::unique_ptr<test::WindowCapture> m_fx;
    std::unique_ptr<MainWindow> m_window;
    QPalette m_startPalette;

    QAction* action(const QString& name) const { return m_window->findChild<QAction*>(name); }

private Q_SLOTS:
    void initTestCase()
    {
        // The theme is kept in the settings: keep this test's settings apart from the user's.
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        m_startPalette = QApplication::palette();
        m_fx = std::make_unique<test::WindowCapture>(kSecret);
        QVERIFY(m_fx->capture->start().has_value());
        QCOMPARE(seed::post(m_fx->url(), test::plainEvent(u"evt_m1"_s, u"Menus"_s), kSecret).status, 200);
        m_window = m_fx->openWindow();
        QVERIFY(m_window);
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    void init()
    {
        // Keys reach the window's shortcuts only while it is the active one (a dialog or a second window took
        // that away).
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        QSettings().clear();
    }

    void theMenusOfANativeApplication()
    {
        QStringList titles;
        for (QAction* top : m_window->menuBar()->actions())
            if (top->menu())
                titles << plainTitle(top->menu());
        QCOMPARE(titles, (QStringList { u"File"_s, u"Edit"_s, u"View"_s, u"Event"_s, u"Help"_s }));

        const auto itemsOf = [&](const QString& name) {
            QStringList items;
            for (QAction* a : m_window->findChild<QMenu*>(name)->actions())
                if (!a->isSeparator())
                    items << QString(a->text()).remove(u'&');
            return items;
        };
        QCOMPARE(itemsOf(u"fileMenu"_s),
            (QStringList { u"Send a sample event"_s, u"Export…"_s, u"Check an endpoint…"_s, u"Settings…"_s,
                u"Response rules"_s, u"Quit"_s }));
        QCOMPARE(itemsOf(u"editMenu"_s), (QStringList { u"Copy"_s, u"Select all"_s, u"Find…"_s }));
        QVERIFY2(itemsOf(u"viewMenu"_s).contains(u"Theme"_s), qPrintable(itemsOf(u"viewMenu"_s).join(u", "_s)));
        QCOMPARE(itemsOf(u"helpMenu"_s), (QStringList { u"Keyboard shortcuts"_s, u"About Hookscope"_s }));
    }

    void noKeyIsBoundTwice()
    {
        const QStringList conflicts = shortcutConflicts(m_window.get());
        QVERIFY2(conflicts.isEmpty(), qPrintable(conflicts.join(u"\n"_s)));
    }

    void aKeyBoundTwiceIsFound()
    {
        // The check itself: a second window-wide Ctrl+R is reported with both names.
        auto* clash = new QAction(u"Reload"_s, m_window.get());
        clash->setShortcut(QKeySequence(u"Ctrl+R"_s));
        m_window->addAction(clash);
        const QStringList conflicts = shortcutConflicts(m_window.get());
        delete clash;
        QCOMPARE(conflicts.size(), 1);
        QVERIFY2(conflicts.first().startsWith(u"Ctrl+R: "_s) && conflicts.first().contains(u"Replay"_s)
                && conflicts.first().contains(u"Reload"_s),
            qPrintable(conflicts.first()));
    }

    void f1OpensTheShortcutsSheetReadFromTheWindow()
    {
        m_window->eventView()->setFocus();
        QTest::keyClick(m_window.get(), Qt::Key_F1);
        ShortcutsDialog* sheet = nullptr;
        QVERIFY(test::waitFor([&] { return (sheet = m_window->findChild<ShortcutsDialog*>()) && sheet->isVisible(); },
            "the shortcuts sheet to open on F1"));
        const QStringList rows = sheetRows(*sheet);
        const QString all = rows.join(u"\n"_s);
        for (const QString& expected : { u"Ctrl+R → Replay"_s, u"Ctrl+E → Export"_s, u"Ctrl+K → Find"_s,
                 u"Ctrl+F → Find"_s, u"Ctrl+B → Sidebar"_s, u"Alt+1 → Show the Overview tab"_s,
                 u"Alt+8 → Show the Deliveries tab"_s, u"Del → Discard"_s, u"J → Next event"_s, u"K → Previous event"_s,
                 u"Ctrl+Q → Quit"_s, u"F1 → Keyboard shortcuts"_s, u"Ctrl+Shift+S → Send a sample event"_s })
            QVERIFY2(all.contains(expected), qPrintable(u"missing \"%1\" in:\n%2"_s.arg(expected, all)));

        // The filter narrows it to what matches, a word or a key.
        auto* filter = sheet->findChild<QLineEdit*>(u"shortcutsFilter"_s);
        QVERIFY(filter);
        filter->setText(u"replay"_s);
        QCOMPARE(sheetRows(*sheet), QStringList { u"Ctrl+R → Replay"_s });
        filter->setText(u"alt+3"_s);
        QCOMPARE(sheetRows(*sheet), QStringList { u"Alt+3 → Show the Body tab"_s });
        filter->clear();
        QCOMPARE(sheetRows(*sheet).size(), rows.size());

        // Pressed again, the one sheet comes forward rather than a second.
        QTest::keyClick(m_window.get(), Qt::Key_F1);
        QCOMPARE(m_window->findChildren<ShortcutsDialog*>().size(), 1);
        sheet->close();
    }

    void theThemeAppliesAtOnceAndIsKept()
    {
        QAction* dark = action(u"theme-dark"_s);
        QAction* light = action(u"theme-light"_s);
        QAction* system = action(u"theme-system"_s);
        QVERIFY(dark && light && system);

        dark->trigger();
        QVERIFY(isDark(QApplication::palette()));
        QVERIFY(test::waitFor([&] { return isDark(m_window->eventView()->palette()); }, "the list to turn dark"));
        QCOMPARE(QApplication::palette().color(QPalette::Base), darkPalette().color(QPalette::Base));
        QCOMPARE(QSettings().value(u"view/theme"_s).toString(), u"dark"_s);
        QVERIFY(dark->isChecked());

        // A window opened later (as at the next start) applies the kept theme.
        applyTheme(Theme::System);
        QVERIFY(!isDark(QApplication::palette()));
        {
            auto again = m_fx->openWindow();
            QVERIFY(again);
            QVERIFY(isDark(QApplication::palette()));
            QVERIFY(test::waitFor(
                [&] { return isDark(again->eventView()->palette()); }, "the second window's list to be dark"));
        }

        light->trigger();
        QVERIFY(!isDark(QApplication::palette()));
        QCOMPARE(QApplication::palette().color(QPalette::Base), lightPalette().color(QPalette::Base));
        QCOMPARE(QSettings().value(u"view/theme"_s).toString(), u"light"_s);

        system->trigger();
        QCOMPARE(QApplication::palette().color(QPalette::Window), m_startPalette.color(QPalette::Window));
        QCOMPARE(QApplication::palette().color(QPalette::Text), m_startPalette.color(QPalette::Text));
        QCOMPARE(QSettings().value(u"view/theme"_s).toString(), u"system"_s);
    }

    void aSampleEventCanBeSentAtAnyTime()
    {
        const int before = m_window->eventModel()->rowCount();
        m_window->eventView()->setFocus();
        QTest::keyClick(m_window.get(), Qt::Key_S, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(test::waitFor([&] { return m_window->eventModel()->rowCount() == before + 1; },
            "the sample event sent from File ▸ Send a sample event to be listed"));
    }

    void ctrlQClosesTheWindow()
    {
        QVERIFY(m_window->isVisible());
        QTest::keyClick(m_window.get(), Qt::Key_Q, Qt::ControlModifier);
        QVERIFY(test::waitFor([&] { return !m_window->isVisible(); }, "Ctrl+Q to close the window"));
    }
};

QTEST_MAIN(tst_UiMenus)
#include "tst_ui_menus.moc"
