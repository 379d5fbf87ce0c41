#include "eventstore.h"

#include "bodysegments.h"

#include "searchhits.h"

#include "core/verify/verdict.h"

#include "core/email/adapter.h"
#include "core/email/blobfiles.h"
#include "core/email/mimeparser.h"
#include "core/http/httpheader.h"
#include "emailindex.h"
#include "emailprocessing.h"

#include <QCborMap>
#include <QCborValue>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUuid>

#include <sqlite3.h>

#include <array>

using namespace Qt::StringLiterals;

namespace hookscope::store {

namespace {

/** The columns of `events` rows are read from, in the order of kEventColumnNames: one list, so they cannot drift. */
enum EventColumn : int {
    EvId,
    EvRoute,
    EvIdemKey,
    EvKeySource,
    EvEventId,
    EvMessageId,
    EvScheme,
    EvReceivedUs,
    EvLastUs,
    EvStatus,
    EvQuarantined,
    EvQuarantineNote,
    EvDiscardedUs,
    EvDeliveries,
    EvDuplicates,
    EvReplays,
    EvMethod,
    EvPath,
    EvSize,
    EvFlags,
    EvProcessed,
    EvSubject,
    EvFromAddress,
    EvFromName,
    EvAttachments,
    EvWarnings,
    EventColumnCount
};
constexpr std::array<const char*, EventColumnCount> kEventColumnNames { "id", "route", "idem_key", "key_source",
    "event_id", "message_id", "scheme", "received_us", "last_us", "status", "quarantined", "quarantine_note",
    "discarded_us", "deliveries", "duplicates", "replays", "method", "path", "size", "flags", "processed", "subject",
    "from_address", "from_name", "attachments", "warnings" };

/** How much of a body EventQuery::withBodyStart reads: a line's worth, whatever the body's size. */
constexpr int kBodyStartBytes = 240;

/** "id, route, …": the select list whose positions EventColumn names. */
QLatin1StringView eventColumns()
{
    static const QByteArray list = [] {
        QByteArrayList names;
        for (const char* name : kEventColumnNames)
            names << name;
        return names.join(", ");
    }();
    return QLatin1StringView(list);
}

EventRow readEvent(const QSqlQuery& q)
{
    EventRow e;
    e.id = q.value(EvId).toLongLong();
    e.route = q.value(EvRoute).toString();
    e.idempotencyKey = q.value(EvIdemKey).toString();
    e.keySource = q.value(EvKeySource).toString();
    e.eventId = q.value(EvEventId).toString();
    e.messageId = q.value(EvMessageId).toString();
    e.scheme = q.value(EvScheme).toString();
    e.receivedUs = q.value(EvReceivedUs).toLongLong();
    e.lastUs = q.value(EvLastUs).toLongLong();
    e.status = q.value(EvStatus).toString();
    e.quarantined = q.value(EvQuarantined).toString();
    e.quarantineNote = q.value(EvQuarantineNote).toString();
    e.discarded = !q.value(EvDiscardedUs).isNull();
    e.deliveries = q.value(EvDeliveries).toInt();
    e.duplicates = q.value(EvDuplicates).toInt();
    e.replays = q.value(EvReplays).toInt();
    e.method = q.value(EvMethod).toString();
    e.path = q.value(EvPath).toString();
    e.size = q.value(EvSize).toLongLong();
    e.flags = q.value(EvFlags).toString().split(u' ', Qt::SkipEmptyParts);
    e.processed = q.value(EvProcessed).toBool();
    e.subject = q.value(EvSubject).toString();
    e.fromAddress = q.value(EvFromAddress).toString();
    e.fromName = q.value(EvFromName).toString();
    e.attachments = q.value(EvAttachments).toInt();
    e.warnings = q.value(EvWarnings).toString().split(u'\n', Qt::SkipEmptyParts);
    return e;
}

/** The columns of `deliveries` rows are read from, in the order of kDeliveryColumnNames (one list). */
enum DeliveryColumn : int {
    DeId,
    DeEventId,
    DeSeq,
    DeReceivedUs,
    DePeer,
    DePeerPort,
    DeLocalPort,
    DeTls,
    DeTlsProtocol,
    DeTlsCipher,
    DeMethod,
    DeTarget,
    DeHttpVersion,
    DeRawHead,
    DeRawBody,
    DeBody,
    DeBodySize,
    DeStatusCode,
    DeResponseBody,
    DeVerifyOutcome,
    DeVerifyReason,
    DeVerdictJson,
    DeDuplicate,
    DeRefused,
    DeTruncated,
    DeAnswerAction,
    DeAnswerDelayMs,
    DeAnswerRule,
    DeliveryColumnCount
};
constexpr std::array<const char*, DeliveryColumnCount> kDeliveryColumnNames { "id", "event_id", "seq", "received_us",
    "peer", "peer_port", "local_port", "tls", "tls_protocol", "tls_cipher", "method", "target", "http_version",
    "raw_head", "raw_body", "body", "body_size", "status_code", "response_body", "verify_outcome", "verify_reason",
    "verdict_json", "duplicate", "refused", "truncated", "answer_action", "answer_delay_ms", "answer_rule" };

/** "id, event_id, …": the select list whose positions DeliveryColumn names. */
QLatin1StringView deliveryColumns()
{
    static const QByteArray list = [] {
        QByteArrayList names;
        // The body, inline or in the store's body segments (bodysegments.h), read where it is.
        for (const char* name : kDeliveryColumnNames)
            names << (qstrcmp(name, "body") == 0 ? bodyExpression().toLatin1() + " AS body" : QByteArray(name));
        return names.join(", ");
    }();
    return QLatin1StringView(list);
}

DeliveryRow readDelivery(const QSqlQuery& q)
{
    DeliveryRow d;
    d.id = q.value(DeId).toLongLong();
    d.eventRowId = q.value(DeEventId).toLongLong();
    d.seq = q.value(DeSeq).toInt();
    d.receivedUs = q.value(DeReceivedUs).toLongLong();
    d.peer = q.value(DePeer).toString();
    d.peerPort = q.value(DePeerPort).toInt();
    d.localPort = q.value(DeLocalPort).toInt();
    d.tls = q.value(DeTls).toBool();
    d.tlsProtocol = q.value(DeTlsProtocol).toString();
    d.tlsCipher = q.value(DeTlsCipher).toString();
    d.method = q.value(DeMethod).toString();
    d.target = q.value(DeTarget).toString();
    d.httpVersion = q.value(DeHttpVersion).toString();
    d.rawHead = q.value(DeRawHead).toByteArray();
    d.rawBody = q.value(DeRawBody).toByteArray();
    d.body = q.value(DeBody).toByteArray();
    d.bodySize = q.value(DeBodySize).toLongLong();
    d.statusCode = q.value(DeStatusCode).toInt();
    d.responseBody = q.value(DeResponseBody).toByteArray();
    d.verifyOutcome = q.value(DeVerifyOutcome).toString();
    d.verifyReason = q.value(DeVerifyReason).toString();
    // JSON text in rows written before schema 6, CBOR since (see storedVerdict()).
    const QByteArray storedVerdict = q.value(DeVerdictJson).toByteArray();
    d.verdict = storedVerdict.startsWith('{') ? QJsonDocument::fromJson(storedVerdict).object()
                                              : QCborValue::fromCbor(storedVerdict).toMap().toJsonObject();
    if (d.verdict.contains(u"canonicalPrefix"_s)) {
        // Stored without the body it ends with (see StoreWriter): put the body back, abbreviated as ingest would.
        verify::Verdict v;
        v.canonical = d.verdict.take(u"canonicalPrefix"_s).toString().toUtf8() + d.body;
        v.abbreviateCanonical(64 * 1024);
        d.verdict.insert(u"canonical"_s, QString::fromUtf8(v.canonical));
        if (v.canonicalSize >= 0)
            d.verdict.insert(u"canonicalSize"_s, double(v.canonicalSize));
    }
    d.duplicate = q.value(DeDuplicate).toBool();
    d.refused = q.value(DeRefused).toInt();
    d.truncated = q.value(DeTruncated).toBool();
    d.answerAction = q.value(DeAnswerAction).toString();
    d.answerDelayMs = q.value(DeAnswerDelayMs).toInt();
    d.answerRule = q.value(DeAnswerRule).toString();
    return d;
}

/** hookscope_search_hit(id): whether the event is among the current search's matches (see EventStore::m_hits). */
void searchHitFunction(sqlite3_context* context, int, sqlite3_value** argv)
{
    const auto* hits = static_cast<const std::shared_ptr<const SearchHits>*>(sqlite3_user_data(context));
    sqlite3_result_int(context, *hits && (*hits)->contains(sqlite3_value_int64(argv[0])) ? 1 : 0);
}

/** SQLite's progress handler: non-zero stops the running statement. */
int cancelHandler(void* cancelled)
{
    const auto& f = *static_cast<const std::function<bool()>*>(cancelled);
    return f && f() ? 1 : 0;
}

/** Up to this many matches are listed in the query (`id IN (…)`): SQLite then reads just those rows. */
constexpr qint64 kListedHits = 2000;

} // namespace

QString orderByClause(const EventQuery& query)
{
    const QString column = isSortableColumn(query.orderBy) ? query.orderBy : u"received_us"_s;
    const QString direction = query.descending ? u" DESC"_s : u" ASC"_s;
    // Each order is an index's (the id is every index's last column); the status's is events_ui_status, by time.
    if (column == u"status"_s)
        return u"status"_s + direction + u", received_us"_s + direction + u", id"_s + direction;
    return column + direction + u", id"_s + direction;
}

bool isSortableColumn(const QString& column)
{
    static const QStringList allowed { u"id"_s, u"received_us"_s, u"last_us"_s, u"method"_s, u"path"_s, u"status"_s,
        u"event_id"_s, u"from_address"_s, u"subject"_s, u"attachments"_s, u"size"_s, u"deliveries"_s, u"route"_s };
    return allowed.contains(column);
}

Result<std::unique_ptr<EventStore>> EventStore::open(const QString& path, bool readOnly)
{
    const QString name = u"reader-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    auto db = openDatabase(path, name, Durability::Normal, readOnly);
    if (!db) {
        QSqlDatabase::removeDatabase(name);
        return fail(db.error());
    }
    return std::unique_ptr<EventStore>(new EventStore(path, *db, name));
}

EventStore::EventStore(QString path, QSqlDatabase db, QString connection)
    : m_path(std::move(path))
    , m_db(std::move(db))
    , m_connection(std::move(connection))
{
    m_emailIndex = hasEmailTables(m_db);
    if (sqlite3* h = sqliteHandle(m_db)) {
        sqlite3_create_function_v2(h, "hookscope_search_hit", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, &m_hits,
            &searchHitFunction, nullptr, nullptr, nullptr);
    }
}

EventStore::~EventStore()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connection);
}

