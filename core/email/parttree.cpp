#include "parttree.h"

#include "decoding.h"
#include "mimeparts.h"

using namespace Qt::StringLiterals;

namespace hookscope::email {

using namespace detail;

namespace {

/** Python's Message.is_attachment(): a Content-Disposition whose value is "attachment". */
bool isAttachmentDisposition(GMimeObject* object)
{
    GMimeContentDisposition* d = g_mime_object_get_content_disposition(object);
    if (!d)
        return false;
    const char* value = g_mime_content_disposition_get_disposition(d);
    return value && QByteArray(value).trimmed().toLower() == "attachment";
}

/** Where a header block that starts at `from` ends (the first byte after its empty line). */
qint64 afterHeaderBlock(const QByteArray& raw, qint64 from)
{
    qint64 pos = from;
    while (pos < raw.size()) {
        const qint64 eol = raw.indexOf('\n', pos);
        if (eol < 0)
            return raw.size();
        const qint64 len = eol - pos;
        if (len == 0 || (len == 1 && raw.at(pos) == '\r'))
            return eol + 1;
        pos = eol + 1;
    }
    return raw.size();
}

/**
 * Where the content starting at `from` ends inside a multipart with `boundary`: at the line ending
 * before the next "--boundary" line (which belongs to the boundary, RFC 2046), or at the end.
 */
qint64 beforeBoundary(const QByteArray& raw, qint64 from, const QByteArray& boundary)
{
    const QByteArray marker = "--" + boundary;
    qint64 pos = from;
    while (pos < raw.size()) {
        const qint64 hit = raw.indexOf(marker, pos);
        if (hit < 0)
            return raw.size();
        const bool lineStart = hit == 0 || raw.at(hit - 1) == '\n';
        // The rest of the line may only be "--" and white space (Python's boundary regex).
        qint64 rest = hit + marker.size();
        if (raw.mid(rest, 2) == "--")
            rest += 2;
        while (rest < raw.size() && (raw.at(rest) == ' ' || raw.at(rest) == '\t'))
            ++rest;
        const bool lineEnd = rest >= raw.size() || raw.at(rest) == '\n' || raw.at(rest) == '\r';
        if (lineStart && lineEnd && hit >= from) {
            qint64 end = hit;
            if (end > from && raw.at(end - 1) == '\n') {
                --end;
                if (end > from && raw.at(end - 1) == '\r')
                    --end;
            }
            return end;
        }
        pos = hit + 1;
    }
    return raw.size();
}

} // namespace

namespace detail {

void findBody(GMimeObject* part, QByteArrayView preference, GMimeObject*& found)
{
    if (found || isAttachmentDisposition(part))
        return;
    const QByteArray type = lowerType(part);
    const qsizetype slash = type.indexOf('/');
    const QByteArrayView main = QByteArrayView(type).first(slash);
    const QByteArrayView sub = QByteArrayView(type).sliced(slash + 1);
    if (main == "text") {
        if (sub == preference)
            found = part;
        return;
    }
    if (main != "multipart" || !GMIME_IS_MULTIPART(part))
        return;
    auto* multipart = GMIME_MULTIPART(part);
    const int count = g_mime_multipart_get_count(multipart);
    if (sub != "related") {
        for (int i = 0; i < count && !found; ++i)
            findBody(g_mime_multipart_get_part(multipart, i), preference, found);
        return;
    }
    GMimeObject* candidate = nullptr;
    const QByteArray start = contentTypeParameter(part, "start");
    if (!start.isEmpty()) {
        for (int i = 0; i < count; ++i) {
            GMimeObject* sub = g_mime_multipart_get_part(multipart, i);
            if (hasHeader(sub, "Content-Id") && headerValue(sub, "Content-Id") == start) {
                candidate = sub;
                break;
            }
        }
    }
    if (!candidate && count > 0)
        candidate = g_mime_multipart_get_part(multipart, 0);
    if (candidate)
        findBody(candidate, preference, found);
}

bool isContainer(GMimeObject* object)
{
    return GMIME_IS_MULTIPART(object) && g_mime_multipart_get_count(GMIME_MULTIPART(object)) > 0;
}

void collectLeaves(GMimeObject* object, GMimeObject* parent, const QString& path, QList<Leaf>& out)
{
    if (isContainer(object)) {
        auto* multipart = GMIME_MULTIPART(object);
        const int count = g_mime_multipart_get_count(multipart);
        for (int i = 0; i < count; ++i) {
            const QString sub = path.isEmpty() ? QString::number(i + 1) : path + u'.' + QString::number(i + 1);
            collectLeaves(g_mime_multipart_get_part(multipart, i), object, sub, out);
        }
        return;
    }
    out.append({ object, parent, path.isEmpty() ? u"1"_s : path });
}

QByteArrayView leafContent(const QByteArray& raw, const Leaf& leaf, bool& ok)
{
    ok = true;
    if (GMIME_IS_PART(leaf.object)) {
        qint64 begin = 0, end = 0;
        if (!contentRange(GMIME_PART(leaf.object), begin, end)) {
            ok = false;
            return {};
        }
        if (end < 0 || end > raw.size())
            end = raw.size();
        if (begin > end)
            begin = end;
        // The line break before a boundary belongs to the boundary (RFC 2046, Python). GMime sets the end by the
        // line ending it took the whole message to use: where a line ends otherwise (CRLF and LF mixed), it cuts
        // the last character of the line before the boundary, or leaves a CR. The end is where the line break
        // that really precedes the boundary line begins.
        const char* boundary = leaf.parent && GMIME_IS_MULTIPART(leaf.parent)
            ? g_mime_multipart_get_boundary(GMIME_MULTIPART(leaf.parent))
            : nullptr;
        if (boundary && *boundary) {
            const QByteArray marker = "--" + QByteArray(boundary);
            qint64 lineStart = end;
            while (lineStart < raw.size() && lineStart - end <= 2 && (lineStart == 0 || raw.at(lineStart - 1) != '\n'))
                ++lineStart;
            if (lineStart > 0 && raw.at(lineStart - 1) == '\n'
                && QByteArrayView(raw).sliced(lineStart).startsWith(marker)) {
                qint64 e = lineStart - 1;
                if (e > begin && raw.at(e - 1) == '\r')
                    --e;
                end = qMax(begin, e);
            }
        } else if (end > begin && end < raw.size() && raw.at(end) == '\n' && raw.at(end - 1) == '\r') {
            --end; // a CR GMime left before the last line break
        }
        return QByteArrayView(raw).sliced(begin, end - begin);
    }
    if (GMIME_IS_MESSAGE_PART(leaf.object) || GMIME_IS_MULTIPART(leaf.object)) {
        qint64 start = headerOffset(leaf.object);
        if (start < 0) {
            GMimeMessage* inner = GMIME_IS_MESSAGE_PART(leaf.object)
                ? g_mime_message_part_get_message(GMIME_MESSAGE_PART(leaf.object))
                : nullptr;
            start = inner ? headerOffset(GMIME_OBJECT(inner)) : -1;
            if (start < 0) {
                ok = false;
                return {};
            }
        } else {
            start = afterHeaderBlock(raw, start);
        }
        qint64 end = raw.size();
        if (leaf.parent && GMIME_IS_MULTIPART(leaf.parent)) {
            const char* boundary = g_mime_multipart_get_boundary(GMIME_MULTIPART(leaf.parent));
            if (boundary)
                end = beforeBoundary(raw, start, QByteArray(boundary));
        }
        return QByteArrayView(raw).sliced(start, end - start);
    }
    ok = false;
    return {};
}

} // namespace detail

namespace {

struct TreeBuilder {
    const QByteArray& raw;
    GMimeObject* textPart = nullptr;
    GMimeObject* htmlPart = nullptr;
    int attachments = 0;
    QList<MimePartInfo> out;

