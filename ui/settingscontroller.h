#pragma once

#include "listenercontrol.h"

#include <QObject>
#include <QStringList>

class QAction;
class QStatusBar;
class QWidget;

namespace hookscope::ui {

class ListenerStatus;

/**
 * The window's Settings… action: opens the dialog over the listener's configuration file, and once it is saved
 * applies it to the running listener (ListenerControl::reconfigure) and says what changed in the status bar.
 */
class SettingsController final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsController)
public:
    /** `listener` may be null (the action does nothing); `status` is told when the listener listens anew. */
    SettingsController(ListenerControl* listener, ListenerStatus* status, QStatusBar* bar, QWidget* window);

    /** "Settings…" (the platform's Preferences key, else Ctrl+,), object name "settingsAction". */
    QAction* action() const { return m_action; }
    /** Applies the saved configuration now; the lines said (also emitted as `applied`). */
    QStringList apply();

Q_SIGNALS:
    /** What applying the configuration changed, one line each; or one line saying why it was not applied. */
    void applied(const QStringList& lines);

private:
    void open();

    ListenerControl* m_listener;
    ListenerStatus* m_status;
    QStatusBar* m_bar;
    QWidget* m_window;
    QAction* m_action;
};

} // namespace hookscope::ui
