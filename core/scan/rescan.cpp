#include "rescan.h"

#include "core/store/eventstore.h"
#include "core/store/storewriter.h"

using namespace Qt::StringLiterals;

namespace hookscope::scan {

UseCaseResult<ScanOutcome> rescan(
    const QString& databasePath, const ScanSettings& settings, const RescanRequest& request)
{
    auto opened = store::EventStore::open(databasePath);
    if (!opened)
        return failed(opened.error());
    store::EventStore& reader = **opened;
    QList<qint64> events;
    for (const qint64 id : request.events) {
        auto event = reader.event(id);
        if (!event)
            return failed(event.error());
        if (!*event)
            return badInput(u"no event %1"_s.arg(id));
        if (!events.contains(id))
            events << id;
    }
    if (request.unscanned) {
        auto more = store::AttachmentScans::unscannedEvents(reader.database());
        if (!more)
            return failed(more.error());
        for (const qint64 id : *more)
            if (!events.contains(id))
                events << id;
    }
    auto writer = store::StoreWriter::shared(databasePath);
    if (!writer)
        return failed(writer.error());
    AttachmentScanner scanner(settings);
    auto outcome = scanner.scanEvents(reader, **writer, events);
    if (!outcome)
        return failed(outcome.error());
    return *outcome;
}

} // namespace hookscope::scan
