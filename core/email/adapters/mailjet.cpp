// Mailjet Parse API (adapter "mailjet"): JSON with Sender, Recipient, From, Subject, Headers, Parts (each
// with its headers and a ContentRef naming the field that holds it), Text-part, Html-part and AttachmentN
// (base64).

#include "common.h"

#include "core/email/addresses.h"
#include "core/email/gmimeutil.h"

using namespace Qt::StringLiterals;

namespace hookscope::email::adapters {

namespace {

using namespace hookscope::email::detail;

/** A header of Mailjet's Headers object, whose values are strings or arrays of strings: the first one. */
QString firstValue(const QJsonObject& headers, const QString& name)
{
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        if (it.key().compare(name, Qt::CaseInsensitive) != 0)
            continue;
        return it.value().isArray() ? it.value().toArray().first().toString() : it.value().toString();
    }
    return {};
}

struct PartType {
    QString mimeType;
    QString filename;
    bool inlineDisposition = false;
};

/** Content-Type and Content-Disposition of a part, read with GMime (RFC 2231 parameters decoded). */
PartType partType(const QJsonObject& headers)
{
    ensureGMime();
    PartType t;
    const QByteArray type = firstValue(headers, u"Content-Type"_s).toUtf8();
    const QByteArray disposition = firstValue(headers, u"Content-Disposition"_s).toUtf8();
    if (!type.isEmpty()) {
        GPtr<GMimeContentType> ct(g_mime_content_type_parse(nullptr, type.constData()));
        if (ct) {
            char* mimeType = g_mime_content_type_get_mime_type(ct.get());
            t.mimeType = fromGMime(mimeType).toLower();
            g_free(mimeType);
            t.filename = fromGMime(g_mime_content_type_get_parameter(ct.get(), "name"));
        }
    }
    if (!disposition.isEmpty()) {
        GPtr<GMimeContentDisposition> cd(g_mime_content_disposition_parse(nullptr, disposition.constData()));
        if (cd) {
            const QString filename = fromGMime(g_mime_content_disposition_get_parameter(cd.get(), "filename"));
            if (!filename.isEmpty())
                t.filename = filename;
            t.inlineDisposition = !g_mime_content_disposition_is_attachment(cd.get());
        }
    }
    return t;
}

class MailjetAdapter final : public PayloadAdapter {
public:
    QString name() const override { return u"mailjet"_s; }
    bool detect(PayloadContext& c) const override
    {
        if (!c.json().isObject())
            return false;
        const QJsonObject o = c.json().object();
        return o.contains(u"Sender"_s) && o.contains(u"Recipient"_s)
            && (o.contains(u"Text-part"_s) || o.contains(u"Html-part"_s) || o.contains(u"Parts"_s));
    }
    Result<EmailMessage> read(PayloadContext& c, const MimeReadOptions&) const override
    {
        if (!c.json().isObject())
            return notAJsonObject(name());
        const QJsonObject o = c.json().object();
        EmailMessage m;
        m.adapter = name();
        const QJsonObject headers = o.value(u"Headers"_s).toObject();
        for (auto it = headers.begin(); it != headers.end(); ++it)
            m.headers.insert(it.key().toLower(), it.value().isArray() ? it.value().toArray().first() : it.value());
        const QString fromText = o.value(u"From"_s).toString(firstValue(headers, u"From"_s));
        const QList<Address> from = parseAddresses(fromText.toUtf8());
        m.from = !from.isEmpty() ? from.first() : Address { o.value(u"Sender"_s).toString(), {} };
        m.to = parseAddresses(firstValue(headers, u"To"_s).toUtf8());
        if (m.to.isEmpty())
            m.to = parseAddresses(o.value(u"Recipient"_s).toString().toUtf8());
        m.cc = parseAddresses(firstValue(headers, u"Cc"_s).toUtf8());
        m.subject = o.value(u"Subject"_s).toString(firstValue(headers, u"Subject"_s));
        m.messageId = firstValue(headers, u"Message-ID"_s);
        m.date = firstValue(headers, u"Date"_s);
        if (o.value(u"Text-part"_s).isString())
            m.text = o.value(u"Text-part"_s).toString();
        if (o.value(u"Html-part"_s).isString())
            m.html = o.value(u"Html-part"_s).toString();
        QStringList read { u"Text-part"_s, u"Html-part"_s };
        for (const auto& v : o.value(u"Parts"_s).toArray()) {
            const QJsonObject part = v.toObject();
            const QString ref = part.value(u"ContentRef"_s).toString();
            if (read.contains(ref))
                continue;
            read << ref;
            const QJsonObject partHeaders = part.value(u"Headers"_s).toObject();
            const PartType type = partType(partHeaders);
            Attachment a;
            a.filename = type.filename;
            a.contentType = type.mimeType.isEmpty() ? u"application/octet-stream"_s : type.mimeType;
            a.contentId = bareId(firstValue(partHeaders, u"Content-ID"_s));
            a.isInline = type.inlineDisposition && !a.contentId.isEmpty();
            if (o.value(ref).isString())
                setAttachmentData(a, readBase64(o.value(ref).toString(), ref, m.warnings));
            else
                m.warnings << u"Parts names %1, which the payload does not carry"_s.arg(ref);
            m.attachments.append(std::move(a));
        }
        // AttachmentN fields no part describes still hold bytes.
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!it.key().startsWith(u"Attachment"_s) || read.contains(it.key()) || !it.value().isString())
                continue;
            Attachment a;
            a.contentType = u"application/octet-stream"_s;
            setAttachmentData(a, readBase64(it.value().toString(), it.key(), m.warnings));
            m.warnings << u"%1 is not described in Parts: its name and type are unknown"_s.arg(it.key());
            m.attachments.append(std::move(a));
            read << it.key();
        }
        QStringList known { u"From"_s, u"Subject"_s, u"Headers"_s, u"Parts"_s };
        known += read;
        m.extra = unknownFields(o, known);
        return m;
    }
};

} // namespace

const PayloadAdapter& mailjetAdapter()
{
    static const MailjetAdapter adapter;
    return adapter;
}

} // namespace hookscope::email::adapters