Result<QString> EventStore::whereClause(const EventQuery& query, QVariantList& binds)
{
    QStringList where;
    if (query.status == u"discarded"_s)
        where << u"discarded_us IS NOT NULL"_s;
    else if (!query.status.isEmpty() || query.ids.isEmpty())
        where << u"discarded_us IS NULL"_s;
    if (!query.ids.isEmpty()) {
        QStringList ids;
        ids.reserve(query.ids.size());
        for (const qint64 id : query.ids)
            ids << QString::number(id);
        where << u"id IN (%1)"_s.arg(ids.join(u','));
    }
    if (query.status == u"verified"_s || query.status == u"failed"_s || query.status == u"unverified"_s) {
        where << u"status = ?"_s;
        binds << query.status;
    } else if (query.status == u"duplicate"_s) {
        where << u"duplicates > 0"_s;
    } else if (query.status == u"quarantined"_s) {
        where << u"quarantined IS NOT NULL"_s;
    } else if (query.status == u"replayed"_s) {
        where << u"replays > 0"_s;
    }
    if (query.afterId > 0) {
        where << u"id > ?"_s;
        binds << query.afterId;
    }
    if (query.throughId > 0) {
        where << u"id <= ?"_s;
        binds << query.throughId;
    }
    if (query.settledOnly)
        where << u"(processed = 1 OR NOT "_s + kEmailIsRead + u')';
    if (!query.route.isEmpty()) {
        where << u"route = ?"_s;
        binds << query.route;
    }
    QStringList idParts;
    for (const FieldFilter& f : query.fields) {
        const QString like = u"%"_s + f.value + u"%"_s;
        if (f.field == u"from"_s) {
            where << u"(from_address LIKE ? OR from_name LIKE ?)"_s;
            binds << like << like;
        } else if (f.field == u"to"_s) {
            where << u"to_json LIKE ?"_s;
            binds << like;
        } else if (f.field == u"subject"_s || f.field == u"path"_s) {
            where << f.field + u" LIKE ?"_s;
            binds << like;
        } else if (f.field == u"scheme"_s) {
            where << u"scheme = ?"_s;
            binds << f.value;
        } else if (f.field == u"code"_s) {
            // What the listener answered any of the event's deliveries: a status (401) or a class (4xx).
            const bool isClass = f.value.size() == 3 && f.value.endsWith(u"xx"_s);
            const int low = isClass ? f.value.left(1).toInt() * 100 : f.value.toInt();
            where
                << u"EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = events.id AND d.status_code BETWEEN ? AND ?)"_s;
            binds << low << (isClass ? low + 99 : low);
        } else if (f.field == u"id"_s) {
            idParts << f.value; // through the identifiers' indexes, with the free text (below)
        } else if (f.field == u"has"_s && f.value == u"attachment"_s) {
            where << u"attachments > 0"_s;
        } else if (f.field == u"has"_s && f.value == u"flagged"_s) {
            // Attachment safety (migration 009): an attachment with a risky-content flag.
            where << u"id IN (SELECT event_id FROM attachment_scans WHERE flags <> '[]')"_s;
        } else if (f.field == u"scan"_s) {
            where << u"id IN (SELECT event_id FROM attachment_scans WHERE status = ?)"_s;
            binds << f.value;
        }
    }
    if (!query.search.isEmpty() || !idParts.isEmpty()) {
        // The email through the full-text index, and identifiers: matched once for the text (SearchHits).
        auto hits = searchHits(query.search, idParts);
        if (!hits)
            return fail(hits.error());
        if ((*hits)->size() <= kListedHits) {
            QStringList ids;
            ids.reserve(qsizetype((*hits)->size()));
            for (const qint64 id : (*hits)->ids())
                ids << QString::number(id);
            where << u"id IN (%1)"_s.arg(ids.join(u','));
        } else {
            // Many: tested one by one while SQLite walks an index in the list's order, and stops at the page.
            where << u"hookscope_search_hit(id)"_s;
        }
    }
    return where.join(u" AND "_s);
}

