#pragma once

#include <QJsonObject>
#include <QRandomGenerator>

namespace hookscope::replay {

/**
 * When a provider retries: on non-2xx, timeouts and connection errors, with exponential backoff and
 * full jitter (the delay before a retry is uniform between 0 and the exponential ceiling).
 */
struct RetryPolicy {
    int maxAttempts = 5; ///< attempts in all, the first included
    qint64 baseDelayMs = 1000;
    double factor = 2.0;
    qint64 maxDelayMs = 60000;

    /** The ceiling of the delay before attempt `attempt` (2 is the first retry): min(cap, base × factor^(attempt-2)).
     */
    qint64 ceilingMs(int attempt) const;
    /** A full-jitter delay before attempt `attempt`. */
    qint64 delayMs(int attempt, QRandomGenerator& random) const;
    /** Whether an answer (0: none) calls for another attempt. */
    static bool shouldRetry(int status) { return status < 200 || status >= 300; }

    QJsonObject toJson() const;
    static RetryPolicy fromJson(const QJsonObject& o, const RetryPolicy& defaults);
    static RetryPolicy fromJson(const QJsonObject& o) { return fromJson(o, RetryPolicy()); }
    /** A single attempt, as a manual replay does by default. */
    static RetryPolicy once();
};

} // namespace hookscope::replay
