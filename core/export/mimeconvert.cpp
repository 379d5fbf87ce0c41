#include "mimeconvert.h"

#include "core/email/payload.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>

#include <gmime/gmime.h>

using namespace Qt::StringLiterals;

namespace hookscope::exporting {

namespace {

void ensureGMime()
{
    static const bool initialized = [] {
        g_mime_init();
        return true;
    }();
    Q_UNUSED(initialized);
}

template<class T> struct GObjectPtr {
    T* p = nullptr;
    explicit GObjectPtr(T* ptr)
        : p(ptr)
    {
    }
    ~GObjectPtr()
    {
        if (p)
            g_object_unref(p);
    }
    GObjectPtr(const GObjectPtr&) = delete;
    GObjectPtr& operator=(const GObjectPtr&) = delete;
    T* get() const { return p; }
};

QString takeString(char* s)
{
    const QString out = s ? QString::fromUtf8(s) : QString();
    g_free(s);
    return out;
}

void addAddresses(GMimeMessage* msg, GMimeAddressType type, const QJsonValue& value)
{
    const QJsonArray list = value.isArray() ? value.toArray() : QJsonArray { value };
    for (const auto& v : list) {
        if (v.isNull() || v.isUndefined())
            continue;
        const QString address = v.isString() ? v.toString() : v.toObject().value(u"address"_s).toString();
        const QString name = v.isString() ? QString() : v.toObject().value(u"name"_s).toString();
        if (address.isEmpty())
            continue;
        g_mime_message_add_mailbox(msg, type, name.toUtf8().constData(), address.toUtf8().constData());
    }
}

QJsonArray readAddresses(InternetAddressList* list)
{
    QJsonArray out;
    if (!list)
        return out;
    for (int i = 0; i < internet_address_list_length(list); ++i) {
        InternetAddress* ia = internet_address_list_get_address(list, i);
        if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
            const char* name = internet_address_get_name(ia);
            out.append(QJsonObject {
                { u"address"_s, QString::fromUtf8(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia))) },
                { u"name"_s, QString::fromUtf8(name ? name : "") } });
        } else if (INTERNET_ADDRESS_IS_GROUP(ia)) {
            const QJsonArray members = readAddresses(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)));
            for (const auto& m : members)
                out.append(m);
        }
    }
    return out;
}

QByteArray partBytes(GMimePart* part)
{
    GMimeDataWrapper* content = g_mime_part_get_content(part);
    if (!content)
        return {};
    GObjectPtr<GMimeStream> out(g_mime_stream_mem_new());
    g_mime_data_wrapper_write_to_stream(content, out.get()); // decodes the transfer encoding
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
    return QByteArray(reinterpret_cast<const char*>(bytes->data), qsizetype(bytes->len));
}

} // namespace

