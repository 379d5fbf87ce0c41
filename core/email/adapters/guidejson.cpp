// The guide's event JSON (adapter "event-json") and JSON that is no email event ("json").

#include "common.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace hookscope::email::adapters {

namespace {

const QStringList& knownEventFields()
{
    static const QStringList fields { u"id"_s, u"messageId"_s, u"receivedAt"_s, u"from"_s, u"to"_s, u"cc"_s,
        u"subject"_s, u"text"_s, u"html"_s, u"attachments"_s, u"headers"_s, u"raw"_s, u"rawMime"_s };
    return fields;
}

void readEventAttachments(const QJsonValue& attachments, EmailMessage& m)
{
    QStringList& w = m.warnings;
    if (!attachments.isUndefined() && !attachments.isNull() && !attachments.isArray())
        w << u"attachments: expected an array"_s;
    const QJsonArray list = attachments.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject a = list.at(i).toObject();
        Attachment att;
        att.filename = a.value(u"filename"_s).toString();
        const QString field
            = u"attachments[%1]%2"_s.arg(i).arg(att.filename.isEmpty() ? QString() : u" ("_s + att.filename + u')');
        const QString type = a.value(u"contentType"_s).toString();
        if (type.isEmpty())
            w << u"%1: no contentType"_s.arg(field);
        else if (!validContentType(type))
            w << u"%1: \"%2\" is not a content type (type/subtype)"_s.arg(field, type);
        att.contentType = type.toLower();
        att.contentId = bareId(a.value(u"contentId"_s).toString());
        const qint64 declared = a.value(u"size"_s).toInteger(-1);
        if (a.contains(u"size"_s) && declared < 0)
            w << u"%1: size is not a non-negative integer"_s.arg(field);
        att.size = qMax<qint64>(declared, 0);
        if (a.value(u"dataBase64"_s).isString()) {
            setAttachmentData(att, readBase64(a.value(u"dataBase64"_s).toString(), field, w));
            if (declared >= 0 && declared != att.size)
                w << u"%1: declared size %2 but dataBase64 decodes to %3 bytes"_s.arg(field).arg(declared).arg(
                    att.size);
        } else if (a.contains(u"dataBase64"_s)) {
            w << u"%1: dataBase64 is not a string"_s.arg(field);
        }
        m.attachments.append(std::move(att));
    }
}

class EventJsonAdapter final : public PayloadAdapter {
public:
    QString name() const override { return u"event-json"_s; }
    bool detect(PayloadContext& c) const override
    {
        if (!c.json().isObject())
            return false;
        const QJsonObject o = c.json().object();
        return !rawMimeField(o).isEmpty() || o.contains(u"subject"_s) || o.contains(u"from"_s)
            || o.contains(u"messageId"_s);
    }
    Result<EmailMessage> read(PayloadContext& c, const MimeReadOptions& options) const override
    {
        if (!c.json().isObject())
            return notAJsonObject(name());
        const QJsonObject o = c.json().object();
        return withJsonRawMime(readEventJson(o), o, options);
    }
};

class OtherJsonAdapter final : public PayloadAdapter {
public:
    QString name() const override { return u"json"_s; }
    bool detect(PayloadContext& c) const override { return !c.json().isNull(); }
    Result<EmailMessage> read(PayloadContext& c, const MimeReadOptions&) const override
    {
        if (!c.json().isObject()) {
            EmailMessage m;
            m.adapter = name();
            m.warnings << u"the JSON payload is not an object: no email fields"_s;
            return m;
        }
        EmailMessage m = readEventJson(c.json().object());
        m.adapter = name();
        m.warnings = { u"no email fields in the JSON payload (from, subject, messageId)"_s };
        return m;
    }
};

} // namespace

EmailMessage readEventJson(const QJsonObject& o)
{
    EmailMessage m;
    m.adapter = u"event-json"_s;
    QStringList& w = m.warnings;
    const QJsonValue id = o.value(u"id"_s);
    m.id = id.isDouble() ? QString::number(id.toDouble(), 'g', 17) : id.toString();
    m.messageId = o.value(u"messageId"_s).toString();
    m.receivedAt = o.value(u"receivedAt"_s).toString();
    if (o.contains(u"subject"_s) && !o.value(u"subject"_s).isString() && !o.value(u"subject"_s).isNull())
        w << u"subject: expected a string"_s;
    m.subject = o.value(u"subject"_s).toString();
    m.from = readAddress(o.value(u"from"_s), u"from"_s, w);
    m.to = readAddressList(o.value(u"to"_s), u"to"_s, w);
    m.cc = readAddressList(o.value(u"cc"_s), u"cc"_s, w);
    if (o.value(u"text"_s).isString())
        m.text = o.value(u"text"_s).toString();
    if (o.value(u"html"_s).isString())
        m.html = o.value(u"html"_s).toString();
    if (!o.contains(u"from"_s))
        w << u"missing field: from"_s;
    if (!o.contains(u"subject"_s))
        w << u"missing field: subject"_s;
    if (o.contains(u"receivedAt"_s) && !m.receivedAt.isEmpty()
        && !QDateTime::fromString(m.receivedAt, Qt::ISODate).isValid())
        w << u"receivedAt: \"%1\" is not an ISO 8601 time"_s.arg(m.receivedAt);
    readEventAttachments(o.value(u"attachments"_s), m);
    m.headers = o.value(u"headers"_s).toObject();
    // The message's own Date, as written, when the payload kept its headers (names in any case).
    for (auto it = m.headers.begin(); it != m.headers.end(); ++it) {
        if (it.key().compare(u"date"_s, Qt::CaseInsensitive) == 0 && it.value().isString())
            m.date = it.value().toString();
    }
    m.extra = unknownFields(o, knownEventFields());
    return m;
}

Result<EmailMessage> withJsonRawMime(EmailMessage provider, const QJsonObject& o, const MimeReadOptions& options)
{
    QString fieldName;
    const QString field = rawMimeField(o, &fieldName);
    if (field.isEmpty())
        return provider;
    // Some providers send the raw message base64-encoded.
    const QByteArray raw = mimeFromField(field.toUtf8());
    provider.extra.remove(fieldName);
    const bool hasFields = o.contains(u"subject"_s) || o.contains(u"Subject"_s) || o.contains(u"text"_s)
        || o.contains(u"TextBody"_s) || o.contains(u"from"_s) || o.contains(u"FromFull"_s);
    if (!hasFields) {
        // Only raw MIME: the missing-field warnings of the JSON reading do not apply.
        provider.warnings.clear();
    }
    return withRawMime(std::move(provider), raw, options, hasFields);
}

EmailMessage notAJsonObject(const QString& adapter)
{
    EmailMessage m;
    m.adapter = adapter;
    m.warnings << u"the payload is not the JSON object the %1 adapter reads"_s.arg(adapter);
    return m;
}

const PayloadAdapter& eventJsonAdapter()
{
    static const EventJsonAdapter adapter;
    return adapter;
}

const PayloadAdapter& otherJsonAdapter()
{
    static const OtherJsonAdapter adapter;
    return adapter;
}

} // namespace hookscope::email::adapters
