#pragma once

#include "database.h"
#include "records.h"

#include "core/common/result.h"
#include "core/email/payload.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>

#include <functional>
#include <memory>
#include <optional>

namespace hookscope::store {

class SearchHits;

/** One `field:value` filter of the search syntax (from, to, subject, path, scheme, id, has: attachment or
 * flagged, scan: an attachment's scan status: clean, infected, error, not-scanned, code: what a delivery was
 * answered, 401 or a class such as 4xx). */
struct FieldFilter {
    QString field;
    QString value;
};

/** Which events to read and in what order. Filtering and sorting happen in SQL on raw values. */
struct EventQuery {
    /// verified, failed, unverified, duplicate, quarantined, replayed, discarded; empty for all
    QString status;
    QString search; ///< free text (full-text index) and field filters
    QString route;
    QList<FieldFilter> fields; ///< all must match
    qint64 afterId = 0; ///< only events whose store id is greater (0: any), e.g. those that arrived since a point
    qint64 throughId = 0; ///< only events whose store id is at most this (0: any), e.g. those a list has read
    /// Only these events (empty: any), e.g. which rows of a page read match a search; with no status, those in the
    /// bin are among them too (the page they come from already chose its rows).
    QList<qint64> ids;
    /// Only events whose email has been read after the ack (or that have none to read: see kEmailIsRead), so that
    /// their subject, addresses and attachments are filled in.
    bool settledOnly = false;
    /// Also read each event's EventRow::bodyStart (the list's Body column): one indexed look-up per row.
    bool withBodyStart = false;
    int limit = 100; ///< 0: all
    qint64 offset = 0;
    QString orderBy = QStringLiteral("received_us"); ///< a column of `events`
    bool descending = true;
};

/** Reads a store from the calling thread's own connection (WAL lets readers run beside the writer). */
class EventStore final {
public:
    /** Opens `path`; read-write applies pending migrations, read-only refuses a store that needs them. */
    static Result<std::unique_ptr<EventStore>> open(const QString& path, bool readOnly = false);
    ~EventStore();

    Result<QList<EventRow>> list(const EventQuery& query);
    /** SQLite's EXPLAIN QUERY PLAN of the statement list() runs for `query`, one line per step. */
    Result<QStringList> listPlan(const EventQuery& query);
    Result<qint64> count(const EventQuery& query);
    /**
     * Every view's count: "all", the statuses of EventQuery ("verified", …, "discarded"), and "route:NAME" for each
     * route with events.
     */
    Result<QHash<QString, qint64>> viewCounts();
    /** nullopt when there is no such event. */
    Result<std::optional<EventRow>> event(qint64 id);
    Result<QList<DeliveryRow>> deliveries(qint64 eventRowId);
    /** The event's delivery number `seq` (1-based); nullopt when absent. */
    Result<std::optional<DeliveryRow>> delivery(qint64 eventRowId, int seq);
    /**
     * The email of an event, read again from its stored payload (first accepted delivery); nullopt without
     * deliveries or when no adapter can read the payload (malformed: it carries no email).
     */
    Result<std::optional<email::EmailMessage>> email(qint64 eventRowId);
    /** The event's attachments as stored by the post-processor (empty until it ran). */
    Result<QList<AttachmentRow>> attachments(qint64 eventRowId);
    /** An attachment's bytes by SHA-256 (stored once, whichever events carry it). */
    Result<QByteArray> attachmentData(const QString& sha256);
    /** The highest store id of any event (the bin's included); 0 for an empty store. */
    Result<qint64> lastEventId();
    /** SQLite's PRAGMA data_version: changes when another connection committed. */
    qint64 dataVersion();
    /**
     * While set, a statement running on this connection stops early, failing, once `cancelled()` is true: a read
     * nobody waits for any more (a page the view scrolled past, a search typed over) gives its thread back.
     */
    void setCancel(std::function<bool()> cancelled);

    QSqlDatabase& database() { return m_db; }
    QString path() const { return m_path; }

private:
    EventStore(QString path, QSqlDatabase db, QString connection);
    Result<QString> whereClause(const EventQuery& query, QVariantList& binds);
    /** The statement list() runs, and its values. */
    Result<std::pair<QString, QVariantList>> listStatement(const EventQuery& query);
    /**
     * The matches of free text and of each `id:` part (all of them), kept while the text, the parts and the store
     * stay the same.
     */
    Result<std::shared_ptr<const SearchHits>> searchHits(const QString& text, const QStringList& idParts);

    QString m_path;
    QSqlDatabase m_db;
    QString m_connection;
    bool m_emailIndex = false; ///< the store has the email tables (migration 002)
    /// The last search's matches, which the SQL function hookscope_search_hit(id) tests against.
    std::shared_ptr<const SearchHits> m_hits;
    QString m_hitsText; ///< the text and the `id:` parts they match
    qint64 m_hitsVersion = -1;
    std::function<bool()> m_cancelled;
};

/** Columns of `events` that EventQuery::orderBy accepts. */
bool isSortableColumn(const QString& column);
/** The ORDER BY of list(): the query's column and direction, ties by the order of an index on it. */
QString orderByClause(const EventQuery& query);
/**
 * Whether the index of this order holds only the events sorted after the ack (`sort_indexed`, migration 015), so
 * that list() merges in those not sorted yet.
 */
bool sortsThroughIndexAfterAck(const QString& column);

} // namespace hookscope::store
