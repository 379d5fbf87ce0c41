#include "eventlistmodel.h"

#include "badges.h"

#include <QColor>
#include <QDateTime>
#include <QGuiApplication>
#include <QLocale>
#include <QScopeGuard>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

QString EventListModel::columnSqlName(int column)
{
    switch (column) {
    case Received:
        return u"received_us"_s;
    case Method:
        return u"method"_s;
    case Path:
        return u"path"_s;
    case Verification:
        return u"status"_s;
    case ProviderId:
        return u"event_id"_s;
    case From:
        return u"from_address"_s;
    case Subject:
        return u"subject"_s;
    case Attachments:
        return u"attachments"_s;
    case Size:
        return u"size"_s;
    case Deliveries:
        return u"deliveries"_s;
    case Body:
        return {};
    }
    return u"received_us"_s;
}

EventListModel::EventListModel(EventReader& reader, QObject* parent)
    : QAbstractTableModel(parent)
    , m_reader(reader)
{
    m_query.limit = PageSize;
    setQuery(m_query);
}

EventListModel::~EventListModel() = default;

int EventListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(std::min<qint64>(m_count, std::numeric_limits<int>::max()));
}

int EventListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const EventListModel::Row* EventListModel::rowAt(int row) const
{
    auto it = m_pages.upperBound(row);
    if (it == m_pages.begin())
        return nullptr;
    --it;
    const qint64 offset = row - it.key();
    if (offset >= it->rows.size())
        return nullptr;
    it->lastUse = ++m_useTick;
    if (it->stale)
        requestPage(row / PageSize);
    return &it->rows[offset];
}

QVariant EventListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row* row = rowAt(index.row());
    if (!row) {
        requestPage(index.row() / PageSize);
        if (role == LoadedRole)
            return false;
        return {};
    }
    const store::EventRow& e = row->event;
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == Received && m_byLatest)
            return formatTime(e.lastUs);
        return row->cells[index.column()];
    case Qt::ToolTipRole:
        if (index.column() == Received)
            return store::isoTime(m_byLatest ? e.lastUs : e.receivedUs);
        if (index.column() == Body)
            return row->cells[Body];
        if (index.column() == Verification)
            return badgeToolTip(e);
        if (index.column() == Subject || index.column() == Path || index.column() == From)
            return row->cells[index.column()];
        if (index.column() == Attachments && e.flags.contains(u"attachment-infected"_s))
            return u"An attachment is infected (ClamAV): see the Attachments tab"_s;
        if (index.column() == Attachments && e.flags.contains(u"attachment-flagged"_s))
            return u"An attachment is flagged as risky: see the Attachments tab"_s;
        return {};
    case Qt::DecorationRole:
        if (index.column() == Verification)
            return badgeIcon(e);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Verification)
            return badgeColor(e);
        if (index.column() == Subject && e.subject.isEmpty())
            return QGuiApplication::palette().color(QPalette::PlaceholderText);
        if (index.column() == Attachments && e.flags.contains(u"attachment-infected"_s))
            return QColor(0xb0, 0x20, 0x20);
        return {};
    case Qt::BackgroundRole:
        if (row->rule >= 0 && row->rule < m_rules.size()) {
            const bool dark = QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
            return dark ? m_rules[row->rule].dark : m_rules[row->rule].light;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Attachments || index.column() == Size || index.column() == Deliveries)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case RawValueRole:
        switch (index.column()) {
        case Received:
            return e.receivedUs;
        case Method:
            return e.method;
        case Path:
            return e.path;
        case Verification:
            return e.status;
        case ProviderId:
            return e.eventId;
        case From:
            return e.fromAddress;
        case Subject:
            return e.subject;
        case Attachments:
            return e.attachments;
        case Size:
            return e.size;
        case Deliveries:
            return e.deliveries;
        }
        return {};
    case EventRowIdRole:
        return e.id;
    case StatusRole:
        return e.status;
    case LoadedRole:
        return true;
    }
    return {};
}

QVariant EventListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        static const char* const names[] = { "Received", "Method", "Path", "Verification", "Provider id", "From",
            "Subject", "Att.", "Size", "Deliveries", "Body" };
        return section == Received && m_byLatest ? u"Last received"_s : QString::fromLatin1(names[section]);
    }
    if (role == Qt::ToolTipRole && section == Received && m_byLatest)
        return u"When the latest delivery arrived: a duplicate moves its event to the top (View ▸ Duplicates to top)"_s;
    if (role == Qt::ToolTipRole && section == Attachments)
        return u"Attachments"_s;
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(
            (section == Attachments || section == Size || section == Deliveries ? Qt::AlignRight : Qt::AlignLeft)
            | Qt::AlignVCenter);
    return {};
}

void EventListModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    store::EventQuery q = m_query;
    q.orderBy = column == Received && m_byLatest ? u"last_us"_s : columnSqlName(column);
    if (q.orderBy.isEmpty())
        return; // the Body column does not sort
    q.descending = order == Qt::DescendingOrder;
    if (q.orderBy == m_query.orderBy && q.descending == m_query.descending)
        return;
    setQuery(q);
}

static bool sameRows(const store::EventQuery& a, const store::EventQuery& b)
{
    const auto fields = [](const store::EventQuery& q) {
        QStringList f;
        for (const auto& filter : q.fields)
            f << filter.field + u':' + filter.value;
        return f;
    };
    return a.status == b.status && a.search == b.search && a.route == b.route && a.orderBy == b.orderBy
        && a.descending == b.descending && fields(a) == fields(b);
}

void EventListModel::setQuery(const store::EventQuery& query)
{
    // The window sets its view, order and search once each while it starts: one read of a million rows is enough.
    if (m_resetPending && sameRows(query, m_query))
        return;
    m_query = query;
    m_query.limit = PageSize;
    m_query.offset = 0;
    m_query.withBodyStart = true;
    m_resetPending = true;
    m_refreshJob.cancel();
    m_refreshPending = false;
    m_refreshAgain = false;
    ++m_epoch;
    m_pending.clear();
    const store::EventQuery q = m_query;
    m_resetJob.start(
        m_reader, this,
        [q, rules = ruleQueries(m_rules)](store::EventStore& store) {
            Reload r;
            // One read transaction: the count and the rows come from the same snapshot.
            store.database().transaction();
            auto count = store.count(q);
            auto rows = store.list(q);
            auto lastId = store.lastEventId();
            // A read superseded meanwhile stops its statements (Job): the commit must still end the transaction,
            // or the connection keeps its snapshot and never sees another commit (PRAGMA data_version stays).
            store.setCancel({});
            store.database().commit();
            if (!count || !rows)
                return r;
            r.ok = true;
            r.lastId = lastId ? *lastId : 0;
            r.count = *count;
            for (const auto& e : *rows)
                r.rows.append(formatRow(e));
            matchRowRules(store, r.rows, rules);
            return r;
        },
        [this](Reload r) {
            beginResetModel();
            m_pages.clear();
            m_pending.clear();
            ++m_epoch;
            m_count = r.count;
            m_lastId = r.lastId;
            if (!r.rows.isEmpty())
                storePage(0, std::move(r.rows));
            m_resetPending = false;
            endResetModel();
            Q_EMIT totalChanged(m_count);
            Q_EMIT resultReplaced();
            Q_EMIT reloaded();
            if (m_refreshAgain) {
                m_refreshAgain = false;
                refresh();
            }
        });
}

