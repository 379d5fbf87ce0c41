#include "har.h"

#include "capturedhead.h"
#include "formats.h"

#include "core/http/httpheader.h"
#include "core/http/requestframer.h"
#include "core/replay/capturedrequest.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringDecoder>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace hookscope::exporting {

namespace {

bool isUtf8Text(const QByteArray& bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(bytes);
    return !decoder.hasError() && !bytes.contains('\0');
}

QString harTime(qint64 us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonArray harHeaders(const http::HttpHeaders& headers, const ExportOptions& options)
{
    QJsonArray list;
    for (const auto& h : headers) {
        const QByteArray value = options.redactAuthorization && isAuthorizationHeader(h.name) ? "[redacted]" : h.value;
        list.append(
            QJsonObject { { u"name"_s, QString::fromLatin1(h.name) }, { u"value"_s, QString::fromUtf8(value) } });
    }
    return list;
}

QJsonArray queryString(const QString& url)
{
    QJsonArray list;
    const QUrlQuery query(QUrl(url).query(QUrl::FullyEncoded));
    for (const auto& [name, value] : query.queryItems(QUrl::FullyDecoded))
        list.append(QJsonObject { { u"name"_s, name }, { u"value"_s, value } });
    return list;
}

QString mimeTypeOf(const http::HttpHeaders& headers)
{
    const QByteArray type = headerValue(headers, "Content-Type");
    return type.isNull() ? u"application/octet-stream"_s : QString::fromLatin1(type);
}

/** HAR 1.2 postData; a body that is not UTF-8 text is base64 with `encoding`, as HAR's `content` has it. */
QJsonObject postData(const QByteArray& body, const http::HttpHeaders& headers)
{
    QJsonObject o { { u"mimeType"_s, mimeTypeOf(headers) } };
    if (isUtf8Text(body)) {
        o.insert(u"text"_s, QString::fromUtf8(body));
    } else {
        o.insert(u"text"_s, QString::fromLatin1(body.toBase64()));
        o.insert(u"encoding"_s, u"base64"_s);
    }
    return o;
}

/**
 * The parts of a HAR request that follow from a raw head alone: method, url, httpVersion, headers. The
 * export writes them; the import compares them with an entry's to know whether the raw head it carries
 * still says the same (an edited file's fields win).
 */
QJsonObject requestFromHead(const QByteArray& rawHead, bool tls, int localPort, const ExportOptions& options)
{
    store::DeliveryRow row;
    row.rawHead = rawHead;
    row.tls = tls;
    row.localPort = localPort;
    const CapturedHead head = CapturedHead::parse(rawHead);
    return { { u"method"_s, QString::fromUtf8(head.method) }, { u"url"_s, deliveryUrl(row) },
        { u"httpVersion"_s,
            QString(u"HTTP/"_s + (head.version.isEmpty() ? u"1.1"_s : QString::fromLatin1(head.version))) },
        { u"headers"_s, harHeaders(head.headers(), options) } };
}

QJsonObject content(const QByteArray& body, qint64 size, const QString& mimeType)
{
    QJsonObject o { { u"size"_s, double(size) }, { u"mimeType"_s, mimeType } };
    if (isUtf8Text(body)) {
        o.insert(u"text"_s, QString::fromUtf8(body));
    } else {
        o.insert(u"text"_s, QString::fromLatin1(body.toBase64()));
        o.insert(u"encoding"_s, u"base64"_s);
    }
    return o;
}

QJsonObject timings(qint64 waitMs)
{
    return { { u"blocked"_s, -1 }, { u"dns"_s, -1 }, { u"connect"_s, -1 }, { u"ssl"_s, -1 }, { u"send"_s, 0 },
        { u"wait"_s, double(waitMs) }, { u"receive"_s, 0 } };
}

QString reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return u"OK"_s;
    case 400:
        return u"Bad Request"_s;
    case 401:
        return u"Unauthorized"_s;
    case 408:
        return u"Request Timeout"_s;
    case 413:
        return u"Content Too Large"_s;
    case 431:
        return u"Request Header Fields Too Large"_s;
    case 503:
        return u"Service Unavailable"_s;
    default:
        return {};
    }
}

