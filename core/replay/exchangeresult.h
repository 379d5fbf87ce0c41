#pragma once

#include "core/http/httpheader.h"

#include <QByteArray>
#include <QString>

namespace hookscope::replay {

/** What one attempt sent and got back. */
struct ExchangeResult {
    QByteArray requestHead; ///< request line and headers exactly as written
    QByteArray requestBody;
    int status = 0; ///< 0 when no response came back
    QByteArray reason;
    QByteArray responseHead; ///< status line and headers as received
    http::HttpHeaders responseHeaders;
    QByteArray responseBody; ///< first 1 MiB
    qint64 responseSize = 0;
    QString error; ///< connection error, timeout, malformed response; empty otherwise
    bool timedOut = false;
    qint64 startedUs = 0;
    qint64 finishedUs = 0;
    qint64 latencyMs = 0;

    bool success() const { return status >= 200 && status < 300; }
};

} // namespace hookscope::replay
