#pragma once

// What the payload adapters share: reading addresses, base64 and header blocks the same way, and joining a
// provider's own reading with the raw MIME it carried.

#include "core/email/adapter.h"
#include "core/email/payloaddiff.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

#include <string_view>

namespace hookscope::email::adapters {

/** Lower-case media type without parameters. */
QByteArray baseType(QByteArrayView contentType);
/** A header block at the start: "Name: value" lines (an mbox "From " line allowed first). */
bool looksLikeMime(QByteArrayView body);
/** Raw MIME as a payload field carries it: as is, or base64 of it (decoded when it is). */
QByteArray mimeFromField(const QByteArray& field);
bool validAddress(const QString& address);
bool validContentType(const QString& type);
/** Sets data, size and SHA-256. */
void setAttachmentData(Attachment& a, QByteArray data);
/** "<id>" → "id". */
QString bareId(QString id);
/** A JSON address: "Name <addr>", a bare address or {address, name}; warnings name `field`. */
Address readAddress(const QJsonValue& v, const QString& field, QStringList& warnings);
QList<Address> readAddressList(const QJsonValue& v, const QString& field, QStringList& warnings);
/** Strict base64 (line breaks allowed); lenient decoding with a warning otherwise. */
QByteArray readBase64(const QString& text, const QString& field, QStringList& warnings);
/** A header block ("Name: value" lines, folded or not) as a lower-case name → first value object. */
QJsonObject headerBlock(const QByteArray& block);
/** The fields that carry raw MIME in the guide's JSON or Postmark's, in the order they are looked for. */
inline constexpr std::string_view kRawMimeFields[] = { "raw", "rawMime", "RawEmail" };
/** Fields only Postmark's inbound JSON has. */
inline constexpr std::string_view kPostmarkFields[] = { "FromFull", "TextBody", "HtmlBody", "MessageID", "RawEmail" };
/** The raw MIME field (the first of kRawMimeFields that is a string); empty when none. */
QString rawMimeField(const QJsonObject& o, QString* fieldName = nullptr);
/** Whether `o` has one of kPostmarkFields. */
bool isPostmark(const QJsonObject& o);
/** The fields of `o` not in `known`, for EmailMessage::extra. */
QJsonObject unknownFields(const QJsonObject& o, const QStringList& known);

/**
 * The MIME reading becomes the model (it is what the receiver's MIME pane shows), the provider's own
 * reading is kept beside it, and every disagreement between the two becomes a warning, except those of
 * `notCompared` (fields the provider never sends in that mode).
 */
Result<EmailMessage> withRawMime(EmailMessage provider, const QByteArray& raw, const MimeReadOptions& options,
    bool providerHasFields, const QSet<PayloadDifference::Kind>& notCompared = {});

/** The guide's event JSON read into the model (adapter "event-json"). */
EmailMessage readEventJson(const QJsonObject& o);
/**
 * A JSON payload read by `provider` that may carry raw MIME in rawMimeField(): the MIME reading then becomes the
 * model, the provider's fields its providerView.
 */
Result<EmailMessage> withJsonRawMime(EmailMessage provider, const QJsonObject& o, const MimeReadOptions& options);
/** A message saying the payload is not the JSON object `adapter` reads. */
EmailMessage notAJsonObject(const QString& adapter);

// The adapters, one per file in this folder.
const PayloadAdapter& eventJsonAdapter();
const PayloadAdapter& postmarkAdapter();
const PayloadAdapter& otherJsonAdapter();
const PayloadAdapter& rawMimeAdapter();
const PayloadAdapter& sendGridAdapter();
const PayloadAdapter& mailgunAdapter();
const PayloadAdapter& sesAdapter();
const PayloadAdapter& sparkPostAdapter();
const PayloadAdapter& mandrillAdapter();
const PayloadAdapter& postalAdapter();
const PayloadAdapter& mailerSendAdapter();
const PayloadAdapter& mailjetAdapter();
const PayloadAdapter& brevoAdapter();
const PayloadAdapter& resendAdapter();

} // namespace hookscope::email::adapters
