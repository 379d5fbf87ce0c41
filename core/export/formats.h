#pragma once

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

/**
 * One copy-pasteable bash command that re-sends the primary delivery: shell-quoted, `$'…'` for
 * bytes a plain quote cannot carry, base64 through a pipe when the body holds NUL bytes; headers
 * curl would add on its own are suppressed when the capture had none.
 */
QByteArray toCurl(const EventBundle& bundle, const ExportOptions& options);

/** The URL a delivery was sent to, from its Host header and target (https when it came over TLS). */
QString deliveryUrl(const store::DeliveryRow& delivery);

} // namespace hookscope::exporting
