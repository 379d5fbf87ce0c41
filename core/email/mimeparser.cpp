#include "mimeparser.h"

#include "decoding.h"
#include "gmimeutil.h"
#include "headerdecode.h"
#include "parttree.h"

#include "core/common/crypto.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QStringDecoder>

#include <map>

using namespace Qt::StringLiterals;

namespace hookscope::email {

using namespace detail;

namespace {

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

/** Python's Message.is_attachment(): a Content-Disposition whose value is "attachment". */
bool isAttachmentDisposition(GMimeObject* object)
{
    GMimeContentDisposition* d = g_mime_object_get_content_disposition(object);
    if (!d)
        return false;
    const char* value = g_mime_content_disposition_get_disposition(d);
    return value && QByteArray(value).trimmed().toLower() == "attachment";
}

QByteArray contentTypeParameter(GMimeObject* object, const char* name)
{
    GMimeContentType* type = g_mime_object_get_content_type(object);
    if (!type)
        return {};
    const char* v = g_mime_content_type_get_parameter(type, name);
    return v ? QByteArray(v) : QByteArray();
}

/** email.message.MIMEPart._find_body: the best part for `preference` (a text subtype), depth first. */
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

struct Leaf {
    GMimeObject* object = nullptr;
    GMimeObject* parent = nullptr; ///< the enclosing multipart, if any
    QString path;
};

/** A multipart whose boundary never shows is a single leaf, as in Python (its payload stays text). */
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

/** The (transfer-encoded) bytes of a leaf as they stand in the source. */
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
        // The line break before a boundary belongs to the boundary; in a message GMime reads as LF-only it
        // leaves the CR of a CRLF there, Python (and RFC 2046) do not.
        if (end > begin && end < raw.size() && raw.at(end) == '\n' && raw.at(end - 1) == '\r')
            --end;
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

/**
 * An attached message's bytes: the message as it stands in the source, with its line endings as LF —
 * what Python's email package gives for it (msg.get_payload(0).as_bytes()), the reading Hookscope's
 * attachment hashes are measured against. For an LF source these are the source bytes exactly. Handed to
 * `sink` a piece at a time.
 */
void embeddedMessagePieces(QByteArrayView content, const std::function<void(QByteArrayView)>& sink)
{
    constexpr qsizetype kPiece = 64 * 1024;
    QByteArray buffer(qMin(kPiece, content.size()), Qt::Uninitialized);
    qsizetype used = 0;
    for (qsizetype i = 0; i < content.size(); ++i) {
        char c = content[i];
        if (c == '\r') {
            c = '\n';
            if (i + 1 < content.size() && content[i + 1] == '\n')
                ++i;
        }
        buffer[used++] = c;
        if (used == buffer.size()) {
            sink(buffer);
            used = 0;
        }
    }
    if (used > 0)
        sink(QByteArrayView(buffer).first(used));
}

QByteArray embeddedMessageBytes(QByteArrayView content)
{
    QByteArray out;
    out.reserve(content.size());
    embeddedMessagePieces(content, [&](QByteArrayView piece) { out.append(piece); });
    return out;
}

/** An attachment's bytes, whole: its content decoded, or for an attached message its bytes. */
QByteArray attachmentBytes(GMimeObject* object, QByteArrayView content, bool* damaged)
{
    if (damaged)
        *damaged = false;
    if (GMIME_IS_MESSAGE_PART(object))
        return embeddedMessageBytes(content);
    return decodeTransfer(content, headerValue(object, "Content-Transfer-Encoding"), damaged);
}

/** The same a piece at a time; false when they have to be read whole (see decodeTransferInPieces). */
bool attachmentPieces(GMimeObject* object, QByteArrayView content, const std::function<void(QByteArrayView)>& sink)
{
    if (GMIME_IS_MESSAGE_PART(object)) {
        embeddedMessagePieces(content, sink);
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

QByteArray firstRawHeader(GMimeObject* object, const char* name);

/**
 * The RFC 2231 parameter `name` (`name*=charset'lang'%XX…`, or continued as `name*0*=…; name*1=…`) of a raw
 * header value, decoded here; null when absent. GMime hands parameters over as C strings, which end at a %00:
 * `evil.pdf%00.exe` would become `evil.pdf`.
 */
QString extendedParameter(const QByteArray& rawHeader, const QByteArray& name)
{
    // Split on ';' outside quotes, unfolding.
    QList<QByteArray> params;
    QByteArray current;
    bool quoted = false;
    for (char c : rawHeader) {
        if (c == '"')
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
        if (value.startsWith('"') && value.endsWith('"') && value.size() >= 2)
            value = value.mid(1, value.size() - 2);
        segments[number] = { value, encoded };
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
        bytes += encoded ? QByteArray::fromPercentEncoding(value) : value;
    }
    if (charset.isEmpty() || charset == "utf-8" || charset == "utf8" || charset == "us-ascii")
        return QString::fromUtf8(bytes);
    QStringDecoder decoder(charset.constData());
    return decoder.isValid() ? decoder.decode(bytes) : QString::fromLatin1(bytes);
}

QString partFilename(GMimeObject* object)
{
    // A name that holds a NUL is read here, in full: the sanitizer then shows where the NUL was.
    for (const auto& [header, parameter] : { std::pair { "Content-Disposition", QByteArray("filename") },
             std::pair { "Content-Type", QByteArray("name") } }) {
        const QByteArray raw = firstRawHeader(object, header);
        const QString extended = extendedParameter(raw, parameter);
        if (extended.contains(QChar(0)))
            return extended.trimmed();
        if (!extended.isNull() || raw.toLower().contains(parameter))
            break; // GMime reads this one the same way
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

/** The raw (undecoded, folded) values of every header called `name`, joined. */
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

/** "john..doe"@x → john..doe@x: quotes stay only where the local part needs them (Python's addr_spec). */
QString unquotedLocalPart(const QString& address)
{
    if (!address.startsWith(u'"'))
        return address;
    QString local;
    qsizetype i = 1;
    for (; i < address.size() && address.at(i) != u'"'; ++i) {
        if (address.at(i) == u'\\' && i + 1 < address.size())
            ++i;
        local += address.at(i);
    }
    if (i >= address.size())
        return address;
    const QString rest = address.mid(i + 1);
    static const QString needsQuotes = u"()<>@,:;\\\"[] \t"_s;
    for (QChar c : local) {
        if (needsQuotes.contains(c)) {
            QString quoted = local;
            quoted.replace(u"\\"_s, u"\\\\"_s).replace(u"\""_s, u"\\\""_s);
            return u'"' + quoted + u'"' + rest;
        }
    }
    return local + rest;
}

Address toAddress(InternetAddress* address, const QByteArray& rawHeader)
{
    Address a;
    // GMime keeps folding line breaks inside names; a display name's white space reads as one space.
    a.name = fromGMime(internet_address_get_name(address));
    static const QRegularExpression blanks(u"[ \\t\\r\\n]+"_s);
    a.name.replace(blanks, u" "_s);
    if (INTERNET_ADDRESS_IS_MAILBOX(address)) {
        auto* mailbox = INTERNET_ADDRESS_MAILBOX(address);
        a.address = fromGMime(internet_address_mailbox_get_addr(mailbox));
        // GMime shows IDN domains decoded; keep the form the header has (Python does not convert).
        const QString idn = fromGMime(internet_address_mailbox_get_idn_addr(mailbox));
        if (!idn.isEmpty() && idn != a.address && QString::fromUtf8(rawHeader).contains(idn, Qt::CaseInsensitive))
            a.address = idn;
        a.address = unquotedLocalPart(a.address);
    }
    // GMime takes "addr (Comment)" as a name; RFC 5322 (and Python) keep comments out of display names.
    if (!a.name.isEmpty() && !a.address.isEmpty()) {
        const QByteArray addr = a.address.toUtf8().toLower();
        const QByteArray lower = rawHeader.toLower();
        for (qsizetype at = lower.indexOf(addr); at >= 0; at = lower.indexOf(addr, at + 1)) {
            qsizetype after = at + addr.size();
            while (after < lower.size()
                && (lower.at(after) == ' ' || lower.at(after) == '\t' || lower.at(after) == '\r'
                    || lower.at(after) == '\n'))
                ++after;
            if (after < lower.size() && lower.at(after) == '(' && (at == 0 || lower.at(at - 1) != '<')) {
                a.name.clear();
                break;
            }
        }
    }
    return a;
}

void flattenList(InternetAddressList* list, const QByteArray& rawHeader, QList<Address>& out);

/** GMime's addresses, with display names read as Python reads them when the two agree on the mailboxes. */
void flatten(InternetAddressList* list, const QByteArray& rawHeader, QList<Address>& out)
{
    QList<Address> mine;
    flattenList(list, rawHeader, mine);
    const QStringList names = displayNames(rawHeader);
    if (names.size() == mine.size()) {
        for (qsizetype i = 0; i < mine.size(); ++i)
            mine[i].name = names.at(i);
    }
    out += mine;
}

void flattenList(InternetAddressList* list, const QByteArray& rawHeader, QList<Address>& out)
{
    if (!list)
        return;
    const int n = internet_address_list_length(list);
    for (int i = 0; i < n; ++i) {
        InternetAddress* a = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_GROUP(a))
            flattenList(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(a)), rawHeader, out);
        else
            out.append(toAddress(a, rawHeader));
    }
}

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

} // namespace

namespace {

/**
 * parseMime over a message GMime has read. With `sources`, records where each attachment's bytes are, and
 * (keepData false, no onAttachment) reads them in pieces, so no attachment is ever held decoded.
 */
Result<EmailMessage> readMime(
    const QByteArray& raw, ParsedMime& parsed, const MimeReadOptions& options, QList<AttachmentSource>* sources)
{
    GMimeMessage* message = parsed.message();
    if (!message)
        return fail(u"not a MIME message (GMime found no message)"_s);
    GMimeHeaderList* headers = g_mime_object_get_header_list(GMIME_OBJECT(message));
    const int headerCount = headers ? g_mime_header_list_get_count(headers) : 0;
    if (headerCount == 0)
        return fail(u"not a MIME message: no header block"_s);

    EmailMessage m;
    m.adapter = u"raw-mime"_s;
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
    flatten(g_mime_message_get_from(message), rawHeaderValues(top, "From"), from);
    if (!from.isEmpty())
        m.from = from.first();
    flatten(g_mime_message_get_addresses(message, GMIME_ADDRESS_TYPE_TO), rawHeaderValues(top, "To"), m.to);
    flatten(g_mime_message_get_addresses(message, GMIME_ADDRESS_TYPE_CC), rawHeaderValues(top, "Cc"), m.cc);

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

    QStringList warnings = parsed.warnings();
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
    m.rawMime = raw;
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

QList<Address> parseAddresses(const QByteArray& value)
{
    ensureGMime();
    QList<Address> out;
    InternetAddressList* list = internet_address_list_parse(nullptr, value.constData());
    if (!list)
        return out;
    flatten(list, value, out);
    g_object_unref(list);
    return out;
}

Result<QByteArray> mimePartData(const QByteArray& raw, const QString& partPath)
{
    ParsedMime parsed(raw);
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

Result<QList<MimePartInfo>> mimePartTree(const QByteArray& raw)
{
    ParsedMime parsed(raw);
    GMimeMessage* message = parsed.message();
    if (!message || headerOffset(GMIME_OBJECT(message)) < 0)
        return fail(u"not a MIME message: no header block"_s);
    GMimeObject* body = g_mime_message_get_mime_part(message);
    if (!body)
        return fail(u"the message has no body part"_s);
    TreeBuilder builder { raw };
    findBody(body, "plain", builder.textPart);
    findBody(body, "html", builder.htmlPart);
    // The root is the message: its header block is the message's, whatever GMime filed under the part.
    const int root = builder.add(body, nullptr, -1, GMIME_IS_MULTIPART(body) ? QString() : u"1"_s, 0, false);
    builder.out[root].headerBegin = qMin(headerOffset(GMIME_OBJECT(message)), builder.out[root].headerBegin);
    if (GMIME_IS_MULTIPART(body))
        builder.out[root].bodyBegin = afterHeaderBlock(raw, builder.out[root].headerBegin);
    return builder.out;
}

} // namespace hookscope::email
