#pragma once

// What the ingest path hands the store's writer, made by hand: for the tests of the writer and of what it writes.

#include "core/store/ingestrecord.h"
#include "core/store/storewriter.h"
#include "core/verify/verdict.h"

#include <future>
#include <optional>

namespace hookscope::test {

/**
 * A POST to /hook on route "default" (mailparse) whose provider id and idempotency key are `key`, verified as
 * `outcome` and answered as that outcome answers unless `status` says otherwise; the body is {"id": key} unless given.
 */
inline store::IngestRecord ingestRecord(const QString& key, verify::Outcome outcome,
    const std::optional<QByteArray>& body = std::nullopt, int status = 0,
    const QByteArray& rawHead = "POST /hook HTTP/1.1\r\n\r\n")
{
    store::IngestRecord r;
    r.route = QStringLiteral("default");
    r.scheme = QStringLiteral("mailparse");
    r.idempotencyKey = key;
    r.keySource = QStringLiteral("id");
    r.providerEventId = key;
    r.verdict.outcome = outcome;
    r.verdict.reason = verify::Verdict::outcomeCode(outcome);
    r.answerStatus = status ? status : r.verdict.httpStatus();
    r.delivery.method = "POST";
    r.delivery.target = "/hook";
    r.delivery.rawHead = rawHead;
    r.delivery.body = body ? *body : "{\"id\":\"" + key.toUtf8() + "\"}";
    r.delivery.receivedUs = 1700000000000000;
    return r;
}

/** Submits `r` and waits for the writer to say how it went. */
inline store::IngestOutcome submitAndWait(store::StoreWriter& writer, store::IngestRecord r)
{
    std::promise<store::IngestOutcome> p;
    writer.submit(std::move(r), [&p](const store::IngestOutcome& o) { p.set_value(o); });
    return p.get_future().get();
}

} // namespace hookscope::test
