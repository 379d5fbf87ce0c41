#pragma once

#include "database.h"
#include "ingestrecord.h"

#include <QSqlDatabase>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

struct sqlite3;

namespace hookscope::store {

/**
 * The one writer of a store. Owns the write connection on its own thread and commits whatever is
 * queued in one transaction (group commit), then reports each outcome. The listener answers only
 * from that report, so an acknowledged request is always on disk.
 */
class StoreWriter final {
public:
    using Done = std::function<void(const IngestOutcome&)>;
    /** Work that must run on the write connection inside a transaction; return false to roll back. */
    using Job = std::function<bool(QSqlDatabase&)>;

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
    /** Runs `job` in a later transaction; `done(ok)` is called on the writer thread. */
    void submitJob(Job job, std::function<void(bool)> done = {});

    qint64 committedBatches() const { return m_batches; }

private:
    struct Item;
    struct Statements;
    class Checkpointer;
    static int walHook(void* self, sqlite3* db, const char* name, int frames);
    static std::unique_ptr<Item> recordItem(IngestRecord record, Done done);
    /** Appends under the lock and wakes the writer once. */
    void enqueue(std::vector<std::unique_ptr<Item>> items);
    void run(std::promise<Result<void>>* started);
    bool applyRecord(Statements& statements, IngestRecord& record, IngestOutcome& outcome);

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
};

} // namespace hookscope::store
