#include "cli.h"

#include "core/config/config.h"
#include "core/scan/rescan.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace hookscope::cli {

int runRescan(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addOptions({
        { u"unscanned"_s, u"Also every event with an attachment not scanned yet or that clamd did not scan."_s },
        { u"clamd"_s, u"clamd's socket or HOST:PORT (default: attachments.clamd, else /var/run/clamav/clamd.ctl)."_s,
            u"SOCKET|HOST:PORT"_s },
        { u"config"_s, u"Configuration file (clamd's address, the routes' quarantine policy)."_s, u"FILE"_s },
        { u"json"_s, u"One JSON object: results (one per attachment) and the events quarantined."_s },
    });
    parser.addPositionalArgument(u"ID"_s, u"Events to scan again."_s, u"[ID…]"_s);
    int exit = Ok;
    if (!parseArguments(parser, arguments,
            u"Scans the attachments of events again (clamd, type detection, risky content) and applies each route's "
            u"quarantine policy, audited; for when clamd's databases updated or clamd was not running."_s,
            u"  hookscope rescan 42 43\n  hookscope rescan --unscanned\n"
            u"  hookscope rescan --unscanned --clamd /run/clamav/clamd.ctl"_s,
            exit))
        return exit;
    const QString cmd = u"rescan"_s;
    scan::RescanRequest request;
    request.unscanned = parser.isSet(u"unscanned"_s);
    for (const QString& arg : parser.positionalArguments()) {
        bool ok = false;
        const qint64 id = arg.toLongLong(&ok);
        if (!ok || id <= 0)
            return error(cmd, u"'%1' is not an event ID (a positive integer)"_s.arg(arg));
        request.events << id;
    }
    if (request.events.isEmpty() && !request.unscanned)
        return error(cmd, u"takes event IDs or --unscanned"_s);

    const QString configPath = parser.isSet(u"config"_s) ? parser.value(u"config"_s) : config::defaultConfigPath();
    QJsonObject configSource;
    if (parser.isSet(u"config"_s) || QFileInfo::exists(configPath)) {
        auto loaded = config::loadConfig(configPath);
        if (!loaded)
            return error(cmd, loaded.error());
        configSource = loaded->source;
    }
    const std::optional<QString> clamd
        = parser.isSet(u"clamd"_s) ? std::optional<QString>(parser.value(u"clamd"_s)) : std::nullopt;
    auto settings = scan::resolveScanSettings(clamd, configSource);
    if (!settings)
        return error(cmd, settings.error());

    auto outcome = scan::rescan(databasePath(parser), *settings, request);
    if (!outcome)
        return error(cmd, outcome.error().message, outcome.error().isBadInput() ? BadUsage : No);
    if (parser.isSet(u"json"_s)) {
        QJsonArray results;
        for (const auto& r : outcome->results) {
            QJsonObject o = r.toJson();
            o.insert(u"event"_s, double(r.eventRowId));
            o.insert(u"part"_s, r.part);
            results.append(o);
        }
        QJsonArray quarantined;
        for (const qint64 id : outcome->quarantined)
            quarantined.append(double(id));
        printOut(QJsonDocument(QJsonObject { { u"results"_s, results }, { u"quarantined"_s, quarantined } })
                     .toJson(QJsonDocument::Indented));
        return Ok;
    }
    QString out;
    for (const auto& r : outcome->results) {
        QString line = u"event %1 attachment %2: %3"_s.arg(r.eventRowId).arg(r.part).arg(r.status);
        if (!r.signature.isEmpty())
            line += u" ("_s + r.signature + u')';
        if (!r.message.isEmpty())
            line += u" ("_s + r.message + u')';
        QStringList flags;
        for (const QJsonValue& f : r.flags)
            flags << f.toObject().value(u"id"_s).toString();
        if (!flags.isEmpty())
            line += u"; flags: "_s + flags.join(u", "_s);
        out += line + u'\n';
    }
    for (const qint64 id : outcome->quarantined)
        out += u"event %1 quarantined\n"_s.arg(id);
    if (outcome->results.isEmpty())
        out = u"no attachments to scan\n"_s;
    printOut(out);
    return Ok;
}

} // namespace hookscope::cli

HOOKSCOPE_COMMAND(rescan, "rescan", "scan attachments again (clamd, type, risky content)", hookscope::cli::runRescan);
