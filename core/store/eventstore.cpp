#include "eventstore.h"

#include "searchhits.h"

#include "core/verify/verdict.h"

#include "core/email/blobfiles.h"
#include "core/email/emailindex.h"
#include "core/email/mimeparser.h"

#include <QCborMap>
#include <QCborValue>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QUuid>

#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace hookscope::store {

namespace {

const char* const kEventColumns
    = "id, route, idem_key, key_source, event_id, message_id, scheme, received_us, last_us, status, quarantined, "
      "quarantine_note, discarded_us, deliveries, duplicates, replays, method, path, size, flags, processed, subject, "
      "from_address, from_name, attachments, warnings";

EventRow readEvent(const QSqlQuery& q)
{
    EventRow e;
    e.id = q.value(0).toLongLong();
    e.route = q.value(1).toString();
    e.idempotencyKey = q.value(2).toString();
    e.keySource = q.value(3).toString();
    e.eventId = q.value(4).toString();
    e.messageId = q.value(5).toString();
    e.scheme = q.value(6).toString();
    e.receivedUs = q.value(7).toLongLong();
    e.lastUs = q.value(8).toLongLong();
    e.status = q.value(9).toString();
    e.quarantined = q.value(10).toString();
    e.quarantineNote = q.value(11).toString();
    e.discarded = !q.value(12).isNull();
    e.deliveries = q.value(13).toInt();
    e.duplicates = q.value(14).toInt();
    e.replays = q.value(15).toInt();
    e.method = q.value(16).toString();
    e.path = q.value(17).toString();
    e.size = q.value(18).toLongLong();
    e.flags = q.value(19).toString().split(u' ', Qt::SkipEmptyParts);
    e.processed = q.value(20).toBool();
    e.subject = q.value(21).toString();
    e.fromAddress = q.value(22).toString();
    e.fromName = q.value(23).toString();
    e.attachments = q.value(24).toInt();
    e.warnings = q.value(25).toString().split(u'\n', Qt::SkipEmptyParts);
    return e;
}

const char* const kDeliveryColumns
    = "id, event_id, seq, received_us, peer, peer_port, local_port, tls, tls_protocol, tls_cipher, method, target, "
      "http_version, raw_head, raw_body, body, body_size, status_code, response_body, verify_outcome, verify_reason, "
      "verdict_json, duplicate, refused, truncated";

DeliveryRow readDelivery(const QSqlQuery& q)
{
    DeliveryRow d;
    d.id = q.value(0).toLongLong();
    d.eventRowId = q.value(1).toLongLong();
    d.seq = q.value(2).toInt();
    d.receivedUs = q.value(3).toLongLong();
    d.peer = q.value(4).toString();
    d.peerPort = q.value(5).toInt();
    d.localPort = q.value(6).toInt();
    d.tls = q.value(7).toBool();
    d.tlsProtocol = q.value(8).toString();
    d.tlsCipher = q.value(9).toString();
    d.method = q.value(10).toString();
    d.target = q.value(11).toString();
    d.httpVersion = q.value(12).toString();
    d.rawHead = q.value(13).toByteArray();
    d.rawBody = q.value(14).toByteArray();
    d.body = q.value(15).toByteArray();
    d.bodySize = q.value(16).toLongLong();
    d.statusCode = q.value(17).toInt();
    d.responseBody = q.value(18).toByteArray();
    d.verifyOutcome = q.value(19).toString();
    d.verifyReason = q.value(20).toString();
    // JSON text in rows written before schema 6, CBOR since (see storedVerdict()).
    const QByteArray storedVerdict = q.value(21).toByteArray();
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
    d.duplicate = q.value(22).toBool();
    d.refused = q.value(23).toInt();
    d.truncated = q.value(24).toBool();
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
    m_emailIndex = email::hasEmailTables(m_db);
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
    else
        where << u"discarded_us IS NULL"_s;
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
    if (query.settledOnly)
        where << u"(accepted = 0 OR processed = 1)"_s;
    if (!query.route.isEmpty()) {
        where << u"route = ?"_s;
        binds << query.route;
    }
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
        } else if (f.field == u"id"_s) {
            // Exact: the store id, the provider id, the Message-ID (with or without brackets), the key.
            where << u"(id = ? OR event_id = ? OR message_id = ? OR message_id = ? OR idem_key = ?)"_s;
            binds << f.value.toLongLong() << f.value << f.value << QString(u'<' + f.value + u'>') << f.value;
        } else if (f.field == u"has"_s && f.value == u"attachment"_s) {
            where << u"attachments > 0"_s;
        }
    }
    if (!query.search.isEmpty()) {
        // The email through the full-text index, and identifiers: matched once for the text (SearchHits).
        auto hits = searchHits(query.search);
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

Result<std::shared_ptr<const SearchHits>> EventStore::searchHits(const QString& text)
{
    const qint64 version = dataVersion();
    if (m_hits && m_hitsText == text && m_hitsVersion == version && version >= 0)
        return m_hits;
    m_hits.reset();
    auto hits = SearchHits::find(m_db, text, m_emailIndex ? email::ftsQuery(text) : QString());
    if (!hits)
        return fail(hits.error());
    m_hits = *hits;
    m_hitsText = text;
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

Result<QList<EventRow>> EventStore::list(const EventQuery& query)
{
    QVariantList binds;
    const auto where = whereClause(query, binds);
    if (!where)
        return fail(where.error());
    QString sql = u"SELECT %1 FROM events WHERE %2 ORDER BY %3"_s.arg(
        QLatin1StringView(kEventColumns), *where, orderByClause(query));
    if (query.limit > 0)
        sql += u" LIMIT %1 OFFSET %2"_s.arg(query.limit).arg(query.offset);
    auto q = run(m_db, sql, binds);
    if (!q)
        return fail(q.error());
    QList<EventRow> rows;
    while (q->next())
        rows.append(readEvent(*q));
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
        && !query.settledOnly && rare.contains(query.status)) {
        if (auto q = run(m_db, rare.value(query.status), {}); q && q->next())
            return q->value(0).toLongLong();
        // An older store without the index is counted below, slowly.
    }
    if (!query.search.isEmpty() && query.fields.isEmpty() && query.route.isEmpty() && query.status.isEmpty()
        && query.afterId == 0 && !query.settledOnly) {
        // Every match is an event (the index follows the events through its trigger); those in the bin are not
        // in the list.
        auto hits = searchHits(query.search);
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
    auto q = run(m_db, u"SELECT route, count(*) FROM events WHERE discarded_us IS NULL GROUP BY route"_s, {});
    if (!q)
        return fail(q.error());
    while (q->next())
        counts.insert(u"route:"_s + q->value(0).toString(), q->value(1).toLongLong());
    return counts;
}

Result<std::optional<EventRow>> EventStore::event(qint64 id)
{
    auto q = run(m_db, u"SELECT %1 FROM events WHERE id = ?"_s.arg(QLatin1StringView(kEventColumns)), { id });
    if (!q)
        return fail(q.error());
    if (!q->next())
        return std::optional<EventRow>();
    return std::optional<EventRow>(readEvent(*q));
}

Result<QList<DeliveryRow>> EventStore::deliveries(qint64 eventRowId)
{
    auto q = run(m_db,
        u"SELECT %1 FROM deliveries WHERE event_id = ? ORDER BY seq"_s.arg(QLatin1StringView(kDeliveryColumns)),
        { eventRowId });
    if (!q)
        return fail(q.error());
    QList<DeliveryRow> rows;
    while (q->next())
        rows.append(readDelivery(*q));
    return rows;
}

Result<std::optional<DeliveryRow>> EventStore::delivery(qint64 eventRowId, int seq)
{
    auto q = run(m_db,
        u"SELECT %1 FROM deliveries WHERE event_id = ? AND seq = ?"_s.arg(QLatin1StringView(kDeliveryColumns)),
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
        u"SELECT body, raw_head FROM deliveries WHERE event_id = ? ORDER BY (status_code BETWEEN 200 AND 299) DESC, "
        u"seq LIMIT 1"_s,
        { eventRowId });
    if (!q)
        return fail(q.error());
    if (!q->next())
        return std::optional<email::EmailMessage>();
    const QByteArray body = q->value(0).toByteArray();
    QByteArray contentType;
    for (const QByteArray& line : q->value(1).toByteArray().split('\n')) {
        if (line.toLower().startsWith("content-type:")) {
            contentType = line.mid(13).trimmed();
            break;
        }
    }
    q->finish();
    auto parsed = email::parsePayload(contentType, body);
    if (!parsed)
        return fail(parsed.error());
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
        a.eventRowId = q->value(0).toLongLong();
        a.part = q->value(1).toInt();
        a.partPath = q->value(2).toString();
        a.filename = q->value(3).toString();
        a.contentType = q->value(4).toString();
        a.size = q->value(5).toLongLong();
        a.contentId = q->value(6).toString();
        a.sha256 = q->value(7).toString();
        a.isInline = q->value(8).toBool();
        rows.append(a);
    }
    return rows;
}

Result<QByteArray> EventStore::attachmentData(const QString& sha256)
{
    if (m_emailIndex) {
        auto q = run(m_db, u"SELECT data IS NULL, data FROM blobs WHERE sha256 = ?"_s, { sha256 });
        if (!q)
            return fail(q.error());
        if (q->next()) {
            if (!q->value(0).toBool())
                return q->value(1).toByteArray();
            if (auto file = email::readBlobFile(m_path, sha256))
                return file;
        }
    }
    // Not stored (or its file is gone): decode it again from an event that carries it.
    auto owners = run(m_db, u"SELECT event_id FROM attachments WHERE sha256 = ? LIMIT 1"_s, { sha256 });
    if (owners && owners->next()) {
        const qint64 event = owners->value(0).toLongLong();
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
