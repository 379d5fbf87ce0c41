#pragma once

#include "clamdclient.h"
#include "inspection.h"
#include "scansettings.h"

#include "core/common/result.h"
#include "core/store/attachmentscans.h"

#include <QList>

#include <optional>

namespace hookscope::store {
class EventStore;
class StoreWriter;
struct AttachmentRow;
} // namespace hookscope::store

namespace hookscope::scan {

/** What one pass of scanning did. */
struct ScanOutcome {
    QList<store::AttachmentScanRow> results;
    QList<qint64> quarantined; ///< events its policy quarantined
};

/**
 * Scans stored attachments: clamd's verdict (INSTREAM), libmagic's type and the risky-content rules; stores one
 * result per attachment and applies the event's route's policy, each quarantine with its audit entry, in one writer
 * job per pass. Runs on the calling thread (the post-processor's, after the ack; or a command's).
 */
class AttachmentScanner final {
public:
    explicit AttachmentScanner(ScanSettings settings);

    /** One attachment's result (no store involved); `database` is clamd's VERSION, or empty when not reached. */
    store::AttachmentScanRow scan(const store::AttachmentRow& attachment, const QByteArray& data,
        const QString& database, bool clamdReachable) const;

    /**
     * Scans every stored attachment of `events` (read on `reader`, the calling thread's connection), then writes the
     * results and the policy's quarantines through `writer` and waits for the commit. Events without attachments are
     * skipped; an event already quarantined keeps its reason.
     */
    Result<ScanOutcome> scanEvents(store::EventStore& reader, store::StoreWriter& writer, const QList<qint64>& events);

    const ScanSettings& settings() const { return m_settings; }

private:
    ScanSettings m_settings;
    std::optional<ClamdClient> m_client;
};

} // namespace hookscope::scan
