#include "postalscheme.h"

#include "rsakeys.h"
#include "schemesupport.h"

using namespace Qt::StringLiterals;

namespace hookscope::verify {

QString PostalScheme::name() const
{
    return u"postal"_s;
}

Reading PostalScheme::read(const Input& input) const
{
    Reading r;
    r.received = headerValue(input.headers, "X-Postal-Signature").trimmed();
    r.required = { { "X-Postal-Signature", r.received } };
    r.missingHints
        << u"Postal signs every webhook request with its server's key in X-Postal-Signature; without it the request did not come from Postal (or a proxy dropped the header)."_s;
    r.canonical = input.body;
    return r;
}

void PostalScheme::collect(const Input& input, const Reading& r, std::optional<qint64>, Check& c) const
{
    c.verdict.expected = "(an RSA signature is checked against the public key, not recomputed)";
    c.compare = [sig = r.received, secrets = r.secrets, body = input.body](Check& check) {
        Verdict& v = check.verdict;
        const auto raw = support::decodeBase64(QByteArray(sig).replace('\n', "").replace('\r', ""));
        if (!raw || raw->isEmpty()) {
            support::setInvalidSignature(v, u"malformed-signature"_s,
                u"X-Postal-Signature is not base64; Postal sends a base64 RSA signature."_s);
            return;
        }
        const support::KeyTrial trial = support::tryEachKey(
            v, secrets.size(), [&](int i) { return rsa::verify(secrets.at(i), crypto::Digest::Sha1, body, *raw); }, sig,
            u"The configured public key cannot be used (%1). Paste the public key Postal shows for the mail server's webhooks: PEM, base64 DER, or the DNS record with p=…."_s);
        if (trial == support::KeyTrial::NoUsableKey)
            check.explain = false;
        if (trial != support::KeyTrial::NoneMatched)
            return;
        support::setInvalidSignature(v);
        for (const auto& secret : secrets) {
            if (rsa::verify(secret, crypto::Digest::Sha256, body, *raw).value_or(false)) {
                v.reason = u"wrong-algorithm"_s;
                v.hints << u"The signature is RSA-SHA256 of the body; Postal's X-Postal-Signature is RSA-SHA1."_s;
                check.explain = false;
                return;
            }
        }
        v.hints
            << u"The signature does not verify under the configured public key: the key is not this Postal server's (wrong key), or the body changed after signing."_s;
    };
}

Result<Signed> PostalScheme::sign(const SignInput& input) const
{
    if (!rsa::isPrivateKeyPem(input.secret))
        return fail(
            u"postal is signed with the mail server's private key, which Hookscope does not have; sign with a PEM RSA private key of your own (and verify with its public key)"_s);
    auto sig = rsa::sign(input.secret, crypto::Digest::Sha1, input.body);
    if (!sig)
        return fail(u"postal: "_s + sig.error());
    Signed out;
    out.body = input.body;
    out.headers = { { "X-Postal-Signature", sig->toBase64() } };
    return out;
}

Result<QByteArray> PostalScheme::wrongSecret(const QByteArray&) const
{
    return rsa::generate();
}

} // namespace hookscope::verify