    int add(GMimeObject* object, GMimeObject* parent, int parentIndex, const QString& path, int depth, bool inEmbedded)
    {
        MimePartInfo p;
        p.path = path;
        p.parent = parentIndex;
        p.depth = depth;
        p.contentType = QString::fromLatin1(lowerType(object));
        p.charset = QString::fromUtf8(contentTypeParameter(object, "charset"));
        const QByteArray cte = headerValue(object, "Content-Transfer-Encoding").toLower();
        p.transferEncoding = cte.isEmpty() ? u"7bit"_s : QString::fromLatin1(cte);
        if (GMimeContentDisposition* d = g_mime_object_get_content_disposition(object))
            p.disposition = QString::fromUtf8(g_mime_content_disposition_get_disposition(d)).trimmed().toLower();
        p.filename = partFilename(object);
        p.contentId = contentIdOf(object);
        p.headerBegin = headerOffset(object);
        const int index = int(out.size());
        out.append(p);
        if (parentIndex >= 0)
            out[parentIndex].children.append(index);

        qint64 bodyBegin = -1, end = -1;
        if (GMIME_IS_PART(object) || (GMIME_IS_MULTIPART(object) && !isContainer(object))) {
            const Leaf leaf { object, parent, path };
            bool ok = false;
            const QByteArrayView content = leafContent(raw, leaf, ok);
            if (ok) {
                bodyBegin = content.data() - raw.constData();
                end = bodyBegin + content.size();
                out[index].decodedSize = decodeTransfer(content, cte).size();
            }
            if (object == textPart && !inEmbedded)
                out[index].role = MimePartInfo::Role::TextBody;
            else if (object == htmlPart && !inEmbedded)
                out[index].role = MimePartInfo::Role::HtmlBody;
            else
                out[index].role = MimePartInfo::Role::Attachment;
        } else if (GMIME_IS_MESSAGE_PART(object)) {
            const Leaf leaf { object, parent, path };
            bool ok = false;
            const QByteArrayView content = leafContent(raw, leaf, ok);
            if (ok) {
                bodyBegin = content.data() - raw.constData();
                end = bodyBegin + content.size();
                out[index].decodedSize = content.size();
            }
            out[index].role = MimePartInfo::Role::Message;
            GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
            if (inner && g_mime_message_get_mime_part(inner)) {
                GMimeObject* body = g_mime_message_get_mime_part(inner);
                const QString sub = GMIME_IS_MULTIPART(body) ? path : path + u".1"_s;
                addChildren(body, nullptr, index, sub, depth + 1);
            }
        } else if (GMIME_IS_MULTIPART(object)) {
            out[index].role = MimePartInfo::Role::Container;
            if (out[index].headerBegin >= 0)
                bodyBegin = afterHeaderBlock(raw, out[index].headerBegin);
            end = raw.size();
            if (parent && GMIME_IS_MULTIPART(parent)) {
                if (const char* boundary = g_mime_multipart_get_boundary(GMIME_MULTIPART(parent)))
                    end = beforeBoundary(raw, qMax<qint64>(bodyBegin, 0), QByteArray(boundary));
            }
            auto* multipart = GMIME_MULTIPART(object);
            const int count = g_mime_multipart_get_count(multipart);
            for (int i = 0; i < count; ++i) {
                const QString sub = path.isEmpty() ? QString::number(i + 1) : path + u'.' + QString::number(i + 1);
                add(g_mime_multipart_get_part(multipart, i), object, index, sub, depth + 1, inEmbedded);
            }
        }
        if (out[index].role == MimePartInfo::Role::Attachment || out[index].role == MimePartInfo::Role::Message) {
            if (!inEmbedded)
                out[index].attachmentIndex = attachments++;
        }
        out[index].bodyBegin = bodyBegin;
        out[index].end = end;
        if (out[index].headerBegin < 0)
            out[index].headerBegin = bodyBegin;
        return index;
    }

