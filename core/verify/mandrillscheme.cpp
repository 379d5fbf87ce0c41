#include "mandrillscheme.h"

#include "schemesupport.h"

#include <QUrl>

#include <map>

using namespace Qt::StringLiterals;

namespace hookscope::verify {

QString MandrillScheme::name() const
{
    return u"mandrill"_s;
}

namespace {

/** Other URLs the webhook may have been configured with, and what each would mean. */
QList<std::pair<QString, QString>> otherUrls(const QString& url)
{
    QList<std::pair<QString, QString>> out;
    const auto add = [&](const QString& candidate, const QString& hint) {
        if (!candidate.isEmpty() && candidate != url)
            out.append({ candidate, hint.arg(candidate) });
    };
    if (url.startsWith(u"https://"_s))
        add(u"http://"_s + url.mid(8),
            u"The signature matches the URL %1 (http, not https): set the route's public URL to the webhook URL configured at Mandrill."_s);
    else if (url.startsWith(u"http://"_s))
        add(u"https://"_s + url.mid(7),
            u"The signature matches the URL %1: Mandrill posts to https (a tunnel in front of Hookscope changes the scheme); set the route's public URL to it."_s);
    const qsizetype q = url.indexOf(u'?');
    const QString path = q < 0 ? url : url.left(q);
    const QString rest = q < 0 ? QString() : url.mid(q);
    add((path.endsWith(u'/') ? path.chopped(1) : path + u'/') + rest,
        u"The signature matches the URL with a different trailing slash (%1): Mandrill signs the webhook URL exactly as entered."_s);
    if (q > 0)
        add(url.left(q),
            u"The signature matches the URL without its query string (%1): the webhook URL configured at Mandrill has no query."_s);
    QUrl parsed(url);
    if (parsed.port() != -1) {
        parsed.setPort(-1);
        add(parsed.toString(QUrl::FullyEncoded),
            u"The signature matches the URL without its port (%1): set the route's public URL to the webhook URL configured at Mandrill."_s);
    }
    return out;
}

bool isForm(const QByteArray& body, const http::HttpHeaders& headers)
{
    Input probe;
    probe.headers = headers;
    probe.body = body;
    return support::isFormBody(probe);
}

} // namespace

QByteArray MandrillScheme::signedData(const QString& url, const QByteArray& body, bool form)
{
    QByteArray data = url.toUtf8();
    if (!form)
        return data;
    // As PHP's $_POST then ksort(): one value per key (the last), keys in byte order.
    std::map<QByteArray, QByteArray> params;
    for (const auto& [key, value] : support::parseForm(body))
        params[key] = value;
    for (const auto& [key, value] : params)
        data += key + value;
    return data;
}

Reading MandrillScheme::read(const Input& input) const
{
    Reading r;
    r.received = headerValue(input.headers, "X-Mandrill-Signature").trimmed();
    r.required = { { "X-Mandrill-Signature", r.received } };
    r.missingHints
        << u"Mandrill signs every webhook request in X-Mandrill-Signature; a test request sent from the webhooks page is signed too."_s;
    if (input.url.isEmpty()) {
        r.refusalReason = u"missing-url"_s;
        r.refusalHints
            << u"Mandrill signs the webhook URL exactly as configured at Mandrill; set the route's public URL to it (the tunnel's https:// address with the path) or pass --url."_s;
        r.refusalExplained = false;
    }
    return r;
}

void MandrillScheme::collect(const Input& input, const Reading& r, std::optional<qint64>, Check& c) const
{
    const bool form = support::isFormBody(input);
    MacEvidence mac;
    mac.digest = crypto::Digest::Sha1;
    mac.encoding = support::Encoding::Base64;
    mac.canonical = signedData(input.url, input.body, form);
    mac.secrets = r.secrets;
    mac.keys = r.secrets;
    mac.received = { r.received };
    for (const auto& [url, hint] : otherUrls(input.url))
        mac.alternatives.append({ u"wrong-url"_s, hint, signedData(url, input.body, form) });
    if (form) {
        mac.alternatives.append({ u"wrong-signed-content"_s,
            u"The signature covers the URL alone; Mandrill appends every POST field's key and value to it."_s,
            input.url.toUtf8() });
        mac.alternatives.append({ u"wrong-signed-content"_s,
            u"The signature covers the URL and the body as received (still URL-encoded); Mandrill signs the decoded keys and values, sorted, with no separators."_s,
            input.url.toUtf8() + input.body });
    }
    c.verdict.canonical = mac.canonical;
    c.verdict.expected = mac.signatureFor(mac.keys.first(), mac.canonical);
    c.verdict.received = r.received;
    c.mac = std::move(mac);
    c.compare = [url = input.url](Check& check) {
        if (matchMac(*check.mac, check.verdict))
            return;
        support::setInvalidSignature(check.verdict);
        check.verdict.hints
            << u"The URL checked was %1. Mandrill signs the exact webhook URL configured in its settings; if that is right, the webhook key differs (each webhook has its own key)."_s
                   .arg(url);
    };
}

Result<Signed> MandrillScheme::sign(const SignInput& input) const
{
    if (input.secret.isEmpty())
        return fail(u"mandrill needs the webhook's key to sign"_s);
    if (input.url.isEmpty())
        return fail(u"mandrill signs the target URL, and none was given"_s);
    Signed out;
    out.body = input.body;
    const bool form = isForm(input.body, input.headers);
    if (!form) {
        out.body = "mandrill_events=" + QUrl::toPercentEncoding(QString::fromUtf8(input.body));
        out.headers.append(http::HttpHeader { "Content-Type", "application/x-www-form-urlencoded" });
    }
    out.headers.append(http::HttpHeader { "X-Mandrill-Signature",
        crypto::hmac(crypto::Digest::Sha1, input.secret, signedData(input.url, out.body, true)).toBase64() });
    return out;
}

} // namespace hookscope::verify
