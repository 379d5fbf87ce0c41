#include "eventlistmenu.h"

#include "clipboard.h"
#include "eventlistmodel.h"

#include "core/export/curl.h"

#include <QAction>
#include <QHeaderView>
#include <QMenu>
#include <QTableView>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

EventListMenu::EventListMenu(
    EventReader& reader, QTableView* view, EventListModel* events, QStatusBar* bar, Actions actions, QObject* parent)
    : QObject(parent)
    , m_reader(reader)
    , m_view(view)
    , m_events(events)
    , m_bar(bar)
    , m_actions(std::move(actions))
{
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, &EventListMenu::showMenu);
    auto* copyRows = new QAction(u"&Copy"_s, m_view);
    copyRows->setObjectName(u"copyRowsAction"_s);
    copyRows->setShortcut(QKeySequence::Copy);
    copyRows->setShortcutContext(Qt::WidgetShortcut);
    connect(copyRows, &QAction::triggered, this, [this] { copy(selectionText(), u"the selected events"_s); });
    m_view->addAction(copyRows);
}

void EventListMenu::copy(const QString& text, const QString& what)
{
    copyToClipboard(m_bar, text, what);
}

QString EventListMenu::selectionText() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    QStringList lines;
    const QHeaderView* header = m_view->horizontalHeader();
    if (rows.size() > 1) {
        QStringList names;
        for (int v = 0; v < EventListModel::ColumnCount; ++v)
            names << m_events->headerData(header->logicalIndex(v), Qt::Horizontal).toString();
        lines << names.join(u'\t');
    }
    for (const QModelIndex& r : std::as_const(rows)) {
        QStringList cells;
        for (int v = 0; v < EventListModel::ColumnCount; ++v)
            cells << m_events->index(r.row(), header->logicalIndex(v)).data().toString();
        lines << cells.join(u'\t');
    }
    return lines.join(u'\n');
}

void EventListMenu::copyCurl(qint64 eventId)
{
    // The one renderer `export --format curl` uses, so what is pasted is what the command line writes.
    m_curlJob.start(
        m_reader, this,
        [eventId](store::EventStore& store) -> std::optional<QByteArray> {
            auto bundle = exporting::EventBundle::load(store, eventId);
            if (!bundle)
                return std::nullopt;
            return exporting::toCurl(*bundle, {});
        },
        [this](std::optional<QByteArray> script) {
            if (script)
                copy(QString::fromUtf8(*script), u"the curl command"_s);
        });
}

void EventListMenu::showMenu(const QPoint& pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    if (!index.isValid())
        return;
    const store::EventRow* e = m_events->eventAt(index.row());
    if (!e)
        return;
    const store::EventRow event = *e;
    QMenu menu(m_view);
    menu.addAction(u"Copy as cURL"_s, this, [this, id = event.id] { copyCurl(id); });
    menu.addAction(u"Copy event id (%1)"_s.arg(event.id), this,
        [this, id = event.id] { copy(QString::number(id), u"the event id"_s); });
    if (!event.eventId.isEmpty())
        menu.addAction(u"Copy provider id"_s, this, [this, v = event.eventId] { copy(v, u"the provider id"_s); });
    if (!event.messageId.isEmpty())
        menu.addAction(u"Copy Message-ID"_s, this, [this, v = event.messageId] { copy(v, u"the Message-ID"_s); });
    menu.addAction(u"Copy row"_s, this, [this] { copy(selectionText(), u"the selected events"_s); });
    menu.addSeparator();
    if (m_actions)
        menu.addActions(m_actions());
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

} // namespace hookscope::ui
