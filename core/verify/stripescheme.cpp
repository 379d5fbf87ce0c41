#include "stripescheme.h"

#include "diagnosis.h"
#include "schemesupport.h"

using namespace Qt::StringLiterals;

namespace hookscope::verify {

QString StripeScheme::name() const
{
    return u"stripe"_s;
}

Verdict StripeScheme::verify(const Input& input) const
{
    Verdict v = support::begin(*this, input);
    if (v.outcome == Outcome::NotChecked)
        return v;
    const QByteArray header = headerValue(input.headers, "Stripe-Signature").trimmed();
    if (header.isEmpty()) {
        support::setMissing(v, { "Stripe-Signature" });
        diagnose(v, *this, input);
        return v;
    }
    v.received = header;
    QByteArray t;
    bool haveT = false;
    MacEvidence mac;
    QList<QByteArray> others;
    bool spaced = false;
    // As the SDKs read it (stripe-node: split(','), then split('=') and an exact key): no space is skipped, so
    // "t=…, v1=…" has no v1 entry, and a value ends at the next '='. The last t= wins.
    for (const QByteArray& item : header.split(',')) {
        const QList<QByteArray> kv = item.split('=');
        if (kv.size() < 2)
            continue;
        const QByteArray& key = kv.at(0);
        if (key == "t") {
            t = kv.at(1).trimmed(); // the SDKs parse it with parseInt, which skips leading blanks
            haveT = true;
        } else if (key == "v1") {
            mac.received << kv.at(1);
            if (kv.size() > 2)
                mac.received << item.mid(3); // whole, for the diagnosis ("v1=sha256=…"); it cannot match a hex MAC
        } else {
            others << key;
            spaced = spaced || key.trimmed() == "t" || key.trimmed() == "v1";
        }
    }
    const QString spacedHint
        = u"Stripe-Signature has a space after a comma (or around a key). Stripe sends none, and its libraries split on \",\" and \"=\" alone, so a spaced \" v1\" or \"t \" is not read and the header is refused."_s;
    if (!haveT) {
        support::setInvalidSignature(v, u"malformed-header"_s,
            u"Stripe-Signature is not \"t=<seconds>,v1=<hex>\": no t= timestamp could be read from it."_s);
        if (spaced)
            v.hints << spacedHint;
        diagnose(v, *this, input);
        return v;
    }
    const auto seconds = support::parseInteger(t);
    if (!seconds) {
        support::setInvalidTimestamp(
            v, u"t= must be whole seconds since the epoch, not \"%1\"."_s.arg(QString::fromUtf8(t.left(40))));
        diagnose(v, *this, input);
        return v;
    }
    // The SDKs format the parsed integer back ("%d"), so leading zeros do not survive.
    mac.canonical = QByteArray::number(*seconds) + '.' + input.body;
    mac.secrets = input.secrets;
    mac.keys = input.secrets;
    mac.alternatives = {
        { u"wrong-signed-content"_s, u"The signature covers the body alone; Stripe signs \"{t}.{body}\"."_s,
            input.body },
        { u"wrong-signed-content"_s,
            u"The signature covers \"{t}{body}\" without the dot; Stripe signs \"{t}.{body}\"."_s,
            QByteArray::number(*seconds) + input.body },
    };
    v.canonical = mac.canonical;
    v.expected = mac.signatureFor(mac.keys.first(), mac.canonical);
    if (!support::checkWindow(v, input, *seconds * 1000, support::tolerance(*this, input), support::Window::PastOnly)) {
        diagnose(v, *this, input, &mac);
        return v;
    }
    if (mac.received.isEmpty() && spaced) {
        support::setInvalidSignature(v, u"malformed-header"_s, spacedHint);
        v.expected = "v1=" + v.expected;
        return v;
    }
    if (mac.received.isEmpty()) {
        support::setInvalidSignature(v, u"no-matching-version"_s,
            others.isEmpty()
                ? u"Stripe-Signature has no v1= signature."_s
                : u"Stripe-Signature has no v1= signature, only %1; the SDKs ignore every other scheme (downgrade protection)."_s
                      .arg(QString::fromLatin1(others.join(", "))));
        v.expected = "v1=" + v.expected;
        diagnose(v, *this, input);
        return v;
    }
    if (matchMac(mac, v)) {
        if (*seconds > 100'000'000'000LL)
            v.hints
                << u"t= looks like milliseconds. Stripe's libraries accept it (it reads as a time in the future), but Stripe sends seconds."_s;
        return v;
    }
    support::setInvalidSignature(v);
    diagnose(v, *this, input, &mac);
    return v;
}

Result<Signed> StripeScheme::sign(const SignInput& input) const
{
    if (input.secret.isEmpty())
        return fail(u"stripe needs a secret to sign"_s);
    const QByteArray t = QByteArray::number(input.nowMs / 1000);
    const QByteArray mac = crypto::hmac(crypto::Digest::Sha256, input.secret, QByteArray(t + '.' + input.body)).toHex();
    Signed out;
    out.body = input.body;
    out.headers = { { "Stripe-Signature", "t=" + t + ",v1=" + mac } };
    return out;
}

} // namespace hookscope::verify
