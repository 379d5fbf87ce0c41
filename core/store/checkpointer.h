#pragma once

#include "storewriter.h"

#include <QString>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

struct sqlite3;

namespace hookscope::store {

/**
 * Checkpoints the WAL on a connection of its own, so the writer never pays for copying pages back into
 * the database (and the fsync that follows) between two commits: SQLite's automatic checkpoint would run
 * inside the commit that crosses the threshold and hold up every request waiting on it. A passive
 * checkpoint runs beside the writer; the next write transaction after a complete one starts the log over.
 * The writer's WAL hook decides when (StoreWriter::walHook).
 */
class StoreWriter::Checkpointer {
public:
    Checkpointer(QString path, Durability durability);
    ~Checkpointer();
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

    /**
     * Once per completed pass, the log's length when its last checkpoint began (0: none completed since the
     * last call). The writer then copies the pages written since, and the log can start over.
     */
    int takePassDone() { return m_passDoneFrom.exchange(0); }
    /** Starts a pass unless one is asked for or running. Until it is through, no pass counts as done. */
    void request();

private:
    void run(const QString& path, Durability durability);
    /** One passive checkpoint; `logFrames` is the log's length when it began. */
    static bool pass(sqlite3* db, const QString& path, Durability durability, int* logFrames);

    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_requested = false;
    bool m_running = false;
    bool m_stopping = false;
    std::atomic<int> m_passDoneFrom { 0 };
    std::thread m_thread; ///< last: it starts once everything above is ready
};

} // namespace hookscope::store
