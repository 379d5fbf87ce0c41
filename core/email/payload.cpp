#include "payload.h"

#include "addresses.h"
#include "decoding.h"
#include "formdata.h"
#include "mimeparser.h"
#include "payloaddiff.h"

#include "core/common/crypto.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace hookscope::email {

namespace {

QByteArray baseType(QByteArrayView contentType)
{
    const qsizetype semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.first(semi)).trimmed().toByteArray().toLower();
}

/** A header block at the start: "Name: value" lines (an mbox "From " line allowed first). */
bool looksLikeMime(QByteArrayView body)
{
    qsizetype pos = 0;
    if (body.startsWith("From "))
        pos = body.indexOf('\n') + 1;
    int headers = 0;
    while (pos > 0 || headers == 0) {
        if (pos >= body.size())
            return headers > 0;
        qsizetype eol = body.indexOf('\n', pos);
        if (eol < 0)
            eol = body.size();
        QByteArrayView line = body.sliced(pos, eol - pos);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            return headers > 0;
        if (line[0] != ' ' && line[0] != '\t') {
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                return false;
            for (char c : line.first(colon)) {
                if (c <= ' ' || c >= 127)
                    return false;
            }
            ++headers;
        } else if (headers == 0) {
            return false;
        }
        if (headers > 500)
            return true;
        pos = eol + 1;
    }
    return headers > 0;
}

QString rawMimeField(const QJsonObject& o, QString* fieldName = nullptr)
{
    for (const auto& key : { u"raw"_s, u"rawMime"_s, u"RawEmail"_s }) {
        if (o.value(key).isString()) {
            if (fieldName)
                *fieldName = key;
            return o.value(key).toString();
        }
    }
    return {};
}

bool isPostmark(const QJsonObject& o)
{
    return o.contains(u"FromFull"_s) || o.contains(u"TextBody"_s) || o.contains(u"HtmlBody"_s)
        || o.contains(u"MessageID"_s) || o.contains(u"RawEmail"_s);
}

bool validAddress(const QString& address)
{
    static const QRegularExpression re(
        u"^[^\\s@<>()\\[\\],;:\"]+@[^\\s@<>()\\[\\],;:\"]+\\.?[^\\s@<>()\\[\\],;:\"]*$"_s);
    return re.match(address).hasMatch() && !address.endsWith(u'.') && !address.contains(u".."_s);
}

bool validContentType(const QString& type)
{
    static const QRegularExpression re(u"^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+$"_s);
    return re.match(type).hasMatch();
}

void setAttachmentData(Attachment& a, QByteArray data)
{
    a.size = data.size();
    a.sha256 = QString::fromLatin1(crypto::sha256Hex(data));
    a.hasData = true;
    a.data = std::move(data);
}

Address readAddress(const QJsonValue& v, const QString& field, QStringList& warnings)
{
    Address a;
    if (v.isString()) {
        // "Name <addr>" or a bare address
        const QList<Address> parsed = parseAddresses(v.toString().toUtf8());
        if (!parsed.isEmpty())
            a = parsed.first();
        else
            a.address = v.toString();
    } else if (v.isObject()) {
        const QJsonObject o = v.toObject();
        a.address = o.value(u"address"_s).toString();
        a.name = o.value(u"name"_s).toString();
    } else if (!v.isUndefined() && !v.isNull()) {
        warnings << u"%1: expected an address object, found %2"_s.arg(field,
            v.isArray()      ? u"an array"_s
                : v.isBool() ? u"a boolean"_s
                             : u"a number"_s);
        return a;
    }
    if (!a.address.isEmpty() && !validAddress(a.address))
        warnings << u"%1: \"%2\" is not a valid email address"_s.arg(field, a.address);
    return a;
}

QList<Address> readAddressList(const QJsonValue& v, const QString& field, QStringList& warnings)
{
    QList<Address> out;
    if (v.isUndefined() || v.isNull())
        return out;
    if (v.isString()) {
        for (const Address& a : parseAddresses(v.toString().toUtf8())) {
            if (!validAddress(a.address))
                warnings << u"%1: \"%2\" is not a valid email address"_s.arg(field, a.address);
            out.append(a);
        }
        return out;
    }
    if (!v.isArray()) {
        warnings << u"%1: expected an array of addresses"_s.arg(field);
        return out;
    }
    const QJsonArray list = v.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const Address a = readAddress(list.at(i), u"%1[%2]"_s.arg(field).arg(i), warnings);
        if (a.address.isEmpty())
            warnings << u"%1[%2]: no address"_s.arg(field).arg(i);
        out.append(a);
    }
    return out;
}

