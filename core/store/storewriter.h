#pragma once

#include "database.h"
#include "ingestrecord.h"

#include <QSqlDatabase>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

struct sqlite3;

namespace hookscope::store {

class BodySegments;
struct BodyRef;

/**
 * The one writer of a store. Owns the write connection on its own thread and commits whatever is
 * queued in one transaction (group commit), then reports each outcome. The listener answers only
 * from that report, so an acknowledged request is always on disk.
 *
 * A process has one writer per store: whoever writes (capture, replay, the window's actions, an export's
 * audit entries) takes it from shared(), which hands out the running one or starts it.
 */
class StoreWriter final {
public:
    using Done = std::function<void(const IngestOutcome&)>;
    /** Work that must run on the write connection inside a transaction; an error rolls the job back. */
    using Job = std::function<Result<void>(QSqlDatabase&)>;
    /** Told on the writer thread whether the job committed: its own error, or the transaction's. */
    using JobDone = std::function<void(const Result<void>&)>;

    StoreWriter(QString path, Durability durability = Durability::Normal);
    ~StoreWriter();
    StoreWriter(const StoreWriter&) = delete;
    StoreWriter& operator=(const StoreWriter&) = delete;

    /** Opens the store (migrating it) on the writer thread. */
    Result<void> start();
    /** Commits everything queued, then stops. */
    void stop();

    void submit(IngestRecord record, Done done);
    /** Several at once: one hand-off, and they share a transaction. */
    void submit(std::vector<std::pair<IngestRecord, Done>> records);
    /** Runs `job` in a later transaction; `done` is called on the writer thread once it committed or failed. */
    void submitJob(Job job, JobDone done = {});

    /** Runs `job` in a later transaction and waits for its commit; the job's own error when it failed. */
    Result<void> run(Job job);

    /** Returns once everything queued before the call is committed and its callbacks have run. */
    void waitForQueued();

    qint64 committedBatches() const { return m_batches; }
    /**
     * Log length (pages) from which the writer copies the rest of the log itself once the checkpointer has copied
     * the bulk, so that the log starts over from its beginning: 48 MiB with 4 KiB pages, under journal_size_limit
     * (64 MiB) with room for the pages written meanwhile, so that the file is reused, never cut back.
     */
    static constexpr int kLogRestartFrames = 12000;
    /** The writer's checkpoints that copied the whole log (each lets the next transaction start it over). */
    qint64 wholeLogCheckpoints() const { return m_wholeLogCheckpoints; }
    QString path() const { return m_path; }

    /**
     * The process's writer of the store at `path`: the one running when there is one (whatever durability it was
     * started with), else a new one, started. It stops when the last holder lets it go. Never keep the pointer in
     * a job (the writer would be released on its own thread).
     */
    static Result<std::shared_ptr<StoreWriter>> shared(const QString& path, Durability durability = Durability::Normal);

    /** Write connections open in this process now (started writers not yet stopped). */
    static int openWriteConnections();
    /** The most write connections that were open at once since the last resetPeakWriteConnections(). */
    static int peakWriteConnections();
    static void resetPeakWriteConnections();

private:
    struct Item;
    struct Statements;
    class Checkpointer;
    static int walHook(void* self, sqlite3* db, const char* name, int frames);
    /** The writer's own checkpoint walHook asked for, run once the batch that asked is answered. */
    void catchUpCheckpoint();
    static std::unique_ptr<Item> recordItem(IngestRecord record, Done done);
    /** Appends under the lock and wakes the writer once. */
    void enqueue(std::vector<std::unique_ptr<Item>> items);
    void runThread(std::promise<Result<void>>* started);
    /** `body` is where the delivery's body was appended (segment 0: kept inline, as an empty body is). */
    bool applyRecord(Statements& statements, IngestRecord& record, const BodyRef& body, IngestOutcome& outcome);

    QString m_path;
    Durability m_durability;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::unique_ptr<Item>> m_queue;
    bool m_stopping = false;
    std::atomic<qint64> m_batches { 0 };

    sqlite3* m_db = nullptr; ///< the write connection's handle, on the writer thread only
    std::unique_ptr<Checkpointer> m_checkpointer;
    bool m_catchUpDue = false; ///< set by walHook during a commit, on the writer thread only
    int m_passAskedAt = 0; ///< the log's length when the checkpointer was last asked for a pass (writer thread)
    std::atomic<qint64> m_wholeLogCheckpoints { 0 };
    std::unique_ptr<BodySegments> m_segments; ///< on the writer thread only
};

} // namespace hookscope::store
