#include "shopifyscheme.h"

#include "diagnosis.h"
#include "schemesupport.h"

#include <QDateTime>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace hookscope::verify {

QString ShopifyScheme::name() const
{
    return u"shopify"_s;
}

Verdict ShopifyScheme::verify(const Input& input) const
{
    Verdict v = support::begin(*this, input);
    if (v.deliveryId.isEmpty()) {
        const QByteArray id = headerValue(input.headers, "shopify-webhook-id");
        if (!id.isEmpty())
            v.deliveryId = QString::fromUtf8(id.trimmed());
    }
    if (v.outcome == Outcome::NotChecked)
        return v;
    QByteArray sig = headerValue(input.headers, "X-Shopify-Hmac-Sha256").trimmed();
    if (sig.isEmpty())
        sig = headerValue(input.headers, "shopify-hmac-sha256").trimmed();
    if (sig.isEmpty()) {
        support::setMissing(v, { "X-Shopify-Hmac-Sha256" });
        diagnose(v, *this, input);
        return v;
    }
    MacEvidence mac;
    mac.encoding = support::Encoding::Base64;
    mac.canonical = input.body;
    mac.secrets = input.secrets;
    mac.keys = input.secrets;
    mac.received = { sig };
    v.canonical = mac.canonical;
    v.expected = mac.signatureFor(mac.keys.first(), mac.canonical);
    v.received = sig;
    // The official library refuses a delivery without a body before it looks at the HMAC.
    if (input.body.isEmpty()) {
        support::setInvalidSignature(v, u"empty-body"_s,
            u"The body is empty; Shopify always signs a body, and its library rejects empty ones (missing_body)."_s);
        return v;
    }
    if (matchMac(mac, v))
        return v;
    support::setInvalidSignature(v);
    if (input.secrets.size() == 1)
        v.hints
            << u"After rotating the app's client secret, Shopify may sign with the old one for up to an hour: configure both (the new one first)."_s;
    diagnose(v, *this, input, &mac);
    return v;
}

Result<Signed> ShopifyScheme::sign(const SignInput& input) const
{
    if (input.secret.isEmpty())
        return fail(u"shopify needs the app's client secret to sign"_s);
    // Shopify sends these with every delivery, and its library refuses one without them (missing_headers). Values
    // already on the request (a captured delivery, --header) are kept; the others are made up.
    const auto kept = [&](const QByteArray& name, const QByteArray& otherwise) {
        const QByteArray value = headerValue(input.headers, name).trimmed();
        return value.isEmpty() ? otherwise : value;
    };
    const auto uuid = [] { return QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1(); };
    Signed out;
    out.body = input.body;
    out.headers = {
        { "X-Shopify-Topic", kept("X-Shopify-Topic", "orders/create") },
        { "X-Shopify-Hmac-Sha256", crypto::hmac(crypto::Digest::Sha256, input.secret, input.body).toBase64() },
        { "X-Shopify-Shop-Domain", kept("X-Shopify-Shop-Domain", "hookscope-test.myshopify.com") },
        { "X-Shopify-API-Version", kept("X-Shopify-API-Version", "2025-01") },
        { "X-Shopify-Webhook-Id",
            input.deliveryId.isEmpty() ? kept("X-Shopify-Webhook-Id", uuid()) : input.deliveryId },
        { "X-Shopify-Triggered-At",
            kept("X-Shopify-Triggered-At",
                QDateTime::fromMSecsSinceEpoch(input.nowMs, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1()) },
        { "X-Shopify-Event-Id", kept("X-Shopify-Event-Id", uuid()) },
    };
    return out;
}

} // namespace hookscope::verify
