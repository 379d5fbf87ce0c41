#include "captureoptions.h"
#include "cli.h"

#include "core/api/localapi.h"
#include "core/api/token.h"
#include "core/config/config.h"
#include "core/ingest/capturesettings.h"
#include "core/replay/replayer.h"
#include "core/store/eventstore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <functional>

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
    const QByteArray line = cli::terminalSafe(QJsonDocument(o).toJson(QJsonDocument::Compact)) + '\n';
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
    parser.addOptions(captureOptions());
    parser.addOptions({
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

    // The listener's settings: the same use case as the window's, so the same flags mean the same thing.
    auto resolved = ingest::resolveCaptureSettings(captureOverrides(parser));
    if (!resolved)
        return captureError(u"serve"_s, resolved.error());
    for (const QString& warning : std::as_const(resolved->warnings)) {
        if (jsonLog)
            jsonlog::write({ { u"type"_s, u"warning"_s }, { u"message"_s, warning } });
        else
            printErr(u"warning: "_s + warning);
    }
    for (const QString& line : std::as_const(resolved->lines))
        printOut(line);
    ingest::CaptureSettings settings = resolved->settings;
    const config::Route& route = resolved->defaultRoute();

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
