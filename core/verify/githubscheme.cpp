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
    const QByteArray sig = headerValue(input.headers, m_header).trimmed();
    if (sig.isEmpty()) {
        support::setMissing(v, { m_header });
        // Accepting the SHA-1 header in its place would let anyone who strips the SHA-256 one choose the weaker MAC.
        if (m_digest == crypto::Digest::Sha256 && !headerValue(input.headers, "X-Hub-Signature").trimmed().isEmpty())
            v.hints
                << u"Only the legacy X-Hub-Signature (HMAC-SHA1) header was sent. The github scheme requires X-Hub-Signature-256 and does not fall back to SHA-1 (a downgrade); for a sender that signs only with SHA-1 (an old GitHub Enterprise Server), set the route's scheme to github-sha1."_s;
        diagnose(v, *this, input);
        return v;
    }
    MacEvidence mac;
    mac.digest = m_digest;
    mac.prefix = m_prefix;
    mac.canonical = input.body;
    mac.secrets = input.secrets;
    mac.keys = input.secrets;
    mac.received = { sig };
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
