#pragma once

#include <QtGlobal>

#include <algorithm>
#include <functional>

namespace hookscope::ui {

/**
 * How often the window reads the store again while it changes. However fast events arrive, the list is read at
 * most once per list interval and the views' counts (the heaviest read) at most once per counts interval; a change
 * is never left unread: the read it asks for comes at the latest one interval after the previous read of its kind,
 * and at once after a quiet spell. Time comes from a clock the window gives it (a steady clock; tests give a
 * simulated one), so the pacing does not depend on how busy the machine is.
 */
class RefreshPacer final {
public:
    using Clock = std::function<qint64()>; ///< milliseconds, never going back
    static constexpr qint64 kListIntervalMs = 100;
    static constexpr qint64 kCountsIntervalMs = 1000;

    explicit RefreshPacer(Clock clock);

    /** The store changed: both the list and the counts want reading. */
    void changed();
    /** The counts were read outside the pacer (after an action): they are fresh as of now. */
    void countsRead();

    struct Due {
        bool list = false;
        bool counts = false;
    };
    /** What to read now; what it returns counts as read. */
    Due take();
    /** Milliseconds until a read that is wanted becomes due (0: now), or -1 when nothing is wanted. */
    qint64 untilDue() const;

    /** Another clock; the intervals start afresh on it (what was wanted stays wanted). */
    void setClock(Clock clock);
    qint64 now() const { return m_clock(); }

private:
    struct Kind {
        bool wanted = false;
        qint64 lastRead = 0;
        bool everRead = false;
        bool due(qint64 now, qint64 interval) const { return wanted && (!everRead || now - lastRead >= interval); }
        qint64 until(qint64 now, qint64 interval) const
        {
            if (!wanted)
                return -1;
            return everRead ? std::max<qint64>(0, lastRead + interval - now) : 0;
        }
    };
    Clock m_clock;
    Kind m_list;
    Kind m_counts;
};

} // namespace hookscope::ui
