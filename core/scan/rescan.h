#pragma once

#include "attachmentscanner.h"

#include "core/common/problem.h"

#include <QList>
#include <QString>

namespace hookscope::scan {

/** Which events `rescan` scans again. */
struct RescanRequest {
    QList<qint64> events; ///< these (each must exist)…
    bool unscanned = false; ///< …and/or every event with an attachment not scanned yet (or not reached by clamd)
};

/**
 * Scans the attachments of the chosen events again (after clamd's databases updated, or once clamd runs), through the
 * process's writer of the store (StoreWriter::shared); the route policy applies as on arrival. `hookscope rescan` and
 * the window call it. An event that is not there is BadInput.
 */
UseCaseResult<ScanOutcome> rescan(
    const QString& databasePath, const ScanSettings& settings, const RescanRequest& request);

} // namespace hookscope::scan
