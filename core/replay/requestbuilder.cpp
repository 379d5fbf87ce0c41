#include "requestbuilder.h"

#include "core/verify/scheme.h"

using namespace Qt::StringLiterals;

namespace hookscope::replay {

namespace {

constexpr qint64 kStaleByMs = 60 * 60 * 1000;

bool sameName(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

/** Replaces the first same-named header in place, drops its repeats, appends when absent. */
void setHeader(http::HttpHeaders& headers, const http::HttpHeader& header)
{
    qsizetype first = -1;
    for (qsizetype i = 0; i < headers.size();) {
        if (sameName(headers.at(i).name, header.name)) {
            if (first < 0) {
                first = i;
                headers[i].value = header.value;
                ++i;
            } else {
                headers.removeAt(i);
            }
        } else {
            ++i;
        }
    }
    if (first < 0)
        headers.append(header);
}

bool isAsciiAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool isAsciiHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

void removeHeader(http::HttpHeaders& headers, QByteArrayView name)
{
    headers.removeIf([name](const http::HttpHeader& h) { return sameName(h.name, name); });
}

} // namespace

bool isHopByHop(QByteArrayView name)
{
    static const char* const names[] = { "connection", "keep-alive", "proxy-connection", "te", "trailer",
        "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization" };
    for (const char* n : names) {
        if (sameName(name, n))
            return true;
    }
    return false;
}

QByteArray hostHeader(const QUrl& url)
{
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    const int defaultPort = url.scheme() == u"https"_s ? 443 : 80;
    const int port = url.port(defaultPort);
    if (port != defaultPort)
        host += ':' + QByteArray::number(port);
    return host;
}

std::optional<QUrl> originFromHost(QByteArrayView host, bool tls)
{
    if (host.isEmpty())
        return std::nullopt;
    QByteArrayView name = host;
    std::optional<QByteArrayView> port; // set when a colon introduces one
    if (host.front() == '[') {
        const qsizetype close = host.indexOf(']');
        if (close < 0)
            return std::nullopt;
        name = host.sliced(1, close - 1);
        const QByteArrayView rest = host.sliced(close + 1);
        if (!rest.isEmpty()) {
            if (rest.front() != ':')
                return std::nullopt;
            port = rest.sliced(1);
        }
        // An IPv6 literal holds hex digits, colons and dots (an embedded IPv4) only; QUrl checks the rest.
        for (char c : name) {
            if (!isAsciiHex(c) && c != ':' && c != '.')
                return std::nullopt;
        }
    } else {
        const qsizetype colon = host.indexOf(':');
        if (colon >= 0) {
            name = host.first(colon);
            port = host.sliced(colon + 1);
        }
        // A registered name or IPv4 address: letters, digits, '-', '.', '_' and '~'. Nothing that
        // separates user info, path, query or fragment, no percent-encoding, no second colon.
        for (char c : name) {
            if (!isAsciiAlnum(c) && c != '-' && c != '.' && c != '_' && c != '~')
                return std::nullopt;
        }
    }
    if (name.isEmpty())
        return std::nullopt;
    int portNumber = -1;
    if (port) {
        if (port->isEmpty() || port->size() > 5)
            return std::nullopt;
        for (char c : *port) {
            if (c < '0' || c > '9')
                return std::nullopt;
        }
        portNumber = port->toInt();
        if (portNumber < 1 || portNumber > 65535)
            return std::nullopt;
    }
    QUrl url;
    url.setScheme(tls ? u"https"_s : u"http"_s);
    url.setHost(QString::fromLatin1(name), QUrl::StrictMode);
    if (portNumber > 0)
        url.setPort(portNumber);
    if (!url.isValid() || url.host().isEmpty())
        return std::nullopt;
    return url;
}

QByteArray originFormTarget(QByteArrayView target)
{
    if (target.startsWith('/'))
        return target.toByteArray();
    const qsizetype scheme = target.indexOf("://");
    if (scheme <= 0)
        return "/";
    for (char c : target.first(scheme)) {
        if (!isAsciiAlnum(c) && c != '+' && c != '-' && c != '.')
            return "/";
    }
    const QByteArrayView rest = target.sliced(scheme + 3);
    qsizetype start = -1;
    for (qsizetype i = 0; i < rest.size(); ++i) {
        if (rest.at(i) == '/' || rest.at(i) == '?') {
            start = i;
            break;
        }
    }
    if (start < 0)
        return "/";
    const QByteArrayView pathAndQuery = rest.sliced(start);
    return pathAndQuery.front() == '?' ? '/' + pathAndQuery.toByteArray() : pathAndQuery.toByteArray();
}

Result<OutgoingRequest> buildRequest(
    const CapturedRequest& captured, const QUrl& to, const ReplaySpec& spec, qint64 nowMs)
{
    if (!to.isValid() || (to.scheme() != u"http"_s && to.scheme() != u"https"_s) || to.host().isEmpty())
        return fail(u"'%1' is not an http:// or https:// URL"_s.arg(to.toString()));

    OutgoingRequest out;
    out.url = to;
    out.method = spec.method.value_or(captured.method);
    out.body = spec.body.value_or(captured.body);
    if (spec.keepCapturedPath || to.path().isEmpty())
        out.target = captured.target == "*" ? captured.target : originFormTarget(captured.target); // never a host
    else
        out.target = to.path(QUrl::FullyEncoded).toLatin1()
            + (to.hasQuery() ? '?' + to.query(QUrl::FullyEncoded).toLatin1() : QByteArray());

    // Remember where Host and the body framing stood, so the recomputed ones take their places.
    const http::HttpHeaders source = spec.headers.value_or(captured.headers);
    QList<QByteArray> connectionListed;
    for (const auto& h : source) {
        if (sameName(h.name, "connection")) {
            for (const QByteArray& token : h.value.split(','))
                connectionListed << token.trimmed().toLower();
        }
    }
    http::HttpHeaders headers;
    qsizetype hostAt = -1;
    qsizetype lengthAt = -1;
    for (const auto& h : source) {
        if (sameName(h.name, "host")) {
            if (hostAt < 0)
                hostAt = headers.size();
            continue;
        }
        if (sameName(h.name, "content-length") || sameName(h.name, "transfer-encoding")) {
            if (lengthAt < 0)
                lengthAt = headers.size();
            continue;
        }
        if (isHopByHop(h.name) || connectionListed.contains(h.name.toLower()))
            continue;
        headers.append(h);
    }

    if (spec.resign || spec.negative != Negative::None) {
        auto scheme = verify::createScheme(spec.scheme, spec.schemeOptions);
        if (!scheme)
            return fail(u"unknown signature scheme '%1'"_s.arg(spec.scheme));
        verify::SignInput in;
        in.body = out.body;
        in.method = out.method;
        // The URL as the receiver sees it: Twilio-style schemes sign it.
        QUrl signedUrl = to;
        if (out.target != to.path(QUrl::FullyEncoded).toLatin1()) {
            const qsizetype q = out.target.indexOf('?');
            signedUrl.setPath(QString::fromUtf8(q < 0 ? out.target : out.target.left(q)), QUrl::TolerantMode);
            signedUrl.setQuery(q < 0 ? QString() : QString::fromUtf8(out.target.mid(q + 1)), QUrl::TolerantMode);
        }
        in.url = signedUrl.toString(QUrl::FullyEncoded);
        in.nowMs = spec.negative == Negative::StaleTimestamp ? nowMs - kStaleByMs : nowMs;
        in.secret = spec.secret;
        if (spec.negative == Negative::WrongSecret) {
            // A generated key of the right kind: appending to the secret can leave it unusable (`whsec_` base64)
            // or unchanged (text after a PEM's END line is ignored).
            auto wrong = scheme->wrongSecret(spec.secret);
            if (!wrong)
                return fail(u"cannot make a wrong %1 secret: %2"_s.arg(spec.scheme, wrong.error()));
            in.secret = *wrong;
        }
        in.deliveryId = captured.deliveryId.toUtf8();
        in.headers = headers;
        auto signedRequest = scheme->sign(in);
        if (!signedRequest)
            return fail(u"cannot re-sign with %1: %2"_s.arg(spec.scheme, signedRequest.error()));
        out.body = signedRequest->body;
        if (!signedRequest->url.isEmpty()) {
            // The scheme signed another URL (Twilio's bodySHA256): the request goes there.
            const QByteArray moved = signedRequest->url.toUtf8();
            const qsizetype authority = moved.indexOf("://");
            const qsizetype pathAt = authority < 0 ? -1 : moved.indexOf('/', authority + 3);
            const qsizetype queryAt = authority < 0 ? -1 : moved.indexOf('?', authority + 3);
            const qsizetype at = pathAt < 0 ? queryAt : (queryAt < 0 ? pathAt : qMin(pathAt, queryAt));
            if (at < 0)
                return fail(u"%1 signed a URL without a path: %2"_s.arg(spec.scheme, signedRequest->url));
            out.target = moved.mid(at);
            if (out.target.startsWith('?'))
                out.target.prepend('/');
        }
        http::HttpHeaders setBySigning = signedRequest->headers;
        if (spec.negative == Negative::MissingSignature) {
            http::HttpHeaders signatures;
            for (const auto& h : setBySigning) {
                if (h.name.toLower().contains("signature"))
                    signatures.append(h);
            }
            const http::HttpHeaders dropped = signatures.isEmpty() ? setBySigning : signatures;
            for (const auto& h : dropped) {
                removeHeader(headers, h.name);
                setBySigning.removeIf([&h](const http::HttpHeader& s) { return sameName(s.name, h.name); });
            }
        }
        for (const auto& h : setBySigning)
            setHeader(headers, h);
    }

    const http::HttpHeader host { "Host", hostHeader(to) };
    const qsizetype hostIndex = hostAt < 0 ? 0 : qMin(hostAt, headers.size());
    headers.insert(hostIndex, host);
    if (lengthAt >= hostIndex)
        ++lengthAt; // Host went in before it
    const bool needsLength
        = !out.body.isEmpty() || lengthAt >= 0 || out.method == "POST" || out.method == "PUT" || out.method == "PATCH";
    if (needsLength) {
        const http::HttpHeader length { "Content-Length", QByteArray::number(out.body.size()) };
        if (lengthAt < 0 || lengthAt > headers.size())
            headers.append(length);
        else
            headers.insert(lengthAt, length);
    }
    out.headers = headers;
    return out;
}

} // namespace hookscope::replay
