#pragma once

#include "ingestor.h"
#include "postprocessor.h"

#include "core/http/listener.h"
#include "core/replay/forwardrule.h"
#include "core/scan/scansettings.h"
#include "core/store/storewriter.h"

#include <QFileSystemWatcher>
#include <QUrl>

#include <atomic>
#include <memory>

namespace hookscope::replay {
class Replayer;
}

namespace hookscope::ingest {

struct CaptureSettings {
    QString databasePath;
    store::Durability durability = store::Durability::Normal;
    http::ListenerSettings listener;
    QList<config::Route> routes;
    /// Auto-forward rules; when empty they are read from the `forward` array of `configPath`
    /// (default: the per-user configuration file).
    QList<replay::ForwardRule> forwardRules;
    QString configPath;
    /// Every route's response rules on or off ("responseRulesEnabled"); while serving, a change of the key in
    /// `configPath` is followed too.
    bool responseRulesEnabled = true;
    /// Attachment safety after the ack: clamd's address and the routes' quarantine policy (see scan::ScanSettings).
    scan::ScanSettings scan;
    /// Each answered request, on the writer thread (see Ingestor::onAnswered); keep it short and hand off.
    std::function<void(const RequestLog&)> onRequest;
    /// Each event whose email was read, on the post-processor's thread.
    std::function<void(qint64 eventRowId)> onProcessed;
};

/**
 * Everything that captures: the store writer, the ingest path, the post-processor and the listener
 * thread, started and stopped in the right order. `serve` and the window run the same one.
 */
class CaptureService final {
public:
    CaptureService();
    ~CaptureService();

    /** Opens the store, then binds the listeners; returns their URLs. */
    Result<QList<QUrl>> start(const CaptureSettings& settings);
    /** Stops listening, commits what is queued, finishes post-processing. */
    void stop();

    Ingestor* ingestor() const { return m_ingestor.get(); }
    /** The store's one writer while running (the local API's actions go through it too). */
    store::StoreWriter* writer() const { return m_writer.get(); }
    /** Forwards accepted events by the rules (nullptr when there are none); its signals report attempts. */
    replay::Replayer* forwarder() const { return m_forwarder.get(); }
    int forwardRuleCount() const { return m_forwardRules; }
    /** Turns every route's response rules on or off at once, from the next request (see Ingestor). */
    void setResponseRulesEnabled(bool enabled);
    bool responseRulesEnabled() const;
    /** Bumped after every commit (cheap to poll from the GUI thread). */
    qint64 changeCounter() const { return m_changes.load(); }

private:
    std::shared_ptr<store::StoreWriter> m_writer; ///< the process's writer of the store (StoreWriter::shared)
    std::unique_ptr<Ingestor> m_ingestor;
    std::unique_ptr<PostProcessor> m_post;
    std::unique_ptr<http::ListenerThread> m_listener;
    std::unique_ptr<replay::Replayer> m_forwarder;
    int m_forwardRules = 0;
    /// Watches the configuration file for "responseRulesEnabled" while serving (on the thread that started).
    std::unique_ptr<QFileSystemWatcher> m_configWatcher;
    void watchConfig(const QString& path);
    std::atomic<qint64> m_changes { 0 };
    /// Requests committed in the current and the previous 100 ms window (written by the writer thread).
    std::atomic<qint64> m_windowStartMs { 0 };
    std::atomic<int> m_windowCount { 0 };
    std::atomic<int> m_previousWindowCount { 0 };
    void countCommit();
    bool ingestBusy() const;
};

} // namespace hookscope::ingest
