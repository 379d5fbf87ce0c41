#pragma once

#include "eventreader.h"

#include "core/store/eventstore.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

namespace hookscope::ui {

/**
 * One kind of background read a receiver repeats (a page, the counts, an event's details): starting
 * it again makes the earlier result stale, and stale results are dropped on arrival.
 */
template<class T> class Job final {
public:
    /** `background`: through EventReader::submitBackground, beside the list's reads. */
    void start(EventReader& reader, QObject* receiver, std::function<T(store::EventStore&)> work,
        std::function<void(T)> done, bool background = false)
    {
        const quint64 generation = ++*m_generation;
        auto run = [work = std::move(work), done = std::move(done), generation, counter = m_generation](
                       store::EventStore& store) -> std::function<void()> {
            if (counter->load() != generation)
                return {}; // superseded before it even ran
            // Superseded while it runs: its statements stop, and whatever it returns is dropped below.
            store.setCancel([counter, generation] { return counter->load() != generation; });
            auto result = std::make_shared<T>(work(store));
            store.setCancel({});
            return [done, result, generation, counter]() {
                if (counter->load() == generation)
                    done(std::move(*result));
            };
        };
        if (background)
            reader.submitBackground(receiver, std::move(run));
        else
            reader.submit(receiver, std::move(run));
    }
    /** Makes whatever is in flight stale. */
    void cancel() { ++*m_generation; }
    quint64 generation() const { return m_generation->load(); }

private:
    std::shared_ptr<std::atomic<quint64>> m_generation = std::make_shared<std::atomic<quint64>>(0);
};

} // namespace hookscope::ui
