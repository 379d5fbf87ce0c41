#include "stats.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace Qt::StringLiterals;

namespace hookscope::store {

namespace {

constexpr qint64 kSecondUs = 1'000'000;
constexpr qint64 kMinuteUs = 60 * kSecondUs;
constexpr qint64 kHourUs = 60 * kMinuteUs;
constexpr qint64 kDayUs = 24 * kHourUs;

/** The start of the local-time bucket of width `bucketUs` that holds `timeUs`. */
qint64 floorLocal(qint64 timeUs, qint64 bucketUs, qint64 offsetUs)
{
    const qint64 local = timeUs + offsetUs;
    qint64 q = local / bucketUs;
    if (local % bucketUs < 0)
        --q;
    return q * bucketUs - offsetUs;
}

struct Statement {
    QString sql;
    QVariantList binds;
};

/** Where the buckets start, how wide they are and where the range ends (exclusive). */
struct Span {
    qint64 originUs = 0;
    qint64 bucketUs = kMinuteUs;
    qint64 endUs = 0;
    int buckets = 0;
};

Result<QSqlQuery> run(QSqlDatabase& db, const Statement& s)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(s.sql))
        return fail(u"cannot read the figures: %1"_s.arg(q.lastError().text()));
    for (const QVariant& b : s.binds)
        q.addBindValue(b);
    if (!q.exec())
        return fail(u"cannot read the figures: %1"_s.arg(q.lastError().text()));
    return q;
}

/** The oldest and newest live event (0, 0 for none): two index lookups, never a scan. */
const QString kBoundsSql = u"SELECT (SELECT min(received_us) FROM events WHERE discarded_us IS NULL), "
                           u"(SELECT max(received_us) FROM events WHERE discarded_us IS NULL)"_s;

Result<Span> span(QSqlDatabase& db, const StatsRequest& r)
{
    const qint64 offsetUs = qint64(r.utcOffsetSecs) * kSecondUs;
    Span s;
    qint64 fromUs = 0, lastUs = r.nowUs;
    switch (r.range) {
    case StatsRange::LastHour:
        s.bucketUs = kMinuteUs;
        fromUs = r.nowUs - kHourUs;
        break;
    case StatsRange::LastDay:
        s.bucketUs = 15 * kMinuteUs;
        fromUs = r.nowUs - kDayUs;
        break;
    case StatsRange::All: {
        auto q = run(db, { kBoundsSql, {} });
        if (!q)
            return fail(q.error());
        if (!q->next() || q->value(0).isNull())
            return s; // an empty store: no buckets
        fromUs = q->value(0).toLongLong();
        lastUs = std::max(q->value(1).toLongLong(), r.nowUs);
        // Days while that makes at most half a year of bars, then weeks, then 30 days.
        const qint64 spanUs = lastUs - fromUs;
        s.bucketUs = spanUs <= 183 * kDayUs ? kDayUs : spanUs <= 3 * 365 * kDayUs ? 7 * kDayUs : 30 * kDayUs;
        break;
    }
    }
    s.originUs = floorLocal(fromUs, s.bucketUs, offsetUs);
    s.buckets = int((lastUs - s.originUs) / s.bucketUs) + 1;
    s.endUs = s.originUs + qint64(s.buckets) * s.bucketUs;
    return s;
}

struct Statements {
    Statement timeline, deliveries, routes, senders, latency;
};

