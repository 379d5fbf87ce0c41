#pragma once

#include "detailarea.h"
#include "eventdetails.h"
#include "eventlistmenu.h"
#include "eventreader.h"
#include "listenercontrol.h"
#include "listenerstatus.h"
#include "listselection.h"
#include "searchbar.h"
#include "storewatcher.h"

#include "core/replay/replayjob.h"

#include <QMainWindow>
#include <QPointer>

class QAction;
class QLabel;
class QLineEdit;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QTreeView;

namespace hookscope::replay {
class ReplayService;
}

namespace hookscope::ui {

class AttachmentsPane;
class AuditLogDialog;
class EventActionsController;
class BodyPane;
class DeliveriesPane;
class EmailPane;
class EmptyState;
class EventListModel;
class ExportController;
class MimePane;
class OverviewPane;
class RequestPane;
class SampleController;
class SelectedEvents;
class SettingsController;
class SignaturePane;
class ViewListModel;

/**
 * The inspector: views with counts on the left, the live event list, and the selected event's
 * details in tabs below it. The only place panes are wired to each other.
 */
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    /** `listener` may be null (a window over a store, nothing listening). */
    MainWindow(EventReader& reader, ListenerControl* listener, QWidget* parent = nullptr);
    ~MainWindow() override;

    EventListModel* eventModel() const { return m_events; }
    ViewListModel* viewModel() const { return m_views; }
    QTableView* eventView() const { return m_eventView; }
    QTreeView* sidebar() const { return m_sidebar; }
    QLineEdit* searchField() const { return m_searchBar->field(); }
    QLabel* searchHint() const { return m_searchBar->hint(); }
    QTabWidget* detailTabs() const { return m_detail->tabs(); }
    EmptyState* emptyState() const { return m_empty; }
    OverviewPane* overviewPane() const { return m_detail->overviewPane(); }
    RequestPane* requestPane() const { return m_detail->requestPane(); }
    BodyPane* bodyPane() const { return m_detail->bodyPane(); }
    EmailPane* emailPane() const { return m_detail->emailPane(); }
    AttachmentsPane* attachmentsPane() const { return m_detail->attachmentsPane(); }
    MimePane* mimePane() const { return m_detail->mimePane(); }
    SignaturePane* signaturePane() const { return m_detail->signaturePane(); }
    DeliveriesPane* deliveriesPane() const { return m_detail->deliveriesPane(); }
    QWidget* listenerBanner() const { return m_listenerStatus->banner(); }

    qint64 currentEventId() const { return m_selection->currentId(); }
    /** The details the panes show (valid after detailsShown). */
    const EventDetails& shownDetails() const { return m_details; }
    /** Selects the view showing events with `status` ("" for All) and route. */
    void selectView(const QString& status, const QString& route = {});
    /** Applies search text now (the field applies it after a short pause while typing). */
    void applySearch(const QString& text);
    /** Makes the listener state current (after a restart, or at start). */
    void updateListener();
    /** The text Ctrl+C puts on the clipboard for the selected rows. */
    QString selectionText() const { return m_listMenu->selectionText(); }

    /**
     * The selected rows' events (loaded rows only), in list order. The actions below take every selected event,
     * read first when the selection reaches rows not loaded (SelectedEvents).
     */
    QList<store::EventRow> selectedEvents() const;
    QAction* quarantineAction() const { return m_quarantineAction; }
    QAction* releaseAction() const { return m_releaseAction; }
    QAction* discardAction() const { return m_discardAction; }
    QAction* restoreAction() const { return m_restoreAction; }
    /** Empty bin… (asks first): purges the discarded events, as `hookscope purge`. */
    QAction* emptyBinAction() const { return m_emptyBinAction; }
    /** The event actions (quarantine, release, the bin, replay) the menu's items call. */
    EventActionsController* eventActions() const { return m_actions; }
    QAction* copyCurlAction() const { return m_copyCurlAction; }
    QAction* replayAction() const { return m_replayAction; }
    QAction* exportAction() const { return m_exportAction; }
    /**
     * Writes the selected events in `format` to `path` (exporting::ExportRequest says when that is a file and
     * when a folder), with the attachments into `attachmentsFolder` when given, off the GUI thread, audited: what
     * `hookscope export` does. exportFinished follows.
     */
    void exportSelected(
        const QString& format, const QString& path, bool redactAuthorization, const QString& attachmentsFolder = {});
    /** Replays go through `service` (not owned) instead of a Replayer of the window's own. */
    void setReplayService(replay::ReplayService* service);
    /** Sends `jobs`, at most `concurrency` at once; several show a progress dialog with Cancel. */
    void replay(const QList<replay::ReplayJob>& jobs, int concurrency = 4);
    /** Cancels the replays in flight (what the progress dialog's Cancel does). */
    void cancelReplay();
    bool isReplaying() const;
    /**
     * What the Event menu's actions do once asked: change the selected events that the action applies
     * to (audited, off the GUI thread); actionFinished follows.
     */
    void quarantineSelected(const QString& reason, const QString& note);
    void releaseSelected(const QString& note = {});
    void discardSelected(const QString& note = {});
    void restoreSelected(const QString& note = {});
    /** Opens (or raises) the audit log. */
    AuditLogDialog* showAuditLog();

