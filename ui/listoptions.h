#pragma once

#include <QObject>

class QAction;
class QMenu;
class QTableView;

namespace hookscope::ui {

class EventListModel;
class ListSelection;

/**
 * The list's View options, kept across sessions (QSettings "view/…"): Follow newest (each arriving event is
 * selected and shown, the list newest first), Duplicates to top (the list ordered by each event's latest
 * delivery) and which columns show (View ▸ Columns, and the header's context
 * menu). Received and Subject always show.
 */
class ListOptions final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListOptions)
public:
    ListOptions(QTableView* view, EventListModel* events, ListSelection* selection, QMenu* viewMenu, QWidget* window);

    QAction* followNewest() const { return m_follow; }
    /** View ▸ Duplicates to top: the list ordered by each event's latest delivery (EventListModel). */
    QAction* duplicatesToTop() const { return m_latest; }
    /** The checkable action showing column `column` (nullptr for the ones always shown). */
    QAction* columnAction(int column) const;

private:
    void setFollow(bool on);
    void saveColumns();

    QTableView* m_view;
    EventListModel* m_events;
    ListSelection* m_selection;
    QAction* m_follow;
    QAction* m_latest = nullptr;
    QList<QAction*> m_columns;
};

} // namespace hookscope::ui
