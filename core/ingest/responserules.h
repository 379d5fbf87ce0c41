#pragma once

#include "core/config/route.h"

#include <QHash>
#include <QString>

#include <mutex>

namespace hookscope::ingest {

/** What a route's response rules decided for one request. */
struct RuleAnswer {
    int status = 0; ///< 0: no rule set a status (the route's fixed status, else the verification's own answer)
    config::ResponseAction action = config::ResponseAction::Answer;
    int delayMs = 0;
    int delivery = 0; ///< which delivery of its idempotency key this is (1-based), as this listener counted
    QString rule; ///< what decided, for the record: "sequence step 2 of 3", "failureRate 0.3 (seed 42)", "action"
};

/**
 * Decides the answer of a route's response rules (config::RouteResponse): the action for every request, else a
 * sequence step by the request's delivery number under its idempotency key, else a seeded failure rate; the delay
 * is the fixed one or a seeded pick from its range.
 *
 * The seeded choices are a function of (seed, route, key, delivery number) alone, so the same requests get the
 * same answers on every run whatever order they arrive in. Deliveries are counted per route and key by this
 * object (a listener's lifetime); past 100,000 keys the counts start over.
 */
class ResponseRules {
public:
    RuleAnswer decide(const config::Route& route, const QString& idempotencyKey);

    /** A number in [0, 1) that follows from its inputs alone (SplitMix64 over FNV-1a of the key). */
    static double pick(quint64 seed, const QString& route, const QString& key, int delivery, int salt);

private:
    std::mutex m_mutex;
    QHash<QString, int> m_counts;
};

} // namespace hookscope::ingest