QJsonObject captureEntry(const EventBundle& b, const store::DeliveryRow& d, const ExportOptions& options)
{
    const http::HttpHeaders headers = CapturedHead::parse(d.rawHead).headers();
    QJsonObject request = requestFromHead(d.rawHead, d.tls, d.localPort, options);
    const QString url = request.value(u"url"_s).toString();
    request.insert(u"cookies"_s, QJsonArray {});
    request.insert(u"queryString"_s, queryString(url));
    request.insert(u"headersSize"_s, double(d.rawHead.size()));
    request.insert(u"bodySize"_s, double(d.body.size()));
    if (!d.body.isEmpty() || d.method == u"POST"_s || d.method == u"PUT"_s || d.method == u"PATCH"_s)
        request.insert(u"postData"_s, postData(d.body, headers));
    // Hookscope's own answer: its body is stored, its headers follow from the body's kind.
    const bool json = d.responseBody.startsWith('{');
    const QString responseType = json ? u"application/json"_s : u"text/plain; charset=utf-8"_s;
    QJsonObject response { { u"status"_s, d.statusCode }, { u"statusText"_s, reasonPhrase(d.statusCode) },
        { u"httpVersion"_s, u"HTTP/1.1"_s }, { u"cookies"_s, QJsonArray {} },
        { u"headers"_s,
            QJsonArray { QJsonObject { { u"name"_s, u"Content-Type"_s }, { u"value"_s, responseType } },
                QJsonObject {
                    { u"name"_s, u"Content-Length"_s }, { u"value"_s, QString::number(d.responseBody.size()) } } } },
        { u"content"_s, content(d.responseBody, d.responseBody.size(), responseType) }, { u"redirectURL"_s, u""_s },
        { u"headersSize"_s, -1 }, { u"bodySize"_s, double(d.responseBody.size()) } };
    // HAR's fields cannot hold every byte of a request (a target or header that is not UTF-8, the spacing
    // of a header line, chunk framing): the exact bytes travel beside them, so an import gives them back.
    QJsonObject hookscope { { u"kind"_s, u"capture"_s }, { u"event"_s, double(b.event.id) }, { u"delivery"_s, d.seq },
        { u"route"_s, b.event.route }, { u"scheme"_s, b.event.scheme }, { u"peer"_s, d.peer },
        { u"localPort"_s, d.localPort }, { u"verification"_s, d.verifyOutcome }, { u"reason"_s, d.verifyReason },
        { u"rawHeadBase64"_s,
            QString::fromLatin1((options.redactAuthorization ? redactHead(d.rawHead) : d.rawHead).toBase64()) } };
    if (!d.rawBody.isEmpty())
        hookscope.insert(u"rawBodyBase64"_s, QString::fromLatin1(d.rawBody.toBase64()));
    return { { u"startedDateTime"_s, harTime(d.receivedUs) }, { u"time"_s, 0 }, { u"request"_s, request },
        { u"response"_s, response }, { u"cache"_s, QJsonObject {} }, { u"timings"_s, timings(0) },
        { u"_hookscope"_s, hookscope } };
}

