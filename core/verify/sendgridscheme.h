#pragma once

#include "scheme.h"

namespace hookscope::verify {

/**
 * SendGrid Event Webhook: ECDSA P-256/SHA-256 over "{timestamp}{body}", signature base64 DER; the secret is the
 * verification key (base64 DER SubjectPublicKeyInfo, PEM armour optional). No window unless one is configured.
 */
class SendgridScheme final : public Scheme {
public:
    QString name() const override;
    QList<QByteArray> signatureHeaders() const override
    {
        return { "X-Twilio-Email-Event-Webhook-Signature", "X-Twilio-Email-Event-Webhook-Timestamp" };
    }
    qint64 timestampUnitMs() const override { return 1000; }
    /** Signs only with a PEM private key (a test key of your own); SendGrid's own key is not available. */
    Result<Signed> sign(const SignInput& input) const override;
    /** A new EC P-256 private key (PEM): the configured secret is only the public key, or the right private one. */
    Result<QByteArray> wrongSecret(const QByteArray& secret) const override;

protected:
    Reading read(const Input& input) const override;
    void collect(
        const Input& input, const Reading& reading, std::optional<qint64> timestamp, Check& check) const override;
};

} // namespace hookscope::verify
