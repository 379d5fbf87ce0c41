#include "cli.h"

#include "core/actions/eventusecases.h"
#include "core/actions/replayjobs.h"
#include "core/replay/blockingrun.h"
#include "core/replay/forwardrules.h"
#include "core/replay/replayer.h"
#include "core/store/eventstore.h"
#include "core/store/storewriter.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace hookscope::cli {

namespace {

/** Parses the one event ID and checks it exists; returns 0 after printing the error. */
qint64 eventArgument(
    const QString& cmd, const QCommandLineParser& parser, std::optional<store::EventRow>* row, int& exit)
{
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 1) {
        exit = error(cmd, u"takes exactly one event ID"_s);
        return 0;
    }
    bool ok = false;
    const qint64 id = pos.first().toLongLong(&ok);
    if (!ok || id <= 0) {
        exit = error(cmd, u"'%1' is not an event ID (a positive integer)"_s.arg(pos.first()));
        return 0;
    }
    auto store = store::EventStore::open(databasePath(parser));
    if (!store) {
        exit = error(cmd, store.error());
        return 0;
    }
    auto event = (*store)->event(id);
    if (!event) {
        exit = error(cmd, event.error(), No);
        return 0;
    }
    if (!*event) {
        exit = error(cmd, u"no event %1"_s.arg(id));
        return 0;
    }
    if (row)
        *row = *event;
    return id;
}

/** Runs `action` on the process's writer of the store; prints `done` when it committed. */
int runWrite(const QString& cmd, const QCommandLineParser& parser,
    const std::function<Result<void>(store::StoreWriter&)>& action, const QString& done)
{
    auto writer = store::StoreWriter::shared(databasePath(parser));
    if (!writer)
        return error(cmd, writer.error());
    if (auto r = action(**writer); !r)
        return error(cmd, r.error());
    printOut(done);
    return Ok;
}

} // namespace

int runQuarantine(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"ID"_s, u"The event."_s);
    parser.addOptions({
        { u"reason"_s, u"Reason code: %1."_s.arg(actions::EventActions::reasonCodes().join(u", "_s)), u"CODE"_s },
        { u"note"_s, u"Free text kept with the event and in the audit log."_s, u"TEXT"_s },
    });
    int exit = Ok;
    if (!parseArguments(parser, arguments, u"Moves an event into quarantine (audited)."_s,
            u"  hookscope quarantine 42 --reason manual --note 'looks like a test message'\n"
            u"  hookscope quarantine 42 --reason duplicate"_s,
            exit))
        return exit;
    const QString cmd = u"quarantine"_s;
    const QString reason = parser.isSet(u"reason"_s) ? parser.value(u"reason"_s) : u"manual"_s;
    if (!actions::EventActions::reasonCodes().contains(reason))
        return error(cmd,
            u"unknown reason code '%1' (known: %2)"_s.arg(reason, actions::EventActions::reasonCodes().join(u", "_s)));
    const qint64 id = eventArgument(cmd, parser, nullptr, exit);
    if (!id)
        return exit;
    const QString note = parser.value(u"note"_s);
    return runWrite(
        cmd, parser, [&](store::StoreWriter& writer) { return actions::quarantine(writer, { id }, reason, note); },
        u"event %1 quarantined: %2"_s.arg(id).arg(reason));
}

