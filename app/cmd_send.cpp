#include "cli.h"

#include "core/email/sampleevent.h"
#include "core/export/mimeconvert.h"
#include "core/replay/blockingrun.h"
#include "core/replay/replayer.h"
#include "core/store/storewriter.h"
#include "core/verify/scheme.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace hookscope::cli {

QList<QCommandLineOption> retryOptions();
bool parseRetryOptions(const QCommandLineParser& parser, replay::RetryPolicy& policy, int& timeoutMs, QString& problem);
QString describeAttempt(const replay::AttemptRow& a);

int runSend(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"FILE"_s, u"An .eml (parsed into the event schema) or a .json payload sent as is."_s);
    parser.addOptions({
        { u"to"_s, u"The receiver's URL."_s, u"URL"_s },
        { u"scheme"_s, u"Signature scheme (default %1)."_s.arg(verify::defaultSchemeName()), u"NAME"_s },
        { u"secret"_s, u"Secret to sign with (also HOOKSCOPE_SECRET); without one the request is unsigned."_s, u"S"_s },
        { u"sample"_s, u"Send a built-in sample event."_s },
        { u"header"_s, u"An extra header; repeatable."_s, u"'Name: value'"_s },
        { u"no-store"_s, u"Do not record the attempts in the store."_s },
    });
    parser.addOptions(retryOptions());
    int exit = Ok;
    if (!parseArguments(parser, arguments,
            u"Acts as the provider: builds an event, signs it and delivers it with retries and backoff.\n"
            u"Exit status: 0 on a 2xx answer, 1 when none came after the retries, 2 on bad usage."_s,
            u"  hookscope send --to http://localhost:3000/webhooks/email --secret s --sample\n"
            u"  hookscope send --to http://localhost:3000/webhooks/email --secret s message.eml --retries 4\n"
            u"  hookscope send --to https://localhost:8443/hook --scheme mailparse --secret s event.json --insecure"_s,
            exit))
        return exit;
    const QString cmd = u"send"_s;
    if (!parser.isSet(u"to"_s))
        return error(cmd, u"--to URL is required"_s);
    const QUrl target(parser.value(u"to"_s));
    if (!target.isValid() || (target.scheme() != u"http"_s && target.scheme() != u"https"_s) || target.host().isEmpty())
        return error(cmd, u"--to takes an http:// or https:// URL, not '%1'"_s.arg(parser.value(u"to"_s)));
    const QStringList files = parser.positionalArguments();
    if (parser.isSet(u"sample"_s) == !files.isEmpty() || files.size() > 1)
        return error(cmd, u"give either --sample or one FILE.eml / FILE.json"_s);
    const QString scheme
        = parser.value(u"scheme"_s).isEmpty() ? verify::defaultSchemeName() : parser.value(u"scheme"_s);
    if (!verify::schemeNames().contains(scheme))
        return error(cmd, u"unknown scheme '%1' (known: %2)"_s.arg(scheme, verify::schemeNames().join(u", "_s)));
    QByteArray secret = parser.value(u"secret"_s).toUtf8();
    if (secret.isEmpty() && qEnvironmentVariableIsSet("HOOKSCOPE_SECRET"))
        secret = qgetenv("HOOKSCOPE_SECRET");
    if (parser.isSet(u"scheme"_s) && secret.isEmpty())
        return error(cmd, u"--scheme needs --secret (or HOOKSCOPE_SECRET)"_s);
    replay::RetryPolicy policy;
    int timeoutMs = 0;
    QString problem;
    if (!parseRetryOptions(parser, policy, timeoutMs, problem))
        return error(cmd, problem);

    QByteArray body;
    if (parser.isSet(u"sample"_s)) {
        body = email::sampleEmail(email::newSampleEventId()).toJson();
    } else {
        QFile f(files.first());
        if (!f.open(QIODevice::ReadOnly))
            return error(cmd, u"cannot read %1: %2"_s.arg(f.fileName(), f.errorString()));
        const QByteArray bytes = f.readAll();
        const QString suffix = QFileInfo(f.fileName()).suffix().toLower();
        if (suffix == u"eml"_s || suffix == u"mime"_s || suffix == u"msg"_s) {
            auto event = exporting::eventJsonFromMime(bytes);
            if (!event)
                return error(cmd, u"%1: %2"_s.arg(f.fileName(), event.error()));
            body = QJsonDocument(*event).toJson(QJsonDocument::Compact);
        } else {
            QJsonParseError e;
            QJsonDocument::fromJson(bytes, &e);
            if (e.error != QJsonParseError::NoError)
                return error(cmd, u"%1 is not JSON: %2"_s.arg(f.fileName(), e.errorString()));
            body = bytes;
        }
    }

    replay::CapturedRequest request;
    request.method = "POST";
    request.target = "/";
    request.headers = { { "Content-Type", "application/json" },
        { "User-Agent", "Hookscope/" HOOKSCOPE_VERSION " (provider simulator)" } };
    for (const QString& h : parser.values(u"header"_s)) {
        const qsizetype colon = h.indexOf(u':');
        if (colon <= 0)
            return error(cmd, u"--header takes 'Name: value', not '%1'"_s.arg(h));
        request.headers.append({ h.left(colon).trimmed().toLatin1(), h.mid(colon + 1).trimmed().toUtf8() });
    }
    request.body = body;
    const QJsonObject payload = QJsonDocument::fromJson(body).object();
    request.deliveryId = u"msg_"_s + QUuid::createUuid().toString(QUuid::Id128).left(20);

    replay::ReplayJob job;
    job.kind = u"send"_s;
    job.captured = request;
    job.target = target;
    job.policy = policy;
    job.timeoutMs = timeoutMs;
    job.ignoreTlsErrors = parser.isSet(u"insecure"_s);
    job.spec.resign = !secret.isEmpty();
    job.spec.scheme = scheme;
    job.spec.secret = secret;
    if (secret.isEmpty())
        printErr(u"note: no --secret: the request is sent unsigned"_s);

    // The process's one writer records the attempts (none with --no-store).
    std::shared_ptr<store::StoreWriter> writer;
    const QString path = databasePath(parser);
    if (!parser.isSet(u"no-store"_s)) {
        if (auto shared = store::StoreWriter::shared(path))
            writer = *shared;
        else
            printErr(u"note: attempts are not recorded: "_s + shared.error());
    }
    const bool json = parser.isSet(u"json"_s);
    QJsonArray attempts;
    QList<replay::RunSummary> summaries;
    {
        replay::Replayer replayer(writer ? path : QString(), writer.get());
        summaries = replay::runToCompletion(replayer, { job }, [&](const replay::AttemptRow& a) {
            if (json)
                attempts.append(a.toJson(true));
            else
                printOut(describeAttempt(a));
        });
    }
    writer.reset();
    const bool ok = !summaries.isEmpty() && summaries.first().ok;
    if (json) {
        printOut(QJsonDocument(
            QJsonObject { { u"ok"_s, ok }, { u"eventId"_s, payload.value(u"id"_s) }, { u"attempts"_s, attempts } })
                     .toJson(QJsonDocument::Indented));
    } else if (!ok && !summaries.isEmpty()) {
        const auto& s = summaries.first();
        printErr(u"hookscope send: not delivered after %1 attempt(s): %2"_s.arg(s.attempts)
                     .arg(s.error.isEmpty() ? u"answered %1"_s.arg(s.status) : s.error));
    }
    return ok ? Ok : No;
}

} // namespace hookscope::cli

HOOKSCOPE_COMMAND(send, "send", "acts as the provider: builds, signs and delivers an event", hookscope::cli::runSend);
