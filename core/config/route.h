#pragma once

#include "core/verify/defaultscheme.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace hookscope::config {

/** What a response rule does instead of answering: nothing (answer), close the connection, or reset it. */
enum class ResponseAction { Answer, Close, Reset };

/** One step of a response sequence: a status (0: the verification's own answer) or an action, `times` times. */
struct ResponseStep {
    int status = 0;
    ResponseAction action = ResponseAction::Answer;
    int times = 1;
};

/**
 * The answer a route gives once a request is stored; status 0 keeps the verification's own answer. The rules
 * (a sequence per idempotency key, a seeded failure rate, a delay range, closing or resetting the connection)
 * make a receiver that fails on purpose; they apply to accepted requests only, and never before the request is
 * stored (see ingest::ResponseRules).
 */
struct RouteResponse {
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    int delayMs = 0; ///< the delay, or the least of a range ("delayMs": [min, max])
    int delayMaxMs = 0; ///< the most of a range; equal to delayMs for a single number
    /// "sequence": the Nth delivery with one idempotency key gets the Nth step (the last one repeats).
    QList<ResponseStep> sequence;
    double failureRate = 0; ///< "failureRate": the share of requests answered failureStatus (0..1)
    int failureStatus = 503;
    quint64 seed = 0; ///< "seed": the failure rate's and the delay range's choices follow from it
    ResponseAction action = ResponseAction::Answer; ///< "action": "close" or "reset" for every request
    bool hasRange() const { return delayMaxMs > delayMs; }
};

/** "close", "reset" (or "" for answering). */
QString responseActionName(ResponseAction action);

/** Where requests under a path prefix go, how they are verified and answered. */
struct Route {
    QString name = QStringLiteral("default");
    QString pathPrefix = QStringLiteral("/");
    QString scheme = verify::defaultSchemeName();
    QJsonObject schemeOptions; ///< the generic `hmac` scheme's settings
    QStringList secretNames; ///< names in the secret store; any may match (rotation)
    QList<QByteArray> secrets; ///< resolved values, never written to the configuration
    std::optional<qint64> toleranceMs;
    QString publicUrl; ///< the URL the provider signs against (Twilio, {url})
    bool trustForwarded = false; ///< honour X-Forwarded-Proto/-Host from a tunnel
    RouteResponse response;
    bool autoQuarantine = true;
    /// The payload adapter that reads the route's emails ("ses", "sendgrid", ...); empty: detected per request.
    QString payload;
    /// The route as read from the configuration, so keys this version does not know survive a save.
    QJsonObject source;
};

/** Whether `path` lies under the route's prefix (whole path segments only). */
bool routeMatches(const Route& route, QByteArrayView path);
/** The route whose prefix matches `path` longest; nullptr when none does. */
const Route* matchRoute(const QList<Route>& routes, QByteArrayView path);

} // namespace hookscope::config
