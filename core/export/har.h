#pragma once

#include "eventbundle.h"

#include "core/common/result.h"
#include "core/http/delivery.h"

#include <QJsonObject>

namespace hookscope::exporting {

/**
 * HAR 1.2 (log.version, creator, entries with request, response, cache and timings): every
 * captured delivery of every event, then the attempts Hookscope made for it (marked in `_hookscope`).
 * Bodies that are not UTF-8 text are base64 with `encoding: "base64"` on `postData` and `content`. A
 * request's URL is its validated Host (else the listener's address) with the target's path and query,
 * percent-encoded; the exact head (and chunked body) travel in `_hookscope.rawHeadBase64` (`rawBodyBase64`),
 * since HAR's fields cannot hold bytes that are not UTF-8 or the spacing of a header line.
 */
QJsonObject toHar(const QList<EventBundle>& bundles, const ExportOptions& options);

/** A captured request read back from a HAR entry, with the response it was answered with. */
struct HarRequest {
    http::Delivery delivery;
    int responseStatus = 200;
    QByteArray responseBody;
    QString scheme; ///< from `_hookscope`, when Hookscope wrote the file
};

/**
 * The captured requests of a HAR file (entries of Hookscope's own replays are skipped). An entry whose
 * method, URL or header names or values hold CR, LF or NUL, whose method or header name is no RFC 9110
 * token, or that the listener's parser does not read as one request head fails the whole file, the entry
 * named. `_hookscope.rawHeadBase64` gives the exact bytes back only when it parses and says exactly what
 * the entry's fields say; otherwise the fields are the request.
 */
Result<QList<HarRequest>> readHar(const QByteArray& json);

} // namespace hookscope::exporting
