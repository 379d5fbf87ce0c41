#pragma once

#include "forwardrule.h"
#include "replayservice.h"

#include <QHash>
#include <QThread>

namespace hookscope::store {
class StoreWriter;
}

namespace hookscope::replay {

class ReplayEngine;

/**
 * Replays, forwards and sends requests on a worker thread of its own, storing every attempt through
 * the store's one writer (none: nothing is stored). Every method may be called from any thread;
 * signals arrive queued on the receiver's thread. The window and the command line use the same one.
 */
class Replayer final : public ReplayService {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Replayer)
public:
    /** `databasePath` is read (captured deliveries, pending attempts) on the worker thread. */
    Replayer(QString databasePath, store::StoreWriter* writer, QObject* parent = nullptr);
    /** Stops; attempts not yet made stay pending in the store. */
    ~Replayer() override;

    void submit(const QList<ReplayJob>& jobs) override;
    void cancel() override;
    /** At most `limit` requests in flight at once (default 4). */
    void setConcurrency(int limit) override;

    /** Auto-forwarding: rules in order, and each route's secret for re-signing. */
    void setForwardRules(const QList<ForwardRule>& rules, const QHash<QString, QByteArray>& routeSecrets = {});
    /** An event's first accepted delivery was committed: forward it if a rule matches. Thread-safe. */
    void forwardAccepted(qint64 eventRowId, qint64 deliveryRowId);
    /** Picks up attempts a previous process left pending (of `kind`; empty: all). */
    void resumePending(const QString& kind = QStringLiteral("forward"));

private:
    QThread m_thread;
    ReplayEngine* m_engine;
};

} // namespace hookscope::replay