/** Strict base64 (RFC 4648 alphabet, padding, line breaks allowed); lenient decoding with a warning otherwise. */
QByteArray readBase64(const QString& text, const QString& field, QStringList& warnings)
{
    QByteArray bytes = text.toLatin1();
    bytes.replace("\r", "").replace("\n", "");
    auto strict = QByteArray::fromBase64Encoding(bytes, QByteArray::AbortOnBase64DecodingErrors);
    if (strict)
        return *strict;
    warnings << u"%1: invalid base64 (decoded leniently)"_s.arg(field);
    return QByteArray::fromBase64(bytes);
}

const QStringList& knownEventFields()
{
    static const QStringList fields { u"id"_s, u"messageId"_s, u"receivedAt"_s, u"from"_s, u"to"_s, u"cc"_s,
        u"subject"_s, u"text"_s, u"html"_s, u"attachments"_s, u"headers"_s, u"raw"_s, u"rawMime"_s };
    return fields;
}

EmailMessage readEventJson(const QJsonObject& o)
{
    EmailMessage m;
    m.adapter = u"event-json"_s;
    QStringList& w = m.warnings;
    const QJsonValue id = o.value(u"id"_s);
    m.id = id.isDouble() ? QString::number(id.toDouble(), 'g', 17) : id.toString();
    m.messageId = o.value(u"messageId"_s).toString();
    m.receivedAt = o.value(u"receivedAt"_s).toString();
    if (o.contains(u"subject"_s) && !o.value(u"subject"_s).isString() && !o.value(u"subject"_s).isNull())
        w << u"subject: expected a string"_s;
    m.subject = o.value(u"subject"_s).toString();
    m.from = readAddress(o.value(u"from"_s), u"from"_s, w);
    m.to = readAddressList(o.value(u"to"_s), u"to"_s, w);
    m.cc = readAddressList(o.value(u"cc"_s), u"cc"_s, w);
    if (o.value(u"text"_s).isString())
        m.text = o.value(u"text"_s).toString();
    if (o.value(u"html"_s).isString())
        m.html = o.value(u"html"_s).toString();
    if (!o.contains(u"from"_s))
        w << u"missing field: from"_s;
    if (!o.contains(u"subject"_s))
        w << u"missing field: subject"_s;
    if (o.contains(u"receivedAt"_s) && !m.receivedAt.isEmpty()
        && !QDateTime::fromString(m.receivedAt, Qt::ISODate).isValid())
        w << u"receivedAt: \"%1\" is not an ISO 8601 time"_s.arg(m.receivedAt);
    const QJsonValue attachments = o.value(u"attachments"_s);
    if (!attachments.isUndefined() && !attachments.isNull() && !attachments.isArray())
        w << u"attachments: expected an array"_s;
    const QJsonArray list = attachments.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject a = list.at(i).toObject();
        Attachment att;
        att.filename = a.value(u"filename"_s).toString();
        const QString field
            = u"attachments[%1]%2"_s.arg(i).arg(att.filename.isEmpty() ? QString() : u" ("_s + att.filename + u')');
        const QString type = a.value(u"contentType"_s).toString();
        if (type.isEmpty())
            w << u"%1: no contentType"_s.arg(field);
        else if (!validContentType(type))
            w << u"%1: \"%2\" is not a content type (type/subtype)"_s.arg(field, type);
        att.contentType = type.toLower();
        att.contentId = a.value(u"contentId"_s).toString();
        if (att.contentId.startsWith(u'<') && att.contentId.endsWith(u'>'))
            att.contentId = att.contentId.mid(1, att.contentId.size() - 2);
        const qint64 declared = a.value(u"size"_s).toInteger(-1);
        if (a.contains(u"size"_s) && declared < 0)
            w << u"%1: size is not a non-negative integer"_s.arg(field);
        att.size = qMax<qint64>(declared, 0);
        if (a.value(u"dataBase64"_s).isString()) {
            setAttachmentData(att, readBase64(a.value(u"dataBase64"_s).toString(), field, w));
            if (declared >= 0 && declared != att.size)
                w << u"%1: declared size %2 but dataBase64 decodes to %3 bytes"_s.arg(field).arg(declared).arg(
                    att.size);
        } else if (a.contains(u"dataBase64"_s)) {
            w << u"%1: dataBase64 is not a string"_s.arg(field);
        }
        m.attachments.append(std::move(att));
    }
    m.headers = o.value(u"headers"_s).toObject();
    // The message's own Date, as written, when the payload kept its headers (names in any case).
    for (auto it = m.headers.begin(); it != m.headers.end(); ++it) {
        if (it.key().compare(u"date"_s, Qt::CaseInsensitive) == 0 && it.value().isString())
            m.date = it.value().toString();
    }
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!knownEventFields().contains(it.key()))
            m.extra.insert(it.key(), it.value());
    }
    return m;
}

