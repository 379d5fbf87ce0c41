#pragma once

#include "core/common/result.h"

#include <QByteArrayView>
#include <QString>

#include <optional>
#include <vector>

struct sqlite3;

namespace hookscope::store {

/** Where one delivery's body lies in its store's body segments (the delivery row's body_* columns). */
struct BodyRef {
    qint64 segment = 0;
    qint64 offset = 0;
    qint64 size = 0;
    quint32 checksum = 0; ///< CRC-32 (zlib's) of the bytes
};

/**
 * The request bodies of a store, written once: appended to segment files in a folder beside the store
 * (`STORE.bodies/00000001.seg`, …) instead of into SQLite's pages, where each body was written twice (into the
 * WAL, then copied back at the checkpoint) and checksummed with every page around it. The delivery row keeps the
 * body's segment, offset, size and CRC-32; `hookscope_body(…)` (registerBodyReader) reads it back in SQL.
 *
 * Only the store's writer appends, on its thread and inside its write transaction: SQLite's write lock is what
 * keeps two processes writing one store from appending at once, so the end of the current segment is read from
 * the file itself at an append that follows another connection's commit. Bytes are appended before the rows that point
 * at them are committed; a batch whose commit never happens (a rollback, the process killed) leaves bytes no row points
 * at, which the next append overwrites (undoAppend) or recover() cuts off.
 */
class BodySegments final {
public:
    explicit BodySegments(const QString& storePath);
    ~BodySegments();
    BodySegments(const BodySegments&) = delete;
    BodySegments& operator=(const BodySegments&) = delete;

    /** The folder that holds the segments of the store at `storePath`. */
    static QString folderOf(const QString& storePath);

    /**
     * Inside a write transaction, before the first append: opens the newest segment (creating the folder and the
     * first segment) and cuts off its bytes past the last body a committed row points at. A store that points
     * past a segment's end (power lost in Normal durability before the bytes reached the disk) is reported in
     * the returned warning; the bodies concerned read as an error naming them.
     */
    Result<QString> recover(sqlite3* db);

    /**
     * Inside the write transaction on `db`: appends the bodies one after another in one write; their places, in
     * order. Where the segment ends is read from the file system, unless no other connection has committed since
     * this one's last commit after an append (SQLite's data version says so): then it is where that append ended.
     * Only the newest two segments can hold bytes that are not on the disk: as the next one begins, the one before
     * the full segment is synced, unless sync() has since.
     */
    Result<std::vector<BodyRef>> append(sqlite3* db, const std::vector<QByteArrayView>& bodies);
    /** The transaction of the last append committed on `db`. */
    void committed(sqlite3* db);
    /** Takes back the last append (its transaction is being rolled back). */
    void undoAppend();
    /** Makes what was appended durable (fdatasync; the segment left behind too), before the commit pointing at it. */
    Result<void> sync();

    /**
     * fdatasync of the store's newest two segments, from any thread or process (the checkpointer, before a pass):
     * the older ones are on the disk already (append()).
     */
    static void syncNewest(const QString& storePath);

private:
    Result<void> openSegment(qint64 number, bool create);
    /** Syncs the segment before m_segment if this connection may have left bytes in it unsynced. */
    Result<void> syncPrevious();

    QString m_folder;
    qint64 m_segment = 0;
    int m_fd = -1;
    qint64 m_lastStart = -1; ///< where the last append began, until the next one (undoAppend)
    qint64 m_knownEnd = -1; ///< where the last append ended
    bool m_previousUnsynced = false; ///< the segment before m_segment may hold bytes this connection has not synced
    std::optional<unsigned>
        m_knownVersion; ///< SQLite's data version once its transaction committed; none: read the file
};

/**
 * Registers on a connection the SQL functions that read a delivery's body wherever it is:
 * `hookscope_body(body, body_segment, body_offset, body_size, body_checksum)` is the inline `body` when the row has
 * no segment, else the bytes read from the segment and checked against the CRC-32 (an error that names the segment
 * and offset when they are missing or differ); with a sixth argument N, only the first N bytes (unchecked: for a
 * list's preview). Segment files stay open for the connection's life.
 */
void registerBodyReader(sqlite3* db);

/**
 * The select expression of a delivery's body, its columns prefixed by `table` ("d." or empty); with `previewBytes`
 * at least 0, only that many first bytes (unchecked, for a list's preview).
 */
QString bodyExpression(QStringView table = {}, qint64 previewBytes = -1);

} // namespace hookscope::store