Statements statements(const StatsRequest& r, const Span& s)
{
    const bool all = r.range == StatsRange::All;
    Statements st;
    // events_ui_status (status, received_us) covers it: three ranges of the index, no row of the table.
    st.timeline = { u"SELECT status, (received_us - ?) / ? AS bucket, count(*) FROM events "
                    u"WHERE discarded_us IS NULL AND status IN ('verified', 'failed', 'unverified') "
                    u"AND received_us >= ? AND received_us < ? GROUP BY status, bucket"_s,
        { s.originUs, s.bucketUs, s.originUs, s.endUs } };
    // A range: the events of the range through events_ui_live (SQLite, without statistics, would rather read the
    // whole of events_ui_deliveries). All: events_ui_deliveries covers the events sorted after the ack (migration
    // 015), and events_unsorted finds the few others.
    // The same count of a group of events (1, 2, 3, 4 or more deliveries), from wherever they are read.
    const QString perGroup = u"SELECT min(max(deliveries, 1), 4) AS n, count(*) AS c FROM events %1 "
                             u"WHERE discarded_us IS NULL AND %2 GROUP BY n"_s;
    st.deliveries = all
        ? Statement { u"SELECT n, sum(c) FROM (%1 UNION ALL %2) GROUP BY n"_s.arg(
                          perGroup.arg(QString(), u"sort_indexed = 1"_s),
                          perGroup.arg(u"INDEXED BY events_unsorted"_s, u"sort_indexed = 0"_s)),
              {} }
        : Statement { perGroup.arg(u"INDEXED BY events_ui_live"_s, u"received_us >= ? AND received_us < ?"_s),
              { s.originUs, s.endUs } };
    // The routes are few: each is found by one step along events_ui_route (route, received_us), and its events in
    // the range counted on that index, instead of grouping every event.
    st.routes
        = { u"WITH RECURSIVE routes(name) AS ("
            u"SELECT (SELECT min(route) FROM events WHERE discarded_us IS NULL) "
            u"UNION ALL SELECT (SELECT min(route) FROM events WHERE discarded_us IS NULL AND route > routes.name) "
            u"FROM routes WHERE routes.name IS NOT NULL) "
            u"SELECT name, (SELECT count(*) FROM events WHERE discarded_us IS NULL AND route = routes.name "
            u"AND received_us >= ? AND received_us < ?) AS n "
            u"FROM routes WHERE name IS NOT NULL AND n > 0 ORDER BY n DESC, name LIMIT ?"_s,
              { s.originUs, s.endUs, r.top } };
    // All: events_ui_from covers it. An event outside it (sort_indexed = 0) has no sender yet: the same write gives
    // it both (EmailFieldsWriter).
    st.senders = all ? Statement { u"SELECT from_address, count(*) AS n FROM events WHERE discarded_us IS NULL "
                                   u"AND sort_indexed = 1 AND from_address IS NOT NULL AND from_address <> '' "
                                   u"GROUP BY from_address ORDER BY n DESC, from_address LIMIT ?"_s,
        { r.top } }
                     : Statement { u"SELECT from_address, count(*) AS n FROM events INDEXED BY events_ui_live "
                                   u"WHERE discarded_us IS NULL AND received_us >= ? AND received_us < ? "
                                   u"AND from_address IS NOT NULL AND from_address <> '' "
                                   u"GROUP BY from_address ORDER BY n DESC, from_address LIMIT ?"_s,
                           { s.originUs, s.endUs, r.top } };
    // The attempts table has no index by time: it is read whole (it holds replays and forwards, not every event).
    const QString attemptTime = u"coalesce(started_us, scheduled_us)"_s;
    st.latency = all
        ? Statement { u"SELECT latency_ms, status IS NOT NULL FROM attempts WHERE state <> 'pending'"_s, {} }
        : Statement { u"SELECT latency_ms, status IS NOT NULL FROM attempts WHERE state <> 'pending' "
                      u"AND %1 >= ? AND %1 < ?"_s.arg(attemptTime),
              { s.originUs, s.endUs } };
    return st;
}

qint64 nearestRank(const std::vector<qint64>& sorted, double p)
{
    if (sorted.empty())
        return 0;
    const auto rank = qint64(std::ceil(p * double(sorted.size())));
    return sorted[size_t(std::clamp<qint64>(rank, 1, qint64(sorted.size())) - 1)];
}

} // namespace

QString LatencyFigures::bucketLabel(int i)
{
    const auto ms = [](qint64 v) -> QString {
        return v >= 1000 ? (v % 1000 ? QString::number(double(v) / 1000.0) : QString::number(v / 1000)) + u" s"_s
                         : QString::number(v) + u" ms"_s;
    };
    if (i <= 0)
        return u"<"_s + ms(kEdgesMs.front());
    if (i >= int(kEdgesMs.size()))
        return u"≥"_s + ms(kEdgesMs.back());
    const qint64 lo = kEdgesMs[size_t(i - 1)], hi = kEdgesMs[size_t(i)];
    // "10–25 ms", "500 ms–1 s", "1–2.5 s"
    if ((lo >= 1000) == (hi >= 1000)) {
        const QString h = ms(hi);
        const QString unit = h.section(u' ', 1);
        return ms(lo).section(u' ', 0, 0) + u"–"_s + h.section(u' ', 0, 0) + u' ' + unit;
    }
    return ms(lo) + u"–"_s + ms(hi);
}

QString bucketName(qint64 bucketUs)
{
    if (bucketUs == kMinuteUs)
        return u"minute"_s;
    if (bucketUs == kHourUs)
        return u"hour"_s;
    if (bucketUs == kDayUs)
        return u"day"_s;
    if (bucketUs == 7 * kDayUs)
        return u"week"_s;
    if (bucketUs % kDayUs == 0)
        return u"%1 days"_s.arg(bucketUs / kDayUs);
    if (bucketUs % kHourUs == 0)
        return u"%1 hours"_s.arg(bucketUs / kHourUs);
    return u"%1 minutes"_s.arg(bucketUs / kMinuteUs);
}

