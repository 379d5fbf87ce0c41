#include "statslauncher.h"

#include "statsview.h"
#include "storewatcher.h"

#include <QAction>
#include <QDialog>
#include <QGuiApplication>
#include <QMenu>
#include <QScreen>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

StatsLauncher::StatsLauncher(EventReader& reader, StoreWatcher* watcher, QMenu* viewMenu, QWidget* window)
    : QObject(window)
    , m_reader(reader)
    , m_watcher(watcher)
    , m_window(window)
{
    m_action = new QAction(u"S&tats"_s, window);
    m_action->setObjectName(u"statsAction"_s);
    // Ctrl+Shift+S sends a sample event; G for graphs.
    m_action->setShortcut(QKeySequence(u"Ctrl+Shift+G"_s));
    m_action->setToolTip(u"Charts of the events: over time by signature outcome, deliveries per event, replay "
                         u"latency, top routes and senders"_s);
    window->addAction(m_action);
    if (viewMenu)
        viewMenu->addAction(m_action);
    connect(m_action, &QAction::triggered, this, [this] { open(); });
}

StatsView* StatsLauncher::view() const
{
    return m_view;
}

StatsView* StatsLauncher::open()
{
    if (!m_dialog) {
        m_dialog = new QDialog(m_window, Qt::Window);
        m_dialog->setObjectName(u"statsDialog"_s);
        m_dialog->setWindowTitle(u"Stats — Hookscope"_s);
        m_view = new StatsView(m_reader, m_dialog);
        auto* layout = new QVBoxLayout(m_dialog);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(m_view);
        if (m_watcher)
            connect(m_watcher, &StoreWatcher::listRead, m_view, &StatsView::storeChanged);
        // As large as the inspector's own default, within the screen (1024×700 included).
        QSize size(1200, 800);
        if (const QScreen* screen = m_window->screen() ? m_window->screen() : QGuiApplication::primaryScreen())
            size = size.boundedTo(screen->availableSize() * 0.95);
        m_dialog->resize(size);
    }
    m_dialog->show();
    m_dialog->raise();
    m_dialog->activateWindow();
    return m_view;
}

} // namespace hookscope::ui
