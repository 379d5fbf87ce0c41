#pragma once

#include "scheme.h"

namespace hookscope::verify {

/** The guide's own scheme: hex HMAC-SHA256 over "{ms timestamp}.{body}", 5-minute two-sided window. */
class MailparseScheme final : public Scheme {
public:
    QString name() const override;
    std::optional<qint64> defaultToleranceMs() const override { return 300000; }
    QList<QByteArray> signatureHeaders() const override { return { "X-Webhook-Signature", "X-Webhook-Timestamp" }; }
    qint64 timestampUnitMs() const override { return 1; }
    Verdict verify(const Input& input) const override;
    Result<Signed> sign(const SignInput& input) const override;
};

} // namespace hookscope::verify