EmailMessage readPostmarkJson(const QJsonObject& o)
{
    EmailMessage m;
    m.adapter = u"postmark-json"_s;
    QStringList& w = m.warnings;
    m.messageId = o.value(u"MessageID"_s).toString();
    m.subject = o.value(u"Subject"_s).toString();
    m.receivedAt = o.value(u"Date"_s).toString();
    m.date = m.receivedAt;
    if (o.value(u"FromFull"_s).isObject()) {
        const QJsonObject f = o.value(u"FromFull"_s).toObject();
        m.from = { f.value(u"Email"_s).toString(), f.value(u"Name"_s).toString() };
    } else {
        m.from = readAddress(o.value(u"From"_s), u"From"_s, w);
    }
    auto full = [&](const QString& key, const QString& plain) {
        QList<Address> out;
        if (o.value(key).isArray()) {
            for (const auto& v : o.value(key).toArray())
                out.append({ v.toObject().value(u"Email"_s).toString(), v.toObject().value(u"Name"_s).toString() });
        } else if (o.value(plain).isString() && !o.value(plain).toString().isEmpty()) {
            out = parseAddresses(o.value(plain).toString().toUtf8());
        }
        return out;
    };
    m.to = full(u"ToFull"_s, u"To"_s);
    m.cc = full(u"CcFull"_s, u"Cc"_s);
    if (o.value(u"TextBody"_s).isString())
        m.text = o.value(u"TextBody"_s).toString();
    if (o.value(u"HtmlBody"_s).isString())
        m.html = o.value(u"HtmlBody"_s).toString();
    for (const auto& v : o.value(u"Headers"_s).toArray()) {
        const QJsonObject h = v.toObject();
        const QString name = h.value(u"Name"_s).toString().toLower();
        if (!m.headers.contains(name))
            m.headers.insert(name, h.value(u"Value"_s).toString());
        if (name == u"message-id"_s)
            m.messageId = h.value(u"Value"_s).toString();
    }
    const QJsonArray list = o.value(u"Attachments"_s).toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject a = list.at(i).toObject();
        Attachment att;
        att.filename = a.value(u"Name"_s).toString();
        att.contentType = a.value(u"ContentType"_s).toString().toLower();
        att.contentId = a.value(u"ContentID"_s).toString();
        if (att.contentId.startsWith(u'<') && att.contentId.endsWith(u'>'))
            att.contentId = att.contentId.mid(1, att.contentId.size() - 2);
        const QString field = u"Attachments[%1] (%2)"_s.arg(i).arg(att.filename);
        const qint64 declared = a.value(u"ContentLength"_s).toInteger(-1);
        setAttachmentData(att, readBase64(a.value(u"Content"_s).toString(), field, w));
        if (declared >= 0 && declared != att.size)
            w << u"%1: ContentLength %2 but Content decodes to %3 bytes"_s.arg(field).arg(declared).arg(att.size);
        m.attachments.append(std::move(att));
    }
    static const QStringList known { u"MessageID"_s, u"Subject"_s, u"Date"_s, u"From"_s, u"FromFull"_s, u"To"_s,
        u"ToFull"_s, u"Cc"_s, u"CcFull"_s, u"TextBody"_s, u"HtmlBody"_s, u"Headers"_s, u"Attachments"_s,
        u"RawEmail"_s };
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!known.contains(it.key()))
            m.extra.insert(it.key(), it.value());
    }
    return m;
}

