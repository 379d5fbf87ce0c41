#pragma once

#include "eventbundle.h"

#include "core/common/problem.h"
#include "core/store/auditlog.h"

#include <QStringList>
#include <QUrl>

#include <atomic>
#include <functional>

namespace hookscope::store {
class EventStore;
}

namespace hookscope::exporting {

/**
 * One export, as `hookscope export` and the window's Export… ask for it.
 *
 * Where the files go (the one naming rule; "several" means more than one event, or every event):
 * - `-`: standard output (one event, or HAR); several events in a per-event format are refused;
 * - an existing folder: the files go inside it, `<id>.<ext>` per event (json, eml, sh for curl, http for raw),
 *   or one HAR file, `<id>.har` for one event and `events.har` for several;
 * - anything else, for several events in a per-event format: a folder, created, with `<id>.<ext>` per event;
 * - anything else: the file itself (one event, or the HAR of every event).
 * Files are written 0600, each replacing what was there atomically.
 */
struct ExportRequest {
    QList<qint64> eventIds; ///< in the order they are written
    bool everyEvent = false; ///< every event that is not discarded, instead of eventIds (`export --all`)
    QString format; ///< json, eml, har, curl or raw
    QString destination; ///< a file, a folder or "-", by the rule above
    ExportOptions options;
    QUrl curlTo; ///< curl: the server the script sends to instead of the captured Host (curlDestination)
    QString attachmentsFolder; ///< non-empty: the emails' attachments go there too (one subfolder per event if several)
    /// Events done so far, called on the exporting thread after each file (HAR: once, with every event).
    std::function<void(int done)> progress;
    const std::atomic<bool>* cancel = nullptr; ///< set (from any thread) to stop before the next event
};

struct ExportResult {
    int eventCount = 0;
    QStringList files; ///< written, in order ("-" for standard output)
    int attachmentCount = 0;
    QList<store::AuditEntry> audit; ///< the entries written, one per event
};

/**
 * Loads the events from `store`, renders them (one renderer per format: json, eml, curl, raw per event; HAR for
 * all), writes them by the rule above, the attachments when asked, then one audit entry per event through the
 * process's one writer of the store (StoreWriter::shared). An unknown event or several events for "-" are bad
 * input; a file, a folder or the audit log that cannot be written is a failure.
 */
UseCaseResult<ExportResult> exportEvents(store::EventStore& store, const ExportRequest& request);

} // namespace hookscope::exporting
