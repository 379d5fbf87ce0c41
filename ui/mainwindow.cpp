#include "mainwindow.h"

#include "auditlogdialog.h"
#include "quarantinedialog.h"
#include "replaydialog.h"

#include "detailarea.h"
#include "emptystate.h"
#include "eventlistmenu.h"
#include "eventlistmodel.h"
#include "eventtable.h"
#include "exportdialog.h"
#include "listenerstatus.h"
#include "listselection.h"
#include "samplecontroller.h"
#include "searchbar.h"
#include "searchquery.h"
#include "settingsdialog.h"
#include "storewatcher.h"
#include "viewlistmodel.h"

#include "core/config/secretstore.h"
#include "core/export/exportfiles.h"
#include "core/export/har.h"
#include "core/replay/auditlog.h"
#include "core/replay/eventactions.h"
#include "core/replay/replayer.h"
#include "core/replay/storejob.h"
#include "core/store/eventstore.h"
#include "core/store/storewriter.h"

#include <QAction>
#include <QCloseEvent>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QProgressDialog>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <atomic>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

MainWindow::MainWindow(EventReader& reader, ListenerControl* listener, QWidget* parent)
    : QMainWindow(parent)
    , m_reader(reader)
    , m_listener(listener)
    , m_events(new EventListModel(reader, this))
    , m_views(new ViewListModel(reader, this))
    , m_detail(new DetailArea(reader)) // parented in buildUi: focus moves through it in layout order
    , m_details(m_detail->details())
{
    setWindowTitle(u"Hookscope"_s);
    buildUi();
    buildStatusBar();

    connect(this, &MainWindow::eventSelected, m_detail, &DetailArea::load);
    connect(m_detail, &DetailArea::detailsShown, this, &MainWindow::detailsShown);
    connect(m_events, &EventListModel::totalChanged, this, [this] { Q_EMIT refreshed(); });
    connect(m_views, &ViewListModel::countsChanged, this, [this] {
        const qint64 all = m_views->countOf(QString());
        const qint64 verified = m_views->countOf(u"verified"_s);
        const qint64 failed = m_views->countOf(u"failed"_s);
        const qint64 duplicates = m_views->countOf(u"duplicate"_s);
        m_counts->setText(u"%1 events · %2 verified · %3 failed · %4 with duplicates"_s.arg(QLocale().toString(all))
                              .arg(QLocale().toString(verified))
                              .arg(QLocale().toString(failed))
                              .arg(QLocale().toString(duplicates)));
        updateEmptyState();
    });
    m_sample = new SampleController(m_listener, m_empty, this);
    connect(m_sample, &SampleController::finished, this, [this](const QString& message) {
        statusBar()->showMessage(message, 8000);
        storeChanged();
    });

    m_watcher = new StoreWatcher(m_reader, m_listener, m_events, m_views, this);
    connect(m_watcher, &StoreWatcher::listRead, m_detail, &DetailArea::reloadIfChanged);

    updateListener();
    m_views->setConfiguredRoutes(m_listener ? m_listener->state().routes : QStringList());
    buildActions();
    m_sidebar->setCurrentIndex(m_views->index(0, 0));

    QSettings settings;
    restoreGeometry(settings.value(u"window/geometry"_s).toByteArray());
    if (!settings.contains(u"window/geometry"_s))
        resize(1360, 860);
}

MainWindow::~MainWindow()
{
    // Runs still in flight stay pending in the store; their attempts must not reach a half-gone window.
    if (m_replayer)
        disconnect(m_replayer, nullptr, this, nullptr);
    m_ownReplayer.reset();
    // The writer is the process's: what the replays queued is committed, and the listener may go on using it.
    if (m_replayWriter)
        m_replayWriter->waitForQueued();
    m_replayWriter.reset();
}

