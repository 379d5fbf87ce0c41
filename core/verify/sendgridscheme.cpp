#include "sendgridscheme.h"

#include "asymmetric.h"
#include "diagnosis.h"
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

Verdict SendgridScheme::verify(const Input& input) const
{
    Verdict v = support::begin(*this, input);
    if (v.outcome == Outcome::NotChecked)
        return v;
    const QByteArray sig = headerValue(input.headers, "X-Twilio-Email-Event-Webhook-Signature").trimmed();
    const QByteArray ts = headerValue(input.headers, "X-Twilio-Email-Event-Webhook-Timestamp").trimmed();
    if (sig.isEmpty() || ts.isEmpty()) {
        QList<QByteArray> missing;
        if (sig.isEmpty())
            missing << "X-Twilio-Email-Event-Webhook-Signature";
        if (ts.isEmpty())
            missing << "X-Twilio-Email-Event-Webhook-Timestamp";
        support::setMissing(v, missing);
        diagnose(v, *this, input);
        return v;
    }
    v.received = sig;
    v.canonical = ts + input.body;
    v.expected = "(an ECDSA signature is not reproducible; it is checked against the public key)";
    const auto seconds = support::parseInteger(ts);
    if (!seconds) {
        support::setInvalidTimestamp(v,
            u"X-Twilio-Email-Event-Webhook-Timestamp must be whole seconds since the epoch, not \"%1\"."_s.arg(
                QString::fromUtf8(ts.left(40))));
        diagnose(v, *this, input);
        return v;
    }
    if (!support::checkWindow(v, input, *seconds * 1000, support::tolerance(*this, input), support::Window::TwoSided)) {
        diagnose(v, *this, input);
        return v;
    }
    const auto der = support::decodeBase64(sig);
    if (!der || der->isEmpty()) {
        support::setInvalidSignature(v, u"malformed-signature"_s, u"The signature header is not base64."_s);
        diagnose(v, *this, input);
        return v;
    }
    QStringList keyErrors;
    for (int i = 0; i < input.secrets.size(); ++i) {
        const auto key = publicKeyDer(input.secrets.at(i));
        if (!key) {
            keyErrors << u"secret %1 is not base64"_s.arg(i + 1);
            continue;
        }
        const auto ok = asymmetric::ecdsaVerify(*key, v.canonical, *der);
        if (!ok) {
            keyErrors << u"secret %1: %2"_s.arg(i + 1).arg(ok.error());
            continue;
        }
        if (*ok) {
            support::setValid(v, i);
            v.expected = sig;
            return v;
        }
    }
    if (keyErrors.size() == input.secrets.size()) {
        support::setInvalidSignature(v, u"invalid-key"_s,
            u"The configured verification key cannot be used (%1). Paste the \"verification key\" from SendGrid's Mail Settings: base64 DER, with or without PEM armour."_s
                .arg(keyErrors.join(u"; "_s)));
        return v;
    }
    support::setInvalidSignature(v);
    if (der->size() == 32 && der->at(0) != 0x30) {
        v.reason = u"wrong-algorithm"_s;
        v.hints
            << u"The signature is 32 bytes, the size of an HMAC-SHA256, not a DER ECDSA signature: SendGrid signs with ECDSA P-256, so whatever produced it signs the wrong way."_s;
        return v;
    }
    diagnose(v, *this, input);
    return v;
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
