#pragma once

#include <QTableView>

namespace hookscope::ui {

class EventListModel;

/**
 * The event list's table: whole rows selected, newest first, columns sized in ems with the subject taking the
 * rest. A table view: unlike a tree view it keeps no per-row item, so inserting rows above a million others
 * costs nothing.
 */
class EventTable final : public QTableView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventTable)
public:
    explicit EventTable(EventListModel* model, QWidget* parent = nullptr);

    /**
     * What the list says in place of rows when a loaded result has none ("No events match “…”."); empty while
     * there are rows or the result is still being read.
     */
    QString placeholderText() const;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    EventListModel* m_events;
};

} // namespace hookscope::ui
