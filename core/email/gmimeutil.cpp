#include "gmimeutil.h"

#include <mutex>

using namespace Qt::StringLiterals;

namespace hookscope::email::detail {

void ensureGMime()
{
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

static QString warningText(GMimeParserWarning code)
{
    switch (code) {
    case GMIME_WARN_DUPLICATED_HEADER:
        return u"duplicated header"_s;
    case GMIME_WARN_DUPLICATED_PARAMETER:
        return u"duplicated parameter"_s;
    case GMIME_WARN_UNENCODED_8BIT_HEADER:
        return u"unencoded 8-bit header"_s;
    case GMIME_WARN_INVALID_CONTENT_TYPE:
        return u"invalid Content-Type"_s;
    case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE:
        return u"invalid RFC 2047 encoded word"_s;
    case GMIME_WARN_MALFORMED_MULTIPART:
        return u"malformed multipart (missing closing boundary)"_s;
    case GMIME_WARN_TRUNCATED_MESSAGE:
        return u"truncated message (a multipart is not closed)"_s;
    case GMIME_WARN_MALFORMED_MESSAGE:
        return u"malformed message"_s;
    case GMIME_CRIT_INVALID_HEADER_NAME:
        return u"invalid header name"_s;
    case GMIME_CRIT_CONFLICTING_HEADER:
        return u"conflicting header"_s;
    case GMIME_CRIT_CONFLICTING_PARAMETER:
        return u"conflicting parameter"_s;
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
        return u"multipart without boundary"_s;
    case GMIME_WARN_INVALID_PARAMETER:
        return u"invalid parameter"_s;
    case GMIME_WARN_INVALID_ADDRESS_LIST:
        return u"invalid address list"_s;
    case GMIME_CRIT_NESTING_OVERFLOW:
        return u"MIME nesting too deep"_s;
    case GMIME_WARN_PART_WITHOUT_CONTENT:
        return u"part without content"_s;
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
        return u"part without headers or content"_s;
    }
    return u"MIME problem"_s;
}

void ParsedMime::warn(gint64 offset, GMimeParserWarning code, const gchar* item, gpointer self)
{
    auto* parsed = static_cast<ParsedMime*>(self);
    // Duplicated headers are common and harmless (Received, ...); they are not worth a warning.
    if (code == GMIME_WARN_DUPLICATED_HEADER)
        return;
    QString text = warningText(code);
    if (item && *item)
        text += u": "_s + QString::fromUtf8(item).left(200);
    if (offset >= 0)
        text += u" (byte %1)"_s.arg(offset);
    if (!parsed->m_warnings.contains(text) && parsed->m_warnings.size() < 50)
        parsed->m_warnings.append(text);
}

namespace {

/** Python's feedparser headerRE: a header line (name, possibly empty, then ':'), or a continuation. */
bool isHeaderLine(QByteArrayView line)
{
    for (char c : line) {
        const auto u = static_cast<unsigned char>(c);
        if (c == ':')
            return true;
        if (u < 0x21 || u > 0x7e)
            return false;
    }
    return false;
}

} // namespace

HeaderBlockEnd pythonHeaderBlockEnd(QByteArrayView bytes)
{
    // feedparser._parse_headers: header lines (and their continuations) until an empty line, or until a line
    // that is neither (MissingHeaderBodySeparatorDefect), which is the body's first.
    HeaderBlockEnd out;
    qint64 pos = 0;
    bool sawHeader = false;
    for (int lineNo = 0; pos < bytes.size(); ++lineNo) {
        const qint64 eol = bytes.indexOf('\n', pos);
        const qint64 next = eol < 0 ? bytes.size() : eol + 1;
        QByteArrayView line = bytes.sliced(pos, next - pos);
        if (line.endsWith('\n'))
            line.chop(1);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty()) {
            out.closed = true;
            return out;
        }
        if (line.front() == ' ' || line.front() == '\t') {
            if (!sawHeader)
                out.leadingContinuations = next; // FirstHeaderLineIsContinuationDefect: dropped
        } else if ((lineNo == 0 && line.startsWith("From ")) || isHeaderLine(line)) {
            sawHeader = true; // (an mbox envelope line first)
        } else {
            out.separatorAt = pos;
            return out;
        }
        pos = next;
    }
    return out;
}

ParsedMime::ParsedMime(const QByteArray& raw)
    : m_source(raw) // shared, not copied, unless the header block needs delimiting
{
    ensureGMime();
    const HeaderBlockEnd block = pythonHeaderBlockEnd(raw);
    const qint64 leadingContinuations = block.leadingContinuations;
    const qint64 separatorAt = block.separatorAt;
    if (leadingContinuations > 0 || separatorAt >= 0) {
        QByteArray edited;
        edited.reserve(raw.size() + 1);
        qint64 from = leadingContinuations;
        if (leadingContinuations > 0) {
            m_edits.append({ 0, leadingContinuations, 0 });
            m_warnings << u"continuation lines before the first header (dropped, as Python's email package does)"_s;
        }
        if (separatorAt >= 0) {
            edited += QByteArrayView(raw).sliced(from, separatorAt - from);
            edited += '\n';
            from = separatorAt;
            m_edits.append({ separatorAt, 0, 1 });
            m_warnings << (separatorAt == leadingContinuations
                    ? u"no header block: the whole input is read as the body"_s
                    : u"a line that is not a header ends the header block (byte %1): the body starts there"_s.arg(
                        separatorAt));
        }
        edited += QByteArrayView(raw).sliced(from);
        m_source = std::move(edited);
    }
    m_options = g_mime_parser_options_new();
    g_mime_parser_options_set_warning_callback(m_options, &ParsedMime::warn, this);
    // GMime reads the bytes in place (no copy of a 25 MB message): the byte array only borrows them, the
    // stream does not own it, and both are gone before the bytes can be.
    m_borrowed = g_byte_array_new_take(
        reinterpret_cast<guint8*>(const_cast<char*>(m_source.constData())), gsize(m_source.size()));
    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_byte_array(m_borrowed));
    g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(stream.get()), FALSE);
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
    g_mime_parser_set_persist_stream(parser.get(), TRUE);
    m_message.reset(g_mime_parser_construct_message(parser.get(), m_options));
}

