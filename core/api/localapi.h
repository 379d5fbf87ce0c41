#pragma once

#include "apiserver.h"
#include "metrics.h"

#include "core/common/result.h"

#include <QUrl>

#include <memory>

namespace hookscope::ingest {
class CaptureService;
struct CaptureSettings;
} // namespace hookscope::ingest

namespace hookscope::api {

/**
 * The local API beside a running capture, as `serve --api` and the window run it: the server on 127.0.0.1, its
 * token, and the metrics of that capture (its requests, forwards and the API's own replays).
 */
class LocalApi final {
    Q_DISABLE_COPY_MOVE(LocalApi)
public:
    LocalApi();
    ~LocalApi();

    /** Before the capture starts: its answered requests are counted, by the route schemes it has. */
    void instrument(ingest::CaptureSettings& settings);
    /**
     * After the capture started: serves on `port` (0: a free one) with the token from `tokenPath` (made on first
     * use). With `orFreePort`, a port already taken gives a free one instead of an error (the window's default).
     */
    Result<QUrl> start(ingest::CaptureService& capture, const ingest::CaptureSettings& settings, quint16 port,
        const QString& tokenPath, bool orFreePort = false);
    void stop();

    bool running() const { return m_url.isValid(); }
    /** The API's base URL, http://127.0.0.1:PORT (empty when not serving). */
    QUrl url() const { return m_url; }

private:
    std::shared_ptr<Metrics> m_metrics;
    ApiServer m_server;
    QUrl m_url;
};

} // namespace hookscope::api
