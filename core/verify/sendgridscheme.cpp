#include "sendgridscheme.h"

#include "asymmetric.h"
#include "schemesupport.h"

using namespace Qt::StringLiterals;

namespace hookscope::verify {

QString SendgridScheme::name() const
{
    return u"sendgrid"_s;
}

namespace {

std::optional<QByteArray> publicKeyDer(const QByteArray& secret)
{
    QByteArray text = secret.trimmed();
    if (text.startsWith("-----BEGIN")) {
        QByteArray inner;
        for (const QByteArray& line : text.split('\n')) {
            if (!line.trimmed().startsWith("-----"))
                inner += line.trimmed();
        }
        text = inner;
    }
    text.replace('\n', "").replace('\r', "").replace(' ', "");
    return support::decodeBase64(text);
}

} // namespace

Reading SendgridScheme::read(const Input& input) const
{
    Reading r;
    r.received = headerValue(input.headers, "X-Twilio-Email-Event-Webhook-Signature").trimmed();
    r.timestamp = headerValue(input.headers, "X-Twilio-Email-Event-Webhook-Timestamp").trimmed();
    r.timestampName = "X-Twilio-Email-Event-Webhook-Timestamp";
    r.required = { { "X-Twilio-Email-Event-Webhook-Signature", r.received },
        { "X-Twilio-Email-Event-Webhook-Timestamp", *r.timestamp } };
    r.canonical = *r.timestamp + input.body;
    return r;
}

void SendgridScheme::collect(const Input&, const Reading& r, std::optional<qint64>, Check& c) const
{
    c.verdict.expected = "(an ECDSA signature is not reproducible; it is checked against the public key)";
    c.compare = [sig = r.received, secrets = r.secrets](Check& check) {
        Verdict& v = check.verdict;
        const auto der = support::decodeBase64(sig);
        if (!der || der->isEmpty()) {
            support::setInvalidSignature(v, u"malformed-signature"_s, u"The signature header is not base64."_s);
            return;
        }
        const support::KeyTrial trial = support::tryEachKey(
            v, secrets.size(),
            [&](int i) -> Result<bool> {
                const auto key = publicKeyDer(secrets.at(i));
                if (!key)
                    return fail(u"not base64"_s);
                return asymmetric::ecdsaVerify(*key, v.canonical, *der);
            },
            sig,
            u"The configured verification key cannot be used (%1). Paste the \"verification key\" from SendGrid's Mail Settings: base64 DER, with or without PEM armour."_s);
        if (trial == support::KeyTrial::NoUsableKey)
            check.explain = false;
        if (trial != support::KeyTrial::NoneMatched)
            return;
        support::setInvalidSignature(v);
        if (der->size() == 32 && der->at(0) != 0x30) {
            v.reason = u"wrong-algorithm"_s;
            v.hints
                << u"The signature is 32 bytes, the size of an HMAC-SHA256, not a DER ECDSA signature: SendGrid signs with ECDSA P-256, so whatever produced it signs the wrong way."_s;
            check.explain = false;
        }
    };
}

Result<Signed> SendgridScheme::sign(const SignInput& input) const
{
    if (!input.secret.trimmed().startsWith("-----BEGIN") || !input.secret.contains("PRIVATE KEY"))
        return fail(
            u"sendgrid is signed with the provider's private key, which Hookscope does not have; sign with a PEM EC private key of your own (and verify with its public key)"_s);
    const QByteArray ts = QByteArray::number(input.nowMs / 1000);
    auto sig = asymmetric::ecdsaSign(input.secret, QByteArray(ts + input.body));
    if (!sig)
        return fail(u"sendgrid: "_s + sig.error());
    Signed out;
    out.body = input.body;
    out.headers = { { "X-Twilio-Email-Event-Webhook-Signature", sig->toBase64() },
        { "X-Twilio-Email-Event-Webhook-Timestamp", ts } };
    return out;
}

Result<QByteArray> SendgridScheme::wrongSecret(const QByteArray&) const
{
    // Text after a PEM's END line is ignored, so nothing derived from the right key will do: a new key pair.
    return asymmetric::ecGenerateP256();
}

} // namespace hookscope::verify
