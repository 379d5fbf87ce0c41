#include "eventjson.h"

#include "core/email/eventjson.h"
#include "core/replay/attemptlog.h"
#include "core/store/attachmentscans.h"
#include "core/store/eventstore.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace hookscope::api {

namespace {

/**
 * Nothing an email is made of was read (a JSON payload that is not an email event, say). A provider's message
 * about the email flow with nothing but warnings (an SNS subscription confirmation and its SubscribeURL) is shown.
 */
bool carriesNoEmail(const email::EmailMessage& m)
{
    if (!m.warnings.isEmpty() && m.adapter != u"json"_s)
        return false;
    return m.from.address.isEmpty() && m.from.name.isEmpty() && m.to.isEmpty() && m.cc.isEmpty() && m.subject.isEmpty()
        && m.messageId.isEmpty() && !m.text && !m.html && m.attachments.isEmpty();
}

/** The event's email read from its payload; nullopt when the payload carries none. */
Result<std::optional<email::EmailMessage>> readEmail(store::EventStore& store, qint64 eventRowId)
{
    auto message = store.email(eventRowId);
    if (!message)
        return fail(message.error());
    if (*message && carriesNoEmail(**message))
        return std::optional<email::EmailMessage>();
    return message;
}

/** The email in the event schema, attachments described without their bytes (`inline` added to each). */
QJsonObject emailJson(const email::EmailMessage& m)
{
    QJsonObject o = email::toEventJson(m, false);
    QJsonArray attachments = o.value(u"attachments"_s).toArray();
    for (qsizetype i = 0; i < attachments.size() && i < m.attachments.size(); ++i) {
        QJsonObject a = attachments.at(i).toObject();
        if (!a.contains(u"sha256"_s))
            a.insert(u"sha256"_s, QJsonValue::Null); // declared by the payload without its bytes
        a.insert(u"inline"_s, m.attachments.at(i).isInline);
        attachments.replace(i, a);
    }
    o.insert(u"attachments"_s, attachments);
    return o;
}

} // namespace

Result<std::optional<QJsonObject>> eventDetailJson(store::EventStore& store, qint64 eventRowId, bool withEmail)
{
    auto event = store.event(eventRowId);
    if (!event)
        return fail(event.error());
    if (!*event)
        return std::optional<QJsonObject>();
    auto deliveries = store.deliveries(eventRowId);
    if (!deliveries)
        return fail(deliveries.error());
    // Replays, forwards and their retries: every request Hookscope itself sent for this event.
    const auto attempts = replay::AttemptLog::forEvent(store.database(), eventRowId);
    if (!attempts)
        return fail(attempts.error());
    QJsonObject o = (*event)->toJson();
    QJsonArray list;
    for (const auto& d : *deliveries)
        list.append(d.toJson());
    o.insert(u"deliveryList"_s, list);
    QJsonArray sent;
    for (const auto& a : *attempts)
        sent.append(a.toJson());
    o.insert(u"attempts"_s, sent);
    if (withEmail) {
        auto message = readEmail(store, eventRowId);
        if (!message)
            return fail(message.error());
        QJsonValue email;
        if (*message) {
            QJsonObject e = emailJson(**message);
            // Attachment safety: each attachment's scan (by its position, the stored part); null until scanned.
            auto scans = store::AttachmentScans::forEvent(store.database(), eventRowId);
            if (!scans)
                return fail(scans.error());
            QJsonArray attachments = e.value(u"attachments"_s).toArray();
            for (qsizetype i = 0; i < attachments.size(); ++i) {
                QJsonObject a = attachments.at(i).toObject();
                QJsonValue scan;
                for (const store::AttachmentScanRow& s : *scans)
                    if (s.part == i)
                        scan = s.toJson();
                a.insert(u"scan"_s, scan);
                attachments[i] = a;
            }
            e.insert(u"attachments"_s, attachments);
            email = e;
        }
        o.insert(u"email"_s, email);
    }
    return std::optional<QJsonObject>(o);
}

Result<AttachmentBytes> eventAttachment(store::EventStore& store, qint64 eventRowId, qint64 index)
{
    AttachmentBytes out;
    auto event = store.event(eventRowId);
    if (!event)
        return fail(event.error());
    if (!*event)
        return out; // NoEvent
    out.found = AttachmentBytes::Found::NoAttachment;
    if (index < 0)
        return out;
    // Read out already: the stored bytes.
    auto stored = store.attachments(eventRowId);
    if (!stored)
        return fail(stored.error());
    for (const auto& a : *stored) {
        if (a.part != index)
            continue;
        auto data = store.attachmentData(a.sha256);
        if (!data)
            return fail(data.error());
        out.found = AttachmentBytes::Found::Yes;
        out.data = *data;
        out.contentType = a.contentType;
        return out;
    }
    // Not read out yet (the email is read moments after the answer), or declared without bytes: the payload.
    auto message = readEmail(store, eventRowId);
    if (!message)
        return fail(message.error());
    if (!*message || index >= (*message)->attachments.size())
        return out;
    const email::Attachment& a = (*message)->attachments.at(index);
    out.contentType = a.contentType;
    if (!a.hasData) {
        out.found = AttachmentBytes::Found::NoBytes;
        return out;
    }
    out.found = AttachmentBytes::Found::Yes;
    out.data = a.data;
    return out;
}

} // namespace hookscope::api
