#pragma once

#include "core/http/httpheader.h"

#include <QByteArray>
#include <QString>

namespace hookscope::store {
struct DeliveryRow;
}

namespace hookscope::replay {

/** A request as it was captured, the starting point of a replay or a forward. */
struct CapturedRequest {
    QByteArray method = "POST";
    QByteArray target = "/"; ///< path and query as received
    http::HttpHeaders headers; ///< in order, repeats kept
    QByteArray body; ///< de-chunked
    bool tls = false;
    QString deliveryId; ///< the scheme's delivery id or the idempotency key, reused when re-signing

    /** Reads the header block of a stored delivery (its exact bytes), so order and repeats are kept. */
    static CapturedRequest fromDelivery(const store::DeliveryRow& delivery);
    /** The header fields of an HTTP head: http::parseHeaderBlock. */
    static http::HttpHeaders parseHeaderBlock(const QByteArray& head);
};

} // namespace hookscope::replay
