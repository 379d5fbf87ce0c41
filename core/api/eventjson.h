#pragma once

#include "core/common/result.h"

#include <QJsonObject>

#include <optional>

namespace hookscope::store {
class EventStore;
}

namespace hookscope::api {

/**
 * One event as `show --json` prints it: the list's object with `deliveryList` (every delivery) and `attempts`
 * (every request Hookscope sent for it). With `withEmail`, also `email`: the email read from its payload in the
 * event schema (attachments described, their bytes left out; null when it carries none). nullopt: no such event.
 */
Result<std::optional<QJsonObject>> eventDetailJson(store::EventStore& store, qint64 eventRowId, bool withEmail);

} // namespace hookscope::api