int runRelease(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"ID"_s, u"The quarantined event."_s);
    parser.addOptions({
        { u"secret"_s,
            u"Secret to re-verify with (also HOOKSCOPE_SECRET; default: the route's stored secrets); repeat for rotation."_s,
            u"S"_s },
        { u"url"_s, u"The public URL the provider signed (Twilio-style schemes)."_s, u"URL"_s },
        { u"note"_s, u"Free text for the audit log."_s, u"TEXT"_s },
        { u"replay-to"_s, u"After release, replay the event to this URL (re-signed when a secret is given)."_s,
            u"URL"_s },
        { u"json"_s, u"The re-check as JSON."_s },
    });
    int exit = Ok;
    if (!parseArguments(parser, arguments,
            u"Releases an event from quarantine: re-parses the payload and re-verifies the signature ignoring the "
            u"time window (the original skew is shown), then lifts the quarantine (audited)."_s,
            u"  hookscope release 42 --secret mysecret\n"
            u"  hookscope release 42 --secret mysecret --replay-to http://localhost:3000/webhooks/email"_s,
            exit))
        return exit;
    const QString cmd = u"release"_s;
    std::optional<store::EventRow> event;
    const qint64 id = eventArgument(cmd, parser, &event, exit);
    if (!id)
        return exit;
    if (event->quarantined.isEmpty())
        return error(cmd, u"event %1 is not quarantined"_s.arg(id));
    const actions::SecretPolicy secrets = actions::SecretPolicy::fromCommandLine(parser.values(u"secret"_s));
    auto store = store::EventStore::open(databasePath(parser));
    if (!store)
        return error(cmd, store.error());
    auto rechecked = actions::recheckForRelease(**store, { *event }, secrets, parser.value(u"url"_s));
    store->reset();
    if (!rechecked)
        return error(cmd, rechecked.error(), No);
    const actions::Recheck check = rechecked->first().recheck;

    QString report = u"event %1 (was quarantined: %2)\n"_s.arg(id).arg(event->quarantined);
    report
        += check.parsed ? u"  payload      parses\n"_s : u"  payload      does not parse: %1\n"_s.arg(check.parseError);
    if (check.verified)
        report += u"  signature    %1 (%2), time window ignored\n"_s.arg(
            verify::Verdict::outcomeCode(check.verdict.outcome), check.verdict.reason);
    else if (!check.note.isEmpty())
        report += u"  signature    not re-verified: %1\n"_s.arg(check.note);
    else
        report += u"  signature    not re-verified (no --secret)\n"_s;
    report += check.originalSkewMs ? u"  original skew %1 ms\n"_s.arg(*check.originalSkewMs)
                                   : u"  original skew unknown (no timestamp)\n"_s;
    const QString note = parser.value(u"note"_s);
    const QJsonObject details = check.toJson();
    auto writer = store::StoreWriter::shared(databasePath(parser));
    if (!writer)
        return error(cmd, writer.error());
    if (auto r = actions::applyRelease(**writer, *rechecked, note); !r)
        return error(cmd, r.error());
    if (parser.isSet(u"json"_s))
        printOut(QJsonDocument(QJsonObject { { u"event"_s, double(id) }, { u"released"_s, true },
                                   { u"wasQuarantined"_s, event->quarantined }, { u"recheck"_s, details } })
                     .toJson(QJsonDocument::Indented));
    else
        printOut(report + u"released"_s);

    if (parser.isSet(u"replay-to"_s)) {
        const QUrl target(parser.value(u"replay-to"_s));
        if (!target.isValid() || target.host().isEmpty())
            return error(cmd, u"--replay-to takes an http:// or https:// URL"_s);
        // Re-signed when the policy has a secret for the event's route (the one it was just re-checked with).
        actions::ReplayRequest request;
        request.target = target;
        request.resign = !secrets.secretsFor(event->route).value_or(QList<QByteArray>()).isEmpty();
        const QString path = databasePath(parser);
        auto reread = store::EventStore::open(path);
        if (!reread)
            return error(cmd, reread.error(), No);
        auto deliveries = (*reread)->deliveries(id);
        reread->reset();
        if (!deliveries)
            return error(cmd, deliveries.error(), No);
        auto job = actions::replayJob(*event, *deliveries, request, secrets);
        if (!job)
            return error(cmd, job.error(), No);
        QList<replay::RunSummary> summaries;
        {
            replay::Replayer replayer(path, writer->get());
            summaries = replay::runToCompletion(replayer, { *job }, [](const replay::AttemptRow& a) {
                printOut(u"replayed to %1 -> %2%3"_s.arg(a.target)
                             .arg(a.status ? QString::number(a.status) : u"no response"_s)
                             .arg(a.error.isEmpty() ? QString() : u" ("_s + a.error + u')'));
            });
        }
        if (summaries.isEmpty() || !summaries.first().ok)
            return No;
    }
    return Ok;
}

