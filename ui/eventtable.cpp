#include "eventtable.h"

#include "eventlistmodel.h"

#include <QHeaderView>
#include <QPainter>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

EventTable::EventTable(EventListModel* model, QWidget* parent)
    : QTableView(parent)
    , m_events(model)
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
    // The placeholder follows the result: a new query, arrivals, or the last row leaving.
    const auto repaint = [this] { viewport()->update(); };
    connect(model, &QAbstractItemModel::modelReset, this, repaint);
    connect(model, &QAbstractItemModel::rowsInserted, this, repaint);
    connect(model, &QAbstractItemModel::rowsRemoved, this, repaint);
}

QString EventTable::placeholderText() const
{
    if (m_events->isLoading() || m_events->rowCount() > 0)
        return {};
    const store::EventQuery query = m_events->query();
    const QString words = query.search.trimmed();
    if (!words.isEmpty() || !query.fields.isEmpty())
        return (words.isEmpty() ? u"No events match this search."_s : u"No events match “%1”."_s.arg(words))
            + u"\nPress Esc in the search field to clear it."_s;
    if (!query.status.isEmpty() || !query.route.isEmpty())
        return u"No events in this view."_s;
    return u"No events yet."_s;
}

void EventTable::paintEvent(QPaintEvent* event)
{
    QTableView::paintEvent(event);
    const QString text = placeholderText();
    if (text.isEmpty())
        return;
    QPainter painter(viewport());
    painter.setPen(palette().color(QPalette::PlaceholderText));
    const int margin = fontMetrics().height();
    painter.drawText(viewport()->rect().adjusted(margin, 2 * margin, -margin, -margin),
        Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, text);
}

} // namespace hookscope::ui
