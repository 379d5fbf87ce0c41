#pragma once

#include "eventreader.h"
#include "job.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace hookscope::ui {

/** The sidebar: the fixed views (All, Verified, …) and one per route, each with a live count. */
class ViewListModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ViewListModel)
public:
    enum Column { Name, Count, ColumnCount };
    enum Role {
        RawValueRole = Qt::UserRole, ///< the count (qint64) or the name
        StatusRole, ///< the EventQuery status this view filters on
        RouteRole, ///< the route this view filters on
        SavedSearchRole, ///< a saved search's text (null on other rows)
        HeadingRole, ///< true on the "Saved searches" heading
    };
    /** A search kept under a name, listed under "Saved searches" with its live count. */
    struct SavedSearch {
        QString name;
        QString text;
    };

    explicit ViewListModel(EventReader& reader, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    /** Routes from the configuration; routes seen only in the store are added as counts arrive. */
    void setConfiguredRoutes(const QStringList& routes);
    /** Re-counts every view off the GUI thread. */
    void refresh();
    qint64 countOf(const QString& status, const QString& route = {}) const;
    /** The counts in one line, for the status bar: all events, verified, failed, with duplicates. */
    QString summary() const;
    /** Whether a count of the views is on its way (for tests and diagnostics). */
    bool isCounting() const { return m_pending; }
    int rowOf(const QString& status, const QString& route) const;

    /**
     * The saved searches, in order; each is counted with the views (off the GUI thread, paced as they are) by the
     * list's own search code (parseSearch, then the store's count).
     */
    void setSavedSearches(const QList<SavedSearch>& searches);
    QList<SavedSearch> savedSearches() const;
    /** The row of the saved search `name`, or -1. */
    int rowOfSaved(const QString& name) const;
    /** The count of the saved search `name`; -1 while it is being counted or when there is none. */
    qint64 savedCount(const QString& name) const;

Q_SIGNALS:
    void countsChanged();

private:
    struct View {
        QString name;
        QString status;
        QString route;
        qint64 count = -1;
    };
    struct Counts {
        QList<qint64> fixed;
        QList<QPair<QString, qint64>> routes;
        QHash<QString, qint64> saved; ///< by text
    };
    struct Saved {
        SavedSearch search;
        qint64 count = -1;
    };
    int headingRow() const { return int(m_views.size()); }
    void apply(const Counts& counts);
    QVariant savedData(const QModelIndex& index, int role) const;

    EventReader& m_reader;
    QList<View> m_views;
    QList<Saved> m_saved;
    QStringList m_configuredRoutes;
    Job<Counts> m_job;
    bool m_pending = false;
    bool m_again = false;
    static constexpr int FixedViews = 8;
};

} // namespace hookscope::ui