/** A header block ("Name: value" lines, folded or not) as a lower-case name → first value object. */
QJsonObject headerBlock(const QByteArray& block)
{
    QJsonObject out;
    QByteArray current;
    auto flush = [&] {
        const qsizetype colon = current.indexOf(':');
        if (colon > 0) {
            const QString name = QString::fromUtf8(current.left(colon).trimmed()).toLower();
            if (!out.contains(name))
                out.insert(name, QString::fromUtf8(current.mid(colon + 1).trimmed()));
        }
        current.clear();
    };
    for (QByteArray line : block.split('\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (!line.isEmpty() && (line.at(0) == ' ' || line.at(0) == '\t')) {
            current += ' ' + line.trimmed();
            continue;
        }
        flush();
        if (line.isEmpty())
            break;
        current = line;
    }
    flush();
    return out;
}

const FormField* field(const QList<FormField>& fields, QStringView name)
{
    for (const auto& f : fields) {
        if (f.name.compare(name, Qt::CaseInsensitive) == 0)
            return &f;
    }
    return nullptr;
}

EmailMessage readSendGrid(const QList<FormField>& fields)
{
    EmailMessage m;
    m.adapter = u"sendgrid-form"_s;
    const QJsonObject charsets = field(fields, u"charsets")
        ? QJsonDocument::fromJson(field(fields, u"charsets")->value).object()
        : QJsonObject();
    auto text = [&](QStringView name) -> std::optional<QString> {
        const FormField* f = field(fields, name);
        if (!f)
            return std::nullopt;
        QByteArray charset = charsets.value(name.toString()).toString().toLatin1();
        if (charset.isEmpty())
            charset = f->charset.isEmpty() ? QByteArray("utf-8") : f->charset;
        bool known = true;
        QString value = decodeCharset(f->value, charset, &known);
        if (!known)
            m.warnings << u"%1: unknown charset %2"_s.arg(name, QString::fromLatin1(charset));
        return value;
    };
    const QList<Address> from = parseAddresses(text(u"from").value_or(QString()).toUtf8());
    if (!from.isEmpty())
        m.from = from.first();
    m.to = parseAddresses(text(u"to").value_or(QString()).toUtf8());
    m.cc = parseAddresses(text(u"cc").value_or(QString()).toUtf8());
    m.subject = text(u"subject").value_or(QString());
    m.text = text(u"text");
    m.html = text(u"html");
    if (const FormField* h = field(fields, u"headers")) {
        m.headers = headerBlock(h->value);
        m.messageId = m.headers.value(u"message-id"_s).toString();
        m.date = m.headers.value(u"date"_s).toString();
    }
    const QJsonObject info = field(fields, u"attachment-info")
        ? QJsonDocument::fromJson(field(fields, u"attachment-info")->value).object()
        : QJsonObject();
    int declared = -1;
    if (const FormField* n = field(fields, u"attachments"))
        declared = n->value.trimmed().toInt();
    for (const auto& f : fields) {
        if (!f.isFile)
            continue;
        Attachment a;
        const QJsonObject i = info.value(f.name).toObject();
        a.filename = !f.filename.isEmpty() ? f.filename : i.value(u"filename"_s).toString();
        a.contentType = (!f.contentType.isEmpty() ? f.contentType : i.value(u"type"_s).toString()).toLower();
        a.contentId = i.value(u"content-id"_s).toString();
        setAttachmentData(a, f.value);
        m.attachments.append(std::move(a));
    }
    if (declared >= 0 && declared != m.attachments.size())
        m.warnings << u"attachments field says %1, the form carries %2 files"_s.arg(declared).arg(m.attachments.size());
    for (const char* name : { "envelope", "spam_score", "spam_report", "dkim", "SPF", "sender_ip" }) {
        if (const FormField* f = field(fields, QString::fromLatin1(name))) {
            const QJsonDocument doc = QJsonDocument::fromJson(f->value);
            m.extra.insert(QString::fromLatin1(name),
                doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(QString::fromUtf8(f->value)));
        }
    }
    return m;
}

