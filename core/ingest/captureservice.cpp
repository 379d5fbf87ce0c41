#include "captureservice.h"

#include "core/replay/forwardrules.h"
#include "core/replay/replayer.h"
#include "core/scan/attachmentscanner.h"
#include "core/store/credentialkey.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace hookscope::ingest {

CaptureService::CaptureService() = default;

CaptureService::~CaptureService()
{
    stop();
}

Result<QList<QUrl>> CaptureService::start(const CaptureSettings& settings)
{
    auto writer = store::StoreWriter::shared(settings.databasePath, settings.durability);
    if (!writer)
        return fail(writer.error());
    m_writer = *writer;
    m_post = std::make_unique<PostProcessor>(settings.databasePath, *m_writer);
    m_post->onProcessed = [this, log = settings.onProcessed](qint64 event) {
        ++m_changes;
        if (log)
            log(event);
    };
    m_post->ingestBusy = [this] { return ingestBusy(); };
    m_post->scanner = std::make_shared<scan::AttachmentScanner>(settings.scan);
    m_post->onScanned = [this](qint64) { ++m_changes; };
    m_post->start();
    m_post->enqueueUnprocessed();

    // Auto-forwarding: rules from the settings or the configuration file; retries a previous run left
    // pending are picked up again.
    QList<replay::ForwardRule> rules = settings.forwardRules;
    if (rules.isEmpty()) {
        auto loaded = replay::ForwardRules::load(
            settings.configPath.isEmpty() ? replay::ForwardRules::defaultConfigPath() : settings.configPath);
        if (!loaded) {
            stop();
            return fail(loaded.error());
        }
        rules = *loaded;
    }
    m_forwardRules = int(rules.size());
    if (!rules.isEmpty()) {
        QHash<QString, QByteArray> secrets;
        for (const auto& route : settings.routes) {
            if (!route.secrets.isEmpty())
                secrets.insert(route.name, route.secrets.first());
        }
        m_forwarder = std::make_unique<replay::Replayer>(settings.databasePath, m_writer.get());
        m_forwarder->setForwardRules(rules, secrets);
        m_forwarder->resumePending(QStringLiteral("forward"));
    }

    auto credentialKey = store::credentialKey(settings.databasePath);
    if (!credentialKey) {
        stop();
        return fail(credentialKey.error());
    }
    m_ingestor = std::make_unique<Ingestor>(*m_writer, settings.routes);
    m_ingestor->setCredentialKey(*credentialKey);
    m_ingestor->setResponseRulesEnabled(settings.responseRulesEnabled);
    m_ingestor->onCommitted = [this] {
        ++m_changes;
        countCommit();
    };
    m_ingestor->onAnswered = settings.onRequest;
    m_ingestor->onReadEmail = [this](qint64 event, qint64 delivery) { m_post->enqueue(event, delivery); };
    m_ingestor->onAccepted = [this](qint64 event, qint64 delivery) {
        if (m_forwarder)
            m_forwarder->forwardAccepted(event, delivery);
    };

    m_listener = std::make_unique<http::ListenerThread>();
    auto urls = m_listener->start(m_ingestor.get(), settings.listener);
    if (!urls) {
        stop();
        return fail(urls.error());
    }
    if (!settings.configPath.isEmpty())
        watchConfig(settings.configPath);
    return urls;
}

void CaptureService::setResponseRulesEnabled(bool enabled)
{
    if (m_ingestor)
        m_ingestor->setResponseRulesEnabled(enabled);
}

bool CaptureService::responseRulesEnabled() const
{
    return m_ingestor && m_ingestor->responseRulesEnabled();
}

void CaptureService::watchConfig(const QString& path)
{
    // The file and its folder: a save replaces the file (a new inode), which a watch of the file alone loses.
    m_configWatcher = std::make_unique<QFileSystemWatcher>();
    const QString folder = QFileInfo(path).absolutePath();
    m_configWatcher->addPath(folder);
    m_configWatcher->addPath(path);
    const auto reread = [this, path] {
        if (!m_configWatcher->files().contains(path) && QFileInfo::exists(path))
            m_configWatcher->addPath(path);
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return;
        // Only this key is live; a file that does not parse (half written by an editor) changes nothing.
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return;
        const QJsonValue v = doc.object().value(u"responseRulesEnabled"_s);
        if (v.isBool() || v.isUndefined())
            setResponseRulesEnabled(v.toBool(true));
    };
    QObject::connect(m_configWatcher.get(), &QFileSystemWatcher::fileChanged, m_configWatcher.get(), reread);
    QObject::connect(m_configWatcher.get(), &QFileSystemWatcher::directoryChanged, m_configWatcher.get(), reread);
}

namespace {
constexpr qint64 kWindowMs = 100;
/// Above this many requests a second, reading the email out of each event waits (see PostProcessor). It was 5,000:
/// below that, post-processing took the writer's time and held ingest below it for good (3,000-3,600 requests a
/// second in the ingest benchmark, where the same build otherwise took 9,000-11,000). A provider's steady traffic
/// stays far below 500 a second; a retry storm or a load test is what goes past it, and the emails are read in
/// the pauses, or in groups every PostProcessor::kMaxDeferMs meanwhile.
constexpr int kBusyPerWindow = 500 * kWindowMs / 1000;
} // namespace

void CaptureService::countCommit()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_windowStartMs.load(std::memory_order_relaxed) >= kWindowMs) {
        m_previousWindowCount.store(m_windowCount.exchange(0, std::memory_order_relaxed), std::memory_order_relaxed);
        m_windowStartMs.store(now, std::memory_order_relaxed);
    }
    m_windowCount.fetch_add(1, std::memory_order_relaxed);
}

bool CaptureService::ingestBusy() const
{
    const qint64 age = QDateTime::currentMSecsSinceEpoch() - m_windowStartMs.load(std::memory_order_relaxed);
    if (age >= 2 * kWindowMs)
        return false; // nothing committed for a while
    return std::max(
               m_windowCount.load(std::memory_order_relaxed), m_previousWindowCount.load(std::memory_order_relaxed))
        >= kBusyPerWindow;
}

void CaptureService::stop()
{
    m_configWatcher.reset();
    if (m_listener)
        m_listener->stop();
    m_listener.reset();
    // Attempts not yet made stay pending in the store, for the next start.
    m_forwarder.reset();
    if (m_post)
        m_post->stop();
    // What the ingest path queued is answered (its callbacks reach the ingestor) before the ingestor goes.
    if (m_writer)
        m_writer->waitForQueued();
    m_post.reset();
    m_ingestor.reset();
    // The last holder of the process's writer stops it (committing what is queued); the window may still hold it.
    m_writer.reset();
}

} // namespace hookscope::ingest
