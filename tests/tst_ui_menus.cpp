// The window's menus as a native application has them: File, Edit, View (with the theme), Event, Help; a
// shortcuts sheet read from the window itself; no key bound twice; the theme applied at once and kept.

#include "testsupport.h"
#include "testwait.h"
#include "uicapture.h"

#include "ui/badges.h"
#include "ui/docsviewer.h"
#include "ui/eventlistmodel.h"
#include "ui/mainwindow.h"
#include "ui/shortcutsdialog.h"
#include "ui/signaturepane.h"
#include "ui/theme.h"
#include "ui/tools/seeder.h"
#include "ui/windowmenus.h"

#include <QAction>
#include <QApplication>
#include <QFileInfo>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QScopeGuard>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTextBrowser>
#include <QTreeWidget>

#include <csignal>

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
            (QStringList { u"Send a sample event"_s, u"New window on another store…"_s, u"Open store…"_s, u"Import…"_s,
                u"Export…"_s, u"Check an endpoint…"_s, u"Settings…"_s, u"Response rules"_s, u"Quit"_s }));
        QCOMPARE(itemsOf(u"editMenu"_s), (QStringList { u"Copy"_s, u"Select all"_s, u"Find…"_s }));
        QVERIFY2(itemsOf(u"viewMenu"_s).contains(u"Theme"_s), qPrintable(itemsOf(u"viewMenu"_s).join(u", "_s)));
        QVERIFY2(itemsOf(u"viewMenu"_s).contains(u"Detail tab"_s), qPrintable(itemsOf(u"viewMenu"_s).join(u", "_s)));
        QCOMPARE(itemsOf(u"detailTabMenu"_s),
            (QStringList { u"Overview tab"_s, u"Request tab"_s, u"Body tab"_s, u"Email tab"_s, u"Attachments tab"_s,
                u"MIME tab"_s, u"Signature tab"_s, u"Deliveries tab"_s }));
        // Chosen from the menu, a tab is shown, and the menu marks the tab shown however it was chosen.
        const QList<QAction*> tabs = m_window->findChild<QMenu*>(u"detailTabMenu"_s)->actions();
        tabs.at(6)->trigger();
        QCOMPARE(m_window->detailTabs()->currentWidget(), m_window->signaturePane());
        m_window->detailTabs()->setCurrentIndex(2);
        QVERIFY(tabs.at(2)->isChecked() && !tabs.at(6)->isChecked());
        m_window->detailTabs()->setCurrentIndex(0);
        QCOMPARE(itemsOf(u"helpMenu"_s),
            (QStringList { u"Keyboard shortcuts"_s, u"Documentation"_s, u"About Hookscope"_s }));
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
                 u"Ctrl+F → Find"_s, u"Ctrl+B → Sidebar"_s, u"Alt+1 → Overview tab"_s, u"Alt+8 → Deliveries tab"_s,
                 u"Del → Discard"_s, u"J → Next event"_s, u"K → Previous event"_s, u"Ctrl+Q → Quit"_s,
                 u"F1 → Keyboard shortcuts"_s, u"Ctrl+Shift+S → Send a sample event"_s, u"R → Replay again"_s,
                 u"Ctrl+O → Open store"_s, u"Ctrl+I → Import"_s })
            QVERIFY2(all.contains(expected), qPrintable(u"missing \"%1\" in:\n%2"_s.arg(expected, all)));

        // The filter narrows it to what matches, a word or a key.
        auto* filter = sheet->findChild<QLineEdit*>(u"shortcutsFilter"_s);
        QVERIFY(filter);
        filter->setText(u"replay"_s);
        QCOMPARE(sheetRows(*sheet), (QStringList { u"Ctrl+R → Replay"_s, u"R → Replay again"_s }));
        filter->setText(u"alt+3"_s);
        QCOMPARE(sheetRows(*sheet), QStringList { u"Alt+3 → Body tab"_s });
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

    void helpDocumentationReadsTheDocsOffline()
    {
        m_window->findChild<QAction*>(u"docsAction"_s)->trigger();
        auto* viewer = m_window->findChild<DocsViewer*>();
        QVERIFY(viewer && viewer->isVisible());
        // In the build tree, the sources' README; its links to the docs beside it open in place.
        QVERIFY2(QFileInfo::exists(viewer->folder() + u"/README.md"_s), qPrintable(viewer->folder()));
        QVERIFY(viewer->browser()->toPlainText().contains(u"Quick start"_s));
        const QUrl check = viewer->browser()->source().resolved(QUrl(u"docs/CHECK.md"_s));
        Q_EMIT viewer->browser()->anchorClicked(QUrl(u"docs/CHECK.md"_s));
        QCOMPARE(viewer->browser()->source(), check);
        QVERIFY(viewer->browser()->toPlainText().contains(u"hookscope check"_s));
        viewer->close();
    }

    void aNewWindowOpensAnotherStoreWithNothingListening()
    {
        auto* menus = m_window->findChild<WindowMenus*>();
        QAction* another = m_window->findChild<QAction*>(u"newWindowAction"_s);
        QAction* open = m_window->findChild<QAction*>(u"openStoreAction"_s);
        QVERIFY(menus && another && another->shortcut() == QKeySequence(u"Ctrl+Shift+N"_s));
        QVERIFY(open && open->shortcut() == QKeySequence(QKeySequence::Open));
        QTemporaryDir dir;
        const QString store = dir.filePath(u"other store $(touch x).db"_s); // an argument, never a shell line
        menus->setWindowProgram(QStringLiteral(HOOKSCOPE_BINARY));
        qint64 pid = 0;
        QVERIFY(menus->openStoreWindow(store, &pid));
        QVERIFY(pid > 0);
        const auto stop = qScopeGuard([pid] { ::kill(pid_t(pid), SIGTERM); });
        // The other window (the same process: `hookscope` becomes the window) opens the store it was given and
        // listens on nothing.
        QVERIFY(test::waitFor([&] { return QFileInfo::exists(store); }, "the other window's store to be made"));
        QFile cmdline(u"/proc/%1/cmdline"_s.arg(pid));
        QVERIFY(cmdline.open(QIODevice::ReadOnly));
        const QList<QByteArray> args = cmdline.readAll().split('\0');
        QVERIFY2(args.contains(store.toUtf8()), args.join(' ').constData());
        QVERIFY(args.contains("--http") && args.contains("--https") && args.count("0") == 2);
        QVERIFY(!QFileInfo::exists(dir.filePath(u"x"_s)) && !QFileInfo::exists(u"x"_s));
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
