#include "payload.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace hookscope::email {

static bool contentTypeIs(QByteArrayView contentType, QByteArrayView type)
{
    const qsizetype semi = contentType.indexOf(';');
    const QByteArrayView base = (semi < 0 ? contentType : contentType.first(semi)).trimmed();
    return base.compare(type, Qt::CaseInsensitive) == 0;
}

PayloadKind detectPayload(QByteArrayView contentType, QByteArrayView body)
{
    if (contentTypeIs(contentType, "message/rfc822"))
        return PayloadKind::RawMime;
    if (contentTypeIs(contentType, "application/x-www-form-urlencoded"))
        return PayloadKind::MailgunForm;
    if (contentTypeIs(contentType, "multipart/form-data"))
        return PayloadKind::SendGridForm;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError || !(doc.isObject() || doc.isArray()))
        return PayloadKind::Unreadable;
    if (doc.isObject()) {
        const QJsonObject o = doc.object();
        if (o.contains(u"raw"_s) || o.contains(u"rawMime"_s) || o.contains(u"RawEmail"_s))
            return PayloadKind::JsonWithRawMime;
        if (o.contains(u"subject"_s) || o.contains(u"from"_s) || o.contains(u"messageId"_s))
            return PayloadKind::EventJson;
    }
    return PayloadKind::OtherJson;
}

static Address readAddress(const QJsonValue& v)
{
    if (v.isString())
        return { v.toString(), {} };
    const QJsonObject o = v.toObject();
    return { o.value(u"address"_s).toString(), o.value(u"name"_s).toString() };
}

Result<EmailMessage> parsePayload(QByteArrayView contentType, const QByteArray& body)
{
    EmailMessage m;
    const PayloadKind kind = detectPayload(contentType, body);
    if (kind == PayloadKind::Unreadable)
        return fail(u"no adapter can read this payload"_s);
    if (kind != PayloadKind::EventJson && kind != PayloadKind::OtherJson && kind != PayloadKind::JsonWithRawMime) {
        m.adapter = u"unparsed"_s;
        return m;
    }
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    m.adapter = u"event-json"_s;
    m.id = o.value(u"id"_s).toVariant().toString();
    m.messageId = o.value(u"messageId"_s).toString();
    m.receivedAt = o.value(u"receivedAt"_s).toString();
    m.subject = o.value(u"subject"_s).toString();
    m.from = readAddress(o.value(u"from"_s));
    for (const auto& v : o.value(u"to"_s).toArray())
        m.to.append(readAddress(v));
    for (const auto& v : o.value(u"cc"_s).toArray())
        m.cc.append(readAddress(v));
    if (o.value(u"text"_s).isString())
        m.text = o.value(u"text"_s).toString();
    if (o.value(u"html"_s).isString())
        m.html = o.value(u"html"_s).toString();
    for (const auto& v : o.value(u"attachments"_s).toArray()) {
        const QJsonObject a = v.toObject();
        Attachment att;
        att.filename = a.value(u"filename"_s).toString();
        att.contentType = a.value(u"contentType"_s).toString().toLower();
        att.size = a.value(u"size"_s).toInteger();
        att.contentId = a.value(u"contentId"_s).toString();
        m.attachments.append(att);
    }
    m.headers = o.value(u"headers"_s).toObject();
    return m;
}

} // namespace hookscope::email
