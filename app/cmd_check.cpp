#include "cli.h"

#include "core/check/checkcontext.h"
#include "core/check/checksuite.h"
#include "core/check/junit.h"
#include "core/store/checkruns.h"
#include "core/store/storewriter.h"
#include "core/verify/scheme.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace hookscope::cli {

namespace {

/** --only a --only b,c: every id named, in order. */
QStringList idList(const QStringList& values)
{
    QStringList ids;
    for (const QString& value : values) {
        for (const QString& id : value.split(u',', Qt::SkipEmptyParts))
            ids << id.trimmed();
    }
    return ids;
}

bool positiveInt(const QCommandLineParser& parser, const QString& name, int& value, QString& problem)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    value = parser.value(name).toInt(&ok);
    if (!ok || value <= 0) {
        problem = u"--%1 takes a positive whole number, not '%2'"_s.arg(name, parser.value(name));
        return false;
    }
    return true;
}

QString scorecardLine(const check::CheckResult& c)
{
    return u"%1 %2 %3"_s.arg(c.id, -28).arg(c.verdictText(), -5).arg(c.received);
}

/** Records the run in the store; a store that cannot be opened only costs the comparison later. */
void storeRun(const QString& path, const check::CheckOptions& options, qint64 startedUs, const check::Scorecard& card)
{
    auto writer = store::StoreWriter::shared(path);
    if (!writer) {
        printErr(u"warning: the run is not recorded: "_s + writer.error());
        return;
    }
    const store::CheckRun run = check::storedRun(options, card, startedUs);
    auto r = (*writer)->run([run](QSqlDatabase& db) -> Result<void> {
        auto id = store::CheckRuns::append(db, run);
        if (!id)
            return fail(id.error());
        return {};
    });
    if (!r)
        printErr(u"warning: the run is not recorded: "_s + r.error());
}

} // namespace

