// Resend inbound (adapter "resend"): an `email.received` event, Svix-signed, carrying the email's metadata
// only (from, to, cc, subject, message_id, attachments described): the body is fetched from Resend's API.

#include "common.h"

#include "core/email/addresses.h"

using namespace Qt::StringLiterals;

namespace hookscope::email::adapters {

namespace {

QList<Address> stringAddresses(const QJsonValue& v)
{
    QList<Address> out;
    for (const auto& s : v.toArray())
        out += parseAddresses(s.toString().toUtf8());
    return out;
}

class ResendAdapter final : public PayloadAdapter {
public:
    QString name() const override { return u"resend"_s; }
    bool detect(PayloadContext& c) const override
    {
        if (!c.json().isObject())
            return false;
        const QJsonObject o = c.json().object();
        return o.value(u"type"_s).toString() == u"email.received"_s && o.value(u"data"_s).isObject();
    }
    Result<EmailMessage> read(PayloadContext& c, const MimeReadOptions&) const override
    {
        if (!c.json().isObject())
            return notAJsonObject(name());
        const QJsonObject o = c.json().object();
        const QJsonObject d = o.value(u"data"_s).toObject();
        EmailMessage m;
        m.adapter = name();
        m.id = d.value(u"email_id"_s).toString();
        m.receivedAt = d.value(u"created_at"_s).toString();
        const QList<Address> from = parseAddresses(d.value(u"from"_s).toString().toUtf8());
        if (!from.isEmpty())
            m.from = from.first();
        m.to = stringAddresses(d.value(u"to"_s));
        m.cc = stringAddresses(d.value(u"cc"_s));
        m.subject = d.value(u"subject"_s).toString();
        m.messageId = d.value(u"message_id"_s).toString();
        for (const auto& v : d.value(u"attachments"_s).toArray()) {
            const QJsonObject a = v.toObject();
            Attachment att;
            att.filename = a.value(u"filename"_s).toString();
            att.contentType = a.value(u"content_type"_s).toString().toLower();
            att.contentId = bareId(a.value(u"content_id"_s).toString());
            att.isInline = a.value(u"content_disposition"_s).toString().compare(u"inline"_s, Qt::CaseInsensitive) == 0;
            m.attachments.append(std::move(att));
        }
        m.warnings << u"Resend's email.received carries the email's metadata only: the body, headers and "
                      u"attachments must be fetched from Resend's API (email_id %1)"_s.arg(m.id);
        m.extra = unknownFields(d,
            { u"email_id"_s, u"created_at"_s, u"from"_s, u"to"_s, u"cc"_s, u"subject"_s, u"message_id"_s,
                u"attachments"_s });
        m.extra.insert(u"type"_s, o.value(u"type"_s));
        return m;
    }
};

} // namespace

const PayloadAdapter& resendAdapter()
{
    static const ResendAdapter adapter;
    return adapter;
}

} // namespace hookscope::email::adapters
