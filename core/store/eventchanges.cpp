#include "eventchanges.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace hookscope::store {

namespace {

/** Runs one statement; the number of rows it changed. */
Result<int> exec(QSqlDatabase& db, const QString& sql, const QVariantList& binds)
{
    QSqlQuery q(db);
    if (!q.prepare(sql))
        return fail(q.lastError().text());
    for (const auto& b : binds)
        q.addBindValue(b);
    if (!q.exec())
        return fail(q.lastError().text());
    return q.numRowsAffected();
}

} // namespace

Result<int> EventChanges::quarantine(QSqlDatabase& db, qint64 id, const QString& reason, const QString& note)
{
    return exec(db, u"UPDATE events SET quarantined = ?, quarantine_note = ?, quarantine_auto = 0 WHERE id = ?"_s,
        { reason, note.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(note), id });
}

Result<std::optional<QString>> EventChanges::quarantineReason(QSqlDatabase& db, qint64 id)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(u"SELECT quarantined FROM events WHERE id = ?"_s))
        return fail(q.lastError().text());
    q.addBindValue(id);
    if (!q.exec())
        return fail(q.lastError().text());
    if (!q.next())
        return std::optional<QString>();
    return std::optional<QString>(q.value(u"quarantined"_s).toString());
}

Result<int> EventChanges::release(QSqlDatabase& db, qint64 id)
{
    return exec(db, u"UPDATE events SET quarantined = NULL, quarantine_note = NULL, quarantine_auto = 0 WHERE id = ?"_s,
        { id });
}

Result<int> EventChanges::discard(QSqlDatabase& db, qint64 id, qint64 nowUs)
{
    return exec(db, u"UPDATE events SET discarded_us = ? WHERE id = ? AND discarded_us IS NULL"_s, { nowUs, id });
}

Result<int> EventChanges::restore(QSqlDatabase& db, qint64 id)
{
    return exec(db, u"UPDATE events SET discarded_us = NULL WHERE id = ? AND discarded_us IS NOT NULL"_s, { id });
}

Result<QList<qint64>> EventChanges::purgeCandidates(
    QSqlDatabase& db, std::optional<qint64> receivedBeforeUs, std::optional<int> keepNewest)
{
    QStringList where { u"discarded_us IS NOT NULL"_s };
    QVariantList binds;
    if (receivedBeforeUs) {
        where << u"received_us < ?"_s;
        binds << *receivedBeforeUs;
    }
    if (keepNewest) {
        where << u"id NOT IN (SELECT id FROM events ORDER BY received_us DESC, id DESC LIMIT ?)"_s;
        binds << *keepNewest;
    }
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(u"SELECT id FROM events WHERE "_s + where.join(u" OR "_s) + u" ORDER BY id"_s))
        return fail(q.lastError().text());
    for (const auto& b : binds)
        q.addBindValue(b);
    if (!q.exec())
        return fail(q.lastError().text());
    QList<qint64> ids;
    while (q.next())
        ids.append(q.value(u"id"_s).toLongLong());
    return ids;
}

Result<void> EventChanges::remove(QSqlDatabase& db, qint64 id)
{
    if (auto r = exec(db, u"DELETE FROM events WHERE id = ?"_s, { id }); !r)
        return fail(r.error());
    return {};
}

} // namespace hookscope::store
