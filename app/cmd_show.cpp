#include "cli.h"

#include "core/api/eventjson.h"
#include "core/replay/attemptlog.h"
#include "core/store/eventstore.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace hookscope::cli {

namespace {

/** `show ID --attachment N [--out FILE|-]`: the attachment's decoded bytes, to FILE exactly or stdout. */
int showAttachment(const QCommandLineParser& parser, qint64 id)
{
    bool ok = false;
    const QString given = parser.value(u"attachment"_s);
    const qint64 n = given.toLongLong(&ok);
    if (!ok || n < 0)
        return error(u"show"_s, u"--attachment takes an attachment number (0, 1, ...), not '%1'"_s.arg(given));
    const QString out = parser.isSet(u"out"_s) ? parser.value(u"out"_s) : u"-"_s;
    if (out.isEmpty())
        return error(u"show"_s, u"--out takes a file name, or - for standard output"_s);
    if (out != u"-"_s && QFileInfo(out).isDir())
        return error(u"show"_s, u"--out %1 is a folder: give the file to write"_s.arg(out));

    auto store = store::EventStore::open(databasePath(parser));
    if (!store)
        return error(u"show"_s, store.error());
    auto attachment = api::eventAttachment(**store, id, n);
    if (!attachment)
        return error(u"show"_s, attachment.error(), No);
    switch (attachment->found) {
    case api::AttachmentBytes::Found::NoEvent:
        return error(u"show"_s, u"no event %1"_s.arg(id));
    case api::AttachmentBytes::Found::NoAttachment:
        return error(u"show"_s, u"event %1 has no attachment %2"_s.arg(id).arg(n));
    case api::AttachmentBytes::Found::NoBytes:
        return error(
            u"show"_s, u"attachment %1 of event %2 was declared by the payload without its bytes"_s.arg(n).arg(id), No);
    case api::AttachmentBytes::Found::Yes:
        break;
    }
    const QByteArray& bytes = attachment->data;
    if (out == u"-"_s) {
        if (!bytes.isEmpty() && std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout) != size_t(bytes.size()))
            return error(u"show"_s, u"cannot write to standard output"_s, No);
        std::fflush(stdout);
        return Ok;
    }
    // The name given, nothing else: never one derived from the sender's file name.
    QSaveFile file(out);
    if (!file.open(QIODevice::WriteOnly))
        return error(u"show"_s, u"cannot write %1: %2"_s.arg(out, file.errorString()));
    if (file.write(bytes) != bytes.size() || !file.commit())
        return error(u"show"_s, u"cannot write %1: %2"_s.arg(out, file.errorString()), No);
    return Ok;
}

} // namespace

