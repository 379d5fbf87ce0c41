#pragma once

#include <QtGlobal>

namespace hookscope::store {

/**
 * SQLite's `unix` VFS with one difference: a connection writes its WAL frames to the file once per transaction's
 * commit, in one write, instead of twice per page (each frame's header, then its page: some forty system calls
 * for a group commit of a few requests, each of which the ingest path paid for; see BENCHMARKS.md, #19).
 *
 * A WAL file's writes are kept in memory while they follow one another in the file. They go to the file:
 * - with the write of the frame that commits (the frame whose header carries the database size, WAL format), so
 *   that an error there fails the commit as any write error does, before SQLite publishes the frames in the
 *   WAL index for other connections to read;
 * - before any other operation on that file (a read, a sync, its size, a truncation, its close) and before a write
 *   elsewhere in it;
 * - and, as a safeguard, when the connection's database file passes a shared-memory barrier (SQLite passes one
 *   between the two copies of the WAL index header it writes at every commit), in case a future SQLite wrote
 *   a commit in another pattern.
 * A process killed with frames kept in memory had not committed them: they were never acknowledged.
 *
 * Registered once, as the process's default VFS, by openDatabase(); every connection goes through it.
 */
void registerWalVfs();

/** Writes made to WAL files through this VFS since the process started, and how many times they were flushed. */
struct WalVfsCounts {
    qint64 writes = 0; ///< xWrite calls SQLite made on WAL files
    qint64 flushes = 0; ///< writes that reached the file
};
WalVfsCounts walVfsCounts();

} // namespace hookscope::store
