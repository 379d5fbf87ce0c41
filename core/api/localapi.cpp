#include "localapi.h"

#include "token.h"

#include "core/ingest/captureservice.h"
#include "core/replay/replayer.h"

using namespace Qt::StringLiterals;

namespace hookscope::api {

LocalApi::LocalApi()
    : m_metrics(std::make_shared<Metrics>())
{
}

LocalApi::~LocalApi()
{
    stop();
}

void LocalApi::instrument(ingest::CaptureSettings& settings)
{
    QHash<QString, QString> schemes;
    for (const auto& r : std::as_const(settings.routes))
        schemes.insert(r.name, r.scheme);
    m_metrics->setRouteSchemes(schemes);
    // On the writer thread; the metrics outlive the capture (shared), whatever order things stop in.
    settings.onRequest = [metrics = m_metrics, log = settings.onRequest](const ingest::RequestLog& r) {
        metrics->observeRequest(r);
        if (log)
            log(r);
    };
}

Result<QUrl> LocalApi::start(ingest::CaptureService& capture, const ingest::CaptureSettings& settings, quint16 port,
    const QString& tokenPath, bool orFreePort)
{
    stop();
    auto token = loadOrCreateToken(tokenPath);
    if (!token)
        return fail(token.error());
    ApiSettings api;
    api.port = port;
    api.token = *token;
    api.databasePath = settings.databasePath;
    api.writer = capture.writer();
    api.metrics = m_metrics.get();
    api.capturePorts = { settings.listener.httpPort, settings.listener.httpsPort };
    auto url = m_server.start(api);
    if (!url && orFreePort && port != 0) {
        m_server.stop();
        api.port = 0;
        url = m_server.start(api);
    }
    if (!url) {
        m_server.stop();
        return fail(url.error());
    }
    if (auto* forwarder = capture.forwarder()) {
        QObject::connect(forwarder, &replay::ReplayService::attemptFinished, forwarder,
            [m = m_metrics](const replay::AttemptRow& a) { m->observeAttempt(a); });
        QObject::connect(forwarder, &replay::ReplayService::runFinished, forwarder,
            [m = m_metrics](const replay::RunSummary& r) { m->observeRun(r); });
    }
    m_url = *url;
    return m_url;
}

void LocalApi::stop()
{
    m_server.stop();
    m_url = QUrl();
}

} // namespace hookscope::api
