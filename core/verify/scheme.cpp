#include "scheme.h"

#include "asymmetric.h"
#include "diagnosis.h"
#include "schemesupport.h"

#include <limits>

using namespace Qt::StringLiterals;

namespace hookscope::verify {

namespace {

/** The first non-blank value of the scheme's delivery id headers. */
QString deliveryIdIn(const Scheme& scheme, const Input& input)
{
    for (const QByteArray& header : scheme.deliveryIdHeaders()) {
        const QByteArray id = headerValue(input.headers, header).trimmed();
        if (!id.isEmpty())
            return QString::fromUtf8(id);
    }
    return {};
}

} // namespace

Check Scheme::check(const Input& input) const
{
    Check c;
    Verdict& v = c.verdict;
    v.scheme = name();
    v.deliveryId = deliveryIdIn(*this, input);
    Reading r = read(input);
    if (r.secrets.isEmpty())
        r.secrets = input.secrets;
    if (!r.deliveryId.isEmpty())
        v.deliveryId = r.deliveryId;
    if (r.secrets.isEmpty()) {
        v.outcome = Outcome::NotChecked;
        v.reason = u"no-secret"_s;
        v.hints << u"No secret is configured for this route, so the signature was not checked."_s;
        c.explain = false;
        return c;
    }
    // Failing is the default: a path that forgets to decide never accepts.
    v.outcome = Outcome::InvalidSignature;
    if (const QString error = configurationError(); !error.isEmpty()) {
        support::setInvalidSignature(
            v, u"invalid-options"_s, u"The %1 scheme's options are wrong: %2."_s.arg(name(), error));
        c.explain = false;
        return c;
    }

    // Presence. One rule for every scheme: a blank value (empty, or only spaces and tabs) is a missing one.
    QList<QByteArray> missing;
    for (const auto& field : r.required) {
        if (field.value.trimmed().isEmpty())
            missing << field.name;
    }
    if (!missing.isEmpty()) {
        support::setMissing(v, missing);
        v.hints << r.missingHints;
        return c;
    }
    v.received = r.received;
    v.canonical = r.canonical;
    if (!r.refusalReason.isEmpty()) {
        support::setInvalidSignature(v, r.refusalReason);
        v.hints << r.refusalHints;
        c.explain = r.refusalExplained;
        return c;
    }

    // The timestamp's form.
    std::optional<qint64> timestamp;
    if (r.timestamp) {
        const QByteArray text = r.timestamp->trimmed();
        const auto value = support::parseInteger(text);
        if (!value) {
            support::setInvalidTimestamp(v,
                u"%1 must be whole %2 since the epoch, not \"%3\"."_s.arg(QString::fromLatin1(r.timestampName),
                    timestampUnitMs() == 1 ? u"milliseconds"_s : u"seconds"_s, QString::fromUtf8(text.left(40))));
            return c;
        }
        timestamp = value;
    }

    collect(input, r, timestamp, c);
    if (c.decided)
        return c;
    if (timestamp) {
        // parseInteger() takes at most 18 digits: in milliseconds that may not fit, and is then far out of any window.
        const qint64 unit = std::max<qint64>(timestampUnitMs(), 1);
        const qint64 ms = *timestamp > std::numeric_limits<qint64>::max() / 2 / unit
            ? std::numeric_limits<qint64>::max() / 2
            : *timestamp * unit;
        if (!support::checkWindow(v, input, ms, support::tolerance(*this, input), window()))
            return c;
    }
    if (c.compare) {
        c.compare(c);
    } else if (!c.mac || !matchMac(*c.mac, v)) {
        support::setInvalidSignature(v);
    }
    return c;
}

Verdict Scheme::verify(const Input& input) const
{
    Check c = check(input);
    if (input.diagnose && c.explain)
        diagnose(c.verdict, *this, input, c.mac ? &*c.mac : nullptr);
    return std::move(c.verdict);
}

Result<Signed> Scheme::sign(const SignInput&) const
{
    return fail(u"the %1 scheme cannot sign requests"_s.arg(name()));
}

Result<QByteArray> Scheme::wrongSecret(const QByteArray& secret) const
{
    // An HMAC key: any other bytes will do. Keep the look of the right one (Stripe's `whsec_` prefix).
    const QByteArray prefix = secret.trimmed().startsWith("whsec_") ? QByteArray("whsec_") : QByteArray();
    QByteArray out;
    do
        out = prefix + asymmetric::randomBytes(24).toHex();
    while (out == secret);
    return out;
}

} // namespace hookscope::verify
