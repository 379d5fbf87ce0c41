// Brevo inbound parsing (adapter "brevo"): {"items": [...]} of parsed emails with Uuid, From, To, Cc,
// Subject, RawTextBody, RawHtmlBody and Attachments described by name, type, length and a DownloadToken:
// the attachments' bytes are not in the payload.

#include "common.h"

using namespace Qt::StringLiterals;

namespace hookscope::email::adapters {

namespace {

Address brevoAddress(const QJsonValue& v)
{
    const QJsonObject o = v.toObject();
    return { o.value(u"Address"_s).toString(), o.value(u"Name"_s).toString() };
}

QList<Address> brevoAddresses(const QJsonValue& v)
{
    QList<Address> out;
    for (const auto& a : v.toArray())
        out.append(brevoAddress(a));
    return out;
}

class BrevoAdapter final : public PayloadAdapter {
public:
    QString name() const override { return u"brevo"_s; }
    bool detect(PayloadContext& c) const override
    {
        if (!c.json().isObject())
            return false;
        const QJsonObject first = c.json().object().value(u"items"_s).toArray().first().toObject();
        return first.contains(u"Uuid"_s) || first.contains(u"RawTextBody"_s) || first.contains(u"RawHtmlBody"_s);
    }
    Result<EmailMessage> read(PayloadContext& c, const MimeReadOptions&) const override
    {
        if (!c.json().isObject())
            return notAJsonObject(name());
        const QJsonArray items = c.json().object().value(u"items"_s).toArray();
        EmailMessage m;
        m.adapter = name();
        if (items.isEmpty()) {
            m.warnings << u"the payload's items list is empty: no email"_s;
            return m;
        }
        if (items.size() > 1)
            m.warnings << u"the payload carries %1 emails (items): the first is shown"_s.arg(items.size());
        const QJsonObject e = items.first().toObject();
        const QJsonValue uuid = e.value(u"Uuid"_s);
        m.id = uuid.isArray() ? uuid.toArray().first().toString() : uuid.toString();
        m.messageId = e.value(u"MessageId"_s).toString();
        m.date = e.value(u"SentAtDate"_s).toString();
        m.from = brevoAddress(e.value(u"From"_s));
        m.to = brevoAddresses(e.value(u"To"_s));
        m.cc = brevoAddresses(e.value(u"Cc"_s));
        m.subject = e.value(u"Subject"_s).toString();
        if (e.value(u"RawTextBody"_s).isString())
            m.text = e.value(u"RawTextBody"_s).toString();
        if (e.value(u"RawHtmlBody"_s).isString())
            m.html = e.value(u"RawHtmlBody"_s).toString();
        const QJsonObject headers = e.value(u"Headers"_s).toObject();
        for (auto it = headers.begin(); it != headers.end(); ++it)
            m.headers.insert(it.key().toLower(), it.value().isArray() ? it.value().toArray().first() : it.value());
        const QJsonArray list = e.value(u"Attachments"_s).toArray();
        for (const auto& v : list) {
            const QJsonObject a = v.toObject();
            Attachment att;
            att.filename = a.value(u"Name"_s).toString();
            att.contentType = a.value(u"ContentType"_s).toString().toLower();
            att.contentId = bareId(a.value(u"ContentID"_s).toString());
            att.size = a.value(u"ContentLength"_s).toInteger();
            att.hasData = false;
            m.attachments.append(std::move(att));
        }
        if (!list.isEmpty())
            m.warnings << u"the attachments' bytes are not in the payload: Brevo sends each with a DownloadToken, "
                          u"to fetch from Brevo's API"_s;
        m.extra = unknownFields(e,
            { u"Uuid"_s, u"MessageId"_s, u"SentAtDate"_s, u"From"_s, u"To"_s, u"Cc"_s, u"Subject"_s, u"RawTextBody"_s,
                u"RawHtmlBody"_s, u"Headers"_s });
        return m;
    }
};

} // namespace

const PayloadAdapter& brevoAdapter()
{
    static const BrevoAdapter adapter;
    return adapter;
}

} // namespace hookscope::email::adapters
