#include "listoptions.h"

#include "eventlistmodel.h"
#include "listselection.h"

#include <QAction>
#include <QHeaderView>
#include <QMenu>
#include <QSettings>
#include <QTableView>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

ListOptions::ListOptions(
    QTableView* view, EventListModel* events, ListSelection* selection, QMenu* viewMenu, QWidget* window)
    : QObject(window)
    , m_view(view)
    , m_events(events)
    , m_selection(selection)
    , m_follow(new QAction(u"&Follow newest"_s, window))
{
    m_follow->setObjectName(u"followNewestAction"_s);
    m_follow->setCheckable(true);
    m_follow->setShortcut(QKeySequence(u"Ctrl+Shift+F"_s));
    m_follow->setToolTip(u"Select and show each event as it arrives (the list newest first)"_s);
    window->addAction(m_follow);
    connect(m_follow, &QAction::toggled, this, &ListOptions::setFollow);
    // Queued: after the selection has kept its event through the arrival, the newest one takes over.
    connect(
        m_events, &EventListModel::rowsArrivedAtTop, this,
        [this] {
            if (m_follow->isChecked())
                m_selection->selectFirst();
        },
        Qt::QueuedConnection);

    QMenu* columns = new QMenu(u"&Columns"_s, window);
    columns->setObjectName(u"columnsMenu"_s);
    // The Body column waits to be chosen: at 1024 px it would take the Subject's room.
    const QStringList hidden = QSettings().value(u"view/hiddenColumns"_s, QStringList { u"Body"_s }).toStringList();
    for (int c = 0; c < EventListModel::ColumnCount; ++c) {
        if (c == EventListModel::Received || c == EventListModel::Subject) {
            m_columns << nullptr;
            continue;
        }
        const QString name = events->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
        auto* a = columns->addAction(name);
        a->setObjectName(u"column%1Action"_s.arg(c));
        a->setCheckable(true);
        a->setChecked(!hidden.contains(name));
        m_view->setColumnHidden(c, hidden.contains(name));
        connect(a, &QAction::toggled, this, [this, c](bool on) {
            m_view->setColumnHidden(c, !on);
            saveColumns();
        });
        m_columns << a;
    }
    // The same choice on the list's header, as spreadsheet and mail programs offer it.
    m_view->horizontalHeader()->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_view->horizontalHeader()->addActions(columns->actions());
    m_latest = new QAction(u"&Duplicates to top"_s, window);
    m_latest->setObjectName(u"duplicatesToTopAction"_s);
    m_latest->setCheckable(true);
    m_latest->setToolTip(u"A duplicate delivery moves its event to the top: the list is ordered by each event's "
                         u"latest delivery"_s);
    connect(m_latest, &QAction::toggled, this, [this](bool on) {
        QSettings().setValue(u"view/duplicatesToTop"_s, on);
        m_events->setByLatestDelivery(on);
    });
    if (viewMenu) {
        viewMenu->addSeparator();
        viewMenu->addAction(m_follow);
        viewMenu->addAction(m_latest);
        viewMenu->addMenu(columns);
    }
    m_follow->setChecked(QSettings().value(u"view/followNewest"_s, false).toBool());
    m_latest->setChecked(QSettings().value(u"view/duplicatesToTop"_s, false).toBool());
}

QAction* ListOptions::columnAction(int column) const
{
    return m_columns.value(column);
}

void ListOptions::setFollow(bool on)
{
    QSettings().setValue(u"view/followNewest"_s, on);
    if (!on)
        return;
    if (m_view->horizontalHeader()->sortIndicatorSection() != EventListModel::Received
        || m_view->horizontalHeader()->sortIndicatorOrder() != Qt::DescendingOrder)
        m_view->sortByColumn(EventListModel::Received, Qt::DescendingOrder);
    m_selection->selectFirst();
}

void ListOptions::saveColumns()
{
    QStringList hidden;
    for (int c = 0; c < m_columns.size(); ++c)
        if (m_columns.at(c) && !m_columns.at(c)->isChecked())
            hidden << m_events->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
    QSettings().setValue(u"view/hiddenColumns"_s, hidden);
}

} // namespace hookscope::ui
