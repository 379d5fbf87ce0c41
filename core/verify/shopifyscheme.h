#pragma once

#include "scheme.h"

namespace hookscope::verify {

/**
 * Shopify: `X-Shopify-Hmac-Sha256` (or `shopify-hmac-sha256` on newer event deliveries) = base64 HMAC-SHA256 of
 * the body; no timestamp. Rotation is configured as a second secret (the SDK's fallback key).
 */
class ShopifyScheme final : public Scheme {
public:
    QString name() const override;
    QList<QByteArray> deliveryIdHeaders() const override { return { "X-Shopify-Webhook-Id", "shopify-webhook-id" }; }
    QList<QByteArray> signatureHeaders() const override { return { "X-Shopify-Hmac-Sha256", "shopify-hmac-sha256" }; }
    Verdict verify(const Input& input) const override;
    Result<Signed> sign(const SignInput& input) const override;
};

} // namespace hookscope::verify
