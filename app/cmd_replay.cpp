#include "cli.h"

#include "core/actions/replayjobs.h"
#include "core/replay/blockingrun.h"
#include "core/replay/replayer.h"
#include "core/store/eventstore.h"
#include "core/store/storewriter.h"
#include "core/verify/scheme.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace hookscope::cli {

bool parseRetryOptions(const QCommandLineParser& parser, replay::RetryPolicy& policy, int& timeoutMs, QString& problem)
{
    bool ok = true;
    policy = replay::RetryPolicy();
    policy.maxAttempts = 1;
    if (parser.isSet(u"retries"_s)) {
        const int n = parser.value(u"retries"_s).toInt(&ok);
        if (!ok || n < 0 || n > 100) {
            problem = u"--retries takes a number from 0 to 100"_s;
            return false;
        }
        policy.maxAttempts = n + 1;
    }
    if (parser.isSet(u"retry-base"_s)) {
        policy.baseDelayMs = parser.value(u"retry-base"_s).toLongLong(&ok);
        if (!ok || policy.baseDelayMs < 0) {
            problem = u"--retry-base takes milliseconds"_s;
            return false;
        }
    }
    if (parser.isSet(u"retry-factor"_s)) {
        policy.factor = parser.value(u"retry-factor"_s).toDouble(&ok);
        if (!ok || policy.factor < 1) {
            problem = u"--retry-factor takes a number of at least 1"_s;
            return false;
        }
    }
    if (parser.isSet(u"retry-cap"_s)) {
        policy.maxDelayMs = parser.value(u"retry-cap"_s).toLongLong(&ok);
        if (!ok || policy.maxDelayMs < 0) {
            problem = u"--retry-cap takes milliseconds"_s;
            return false;
        }
    }
    timeoutMs = 10000;
    if (parser.isSet(u"timeout"_s)) {
        timeoutMs = parser.value(u"timeout"_s).toInt(&ok);
        if (!ok || timeoutMs <= 0) {
            problem = u"--timeout takes milliseconds (more than 0)"_s;
            return false;
        }
    }
    return true;
}

QString describeAttempt(const replay::AttemptRow& a)
{
    QString outcome = a.status ? QString::number(a.status) : u"no response"_s;
    if (!a.error.isEmpty())
        outcome += u" ("_s + a.error + u')';
    return u"event %1  attempt %2/%3  %4 %5  -> %6  %7 ms"_s.arg(a.eventRowId ? QString::number(a.eventRowId) : u"-"_s)
        .arg(a.attempt)
        .arg(a.maxAttempts)
        .arg(a.requestMethod, a.target, outcome)
        .arg(a.latencyMs);
}

QList<QCommandLineOption> retryOptions()
{
    return {
        { u"retries"_s, u"Retries after a failed attempt (default 0)."_s, u"N"_s },
        { u"retry-base"_s, u"Backoff base delay (default 1000)."_s, u"MS"_s },
        { u"retry-factor"_s, u"Backoff multiplier (default 2)."_s, u"F"_s },
        { u"retry-cap"_s, u"Longest backoff delay (default 60000)."_s, u"MS"_s },
        { u"timeout"_s, u"Per-attempt timeout (default 10000)."_s, u"MS"_s },
        { u"insecure"_s, u"Accept any TLS certificate of the target (self-signed local servers)."_s },
        { u"json"_s, u"Report runs and attempts as JSON."_s },
    };
}

