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
 * not-scanned), `code:` (what a delivery was answered: 401, or a class: 4xx), `id:`: any part of an id, see
 * store::SearchHits::findIdentifier); values may be quoted ("subject:\"two words\""). The status, route, order and
 * paging of `base` are kept unless the text sets them.
 */
ParsedSearch parseSearch(const QString& text, const store::EventQuery& base = {});

/** The one-line syntax hint shown under the search field (its width is the window's minimum: keep it short). */
QString searchSyntaxHint();
/** Every field, for the hint's and the field's tooltip: the hint's words and those it has no room for. */
QString searchSyntaxDetails();
/** `text` with its `field:` terms replaced by `field:value` (removed when `value` is empty), the rest as typed. */
QString withFilter(const QString& text, const QString& field, const QString& value);
/** The value of the last `field:` term in `text` (empty: none). */
QString filterValue(const QString& text, const QString& field);

} // namespace hookscope::ui
