#include "schemesupport.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace hookscope::verify::support {

void setMissing(Verdict& verdict, const QList<QByteArray>& missing)
{
    verdict.outcome = Outcome::MissingHeaders;
    verdict.reason = u"missing-headers"_s;
    for (const auto& name : missing)
        verdict.hints << u"%1 is missing."_s.arg(QString::fromLatin1(name));
}

void setInvalidTimestamp(Verdict& verdict, const QString& hint)
{
    verdict.outcome = Outcome::InvalidTimestamp;
    verdict.reason = u"invalid-timestamp"_s;
    verdict.hints << hint;
}

void setValid(Verdict& verdict, int secretIndex)
{
    verdict.outcome = Outcome::Valid;
    verdict.reason = u"valid"_s;
    verdict.secretIndex = secretIndex;
}

void setInvalidSignature(Verdict& verdict, const QString& reason, const QString& hint)
{
    verdict.outcome = Outcome::InvalidSignature;
    verdict.reason = reason.isEmpty() ? u"invalid-signature"_s : reason;
    if (!hint.isEmpty())
        verdict.hints << hint;
}

KeyTrial tryEachKey(Verdict& verdict, qsizetype keys, const std::function<Result<bool>(int)>& verifyWith,
    const QByteArray& signature, const QString& advice, const QString& unusableReason)
{
    QStringList keyErrors;
    for (int i = 0; i < keys; ++i) {
        const Result<bool> ok = verifyWith(i);
        if (!ok) {
            keyErrors << u"key %1: %2"_s.arg(i + 1).arg(ok.error());
            continue;
        }
        if (*ok) {
            setValid(verdict, i);
            verdict.expected = signature;
            return KeyTrial::Matched;
        }
    }
    if (keyErrors.size() < keys)
        return KeyTrial::NoneMatched;
    setInvalidSignature(
        verdict, unusableReason.isEmpty() ? u"invalid-key"_s : unusableReason, advice.arg(keyErrors.join(u"; "_s)));
    return KeyTrial::NoUsableKey;
}

std::optional<qint64> parseInteger(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 18)
        return std::nullopt;
    qint64 value = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

std::optional<qint64> tolerance(const Scheme& scheme, const Input& input)
{
    return input.toleranceMs ? input.toleranceMs : scheme.defaultToleranceMs();
}

bool checkWindow(
    Verdict& verdict, const Input& input, qint64 timestampMs, std::optional<qint64> toleranceMs, Window window)
{
    verdict.timestampMs = timestampMs;
    verdict.skewMs = input.nowMs - timestampMs;
    if (!toleranceMs)
        return true;
    const qint64 skew = *verdict.skewMs;
    const bool tooOld = skew > *toleranceMs;
    const bool tooNew = window == Window::TwoSided && -skew > *toleranceMs;
    if (!tooOld && !tooNew)
        return true;
    verdict.outcome = Outcome::TimestampSkew;
    verdict.reason = u"timestamp-skew"_s;
    return false;
}

std::optional<QByteArray> decodeBase64(QByteArrayView text)
{
    QByteArray padded = text.toByteArray().trimmed();
    if (padded.isEmpty())
        return QByteArray();
    while (padded.size() % 4 != 0)
        padded.append('=');
    auto decoded = QByteArray::fromBase64Encoding(padded, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return decoded.decoded;
}

std::optional<QByteArray> decodeHex(QByteArrayView text)
{
    if (text.isEmpty() || text.size() % 2 != 0)
        return std::nullopt;
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return std::nullopt;
    }
    return QByteArray::fromHex(text.toByteArray());
}

QByteArray encode(const QByteArray& raw, Encoding encoding)
{
    return encoding == Encoding::Hex ? raw.toHex() : raw.toBase64();
}

QString digestName(crypto::Digest digest)
{
    switch (digest) {
    case crypto::Digest::Sha1:
        return u"SHA-1"_s;
    case crypto::Digest::Sha256:
        return u"SHA-256"_s;
    case crypto::Digest::Sha384:
        return u"SHA-384"_s;
    case crypto::Digest::Sha512:
        return u"SHA-512"_s;
    }
    return {};
}

QString encodingName(Encoding encoding)
{
    return encoding == Encoding::Hex ? u"lower-case hex"_s : u"base64"_s;
}

static QByteArray formDecode(QByteArray text)
{
    text.replace('+', ' ');
    return QByteArray::fromPercentEncoding(text);
}

QList<std::pair<QByteArray, QByteArray>> parseForm(QByteArrayView body)
{
    QList<std::pair<QByteArray, QByteArray>> out;
    const QByteArray bytes = body.toByteArray();
    for (const QByteArray& part : bytes.split('&')) {
        if (part.isEmpty())
            continue;
        const qsizetype eq = part.indexOf('=');
        if (eq < 0)
            out.append({ formDecode(part), QByteArray("") });
        else
            out.append({ formDecode(part.left(eq)), formDecode(part.mid(eq + 1)) });
    }
    return out;
}

bool isFormBody(const Input& input)
{
    const QByteArray type = headerValue(input.headers, "Content-Type").toLower();
    if (!type.isNull())
        return type.contains("application/x-www-form-urlencoded");
    const QByteArray trimmed = input.body.trimmed();
    return !trimmed.isEmpty() && !trimmed.startsWith('{') && !trimmed.startsWith('[') && trimmed.contains('=');
}

QByteArray abbreviate(const QByteArray& text, int keep)
{
    if (text.size() <= keep + 40)
        return text;
    return text.left(keep) + "…[" + QByteArray::number(text.size() - keep) + " more bytes]";
}

QString describeDuration(qint64 ms)
{
    ms = std::llabs(ms);
    if (ms < 1000)
        return u"%1 ms"_s.arg(ms);
    qint64 s = ms / 1000;
    const qint64 rest = ms % 1000;
    QStringList parts;
    if (s >= 86400) {
        parts << u"%1 d"_s.arg(s / 86400);
        s %= 86400;
    }
    if (s >= 3600) {
        parts << u"%1 h"_s.arg(s / 3600);
        s %= 3600;
    }
    if (s >= 60) {
        parts << u"%1 min"_s.arg(s / 60);
        s %= 60;
    }
    // Milliseconds matter near a window's edge; beyond an hour they are noise.
    if (rest && ms < 3'600'000)
        parts << u"%1.%2 s"_s.arg(s).arg(rest, 3, 10, QChar(u'0'));
    else if (s || parts.isEmpty())
        parts << u"%1 s"_s.arg(s);
    return parts.join(u' ');
}

} // namespace hookscope::verify::support
