#include "eventtable.h"

#include "eventlistmodel.h"

#include <QHeaderView>
#include <QKeyEvent>
#include <QPainter>

#include <array>
#include <tuple>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {

/** Each column's width in ems: what it wants, and how narrow it may get when the list is short of room. */
struct ColumnWidth {
    int wanted;
    int least;
};
constexpr std::array<ColumnWidth, EventListModel::ColumnCount> kWidths { {
    { 11, 8 }, // Received ("2026-04-14 12:34:56"; today's "12:34:56.789" fits the least)
    { 5, 5 }, // Method
    { 12, 4 }, // Path (most events share a few)
    { 18, 8 }, // Verification (the status word fits the least; " · quarantined" may be cut)
    { 14, 7 }, // Provider id
    { 18, 9 }, // From
    { 26, 16 }, // Subject: stretches; the others give way until it has this much
    { 3, 3 }, // Att.
    { 6, 6 }, // Size
    { 10, 10 }, // Deliveries ("3 · 2 dup")
    { 30, 12 }, // Body (hidden until chosen)
} };

} // namespace

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
    // A column that does not sort (Body) keeps the indicator where the order is.
    connect(horizontalHeader(), &QHeaderView::sortIndicatorChanged, this, [this](int column, Qt::SortOrder order) {
        if (EventListModel::columnSqlName(column).isEmpty())
            horizontalHeader()->setSortIndicator(m_sortColumn, m_sortOrder);
        else
            std::tie(m_sortColumn, m_sortOrder) = std::pair(column, order);
    });
    setFrameShape(QFrame::NoFrame);
    setIconSize(QSize(12, 12));
    QHeaderView* header = horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionsMovable(true);
    header->setHighlightSections(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setSectionResizeMode(EventListModel::Subject, QHeaderView::Stretch);
    fitColumns();
    connect(header, &QHeaderView::sectionResized, this, [this](int column, int, int) {
        if (!m_fitting && column != EventListModel::Subject && !m_userSized.contains(column))
            m_userSized << column;
    });
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
    // What was asked, as typed: the free words, then the field filters the search bar took out of them.
    QStringList asked { query.search.trimmed() };
    for (const store::FieldFilter& f : query.fields)
        asked << f.field + u':' + f.value;
    asked.removeAll(QString());
    const QString words = asked.join(u' ');
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

void EventTable::keyPressEvent(QKeyEvent* event)
{
    if (event->modifiers() == Qt::NoModifier && (event->key() == Qt::Key_J || event->key() == Qt::Key_K)) {
        QKeyEvent arrow(QEvent::KeyPress, event->key() == Qt::Key_J ? Qt::Key_Down : Qt::Key_Up, Qt::NoModifier);
        QTableView::keyPressEvent(&arrow);
        return;
    }
    // Whole rows are selected: Home and End go to the first and last event, not to a row's first and last column.
    if (event->modifiers() == Qt::NoModifier && (event->key() == Qt::Key_Home || event->key() == Qt::Key_End)) {
        QKeyEvent top(QEvent::KeyPress, Qt::Key(event->key()), Qt::ControlModifier);
        QTableView::keyPressEvent(&top);
        return;
    }
    QTableView::keyPressEvent(event);
}

void EventTable::resizeEvent(QResizeEvent* event)
{
    fitColumns();
    QTableView::resizeEvent(event);
}

void EventTable::fitColumns()
{
    const int em = fontMetrics().horizontalAdvance(u'M');
    std::array<ColumnWidth, EventListModel::ColumnCount> px {};
    for (int c = 0; c < EventListModel::ColumnCount; ++c)
        px[c] = { kWidths[c].wanted * em, kWidths[c].least * em };
    // Never cut: today's events' time to the millisecond, and the verification's status word (after its icon).
    const auto atLeast = [&](int column, const QString& text, int extra) {
        px[column].least
            = std::min(px[column].wanted, std::max(px[column].least, fontMetrics().horizontalAdvance(text) + extra));
    };
    atLeast(EventListModel::Received, u"00:00:00.000"_s, em);
    atLeast(EventListModel::Verification, u"unverified"_s, iconSize().width() + 2 * em);
    atLeast(EventListModel::Deliveries, u"12 · 11 dup"_s, em);
    int wanted = 0;
    int giving = 0; ///< how much the columns that may give way can give
    for (int c = 0; c < EventListModel::ColumnCount; ++c) {
        if (isColumnHidden(c))
            continue;
        const bool mayGive = c != EventListModel::Subject && !m_userSized.contains(c);
        wanted += mayGive || c == EventListModel::Subject ? px[c].wanted : columnWidth(c);
        if (mayGive)
            giving += px[c].wanted - px[c].least;
    }
    // What the list is short of, given by the wide columns in proportion to what each can give; the subject
    // (stretched over what is left) gets narrower than it wants only once they are at their floor.
    const int shortBy = std::clamp(wanted - viewport()->width(), 0, giving);
    m_fitting = true;
    for (int c = 0; c < EventListModel::ColumnCount; ++c) {
        if (c == EventListModel::Subject || m_userSized.contains(c) || isColumnHidden(c))
            continue;
        const int can = px[c].wanted - px[c].least;
        setColumnWidth(c, px[c].wanted - (giving > 0 ? int(qint64(shortBy) * can / giving) : 0));
    }
    m_fitting = false;
}

} // namespace hookscope::ui
