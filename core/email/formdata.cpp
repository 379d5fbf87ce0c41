#include "formdata.h"

#include "decoding.h"
#include "gmimeutil.h"
#include "headerdecode.h"
#include "mimeparts.h"

#include <QRegularExpression>

#include <optional>

using namespace Qt::StringLiterals;

namespace hookscope::email {

using namespace detail;

namespace {

/**
 * The `filename` parameter of a form part's raw Content-Disposition as the browser wrote it: RFC 7578 (4.2)
 * and the HTML form encoding leave a backslash in a quoted name as it is (a Windows path separator), where
 * MIME's quoted-string would take it for an escape. nullopt when the parameter is absent.
 */
std::optional<QByteArray> rawFilenameParameter(const QByteArray& header)
{
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    qsizetype at = 0;
    while (at < header.size()) {
        // The next parameter starts after a ';' outside quotes.
        bool quoted = false;
        qsizetype semi = at;
        for (; semi < header.size(); ++semi) {
            const char c = header.at(semi);
            if (c == '"')
                quoted = !quoted;
            else if (c == ';' && !quoted)
                break;
        }
        if (semi >= header.size())
            return std::nullopt;
        at = semi + 1;
        while (at < header.size() && blank(header.at(at)))
            ++at;
        const qsizetype eq = header.indexOf('=', at);
        if (eq < 0)
            return std::nullopt;
        if (header.mid(at, eq - at).trimmed().toLower() != "filename")
            continue;
        qsizetype v = eq + 1;
        while (v < header.size() && blank(header.at(v)))
            ++v;
        if (v >= header.size() || header.at(v) != '"') {
            const qsizetype end = header.indexOf(';', v);
            return header.mid(v, end < 0 ? -1 : end - v).trimmed();
        }
        // Quoted: it ends at the quote the parameter (or the header) ends after; a backslash before any other
        // quote keeps that quote in the name.
        QByteArray value;
        for (qsizetype i = v + 1; i < header.size(); ++i) {
            const char c = header.at(i);
            if (c == '\\' && i + 1 < header.size() && header.at(i + 1) == '"') {
                qsizetype after = i + 2;
                while (after < header.size() && blank(header.at(after)))
                    ++after;
                if (after < header.size() && header.at(after) != ';') {
                    value += '"';
                    ++i;
                    continue;
                }
            }
            if (c == '"')
                return value;
            if (c != '\r' && c != '\n')
                value += c;
        }
        return value; // an unclosed quote: the rest
    }
    return std::nullopt;
}

/** The last component of a client path (`\share\mail\x.msg`, `C:\x\y.pdf`, `a/b/c.txt`); the name when it has none. */
QString lastPathComponent(const QString& name)
{
    static const QRegularExpression separators(u"[\\\\/]"_s);
    const QStringList parts = name.split(separators);
    for (qsizetype i = parts.size() - 1; i >= 0; --i) {
        const QString& part = parts.at(i);
        if (!part.trimmed().isEmpty() && part != u"."_s && part != u".."_s)
            return part;
    }
    return parts.size() > 1 ? u""_s : name; // nothing but separators and dots: no name
}

/** A form file part's name: as the browser wrote it (see rawFilenameParameter), its last path component. */
QString formFilename(GMimeObject* part)
{
    const QByteArray header = firstRawHeader(part, "Content-Disposition");
    QString name;
    if (header.toLower().contains("filename*")) {
        name = partFilename(part); // RFC 2231 / 5987: percent-encoded, no escapes to mistake
    } else if (const auto raw = rawFilenameParameter(header)) {
        name = decodeUnstructured(*raw); // RFC 2047 words where a sender used them; raw bytes as UTF-8
    } else {
        name = fromGMime(g_mime_object_get_content_disposition_parameter(part, "filename"));
    }
    return lastPathComponent(name);
}

} // namespace

QByteArray boundaryOf(QByteArrayView contentType)
{
    const QByteArray lower = contentType.toByteArray().toLower();
    qsizetype at = lower.indexOf("boundary=");
    if (at < 0)
        return {};
    at += 9;
    QByteArray value = contentType.toByteArray().mid(at);
    if (value.startsWith('"')) {
        const qsizetype end = value.indexOf('"', 1);
        return end < 0 ? QByteArray() : value.mid(1, end - 1);
    }
    const qsizetype end = value.indexOf(';');
    return (end < 0 ? value : value.left(end)).trimmed();
}

bool looksLikeMultipartForm(QByteArrayView contentType, QByteArrayView body)
{
    const QByteArray boundary = boundaryOf(contentType);
    if (boundary.isEmpty())
        return false;
    const QByteArray close = "--" + boundary + "--";
    // The closing delimiter must be there (a truncated upload is not readable), near the end.
    const qsizetype tail = qMax<qsizetype>(0, body.size() - close.size() - 256);
    return body.sliced(tail).indexOf(close) >= 0 && body.indexOf(QByteArray("--" + boundary)) >= 0;
}

bool looksLikeUrlEncodedForm(QByteArrayView body)
{
    const QByteArrayView trimmed = body.trimmed();
    if (trimmed.isEmpty() || trimmed.indexOf('=') < 0)
        return false;
    for (char c : trimmed) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7f || c == ' ')
            return false;
    }
    return true;
}

