#include "diagnosis.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QStringDecoder>

#include <cctype>
#include <limits>

using namespace Qt::StringLiterals;

namespace hookscope::verify {

using support::Encoding;

namespace {

constexpr qint64 kNoWindow = std::numeric_limits<qint64>::max() / 4;
constexpr qsizetype kMaxBodyForVariations = 4 * 1024 * 1024;

/** The scheme's answer for a variation of the input, without diagnosis and without the time window. */
Verdict rerun(const Scheme& scheme, Input input)
{
    input.diagnose = false;
    input.toleranceMs = kNoWindow;
    return scheme.check(input).verdict;
}

void setReason(Verdict& v, const QString& reason, const QString& hint)
{
    v.reason = reason;
    v.hints.prepend(hint);
}

// --- JSON layout, preserving key order (QJsonDocument sorts keys) ---

QList<QByteArray> jsonTokens(const QByteArray& body, bool& ok)
{
    QList<QByteArray> tokens;
    ok = true;
    qsizetype i = 0;
    const qsizetype n = body.size();
    while (i < n) {
        const char c = body.at(i);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++i;
        } else if (c == '"') {
            qsizetype j = i + 1;
            while (j < n && body.at(j) != '"')
                j += body.at(j) == '\\' ? 2 : 1;
            if (j >= n) {
                ok = false;
                return {};
            }
            tokens << body.mid(i, j - i + 1);
            i = j + 1;
        } else if (c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':') {
            tokens << QByteArray(1, c);
            ++i;
        } else {
            qsizetype j = i;
            while (j < n && !QByteArrayView("{}[],: \t\r\n\"").contains(body.at(j)))
                ++j;
            tokens << body.mid(i, j - i);
            i = j;
        }
    }
    return tokens;
}

/** indent < 0: compact with `itemSep`/`keySep`; indent >= 0: pretty-printed with that many spaces. */
QByteArray layoutJson(
    const QList<QByteArray>& tokens, int indent, const QByteArray& itemSep = ",", const QByteArray& keySep = ":")
{
    QByteArray out;
    int depth = 0;
    const auto newline = [&] {
        out += '\n';
        out += QByteArray(depth * indent, ' ');
    };
    for (qsizetype k = 0; k < tokens.size(); ++k) {
        const QByteArray& t = tokens.at(k);
        const bool open = t == "{" || t == "[";
        const bool close = t == "}" || t == "]";
        if (open) {
            out += t;
            const bool empty = k + 1 < tokens.size() && (tokens.at(k + 1) == "}" || tokens.at(k + 1) == "]");
            if (empty) {
                out += tokens.at(++k);
                continue;
            }
            ++depth;
            if (indent >= 0)
                newline();
        } else if (close) {
            --depth;
            if (indent >= 0)
                newline();
            out += t;
        } else if (t == ",") {
            if (indent >= 0) {
                out += ',';
                newline();
            } else {
                out += itemSep;
            }
        } else if (t == ":") {
            out += indent >= 0 ? QByteArray(": ") : keySep;
        } else {
            out += t;
        }
    }
    return out;
}

QByteArray toLatin1IfPossible(const QByteArray& utf8, bool& ok)
{
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder(utf8);
    ok = !decoder.hasError();
    if (!ok)
        return {};
    for (QChar ch : text) {
        if (ch.unicode() > 0xFF) {
            ok = false;
            return {};
        }
    }
    return text.toLatin1();
}

} // namespace

