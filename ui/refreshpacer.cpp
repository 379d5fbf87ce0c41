#include "refreshpacer.h"

#include <algorithm>

namespace hookscope::ui {

RefreshPacer::RefreshPacer(Clock clock)
    : m_clock(std::move(clock))
{
}

void RefreshPacer::setClock(Clock clock)
{
    m_clock = std::move(clock);
    for (Kind* kind : { &m_list, &m_counts }) {
        kind->everRead = false;
        kind->lastRead = 0;
    }
}

void RefreshPacer::changed()
{
    m_list.wanted = true;
    m_counts.wanted = true;
}

void RefreshPacer::countsRead()
{
    m_counts.wanted = false;
    m_counts.lastRead = now();
    m_counts.everRead = true;
}

RefreshPacer::Due RefreshPacer::take()
{
    const qint64 t = now();
    const auto takeOne = [t](Kind& kind, qint64 interval) {
        if (!kind.due(t, interval))
            return false;
        kind.wanted = false;
        kind.lastRead = t;
        kind.everRead = true;
        return true;
    };
    Due d;
    d.list = takeOne(m_list, kListIntervalMs);
    d.counts = takeOne(m_counts, kCountsIntervalMs);
    return d;
}

qint64 RefreshPacer::untilDue() const
{
    const qint64 t = now();
    const qint64 list = m_list.until(t, kListIntervalMs);
    const qint64 counts = m_counts.until(t, kCountsIntervalMs);
    if (list < 0)
        return counts;
    if (counts < 0)
        return list;
    return std::min(list, counts);
}

} // namespace hookscope::ui
