#pragma once

#include "core/email/payload.h"
#include "core/replay/attemptrow.h"
#include "core/store/attachmentscans.h"
#include "core/store/records.h"

#include <QByteArray>
#include <QList>
#include <QPair>

#include <optional>

namespace hookscope::store {
class EventStore;
}

namespace hookscope::ui {

using HeaderList = QList<QPair<QString, QString>>;

/** Everything the detail panes show about one event, read together off the GUI thread. */
struct EventDetails {
    bool found = false;
    store::EventRow event;
    QList<store::DeliveryRow> deliveries;
    std::optional<email::EmailMessage> email;
    QString emailError; ///< why the payload could not be read as email
    QList<replay::AttemptRow> attempts; ///< replays and forwards of the event, oldest first
    QList<store::AttachmentScanRow> scans; ///< what scanning its attachments found, by part (empty until scanned)

    /** The delivery the panes show first: the first accepted one, else the first. */
    int primaryDelivery() const;
};

/** Reads event `id`, its deliveries and the email in its primary delivery. */
EventDetails loadEventDetails(store::EventStore& store, qint64 id);

/** The header lines of a raw request head (request line skipped), in order, values as received. */
HeaderList parseHeaders(const QByteArray& rawHead);
/** The first header called `name` (case-insensitive); empty when absent. */
QByteArray headerValue(const QByteArray& rawHead, QByteArrayView name);
/** The request line ("POST /path HTTP/1.1"). */
QString requestLine(const QByteArray& rawHead);

} // namespace hookscope::ui
