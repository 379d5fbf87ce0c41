#include "capturecontrol.h"

#include "core/api/localapi.h"
#include "core/config/config.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

CaptureControl::CaptureControl(ingest::CaptureSettings settings, QString fingerprint, WindowApi api)
    : m_settings(std::move(settings))
    , m_apiOptions(std::move(api))
    , m_fingerprint(std::move(fingerprint))
{
    if (m_apiOptions.enabled) {
        m_api = std::make_unique<api::LocalApi>();
        m_api->instrument(m_settings);
    }
}

CaptureControl::~CaptureControl()
{
    stop();
}

Result<void> CaptureControl::start()
{
    stop();
    m_service = std::make_unique<ingest::CaptureService>();
    auto urls = m_service->start(m_settings);
    if (!urls) {
        m_error = urls.error();
        m_urls.clear();
        m_service.reset();
        return fail(m_error);
    }
    m_error.clear();
    m_urls = *urls;
    startApi();
    return {};
}

void CaptureControl::startApi()
{
    if (!m_api)
        return;
    // The API commits through the capture's writer, so it starts (again) with the capture; once serving, it
    // keeps its port across restarts so that scripts and the Settings dialog keep one address.
    auto url = m_api->start(*m_service, m_settings, m_apiOptions.port, m_apiOptions.tokenPath, m_apiOptions.orFreePort);
    if (!url) {
        m_apiError = url.error();
        return;
    }
    m_apiError.clear();
    m_apiOptions.port = quint16(url->port());
}

void CaptureControl::stop()
{
    if (m_api)
        m_api->stop();
    if (m_service) {
        m_counterBase += m_service->changeCounter() + 1;
        m_service->stop();
        m_service.reset();
    }
    m_urls.clear();
}

ListenerState CaptureControl::state() const
{
    ListenerState s;
    s.urls = m_urls;
    s.fingerprint = m_settings.listener.httpsPort ? m_fingerprint : QString();
    s.error = m_error;
    s.httpPort = m_settings.listener.httpPort;
    s.httpsPort = m_settings.listener.httpsPort;
    if (!m_settings.routes.isEmpty()) {
        s.scheme = m_settings.routes.first().scheme;
        if (!m_settings.routes.first().secrets.isEmpty())
            s.secret = m_settings.routes.first().secrets.first();
    }
    for (const auto& r : m_settings.routes) {
        s.routes << r.name;
        if (!r.secrets.isEmpty())
            s.routeSecrets.insert(r.name, r.secrets);
    }
    s.configPath = m_settings.configPath.isEmpty() ? config::defaultConfigPath() : m_settings.configPath;
    if (m_api) {
        s.apiUrl = m_api->url();
        s.apiTokenPath = m_apiOptions.tokenPath;
        s.apiError = m_apiError;
    }
    return s;
}

Result<void> CaptureControl::restart(quint16 httpPort, quint16 httpsPort)
{
    m_settings.listener.httpPort = httpPort;
    if (m_settings.listener.tls)
        m_settings.listener.httpsPort = httpsPort;
    return start();
}

Result<QStringList> CaptureControl::reconfigure()
{
    if (!m_overrides)
        return fail(u"the listener was started without a configuration to read again"_s);
    auto resolved = ingest::resolveCaptureSettings(*m_overrides);
    if (!resolved)
        return fail(resolved.error().message);
    const ingest::CaptureChanges changes
        = ingest::compareCaptureSettings(m_settings, m_fingerprint, resolved->settings, resolved->fingerprint);
    QStringList lines = changes.lines;
    // Forwarding signs with the routes' secrets when it starts: with rules, a route change listens again too.
    if (changes.relisten || (changes.routes && (!m_service || m_service->forwardRuleCount() > 0))) {
        m_settings = resolved->settings;
        m_fingerprint = resolved->fingerprint;
        if (auto started = start(); !started)
            return fail(u"%1; not listening: %2"_s.arg(lines.join(u"; "_s), started.error()));
        QStringList urls;
        for (const QUrl& url : std::as_const(m_urls))
            urls << url.toString();
        lines << u"listening on "_s + urls.join(u", "_s);
    } else if (changes.routes) {
        // Requests in flight finish with the routes they started with; the next ones see the new ones.
        m_settings.routes = resolved->settings.routes;
        m_service->ingestor()->setRoutes(m_settings.routes);
    }
    return lines;
}

qint64 CaptureControl::changeCounter() const
{
    return m_counterBase + (m_service ? m_service->changeCounter() : 0);
}

bool CaptureControl::responseRulesEnabled() const
{
    return m_service ? m_service->responseRulesEnabled() : m_settings.responseRulesEnabled;
}

Result<void> CaptureControl::setResponseRulesEnabled(bool enabled)
{
    m_settings.responseRulesEnabled = enabled;
    if (m_service)
        m_service->setResponseRulesEnabled(enabled);
    // Kept in the configuration: only this key changes, the rest of the file stays as written.
    const QString path = m_settings.configPath.isEmpty() ? config::defaultConfigPath() : m_settings.configPath;
    QJsonObject root;
    if (QFileInfo::exists(path)) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return fail(u"%1: %2"_s.arg(path, f.errorString()));
        const QByteArray text = f.readAll();
        if (auto checked = config::parseConfig(text); !checked)
            return fail(u"%1: %2 (the switch applies until the window closes)"_s.arg(path, checked.error()));
        root = QJsonDocument::fromJson(text).object();
    }
    root.insert(u"responseRulesEnabled"_s, enabled);
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return fail(u"%1: %2"_s.arg(path, out.errorString()));
    out.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!out.commit())
        return fail(u"%1: %2"_s.arg(path, out.errorString()));
    return {};
}

} // namespace hookscope::ui