int runDiscard(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"ID"_s, u"The event."_s);
    parser.addOption({ u"note"_s, u"Free text for the audit log."_s, u"TEXT"_s });
    int exit = Ok;
    if (!parseArguments(parser, arguments,
            u"Moves an event to the bin: hidden from lists until `purge` removes it; `restore` undoes it (audited)."_s,
            u"  hookscope discard 42\n  hookscope list --status discarded"_s, exit))
        return exit;
    const qint64 id = eventArgument(u"discard"_s, parser, nullptr, exit);
    if (!id)
        return exit;
    const QString note = parser.value(u"note"_s);
    return runWrite(
        u"discard"_s, parser, [&](store::StoreWriter& writer) { return actions::discard(writer, { id }, note); },
        u"event %1 discarded"_s.arg(id));
}

int runRestore(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"ID"_s, u"The discarded event."_s);
    parser.addOption({ u"note"_s, u"Free text for the audit log."_s, u"TEXT"_s });
    int exit = Ok;
    if (!parseArguments(parser, arguments, u"Takes a discarded event back out of the bin (audited)."_s,
            u"  hookscope restore 42"_s, exit))
        return exit;
    const qint64 id = eventArgument(u"restore"_s, parser, nullptr, exit);
    if (!id)
        return exit;
    const QString note = parser.value(u"note"_s);
    return runWrite(
        u"restore"_s, parser, [&](store::StoreWriter& writer) { return actions::restore(writer, { id }, note); },
        u"event %1 restored"_s.arg(id));
}

int runPurge(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addOptions({
        { u"older-than"_s, u"Retention by age: also remove every event received more than DAYS ago."_s, u"DAYS"_s },
        { u"keep-newest"_s, u"Retention by count: also remove all but the newest N events."_s, u"N"_s },
        { u"config"_s, u"Configuration file whose \"retention\" {\"days\", \"newest\"} applies (off by default)."_s,
            u"FILE"_s },
        { u"json"_s, u"The removed event IDs as JSON."_s },
    });
    int exit = Ok;
    if (!parseArguments(parser, arguments,
            u"Removes discarded events for good, and applies retention when asked (audited)."_s,
            u"  hookscope purge\n  hookscope purge --older-than 30\n  hookscope purge --keep-newest 10000"_s, exit))
        return exit;
    const QString cmd = u"purge"_s;
    // Retention from the configuration (off unless configured), overridden by the options.
    actions::PurgeOptions options = actions::configuredRetention(
        parser.isSet(u"config"_s) ? parser.value(u"config"_s) : replay::ForwardRules::defaultConfigPath());
    bool ok = false;
    if (parser.isSet(u"older-than"_s)) {
        const int days = parser.value(u"older-than"_s).toInt(&ok);
        if (!ok || days < 0)
            return error(cmd, u"--older-than takes a number of days"_s);
        options.olderThanDays = days;
    }
    if (parser.isSet(u"keep-newest"_s)) {
        const int n = parser.value(u"keep-newest"_s).toInt(&ok);
        if (!ok || n < 0)
            return error(cmd, u"--keep-newest takes a number of events"_s);
        options.keepNewest = n;
    }
    if (!parser.positionalArguments().isEmpty())
        return error(cmd, u"unexpected argument '%1'"_s.arg(parser.positionalArguments().first()));
    auto writer = store::StoreWriter::shared(databasePath(parser));
    if (!writer)
        return error(cmd, writer.error(), No);
    auto removed = actions::purge(**writer, options);
    if (!removed)
        return error(cmd, removed.error(), No);
    if (parser.isSet(u"json"_s)) {
        QJsonArray list;
        for (qint64 id : *removed)
            list.append(double(id));
        printOut(QJsonDocument(QJsonObject { { u"purged"_s, list } }).toJson(QJsonDocument::Indented));
    } else {
        printOut(u"purged %1 event(s)"_s.arg(removed->size()));
    }
    return Ok;
}

} // namespace hookscope::cli

HOOKSCOPE_COMMAND(quarantine, "quarantine", "moves an event into quarantine", hookscope::cli::runQuarantine);
HOOKSCOPE_COMMAND(release, "release", "re-checks and releases a quarantined event", hookscope::cli::runRelease);
HOOKSCOPE_COMMAND(discard, "discard", "moves an event to the bin until purge", hookscope::cli::runDiscard);
HOOKSCOPE_COMMAND(restore, "restore", "takes a discarded event out of the bin", hookscope::cli::runRestore);
HOOKSCOPE_COMMAND(purge, "purge", "removes discarded events; applies retention", hookscope::cli::runPurge);
