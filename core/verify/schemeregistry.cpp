#include "asymmetric.h"
#include "githubscheme.h"
#include "githubsha1scheme.h"
#include "hmacscheme.h"
#include "mailgunscheme.h"
#include "mailparsescheme.h"
#include "postmarkscheme.h"
#include "resendscheme.h"
#include "scheme.h"
#include "sendgridscheme.h"
#include "shopifyscheme.h"
#include "slackscheme.h"
#include "standardwebhooksscheme.h"
#include "stripescheme.h"
#include "svixscheme.h"
#include "twilioscheme.h"

using namespace Qt::StringLiterals;

namespace hookscope::verify {

Result<Signed> Scheme::sign(const SignInput&) const
{
    return fail(u"the %1 scheme cannot sign requests"_s.arg(name()));
}

Result<QByteArray> Scheme::wrongSecret(const QByteArray& secret) const
{
    // An HMAC key: any other bytes will do. Keep the look of the right one (Stripe's `whsec_` prefix).
    const QByteArray prefix = secret.trimmed().startsWith("whsec_") ? QByteArray("whsec_") : QByteArray();
    QByteArray out;
    do
        out = prefix + asymmetric::randomBytes(24).toHex();
    while (out == secret);
    return out;
}

std::unique_ptr<Scheme> createScheme(const QString& name, const QJsonObject& options)
{
    if (name == u"mailparse"_s)
        return std::make_unique<MailparseScheme>();
    if (name == u"standard-webhooks"_s)
        return std::make_unique<StandardWebhooksScheme>();
    if (name == u"svix"_s)
        return std::make_unique<SvixScheme>();
    if (name == u"resend"_s)
        return std::make_unique<ResendScheme>();
    if (name == u"stripe"_s)
        return std::make_unique<StripeScheme>();
    if (name == u"github"_s)
        return std::make_unique<GithubScheme>();
    if (name == u"github-sha1"_s)
        return std::make_unique<GithubSha1Scheme>();
    if (name == u"slack"_s)
        return std::make_unique<SlackScheme>();
    if (name == u"shopify"_s)
        return std::make_unique<ShopifyScheme>();
    if (name == u"twilio"_s)
        return std::make_unique<TwilioScheme>();
    if (name == u"mailgun"_s)
        return std::make_unique<MailgunScheme>();
    if (name == u"sendgrid"_s)
        return std::make_unique<SendgridScheme>();
    if (name == u"postmark"_s)
        return std::make_unique<PostmarkScheme>();
    if (name == u"hmac"_s)
        return std::make_unique<HmacScheme>(options);
    return nullptr;
}

QStringList schemeNames()
{
    return { u"mailparse"_s, u"standard-webhooks"_s, u"svix"_s, u"resend"_s, u"stripe"_s, u"github"_s, u"github-sha1"_s,
        u"slack"_s, u"shopify"_s, u"twilio"_s, u"mailgun"_s, u"sendgrid"_s, u"postmark"_s, u"hmac"_s };
}

} // namespace hookscope::verify
