#include "responserules.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace hookscope::ingest {

namespace {

constexpr qsizetype kMaxKeys = 100'000;

quint64 splitMix(quint64 x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

quint64 fnv1a(const QByteArray& bytes, quint64 h = 0xCBF29CE484222325ULL)
{
    for (const char c : bytes) {
        h ^= quint8(c);
        h *= 0x100000001B3ULL;
    }
    return h;
}

} // namespace

double ResponseRules::pick(quint64 seed, const QString& route, const QString& key, int delivery, int salt)
{
    const quint64 h = fnv1a(key.toUtf8(), fnv1a(route.toUtf8() + '\n'));
    const quint64 x = splitMix(splitMix(splitMix(seed) ^ h) ^ (quint64(delivery) << 8 | quint64(salt)));
    return double(x >> 11) / double(1ULL << 53);
}

RuleAnswer ResponseRules::decide(const config::Route& route, const QString& idempotencyKey)
{
    const config::RouteResponse& r = route.response;
    RuleAnswer a;
    a.delayMs = r.delayMs;
    const bool counted = !r.sequence.isEmpty() || r.failureRate > 0 || r.hasRange();
    if (counted) {
        std::lock_guard lock(m_mutex);
        if (m_counts.size() >= kMaxKeys)
            m_counts.clear();
        a.delivery = ++m_counts[route.name + u'\n' + idempotencyKey];
    }
    if (r.hasRange()) {
        const double u = pick(r.seed, route.name, idempotencyKey, a.delivery, 2);
        a.delayMs = r.delayMs + int(std::floor(u * double(r.delayMaxMs - r.delayMs + 1)));
    }
    if (r.action != config::ResponseAction::Answer) {
        a.action = r.action;
        a.rule = u"action"_s;
        return a;
    }
    if (!r.sequence.isEmpty()) {
        int step = 0;
        qint64 reached = 0;
        for (; step < r.sequence.size(); ++step) {
            reached += r.sequence[step].times;
            if (a.delivery <= reached)
                break;
        }
        step = std::min<int>(step, int(r.sequence.size()) - 1);
        a.status = r.sequence[step].status;
        a.action = r.sequence[step].action;
        a.rule = u"sequence step %1 of %2"_s.arg(step + 1).arg(r.sequence.size());
        return a;
    }
    if (r.failureRate > 0) {
        if (pick(r.seed, route.name, idempotencyKey, a.delivery, 1) < r.failureRate) {
            a.status = r.failureStatus;
            a.rule = u"failureRate %1 (seed %2)"_s.arg(r.failureRate).arg(r.seed);
        }
        return a;
    }
    return a;
}

} // namespace hookscope::ingest
