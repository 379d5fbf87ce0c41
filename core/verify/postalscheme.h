#pragma once

#include "scheme.h"

namespace hookscope::verify {

/**
 * Postal: `X-Postal-Signature` = base64 RSA-SHA1 (PKCS#1 v1.5) signature of the raw body with the mail server's
 * private key. The secret is the server's public key: PEM, base64 DER, or the DNS record form with `p=…`.
 */
class PostalScheme final : public Scheme {
public:
    QString name() const override;
    QList<QByteArray> signatureHeaders() const override { return { "X-Postal-Signature" }; }
    /** Signs only with a PEM RSA private key of your own; Postal's own key is not available. */
    Result<Signed> sign(const SignInput& input) const override;
    /** A new RSA private key (PEM). */
    Result<QByteArray> wrongSecret(const QByteArray& secret) const override;

protected:
    Reading read(const Input& input) const override;
    void collect(
        const Input& input, const Reading& reading, std::optional<qint64> timestamp, Check& check) const override;
};

} // namespace hookscope::verify
