#pragma once

#include <QJsonObject>

#include "core/common/result.h"
#include "core/verify/verdict.h"

#include <QList>
#include <QSqlDatabase>
#include <QStringList>

#include <optional>

namespace hookscope::store {
struct DeliveryRow;
struct EventRow;
} // namespace hookscope::store

namespace hookscope::actions {

/** What purge removes besides discarded events (retention; off unless given). */
struct PurgeOptions {
    std::optional<int> olderThanDays; ///< also every event received longer ago
    std::optional<int> keepNewest; ///< also every event but the newest N
};

/** What re-verifying and re-parsing a quarantined event found. */
struct Recheck {
    verify::Verdict verdict;
    bool verified = false; ///< a secret was available to check against
    std::optional<qint64> originalSkewMs; ///< capture time − signed timestamp
    bool parsed = false;
    QString parseError;
    QString note; ///< why the signature could not be re-verified, when it could not for a reason besides no secret

    QJsonObject toJson() const;
};

/**
 * Quarantine, release, discard, restore and purge: each changes the event row and writes its audit
 * entry in the same transaction. The functions run on the writer connection (inside a StoreWriter job).
 */
class EventActions final {
public:
    /** The reason codes of PRODUCT.md. */
    static QStringList reasonCodes();

    static Result<void> quarantine(QSqlDatabase& db, qint64 eventRowId, const QString& reason, const QString& note);
    static Result<void> release(QSqlDatabase& db, qint64 eventRowId, const QString& note, const QJsonObject& details);
    static Result<void> discard(QSqlDatabase& db, qint64 eventRowId, const QString& note);
    static Result<void> restore(QSqlDatabase& db, qint64 eventRowId, const QString& note);
    /** Removes discarded events (and, per `options`, old ones); returns the removed ids. */
    static Result<QList<qint64>> purge(QSqlDatabase& db, const PurgeOptions& options);

    /**
     * Re-parses the payload and re-verifies the signature ignoring the time window, as of the
     * capture time (so the skew shown is the original one). No secrets: verification is skipped.
     * Credentials a scheme checks in clear (Postmark) are not stored: they are re-verified against the keyed hash
     * kept in the verdict, with the credential key beside the store at `storePath`; without that key, the
     * recheck says it cannot re-verify them.
     */
    static Recheck recheck(const store::EventRow& event, const store::DeliveryRow& delivery,
        const QList<QByteArray>& secrets, const QString& url = {}, const QString& storePath = {});
};

} // namespace hookscope::actions
