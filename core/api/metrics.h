#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

#include <map>
#include <mutex>
#include <vector>

namespace hookscope::store {
class EventStore;
struct AttemptRow;
} // namespace hookscope::store
namespace hookscope::ingest {
struct RequestLog;
}
namespace hookscope::replay {
struct RunSummary;
}

namespace hookscope::api {

/** What the store says at the moment of a scrape. */
struct StoreFacts {
    qint64 sizeBytes = 0; ///< the database file and its write-ahead log
    qint64 backlog = 0; ///< events whose email is not read yet
    qint64 quarantined = 0; ///< events in quarantine now
    qint64 events = 0; ///< events stored (the bin's included)
};

/** Reads StoreFacts through `store` (the calling thread's connection). */
StoreFacts readStoreFacts(store::EventStore& store);

/**
 * The counters and histograms of a running capture, rendered in the Prometheus text exposition format (0.0.4).
 * Thread-safe: requests are observed on the store writer's thread, attempts on the main thread. Counters start at
 * zero when the process starts.
 */
class Metrics final {
public:
    Metrics();

    /** Which scheme each route verifies with (the verification counters are labelled by scheme). */
    void setRouteSchemes(QHash<QString, QString> schemes);
    /** One answered request on a capture port (the listener's own refusals included). */
    void observeRequest(const ingest::RequestLog& request);
    /** One replay or forward attempt that ended. */
    void observeAttempt(const store::AttemptRow& attempt);
    /** One replay or forward run that ended (after its retries). */
    void observeRun(const replay::RunSummary& run);

    QByteArray render(const StoreFacts& store) const;
    static constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

private:
    struct Histogram {
        std::vector<qint64> buckets; ///< per bound, not cumulative; the last is +Inf
        qint64 count = 0;
        double sum = 0;
    };
    using Labels = std::vector<std::pair<QByteArray, QString>>;
    using Counter = std::map<Labels, qint64>;
    static void observe(Histogram& h, double seconds);
    static void renderCounter(QByteArray& out, const char* name, const char* help, const Counter& counter);
    static void renderHistogram(QByteArray& out, const char* name, const char* help, const Histogram& h);

    mutable std::mutex m_mutex;
    QHash<QString, QString> m_schemes;
    Counter m_requests; ///< route, status
    Counter m_verifications; ///< scheme, outcome, reason
    Counter m_duplicates; ///< route
    Counter m_quarantined; ///< route, reason
    Counter m_attempts; ///< kind, outcome
    Counter m_runs; ///< kind, outcome
    Histogram m_commit;
    Histogram m_answer;
};

} // namespace hookscope::api
