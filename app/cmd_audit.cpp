#include "cli.h"

#include "core/replay/auditlog.h"
#include "core/store/eventstore.h"
#include "core/store/records.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace hookscope::cli {

int runAudit(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addOptions({
        { u"json"_s, u"One JSON array, newest first."_s },
        { u"event"_s, u"Only this event's entries."_s, u"ID"_s },
        { u"limit"_s, u"At most N entries (default 0: all)."_s, u"N"_s },
    });
    int exit = Ok;
    if (!parseArguments(parser, arguments,
            u"The audit log: quarantine, release, discard, restore, purge, replay, export and import, newest first."_s,
            u"  hookscope audit\n  hookscope audit --json --event 42"_s, exit))
        return exit;
    const QString cmd = u"audit"_s;
    bool ok = true;
    const qint64 event = parser.isSet(u"event"_s) ? parser.value(u"event"_s).toLongLong(&ok) : 0;
    if (!ok || event < 0)
        return error(cmd, u"--event takes an event ID"_s);
    const int limit = parser.isSet(u"limit"_s) ? parser.value(u"limit"_s).toInt(&ok) : 0;
    if (!ok || limit < 0)
        return error(cmd, u"--limit takes a number"_s);
    auto store = store::EventStore::open(databasePath(parser));
    if (!store)
        return error(cmd, store.error());
    auto entries = replay::AuditLog::read((*store)->database(), event, limit);
    if (!entries)
        return error(cmd, entries.error(), No);
    if (parser.isSet(u"json"_s)) {
        QJsonArray list;
        for (const auto& e : *entries)
            list.append(e.toJson());
        printOut(QJsonDocument(list).toJson(QJsonDocument::Indented));
        return Ok;
    }
    if (entries->isEmpty()) {
        printOut(u"the audit log is empty"_s);
        return Ok;
    }
    QString out;
    for (const auto& e : *entries) {
        QString line = u"%1  %2  %3"_s.arg(store::isoTime(e.timeUs), -24)
                           .arg(e.action, -10)
                           .arg(e.eventRowId ? u"event %1"_s.arg(e.eventRowId) : u"-"_s, -12);
        if (!e.reason.isEmpty())
            line += u"  reason "_s + e.reason;
        if (!e.note.isEmpty())
            line += u"  note \""_s + e.note + u'"';
        if (!e.details.isEmpty())
            line += u"  "_s + QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact));
        out += line + u'\n';
    }
    printOut(out);
    return Ok;
}

} // namespace hookscope::cli

HOOKSCOPE_COMMAND(audit, "audit", "the audit log", hookscope::cli::runAudit);
