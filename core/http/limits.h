#pragma once

#include <QtGlobal>

namespace hookscope::http {

/** Listener limits (PRODUCT.md, "Default limits"). */
struct Limits {
    qint64 maxBodyBytes = 50LL * 1024 * 1024;
    int maxHeaderBytes = 64 * 1024;
    int headerTimeoutMs = 10'000;
    int bodyStallTimeoutMs = 30'000;
    int idleTimeoutMs = 120'000; ///< keep-alive connection with no request in progress
    int maxConnections = 256;
    qint64 drainBytes
        = 4LL * 1024 * 1024; ///< read and discard this much after refusing, so the client reads the answer
    int drainMs = 2'000;
    int keepRefusedBytes = 64 * 1024; ///< prefix of a refused body kept for the record
};

} // namespace hookscope::http
