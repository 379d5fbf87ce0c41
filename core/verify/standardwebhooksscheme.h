#pragma once

#include "scheme.h"

namespace hookscope::verify {

/**
 * Standard Webhooks: `v1,` base64 HMAC-SHA256 over "{id}.{seconds}.{body}" with the base64-decoded part of a
 * `whsec_` secret, or `v1a,` Ed25519 with a `whpk_` public key; space-separated lists; 5-minute two-sided window.
 * Svix and Resend sign the same way under other header names: the same class with other header families.
 */
class StandardWebhooksScheme final : public Scheme {
public:
    struct Family {
        QByteArray id;
        QByteArray timestamp;
        QByteArray signature;
    };
    /** Header families in the order they are tried; a family is used only when all three are present. */
    explicit StandardWebhooksScheme(QString name = QStringLiteral("standard-webhooks"),
        QList<Family> families = { { "webhook-id", "webhook-timestamp", "webhook-signature" } });

    QString name() const override { return m_name; }
    QList<QByteArray> deliveryIdHeaders() const override;
    std::optional<qint64> defaultToleranceMs() const override { return 300'000; }
    QList<QByteArray> signatureHeaders() const override;
    qint64 timestampUnitMs() const override { return 1000; }
    Result<Signed> sign(const SignInput& input) const override;
    /** A new `whsec_` secret for an HMAC one; a new `whsk_` Ed25519 private key for a `whpk_`/`whsk_` one. */
    Result<QByteArray> wrongSecret(const QByteArray& secret) const override;

protected:
    Reading read(const Input& input) const override;
    void collect(
        const Input& input, const Reading& reading, std::optional<qint64> timestamp, Check& check) const override;

private:
    QString m_name;
    QList<Family> m_families;
};

} // namespace hookscope::verify
