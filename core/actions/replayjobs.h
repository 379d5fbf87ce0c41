#pragma once

#include "secretpolicy.h"

#include "core/common/result.h"
#include "core/http/httpheader.h"
#include "core/replay/replayjob.h"
#include "core/store/records.h"

#include <QList>
#include <QUrl>

#include <optional>

namespace hookscope::actions {

/** How to replay events: what `hookscope replay`, `release --replay-to`, the API and the window's dialog ask. */
struct ReplayRequest {
    QUrl target;
    int delivery = 0; ///< which delivery, 1-based; 0: the primary one (store::chosenDelivery)
    QString scheme; ///< to sign with; empty: the event's own
    bool resign = false;
    replay::Negative negative = replay::Negative::None;
    /// Edits of the captured end-to-end headers: these names dropped, then these set (replacing same-named ones).
    QList<QByteArray> removeHeaders;
    http::HttpHeaders setHeaders;
    std::optional<http::HttpHeaders> headers; ///< replaces the captured headers outright (after the edits above)
    std::optional<QByteArray> body; ///< replaces the captured body
    replay::RetryPolicy policy = replay::RetryPolicy::once();
    int timeoutMs = 10000;
    bool ignoreTlsErrors = false;
    /// What to tell the user when re-signing finds no secret for route %1 ("give --secret, …").
    QString noSecretHint = QStringLiteral("give --secret, set HOOKSCOPE_SECRET, or run hookscope secret set %1");

    /** Whether the requests are signed afresh (re-signed or negative), so a secret is needed. */
    bool signs() const { return resign || negative != replay::Negative::None; }
};

/**
 * The job that replays one stored event as `request` says: its chosen delivery as captured, edited, re-signed
 * (with the event's own scheme unless another is named) or negative. A request that signs takes the first of
 * the secrets the policy gives for the event's route, and fails without one.
 */
Result<replay::ReplayJob> replayJob(const store::EventRow& event, const QList<store::DeliveryRow>& deliveries,
    const ReplayRequest& request, const SecretPolicy& secrets);

/** One event and its deliveries, as read from the store. */
struct StoredEvent {
    store::EventRow event;
    QList<store::DeliveryRow> deliveries;
};

/** replayJob() for each event, in order; the first failure stops it. */
Result<QList<replay::ReplayJob>> replayJobs(
    const QList<StoredEvent>& events, const ReplayRequest& request, const SecretPolicy& secrets);

} // namespace hookscope::actions
