#include "viewlistmodel.h"

#include "wording.h"

#include "badges.h"

#include "core/store/eventstore.h"

#include <QGuiApplication>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

ViewListModel::ViewListModel(EventReader& reader, QObject* parent)
    : QAbstractTableModel(parent)
    , m_reader(reader)
{
    m_views = {
        { u"All"_s, QString(), QString() },
        { u"Verified"_s, u"verified"_s, QString() },
        { u"Signature failed"_s, u"failed"_s, QString() },
        { u"Unverified"_s, u"unverified"_s, QString() },
        { u"Duplicates"_s, u"duplicate"_s, QString() },
        { u"Quarantined"_s, u"quarantined"_s, QString() },
        { u"Replayed"_s, u"replayed"_s, QString() },
        { u"Bin"_s, u"discarded"_s, QString() },
    };
}

int ViewListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_views.size());
}

int ViewListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ViewListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const View& v = m_views[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == Name)
            return v.route.isEmpty() ? v.name : u"Route · "_s + v.route;
        return v.count < 0 ? QString() : QLocale().toString(v.count);
    case Qt::ToolTipRole:
        if (!v.route.isEmpty())
            return u"Events received on the route “%1”"_s.arg(v.route);
        if (v.status == u"discarded"_s)
            return u"Discarded events: hidden from every other view until restored or purged"_s;
        return {};
    case Qt::TextAlignmentRole:
        return QVariant::fromValue((index.column() == Count ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (index.column() == Count)
            return QGuiApplication::palette().color(QPalette::PlaceholderText);
        return {};
    case Qt::DecorationRole:
        if (index.column() != Name)
            return {};
        if (v.status == u"verified"_s)
            return toneIcon(Tone::Good);
        if (v.status == u"failed"_s)
            return toneIcon(Tone::Bad);
        if (v.status == u"quarantined"_s || v.status == u"duplicate"_s)
            return toneIcon(Tone::Warning);
        return toneIcon(Tone::Neutral);
    case RawValueRole:
        return index.column() == Count ? QVariant(v.count) : QVariant(v.name);
    case StatusRole:
        return v.status;
    case RouteRole:
        return v.route;
    }
    return {};
}

void ViewListModel::setConfiguredRoutes(const QStringList& routes)
{
    m_configuredRoutes = routes;
    Counts c;
    for (const View& v : std::as_const(m_views).mid(0, FixedViews))
        c.fixed << v.count;
    for (const QString& r : routes)
        c.routes.append({ r, -1 });
    for (const View& v : std::as_const(m_views).mid(FixedViews)) {
        if (!routes.contains(v.route))
            c.routes.append({ v.route, v.count });
        else
            for (auto& pair : c.routes)
                if (pair.first == v.route)
                    pair.second = v.count;
    }
    apply(c);
    refresh();
}

void ViewListModel::refresh()
{
    if (m_pending) {
        m_again = true;
        return;
    }
    m_pending = true;
    QList<QString> statuses;
    for (int i = 0; i < FixedViews; ++i)
        statuses << m_views[i].status;
    const QStringList configured = m_configuredRoutes;
    m_job.start(
        m_reader, this,
        [statuses, configured](store::EventStore& store) {
            Counts c;
            const auto counts = store.viewCounts();
            for (const QString& s : statuses)
                c.fixed << (counts ? counts->value(s.isEmpty() ? u"all"_s : s, 0) : -1);
            for (const QString& r : configured)
                c.routes.append({ r, counts ? counts->value(u"route:"_s + r, 0) : -1 });
            if (counts) {
                for (auto it = counts->begin(); it != counts->end(); ++it) {
                    if (!it.key().startsWith(u"route:"_s) || it.value() <= 0)
                        continue;
                    const QString route = it.key().mid(6);
                    if (!configured.contains(route))
                        c.routes.append({ route, it.value() });
                }
                // Routes in the order the store sorts them, as they were before.
                std::sort(c.routes.begin() + configured.size(), c.routes.end(),
                    [](const auto& a, const auto& b) { return a.first < b.first; });
            }
            return c;
        },
        [this](Counts c) {
            m_pending = false;
            apply(c);
            Q_EMIT countsChanged();
            if (m_again) {
                m_again = false;
                refresh();
            }
        },
        true); // a million events take a while to count: beside the list's pages, not ahead of them
}

void ViewListModel::apply(const Counts& c)
{
    for (int i = 0; i < FixedViews && i < c.fixed.size(); ++i) {
        if (m_views[i].count != c.fixed[i]) {
            m_views[i].count = c.fixed[i];
            Q_EMIT dataChanged(index(i, Count), index(i, Count));
        }
    }
    // Route rows: update in place, append new ones, remove vanished ones (routes are few).
    for (const auto& [route, count] : c.routes) {
        const int row = rowOf(QString(), route);
        if (row >= 0) {
            if (m_views[row].count != count) {
                m_views[row].count = count;
                Q_EMIT dataChanged(index(row, Count), index(row, Count));
            }
        } else {
            const int at = int(m_views.size());
            beginInsertRows({}, at, at);
            m_views.append({ route, QString(), route, count });
            endInsertRows();
        }
    }
    for (int row = int(m_views.size()) - 1; row >= FixedViews; --row) {
        bool keep = false;
        for (const auto& pair : c.routes)
            keep = keep || pair.first == m_views[row].route;
        if (!keep) {
            beginRemoveRows({}, row, row);
            m_views.removeAt(row);
            endRemoveRows();
        }
    }
}

qint64 ViewListModel::countOf(const QString& status, const QString& route) const
{
    const int row = rowOf(status, route);
    return row < 0 ? -1 : m_views[row].count;
}

QString ViewListModel::summary() const
{
    const QLocale locale;
    return u"%1 · %2 verified · %3 failed · %4 with duplicates"_s.arg(countedEvents(countOf(QString())))
        .arg(locale.toString(countOf(u"verified"_s)))
        .arg(locale.toString(countOf(u"failed"_s)))
        .arg(locale.toString(countOf(u"duplicate"_s)));
}

int ViewListModel::rowOf(const QString& status, const QString& route) const
{
    for (int i = 0; i < m_views.size(); ++i) {
        if (m_views[i].status == status && m_views[i].route == route)
            return i;
    }
    return -1;
}

} // namespace hookscope::ui
