#pragma once

#include "scheme.h"

namespace hookscope::verify {

/**
 * Providers that sign nothing and authenticate with credentials: HTTP Basic credentials taken from the webhook URL
 * (Mailjet; SparkPost's basic auth), and for SparkPost also the relay webhook's `auth_token`, sent as is in
 * `X-MessageSystems-Webhook-Token`. A secret with a ':' (or a URL carrying user information) is Basic credentials;
 * any other secret is a token (for the schemes with a token header). Compared in constant time; nothing covers the
 * body.
 */
class BasicAuthScheme final : public Scheme {
public:
    /** `provider` as named in hints ("Mailjet"); `tokenHeader` empty when the provider has no token. */
    BasicAuthScheme(QString name, QString provider, QByteArray tokenHeader = {});
    QString name() const override { return m_name; }
    QList<QByteArray> signatureHeaders() const override;
    QList<QByteArray> credentialHeaders() const override { return signatureHeaders(); }
    QByteArray credentialDigestInput(QByteArrayView headerValue) const override;
    QByteArray configuredDigestInput(const QByteArray& secret) const override;
    /** Basic credentials for a `user:password` secret, else the token header. */
    Result<Signed> sign(const SignInput& input) const override;
    /** The same user name with a new random password, or a new random token. */
    Result<QByteArray> wrongSecret(const QByteArray& secret) const override;

protected:
    Reading read(const Input& input) const override;
    void collect(
        const Input& input, const Reading& reading, std::optional<qint64> timestamp, Check& check) const override;

private:
    bool isBasic(const QByteArray& secret) const;
    QString m_name;
    QString m_provider;
    QByteArray m_tokenHeader;
};

} // namespace hookscope::verify
