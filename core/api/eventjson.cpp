#include "eventjson.h"

#include "core/email/eventjson.h"
#include "core/replay/attemptlog.h"
#include "core/store/attachmentscans.h"
#include "core/store/eventstore.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace hookscope::api {

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
        auto message = store.email(eventRowId);
        if (!message)
            return fail(message.error());
        QJsonValue emailJson;
        if (*message) {
            QJsonObject e = email::toEventJson(**message, false);
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
            emailJson = e;
        }
        o.insert(u"email"_s, emailJson);
    }
    return std::optional<QJsonObject>(o);
}

} // namespace hookscope::api