    /** Looks for changes to the store now (what the poll timer does every 100 ms). */
    void poll() { m_watcher->poll(); }
    /** The clock that paces reads of the store (RefreshPacer): a steady clock; tests give a simulated one. */
    void setClock(RefreshPacer::Clock clock) { m_watcher->setClock(std::move(clock)); }

Q_SIGNALS:
    /** The selection vocabulary: the event the panes should show (0: none). */
    void eventSelected(qint64 eventId);
    /** The panes show event `eventId`. */
    void detailsShown(qint64 eventId);
    /** The list and counts reflect the store after a change. */
    void refreshed();
    /** An Event menu action ended: `count` events changed, or `error` says why none did. */
    void actionFinished(const QString& action, int count, const QString& error);
    /** A Replay ended (every run finished or was cancelled). */
    void replayFinished(const QList<hookscope::replay::RunSummary>& runs);
    /** An export ended: the files written, or why it failed. */
    void exportFinished(const QStringList& files, const QString& error);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildUi();
    void buildStatusBar();
    void storeChanged() { m_watcher->storeChanged(); }
    void refreshCounts() { m_watcher->refreshCounts(); }
    void applyFilter();
    void updateEmptyState();
    void copyCurl(qint64 eventId) { m_listMenu->copyCurl(eventId); }
    void buildActions();
    void updateActions();
    /** Calls `then` with every selected event (SelectedEvents::resolve); says so while they are read. */
    void withSelected(std::function<void(const QList<store::EventRow>&)> then);
    void askQuarantine();
    void askReplay();
    void askReplay(const QList<store::EventRow>& events);
    void askExport();
    void wireExport();

    EventReader& m_reader;
    ListenerControl* m_listener;
    EventListModel* m_events;
    ViewListModel* m_views;
    DetailArea* m_detail;
    const EventDetails& m_details; ///< what the detail area shows
    ListSelection* m_selection = nullptr;
    SelectedEvents* m_selected = nullptr;
    EventListMenu* m_listMenu = nullptr;
    ListenerStatus* m_listenerStatus = nullptr;
    SettingsController* m_settings = nullptr;
    StoreWatcher* m_watcher = nullptr;
    SampleController* m_sample = nullptr;
    QTreeView* m_sidebar = nullptr;
    QTableView* m_eventView = nullptr;
    SearchBar* m_searchBar = nullptr;
    QStackedWidget* m_listStack = nullptr;
    EmptyState* m_empty = nullptr;
    QLabel* m_counts = nullptr;
    QAction* m_quarantineAction = nullptr;
    QAction* m_releaseAction = nullptr;
    QAction* m_discardAction = nullptr;
    QAction* m_restoreAction = nullptr;
    QAction* m_emptyBinAction = nullptr;
    QAction* m_auditLogAction = nullptr;
    QAction* m_copyCurlAction = nullptr;
    QPointer<AuditLogDialog> m_auditLog;
    int m_actionsRunning = 0;
    QAction* m_replayAction = nullptr;
    QAction* m_replayAgainAction = nullptr;
    QAction* m_exportAction = nullptr;
    EventActionsController* m_actions = nullptr;
    ExportController* m_exporter = nullptr;

    QString m_viewStatus;
    QString m_viewRoute;
};

} // namespace hookscope::ui
