#pragma once

#include "eventreader.h"
#include "listenercontrol.h"

#include "core/actions/eventusecases.h"
#include "core/actions/replayjobs.h"
#include "core/actions/secretpolicy.h"
#include "core/replay/replayjob.h"
#include "core/store/records.h"

#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class QProgressDialog;
class QWidget;

namespace hookscope::replay {
class ReplayService;
}
namespace hookscope::store {
class StoreWriter;
}

namespace hookscope::ui {

/**
 * The window's event actions: quarantine, release, the bin (discard, restore, empty it) and replay, each a
 * call of the use cases in core/actions run off the GUI thread, as the command line runs them. Owned by the
 * window; says how things went through its signals (the window shows statusMessage in its status bar).
 */
class EventActionsController final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventActionsController)
public:
    /** `listener` may be null; the replay progress dialog is a child of `window`. */
    EventActionsController(EventReader& reader, ListenerControl* listener, QWidget* window);
    ~EventActionsController() override;

    /** Each applies to those of `events` it fits (quarantine: live ones not quarantined; …); actionFinished follows. */
    void quarantine(const QList<store::EventRow>& events, const QString& reason, const QString& note);
    void release(const QList<store::EventRow>& events, const QString& note = {});
    void discard(const QList<store::EventRow>& events, const QString& note = {});
    void restore(const QList<store::EventRow>& events, const QString& note = {});
    /** Asks for the reason and a note (QuarantineDialog), then quarantines those of `events` it fits. */
    void askQuarantine(const QList<store::EventRow>& events);
    /**
     * Takes .har and .eml files into the store (exporting::Importer, as `hookscope import`: all or nothing);
     * actionFinished("import", events imported, …). askImport() asks for the files first.
     */
    void importFiles(const QStringList& files);
    void askImport();
    /** Asks first (`inBin` events would go for good), then empties the bin. */
    void askEmptyBin(qint64 inBin);
    /** Empties the bin: removes every discarded event for good (audited); actionFinished("purge", removed, …). */
    void emptyBin();
    /** An action runs now (the window greys the others). */
    bool isBusy() const { return m_running > 0; }

    /**
     * The secret policy as the window applies it (actions::SecretPolicy), resolved for `routes` on the GUI
     * thread: the listener's secrets for each route it verifies, else the configured route's stored ones;
     * `typed` (the Replay dialog's secret) first when given.
     */
    actions::SecretPolicy secretPolicy(const QStringList& routes, const QByteArray& typed = {}) const;

    /** Replays go through `service` (not owned) instead of a Replayer of the window's own. */
    void setReplayService(replay::ReplayService* service);
    /** The service replays go through (the window's own Replayer, started on first use); null when none can. */
    replay::ReplayService* replayService();
    /** Builds the events' jobs as `request` says (actions::replayJobs, the secret policy) and sends them. */
    void replayEvents(const QList<store::EventRow>& events, const actions::ReplayRequest& request, int concurrency,
        const QByteArray& typedSecret = {});
    /**
     * Replays `events` the way the last replayEvents() did: its target, mode, scheme, secret and retries, without
     * the edits it made to one event's request. False (nothing sent) when there was none yet.
     */
    bool replayAgain(const QList<store::EventRow>& events);
    /** Sends `jobs`, at most `concurrency` at once; several show a progress dialog with Cancel. */
    void replay(const QList<replay::ReplayJob>& jobs, int concurrency = 4);
    /** Cancels the replays in flight (what the progress dialog's Cancel does). */
    void cancelReplay();
    bool isReplaying() const { return m_replaysRunning; }

Q_SIGNALS:
    /** Something to show for a while (0: until the next message). */
    void statusMessage(const QString& text, int timeoutMs);
    /** An action starts or ends (isBusy, isReplaying changed). */
    void busyChanged();
    /** An action ended: `count` events changed, or `error` says why none did. */
    void actionFinished(const QString& action, int count, const QString& error);
    /** A replay ended (every run finished or was cancelled; none when its jobs could not be built). */
    void replayFinished(const QList<hookscope::replay::RunSummary>& runs);

private:
    /** Runs `work` on the reader's thread (its reads there, its writes through the process's one writer). */
    /** Releases what the re-check passed; asks first when an event still fails it (window-modal, not blocking). */
    void confirmRelease(const QList<actions::Released>& rechecked, const QString& note);
    void run(const QString& action, int count,
        std::function<Result<int>(store::EventStore& store, store::StoreWriter& writer)> work);

    EventReader& m_reader;
    ListenerControl* m_listener;
    QWidget* m_window;
    int m_running = 0;
    QString m_databasePath;
    std::shared_ptr<store::StoreWriter> m_replayWriter; ///< the process's writer (the listener's when it runs)
    std::unique_ptr<replay::ReplayService> m_ownReplayer;
    replay::ReplayService* m_replayer = nullptr;
    QList<replay::RunSummary> m_runs;
    bool m_replaysRunning = false;
    QPointer<QProgressDialog> m_replayProgress;
    struct LastReplay {
        actions::ReplayRequest request;
        int concurrency = 4;
        QByteArray typedSecret;
    };
    std::optional<LastReplay> m_lastReplay;
};

} // namespace hookscope::ui
