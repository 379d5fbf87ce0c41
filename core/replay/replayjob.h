#pragma once

#include "capturedrequest.h"
#include "replayspec.h"
#include "retrypolicy.h"

#include <QMetaType>
#include <QUrl>

#include <optional>

namespace hookscope::replay {

/** One request to deliver, with its retries: a replay, an auto-forward or a `send`. */
struct ReplayJob {
    QString kind = QStringLiteral("replay"); ///< replay | forward | send
    QString rule; ///< forward rule name
    qint64 eventRowId = 0;
    qint64 deliveryRowId = 0; ///< which captured delivery; 0: the event's first accepted one
    std::optional<CapturedRequest> captured; ///< given directly (send); else read from the store
    QUrl target;
    ReplaySpec spec;
    RetryPolicy policy = RetryPolicy::once();
    int timeoutMs = 10000;
    bool ignoreTlsErrors = false;
    bool audit = true; ///< write a `replay` audit entry when the run ends (kind replay only)

    // Set when resuming a run persisted by an earlier process.
    QString runId;
    int nextAttempt = 1;
    qint64 notBeforeUs = 0;
};

/** How a run ended. */
struct RunSummary {
    QString runId;
    QString kind;
    qint64 eventRowId = 0;
    QString target;
    QString mode;
    int attempts = 0;
    int status = 0; ///< of the last attempt; 0 when none came back
    QString error; ///< of the last attempt
    bool ok = false;
    bool cancelled = false;
};

} // namespace hookscope::replay

Q_DECLARE_METATYPE(hookscope::replay::RunSummary)
