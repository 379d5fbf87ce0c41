#include "auditlog.h"

#include "core/store/records.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace hookscope::replay {

QJsonObject AuditEntry::toJson() const
{
    QJsonObject o { { u"id"_s, double(id) }, { u"time"_s, store::isoTime(timeUs) }, { u"action"_s, action },
        { u"event"_s, eventRowId ? QJsonValue(double(eventRowId)) : QJsonValue() },
        { u"reason"_s, reason.isEmpty() ? QJsonValue() : QJsonValue(reason) },
        { u"note"_s, note.isEmpty() ? QJsonValue() : QJsonValue(note) } };
    if (!details.isEmpty())
        o.insert(u"details"_s, details);
    return o;
}

bool AuditLog::append(QSqlDatabase& db, const AuditEntry& e, QString* error)
{
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO audit (time_us, action, event_id, reason, note, details) VALUES (?,?,?,?,?,?)"_s);
    q.addBindValue(e.timeUs ? e.timeUs : QDateTime::currentMSecsSinceEpoch() * 1000);
    q.addBindValue(e.action);
    q.addBindValue(e.eventRowId ? QVariant(e.eventRowId) : QVariant(QMetaType(QMetaType::LongLong)));
    q.addBindValue(e.reason.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(e.reason));
    q.addBindValue(e.note.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(e.note));
    q.addBindValue(e.details.isEmpty()
            ? QVariant(QMetaType(QMetaType::QString))
            : QVariant(QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact))));
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    return true;
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
        e.id = q.value(0).toLongLong();
        e.timeUs = q.value(1).toLongLong();
        e.action = q.value(2).toString();
        e.eventRowId = q.value(3).toLongLong();
        e.reason = q.value(4).toString();
        e.note = q.value(5).toString();
        e.details = QJsonDocument::fromJson(q.value(6).toByteArray()).object();
        list.append(e);
    }
    return list;
}

} // namespace hookscope::replay
