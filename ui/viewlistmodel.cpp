#include "viewlistmodel.h"

#include "wording.h"

#include "badges.h"
#include "searchquery.h"

#include "core/store/eventstore.h"

#include <QFont>
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
    return parent.isValid() ? 0 : int(m_views.size() + (m_saved.isEmpty() ? 0 : 1 + m_saved.size()));
}

Qt::ItemFlags ViewListModel::flags(const QModelIndex& index) const
{
    if (index.isValid() && index.row() == headingRow())
        return Qt::NoItemFlags; // the heading is not a view
    return QAbstractTableModel::flags(index);
}

int ViewListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ViewListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (index.row() >= headingRow())
        return savedData(index, role);
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
    case HeadingRole:
        return false;
    }
    return {};
}

QVariant ViewListModel::savedData(const QModelIndex& index, int role) const
{
    if (index.row() == headingRow()) {
        if (role == Qt::DisplayRole && index.column() == Name)
            return u"Saved searches"_s;
        if (role == Qt::FontRole) {
            QFont bold = QGuiApplication::font();
            bold.setBold(true);
            return bold;
        }
        if (role == Qt::ForegroundRole)
            return QGuiApplication::palette().color(QPalette::PlaceholderText);
        if (role == HeadingRole)
            return true;
        return {};
    }
    const Saved& s = m_saved[index.row() - headingRow() - 1];
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == Name)
            return s.search.name;
        return s.count < 0 ? QString() : QLocale().toString(s.count);
    case Qt::ToolTipRole:
        return u"Saved search: %1"_s.arg(s.search.text);
    case Qt::TextAlignmentRole:
        return QVariant::fromValue((index.column() == Count ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (index.column() == Count)
            return QGuiApplication::palette().color(QPalette::PlaceholderText);
        return {};
    case RawValueRole:
        return index.column() == Count ? QVariant(s.count) : QVariant(s.search.name);
    case StatusRole:
    case RouteRole:
        return QString(); // a saved search searches every view but the bin, as All does
    case SavedSearchRole:
        return s.search.text;
    case HeadingRole:
        return false;
    }
    return {};
}

void ViewListModel::setSavedSearches(const QList<SavedSearch>& searches)
{
    QHash<QString, qint64> known;
    for (const Saved& s : std::as_const(m_saved))
        known.insert(s.search.text, s.count);
    if (!m_saved.isEmpty()) {
        beginRemoveRows({}, headingRow(), int(headingRow() + m_saved.size()));
        m_saved.clear();
        endRemoveRows();
    }
    if (!searches.isEmpty()) {
        beginInsertRows({}, headingRow(), int(headingRow() + searches.size()));
        for (const SavedSearch& s : searches)
            m_saved.append({ s, known.value(s.text, -1) });
        endInsertRows();
    }
    refresh();
}

QList<ViewListModel::SavedSearch> ViewListModel::savedSearches() const
{
    QList<SavedSearch> out;
    for (const Saved& s : m_saved)
        out << s.search;
    return out;
}

int ViewListModel::rowOfSaved(const QString& name) const
{
    for (int i = 0; i < m_saved.size(); ++i)
        if (m_saved[i].search.name == name)
            return headingRow() + 1 + i;
    return -1;
}

qint64 ViewListModel::savedCount(const QString& name) const
{
    const int row = rowOfSaved(name);
    return row < 0 ? -1 : m_saved[row - headingRow() - 1].count;
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
    QStringList saved;
    for (const Saved& s : std::as_const(m_saved))
        saved << s.search.text;
    m_job.start(
        m_reader, this,
        [statuses, configured, saved](store::EventStore& store) {
            Counts c;
            for (const QString& text : saved) {
                if (c.saved.contains(text))
                    continue;
                store::EventQuery q = parseSearch(text).query;
                q.limit = 0;
                const auto n = store.count(q);
                c.saved.insert(text, n ? *n : -1);
            }
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
    for (int i = 0; i < m_saved.size(); ++i) {
        const auto it = c.saved.constFind(m_saved[i].search.text);
        if (it != c.saved.cend() && *it != m_saved[i].count) {
            m_saved[i].count = *it;
            const int row = headingRow() + 1 + i;
            Q_EMIT dataChanged(index(row, Count), index(row, Count));
        }
    }
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
    for (int row = headingRow() - 1; row >= FixedViews; --row) {
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
