#include "attemptlog.h"

#include "records.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace hookscope::store {

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
    const auto v = [&q](const QString& column) { return q.value(column); };
    AttemptRow r;
    r.id = v(u"id"_s).toLongLong();
    r.eventRowId = v(u"event_id"_s).toLongLong();
    r.runId = v(u"run_id"_s).toString();
    r.kind = v(u"kind"_s).toString();
    r.rule = v(u"rule"_s).toString();
    r.target = v(u"target"_s).toString();
    r.mode = v(u"mode"_s).toString();
    r.spec = QJsonDocument::fromJson(v(u"spec_json"_s).toByteArray()).object();
    r.attempt = v(u"attempt"_s).toInt();
    r.maxAttempts = v(u"max_attempts"_s).toInt();
    r.state = v(u"state"_s).toString();
    r.scheduledUs = v(u"scheduled_us"_s).toLongLong();
    r.startedUs = v(u"started_us"_s).toLongLong();
    r.finishedUs = v(u"finished_us"_s).toLongLong();
    r.requestMethod = v(u"request_method"_s).toString();
    r.requestUrl = v(u"request_url"_s).toString();
    r.requestHead = v(u"request_head"_s).toByteArray();
    r.requestBody = v(u"request_body"_s).toByteArray();
    r.status = v(u"status"_s).toInt();
    r.latencyMs = v(u"latency_ms"_s).toLongLong();
    r.responseHead = v(u"response_head"_s).toByteArray();
    r.responseBody = v(u"response_body"_s).toByteArray();
    r.responseSize = v(u"response_size"_s).toLongLong();
    r.error = v(u"error"_s).toString();
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
        { u"scheduledAt"_s, isoTime(scheduledUs) }, { u"status"_s, status ? QJsonValue(status) : QJsonValue() },
        { u"latencyMs"_s, double(latencyMs) }, { u"error"_s, error.isEmpty() ? QJsonValue() : QJsonValue(error) },
        { u"requestMethod"_s, requestMethod }, { u"requestUrl"_s, requestUrl },
        { u"responseSize"_s, double(responseSize) } };
    if (eventRowId)
        o.insert(u"event"_s, double(eventRowId));
    if (!rule.isEmpty())
        o.insert(u"rule"_s, rule);
    if (startedUs)
        o.insert(u"startedAt"_s, isoTime(startedUs));
    if (finishedUs)
        o.insert(u"finishedAt"_s, isoTime(finishedUs));
    if (withBodies) {
        o.insert(u"requestHead"_s, QString::fromLatin1(requestHead));
        o.insert(u"requestBodyBase64"_s, QString::fromLatin1(requestBody.toBase64()));
        o.insert(u"responseHead"_s, QString::fromLatin1(responseHead));
        o.insert(u"responseBody"_s, QString::fromUtf8(responseBody));
    }
    return o;
}

Result<void> AttemptLog::write(QSqlDatabase& db, const AttemptRow& r)
{
    QSqlQuery q(db);
    if (!q.prepare(
            u"INSERT INTO attempts (event_id, run_id, kind, rule, target, mode, spec_json, attempt, max_attempts, "
            u"state, scheduled_us, started_us, finished_us, request_method, request_url, request_head, request_body, "
            u"status, latency_ms, response_head, response_body, response_size, error) "
            u"VALUES (:event_id, :run_id, :kind, :rule, :target, :mode, :spec_json, :attempt, :max_attempts, "
            u":state, :scheduled_us, :started_us, :finished_us, :request_method, :request_url, :request_head, "
            u":request_body, :status, :latency_ms, :response_head, :response_body, :response_size, :error) "
            u"ON CONFLICT (run_id, attempt) DO UPDATE SET state = excluded.state, "
            u"started_us = excluded.started_us, finished_us = excluded.finished_us, "
            u"request_method = excluded.request_method, request_url = excluded.request_url, "
            u"request_head = excluded.request_head, request_body = excluded.request_body, status = excluded.status, "
            u"latency_ms = excluded.latency_ms, response_head = excluded.response_head, "
            u"response_body = excluded.response_body, response_size = excluded.response_size, "
            u"error = excluded.error"_s))
        return fail(q.lastError().text());
    q.bindValue(u":event_id"_s, nullIfZero(r.eventRowId));
    q.bindValue(u":run_id"_s, r.runId);
    q.bindValue(u":kind"_s, r.kind);
    q.bindValue(u":rule"_s, nullIfEmpty(r.rule));
    q.bindValue(u":target"_s, r.target);
    q.bindValue(u":mode"_s, r.mode);
    q.bindValue(u":spec_json"_s, QString::fromUtf8(QJsonDocument(r.spec).toJson(QJsonDocument::Compact)));
    q.bindValue(u":attempt"_s, r.attempt);
    q.bindValue(u":max_attempts"_s, r.maxAttempts);
    q.bindValue(u":state"_s, r.state);
    q.bindValue(u":scheduled_us"_s, r.scheduledUs);
    q.bindValue(u":started_us"_s, nullIfZero(r.startedUs));
    q.bindValue(u":finished_us"_s, nullIfZero(r.finishedUs));
    q.bindValue(u":request_method"_s, nullIfEmpty(r.requestMethod));
    q.bindValue(u":request_url"_s, nullIfEmpty(r.requestUrl));
    q.bindValue(u":request_head"_s, r.requestHead);
    q.bindValue(u":request_body"_s, r.requestBody);
    q.bindValue(u":status"_s, r.status ? QVariant(r.status) : QVariant(QMetaType(QMetaType::Int)));
    q.bindValue(u":latency_ms"_s, r.latencyMs);
    q.bindValue(u":response_head"_s, r.responseHead);
    q.bindValue(u":response_body"_s, r.responseBody);
    q.bindValue(u":response_size"_s, r.responseSize);
    q.bindValue(u":error"_s, nullIfEmpty(r.error));
    if (!q.exec())
        return fail(q.lastError().text());
    return {};
}

Result<void> AttemptLog::countReplay(QSqlDatabase& db, qint64 eventRowId)
{
    QSqlQuery up(db);
    if (!up.prepare(u"UPDATE events SET replays = replays + 1 WHERE id = ?"_s))
        return fail(up.lastError().text());
    up.addBindValue(eventRowId);
    if (!up.exec())
        return fail(up.lastError().text());
    return {};
}

Result<void> AttemptLog::abandonStale(QSqlDatabase& db, qint64 beforeUs)
{
    QSqlQuery q(db);
    if (!q.prepare(u"UPDATE attempts SET state = 'failed', error = 'abandoned: the process that scheduled it ended' "
                   u"WHERE state = 'pending' AND kind != 'forward' AND scheduled_us < ?"_s))
        return fail(q.lastError().text());
    q.addBindValue(beforeUs);
    if (!q.exec())
        return fail(q.lastError().text());
    return {};
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

} // namespace hookscope::store
