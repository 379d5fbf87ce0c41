#include "replayer.h"

#include "replayengine.h"

#include "core/common/crypto.h"

namespace hookscope::replay {

Replayer::Replayer(QString databasePath, store::StoreWriter* writer, QObject* parent)
    : ReplayService(parent)
    , m_engine(new ReplayEngine(std::move(databasePath), writer))
{
    qRegisterMetaType<AttemptRow>();
    qRegisterMetaType<RunSummary>();
    m_thread.setObjectName(QStringLiteral("replayer"));
    m_engine->moveToThread(&m_thread);
    connect(m_engine, &ReplayEngine::attemptFinished, this, &Replayer::attemptFinished);
    connect(m_engine, &ReplayEngine::runFinished, this, &Replayer::runFinished);
    connect(m_engine, &ReplayEngine::progress, this, &Replayer::progress);
    connect(m_engine, &ReplayEngine::idle, this, &Replayer::idle);
    connect(m_engine, &ReplayEngine::message, this, &Replayer::message);
    m_thread.start();
}

Replayer::~Replayer()
{
    // The engine (its network access, its signing) ends on its own thread, and so does that thread's use of
    // OpenSSL, before wait() returns (crypto::endThreadUse says why).
    QMetaObject::invokeMethod(
        m_engine,
        [engine = m_engine] {
            engine->shutdown();
            delete engine;
            crypto::endThreadUse();
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void Replayer::submit(const QList<ReplayJob>& jobs)
{
    QMetaObject::invokeMethod(
        m_engine, [engine = m_engine, jobs] { engine->submit(jobs); }, Qt::QueuedConnection);
}

void Replayer::cancel()
{
    QMetaObject::invokeMethod(m_engine, &ReplayEngine::cancelAll, Qt::QueuedConnection);
}

void Replayer::setConcurrency(int limit)
{
    QMetaObject::invokeMethod(
        m_engine, [engine = m_engine, limit] { engine->setConcurrency(limit); }, Qt::QueuedConnection);
}

void Replayer::setForwardRules(const QList<ForwardRule>& rules, const QHash<QString, QByteArray>& routeSecrets)
{
    QMetaObject::invokeMethod(
        m_engine, [engine = m_engine, rules, routeSecrets] { engine->setForwardRules(rules, routeSecrets); },
        Qt::QueuedConnection);
}

void Replayer::forwardAccepted(qint64 eventRowId, qint64 deliveryRowId)
{
    QMetaObject::invokeMethod(
        m_engine,
        [engine = m_engine, eventRowId, deliveryRowId] { engine->forwardAccepted(eventRowId, deliveryRowId); },
        Qt::QueuedConnection);
}

void Replayer::resumePending(const QString& kind)
{
    QMetaObject::invokeMethod(
        m_engine, [engine = m_engine, kind] { engine->resumePending(kind); }, Qt::QueuedConnection);
}

} // namespace hookscope::replay
