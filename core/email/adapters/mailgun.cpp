// Mailgun routes (adapter "mailgun"): urlencoded or multipart form, parsed fields or `body-mime`.

#include "common.h"
#include "jsonmembers.h"

#include "core/email/addresses.h"
#include "core/email/decoding.h"

using namespace Qt::StringLiterals;

namespace hookscope::email::adapters {

namespace {

bool hasMailgunFields(PayloadContext& c)
{
    return c.field(u"body-plain") || c.field(u"body-mime") || c.field(u"message-headers")
        || c.field(u"attachment-count");
}

EmailMessage readMailgun(PayloadContext& c)
{
    EmailMessage m;
    m.adapter = u"mailgun-form"_s;
    auto value = [&](QStringView name) -> std::optional<QString> {
        const FormField* f = c.field(name);
        if (!f)
            return std::nullopt;
        return decodeCharset(f->value, f->charset.isEmpty() ? QByteArray("utf-8") : f->charset);
    };
    if (const auto headers = value(u"message-headers")) {
        for (const auto& pair : QJsonDocument::fromJson(headers->toUtf8()).array()) {
            const QJsonArray p = pair.toArray();
            const QString name = p.at(0).toString().toLower();
            if (!name.isEmpty() && !m.headers.contains(name))
                m.headers.insert(name, p.at(1).toString());
        }
    }
    auto header = [&](QStringView name, QStringView headerName) {
        if (const auto v = value(name))
            return *v;
        return m.headers.value(headerName.toString()).toString();
    };
    const QList<Address> from = parseAddresses(header(u"from", u"from").toUtf8());
    if (!from.isEmpty())
        m.from = from.first();
    else if (const auto sender = value(u"sender"))
        m.from.address = *sender;
    m.to = parseAddresses(header(u"To", u"to").toUtf8());
    if (m.to.isEmpty()) {
        if (const auto recipient = value(u"recipient"))
            m.to = parseAddresses(recipient->toUtf8());
    }
    m.cc = parseAddresses(header(u"Cc", u"cc").toUtf8());
    m.subject = header(u"subject", u"subject");
    m.messageId = header(u"Message-Id", u"message-id");
    m.date = header(u"Date", u"date");
    m.text = value(u"body-plain");
    m.html = value(u"body-html");
    // content-id → attachment field. Two parts may carry the same Content-ID, so the map may repeat a name:
    // every member counts, not only the last one QJsonDocument would keep.
    QList<std::pair<QString, QString>> cidMap;
    if (const auto map = value(u"content-id-map")) {
        if (auto members = jsonObjectMembers(map->toUtf8()))
            cidMap = std::move(*members);
        else
            m.warnings << u"content-id-map is not a JSON object"_s;
    }
    int declared = -1;
    if (const FormField* n = c.field(u"attachment-count"))
        declared = n->value.trimmed().toInt();
    for (const auto& f : *c.form()) {
        if (!f.isFile)
            continue;
        Attachment a;
        a.filename = f.filename;
        a.contentType = f.contentType;
        for (const auto& [cid, fieldName] : cidMap) {
            if (fieldName == f.name) {
                a.contentId = bareId(cid);
                // The map exists to resolve the HTML's cid: references: a mapped part is shown in place.
                a.isInline = true;
                break;
            }
        }
        setAttachmentData(a, f.value);
        m.attachments.append(std::move(a));
    }
    if (declared >= 0 && declared != m.attachments.size())
        m.warnings << u"attachment-count says %1, the form carries %2 files"_s.arg(declared).arg(m.attachments.size());
    for (const char* name : { "recipient", "sender", "stripped-text", "stripped-signature", "stripped-html",
             "timestamp", "token", "signature" }) {
        if (const auto v = value(QString::fromLatin1(name)))
            m.extra.insert(QString::fromLatin1(name), *v);
    }
    return m;
}

class MailgunAdapter final : public PayloadAdapter {
public:
    QString name() const override { return u"mailgun"_s; }
    bool detect(PayloadContext& c) const override
    {
        if (c.mediaType() == "application/x-www-form-urlencoded")
            return c.form();
        return c.mediaType() == "multipart/form-data" && c.form() && hasMailgunFields(c);
    }
    Result<EmailMessage> read(PayloadContext& c, const MimeReadOptions& options) const override
    {
        if (!c.form())
            return fail(c.formError().isEmpty() ? u"the Mailgun payload is no form"_s : c.formError());
        EmailMessage provider = readMailgun(c);
        const FormField* raw = c.field(u"body-mime");
        if (raw && !raw->value.isEmpty()) {
            const bool hasFields = provider.text || provider.html || !provider.subject.isEmpty();
            return withRawMime(std::move(provider), raw->value, options, hasFields);
        }
        return provider;
    }
};

} // namespace

const PayloadAdapter& mailgunAdapter()
{
    static const MailgunAdapter adapter;
    return adapter;
}

} // namespace hookscope::email::adapters
