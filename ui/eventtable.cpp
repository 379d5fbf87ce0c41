#include "eventtable.h"

#include "eventlistmodel.h"

#include <QHeaderView>

namespace hookscope::ui {

EventTable::EventTable(EventListModel* model, QWidget* parent)
    : QTableView(parent)
{
    setModel(model);
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    setShowGrid(false);
    setWordWrap(false);
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    setSortingEnabled(true);
    sortByColumn(EventListModel::Received, Qt::DescendingOrder);
    setFrameShape(QFrame::NoFrame);
    setIconSize(QSize(12, 12));
    QHeaderView* header = horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionsMovable(true);
    header->setHighlightSections(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    const int em = fontMetrics().horizontalAdvance(u'M');
    const int widths[] = { 11, 5, 12, 18, 14, 18, 30, 3, 6, 8 };
    for (int c = 0; c < EventListModel::ColumnCount; ++c)
        setColumnWidth(c, widths[c] * em);
    header->setSectionResizeMode(EventListModel::Subject, QHeaderView::Stretch);
}

} // namespace hookscope::ui
