#include "windowmenus.h"

#include "colouringrules.h"
#include "docsviewer.h"
#include "listenercontrol.h"
#include "mainwindow.h"
#include "notifier.h"
#include "savedsearches.h"
#include "shortcutsdialog.h"
#include "theme.h"

#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QProcess>
#include <QStatusBar>
#include <QTableView>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

WindowMenus::WindowMenus(QMainWindow* window, const WindowMenuParts& parts)
    : QObject(window)
    , m_window(window)
{
    applyTheme(savedTheme());
    QMenuBar* bar = window->menuBar();
    QAction* first = bar->actions().isEmpty() ? nullptr : bar->actions().first();

    auto make = [window](const QString& text, const QString& name, const QKeySequence& keys) {
        auto* a = new QAction(text, window);
        a->setObjectName(name);
        if (!keys.isEmpty())
            a->setShortcut(keys);
        window->addAction(a);
        return a;
    };

    // File
    auto* file = new QMenu(u"&File"_s, window);
    file->setObjectName(u"fileMenu"_s);
    m_sample = make(u"Send a &sample event"_s, u"sampleAction"_s, QKeySequence(u"Ctrl+Shift+S"_s));
    m_sample->setToolTip(u"Post the sample event (as hookscope send --sample) to the listener, signed"_s);
    connect(m_sample, &QAction::triggered, this, [send = parts.sendSample] {
        if (send)
            send();
    });
    file->addAction(m_sample);
    QAction* another = make(u"New &window on another store…"_s, u"newWindowAction"_s, QKeySequence(u"Ctrl+Shift+N"_s));
    another->setToolTip(u"Open another window over a store file of your choice (an existing one or a new one), "
                        u"nothing listening"_s);
    connect(another, &QAction::triggered, this, [this] { askStoreWindow(false); });
    file->addAction(another);
    QAction* open = make(u"&Open store…"_s, u"openStoreAction"_s, QKeySequence::Open);
    open->setToolTip(u"Open an existing store file (another machine's, a colleague's, an older one) in a window of "
                     u"its own, nothing listening; this window keeps its store and ports"_s);
    connect(open, &QAction::triggered, this, [this] { askStoreWindow(true); });
    file->addAction(open);
    QAction* import = make(u"&Import…"_s, u"importAction"_s, QKeySequence(u"Ctrl+I"_s));
    import->setToolTip(u"Take .har and .eml files into the store as events (route 'imported'; as hookscope import)"_s);
    connect(import, &QAction::triggered, this, [importFiles = parts.importFiles] {
        if (importFiles)
            importFiles();
    });
    file->addAction(import);
    if (parts.exportAction)
        file->addAction(parts.exportAction);
    file->addSeparator();
    if (parts.settingsAction)
        file->addAction(parts.settingsAction);
    m_responseRules = make(u"&Response rules"_s, u"responseRulesAction"_s, {});
    m_responseRules->setCheckable(true);
    m_responseRules->setToolTip(u"The routes' response rules (a sequence per event, a failure rate, delays, closing "
                                u"or resetting the connection); off, every request is answered normally"_s);
    m_responseRules->setEnabled(parts.listener != nullptr);
    m_responseRules->setChecked(parts.listener && parts.listener->responseRulesEnabled());
    connect(m_responseRules, &QAction::toggled, this, [this, listener = parts.listener](bool on) {
        if (!listener)
            return;
        if (auto saved = listener->setResponseRulesEnabled(on); !saved)
            m_window->statusBar()->showMessage(u"Response rules: "_s + saved.error(), 10000);
        else
            m_window->statusBar()->showMessage(
                on ? u"Response rules on"_s : u"Response rules off: every request is answered normally"_s, 5000);
    });
    file->addAction(m_responseRules);
    file->addSeparator();
    m_quit = make(u"&Quit"_s, u"quitAction"_s, QKeySequence::Quit);
    if (m_quit->shortcut().isEmpty())
        m_quit->setShortcut(QKeySequence(u"Ctrl+Q"_s));
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, window, &QWidget::close);
    file->addAction(m_quit);
    bar->insertMenu(first, file);

    // Edit
    auto* edit = new QMenu(u"&Edit"_s, window);
    edit->setObjectName(u"editMenu"_s);
    if (parts.copyAction)
        edit->addAction(parts.copyAction);
    if (parts.list) {
        QAction* all = make(u"Select &all"_s, u"selectAllAction"_s, QKeySequence::SelectAll);
        all->setShortcutContext(Qt::WidgetShortcut);
        parts.list->addAction(all);
        connect(all, &QAction::triggered, parts.list, [list = parts.list] {
            list->selectAll();
            list->setFocus(Qt::ShortcutFocusReason);
        });
        edit->addAction(all);
    }
    edit->addSeparator();
    if (parts.findAction)
        edit->addAction(parts.findAction);
    bar->insertMenu(first, edit);

    // View ▸ Theme
    if (parts.viewMenu) {
        parts.viewMenu->addSeparator();
        parts.viewMenu->addMenu(makeThemeMenu(window));
    }

    // Help
    auto* help = bar->addMenu(u"&Help"_s);
    help->setObjectName(u"helpMenu"_s);
    m_shortcuts = make(u"&Keyboard shortcuts"_s, u"shortcutsAction"_s, QKeySequence::HelpContents);
    if (m_shortcuts->shortcut().isEmpty())
        m_shortcuts->setShortcut(QKeySequence(Qt::Key_F1));
    connect(m_shortcuts, &QAction::triggered, this, &WindowMenus::showShortcuts);
    help->addAction(m_shortcuts);
    QAction* docs = make(u"&Documentation"_s, u"docsAction"_s, {});
    docs->setToolTip(u"The README and the docs beside it, offline"_s);
    connect(docs, &QAction::triggered, this, [this] {
        auto* viewer = new DocsViewer(m_window);
        viewer->setAttribute(Qt::WA_DeleteOnClose);
        viewer->show();
    });
    help->addAction(docs);
    m_about = make(u"&About Hookscope"_s, u"aboutAction"_s, {});
    m_about->setMenuRole(QAction::AboutRole);
    connect(m_about, &QAction::triggered, this, [this] {
        QMessageBox::about(m_window, u"About Hookscope"_s,
            u"<p><b>Hookscope %1</b></p>"
            u"<p>Captures inbound-email webhooks exactly as they arrive, says whether their signatures hold and "
            u"why not, reads the email inside, and replays, quarantines or exports them.</p>"
            u"<p>The same store and settings as the <code>hookscope</code> command line "
            u"(<code>hookscope --help</code>).</p>"_s.arg(QApplication::applicationVersion().toHtmlEscaped()));
    });
    help->addAction(m_about);
}