Result<QByteArray> mimeFromEventJson(const QJsonObject& event)
{
    ensureGMime();
    GObjectPtr<GMimeMessage> msg(g_mime_message_new(TRUE));
    addAddresses(msg.get(), GMIME_ADDRESS_TYPE_FROM, event.value(u"from"_s));
    addAddresses(msg.get(), GMIME_ADDRESS_TYPE_TO, event.value(u"to"_s));
    addAddresses(msg.get(), GMIME_ADDRESS_TYPE_CC, event.value(u"cc"_s));
    g_mime_message_set_subject(msg.get(), event.value(u"subject"_s).toString().toUtf8().constData(), "utf-8");
    QString messageId = event.value(u"messageId"_s).toString().trimmed();
    if (messageId.startsWith(u'<') && messageId.endsWith(u'>'))
        messageId = messageId.mid(1, messageId.size() - 2);
    if (!messageId.isEmpty())
        g_mime_message_set_message_id(msg.get(), messageId.toUtf8().constData());
    const QDateTime received = QDateTime::fromString(event.value(u"receivedAt"_s).toString(), Qt::ISODate);
    if (received.isValid()) {
        GDateTime* date = g_date_time_new_from_unix_utc(received.toSecsSinceEpoch());
        g_mime_message_set_date(msg.get(), date);
        g_date_time_unref(date);
    }
    // Extra headers the payload kept, except those GMime writes itself.
    const QJsonObject headers = event.value(u"headers"_s).toObject();
    static const QStringList structural { u"content-type"_s, u"content-transfer-encoding"_s, u"mime-version"_s,
        u"from"_s, u"to"_s, u"cc"_s, u"subject"_s, u"message-id"_s, u"date"_s };
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        if (structural.contains(it.key().toLower()) || !it.value().isString())
            continue;
        g_mime_object_append_header(GMIME_OBJECT(msg.get()), it.key().toUtf8().constData(),
            it.value().toString().toUtf8().constData(), "utf-8");
    }

    QList<GMimeObject*> bodies;
    if (event.value(u"text"_s).isString()) {
        GMimeTextPart* text = g_mime_text_part_new_with_subtype("plain");
        g_mime_text_part_set_text(text, event.value(u"text"_s).toString().toUtf8().constData());
        bodies << GMIME_OBJECT(text);
    }
    if (event.value(u"html"_s).isString()) {
        GMimeTextPart* html = g_mime_text_part_new_with_subtype("html");
        g_mime_text_part_set_text(html, event.value(u"html"_s).toString().toUtf8().constData());
        bodies << GMIME_OBJECT(html);
    }
    GMimeObject* body = nullptr;
    if (bodies.size() == 1) {
        body = bodies.first();
    } else if (bodies.size() > 1) {
        GMimeMultipart* alt = g_mime_multipart_new_with_subtype("alternative");
        for (GMimeObject* b : bodies) {
            g_mime_multipart_add(alt, b);
            g_object_unref(b);
        }
        body = GMIME_OBJECT(alt);
    }

    const QJsonArray attachments = event.value(u"attachments"_s).toArray();
    GMimeObject* root = body;
    if (!attachments.isEmpty()) {
        GMimeMultipart* mixed = g_mime_multipart_new_with_subtype("mixed");
        if (body) {
            g_mime_multipart_add(mixed, body);
            g_object_unref(body);
        }
        for (const auto& v : attachments) {
            const QJsonObject a = v.toObject();
            QString type = a.value(u"contentType"_s).toString(u"application/octet-stream"_s);
            if (!type.contains(u'/'))
                type = u"application/octet-stream"_s;
            const QByteArray data = QByteArray::fromBase64(a.value(u"dataBase64"_s).toString().toLatin1());
            GMimePart* part = g_mime_part_new_with_type(type.section(u'/', 0, 0).toUtf8().constData(),
                type.section(u'/', 1).section(u';', 0, 0).trimmed().toUtf8().constData());
            GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(data.constData(), size_t(data.size())));
            GObjectPtr<GMimeDataWrapper> wrapper(
                g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
            g_mime_part_set_content(part, wrapper.get());
            g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
            const QString cid = a.value(u"contentId"_s).toString();
            g_mime_object_set_disposition(GMIME_OBJECT(part), cid.isEmpty() ? "attachment" : "inline");
            const QString filename = a.value(u"filename"_s).toString();
            if (!filename.isEmpty())
                g_mime_part_set_filename(part, filename.toUtf8().constData());
            if (!cid.isEmpty())
                g_mime_object_set_content_id(GMIME_OBJECT(part), cid.toUtf8().constData());
            g_mime_multipart_add(mixed, GMIME_OBJECT(part));
            g_object_unref(part);
        }
        root = GMIME_OBJECT(mixed);
    }
    if (!root) {
        GMimeTextPart* empty = g_mime_text_part_new_with_subtype("plain");
        g_mime_text_part_set_text(empty, "");
        root = GMIME_OBJECT(empty);
    }
    g_mime_message_set_mime_part(msg.get(), root);
    g_object_unref(root);

    GMimeFormatOptions* options = g_mime_format_options_clone(nullptr);
    g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_DOS);
    char* text = g_mime_object_to_string(GMIME_OBJECT(msg.get()), options);
    g_mime_format_options_free(options);
    if (!text)
        return fail(u"GMime could not write the message"_s);
    QByteArray out(text);
    g_free(text);
    return out;
}

