#pragma once

#include "core/common/result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace hookscope::store {

/** What scanning one attachment found (table `attachment_scans`, migration 009). */
struct AttachmentScanRow {
    qint64 eventRowId = 0;
    int part = 0; ///< AttachmentRow::part
    QString status; ///< clean | infected | error | not-scanned
    QString signature; ///< infected: the signature's name
    QString message; ///< error / not-scanned: why
    QString detectedType;
    QJsonArray flags; ///< [{"id", "reason"}]
    QString database; ///< clamd's VERSION when it scanned
    qint64 scannedUs = 0;

    /**
     * The `scan` object of an attachment in `show --json` and the local API: status, signature, message, flags,
     * detectedType, database, scannedAt.
     */
    QJsonObject toJson() const;
};

/** The scan results: written inside a writer job, read on any connection. */
class AttachmentScans final {
public:
    /** Writes (or replaces: a rescan) each row. On the write connection. */
    static Result<void> write(QSqlDatabase& db, const QList<AttachmentScanRow>& rows);
    /** The event's results by part; empty when none was scanned. */
    static Result<QList<AttachmentScanRow>> forEvent(QSqlDatabase& db, qint64 eventRowId);
    /**
     * Events with an attachment that was not scanned yet, or whose scan did not reach clamd (status not-scanned or
     * error), ascending: what `rescan --unscanned` scans again once clamd runs or its databases updated.
     */
    static Result<QList<qint64>> unscannedEvents(QSqlDatabase& db);
    /**
     * Sets the event's own flags (`events.flags`, `list --json`'s "flags") from its attachments' results:
     * `attachment-infected` when one is infected, `attachment-flagged` when one has a risky-content flag; removes them
     * when a rescan found nothing. On the write connection.
     */
    static Result<void> flagEvent(QSqlDatabase& db, qint64 eventRowId);
};

} // namespace hookscope::store
