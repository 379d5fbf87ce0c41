#include "curl.h"

#include "capturedhead.h"
#include "capturedurl.h"

#include "core/http/httpheader.h"
#include "core/replay/requestbuilder.h"

#include <QDateTime>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace hookscope::exporting {

namespace {

/** Bodies from this size on go through standard input, whatever they hold (MAX_ARG_STRLEN is 128 KiB). */
constexpr qsizetype kArgumentBodyLimit = 64 * 1024;

QByteArray hex2(uchar u)
{
    return QByteArray::number(u, 16).rightJustified(2, '0');
}

bool isPrintableAscii(QByteArrayView bytes)
{
    for (char c : bytes) {
        const auto u = static_cast<uchar>(c);
        if (u < 0x20 || u > 0x7e)
            return false;
    }
    return true;
}

/**
 * One bash word holding exactly `bytes`: '…' for printable ASCII, else $'…' where every byte that is not
 * printable ASCII is \xNN. Inside either, nothing expands: no $(…), backticks, globs or history.
 */
QByteArray shellQuote(const QByteArray& bytes)
{
    QByteArray out;
    if (isPrintableAscii(bytes)) {
        out = "'";
        for (char c : bytes)
            out += c == '\'' ? QByteArray("'\\''") : QByteArray(1, c);
        return out + '\'';
    }
    out = "$'";
    for (char c : bytes) {
        const auto u = static_cast<uchar>(c);
        if (c == '\\' || c == '\'') {
            out += '\\';
            out += c;
        } else if (u < 0x20 || u > 0x7e) {
            out += "\\x" + hex2(u);
        } else {
            out += c;
        }
    }
    return out + '\'';
}

/** Captured bytes shown in a comment: printable ASCII, everything else \xNN, so never a line break. */
QByteArray commentText(const QByteArray& bytes)
{
    constexpr qsizetype kMax = 100;
    QByteArray out;
    for (qsizetype i = 0; i < bytes.size() && i < kMax; ++i) {
        const auto u = static_cast<uchar>(bytes.at(i));
        out += u < 0x20 || u > 0x7e || u == '\\' ? "\\x" + hex2(u) : QByteArray(1, bytes.at(i));
    }
    if (bytes.size() > kMax)
        out += "...";
    return '"' + out + '"';
}

/**
 * Text a quoted here-doc carries as it is and a reader sees as it is: UTF-8 with no control characters
 * but line feeds, and no bidirectional or line-separator controls that would make the script read
 * differently from what it does.
 */
bool isPlainText(const QByteArray& body)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(body);
    if (decoder.hasError())
        return false;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != '\n') || (u >= 0x7f && u <= 0x9f) || u == 0x200e || u == 0x200f
            || (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069) || u == 0x2028 || u == 0x2029
            || u == 0xfeff)
            return false;
    }
    return true;
}

/** A here-doc delimiter no line of `body` equals. */
QByteArray hereDocDelimiter(const QByteArray& body)
{
    const QList<QByteArray> lines = body.split('\n');
    QByteArray delimiter = "HOOKSCOPE_BODY";
    for (int n = 2; lines.contains(delimiter); ++n)
        delimiter = "HOOKSCOPE_BODY_" + QByteArray::number(n);
    return delimiter;
}

QByteArray wrapped(const QByteArray& text, qsizetype width)
{
    QByteArray out;
    for (qsizetype i = 0; i < text.size(); i += width)
        out += text.mid(i, width) + '\n';
    return out;
}

bool sameName(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

/** A header that curl adds on its own unless the capture gives it one with a value. */
bool capturedWithValue(const CapturedHead& head, QByteArrayView name)
{
    for (const auto& f : head.fields) {
        if (sameName(f.name, name) && !f.value.isEmpty())
            return true;
    }
    return false;
}

} // namespace

Result<QUrl> curlDestination(const QString& text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"http"_s && url.scheme() != u"https"_s) || url.host().isEmpty())
        return fail(u"'%1' is not an http:// or https:// URL"_s.arg(text));
    if (!url.userInfo().isEmpty() || (!url.path().isEmpty() && url.path() != u"/"_s) || url.hasQuery()
        || url.hasFragment())
        return fail(
            u"'%1': give the server only (scheme://host[:port]); the request target stays the captured one"_s.arg(
                text));
    QUrl origin;
    origin.setScheme(url.scheme());
    origin.setHost(url.host());
    if (url.port() > 0)
        origin.setPort(url.port());
    return origin;
}