qint64 ParsedMime::toOriginal(qint64 offset) const
{
    if (offset < 0)
        return offset;
    qint64 delta = 0; // original minus source, before the edit in hand
    for (const Edit& e : m_edits) {
        const qint64 atInSource = e.at - delta;
        if (offset < atInSource)
            break;
        if (offset < atInSource + e.inserted)
            return e.at; // inside what was inserted: where it was inserted
        delta += e.removed - e.inserted;
    }
    return offset + delta;
}

ParsedMime::~ParsedMime()
{
    m_message.reset();
    if (m_borrowed)
        g_byte_array_free(m_borrowed, FALSE); // hands the bytes back without freeing them
    if (m_options)
        g_mime_parser_options_free(m_options);
}

bool contentRange(GMimePart* part, qint64& begin, qint64& end)
{
    GMimeDataWrapper* content = g_mime_part_get_content(part);
    if (!content)
        return false;
    GMimeStream* stream = g_mime_data_wrapper_get_stream(content);
    if (!stream)
        return false;
    // The parser persists the source: content is a substream whose bounds are offsets in the source buffer.
    begin = stream->bound_start;
    end = stream->bound_end;
    return begin >= 0;
}

qint64 headerOffset(GMimeObject* object)
{
    GMimeHeaderList* list = g_mime_object_get_header_list(object);
    if (!list || g_mime_header_list_get_count(list) == 0)
        return -1;
    return g_mime_header_get_offset(g_mime_header_list_get_header_at(list, 0));
}

} // namespace hookscope::email::detail