Result<std::shared_ptr<const SearchHits>> EventStore::searchHits(const QString& text, const QStringList& idParts)
{
    const qint64 version = dataVersion();
    const QString key = text + QChar(0) + idParts.join(QChar(0));
    if (m_hits && m_hitsText == key && m_hitsVersion == version && version >= 0)
        return m_hits;
    m_hits.reset();
    std::shared_ptr<const SearchHits> found;
    if (!text.isEmpty()) {
        auto hits = SearchHits::find(m_db, text, m_emailIndex ? ftsQuery(text) : QString());
        if (!hits)
            return fail(hits.error());
        found = *hits;
    }
    for (const QString& part : idParts) {
        auto hits = SearchHits::findIdentifier(m_db, part);
        if (!hits)
            return fail(hits.error());
        found = found ? SearchHits::intersection(*found, **hits) : *hits;
    }
    m_hits = found;
    m_hitsText = key;
    m_hitsVersion = version;
    return m_hits;
}

static Result<QSqlQuery> run(QSqlDatabase& db, const QString& sql, const QVariantList& binds)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return fail(q.lastError().text());
    for (const auto& b : binds)
        q.addBindValue(b);
    if (!q.exec())
        return fail(q.lastError().text());
    return q;
}

bool sortsThroughIndexAfterAck(const QString& column)
{
    static const QStringList columns { u"event_id"_s, u"from_address"_s, u"subject"_s, u"size"_s, u"method"_s,
        u"path"_s, u"attachments"_s, u"deliveries"_s, u"last_us"_s };
    return columns.contains(column);
}