QByteArray toCurl(const EventBundle& b, const ExportOptions& options, const QUrl& to)
{
    const store::DeliveryRow& d = b.primary();
    const CapturedHead head = CapturedHead::parse(d.rawHead);
    QByteArray method = head.method.isEmpty() ? d.method.toUtf8() : head.method;
    QByteArray target = head.target.isEmpty() ? d.target.toUtf8() : head.target;
    const QByteArray version = head.version.isEmpty() ? d.httpVersion.toLatin1() : head.version;
    const QByteArray& body = d.body;
    QList<QByteArray> notes; // what this request loses on the way, each said once

    // No bash argument can hold a NUL byte (the listener refuses them, but the store keeps refused requests).
    if (method.contains('\0')) {
        method.truncate(method.indexOf('\0'));
        notes << "The method holds a NUL byte, which no command-line argument can carry: it is cut there.";
    }
    if (target.contains('\0')) {
        target.truncate(target.indexOf('\0'));
        notes << "The target holds a NUL byte, which no command-line argument can carry: it is cut there.";
    }

    // Where to connect: never chosen by anything but a validated Host, the listener, or the user.
    QUrl origin;
    QByteArray destination;
    const bool override = !to.isEmpty();
    if (override) {
        origin = to;
        destination = "the destination given with --to";
    } else {
        const CapturedOrigin captured = deliveryOrigin(d);
        origin = captured.origin;
        if (captured.fromHost) {
            destination = "the captured Host";
        } else {
            const CapturedHead::Field* host = nullptr;
            for (const auto& f : head.fields) {
                if (sameName(f.name, "host")) {
                    host = &f;
                    break;
                }
            }
            destination = host ? "the listener that captured it: the captured Host " + commentText(host->value)
                    + " is not a host[:port], so it does not choose where this goes (export --to URL does)"
                               : QByteArray("the listener that captured it: no Host was captured");
        }
    }
    origin.setPath(u"/"_s);
    const QByteArray url = origin.toString(QUrl::FullyEncoded).toUtf8();

    QList<QByteArray> args;
    if (version == "1.0") {
        args << "--disable --silent --show-error --globoff --path-as-is --http1.0";
    } else {
        args << "--disable --silent --show-error --globoff --path-as-is --http1.1";
        if (version != "1.1")
            notes << "The request said HTTP/" + commentText(version) + "; curl speaks HTTP/1.1 here.";
    }
    const bool head_ = method == "HEAD" && body.isEmpty();
    // -X HEAD would make curl wait for a body the answer never has; --head writes the same request line.
    args << (head_ ? QByteArray("--head") : "-X " + shellQuote(method));
    args << "--request-target " + shellQuote(target);
    args << "--url " + shellQuote(url);

    if (!target.startsWith('/') && target != "*") {
        if (replay::originFormTarget(target) != "/" || target.contains("://"))
            notes << "The target is in absolute-form: sent as captured, though a server takes the host from it "
                     "(RFC 9112 section 3.2.2), not from Host.";
    }
    if (target.contains('#'))
        notes << "The target holds '#': sent as captured (curl itself never sends a URL's fragment).";

    bool hostSeen = false;
    int fieldIndex = 0;
    for (const auto& f : head.fields) {
        const int index = fieldIndex++;
        if (sameName(f.name, "host")) {
            if (hostSeen) {
                notes << "A second Host header " + commentText(f.value) + " is not sent: curl sends one Host.";
                continue;
            }
            hostSeen = true;
            if (override) {
                args << "-H " + shellQuote("Host: " + replay::hostHeader(to));
                notes << "Host is " + commentText(replay::hostHeader(to))
                        + ", the --to destination (captured: " + commentText(f.value) + ").";
            } else if (f.value.isEmpty()) {
                args << "-H 'Host:'";
                notes << "The captured Host is empty: curl cannot send an empty Host and sends none.";
            } else {
                args << "-H " + shellQuote("Host:" + f.line.mid(f.name.size() + 1));
                if (f.folded)
                    notes << "Host was folded over several lines: curl sends its first line only.";
            }
            if (index > 0 || f.name != "Host")
                notes << "Host comes first and is spelled \"Host\" (captured as header " + QByteArray::number(index + 1)
                        + ", " + commentText(f.name) + ").";
            continue;
        }
        if (f.line.contains('\0')) {
            notes << "Header " + commentText(f.name)
                    + " holds a NUL byte, which no command-line argument can carry: it is left out.";
            continue;
        }
        if (!http::isToken(f.name)) {
            // Also what keeps a line starting with '@' (curl: read headers from that file) out of -H.
            notes << "Header " + commentText(f.name) + " has no valid name (RFC 9110 token): it is left out.";
            continue;
        }
        if (d.truncated && sameName(f.name, "content-length")) {
            notes << "Content-Length is curl's own: the body was cut when it was captured.";
            continue;
        }
        if (options.redactAuthorization && isAuthorizationHeader(f.name)) {
            args << "-H " + shellQuote(f.name + ": [redacted]");
            notes << f.name + "'s value is replaced with [redacted] (--redact-auth).";
            continue;
        }
        if (f.folded) {
            args << "-H " + shellQuote(f.name + ": " + f.value);
            notes << "Header " + commentText(f.name)
                    + " was folded over several lines (obsolete line folding): sent on one line, joined by a space.";
            continue;
        }
        if (f.value.isEmpty()) {
            args << "-H " + shellQuote(f.name + ';');
            if (f.line.size() != f.name.size() + 1)
                notes << "Header " + commentText(f.name) + " holds only whitespace: sent as \"" + f.name + ":\".";
            continue;
        }
        args << "-H " + shellQuote(f.line);
    }
    if (!hostSeen)
        args << "-H 'Host:'"; // curl would add its own
    for (const char* own : { "User-Agent", "Accept" }) {
        if (!capturedWithValue(head, own))
            args << "-H " + shellQuote(QByteArray(own) + ':');
    }

    QByteArray feed; // what goes before curl in the pipeline
    QByteArray hereDoc; // what follows the command
    if (!body.isEmpty()) {
        for (const char* own : { "Content-Type", "Expect" }) {
            if (!capturedWithValue(head, own))
                args << "-H " + shellQuote(QByteArray(own) + ':');
        }
        if (isPrintableAscii(body) && body.size() < kArgumentBodyLimit) {
            // --data-raw, unlike --data-binary, never reads a file named by a leading '@'.
            args << "--data-raw " + shellQuote(body);
        } else {
            const QByteArray delimiter = hereDocDelimiter(body);
            if (isPlainText(body)) {
                // A here-doc ends with a line feed of its own: head takes the body's bytes and no more.
                feed = "head -c " + QByteArray::number(body.size()) + " <<'" + delimiter + "' | ";
                hereDoc = body + (body.endsWith('\n') ? "" : "\n") + delimiter + '\n';
            } else {
                feed = "base64 -d <<'" + delimiter + "' | ";
                hereDoc = wrapped(body.toBase64(), 76) + delimiter + '\n';
            }
            args << "--data-binary @-";
        }
        if (!d.rawBody.isEmpty())
            notes << "The body came chunked; curl chunks it again with sizes of its own: the same body bytes, "
                     "other chunk lines.";
        if (d.truncated)
            notes << "The body was cut when it was captured: this sends the " + QByteArray::number(body.size())
                    + " bytes that were kept.";
    }

    const QByteArray received
        = QDateTime::fromMSecsSinceEpoch(d.receivedUs / 1000, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1();
    QByteArray script = "#!/usr/bin/env bash\n";
    script += "# Hookscope event " + QByteArray::number(b.event.id) + ", delivery " + QByteArray::number(d.seq) + ": "
        + commentText(method) + ", " + QByteArray::number(body.size()) + " body bytes, received " + received + ".\n";
    script += "# Sends the captured request again with curl, byte for byte: the method, target and version as\n"
              "# captured (-X, --request-target: bytes that are not printable ASCII are written $'\\xNN' and sent as\n"
              "# they are, never percent-encoded), every header line as captured and in its order, and the exact\n"
              "# body (--data-raw or standard input, never a file name: a body starting with @ is sent as it is).\n"
              "# Where curl has its own way (man curl):\n"
              "#   - Host is written right after the request line, spelled \"Host\"; curl sends one Host at most.\n"
              "#   - A header with an empty value is sent as \"Name:\" (-H 'Name;').\n"
              "#   - Headers curl adds on its own (User-Agent, Accept; with a body Content-Type, Expect) are turned\n"
              "#     off with -H 'Name:' unless they were captured.\n"
              "#   - --disable: ~/.curlrc is not read. --globoff, --path-as-is: the URL is used as written.\n";
    script += "# Sent to " + url + ", " + destination + ".\n";
    if (notes.isEmpty()) {
        script += "# Differences for this request: none.\n";
    } else {
        script += "# Differences for this request:\n";
        for (const QByteArray& note : std::as_const(notes))
            script += "#   - " + note + '\n';
    }
    script += feed + "curl " + args.join(" \\\n  ") + '\n' + hereDoc;
    return script;
}

} // namespace hookscope::exporting
