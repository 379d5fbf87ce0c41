#pragma once

#include "attemptrow.h"

#include "core/common/result.h"

#include <QList>
#include <QSqlDatabase>

namespace hookscope::replay {

/**
 * Reads and writes the `attempts` table. Writes run on the store's one writer connection (inside a
 * StoreWriter job); reads on any connection.
 */
class AttemptLog final {
public:
    /** Inserts or updates the attempt (keyed by run id and attempt number). */
    static bool write(QSqlDatabase& db, const AttemptRow& row, QString* error = nullptr);
    /** events.replays + 1 (once per replay run, not per attempt). */
    static bool countReplay(QSqlDatabase& db, qint64 eventRowId);
    static Result<QList<AttemptRow>> forEvent(QSqlDatabase& db, qint64 eventRowId);
    static Result<QList<AttemptRow>> forRun(QSqlDatabase& db, const QString& runId);
    /**
     * Replays and sends scheduled before `beforeUs` whose process is gone (only forwards are resumed
     * by the next start): marked failed, so nothing stays pending for ever.
     */
    static bool abandonStale(QSqlDatabase& db, qint64 beforeUs);
    /** Scheduled attempts not yet made, of `kind` (empty: any), oldest first. */
    static Result<QList<AttemptRow>> pending(QSqlDatabase& db, const QString& kind = {});
};

} // namespace hookscope::replay
