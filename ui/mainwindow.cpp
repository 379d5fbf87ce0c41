#include "mainwindow.h"

#include "core/replay/attemptlog.h"

#include "auditlogdialog.h"
#include "quarantinedialog.h"
#include "replaydialog.h"

#include "attachmentspane.h"
#include "badges.h"
#include "bodypane.h"
#include "deliveriespane.h"
#include "emailpane.h"
#include "emptystate.h"
#include "eventactionscontroller.h"
#include "eventlistmodel.h"
#include "exportcontroller.h"
#include "mimepane.h"
#include "overviewpane.h"
#include "requestpane.h"
#include "sampleevent.h"
#include "samplesender.h"
#include "searchquery.h"
#include "settingsdialog.h"
#include "signaturepane.h"
#include "viewlistmodel.h"

#include "core/config/secretstore.h"
#include "core/export/curl.h"
#include "core/replay/auditlog.h"
#include "core/replay/storejob.h"
#include "core/store/eventstore.h"
#include "core/store/storewriter.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonObject>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QUuid>
#include <QVBoxLayout>

#include <atomic>
#include <chrono>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {

quint16 freePortNear(quint16 wanted)
{
    for (quint16 p = wanted; p != 0 && p < wanted + 50; ++p) {
        QTcpServer probe;
        if (probe.listen(QHostAddress::LocalHost, p))
            return p;
    }
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

MainWindow::MainWindow(EventReader& reader, ListenerControl* listener, QWidget* parent)
    : QMainWindow(parent)
    , m_reader(reader)
    , m_listener(listener)
    , m_events(new EventListModel(reader, this))
    , m_views(new ViewListModel(reader, this))
    , m_sender(new SampleSender(this))
    , m_pacer([] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now().time_since_epoch())
            .count();
    })
{
    setWindowTitle(u"Hookscope"_s);
    buildUi();
    buildStatusBar();

    connect(this, &MainWindow::eventSelected, this, &MainWindow::loadDetails);
    connect(m_events, &EventListModel::reloaded, this, &MainWindow::restoreSelection);
    // While rows arrive the current row may be taken out and put back; the selection follows the event id.
    connect(m_events, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this] { m_rowsMoving = true; });
    connect(m_events, &EventListModel::rowsArrivedAtTop, this, [this](int n) {
        m_rowsMoving = false;
        // Keep the rows a person is reading where they are; at the very top, show the newest instead.
        QScrollBar* bar = m_eventView->verticalScrollBar();
        if (bar->value() > 0)
            bar->setValue(bar->value() + n);
        const QModelIndex current = m_eventView->currentIndex();
        if (m_currentId != 0
            && (!current.isValid() || current.data(EventListModel::EventRowIdRole).toLongLong() != m_currentId))
            restoreSelection();
    });
    connect(m_events, &EventListModel::pageLoaded, this, [this](int first, int last) {
        // A page read after a reload or a flood of arrivals may be the first to say where the current event is.
        const QModelIndex current = m_eventView->currentIndex();
        if (m_currentId != 0 && m_waitingRow < 0
            && (!current.isValid() || current.data(EventListModel::EventRowIdRole).toLongLong() != m_currentId)) {
            const int row = m_events->rowOfLoaded(m_currentId);
            if (row >= first && row <= last)
                restoreSelection();
        }
        if (m_waitingRow >= first && m_waitingRow <= last) {
            const int row = m_waitingRow;
            m_waitingRow = -1;
            onCurrentRowChanged(row);
        }
    });
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
    connect(m_sender, &SampleSender::finished, this, [this](int status, const QString& message) {
        m_empty->setSendResult(message, status >= 200 && status < 300);
        statusBar()->showMessage(message, 8000);
        storeChanged();
    });

    m_pollTimer = new QTimer(this);
    m_pollTimer->setInterval(100);
    connect(m_pollTimer, &QTimer::timeout, this, &MainWindow::poll);
    m_pollTimer->start();
    // Fires when a read the pacer held back becomes due.
    m_paceTimer = new QTimer(this);
    m_paceTimer->setSingleShot(true);
    m_paceTimer->setTimerType(Qt::PreciseTimer);
    connect(m_paceTimer, &QTimer::timeout, this, &MainWindow::applyPacing);

    updateListener();
    m_views->setConfiguredRoutes(m_listener ? m_listener->state().routes : QStringList());
    buildActions();
    wireExport();
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
    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(u"Search events   (e.g.  invoice from:ada status:failed has:attachment)"_s);
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);
    m_hint = new QLabel(searchSyntaxHint(), this);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    QFont small = m_hint->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_hint->setFont(small);
    m_searchTimer = new QTimer(this);
    m_searchTimer->setSingleShot(true);
    m_searchTimer->setInterval(200);
    connect(m_search, &QLineEdit::textChanged, m_searchTimer, qOverload<>(&QTimer::start));
    connect(m_searchTimer, &QTimer::timeout, this, [this] { applySearch(m_search->text()); });
    auto* settingsAction = new QAction(u"Settings…"_s, this);
    settingsAction->setObjectName(u"settingsAction"_s);
    settingsAction->setShortcut(QKeySequence::Preferences);
    if (settingsAction->shortcut().isEmpty())
        settingsAction->setShortcut(QKeySequence(u"Ctrl+,"_s));
    connect(settingsAction, &QAction::triggered, this, [this] {
        if (!m_listener)
            return;
        config::SecretStore secrets;
        const ListenerState state = m_listener->state();
        SettingsDialog dialog(state.configPath, &secrets, this);
        dialog.showApi(state.apiUrl, state.apiTokenPath, state.apiError);
        dialog.exec();
    });
    addAction(settingsAction);
    auto* find = new QAction(u"Find"_s, this);
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    addAction(find);

    // Event list. A table view: unlike a tree view it keeps no per-row item, so inserting rows above a
    // million others costs nothing.
    m_eventView = new QTableView(this);
    m_eventView->setModel(m_events);
    m_eventView->verticalHeader()->hide();
    m_eventView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_eventView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    m_eventView->setShowGrid(false);
    m_eventView->setWordWrap(false);
    m_eventView->setAlternatingRowColors(true);
    m_eventView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_eventView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_eventView->setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    m_eventView->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_eventView->setSortingEnabled(true);
    m_eventView->sortByColumn(EventListModel::Received, Qt::DescendingOrder);
    m_eventView->setContextMenuPolicy(Qt::CustomContextMenu);
    m_eventView->setFrameShape(QFrame::NoFrame);
    m_eventView->setIconSize(QSize(12, 12));
    QHeaderView* header = m_eventView->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionsMovable(true);
    header->setHighlightSections(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    const int em = fontMetrics().horizontalAdvance(u'M');
    const int widths[] = { 11, 5, 12, 18, 14, 18, 30, 3, 6, 8 };
    for (int c = 0; c < EventListModel::ColumnCount; ++c)
        m_eventView->setColumnWidth(c, widths[c] * em);
    header->setSectionResizeMode(EventListModel::Subject, QHeaderView::Stretch);
    connect(m_eventView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) { onCurrentRowChanged(current.isValid() ? current.row() : -1); });
    connect(m_eventView, &QWidget::customContextMenuRequested, this, &MainWindow::showListMenu);
    auto* copy = new QAction(u"Copy"_s, m_eventView);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, [this] { copyToClipboard(selectionText(), u"the selected events"_s); });
    m_eventView->addAction(copy);

    m_empty = new EmptyState(this);
    connect(m_empty, &EmptyState::sendSampleRequested, this, &MainWindow::sendSample);
    m_listStack = new QStackedWidget(this);
    m_listStack->addWidget(m_eventView);
    m_listStack->addWidget(m_empty);

    // Detail tabs.
    m_overview = new OverviewPane(this);
    m_request = new RequestPane(this);
    m_body = new BodyPane(this);
    m_email = new EmailPane(this);
    m_attachments = new AttachmentsPane(this);
    m_mime = new MimePane(this);
    m_signature = new SignaturePane(this);
    m_deliveries = new DeliveriesPane(this);
    m_panes = { m_overview, m_request, m_body, m_email, m_attachments, m_mime, m_signature, m_deliveries };
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_overview, u"Overview"_s);
    m_tabs->addTab(m_request, u"Request"_s);
    m_tabs->addTab(m_body, u"Body"_s);
    m_tabs->addTab(m_email, u"Email"_s);
    m_tabs->addTab(m_attachments, u"Attachments"_s);
    m_tabs->addTab(m_mime, u"MIME"_s);
    m_tabs->addTab(m_signature, u"Signature"_s);
    m_tabs->addTab(m_deliveries, u"Deliveries"_s);
    auto* nothing = new QLabel(u"Select an event to see its request, email and signature."_s, this);
    nothing->setAlignment(Qt::AlignCenter);
    nothing->setForegroundRole(QPalette::PlaceholderText);
    m_detailStack = new QStackedWidget(this);
    m_detailStack->addWidget(nothing);
    m_detailStack->addWidget(m_tabs);

    // Listener problems, said in the window.
    m_banner = new QWidget(this);
    m_banner->setAutoFillBackground(true);
    QPalette bp = m_banner->palette();
    QColor warn = toneColor(Tone::Warning, bp);
    warn.setAlpha(60);
    bp.setColor(QPalette::Window, warn);
    m_banner->setPalette(bp);
    m_bannerText = new QLabel(m_banner);
    m_bannerText->setWordWrap(true);
    m_bannerButton = new QPushButton(m_banner);
    auto* bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(10, 6, 10, 6);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(m_bannerButton);
    m_banner->hide();
    connect(m_bannerButton, &QPushButton::clicked, this, [this] {
        if (!m_listener)
            return;
        const ListenerState s = m_listener->state();
        const quint16 http = s.httpPort ? freePortNear(quint16(s.httpPort + 1)) : 0;
        quint16 https = s.httpsPort ? freePortNear(quint16(s.httpsPort + 1)) : 0;
        if (https == http && https)
            https = freePortNear(quint16(https + 1));
        m_listener->restart(http, https);
        updateListener();
    });

    auto* listArea = new QWidget(this);
    auto* listLayout = new QVBoxLayout(listArea);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->setSpacing(0);
    auto* searchBox = new QWidget(listArea);
    auto* searchLayout = new QVBoxLayout(searchBox);
    searchLayout->setContentsMargins(8, 8, 8, 4);
    searchLayout->setSpacing(2);
    searchLayout->addWidget(m_search);
    searchLayout->addWidget(m_hint);
    listLayout->addWidget(searchBox);
    listLayout->addWidget(m_listStack, 1);

    auto* vertical = new QSplitter(Qt::Vertical, this);
    vertical->setObjectName(u"listDetailSplitter"_s);
    vertical->addWidget(listArea);
    vertical->addWidget(m_detailStack);
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
    centralLayout->addWidget(m_banner);
    centralLayout->addWidget(horizontal, 1);
    setCentralWidget(central);
}

