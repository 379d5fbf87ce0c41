#include "mimeconvert.h"

#include "core/email/eventjson.h"
#include "core/email/mimeparser.h"

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
    auto parsed = email::parseMime(mime);
    if (!parsed)
        return fail(parsed.error());
    QJsonObject o = email::toEventJson(*parsed, true);
    // A provider's event always carries an id and a receive time; a bare .eml has neither.
    if (!o.value(u"id"_s).isString()) {
        const QString messageId = o.value(u"messageId"_s).toString();
        o.insert(u"id"_s,
            messageId.isEmpty()
                ? QString::fromLatin1(QCryptographicHash::hash(mime, QCryptographicHash::Sha256).toHex().left(24))
                : messageId);
    }
    if (!o.value(u"receivedAt"_s).isString())
        o.insert(u"receivedAt"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    o.remove(u"warnings"_s);
    return o;
}

} // namespace hookscope::exporting
