#include "stripescheme.h"

#include "schemesupport.h"

using namespace Qt::StringLiterals;

namespace hookscope::verify {

namespace {

const QString kSpacedHint
    = u"Stripe-Signature has a space after a comma (or around a key). Stripe sends none, and its libraries split on \",\" and \"=\" alone, so a spaced \" v1\" or \"t \" is not read and the header is refused."_s;

/** The header as the SDKs read it (stripe-node: split(','), then split('=') and an exact key). */
struct Parsed {
    std::optional<QByteArray> t; ///< the last t=
    QList<QByteArray> v1; ///< each v1 value (and the whole entry after "v1=" when it holds another '=')
    QList<QByteArray> others; ///< keys of other entries
    bool spaced = false; ///< a " v1" or "t " key: Stripe sends no spaces
};

Parsed parse(const QByteArray& header)
{
    // No space is skipped, so "t=…, v1=…" has no v1 entry, and a value ends at the next '='.
    Parsed p;
    for (const QByteArray& item : header.split(',')) {
        const QList<QByteArray> kv = item.split('=');
        if (kv.size() < 2)
            continue;
        const QByteArray& key = kv.at(0);
        if (key == "t") {
            p.t = kv.at(1).trimmed(); // the SDKs parse it with parseInt, which skips leading blanks
        } else if (key == "v1") {
            p.v1 << kv.at(1);
            if (kv.size() > 2)
                p.v1 << item.mid(3); // whole, for the diagnosis ("v1=sha256=…"); it cannot match a hex MAC
        } else {
            p.others << key;
            p.spaced = p.spaced || key.trimmed() == "t" || key.trimmed() == "v1";
        }
    }
    return p;
}

} // namespace

QString StripeScheme::name() const
{
    return u"stripe"_s;
}

Reading StripeScheme::read(const Input& input) const
{
    Reading r;
    const QByteArray header = headerValue(input.headers, "Stripe-Signature").trimmed();
    r.required = { { "Stripe-Signature", header } };
    r.received = header;
    const Parsed p = parse(header);
    if (!p.t) {
        r.refusalReason = u"malformed-header"_s;
        r.refusalHints << u"Stripe-Signature is not \"t=<seconds>,v1=<hex>\": no t= timestamp could be read from it."_s;
        if (p.spaced)
            r.refusalHints << kSpacedHint;
        return r;
    }
    r.timestamp = *p.t;
    r.timestampName = "t=";
    return r;
}

void StripeScheme::collect(const Input& input, const Reading& r, std::optional<qint64> timestamp, Check& c) const
{
    const Parsed p = parse(r.received);
    const qint64 seconds = *timestamp;
    MacEvidence mac;
    mac.received = p.v1;
    // The SDKs format the parsed integer back ("%d"), so leading zeros do not survive.
    mac.canonical = QByteArray::number(seconds) + '.' + input.body;
    mac.secrets = r.secrets;
    mac.keys = r.secrets;
    mac.alternatives = {
        { u"wrong-signed-content"_s, u"The signature covers the body alone; Stripe signs \"{t}.{body}\"."_s,
            input.body },
        { u"wrong-signed-content"_s,
            u"The signature covers \"{t}{body}\" without the dot; Stripe signs \"{t}.{body}\"."_s,
            QByteArray::number(seconds) + input.body },
    };
    c.verdict.canonical = mac.canonical;
    c.verdict.expected = mac.signatureFor(mac.keys.first(), mac.canonical);
    c.mac = std::move(mac);
    c.compare = [p, seconds](Check& check) {
        Verdict& v = check.verdict;
        if (p.v1.isEmpty()) {
            v.expected = "v1=" + v.expected;
            if (p.spaced) {
                support::setInvalidSignature(v, u"malformed-header"_s, kSpacedHint);
                check.explain = false;
                return;
            }
            support::setInvalidSignature(v, u"no-matching-version"_s,
                p.others.isEmpty()
                    ? u"Stripe-Signature has no v1= signature."_s
                    : u"Stripe-Signature has no v1= signature, only %1; the SDKs ignore every other scheme (downgrade protection)."_s
                          .arg(QString::fromLatin1(p.others.join(", "))));
            check.mac.reset(); // nothing to vary: the diagnosis looks at the request only
            return;
        }
        if (matchMac(*check.mac, v)) {
            if (seconds > 100'000'000'000LL)
                v.hints
                    << u"t= looks like milliseconds. Stripe's libraries accept it (it reads as a time in the future), but Stripe sends seconds."_s;
            return;
        }
        support::setInvalidSignature(v);
    };
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
