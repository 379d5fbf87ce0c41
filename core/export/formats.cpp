#include "formats.h"

#include "mimeconvert.h"

#include "core/replay/capturedrequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace hookscope::exporting {

namespace {

bool isUtf8Text(const QByteArray& bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(bytes);
    return !decoder.hasError() && !bytes.contains('\0');
}

QJsonArray headersJson(const http::HttpHeaders& headers, const ExportOptions& options)
{
    QJsonArray list;
    for (const auto& h : headers) {
        const QByteArray value = options.redactAuthorization && isAuthorizationHeader(h.name) ? "[redacted]" : h.value;
        list.append(
            QJsonObject { { u"name"_s, QString::fromLatin1(h.name) }, { u"value"_s, QString::fromUtf8(value) } });
    }
    return list;
}

} // namespace

QJsonObject toJson(const EventBundle& b, const ExportOptions& options)
{
    QJsonObject o;
    o.insert(u"format"_s, u"hookscope-event"_s);
    o.insert(u"version"_s, 1);
    o.insert(u"event"_s, b.event.toJson());
    QJsonArray deliveries;
    for (const auto& d : b.deliveries) {
        QJsonObject j = d.toJson();
        j.insert(u"url"_s, deliveryUrl(d));
        j.insert(u"headers"_s, headersJson(replay::CapturedRequest::parseHeaderBlock(d.rawHead), options));
        if (isUtf8Text(d.body))
            j.insert(u"body"_s, QString::fromUtf8(d.body));
        else
            j.insert(u"body"_s, QJsonValue());
        j.insert(u"bodyBase64"_s, QString::fromLatin1(d.body.toBase64()));
        const QByteArray head = options.redactAuthorization ? redactHead(d.rawHead) : d.rawHead;
        j.insert(u"rawBase64"_s,
            QString::fromLatin1(QByteArray(head + (d.rawBody.isEmpty() ? d.body : d.rawBody)).toBase64()));
        deliveries.append(j);
    }
    o.insert(u"deliveries"_s, deliveries);
    QJsonArray attempts;
    for (const auto& a : b.attempts) {
        QJsonObject j = a.toJson();
        const QByteArray head = options.redactAuthorization ? redactHead(a.requestHead) : a.requestHead;
        j.insert(u"requestHead"_s, QString::fromUtf8(head));
        j.insert(u"requestBodyBase64"_s, QString::fromLatin1(a.requestBody.toBase64()));
        j.insert(u"responseHead"_s, QString::fromUtf8(a.responseHead));
        j.insert(u"responseBodyBase64"_s, QString::fromLatin1(a.responseBody.toBase64()));
        attempts.append(j);
    }
    o.insert(u"attempts"_s, attempts);
    // The payload itself, parsed, when it is JSON: easier to read than base64.
    const QJsonDocument payload = QJsonDocument::fromJson(b.primary().body);
    if (payload.isObject())
        o.insert(u"payload"_s, payload.object());
    return o;
}

QByteArray toRaw(const EventBundle& b, const ExportOptions& options)
{
    const store::DeliveryRow& d = b.primary();
    if (!options.redactAuthorization)
        return d.raw();
    return redactHead(d.rawHead) + (d.rawBody.isEmpty() ? d.body : d.rawBody);
}

Result<QByteArray> toEml(const EventBundle& b)
{
    const store::DeliveryRow& d = b.primary();
    const http::HttpHeaders headers = replay::CapturedRequest::parseHeaderBlock(d.rawHead);
    const QByteArray type = headerValue(headers, "Content-Type").toLower();
    if (type.startsWith("message/rfc822"))
        return d.body;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(d.body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return fail(u"event %1 carries no email (its body is neither MIME nor event JSON)"_s.arg(b.event.id));
    const QJsonObject o = doc.object();
    for (const QString& field : { u"raw"_s, u"rawMime"_s, u"RawEmail"_s }) {
        if (o.value(field).isString() && !o.value(field).toString().isEmpty())
            return o.value(field).toString().toUtf8();
    }
    return mimeFromEventJson(o);
}

} // namespace hookscope::exporting