EmailMessage readMailgun(const QList<FormField>& fields)
{
    EmailMessage m;
    m.adapter = u"mailgun-form"_s;
    auto value = [&](QStringView name) -> std::optional<QString> {
        const FormField* f = field(fields, name);
        if (!f)
            return std::nullopt;
        return decodeCharset(f->value, f->charset.isEmpty() ? QByteArray("utf-8") : f->charset);
    };
    if (const auto headers = value(u"message-headers")) {
        for (const auto& pair : QJsonDocument::fromJson(headers->toUtf8()).array()) {
            const QJsonArray p = pair.toArray();
            const QString name = p.at(0).toString().toLower();
            if (!name.isEmpty() && !m.headers.contains(name))
                m.headers.insert(name, p.at(1).toString());
        }
    }
    auto header = [&](QStringView name, QStringView headerName) {
        if (const auto v = value(name))
            return *v;
        return m.headers.value(headerName.toString()).toString();
    };
    const QList<Address> from = parseAddresses(header(u"from", u"from").toUtf8());
    if (!from.isEmpty())
        m.from = from.first();
    else if (const auto sender = value(u"sender"))
        m.from.address = *sender;
    m.to = parseAddresses(header(u"To", u"to").toUtf8());
    if (m.to.isEmpty()) {
        if (const auto recipient = value(u"recipient"))
            m.to = parseAddresses(recipient->toUtf8());
    }
    m.cc = parseAddresses(header(u"Cc", u"cc").toUtf8());
    m.subject = header(u"subject", u"subject");
    m.messageId = header(u"Message-Id", u"message-id");
    m.date = header(u"Date", u"date");
    m.text = value(u"body-plain");
    m.html = value(u"body-html");
    QJsonObject cidMap;
    if (const auto map = value(u"content-id-map"))
        cidMap = QJsonDocument::fromJson(map->toUtf8()).object();
    int declared = -1;
    if (const FormField* n = field(fields, u"attachment-count"))
        declared = n->value.trimmed().toInt();
    for (const auto& f : fields) {
        if (!f.isFile)
            continue;
        Attachment a;
        a.filename = f.filename;
        a.contentType = f.contentType;
        for (auto it = cidMap.begin(); it != cidMap.end(); ++it) {
            if (it.value().toString() == f.name) {
                a.contentId = it.key();
                if (a.contentId.startsWith(u'<') && a.contentId.endsWith(u'>'))
                    a.contentId = a.contentId.mid(1, a.contentId.size() - 2);
            }
        }
        setAttachmentData(a, f.value);
        m.attachments.append(std::move(a));
    }
    if (declared >= 0 && declared != m.attachments.size())
        m.warnings << u"attachment-count says %1, the form carries %2 files"_s.arg(declared).arg(m.attachments.size());
    for (const char* name : { "recipient", "sender", "stripped-text", "stripped-signature", "stripped-html",
             "timestamp", "token", "signature" }) {
        if (const auto v = value(QString::fromLatin1(name)))
            m.extra.insert(QString::fromLatin1(name), *v);
    }
    return m;
}

/**
 * The MIME reading becomes the model (it is what the receiver's MIME pane shows), the provider's own
 * reading is kept beside it, and every disagreement between the two becomes a warning.
 */
Result<EmailMessage> withRawMime(
    EmailMessage provider, const QByteArray& raw, const MimeReadOptions& options, bool providerHasFields)
{
    auto mime = parseMime(raw, options);
    if (!mime) {
        provider.warnings << u"raw MIME could not be read: %1"_s.arg(mime.error());
        provider.rawMime = raw;
        return provider;
    }
    EmailMessage m = std::move(*mime);
    m.adapter = provider.adapter;
    m.id = provider.id;
    m.receivedAt = provider.receivedAt;
    m.extra = provider.extra;
    QStringList warnings = provider.warnings;
    warnings += m.warnings;
    if (providerHasFields) {
        for (const auto& d : diffPayload(provider, m))
            warnings << u"provider JSON vs MIME: "_s + d.message;
    }
    m.warnings = warnings;
    m.providerView = std::make_shared<const EmailMessage>(std::move(provider));
    return m;
}

} // namespace

PayloadKind detectPayload(QByteArrayView contentType, QByteArrayView body)
{
    return detectPayload(contentType, body, nullptr);
}

