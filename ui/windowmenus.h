#pragma once

#include <QObject>

#include <functional>

class QAction;
class QMainWindow;
class QMenu;
class QTableView;

namespace hookscope::ui {

class EventReader;
class ListenerControl;
class MainWindow;

/** What the window's File, Edit, View and Help menus offer, made by the window's own parts. */
struct WindowMenuParts {
    QMenu* viewMenu = nullptr; ///< the window's View menu, which gets the Theme submenu
    QAction* exportAction = nullptr;
    QAction* settingsAction = nullptr;
    QAction* findAction = nullptr;
    QAction* copyAction = nullptr;
    QTableView* list = nullptr;
    std::function<void()> sendSample;
    std::function<void()> importFiles; ///< File ▸ Import… (asks for the files)
    ListenerControl* listener = nullptr; ///< gets the "Response rules" switch (none without a listener)
};

/**
 * The menus a native application has around the window's own (View, Event): File (send a sample event, a new
 * window on another store, open a store in a window of its own, import, export, settings, quit), Edit (copy, select
 * all, find), the Theme choice in View, and Help (the keyboard shortcuts sheet, About). The theme kept in the settings
 * is applied when the menus are made.
 */
class WindowMenus final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WindowMenus)
public:
    WindowMenus(QMainWindow* window, const WindowMenuParts& parts);

    QAction* sampleAction() const { return m_sample; }
    QAction* quitAction() const { return m_quit; }
    QAction* shortcutsAction() const { return m_shortcuts; }
    QAction* aboutAction() const { return m_about; }
    /** File ▸ Response rules: every route's response rules on or off at once (checkable). */
    QAction* responseRulesAction() const { return m_responseRules; }

    /** Opens the shortcuts sheet (F1), non-modal; the one already open is raised. */
    void showShortcuts();
    /**
     * File ▸ New window on another store…: starts another window over the store `path` (made when it does not
     * exist), nothing listening (its Settings can turn ports on); its process id in `pid`. False when it cannot start.
     */
    bool openStoreWindow(const QString& path, qint64* pid = nullptr);
    /** The program that opens a window: `hookscope` or `hookscope-window` (default: this program). */
    void setWindowProgram(const QString& program) { m_program = program; }

private:
    /** Asks for a store file (an existing one, or any name for New window) and opens a window on it. */
    void askStoreWindow(bool existing);

    QMainWindow* m_window;
    QString m_program;
    QAction* m_sample = nullptr;
    QAction* m_quit = nullptr;
    QAction* m_shortcuts = nullptr;
    QAction* m_about = nullptr;
    QAction* m_responseRules = nullptr;
};

/**
 * The window's own additions around the list: saved searches in the sidebar (SavedSearches) and colouring rules for
 * the list's rows (ColouringRules), each with its View menu items.
 */
void addWindowExtras(MainWindow* window, EventReader& reader);

} // namespace hookscope::ui