QJsonObject attemptEntry(const EventBundle& b, const replay::AttemptRow& a, const ExportOptions& options)
{
    const http::HttpHeaders requestHeaders = replay::CapturedRequest::parseHeaderBlock(a.requestHead);
    const http::HttpHeaders responseHeaders = replay::CapturedRequest::parseHeaderBlock(a.responseHead);
    // Where the attempt went (the user's destination) with the target its request line carried.
    const QUrl destination(a.target);
    QUrl origin;
    origin.setScheme(destination.scheme());
    origin.setHost(destination.host());
    origin.setPort(destination.port());
    const QByteArray target = CapturedHead::parse(a.requestHead).target;
    const QString urlText = (target.isEmpty() || !origin.isValid() ? destination : urlWithTarget(origin, target))
                                .toString(QUrl::FullyEncoded);
    QJsonObject request { { u"method"_s, a.requestMethod }, { u"url"_s, urlText }, { u"httpVersion"_s, u"HTTP/1.1"_s },
        { u"cookies"_s, QJsonArray {} }, { u"headers"_s, harHeaders(requestHeaders, options) },
        { u"queryString"_s, queryString(urlText) }, { u"headersSize"_s, double(a.requestHead.size()) },
        { u"bodySize"_s, double(a.requestBody.size()) } };
    if (!a.requestBody.isEmpty())
        request.insert(u"postData"_s, postData(a.requestBody, requestHeaders));
    const QString responseType = mimeTypeOf(responseHeaders);
    const QList<QByteArray> statusParts = a.responseHead.left(a.responseHead.indexOf('\r')).split(' ');
    QJsonObject response { { u"status"_s, a.status },
        { u"statusText"_s, statusParts.size() > 2 ? QString::fromLatin1(statusParts.mid(2).join(' ')) : QString() },
        { u"httpVersion"_s, u"HTTP/1.1"_s }, { u"cookies"_s, QJsonArray {} },
        { u"headers"_s, harHeaders(responseHeaders, {}) },
        { u"content"_s, content(a.responseBody, a.responseSize, responseType) },
        { u"redirectURL"_s, QString::fromUtf8(headerValue(responseHeaders, "Location")) },
        { u"headersSize"_s, a.responseHead.isEmpty() ? -1.0 : double(a.responseHead.size()) },
        { u"bodySize"_s, double(a.responseSize) } };
    if (!a.error.isEmpty())
        response.insert(u"_error"_s, a.error);
    return { { u"startedDateTime"_s, harTime(a.startedUs ? a.startedUs : a.scheduledUs) },
        { u"time"_s, double(a.latencyMs) }, { u"request"_s, request }, { u"response"_s, response },
        { u"cache"_s, QJsonObject {} }, { u"timings"_s, timings(a.latencyMs) },
        { u"_hookscope"_s,
            QJsonObject { { u"kind"_s, a.kind }, { u"event"_s, double(b.event.id) }, { u"runId"_s, a.runId },
                { u"attempt"_s, a.attempt }, { u"mode"_s, a.mode }, { u"state"_s, a.state } } } };
}

} // namespace

QJsonObject toHar(const QList<EventBundle>& bundles, const ExportOptions& options)
{
    QJsonArray entries;
    for (const auto& b : bundles) {
        for (const auto& d : b.deliveries)
            entries.append(captureEntry(b, d, options));
        for (const auto& a : b.attempts) {
            if (a.state != u"pending"_s)
                entries.append(attemptEntry(b, a, options));
        }
    }
    const QJsonObject creator { { u"name"_s, u"Hookscope"_s }, { u"version"_s, QStringLiteral(HOOKSCOPE_VERSION) } };
    return { { u"log"_s,
        QJsonObject { { u"version"_s, u"1.2"_s }, { u"creator"_s, creator }, { u"pages"_s, QJsonArray {} },
            { u"entries"_s, entries } } } };
}

