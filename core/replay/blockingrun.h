#pragma once

#include "attemptrow.h"
#include "replayjob.h"

#include <functional>

namespace hookscope::replay {

class ReplayService;

/**
 * Submits `jobs` to `replayer` and runs a local event loop until every run finished (for the
 * command line; the window listens to the signals instead). `onAttempt` sees each attempt as it ends.
 */
QList<RunSummary> runToCompletion(ReplayService& replayer, const QList<ReplayJob>& jobs,
    const std::function<void(const AttemptRow&)>& onAttempt = {});

} // namespace hookscope::replay
