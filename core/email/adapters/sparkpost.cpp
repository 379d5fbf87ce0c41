// SparkPost relay webhooks (adapter "sparkpost"): a JSON array of batches, each
// {"msys": {"relay_message": {..., "content": {"email_rfc822", "email_rfc822_is_base64", ...}}}}.

#include "common.h"

#include "core/email/addresses.h"

using namespace Qt::StringLiterals;

namespace hookscope::email::adapters {

namespace {

QJsonObject relayMessage(const QJsonValue& entry)
{
    return entry.toObject().value(u"msys"_s).toObject().value(u"relay_message"_s).toObject();
}

class SparkPostAdapter final : public PayloadAdapter {
public:
    QString name() const override { return u"sparkpost"_s; }
    bool detect(PayloadContext& c) const override
    {
        if (!c.json().isArray() || c.json().array().isEmpty())
            return false;
        return !relayMessage(c.json().array().first()).isEmpty();
    }
    Result<EmailMessage> read(PayloadContext& c, const MimeReadOptions& options) const override
    {
        EmailMessage m;
        m.adapter = name();
        const QJsonArray batch = c.json().array();
        if (batch.isEmpty() || relayMessage(batch.first()).isEmpty()) {
            m.warnings << u"no msys.relay_message in the payload (SparkPost posts a JSON array of them)"_s;
            return m;
        }
        if (batch.size() > 1)
            m.warnings << u"the batch carries %1 relay messages: the first is shown"_s.arg(batch.size());
        const QJsonObject relay = relayMessage(batch.first());
        const QJsonObject content = relay.value(u"content"_s).toObject();
        const QList<Address> from = parseAddresses(relay.value(u"friendly_from"_s).toString().toUtf8());
        if (!from.isEmpty())
            m.from = from.first();
        else
            m.from.address = relay.value(u"msg_from"_s).toString();
        for (const auto& v : content.value(u"to"_s).toArray())
            m.to += parseAddresses(v.toString().toUtf8());
        if (m.to.isEmpty())
            m.to = parseAddresses(relay.value(u"rcpt_to"_s).toString().toUtf8());
        for (const auto& v : content.value(u"cc"_s).toArray())
            m.cc += parseAddresses(v.toString().toUtf8());
        m.subject = content.value(u"subject"_s).toString();
        if (content.value(u"text"_s).isString())
            m.text = content.value(u"text"_s).toString();
        if (content.value(u"html"_s).isString())
            m.html = content.value(u"html"_s).toString();
        for (const auto& v : content.value(u"headers"_s).toArray()) {
            const QJsonObject h = v.toObject();
            for (auto it = h.begin(); it != h.end(); ++it) {
                if (!m.headers.contains(it.key().toLower()))
                    m.headers.insert(it.key().toLower(), it.value().toString());
            }
        }
        m.messageId = m.headers.value(u"message-id"_s).toString();
        m.date = m.headers.value(u"date"_s).toString();
        m.extra = unknownFields(relay, { u"content"_s, u"friendly_from"_s });
        if (!content.value(u"email_rfc822"_s).isString()) {
            m.warnings << u"content.email_rfc822 is missing: attachments are not in the payload"_s;
            return m;
        }
        QByteArray raw = content.value(u"email_rfc822"_s).toString().toUtf8();
        if (content.value(u"email_rfc822_is_base64"_s).toBool())
            raw = readBase64(QString::fromLatin1(raw), u"content.email_rfc822"_s, m.warnings);
        // The relay message lists no attachments of its own: only what it does carry is compared.
        return withRawMime(std::move(m), raw, options, true, { PayloadDifference::Kind::MissingAttachment });
    }
};

} // namespace

const PayloadAdapter& sparkPostAdapter()
{
    static const SparkPostAdapter adapter;
    return adapter;
}

} // namespace hookscope::email::adapters
