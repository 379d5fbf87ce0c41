#pragma once

#include <QObject>

#include <functional>

namespace hookscope::store {
class EventStore;
}

namespace hookscope::ui {

/**
 * Where panes and models read the store: work runs away from the GUI thread against a store
 * connection of its own and hands back a continuation that runs on the receiver's thread.
 */
class EventReader {
public:
    /** Runs on the reader's thread; returns what to run on the receiver's thread (may be empty). */
    using Work = std::function<std::function<void()>(store::EventStore& store)>;

    virtual ~EventReader() = default;
    /** Queues `work`; the continuation is dropped if `receiver` is gone by then. */
    virtual void submit(QObject* receiver, Work work) = 0;
    /**
     * The same, for reads that may take long and that the list does not wait for (the views' counts): where the
     * reader can, they run beside the list's reads instead of ahead of them.
     */
    virtual void submitBackground(QObject* receiver, Work work) { submit(receiver, std::move(work)); }
};

} // namespace hookscope::ui
