#pragma once

#include "eventbundle.h"

#include "core/common/result.h"
#include "core/http/delivery.h"

#include <QJsonObject>

namespace hookscope::exporting {

/**
 * HAR 1.2 (log.version, creator, entries with request, response, cache and timings): every
 * captured delivery of every event, then the attempts Hookscope made for it (marked in `_hookscope`).
 * Bodies that are not UTF-8 text are base64 with `_encoding` (HAR's `content.encoding` for responses).
 */
QJsonObject toHar(const QList<EventBundle>& bundles, const ExportOptions& options);

/** A captured request read back from a HAR entry, with the response it was answered with. */
struct HarRequest {
    Delivery delivery;
    int responseStatus = 200;
    QByteArray responseBody;
    QString scheme; ///< from `_hookscope`, when Hookscope wrote the file
};

/** The captured requests of a HAR file (entries of Hookscope's own replays are skipped). */
Result<QList<HarRequest>> readHar(const QByteArray& json);

} // namespace hookscope::exporting