QList<AlternativeContent> bodyVariants(const QByteArray& body)
{
    QList<AlternativeContent> out;
    const auto add = [&](const QString& reason, const QString& hint, const QByteArray& candidate) {
        if (candidate != body)
            out.append({ reason, hint, candidate });
    };
    static const QByteArray bom("\xEF\xBB\xBF");

    // Line endings and trailing newlines first: they are the commonest change in transit.
    if (body.contains("\r\n"))
        add(u"line-endings-changed"_s,
            u"The signature matches the body with LF line endings: the sender signed LF and the body arrived with CRLF."_s,
            QByteArray(body).replace("\r\n", "\n"));
    else if (body.contains('\n'))
        add(u"line-endings-changed"_s,
            u"The signature matches the body with CRLF line endings: the sender signed CRLF and the body arrived with LF."_s,
            QByteArray(body).replace("\n", "\r\n"));
    if (body.endsWith("\r\n"))
        add(u"trailing-newline"_s,
            u"The signature matches the body without its trailing CRLF: a trailing newline was added after signing."_s,
            body.chopped(2));
    else if (body.endsWith('\n'))
        add(u"trailing-newline"_s,
            u"The signature matches the body without its trailing newline: a trailing newline was added after signing."_s,
            body.chopped(1));
    add(u"trailing-newline"_s,
        u"The signature matches the body with a trailing newline: the sender signed it ending in \\n, and the newline was removed before it reached Hookscope."_s,
        body + '\n');
    add(u"trailing-newline"_s,
        u"The signature matches the body with a trailing CRLF: the sender signed it ending in \\r\\n, and that was removed before it reached Hookscope."_s,
        body + "\r\n");
    if (body.startsWith(bom))
        add(u"bom-changed"_s,
            u"The signature matches the body without its UTF-8 byte order mark: a BOM was added after signing."_s,
            body.mid(3));
    else
        add(u"bom-changed"_s,
            u"The signature matches the body with a UTF-8 byte order mark: the sender signed it with a BOM, and the BOM was removed."_s,
            bom + body);

    // Charset: the same text in the other encoding.
    bool latinOk = false;
    const QByteArray latin = toLatin1IfPossible(body, latinOk);
    if (latinOk && latin != body)
        add(u"charset-changed"_s,
            u"The signature matches the body encoded as ISO-8859-1 (latin-1): the sender signed latin-1 bytes and the body was re-encoded as UTF-8."_s,
            latin);
    QStringDecoder utf8(QStringDecoder::Utf8);
    const QString decodedBody = utf8(body);
    if (utf8.hasError() && !decodedBody.isNull())
        add(u"charset-changed"_s,
            u"The signature matches the body re-encoded as UTF-8: the sender signed UTF-8 and the body arrived as ISO-8859-1 (latin-1)."_s,
            QString::fromLatin1(body).toUtf8());

    // JSON escapes re-cased (JSON.stringify writes \u001b where GitHub sent \u001B, say).
    static const QRegularExpression escape(uR"(\\u[0-9A-Fa-f]{4})"_s);
    if (QString::fromLatin1(body).contains(escape)) {
        QByteArray upper = body, lower = body;
        for (qsizetype i = 0; i + 5 < body.size(); ++i) {
            if (body.at(i) == '\\' && body.at(i + 1) == 'u') {
                for (int k = 2; k < 6; ++k) {
                    upper[i + k] = char(std::toupper(uchar(body.at(i + k))));
                    lower[i + k] = char(std::tolower(uchar(body.at(i + k))));
                }
                ++i;
            } else if (body.at(i) == '\\') {
                ++i; // an escaped character, e.g. "\\u" is a backslash then "u"
            }
        }
        const QString hint
            = u"The signature matches the body with its \\u escapes in %1 case: something parsed and re-serialized the JSON. Verify the exact bytes received."_s;
        add(u"body-reserialized"_s, hint.arg(u"upper"_s), upper);
        add(u"body-reserialized"_s, hint.arg(u"lower"_s), lower);
    }

    // JSON re-serialized: other layouts of the same tokens, then sorted keys.
    bool ok = false;
    const QList<QByteArray> tokens = jsonTokens(body, ok);
    if (ok && !tokens.isEmpty() && (tokens.first() == "{" || tokens.first() == "[")) {
        const QString hint
            = u"The signature matches the same JSON laid out differently (%1): something parsed and re-serialized the body between the sender and Hookscope. Verify the exact bytes received."_s;
        const QList<std::pair<QString, QByteArray>> layouts {
            { u"compact"_s, layoutJson(tokens, -1) },
            { u"with spaces after , and :"_s, layoutJson(tokens, -1, ", ", ": ") },
            { u"pretty-printed, 2 spaces"_s, layoutJson(tokens, 2) },
            { u"pretty-printed, 4 spaces"_s, layoutJson(tokens, 4) },
        };
        for (const auto& [what, candidate] : layouts) {
            add(u"body-reserialized"_s, hint.arg(what), candidate);
            add(u"body-reserialized"_s, hint.arg(what + u", trailing newline"_s), candidate + '\n');
        }
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        if (!doc.isNull()) {
            const QByteArray sorted = doc.toJson(QJsonDocument::Compact);
            bool sortedOk = false;
            const QList<QByteArray> sortedTokens = jsonTokens(sorted, sortedOk);
            const QString keyHint
                = u"The signature matches the same JSON with its keys in another order (%1): something parsed and re-serialized the body. Verify the exact bytes received."_s;
            add(u"body-reserialized"_s, keyHint.arg(u"sorted, compact"_s), sorted);
            if (sortedOk) {
                add(u"body-reserialized"_s, keyHint.arg(u"sorted, with spaces"_s),
                    layoutJson(sortedTokens, -1, ", ", ": "));
                add(u"body-reserialized"_s, keyHint.arg(u"sorted, pretty-printed"_s), layoutJson(sortedTokens, 2));
            }
            add(u"body-reserialized"_s, keyHint.arg(u"sorted, pretty-printed"_s), doc.toJson(QJsonDocument::Indented));
        }
    }
    return out;
}

