#pragma once

#include "core/common/result.h"

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace hookscope::store {

/** One line of the audit log: what was done to which event, when and why. */
struct AuditEntry {
    qint64 id = 0;
    qint64 timeUs = 0; ///< 0: now, when written
    QString action; ///< quarantine | release | discard | restore | purge | replay | export | import | forward
    qint64 eventRowId = 0; ///< 0 when the action concerns no single event (purge, export --all)
    QString reason;
    QString note;
    QJsonObject details;

    QJsonObject toJson() const;
};

/** The `audit` table: appended to inside the writer's transaction that made the change, read anywhere. */
class AuditLog final {
public:
    /** On the write connection (inside a StoreWriter job). */
    static Result<void> append(QSqlDatabase& db, const AuditEntry& entry);
    /** Each of `entries`, in order; the first failure stops it. */
    static Result<void> append(QSqlDatabase& db, const QList<AuditEntry>& entries);
    /** Newest first; `eventRowId` 0 reads every event's; `limit` 0 reads all. */
    static Result<QList<AuditEntry>> read(QSqlDatabase& db, qint64 eventRowId = 0, int limit = 0);
};

} // namespace hookscope::store
