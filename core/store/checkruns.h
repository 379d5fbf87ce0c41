#pragma once

#include "core/common/result.h"

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace hookscope::store {

/** One run of `hookscope check`, with its scorecard. */
struct CheckRun {
    qint64 id = 0;
    qint64 startedUs = 0; ///< microseconds since the epoch
    QString targetUrl; ///< without user info
    QString scheme;
    bool passed = false;
    QJsonObject result; ///< the scorecard as `check --json` prints it
};

/** The `check_runs` table: written through the store's writer, read on any connection. */
class CheckRuns final {
public:
    /** Appends `run` (on the write connection, inside a StoreWriter job); returns its id. */
    static Result<qint64> append(QSqlDatabase& db, const CheckRun& run);
    /** Newest first; an empty `targetUrl` reads every target's; `limit` 0 reads all. */
    static Result<QList<CheckRun>> read(QSqlDatabase& db, const QString& targetUrl = {}, int limit = 0);
};

} // namespace hookscope::store
