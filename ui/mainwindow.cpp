#include "mainwindow.h"

#include "auditlogdialog.h"
#include "checklauncher.h"
#include "replaydialog.h"

#include "detailarea.h"
#include "emptystate.h"
#include "eventactionscontroller.h"
#include "eventcomparedialog.h"
#include "eventlistmenu.h"
#include "eventlistmodel.h"
#include "eventtable.h"
#include "exportcontroller.h"
#include "listenerstatus.h"
#include "listoptions.h"
#include "listselection.h"
#include "samplecontroller.h"
#include "searchbar.h"
#include "searchquery.h"
#include "selectedevents.h"
#include "settingscontroller.h"
#include "statslauncher.h"
#include "storewatcher.h"
#include "viewlistmodel.h"
#include "viewsidebar.h"
#include "windowmenus.h"
#include "wording.h"

#include <QAction>
#include <QCloseEvent>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

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
    connect(m_eventView, &QAbstractItemView::activated, m_detail, &DetailArea::focusShownTab); // Return, double-click
    connect(m_detail, &DetailArea::leaveRequested, m_eventView, qOverload<>(&QWidget::setFocus));
    connect(m_events, &EventListModel::totalChanged, this, [this] { Q_EMIT refreshed(); });
    connect(m_views, &ViewListModel::countsChanged, this, [this] {
        m_counts->setText(m_views->summary());
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
    new EventCompare(
        m_reader, [this] { return selectedEvents(); }, findChild<QMenu*>(u"eventMenu"_s), m_eventView, this);
    new ListOptions(m_eventView, m_events, m_selection, findChild<QMenu*>(u"viewMenu"_s), this);
    wireExport();
    new StatsLauncher(m_reader, m_watcher, findChild<QMenu*>(u"viewMenu"_s), this);
    addWindowExtras(this, m_reader); // saved searches, colouring rules, notifications
    new WindowMenus(this,
        { findChild<QMenu*>(u"viewMenu"_s), m_exportAction, findChild<QAction*>(u"settingsAction"_s),
            findChild<QAction*>(u"findAction"_s), findChild<QAction*>(u"copyRowsAction"_s), m_eventView,
            [this] { m_sample->send(); }, [this] { m_actions->askImport(); }, m_listener });
    new CheckLauncher(m_reader, this);
    m_sidebar->setCurrentIndex(m_views->index(0, 0));

    QSettings settings;
    restoreGeometry(settings.value(u"window/geometry"_s).toByteArray());
    if (!settings.contains(u"window/geometry"_s))
        resize(1360, 860);
}

MainWindow::~MainWindow()
{
    // Before the panes go: replays in flight must not reach a half-gone window.
    delete m_actions;
}

void MainWindow::buildUi()
{
    // Sidebar of views.
    auto* sidebar = new ViewSidebar(m_views, this);
    m_sidebar = sidebar;
    connect(sidebar, &ViewSidebar::viewChosen, this, [this](const QString& status, const QString& route) {
        m_viewStatus = status;
        m_viewRoute = route;
        applyFilter();
    });

    // Search.
    m_searchBar = new SearchBar(this);
    connect(m_searchBar, &SearchBar::applied, this, &MainWindow::applyFilter);
    connect(m_searchBar, &SearchBar::handOver, this, [this](bool pickFirst) {
        m_eventView->setFocus();
        if (pickFirst)
            m_selection->pickFirst();
    });

    // Event list.
    m_eventView = new EventTable(m_events, this);
    m_selection = new ListSelection(m_eventView, m_events, this);
    m_selected = new SelectedEvents(m_reader, m_eventView, m_events, this);
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
    m_settings = new SettingsController(m_listener, m_listenerStatus, statusBar(), this);
    connect(m_settings, &SettingsController::applied, this,
        [this] { m_views->setConfiguredRoutes(m_listener->state().routes); });
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
    horizontal->setSizes({ 180, 1100 });
    vertical->setSizes({ 330, 470 });
    QSettings settings;
    horizontal->restoreState(settings.value(u"window/sidebarSplitter"_s).toByteArray());
    vertical->restoreState(settings.value(u"window/listDetailSplitter"_s).toByteArray());
    sidebar->attach(horizontal);
    QMenu* view = menuBar()->addMenu(u"&View"_s);
    view->setObjectName(u"viewMenu"_s);
    view->addAction(sidebar->toggleAction());
    QMenu* tabs = view->addMenu(u"&Detail tab"_s);
    tabs->setObjectName(u"detailTabMenu"_s);
    tabs->addActions(m_detail->tabActions());

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
    m_counts->setObjectName(u"eventCounts"_s);
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

void MainWindow::buildActions()
{
    m_actions = new EventActionsController(m_reader, m_listener, this);
    connect(m_actions, &EventActionsController::statusMessage, this,
        [this](const QString& text, int timeoutMs) { statusBar()->showMessage(text, timeoutMs); });
    connect(m_actions, &EventActionsController::busyChanged, this, &MainWindow::updateActions);
    connect(m_actions, &EventActionsController::actionFinished, this,
        [this](const QString& action, int count, const QString& error) {
            storeChanged();
            refreshCounts();
            updateActions();
            if (m_auditLog)
                m_auditLog->reload();
            Q_EMIT actionFinished(action, count, error);
        });
    connect(m_actions, &EventActionsController::replayFinished, this, [this](const QList<replay::RunSummary>& runs) {
        storeChanged();
        updateActions();
        Q_EMIT replayFinished(runs);
    });
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
    m_emptyBinAction = make(
        u"&Empty bin…"_s, u"emptyBinAction"_s, [this] { m_actions->askEmptyBin(m_views->countOf(u"discarded"_s)); });
    m_emptyBinAction->setToolTip(u"Remove every discarded event for good (audited; as hookscope purge)"_s);
    m_copyCurlAction = make(u"Copy as &cURL"_s, u"copyCurlAction"_s, [this] {
        const QList<store::EventRow> events = selectedEvents();
        if (!events.isEmpty())
            copyCurl(events.first().id);
    });
    m_replayAction = make(u"&Replay…"_s, u"replayAction"_s, [this] { askReplay(); });
    m_replayAction->setShortcut(QKeySequence(u"Ctrl+R"_s));
    m_replayAction->setToolTip(u"Send the selected events again to a URL: as captured, re-signed or negative"_s);
    addAction(m_replayAction);
    m_replayAgainAction = make(u"Replay &again"_s, u"replayAgainAction"_s, [this] {
        withSelected([this](const QList<store::EventRow>& events) {
            if (!m_actions->replayAgain(events))
                askReplay(events); // no replay yet: the dialog says how
        });
    });
    m_replayAgainAction->setShortcut(QKeySequence(Qt::Key_R));
    m_replayAgainAction->setShortcutContext(Qt::WidgetShortcut);
    m_replayAgainAction->setToolTip(u"Replay the selected events the way the last Replay… did: the same target, "
                                    u"mode, secret and retries (not its edits)"_s);
    m_eventView->addAction(m_replayAgainAction);
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
    menu->addAction(m_replayAgainAction);
    menu->addAction(m_exportAction);
    menu->addAction(m_copyCurlAction);
    menu->addSeparator();
    menu->addAction(m_quarantineAction);
    menu->addAction(m_releaseAction);
    menu->addAction(m_discardAction);
    menu->addAction(m_restoreAction);
    menu->addAction(m_emptyBinAction);
    menu->addSeparator();
    menu->addAction(m_auditLogAction);
    connect(menu, &QMenu::aboutToShow, this, &MainWindow::updateActions);

    connect(m_eventView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateActions);
    connect(m_events, &EventListModel::reloaded, this, &MainWindow::updateActions);
    connect(m_events, &EventListModel::pageLoaded, this, &MainWindow::updateActions);
    updateActions();
}

QList<store::EventRow> MainWindow::selectedEvents() const
{
    return m_selected->loaded();
}

void MainWindow::withSelected(std::function<void(const QList<store::EventRow>&)> then)
{
    if (m_selected->reachesUnloaded())
        statusBar()->showMessage(u"Reading the %1 selected…"_s.arg(countedEvents(m_selected->count())));
    m_selected->resolve(this, std::move(then), [this](const QString& error) {
        statusBar()->showMessage(u"Cannot read the selected events: %1"_s.arg(error), 10000);
    });
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
    const bool idle = m_actionsRunning == 0 && !m_actions->isBusy();
    m_quarantineAction->setEnabled(idle && anyQuarantinable);
    m_releaseAction->setEnabled(idle && anyQuarantined);
    m_discardAction->setEnabled(idle && anyLive);
    m_restoreAction->setEnabled(idle && anyDiscarded);
    m_copyCurlAction->setEnabled(events.size() == 1);
    m_emptyBinAction->setEnabled(idle);
    m_replayAction->setEnabled(!m_actions->isReplaying() && !events.isEmpty());
    m_replayAgainAction->setEnabled(m_replayAction->isEnabled());
    m_exportAction->setEnabled(idle && !events.isEmpty());
}

void MainWindow::askQuarantine()
{
    withSelected([this](const QList<store::EventRow>& events) { m_actions->askQuarantine(events); });
}

void MainWindow::quarantineSelected(const QString& reason, const QString& note)
{
    withSelected([=, this](const QList<store::EventRow>& events) { m_actions->quarantine(events, reason, note); });
}

void MainWindow::releaseSelected(const QString& note)
{
    withSelected([=, this](const QList<store::EventRow>& events) { m_actions->release(events, note); });
}

void MainWindow::discardSelected(const QString& note)
{
    withSelected([=, this](const QList<store::EventRow>& events) { m_actions->discard(events, note); });
}

void MainWindow::restoreSelected(const QString& note)
{
    withSelected([=, this](const QList<store::EventRow>& events) { m_actions->restore(events, note); });
}

void MainWindow::setReplayService(replay::ReplayService* service)
{
    m_actions->setReplayService(service);
}

void MainWindow::askReplay()
{
    withSelected([this](const QList<store::EventRow>& events) { askReplay(events); });
}

void MainWindow::askReplay(const QList<store::EventRow>& events)
{
    if (events.isEmpty() || m_actions->isReplaying())
        return;
    const ListenerState state = m_listener ? m_listener->state() : ListenerState();
    // The secret field starts with the routes' one secret when the events share a route; else it stays empty and
    // each event is re-signed with its own route's (actions::SecretPolicy).
    QStringList routes;
    for (const store::EventRow& e : events)
        if (!routes.contains(actions::routeName(e.route)))
            routes << actions::routeName(e.route);
    const QList<QByteArray> secrets = routes.size() == 1
        ? m_actions->secretPolicy(routes).secretsFor(routes.first()).value_or(QList<QByteArray>())
        : QList<QByteArray>();
    ReplayDialog dialog(int(events.size()), events.first().scheme.isEmpty() ? state.scheme : events.first().scheme,
        secrets.value(0), this);
    // Editing starts from the captured request: the shown event's, when it is the one selected.
    if (events.size() == 1 && m_details.event.id == events.first().id && !m_details.deliveries.isEmpty())
        dialog.setCaptured(replay::CapturedRequest::fromDelivery(m_details.deliveries[m_details.primaryDelivery()]));
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_actions->replayEvents(events, dialog.request(), dialog.concurrency(), dialog.typedSecret());
}

void MainWindow::replay(const QList<replay::ReplayJob>& jobs, int concurrency)
{
    m_actions->replay(jobs, concurrency);
}

void MainWindow::cancelReplay()
{
    m_actions->cancelReplay();
}

bool MainWindow::isReplaying() const
{
    return m_actions->isReplaying();
}

void MainWindow::askExport()
{
    withSelected([this](const QList<store::EventRow>& events) { m_exporter->ask(idsOf(events)); });
}

void MainWindow::exportSelected(
    const QString& format, const QString& path, bool redactAuthorization, const QString& attachmentsFolder)
{
    withSelected([=, this](const QList<store::EventRow>& events) {
        m_exporter->exportEvents(idsOf(events), format, path, redactAuthorization, attachmentsFolder);
    });
}

void MainWindow::wireExport()
{
    m_exporter = new ExportController(m_reader, this);
    connect(m_exporter, &ExportController::started, this, [this] {
        ++m_actionsRunning;
        updateActions();
    });
    connect(m_exporter, &ExportController::status, this,
        [this](const QString& message, int timeoutMs) { statusBar()->showMessage(message, timeoutMs); });
    connect(m_exporter, &ExportController::finished, this, [this](const QStringList& files, const QString& error) {
        --m_actionsRunning;
        updateActions();
        if (m_auditLog)
            m_auditLog->reload();
        Q_EMIT exportFinished(files, error);
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
