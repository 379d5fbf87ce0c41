#include "attachmentscans.h"

#include "records.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace hookscope::store {

QJsonObject AttachmentScanRow::toJson() const
{
    const auto text = [](const QString& s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); };
    return {
        { u"status"_s, status },
        { u"signature"_s, text(signature) },
        { u"message"_s, text(message) },
        { u"flags"_s, flags },
        { u"detectedType"_s, text(detectedType) },
        { u"database"_s, text(database) },
        { u"scannedAt"_s, isoTime(scannedUs) },
    };
}

Result<void> AttachmentScans::write(QSqlDatabase& db, const QList<AttachmentScanRow>& rows)
{
    QSqlQuery q(db);
    if (!q.prepare(u"INSERT OR REPLACE INTO attachment_scans (event_id, part, status, signature, message, "
                   u"detected_type, flags, database, scanned_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s))
        return fail(q.lastError().text());
    const auto text
        = [](const QString& s) { return s.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(s); };
    for (const AttachmentScanRow& r : rows) {
        q.addBindValue(r.eventRowId);
        q.addBindValue(r.part);
        q.addBindValue(r.status);
        q.addBindValue(text(r.signature));
        q.addBindValue(text(r.message));
        q.addBindValue(text(r.detectedType));
        q.addBindValue(QString::fromUtf8(QJsonDocument(r.flags).toJson(QJsonDocument::Compact)));
        q.addBindValue(text(r.database));
        q.addBindValue(r.scannedUs);
        if (!q.exec())
            return fail(u"cannot store the scan of event %1's attachment %2: %3"_s.arg(r.eventRowId)
                            .arg(r.part)
                            .arg(q.lastError().text()));
    }
    return {};
}

Result<QList<AttachmentScanRow>> AttachmentScans::forEvent(QSqlDatabase& db, qint64 eventRowId)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(u"SELECT part, status, signature, message, detected_type, flags, database, scanned_us "
                   u"FROM attachment_scans WHERE event_id = ? ORDER BY part"_s))
        return fail(q.lastError().text());
    q.addBindValue(eventRowId);
    if (!q.exec())
        return fail(q.lastError().text());
    QList<AttachmentScanRow> rows;
    while (q.next()) {
        AttachmentScanRow r;
        r.eventRowId = eventRowId;
        r.part = q.value(u"part"_s).toInt();
        r.status = q.value(u"status"_s).toString();
        r.signature = q.value(u"signature"_s).toString();
        r.message = q.value(u"message"_s).toString();
        r.detectedType = q.value(u"detected_type"_s).toString();
        r.flags = QJsonDocument::fromJson(q.value(u"flags"_s).toByteArray()).array();
        r.database = q.value(u"database"_s).toString();
        r.scannedUs = q.value(u"scanned_us"_s).toLongLong();
        rows.append(r);
    }
    return rows;
}

Result<QList<qint64>> AttachmentScans::unscannedEvents(QSqlDatabase& db)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT DISTINCT a.event_id AS event FROM attachments a LEFT JOIN attachment_scans s "
                u"ON s.event_id = a.event_id AND s.part = a.part "
                u"WHERE s.status IS NULL OR s.status IN ('not-scanned', 'error') ORDER BY a.event_id"_s))
        return fail(q.lastError().text());
    QList<qint64> events;
    while (q.next())
        events.append(q.value(u"event"_s).toLongLong());
    return events;
}

Result<void> AttachmentScans::flagEvent(QSqlDatabase& db, qint64 eventRowId)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(u"SELECT e.flags AS flags, "
                   u"EXISTS (SELECT 1 FROM attachment_scans s WHERE s.event_id = e.id AND s.status = 'infected') "
                   u"AS infected, "
                   u"EXISTS (SELECT 1 FROM attachment_scans s WHERE s.event_id = e.id AND s.flags <> '[]') AS flagged "
                   u"FROM events e WHERE e.id = ?"_s))
        return fail(q.lastError().text());
    q.addBindValue(eventRowId);
    if (!q.exec())
        return fail(q.lastError().text());
    if (!q.next())
        return {};
    QStringList flags = q.value(u"flags"_s).toString().split(u' ', Qt::SkipEmptyParts);
    const QStringList before = flags;
    flags.removeAll(u"attachment-infected"_s);
    flags.removeAll(u"attachment-flagged"_s);
    if (q.value(u"infected"_s).toBool())
        flags << u"attachment-infected"_s;
    if (q.value(u"flagged"_s).toBool())
        flags << u"attachment-flagged"_s;
    q.finish();
    if (flags == before)
        return {};
    QSqlQuery update(db);
    if (!update.prepare(u"UPDATE events SET flags = coalesce(?, '') WHERE id = ?"_s))
        return fail(update.lastError().text());
    update.addBindValue(flags.join(u' '));
    update.addBindValue(eventRowId);
    if (!update.exec())
        return fail(update.lastError().text());
    return {};
}

} // namespace hookscope::store
