#pragma once

#include "eventactions.h"
#include "secretpolicy.h"

#include "core/common/result.h"

#include <QList>
#include <QString>

namespace hookscope::store {
class EventStore;
class StoreWriter;
struct EventRow;
} // namespace hookscope::store

namespace hookscope::actions {

/**
 * What a user does to stored events, for the command line, the window and the local API alike. Each call
 * changes its events and writes their audit entries in one transaction on `writer`, the process's one writer
 * (store::StoreWriter::shared): every event changes, or none does. The error of a call on one event is the
 * action's own sentence; with several, it starts with "event N: " for the event that failed.
 */

/** Sets the events aside with a reason code (EventActions::reasonCodes()) and a note. */
Result<void> quarantine(
    store::StoreWriter& writer, const QList<qint64>& ids, const QString& reason, const QString& note);

/** What release found for one event; the re-check is written in its audit entry. */
struct Released {
    qint64 event = 0;
    QString wasQuarantined; ///< the reason code it was quarantined with
    Recheck recheck;
};

/**
 * The first half of release, reads only: re-parses each event's first delivery and re-verifies its signature
 * (time window ignored) with the secrets `secrets` gives for the event's route (no secrets: not re-verified).
 * `url` is the public URL the provider signed, for schemes that sign it.
 */
Result<QList<Released>> recheckForRelease(store::EventStore& store, const QList<store::EventRow>& events,
    const SecretPolicy& secrets, const QString& url = {});
/** The second half: lifts the quarantine of each re-checked event, its re-check in the audit entry. */
Result<void> applyRelease(store::StoreWriter& writer, const QList<Released>& rechecked, const QString& note);
/** Both halves: re-check, then release; the re-check per event. */
Result<QList<Released>> release(store::EventStore& store, store::StoreWriter& writer,
    const QList<store::EventRow>& events, const QString& note, const SecretPolicy& secrets, const QString& url = {});

/** Moves the events to the bin (hidden until purge; restore undoes it). */
Result<void> discard(store::StoreWriter& writer, const QList<qint64>& ids, const QString& note);
/** Takes the events back out of the bin. */
Result<void> restore(store::StoreWriter& writer, const QList<qint64>& ids, const QString& note);
/** Removes discarded events for good, and per `options` old ones; the removed ids (one audit entry). */
Result<QList<qint64>> purge(store::StoreWriter& writer, const PurgeOptions& options);

/**
 * Retention from a configuration file's "retention" {"days", "newest"} (off unless configured; a file that
 * is missing or unreadable configures none).
 */
PurgeOptions configuredRetention(const QString& configPath);

} // namespace hookscope::actions
