#include "cli.h"

#include "core/store/eventstore.h"

#include <QCoreApplication>
#include <QTimer>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace hookscope::cli {

namespace {

/**
 * How often the store is asked whether another connection committed. PRAGMA data_version reads a counter in the
 * WAL index (shared memory): no disk read, no lock, about a microsecond, so asking 50 times a second costs nothing
 * and an arrival is seen within this interval of its commit. Watching the files instead (inotify) would wake on
 * every page the writer and the checkpointer write, and loses its watch when the -wal file is removed and made
 * again; data_version changes exactly once per commit of another connection, whichever process made it.
 */
constexpr int kCheckIntervalMs = 20;

QString secondsText(double seconds)
{
    return QString::number(seconds, 'g', 6) + u" s"_s;
}

} // namespace

int runWait(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addOptions({
        { u"json"_s, u"One JSON array of the events, the same objects as list --json."_s },
        { u"search"_s, u"The list's search: full-text over subject, addresses, text and attachment names, and ids."_s,
            u"TEXT"_s },
        { u"status"_s,
            u"Only events that are verified, failed, unverified, duplicate, quarantined, replayed or discarded."_s,
            u"S"_s },
        { u"route"_s, u"Only events of this route."_s, u"NAME"_s },
        { u"count"_s, u"How many matching events to wait for (default 1)."_s, u"N"_s },
        { u"timeout"_s, u"Seconds to wait at most (default 30; 0 waits without limit)."_s, u"SEC"_s },
        { u"since"_s, u"Count events with a store id above ID (default: the newest when wait starts)."_s, u"ID"_s },
    });
    int exit = Ok;
    if (!parseArguments(parser, arguments,
            u"Waits until N events matching the filters have arrived since it started (or since event --since), "
            u"then prints them as list does, oldest first. An event counts once its email has been read (moments "
            u"after its answer), so its subject and addresses are there and a --search on them finds it.\n"
            u"Exit status: 0 when they arrived, 1 on timeout (what did arrive is said on stderr and printed), "
            u"2 on bad usage."_s,
            u"  hookscope wait --search invoice --count 3 --timeout 10 --json\n"
            u"  hookscope wait --status failed --route stripe\n"
            u"  hookscope wait --db ci.db --since 0 --search invoice --count 3   (a fresh store: every event counts)"_s,
            exit))
        return exit;
    const QString cmd = u"wait"_s;
    if (!parser.positionalArguments().isEmpty())
        return error(cmd, u"unexpected argument '%1'"_s.arg(parser.positionalArguments().first()));

    store::EventQuery query;
    query.status = parser.value(u"status"_s);
    if (parser.isSet(u"status"_s) && !eventStatuses().contains(query.status))
        return error(cmd, u"--status is one of %1"_s.arg(eventStatuses().join(u", "_s)));
    query.search = parser.value(u"search"_s);
    query.route = parser.value(u"route"_s);
    int count = 1;
    if (parser.isSet(u"count"_s)) {
        bool ok = false;
        count = parser.value(u"count"_s).toInt(&ok);
        if (!ok || count < 1)
            return error(cmd, u"--count takes a whole number of at least 1"_s);
    }
    double timeoutSec = 30;
    if (parser.isSet(u"timeout"_s)) {
        bool ok = false;
        timeoutSec = parser.value(u"timeout"_s).toDouble(&ok);
        if (!ok || !std::isfinite(timeoutSec) || timeoutSec < 0 || timeoutSec > 365.0 * 24 * 3600)
            return error(cmd, u"--timeout takes a number of seconds (0 waits without limit)"_s);
    }
    qint64 since = -1;
    if (parser.isSet(u"since"_s)) {
        bool ok = false;
        since = parser.value(u"since"_s).toLongLong(&ok);
        if (!ok || since < 0)
            return error(cmd, u"--since takes a store event id (0 counts every event)"_s);
    }

    auto opened = store::EventStore::open(databasePath(parser));
    if (!opened)
        return error(cmd, opened.error());
    store::EventStore& store = **opened;
    if (since < 0) {
        const auto last = store.lastEventId();
        if (!last)
            return error(cmd, last.error(), No);
        since = *last;
    }
    // The first `count` matches above `since`, in the order they arrived.
    query.afterId = since;
    query.orderBy = u"id"_s;
    query.descending = false;
    query.limit = count;
    // An event counts once what wait prints of it is complete: its email read after the ack.
    query.settledOnly = true;

    QList<store::EventRow> arrived;
    QString failure;
    bool timedOut = false;
    bool interrupted = false;
    qint64 seenVersion = -1;
    bool first = true;
    QTimer poll;
    // Re-read the matches on every commit of another connection, until the deadline: an event may start to match
    // after it arrived (its email is indexed, it is quarantined).
    const auto check = [&] {
        const qint64 version = store.dataVersion();
        if (!first && version == seenVersion && version >= 0)
            return;
        first = false;
        seenVersion = version;
        auto rows = store.list(query);
        if (!rows) {
            failure = rows.error();
            QCoreApplication::quit();
            return;
        }
        arrived = *rows;
        if (arrived.size() >= count) {
            poll.stop();
            QCoreApplication::quit();
        }
    };
    check();
    if (failure.isEmpty() && arrived.size() < count) {
        // Said once the starting point is fixed: from here on, every arrival counts.
        printErr(u"hookscope wait: waiting for %1 matching event(s) with ids above %2 (%3)"_s.arg(count).arg(since).arg(
            timeoutSec > 0 ? u"timeout "_s + secondsText(timeoutSec) : u"no timeout"_s));
        QObject::connect(&poll, &QTimer::timeout, &poll, check);
        poll.start(kCheckIntervalMs);
        QTimer deadline;
        deadline.setSingleShot(true);
        // What was seen by the deadline is the answer: a check there would let a wait that never noticed a commit
        // pass at its deadline.
        QObject::connect(&deadline, &QTimer::timeout, &deadline, [&] {
            timedOut = true;
            QCoreApplication::quit();
        });
        if (timeoutSec > 0)
            deadline.start(int(std::min(timeoutSec * 1000.0, double(std::numeric_limits<int>::max()))));
        onTerminationSignal(QCoreApplication::instance(), [&] {
            interrupted = true;
            QCoreApplication::quit();
        });
        QCoreApplication::exec();
        poll.stop();
    }
    if (!failure.isEmpty())
        return error(cmd, failure, No);

    const bool json = parser.isSet(u"json"_s);
    if (arrived.size() >= count) {
        printEvents(arrived, json);
        return Ok;
    }
    QStringList ids;
    for (const auto& e : std::as_const(arrived))
        ids << QString::number(e.id);
    const QString what = u"%1 of %2 matching event(s) arrived%3"_s.arg(arrived.size())
                             .arg(count)
                             .arg(ids.isEmpty() ? QString() : u" (ids %1)"_s.arg(ids.join(u", "_s)));
    printEvents(arrived, json);
    if (interrupted)
        return error(cmd, u"interrupted: "_s + what, No);
    Q_ASSERT(timedOut);
    return error(cmd, u"timed out after %1: %2"_s.arg(secondsText(timeoutSec), what), No);
}

} // namespace hookscope::cli

HOOKSCOPE_COMMAND(wait, "wait", "blocks until matching events arrive", hookscope::cli::runWait);
