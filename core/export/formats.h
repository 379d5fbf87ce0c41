#pragma once

#include "capturedurl.h"
#include "curl.h"
#include "eventbundle.h"

#include "core/common/result.h"

#include <QJsonObject>

namespace hookscope::exporting {

/** The event, its capture metadata (every delivery with headers and exact bytes) and its attempts. */
QJsonObject toJson(const EventBundle& bundle, const ExportOptions& options);

/** The exact request bytes of the primary delivery (authorization redacted only when asked). */
QByteArray toRaw(const EventBundle& bundle, const ExportOptions& options);

/**
 * The email as .eml: the raw MIME when the provider sent it (message/rfc822, or a JSON field holding
 * it), else MIME built from the event JSON with GMime.
 */
Result<QByteArray> toEml(const EventBundle& bundle);

} // namespace hookscope::exporting
