#pragma once

#include "eventreader.h"

#include <QObject>
#include <QPointer>

class QAction;
class QDialog;
class QMenu;
class QWidget;

namespace hookscope::ui {

class StatsView;
class StoreWatcher;

/**
 * View ▸ Stats (Ctrl+Shift+G): opens the Stats view in a window of its own beside the inspector (not modal), kept
 * while the inspector lives so that its figures stay cached, and told by the store watcher when the store changed.
 */
class StatsLauncher final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatsLauncher)
public:
    StatsLauncher(EventReader& reader, StoreWatcher* watcher, QMenu* viewMenu, QWidget* window);

    QAction* action() const { return m_action; }
    /** Opens (or raises) the Stats window; returns its view. */
    StatsView* open();
    /** The view, once opened (null before). */
    StatsView* view() const;

private:
    EventReader& m_reader;
    StoreWatcher* m_watcher;
    QWidget* m_window;
    QAction* m_action = nullptr;
    QPointer<QDialog> m_dialog;
    QPointer<StatsView> m_view;
};

} // namespace hookscope::ui
