#pragma once

#include "core/store/eventstore.h"

#include <QString>
#include <QStringList>

namespace hookscope::ui {

/** The search field's words, read into a store query. */
struct ParsedSearch {
    store::EventQuery query;
    QStringList problems; ///< unknown fields or values, said in plain words
};

/**
 * Reads free text plus `field:value` filters (`from:`, `to:`, `subject:`, `status:`, `path:`, `scheme:`,
 * `route:`, `has:attachment`, `has:flagged`, `scan:STATUS` (clean, infected, error,
 * not-scanned), `id:`: any part of an id, see store::SearchHits::findIdentifier); values may be
 * quoted ("subject:\"two words\""). The status, route, order and paging of `base` are kept unless the text sets
 * them.
 */
ParsedSearch parseSearch(const QString& text, const store::EventQuery& base = {});

/** The one-line syntax hint shown under the search field. */
QString searchSyntaxHint();

} // namespace hookscope::ui
