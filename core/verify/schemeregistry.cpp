#include "basicauthscheme.h"
#include "mandrillscheme.h"
#include "postalscheme.h"
#include "postmarkscheme.h"
#include "presets.h"
#include "scheme.h"
#include "sendgridscheme.h"
#include "snsscheme.h"
#include "standardwebhooksscheme.h"
#include "stripescheme.h"
#include "twilioscheme.h"

using namespace Qt::StringLiterals;

namespace hookscope::verify {

namespace {

template<class T> std::unique_ptr<Scheme> make(const QJsonObject&)
{
    return std::make_unique<T>();
}

/** A row of the HMAC preset table, by name. */
template<const char16_t* Name> std::unique_ptr<Scheme> preset(const QJsonObject&)
{
    for (const HmacPreset& row : hmacPresets()) {
        if (row.name == QStringView(Name))
            return std::make_unique<PresetScheme>(row);
    }
    return nullptr;
}

std::unique_ptr<Scheme> generic(const QJsonObject& options)
{
    QString error;
    HmacPreset row = presetFromOptions(options, &error);
    return std::make_unique<PresetScheme>(std::move(row), std::move(error));
}

using Family = StandardWebhooksScheme::Family;
const Family kWebhook { "webhook-id", "webhook-timestamp", "webhook-signature" };
const Family kSvix { "svix-id", "svix-timestamp", "svix-signature" };

constexpr char16_t kMailparse[] = u"mailparse";
constexpr char16_t kGithub[] = u"github";
constexpr char16_t kGithubSha1[] = u"github-sha1";
constexpr char16_t kSlack[] = u"slack";
constexpr char16_t kShopify[] = u"shopify";
constexpr char16_t kMailgun[] = u"mailgun";
constexpr char16_t kMailersend[] = u"mailersend";

QList<SchemeEntry> makeEntries()
{
    const auto descriptionOf = [](QStringView name) {
        for (const HmacPreset& row : hmacPresets()) {
            if (row.name == name)
                return row.description;
        }
        return QString();
    };
    return {
        { u"mailparse"_s, {}, descriptionOf(kMailparse), preset<kMailparse> },
        { u"standard-webhooks"_s, {},
            u"webhook-* headers: v1 base64 HMAC-SHA256 of \"{id}.{ts}.{body}\" (whsec_), or v1a Ed25519 (whpk_)"_s,
            [](const QJsonObject&) -> std::unique_ptr<Scheme> {
                return std::make_unique<StandardWebhooksScheme>(u"standard-webhooks"_s, QList<Family> { kWebhook });
            } },
        // Svix white-labelled accounts send webhook-*; the Svix libraries Resend builds on read both.
        { u"svix"_s, {}, u"Standard Webhooks signing under svix-* headers, else webhook-*"_s,
            [](const QJsonObject&) -> std::unique_ptr<Scheme> {
                return std::make_unique<StandardWebhooksScheme>(u"svix"_s, QList<Family> { kSvix, kWebhook });
            } },
        { u"resend"_s, {}, u"delivered through Svix: Standard Webhooks signing under svix-* headers"_s,
            [](const QJsonObject&) -> std::unique_ptr<Scheme> {
                return std::make_unique<StandardWebhooksScheme>(u"resend"_s, QList<Family> { kSvix, kWebhook });
            } },
        { u"stripe"_s, {}, u"Stripe-Signature: t=…,v1= hex HMAC-SHA256 of \"{t}.{body}\", old timestamps refused"_s,
            make<StripeScheme> },
        { u"github"_s, {}, descriptionOf(kGithub), preset<kGithub> },
        { u"github-sha1"_s, {}, descriptionOf(kGithubSha1), preset<kGithubSha1> },
        { u"slack"_s, {}, descriptionOf(kSlack), preset<kSlack> },
        { u"shopify"_s, {}, descriptionOf(kShopify), preset<kShopify> },
        { u"twilio"_s, {}, u"X-Twilio-Signature: base64 HMAC-SHA1 of the public URL and the form parameters"_s,
            make<TwilioScheme> },
        { u"mailgun"_s, {}, descriptionOf(kMailgun), preset<kMailgun> },
        { u"sendgrid"_s, {}, u"X-Twilio-Email-Event-Webhook-Signature: ECDSA P-256 of \"{ts}{body}\""_s,
            make<SendgridScheme> },
        { u"postmark"_s, {}, u"HTTP Basic credentials from the webhook URL; nothing is signed"_s,
            make<PostmarkScheme> },
        { u"mandrill"_s, {},
            u"X-Mandrill-Signature: base64 HMAC-SHA1 of the webhook URL and the sorted POST keys and values"_s,
            make<MandrillScheme> },
        { u"sns"_s, {},
            u"Amazon SNS: RSA SHA1/SHA256 of the message's canonical fields, certificate from sns.<region>.amazonaws.com or PEM"_s,
            make<SnsScheme> },
        { u"postal"_s, {}, u"X-Postal-Signature: base64 RSA-SHA1 of the body, verified with the server's public key"_s,
            make<PostalScheme> },
        { u"mailersend"_s, {}, descriptionOf(kMailersend), preset<kMailersend> },
        { u"sparkpost"_s, {}, u"HTTP Basic credentials, or the relay webhook's X-MessageSystems-Webhook-Token"_s,
            [](const QJsonObject&) -> std::unique_ptr<Scheme> {
                return std::make_unique<BasicAuthScheme>(
                    u"sparkpost"_s, u"SparkPost"_s, QByteArray("X-MessageSystems-Webhook-Token"));
            } },
        { u"mailjet"_s, {}, u"HTTP Basic credentials from the webhook URL; nothing is signed"_s,
            [](const QJsonObject&) -> std::unique_ptr<Scheme> {
                return std::make_unique<BasicAuthScheme>(u"mailjet"_s, u"Mailjet"_s);
            } },
        { u"hmac"_s, {}, u"configured: header, prefix, encoding, algorithm, template, timestamp, id"_s, generic },
    };
}

} // namespace

QString defaultSchemeName()
{
    return u"mailparse"_s;
}

const QList<SchemeEntry>& schemeEntries()
{
    static const QList<SchemeEntry> entries = makeEntries();
    return entries;
}

const SchemeEntry* findScheme(const QString& name)
{
    for (const SchemeEntry& entry : schemeEntries()) {
        if (entry.name == name || entry.aliases.contains(name))
            return &entry;
    }
    return nullptr;
}

std::unique_ptr<Scheme> createScheme(const QString& name, const QJsonObject& options)
{
    const SchemeEntry* entry = findScheme(name);
    return entry ? entry->make(options) : nullptr;
}

QStringList schemeNames()
{
    QStringList names;
    for (const SchemeEntry& entry : schemeEntries())
        names << entry.name;
    return names;
}

} // namespace hookscope::verify