    // The parts of an embedded message: shown, but they are inside one attachment.
    void addChildren(GMimeObject* body, GMimeObject* parent, int parentIndex, const QString& path, int depth)
    {
        if (GMIME_IS_MULTIPART(body)) {
            auto* multipart = GMIME_MULTIPART(body);
            const int count = g_mime_multipart_get_count(multipart);
            for (int i = 0; i < count; ++i)
                add(g_mime_multipart_get_part(multipart, i), body, parentIndex, path + u'.' + QString::number(i + 1),
                    depth, true);
        } else {
            add(body, parent, parentIndex, path, depth, true);
        }
    }
};

} // namespace

Result<QList<MimePartInfo>> mimePartTree(const QByteArray& original)
{
    ParsedMime parsed(original);
    const QByteArray& raw = parsed.source(); // offsets below are in it until mapped back at the end
    GMimeMessage* message = parsed.message();
    if (!message)
        return fail(u"not a MIME message GMime can read"_s);
    GMimeObject* body = g_mime_message_get_mime_part(message);
    if (!body)
        return fail(u"the message has no body part"_s);
    TreeBuilder builder { raw, nullptr, nullptr, 0, {} };
    findBody(body, "plain", builder.textPart);
    findBody(body, "html", builder.htmlPart);
    // The root is the message: its header block is the message's, whatever GMime filed under the part.
    const int root = builder.add(body, nullptr, -1, GMIME_IS_MULTIPART(body) ? QString() : u"1"_s, 0, false);
    const qint64 messageHeaders = headerOffset(GMIME_OBJECT(message));
    if (messageHeaders >= 0)
        builder.out[root].headerBegin = qMin(messageHeaders, builder.out[root].headerBegin);
    if (GMIME_IS_MULTIPART(body) && builder.out[root].headerBegin >= 0)
        builder.out[root].bodyBegin = afterHeaderBlock(raw, builder.out[root].headerBegin);
    for (MimePartInfo& p : builder.out) {
        p.headerBegin = parsed.toOriginal(p.headerBegin);
        p.bodyBegin = parsed.toOriginal(p.bodyBegin);
        p.end = parsed.toOriginal(p.end);
    }
    return builder.out;
}

} // namespace hookscope::email