void EventListModel::refresh()
{
    if (m_resetPending) {
        m_refreshAgain = true;
        return;
    }
    if (m_refreshPending) {
        m_refreshAgain = true; // coalesce: one more once this one is in
        return;
    }
    m_refreshPending = true;
    const store::EventQuery base = m_query;
    const qint64 oldCount = m_count;
    const qint64 lastId = m_lastId;
    m_refreshJob.start(
        m_reader, this,
        [base, oldCount, lastId, rules = ruleQueries(m_rules)](store::EventStore& store) {
            Reload r;
            // One read transaction: the count and the rows come from the same snapshot (a commit in
            // between would make the arrivals look like more than the count says).
            store.database().transaction();
            const auto finish = qScopeGuard([&store] {
                store.setCancel({}); // the commit runs even when the read was superseded (see the reset's)
                store.database().commit();
            });
            auto count = store.count(base);
            if (!count)
                return r;
            r.count = *count;
            store::EventQuery q = base;
            // Enough rows to find the old first page among the new arrivals (bounded).
            q.limit = int(std::clamp<qint64>(r.count - oldCount + PageSize, PageSize, 5000 + PageSize));
            auto rows = store.list(q);
            if (!rows)
                return r;
            for (const auto& e : *rows)
                r.rows.append(formatRow(e));
            matchRowRules(store, r.rows, rules);
            if (auto newest = store.lastEventId())
                r.lastId = *newest;
            // Rows added past the old end (ascending orders) keep every row above them in place only when the
            // list's tail is exactly the events that are new since the last read: an event received earlier but
            // committed later lands mid-list instead, and moves every row below it.
            const qint64 added = r.count - oldCount;
            if (added > 0 && added <= 5000 && lastId > 0 && oldCount > 0) {
                store::EventQuery newer = base;
                newer.afterId = lastId;
                newer.limit = 0;
                store::EventQuery tail = base;
                tail.offset = oldCount;
                tail.limit = int(added);
                auto newCount = store.count(newer);
                auto tailRows = store.list(tail);
                if (newCount && *newCount == added && tailRows && tailRows->size() == added)
                    r.arrivalsAtEnd = std::all_of(
                        tailRows->begin(), tailRows->end(), [lastId](const auto& e) { return e.id > lastId; });
            }
            r.ok = true;
            return r;
        },
        [this](Reload r) {
            m_refreshPending = false;
            if (r.ok) {
                // While rows move, m_count and the pages are half updated: a page asked for from a view's
                // reaction to the move would be placed by the old count. Rows ask again once the move is done.
                m_moving = true;
                auto moved = qScopeGuard([this] { m_moving = false; });
                m_lastId = r.lastId;
                const qint64 delta = r.count - m_count;
                const qint64 oldTop = eventIdAt(0);
                // Where did the new rows land? Walk the fresh first rows against the cached old ones: when
                // every old row is still there in order and the rest are exactly the new ones, they are
                // insertions (concurrent senders commit slightly out of order, so not always at the top).
                QList<qint64> old;
                const int known = int(std::min<qint64>(m_count, PageSize));
                for (int i = 0; i < known; ++i) {
                    const qint64 id = eventIdAt(i);
                    if (id == 0)
                        break;
                    old << id;
                }
                QList<int> arrivals;
                if (delta > 0 && old.size() == known) {
                    int j = 0;
                    for (int i = 0; i < r.rows.size(); ++i) {
                        if (j < old.size() && r.rows[i].event.id == old[j])
                            ++j;
                        else if (j < old.size() || known == m_count)
                            arrivals << i;
                        else
                            break;
                    }
                    if (j != old.size() || arrivals.size() != delta)
                        arrivals.clear();
                }
                if (!arrivals.isEmpty()) {
                    // The known first rows become one window page; the rest keep their (stale) content.
                    Page window;
                    for (int i = 0; i < known; ++i)
                        window.rows << *rowAt(i);
                    QMap<qint64, Page> rest;
                    for (auto it = m_pages.begin(); it != m_pages.end(); ++it) {
                        if (it.key() >= known) {
                            it->stale = true;
                            rest.insert(it.key(), std::move(*it));
                        }
                    }
                    ++m_epoch;
                    m_pending.clear();
                    // Two signals, whatever the interleaving: the old rows among the arrivals leave, then
                    // the whole new top comes in. Rows below keep their persistent indexes exactly; the
                    // window re-finds a selection among the top rows by event id.
                    const int top = arrivals.last() + 1; // fresh rows [0, top) hold every arrival
                    const int mixed = top - int(delta); // old rows among them
                    const auto shift = [this](qint64 by) {
                        QMap<qint64, Page> shifted;
                        for (auto it = m_pages.begin(); it != m_pages.end(); ++it)
                            shifted.insert(it.key() == 0 ? 0 : it.key() + by, std::move(*it));
                        m_pages = std::move(shifted);
                    };
                    m_pages = std::move(rest);
                    m_pages.insert(0, std::move(window));
                    if (mixed > 0) {
                        beginRemoveRows({}, 0, mixed - 1);
                        QList<Row>& rows = m_pages[0].rows;
                        rows.remove(0, mixed);
                        shift(-mixed);
                        m_count -= mixed;
                        endRemoveRows();
                    }
                    beginInsertRows({}, 0, top - 1);
                    QList<Row>& rows = m_pages[0].rows;
                    rows = r.rows.mid(0, top) + rows;
                    shift(top);
                    m_count += top;
                    endInsertRows();
                    storePage(0, std::move(r.rows));
                    Q_EMIT rowsArrivedAtTop(int(delta));
                } else if ((delta == 0 || m_count == 0 || r.arrivalsAtEnd)
                    && (m_count == 0 || (!r.rows.isEmpty() && r.rows.first().event.id == oldTop))) {
                    // Same first row: updates in place, and arrivals at the bottom (ascending orders).
                    if (delta > 0)
                        beginInsertRows({}, int(m_count), int(r.count - 1));
                    for (auto& p : m_pages)
                        p.stale = true;
                    m_count = r.count;
                    storePage(0, std::move(r.rows));
                    if (delta > 0)
                        endInsertRows();
                } else {
                    beginResetModel();
                    m_pages.clear();
                    m_pending.clear();
                    ++m_epoch;
                    m_count = r.count;
                    if (!r.rows.isEmpty())
                        storePage(0, std::move(r.rows));
                    endResetModel();
                    Q_EMIT reloaded();
                }
                moved.dismiss();
                m_moving = false;
                if (m_count > 0)
                    Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
                Q_EMIT totalChanged(m_count);
            }
            if (m_refreshAgain) {
                m_refreshAgain = false;
                refresh();
            }
        });
}