namespace {

bool diagnoseFormat(Verdict& v, const MacEvidence& mac)
{
    static const QList<crypto::Digest> digests { crypto::Digest::Sha1, crypto::Digest::Sha256, crypto::Digest::Sha512 };
    for (const QByteArray& key : mac.keys) {
        const QByteArray raw = crypto::hmac(mac.digest, key, mac.canonical);
        const QByteArray right = support::encode(raw, mac.encoding);
        for (const QByteArray& received : mac.received) {
            // What is left after any "label=" or "label," prefix.
            QByteArray bare = received;
            if (bare.startsWith(mac.prefix))
                bare = bare.mid(mac.prefix.size());
            QByteArray stripped = bare;
            for (;;) {
                const qsizetype cut = stripped.indexOf('=');
                const qsizetype comma = stripped.indexOf(',');
                const qsizetype pos = comma >= 0 && (cut < 0 || comma < cut) ? comma : cut;
                if (pos <= 0 || pos > 12 || pos + 1 >= stripped.size())
                    break;
                stripped = stripped.mid(pos + 1);
            }
            if (mac.encoding == Encoding::Hex && bare != right && bare.toLower() == right) {
                setReason(v, u"hex-case"_s,
                    u"The signature is right but written in upper-case hex; this scheme compares lower-case hex exactly, as the provider's own libraries do."_s);
                return true;
            }
            if (!received.startsWith(mac.prefix) && (received == right || stripped == right)) {
                setReason(v, u"wrong-prefix"_s,
                    u"The MAC is right but the prefix is wrong: expected \"%1\" before it, got \"%2\"."_s.arg(
                        QString::fromLatin1(mac.prefix),
                        QString::fromLatin1(received.left(received.size() - right.size()))));
                return true;
            }
            if (stripped == right && stripped != bare) {
                setReason(v, u"wrong-prefix"_s,
                    u"The MAC is right but carries an extra prefix (\"%1\")."_s.arg(
                        QString::fromLatin1(bare.left(bare.size() - right.size()))));
                return true;
            }
            for (const QByteArray& candidate : { bare, stripped }) {
                const auto otherDecoded
                    = mac.encoding == Encoding::Hex ? support::decodeBase64(candidate) : support::decodeHex(candidate);
                if (otherDecoded && *otherDecoded == raw) {
                    setReason(v, u"wrong-encoding"_s,
                        u"The MAC is right but encoded as %1; this scheme expects %2."_s.arg(
                            mac.encoding == Encoding::Hex ? u"base64"_s : u"hex"_s,
                            support::encodingName(mac.encoding)));
                    return true;
                }
            }
            for (crypto::Digest d : digests) {
                if (d == mac.digest)
                    continue;
                const QByteArray other = crypto::hmac(d, key, mac.canonical);
                for (Encoding e : { Encoding::Hex, Encoding::Base64 }) {
                    const QByteArray enc = support::encode(other, e);
                    if (bare == enc || stripped == enc || bare.toLower() == enc) {
                        setReason(v, u"wrong-algorithm"_s,
                            u"The signature is an HMAC-%1 (%2) of the right content; this scheme uses HMAC-%3 (%4)."_s
                                .arg(support::digestName(d).mid(0), support::encodingName(e),
                                    support::digestName(mac.digest), support::encodingName(mac.encoding)));
                        return true;
                    }
                }
            }
        }
    }
    return false;
}

bool anyMatch(const MacEvidence& mac, QByteArrayView key, QByteArrayView content)
{
    const QByteArray expected = mac.signatureFor(key, content);
    for (const auto& r : mac.received) {
        if (crypto::equalConstantTime(expected, r))
            return true;
    }
    return false;
}

bool diagnoseKeyForm(Verdict& v, const MacEvidence& mac)
{
    for (const QByteArray& secret : mac.secrets) {
        const bool prefixed = secret.startsWith("whsec_");
        const QByteArray rest = prefixed ? secret.mid(6) : secret;
        if (mac.keyForm == MacEvidence::KeyForm::WhsecBase64) {
            if (anyMatch(mac, secret, mac.canonical) || (prefixed && anyMatch(mac, rest, mac.canonical))) {
                setReason(v, u"secret-used-raw"_s,
                    u"The sender used the secret string itself as the HMAC key. For this scheme the part after \"whsec_\" must be base64-decoded and the decoded bytes used as the key (Stripe is the scheme that uses the string as is)."_s);
                return true;
            }
        } else {
            if (prefixed && anyMatch(mac, rest, mac.canonical)) {
                setReason(v, u"secret-prefix-stripped"_s,
                    u"The sender keyed the HMAC with the secret minus its \"whsec_\" prefix. This scheme uses the whole secret string, prefix included, as the key."_s);
                return true;
            }
            const auto decoded = support::decodeBase64(rest);
            if (decoded && !decoded->isEmpty() && anyMatch(mac, *decoded, mac.canonical)) {
                setReason(v, u"secret-base64-decoded"_s,
                    u"The sender base64-decoded the secret and used the bytes as the HMAC key (the Standard Webhooks habit). This scheme uses the secret string as is."_s);
                return true;
            }
        }
    }
    return false;
}

bool diagnoseContent(Verdict& v, const MacEvidence& mac)
{
    for (const auto& alt : mac.alternatives) {
        for (const auto& key : mac.keys) {
            if (anyMatch(mac, key, alt.content)) {
                setReason(v, alt.reason, alt.hint);
                return true;
            }
        }
    }
    return false;
}

bool diagnoseBody(Verdict& v, const Scheme& scheme, const Input& input)
{
    // Each variation is a copy of the body: past a few MiB the guesswork costs more than it can tell.
    if (input.body.size() > kMaxBodyForVariations) {
        v.hints
            << u"The body is too large (%1 bytes) to try its usual alterations (line endings, JSON layout, charset)."_s
                   .arg(input.body.size());
        return false;
    }
    for (const auto& variant : bodyVariants(input.body)) {
        Input changed = input;
        changed.body = variant.content;
        if (rerun(scheme, changed).valid()) {
            setReason(v, variant.reason, variant.hint);
            return true;
        }
    }
    return false;
}

bool diagnoseOtherSecrets(Verdict& v, const Scheme& scheme, const Input& input)
{
    for (const auto& [name, secret] : input.otherSecrets) {
        Input changed = input;
        changed.secrets = { secret };
        if (rerun(scheme, changed).valid()) {
            setReason(v, u"other-route-secret"_s,
                u"The signature matches the secret \"%1\", configured for another route: the provider is set up with that route's secret, or sends to the wrong path."_s
                    .arg(name));
            return true;
        }
    }
    return false;
}

bool diagnoseOtherScheme(Verdict& v, const Scheme& scheme, const Input& input)
{
    for (const QString& name : schemeNames()) {
        if (name == scheme.name() || name == u"hmac"_s)
            continue;
        const auto other = createScheme(name);
        // Credentials are no signature: the same Basic header verifies under every scheme that reads one.
        if (!other || !other->credentialHeaders().isEmpty())
            continue;
        if (rerun(*other, input).valid()) {
            setReason(v, u"other-scheme"_s,
                u"The request verifies under the %1 scheme: the route is set to %2, but the request was signed the %1 way."_s
                    .arg(name, scheme.name()));
            return true;
        }
    }
    return false;
}

void diagnoseSkew(Verdict& v, const Scheme& scheme, const Input& input)
{
    const qint64 unit = scheme.timestampUnitMs();
    const auto window = support::tolerance(scheme, input);
    const qint64 skew = v.skewMs.value_or(0);
    QString where = skew >= 0 ? u"%1 older than now"_s.arg(support::describeDuration(skew))
                              : u"%1 ahead of now"_s.arg(support::describeDuration(skew));
    const QString windowText = window ? support::describeDuration(*window) : u"none"_s;
    const qint64 raw = unit > 0 && v.timestampMs ? *v.timestampMs / unit : 0;
    // Unix time in seconds has 10 digits until 2286; in milliseconds, 13.
    if (unit == 1000 && raw > 100'000'000'000LL) {
        setReason(v, u"timestamp-in-milliseconds"_s,
            u"The timestamp %1 looks like milliseconds; this scheme expects seconds since the epoch."_s.arg(raw));
    } else if (unit == 1 && raw > 0 && raw < 100'000'000'000LL) {
        setReason(v, u"timestamp-in-seconds"_s,
            u"The timestamp %1 looks like seconds; this scheme expects milliseconds since the epoch."_s.arg(raw));
    } else {
        v.hints.prepend(u"The timestamp is %1; the window is %2."_s.arg(where, windowText));
        return;
    }
    v.hints << u"Read as given, the timestamp is %1; the window is %2."_s.arg(where, windowText);
}

} // namespace

