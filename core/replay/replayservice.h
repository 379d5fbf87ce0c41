#pragma once

#include "attemptrow.h"
#include "replayjob.h"

#include <QObject>

namespace hookscope::replay {

/**
 * What the window and the command line need from a replayer: submit jobs, cancel them, limit
 * concurrency, and hear about attempts and runs. Replayer is the real one; tests hand pages a fake.
 */
class ReplayService : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~ReplayService() override = default;

    virtual void submit(const QList<ReplayJob>& jobs) = 0;
    /** Cancels every run: in-flight attempts are aborted, scheduled retries dropped. */
    virtual void cancel() = 0;
    /** At most `limit` requests in flight at once. */
    virtual void setConcurrency(int limit) = 0;

Q_SIGNALS:
    void attemptFinished(const hookscope::replay::AttemptRow& attempt);
    void runFinished(const hookscope::replay::RunSummary& summary);
    void progress(int finished, int total);
    /** No run is left (every submitted job finished or was cancelled). */
    void idle();
    void message(const QString& text);
};

} // namespace hookscope::replay
