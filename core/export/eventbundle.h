#pragma once

#include "core/common/result.h"
#include "core/replay/attemptrow.h"
#include "core/store/records.h"

#include <QList>

namespace hookscope::store {
class EventStore;
}

namespace hookscope::exporting {

/** An event with everything an export writes: its deliveries and the attempts made for it. */
struct EventBundle {
    store::EventRow event;
    QList<store::DeliveryRow> deliveries;
    QList<replay::AttemptRow> attempts;

    /** The delivery an export speaks for: the first accepted one, else the first. */
    const store::DeliveryRow& primary() const;
    /** Reads event `id`; fails when there is none. */
    static Result<EventBundle> load(store::EventStore& store, qint64 id);
};

/** What every format honours. Secrets configured for verification are never part of an export. */
struct ExportOptions {
    /// Captured Authorization, Proxy-Authorization and Cookie values become "[redacted]" (the default; `export
    /// --keep-auth` and the export dialog's check box turn it off).
    bool redactAuthorization = true;
};

/** Header names an export redacts with ExportOptions::redactAuthorization: Authorization, Proxy-Authorization, Cookie.
 */
bool isAuthorizationHeader(QByteArrayView name);
/** A header block (request line first) with authorization values replaced, bytes otherwise unchanged. */
QByteArray redactHead(const QByteArray& head);

} // namespace hookscope::exporting
