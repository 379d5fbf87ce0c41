#include "searchhits.h"

#include "database.h"

#include <QRegularExpression>

#include <sqlite3.h>

#include <algorithm>
#include <iterator>

using namespace Qt::StringLiterals;

namespace hookscope::store {

namespace {

/** Runs `sql` with `texts` bound as ?1, ?2, … and appends its first column to `ids`. */
Result<void> collect(sqlite3* h, const char* sql, const QList<QByteArray>& texts, std::vector<qint64>& ids)
{
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, sql, -1, &st, nullptr) != SQLITE_OK)
        return fail(QString::fromUtf8(sqlite3_errmsg(h)));
    for (int i = 0; i < texts.size(); ++i)
        sqlite3_bind_text(st, i + 1, texts[i].constData(), int(texts[i].size()), SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ids.push_back(sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return fail(QString::fromUtf8(sqlite3_errmsg(h)));
    return {};
}

/**
 * Appends the events one identifier-like word names: the store id (all of it), the provider's id by its beginning
 * (its index, so that an event is found the moment it is stored) and any part of three or more characters of the
 * provider's id, the Message-ID or a delivery id (event_ids, trigrams: written with the email's index after the
 * ack).
 */
Result<void> collectIdentifier(sqlite3* h, const QString& word, std::vector<qint64>& ids)
{
    bool numeric = false;
    const qint64 storeId = word.toLongLong(&numeric);
    if (numeric && storeId > 0) {
        if (auto r = collect(h, "SELECT id FROM events WHERE id = ?1", { QByteArray::number(storeId) }, ids); !r)
            return r;
    }
    const QByteArray from = word.toUtf8();
    const QByteArray to = from + "\xf4\x8f\xbf\xbf"; // U+10FFFF: after every string starting with `word`
    if (auto r = collect(h,
            "SELECT id FROM events WHERE discarded_us IS NULL AND event_id >= ?1 AND event_id < ?2 "
            "UNION ALL SELECT id FROM events INDEXED BY events_ui_bin WHERE discarded_us IS NOT NULL "
            "AND event_id >= ?1 AND event_id < ?2",
            { from, to }, ids);
        !r)
        return r;
    // The trigram tokenizer reads a quoted string as the phrase of its trigrams: the word anywhere, any case.
    // Shorter than a trigram, it matches nothing there.
    if (word.toUcs4().size() >= 3) {
        const QByteArray phrase = '"' + QByteArray(from).replace('"', "\"\"") + '"';
        if (auto r = collect(h, "SELECT rowid FROM event_ids WHERE event_ids MATCH ?1", { phrase }, ids); !r)
            return r;
    }
    return {};
}

} // namespace

std::shared_ptr<const SearchHits> SearchHits::fromIds(std::vector<qint64> ids)
{
    auto hits = std::make_shared<SearchHits>();
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    ids.shrink_to_fit();
    if (!ids.empty() && ids.back() >= 0) {
        hits->m_bits.assign(size_t(quint64(ids.back()) >> 6) + 1, 0);
        for (const qint64 id : ids) {
            if (id >= 0)
                hits->m_bits[quint64(id) >> 6] |= quint64(1) << (quint64(id) & 63);
        }
    }
    hits->m_ids = std::move(ids);
    return hits;
}

Result<std::shared_ptr<const SearchHits>> SearchHits::find(
    QSqlDatabase& db, const QString& text, const QString& fullTextQuery)
{
    sqlite3* h = sqliteHandle(db);
    if (!h)
        return fail(u"not an SQLite connection"_s);
    std::vector<qint64> ids;
    if (!fullTextQuery.isEmpty()) {
        if (auto r
            = collect(h, "SELECT rowid FROM email_fts WHERE email_fts MATCH ?1", { fullTextQuery.toUtf8() }, ids);
            !r)
            return fail(r.error());
    }
    // One word may be an identifier, or a part of one; a Message-ID written with its brackets is also looked up
    // whole (no index: a Message-ID index costs every insert more than all the list's other indexes together, so
    // this one reads every row; it is the only search that does), for an event whose email is not read yet.
    static const QRegularExpression space(u"\\s"_s);
    QString word = text.trimmed();
    if (word.size() >= 2 && word.startsWith(u'"') && word.endsWith(u'"'))
        word = word.mid(1).chopped(1);
    if (!word.isEmpty() && !word.contains(space)) {
        if (auto r = collectIdentifier(h, word, ids); !r)
            return fail(r.error());
        if (word.startsWith(u'<') && word.endsWith(u'>') && word.contains(u'@')) {
            if (auto r = collect(h, "SELECT id FROM events WHERE message_id = ?1", { word.toUtf8() }, ids); !r)
                return fail(r.error());
        }
    }
    return fromIds(std::move(ids));
}

Result<std::shared_ptr<const SearchHits>> SearchHits::findIdentifier(QSqlDatabase& db, const QString& part)
{
    sqlite3* h = sqliteHandle(db);
    if (!h)
        return fail(u"not an SQLite connection"_s);
    std::vector<qint64> ids;
    if (!part.isEmpty()) {
        if (auto r = collectIdentifier(h, part, ids); !r)
            return fail(r.error());
    }
    return fromIds(std::move(ids));
}

std::shared_ptr<const SearchHits> SearchHits::intersection(const SearchHits& a, const SearchHits& b)
{
    std::vector<qint64> both;
    std::set_intersection(a.m_ids.begin(), a.m_ids.end(), b.m_ids.begin(), b.m_ids.end(), std::back_inserter(both));
    return fromIds(std::move(both));
}

} // namespace hookscope::store