namespace {

bool hasLineBreakOrNul(const QString& text)
{
    return text.contains(u'\r') || text.contains(u'\n') || text.contains(QChar(0));
}

/** Bytes that must be exactly one request head: Beast (the listener's own parser) reads all of them as one. */
Result<void> checkedHead(http::RequestFramer& framer, const QByteArray& head)
{
    framer.feed(head.constData(), head.size());
    if (framer.state() == http::RequestFramer::State::Error)
        return fail(framer.errorText());
    if (!framer.headerDone() || framer.rawHead() != head)
        return fail(u"the request head is incomplete or followed by more"_s);
    return {};
}

/** The request an entry describes, built from its fields (which were checked for line breaks first). */
Result<http::Delivery> deliveryFromFields(const QJsonObject& request, const QString& where)
{
    http::Delivery d;
    const QString method = request.value(u"method"_s).toString(u"POST"_s);
    if (hasLineBreakOrNul(method))
        return fail(
            u"%1: request.method holds a CR, LF or NUL character, which would forge lines of the request"_s.arg(where));
    d.method = method.toLatin1();
    if (method.toLatin1() != method.toUtf8() || !http::isToken(d.method))
        return fail(u"%1: request.method '%2' is not an HTTP method (an RFC 9110 token)"_s.arg(where, method));
    const QString urlText = request.value(u"url"_s).toString();
    if (hasLineBreakOrNul(urlText))
        return fail(
            u"%1: request.url holds a CR, LF or NUL character, which would forge lines of the request"_s.arg(where));
    const QUrl url(urlText);
    if (!url.isValid() || (url.scheme() != u"http"_s && url.scheme() != u"https"_s) || url.host().isEmpty())
        return fail(u"%1: request.url is not an http:// or https:// URL"_s.arg(where));
    d.target = url.path(QUrl::FullyEncoded).toLatin1();
    if (d.target.isEmpty())
        d.target = "/";
    if (url.hasQuery())
        d.target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    const QString version = request.value(u"httpVersion"_s).toString();
    d.httpVersion = version.startsWith(u"HTTP/1.0"_s) ? QByteArray("1.0") : QByteArray("1.1");
    d.tls = url.scheme() == u"https"_s;
    bool hasHost = false;
    int index = 0;
    for (const auto& h : request.value(u"headers"_s).toArray()) {
        ++index;
        const QJsonObject header = h.toObject();
        const QString name = header.value(u"name"_s).toString();
        const QString value = header.value(u"value"_s).toString();
        if (name.startsWith(u':'))
            continue; // HTTP/2 pseudo-headers of a browser's HAR
        if (hasLineBreakOrNul(name) || hasLineBreakOrNul(value))
            return fail(
                u"%1: request header %2 (%3) holds a CR, LF or NUL character, which would forge lines of the "
                u"request"_s.arg(where)
                    .arg(index)
                    .arg(QString(name).replace(u'\r', u"\\r"_s).replace(u'\n', u"\\n"_s).replace(QChar(0), u"\\0"_s)));
        if (name.toLatin1() != name.toUtf8() || !http::isToken(name.toLatin1()))
            return fail(
                u"%1: request header %2 '%3' is not a header name (an RFC 9110 token)"_s.arg(where).arg(index).arg(
                    name));
        hasHost = hasHost || name.compare(u"host"_s, Qt::CaseInsensitive) == 0;
        d.headers.append({ name.toLatin1(), value.toUtf8() });
    }
    if (!hasHost) {
        // host[:port] only: a URL's user info never becomes part of a Host header.
        QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
        if (host.contains(':'))
            host = '[' + host + ']';
        if (url.port() > 0)
            host += ':' + QByteArray::number(url.port());
        d.headers.prepend({ "Host", host });
    }
    return d;
}

QByteArray headFromFields(const http::Delivery& d)
{
    QByteArray head = d.method + ' ' + d.target + " HTTP/" + d.httpVersion + "\r\n";
    for (const auto& h : d.headers)
        head += h.name + ": " + h.value + "\r\n";
    return head + "\r\n";
}

} // namespace

