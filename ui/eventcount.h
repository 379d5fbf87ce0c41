#pragma once

#include "core/common/result.h"
#include "core/store/eventstore.h"

namespace hookscope::ui {

/**
 * store.count(query), except that the views over rare conditions (duplicates, quarantined, replayed)
 * are counted through their own small partial index: without statistics SQLite would otherwise walk a
 * large index and read every row.
 */
Result<qint64> countEvents(store::EventStore& store, const store::EventQuery& query);

} // namespace hookscope::ui
