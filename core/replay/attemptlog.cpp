#include "attemptlog.h"

#include "core/store/records.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace hookscope::replay {

namespace {

const char* const kColumns = "id, event_id, run_id, kind, rule, target, mode, spec_json, attempt, max_attempts, state, "
                             "scheduled_us, started_us, finished_us, request_method, request_url, request_head, "
                             "request_body, status, latency_ms, response_head, response_body, response_size, error";

QVariant nullIfEmpty(const QString& s)
{
    return s.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(s);
}

QVariant nullIfZero(qint64 v)
{
    return v == 0 ? QVariant(QMetaType(QMetaType::LongLong)) : QVariant(v);
}

AttemptRow readRow(const QSqlQuery& q)
{
    AttemptRow r;
    r.id = q.value(0).toLongLong();
    r.eventRowId = q.value(1).toLongLong();
    r.runId = q.value(2).toString();
    r.kind = q.value(3).toString();
    r.rule = q.value(4).toString();
    r.target = q.value(5).toString();
    r.mode = q.value(6).toString();
    r.spec = QJsonDocument::fromJson(q.value(7).toByteArray()).object();
    r.attempt = q.value(8).toInt();
    r.maxAttempts = q.value(9).toInt();
    r.state = q.value(10).toString();
    r.scheduledUs = q.value(11).toLongLong();
    r.startedUs = q.value(12).toLongLong();
    r.finishedUs = q.value(13).toLongLong();
    r.requestMethod = q.value(14).toString();
    r.requestUrl = q.value(15).toString();
    r.requestHead = q.value(16).toByteArray();
    r.requestBody = q.value(17).toByteArray();
    r.status = q.value(18).toInt();
    r.latencyMs = q.value(19).toLongLong();
    r.responseHead = q.value(20).toByteArray();
    r.responseBody = q.value(21).toByteArray();
    r.responseSize = q.value(22).toLongLong();
    r.error = q.value(23).toString();
    return r;
}

Result<QList<AttemptRow>> select(QSqlDatabase& db, const QString& where, const QVariantList& binds)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(u"SELECT %1 FROM attempts WHERE %2"_s.arg(QLatin1StringView(kColumns), where)))
        return fail(q.lastError().text());
    for (const auto& b : binds)
        q.addBindValue(b);
    if (!q.exec())
        return fail(q.lastError().text());
    QList<AttemptRow> rows;
    while (q.next())
        rows.append(readRow(q));
    return rows;
}

} // namespace

QJsonObject AttemptRow::toJson(bool withBodies) const
{
    QJsonObject o { { u"id"_s, double(id) }, { u"runId"_s, runId }, { u"kind"_s, kind }, { u"target"_s, target },
        { u"mode"_s, mode }, { u"attempt"_s, attempt }, { u"maxAttempts"_s, maxAttempts }, { u"state"_s, state },
        { u"scheduledAt"_s, store::isoTime(scheduledUs) }, { u"status"_s, status ? QJsonValue(status) : QJsonValue() },
        { u"latencyMs"_s, double(latencyMs) }, { u"error"_s, error.isEmpty() ? QJsonValue() : QJsonValue(error) },
        { u"requestMethod"_s, requestMethod }, { u"requestUrl"_s, requestUrl },
        { u"responseSize"_s, double(responseSize) } };
    if (eventRowId)
        o.insert(u"event"_s, double(eventRowId));
    if (!rule.isEmpty())
        o.insert(u"rule"_s, rule);
    if (startedUs)
        o.insert(u"startedAt"_s, store::isoTime(startedUs));
    if (finishedUs)
        o.insert(u"finishedAt"_s, store::isoTime(finishedUs));
    if (withBodies) {
        o.insert(u"requestHead"_s, QString::fromLatin1(requestHead));
        o.insert(u"requestBodyBase64"_s, QString::fromLatin1(requestBody.toBase64()));
        o.insert(u"responseHead"_s, QString::fromLatin1(responseHead));
        o.insert(u"responseBody"_s, QString::fromUtf8(responseBody));
    }
    return o;
}

