#include "formdata.h"

#include "decoding.h"
#include "gmimeutil.h"

using namespace Qt::StringLiterals;

namespace hookscope::email {

using namespace detail;

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
        if (!GMIME_IS_PART(part))
            continue;
        FormField f;
        f.name = fromGMime(g_mime_object_get_content_disposition_parameter(part, "name"));
        const char* filename = g_mime_object_get_content_disposition_parameter(part, "filename");
        f.isFile = filename != nullptr;
        f.filename = fromGMime(filename);
        if (g_mime_object_get_header(part, "Content-Type")) {
            GMimeContentType* type = g_mime_object_get_content_type(part);
            char* mime = g_mime_content_type_get_mime_type(type);
            f.contentType = QString::fromUtf8(mime).toLower();
            g_free(mime);
            if (const char* cs = g_mime_content_type_get_parameter(type, "charset"))
                f.charset = cs;
        }
        qint64 begin = 0, end = 0;
        if (contentRange(GMIME_PART(part), begin, end)) {
            if (end < 0 || end > entity.size())
                end = entity.size();
            const char* cte = g_mime_object_get_header(part, "Content-Transfer-Encoding");
            f.value = decodeTransfer(QByteArrayView(entity).sliced(begin, end - begin), cte ? cte : "");
        }
        fields.append(std::move(f));
    }
    return fields;
}

} // namespace hookscope::email
