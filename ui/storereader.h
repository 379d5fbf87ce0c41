#pragma once

#include "eventreader.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <memory>

namespace hookscope::ui {

/** An EventReader with one worker thread that owns its own read connection to the store. */
class StoreReader final : public QObject, public EventReader {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreReader)
public:
    explicit StoreReader(QString databasePath, QObject* parent = nullptr);
    ~StoreReader() override;

    void submit(QObject* receiver, Work work) override;
    /** The error opening the store gave, if it did (available once some work ran). */
    QString lastError() const;

private:
    class Worker;
    QString m_path;
    QThread m_thread;
    Worker* m_worker = nullptr;
};

} // namespace hookscope::ui
