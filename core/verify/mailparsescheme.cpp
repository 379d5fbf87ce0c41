#include "mailparsescheme.h"

#include "core/common/crypto.h"

using namespace Qt::StringLiterals;

namespace hookscope::verify {

QString MailparseScheme::name() const
{
    return u"mailparse"_s;
}

Verdict MailparseScheme::verify(const Input& input) const
{
    Verdict v;
    v.scheme = name();
    if (input.secrets.isEmpty()) {
        v.outcome = Outcome::NotChecked;
        v.reason = u"no-secret"_s;
        return v;
    }
    const QByteArray sig = headerValue(input.headers, "X-Webhook-Signature");
    const QByteArray ts = headerValue(input.headers, "X-Webhook-Timestamp");
    if (sig.isNull() || ts.isNull()) {
        v.outcome = Outcome::MissingHeaders;
        v.reason = u"missing-headers"_s;
        if (sig.isNull())
            v.hints << u"X-Webhook-Signature is missing."_s;
        if (ts.isNull())
            v.hints << u"X-Webhook-Timestamp is missing."_s;
        return v;
    }
    v.received = sig.trimmed();
    bool ok = false;
    const qint64 tsMs = ts.trimmed().toLongLong(&ok);
    if (!ok || ts.trimmed().isEmpty() || ts.trimmed().startsWith('+') || ts.trimmed().startsWith('-')) {
        v.outcome = Outcome::InvalidTimestamp;
        v.reason = u"invalid-timestamp"_s;
        v.hints << u"X-Webhook-Timestamp must be an integer count of milliseconds since the epoch."_s;
        return v;
    }
    v.timestampMs = tsMs;
    v.skewMs = input.nowMs - tsMs;
    v.canonical = ts + '.' + input.body;
    v.expected = crypto::hmac(crypto::Digest::Sha256, input.secrets.first(), v.canonical).toHex();
    const qint64 tolerance = input.toleranceMs.value_or(*defaultToleranceMs());
    if (std::llabs(*v.skewMs) > tolerance) {
        v.outcome = Outcome::TimestampSkew;
        v.reason = u"timestamp-skew"_s;
        return v;
    }
    for (int i = 0; i < input.secrets.size(); ++i) {
        const QByteArray mac = crypto::hmac(crypto::Digest::Sha256, input.secrets.at(i), v.canonical).toHex();
        if (crypto::equalConstantTime(mac, v.received)) {
            v.outcome = Outcome::Valid;
            v.reason = u"valid"_s;
            v.secretIndex = i;
            return v;
        }
    }
    v.outcome = Outcome::InvalidSignature;
    v.reason = u"invalid-signature"_s;
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
