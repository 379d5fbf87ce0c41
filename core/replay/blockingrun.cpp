#include "blockingrun.h"

#include "replayservice.h"

#include <QEventLoop>

namespace hookscope::replay {

QList<RunSummary> runToCompletion(
    ReplayService& replayer, const QList<ReplayJob>& jobs, const std::function<void(const AttemptRow&)>& onAttempt)
{
    QList<RunSummary> summaries;
    if (jobs.isEmpty())
        return summaries;
    QEventLoop loop;
    const auto a = QObject::connect(&replayer, &ReplayService::attemptFinished, &loop, [&](const AttemptRow& row) {
        if (onAttempt)
            onAttempt(row);
    });
    const auto r = QObject::connect(&replayer, &ReplayService::runFinished, &loop, [&](const RunSummary& s) {
        summaries.append(s);
        if (summaries.size() >= jobs.size())
            loop.quit();
    });
    replayer.submit(jobs);
    loop.exec();
    QObject::disconnect(a);
    QObject::disconnect(r);
    return summaries;
}

} // namespace hookscope::replay
