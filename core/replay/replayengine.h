#pragma once

#include "attemptrow.h"
#include "exchangeresult.h"
#include "forwardrule.h"
#include "replayjob.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QRandomGenerator>

#include <memory>

namespace hookscope::store {
class EventStore;
class StoreWriter;
} // namespace hookscope::store

namespace hookscope::replay {

class HttpExchange;

/**
 * Works on the Replayer's thread: runs jobs with a concurrency limit, schedules retries with the
 * job's policy, stores every attempt (a scheduled retry is stored as `pending` first, so it survives
 * a restart), and forwards accepted events by the configured rules. Reached only through Replayer.
 */
class ReplayEngine final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReplayEngine)
public:
    ReplayEngine(QString databasePath, store::StoreWriter* writer);
    ~ReplayEngine() override;

    void submit(const QList<hookscope::replay::ReplayJob>& jobs);
    void cancelAll();
    void setConcurrency(int limit);
    void setForwardRules(
        const QList<hookscope::replay::ForwardRule>& rules, const QHash<QString, QByteArray>& routeSecrets);
    void forwardAccepted(qint64 eventRowId, qint64 deliveryRowId);
    void resumePending(const QString& kind);
    /** Stops without marking anything failed: in-flight and scheduled attempts stay pending. */
    void shutdown();

Q_SIGNALS:
    void attemptFinished(const hookscope::replay::AttemptRow& attempt);
    void runFinished(const hookscope::replay::RunSummary& summary);
    void progress(int finished, int total);
    void idle();
    void message(const QString& text);

private:
    struct Run;
    store::EventStore* reader();
    bool loadCaptured(Run& run, QString& error);
    void pump();
    void startAttempt(const std::shared_ptr<Run>& run);
    void onExchangeFinished(const std::shared_ptr<Run>& run, const ExchangeResult& result);
    void schedule(const std::shared_ptr<Run>& run, qint64 delayMs);
    void finishRun(const std::shared_ptr<Run>& run, const AttemptRow& last, bool cancelled);
    AttemptRow baseRow(const Run& run) const;
    void persist(const AttemptRow& row, bool countReplay = false);

    QString m_path;
    store::StoreWriter* m_writer;
    std::unique_ptr<store::EventStore> m_reader;
    QHash<QString, std::shared_ptr<Run>> m_runs;
    QQueue<std::shared_ptr<Run>> m_ready;
    int m_inFlight = 0;
    int m_concurrency = 4;
    int m_total = 0;
    int m_finished = 0;
    bool m_stopping = false;
    QList<ForwardRule> m_rules;
    QHash<QString, QByteArray> m_routeSecrets;
    QRandomGenerator m_random;
};

} // namespace hookscope::replay
