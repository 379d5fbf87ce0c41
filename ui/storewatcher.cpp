#include "storewatcher.h"

#include "eventlistmodel.h"
#include "viewlistmodel.h"

#include <QTimer>

#include <chrono>

namespace hookscope::ui {

StoreWatcher::StoreWatcher(
    EventReader& reader, ListenerControl* listener, EventListModel* events, ViewListModel* views, QObject* parent)
    : QObject(parent)
    , m_reader(reader)
    , m_listener(listener)
    , m_events(events)
    , m_views(views)
    , m_pacer([] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now().time_since_epoch())
            .count();
    })
{
    m_pollTimer = new QTimer(this);
    m_pollTimer->setInterval(100);
    connect(m_pollTimer, &QTimer::timeout, this, &StoreWatcher::poll);
    m_pollTimer->start();
    // Fires when a read the pacer held back becomes due.
    m_paceTimer = new QTimer(this);
    m_paceTimer->setSingleShot(true);
    m_paceTimer->setTimerType(Qt::PreciseTimer);
    connect(m_paceTimer, &QTimer::timeout, this, &StoreWatcher::applyPacing);
    // The version the window starts from, read at once (queued behind the list's first read): a commit by another
    // process in the first poll interval would otherwise become the starting point, unseen.
    readVersion();
}

void StoreWatcher::poll()
{
    const qint64 counter = m_listener ? m_listener->changeCounter() : 0;
    bool changed = counter != m_lastCounter;
    m_lastCounter = counter;
    // Other processes writing the same store (a `serve`, a CLI quarantine) show in PRAGMA data_version.
    if (++m_pollTicks % 5 == 0)
        readVersion();
    if (changed)
        m_pacer.changed();
    applyPacing();
}

void StoreWatcher::readVersion()
{
    m_versionJob.start(
        m_reader, this, [](store::EventStore& store) { return store.dataVersion(); },
        [this](qint64 version) {
            if (version != m_lastDataVersion) {
                const bool first = m_lastDataVersion < 0;
                m_lastDataVersion = version;
                if (!first)
                    storeChanged();
            }
        });
}

void StoreWatcher::setClock(RefreshPacer::Clock clock)
{
    m_pacer.setClock(std::move(clock));
}

void StoreWatcher::storeChanged()
{
    m_pacer.changed();
    applyPacing();
}

void StoreWatcher::applyPacing()
{
    // However fast events pour in: the list at most once per poll interval, the views' counts (the heaviest
    // read) at most once a second, each change read at the latest one interval later.
    const RefreshPacer::Due due = m_pacer.take();
    if (due.list) {
        m_events->refresh();
        Q_EMIT listRead();
    }
    if (due.counts)
        m_views->refresh();
    const qint64 wait = m_pacer.untilDue();
    if (wait < 0)
        m_paceTimer->stop();
    else
        m_paceTimer->start(int(std::min<qint64>(wait, RefreshPacer::kCountsIntervalMs)));
}

void StoreWatcher::refreshCounts()
{
    m_pacer.countsRead();
    m_views->refresh();
}

} // namespace hookscope::ui