void MainWindow::buildUi()
{
    // Sidebar of views.
    m_sidebar = new QTreeView(this);
    m_sidebar->setModel(m_views);
    m_sidebar->setHeaderHidden(true);
    m_sidebar->setRootIsDecorated(false);
    m_sidebar->setUniformRowHeights(true);
    m_sidebar->setFrameShape(QFrame::NoFrame);
    m_sidebar->header()->setStretchLastSection(false);
    m_sidebar->header()->setSectionResizeMode(ViewListModel::Name, QHeaderView::Stretch);
    m_sidebar->header()->setSectionResizeMode(ViewListModel::Count, QHeaderView::ResizeToContents);
    m_sidebar->setMinimumWidth(180);
    m_sidebar->setFocusPolicy(Qt::StrongFocus);
    connect(
        m_sidebar->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
            if (!current.isValid())
                return;
            m_viewStatus = current.data(ViewListModel::StatusRole).toString();
            m_viewRoute = current.data(ViewListModel::RouteRole).toString();
            applyFilter();
        });

    // Search.
    m_searchBar = new SearchBar(this);
    connect(m_searchBar, &SearchBar::applied, this, &MainWindow::applyFilter);
    connect(m_searchBar, &SearchBar::handOver, this, [this](bool pickFirst) {
        m_eventView->setFocus();
        if (pickFirst && !m_eventView->currentIndex().isValid() && m_events->rowCount() > 0)
            m_eventView->setCurrentIndex(m_events->index(0, 0));
    });
    auto* settingsAction = new QAction(u"Settings…"_s, this);
    settingsAction->setObjectName(u"settingsAction"_s);
    settingsAction->setShortcut(QKeySequence::Preferences);
    if (settingsAction->shortcut().isEmpty())
        settingsAction->setShortcut(QKeySequence(u"Ctrl+,"_s));
    connect(settingsAction, &QAction::triggered, this, [this] {
        if (!m_listener)
            return;
        config::SecretStore secrets;
        SettingsDialog dialog(m_listener->state().configPath, &secrets, this);
        dialog.exec();
    });
    addAction(settingsAction);

    // Event list.
    m_eventView = new EventTable(m_events, this);
    m_selection = new ListSelection(m_eventView, m_events, this);
    connect(m_selection, &ListSelection::eventSelected, this, &MainWindow::eventSelected);
    m_listMenu = new EventListMenu(
        m_reader, m_eventView, m_events, statusBar(),
        [this] {
            updateActions();
            return QList<QAction*> { m_quarantineAction, m_releaseAction, m_discardAction, m_restoreAction,
                m_replayAction, m_exportAction };
        },
        this);

    m_empty = new EmptyState(this);
    m_listStack = new QStackedWidget(this);
    m_listStack->addWidget(m_eventView);
    m_listStack->addWidget(m_empty);

    // Detail tabs.
    m_detail->setParent(this);

    // Listener problems, said in the window; its URLs in the status bar.
    m_listenerStatus = new ListenerStatus(m_listener, statusBar(), this);
    connect(m_listenerStatus, &ListenerStatus::updated, m_empty, &EmptyState::setListener);

    auto* listArea = new QWidget(this);
    auto* listLayout = new QVBoxLayout(listArea);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->setSpacing(0);
    listLayout->addWidget(m_searchBar);
    listLayout->addWidget(m_listStack, 1);

    auto* vertical = new QSplitter(Qt::Vertical, this);
    vertical->setObjectName(u"listDetailSplitter"_s);
    vertical->addWidget(listArea);
    vertical->addWidget(m_detail);
    vertical->setStretchFactor(0, 2);
    vertical->setStretchFactor(1, 3);
    auto* horizontal = new QSplitter(Qt::Horizontal, this);
    horizontal->setObjectName(u"sidebarSplitter"_s);
    horizontal->addWidget(m_sidebar);
    horizontal->addWidget(vertical);
    horizontal->setStretchFactor(1, 1);
    horizontal->setSizes({ 210, 1100 });
    vertical->setSizes({ 330, 470 });
    QSettings settings;
    horizontal->restoreState(settings.value(u"window/sidebarSplitter"_s).toByteArray());
    vertical->restoreState(settings.value(u"window/listDetailSplitter"_s).toByteArray());

    auto* central = new QWidget(this);
    auto* centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_listenerStatus->banner());
    centralLayout->addWidget(horizontal, 1);
    setCentralWidget(central);
}

void MainWindow::buildStatusBar()
{
    m_counts = new QLabel(this);
    statusBar()->addPermanentWidget(m_counts);
    auto* settings = new QToolButton(this);
    settings->setAutoRaise(true);
    settings->setDefaultAction(findChild<QAction*>(u"settingsAction"_s));
    statusBar()->addPermanentWidget(settings);
}

void MainWindow::updateListener()
{
    m_listenerStatus->update();
}