Result<QJsonObject> eventJsonFromMime(const QByteArray& mime)
{
    auto parsed = email::parsePayload("message/rfc822", mime);
    if (parsed && parsed->adapter != u"unparsed"_s
        && (!parsed->subject.isEmpty() || !parsed->from.address.isEmpty() || parsed->text || parsed->html)) {
        QJsonObject o;
        o.insert(u"id"_s, parsed->id.isEmpty() ? parsed->messageId : parsed->id);
        o.insert(u"messageId"_s, parsed->messageId);
        o.insert(u"receivedAt"_s,
            parsed->receivedAt.isEmpty() ? QDateTime::currentDateTimeUtc().toString(Qt::ISODate) : parsed->receivedAt);
        o.insert(u"from"_s, QJsonObject { { u"address"_s, parsed->from.address }, { u"name"_s, parsed->from.name } });
        QJsonArray to, cc;
        for (const auto& a : parsed->to)
            to.append(QJsonObject { { u"address"_s, a.address }, { u"name"_s, a.name } });
        for (const auto& a : parsed->cc)
            cc.append(QJsonObject { { u"address"_s, a.address }, { u"name"_s, a.name } });
        o.insert(u"to"_s, to);
        o.insert(u"cc"_s, cc);
        o.insert(u"subject"_s, parsed->subject);
        o.insert(u"text"_s, parsed->text ? QJsonValue(*parsed->text) : QJsonValue());
        o.insert(u"html"_s, parsed->html ? QJsonValue(*parsed->html) : QJsonValue());
        QJsonArray attachments;
        for (const auto& a : parsed->attachments) {
            attachments.append(QJsonObject { { u"filename"_s, a.filename }, { u"contentType"_s, a.contentType },
                { u"size"_s, double(a.data.isEmpty() ? a.size : a.data.size()) }, { u"contentId"_s, a.contentId },
                { u"dataBase64"_s, QString::fromLatin1(a.data.toBase64()) } });
        }
        o.insert(u"attachments"_s, attachments);
        o.insert(u"headers"_s, parsed->headers);
        return o;
    }

    ensureGMime();
    GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(mime.constData(), size_t(mime.size())));
    GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    GMimeMessage* raw = g_mime_parser_construct_message(parser.get(), nullptr);
    if (!raw)
        return fail(u"not a MIME message"_s);
    GObjectPtr<GMimeMessage> msg(raw);
    QJsonObject o;
    const char* mid = g_mime_message_get_message_id(msg.get());
    const QString messageId = mid ? u"<%1>"_s.arg(QString::fromUtf8(mid)) : QString();
    o.insert(u"id"_s,
        messageId.isEmpty()
            ? QString::fromLatin1(QCryptographicHash::hash(mime, QCryptographicHash::Sha256).toHex().left(24))
            : messageId);
    o.insert(u"messageId"_s, messageId.isEmpty() ? QJsonValue() : QJsonValue(messageId));
    GDateTime* date = g_mime_message_get_date(msg.get());
    o.insert(u"receivedAt"_s,
        (date ? QDateTime::fromSecsSinceEpoch(g_date_time_to_unix(date), Qt::UTC) : QDateTime::currentDateTimeUtc())
            .toString(Qt::ISODate));
    const QJsonArray from = readAddresses(g_mime_message_get_from(msg.get()));
    o.insert(u"from"_s,
        from.isEmpty() ? QJsonObject { { u"address"_s, QString() }, { u"name"_s, QString() } } : from.first());
    o.insert(u"to"_s, readAddresses(g_mime_message_get_to(msg.get())));
    o.insert(u"cc"_s, readAddresses(g_mime_message_get_cc(msg.get())));
    const char* subject = g_mime_message_get_subject(msg.get());
    o.insert(u"subject"_s, QString::fromUtf8(subject ? subject : ""));
    QJsonValue text(QJsonValue::Undefined), html(QJsonValue::Undefined);
    QJsonArray attachments;
    GMimePartIter* iter = g_mime_part_iter_new(GMIME_OBJECT(msg.get()));
    if (g_mime_part_iter_is_valid(iter)) {
        do {
            GMimeObject* current = g_mime_part_iter_get_current(iter);
            if (!GMIME_IS_PART(current))
                continue;
            GMimePart* part = GMIME_PART(current);
            const QString type
                = takeString(g_mime_content_type_get_mime_type(g_mime_object_get_content_type(current))).toLower();
            const bool attachment = g_mime_part_is_attachment(part);
            if (!attachment && GMIME_IS_TEXT_PART(current) && type == u"text/plain"_s && text.isUndefined()) {
                text = takeString(g_mime_text_part_get_text(GMIME_TEXT_PART(current)));
                continue;
            }
            if (!attachment && GMIME_IS_TEXT_PART(current) && type == u"text/html"_s && html.isUndefined()) {
                html = takeString(g_mime_text_part_get_text(GMIME_TEXT_PART(current)));
                continue;
            }
            const QByteArray data = partBytes(part);
            const char* filename = g_mime_part_get_filename(part);
            const char* cid = g_mime_object_get_content_id(current);
            attachments.append(QJsonObject { { u"filename"_s, QString::fromUtf8(filename ? filename : "") },
                { u"contentType"_s, type }, { u"size"_s, double(data.size()) },
                { u"contentId"_s, QString::fromUtf8(cid ? cid : "") },
                { u"dataBase64"_s, QString::fromLatin1(data.toBase64()) } });
        } while (g_mime_part_iter_next(iter));
    }
    g_mime_part_iter_free(iter);
    o.insert(u"text"_s, text.isUndefined() ? QJsonValue() : text);
    o.insert(u"html"_s, html.isUndefined() ? QJsonValue() : html);
    o.insert(u"attachments"_s, attachments);
    QJsonObject headers;
    GMimeHeaderList* list = g_mime_object_get_header_list(GMIME_OBJECT(msg.get()));
    for (int i = 0; i < g_mime_header_list_get_count(list); ++i) {
        GMimeHeader* h = g_mime_header_list_get_header_at(list, i);
        const QString name = QString::fromUtf8(g_mime_header_get_name(h)).toLower();
        if (!headers.contains(name))
            headers.insert(name, QString::fromUtf8(g_mime_header_get_value(h)));
    }
    o.insert(u"headers"_s, headers);
    return o;
}

} // namespace hookscope::exporting
