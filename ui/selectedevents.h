#pragma once

#include "eventreader.h"

#include "core/common/result.h"
#include "core/store/records.h"

#include <QList>
#include <QObject>

#include <functional>

class QTableView;

namespace hookscope::ui {

class EventListModel;

/** The store ids of `events`, in their order. */
inline QList<qint64> idsOf(const QList<store::EventRow>& events)
{
    QList<qint64> ids;
    ids.reserve(events.size());
    for (const store::EventRow& e : events)
        ids << e.id;
    return ids;
}

/**
 * The events the list has selected, as the Event menu's actions take them: the loaded rows, or — when the
 * selection reaches rows not read yet (Select all over a result of a million) — every selected row, read from
 * the store in the list's own order off the GUI thread. An action never silently applies to a part of what is
 * selected.
 */
class SelectedEvents final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SelectedEvents)
public:
    SelectedEvents(EventReader& reader, QTableView* view, EventListModel* events, QObject* parent = nullptr);

    /** The selected rows that are loaded, in list order (what the actions' enabling looks at). */
    QList<store::EventRow> loaded() const;
    /** How many rows are selected, loaded or not. */
    qint64 count() const;
    /** Whether some selected rows are not loaded: resolve() reads them. */
    bool reachesUnloaded() const;
    /**
     * Calls `then` (on the GUI thread, unless `context` is gone) with every selected event in list order: now when
     * all are loaded, else once read; `failed` with the reason when the read fails.
     */
    void resolve(QObject* context, std::function<void(const QList<store::EventRow>&)> then,
        std::function<void(const QString&)> failed);

private:
    /** The selected rows as first–last intervals, merged, in list order. */
    QList<std::pair<int, int>> intervals() const;

    EventReader& m_reader;
    QTableView* m_view;
    EventListModel* m_events;
};

} // namespace hookscope::ui
