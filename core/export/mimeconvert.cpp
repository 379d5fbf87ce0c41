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

QString contentIdOf(const QJsonObject& attachment)
{
    QString cid = attachment.value(u"contentId"_s).toString().trimmed();
    if (cid.startsWith(u'<') && cid.endsWith(u'>'))
        cid = cid.mid(1, cid.size() - 2);
    return cid;
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

/** One attachment of the event schema as a MIME part (base64), inline when it has a Content-ID. */
GMimeObject* attachmentPart(const QJsonObject& a)
{
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
    const QString cid = contentIdOf(a);
    g_mime_object_set_disposition(GMIME_OBJECT(part), cid.isEmpty() ? "attachment" : "inline");
    const QString filename = a.value(u"filename"_s).toString();
    if (!filename.isEmpty())
        g_mime_part_set_filename(part, filename.toUtf8().constData());
    if (!cid.isEmpty())
        g_mime_object_set_content_id(GMIME_OBJECT(part), cid.toUtf8().constData());
    return GMIME_OBJECT(part);
}

/** A multipart of `subtype` holding `parts` (each reference handed over). */
GMimeObject* multipart(const char* subtype, const QList<GMimeObject*>& parts)
{
    GMimeMultipart* m = g_mime_multipart_new_with_subtype(subtype);
    for (GMimeObject* p : parts) {
        g_mime_multipart_add(m, p);
        g_object_unref(p);
    }
    return GMIME_OBJECT(m);
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
    // The message's own Date when the payload kept its headers (as written); else when it was received.
    const QJsonObject headers = event.value(u"headers"_s).toObject();
    QString writtenDate;
    for (auto it = headers.begin(); it != headers.end(); ++it)
        if (it.key().compare(u"date"_s, Qt::CaseInsensitive) == 0 && it.value().isString())
            writtenDate = it.value().toString().trimmed();
    const QDateTime received = QDateTime::fromString(event.value(u"receivedAt"_s).toString(), Qt::ISODate);
    if (!writtenDate.isEmpty()) {
        g_mime_object_set_header(GMIME_OBJECT(msg.get()), "Date", writtenDate.toUtf8().constData(), nullptr);
    } else if (received.isValid()) {
        GDateTime* date = g_date_time_new_from_unix_utc(received.toSecsSinceEpoch());
        g_mime_message_set_date(msg.get(), date);
        g_date_time_unref(date);
    }
    // Extra headers the payload kept, except those GMime writes itself.
    static const QStringList structural { u"content-type"_s, u"content-transfer-encoding"_s, u"mime-version"_s,
        u"from"_s, u"to"_s, u"cc"_s, u"subject"_s, u"message-id"_s, u"date"_s };
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        if (structural.contains(it.key().toLower()) || !it.value().isString())
            continue;
        g_mime_object_append_header(GMIME_OBJECT(msg.get()), it.key().toUtf8().constData(),
            it.value().toString().toUtf8().constData(), "utf-8");
    }

    // Parts with a Content-ID are the HTML's inline images: they go beside it in a multipart/related, as a mail
    // program sends them (RFC 2387); the others are attachments of the whole message.
    QList<QJsonObject> inlineParts, attached;
    for (const auto& v : event.value(u"attachments"_s).toArray())
        (contentIdOf(v.toObject()).isEmpty() ? attached : inlineParts) << v.toObject();
    const bool htmlBody = event.value(u"html"_s).isString();
    if (!htmlBody) {
        attached = inlineParts + attached;
        inlineParts.clear();
    }

    QList<GMimeObject*> bodies;
    if (event.value(u"text"_s).isString()) {
        GMimeTextPart* text = g_mime_text_part_new_with_subtype("plain");
        g_mime_text_part_set_text(text, event.value(u"text"_s).toString().toUtf8().constData());
        bodies << GMIME_OBJECT(text);
    }
    if (htmlBody) {
        GMimeTextPart* html = g_mime_text_part_new_with_subtype("html");
        g_mime_text_part_set_text(html, event.value(u"html"_s).toString().toUtf8().constData());
        GMimeObject* htmlSlot = GMIME_OBJECT(html);
        if (!inlineParts.isEmpty()) {
            QList<GMimeObject*> related { htmlSlot };
            for (const QJsonObject& a : std::as_const(inlineParts))
                related << attachmentPart(a);
            htmlSlot = multipart("related", related);
            g_mime_object_set_content_type_parameter(htmlSlot, "type", "text/html");
        }
        bodies << htmlSlot;
    }
    GMimeObject* body = bodies.isEmpty() ? nullptr
        : bodies.size() == 1             ? bodies.first()
                                         : multipart("alternative", bodies);

    GMimeObject* root = body;
    if (!attached.isEmpty()) {
        QList<GMimeObject*> parts;
        if (body)
            parts << body;
        for (const QJsonObject& a : std::as_const(attached))
            parts << attachmentPart(a);
        root = multipart("mixed", parts);
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
