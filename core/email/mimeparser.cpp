#include "mimeparser.h"

#include "decoding.h"
#include "headerdecode.h"
#include "mimeparts.h"

#include "core/common/crypto.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace hookscope::email {

using namespace detail;

namespace {

/** Bytes to add at `at` (an offset in the embedded message's source) to get what Python regenerates. */
struct Insertion {
    qsizetype at = 0;
    QByteArray bytes;
};

/** The boundaries of every multipart inside `object`, each with those of the multiparts around it. */
void collectBoundaries(
    GMimeObject* object, QList<QByteArray> around, QList<std::pair<QByteArray, QList<QByteArray>>>& out)
{
    if (GMIME_IS_MESSAGE_PART(object)) {
        GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
        if (inner && g_mime_message_get_mime_part(inner))
            collectBoundaries(g_mime_message_get_mime_part(inner), around, out);
        return;
    }
    if (!GMIME_IS_MULTIPART(object))
        return;
    const char* boundary = g_mime_multipart_get_boundary(GMIME_MULTIPART(object));
    if (!boundary || !*boundary)
        return;
    out.append({ QByteArray(boundary), around });
    around.append(QByteArray(boundary));
    const int count = g_mime_multipart_get_count(GMIME_MULTIPART(object));
    for (int i = 0; i < count; ++i)
        collectBoundaries(g_mime_multipart_get_part(GMIME_MULTIPART(object), i), around, out);
}

/**
 * Where Python's generator writes an embedded message otherwise than it stands in the source
 * (msg.get_payload(0).as_bytes(): the message parsed, then written out again). It always ends the header block
 * with an empty line (added when the source has none: a message of headers only, or a header block cut short
 * by a line that is not a header); and it writes a line break after each close delimiter (`--b--`), which in
 * the source has none of its own when the message ends there (the line break before the enclosing boundary
 * belongs to that boundary) or when the enclosing multipart's delimiter follows at once. A message/rfc822 part
 * (in a multipart/digest, the default) whose message is a multipart or lacks its empty line meets both.
 */
QList<Insertion> pythonRegeneration(GMimeObject* messagePart, QByteArrayView content)
{
    QList<Insertion> out;
    const HeaderBlockEnd block = pythonHeaderBlockEnd(content);
    if (block.separatorAt >= 0)
        out.append({ block.separatorAt, "\n" });
    else if (!block.closed)
        out.append(
            { content.size(), content.endsWith('\n') || content.isEmpty() ? QByteArray("\n") : QByteArray("\n\n") });
    QList<std::pair<QByteArray, QList<QByteArray>>> multiparts;
    collectBoundaries(messagePart, {}, multiparts);
    for (const auto& [boundary, around] : multiparts) {
        const QByteArray close = "--" + boundary + "--";
        for (qsizetype hit = content.indexOf(close); hit >= 0; hit = content.indexOf(close, hit + 1)) {
            if (hit > 0 && content[hit - 1] != '\n')
                continue;
            qsizetype p = hit + close.size();
            while (p < content.size() && (content[p] == ' ' || content[p] == '\t'))
                ++p;
            if (p >= content.size()) {
                out.append({ content.size(), "\n" });
                continue;
            }
            if (content[p] == '\r' && p + 1 < content.size() && content[p + 1] == '\n')
                ++p;
            if (content[p] != '\n')
                continue;
            const QByteArrayView next = content.sliced(p + 1);
            for (const QByteArray& outer : around) {
                if (next.startsWith(QByteArray("--" + outer))) {
                    out.append({ p + 1, "\n" });
                    break;
                }
            }
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const Insertion& x, const Insertion& y) { return x.at < y.at; });
    return out;
}

/**
 * An attached message's bytes: what Python's email package gives for it (msg.get_payload(0).as_bytes()), the
 * reading Hookscope's attachment hashes are measured against: the message as it stands in the source, its line
 * endings as LF, with what Python's generator adds (see pythonRegeneration). For an LF source that needs none
 * these are the source bytes exactly. Handed to `sink` a piece at a time.
 */
void embeddedMessagePieces(GMimeObject* object, QByteArrayView content, const std::function<void(QByteArrayView)>& sink)
{
    const QList<Insertion> insertions = pythonRegeneration(object, content);
    qsizetype nextInsertion = 0;
    constexpr qsizetype kPiece = 64 * 1024;
    QByteArray buffer(qMin(kPiece, content.size() + 2), Qt::Uninitialized);
    qsizetype used = 0;
    auto put = [&](char c) {
        buffer[used++] = c;
        if (used == buffer.size()) {
            sink(buffer);
            used = 0;
        }
    };
    auto insertAt = [&](qsizetype i) {
        for (; nextInsertion < insertions.size() && insertions.at(nextInsertion).at <= i; ++nextInsertion) {
            for (char c : insertions.at(nextInsertion).bytes)
                put(c);
        }
    };
    for (qsizetype i = 0; i < content.size(); ++i) {
        insertAt(i);
        char c = content[i];
        if (c == '\r') {
            c = '\n';
            if (i + 1 < content.size() && content[i + 1] == '\n')
                ++i;
        }
        put(c);
    }
    insertAt(content.size());
    if (used > 0)
        sink(QByteArrayView(buffer).first(used));
}

QByteArray embeddedMessageBytes(GMimeObject* object, QByteArrayView content)
{
    QByteArray out;
    out.reserve(content.size() + 2);
    embeddedMessagePieces(object, content, [&](QByteArrayView piece) { out.append(piece); });
    return out;
}

/** An attachment's bytes, whole: its content decoded, or for an attached message its bytes. */
QByteArray attachmentBytes(GMimeObject* object, QByteArrayView content, bool* damaged)
{
    if (damaged)
        *damaged = false;
    if (GMIME_IS_MESSAGE_PART(object))
        return embeddedMessageBytes(object, content);
    return decodeTransfer(content, headerValue(object, "Content-Transfer-Encoding"), damaged);
}

/** The same a piece at a time; false when they have to be read whole (see decodeTransferInPieces). */
bool attachmentPieces(GMimeObject* object, QByteArrayView content, const std::function<void(QByteArrayView)>& sink)
{
    if (GMIME_IS_MESSAGE_PART(object)) {
        embeddedMessagePieces(object, content, sink);
        return true;
    }
    return decodeTransferInPieces(content, headerValue(object, "Content-Transfer-Encoding"), sink);
}

/** Where an attachment's bytes come from, to read them again (parseMimeStreamed). */
struct AttachmentSource {
    GMimeObject* object = nullptr;
    QByteArrayView content;
    bool inPieces = false; ///< read in pieces once, so it can be again
};

/** A body part's text, transfer and charset decoded; damage is noted in `warnings`. */
QString decodedText(GMimeObject* leaf, QByteArrayView content, QStringList& warnings)
{
    bool damaged = false;
    const QByteArray bytes = decodeTransfer(content, headerValue(leaf, "Content-Transfer-Encoding"), &damaged);
    if (damaged)
        warnings << u"damaged base64 in the %1 body"_s.arg(QString::fromLatin1(lowerType(leaf)));
    const QByteArray charset = contentTypeParameter(leaf, "charset");
    bool known = true;
    QString text = decodeCharset(bytes, charset, &known);
    if (!known)
        warnings << u"unknown charset '%1', read as ASCII"_s.arg(QString::fromUtf8(charset));
    return text;
}

/**
 * parseMime over a message GMime has read. With `sources`, records where each attachment's bytes are, and
 * (keepData false, no onAttachment) reads them in pieces, so no attachment is ever held decoded.
 */
Result<EmailMessage> readMime(
    const QByteArray& original, ParsedMime& parsed, const MimeReadOptions& options, QList<AttachmentSource>* sources)
{
    // Offsets GMime gives are in the bytes it read (the header block delimited as Python delimits it).
    const QByteArray& raw = parsed.source();
    GMimeMessage* message = parsed.message();
    EmailMessage m;
    m.adapter = u"raw-mime"_s;
    m.rawMime = original;
    if (!message || !g_mime_message_get_mime_part(message)) {
        // Nothing GMime could take apart: as Python reads it, a text/plain body (after the header block, if any).
        m.warnings = parsed.warnings();
        m.warnings << u"not a MIME message GMime can read: the input is read as a plain text body"_s;
        qint64 bodyStart = 0;
        for (qint64 pos = 0; pos < raw.size();) {
            const qint64 eol = raw.indexOf('\n', pos);
            if (eol < 0)
                break;
            if (eol == pos || (eol == pos + 1 && raw.at(pos) == '\r')) {
                bodyStart = eol + 1;
                break;
            }
            pos = eol + 1;
        }
        m.text = decodeCharset(QByteArrayView(raw).sliced(bodyStart), {});
        return m;
    }
    GMimeHeaderList* headers = g_mime_object_get_header_list(GMIME_OBJECT(message));
    QStringList warnings = parsed.warnings();
    if (headerOffset(GMIME_OBJECT(message)) < 0 && headerOffset(g_mime_message_get_mime_part(message)) < 0
        && !warnings.join(u'\n').contains(u"no header block"_s))
        warnings << u"no header block: the whole input is read as the body"_s;
    // GMime files Content-* headers under the top-level part; the event's headers are all of them.
    for (GMimeHeaderList* list :
        { headers,
            g_mime_message_get_mime_part(message) ? g_mime_object_get_header_list(g_mime_message_get_mime_part(message))
                                                  : nullptr }) {
        const int n = list ? g_mime_header_list_get_count(list) : 0;
        for (int i = 0; i < n; ++i) {
            GMimeHeader* h = g_mime_header_list_get_header_at(list, i);
            const QString name = QString::fromUtf8(g_mime_header_get_name(h)).toLower();
            if (!m.headers.contains(name))
                m.headers.insert(name, fromGMime(g_mime_header_get_value(h)).trimmed());
        }
    }
    GMimeObject* top = GMIME_OBJECT(message);
    if (hasHeader(top, "Message-Id"))
        m.messageId = QString::fromUtf8(headerValue(top, "Message-Id"));
    // GMime decodes each encoded word on its own; Python joins the bytes of adjacent words first (a
    // UTF-8 sequence split across two words), so the subject is decoded the way the reference does.
    if (hasHeader(top, "Subject"))
        m.subject = decodeUnstructured(firstRawHeader(top, "Subject"));
    m.date = QString::fromUtf8(headerValue(top, "Date"));
    QList<Address> from;
    appendAddresses(g_mime_message_get_from(message), rawHeaderValues(top, "From"), from);
    if (!from.isEmpty())
        m.from = from.first();
    appendAddresses(g_mime_message_get_addresses(message, GMIME_ADDRESS_TYPE_TO), rawHeaderValues(top, "To"), m.to);
    appendAddresses(g_mime_message_get_addresses(message, GMIME_ADDRESS_TYPE_CC), rawHeaderValues(top, "Cc"), m.cc);

    GMimeObject* body = g_mime_message_get_mime_part(message);
    QList<Leaf> leaves;
    if (body)
        collectLeaves(body, nullptr, QString(), leaves);
    GMimeObject* textPart = nullptr;
    GMimeObject* htmlPart = nullptr;
    if (body) {
        findBody(body, "plain", textPart);
        findBody(body, "html", htmlPart);
    }

    crypto::Sha256Stream hash;
    for (const Leaf& leaf : leaves) {
        bool ok = false;
        const QByteArrayView content = leafContent(raw, leaf, ok);
        if (leaf.object == textPart || leaf.object == htmlPart) {
            const QString text = decodedText(leaf.object, content, warnings);
            if (leaf.object == textPart)
                m.text = text;
            if (leaf.object == htmlPart)
                m.html = text;
            continue;
        }
        Attachment a;
        a.partPath = leaf.path;
        a.contentType = QString::fromLatin1(lowerType(leaf.object));
        a.filename = partFilename(leaf.object);
        a.contentId = contentIdOf(leaf.object);
        GMimeContentDisposition* d = g_mime_object_get_content_disposition(leaf.object);
        a.isInline = d && QByteArray(g_mime_content_disposition_get_disposition(d)).trimmed().toLower() == "inline";
        // Only size and hash wanted: read in pieces, never holding the decoded bytes whole.
        bool inPieces = false;
        if (!options.keepData && !options.onAttachment) {
            hash.reset();
            a.size = 0;
            inPieces = attachmentPieces(leaf.object, content, [&](QByteArrayView piece) {
                hash.update(piece);
                a.size += piece.size();
            });
        }
        QByteArray data;
        if (inPieces) {
            a.sha256 = QString::fromLatin1(hash.hexDigest());
        } else {
            bool damaged = false;
            data = attachmentBytes(leaf.object, content, &damaged);
            if (damaged)
                warnings << u"damaged base64 in part %1 (%2)"_s.arg(
                    leaf.path, a.filename.isEmpty() ? a.contentType : a.filename);
            a.size = data.size();
            a.sha256 = QString::fromLatin1(crypto::sha256Hex(data));
        }
        if (!ok)
            warnings << u"part %1 has no readable content"_s.arg(leaf.path);
        a.hasData = true;
        if (sources)
            sources->append({ leaf.object, content, inPieces });
        if (options.onAttachment)
            options.onAttachment(a, data);
        if (options.keepData)
            a.data = std::move(data);
        m.attachments.append(std::move(a));
    }
    m.warnings = warnings;
    return m;
}

} // namespace

