#pragma once

#include "core/common/result.h"
#include "core/email/payload.h"

#include <QSqlDatabase>
#include <QString>

namespace hookscope::store {

/** Whether the store carries the email tables (migration 002). */
bool hasEmailTables(QSqlDatabase& db);

/**
 * Stores one blob once per SHA-256: in the `blobs` table up to email::kBlobInDatabaseLimit, else as a file beside
 * `databasePath` (written first, then the row with NULL data). Runs on the write connection.
 */
Result<void> storeBlob(QSqlDatabase& db, const QString& databasePath, const QString& sha256, const QByteArray& data);

/**
 * Replaces the event's attachment rows and full-text entry with `message`'s. Attachments that still carry
 * their bytes (JSON payloads) are stored as blobs here; raw MIME attachments were streamed before.
 */
Result<void> storeEmailIndex(
    QSqlDatabase& db, const QString& databasePath, qint64 eventRowId, const email::EmailMessage& message);

/**
 * Replaces the event's entry in the identifiers' trigram index (event_ids, migration 008) with its row's provider
 * id, Message-ID and delivery id (the key, when a header of the sender's gave it and it is not one of the others),
 * so that the search finds any part of them.
 */
Result<void> storeEventIds(QSqlDatabase& db, qint64 eventRowId);

/**
 * Free text as an FTS5 query over email_fts: each word a prefix term, all required; "double quotes" make a
 * phrase of whole words; `from:`, `to:`, `cc:`, `subject:`, `body:` and `attachment:` (or `filename:`) restrict a
 * word or a phrase to one field. Empty when nothing searchable is left.
 */
QString ftsQuery(const QString& text);

} // namespace hookscope::store