Result<std::pair<QString, QVariantList>> EventStore::listStatement(const EventQuery& query)
{
    QVariantList binds;
    const auto where = whereClause(query, binds);
    if (!where)
        return fail(where.error());
    // The body's start comes after the event's columns (EventColumnCount), from its first delivery.
    const QString bodyStart = query.withBodyStart
        ? u", (SELECT %1 FROM deliveries WHERE deliveries.event_id = events.id ORDER BY seq LIMIT 1)"_s.arg(
            bodyExpression({}, kBodyStartBytes))
        : QString();
    const QString select = u"SELECT %1%2 FROM events"_s.arg(eventColumns(), bodyStart);
    QString sql;
    // An order whose index holds only the events sorted after the ack (migration 015): the index's rows merged
    // with the few not sorted yet, sorted on their own (SQLite merges the two ordered halves, reading no further
    // than the page). The bin and a list of ids read few rows and sort them as they are.
    const QString column = isSortableColumn(query.orderBy) ? query.orderBy : u"received_us"_s;
    if (sortsThroughIndexAfterAck(column) && query.status != u"discarded"_s && query.ids.isEmpty()) {
        sql = u"%1 WHERE %2 AND sort_indexed = 1 UNION ALL %1 INDEXED BY events_unsorted WHERE %2 AND "
              u"sort_indexed = 0"_s.arg(select, *where);
        binds += QVariantList(binds);
    } else {
        sql = u"%1 WHERE %2"_s.arg(select, *where);
    }
    sql += u" ORDER BY "_s + orderByClause(query);
    if (query.limit > 0)
        sql += u" LIMIT %1 OFFSET %2"_s.arg(query.limit).arg(query.offset);
    return std::pair { sql, binds };
}

