#include "verdict.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace hookscope::verify {

int Verdict::httpStatus() const
{
    switch (outcome) {
    case Outcome::Valid:
    case Outcome::NotChecked:
        return 200;
    case Outcome::MissingHeaders:
    case Outcome::InvalidTimestamp:
    case Outcome::TimestampSkew:
        return 400;
    case Outcome::InvalidSignature:
        return 401;
    }
    return 500;
}

QByteArray Verdict::responseText() const
{
    switch (outcome) {
    case Outcome::Valid:
    case Outcome::NotChecked:
        return R"({"ok":true})";
    case Outcome::MissingHeaders:
        return "missing headers";
    case Outcome::InvalidTimestamp:
        return "invalid timestamp";
    case Outcome::TimestampSkew:
        return "timestamp skew";
    case Outcome::InvalidSignature:
        return "invalid signature";
    }
    return {};
}

QString Verdict::statusWord() const
{
    switch (outcome) {
    case Outcome::Valid:
        return u"verified"_s;
    case Outcome::NotChecked:
        return u"unverified"_s;
    default:
        return u"failed"_s;
    }
}

QString Verdict::outcomeCode(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Valid:
        return u"valid"_s;
    case Outcome::NotChecked:
        return u"no-secret"_s;
    case Outcome::MissingHeaders:
        return u"missing-headers"_s;
    case Outcome::InvalidTimestamp:
        return u"invalid-timestamp"_s;
    case Outcome::TimestampSkew:
        return u"timestamp-skew"_s;
    case Outcome::InvalidSignature:
        return u"invalid-signature"_s;
    }
    return {};
}

void Verdict::abbreviateCanonical(qsizetype limit)
{
    if (canonical.size() <= limit)
        return;
    canonicalSize = canonical.size();
    const qsizetype head = limit * 3 / 4;
    const qsizetype tail = limit - head;
    const QByteArray marker
        = "\n[… " + QByteArray::number(canonicalSize - head - tail) + " bytes of the body left out …]\n";
    canonical = canonical.left(head) + marker + canonical.right(tail);
}

QJsonObject Verdict::toJson() const
{
    QJsonObject o;
    o.insert(u"valid"_s, valid());
    o.insert(u"scheme"_s, scheme);
    o.insert(u"outcome"_s, outcomeCode(outcome));
    o.insert(u"reason"_s, reason.isEmpty() ? outcomeCode(outcome) : reason);
    o.insert(u"status"_s, statusWord());
    o.insert(u"httpStatus"_s, httpStatus());
    o.insert(u"hints"_s, QJsonArray::fromStringList(hints));
    o.insert(u"canonical"_s, QString::fromUtf8(canonical));
    if (canonicalSize >= 0)
        o.insert(u"canonicalSize"_s, double(canonicalSize));
    o.insert(u"expected"_s, QString::fromLatin1(expected));
    o.insert(u"received"_s, QString::fromLatin1(received));
    if (timestampMs)
        o.insert(u"timestampMs"_s, double(*timestampMs));
    if (skewMs)
        o.insert(u"skewMs"_s, double(*skewMs));
    if (secretIndex >= 0)
        o.insert(u"secretIndex"_s, secretIndex);
    if (!deliveryId.isEmpty())
        o.insert(u"deliveryId"_s, deliveryId);
    return o;
}

} // namespace hookscope::verify
