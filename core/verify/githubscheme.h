#pragma once

#include "scheme.h"

#include "core/common/crypto.h"

namespace hookscope::verify {

/** GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`; no timestamp. */
class GithubScheme : public Scheme {
public:
    GithubScheme() = default;
    QString name() const override;
    QList<QByteArray> deliveryIdHeaders() const override { return { "X-GitHub-Delivery" }; }
    QList<QByteArray> signatureHeaders() const override { return { m_header }; }
    Verdict verify(const Input& input) const override;
    Result<Signed> sign(const SignInput& input) const override;

protected:
    GithubScheme(crypto::Digest digest, QByteArray header, QByteArray prefix);

private:
    crypto::Digest m_digest = crypto::Digest::Sha256;
    QByteArray m_header = "X-Hub-Signature-256";
    QByteArray m_prefix = "sha256=";
};

} // namespace hookscope::verify
