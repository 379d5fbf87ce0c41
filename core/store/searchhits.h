#pragma once

#include "core/common/result.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <vector>

namespace hookscope::store {

/**
 * The events that free text (or `id:`) matches, read once and then used as a set by the list and its count: the
 * full-text index over their email (email_fts, rowid = event id) and their identifiers (the store id; the provider's
 * id by its beginning; any part of three or more characters of the provider's id, the Message-ID or a delivery id,
 * through the trigram index event_ids; a Message-ID in its brackets). A common word matches half a million emails;
 * joining the index with the events for every page and again for the count would read all of them each time.
 */
class SearchHits final {
public:
    /**
     * Reads the matches of `text` (as typed: identifiers) and `fullTextQuery` (an FTS5 query over email_fts,
     * see store::ftsQuery (emailindex.h); empty for none).
     */
    static Result<std::shared_ptr<const SearchHits>> find(
        QSqlDatabase& db, const QString& text, const QString& fullTextQuery);
    /**
     * The events `id:part` names: the store id `part`, a provider id beginning with `part`, or any of their
     * identifiers containing `part` (three characters or more, any case).
     */
    static Result<std::shared_ptr<const SearchHits>> findIdentifier(QSqlDatabase& db, const QString& part);
    /** The events in both. */
    static std::shared_ptr<const SearchHits> intersection(const SearchHits& a, const SearchHits& b);

    bool contains(qint64 eventRowId) const
    {
        const quint64 i = quint64(eventRowId);
        return eventRowId >= 0 && (i >> 6) < m_bits.size() && (m_bits[i >> 6] >> (i & 63) & 1);
    }
    qint64 size() const { return qint64(m_ids.size()); }
    /** Ascending, each once. */
    const std::vector<qint64>& ids() const { return m_ids; }

private:
    static std::shared_ptr<const SearchHits> fromIds(std::vector<qint64> ids);

    std::vector<qint64> m_ids;
    std::vector<quint64> m_bits;
};

} // namespace hookscope::store
