#pragma once

#include "core/http/httpheader.h"

#include <QByteArray>
#include <QUrl>

namespace hookscope::replay {

/** A request exactly as it will be written to the wire: nothing is added on the way. */
struct OutgoingRequest {
    QUrl url; ///< where to connect (scheme, host, port) and what the request line says
    QByteArray method = "POST";
    QByteArray target = "/"; ///< the request-target written in the request line
    http::HttpHeaders headers; ///< exactly as sent, Host and Content-Length included
    QByteArray body;

    /** Request line, header fields and the blank line. */
    QByteArray head() const;
    QByteArray wire() const { return head() + body; }
};

} // namespace hookscope::replay
