#include "changefeed.h"

#include "emailprocessing.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace hookscope::store {

namespace {

/** Rows of `table` above `after`: their ids' maximum into `after`, their event ids into `events`. */
Result<void> touchedRows(QSqlDatabase& db, const QString& table, qint64& after, QSet<qint64>& events)
{
    QSqlQuery q(db);
    q.prepare(u"SELECT id, event_id FROM %1 WHERE id > ? ORDER BY id"_s.arg(table));
    q.addBindValue(after);
    if (!q.exec())
        return fail(u"cannot read %1: %2"_s.arg(table, q.lastError().text()));
    while (q.next()) {
        after = q.value(u"id"_s).toLongLong();
        const QVariant event = q.value(u"event_id"_s);
        if (!event.isNull())
            events.insert(event.toLongLong());
    }
    return {};
}

Result<qint64> maxId(QSqlDatabase& db, const QString& table)
{
    QSqlQuery q(db);
    if (!q.exec(u"SELECT coalesce(max(id), 0) AS last FROM %1"_s.arg(table)) || !q.next())
        return fail(u"cannot read %1: %2"_s.arg(table, q.lastError().text()));
    return q.value(u"last"_s).toLongLong();
}

qint64 count(QSqlDatabase& db, const QString& sql)
{
    QSqlQuery q(db);
    return q.exec(sql) && q.next() ? q.value(u"n"_s).toLongLong() : 0;
}

} // namespace

Result<ChangeCursors> ChangeFeed::currentCursors(QSqlDatabase& db)
{
    ChangeCursors c;
    for (auto [table, field] : { std::pair { u"events"_s, &c.event }, std::pair { u"deliveries"_s, &c.delivery },
             std::pair { u"audit"_s, &c.audit }, std::pair { u"attempts"_s, &c.attempt } }) {
        auto last = maxId(db, table);
        if (!last)
            return fail(last.error());
        *field = *last;
    }
    return c;
}

Result<Changes> ChangeFeed::changesSince(QSqlDatabase& db, ChangeCursors& cursors)
{
    Changes changes;
    QSqlQuery q(db);
    q.prepare(u"SELECT id FROM events WHERE id > ? ORDER BY id"_s);
    q.addBindValue(cursors.event);
    if (!q.exec())
        return fail(u"cannot read events: %1"_s.arg(q.lastError().text()));
    while (q.next())
        changes.arrived << q.value(u"id"_s).toLongLong();
    if (!changes.arrived.isEmpty())
        cursors.event = changes.arrived.last();
    for (auto [table, field] : { std::pair { u"deliveries"_s, &cursors.delivery },
             std::pair { u"audit"_s, &cursors.audit }, std::pair { u"attempts"_s, &cursors.attempt } }) {
        if (auto r = touchedRows(db, table, *field, changes.touched); !r)
            return fail(r.error());
    }
    return changes;
}

EventTotals ChangeFeed::eventTotals(QSqlDatabase& db)
{
    EventTotals t;
    t.backlog = count(db, u"SELECT count(*) AS n FROM events WHERE processed = 0 AND "_s + kEmailIsRead);
    t.quarantined = count(db, u"SELECT count(*) AS n FROM events WHERE quarantined IS NOT NULL"_s);
    t.events = count(db, u"SELECT count(*) AS n FROM events"_s);
    return t;
}

} // namespace hookscope::store
