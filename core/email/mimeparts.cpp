#include "mimeparts.h"

#include "headerdecode.h"

#include <QStringDecoder>

#include <map>
#include <string_view>

using namespace Qt::StringLiterals;

namespace hookscope::email::detail {

QByteArray lowerType(GMimeObject* object)
{
    // Python's get_content_type(): the declared type if it is one "type/subtype", else text/plain; GMime's
    // guess only when there is no Content-Type at all (it knows multipart/digest's default).
    if (const char* declared = g_mime_object_get_header(object, "Content-Type")) {
        QByteArray value(declared);
        const qsizetype semi = value.indexOf(';');
        value = (semi < 0 ? value : value.left(semi)).trimmed().toLower();
        if (value.count('/') == 1)
            return value;
        return "text/plain";
    }
    GMimeContentType* type = g_mime_object_get_content_type(object);
    if (!type)
        return "text/plain";
    const char* media = g_mime_content_type_get_media_type(type);
    const char* sub = g_mime_content_type_get_media_subtype(type);
    if (!media || !sub || !*media || !*sub)
        return "text/plain";
    return (QByteArray(media) + '/' + QByteArray(sub)).toLower();
}

QByteArray headerValue(GMimeObject* object, const char* name)
{
    const char* v = g_mime_object_get_header(object, name);
    return v ? QByteArray(v).trimmed() : QByteArray();
}

bool hasHeader(GMimeObject* object, const char* name)
{
    return g_mime_object_get_header(object, name) != nullptr;
}

QByteArray contentTypeParameter(GMimeObject* object, const char* name)
{
    GMimeContentType* type = g_mime_object_get_content_type(object);
    if (!type)
        return {};
    const char* v = g_mime_content_type_get_parameter(type, name);
    return v ? QByteArray(v) : QByteArray();
}

namespace {

/**
 * The RFC 2231 parameter `name` (`name*=charset'lang'%XX…`, or continued as `name*0*=…; name*1=…`) of a raw
 * header value, decoded here; null when absent. GMime hands parameters over as C strings, which end at a %00:
 * `evil.pdf%00.exe` would become `evil.pdf`.
 */
/**
 * A parameter's value as Python's email package (policy=default) takes it from what follows '=': a quoted
 * string up to its closing quote, backslash escapes undone; else, after any comment, the token up to the
 * first special character or white space (RFC 2045 tspecials; for an RFC 2231 encoded value, white space).
 */
QByteArray parameterValue(const QByteArray& text, bool encoded)
{
    qsizetype i = 0;
    auto skipBlanksAndComments = [&] {
        while (i < text.size()) {
            if (text.at(i) == ' ' || text.at(i) == '\t') {
                ++i;
            } else if (text.at(i) == '(') {
                int depth = 0;
                for (; i < text.size(); ++i) {
                    if (text.at(i) == '\\') {
                        ++i;
                        continue;
                    }
                    depth += text.at(i) == '(' ? 1 : text.at(i) == ')' ? -1 : 0;
                    if (depth == 0) {
                        ++i;
                        break;
                    }
                }
            } else {
                break;
            }
        }
    };
    skipBlanksAndComments();
    QByteArray out;
    if (i < text.size() && text.at(i) == '"') {
        for (++i; i < text.size() && text.at(i) != '"'; ++i) {
            if (text.at(i) == '\\' && i + 1 < text.size())
                ++i;
            out += text.at(i);
        }
        return out;
    }
    static constexpr std::string_view specials = "()<>@,;:\\\"/[]?=";
    for (; i < text.size(); ++i) {
        const char c = text.at(i);
        if (c == ' ' || c == '\t' || (!encoded && specials.find(c) != std::string_view::npos))
            break;
        out += c;
    }
    return out;
}

QString extendedParameter(const QByteArray& rawHeader, const QByteArray& name)
{
    // Split on ';' outside quotes, unfolding.
    QList<QByteArray> params;
    QByteArray current;
    bool quoted = false;
    bool escaped = false;
    for (char c : rawHeader) {
        if (quoted && escaped)
            escaped = false;
        else if (quoted && c == '\\')
            escaped = true;
        else if (c == '"')
            quoted = !quoted;
        if (c == ';' && !quoted) {
            params << current;
            current.clear();
        } else if (c != '\r' && c != '\n') {
            current += c;
        }
    }
    params << current;
    std::map<int, std::pair<QByteArray, bool>> segments; // number → (value, percent-encoded)
    for (const QByteArray& p : params) {
        const qsizetype eq = p.indexOf('=');
        if (eq <= 0)
            continue;
        QByteArray key = p.left(eq).trimmed().toLower();
        QByteArray value = p.mid(eq + 1).trimmed();
        if (!key.startsWith(QByteArray(name.toLower() + '*')))
            continue;
        key = key.mid(name.size() + 1);
        bool encoded = false;
        if (key.endsWith('*')) {
            encoded = true;
            key.chop(1);
        } else if (key.isEmpty()) {
            encoded = true; // name*=…
        }
        bool ok = key.isEmpty();
        const int number = key.isEmpty() ? 0 : key.toInt(&ok);
        if (!ok || number < 0 || number > 999)
            continue;
        value = parameterValue(value, encoded);
        segments.try_emplace(number, value, encoded); // a repeated segment: the first one counts, as in Python
    }
    if (segments.empty() || segments.begin()->first != 0)
        return {};
    QByteArray charset;
    QByteArray bytes;
    for (auto& [number, segment] : segments) {
        auto& [value, encoded] = segment;
        if (number == 0 && encoded) {
            const qsizetype first = value.indexOf('\'');
            const qsizetype second = first < 0 ? -1 : value.indexOf('\'', first + 1);
            if (second < 0)
                return {};
            charset = value.left(first).toLower();
            value = value.mid(second + 1);
        }
        if (encoded)
            bytes += QByteArray::fromPercentEncoding(value);
        else if (value.contains("=?") && value.contains("?="))
            bytes += decodeUnstructured(value).toUtf8(); // Python reads encoded words in a plain segment too
        else
            bytes += value;
    }
    if (charset.isEmpty() || charset == "utf-8" || charset == "utf8" || charset == "us-ascii")
        return QString::fromUtf8(bytes);
    QStringDecoder decoder(charset.constData());
    return decoder.isValid() ? decoder.decode(bytes) : QString::fromLatin1(bytes);
}

} // namespace

QString partFilename(GMimeObject* object)
{
    // A name that holds a NUL is read here, in full: the sanitizer then shows where the NUL was.
    for (const auto& [header, parameter] : { std::pair { "Content-Disposition", QByteArray("filename") },
             std::pair { "Content-Type", QByteArray("name") } }) {
        const QByteArray raw = firstRawHeader(object, header);
        // RFC 2231 is decoded here, segments in the order of their numbers, the charset from segment 0: GMime
        // takes them in the order they stand in and looks for the charset in the first of those, so a name
        // whose segments come out of order keeps its charset prefix undecoded (and a NUL would end its C string).
        const QString extended = extendedParameter(raw, parameter);
        if (!extended.isNull())
            return extended.trimmed();
        if (raw.toLower().contains(parameter))
            break; // a plain parameter: GMime reads it the same way
    }
    const char* name = nullptr;
    if (GMIME_IS_PART(object))
        name = g_mime_part_get_filename(GMIME_PART(object));
    else {
        name = g_mime_object_get_content_disposition_parameter(object, "filename");
        if (!name)
            name = g_mime_object_get_content_type_parameter(object, "name");
    }
    return name ? QString::fromUtf8(name).trimmed() : QString();
}

QString contentIdOf(GMimeObject* object)
{
    if (!hasHeader(object, "Content-Id"))
        return {};
    QString id = QString::fromUtf8(headerValue(object, "Content-Id"));
    if (id.startsWith(u'<'))
        id.remove(0, 1);
    if (id.endsWith(u'>'))
        id.chop(1);
    return id;
}

QByteArray rawHeaderValues(GMimeObject* object, const char* name)
{
    QByteArray out;
    GMimeHeaderList* list = g_mime_object_get_header_list(object);
    const int n = list ? g_mime_header_list_get_count(list) : 0;
    for (int i = 0; i < n; ++i) {
        GMimeHeader* h = g_mime_header_list_get_header_at(list, i);
        if (g_ascii_strcasecmp(g_mime_header_get_name(h), name) == 0)
            out += QByteArray(g_mime_header_get_raw_value(h)) + '\n';
    }
    return out;
}

QByteArray firstRawHeader(GMimeObject* object, const char* name)
{
    GMimeHeaderList* list = g_mime_object_get_header_list(object);
    const int n = list ? g_mime_header_list_get_count(list) : 0;
    for (int i = 0; i < n; ++i) {
        GMimeHeader* h = g_mime_header_list_get_header_at(list, i);
        if (g_ascii_strcasecmp(g_mime_header_get_name(h), name) == 0)
            return QByteArray(g_mime_header_get_raw_value(h));
    }
    return {};
}

} // namespace hookscope::email::detail
