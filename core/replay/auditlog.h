#pragma once

#include "auditentry.h"

#include "core/common/result.h"

#include <QList>
#include <QSqlDatabase>

namespace hookscope::replay {

/** The `audit` table: appended to inside the writer's transaction that made the change, read anywhere. */
class AuditLog final {
public:
    static bool append(QSqlDatabase& db, const AuditEntry& entry, QString* error = nullptr);
    /** Newest first; `eventRowId` 0 reads every event's; `limit` 0 reads all. */
    static Result<QList<AuditEntry>> read(QSqlDatabase& db, qint64 eventRowId = 0, int limit = 0);
};

} // namespace hookscope::replay
