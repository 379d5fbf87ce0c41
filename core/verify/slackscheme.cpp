#include "slackscheme.h"

#include "diagnosis.h"
#include "schemesupport.h"

using namespace Qt::StringLiterals;

namespace hookscope::verify {

QString SlackScheme::name() const
{
    return u"slack"_s;
}

Verdict SlackScheme::verify(const Input& input) const
{
    Verdict v = support::begin(*this, input);
    if (v.outcome == Outcome::NotChecked)
        return v;
    const QByteArray sig = headerValue(input.headers, "X-Slack-Signature").trimmed();
    const QByteArray ts = headerValue(input.headers, "X-Slack-Request-Timestamp").trimmed();
    if (sig.isEmpty() || ts.isEmpty()) {
        QList<QByteArray> missing;
        if (sig.isEmpty())
            missing << "X-Slack-Signature";
        if (ts.isEmpty())
            missing << "X-Slack-Request-Timestamp";
        support::setMissing(v, missing);
        diagnose(v, *this, input);
        return v;
    }
    v.received = sig;
    const auto seconds = support::parseInteger(ts);
    if (!seconds) {
        support::setInvalidTimestamp(v,
            u"X-Slack-Request-Timestamp must be whole seconds since the epoch, not \"%1\"."_s.arg(
                QString::fromUtf8(ts.left(40))));
        diagnose(v, *this, input);
        return v;
    }
    MacEvidence mac;
    mac.prefix = "v0=";
    mac.canonical = "v0:" + ts + ':' + input.body;
    mac.secrets = input.secrets;
    mac.keys = input.secrets;
    mac.received = { sig };
    mac.alternatives = {
        { u"wrong-signed-content"_s, u"The signature covers the body alone; Slack signs \"v0:{timestamp}:{body}\"."_s,
            input.body },
    };
    v.canonical = mac.canonical;
    v.expected = mac.signatureFor(mac.keys.first(), mac.canonical);
    if (!support::checkWindow(v, input, *seconds * 1000, support::tolerance(*this, input), support::Window::TwoSided)) {
        diagnose(v, *this, input, &mac);
        return v;
    }
    if (matchMac(mac, v))
        return v;
    support::setInvalidSignature(v);
    diagnose(v, *this, input, &mac);
    return v;
}

Result<Signed> SlackScheme::sign(const SignInput& input) const
{
    if (input.secret.isEmpty())
        return fail(u"slack needs a signing secret to sign"_s);
    const QByteArray ts = QByteArray::number(input.nowMs / 1000);
    Signed out;
    out.body = input.body;
    out.headers = { { "X-Slack-Request-Timestamp", ts },
        { "X-Slack-Signature",
            "v0="
                + crypto::hmac(crypto::Digest::Sha256, input.secret, QByteArray("v0:" + ts + ':' + input.body))
                      .toHex() } };
    return out;
}

} // namespace hookscope::verify
