#pragma once

#include "scheme.h"

namespace hookscope::verify {

/**
 * Postmark: no signature, only HTTP Basic credentials taken from the webhook URL. The secret is "user:password"
 * (or the URL itself, `https://user:password@host/…`). Nothing covers the body.
 */
class PostmarkScheme final : public Scheme {
public:
    QString name() const override;
    QList<QByteArray> signatureHeaders() const override { return { "Authorization" }; }
    QList<QByteArray> credentialHeaders() const override { return { "Authorization" }; }
    QByteArray credentialDigestInput(QByteArrayView headerValue) const override;
    QByteArray configuredDigestInput(const QByteArray& secret) const override;
    Result<Signed> sign(const SignInput& input) const override;
    /** The same user name with a new random password. */
    Result<QByteArray> wrongSecret(const QByteArray& secret) const override;

    /** "user:password" from a secret that is either that or a URL carrying it. */
    static QByteArray credentials(const QByteArray& secret);

protected:
    Reading read(const Input& input) const override;
    void collect(
        const Input& input, const Reading& reading, std::optional<qint64> timestamp, Check& check) const override;
};

} // namespace hookscope::verify
