#include "cli.h"

#include "core/api/localapi.h"
#include "core/api/token.h"
#include "core/config/config.h"
#include "core/config/secretstore.h"
#include "core/http/certificate.h"
#include "core/ingest/captureservice.h"
#include "core/replay/replayer.h"
#include "core/store/eventstore.h"
#include "core/verify/defaultscheme.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <functional>
#include <limits>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

bool parsePort(const QCommandLineParser& parser, const QString& name, quint16 fallback, quint16& port)
{
    if (!parser.isSet(name)) {
        port = fallback;
        return true;
    }
    bool ok = false;
    const uint value = parser.value(name).toUInt(&ok);
    if (!ok || value > 65535)
        return false;
    port = quint16(value);
    return true;
}

/** Reads a positive integer option into `value` (untouched when the option is absent). */
template<typename T> bool parsePositive(const QCommandLineParser& parser, const QString& name, T& value)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const qint64 v = parser.value(name).toLongLong(&ok);
    if (!ok || v <= 0 || v > qint64(std::numeric_limits<T>::max()))
        return false;
    value = T(v);
    return true;
}

/** The listener limits from --max-body, --max-connections, --header-timeout and --body-timeout. */
bool parseLimits(const QCommandLineParser& parser, http::Limits& limits, int& exit)
{
    const std::pair<QString, bool> checks[] = {
        { u"max-body"_s, parsePositive(parser, u"max-body"_s, limits.maxBodyBytes) },
        { u"max-connections"_s, parsePositive(parser, u"max-connections"_s, limits.maxConnections) },
        { u"header-timeout"_s, parsePositive(parser, u"header-timeout"_s, limits.headerTimeoutMs) },
        { u"body-timeout"_s, parsePositive(parser, u"body-timeout"_s, limits.bodyStallTimeoutMs) },
    };
    for (const auto& [name, ok] : checks) {
        if (!ok) {
            exit = cli::error(u"serve"_s, u"--%1 takes a positive whole number"_s.arg(name));
            return false;
        }
    }
    return true;
}

/**
 * `--log-format json`: one JSON object per line on stderr, for each answered request and each thing serve does.
 * Requests are reported on the store writer's thread right after their answer left; only the small RequestLog is
 * posted from there to the main thread, which formats and writes it, so a slow stderr never holds an answer back.
 */
