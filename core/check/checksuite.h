#pragma once

#include "checkoptions.h"
#include "checkresult.h"

#include "core/store/checkruns.h"

#include <atomic>
#include <functional>

namespace hookscope::check {

/** What a run reports as it goes (both optional). */
struct CheckProgress {
    std::function<void(const QString& id)> started;
    std::function<void(const CheckResult& result)> finished;
};

/**
 * Runs the selected checks of the suite against `options.target`, in checkIds() order, and returns the scorecard.
 * Blocks in local event loops: call it on a thread with an event dispatcher (the command line's main thread, or a
 * worker QThread for the window). `cancel`, when set, stops the run between two checks (and ack-latency between two
 * deliveries); the checks that did not run are left out. The options must be valid (CheckOptions::problem()).
 */
Scorecard runChecks(
    const CheckOptions& options, const CheckProgress& progress = {}, const std::atomic_bool* cancel = nullptr);

/** The target URL as a run is stored and shown: without the user info a Basic-credentials scheme puts in it. */
QString displayTarget(const QUrl& target);

/** The run as the store keeps it (`check` and the window record the same): no secret, the target without user info. */
store::CheckRun storedRun(const CheckOptions& options, const Scorecard& card, qint64 startedUs);

} // namespace hookscope::check