PayloadKind detectPayload(QByteArrayView contentType, QByteArrayView body, QJsonObject* object)
{
    const QByteArray type = baseType(contentType);
    if (type == "message/rfc822")
        return looksLikeMime(body) ? PayloadKind::RawMime : PayloadKind::Unreadable;
    if (type == "application/x-www-form-urlencoded")
        return looksLikeUrlEncodedForm(body) ? PayloadKind::MailgunForm : PayloadKind::Unreadable;
    if (type == "multipart/form-data")
        return looksLikeMultipartForm(contentType, body) ? PayloadKind::SendGridForm : PayloadKind::Unreadable;
    QJsonParseError error;
    // fromRawData: classifying must not copy a body that may be 50 MiB.
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromRawData(body.data(), body.size()), &error);
    if (error.error != QJsonParseError::NoError || !(doc.isObject() || doc.isArray())) {
        // Raw MIME posted without the right content type still reads as raw MIME.
        if ((type.isEmpty() || type == "text/plain" || type == "application/octet-stream") && looksLikeMime(body))
            return PayloadKind::RawMime;
        return PayloadKind::Unreadable;
    }
    if (doc.isObject()) {
        const QJsonObject o = doc.object();
        if (object)
            *object = o;
        if (!rawMimeField(o).isEmpty())
            return PayloadKind::JsonWithRawMime;
        if (o.contains(u"subject"_s) || o.contains(u"from"_s) || o.contains(u"messageId"_s) || isPostmark(o))
            return PayloadKind::EventJson;
    }
    return PayloadKind::OtherJson;
}

Result<EmailMessage> parsePayload(QByteArrayView contentType, const QByteArray& body)
{
    return parsePayload(contentType, body, MimeReadOptions {});
}

Result<EmailMessage> parsePayload(QByteArrayView contentType, const QByteArray& body, const MimeReadOptions& options)
{
    const PayloadKind kind = detectPayload(contentType, body);
    switch (kind) {
    case PayloadKind::Unreadable:
        return fail(u"no adapter can read this payload"_s);
    case PayloadKind::RawMime: {
        auto m = parseMime(body, options);
        if (m)
            m->adapter = u"raw-mime"_s;
        return m;
    }
    case PayloadKind::SendGridForm: {
        auto fields = readMultipartForm(contentType, body);
        if (!fields)
            return fail(fields.error());
        const bool mailgun = field(*fields, u"body-plain") || field(*fields, u"body-mime")
            || field(*fields, u"message-headers") || field(*fields, u"attachment-count");
        EmailMessage provider = mailgun ? readMailgun(*fields) : readSendGrid(*fields);
        const FormField* raw = field(*fields, mailgun ? u"body-mime" : u"email");
        if (raw && !raw->value.isEmpty())
            return withRawMime(std::move(provider), raw->value, options,
                !provider.subject.isEmpty() || provider.text || provider.html);
        return provider;
    }
    case PayloadKind::MailgunForm: {
        auto fields = readUrlEncodedForm(body);
        if (!fields)
            return fail(fields.error());
        EmailMessage provider = readMailgun(*fields);
        const FormField* raw = field(*fields, u"body-mime");
        if (raw && !raw->value.isEmpty())
            return withRawMime(std::move(provider), raw->value, options,
                provider.text || provider.html || !provider.subject.isEmpty());
        return provider;
    }
    case PayloadKind::JsonWithRawMime:
    case PayloadKind::EventJson:
    case PayloadKind::OtherJson:
        break;
    }
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject()) {
        EmailMessage m;
        m.adapter = u"json"_s;
        m.warnings << u"the JSON payload is not an object: no email fields"_s;
        return m;
    }
    const QJsonObject o = doc.object();
    if (kind == PayloadKind::OtherJson) {
        EmailMessage m = readEventJson(o);
        m.adapter = u"json"_s;
        m.warnings = { u"no email fields in the JSON payload (from, subject, messageId)"_s };
        return m;
    }
    EmailMessage provider = isPostmark(o) ? readPostmarkJson(o) : readEventJson(o);
    if (kind == PayloadKind::JsonWithRawMime) {
        QString fieldName;
        QByteArray raw = rawMimeField(o, &fieldName).toUtf8();
        // Some providers send the raw message base64-encoded.
        if (!looksLikeMime(raw)) {
            auto decoded = QByteArray::fromBase64Encoding(
                QByteArray(raw).replace("\n", "").replace("\r", ""), QByteArray::AbortOnBase64DecodingErrors);
            if (decoded && looksLikeMime(*decoded))
                raw = *decoded;
        }
        provider.extra.remove(fieldName);
        const bool hasFields = o.contains(u"subject"_s) || o.contains(u"Subject"_s) || o.contains(u"text"_s)
            || o.contains(u"TextBody"_s) || o.contains(u"from"_s) || o.contains(u"FromFull"_s);
        if (!hasFields) {
            // Only raw MIME: the missing-field warnings of the JSON reading do not apply.
            provider.warnings.clear();
        }
        return withRawMime(std::move(provider), raw, options, hasFields);
    }
    return provider;
}

} // namespace hookscope::email