int runShow(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"ID"_s, u"The event's id (the integer `list` shows)."_s);
    parser.addOptions({
        { u"json"_s, u"The event and its deliveries as JSON."_s },
        { u"raw"_s, u"The exact request bytes as received."_s },
        { u"body"_s, u"The exact body bytes (de-chunked)."_s },
        { u"delivery"_s, u"Which delivery --raw/--body/--json read (1-based; default the first)."_s, u"N"_s },
        { u"attachment"_s,
            u"The decoded bytes of the email's attachment N (0-based, the order of email.attachments in --json)."_s,
            u"N"_s },
        { u"out"_s, u"Where --attachment writes: FILE (replaced), or - for standard output (the default)."_s,
            u"FILE"_s },
    });
    int exit = Ok;
    if (!parseArguments(parser, arguments, u"Shows one event with its deliveries."_s,
            u"  hookscope show 42\n  hookscope show 42 --json\n  hookscope show 42 --body > body.json\n"
            u"  hookscope show 42 --raw --delivery 2 > request.bin\n"
            u"  hookscope show 42 --json | jq '.email.attachments'\n"
            u"  hookscope show 42 --attachment 0 --out invoice.pdf"_s,
            exit))
        return exit;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 1)
        return error(u"show"_s, u"takes exactly one event ID"_s);
    bool ok = false;
    const qint64 id = pos.first().toLongLong(&ok);
    if (!ok || id <= 0)
        return error(u"show"_s, u"'%1' is not an event ID (a positive integer)"_s.arg(pos.first()));
    int modes = int(parser.isSet(u"json"_s)) + int(parser.isSet(u"raw"_s)) + int(parser.isSet(u"body"_s))
        + int(parser.isSet(u"attachment"_s));
    if (modes > 1)
        return error(u"show"_s, u"choose one of --json, --raw, --body and --attachment"_s);
    if (parser.isSet(u"out"_s) && !parser.isSet(u"attachment"_s))
        return error(u"show"_s, u"--out goes with --attachment"_s);
    if (parser.isSet(u"attachment"_s))
        return showAttachment(parser, id);
    int seq = 1;
    if (parser.isSet(u"delivery"_s)) {
        seq = parser.value(u"delivery"_s).toInt(&ok);
        if (!ok || seq < 1)
            return error(u"show"_s, u"--delivery takes a delivery number (1, 2, ...)"_s);
    }

    auto store = store::EventStore::open(databasePath(parser));
    if (!store)
        return error(u"show"_s, store.error());
    auto event = (*store)->event(id);
    if (!event)
        return error(u"show"_s, event.error(), No);
    if (!*event)
        return error(u"show"_s, u"no event %1"_s.arg(id));
    auto deliveries = (*store)->deliveries(id);
    if (!deliveries)
        return error(u"show"_s, deliveries.error(), No);
    if (seq > deliveries->size())
        return error(u"show"_s, u"event %1 has %2 deliveries, not %3"_s.arg(id).arg(deliveries->size()).arg(seq));
    const store::DeliveryRow& chosen = deliveries->at(seq - 1);

    if (parser.isSet(u"raw"_s) || parser.isSet(u"body"_s)) {
        const QByteArray bytes = parser.isSet(u"raw"_s) ? chosen.raw() : chosen.body;
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
        std::fflush(stdout);
        return Ok;
    }
    const store::EventRow& e = **event;
    // Replays, forwards and their retries: every request Hookscope itself sent for this event.
    const auto attempts = replay::AttemptLog::forEvent((*store)->database(), id);
    if (!attempts)
        return error(u"show"_s, attempts.error(), No);
    if (parser.isSet(u"json"_s)) {
        // The same object the local API answers for the event, with the email read from its payload.
        auto detail = api::eventDetailJson(**store, id, true);
        if (!detail || !*detail)
            return error(u"show"_s, detail ? u"no event %1"_s.arg(id) : detail.error(), No);
        printOut(QJsonDocument(**detail).toJson(QJsonDocument::Indented));
        return Ok;
    }
    QString out;
    out += u"Event %1  %2\n"_s.arg(e.id).arg(e.subject.isEmpty() ? e.method + u' ' + e.path : e.subject);
    out += u"  route        %1 (%2)\n"_s.arg(e.route, e.scheme);
    out += u"  status       %1%2\n"_s.arg(
        e.status, e.quarantined.isEmpty() ? QString() : u", quarantined: "_s + e.quarantined);
    out += u"  provider id  %1\n"_s.arg(e.eventId.isEmpty() ? u"-"_s : e.eventId);
    out += u"  message id   %1\n"_s.arg(e.messageId.isEmpty() ? u"-"_s : e.messageId);
    out += u"  key          %1 (from %2)\n"_s.arg(e.idempotencyKey, e.keySource);
    if (!e.fromAddress.isEmpty())
        out += u"  from         %1 %2\n"_s.arg(e.fromName, u"<"_s + e.fromAddress + u">"_s);
    out += u"  received     %1\n"_s.arg(store::isoTime(e.receivedUs));
    if (!e.flags.isEmpty())
        out += u"  flags        %1\n"_s.arg(e.flags.join(u", "_s));
    for (const auto& w : e.warnings)
        out += u"  warning      %1\n"_s.arg(w);
    out += u"Deliveries (%1, %2 duplicate):\n"_s.arg(e.deliveries).arg(e.duplicates);
    for (const auto& d : *deliveries) {
        out += u"  #%1 %2  %3 %4  from %5:%6%7  -> %8  %9%10\n"_s.arg(d.seq)
                   .arg(store::isoTime(d.receivedUs), d.method, d.target, d.peer)
                   .arg(d.peerPort)
                   .arg(d.tls ? u" (TLS)"_s : QString())
                   .arg(d.statusCode)
                   .arg(d.verifyReason, d.duplicate ? u" duplicate"_s : QString());
    }
    if (!attempts->isEmpty()) {
        out += u"Sent by Hookscope (%1 attempt(s)):\n"_s.arg(attempts->size());
        for (const auto& a : *attempts) {
            out += u"  %1 %2/%3  %4 %5  -> %6  %7 ms%8\n"_s.arg(a.kind)
                       .arg(a.attempt)
                       .arg(a.maxAttempts)
                       .arg(a.mode, a.requestUrl.isEmpty() ? a.target : a.requestUrl)
                       .arg(a.status ? QString::number(a.status) : a.state)
                       .arg(a.latencyMs)
                       .arg(a.error.isEmpty() ? QString() : u"  ("_s + a.error + u")"_s);
        }
    }
    printOut(out);
    return Ok;
}

} // namespace hookscope::cli

HOOKSCOPE_COMMAND(show, "show", "one event with its deliveries", hookscope::cli::runShow);
