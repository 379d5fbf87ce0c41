#pragma once

#include "core/common/result.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace hookscope::store {

/**
 * The changes a person makes to an event row (quarantine, discard, purge). Each runs on the write connection
 * (inside a StoreWriter job) and says how many rows it changed, so the caller can tell "no such event" apart; the
 * audit entry is the caller's, in the same transaction (AuditLog).
 */
class EventChanges final {
public:
    /** Sets the quarantine reason and note (set by a person, not automatically). */
    static Result<int> quarantine(QSqlDatabase& db, qint64 eventRowId, const QString& reason, const QString& note);
    /** The event's quarantine reason ("" when not quarantined); nullopt when there is no such event. */
    static Result<std::optional<QString>> quarantineReason(QSqlDatabase& db, qint64 eventRowId);
    static Result<int> release(QSqlDatabase& db, qint64 eventRowId);
    /** Into the Bin at `nowUs`, unless it is there already. */
    static Result<int> discard(QSqlDatabase& db, qint64 eventRowId, qint64 nowUs);
    /** Out of the Bin, if it is there. */
    static Result<int> restore(QSqlDatabase& db, qint64 eventRowId);
    /**
     * The events purge removes, by id: those in the Bin, and (when given) those received before `receivedBeforeUs`
     * and all but the newest `keepNewest`.
     */
    static Result<QList<qint64>> purgeCandidates(
        QSqlDatabase& db, std::optional<qint64> receivedBeforeUs, std::optional<int> keepNewest);
    /** Deletes the event with its deliveries, attachments rows and attempts (by the schema's cascades). */
    static Result<void> remove(QSqlDatabase& db, qint64 eventRowId);
};

} // namespace hookscope::store
