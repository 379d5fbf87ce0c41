#pragma once

#include "core/common/result.h"

#include <QSqlDatabase>
#include <QString>

class QThread;
struct sqlite3;

namespace hookscope::store {

enum class Durability {
    Normal, ///< WAL, synchronous=NORMAL: survives the process being killed at any moment
    Full, ///< WAL, synchronous=FULL: survives power loss as well
};

/** The schema version this build writes (the highest migration it carries). */
int latestSchemaVersion();

/**
 * Opens (creating it 0600 if needed) the store at `path` under a connection name of the caller's
 * choosing — one per thread — with WAL, a busy timeout and the forward-only migrations applied, each
 * numbered migration in its own transaction. The first open of a store in a process runs SQLite's
 * `quick_check` (stores up to 128 MiB) and refuses a damaged store, saying so.
 */
Result<QSqlDatabase> openDatabase(const QString& path, const QString& connectionName,
    Durability durability = Durability::Normal, bool readOnly = false);

/** PRAGMA user_version of an open store. */
int schemaVersion(QSqlDatabase& db);

/** Runs a multi-statement SQL script (migrations) through SQLite itself. */
Result<void> executeScript(QSqlDatabase& db, const QByteArray& sql);

/** SQLite's own handle of an open QSQLITE connection (nullptr for any other driver). */
sqlite3* sqliteHandle(QSqlDatabase& db);

/**
 * How many SQL statements the connections opened by openDatabase() (readers, the writer, the CLI's) have started
 * on `thread` while it ran: a count kept per thread, cheap enough to stay on. It shows where the store is read,
 * e.g. that the window never reads it on its GUI thread. Counts of a thread that has ended are dropped.
 */
qint64 statementsRunOn(const QThread* thread);

/** A connection name unique to this thread and purpose. */
QString threadConnectionName(const QString& purpose);

} // namespace hookscope::store
