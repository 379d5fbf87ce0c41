#include "detailarea.h"

#include "attachmentspane.h"
#include "bodypane.h"
#include "deliveriespane.h"
#include "emailpane.h"
#include "mimepane.h"
#include "overviewpane.h"
#include "requestpane.h"
#include "signaturepane.h"

#include "core/replay/attemptlog.h"

#include <QAction>
#include <QActionGroup>
#include <QLabel>
#include <QShortcut>
#include <QTabBar>
#include <QTabWidget>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

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

DetailArea::DetailArea(EventReader& reader, QWidget* parent)
    : QStackedWidget(parent)
    , m_reader(reader)
{
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
    // Alt+1 … Alt+8 open the tabs in order, wherever the focus is in the window; View ▸ Detail tab lists them.
    auto* group = new QActionGroup(this);
    for (int i = 0; i < m_tabs->count(); ++i) {
        QAction* show = group->addAction(u"%1 tab"_s.arg(m_tabs->tabText(i)));
        show->setObjectName(u"detailTab%1Action"_s.arg(i + 1));
        show->setCheckable(true);
        show->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)));
        show->setShortcutContext(Qt::WindowShortcut);
        addAction(show);
        connect(show, &QAction::triggered, m_tabs, [this, i] { m_tabs->setCurrentIndex(i); });
        m_tabActions.append(show);
    }
    m_tabActions.first()->setChecked(true);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int i) {
        if (i >= 0 && i < m_tabActions.size())
            m_tabActions[i]->setChecked(true);
    });
    // Ctrl+Tab and Ctrl+Shift+Tab go through the tabs in turn, wherever the focus is (as a browser's do).
    for (const bool back : { false, true }) {
        auto* key = new QShortcut(this);
        key->setKeys(back ? QList<QKeySequence> { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab),
                         QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Tab) }
                          : QList<QKeySequence> { QKeySequence(Qt::CTRL | Qt::Key_Tab) });
        key->setContext(Qt::WindowShortcut);
        key->setWhatsThis(back ? u"Show the previous tab"_s : u"Show the next tab"_s);
        connect(key, &QShortcut::activated, m_tabs, [this, back] {
            const int n = m_tabs->count();
            m_tabs->setCurrentIndex((m_tabs->currentIndex() + (back ? n - 1 : 1)) % n);
        });
    }
    // Esc in the details goes back to the list (Return on the list came in: focusShownTab).
    auto* back = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    back->setContext(Qt::WidgetWithChildrenShortcut);
    back->setWhatsThis(u"Back to the event list (from the details)"_s);
    connect(back, &QShortcut::activated, this, &DetailArea::leaveRequested);
    auto* nothing = new QLabel(u"Select an event to see its request, email and signature."_s, this);
    nothing->setAlignment(Qt::AlignCenter);
    nothing->setForegroundRole(QPalette::PlaceholderText);
    addWidget(nothing);
    addWidget(m_tabs);
}

void DetailArea::focusShownTab()
{
    if (currentWidget() != m_tabs)
        return;
    QWidget* page = m_tabs->currentWidget();
    QWidget* target = m_tabs->tabBar();
    // The page's first part in the focus chain that takes the focus by Tab, as Tab itself would find it.
    for (QWidget* w = page->nextInFocusChain(); w && w != page; w = w->nextInFocusChain()) {
        if (page->isAncestorOf(w) && w->isVisibleTo(page) && w->isEnabled() && (w->focusPolicy() & Qt::TabFocus)) {
            target = w;
            break;
        }
    }
    target->setFocus(Qt::OtherFocusReason);
}

void DetailArea::load(qint64 id)
{
    m_wantedId = id;
    if (id == 0) {
        m_detailsJob.cancel();
        m_details = {};
        setCurrentIndex(0);
        for (DetailPane* pane : std::as_const(m_panes))
            pane->clearDetails();
        return;
    }
    m_detailsJob.start(
        m_reader, this, [id](store::EventStore& store) { return loadEventDetails(store, id); },
        [this](EventDetails details) { showDetails(details); });
}

void DetailArea::showDetails(const EventDetails& details)
{
    m_details = details;
    if (!details.found) {
        setCurrentIndex(0);
        return;
    }
    for (DetailPane* pane : std::as_const(m_panes))
        pane->setDetails(details);
    const int attachments = details.email ? int(details.email->attachments.size()) : 0;
    m_tabs->setTabText(
        m_tabs->indexOf(m_attachments), attachments ? u"Attachments (%1)"_s.arg(attachments) : u"Attachments"_s);
    m_tabs->setTabText(m_tabs->indexOf(m_deliveries), u"Deliveries (%1)"_s.arg(details.deliveries.size()));
    setCurrentIndex(1);
    Q_EMIT detailsShown(details.event.id);
}

void DetailArea::reloadIfChanged()
{
    if (m_wantedId == 0 || !m_details.found || m_details.event.id != m_wantedId)
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
            if (details && details->event.id == m_wantedId)
                showDetails(*details);
        });
}

} // namespace hookscope::ui
