// Amazon SES through SNS (adapter "ses"): an SNS HTTP(S) notification whose Message is an SES receipt
// notification; with a receipt rule's SNS action, `content` carries the raw MIME (UTF-8 or base64).
// An SNS SubscriptionConfirmation is shown as what it is: its SubscribeURL is offered, never visited.

#include "common.h"

#include "core/email/addresses.h"

using namespace Qt::StringLiterals;

namespace hookscope::email::adapters {

namespace {

bool isSnsType(const QString& type)
{
    return type == u"Notification"_s || type == u"SubscriptionConfirmation"_s || type == u"UnsubscribeConfirmation"_s;
}

QList<Address> addressStrings(const QJsonValue& v)
{
    QList<Address> out;
    for (const auto& s : v.toArray())
        out += parseAddresses(s.toString().toUtf8());
    return out;
}

EmailMessage subscriptionMessage(const QJsonObject& sns)
{
    EmailMessage m;
    m.adapter = u"ses"_s;
    m.id = sns.value(u"MessageId"_s).toString();
    m.receivedAt = sns.value(u"Timestamp"_s).toString();
    const QString type = sns.value(u"Type"_s).toString();
    m.extra = sns;
    m.extra.insert(u"snsType"_s, type);
    m.warnings << u"SNS %1 for topic %2: not an email"_s.arg(type, sns.value(u"TopicArn"_s).toString());
    if (type == u"SubscriptionConfirmation"_s) {
        const QString url = sns.value(u"SubscribeURL"_s).toString();
        m.warnings << u"the subscription is confirmed only when someone visits its SubscribeURL (%1): Hookscope "
                      u"never does on its own; `hookscope sns-confirm ID --visit` does when you choose to"_s.arg(url);
    }
    return m;
}

class SesAdapter final : public PayloadAdapter {
public:
    QString name() const override { return u"ses"_s; }
    bool detect(PayloadContext& c) const override
    {
        if (!c.header("x-amz-sns-message-type").isEmpty())
            return true;
        if (!c.json().isObject())
            return false;
        const QJsonObject o = c.json().object();
        return isSnsType(o.value(u"Type"_s).toString()) && o.contains(u"TopicArn"_s);
    }
    Result<EmailMessage> read(PayloadContext& c, const MimeReadOptions& options) const override
    {
        if (!c.json().isObject())
            return notAJsonObject(name());
        const QJsonObject sns = c.json().object();
        const QString type = sns.value(u"Type"_s).toString();
        if (type != u"Notification"_s)
            return subscriptionMessage(sns);
        EmailMessage m;
        m.adapter = name();
        m.id = sns.value(u"MessageId"_s).toString();
        m.receivedAt = sns.value(u"Timestamp"_s).toString();
        const QJsonDocument inner = QJsonDocument::fromJson(sns.value(u"Message"_s).toString().toUtf8());
        if (!inner.isObject()) {
            m.warnings << u"the SNS Message is not an SES notification (no JSON object)"_s;
            m.extra = sns;
            return m;
        }
        const QJsonObject ses = inner.object();
        const QJsonObject mail = ses.value(u"mail"_s).toObject();
        const QJsonObject common = mail.value(u"commonHeaders"_s).toObject();
        const QList<Address> from = addressStrings(common.value(u"from"_s));
        if (!from.isEmpty())
            m.from = from.first();
        m.to = addressStrings(common.value(u"to"_s));
        m.cc = addressStrings(common.value(u"cc"_s));
        m.subject = common.value(u"subject"_s).toString();
        m.messageId = common.value(u"messageId"_s).toString();
        m.date = common.value(u"date"_s).toString();
        for (const auto& v : mail.value(u"headers"_s).toArray()) {
            const QString headerName = v.toObject().value(u"name"_s).toString().toLower();
            if (!headerName.isEmpty() && !m.headers.contains(headerName))
                m.headers.insert(headerName, v.toObject().value(u"value"_s).toString());
        }
        m.extra.insert(u"notificationType"_s, ses.value(u"notificationType"_s));
        m.extra.insert(u"receipt"_s, ses.value(u"receipt"_s));
        m.extra.insert(u"TopicArn"_s, sns.value(u"TopicArn"_s));
        m.extra.insert(u"sesMessageId"_s, mail.value(u"messageId"_s));
        const QJsonObject action = ses.value(u"receipt"_s).toObject().value(u"action"_s).toObject();
        if (!ses.value(u"content"_s).isString()) {
            m.warnings << u"the SES notification carries no content (receipt action %1): the email's body is not "
                          u"in the payload"_s.arg(action.value(u"type"_s).toString());
            return m;
        }
        QByteArray raw = ses.value(u"content"_s).toString().toUtf8();
        if (action.value(u"encoding"_s).toString().compare(u"BASE64"_s, Qt::CaseInsensitive) == 0)
            raw = readBase64(QString::fromLatin1(raw), u"content"_s, m.warnings);
        else
            raw = mimeFromField(raw);
        // commonHeaders carry no bodies and no attachments: only the headers are compared.
        using Kind = PayloadDifference::Kind;
        return withRawMime(std::move(m), raw, options, true,
            { Kind::TextBody, Kind::HtmlBody, Kind::MissingAttachment, Kind::AddressName });
    }
};

} // namespace

const PayloadAdapter& sesAdapter()
{
    static const SesAdapter adapter;
    return adapter;
}

} // namespace hookscope::email::adapters
