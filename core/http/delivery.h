#pragma once

#include "httpheader.h"

#include <QString>

namespace hookscope::http {

/** One HTTP request exactly as it arrived, plus what is known about where it came from. */
struct Delivery {
    qint64 receivedUs = 0; ///< capture time, microseconds since the epoch
    QByteArray rawHead; ///< request line and header block as received, blank line included
    QByteArray rawBody; ///< body bytes as on the wire when they differ from `body` (chunked); empty otherwise
    QByteArray body; ///< decoded body
    QByteArray method;
    QByteArray target; ///< request target: path and query, as received
    QByteArray httpVersion; ///< "1.1", "1.0"
    HttpHeaders headers; ///< in order, repeats kept
    QString peerAddress;
    quint16 peerPort = 0;
    quint16 localPort = 0;
    bool tls = false;
    QString tlsProtocol;
    QString tlsCipher;
    /// Set when the listener refused the request (413, 431, 408, 400): the status it answered with.
    int refusedStatus = 0;
    QString refusedReason;
    bool truncated = false; ///< body was cut (refused requests keep only a prefix)

    QByteArray path() const
    {
        const auto q = target.indexOf('?');
        return q < 0 ? target : target.left(q);
    }
    QByteArray header(QByteArrayView name) const { return headerValue(headers, name); }
    /** The exact bytes received: head followed by the body as on the wire. */
    QByteArray raw() const { return rawHead + (rawBody.isEmpty() ? body : rawBody); }
};

} // namespace hookscope::http
