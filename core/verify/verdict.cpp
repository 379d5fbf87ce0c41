#include "verdict.h"

#include <QCborMap>
#include <QCborStreamWriter>
#include <QCborValue>

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

QByteArray Verdict::toCbor(QByteArrayView omittedSuffix) const
{
    QByteArray out;
    QCborStreamWriter w(&out);
    w.startMap();
    // As toJson() always read them: the canonical text as UTF-8 (invalid bytes replaced), signatures as Latin-1.
    auto text = [&w](QLatin1StringView key, QByteArrayView utf8) {
        w.append(key);
        if (utf8.isValidUtf8())
            w.appendTextString(utf8.data(), utf8.size());
        else
            w.append(QString::fromUtf8(utf8));
    };
    auto latin1 = [&w](QLatin1StringView key, QByteArrayView bytes) {
        w.append(key);
        w.append(QLatin1StringView(bytes));
    };
    w.append("valid"_L1);
    w.append(valid());
    w.append("scheme"_L1);
    w.append(scheme);
    w.append("outcome"_L1);
    w.append(outcomeCode(outcome));
    w.append("reason"_L1);
    w.append(reason.isEmpty() ? outcomeCode(outcome) : reason);
    w.append("status"_L1);
    w.append(statusWord());
    w.append("httpStatus"_L1);
    w.append(httpStatus());
    w.append("hints"_L1);
    w.startArray(quint64(hints.size()));
    for (const QString& hint : hints)
        w.append(hint);
    w.endArray();
    const bool dropSuffix = canonicalSize < 0 && !omittedSuffix.isEmpty() && canonical.endsWith(omittedSuffix);
    if (dropSuffix)
        text("canonicalPrefix"_L1, QByteArrayView(canonical).first(canonical.size() - omittedSuffix.size()));
    else
        text("canonical"_L1, canonical);
    if (canonicalSize >= 0) {
        w.append("canonicalSize"_L1);
        w.append(canonicalSize);
    }
    latin1("expected"_L1, expected);
    latin1("received"_L1, received);
    if (timestampMs) {
        w.append("timestampMs"_L1);
        w.append(*timestampMs);
    }
    if (skewMs) {
        w.append("skewMs"_L1);
        w.append(*skewMs);
    }
    if (secretIndex >= 0) {
        w.append("secretIndex"_L1);
        w.append(secretIndex);
    }
    if (!deliveryId.isEmpty()) {
        w.append("deliveryId"_L1);
        w.append(deliveryId);
    }
    if (!credentialHmac.isEmpty())
        latin1("credentialHmac"_L1, credentialHmac);
    w.endMap();
    return out;
}

QJsonObject Verdict::toJson() const
{
    return QCborValue::fromCbor(toCbor()).toMap().toJsonObject();
}

} // namespace hookscope::verify