void diagnose(Verdict& v, const Scheme& scheme, const Input& input, const MacEvidence* mac)
{
    if (!input.diagnose || v.outcome == Outcome::Valid || v.outcome == Outcome::NotChecked)
        return;
    if (v.reason.isEmpty())
        v.reason = Verdict::outcomeCode(v.outcome);

    for (const QByteArray& name : scheme.signatureHeaders()) {
        const int count = headerCount(input.headers, name);
        if (count > 1) {
            setReason(v, u"duplicate-header"_s,
                u"%1 occurs %2 times; only the first was used. A proxy may have added its own, or the request was signed twice."_s
                    .arg(QString::fromLatin1(name))
                    .arg(count));
            return;
        }
    }

    switch (v.outcome) {
    case Outcome::MissingHeaders:
        if (!diagnoseOtherScheme(v, scheme, input) && !scheme.signatureHeaders().isEmpty()) {
            QStringList names;
            for (const auto& n : scheme.signatureHeaders())
                names << QString::fromLatin1(n);
            v.hints << u"The %1 scheme reads %2."_s.arg(scheme.name(), names.join(u", "_s));
        }
        return;
    case Outcome::InvalidTimestamp:
        return;
    case Outcome::TimestampSkew: {
        diagnoseSkew(v, scheme, input);
        const Verdict ignoringTime = rerun(scheme, input);
        v.hints << (ignoringTime.valid()
                ? u"The signature itself matches: the request is genuine but arrived late (a retry or a replay), or a clock is off."_s
                : u"The signature does not match either."_s);
        return;
    }
    case Outcome::InvalidSignature:
        break;
    default:
        return;
    }

    if (mac && (diagnoseFormat(v, *mac) || diagnoseKeyForm(v, *mac) || diagnoseContent(v, *mac)))
        return;
    if (diagnoseBody(v, scheme, input) || diagnoseOtherSecrets(v, scheme, input)
        || diagnoseOtherScheme(v, scheme, input))
        return;
    if (v.reason == u"invalid-signature"_s)
        v.hints
            << u"No common mistake explains it: most likely the secret differs from the one the sender uses, or the body was changed in transit."_s;
}

} // namespace hookscope::verify