Result<QList<FormField>> readUrlEncodedForm(QByteArrayView body)
{
    if (!looksLikeUrlEncodedForm(body))
        return fail(u"not application/x-www-form-urlencoded data"_s);
    QList<FormField> fields;
    const QList<QByteArray> pairs = body.trimmed().toByteArray().split('&');
    for (QByteArray pair : pairs) {
        if (pair.isEmpty())
            continue;
        pair.replace('+', ' ');
        const qsizetype eq = pair.indexOf('=');
        FormField f;
        f.name = QString::fromUtf8(QByteArray::fromPercentEncoding(eq < 0 ? pair : pair.left(eq)));
        f.value = eq < 0 ? QByteArray() : QByteArray::fromPercentEncoding(pair.mid(eq + 1));
        fields.append(std::move(f));
    }
    return fields;
}

Result<QList<FormField>> readMultipartForm(QByteArrayView contentType, const QByteArray& body)
{
    if (!looksLikeMultipartForm(contentType, body))
        return fail(u"multipart/form-data without boundary or closing delimiter (truncated?)"_s);
    ensureGMime();
    // GMime reads an entity: give the body its Content-Type header.
    const QByteArray entity = "Content-Type: " + contentType.toByteArray() + "\r\n\r\n" + body;
    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(entity.constData(), size_t(entity.size())));
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    g_mime_parser_set_persist_stream(parser.get(), TRUE);
    GPtr<GMimeObject> top(g_mime_parser_construct_part(parser.get(), nullptr));
    if (!top || !GMIME_IS_MULTIPART(top.get()))
        return fail(u"multipart/form-data could not be read"_s);
    QList<FormField> fields;
    auto* multipart = GMIME_MULTIPART(top.get());
    const int count = g_mime_multipart_get_count(multipart);
    for (int i = 0; i < count; ++i) {
        GMimeObject* part = g_mime_multipart_get_part(multipart, i);
        // A file part of type message/rfc822 (a forwarded email, a bounce) is a message part to GMime.
        const bool message = GMIME_IS_MESSAGE_PART(part);
        if (!GMIME_IS_PART(part) && !message)
            continue;
        FormField f;
        f.name = fromGMime(g_mime_object_get_content_disposition_parameter(part, "name"));
        const char* filename = g_mime_object_get_content_disposition_parameter(part, "filename");
        f.isFile = filename != nullptr;
        if (f.isFile)
            f.filename = formFilename(part);
        if (g_mime_object_get_header(part, "Content-Type")) {
            GMimeContentType* type = g_mime_object_get_content_type(part);
            char* mime = g_mime_content_type_get_mime_type(type);
            f.contentType = QString::fromUtf8(mime).toLower();
            g_free(mime);
            if (const char* cs = g_mime_content_type_get_parameter(type, "charset"))
                f.charset = cs;
        }
        // The part's content as it stands in the source (for a message/rfc822 part: the message as sent, not
        // GMime's reading of it), the line break before the next boundary left to the boundary.
        bool ok = false;
        const QByteArrayView content = leafContent(entity, Leaf { part, top.get(), QString() }, ok);
        if (ok) {
            const char* cte = g_mime_object_get_header(part, "Content-Transfer-Encoding");
            f.value = decodeTransfer(content, cte ? cte : "");
        }
        fields.append(std::move(f));
    }
    return fields;
}

} // namespace hookscope::email
