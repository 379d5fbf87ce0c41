#include "eventjson.h"

#include "core/email/eventjson.h"
#include "core/replay/attemptlog.h"
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
        o.insert(u"email"_s, *message ? QJsonValue(email::toEventJson(**message, false)) : QJsonValue());
    }
    return std::optional<QJsonObject>(o);
}

} // namespace hookscope::api
