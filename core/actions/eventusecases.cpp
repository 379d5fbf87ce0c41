#include "eventusecases.h"

#include "core/replay/storejob.h"
#include "core/store/eventstore.h"
#include "core/store/records.h"
#include "core/store/storewriter.h"

#include <QFile>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace hookscope::actions {

namespace {

/** Runs `change` for each id in one transaction on `writer`. */
Result<void> onEach(store::StoreWriter& writer, const QList<qint64>& ids,
    const std::function<Result<void>(QSqlDatabase&, qint64)>& change)
{
    const bool several = ids.size() > 1;
    return replay::runJob(writer, [&](QSqlDatabase& db) -> Result<void> {
        for (qint64 id : ids) {
            if (auto r = change(db, id); !r)
                return fail(several ? u"event %1: %2"_s.arg(id).arg(r.error()) : r.error());
        }
        return {};
    });
}

} // namespace

Result<void> quarantine(
    store::StoreWriter& writer, const QList<qint64>& ids, const QString& reason, const QString& note)
{
    return onEach(
        writer, ids, [&](QSqlDatabase& db, qint64 id) { return EventActions::quarantine(db, id, reason, note); });
}

Result<QList<Released>> recheckForRelease(
    store::EventStore& store, const QList<store::EventRow>& events, const SecretPolicy& secrets, const QString& url)
{
    QList<Released> out;
    for (const store::EventRow& e : events) {
        auto deliveries = store.deliveries(e.id);
        if (!deliveries || deliveries->isEmpty())
            return fail(u"event %1 has no deliveries"_s.arg(e.id));
        // A secret store that cannot be read re-checks unsigned, as no secret would.
        const QList<QByteArray> values = secrets.secretsFor(e.route).value_or(QList<QByteArray>());
        out.append({ e.id, e.quarantined, EventActions::recheck(e, deliveries->first(), values, url, store.path()) });
    }
    return out;
}

Result<void> applyRelease(store::StoreWriter& writer, const QList<Released>& rechecked, const QString& note)
{
    QList<qint64> ids;
    QHash<qint64, QJsonObject> details;
    for (const Released& r : rechecked) {
        ids << r.event;
        details.insert(r.event, r.recheck.toJson());
    }
    return onEach(writer, ids,
        [&](QSqlDatabase& db, qint64 id) { return EventActions::release(db, id, note, details.value(id)); });
}

Result<QList<Released>> release(store::EventStore& store, store::StoreWriter& writer,
    const QList<store::EventRow>& events, const QString& note, const SecretPolicy& secrets, const QString& url)
{
    auto rechecked = recheckForRelease(store, events, secrets, url);
    if (!rechecked)
        return rechecked;
    if (auto r = applyRelease(writer, *rechecked, note); !r)
        return fail(r.error());
    return rechecked;
}

Result<void> discard(store::StoreWriter& writer, const QList<qint64>& ids, const QString& note)
{
    return onEach(writer, ids, [&](QSqlDatabase& db, qint64 id) { return EventActions::discard(db, id, note); });
}

Result<void> restore(store::StoreWriter& writer, const QList<qint64>& ids, const QString& note)
{
    return onEach(writer, ids, [&](QSqlDatabase& db, qint64 id) { return EventActions::restore(db, id, note); });
}

Result<QList<qint64>> purge(store::StoreWriter& writer, const PurgeOptions& options)
{
    QList<qint64> removed;
    auto r = replay::runJob(writer, [&](QSqlDatabase& db) -> Result<void> {
        auto ids = EventActions::purge(db, options);
        if (!ids)
            return fail(ids.error());
        removed = *ids;
        return {};
    });
    if (!r)
        return fail(r.error());
    return removed;
}

PurgeOptions configuredRetention(const QString& configPath)
{
    PurgeOptions options;
    QFile config(configPath);
    if (!config.open(QIODevice::ReadOnly))
        return options;
    const QJsonObject retention = QJsonDocument::fromJson(config.readAll()).object().value(u"retention"_s).toObject();
    if (retention.value(u"days"_s).toInt() > 0)
        options.olderThanDays = retention.value(u"days"_s).toInt();
    if (retention.value(u"newest"_s).toInt() > 0)
        options.keepNewest = retention.value(u"newest"_s).toInt();
    return options;
}

} // namespace hookscope::actions
