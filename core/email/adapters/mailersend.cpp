// MailerSend inbound routing (adapter "mailersend"): {"type": "inbound.message", "data": {...}} with parsed
// fields, attachments (base64 `content`) and, when the route forwards it, `raw`, the email as received.

#include "common.h"

using namespace Qt::StringLiterals;

namespace hookscope::email::adapters {

namespace {

QList<Address> recipientList(const QJsonValue& v)
{
    QList<Address> out;
    for (const auto& a : v.toObject().value(u"data"_s).toArray())
        out.append({ a.toObject().value(u"email"_s).toString(), a.toObject().value(u"name"_s).toString() });
    return out;
}

class MailerSendAdapter final : public PayloadAdapter {
public:
    QString name() const override { return u"mailersend"_s; }
    bool detect(PayloadContext& c) const override
    {
        if (!c.json().isObject())
            return false;
        const QJsonObject o = c.json().object();
        return o.value(u"type"_s).toString() == u"inbound.message"_s
            || (o.value(u"data"_s).toObject().value(u"object"_s).toString() == u"message"_s
                && o.value(u"data"_s).toObject().contains(u"recipients"_s));
    }
    Result<EmailMessage> read(PayloadContext& c, const MimeReadOptions& options) const override
    {
        if (!c.json().isObject())
            return notAJsonObject(name());
        const QJsonObject o = c.json().object();
        const QJsonObject d = o.value(u"data"_s).toObject();
        EmailMessage m;
        m.adapter = name();
        m.id = d.value(u"id"_s).toString();
        m.receivedAt = d.value(u"created_at"_s).toString();
        const QJsonObject from = d.value(u"from"_s).toObject();
        m.from = { from.value(u"email"_s).toString(), from.value(u"name"_s).toString() };
        const QJsonObject recipients = d.value(u"recipients"_s).toObject();
        m.to = recipientList(recipients.value(u"to"_s));
        m.cc = recipientList(recipients.value(u"cc"_s));
        m.subject = d.value(u"subject"_s).toString();
        m.date = d.value(u"date"_s).toString();
        if (d.value(u"text"_s).isString())
            m.text = d.value(u"text"_s).toString();
        if (d.value(u"html"_s).isString())
            m.html = d.value(u"html"_s).toString();
        const QJsonObject headers = d.value(u"headers"_s).toObject();
        for (auto it = headers.begin(); it != headers.end(); ++it)
            m.headers.insert(it.key().toLower(), it.value().isArray() ? it.value().toArray().first() : it.value());
        m.messageId = m.headers.value(u"message-id"_s).toString();
        const QJsonArray list = d.value(u"attachments"_s).toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QJsonObject a = list.at(i).toObject();
            Attachment att;
            att.filename = a.value(u"file_name"_s).toString(a.value(u"filename"_s).toString());
            att.contentType = a.value(u"content_type"_s).toString().toLower();
            att.contentId = bareId(a.value(u"content_id"_s).toString());
            att.isInline = a.value(u"content_disposition"_s).toString().compare(u"inline"_s, Qt::CaseInsensitive) == 0;
            const QString field = u"attachments[%1] (%2)"_s.arg(i).arg(att.filename);
            if (a.value(u"content"_s).isString()) {
                setAttachmentData(att, readBase64(a.value(u"content"_s).toString(), field, m.warnings));
            } else {
                att.size = a.value(u"size"_s).toInteger();
                m.warnings << u"%1: the payload carries no bytes for it (no content)"_s.arg(field);
            }
            m.attachments.append(std::move(att));
        }
        m.extra = unknownFields(d,
            { u"id"_s, u"created_at"_s, u"from"_s, u"recipients"_s, u"subject"_s, u"date"_s, u"text"_s, u"html"_s,
                u"headers"_s, u"attachments"_s, u"raw"_s });
        m.extra.insert(u"type"_s, o.value(u"type"_s));
        if (d.value(u"raw"_s).isString() && !d.value(u"raw"_s).toString().isEmpty())
            return withRawMime(std::move(m), mimeFromField(d.value(u"raw"_s).toString().toUtf8()), options, true);
        return m;
    }
};

} // namespace

const PayloadAdapter& mailerSendAdapter()
{
    static const MailerSendAdapter adapter;
    return adapter;
}

} // namespace hookscope::email::adapters
