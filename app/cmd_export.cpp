#include "cli.h"

#include "core/export/curl.h"
#include "core/export/exportevents.h"
#include "core/export/exportfiles.h"
#include "core/store/eventstore.h"

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace hookscope::cli {

int runExport(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"ID…"_s, u"Events to export (or --all)."_s);
    parser.addOptions({
        { u"all"_s, u"Every event that is not discarded."_s },
        { u"format"_s, u"json, eml, har, curl or raw."_s, u"FORMAT"_s },
        { u"out"_s,
            u"One event, or HAR: the file (- for stdout), or inside an existing folder <id>.<ext> (HAR of several: "
            u"events.har). Several in another format: a folder, one <id>.<ext> each."_s,
            u"PATH"_s },
        { u"keep-auth"_s,
            u"Keep captured Authorization, Proxy-Authorization and Cookie values (by default they become [redacted])."_s },
        { u"redact-auth"_s, u"Redact those values (the default; kept for scripts that pass it)."_s },
        { u"attachments"_s, u"Also save the email's attachments into this folder (sanitized names)."_s, u"DIR"_s },
        { u"to"_s,
            u"curl: send to this server (scheme://host[:port]) instead of the captured Host; the Host header then "
            u"names it. The request target stays the captured one."_s,
            u"URL"_s },
    });
    int exit = Ok;
    if (!parseArguments(parser, arguments,
            u"Writes events out, in files only their owner can read. Configured secrets are never written; captured "
            u"Authorization, Proxy-Authorization and Cookie values are redacted unless --keep-auth."_s,
            u"  hookscope export 42 --format json --out event.json\n"
            u"  hookscope export 42 43 --format eml --out emails/\n"
            u"  hookscope export --all --format har --out capture.har --keep-auth\n"
            u"  hookscope export 42 --format curl --out - | bash\n"
            u"  hookscope export 42 --format curl --to http://localhost:3000 --out replay.sh"_s,
            exit))
        return exit;
    const QString cmd = u"export"_s;
    const QStringList formats = exporting::exportFormats();
    const QString format = parser.value(u"format"_s);
    if (!formats.contains(format))
        return error(cmd, u"--format is one of %1"_s.arg(formats.join(u", "_s)));
    if (!parser.isSet(u"out"_s))
        return error(cmd, u"--out PATH is required"_s);
    const QString out = parser.value(u"out"_s);
    QUrl curlTo;
    if (parser.isSet(u"to"_s)) {
        if (format != u"curl"_s)
            return error(cmd, u"--to goes with --format curl"_s);
        auto destination = exporting::curlDestination(parser.value(u"to"_s));
        if (!destination)
            return error(cmd, destination.error());
        curlTo = *destination;
    }
    const QStringList idArgs = parser.positionalArguments();
    if (parser.isSet(u"all"_s) == !idArgs.isEmpty())
        return error(cmd, u"give event IDs or --all"_s);

    exporting::ExportRequest request;
    request.format = format;
    request.destination = out;
    request.curlTo = curlTo;
    request.everyEvent = parser.isSet(u"all"_s);
    for (const QString& a : idArgs) {
        bool ok = false;
        const qint64 id = a.toLongLong(&ok);
        if (!ok || id <= 0)
            return error(cmd, u"'%1' is not an event ID (a positive integer)"_s.arg(a));
        request.eventIds << id;
    }
    if (parser.isSet(u"keep-auth"_s) && parser.isSet(u"redact-auth"_s))
        return error(cmd, u"--keep-auth and --redact-auth contradict each other"_s);
    request.options.redactAuthorization = !parser.isSet(u"keep-auth"_s);
    request.attachmentsFolder = parser.value(u"attachments"_s);

    auto store = store::EventStore::open(databasePath(parser));
    if (!store)
        return error(cmd, store.error());
    // The same use case as the window's Export…: one naming rule, one renderer per format, one audit write.
    auto exported = exporting::exportEvents(**store, request);
    if (!exported)
        return error(cmd, exported.error().message, exported.error().isBadInput() ? BadUsage : No);
    if (out != u"-"_s) {
        printOut(u"exported %1 event(s) as %2 to %3%4"_s.arg(exported->eventCount)
                     .arg(format, exported->files.size() == 1 ? exported->files.first() : out)
                     .arg(parser.isSet(u"attachments"_s) ? u", %1 attachment(s)"_s.arg(exported->attachmentCount)
                                                         : QString()));
    }
    return Ok;
}

} // namespace hookscope::cli

HOOKSCOPE_COMMAND(export, "export", "writes events out as json, eml, har, curl or raw", hookscope::cli::runExport);
