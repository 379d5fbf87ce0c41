#pragma once

#include "eventreader.h"
#include "job.h"

#include "core/store/eventstore.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QMap>
#include <QSet>

#include <array>
#include <atomic>
#include <memory>

namespace hookscope::ui {

/**
 * Every event of a view, without loading them all: the row count comes from count(*), rows come in
 * pages fetched on demand off the GUI thread (an LRU of pages with their cells formatted once), and
 * sorting and filtering happen in SQL on raw values. While a page is on its way its rows are blank,
 * or show their previous content when a refresh made them stale.
 */
class EventListModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventListModel)
public:
    enum Column {
        Received,
        Method,
        Path,
        Verification,
        ProviderId,
        From,
        Subject,
        Attachments,
        Size,
        Deliveries,
        Body, ///< the start of the body, on one line (not sortable: columnSqlName is empty)
        ColumnCount
    };
    enum Role {
        RawValueRole = Qt::UserRole, ///< the stored value the column sorts on
        EventRowIdRole, ///< the store's event id (qint64); invalid while the row is loading
        StatusRole, ///< verified | failed | unverified
        LoadedRole, ///< whether the row's data is here (fresh or stale)
    };

    static constexpr int PageSize = 200;
    static constexpr int MaxPages = 64;
    /// The newest page requests always served; older ones still waiting are dropped (the view moved on).
    static constexpr quint64 kRequestsKept = 2;

    explicit EventListModel(EventReader& reader, QObject* parent = nullptr);
    ~EventListModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    /** Filters (status, search, route, field filters); reloads from the first row. */
    void setQuery(const store::EventQuery& query);
    store::EventQuery query() const { return m_query; }
    /** Re-reads the count and the rows in view after the store changed; keeps rows keyed by event id. */
    void refresh();

    /** The event id on `row`, or 0 while it is loading. */
    qint64 eventIdAt(int row) const;
    /** The row of `eventId` among the rows read since rows last moved (stale pages are not asked), or -1. */
    int rowOfLoaded(qint64 eventId) const;
    /** How many rows from the top are read and current (0 before the first page). */
    int freshTopRows() const;
    /** The store's newest event id when the rows were last read: the rows are those of the query up to it. */
    qint64 newestIdRead() const { return m_lastId; }
    /** The loaded events among rows `first`–`last`, in row order (no page is asked for). */
    QList<store::EventRow> loadedEvents(int first, int last) const;
    /** The whole stored row, when loaded. */
    const store::EventRow* eventAt(int row) const;
    bool isLoading() const { return m_resetPending; }
    /** Whether a refresh's read is on its way or asked for again (for tests and diagnostics). */
    bool isRefreshing() const { return m_refreshPending || m_refreshAgain; }
    /** Pages currently cached (for tests and diagnostics). */
    int cachedPages() const { return int(m_pages.size()); }

    /** The `events` column `column` sorts on; empty for one that does not sort (Body). */
    static QString columnSqlName(int column);
    /**
     * Duplicates move their event to the top: the Received column shows and sorts by the latest delivery
     * (`last_us`) instead of the first.
     */
    void setByLatestDelivery(bool on);
    bool byLatestDelivery() const { return m_byLatest; }

    /** A colouring rule: rows its search matches get its background (the light or the dark one, by the palette). */
    struct RowRule {
        store::EventQuery query;
        QColor light;
        QColor dark;
    };
    /**
     * The colouring rules, first match wins. Rows are matched where pages are read (off the GUI thread), through
     * the store's own query restricted to the page's ids, so every search term means what it means in the list.
     * The rows in view are read again.
     */
    void setRowRules(const QList<RowRule>& rules);
    QList<RowRule> rowRules() const { return m_rules; }

Q_SIGNALS:
    /** A reset (new query or sort) has its first page. */
    void reloaded();
    /** Just before reloaded() for a new query (a search, a view, an order): the rows are another result. */
    void resultReplaced();
    /** `count` rows arrived among (usually above) the first rows. */
    void rowsArrivedAtTop(int count);
    void totalChanged(qint64 total);
    /** A page the view asked for is here. */
    void pageLoaded(int firstRow, int lastRow);

public:
    struct Row {
        store::EventRow event;
        std::array<QString, ColumnCount> cells;
        int rule = -1; ///< the first colouring rule it matches, or -1
    };

private:
    struct Page {
        QList<Row> rows;
        bool stale = false;
        mutable quint64 lastUse = 0;
    };
    const Row* rowAt(int row) const;
    void requestPage(qint64 pageIndex) const;
    void storePage(qint64 start, QList<Row> rows);
    /** A page asked for and dropped (overtaken): its rows, if in view, ask again. */
    void forgotten(qint64 pageIndex);
    void evict();

    EventReader& m_reader;
    store::EventQuery m_query;
    QList<RowRule> m_rules;
    qint64 m_count = 0;
    qint64 m_lastId = 0; ///< the store's newest event id when the rows were last read
    qint64 m_forgottenFirst = -1; ///< pages forgotten since the last signal about them
    qint64 m_forgottenLast = -1;
    bool m_forgottenQueued = false;
    QMap<qint64, Page> m_pages; ///< keyed by first row; stale pages may start off the page grid
    mutable QSet<qint64> m_pending; ///< page indexes on their way
    /// Counts page requests; a request that many newer ones overtook before it ran is dropped (see requestPage).
    std::shared_ptr<std::atomic<quint64>> m_requests = std::make_shared<std::atomic<quint64>>(0);
    mutable quint64 m_useTick = 0;
    quint64 m_epoch = 0; ///< bumped whenever row positions change; older page answers are dropped
    bool m_byLatest = false;
    bool m_resetPending = false;
    bool m_moving = false; ///< rows are being inserted, removed or reset: no page is asked for
    bool m_refreshPending = false;
    bool m_refreshAgain = false;

    struct Reload {
        qint64 count = 0;
        QList<Row> rows;
        bool ok = false;
        qint64 lastId = 0; ///< the store's newest event id in the snapshot read
        bool arrivalsAtEnd = false; ///< every row past the old count is an event newer than the last read's
    };
    Job<Reload> m_resetJob;
    Job<Reload> m_refreshJob;
    EventListModel* self() const { return const_cast<EventListModel*>(this); }
};

/** Formats one stored event into the list's cells (done off the GUI thread). */
EventListModel::Row formatRow(const store::EventRow& event);
/** Marks each of `rows` with the first of `rules` it matches (on the reader's thread; one query per rule; in
 * colouringrules.cpp). */
void matchRowRules(store::EventStore& store, QList<EventListModel::Row>& rows, const QList<store::EventQuery>& rules);
/** The rules' queries, in order (what matchRowRules takes on the reader's thread; in colouringrules.cpp). */
QList<store::EventQuery> ruleQueries(const QList<EventListModel::RowRule>& rules);
QString formatSize(qint64 bytes);
/** A time as the list shows it: today's to the millisecond, others with their date (eventcells.cpp). */
QString formatTime(qint64 us);
/** A body's first bytes as the Body column shows them: one line, nothing hidden or reordered. */
QString bodySnippet(const QByteArray& bytes);
/** A row with its cells written. */
EventListModel::Row formatRow(const store::EventRow& e);
QString formatTime(qint64 us);

} // namespace hookscope::ui
