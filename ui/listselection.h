#pragma once

#include <QObject>

class QTableView;

namespace hookscope::ui {

class EventListModel;

/**
 * Which event the list has selected, by event id rather than by row: while rows arrive above it, the list
 * reloads or its page is still being read, the current row follows the event.
 */
class ListSelection final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListSelection)
public:
    ListSelection(QTableView* view, EventListModel* events, QObject* parent = nullptr);

    /** The selected event (0: none yet). */
    qint64 currentId() const { return m_currentId; }
    /** Puts the current row back on the selected event, where it is loaded. */
    void restore();
    /** Selects the first row when nothing is selected: now, or once the result being read is in (Return in search). */
    void pickFirst();
    /** Selects the first row (the newest event while the list is newest first), when the list is loaded. */
    void selectFirst();

Q_SIGNALS:
    /** Another event is selected. */
    void eventSelected(qint64 eventId);

private:
    void currentRowChanged(int row);
    /**
     * After a reload: the selected event where it is. For another result (a search, another view) that does not
     * hold it, nothing is selected and nothing detailed. An event that left the same list (discarded, released in
     * the Quarantined view) hands the selection to the event below it, as a mail client does after Delete.
     */
    void reloaded();
    void followReload();
    /** Makes `row` the current, selected and visible one (its event is detailed through currentRowChanged). */
    void selectRow(int row);
    /** Selects nothing; the details say so. */
    void clear();

    QTableView* m_view;
    EventListModel* m_events;
    qint64 m_currentId = 0;
    int m_currentRow = -1; ///< where the selected event was last seen
    int m_waitingRow = -1;
    bool m_queryChanged = false;
    bool m_pickFirst = false;
    bool m_rowsMoving = false;
};

} // namespace hookscope::ui
