#pragma once

#include "core/common/result.h"
#include "core/email/payload.h"

#include <QByteArray>
#include <QLatin1StringView>
#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <optional>
#include <utility>

namespace hookscope::store {

/** What the post-processor reads of a delivery: its body and its raw head (for the Content-Type). */
struct StoredPayload {
    QByteArray body;
    QByteArray rawHead;
    QString route; ///< the event's route (its `"payload"` setting chooses the adapter)
};

/** Reads delivery payloads on the post-processor's own connection, one prepared statement for all. */
class PayloadReader final {
public:
    explicit PayloadReader(QSqlDatabase& db);
    /** nullopt when the delivery is gone (purged meanwhile). */
    Result<std::optional<StoredPayload>> read(qint64 deliveryRowId);

private:
    QSqlQuery m_query;
};

/**
 * SQL over `events`: whether the post-processor reads the event's email. Every accepted event's, and, so that the
 * search finds them by their subject and addresses like any other, those of events not accepted (a failed
 * signature, missing headers) that carry a body; a request refused before it was read (oversize, …) is not.
 * IngestOutcome::readEmail says the same of a delivery as it is stored.
 */
inline constexpr QLatin1StringView kEmailIsRead { "(accepted = 1 OR (size > 0 AND key_source <> 'refused'))" };

/**
 * Events whose email is to be read (kEmailIsRead) but was not (a previous run was killed, or a store written before
 * events not accepted were read), each with its first 2xx delivery, else its first one.
 */
Result<QList<std::pair<qint64, qint64>>> unprocessedEvents(QSqlDatabase& db);

/** Writes the email fields of events (subject, addresses, …) on the write connection, one prepared statement. */
class EmailFieldsWriter final {
public:
    explicit EmailFieldsWriter(QSqlDatabase& db);
    /**
     * The fields of `parsed`, or, when it could not be read, why (in `warnings`); the event counts as processed, and
     * enters the list's sort indexes (`sort_indexed`, migration 015).
     */
    Result<void> write(qint64 eventRowId, const Result<email::EmailMessage>& parsed);

private:
    QSqlQuery m_update;
};

/**
 * Puts events in the list's sort indexes without email fields (`sort_indexed`, migration 015): those the
 * post-processor was given but whose payload it could not read, so that they do not wait outside the indexes forever.
 */
Result<void> enterSortIndexes(QSqlDatabase& db, const QList<qint64>& eventRowIds);

/** One email to index (its event and the parsed message). */
struct IndexedEmail {
    qint64 eventRowId = 0;
    const email::EmailMessage* message = nullptr;
};

/**
 * The attachments and search index of a group's emails, and their events' identifiers (storeEventIds), read or not.
 * They ride along: if they fail, the email fields still land. One savepoint for the group, because SQLite's FTS5 writes
 * its pending terms out as a new index segment at every savepoint (one per email made the index merge constantly); when
 * the group fails, each email is tried on its own, so one bad email does not cost the others their index. Runs on the
 * write connection.
 */
void storeEmailIndexes(QSqlDatabase& db, const QString& databasePath, const QList<IndexedEmail>& group);

} // namespace hookscope::store