bool AttemptLog::write(QSqlDatabase& db, const AttemptRow& r, QString* error)
{
    QSqlQuery q(db);
    q.prepare(
        u"INSERT INTO attempts (event_id, run_id, kind, rule, target, mode, spec_json, attempt, max_attempts, "
        u"state, scheduled_us, started_us, finished_us, request_method, request_url, request_head, request_body, "
        u"status, latency_ms, response_head, response_body, response_size, error) "
        u"VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
        u"ON CONFLICT (run_id, attempt) DO UPDATE SET state = excluded.state, "
        u"started_us = excluded.started_us, finished_us = excluded.finished_us, "
        u"request_method = excluded.request_method, request_url = excluded.request_url, "
        u"request_head = excluded.request_head, request_body = excluded.request_body, status = excluded.status, "
        u"latency_ms = excluded.latency_ms, response_head = excluded.response_head, "
        u"response_body = excluded.response_body, response_size = excluded.response_size, error = excluded.error"_s);
    q.addBindValue(nullIfZero(r.eventRowId));
    q.addBindValue(r.runId);
    q.addBindValue(r.kind);
    q.addBindValue(nullIfEmpty(r.rule));
    q.addBindValue(r.target);
    q.addBindValue(r.mode);
    q.addBindValue(QString::fromUtf8(QJsonDocument(r.spec).toJson(QJsonDocument::Compact)));
    q.addBindValue(r.attempt);
    q.addBindValue(r.maxAttempts);
    q.addBindValue(r.state);
    q.addBindValue(r.scheduledUs);
    q.addBindValue(nullIfZero(r.startedUs));
    q.addBindValue(nullIfZero(r.finishedUs));
    q.addBindValue(nullIfEmpty(r.requestMethod));
    q.addBindValue(nullIfEmpty(r.requestUrl));
    q.addBindValue(r.requestHead);
    q.addBindValue(r.requestBody);
    q.addBindValue(r.status ? QVariant(r.status) : QVariant(QMetaType(QMetaType::Int)));
    q.addBindValue(r.latencyMs);
    q.addBindValue(r.responseHead);
    q.addBindValue(r.responseBody);
    q.addBindValue(r.responseSize);
    q.addBindValue(nullIfEmpty(r.error));
    if (!q.exec()) {
        if (error)
            *error = q.lastError().text();
        return false;
    }
    return true;
}

bool AttemptLog::countReplay(QSqlDatabase& db, qint64 eventRowId)
{
    QSqlQuery up(db);
    up.prepare(u"UPDATE events SET replays = replays + 1 WHERE id = ?"_s);
    up.addBindValue(eventRowId);
    return up.exec();
}

bool AttemptLog::abandonStale(QSqlDatabase& db, qint64 beforeUs)
{
    QSqlQuery q(db);
    q.prepare(u"UPDATE attempts SET state = 'failed', error = 'abandoned: the process that scheduled it ended' "
              u"WHERE state = 'pending' AND kind != 'forward' AND scheduled_us < ?"_s);
    q.addBindValue(beforeUs);
    return q.exec();
}

Result<QList<AttemptRow>> AttemptLog::forEvent(QSqlDatabase& db, qint64 eventRowId)
{
    return select(db, u"event_id = ? ORDER BY id"_s, { eventRowId });
}

Result<QList<AttemptRow>> AttemptLog::forRun(QSqlDatabase& db, const QString& runId)
{
    return select(db, u"run_id = ? ORDER BY attempt"_s, { runId });
}

Result<QList<AttemptRow>> AttemptLog::pending(QSqlDatabase& db, const QString& kind)
{
    if (kind.isEmpty())
        return select(db, u"state = 'pending' ORDER BY scheduled_us"_s, {});
    return select(db, u"state = 'pending' AND kind = ? ORDER BY scheduled_us"_s, { kind });
}

} // namespace hookscope::replay
