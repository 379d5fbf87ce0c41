#include "githubscheme.h"

#include "diagnosis.h"
#include "schemesupport.h"

using namespace Qt::StringLiterals;

namespace hookscope::verify {

GithubScheme::GithubScheme(crypto::Digest digest, QByteArray header, QByteArray prefix)
    : m_digest(digest)
    , m_header(std::move(header))
    , m_prefix(std::move(prefix))
{
}

QString GithubScheme::name() const
{
    return u"github"_s;
}

Verdict GithubScheme::verify(const Input& input) const
{
    Verdict v = support::begin(*this, input);
    if (v.outcome == Outcome::NotChecked)
        return v;
    crypto::Digest digest = m_digest;
    QByteArray prefix = m_prefix;
    QByteArray sig = headerValue(input.headers, m_header).trimmed();
    bool legacy = false;
    if (sig.isEmpty() && m_digest == crypto::Digest::Sha256) {
        // Older hooks and GitHub Enterprise Server send only the SHA-1 header; it is still a GitHub signature.
        sig = headerValue(input.headers, "X-Hub-Signature").trimmed();
        legacy = !sig.isEmpty();
        digest = crypto::Digest::Sha1;
        prefix = "sha1=";
    }
    if (sig.isEmpty()) {
        support::setMissing(v, { m_header });
        diagnose(v, *this, input);
        return v;
    }
    MacEvidence mac;
    mac.digest = digest;
    mac.prefix = prefix;
    mac.canonical = input.body;
    mac.secrets = input.secrets;
    mac.keys = input.secrets;
    mac.received = { sig };
    if (legacy)
        v.hints
            << u"Only the legacy X-Hub-Signature (HMAC-SHA1) header was sent, so it was checked; GitHub recommends X-Hub-Signature-256."_s;
    if (matchMac(mac, v))
        return v;
    support::setInvalidSignature(v);
    diagnose(v, *this, input, &mac);
    return v;
}

Result<Signed> GithubScheme::sign(const SignInput& input) const
{
    if (input.secret.isEmpty())
        return fail(u"%1 needs a secret to sign"_s.arg(name()));
    Signed out;
    out.body = input.body;
    out.headers = { { m_header, m_prefix + crypto::hmac(m_digest, input.secret, input.body).toHex() } };
    if (!input.deliveryId.isEmpty())
        out.headers.append({ "X-GitHub-Delivery", input.deliveryId });
    return out;
}

} // namespace hookscope::verify
