#pragma once

#include "core/common/result.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <array>

namespace hookscope::store {

/** The stretch of time the figures cover, ending now. */
enum class StatsRange { LastHour, LastDay, All };

/** What to count: a range ending at `nowUs`, buckets of local time. */
struct StatsRequest {
    StatsRange range = StatsRange::LastHour;
    qint64 nowUs = 0; ///< the end of the range, microseconds since the epoch
    /// Local time's offset from UTC, so that a day's buckets start at local midnight (and hours at local hours).
    int utcOffsetSecs = 0;
    int top = 8; ///< how many routes and senders to name
};

/** The live events (the bin left out) that arrived in one bucket, by how their signature fared. */
struct StatsBucket {
    qint64 startUs = 0;
    qint64 verified = 0;
    qint64 failed = 0;
    qint64 unverified = 0;
    qint64 total() const { return verified + failed + unverified; }
};

/** A route or a sender and its live events in the range. */
struct StatsCount {
    QString name;
    qint64 events = 0;
};

/**
 * How fast the targets of replays, forwards and `send` answered (attempts made in the range). The listener's own
 * answer time to a provider is not stored (the local API's /metrics has it while the listener runs), so this is
 * the only answer latency a store holds.
 */
struct LatencyFigures {
    /// Upper bounds (exclusive) of the histogram's buckets in milliseconds; the last bucket has none.
    static constexpr std::array<qint64, 9> kEdgesMs { 10, 25, 50, 100, 250, 500, 1000, 2500, 5000 };
    static constexpr int kBuckets = int(kEdgesMs.size()) + 1;

    qint64 answered = 0; ///< attempts that got an HTTP answer (any status)
    qint64 unanswered = 0; ///< attempts that ended without one (refused, timed out, TLS error)
    qint64 p50Ms = 0; ///< nearest-rank percentiles of the answered attempts' latency
    qint64 p95Ms = 0;
    qint64 p99Ms = 0;
    qint64 maxMs = 0;
    std::array<qint64, kBuckets> histogram {}; ///< answered attempts per bucket of kEdgesMs
    /** "<10 ms", "10–25 ms", …, "≥5 s": the label of histogram bucket `i`. */
    static QString bucketLabel(int i);
};

/** The figures of the Stats view, read in one go. */
struct StoreStats {
    StatsRange range = StatsRange::LastHour;
    qint64 sinceUs = 0; ///< start of the first bucket (All: of the oldest event's; 0 for an empty store)
    qint64 untilUs = 0; ///< the request's now
    qint64 bucketUs = 0; ///< width of a timeline bucket
    QList<StatsBucket> timeline; ///< every bucket from sinceUs on, empty ones included, oldest first
    qint64 events = 0;
    qint64 verified = 0;
    qint64 failed = 0;
    qint64 unverified = 0;
    /// Events that arrived once, twice, three times and four or more times (the sender's retries, duplicates).
    std::array<qint64, 4> deliveriesPerEvent {};
    LatencyFigures latency;
    QList<StatsCount> topRoutes; ///< most events first, ties by name
    QList<StatsCount> topSenders; ///< by the email's From address (read after the ack); most first, ties by name
};

/** "minute", "15 minutes", "hour", "day", "week", "30 days": the width of a bucket, for labels. */
QString bucketName(qint64 bucketUs);

/**
 * Counts the figures with SQL aggregates on the store's indexes. For the last hour and the last day no statement
 * reads the whole events table or one of its whole indexes: each walks the range of its index the range covers
 * (statsQueryPlans shows how). All reads every live event once per figure, through covering indexes. Run it on a
 * read connection of its own (never the GUI thread's): on a million events All takes a second or two.
 */
Result<StoreStats> readStats(QSqlDatabase& db, const StatsRequest& request);

/** SQLite's EXPLAIN QUERY PLAN of each statement readStats runs for `request`, one line per step. */
Result<QStringList> statsQueryPlans(QSqlDatabase& db, const StatsRequest& request);

} // namespace hookscope::store
