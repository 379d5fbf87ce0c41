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

Q_SIGNALS:
    /** Another event is selected. */
    void eventSelected(qint64 eventId);

private:
    void currentRowChanged(int row);

    QTableView* m_view;
    EventListModel* m_events;
    qint64 m_currentId = 0;
    int m_waitingRow = -1;
    bool m_rowsMoving = false;
};

} // namespace hookscope::ui
