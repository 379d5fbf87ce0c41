#include "emailprocessing.h"

#include "bodysegments.h"

#include "emailindex.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QVariant>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace hookscope::store {

PayloadReader::PayloadReader(QSqlDatabase& db)
    : m_query(db)
{
    m_query.prepare(
        u"SELECT %1 AS body, d.raw_head, e.route FROM deliveries d JOIN events e ON e.id = d.event_id WHERE d.id = :id"_s
            .arg(bodyExpression(u"d.")));
}

Result<std::optional<StoredPayload>> PayloadReader::read(qint64 deliveryRowId)
{
    m_query.bindValue(u":id"_s, deliveryRowId);
    if (!m_query.exec())
        return fail(m_query.lastError().text());
    std::optional<StoredPayload> payload;
    if (m_query.next())
        payload = StoredPayload { m_query.value(u"body"_s).toByteArray(), m_query.value(u"raw_head"_s).toByteArray(),
            m_query.value(u"route"_s).toString() };
    m_query.finish();
    return payload;
}

Result<QList<std::pair<qint64, qint64>>> unprocessedEvents(QSqlDatabase& db)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT e.id AS event, (SELECT d.id FROM deliveries d WHERE d.event_id = e.id "
                u"ORDER BY (d.status_code BETWEEN 200 AND 299) DESC, d.seq LIMIT 1) AS delivery "
                u"FROM events e WHERE e.processed = 0 AND "_s
            + kEmailIsRead))
        return fail(q.lastError().text());
    QList<std::pair<qint64, qint64>> events;
    while (q.next())
        events.append({ q.value(u"event"_s).toLongLong(), q.value(u"delivery"_s).toLongLong() });
    return events;
}

EmailFieldsWriter::EmailFieldsWriter(QSqlDatabase& db)
    : m_update(db)
{
    m_update.prepare(
        u"UPDATE events SET processed = 1, sort_indexed = 1, subject = :subject, from_address = :from_address, "
        u"from_name = :from_name, to_json = :to_json, attachments = :attachments, warnings = :warnings, "
        u"message_id = coalesce(message_id, :message_id) WHERE id = :id"_s);
}

Result<void> EmailFieldsWriter::write(qint64 eventRowId, const Result<email::EmailMessage>& parsed)
{
    const QVariant nullText(QMetaType(QMetaType::QString));
    if (parsed) {
        QJsonArray to;
        for (const auto& a : parsed->to)
            to.append(QJsonObject { { u"address"_s, a.address }, { u"name"_s, a.name } });
        m_update.bindValue(u":subject"_s, parsed->subject);
        m_update.bindValue(u":from_address"_s, parsed->from.address);
        m_update.bindValue(u":from_name"_s, parsed->from.name);
        m_update.bindValue(u":to_json"_s, QString::fromUtf8(QJsonDocument(to).toJson(QJsonDocument::Compact)));
        m_update.bindValue(u":attachments"_s, int(parsed->attachments.size()));
        m_update.bindValue(u":warnings"_s, parsed->warnings.join(u'\n'));
        m_update.bindValue(u":message_id"_s, parsed->messageId.isEmpty() ? nullText : QVariant(parsed->messageId));
    } else {
        for (const QString& column : { u":subject"_s, u":from_address"_s, u":from_name"_s, u":to_json"_s })
            m_update.bindValue(column, nullText);
        m_update.bindValue(u":attachments"_s, 0);
        m_update.bindValue(u":warnings"_s, parsed.error());
        m_update.bindValue(u":message_id"_s, nullText);
    }
    m_update.bindValue(u":id"_s, eventRowId);
    if (!m_update.exec())
        return fail(m_update.lastError().text());
    return {};
}

Result<void> enterSortIndexes(QSqlDatabase& db, const QList<qint64>& eventRowIds)
{
    QSqlQuery q(db);
    q.prepare(u"UPDATE events SET sort_indexed = 1 WHERE id = ?"_s);
    for (const qint64 id : eventRowIds) {
        q.addBindValue(id);
        if (!q.exec())
            return fail(q.lastError().text());
    }
    return {};
}

void storeEmailIndexes(QSqlDatabase& db, const QString& databasePath, const QList<IndexedEmail>& group)
{
    QSqlQuery sp(db);
    const auto inSavepoint = [&](auto&& write) {
        sp.exec(u"SAVEPOINT email_index"_s);
        const bool ok = write();
        if (!ok)
            sp.exec(u"ROLLBACK TO email_index"_s);
        sp.exec(u"RELEASE email_index"_s);
        return ok;
    };
    const auto one = [&](const IndexedEmail& e) {
        return storeEventIds(db, e.eventRowId)
            && (!e.message || bool(storeEmailIndex(db, databasePath, e.eventRowId, *e.message)));
    };
    if (inSavepoint([&] { return std::all_of(group.begin(), group.end(), one); }))
        return;
    for (const IndexedEmail& e : group)
        inSavepoint([&] { return one(e); });
}

} // namespace hookscope::store
