#include "storereader.h"

#include "core/common/crypto.h"
#include "core/store/eventstore.h"

#include <QMutex>
#include <QPointer>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

/** Lives on the worker thread; opens the store lazily there, since SQLite connections are per thread. */
class StoreReader::Worker final : public QObject {
public:
    explicit Worker(QString path)
        : m_path(std::move(path))
    {
    }
    ~Worker() override { m_store.reset(); }

    store::EventStore* store()
    {
        if (!m_store) {
            auto opened = store::EventStore::open(m_path, false);
            if (!opened) {
                QMutexLocker lock(&m_errorMutex);
                m_error = opened.error();
                return nullptr;
            }
            m_store = std::move(*opened);
        }
        return m_store.get();
    }
    QString error() const
    {
        QMutexLocker lock(&m_errorMutex);
        return m_error;
    }

private:
    QString m_path;
    std::unique_ptr<store::EventStore> m_store;
    mutable QMutex m_errorMutex;
    QString m_error;
};

StoreReader::StoreReader(QString databasePath, QObject* parent)
    : QObject(parent)
    , m_path(std::move(databasePath))
{
    m_thread.setObjectName(u"store-reader"_s);
    m_worker = new Worker(m_path);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_backgroundThread.setObjectName(u"store-reader-background"_s);
    m_backgroundWorker = new Worker(m_path);
    m_backgroundWorker->moveToThread(&m_backgroundThread);
    connect(&m_backgroundThread, &QThread::finished, m_backgroundWorker, &QObject::deleteLater);
    // Work run on these threads may have used OpenSSL; that ends on each thread before wait() returns.
    for (QThread* thread : { &m_thread, &m_backgroundThread })
        connect(thread, &QThread::finished, thread, &crypto::endThreadUse, Qt::DirectConnection);
    m_thread.start();
    m_backgroundThread.start(QThread::LowPriority);
}

StoreReader::~StoreReader()
{
    m_backgroundThread.quit();
    m_thread.quit();
    m_backgroundThread.wait();
    m_thread.wait();
}

void StoreReader::submit(QObject* receiver, Work work)
{
    post(m_worker, receiver, std::move(work));
}

void StoreReader::submitBackground(QObject* receiver, Work work)
{
    post(m_backgroundWorker, receiver, std::move(work));
}

void StoreReader::post(Worker* target, QObject* receiver, Work work)
{
    QPointer<QObject> guard(receiver);
    QMetaObject::invokeMethod(
        target,
        [this, worker = target, work = std::move(work), guard]() {
            if (!guard)
                return; // nobody wants the answer any more
            store::EventStore* store = worker->store();
            if (!store)
                return;
            std::function<void()> then = work(*store);
            if (!then)
                return;
            // Delivered on the GUI thread through the reader, which outlives its workers; the guard drops
            // the answer when the receiver went away meanwhile.
            QMetaObject::invokeMethod(
                this,
                [guard, then = std::move(then)]() {
                    if (guard)
                        then();
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

QString StoreReader::lastError() const
{
    return m_worker ? m_worker->error() : QString();
}

} // namespace hookscope::ui
