#pragma once

#include "scheme.h"

namespace hookscope::verify {

/** Slack: `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:{ts}:{body}">`, seconds, 5-minute two-sided window. */
class SlackScheme final : public Scheme {
public:
    QString name() const override;
    std::optional<qint64> defaultToleranceMs() const override { return 300'000; }
    QList<QByteArray> signatureHeaders() const override { return { "X-Slack-Signature", "X-Slack-Request-Timestamp" }; }
    qint64 timestampUnitMs() const override { return 1000; }
    Verdict verify(const Input& input) const override;
    Result<Signed> sign(const SignInput& input) const override;
};

} // namespace hookscope::verify
