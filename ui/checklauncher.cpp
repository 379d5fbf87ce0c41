#include "checklauncher.h"

#include "checkdialog.h"

#include <QAction>
#include <QMainWindow>
#include <QMenu>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

CheckLauncher::CheckLauncher(EventReader& reader, QMainWindow* window)
    : QObject(window)
    , m_reader(reader)
    , m_window(window)
{
    m_action = new QAction(u"&Check an endpoint…"_s, window);
    m_action->setObjectName(u"checkEndpointAction"_s);
    m_action->setToolTip(u"Check your own webhook receiver against the guide's rules (as hookscope check): signed, "
                         u"unsigned, tampered, stale, duplicate, concurrent and large deliveries, and a scorecard"_s);
    window->addAction(m_action);
    if (auto* file = window->findChild<QMenu*>(u"fileMenu"_s)) {
        // After the event's own File items (sample, export), before the settings.
        QAction* before = nullptr;
        for (QAction* a : file->actions()) {
            if (a->isSeparator()) {
                before = a;
                break;
            }
        }
        file->insertAction(before, m_action);
    }
    connect(m_action, &QAction::triggered, this, [this] { open(); });
}

CheckDialog* CheckLauncher::dialog() const
{
    return m_dialog;
}

CheckDialog* CheckLauncher::open()
{
    if (!m_dialog)
        m_dialog = new CheckDialog(m_reader, m_window);
    m_dialog->show();
    m_dialog->raise();
    m_dialog->activateWindow();
    return m_dialog;
}

} // namespace hookscope::ui
