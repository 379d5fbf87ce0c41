#include "notifier.h"

#include "badges.h"
#include "eventlistmodel.h"
#include "mainwindow.h"
#include "viewlistmodel.h"

#include "core/store/eventstore.h"

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QSettings>
#include <QSystemTrayIcon>
#include <QTableView>
#include <QTreeView>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {

const QString kKey = u"notify/failures"_s;

} // namespace

Notifier::Notifier(MainWindow* window, EventReader& reader, QMenu* viewMenu)
    : QObject(window)
    , m_window(window)
    , m_reader(reader)
    , m_toggle(new QAction(u"&Notify me of failing signatures and quarantines"_s, window))
{
    m_toggle->setObjectName(u"notifyAction"_s);
    m_toggle->setCheckable(true);
    m_toggle->setChecked(QSettings().value(kKey, true).toBool());
    connect(m_toggle, &QAction::toggled, this, [](bool on) { QSettings().setValue(kKey, on); });
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(this);
        QIcon icon = QApplication::windowIcon();
        m_tray->setIcon(icon.isNull() ? toneIcon(Tone::Bad) : icon);
        m_tray->setToolTip(u"Hookscope"_s);
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, &Notifier::messageClicked);
        connect(m_tray, &QSystemTrayIcon::activated, this, [this] {
            m_window->showNormal();
            m_window->raise();
            m_window->activateWindow();
        });
        m_tray->setVisible(m_toggle->isChecked());
        connect(m_toggle, &QAction::toggled, m_tray, &QSystemTrayIcon::setVisible);
    } else {
        m_toggle->setEnabled(false);
        m_toggle->setToolTip(u"This desktop has no system tray to show notifications in"_s);
    }
    if (viewMenu) {
        viewMenu->addSeparator();
        viewMenu->addAction(m_toggle);
    }
    // The counts are read after every change to the store, paced (at most once a second): a burst is one look.
    connect(window->viewModel(), &ViewListModel::countsChanged, this, &Notifier::look);
    look(); // where arrivals start from
}

Notifier::~Notifier() = default;

void Notifier::setSink(Sink sink)
{
    m_sink = std::move(sink);
    m_toggle->setEnabled(m_sink || m_tray);
    if (m_tray)
        m_tray->setVisible(!m_sink && m_toggle->isChecked());
}

bool Notifier::isActive() const
{
    return (m_sink || m_tray) && m_toggle->isChecked();
}

void Notifier::look()
{
    if (m_looking) {
        m_again = true;
        return;
    }
    m_looking = true;
    const qint64 after = m_lastId;
    m_job.start(
        m_reader, this,
        [after](store::EventStore& store) {
            Arrivals a;
            // One snapshot: the newest id and what arrived up to it.
            store.database().transaction();
            const auto last = store.lastEventId();
            a.lastId = last ? *last : after;
            if (!last || after < 0 || a.lastId <= after) {
                store.database().commit();
                a.ok = bool(last);
                return a;
            }
            store::EventQuery q;
            q.afterId = after;
            q.limit = 1;
            q.orderBy = u"id"_s;
            q.descending = true;
            for (const QString& status : { u"failed"_s, u"quarantined"_s }) {
                q.status = status;
                const auto n = store.count(q);
                const auto newest = store.list(q);
                if (!n || !newest) {
                    store.database().commit();
                    return Arrivals {};
                }
                (status == u"failed"_s ? a.failed : a.quarantined) = *n;
                if (!newest->isEmpty() && newest->first().id > a.newestId && newest->first().id <= a.lastId) {
                    const store::EventRow& e = newest->first();
                    a.newestId = e.id;
                    a.newestLabel = e.subject.isEmpty() ? e.eventId : e.subject;
                }
            }
            store.database().commit();
            a.ok = true;
            return a;
        },
        [this](Arrivals a) {
            m_looking = false;
            if (a.ok) {
                const bool first = m_lastId < 0;
                m_lastId = std::max(m_lastId, a.lastId);
                if (!first)
                    show(a);
                Q_EMIT arrivalsRead();
            }
            if (m_again) {
                m_again = false;
                look();
            }
        },
        true);
}

QString Notifier::notificationText(const QString& senderText)
{
    // Desktop notification servers may read the body as markup (<a href>, <img>): the sender's subject must not
    // become a link or an image, so its angle brackets and ampersands are look-alikes, and controls are dropped.
    QString out;
    for (const QChar c : senderText.left(120)) {
        if (c == u'<')
            out += QChar(0x2039);
        else if (c == u'>')
            out += QChar(0x203A);
        else if (c == u'&')
            out += QChar(0xFF06);
        else if (c.category() != QChar::Other_Control && c.category() != QChar::Other_Format)
            out += c;
    }
    return senderText.size() > 120 ? out + u"…"_s : out;
}

void Notifier::show(const Arrivals& a)
{
    if (a.failed + a.quarantined == 0 || !isActive() || m_window->isActiveWindow())
        return;
    QStringList parts;
    if (a.failed > 0)
        parts << (a.failed == 1 ? u"1 failing signature"_s : u"%1 failing signatures"_s.arg(a.failed));
    if (a.quarantined > 0)
        parts << (a.quarantined == 1 ? u"1 event quarantined"_s : u"%1 events quarantined"_s.arg(a.quarantined));
    QString message = parts.join(u", "_s);
    if (a.failed + a.quarantined == 1 && !a.newestLabel.isEmpty())
        message += u": "_s + notificationText(a.newestLabel);
    const QString title = u"Hookscope"_s;
    m_eventId = a.newestId;
    if (m_sink)
        m_sink(title, message);
    else if (m_tray)
        m_tray->showMessage(title, message, QSystemTrayIcon::Warning);
    Q_EMIT notified(title, message);
}

void Notifier::messageClicked()
{
    m_window->showNormal();
    m_window->raise();
    m_window->activateWindow();
    if (m_eventId > 0)
        select(m_eventId, true);
}

void Notifier::select(qint64 eventId, bool again)
{
    EventListModel* events = m_window->eventModel();
    const int row = events->isLoading() ? -1 : events->rowOfLoaded(eventId);
    if (row >= 0) {
        m_window->eventView()->selectionModel()->setCurrentIndex(
            events->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_window->eventView()->scrollTo(events->index(row, 0));
        return;
    }
    if (!again)
        return;
    // Not among the rows read (another view, a search, not yet read): All, no search, then again once that result
    // has its first page. resultReplaced, not reloaded: a refresh of the old result can also end in a reset.
    disconnect(m_pendingSelect);
    m_window->selectView(QString());
    m_window->applySearch(QString());
    if (!events->isLoading()) {
        select(eventId, false); // nothing new to read: the list already shows all
        return;
    }
    m_pendingSelect = connect(events, &EventListModel::resultReplaced, this, [this, eventId] {
        if (m_window->eventModel()->isLoading())
            return; // a newer query is on its way: its own result comes
        disconnect(m_pendingSelect);
        select(eventId, false);
    });
}

} // namespace hookscope::ui