void MainWindow::buildStatusBar()
{
    m_urlButtons = new QWidget(this);
    m_urlLayout = new QHBoxLayout(m_urlButtons);
    m_urlLayout->setContentsMargins(0, 0, 0, 0);
    m_urlLayout->setSpacing(4);
    statusBar()->addWidget(m_urlButtons);
    m_counts = new QLabel(this);
    statusBar()->addPermanentWidget(m_counts);
    auto* settings = new QToolButton(this);
    settings->setAutoRaise(true);
    settings->setDefaultAction(findChild<QAction*>(u"settingsAction"_s));
    statusBar()->addPermanentWidget(settings);
}

void MainWindow::updateListener()
{
    while (QLayoutItem* item = m_urlLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const ListenerState s = m_listener ? m_listener->state() : ListenerState();
    for (const QUrl& url : s.urls) {
        auto* b = new QToolButton(m_urlButtons);
        b->setAutoRaise(true);
        b->setText(url.toString());
        b->setToolTip(u"Click to copy %1"_s.arg(url.toString()));
        connect(b, &QToolButton::clicked, this, [this, url] { copyToClipboard(url.toString(), url.toString()); });
        m_urlLayout->addWidget(b);
    }
    if (!s.fingerprint.isEmpty()) {
        auto* fp = new QToolButton(m_urlButtons);
        fp->setAutoRaise(true);
        fp->setText(u"SHA-256 %1…"_s.arg(s.fingerprint.left(23)));
        fp->setToolTip(u"The HTTPS certificate's SHA-256 fingerprint (click to copy):\n"_s + s.fingerprint);
        connect(fp, &QToolButton::clicked, this,
            [this, f = s.fingerprint] { copyToClipboard(f, u"the certificate fingerprint"_s); });
        m_urlLayout->addWidget(fp);
    }
    if (s.urls.isEmpty()) {
        auto* off = new QLabel(m_listener ? u"Not listening"_s : u"Listener off"_s, m_urlButtons);
        m_urlLayout->addWidget(off);
    }
    if (!s.error.isEmpty()) {
        m_bannerText->setText(u"<b>Not receiving webhooks.</b> %1"_s.arg(s.error.toHtmlEscaped()));
        const quint16 http = s.httpPort ? freePortNear(quint16(s.httpPort + 1)) : 0;
        quint16 https = s.httpsPort ? freePortNear(quint16(s.httpsPort + 1)) : 0;
        if (https == http && https)
            https = freePortNear(quint16(https + 1));
        m_bannerButton->setText(
            https ? u"Listen on %1 and %2 instead"_s.arg(http).arg(https) : u"Listen on %1 instead"_s.arg(http));
        m_banner->show();
    } else {
        m_banner->hide();
    }
    m_empty->setListener(s);
}

void MainWindow::selectView(const QString& status, const QString& route)
{
    const int row = m_views->rowOf(status, route);
    if (row >= 0)
        m_sidebar->setCurrentIndex(m_views->index(row, 0));
}

void MainWindow::applySearch(const QString& text)
{
    m_searchTimer->stop();
    if (m_search->text() != text) {
        QSignalBlocker block(m_search);
        m_search->setText(text);
    }
    m_searchText = text;
    applyFilter();
}

void MainWindow::applyFilter()
{
    store::EventQuery base = m_events->query();
    base.status = m_viewStatus;
    base.route = m_viewRoute;
    const ParsedSearch parsed = parseSearch(m_searchText, base);
    if (parsed.problems.isEmpty()) {
        m_hint->setText(searchSyntaxHint());
        m_hint->setForegroundRole(QPalette::PlaceholderText);
        m_hint->setPalette(QPalette());
    } else {
        m_hint->setText(parsed.problems.join(u"; "_s));
        QPalette p = m_hint->palette();
        p.setColor(QPalette::WindowText, toneColor(Tone::Bad, p));
        m_hint->setForegroundRole(QPalette::WindowText);
        m_hint->setPalette(p);
    }
    m_events->setQuery(parsed.query);
    updateEmptyState();
}

void MainWindow::updateEmptyState()
{
    const bool empty
        = m_views->countOf(QString()) == 0 && m_searchText.isEmpty() && m_viewStatus.isEmpty() && m_viewRoute.isEmpty();
    m_listStack->setCurrentWidget(empty ? static_cast<QWidget*>(m_empty) : m_eventView);
    // On a first run the empty state gets the whole window: there is nothing to detail yet.
    m_detailStack->setVisible(!empty);
}

void MainWindow::onCurrentRowChanged(int row)
{
    if (row < 0 || m_rowsMoving)
        return;
    const qint64 id = m_events->eventIdAt(row);
    if (id == 0) {
        m_waitingRow = row; // its page is on the way
        m_events->data(m_events->index(row, 0));
        return;
    }
    m_waitingRow = -1;
    if (id == m_currentId)
        return;
    m_currentId = id;
    Q_EMIT eventSelected(id);
}

namespace {

/** What identifies the state of an event's attempts: each attempt's id, state and finish time. */
QString attemptsSignature(const QList<replay::AttemptRow>& attempts)
{
    QString s;
    for (const replay::AttemptRow& a : attempts)
        s += u"%1:%2:%3;"_s.arg(a.id).arg(a.state).arg(a.finishedUs);
    return s;
}

} // namespace

void MainWindow::loadDetails(qint64 id)
{
    if (id == 0) {
        m_detailStack->setCurrentIndex(0);
        for (DetailPane* pane : std::as_const(m_panes))
            pane->clearDetails();
        return;
    }
    m_detailsJob.start(
        m_reader, this, [id](store::EventStore& store) { return loadEventDetails(store, id); },
        [this](EventDetails details) { showDetails(details); });
}

void MainWindow::showDetails(const EventDetails& details)
{
    m_details = details;
    if (!details.found) {
        m_detailStack->setCurrentIndex(0);
        return;
    }
    for (DetailPane* pane : std::as_const(m_panes))
        pane->setDetails(details);
    const int attachments = details.email ? int(details.email->attachments.size()) : 0;
    m_tabs->setTabText(
        m_tabs->indexOf(m_attachments), attachments ? u"Attachments (%1)"_s.arg(attachments) : u"Attachments"_s);
    m_tabs->setTabText(m_tabs->indexOf(m_deliveries), u"Deliveries (%1)"_s.arg(details.deliveries.size()));
    m_detailStack->setCurrentIndex(1);
    Q_EMIT detailsShown(details.event.id);
}

void MainWindow::reloadIfChanged()
{
    if (m_currentId == 0 || !m_details.found || m_details.event.id != m_currentId)
        return;
    const store::EventRow shown = m_details.event;
    const QString shownAttempts = attemptsSignature(m_details.attempts);
    m_recheckJob.start(
        m_reader, this,
        [shown, shownAttempts](store::EventStore& store) -> std::optional<EventDetails> {
            auto now = store.event(shown.id);
            if (!now || !now->has_value())
                return std::nullopt;
            const store::EventRow& e = **now;
            // Replay attempts change without touching the event's row (a retry, a pending attempt finishing).
            const auto attempts = replay::AttemptLog::forEvent(store.database(), shown.id);
            const bool attemptsChanged = attempts && attemptsSignature(*attempts) != shownAttempts;
            if (e.lastUs == shown.lastUs && e.processed == shown.processed && e.status == shown.status
                && e.quarantined == shown.quarantined && e.deliveries == shown.deliveries && e.replays == shown.replays
                && e.discarded == shown.discarded && !attemptsChanged)
                return std::nullopt;
            return loadEventDetails(store, shown.id);
        },
        [this](std::optional<EventDetails> details) {
            if (details && details->event.id == m_currentId)
                showDetails(*details);
        });
}

void MainWindow::poll()
{
    const qint64 counter = m_listener ? m_listener->changeCounter() : 0;
    bool changed = counter != m_lastCounter;
    m_lastCounter = counter;
    // Other processes writing the same store (a `serve`, a CLI quarantine) show in PRAGMA data_version.
    if (++m_pollTicks % 5 == 0) {
        m_versionJob.start(
            m_reader, this, [](store::EventStore& store) { return store.dataVersion(); },
            [this](qint64 version) {
                if (version != m_lastDataVersion) {
                    const bool first = m_lastDataVersion < 0;
                    m_lastDataVersion = version;
                    if (!first)
                        storeChanged();
                }
            });
    }
    if (changed)
        m_pacer.changed();
    applyPacing();
}

void MainWindow::setClock(RefreshPacer::Clock clock)
{
    m_pacer.setClock(std::move(clock));
}

void MainWindow::storeChanged()
{
    m_pacer.changed();
    applyPacing();
}

void MainWindow::applyPacing()
{
    // However fast events pour in: the list at most once per poll interval, the views' counts (the heaviest
    // read) at most once a second, each change read at the latest one interval later.
    const RefreshPacer::Due due = m_pacer.take();
    if (due.list) {
        m_events->refresh();
        reloadIfChanged();
    }
    if (due.counts)
        m_views->refresh();
    const qint64 wait = m_pacer.untilDue();
    if (wait < 0)
        m_paceTimer->stop();
    else
        m_paceTimer->start(int(std::min<qint64>(wait, RefreshPacer::kCountsIntervalMs)));
}

void MainWindow::refreshCounts()
{
    m_pacer.countsRead();
    m_views->refresh();
}

void MainWindow::restoreSelection()
{
    if (m_currentId == 0)
        return;
    const int row = m_events->rowOfLoaded(m_currentId);
    if (row < 0)
        return;
    QSignalBlocker block(m_eventView->selectionModel());
    const QModelIndex index = m_events->index(row, 0);
    m_eventView->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_eventView->scrollTo(index);
    m_eventView->viewport()->update();
}

QString MainWindow::selectionText() const
{
    QModelIndexList rows = m_eventView->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    QStringList lines;
    const QHeaderView* header = m_eventView->horizontalHeader();
    if (rows.size() > 1) {
        QStringList names;
        for (int v = 0; v < EventListModel::ColumnCount; ++v)
            names << m_events->headerData(header->logicalIndex(v), Qt::Horizontal).toString();
        lines << names.join(u'\t');
    }
    for (const QModelIndex& r : std::as_const(rows)) {
        QStringList cells;
        for (int v = 0; v < EventListModel::ColumnCount; ++v)
            cells << m_events->index(r.row(), header->logicalIndex(v)).data().toString();
        lines << cells.join(u'\t');
    }
    return lines.join(u'\n');
}

void MainWindow::copyCurl(qint64 eventId)
{
    // The one renderer `export --format curl` uses, so what is pasted is what the command line writes.
    m_curlJob.start(
        m_reader, this,
        [eventId](store::EventStore& store) -> std::optional<QByteArray> {
            auto bundle = exporting::EventBundle::load(store, eventId);
            if (!bundle)
                return std::nullopt;
            return exporting::toCurl(*bundle, {});
        },
        [this](std::optional<QByteArray> script) {
            if (script)
                copyToClipboard(QString::fromUtf8(*script), u"the curl command"_s);
        });
}

void MainWindow::showListMenu(const QPoint& pos)
{
    const QModelIndex index = m_eventView->indexAt(pos);
    if (!index.isValid())
        return;
    const store::EventRow* e = m_events->eventAt(index.row());
    if (!e)
        return;
    const store::EventRow event = *e;
    QMenu menu(this);
    menu.addAction(u"Copy as cURL"_s, this, [this, id = event.id] { copyCurl(id); });
    menu.addAction(u"Copy event id (%1)"_s.arg(event.id), this,
        [this, id = event.id] { copyToClipboard(QString::number(id), u"the event id"_s); });
    if (!event.eventId.isEmpty())
        menu.addAction(
            u"Copy provider id"_s, this, [this, v = event.eventId] { copyToClipboard(v, u"the provider id"_s); });
    if (!event.messageId.isEmpty())
        menu.addAction(
            u"Copy Message-ID"_s, this, [this, v = event.messageId] { copyToClipboard(v, u"the Message-ID"_s); });
    menu.addAction(u"Copy row"_s, this, [this] { copyToClipboard(selectionText(), u"the selected events"_s); });
    menu.addSeparator();
    updateActions();
    menu.addAction(m_quarantineAction);
    menu.addAction(m_releaseAction);
    menu.addAction(m_discardAction);
    menu.addAction(m_restoreAction);
    menu.addAction(m_replayAction);
    menu.addAction(m_exportAction);
    menu.exec(m_eventView->viewport()->mapToGlobal(pos));
}

void MainWindow::copyToClipboard(const QString& text, const QString& what)
{
    QApplication::clipboard()->setText(text);
    statusBar()->showMessage(u"Copied %1"_s.arg(what), 3000);
}

void MainWindow::sendSample()
{
    if (!m_listener)
        return;
    const ListenerState s = m_listener->state();
    QUrl target;
    for (const QUrl& u : s.urls) {
        if (u.scheme() == u"http"_s) {
            target = u;
            break;
        }
    }
    if (target.isEmpty() && !s.urls.isEmpty())
        target = s.urls.first();
    if (target.isEmpty())
        return;
    target.setPath(s.samplePath);
    const QString id = u"evt_sample_"_s + QUuid::createUuid().toString(QUuid::Id128).left(12);
    m_empty->setSendResult(u"Sending…"_s, true);
    m_sender->send(target, s.scheme, s.secret, sampleEmail(id).toJson());
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Escape) {
            m_search->clear();
            applySearch(QString());
            m_eventView->setFocus();
            return true;
        }
        if (key->key() == Qt::Key_Down || key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            applySearch(m_search->text());
            m_eventView->setFocus();
            if (!m_eventView->currentIndex().isValid() && m_events->rowCount() > 0)
                m_eventView->setCurrentIndex(m_events->index(0, 0));
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
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
    m_emptyBinAction = make(u"&Empty bin…"_s, u"emptyBinAction"_s, [this] { askEmptyBin(); });
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
    const bool idle = m_actionsRunning == 0 && !m_actions->isBusy();
    m_quarantineAction->setEnabled(idle && anyQuarantinable);
    m_releaseAction->setEnabled(idle && anyQuarantined);
    m_discardAction->setEnabled(idle && anyLive);
    m_restoreAction->setEnabled(idle && anyDiscarded);
    m_copyCurlAction->setEnabled(events.size() == 1);
    m_emptyBinAction->setEnabled(idle);
    m_replayAction->setEnabled(!m_actions->isReplaying() && !events.isEmpty());
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
    m_actions->quarantine(selectedEvents(), reason, note);
}

void MainWindow::releaseSelected(const QString& note)
{
    m_actions->release(selectedEvents(), note);
}

void MainWindow::discardSelected(const QString& note)
{
    m_actions->discard(selectedEvents(), note);
}

void MainWindow::restoreSelected(const QString& note)
{
    m_actions->restore(selectedEvents(), note);
}

void MainWindow::askEmptyBin()
{
    const qint64 inBin = m_views->countOf(u"discarded"_s);
    if (QMessageBox::question(this, u"Empty bin"_s,
            u"Remove the %1 discarded event(s) for good? This cannot be undone (the audit log keeps a record)."_s.arg(
                inBin))
        != QMessageBox::Yes)
        return;
    m_actions->emptyBin();
}

void MainWindow::setReplayService(replay::ReplayService* service)
{
    m_actions->setReplayService(service);
}

void MainWindow::askReplay()
{
    const QList<store::EventRow> events = selectedEvents();
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
    QList<qint64> ids;
    for (const store::EventRow& e : selectedEvents())
        ids << e.id;
    m_exporter->ask(ids);
}

void MainWindow::exportSelected(
    const QString& format, const QString& path, bool redactAuthorization, const QString& attachmentsFolder)
{
    QList<qint64> ids;
    for (const store::EventRow& e : selectedEvents())
        ids << e.id;
    m_exporter->exportEvents(ids, format, path, redactAuthorization, attachmentsFolder);
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