Result<EmailMessage> parseMime(const QByteArray& raw, const MimeReadOptions& options)
{
    if (QByteArrayView(raw).trimmed().isEmpty()) // a view: trimming the array would copy a whole message
        return fail(u"empty input: not a MIME message"_s);
    ParsedMime parsed(raw);
    return readMime(raw, parsed, options, nullptr);
}

Result<void> parseMimeStreamed(
    const QByteArray& raw, const std::function<void(const EmailMessage&, const AttachmentData&)>& write)
{
    if (QByteArrayView(raw).trimmed().isEmpty())
        return fail(u"empty input: not a MIME message"_s);
    ParsedMime parsed(raw);
    QList<AttachmentSource> sources;
    MimeReadOptions options;
    options.keepData = false;
    const Result<EmailMessage> message = readMime(raw, parsed, options, &sources);
    if (!message)
        return fail(message.error());
    write(*message, [&](qsizetype index, const std::function<void(QByteArrayView)>& sink) {
        const AttachmentSource& source = sources.at(index);
        // A part that was read in pieces once is read in pieces again; the rest (damaged base64) whole.
        if (!source.inPieces || !attachmentPieces(source.object, source.content, sink)) {
            const QByteArray bytes = attachmentBytes(source.object, source.content, nullptr);
            if (!bytes.isEmpty())
                sink(bytes);
        }
    });
    return {};
}

Result<QByteArray> mimePartData(const QByteArray& original, const QString& partPath)
{
    ParsedMime parsed(original);
    const QByteArray& raw = parsed.source();
    if (!parsed.message())
        return fail(u"not a MIME message"_s);
    GMimeObject* body = g_mime_message_get_mime_part(parsed.message());
    QList<Leaf> leaves;
    if (body)
        collectLeaves(body, nullptr, QString(), leaves);
    for (const Leaf& leaf : leaves) {
        if (leaf.path != partPath)
            continue;
        bool ok = false;
        const QByteArrayView content = leafContent(raw, leaf, ok);
        return attachmentBytes(leaf.object, content, nullptr);
    }
    return fail(u"no part %1"_s.arg(partPath));
}

} // namespace hookscope::email
