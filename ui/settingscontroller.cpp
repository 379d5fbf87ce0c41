#include "settingscontroller.h"

#include "listenerstatus.h"
#include "settingsdialog.h"

#include "core/config/secretstore.h"

#include <QAction>
#include <QStatusBar>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

SettingsController::SettingsController(
    ListenerControl* listener, ListenerStatus* status, QStatusBar* bar, QWidget* window)
    : QObject(window)
    , m_listener(listener)
    , m_status(status)
    , m_bar(bar)
    , m_window(window)
    , m_action(new QAction(u"Settings…"_s, window))
{
    m_action->setObjectName(u"settingsAction"_s);
    m_action->setShortcut(QKeySequence::Preferences);
    if (m_action->shortcut().isEmpty())
        m_action->setShortcut(QKeySequence(u"Ctrl+,"_s));
    connect(m_action, &QAction::triggered, this, &SettingsController::open);
    window->addAction(m_action);
}

void SettingsController::open()
{
    if (!m_listener)
        return;
    config::SecretStore secrets;
    const ListenerState state = m_listener->state();
    SettingsDialog dialog(state.configPath, &secrets, m_window);
    dialog.showApi(state.apiUrl, state.apiTokenPath, state.apiError);
    dialog.showListener(state);
    if (dialog.exec() == QDialog::Accepted)
        apply();
}

QStringList SettingsController::apply()
{
    if (!m_listener)
        return {};
    auto changed = m_listener->reconfigure();
    QStringList lines;
    if (!changed)
        lines << u"Settings saved, not applied: %1"_s.arg(changed.error());
    else if (changed->isEmpty())
        lines << u"Settings saved; nothing the listener uses changed."_s;
    else
        lines = *changed;
    if (m_status)
        m_status->update(); // new URLs, or the banner saying why it does not listen
    const QString said = changed && !changed->isEmpty() ? u"Settings applied: "_s + lines.join(u"; "_s) : lines.first();
    m_bar->showMessage(said, 15'000);
    Q_EMIT applied(lines);
    return lines;
}

} // namespace hookscope::ui