void MainWindow::selectView(const QString& status, const QString& route)
{
    const int row = m_views->rowOf(status, route);
    if (row >= 0)
        m_sidebar->setCurrentIndex(m_views->index(row, 0));
}

void MainWindow::applySearch(const QString& text)
{
    m_searchBar->apply(text);
}

void MainWindow::applyFilter()
{
    store::EventQuery base = m_events->query();
    base.status = m_viewStatus;
    base.route = m_viewRoute;
    const ParsedSearch parsed = parseSearch(m_searchBar->text(), base);
    m_searchBar->showProblems(parsed.problems);
    m_events->setQuery(parsed.query);
    updateEmptyState();
}

void MainWindow::updateEmptyState()
{
    const bool empty = m_views->countOf(QString()) == 0 && m_searchBar->text().isEmpty() && m_viewStatus.isEmpty()
        && m_viewRoute.isEmpty();
    m_listStack->setCurrentWidget(empty ? static_cast<QWidget*>(m_empty) : m_eventView);
    // On a first run the empty state gets the whole window: there is nothing to detail yet.
    m_detail->setVisible(!empty);
}

void MainWindow::poll()
{
    m_watcher->poll();
}

void MainWindow::setClock(RefreshPacer::Clock clock)
{
    m_watcher->setClock(std::move(clock));
}

void MainWindow::storeChanged()
{
    m_watcher->storeChanged();
}

void MainWindow::refreshCounts()
{
    m_watcher->refreshCounts();
}

QString MainWindow::selectionText() const
{
    return m_listMenu->selectionText();
}

void MainWindow::copyCurl(qint64 eventId)
{
    m_listMenu->copyCurl(eventId);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    if (auto* s = findChild<QSplitter*>(u"sidebarSplitter"_s))
        settings.setValue(u"window/sidebarSplitter"_s, s->saveState());
    if (auto* s = findChild<QSplitter*>(u"listDetailSplitter"_s))
        settings.setValue(u"window/listDetailSplitter"_s, s->saveState());
    QMainWindow::closeEvent(event);
}

} // namespace hookscope::ui

