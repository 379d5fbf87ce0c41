#pragma once

#include "core/http/delivery.h"
#include "core/verify/verdict.h"

#include <QStringList>

namespace hookscope::store {

/** What the ingest path hands the writer for one request: the delivery and everything decided about it. */
struct IngestRecord {
    http::Delivery delivery;
    QString route;
    QString scheme;
    verify::Verdict verdict;
    QString idempotencyKey;
    QString keySource; ///< header name, "id", "messageId", "sha256" or "request" (see ingest::idempotencyKey)
    QString providerEventId;
    QString messageId;
    QStringList flags; ///< e.g. "malformed-payload"
    QString autoQuarantine; ///< reason code to quarantine with, empty for none
    int answerStatus = 200; ///< what will be answered once committed (0 with an answerAction)
    QByteArray answerBody;
    QString answerAction; ///< "closed" or "reset" when a response rule ends the exchange without an answer
    int answerDelayMs = 0; ///< the delay a response rule answers after
    QString answerRule; ///< the response rule that decided the answer; empty: none
    /// The verdict as stored (storedVerdict()); the writer makes it when left empty. The ingest path
    /// makes it on the listener's thread, so the writer's thread spends its time on the store alone.
    QByteArray storedVerdict;
};

/**
 * The verdict as stored with its delivery (column verdict_json): the verdict's JSON object, as CBOR since
 * schema 6 (rows written before hold JSON text; readers take both). Most schemes sign "{something}{body}":
 * then only the part before the body is stored (`canonicalPrefix`), and reads put the body back, so no
 * delivery stores its body twice.
 */
QByteArray storedVerdict(const verify::Verdict& verdict, const QByteArray& body);

/** What the writer reports back once the record's transaction committed (or failed). */
struct IngestOutcome {
    bool committed = false;
    QString error;
    qint64 eventRowId = 0;
    qint64 deliveryRowId = 0;
    bool duplicate = false;
    bool firstAccepted = false; ///< this delivery is the event's first accepted one: process it
    /**
     * Read this delivery's email after the ack: its event's first accepted delivery, or the first delivery of an
     * event that was not accepted but carries a body (store::kEmailIsRead), so that a failed event is found by its
     * subject too.
     */
    bool readEmail = false;
};

} // namespace hookscope::store