void WindowMenus::askStoreWindow(bool existing)
{
    const QString filter = u"Hookscope stores (*.db);;All files (*)"_s;
    const QString path = existing ? QFileDialog::getOpenFileName(m_window, u"Open store"_s, QString(), filter)
                                  : QFileDialog::getSaveFileName(m_window, u"New window on another store"_s, QString(),
                                      filter, nullptr, QFileDialog::DontConfirmOverwrite);
    if (path.isEmpty())
        return;
    m_window->statusBar()->showMessage(openStoreWindow(path) ? u"Opening a window on %1 (nothing listening)"_s.arg(path)
                                                             : u"Cannot start a window on %1"_s.arg(path),
        8000);
}

bool WindowMenus::openStoreWindow(const QString& path, qint64* pid)
{
    // Arguments, never a shell line: the path is whatever the file dialog returned.
    const QString program = m_program.isEmpty() ? QCoreApplication::applicationFilePath() : m_program;
    return QProcess::startDetached(program,
        { u"--db"_s, QFileInfo(path).absoluteFilePath(), u"--http"_s, u"0"_s, u"--https"_s, u"0"_s }, QString(), pid);
}

void WindowMenus::showShortcuts()
{
    auto* open = m_window->findChild<ShortcutsDialog*>();
    if (!open) {
        open = new ShortcutsDialog(m_window);
        open->setAttribute(Qt::WA_DeleteOnClose);
    }
    open->show();
    open->raise();
    open->activateWindow();
}

void addWindowExtras(MainWindow* window, EventReader& reader)
{
    auto* viewMenu = window->findChild<QMenu*>(u"viewMenu"_s);
    new SavedSearches(window, viewMenu);
    new ColouringRules(window->eventModel(), viewMenu, window);
    new Notifier(window, reader, viewMenu);
}

} // namespace hookscope::ui
