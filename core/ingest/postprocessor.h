#pragma once

#include "core/store/storewriter.h"

#include <memory>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace hookscope::scan {
class AttachmentScanner;
}

namespace hookscope::ingest {

/**
 * The slow half of ingest, after the ack: reads the email out of an accepted event's payload and
 * writes the email fields through the writer. Its own thread, its own read connection.
 */
class PostProcessor final {
public:
    PostProcessor(QString path, store::StoreWriter& writer);
    ~PostProcessor();
    PostProcessor(const PostProcessor&) = delete;
    PostProcessor& operator=(const PostProcessor&) = delete;

    void start();
    /** Processes what is queued, then stops. */
    void stop();
    /** Thread-safe. */
    void enqueue(qint64 eventRowId, qint64 deliveryRowId);
    /** Picks up events that were accepted but not processed (a previous run was killed). */
    void enqueueUnprocessed();

    /** Called after each event's email fields are committed. */
    std::function<void(qint64 eventRowId)> onProcessed;
    /**
     * True while requests are arriving faster than a person could follow them: the email fields then
     * wait (at most kMaxDeferMs at a time), so the writer and the CPU go to acknowledging requests first.
     * Set before start().
     */
    std::function<bool()> ingestBusy;
    static constexpr int kMaxDeferMs = 2000;
    /**
     * Scans the attachments of each group of events once their email fields committed (clamd, type, risky content,
     * the route's quarantine policy); unset: attachments are not looked at. Set before start().
     */
    std::shared_ptr<scan::AttachmentScanner> scanner;
    /** Called after each event's attachment scan results are committed. */
    std::function<void(qint64 eventRowId)> onScanned;

private:
    void run();
    /** Waits while ingest is busy, at most kMaxDeferMs; true when ingest is still busy then. */
    bool yieldToIngest();
    void process(qint64 eventRowId, qint64 deliveryRowId);

    QString m_path;
    store::StoreWriter& m_writer;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_stopWake; ///< only stop() signals it: arrivals must not cut a deferral short
    std::deque<std::pair<qint64, qint64>> m_queue;
    bool m_stopping = false;
    bool m_scanUnprocessed = false;
};

} // namespace hookscope::ingest
