#include "formats.h"

#include "mimeconvert.h"

#include "core/replay/capturedrequest.h"
#include "core/replay/requestbuilder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace hookscope::exporting {

namespace {

bool isUtf8Text(const QByteArray& bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(bytes);
    return !decoder.hasError() && !bytes.contains('\0');
}

QJsonArray headersJson(const HttpHeaders& headers, const ExportOptions& options)
{
    QJsonArray list;
    for (const auto& h : headers) {
        const QByteArray value = options.redactAuthorization && isAuthorizationHeader(h.name) ? "[redacted]" : h.value;
        list.append(
            QJsonObject { { u"name"_s, QString::fromLatin1(h.name) }, { u"value"_s, QString::fromUtf8(value) } });
    }
    return list;
}

/** Single-quoted for bash when every byte is printable text; $'…' with escapes otherwise. */
QByteArray shellQuote(const QByteArray& bytes)
{
    bool plain = isUtf8Text(bytes);
    for (char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7f)
            plain = false;
    }
    // Newlines are fine inside single quotes, but a command that spans lines is harder to paste.
    if (plain && !bytes.contains('\n')) {
        QByteArray out = "'";
        for (char c : bytes)
            out += c == '\'' ? QByteArray("'\\''") : QByteArray(1, c);
        return out + '\'';
    }
    QByteArray out = "$'";
    const bool utf8 = isUtf8Text(bytes);
    for (char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '\'':
            out += "\\'";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (u < 0x20 || u == 0x7f || (u >= 0x80 && !utf8))
                out += "\\x" + QByteArray::number(u, 16).rightJustified(2, '0');
            else
                out += c;
        }
    }
    return out + '\'';
}

} // namespace

QString deliveryUrl(const store::DeliveryRow& d)
{
    const HttpHeaders headers = replay::CapturedRequest::parseHeaderBlock(d.rawHead);
    QByteArray host = headerValue(headers, "Host");
    if (host.isEmpty())
        host = "localhost:" + QByteArray::number(d.localPort);
    return QString::fromLatin1(d.tls ? "https://" : "http://") + QString::fromUtf8(host) + d.target;
}

QJsonObject toJson(const EventBundle& b, const ExportOptions& options)
{
    QJsonObject o;
    o.insert(u"format"_s, u"hookscope-event"_s);
    o.insert(u"version"_s, 1);
    o.insert(u"event"_s, b.event.toJson());
    QJsonArray deliveries;
    for (const auto& d : b.deliveries) {
        QJsonObject j = d.toJson();
        j.insert(u"url"_s, deliveryUrl(d));
        j.insert(u"headers"_s, headersJson(replay::CapturedRequest::parseHeaderBlock(d.rawHead), options));
        if (isUtf8Text(d.body))
            j.insert(u"body"_s, QString::fromUtf8(d.body));
        else
            j.insert(u"body"_s, QJsonValue());
        j.insert(u"bodyBase64"_s, QString::fromLatin1(d.body.toBase64()));
        const QByteArray head = options.redactAuthorization ? redactHead(d.rawHead) : d.rawHead;
        j.insert(u"rawBase64"_s,
            QString::fromLatin1(QByteArray(head + (d.rawBody.isEmpty() ? d.body : d.rawBody)).toBase64()));
        deliveries.append(j);
    }
    o.insert(u"deliveries"_s, deliveries);
    QJsonArray attempts;
    for (const auto& a : b.attempts) {
        QJsonObject j = a.toJson();
        const QByteArray head = options.redactAuthorization ? redactHead(a.requestHead) : a.requestHead;
        j.insert(u"requestHead"_s, QString::fromUtf8(head));
        j.insert(u"requestBodyBase64"_s, QString::fromLatin1(a.requestBody.toBase64()));
        j.insert(u"responseHead"_s, QString::fromUtf8(a.responseHead));
        j.insert(u"responseBodyBase64"_s, QString::fromLatin1(a.responseBody.toBase64()));
        attempts.append(j);
    }
    o.insert(u"attempts"_s, attempts);
    // The payload itself, parsed, when it is JSON: easier to read than base64.
    const QJsonDocument payload = QJsonDocument::fromJson(b.primary().body);
    if (payload.isObject())
        o.insert(u"payload"_s, payload.object());
    return o;
}

QByteArray toRaw(const EventBundle& b, const ExportOptions& options)
{
    const store::DeliveryRow& d = b.primary();
    if (!options.redactAuthorization)
        return d.raw();
    return redactHead(d.rawHead) + (d.rawBody.isEmpty() ? d.body : d.rawBody);
}

Result<QByteArray> toEml(const EventBundle& b)
{
    const store::DeliveryRow& d = b.primary();
    const HttpHeaders headers = replay::CapturedRequest::parseHeaderBlock(d.rawHead);
    const QByteArray type = headerValue(headers, "Content-Type").toLower();
    if (type.startsWith("message/rfc822"))
        return d.body;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(d.body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return fail(u"event %1 carries no email (its body is neither MIME nor event JSON)"_s.arg(b.event.id));
    const QJsonObject o = doc.object();
    for (const QString& field : { u"raw"_s, u"rawMime"_s, u"RawEmail"_s }) {
        if (o.value(field).isString() && !o.value(field).toString().isEmpty())
            return o.value(field).toString().toUtf8();
    }
    return mimeFromEventJson(o);
}

QByteArray toCurl(const EventBundle& b, const ExportOptions& options)
{
    const store::DeliveryRow& d = b.primary();
    const HttpHeaders headers = replay::CapturedRequest::parseHeaderBlock(d.rawHead);
    QByteArray args;
    args += "curl --silent --show-error --http1.1 -X " + shellQuote(d.method.toLatin1()) + ' '
        + shellQuote(deliveryUrl(d).toUtf8());
    for (const auto& h : headers) {
        if (h.name.compare("host", Qt::CaseInsensitive) == 0
            || h.name.compare("content-length", Qt::CaseInsensitive) == 0 || replay::isHopByHop(h.name))
            continue;
        const QByteArray value = options.redactAuthorization && isAuthorizationHeader(h.name) ? "[redacted]" : h.value;
        args += " \\\n  -H " + shellQuote(h.name + ": " + value);
    }
    // curl adds these on its own; an empty value suppresses them, so only what was captured is sent.
    for (const char* own : { "User-Agent", "Accept", "Content-Type", "Expect" }) {
        if (headerValue(headers, own).isNull() && (qstrcmp(own, "Content-Type") != 0 || !d.body.isEmpty()))
            args += " \\\n  -H " + shellQuote(QByteArray(own) + ':');
    }
    QByteArray command;
    command += "# event " + QByteArray::number(b.event.id) + ", delivery " + QByteArray::number(d.seq) + " ("
        + QByteArray::number(d.body.size()) + " body bytes)\n";
    if (d.body.contains('\0')) {
        // Bash arguments cannot hold NUL bytes: the body goes through base64 and stdin instead.
        command += "printf %s " + shellQuote(d.body.toBase64()) + " | base64 -d | \\\n" + args
            + " \\\n  --data-binary @-\n";
    } else if (d.body.isEmpty()) {
        command += args
            + (d.method == u"GET"_s || d.method == u"HEAD"_s ? QByteArray("\n")
                                                             : QByteArray(" \\\n  --data-binary ''\n"));
    } else {
        command += args + " \\\n  --data-binary " + shellQuote(d.body) + '\n';
    }
    return command;
}

} // namespace hookscope::exporting
