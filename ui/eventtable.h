#pragma once

#include <QTableView>

namespace hookscope::ui {

class EventListModel;

/**
 * The event list's table: whole rows selected, newest first, columns sized in ems with the subject taking the
 * rest. When the list is narrower than the columns want (a 1024 px screen), the wide columns (received, path,
 * verification, provider id, from) give way, down to a floor each, so that the subject stays on screen; a column
 * the user resized keeps its width. A table view: unlike a tree view it keeps no per-row item, so inserting rows
 * above a million others costs nothing.
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
    void resizeEvent(QResizeEvent* event) override;
    /** j and k move down and up the list, as in mail readers and Vim; Home and End to its ends; arrows as ever. */
    void keyPressEvent(QKeyEvent* event) override;

private:
    /** Sizes the columns the user has not resized for the list's width. */
    void fitColumns();

    EventListModel* m_events;
    int m_sortColumn = 0; ///< the column the list is sorted by (EventListModel::Received)
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder;
    bool m_fitting = false;
    QList<int> m_userSized; ///< logical columns the user resized
};

} // namespace hookscope::ui
