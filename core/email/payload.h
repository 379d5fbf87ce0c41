#pragma once

#include "core/common/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace hookscope::email {

struct Address {
    QString address;
    QString name;
};

struct Attachment {
    QString filename;
    QString contentType; ///< lower-case type/subtype
    qint64 size = 0;
    QString contentId; ///< without angle brackets
    bool isInline = false;
    QByteArray data; ///< decoded bytes; may be left empty when read for hashing only
    QString sha256; ///< lower-case hex of the decoded bytes, when known
    QString partPath; ///< IMAP-style section ("1.2") in the raw MIME; empty when not from MIME
    bool hasData = false; ///< `data`/`sha256` describe the content (false: the payload only declared it)
};

/** The email inside an event, whatever shape the provider posted it in. */
struct EmailMessage {
    QString adapter; ///< which payload adapter read it ("event-json", "raw-mime", ...)
    QString id; ///< the payload's event id, if any
    QString messageId;
    QString receivedAt;
    Address from;
    QList<Address> to;
    QList<Address> cc;
    QString subject;
    std::optional<QString> text;
    std::optional<QString> html;
    QList<Attachment> attachments;
    QJsonObject headers;
    QByteArray rawMime; ///< kept whenever the payload carries it
    QStringList warnings;
    QString date; ///< the Date header as written, when read from MIME
    QJsonObject extra; ///< fields of a JSON payload that the model has no place for, kept as they came
    /** The provider's own reading (its JSON) when the payload also carried raw MIME; see payloaddiff.h. */
    std::shared_ptr<const EmailMessage> providerView;
};

enum class PayloadKind {
    EventJson, ///< the guide's event schema
    JsonWithRawMime, ///< JSON carrying raw MIME in a field
    RawMime, ///< message/rfc822 body
    SendGridForm, ///< multipart/form-data, SendGrid Inbound Parse
    MailgunForm, ///< application/x-www-form-urlencoded, Mailgun routes
    OtherJson, ///< JSON that is not an email event (still readable)
    Unreadable, ///< no adapter can read it: malformed-payload
};

/** What the ingest path reads of a payload that is a JSON object, for its idempotency key. */
struct PayloadIds {
    QString id; ///< top-level `id`: a string as it is, a number as QString::number(value, 'g', 17); else empty
    QString messageId; ///< top-level `messageId` when it is a string; else empty
};
/** The same fields of an object already parsed (a key given twice counts with its last value, as in JSON here). */
PayloadIds payloadIds(const QJsonObject& object);

/** Cheap classification, safe on the ingest hot path (no MIME parsing). */
PayloadKind detectPayload(QByteArrayView contentType, QByteArrayView body);
/**
 * The same, handing back the ids of the JSON object it read on the way, when the body is a non-empty one. Bodies up
 * to 1 MiB are read with simdjson; what it cannot read, and larger bodies, with Qt's parser, which decides as before.
 */
PayloadKind detectPayload(QByteArrayView contentType, QByteArrayView body, std::optional<PayloadIds>* ids);

/** Reads the email out of a payload (after the ack: this may parse MIME). */
Result<EmailMessage> parsePayload(QByteArrayView contentType, const QByteArray& body);

struct MimeReadOptions;
/** The same, with control over how the attachments of raw MIME are decoded (see MimeReadOptions). */
Result<EmailMessage> parsePayload(QByteArrayView contentType, const QByteArray& body, const MimeReadOptions& options);

} // namespace hookscope::email
