#pragma once

#include "checkoptions.h"

#include "core/common/result.h"
#include "core/email/sampleevent.h"
#include "core/replay/exchangeresult.h"
#include "core/replay/outgoingrequest.h"
#include "core/replay/replayspec.h"
#include "core/verify/scheme.h"

#include <atomic>
#include <memory>

namespace hookscope::check {

/** One delivery a check means to send, before it is signed and framed. */
struct DeliveryPlan {
    QByteArray body; ///< the event's JSON
    QString deliveryId; ///< the scheme's delivery id (reused for a duplicate)
    qint64 signAtMs = 0; ///< the time the signature claims, in ms since the epoch (before the scheme's unit)
    replay::Negative negative = replay::Negative::None;
    http::HttpHeaders extraHeaders;
};

/**
 * What every check shares: the options, the scheme whose rules drive the checks, a fresh sample event per
 * delivery, signing through the replay request builder (as `send` and `replay --resign` sign), and sending through
 * HttpExchange. Sending blocks in a local event loop, so a check reads as a sequence; it runs on any thread that
 * has an event dispatcher (the command line's main thread, a worker QThread).
 */
class CheckContext final {
public:
    explicit CheckContext(CheckOptions options, const std::atomic_bool* cancel = nullptr);

    const CheckOptions& options() const { return m_options; }
    const verify::Scheme& scheme() const { return *m_scheme; }
    bool cancelled() const { return m_cancel && m_cancel->load(); }

    /** A new event (the sample `send` sends, with a new id), optionally with an extra attachment of `extraBytes`. */
    QByteArray eventBody(qint64 extraBytes = 0) const;
    /** A new event with a new delivery id, signed now. */
    DeliveryPlan freshDelivery(qint64 extraBytes = 0) const;
    /** The request as it goes on the wire: signed by the scheme (or negative), with Host and Content-Length. */
    Result<replay::OutgoingRequest> build(const DeliveryPlan& plan) const;
    /** Sends every request at once and waits until each was answered, failed or timed out. */
    QList<replay::ExchangeResult> exchange(const QList<replay::OutgoingRequest>& requests, int timeoutMs = 0,
        std::optional<bool> ignoreTlsErrors = std::nullopt) const;
    replay::ExchangeResult exchange(const replay::OutgoingRequest& request, int timeoutMs = 0) const
    {
        return exchange(QList<replay::OutgoingRequest> { request }, timeoutMs).first();
    }
    /** Runs the event loop for `ms` (a sender's backoff between two attempts). */
    static void pause(int ms);
    static qint64 nowMs();

private:
    CheckOptions m_options;
    std::unique_ptr<verify::Scheme> m_scheme;
    email::SampleEmail m_sample;
    const std::atomic_bool* m_cancel;
};

/** "POST /hook · X-Webhook-Signature, X-Webhook-Timestamp · body 4.2 kB", then `note` when given. */
QString describeSent(const replay::OutgoingRequest& request, const QString& note = {});
/** "401 in 3 ms: invalid signature" (the answer's first line, shortened), or the error and when it happened. */
QString describeReceived(const replay::ExchangeResult& result);
/** Bytes for a person: 812 B, 4.2 kB, 27.1 MB. */
QString byteSize(qint64 bytes);

} // namespace hookscope::check
