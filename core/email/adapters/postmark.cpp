// Postmark inbound webhook JSON (adapter "postmark"), with RawEmail when the server sends it.

#include "common.h"

#include "core/email/addresses.h"

using namespace Qt::StringLiterals;

namespace hookscope::email::adapters {

namespace {

EmailMessage readPostmarkJson(const QJsonObject& o)
{
    EmailMessage m;
    m.adapter = u"postmark-json"_s;
    QStringList& w = m.warnings;
    m.messageId = o.value(u"MessageID"_s).toString();
    m.subject = o.value(u"Subject"_s).toString();
    m.receivedAt = o.value(u"Date"_s).toString();
    m.date = m.receivedAt;
    if (o.value(u"FromFull"_s).isObject()) {
        const QJsonObject f = o.value(u"FromFull"_s).toObject();
        m.from = { f.value(u"Email"_s).toString(), f.value(u"Name"_s).toString() };
    } else {
        m.from = readAddress(o.value(u"From"_s), u"From"_s, w);
    }
    auto full = [&](const QString& key, const QString& plain) {
        QList<Address> out;
        if (o.value(key).isArray()) {
            for (const auto& v : o.value(key).toArray())
                out.append({ v.toObject().value(u"Email"_s).toString(), v.toObject().value(u"Name"_s).toString() });
        } else if (o.value(plain).isString() && !o.value(plain).toString().isEmpty()) {
            out = parseAddresses(o.value(plain).toString().toUtf8());
        }
        return out;
    };
    m.to = full(u"ToFull"_s, u"To"_s);
    m.cc = full(u"CcFull"_s, u"Cc"_s);
    if (o.value(u"TextBody"_s).isString())
        m.text = o.value(u"TextBody"_s).toString();
    if (o.value(u"HtmlBody"_s).isString())
        m.html = o.value(u"HtmlBody"_s).toString();
    for (const auto& v : o.value(u"Headers"_s).toArray()) {
        const QJsonObject h = v.toObject();
        const QString name = h.value(u"Name"_s).toString().toLower();
        if (!m.headers.contains(name))
            m.headers.insert(name, h.value(u"Value"_s).toString());
        if (name == u"message-id"_s)
            m.messageId = h.value(u"Value"_s).toString();
    }
    const QJsonArray list = o.value(u"Attachments"_s).toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject a = list.at(i).toObject();
        Attachment att;
        att.filename = a.value(u"Name"_s).toString();
        att.contentType = a.value(u"ContentType"_s).toString().toLower();
        att.contentId = bareId(a.value(u"ContentID"_s).toString());
        const QString field = u"Attachments[%1] (%2)"_s.arg(i).arg(att.filename);
        const qint64 declared = a.value(u"ContentLength"_s).toInteger(-1);
        // The inbound webhook sends the bytes in Content; Postmark's own "Check" request sends them in Data.
        const QString key
            = a.value(u"Content"_s).isString() || !a.value(u"Data"_s).isString() ? u"Content"_s : u"Data"_s;
        setAttachmentData(att, readBase64(a.value(key).toString(), field, w));
        if (declared >= 0 && declared != att.size)
            w << u"%1: ContentLength %2 but %3 decodes to %4 bytes"_s.arg(field).arg(declared).arg(key).arg(att.size);
        m.attachments.append(std::move(att));
    }
    m.extra = unknownFields(o,
        { u"MessageID"_s, u"Subject"_s, u"Date"_s, u"From"_s, u"FromFull"_s, u"To"_s, u"ToFull"_s, u"Cc"_s, u"CcFull"_s,
            u"TextBody"_s, u"HtmlBody"_s, u"Headers"_s, u"Attachments"_s, u"RawEmail"_s });
    return m;
}

class PostmarkAdapter final : public PayloadAdapter {
public:
    QString name() const override { return u"postmark"_s; }
    bool detect(PayloadContext& c) const override { return c.json().isObject() && isPostmark(c.json().object()); }
    Result<EmailMessage> read(PayloadContext& c, const MimeReadOptions& options) const override
    {
        if (!c.json().isObject())
            return notAJsonObject(name());
        const QJsonObject o = c.json().object();
        return withJsonRawMime(readPostmarkJson(o), o, options);
    }
};

} // namespace

const PayloadAdapter& postmarkAdapter()
{
    static const PostmarkAdapter adapter;
    return adapter;
}

} // namespace hookscope::email::adapters
