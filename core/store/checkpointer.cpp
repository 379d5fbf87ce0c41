#include "checkpointer.h"

#include "bodysegments.h"

#include <algorithm>

#include <pthread.h>
#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace hookscope::store {

namespace {
/// What the checkpointer leaves for the writer to copy before the log starts over: a few milliseconds' writes.
constexpr int kWriterCopyFrames = 300;

/**
 * Syncs the store's file through the connection's own handle. Never through a descriptor opened for it: closing any
 * descriptor of a file drops every POSIX lock the process holds on it, SQLite's included.
 */
void syncStore(sqlite3* db)
{
    sqlite3_file* file = nullptr;
    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &file) == SQLITE_OK && file && file->pMethods)
        file->pMethods->xSync(file, SQLITE_SYNC_NORMAL);
}
} // namespace

StoreWriter::Checkpointer::Checkpointer(QString path, Durability durability)
    : m_thread([this, path = std::move(path), durability] { run(path, durability); })
{
}

StoreWriter::Checkpointer::~Checkpointer()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void StoreWriter::Checkpointer::request()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_requested || m_running)
            return;
        m_requested = true;
        m_passDoneFrom = 0;
    }
    m_wake.notify_one();
}

void StoreWriter::Checkpointer::run(const QString& path, Durability durability)
{
    pthread_setname_np(pthread_self(), "checkpoint");
    const QString name = threadConnectionName(u"checkpoint"_s);
    {
        auto opened = openDatabase(path, name, durability);
        sqlite3* db = opened ? sqliteHandle(*opened) : nullptr;
        for (;;) {
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [this] { return m_stopping || m_requested; });
                if (m_stopping)
                    break;
                m_requested = false;
                m_running = true;
            }
            int logFrames = 0;
            bool done = pass(db, path, durability, &logFrames);
            // The writer is about to copy the rest of the log itself and start it over (walHook), with requests
            // waiting: first copy what was written during this pass, and again while that was a lot, so that it
            // is left a few hundred pages to sync and copy, not the thousands written during a long pass.
            for (int more = 0; done && logFrames >= kLogRestartFrames && more < 3; ++more) {
                const int before = logFrames;
                done = pass(db, path, durability, &logFrames);
                if (logFrames - before < kWriterCopyFrames)
                    break;
            }
            // SQLite syncs the store after a pass only when the pass copied the whole log, never while requests
            // keep coming: the writer's own copy, which does, would then sync every page copied since the log
            // last started over (16 to 19 ms here). Synced here, beside the writer, only its own are left.
            if (done)
                syncStore(db);
            std::lock_guard lock(m_mutex);
            m_running = false;
            m_passDoneFrom = done ? std::max(logFrames, 1) : 0;
        }
        if (opened)
            opened->close();
    }
    QSqlDatabase::removeDatabase(name);
}

bool StoreWriter::Checkpointer::pass(sqlite3* db, const QString& path, Durability durability, int* logFrames)
{
    // The pages a pass copies into the store point at bodies: those reach the disk first (with Full
    // durability every commit synced its bodies already).
    if (durability == Durability::Normal)
        BodySegments::syncNewest(path);
    return db && sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, logFrames, nullptr) == SQLITE_OK;
}

} // namespace hookscope::store
