#include "cli.h"

#include "core/store/eventstore.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace hookscope::cli {

const QStringList& eventStatuses()
{
    static const QStringList statuses { u"verified"_s, u"failed"_s, u"unverified"_s, u"duplicate"_s, u"quarantined"_s,
        u"replayed"_s, u"discarded"_s };
    return statuses;
}

void printEvents(const QList<store::EventRow>& rows, bool json)
{
    if (json) {
        QJsonArray array;
        for (const auto& row : rows)
            array.append(row.toJson());
        printOut(QJsonDocument(array).toJson(QJsonDocument::Indented));
        return;
    }
    if (rows.isEmpty()) {
        printOut(u"no events"_s);
        return;
    }
    QString out = u"%1  %2  %3  %4  %5  %6\n"_s.arg(u"ID"_s, 6)
                      .arg(u"RECEIVED"_s, -24)
                      .arg(u"STATUS"_s, -10)
                      .arg(u"DLV"_s, 3)
                      .arg(u"EVENT"_s, -24)
                      .arg(u"SUBJECT"_s);
    for (const auto& e : rows) {
        QString status = e.status;
        if (!e.quarantined.isEmpty())
            status += u"*"_s;
        out += u"%1  %2  %3  %4  %5  %6\n"_s.arg(e.id, 6)
                   .arg(store::isoTime(e.receivedUs), -24)
                   .arg(status, -10)
                   .arg(e.deliveries, 3)
                   .arg((e.eventId.isEmpty() ? e.idempotencyKey.left(12) : e.eventId).left(24), -24)
                   .arg(e.subject.isEmpty() ? e.method + u' ' + e.path : e.subject);
    }
    printOut(out);
}

int runList(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addOptions({
        { u"json"_s, u"One JSON array of events."_s },
        { u"status"_s,
            u"Only events that are verified, failed, unverified, duplicate, quarantined, replayed or discarded."_s,
            u"S"_s },
        { u"search"_s,
            u"Full-text search over subject, addresses, text and attachment names (\"two words\" as a phrase), "
            u"and event ids."_s,
            u"TEXT"_s },
        { u"route"_s, u"Only events of this route."_s, u"NAME"_s },
        { u"limit"_s, u"At most N events (default 100; 0 means all)."_s, u"N"_s },
    });
    int exit = Ok;
    if (!parseArguments(parser, arguments, u"Lists events, newest first."_s,
            u"  hookscope list\n  hookscope list --json --status failed\n  hookscope list --search invoice --limit 0"_s,
            exit))
        return exit;

    store::EventQuery query;
    query.status = parser.value(u"status"_s);
    if (parser.isSet(u"status"_s) && !eventStatuses().contains(query.status))
        return error(u"list"_s, u"--status is one of %1"_s.arg(eventStatuses().join(u", "_s)));
    query.search = parser.value(u"search"_s);
    query.route = parser.value(u"route"_s);
    if (parser.isSet(u"limit"_s)) {
        bool ok = false;
        query.limit = parser.value(u"limit"_s).toInt(&ok);
        if (!ok || query.limit < 0)
            return error(u"list"_s, u"--limit takes a number (0 means all)"_s);
    }

    auto store = store::EventStore::open(databasePath(parser));
    if (!store)
        return error(u"list"_s, store.error());
    auto rows = (*store)->list(query);
    if (!rows)
        return error(u"list"_s, rows.error(), No);

    printEvents(*rows, parser.isSet(u"json"_s));
    return Ok;
}

} // namespace hookscope::cli

HOOKSCOPE_COMMAND(list, "list", "events, newest first", hookscope::cli::runList);
