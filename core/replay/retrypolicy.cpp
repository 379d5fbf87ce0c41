#include "retrypolicy.h"

#include <cmath>

using namespace Qt::StringLiterals;

namespace hookscope::replay {

qint64 RetryPolicy::ceilingMs(int attempt) const
{
    if (attempt < 2)
        return 0;
    const double ceiling = double(baseDelayMs) * std::pow(factor, double(attempt - 2));
    // Past the cap the power may overflow a qint64: compare as double first.
    if (!std::isfinite(ceiling) || ceiling >= double(maxDelayMs))
        return maxDelayMs;
    return qint64(ceiling);
}

qint64 RetryPolicy::delayMs(int attempt, QRandomGenerator& random) const
{
    const qint64 ceiling = ceilingMs(attempt);
    if (ceiling <= 0)
        return 0;
    return qint64(random.bounded(quint64(ceiling) + 1));
}

QJsonObject RetryPolicy::toJson() const
{
    return { { u"maxAttempts"_s, maxAttempts }, { u"baseDelayMs"_s, double(baseDelayMs) }, { u"factor"_s, factor },
        { u"maxDelayMs"_s, double(maxDelayMs) } };
}

RetryPolicy RetryPolicy::fromJson(const QJsonObject& o, const RetryPolicy& defaults)
{
    RetryPolicy p = defaults;
    p.maxAttempts = qMax(1, o.value(u"maxAttempts"_s).toInt(p.maxAttempts));
    p.baseDelayMs = qMax<qint64>(0, o.value(u"baseDelayMs"_s).toInteger(p.baseDelayMs));
    p.factor = qMax(1.0, o.value(u"factor"_s).toDouble(p.factor));
    p.maxDelayMs = qMax<qint64>(0, o.value(u"maxDelayMs"_s).toInteger(p.maxDelayMs));
    return p;
}

RetryPolicy RetryPolicy::once()
{
    RetryPolicy p;
    p.maxAttempts = 1;
    return p;
}

} // namespace hookscope::replay
