#include "mailparsescheme.h"

#include "diagnosis.h"
#include "schemesupport.h"

using namespace Qt::StringLiterals;

namespace hookscope::verify {

QString MailparseScheme::name() const
{
    return u"mailparse"_s;
}

Verdict MailparseScheme::verify(const Input& input) const
{
    Verdict v = support::begin(*this, input);
    if (v.outcome == Outcome::NotChecked)
        return v;
    const QByteArray sig = headerValue(input.headers, "X-Webhook-Signature");
    const QByteArray ts = headerValue(input.headers, "X-Webhook-Timestamp");
    if (sig.isNull() || ts.isNull()) {
        QList<QByteArray> missing;
        if (sig.isNull())
            missing << "X-Webhook-Signature";
        if (ts.isNull())
            missing << "X-Webhook-Timestamp";
        support::setMissing(v, missing);
        diagnose(v, *this, input);
        return v;
    }
    v.received = sig.trimmed();
    const QByteArray stamp = ts.trimmed();
    const auto tsMs = support::parseInteger(stamp);
    if (!tsMs) {
        support::setInvalidTimestamp(
            v, u"X-Webhook-Timestamp must be an integer count of milliseconds since the epoch."_s);
        diagnose(v, *this, input);
        return v;
    }
    MacEvidence mac;
    mac.canonical = ts + '.' + input.body;
    mac.secrets = input.secrets;
    mac.keys = input.secrets;
    mac.received = { v.received };
    mac.alternatives = {
        { u"wrong-signed-content"_s,
            u"The signature covers the body alone; the timestamp must be signed too: \"{timestamp}.{body}\"."_s,
            input.body },
        { u"wrong-signed-content"_s,
            u"The signature covers \"{timestamp}{body}\" without the dot; MailParse signs \"{timestamp}.{body}\"."_s,
            ts + input.body },
    };
    v.canonical = mac.canonical;
    v.expected = mac.signatureFor(mac.keys.first(), mac.canonical);
    if (!support::checkWindow(v, input, *tsMs, support::tolerance(*this, input), support::Window::TwoSided)) {
        diagnose(v, *this, input, &mac);
        return v;
    }
    if (matchMac(mac, v))
        return v;
    support::setInvalidSignature(v);
    diagnose(v, *this, input, &mac);
    return v;
}

Result<Signed> MailparseScheme::sign(const SignInput& input) const
{
    if (input.secret.isEmpty())
        return fail(u"mailparse needs a secret to sign"_s);
    const QByteArray ts = QByteArray::number(input.nowMs);
    Signed out;
    out.body = input.body;
    out.headers.append({ "X-Webhook-Timestamp", ts });
    const QByteArray canonical = ts + '.' + input.body;
    out.headers.append(
        { "X-Webhook-Signature", crypto::hmac(crypto::Digest::Sha256, input.secret, canonical).toHex() });
    return out;
}

} // namespace hookscope::verify
