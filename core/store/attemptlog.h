#pragma once

#include "core/common/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>

namespace hookscope::store {

/** One stored attempt of a replay, forward or send (table `attempts`). */
struct AttemptRow {
    qint64 id = 0;
    qint64 eventRowId = 0; ///< 0 for `send`
    QString runId;
    QString kind; ///< replay | forward | send
    QString rule;
    QString target;
    QString mode;
    QJsonObject spec; ///< ReplaySpec::toJson() plus what rebuilding needs (never a secret)
    int attempt = 1;
    int maxAttempts = 1;
    QString state; ///< pending | done | failed
    qint64 scheduledUs = 0;
    qint64 startedUs = 0;
    qint64 finishedUs = 0;
    QString requestMethod;
    QString requestUrl;
    QByteArray requestHead;
    QByteArray requestBody;
    int status = 0;
    qint64 latencyMs = 0;
    QByteArray responseHead;
    QByteArray responseBody;
    qint64 responseSize = 0;
    QString error;

    QJsonObject toJson(bool withBodies = false) const;
};

/**
 * Reads and writes the `attempts` table. Writes run on the store's one writer connection (inside a
 * StoreWriter job); reads on any connection.
 */
class AttemptLog final {
public:
    /** Inserts or updates the attempt (keyed by run id and attempt number). */
    static Result<void> write(QSqlDatabase& db, const AttemptRow& row);
    /** events.replays + 1: once per replay run answered 2xx (a failed replay is not counted). */
    static Result<void> countReplay(QSqlDatabase& db, qint64 eventRowId);
    static Result<QList<AttemptRow>> forEvent(QSqlDatabase& db, qint64 eventRowId);
    static Result<QList<AttemptRow>> forRun(QSqlDatabase& db, const QString& runId);
    /**
     * Replays and sends scheduled before `beforeUs` whose process is gone (only forwards are resumed
     * by the next start): marked failed, so nothing stays pending for ever.
     */
    static Result<void> abandonStale(QSqlDatabase& db, qint64 beforeUs);
    /** Scheduled attempts not yet made, of `kind` (empty: any), oldest first. */
    static Result<QList<AttemptRow>> pending(QSqlDatabase& db, const QString& kind = {});
};

} // namespace hookscope::store

Q_DECLARE_METATYPE(hookscope::store::AttemptRow)
