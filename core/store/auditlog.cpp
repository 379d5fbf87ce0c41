#include "auditlog.h"

#include "records.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace hookscope::store {

QJsonObject AuditEntry::toJson() const
{
    QJsonObject o { { u"id"_s, double(id) }, { u"time"_s, isoTime(timeUs) }, { u"action"_s, action },
        { u"event"_s, eventRowId ? QJsonValue(double(eventRowId)) : QJsonValue() },
        { u"reason"_s, reason.isEmpty() ? QJsonValue() : QJsonValue(reason) },
        { u"note"_s, note.isEmpty() ? QJsonValue() : QJsonValue(note) } };
    if (!details.isEmpty())
        o.insert(u"details"_s, details);
    return o;
}

Result<void> AuditLog::append(QSqlDatabase& db, const AuditEntry& e)
{
    QSqlQuery q(db);
    if (!q.prepare(u"INSERT INTO audit (time_us, action, event_id, reason, note, details) "
                   u"VALUES (:time_us, :action, :event_id, :reason, :note, :details)"_s))
        return fail(q.lastError().text());
    q.bindValue(u":time_us"_s, e.timeUs ? e.timeUs : QDateTime::currentMSecsSinceEpoch() * 1000);
    q.bindValue(u":action"_s, e.action);
    q.bindValue(u":event_id"_s, e.eventRowId ? QVariant(e.eventRowId) : QVariant(QMetaType(QMetaType::LongLong)));
    q.bindValue(u":reason"_s, e.reason.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(e.reason));
    q.bindValue(u":note"_s, e.note.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(e.note));
    q.bindValue(u":details"_s,
        e.details.isEmpty() ? QVariant(QMetaType(QMetaType::QString))
                            : QVariant(QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact))));
    if (!q.exec())
        return fail(q.lastError().text());
    return {};
}

Result<void> AuditLog::append(QSqlDatabase& db, const QList<AuditEntry>& entries)
{
    for (const AuditEntry& e : entries)
        if (auto r = append(db, e); !r)
            return r;
    return {};
}

Result<QList<AuditEntry>> AuditLog::read(QSqlDatabase& db, qint64 eventRowId, int limit)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    QString sql = u"SELECT id, time_us, action, event_id, reason, note, details FROM audit"_s;
    if (eventRowId)
        sql += u" WHERE event_id = ?"_s;
    sql += u" ORDER BY id DESC"_s;
    if (limit > 0)
        sql += u" LIMIT %1"_s.arg(limit);
    if (!q.prepare(sql))
        return fail(q.lastError().text());
    if (eventRowId)
        q.addBindValue(eventRowId);
    if (!q.exec())
        return fail(q.lastError().text());
    QList<AuditEntry> list;
    while (q.next()) {
        AuditEntry e;
        e.id = q.value(u"id"_s).toLongLong();
        e.timeUs = q.value(u"time_us"_s).toLongLong();
        e.action = q.value(u"action"_s).toString();
        e.eventRowId = q.value(u"event_id"_s).toLongLong();
        e.reason = q.value(u"reason"_s).toString();
        e.note = q.value(u"note"_s).toString();
        e.details = QJsonDocument::fromJson(q.value(u"details"_s).toByteArray()).object();
        list.append(e);
    }
    return list;
}

} // namespace hookscope::store
