#include "checkruns.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace hookscope::store {

Result<qint64> CheckRuns::append(QSqlDatabase& db, const CheckRun& run)
{
    QSqlQuery q(db);
    if (!q.prepare(u"INSERT INTO check_runs (started_at, target_url, scheme, passed, result_json) "
                   u"VALUES (:started_at, :target_url, :scheme, :passed, :result_json)"_s))
        return fail(q.lastError().text());
    q.bindValue(u":started_at"_s, run.startedUs);
    q.bindValue(u":target_url"_s, run.targetUrl);
    q.bindValue(u":scheme"_s, run.scheme);
    q.bindValue(u":passed"_s, run.passed ? 1 : 0);
    q.bindValue(u":result_json"_s, QString::fromUtf8(QJsonDocument(run.result).toJson(QJsonDocument::Compact)));
    if (!q.exec())
        return fail(q.lastError().text());
    return q.lastInsertId().toLongLong();
}

Result<QList<CheckRun>> CheckRuns::read(QSqlDatabase& db, const QString& targetUrl, int limit)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    QString sql = u"SELECT id, started_at, target_url, scheme, passed, result_json FROM check_runs"_s;
    if (!targetUrl.isEmpty())
        sql += u" WHERE target_url = ?"_s;
    sql += u" ORDER BY started_at DESC, id DESC"_s;
    if (limit > 0)
        sql += u" LIMIT %1"_s.arg(limit);
    if (!q.prepare(sql))
        return fail(q.lastError().text());
    if (!targetUrl.isEmpty())
        q.addBindValue(targetUrl);
    if (!q.exec())
        return fail(q.lastError().text());
    QList<CheckRun> runs;
    while (q.next()) {
        CheckRun r;
        r.id = q.value(0).toLongLong();
        r.startedUs = q.value(1).toLongLong();
        r.targetUrl = q.value(2).toString();
        r.scheme = q.value(3).toString();
        r.passed = q.value(4).toInt() != 0;
        r.result = QJsonDocument::fromJson(q.value(5).toString().toUtf8()).object();
        runs.append(r);
    }
    return runs;
}

} // namespace hookscope::store
