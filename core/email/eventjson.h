#pragma once

#include "payload.h"

#include <QJsonObject>

namespace hookscope::email {

/**
 * The email as event-schema JSON (PRODUCT.md): messageId, subject, from, to, cc, text, html (null when
 * absent), attachments with filename, contentType, size, contentId, sha256 and, with `withData`,
 * dataBase64; headers. Absent single values are null.
 */
QJsonObject toEventJson(const EmailMessage& message, bool withData = true);

} // namespace hookscope::email
