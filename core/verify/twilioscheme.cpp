#include "twilioscheme.h"

#include "schemesupport.h"

#include <QUrlQuery>

#include <map>
#include <set>

using namespace Qt::StringLiterals;

namespace hookscope::verify {

QString TwilioScheme::name() const
{
    return u"twilio"_s;
}

namespace {

/** [start, end) of the host:port part of an absolute URL, after any user info. */
std::pair<qsizetype, qsizetype> authority(const QString& url)
{
    const qsizetype schemeEnd = url.indexOf(u"://"_s);
    if (schemeEnd < 0)
        return { -1, -1 };
    qsizetype start = schemeEnd + 3;
    qsizetype end = start;
    while (end < url.size() && url.at(end) != u'/' && url.at(end) != u'?' && url.at(end) != u'#')
        ++end;
    const qsizetype at = url.lastIndexOf(u'@', end - 1);
    if (at >= start)
        start = at + 1;
    return { start, end };
}

qsizetype portColon(const QString& url, qsizetype start, qsizetype end)
{
    const qsizetype colon = url.lastIndexOf(u':', end - 1);
    const qsizetype bracket = url.lastIndexOf(u']', end - 1);
    return colon >= start && colon > bracket ? colon : -1;
}

QString bodySha256Param(const QString& url)
{
    const qsizetype q = url.indexOf(u'?');
    if (q < 0)
        return {};
    QString query = url.mid(q + 1);
    const qsizetype hash = query.indexOf(u'#');
    if (hash >= 0)
        query.truncate(hash);
    for (const QString& part : query.split(u'&')) {
        if (part.startsWith(u"bodySHA256="_s))
            return QUrl::fromPercentEncoding(part.mid(11).toUtf8());
    }
    return {};
}

QString swapScheme(const QString& url)
{
    if (url.startsWith(u"https://"_s))
        return u"http://"_s + url.mid(8);
    if (url.startsWith(u"http://"_s))
        return u"https://"_s + url.mid(7);
    return url;
}

QString toggleSlash(const QString& url)
{
    const qsizetype q = url.indexOf(u'?');
    QString path = q < 0 ? url : url.left(q);
    const QString rest = q < 0 ? QString() : url.mid(q);
    path = path.endsWith(u'/') ? path.chopped(1) : path + u'/';
    return path + rest;
}

/** `url` with its bodySHA256 query parameter set to `hexHash` (replaced when present, else appended). */
QString withBodySha256(const QString& url, const QByteArray& hexHash)
{
    const qsizetype hash = url.indexOf(u'#');
    const QString fragment = hash < 0 ? QString() : url.mid(hash);
    const QString base = hash < 0 ? url : url.left(hash);
    const QString param = u"bodySHA256="_s + QString::fromLatin1(hexHash);
    const qsizetype q = base.indexOf(u'?');
    if (q < 0)
        return base + u'?' + param + fragment;
    QStringList parts = base.mid(q + 1).split(u'&');
    bool replaced = false;
    for (QString& part : parts) {
        if (part.startsWith(u"bodySHA256="_s)) {
            part = param;
            replaced = true;
        }
    }
    if (!replaced) {
        if (parts.size() == 1 && parts.first().isEmpty())
            parts.clear();
        parts << param;
    }
    return base.left(q + 1) + parts.join(u'&') + fragment;
}

} // namespace

QString TwilioScheme::withoutPort(const QString& url)
{
    const auto [start, end] = authority(url);
    if (start < 0)
        return url;
    const qsizetype colon = portColon(url, start, end);
    return colon < 0 ? url : url.left(colon) + url.mid(end);
}

QString TwilioScheme::withDefaultPort(const QString& url)
{
    const auto [start, end] = authority(url);
    if (start < 0 || portColon(url, start, end) >= 0)
        return url;
    const QString port = url.startsWith(u"https://"_s) ? u":443"_s : u":80"_s;
    return url.left(end) + port + url.mid(end);
}

QByteArray TwilioScheme::signedData(const QString& url, const QByteArray& body, bool form)
{
    QByteArray data = url.toUtf8();
    if (!form || !bodySha256Param(url).isEmpty())
        return data;
    // As the SDKs do: keys sorted, each key's distinct values sorted.
    std::map<QByteArray, std::set<QByteArray>> params;
    for (const auto& [key, value] : support::parseForm(body))
        params[key].insert(value);
    for (const auto& [key, values] : params) {
        for (const auto& value : values)
            data += key + value;
    }
    return data;
}

Reading TwilioScheme::read(const Input& input) const
{
    Reading r;
    r.received = headerValue(input.headers, "X-Twilio-Signature").trimmed();
    r.required = { { "X-Twilio-Signature", r.received } };
    if (input.url.isEmpty()) {
        r.refusalReason = u"missing-url"_s;
        r.refusalHints
            << u"Twilio signs the full public URL it posts to; set the route's public URL (the tunnel's https:// address) or pass --url."_s;
        r.refusalExplained = false;
    }
    return r;
}

void TwilioScheme::collect(const Input& input, const Reading& r, std::optional<qint64>, Check& c) const
{
    // No timestamp: the comparison is made here, over each URL form and digest the SDKs try.
    c.decided = true;
    Verdict& v = c.verdict;
    const QByteArray& sig = r.received;
    const bool form = support::isFormBody(input);
    const QString bodyHash = bodySha256Param(input.url);

    // Webhook Rules may switch to a shared key with HMAC-SHA256, announced in this header.
    const QByteArray settings = headerValue(input.headers, "X-Twilio-Webhooks-Signature-Settings");
    QList<crypto::Digest> digests { crypto::Digest::Sha1 };
    if (!settings.isNull())
        digests.prepend(crypto::Digest::Sha256);

    QStringList urls { withoutPort(input.url), withDefaultPort(input.url) };
    urls.removeDuplicates();
    MacEvidence mac;
    mac.digest = digests.first();
    mac.encoding = support::Encoding::Base64;
    mac.canonical = signedData(input.url, input.body, form);
    mac.secrets = r.secrets;
    mac.keys = r.secrets;
    mac.received = { sig };
    v.canonical = mac.canonical;
    v.expected = mac.signatureFor(mac.keys.first(), mac.canonical);

    for (int i = 0; i < r.secrets.size(); ++i) {
        for (crypto::Digest d : digests) {
            for (const QString& url : urls) {
                const QByteArray data = signedData(url, input.body, form);
                const QByteArray expected = crypto::hmac(d, r.secrets.at(i), data).toBase64();
                if (crypto::equalConstantTime(expected, sig)) {
                    v.canonical = data;
                    v.expected = expected;
                    if (!bodyHash.isEmpty()
                        && !crypto::equalConstantTime(crypto::sha256Hex(input.body), bodyHash.toLatin1())) {
                        support::setInvalidSignature(v, u"body-hash-mismatch"_s,
                            u"The URL's signature is right, but bodySHA256 in the URL is not the SHA-256 of the body received: the body changed after signing."_s);
                        c.mac = std::move(mac);
                        return;
                    }
                    support::setValid(v, i);
                    return;
                }
            }
        }
    }
    support::setInvalidSignature(v);
    v.hints << u"The URL checked was %1 (also tried: %2). Twilio signs the exact URL configured in its console."_s.arg(
        input.url, urls.join(u", "_s));
    const auto addUrl = [&](const QString& url, const QString& hint) {
        if (url != input.url)
            mac.alternatives.append({ u"wrong-url"_s, hint, signedData(url, input.body, form) });
    };
    addUrl(swapScheme(input.url),
        u"The signature matches the URL with the other scheme (http vs https): Twilio posted to %1. A tunnel in front of Hookscope changes the scheme; set the route's public URL to it."_s
            .arg(swapScheme(input.url)));
    addUrl(swapScheme(withoutPort(input.url)),
        u"The signature matches %1: set the route's public URL to the address configured at Twilio."_s.arg(
            swapScheme(withoutPort(input.url))));
    addUrl(toggleSlash(input.url),
        u"The signature matches the URL with a different trailing slash (%1)."_s.arg(toggleSlash(input.url)));
    const qsizetype q = input.url.indexOf(u'?');
    if (q > 0)
        addUrl(input.url.left(q),
            u"The signature matches the URL without its query string: the URL configured at Twilio has no query."_s);
    if (form) {
        QByteArray raw = input.url.toUtf8();
        QList<QByteArray> pairs = input.body.split('&');
        std::sort(pairs.begin(), pairs.end());
        for (const auto& p : pairs)
            raw += QByteArray(p).replace('=', "");
        mac.alternatives.append({ u"wrong-signed-content"_s,
            u"The signature covers the parameter values still URL-encoded; Twilio signs the decoded values."_s, raw });
        mac.alternatives.append({ u"wrong-signed-content"_s,
            u"The signature covers the URL alone; for form posts Twilio appends every parameter."_s,
            input.url.toUtf8() });
    }
    c.mac = std::move(mac);
}

Result<Signed> TwilioScheme::sign(const SignInput& input) const
{
    if (input.secret.isEmpty())
        return fail(u"twilio needs the auth token to sign"_s);
    if (input.url.isEmpty())
        return fail(u"twilio signs the target URL, and none was given"_s);
    Input probe;
    probe.headers = input.headers;
    probe.body = input.body;
    const bool form = support::isFormBody(probe);
    Signed out;
    out.body = input.body;
    QString url = input.url;
    if (!form && !input.body.isEmpty()) {
        // As Twilio posts JSON: the body's hash goes into the URL, and the URL alone is signed.
        url = withBodySha256(url, crypto::sha256Hex(input.body));
        if (url != input.url)
            out.url = url;
    }
    out.headers = { { "X-Twilio-Signature",
        crypto::hmac(crypto::Digest::Sha1, input.secret, signedData(url, input.body, form)).toBase64() } };
    if (!input.deliveryId.isEmpty())
        out.headers.append({ "I-Twilio-Idempotency-Token", input.deliveryId });
    return out;
}

} // namespace hookscope::verify
