#pragma once

#include "eventreader.h"
#include "job.h"

#include <QAbstractTableModel>
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
    };

    explicit ViewListModel(EventReader& reader, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

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
    };
    void apply(const Counts& counts);

    EventReader& m_reader;
    QList<View> m_views;
    QStringList m_configuredRoutes;
    Job<Counts> m_job;
    bool m_pending = false;
    bool m_again = false;
    static constexpr int FixedViews = 8;
};

} // namespace hookscope::ui
