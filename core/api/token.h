#pragma once

#include "core/common/result.h"

#include <QByteArray>
#include <QString>

namespace hookscope::api {

/** Where the local API's token lives unless told otherwise: `api-token` in the per-user data directory. */
QString defaultTokenPath();

/**
 * The local API's bearer token from `path`, made on first use: 32 random bytes as 64 hex digits, written to a
 * new file that only its owner may read or write (0600). A file others may read, or an empty one, is refused.
 */
Result<QByteArray> loadOrCreateToken(const QString& path);

/** True when `authorization` (the header's value) is "Bearer TOKEN" with this token (compared in constant time). */
bool bearerMatches(QByteArrayView authorization, QByteArrayView token);

} // namespace hookscope::api
