#pragma once

#include "core/common/result.h"

#include <QByteArray>
#include <QJsonObject>

namespace hookscope::exporting {

/**
 * Builds a MIME message (RFC 5322, with GMime) from an event-schema JSON payload: From/To/Cc,
 * Subject, Message-ID, Date from receivedAt, text and HTML as multipart/alternative, attachments
 * (dataBase64) as parts of a multipart/mixed, inline when they have a contentId.
 */
Result<QByteArray> mimeFromEventJson(const QJsonObject& event);

/**
 * The event-schema JSON of a raw MIME message (what `send FILE.eml` posts), through the email
 * parser (email::parseMime), with an id and a receive time made up when the message has none.
 */
Result<QJsonObject> eventJsonFromMime(const QByteArray& mime);

} // namespace hookscope::exporting