void EventListModel::requestPage(qint64 pageIndex) const
{
    if (m_resetPending || m_moving || m_pending.contains(pageIndex))
        return;
    m_pending.insert(pageIndex);
    store::EventQuery q = m_query;
    q.limit = PageSize;
    q.offset = pageIndex * PageSize;
    // A page costs a walk of the index to it: one in the second half of the list is read from its end, in the
    // opposite order, and turned around.
    const qint64 end = std::min<qint64>(q.offset + PageSize, m_count);
    const bool fromEnd = q.offset > m_count / 2 && end > q.offset;
    if (fromEnd) {
        q.descending = !q.descending;
        q.limit = int(end - q.offset);
        q.offset = m_count - end;
    }
    const quint64 epoch = m_epoch;
    const quint64 request = ++*m_requests;
    EventListModel* model = self();
    m_reader.submit(model,
        [q, fromEnd, epoch, pageIndex, model, request, requests = m_requests, rules = ruleQueries(m_rules)](
            store::EventStore& store) -> std::function<void()> {
            // A scrollbar dragged through a million rows asks for a page at every step, and a page deep in the
            // list costs a walk to it: the view has moved on from a request that many newer ones overtook, even
            // while it runs. It is forgotten, and the rows ask again if they are still in view.
            const auto overtaken = [requests, request] { return requests->load() - request >= kRequestsKept; };
            const auto forget = [model, epoch, pageIndex]() {
                if (model->m_epoch != epoch)
                    return;
                model->m_pending.remove(pageIndex);
                model->forgotten(pageIndex);
            };
            if (overtaken())
                return forget;
            store.setCancel(overtaken);
            auto rows = store.list(q);
            store.setCancel({});
            if (!rows)
                return forget;
            if (fromEnd)
                std::reverse(rows->begin(), rows->end());
            QList<Row> formatted;
            formatted.reserve(rows->size());
            for (const auto& e : *rows)
                formatted.append(formatRow(e));
            matchRowRules(store, formatted, rules);
            return [model, epoch, pageIndex, formatted = std::move(formatted)]() mutable {
                if (model->m_epoch != epoch)
                    return; // rows moved since it was asked for
                model->m_pending.remove(pageIndex);
                const qint64 start = pageIndex * PageSize;
                if (start >= model->m_count || formatted.isEmpty())
                    return;
                const int n = int(std::min<qint64>(formatted.size(), model->m_count - start));
                formatted.resize(n);
                model->storePage(start, std::move(formatted));
                Q_EMIT model->dataChanged(
                    model->index(int(start), 0), model->index(int(start + n - 1), ColumnCount - 1));
                Q_EMIT model->pageLoaded(int(start), int(start + n - 1));
            };
        });
}

void EventListModel::setRowRules(const QList<RowRule>& rules)
{
    m_rules = rules;
    if (m_resetPending) { // its rows are being matched against the old rules: read them again
        const store::EventQuery q = m_query;
        m_resetPending = false;
        setQuery(q);
        return;
    }
    if (m_refreshPending)
        m_refreshAgain = true; // the top rows on their way have the old rules' colours
    // The rows keep their old colours until their pages are read again (at once for those in view).
    for (auto& p : m_pages)
        p.stale = true;
    if (m_count > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), { Qt::BackgroundRole });
}

