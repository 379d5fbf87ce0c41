// SendGrid Inbound Parse (adapter "sendgrid"): multipart/form-data, parsed fields or, in raw mode, `email`.

#include "common.h"

#include "core/email/addresses.h"
#include "core/email/decoding.h"

using namespace Qt::StringLiterals;

namespace hookscope::email::adapters {

namespace {

EmailMessage readSendGrid(PayloadContext& c)
{
    EmailMessage m;
    m.adapter = u"sendgrid-form"_s;
    const QJsonObject charsets
        = c.field(u"charsets") ? QJsonDocument::fromJson(c.field(u"charsets")->value).object() : QJsonObject();
    auto text = [&](QStringView name) -> std::optional<QString> {
        const FormField* f = c.field(name);
        if (!f)
            return std::nullopt;
        QByteArray charset = charsets.value(name.toString()).toString().toLatin1();
        if (charset.isEmpty())
            charset = f->charset.isEmpty() ? QByteArray("utf-8") : f->charset;
        bool known = true;
        QString value = decodeCharset(f->value, charset, &known);
        if (!known)
            m.warnings << u"%1: unknown charset %2"_s.arg(name, QString::fromLatin1(charset));
        return value;
    };
    if (const FormField* h = c.field(u"headers")) {
        m.headers = headerBlock(h->value);
        m.messageId = m.headers.value(u"message-id"_s).toString();
        m.date = m.headers.value(u"date"_s).toString();
    }
    const QList<Address> from = parseAddresses(text(u"from").value_or(QString()).toUtf8());
    if (!from.isEmpty())
        m.from = from.first();
    m.to = parseAddresses(text(u"to").value_or(QString()).toUtf8());
    m.cc = parseAddresses(text(u"cc").value_or(QString()).toUtf8());
    // SendGrid sends a `cc` field only for some messages; the Cc header in `headers` is always there.
    if (m.cc.isEmpty() && m.headers.contains(u"cc"_s))
        m.cc = parseAddresses(m.headers.value(u"cc"_s).toString().toUtf8());
    m.subject = text(u"subject").value_or(QString());
    m.text = text(u"text");
    m.html = text(u"html");
    const QJsonObject info = c.field(u"attachment-info")
        ? QJsonDocument::fromJson(c.field(u"attachment-info")->value).object()
        : QJsonObject();
    int declared = -1;
    if (const FormField* n = c.field(u"attachments"))
        declared = n->value.trimmed().toInt();
    for (const auto& f : *c.form()) {
        if (!f.isFile)
            continue;
        Attachment a;
        const QJsonObject i = info.value(f.name).toObject();
        a.filename = !f.filename.isEmpty() ? f.filename : i.value(u"filename"_s).toString();
        a.contentType = (!f.contentType.isEmpty() ? f.contentType : i.value(u"type"_s).toString()).toLower();
        a.contentId = bareId(i.value(u"content-id"_s).toString());
        // SendGrid gives a Content-ID only to parts the HTML shows in place.
        a.isInline = !a.contentId.isEmpty();
        setAttachmentData(a, f.value);
        m.attachments.append(std::move(a));
    }
    if (declared >= 0 && declared != m.attachments.size())
        m.warnings << u"attachments field says %1, the form carries %2 files"_s.arg(declared).arg(m.attachments.size());
    for (const char* name : { "envelope", "spam_score", "spam_report", "dkim", "SPF", "sender_ip" }) {
        if (const FormField* f = c.field(QString::fromLatin1(name))) {
            const QJsonDocument doc = QJsonDocument::fromJson(f->value);
            m.extra.insert(QString::fromLatin1(name),
                doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(QString::fromUtf8(f->value)));
        }
    }
    return m;
}

class SendGridAdapter final : public PayloadAdapter {
public:
    QString name() const override { return u"sendgrid"_s; }
    bool detect(PayloadContext& c) const override { return c.mediaType() == "multipart/form-data" && c.form(); }
    Result<EmailMessage> read(PayloadContext& c, const MimeReadOptions& options) const override
    {
        if (!c.form())
            return fail(c.formError().isEmpty() ? u"the SendGrid payload is no form"_s : c.formError());
        EmailMessage provider = readSendGrid(c);
        const FormField* raw = c.field(u"email");
        if (!raw || raw->value.isEmpty())
            return provider;
        // Raw mode: SendGrid posts no text or html field; their absence is no difference from the MIME.
        QSet<PayloadDifference::Kind> notCompared;
        if (!provider.text)
            notCompared << PayloadDifference::Kind::TextBody;
        if (!provider.html)
            notCompared << PayloadDifference::Kind::HtmlBody;
        const bool hasFields = !provider.subject.isEmpty() || provider.text || provider.html;
        return withRawMime(std::move(provider), raw->value, options, hasFields, notCompared);
    }
};

} // namespace

const PayloadAdapter& sendGridAdapter()
{
    static const SendGridAdapter adapter;
    return adapter;
}

} // namespace hookscope::email::adapters