namespace hookscope::ui {

void MainWindow::buildActions()
{
    auto make = [this](const QString& text, const QString& name, auto slot) {
        auto* a = new QAction(text, this);
        a->setObjectName(name);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    m_quarantineAction = make(u"&Quarantine…"_s, u"quarantineAction"_s, [this] { askQuarantine(); });
    m_releaseAction = make(u"Re&lease"_s, u"releaseAction"_s, [this] { releaseSelected(); });
    m_discardAction = make(u"&Discard"_s, u"discardAction"_s, [this] { discardSelected(); });
    m_discardAction->setShortcut(QKeySequence::Delete);
    m_discardAction->setShortcutContext(Qt::WidgetShortcut);
    m_eventView->addAction(m_discardAction);
    m_restoreAction = make(u"Res&tore"_s, u"restoreAction"_s, [this] { restoreSelected(); });
    m_copyCurlAction = make(u"Copy as &cURL"_s, u"copyCurlAction"_s, [this] {
        const QList<store::EventRow> events = selectedEvents();
        if (!events.isEmpty())
            copyCurl(events.first().id);
    });
    m_replayAction = make(u"&Replay…"_s, u"replayAction"_s, [this] { askReplay(); });
    m_replayAction->setShortcut(QKeySequence(u"Ctrl+R"_s));
    m_replayAction->setToolTip(u"Send the selected events again to a URL: as captured, re-signed or negative"_s);
    addAction(m_replayAction);
    m_exportAction = make(u"E&xport…"_s, u"exportAction"_s, [this] { askExport(); });
    m_exportAction->setShortcut(QKeySequence(u"Ctrl+E"_s));
    m_exportAction->setToolTip(u"Write the selected events as JSON, .eml, HAR, curl or raw HTTP"_s);
    addAction(m_exportAction);
    m_auditLogAction = make(u"&Audit log"_s, u"auditLogAction"_s, [this] { showAuditLog(); });
    m_quarantineAction->setToolTip(u"Set the selected events aside with a reason (audited)"_s);
    m_releaseAction->setToolTip(u"Re-check and lift the quarantine of the selected events (audited)"_s);
    m_discardAction->setToolTip(u"Move the selected events to the Bin (audited; purge removes them)"_s);
    m_restoreAction->setToolTip(u"Bring the selected events back from the Bin (audited)"_s);

    QMenu* menu = menuBar()->addMenu(u"&Event"_s);
    menu->setObjectName(u"eventMenu"_s);
    menu->addAction(m_replayAction);
    menu->addAction(m_exportAction);
    menu->addAction(m_copyCurlAction);
    menu->addSeparator();
    menu->addAction(m_quarantineAction);
    menu->addAction(m_releaseAction);
    menu->addAction(m_discardAction);
    menu->addAction(m_restoreAction);
    menu->addSeparator();
    menu->addAction(m_auditLogAction);
    connect(menu, &QMenu::aboutToShow, this, &MainWindow::updateActions);

    connect(m_eventView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateActions);
    connect(m_events, &EventListModel::reloaded, this, &MainWindow::updateActions);
    connect(m_events, &EventListModel::pageLoaded, this, &MainWindow::updateActions);
    updateActions();
    // Replays need the store's path for a writer of their own (the listener's is not the window's).
    m_reader.submit(this, [this](store::EventStore& store) -> std::function<void()> {
        return [this, path = store.path()] { m_databasePath = path; };
    });
}

QList<store::EventRow> MainWindow::selectedEvents() const
{
    QModelIndexList rows = m_eventView->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    QList<store::EventRow> events;
    for (const QModelIndex& r : std::as_const(rows))
        if (const store::EventRow* e = m_events->eventAt(r.row()))
            events << *e;
    return events;
}

void MainWindow::updateActions()
{
    if (!m_quarantineAction)
        return;
    const QList<store::EventRow> events = selectedEvents();
    bool anyQuarantinable = false, anyQuarantined = false, anyLive = false, anyDiscarded = false;
    for (const store::EventRow& e : events) {
        anyQuarantinable |= e.quarantined.isEmpty() && !e.discarded;
        anyQuarantined |= !e.quarantined.isEmpty();
        anyLive |= !e.discarded;
        anyDiscarded |= e.discarded;
    }
    const bool idle = m_actionsRunning == 0;
    m_quarantineAction->setEnabled(idle && anyQuarantinable);
    m_releaseAction->setEnabled(idle && anyQuarantined);
    m_discardAction->setEnabled(idle && anyLive);
    m_restoreAction->setEnabled(idle && anyDiscarded);
    m_copyCurlAction->setEnabled(events.size() == 1);
    m_replayAction->setEnabled(!m_replaysRunning && !events.isEmpty());
    m_exportAction->setEnabled(idle && !events.isEmpty());
}

void MainWindow::askQuarantine()
{
    QList<store::EventRow> events = selectedEvents();
    events.removeIf([](const store::EventRow& e) { return !e.quarantined.isEmpty() || e.discarded; });
    if (events.isEmpty())
        return;
    QuarantineDialog dialog(int(events.size()), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    quarantineSelected(dialog.reason(), dialog.note());
}

void MainWindow::quarantineSelected(const QString& reason, const QString& note)
{
    QList<store::EventRow> events = selectedEvents();
    events.removeIf([](const store::EventRow& e) { return !e.quarantined.isEmpty() || e.discarded; });
    runOnEvents(
        u"quarantine"_s, events, [reason, note](QSqlDatabase& db, const store::EventRow& e, const QJsonObject&) {
            return replay::EventActions::quarantine(db, e.id, reason, note);
        });
}

void MainWindow::releaseSelected(const QString& note)
{
    QList<store::EventRow> events = selectedEvents();
    events.removeIf([](const store::EventRow& e) { return e.quarantined.isEmpty(); });
    // The default route's secret, as the listener verifies with; other routes are re-checked unsigned.
    const ListenerState state = m_listener ? m_listener->state() : ListenerState();
    const QByteArray secret = state.secret;
    runOnEvents(
        u"release"_s, events,
        [note](QSqlDatabase& db, const store::EventRow& e, const QJsonObject& recheck) {
            return replay::EventActions::release(db, e.id, note, recheck);
        },
        [secret](store::EventStore& store, const store::EventRow& e) {
            auto deliveries = store.deliveries(e.id);
            if (!deliveries || deliveries->isEmpty())
                return QJsonObject();
            QList<QByteArray> secrets;
            if (!secret.isEmpty() && (e.route.isEmpty() || e.route == u"default"_s))
                secrets << secret;
            return replay::EventActions::recheck(e, deliveries->first(), secrets, {}, store.path()).toJson();
        });
}

void MainWindow::discardSelected(const QString& note)
{
    QList<store::EventRow> events = selectedEvents();
    events.removeIf([](const store::EventRow& e) { return e.discarded; });
    runOnEvents(u"discard"_s, events, [note](QSqlDatabase& db, const store::EventRow& e, const QJsonObject&) {
        return replay::EventActions::discard(db, e.id, note);
    });
}

void MainWindow::restoreSelected(const QString& note)
{
    QList<store::EventRow> events = selectedEvents();
    events.removeIf([](const store::EventRow& e) { return !e.discarded; });
    runOnEvents(u"restore"_s, events, [note](QSqlDatabase& db, const store::EventRow& e, const QJsonObject&) {
        return replay::EventActions::restore(db, e.id, note);
    });
}

void MainWindow::runOnEvents(
    const QString& action, const QList<store::EventRow>& events, EventJob job, PrepareJob prepare)
{
    if (events.isEmpty())
        return;
    ++m_actionsRunning;
    updateActions();
    statusBar()->showMessage(u"%1: %2 event(s)…"_s.arg(action).arg(events.size()));
    // One transaction for the lot: every event changes with its audit entry, or none does.
    m_reader.submit(this, [this, action, events, job, prepare](store::EventStore& store) -> std::function<void()> {
        // Reads happen here, on the reader's connection, before the writer's transaction opens.
        QHash<qint64, QJsonObject> prepared;
        if (prepare)
            for (const store::EventRow& e : events)
                prepared.insert(e.id, prepare(store, e));
        auto result = replay::runJobOnce(store.path(), [&](QSqlDatabase& db) -> Result<void> {
            for (const store::EventRow& e : events)
                if (auto r = job(db, e, prepared.value(e.id)); !r)
                    return fail(u"event %1: %2"_s.arg(e.id).arg(r.error()));
            return {};
        });
        const QString error = result ? QString() : result.error();
        const int count = result ? int(events.size()) : 0;
        return [this, action, count, error] {
            --m_actionsRunning;
            statusBar()->showMessage(error.isEmpty() ? u"%1: %2 event(s) done"_s.arg(action).arg(count)
                                                     : u"%1 failed: %2"_s.arg(action, error),
                8000);
            storeChanged();
            refreshCounts();
            updateActions();
            if (m_auditLog)
                m_auditLog->reload();
            Q_EMIT actionFinished(action, count, error);
        };
    });
}

void MainWindow::setReplayService(replay::ReplayService* service)
{
    if (m_replayer)
        disconnect(m_replayer, nullptr, this, nullptr);
    m_replayer = service;
    connect(m_replayer, &replay::ReplayService::progress, this, [this](int finished, int total) {
        if (m_replayProgress) {
            m_replayProgress->setMaximum(total);
            m_replayProgress->setValue(finished);
        }
        statusBar()->showMessage(u"Replaying: %1 of %2"_s.arg(finished).arg(total));
    });
    connect(m_replayer, &replay::ReplayService::runFinished, this,
        [this](const replay::RunSummary& summary) { m_runs << summary; });
    connect(m_replayer, &replay::ReplayService::idle, this, [this] {
        if (!m_replaysRunning)
            return;
        m_replaysRunning = false;
        if (m_replayProgress) {
            m_replayProgress->reset();
            m_replayProgress->deleteLater();
        }
        int ok = 0, cancelled = 0;
        for (const replay::RunSummary& r : std::as_const(m_runs)) {
            ok += r.ok;
            cancelled += r.cancelled;
        }
        const int failed = int(m_runs.size()) - ok - cancelled;
        QString text = u"Replayed %1 of %2"_s.arg(ok).arg(m_runs.size());
        if (failed)
            text += u" · %1 failed"_s.arg(failed);
        if (cancelled)
            text += u" · %1 cancelled"_s.arg(cancelled);
        if (m_runs.size() == 1 && !m_runs.first().ok && !m_runs.first().cancelled)
            text += u": "_s + (m_runs.first().status ? u"HTTP %1"_s.arg(m_runs.first().status) : m_runs.first().error);
        statusBar()->showMessage(text, 10000);
        storeChanged();
        updateActions();
        const QList<replay::RunSummary> runs = std::exchange(m_runs, {});
        Q_EMIT replayFinished(runs);
    });
}

replay::ReplayService* MainWindow::replayService()
{
    if (m_replayer)
        return m_replayer;
    if (m_databasePath.isEmpty())
        return nullptr;
    auto writer = store::StoreWriter::shared(m_databasePath);
    if (!writer) {
        statusBar()->showMessage(u"Cannot replay: %1"_s.arg(writer.error()), 10000);
        return nullptr;
    }
    m_replayWriter = *writer;
    m_ownReplayer = std::make_unique<replay::Replayer>(m_databasePath, m_replayWriter.get());
    setReplayService(m_ownReplayer.get());
    return m_replayer;
}

void MainWindow::askReplay()
{
    const QList<store::EventRow> events = selectedEvents();
    if (events.isEmpty() || m_replaysRunning)
        return;
    const ListenerState state = m_listener ? m_listener->state() : ListenerState();
    ReplayDialog dialog(
        int(events.size()), events.first().scheme.isEmpty() ? state.scheme : events.first().scheme, state.secret, this);
    // Editing starts from the captured request: the shown event's, when it is the one selected.
    if (events.size() == 1 && m_details.event.id == events.first().id && !m_details.deliveries.isEmpty())
        dialog.setCaptured(replay::CapturedRequest::fromDelivery(m_details.deliveries[m_details.primaryDelivery()]));
    if (dialog.exec() != QDialog::Accepted)
        return;
    QList<qint64> ids;
    for (const store::EventRow& e : events)
        ids << e.id;
    replay(dialog.jobs(ids), dialog.concurrency());
}

void MainWindow::replay(const QList<replay::ReplayJob>& jobs, int concurrency)
{
    if (jobs.isEmpty() || m_replaysRunning)
        return;
    replay::ReplayService* service = replayService();
    if (!service)
        return;
    m_replaysRunning = true;
    m_runs.clear();
    updateActions();
    service->setConcurrency(concurrency);
    if (jobs.size() > 1) {
        m_replayProgress
            = new QProgressDialog(u"Replaying %1 events to %2…"_s.arg(jobs.size()).arg(jobs.first().target.toString()),
                u"Cancel"_s, 0, int(jobs.size()), this);
        m_replayProgress->setObjectName(u"replayProgress"_s);
        m_replayProgress->setWindowTitle(u"Replay"_s);
        m_replayProgress->setAutoClose(false);
        m_replayProgress->setAutoReset(false);
        m_replayProgress->setMinimumDuration(0);
        m_replayProgress->setValue(0);
        connect(m_replayProgress, &QProgressDialog::canceled, this, &MainWindow::cancelReplay);
        m_replayProgress->show();
    }
    statusBar()->showMessage(u"Replaying %1 event(s) to %2…"_s.arg(jobs.size()).arg(jobs.first().target.toString()));
    service->submit(jobs);
}

void MainWindow::cancelReplay()
{
    if (m_replayer && m_replaysRunning)
        m_replayer->cancel();
}

void MainWindow::askExport()
{
    const QList<store::EventRow> events = selectedEvents();
    if (events.isEmpty())
        return;
    ExportDialog dialog(int(events.size()), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    exportSelected(dialog.format(), dialog.path(), dialog.redactAuthorization());
}

namespace {

/** Loads, renders and writes the events; the files written. */
Result<QStringList> writeExport(store::EventStore& store, const QList<qint64>& ids, const QString& format,
    const QString& path, const exporting::ExportOptions& options, QList<exporting::EventBundle>& bundles,
    std::atomic<int>& done, const std::atomic<bool>& cancelled)
{
    for (qint64 id : ids) {
        if (cancelled)
            return fail(u"cancelled"_s);
        auto b = exporting::EventBundle::load(store, id);
        if (!b)
            return fail(b.error());
        bundles << *b;
    }
    const bool intoFolder = QFileInfo(path).isDir() || (bundles.size() > 1 && format != u"har"_s);
    if (intoFolder && !QDir().mkpath(path))
        return fail(u"cannot create the folder %1"_s.arg(path));
    QStringList written;
    if (format == u"har"_s) {
        const QString file = !intoFolder ? path
            : bundles.size() == 1        ? exporting::exportFileName(path, bundles.first(), format)
                                         : QDir(path).filePath(u"events.har"_s);
        const QByteArray har = QJsonDocument(exporting::toHar(bundles, options)).toJson(QJsonDocument::Indented);
        done = int(bundles.size());
        if (auto r = exporting::writeExportFile(file, har); !r)
            return fail(r.error());
        return QStringList { file };
    }
    for (const auto& b : std::as_const(bundles)) {
        if (cancelled)
            return fail(u"cancelled after %1 file(s)"_s.arg(written.size()));
        auto bytes = exporting::renderEvent(b, format, options);
        if (!bytes)
            return fail(u"event %1: %2"_s.arg(b.event.id).arg(bytes.error()));
        const QString file = intoFolder ? exporting::exportFileName(path, b, format) : path;
        if (auto r = exporting::writeExportFile(file, *bytes); !r)
            return fail(r.error());
        written << file;
        ++done;
    }
    return written;
}

} // namespace

void MainWindow::exportSelected(const QString& format, const QString& path, bool redactAuthorization)
{
    const QList<store::EventRow> events = selectedEvents();
    if (events.isEmpty() || path.isEmpty())
        return;
    QList<qint64> ids;
    for (const store::EventRow& e : events)
        ids << e.id;
    ++m_actionsRunning;
    updateActions();
    statusBar()->showMessage(u"Exporting %1 event(s) as %2…"_s.arg(ids.size()).arg(format));
    exporting::ExportOptions options;
    options.redactAuthorization = redactAuthorization;
    // The reader thread counts files written; a timer here shows the count, Cancel sets the flag it checks.
    auto done = std::make_shared<std::atomic<int>>(0);
    auto cancelled = std::make_shared<std::atomic<bool>>(false);
    QPointer<QProgressDialog> progress;
    QPointer<QTimer> ticker;
    if (ids.size() > 1) {
        progress = new QProgressDialog(
            u"Exporting %1 events as %2…"_s.arg(ids.size()).arg(format), u"Cancel"_s, 0, int(ids.size()), this);
        progress->setObjectName(u"exportProgress"_s);
        progress->setWindowTitle(u"Export"_s);
        progress->setAutoClose(false);
        progress->setAutoReset(false);
        progress->setMinimumDuration(300);
        connect(progress, &QProgressDialog::canceled, this, [cancelled] { *cancelled = true; });
        ticker = new QTimer(progress);
        connect(ticker, &QTimer::timeout, progress, [progress, done] { progress->setValue(done->load()); });
        ticker->start(100);
    }
    m_reader.submit(this,
        [this, ids, format, path, options, done, cancelled, progress](
            store::EventStore& store) -> std::function<void()> {
            QList<exporting::EventBundle> bundles;
            auto written = writeExport(store, ids, format, path, options, bundles, *done, *cancelled);
            QString error = written ? QString() : written.error();
            if (written) {
                const auto entries = exporting::exportAuditEntries(bundles, format, path, options);
                auto audited = replay::runJobOnce(
                    store.path(), [entries](QSqlDatabase& db) { return replay::AuditLog::append(db, entries); });
                if (!audited)
                    error = u"exported, but the audit log could not be written: "_s + audited.error();
            }
            const QStringList files = written ? *written : QStringList();
            return [this, files, error, format, progress] {
                if (progress)
                    progress->deleteLater();
                --m_actionsRunning;
                updateActions();
                statusBar()->showMessage(error.isEmpty()
                        ? u"Exported %1 file(s) as %2%3"_s.arg(files.size())
                              .arg(format)
                              .arg(files.size() == 1 ? u": "_s + files.first() : QString())
                        : u"Export failed: %1"_s.arg(error),
                    10000);
                if (m_auditLog)
                    m_auditLog->reload();
                Q_EMIT exportFinished(files, error);
            };
        });
}

AuditLogDialog* MainWindow::showAuditLog()
{
    if (!m_auditLog) {
        m_auditLog = new AuditLogDialog(m_reader, this);
        m_auditLog->setAttribute(Qt::WA_DeleteOnClose);
    } else {
        m_auditLog->reload();
    }
    m_auditLog->show();
    m_auditLog->raise();
    m_auditLog->activateWindow();
    return m_auditLog;
}

} // namespace hookscope::ui
