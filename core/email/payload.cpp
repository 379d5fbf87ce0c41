#include "payload.h"

#include "adapter.h"
#include "adapters/common.h"
#include "formdata.h"
#include "mimeparser.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace hookscope::email {

using adapters::baseType;
using adapters::isPostmark;
using adapters::looksLikeMime;
using adapters::rawMimeField;

PayloadKind detectPayload(QByteArrayView contentType, QByteArrayView body)
{
    return detectPayload(contentType, body, nullptr);
}

PayloadKind detectPayload(QByteArrayView contentType, QByteArrayView body, QJsonObject* object)
{
    const QByteArray type = baseType(contentType);
    if (type == "message/rfc822")
        return looksLikeMime(body) ? PayloadKind::RawMime : PayloadKind::Unreadable;
    if (type == "application/x-www-form-urlencoded")
        return looksLikeUrlEncodedForm(body) ? PayloadKind::MailgunForm : PayloadKind::Unreadable;
    if (type == "multipart/form-data")
        return looksLikeMultipartForm(contentType, body) ? PayloadKind::SendGridForm : PayloadKind::Unreadable;
    QJsonParseError error;
    // fromRawData: classifying must not copy a body that may be 50 MiB.
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromRawData(body.data(), body.size()), &error);
    if (error.error != QJsonParseError::NoError || !(doc.isObject() || doc.isArray())) {
        // Raw MIME posted without the right content type still reads as raw MIME.
        if ((type.isEmpty() || type == "text/plain" || type == "application/octet-stream") && looksLikeMime(body))
            return PayloadKind::RawMime;
        return PayloadKind::Unreadable;
    }
    if (doc.isObject()) {
        const QJsonObject o = doc.object();
        if (object)
            *object = o;
        if (!rawMimeField(o).isEmpty())
            return PayloadKind::JsonWithRawMime;
        if (o.contains(u"subject"_s) || o.contains(u"from"_s) || o.contains(u"messageId"_s) || isPostmark(o))
            return PayloadKind::EventJson;
    }
    return PayloadKind::OtherJson;
}

Result<EmailMessage> parsePayload(QByteArrayView contentType, const QByteArray& body)
{
    return parsePayload(PayloadRequest::of(contentType, body), MimeReadOptions {});
}

Result<EmailMessage> parsePayload(QByteArrayView contentType, const QByteArray& body, const MimeReadOptions& options)
{
    return parsePayload(PayloadRequest::of(contentType, body), options);
}

} // namespace hookscope::email
