#pragma once

#include "eventreader.h"
#include "job.h"
#include "listenercontrol.h"
#include "refreshpacer.h"

#include <QObject>

class QTimer;

namespace hookscope::ui {

class EventListModel;
class ViewListModel;

/**
 * Watches the store for changes (the listener's commits, and other processes' writes through PRAGMA
 * data_version) and paces the reads of the event list and the views' counts that they ask for.
 */
class StoreWatcher final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreWatcher)
public:
    /** `listener` may be null; polls every 100 ms from construction on. */
    StoreWatcher(EventReader& reader, ListenerControl* listener, EventListModel* events, ViewListModel* views,
        QObject* parent = nullptr);

    /** Looks for changes to the store now (what the poll timer does every 100 ms). */
    void poll();
    /** The clock that paces reads of the store: a steady clock; tests give a simulated one. */
    void setClock(RefreshPacer::Clock clock);
    /** The store changed (an action, a sample sent): the list and counts are read again, paced. */
    void storeChanged();
    /** Reads the views' counts now (after an action) and tells the pacer they are fresh. */
    void refreshCounts();

Q_SIGNALS:
    /** The list was read again: whatever shows one event should check whether it changed. */
    void listRead();

private:
    /** Runs the reads the pacer says are due and arms the timer for the next one. */
    void applyPacing();
    /** Reads PRAGMA data_version off the GUI thread; a change from the last one read is a change to the store. */
    void readVersion();

    EventReader& m_reader;
    ListenerControl* m_listener;
    EventListModel* m_events;
    ViewListModel* m_views;
    QTimer* m_pollTimer = nullptr;
    QTimer* m_paceTimer = nullptr;
    Job<qint64> m_versionJob;
    qint64 m_lastCounter = -1;
    qint64 m_lastDataVersion = -1;
    int m_pollTicks = 0;
    RefreshPacer m_pacer;
};

} // namespace hookscope::ui