void EventListModel::forgotten(qint64 pageIndex)
{
    // A drag through the list forgets dozens of pages at once: the rows still in view hear of it in one signal
    // once the burst is through, not one per page (each makes the view, and any model checker, look again).
    m_forgottenFirst = m_forgottenFirst < 0 ? pageIndex : std::min(m_forgottenFirst, pageIndex);
    m_forgottenLast = std::max(m_forgottenLast, pageIndex);
    if (m_forgottenQueued)
        return;
    m_forgottenQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this, epoch = m_epoch] {
            const qint64 start = m_forgottenFirst * PageSize;
            const qint64 end = std::min<qint64>((m_forgottenLast + 1) * PageSize, m_count) - 1;
            m_forgottenFirst = m_forgottenLast = -1;
            m_forgottenQueued = false;
            if (m_epoch == epoch && start >= 0 && start <= end)
                Q_EMIT dataChanged(index(int(start), 0), index(int(end), ColumnCount - 1));
        },
        Qt::QueuedConnection);
}

void EventListModel::storePage(qint64 start, QList<Row> rows)
{
    const qint64 end = start + rows.size();
    // Drop cached pages this one overlaps (stale ones may sit off the grid after an insertion).
    for (auto it = m_pages.begin(); it != m_pages.end();) {
        const qint64 s = it.key();
        const qint64 e = s + it->rows.size();
        if (s < end && e > start)
            it = m_pages.erase(it);
        else
            ++it;
    }
    // Long lists (a burst at the top) are split on the page grid.
    for (qint64 offset = 0; offset < rows.size(); offset += PageSize) {
        Page p;
        p.rows = rows.mid(offset, PageSize);
        p.lastUse = ++m_useTick;
        m_pages.insert(start + offset, std::move(p));
    }
    evict();
}

void EventListModel::evict()
{
    while (m_pages.size() > MaxPages) {
        auto victim = m_pages.end();
        for (auto it = m_pages.begin(); it != m_pages.end(); ++it) {
            if (it.key() == 0)
                continue; // the first page anchors live arrivals
            if (victim == m_pages.end() || it->lastUse < victim->lastUse)
                victim = it;
        }
        if (victim == m_pages.end())
            break;
        m_pages.erase(victim);
    }
}

qint64 EventListModel::eventIdAt(int row) const
{
    auto it = m_pages.upperBound(row);
    if (it == m_pages.begin())
        return 0;
    --it;
    const qint64 offset = row - it.key();
    return offset < it->rows.size() ? it->rows[offset].event.id : 0;
}

const store::EventRow* EventListModel::eventAt(int row) const
{
    const Row* r = rowAt(row);
    return r ? &r->event : nullptr;
}

void EventListModel::setByLatestDelivery(bool on)
{
    if (m_byLatest == on)
        return;
    m_byLatest = on;
    Q_EMIT headerDataChanged(Qt::Horizontal, Received, Received);
    if (m_query.orderBy == u"received_us"_s || m_query.orderBy == u"last_us"_s) {
        store::EventQuery q = m_query;
        q.orderBy = on ? u"last_us"_s : u"received_us"_s;
        setQuery(q);
    } else if (rowCount() > 0) {
        Q_EMIT dataChanged(index(0, Received), index(rowCount() - 1, Received), { Qt::DisplayRole });
    }
}

QList<store::EventRow> EventListModel::loadedEvents(int first, int last) const
{
    // Page by page, as rowAt() finds them (a row belongs to the last page starting at or before it), without
    // marking pages used or asking for stale ones: this runs over a selection of any size.
    QList<store::EventRow> events;
    for (auto it
         = m_pages.lowerBound(first) == m_pages.begin() ? m_pages.begin() : std::prev(m_pages.upperBound(first));
         it != m_pages.end() && it.key() <= last; ++it) {
        const auto next = std::next(it);
        const qint64 end = std::min<qint64>(it.key() + it->rows.size(), next == m_pages.end() ? m_count : next.key());
        for (qint64 row = std::max<qint64>(first, it.key()); row < end && row <= last; ++row)
            events << it->rows[row - it.key()].event;
    }
    return events;
}

int EventListModel::freshTopRows() const
{
    const auto top = m_pages.constFind(0);
    return top == m_pages.cend() || top->stale ? 0 : int(top->rows.size());
}

int EventListModel::rowOfLoaded(qint64 eventId) const
{
    // A stale page may sit where its rows were before arrivals moved them: only rows read since say where an
    // event is now.
    for (auto it = m_pages.begin(); it != m_pages.end(); ++it) {
        if (it->stale)
            continue;
        for (qsizetype i = 0; i < it->rows.size(); ++i) {
            if (it->rows[i].event.id == eventId)
                return int(it.key() + i);
        }
    }
    return -1;
}

} // namespace hookscope::ui