Result<QStringList> EventStore::listPlan(const EventQuery& query)
{
    auto statement = listStatement(query);
    if (!statement)
        return fail(statement.error());
    auto q = run(m_db, u"EXPLAIN QUERY PLAN "_s + statement->first, statement->second);
    if (!q)
        return fail(q.error());
    QStringList steps;
    while (q->next())
        steps << q->value(3).toString();
    return steps;
}

Result<QList<EventRow>> EventStore::list(const EventQuery& query)
{
    auto statement = listStatement(query);
    if (!statement)
        return fail(statement.error());
    auto q = run(m_db, statement->first, statement->second);
    if (!q)
        return fail(q.error());
    QList<EventRow> rows;
    while (q->next()) {
        rows.append(readEvent(*q));
        if (query.withBodyStart)
            rows.last().bodyStart = q->value(EventColumnCount).toByteArray();
    }
    // A read cut short (setCancel, an I/O error) ends next() like the last row does: part of a page is no page.
    if (q->lastError().isValid())
        return fail(q->lastError().text());
    return rows;
}

Result<qint64> EventStore::count(const EventQuery& query)
{
    // The views over rare conditions are counted through their own small partial index: without statistics
    // SQLite would walk a large index and read every row.
    static const QHash<QString, QString> rare {
        { u"duplicate"_s,
            u"SELECT count(*) FROM events INDEXED BY events_ui_duplicates WHERE discarded_us IS NULL AND duplicates > 0"_s },
        { u"quarantined"_s,
            u"SELECT count(*) FROM events INDEXED BY events_ui_quarantined "
            u"WHERE discarded_us IS NULL AND quarantined IS NOT NULL"_s },
        { u"replayed"_s,
            u"SELECT count(*) FROM events INDEXED BY events_ui_replayed WHERE discarded_us IS NULL AND replays > 0"_s },
        { u"discarded"_s, u"SELECT count(*) FROM events INDEXED BY events_ui_bin WHERE discarded_us IS NOT NULL"_s },
    };
    if (query.search.isEmpty() && query.fields.isEmpty() && query.route.isEmpty() && query.afterId == 0
        && query.throughId == 0 && query.ids.isEmpty() && !query.settledOnly && rare.contains(query.status)) {
        if (auto q = run(m_db, rare.value(query.status), {}); q && q->next())
            return q->value(0).toLongLong();
        // An older store without the index is counted below, slowly.
    }
    if (!query.search.isEmpty() && query.fields.isEmpty() && query.route.isEmpty() && query.status.isEmpty()
        && query.afterId == 0 && query.throughId == 0 && query.ids.isEmpty() && !query.settledOnly) {
        // Every match is an event (the index follows the events through its trigger); those in the bin are not
        // in the list.
        auto hits = searchHits(query.search, {});
        if (!hits)
            return fail(hits.error());
        auto bin = run(m_db, u"SELECT id FROM events INDEXED BY events_ui_bin WHERE discarded_us IS NOT NULL"_s, {});
        if (bin) {
            qint64 n = (*hits)->size();
            while (bin->next())
                n -= (*hits)->contains(bin->value(0).toLongLong()) ? 1 : 0;
            return n;
        }
    }
    QVariantList binds;
    const auto where = whereClause(query, binds);
    if (!where)
        return fail(where.error());
    auto q = run(m_db, u"SELECT count(*) FROM events WHERE "_s + *where, binds);
    if (!q)
        return fail(q.error());
    return q->next() ? q->value(0).toLongLong() : 0;
}

