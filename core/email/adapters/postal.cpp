// Postal HTTP endpoints (adapter "postal"): the raw message (`message`, base64 when `base64` is true) or
// the processed JSON (plain_body, html_body, attachments with base64 `data`).

#include "common.h"

#include "core/email/addresses.h"

using namespace Qt::StringLiterals;

namespace hookscope::email::adapters {

namespace {

bool isRawMode(const QJsonObject& o)
{
    return o.value(u"message"_s).isString() && o.contains(u"base64"_s);
}

class PostalAdapter final : public PayloadAdapter {
public:
    QString name() const override { return u"postal"_s; }
    bool detect(PayloadContext& c) const override
    {
        if (!c.header("X-Postal-Signature").isEmpty() && c.json().isObject())
            return true;
        if (!c.json().isObject())
            return false;
        const QJsonObject o = c.json().object();
        return o.contains(u"rcpt_to"_s) && o.contains(u"mail_from"_s)
            && (isRawMode(o) || o.contains(u"plain_body"_s) || o.contains(u"html_body"_s));
    }
    Result<EmailMessage> read(PayloadContext& c, const MimeReadOptions& options) const override
    {
        if (!c.json().isObject())
            return notAJsonObject(name());
        const QJsonObject o = c.json().object();
        EmailMessage m;
        m.adapter = name();
        const QJsonValue id = o.value(u"id"_s);
        m.id = id.isDouble() ? QString::number(id.toInteger()) : id.toString();
        if (isRawMode(o)) {
            QByteArray raw = o.value(u"message"_s).toString().toUtf8();
            if (o.value(u"base64"_s).toBool())
                raw = readBase64(QString::fromLatin1(raw), u"message"_s, m.warnings);
            m.extra = unknownFields(o, { u"message"_s });
            // Raw mode carries no fields of its own to compare.
            return withRawMime(std::move(m), raw, options, false);
        }
        const QList<Address> from = parseAddresses(o.value(u"from"_s).toString().toUtf8());
        if (!from.isEmpty())
            m.from = from.first();
        else
            m.from.address = o.value(u"mail_from"_s).toString();
        m.to = parseAddresses(o.value(u"to"_s).toString().toUtf8());
        if (m.to.isEmpty())
            m.to = parseAddresses(o.value(u"rcpt_to"_s).toString().toUtf8());
        m.cc = parseAddresses(o.value(u"cc"_s).toString().toUtf8());
        m.subject = o.value(u"subject"_s).toString();
        m.messageId = o.value(u"message_id"_s).toString();
        m.date = o.value(u"date"_s).toString();
        if (o.value(u"plain_body"_s).isString())
            m.text = o.value(u"plain_body"_s).toString();
        if (o.value(u"html_body"_s).isString())
            m.html = o.value(u"html_body"_s).toString();
        const QJsonArray list = o.value(u"attachments"_s).toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QJsonObject a = list.at(i).toObject();
            Attachment att;
            att.filename = a.value(u"filename"_s).toString();
            att.contentType = a.value(u"content_type"_s).toString().toLower();
            const QString field = u"attachments[%1] (%2)"_s.arg(i).arg(att.filename);
            setAttachmentData(att, readBase64(a.value(u"data"_s).toString(), field, m.warnings));
            const qint64 declared = a.value(u"size"_s).toVariant().toLongLong();
            if (a.contains(u"size"_s) && declared != att.size)
                m.warnings << u"%1: size %2 but data decodes to %3 bytes"_s.arg(field).arg(declared).arg(att.size);
            m.attachments.append(std::move(att));
        }
        const qint64 quantity = o.value(u"attachment_quantity"_s).toInteger(-1);
        if (quantity > 0 && !o.contains(u"attachments"_s))
            m.warnings << u"attachment_quantity says %1, but the endpoint does not send attachments (enable them on "
                          u"the Postal endpoint)"_s.arg(quantity);
        m.extra = unknownFields(o,
            { u"from"_s, u"to"_s, u"cc"_s, u"subject"_s, u"message_id"_s, u"date"_s, u"plain_body"_s, u"html_body"_s,
                u"attachments"_s });
        return m;
    }
};

} // namespace

const PayloadAdapter& postalAdapter()
{
    static const PostalAdapter adapter;
    return adapter;
}

} // namespace hookscope::email::adapters
