#include "listselection.h"

#include "eventlistmodel.h"

#include <QItemSelectionModel>
#include <QScrollBar>
#include <QTableView>

#include <utility>

namespace hookscope::ui {

ListSelection::ListSelection(QTableView* view, EventListModel* events, QObject* parent)
    : QObject(parent)
    , m_view(view)
    , m_events(events)
{
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) { currentRowChanged(current.isValid() ? current.row() : -1); });
    connect(m_events, &EventListModel::resultReplaced, this, [this] { m_queryChanged = true; });
    connect(m_events, &EventListModel::reloaded, this, &ListSelection::reloaded);
    // While rows arrive the current row may be taken out and put back; the selection follows the event id.
    connect(m_events, &QAbstractItemModel::rowsAboutToBeRemoved, this, [this] { m_rowsMoving = true; });
    connect(m_events, &EventListModel::rowsArrivedAtTop, this, [this](int n) {
        m_rowsMoving = false;
        // Keep the rows a person is reading where they are; at the very top, show the newest instead.
        QScrollBar* bar = m_view->verticalScrollBar();
        if (bar->value() > 0)
            bar->setValue(bar->value() + n);
        const QModelIndex current = m_view->currentIndex();
        if (m_currentId != 0
            && (!current.isValid() || current.data(EventListModel::EventRowIdRole).toLongLong() != m_currentId))
            restore();
    });
    connect(m_events, &EventListModel::pageLoaded, this, [this](int first, int last) {
        // A page read after a reload or a flood of arrivals may be the first to say where the current event is.
        const QModelIndex current = m_view->currentIndex();
        if (m_currentId != 0 && m_waitingRow < 0
            && (!current.isValid() || current.data(EventListModel::EventRowIdRole).toLongLong() != m_currentId)) {
            const int row = m_events->rowOfLoaded(m_currentId);
            if (row >= first && row <= last)
                restore();
        }
        if (m_waitingRow >= first && m_waitingRow <= last) {
            const int row = m_waitingRow;
            m_waitingRow = -1;
            currentRowChanged(row);
        }
    });
}

void ListSelection::currentRowChanged(int row)
{
    if (row < 0 || m_rowsMoving)
        return;
    const qint64 id = m_events->eventIdAt(row);
    if (id == 0) {
        m_waitingRow = row; // its page is on the way
        m_events->data(m_events->index(row, 0));
        return;
    }
    m_waitingRow = -1;
    m_currentRow = row;
    if (id == m_currentId)
        return;
    m_currentId = id;
    Q_EMIT eventSelected(id);
}

void ListSelection::pickFirst()
{
    if (m_events->isLoading()) {
        m_pickFirst = true; // reloaded() picks it
        return;
    }
    if (!m_view->currentIndex().isValid() && m_events->rowCount() > 0)
        selectRow(0);
}

void ListSelection::selectFirst()
{
    if (!m_events->isLoading() && m_events->rowCount() > 0)
        selectRow(0);
}

void ListSelection::selectRow(int row)
{
    const QModelIndex index = m_events->index(row, 0);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

void ListSelection::reloaded()
{
    followReload();
    if (std::exchange(m_pickFirst, false))
        pickFirst();
}

void ListSelection::followReload()
{
    const bool queryChanged = std::exchange(m_queryChanged, false);
    if (m_currentId == 0 || m_events->rowOfLoaded(m_currentId) >= 0) {
        restore();
        return;
    }
    // Not among the rows read. It is not in the result at all when every row is read, or when it was among the
    // first rows and those are read again (it would still be there); otherwise its page may yet show it.
    const int fresh = m_events->freshTopRows();
    const bool gone = fresh >= m_events->rowCount() || (!queryChanged && m_currentRow >= 0 && m_currentRow < fresh);
    if (!gone)
        return;
    if (queryChanged || m_events->rowCount() == 0 || m_currentRow < 0) {
        clear();
        return;
    }
    // It left this list: the event that took its place (or the new last one) is selected.
    selectRow(std::min(m_currentRow, m_events->rowCount() - 1));
}

void ListSelection::clear()
{
    m_currentId = 0;
    m_currentRow = -1;
    m_waitingRow = -1;
    m_view->selectionModel()->clearSelection();
    Q_EMIT eventSelected(0);
}

void ListSelection::restore()
{
    if (m_currentId == 0)
        return;
    const int row = m_events->rowOfLoaded(m_currentId);
    if (row < 0)
        return;
    m_currentRow = row;
    QSignalBlocker block(m_view->selectionModel());
    const QModelIndex index = m_events->index(row, 0);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    m_view->viewport()->update();
}

} // namespace hookscope::ui