Result<QHash<QString, qint64>> EventStore::viewCounts()
{
    QHash<QString, qint64> counts;
    for (const QString& status : { QString(), u"verified"_s, u"failed"_s, u"unverified"_s, u"duplicate"_s,
             u"quarantined"_s, u"replayed"_s, u"discarded"_s }) {
        EventQuery q;
        q.status = status;
        const auto n = count(q);
        if (!n)
            return fail(n.error());
        counts.insert(status.isEmpty() ? u"all"_s : status, *n);
    }
    auto q = run(m_db, u"SELECT route, count(*) AS events FROM events WHERE discarded_us IS NULL GROUP BY route"_s, {});
    if (!q)
        return fail(q.error());
    while (q->next())
        counts.insert(u"route:"_s + q->value(u"route"_s).toString(), q->value(u"events"_s).toLongLong());
    return counts;
}

Result<std::optional<EventRow>> EventStore::event(qint64 id)
{
    auto q = run(m_db, u"SELECT %1 FROM events WHERE id = ?"_s.arg(eventColumns()), { id });
    if (!q)
        return fail(q.error());
    if (!q->next())
        return std::optional<EventRow>();
    return std::optional<EventRow>(readEvent(*q));
}

Result<QList<DeliveryRow>> EventStore::deliveries(qint64 eventRowId)
{
    auto q = run(
        m_db, u"SELECT %1 FROM deliveries WHERE event_id = ? ORDER BY seq"_s.arg(deliveryColumns()), { eventRowId });
    if (!q)
        return fail(q.error());
    QList<DeliveryRow> rows;
    while (q->next())
        rows.append(readDelivery(*q));
    return rows;
}

Result<std::optional<DeliveryRow>> EventStore::delivery(qint64 eventRowId, int seq)
{
    auto q = run(m_db, u"SELECT %1 FROM deliveries WHERE event_id = ? AND seq = ?"_s.arg(deliveryColumns()),
        { eventRowId, seq });
    if (!q)
        return fail(q.error());
    if (!q->next())
        return std::optional<DeliveryRow>();
    return std::optional<DeliveryRow>(readDelivery(*q));
}

