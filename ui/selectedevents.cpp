#include "selectedevents.h"

#include "eventlistmodel.h"

#include "core/store/eventstore.h"

#include <QItemSelectionModel>
#include <QPointer>
#include <QTableView>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

SelectedEvents::SelectedEvents(EventReader& reader, QTableView* view, EventListModel* events, QObject* parent)
    : QObject(parent)
    , m_reader(reader)
    , m_view(view)
    , m_events(events)
{
}

QList<std::pair<int, int>> SelectedEvents::intervals() const
{
    // The ranges, not selectedRows(): a million selected rows would be a million indexes.
    QList<std::pair<int, int>> rows;
    const QItemSelection selection = m_view->selectionModel()->selection();
    for (const QItemSelectionRange& range : selection)
        rows.append({ range.top(), range.bottom() });
    std::sort(rows.begin(), rows.end());
    QList<std::pair<int, int>> merged;
    for (const auto& r : std::as_const(rows)) {
        if (!merged.isEmpty() && r.first <= merged.last().second + 1)
            merged.last().second = std::max(merged.last().second, r.second);
        else
            merged.append(r);
    }
    return merged;
}

qint64 SelectedEvents::count() const
{
    qint64 n = 0;
    for (const auto& [first, last] : intervals())
        n += last - first + 1;
    return n;
}

QList<store::EventRow> SelectedEvents::loaded() const
{
    QList<store::EventRow> events;
    for (const auto& [first, last] : intervals())
        events += m_events->loadedEvents(first, last);
    return events;
}

bool SelectedEvents::reachesUnloaded() const
{
    return loaded().size() < count();
}

void SelectedEvents::resolve(QObject* context, std::function<void(const QList<store::EventRow>&)> then,
    std::function<void(const QString&)> failed)
{
    const QList<store::EventRow> rows = loaded();
    if (rows.size() == count()) {
        then(rows);
        return;
    }
    // The rows the list shows: its query, in its order, as of its last read (later arrivals would shift the rows).
    store::EventQuery query = m_events->query();
    query.throughId = m_events->newestIdRead();
    query.withBodyStart = false;
    m_reader.submit(context ? context : this,
        [query, ranges = intervals(), then = std::move(then), failed = std::move(failed)](
            store::EventStore& store) -> std::function<void()> {
            QList<store::EventRow> events;
            for (const auto& [first, last] : ranges) {
                store::EventQuery q = query;
                q.offset = first;
                q.limit = last - first + 1;
                auto rows = store.list(q);
                if (!rows)
                    return [failed, error = rows.error()] { failed(error); };
                events += *rows;
            }
            return [then, events = std::move(events)] { then(events); };
        });
}

} // namespace hookscope::ui