int runReplay(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"ID…"_s, u"Events to replay (the integers `list` shows)."_s);
    parser.addOptions({
        { u"to"_s, u"Target URL. Without a path, the captured path and query are kept."_s, u"URL"_s },
        { u"resign"_s, u"Sign afresh (new timestamp and signature) instead of sending the captured signature."_s },
        { u"scheme"_s, u"Scheme to sign with (default: the event's own)."_s, u"NAME"_s },
        { u"secret"_s, u"Secret to sign with (also HOOKSCOPE_SECRET; default: the route's stored secret)."_s, u"S"_s },
        { u"negative"_s,
            u"Send a request the target must reject: wrong-secret, stale-timestamp or missing-signature."_s,
            u"KIND"_s },
        { u"header"_s, u"Edit: set a header (replaces same-named ones); repeatable."_s, u"'Name: value'"_s },
        { u"remove-header"_s, u"Edit: drop a header; repeatable."_s, u"NAME"_s },
        { u"body"_s, u"Edit: send this file's bytes as the body."_s, u"FILE"_s },
        { u"delivery"_s, u"Which delivery to replay (1-based; default the first accepted)."_s, u"N"_s },
        { u"concurrency"_s, u"Requests in flight at once for several events (default 4)."_s, u"N"_s },
    });
    parser.addOptions(retryOptions());
    int exit = Ok;
    if (!parseArguments(parser, arguments, u"Re-sends captured events and records every attempt."_s,
            u"  hookscope replay 42 --to http://localhost:3000/webhooks/email\n"
            u"  hookscope replay 42 43 44 --to http://localhost:3000 --resign --secret s --retries 3\n"
            u"  hookscope replay 42 --to http://localhost:3000/hook --negative stale-timestamp --secret s\n"
            u"  hookscope replay 42 --to http://localhost:3000 --header 'X-Test: 1' --body edited.json --resign"_s,
            exit))
        return exit;
    const QString cmd = u"replay"_s;
    const QStringList ids = parser.positionalArguments();
    if (ids.isEmpty())
        return error(cmd, u"give at least one event ID"_s);
    if (!parser.isSet(u"to"_s))
        return error(cmd, u"--to URL is required"_s);
    const QUrl target(parser.value(u"to"_s));
    if (!target.isValid() || (target.scheme() != u"http"_s && target.scheme() != u"https"_s) || target.host().isEmpty())
        return error(cmd, u"--to takes an http:// or https:// URL, not '%1'"_s.arg(parser.value(u"to"_s)));
    replay::RetryPolicy policy;
    int timeoutMs = 0;
    QString problem;
    if (!parseRetryOptions(parser, policy, timeoutMs, problem))
        return error(cmd, problem);
    actions::ReplayRequest request;
    request.target = target;
    request.policy = policy;
    request.timeoutMs = timeoutMs;
    request.ignoreTlsErrors = parser.isSet(u"insecure"_s);
    request.resign = parser.isSet(u"resign"_s);
    if (parser.isSet(u"negative"_s)) {
        const auto n = replay::ReplaySpec::negativeFromName(parser.value(u"negative"_s));
        if (!n || *n == replay::Negative::None)
            return error(cmd, u"--negative is wrong-secret, stale-timestamp or missing-signature"_s);
        request.negative = *n;
    }
    if (parser.isSet(u"scheme"_s) && !verify::schemeNames().contains(parser.value(u"scheme"_s)))
        return error(cmd,
            u"unknown scheme '%1' (known: %2)"_s.arg(parser.value(u"scheme"_s), verify::schemeNames().join(u", "_s)));
    request.scheme = parser.value(u"scheme"_s);
    for (const QString& h : parser.values(u"header"_s)) {
        const qsizetype colon = h.indexOf(u':');
        if (colon <= 0)
            return error(cmd, u"--header takes 'Name: value', not '%1'"_s.arg(h));
        request.setHeaders.append({ h.left(colon).trimmed().toLatin1(), h.mid(colon + 1).trimmed().toUtf8() });
    }
    for (const QString& name : parser.values(u"remove-header"_s))
        request.removeHeaders << name.toLatin1();
    if (parser.isSet(u"body"_s)) {
        QFile f(parser.value(u"body"_s));
        if (!f.open(QIODevice::ReadOnly))
            return error(cmd, u"cannot read %1: %2"_s.arg(f.fileName(), f.errorString()));
        request.body = f.readAll();
    }
    if (parser.isSet(u"delivery"_s)) {
        bool ok = false;
        request.delivery = parser.value(u"delivery"_s).toInt(&ok);
        if (!ok || request.delivery < 1)
            return error(cmd, u"--delivery takes a delivery number (1, 2, ...)"_s);
    }
    int concurrency = 4;
    if (parser.isSet(u"concurrency"_s)) {
        bool ok = false;
        concurrency = parser.value(u"concurrency"_s).toInt(&ok);
        if (!ok || concurrency < 1)
            return error(cmd, u"--concurrency takes a number of at least 1"_s);
    }
    // The one secret policy: --secret, else HOOKSCOPE_SECRET, else the event's route's stored secrets.
    const actions::SecretPolicy secrets = actions::SecretPolicy::fromCommandLine(
        parser.isSet(u"secret"_s) ? QStringList { parser.value(u"secret"_s) } : QStringList());

    const QString path = databasePath(parser);
    auto store = store::EventStore::open(path);
    if (!store)
        return error(cmd, store.error());
    QList<replay::ReplayJob> jobs;
    for (const QString& idText : ids) {
        bool ok = false;
        const qint64 id = idText.toLongLong(&ok);
        if (!ok || id <= 0)
            return error(cmd, u"'%1' is not an event ID (a positive integer)"_s.arg(idText));
        auto event = (*store)->event(id);
        if (!event)
            return error(cmd, event.error(), No);
        if (!*event)
            return error(cmd, u"no event %1"_s.arg(id));
        auto deliveries = (*store)->deliveries(id);
        if (!deliveries || deliveries->isEmpty())
            return error(cmd, u"event %1 has no deliveries"_s.arg(id));
        auto job = actions::replayJob(**event, *deliveries, request, secrets);
        if (!job)
            return error(cmd, job.error());
        jobs.append(*job);
    }
    store->reset();

    // The process's one writer: the attempts and the run's audit entry go through it.
    auto writer = store::StoreWriter::shared(path);
    if (!writer)
        return error(cmd, writer.error(), No);
    QList<replay::RunSummary> summaries;
    QJsonArray attempts;
    const bool json = parser.isSet(u"json"_s);
    {
        replay::Replayer replayer(path, writer->get());
        replayer.setConcurrency(concurrency);
        // Ctrl-C cancels the runs (in-flight attempts aborted, retries dropped) instead of killing the process.
        onTerminationSignal(&replayer, [&replayer] {
            printErr(u"cancelling…"_s);
            replayer.cancel();
        });
        if (jobs.size() > 1 && !json) {
            QObject::connect(&replayer, &replay::Replayer::progress, &replayer,
                [](int finished, int total) { printErr(u"[%1/%2]"_s.arg(finished).arg(total)); });
        }
        summaries = replay::runToCompletion(replayer, jobs, [&](const replay::AttemptRow& a) {
            if (json)
                attempts.append(a.toJson());
            else
                printOut(describeAttempt(a));
        });
    }
    writer->reset();

    bool allOk = true;
    QJsonArray runs;
    for (const auto& s : summaries) {
        allOk = allOk && s.ok;
        runs.append(QJsonObject { { u"runId"_s, s.runId }, { u"event"_s, double(s.eventRowId) },
            { u"target"_s, s.target }, { u"mode"_s, s.mode }, { u"attempts"_s, s.attempts },
            { u"status"_s, s.status ? QJsonValue(s.status) : QJsonValue() }, { u"ok"_s, s.ok },
            { u"error"_s, s.error.isEmpty() ? QJsonValue() : QJsonValue(s.error) } });
        if (!json && !s.ok)
            printErr(u"hookscope replay: event %1 not delivered: %2"_s.arg(s.eventRowId)
                         .arg(s.error.isEmpty() ? u"answered %1"_s.arg(s.status) : s.error));
    }
    if (json)
        printOut(QJsonDocument(QJsonObject { { u"runs"_s, runs }, { u"attempts"_s, attempts } })
                     .toJson(QJsonDocument::Indented));
    return allOk ? Ok : No;
}

} // namespace hookscope::cli

HOOKSCOPE_COMMAND(replay, "replay", "re-sends events, records every attempt", hookscope::cli::runReplay);
