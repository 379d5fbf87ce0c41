#pragma once

#include "core/common/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace hookscope::store {
class EventStore;
}

namespace hookscope::api {

/**
 * One event as `show --json` prints it (the local API answers the same object): the list's object with
 * `deliveryList` (every delivery) and `attempts` (every request Hookscope sent for it). With `withEmail`, also
 * `email`: the email read from its payload in the event schema, attachments described (filename, contentType,
 * size, sha256, contentId, inline) without their bytes; null when the payload carries no email. nullopt: no such
 * event.
 */
Result<std::optional<QJsonObject>> eventDetailJson(store::EventStore& store, qint64 eventRowId, bool withEmail);

/** The decoded bytes of an event's attachment, or why there are none. */
struct AttachmentBytes {
    enum class Found {
        Yes,
        NoEvent, ///< no event with that id
        NoAttachment, ///< the email has no attachment with that number (or there is no email)
        NoBytes, ///< the payload declared the attachment without carrying its bytes
    };
    Found found = Found::NoEvent;
    QByteArray data;
    QString contentType; ///< lower-case type/subtype, as the sender declared it
};

/**
 * Attachment `index` (0-based, the order of `email.attachments`) of an event: from the store when its email
 * has been read out, else read from the payload the way `eventDetailJson` reads it.
 */
Result<AttachmentBytes> eventAttachment(store::EventStore& store, qint64 eventRowId, qint64 index);

} // namespace hookscope::api
