#pragma once

#include "eventreader.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <memory>

namespace hookscope::ui {

/**
 * An EventReader with a worker thread that owns its own read connection to the store, and a second one for
 * background reads, so that counting a million events never holds up a page of the list.
 */
class StoreReader final : public QObject, public EventReader {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreReader)
public:
    explicit StoreReader(QString databasePath, QObject* parent = nullptr);
    ~StoreReader() override;

    void submit(QObject* receiver, Work work) override;
    void submitBackground(QObject* receiver, Work work) override;
    /** The error opening the store gave, if it did (available once some work ran). */
    QString lastError() const;
    /** The thread the list's reads run on (for tests and diagnostics). */
    const QThread* readThread() const { return &m_thread; }

private:
    class Worker;
    void post(Worker* worker, QObject* receiver, Work work);
    QString m_path;
    QThread m_thread;
    Worker* m_worker = nullptr;
    QThread m_backgroundThread;
    Worker* m_backgroundWorker = nullptr;
};

} // namespace hookscope::ui
