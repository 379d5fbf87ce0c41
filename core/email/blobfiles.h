#pragma once

#include "core/common/result.h"

#include <QByteArray>
#include <QString>

namespace hookscope::email {

/**
 * Attachment bytes up to this size live in the store's `blobs` table; larger ones in files beside the
 * database (see resources/migrations/002_email.sql for the measurement behind the figure).
 */
constexpr qint64 kBlobInDatabaseLimit = 128 * 1024;

/** `<database>.blobs/<first two hex digits>/<sha256>`. */
QString blobFilePath(const QString& databasePath, const QString& sha256);

/** Writes `data` to its blob file unless a file of that size is already there (write to a temporary, rename). */
Result<void> writeBlobFile(const QString& databasePath, const QString& sha256, const QByteArray& data);

/** The blob file's bytes, checked against the hash; fails when it is missing or damaged. */
Result<QByteArray> readBlobFile(const QString& databasePath, const QString& sha256);

} // namespace hookscope::email