namespace jsonlog {

QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

/** One line in one stdio call: lines written from several threads (Qt's messages) never interleave. */
void write(QJsonObject o, const QString& time = now())
{
    o.insert(u"time"_s, time);
    const QByteArray line = QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

QJsonObject request(const ingest::RequestLog& r)
{
    QJsonObject o {
        { u"type"_s, u"request"_s },
        { u"route"_s, r.route },
        { u"method"_s, QString::fromLatin1(r.method) },
        { u"path"_s, QString::fromUtf8(r.path) },
        { u"status"_s, r.status },
        { u"verdict"_s, r.verdict },
        { u"reason"_s, r.reason },
        { u"event"_s, r.eventRowId > 0 ? QJsonValue(double(r.eventRowId)) : QJsonValue() },
        { u"duplicate"_s, r.duplicate },
        { u"answerUs"_s, r.answerUs >= 0 ? QJsonValue(double(r.answerUs)) : QJsonValue() },
        { u"receivedAt"_s, QDateTime::fromMSecsSinceEpoch(r.receivedUs / 1000, Qt::UTC).toString(Qt::ISODateWithMs) },
    };
    if (!r.error.isEmpty())
        o.insert(u"error"_s, r.error);
    return o;
}

/// Lines posted and not yet written. When stderr stalls (a full pipe nobody reads), the backlog stops growing
/// here: further lines are counted instead, and the count is written once lines flow again.
constexpr int kMaxBacklog = 100'000;
std::atomic<int> s_backlog { 0 };
std::atomic<qint64> s_dropped { 0 };

/** Hands a line over to the main thread; never waits for it to be written. */
void post(std::function<void()> f)
{
    if (s_backlog.fetch_add(1, std::memory_order_relaxed) >= kMaxBacklog) {
        s_backlog.fetch_sub(1, std::memory_order_relaxed);
        s_dropped.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    QMetaObject::invokeMethod(
        QCoreApplication::instance(),
        [f = std::move(f)] {
            s_backlog.fetch_sub(1, std::memory_order_relaxed);
            if (const qint64 dropped = s_dropped.exchange(0, std::memory_order_relaxed))
                write({ { u"type"_s, u"dropped"_s }, { u"lines"_s, double(dropped) } });
            f();
        },
        Qt::QueuedConnection);
}

/** Qt's own warnings become log objects too, so that every stderr line stays one JSON object. */
void qtMessage(QtMsgType type, const QMessageLogContext&, const QString& message)
{
    static const char* const levels[] = { "debug", "warning", "critical", "fatal", "info" };
    write({ { u"type"_s, u"message"_s }, { u"level"_s, QString::fromLatin1(levels[qBound(0, int(type), 4)]) },
        { u"message"_s, message } });
}

} // namespace jsonlog

} // namespace

namespace hookscope::cli {

int runServe(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addOptions({
        { u"http"_s, u"HTTP port (default 8080; 0 turns it off)."_s, u"PORT"_s },
        { u"https"_s, u"HTTPS port (default 8443; 0 turns it off)."_s, u"PORT"_s },
        { u"bind"_s, u"Address to listen on (default 127.0.0.1)."_s, u"ADDR"_s },
        { u"scheme"_s, u"Signature scheme of the default route (default %1)."_s.arg(verify::defaultSchemeName()),
            u"NAME"_s },
        { u"secret"_s, u"Secret of the default route (also HOOKSCOPE_SECRET); repeat for rotation."_s, u"S"_s },
        { u"tolerance"_s, u"Timestamp window in seconds (default: the scheme's own)."_s, u"SEC"_s },
        { u"config"_s, u"Configuration file with routes."_s, u"FILE"_s },
        { u"cert"_s, u"Your own PEM certificate for HTTPS."_s, u"PEM"_s },
        { u"key"_s, u"The private key of --cert (PEM)."_s, u"PEM"_s },
        { u"durability"_s, u"normal (survives a killed process) or full (survives power loss)."_s, u"MODE"_s },
        { u"max-body"_s, u"Largest request body accepted, in bytes (default 52428800 = 50 MiB); larger ones get 413."_s,
            u"BYTES"_s },
        { u"max-connections"_s, u"Concurrent connections served (default 256); more get 503."_s, u"N"_s },
        { u"header-timeout"_s, u"Time for a request's line and headers to arrive (default 10000); then 408."_s,
            u"MS"_s },
        { u"body-timeout"_s, u"Longest pause while a body arrives (default 30000); then 408."_s, u"MS"_s },
        { u"log-format"_s,
            u"text (default: the lines below on stdout) or json: also one JSON object per line on stderr for "
            u"every request answered (time, route, method, path, status, verdict, reason, event, duplicate, "
            u"answerUs) and every action serve takes."_s,
            u"FORMAT"_s },
        { u"api"_s,
            u"Also serve the local API (JSON under /api/v1/, an event stream, /metrics) on 127.0.0.1:PORT (0: a "
            u"free port, printed); off by default. Every call needs Authorization: Bearer TOKEN (hookscope api token)."_s,
            u"PORT"_s },
        { u"api-token-file"_s, u"The API token's file (default: api-token in the data directory, made on first use)."_s,
            u"FILE"_s },
    });
    int exit = Ok;
    if (!parseArguments(parser, arguments,
            u"Runs the listener without a window: every request is verified, stored and answered."_s,
            u"  hookscope serve --secret mysecret\n"
            u"  hookscope serve --http 9000 --https 0 --db /tmp/events.db\n"
            u"  HOOKSCOPE_SECRET=s hookscope serve --bind 0.0.0.0 --cert cert.pem --key key.pem\n"
            u"  hookscope serve --secret s --log-format json 2>requests.jsonl   (one JSON object per line)"_s,
            exit))
        return exit;
    if (!parser.positionalArguments().isEmpty())
        return error(u"serve"_s, u"unexpected argument '%1'"_s.arg(parser.positionalArguments().first()));

    const QString logFormat = parser.isSet(u"log-format"_s) ? parser.value(u"log-format"_s) : u"text"_s;
    if (logFormat != u"text"_s && logFormat != u"json"_s)
        return error(u"serve"_s, u"--log-format is 'text' or 'json'"_s);
    const bool jsonLog = logFormat == u"json"_s;
    if (jsonLog)
        qInstallMessageHandler(&jsonlog::qtMessage);

    ingest::CaptureSettings settings;
    settings.databasePath = databasePath(parser);
    if (!parsePort(parser, u"http"_s, 8080, settings.listener.httpPort))
        return error(u"serve"_s, u"--http takes a port number (0-65535)"_s);
    if (!parsePort(parser, u"https"_s, 8443, settings.listener.httpsPort))
        return error(u"serve"_s, u"--https takes a port number (0-65535)"_s);
    if (parser.isSet(u"bind"_s)) {
        QHostAddress address;
        if (!address.setAddress(parser.value(u"bind"_s)))
            return error(u"serve"_s, u"--bind takes an IP address, not '%1'"_s.arg(parser.value(u"bind"_s)));
        settings.listener.bind = address;
        if (!address.isLoopback()) {
            const QString warning
                = u"listening on %1, not loopback: anyone who can reach this machine can send events."_s.arg(
                    address.toString());
            if (jsonLog)
                jsonlog::write({ { u"type"_s, u"warning"_s }, { u"message"_s, warning } });
            else
                printErr(u"warning: "_s + warning);
        }
    }
    if (parser.isSet(u"durability"_s)) {
        const QString mode = parser.value(u"durability"_s);
        if (mode == u"full"_s)
            settings.durability = store::Durability::Full;
        else if (mode != u"normal"_s)
            return error(u"serve"_s, u"--durability is 'normal' or 'full'"_s);
    }

    if (!parseLimits(parser, settings.listener.limits, exit))
        return exit;

    config::Route route;
    route.scheme = parser.isSet(u"scheme"_s) ? parser.value(u"scheme"_s) : verify::defaultSchemeName();
    if (!verify::schemeNames().contains(route.scheme))
        return error(
            u"serve"_s, u"unknown scheme '%1' (known: %2)"_s.arg(route.scheme, verify::schemeNames().join(u", "_s)));
    QStringList secrets = parser.values(u"secret"_s);
    if (secrets.isEmpty() && qEnvironmentVariableIsSet("HOOKSCOPE_SECRET"))
        secrets << qEnvironmentVariable("HOOKSCOPE_SECRET");
    for (const auto& s : secrets)
        route.secrets << s.toUtf8();
    if (parser.isSet(u"tolerance"_s)) {
        bool ok = false;
        const qint64 sec = parser.value(u"tolerance"_s).toLongLong(&ok);
        if (!ok || sec < 0)
            return error(u"serve"_s, u"--tolerance takes a number of seconds"_s);
        route.toleranceMs = sec * 1000;
    }
    // Routes from the configuration (--config, else the default file when it exists), secrets from the store.
    // The flags above still configure the default route ("/") and override its settings.
    const QString configPath = parser.isSet(u"config"_s) ? parser.value(u"config"_s) : config::defaultConfigPath();
    QString ownCertificate = parser.value(u"cert"_s);
    QString ownKey = parser.value(u"key"_s);
    if (parser.isSet(u"config"_s) || QFileInfo::exists(configPath)) {
        auto loaded = config::loadConfig(configPath);
        if (!loaded)
            return error(u"serve"_s, loaded.error());
        if (!parser.isSet(u"http"_s) && loaded->httpPort)
            settings.listener.httpPort = *loaded->httpPort;
        if (!parser.isSet(u"https"_s) && loaded->httpsPort)
            settings.listener.httpsPort = *loaded->httpsPort;
        if (!parser.isSet(u"bind"_s) && !loaded->bind.isEmpty() && !settings.listener.bind.setAddress(loaded->bind))
            return error(u"serve"_s, u"%1: listener.bind is not an IP address"_s.arg(configPath));
        if (!parser.isSet(u"cert"_s) && !parser.isSet(u"key"_s) && !loaded->certificatePath.isEmpty()) {
            ownCertificate = loaded->certificatePath;
            ownKey = loaded->keyPath;
        }
        // The file's limits, then the flags on top.
        settings.listener.limits = loaded->limits;
        if (!parseLimits(parser, settings.listener.limits, exit))
            return exit;
        printOut(u"config: "_s + configPath);
        const config::SecretStore store;
        for (config::Route configured : loaded->routes) {
            auto values = store.routeSecrets(configured.name, configured.secretNames);
            if (!values)
                return error(u"serve"_s, values.error(), No);
            configured.secrets = *values;
            if (configured.pathPrefix == u"/"_s) {
                if (parser.isSet(u"scheme"_s))
                    configured.scheme = route.scheme;
                if (!route.secrets.isEmpty())
                    configured.secrets = route.secrets;
                if (route.toleranceMs)
                    configured.toleranceMs = route.toleranceMs;
                route = configured;
            } else {
                settings.routes << configured;
                printOut(
                    u"route: %1 %2 (%3, %4 secret(s))"_s.arg(configured.name, configured.pathPrefix, configured.scheme)
                        .arg(configured.secrets.size()));
            }
        }
    }
    if (route.secrets.isEmpty()) {
        // `secret set default` (or the route's own name) applies without a configuration file too, and to a
        // file that names no route for "/".
        if (auto stored = config::SecretStore().routeSecrets(route.name, route.secretNames))
            route.secrets = *stored;
        else
            printErr(u"warning: cannot read the stored secrets: "_s + stored.error());
    }
    settings.routes.prepend(route);
    // Forward rules are read from the same file.
    settings.configPath = QFileInfo::exists(configPath) ? configPath : QString();

    if (settings.listener.httpsPort) {
        Result<http::TlsIdentity> identity = (!ownCertificate.isEmpty() || !ownKey.isEmpty())
            ? http::loadIdentity(ownCertificate, ownKey)
            : http::ensureSelfSignedIdentity(dataDirectory() + u"/tls"_s);
        if (!identity)
            return error(u"serve"_s, identity.error());
        settings.listener.tls = *identity;
    }

    if (jsonLog) {
        settings.onRequest = [](const ingest::RequestLog& r) {
            // On the writer thread: hand the record over, format and write on the main thread.
            jsonlog::post([r, time = QDateTime::fromMSecsSinceEpoch(r.answeredMs, Qt::UTC)] {
                jsonlog::write(jsonlog::request(r), time.toString(Qt::ISODateWithMs));
            });
        };
        settings.onProcessed = [](qint64 event) {
            jsonlog::post([event, time = jsonlog::now()] {
                jsonlog::write({ { u"type"_s, u"processed"_s }, { u"event"_s, double(event) } }, time);
            });
        };
    }

    // The local API: its port is settled, and the capture counted for its metrics, before anything listens.
    quint16 apiPort = 0;
    const QString apiTokenPath
        = parser.isSet(u"api-token-file"_s) ? parser.value(u"api-token-file"_s) : api::defaultTokenPath();
    std::unique_ptr<api::LocalApi> localApi;
    if (parser.isSet(u"api"_s)) {
        if (!parsePort(parser, u"api"_s, 0, apiPort))
            return error(u"serve"_s, u"--api takes a port number (0-65535; 0 picks a free one)"_s);
        if (apiPort != 0 && (apiPort == settings.listener.httpPort || apiPort == settings.listener.httpsPort))
            return error(u"serve"_s,
                u"--api %1 is a capture port: the API must have a port of its own (capture ports may be exposed "
                u"through a tunnel)"_s.arg(apiPort));
        if (auto token = api::loadOrCreateToken(apiTokenPath); !token)
            return error(u"serve"_s, token.error());
        localApi = std::make_unique<api::LocalApi>();
        localApi->instrument(settings);
    } else if (parser.isSet(u"api-token-file"_s)) {
        return error(u"serve"_s, u"--api-token-file goes with --api PORT"_s);
    }

    onTerminationSignal(QCoreApplication::instance(), [] { QCoreApplication::quit(); });
    // Past a file size limit a write then fails with EFBIG, which the store answers with 503 like a full
    // disk, instead of the signal killing the listener.
    std::signal(SIGXFSZ, SIG_IGN);
    // A store that cannot be opened (damaged, written by a newer build, not a store) is bad input: exit 2.
    if (auto checked = store::EventStore::open(settings.databasePath); !checked)
        return error(u"serve"_s, checked.error());
    ingest::CaptureService service;
    auto urls = service.start(settings);
    if (!urls)
        return error(u"serve"_s, urls.error(), No);
    if (localApi) {
        auto apiUrl = localApi->start(service, settings, apiPort, apiTokenPath);
        if (!apiUrl) {
            service.stop();
            return error(u"serve"_s, apiUrl.error(), No);
        }
        // Said before the capture URLs: whoever waits for "listening:" finds the API up too.
        printOut(u"api: %1/api/v1/ (token in %2)"_s.arg(apiUrl->toString(), apiTokenPath));
        if (jsonLog)
            jsonlog::write({ { u"type"_s, u"api"_s }, { u"url"_s, QString(apiUrl->toString() + u"/api/v1/"_s) } });
    }
    for (const QUrl& url : *urls) {
        printOut(u"listening: "_s + url.toString());
        if (jsonLog)
            jsonlog::write(
                { { u"type"_s, u"listening"_s }, { u"url"_s, url.toString() }, { u"store"_s, settings.databasePath } });
    }
    if (settings.listener.tls && settings.listener.httpsPort)
        printOut(u"certificate SHA-256: "_s + settings.listener.tls->fingerprintSha256);
    printOut(u"store: "_s + settings.databasePath);
    if (service.forwardRuleCount() > 0)
        printOut(u"forwarding: %1 rule(s)"_s.arg(service.forwardRuleCount()));
    if (auto* forwarder = service.forwarder()) {
        // One line per forward attempt, as `stripe listen --forward-to` prints them.
        QObject::connect(
            forwarder, &replay::ReplayService::attemptFinished, forwarder, [jsonLog](const replay::AttemptRow& a) {
                if (jsonLog)
                    jsonlog::write(
                        { { u"type"_s, u"forward"_s }, { u"rule"_s, a.rule }, { u"event"_s, double(a.eventRowId) },
                            { u"target"_s, a.target }, { u"status"_s, a.status ? QJsonValue(a.status) : QJsonValue() },
                            { u"attempt"_s, a.attempt }, { u"maxAttempts"_s, a.maxAttempts },
                            { u"latencyMs"_s, double(a.latencyMs) }, { u"state"_s, a.state },
                            { u"error"_s, a.error.isEmpty() ? QJsonValue() : QJsonValue(a.error) } });
                printOut(u"forward [%1] event %2 -> %3 %4 (attempt %5/%6, %7 ms)%8"_s.arg(a.rule)
                             .arg(a.eventRowId)
                             .arg(a.status ? QString::number(a.status) : u"no response"_s, a.target)
                             .arg(a.attempt)
                             .arg(a.maxAttempts)
                             .arg(a.latencyMs)
                             .arg(a.error.isEmpty() ? QString() : u": "_s + a.error));
            });
        QObject::connect(forwarder, &replay::ReplayService::message, forwarder, [jsonLog](const QString& text) {
            printOut(u"forward: "_s + text);
            if (jsonLog)
                jsonlog::write({ { u"type"_s, u"forward-message"_s }, { u"message"_s, text } });
        });
    }
    if (route.secrets.isEmpty())
        printOut(
            u"no secret set: events are stored as unverified (use --secret, HOOKSCOPE_SECRET or `hookscope secret set %1`)"_s
                .arg(route.name));

    const int rc = QCoreApplication::exec();
    if (localApi)
        localApi->stop();
    service.stop();
    if (jsonLog) {
        // What the writer and the post-processor reported before they stopped, then the last line.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::MetaCall);
        jsonlog::write({ { u"type"_s, u"stopped"_s } });
    }
    return rc;
}

} // namespace hookscope::cli

HOOKSCOPE_COMMAND(serve, "serve", "the listener without a window", hookscope::cli::runServe);