Result<QList<HarRequest>> readHar(const QByteArray& json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return fail(u"not JSON: %1 (at byte %2)"_s.arg(error.errorString()).arg(error.offset));
    const QJsonObject log = doc.object().value(u"log"_s).toObject();
    if (!log.value(u"entries"_s).isArray())
        return fail(u"not a HAR file (no log.entries)"_s);
    QList<HarRequest> out;
    int entryIndex = 0;
    for (const auto& v : log.value(u"entries"_s).toArray()) {
        ++entryIndex;
        const QString where = u"entry %1"_s.arg(entryIndex);
        const QJsonObject entry = v.toObject();
        const QJsonObject own = entry.value(u"_hookscope"_s).toObject();
        const QString kind = own.value(u"kind"_s).toString();
        if (!kind.isEmpty() && kind != u"capture"_s)
            continue; // Hookscope's own replays, forwards and sends are not captures
        const QJsonObject request = entry.value(u"request"_s).toObject();
        HarRequest r;
        auto fields = deliveryFromFields(request, where);
        if (!fields)
            return fail(fields.error());
        http::Delivery& d = r.delivery;
        d = *fields;
        const QJsonObject post = request.value(u"postData"_s).toObject();
        const QString text = post.value(u"text"_s).toString();
        const bool base64 = post.value(u"encoding"_s).toString() == u"base64"_s
            || post.value(u"_encoding"_s).toString() == u"base64"_s; // what older versions wrote
        d.body = base64 ? QByteArray::fromBase64(text.toLatin1()) : text.toUtf8();
        if (d.body.isEmpty() && post.value(u"params"_s).isArray()) {
            // Browsers may give a form only as params: rebuild the urlencoded body.
            QList<QByteArray> pairs;
            for (const auto& p : post.value(u"params"_s).toArray())
                pairs << QUrl::toPercentEncoding(p[u"name"_s].toString()) + '='
                        + QUrl::toPercentEncoding(p[u"value"_s].toString());
            d.body = pairs.join('&');
        }

        // The exact head Hookscope wrote beside the fields, when it parses as one request head and says
        // what the (checked) fields say; otherwise the fields are the request.
        bool exact = false;
        const QByteArray rawHead = QByteArray::fromBase64(own.value(u"rawHeadBase64"_s).toString().toLatin1());
        if (!rawHead.isEmpty()) {
            http::RequestFramer framer(http::Limits {});
            const bool tls = QUrl(request.value(u"url"_s).toString()).scheme() == u"https"_s;
            const QJsonObject expected = requestFromHead(rawHead, tls, own.value(u"localPort"_s).toInt(), {});
            bool same = true;
            for (const QString& key : { u"method"_s, u"url"_s, u"httpVersion"_s, u"headers"_s })
                same = same && request.value(key) == expected.value(key);
            same = same && checkedHead(framer, rawHead).has_value();
            // The body must be the one the head frames.
            same = same
                && (framer.chunked() || framer.contentLength() == d.body.size()
                    || (framer.contentLength() < 0 && d.body.isEmpty()));
            if (same) {
                http::Delivery parsed;
                framer.fill(parsed);
                d.rawHead = rawHead;
                d.method = parsed.method;
                d.target = parsed.target;
                d.httpVersion = parsed.httpVersion;
                d.headers = parsed.headers;
                exact = true;
                const QByteArray rawBody = QByteArray::fromBase64(own.value(u"rawBodyBase64"_s).toString().toLatin1());
                if (!rawBody.isEmpty() && framer.chunked()) {
                    http::RequestFramer whole(http::Limits {});
                    const QByteArray bytes = rawHead + rawBody;
                    whole.feed(bytes.constData(), bytes.size());
                    http::Delivery chunked;
                    if (whole.state() == http::RequestFramer::State::Complete) {
                        whole.fill(chunked);
                        if (chunked.body == d.body)
                            d.rawBody = rawBody;
                    }
                }
            }
        }
        if (!exact) {
            if (!d.body.isEmpty() && headerValue(d.headers, "Content-Length").isNull()
                && headerValue(d.headers, "Transfer-Encoding").isNull())
                d.headers.append({ "Content-Length", QByteArray::number(d.body.size()) });
            d.rawHead = headFromFields(d);
            // The fields were checked one by one; the listener's parser has the last word on the whole.
            http::RequestFramer framer(http::Limits {});
            auto checked = checkedHead(framer, d.rawHead);
            if (!checked)
                return fail(u"%1 does not make an HTTP request: %2"_s.arg(where, checked.error()));
            http::Delivery parsed;
            framer.fill(parsed);
            if (parsed.headers.size() != d.headers.size())
                return fail(u"%1 does not make the HTTP request it describes"_s.arg(where));
        }
        if (d.rawBody.isEmpty() && headerValue(d.headers, "Transfer-Encoding").toLower().contains("chunked")) {
            // The wire form is gone; keep the decoded body and describe it as such.
            d.rawBody = QByteArray::number(d.body.size(), 16) + "\r\n" + d.body + "\r\n0\r\n\r\n";
        }
        const QDateTime started
            = QDateTime::fromString(entry.value(u"startedDateTime"_s).toString(), Qt::ISODateWithMs);
        d.receivedUs = (started.isValid() ? started.toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch()) * 1000;
        d.peerAddress = entry.value(u"serverIPAddress"_s).toString(u"imported"_s);
        const QJsonObject response = entry.value(u"response"_s).toObject();
        r.responseStatus = response.value(u"status"_s).toInt(200);
        if (r.responseStatus <= 0)
            r.responseStatus = 200;
        const QJsonObject body = response.value(u"content"_s).toObject();
        r.responseBody = body.value(u"encoding"_s).toString() == u"base64"_s
            ? QByteArray::fromBase64(body.value(u"text"_s).toString().toLatin1())
            : body.value(u"text"_s).toString().toUtf8();
        r.scheme = own.value(u"scheme"_s).toString();
        out.append(r);
    }
    return out;
}

} // namespace hookscope::exporting