Result<StoreStats> readStats(QSqlDatabase& db, const StatsRequest& request)
{
    StoreStats stats;
    stats.range = request.range;
    stats.untilUs = request.nowUs;
    const auto s = span(db, request);
    if (!s)
        return fail(s.error());
    stats.sinceUs = s->originUs;
    stats.bucketUs = s->bucketUs;
    if (s->buckets == 0)
        return stats;
    const Statements st = statements(request, *s);

    stats.timeline.resize(s->buckets);
    for (int i = 0; i < s->buckets; ++i)
        stats.timeline[i].startUs = s->originUs + qint64(i) * s->bucketUs;
    {
        auto q = run(db, st.timeline);
        if (!q)
            return fail(q.error());
        while (q->next()) {
            const QString status = q->value(0).toString();
            const qint64 bucket = q->value(1).toLongLong();
            const qint64 n = q->value(2).toLongLong();
            if (bucket < 0 || bucket >= s->buckets)
                continue;
            StatsBucket& b = stats.timeline[bucket];
            (status == u"verified"_s ? b.verified : status == u"failed"_s ? b.failed : b.unverified) += n;
        }
        if (q->lastError().isValid())
            return fail(u"cannot read the figures: %1"_s.arg(q->lastError().text()));
    }
    for (const StatsBucket& b : std::as_const(stats.timeline)) {
        stats.verified += b.verified;
        stats.failed += b.failed;
        stats.unverified += b.unverified;
    }
    stats.events = stats.verified + stats.failed + stats.unverified;

    {
        auto q = run(db, st.deliveries);
        if (!q)
            return fail(q.error());
        while (q->next()) {
            const int n = std::clamp(q->value(0).toInt(), 1, 4);
            stats.deliveriesPerEvent[size_t(n - 1)] += q->value(1).toLongLong();
        }
        if (q->lastError().isValid())
            return fail(u"cannot read the figures: %1"_s.arg(q->lastError().text()));
    }
    for (auto [statement, list] : { std::pair { &st.routes, &stats.topRoutes }, { &st.senders, &stats.topSenders } }) {
        auto q = run(db, *statement);
        if (!q)
            return fail(q.error());
        while (q->next())
            list->append({ q->value(0).toString(), q->value(1).toLongLong() });
        if (q->lastError().isValid())
            return fail(u"cannot read the figures: %1"_s.arg(q->lastError().text()));
    }
    {
        auto q = run(db, st.latency);
        if (!q)
            return fail(q.error());
        std::vector<qint64> latencies;
        while (q->next()) {
            if (!q->value(1).toBool()) {
                ++stats.latency.unanswered;
                continue;
            }
            latencies.push_back(std::max<qint64>(0, q->value(0).toLongLong()));
        }
        if (q->lastError().isValid())
            return fail(u"cannot read the figures: %1"_s.arg(q->lastError().text()));
        std::sort(latencies.begin(), latencies.end());
        LatencyFigures& l = stats.latency;
        l.answered = qint64(latencies.size());
        l.p50Ms = nearestRank(latencies, 0.50);
        l.p95Ms = nearestRank(latencies, 0.95);
        l.p99Ms = nearestRank(latencies, 0.99);
        l.maxMs = latencies.empty() ? 0 : latencies.back();
        for (const qint64 ms : latencies) {
            const auto edge = std::upper_bound(LatencyFigures::kEdgesMs.begin(), LatencyFigures::kEdgesMs.end(), ms);
            ++l.histogram[size_t(edge - LatencyFigures::kEdgesMs.begin())];
        }
    }
    return stats;
}

Result<QStringList> statsQueryPlans(QSqlDatabase& db, const StatsRequest& request)
{
    const auto s = span(db, request);
    if (!s)
        return fail(s.error());
    // An empty store still has a plan: explain the statements over one bucket.
    Span shown = *s;
    if (shown.buckets == 0) {
        shown.buckets = 1;
        shown.endUs = shown.originUs + shown.bucketUs;
    }
    const Statements st = statements(request, shown);
    QStringList lines;
    const QList<std::pair<QString, const Statement*>> all { { u"bounds"_s, nullptr }, { u"timeline"_s, &st.timeline },
        { u"deliveries"_s, &st.deliveries }, { u"routes"_s, &st.routes }, { u"senders"_s, &st.senders },
        { u"latency"_s, &st.latency } };
    const Statement bounds { kBoundsSql, {} };
    for (const auto& [name, statement] : all) {
        if (!statement && request.range != StatsRange::All)
            continue;
        const Statement& chosen = statement ? *statement : bounds;
        auto q = run(db, { u"EXPLAIN QUERY PLAN "_s + chosen.sql, chosen.binds });
        if (!q)
            return fail(q.error());
        while (q->next())
            lines << name + u": "_s + q->value(3).toString();
    }
    return lines;
}

} // namespace hookscope::store
