#pragma once

#include "viewlistmodel.h"

#include <QObject>

class QAction;
class QMenu;

namespace hookscope::ui {

class MainWindow;

/**
 * Searches kept under a name (View ▸ Save search…, Ctrl+Shift+Return): listed in the sidebar under "Saved
 * searches" with their live counts (ViewListModel counts them with the views); clicking one applies it; its context
 * menu renames or deletes it. Kept in QSettings `searches/saved` (a list of {name, text}): they are the user's
 * habits, not the store's data, and follow the user from store to store with no migration.
 */
class SavedSearches final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SavedSearches)
public:
    SavedSearches(MainWindow* window, QMenu* viewMenu);

    QAction* saveAction() const { return m_save; }
    /** Keeps `text` under `name` (replacing a search of that name). */
    void save(const QString& name, const QString& text);
    bool rename(const QString& name, const QString& newName);
    bool remove(const QString& name);
    QList<ViewListModel::SavedSearch> searches() const;

private:
    void askSave();
    void showMenu(const QPoint& at);
    void store(const QList<ViewListModel::SavedSearch>& searches);

    MainWindow* m_window;
    QAction* m_save;
};

} // namespace hookscope::ui
