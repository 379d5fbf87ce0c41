#include "cli.h"

#include "core/config/config.h"
#include "core/replay/forwardrules.h"
#include "core/store/eventstore.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace hookscope::cli {

int runRoute(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"ID"_s, u"The event (with --explain)."_s);
    parser.addOptions({
        { u"explain"_s, u"Say which route and forward rule the event matched, and why."_s },
        { u"config"_s, u"Configuration file with the forward rules (default: the per-user one)."_s, u"FILE"_s },
        { u"json"_s, u"The explanation as JSON."_s },
    });
    int exit = Ok;
    if (!parseArguments(parser, arguments,
            u"Explains routing: the route an event came in on, and each forward rule in order with the conditions "
            u"that held or failed (the first match wins)."_s,
            u"  hookscope route --explain 42\n  hookscope route --explain 42 --config hookscope.json --json"_s, exit))
        return exit;
    const QString cmd = u"route"_s;
    if (!parser.isSet(u"explain"_s))
        return error(cmd, u"use: hookscope route --explain ID"_s);
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 1)
        return error(cmd, u"takes exactly one event ID"_s);
    bool ok = false;
    const qint64 id = pos.first().toLongLong(&ok);
    if (!ok || id <= 0)
        return error(cmd, u"'%1' is not an event ID (a positive integer)"_s.arg(pos.first()));
    const QString configPath
        = parser.isSet(u"config"_s) ? parser.value(u"config"_s) : replay::ForwardRules::defaultConfigPath();
    auto rules = replay::ForwardRules::load(configPath);
    if (!rules)
        return error(cmd, rules.error());

    auto store = store::EventStore::open(databasePath(parser));
    if (!store)
        return error(cmd, store.error());
    auto event = (*store)->event(id);
    if (!event)
        return error(cmd, event.error(), No);
    if (!*event)
        return error(cmd, u"no event %1"_s.arg(id));
    auto deliveries = (*store)->deliveries(id);
    if (!deliveries || deliveries->isEmpty())
        return error(cmd, u"event %1 has no deliveries"_s.arg(id), No);
    const store::DeliveryRow* chosen = &deliveries->at(store::primaryDeliveryIndex(*deliveries));
    const auto captured = replay::CapturedRequest::fromDelivery(*chosen);
    const auto context = replay::RoutingContext::fromCaptured((*event)->route, captured);
    // The routes of the configuration, to say which prefix the request's path fell under.
    QList<config::Route> routes;
    if (QFileInfo::exists(configPath)) {
        auto loaded = config::loadConfig(configPath);
        if (!loaded)
            return error(cmd, loaded.error());
        routes = loaded->routes;
    }
    const config::Route* routeMatch = config::matchRoute(routes, context.path);
    QList<replay::RuleDecision> decisions;
    const auto match = replay::ForwardRules::firstMatch(*rules, context, &decisions);
    const bool accepted = chosen->statusCode >= 200 && chosen->statusCode < 300;

    if (parser.isSet(u"json"_s)) {
        QJsonArray list;
        for (const auto& d : decisions) {
            list.append(QJsonObject { { u"index"_s, d.index }, { u"rule"_s, d.rule }, { u"matched"_s, d.matched },
                { u"to"_s, rules->at(d.index).to.toString() },
                { u"reasons"_s, QJsonArray::fromStringList(d.reasons) } });
        }
        QJsonObject o { { u"event"_s, double(id) }, { u"route"_s, (*event)->route }, { u"scheme"_s, (*event)->scheme },
            { u"path"_s, QString::fromUtf8(context.path) },
            { u"recipients"_s, QJsonArray::fromStringList(context.recipients) }, { u"subject"_s, context.subject },
            { u"accepted"_s, accepted }, { u"config"_s, configPath }, { u"rules"_s, list },
            { u"configuredRoute"_s, routeMatch ? QJsonValue(routeMatch->name) : QJsonValue() },
            { u"configuredPrefix"_s, routeMatch ? QJsonValue(routeMatch->pathPrefix) : QJsonValue() },
            { u"forwardRule"_s, match ? QJsonValue(rules->at(*match).name) : QJsonValue() },
            { u"forwardTo"_s, match ? QJsonValue(rules->at(*match).to.toString()) : QJsonValue() } };
        printOut(QJsonDocument(o).toJson(QJsonDocument::Indented));
        return Ok;
    }
    QString out;
    out += u"event %1: %2 %3\n"_s.arg(id).arg(chosen->method, chosen->target);
    out += u"route: %1 (scheme %2)\n"_s.arg((*event)->route, (*event)->scheme.isEmpty() ? u"-"_s : (*event)->scheme);
    if (routeMatch)
        out += u"       the configuration sends %1 to route %2: its prefix %3 is the longest that matches%4\n"_s.arg(
            QString::fromUtf8(context.path), routeMatch->name, routeMatch->pathPrefix,
            routeMatch->name == (*event)->route ? QString()
                                                : u" (the event was captured under another configuration)"_s);
    else if (!routes.isEmpty())
        out += u"       no configured prefix matches %1: captured under the first route\n"_s.arg(
            QString::fromUtf8(context.path));
    out += u"recipients: %1\nsubject: %2\n"_s.arg(
        context.recipients.isEmpty() ? u"-"_s : context.recipients.join(u", "_s),
        context.subject.isEmpty() ? u"-"_s : context.subject);
    if (rules->isEmpty()) {
        out += u"forward rules: none in %1\n"_s.arg(configPath);
    } else {
        out += u"forward rules (%1, in order, first match wins):\n"_s.arg(configPath);
        for (const auto& d : decisions) {
            out += u"  %1. %2 -> %3: %4\n"_s.arg(d.index + 1)
                       .arg(d.rule, rules->at(d.index).to.toString(), d.matched ? u"MATCH"_s : u"no match"_s);
            for (const QString& reason : d.reasons)
                out += u"       %1\n"_s.arg(reason);
        }
        for (qsizetype i = decisions.size(); i < rules->size(); ++i)
            out += u"  %1. %2: not looked at (an earlier rule matched)\n"_s.arg(i + 1).arg(rules->at(i).name);
    }
    if (match)
        out += u"=> forwarded by rule '%1' to %2%3\n"_s.arg(rules->at(*match).name, rules->at(*match).to.toString(),
            accepted ? QString() : u" (but the event was not accepted, so it is not forwarded)"_s);
    else
        out += u"=> not forwarded\n"_s;
    printOut(out);
    return Ok;
}

} // namespace hookscope::cli

HOOKSCOPE_COMMAND(route, "route", "which route and forward rule an event matched, and why", hookscope::cli::runRoute);
