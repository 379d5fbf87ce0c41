#pragma once

#include "scheme.h"

namespace hookscope::verify {

/**
 * Stripe: `Stripe-Signature: t=…,v1=…` with lower-case hex HMAC-SHA256 over "{t}.{body}", keyed with the whole
 * secret string (`whsec_` included); only `v1` counts; the window rejects old timestamps only, as the SDKs do.
 */
class StripeScheme final : public Scheme {
public:
    QString name() const override;
    std::optional<qint64> defaultToleranceMs() const override { return 300'000; }
    QList<QByteArray> signatureHeaders() const override { return { "Stripe-Signature" }; }
    qint64 timestampUnitMs() const override { return 1000; }
    support::Window window() const override { return support::Window::PastOnly; }
    Result<Signed> sign(const SignInput& input) const override;

protected:
    Reading read(const Input& input) const override;
    void collect(
        const Input& input, const Reading& reading, std::optional<qint64> timestamp, Check& check) const override;
};

} // namespace hookscope::verify