int runCheck(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addOptions({
        { u"to"_s, u"Your receiver's URL."_s, u"URL"_s },
        { u"scheme"_s, u"Signature scheme your receiver verifies (default %1)."_s.arg(verify::defaultSchemeName()),
            u"NAME"_s },
        { u"secret"_s, u"The secret the deliveries are signed with (also HOOKSCOPE_SECRET)."_s, u"S"_s },
        { u"json"_s, u"Print the scorecard as JSON: {\"checks\": [...], \"passed\": bool}."_s },
        { u"junit"_s, u"Also write the scorecard as JUnit XML to FILE."_s, u"FILE"_s },
        { u"only"_s, u"Run only this check (repeatable, or comma-separated)."_s, u"ID"_s },
        { u"skip"_s, u"Do not run this check (repeatable, or comma-separated)."_s, u"ID"_s },
        { u"budget"_s, u"The acknowledgement budget (default 500)."_s, u"MS"_s },
        { u"count"_s, u"Deliveries of ack-latency (default 50)."_s, u"N"_s },
        { u"timeout"_s, u"Per-delivery timeout (default 30000)."_s, u"MS"_s },
        { u"probe-5xx"_s, u"Run retry-after-5xx: the endpoint answers 5xx once to X-Hookscope-Probe: fail-once."_s },
        { u"insecure"_s, u"Accept a certificate that does not verify (the https check still reports it)."_s },
        { u"no-store"_s, u"Do not record the run in the store."_s },
    });
    int exit = Ok;
    if (!parseArguments(parser, arguments,
            u"Checks your webhook receiver against the guide's rules: sends signed, unsigned, tampered, stale, "
            u"duplicate, concurrent and large deliveries and prints a scorecard.\n"
            u"Checks: %1.\n"
            u"Exit status: 0 when every applying required check passed, 1 otherwise, 2 on bad usage."_s.arg(
                check::checkIds().join(u", "_s)),
            u"  hookscope check --to http://localhost:3000/webhooks/email --secret s\n"
            u"  hookscope check --to http://localhost:3000/hook --scheme stripe --secret whsec_x --json\n"
            u"  hookscope check --to http://localhost:3000/hook --secret s --skip large-body --junit check.xml"_s,
            exit))
        return exit;
    const QString cmd = u"check"_s;
    if (!parser.positionalArguments().isEmpty())
        return error(cmd, u"unexpected argument '%1'"_s.arg(parser.positionalArguments().first()));
    if (!parser.isSet(u"to"_s))
        return error(cmd, u"--to URL is required"_s);

    check::CheckOptions options;
    options.target = QUrl(parser.value(u"to"_s), QUrl::StrictMode);
    if (parser.isSet(u"scheme"_s))
        options.scheme = parser.value(u"scheme"_s);
    options.secret = parser.value(u"secret"_s).toUtf8();
    if (options.secret.isEmpty() && qEnvironmentVariableIsSet("HOOKSCOPE_SECRET"))
        options.secret = qgetenv("HOOKSCOPE_SECRET");
    options.only = idList(parser.values(u"only"_s));
    options.skip = idList(parser.values(u"skip"_s));
    options.probe5xx = parser.isSet(u"probe-5xx"_s);
    options.insecure = parser.isSet(u"insecure"_s);
    QString problem;
    if (!positiveInt(parser, u"budget"_s, options.budgetMs, problem)
        || !positiveInt(parser, u"count"_s, options.count, problem)
        || !positiveInt(parser, u"timeout"_s, options.timeoutMs, problem))
        return error(cmd, problem);
    if (options.secret.isEmpty())
        return error(cmd, u"--secret is required (or HOOKSCOPE_SECRET): the checks sign their deliveries"_s);
    if (problem = options.problem(); !problem.isEmpty())
        return error(cmd, problem);
    if (options.only.isEmpty() == false || options.skip.isEmpty() == false) {
        bool any = false;
        for (const QString& id : check::checkIds())
            any = any || options.selected(id);
        if (!any)
            return error(cmd, u"--only and --skip leave no check to run"_s);
    }
    {
        // A secret the scheme cannot sign with is bad input, not a receiver that fails every check.
        check::CheckContext probe(options);
        if (auto request = probe.build(probe.freshDelivery()); !request)
            return error(cmd, request.error());
    }

    const bool json = parser.isSet(u"json"_s);
    const qint64 startedUs = QDateTime::currentMSecsSinceEpoch() * 1000;
    if (!json) {
        printOut(u"checking %1 as %2 would deliver (budget %3 ms)"_s
                     .arg(check::displayTarget(options.target), options.scheme)
                     .arg(options.budgetMs));
    }
    check::CheckProgress progress;
    if (!json)
        progress.finished = [](const check::CheckResult& c) {
            printOut(scorecardLine(c));
            if (c.applies && c.passed != true) {
                printOut(u"    sent: "_s + c.sent);
                printOut(u"    why:  "_s + c.why);
            }
            for (const QString& w : c.warnings)
                printOut(u"    warning: "_s + w);
        };
    const check::Scorecard card = check::runChecks(options, progress);

    if (json) {
        printOut(QJsonDocument(card.toJson()).toJson(QJsonDocument::Indented));
    } else {
        int passed = 0;
        int failed = 0;
        int na = 0;
        for (const auto& c : card.checks) {
            if (!c.applies)
                ++na;
            else if (c.passed == true)
                ++passed;
            else
                ++failed;
        }
        printOut(u"%1 passed, %2 failed, %3 not applying: %4"_s.arg(passed).arg(failed).arg(na).arg(
            card.passed() ? u"PASS"_s : u"FAIL"_s));
    }
    if (parser.isSet(u"junit"_s)) {
        QSaveFile f(parser.value(u"junit"_s));
        if (!f.open(QIODevice::WriteOnly) || f.write(check::junitXml(card, check::displayTarget(options.target))) < 0
            || !f.commit())
            printErr(u"warning: cannot write %1: %2"_s.arg(f.fileName(), f.errorString()));
    }
    if (!parser.isSet(u"no-store"_s))
        storeRun(databasePath(parser), options, startedUs, card);
    return card.passed() ? Ok : No;
}

} // namespace hookscope::cli

HOOKSCOPE_COMMAND(
    check, "check", "checks your webhook receiver against the guide's rules (a scorecard)", hookscope::cli::runCheck);