Result<std::optional<email::EmailMessage>> EventStore::email(qint64 eventRowId)
{
    // The first accepted delivery carries the event's payload (the one the post-processor read).
    auto q = run(m_db,
        u"SELECT %1 AS body, d.raw_head, e.route FROM deliveries d JOIN events e ON e.id = d.event_id "
        u"WHERE d.event_id = ? "
        u"ORDER BY (d.status_code BETWEEN 200 AND 299) DESC, d.seq LIMIT 1"_s.arg(bodyExpression(u"d.")),
        { eventRowId });
    if (!q)
        return fail(q.error());
    if (!q->next())
        return std::optional<email::EmailMessage>();
    email::PayloadRequest request;
    request.body = q->value(u"body"_s).toByteArray();
    request.headers = http::parseHeaderBlock(q->value(u"raw_head"_s).toByteArray());
    request.contentType = http::headerValue(request.headers, "Content-Type");
    request.route = q->value(u"route"_s).toString();
    q->finish();
    auto parsed = email::parsePayload(request);
    if (!parsed)
        return std::optional<email::EmailMessage>(); // a payload no adapter reads carries no email
    return std::optional<email::EmailMessage>(std::move(*parsed));
}

Result<QList<AttachmentRow>> EventStore::attachments(qint64 eventRowId)
{
    if (!m_emailIndex)
        return QList<AttachmentRow>();
    auto q = run(m_db,
        u"SELECT event_id, part, part_path, filename, content_type, size, content_id, sha256, inline FROM attachments "
        u"WHERE event_id = ? ORDER BY part"_s,
        { eventRowId });
    if (!q)
        return fail(q.error());
    QList<AttachmentRow> rows;
    while (q->next()) {
        AttachmentRow a;
        a.eventRowId = q->value(u"event_id"_s).toLongLong();
        a.part = q->value(u"part"_s).toInt();
        a.partPath = q->value(u"part_path"_s).toString();
        a.filename = q->value(u"filename"_s).toString();
        a.contentType = q->value(u"content_type"_s).toString();
        a.size = q->value(u"size"_s).toLongLong();
        a.contentId = q->value(u"content_id"_s).toString();
        a.sha256 = q->value(u"sha256"_s).toString();
        a.isInline = q->value(u"inline"_s).toBool();
        rows.append(a);
    }
    return rows;
}

Result<QByteArray> EventStore::attachmentData(const QString& sha256)
{
    if (m_emailIndex) {
        auto q = run(m_db, u"SELECT data IS NULL AS in_file, data FROM blobs WHERE sha256 = ?"_s, { sha256 });
        if (!q)
            return fail(q.error());
        if (q->next()) {
            if (!q->value(u"in_file"_s).toBool())
                return q->value(u"data"_s).toByteArray();
            if (auto file = email::readBlobFile(m_path, sha256))
                return file;
        }
    }
    // Not stored (or its file is gone): decode it again from an event that carries it.
    auto owners = run(m_db, u"SELECT event_id FROM attachments WHERE sha256 = ? LIMIT 1"_s, { sha256 });
    if (owners && owners->next()) {
        const qint64 event = owners->value(u"event_id"_s).toLongLong();
        owners->finish();
        auto message = email(event);
        if (message && *message) {
            for (const auto& a : (*message)->attachments) {
                if (a.sha256 == sha256)
                    return a.data;
            }
        }
    }
    return fail(u"no attachment with SHA-256 %1 in the store"_s.arg(sha256));
}

void EventStore::setCancel(std::function<bool()> cancelled)
{
    m_cancelled = std::move(cancelled);
    if (sqlite3* h = sqliteHandle(m_db)) // asked every few thousand steps of a statement
        sqlite3_progress_handler(h, m_cancelled ? 4000 : 0, m_cancelled ? &cancelHandler : nullptr, &m_cancelled);
}

Result<qint64> EventStore::lastEventId()
{
    auto q = run(m_db, u"SELECT coalesce(max(id), 0) FROM events"_s, {});
    if (!q)
        return fail(q.error());
    return q->next() ? q->value(0).toLongLong() : 0;
}

qint64 EventStore::dataVersion()
{
    QSqlQuery q(m_db);
    if (q.exec(u"PRAGMA data_version"_s) && q.next())
        return q.value(0).toLongLong();
    return -1;
}

} // namespace hookscope::store
