#pragma once

#include "core/verify/defaultscheme.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace hookscope::config {

/** The answer a route gives once a request is stored; status 0 keeps the verification's own answer. */
struct RouteResponse {
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    int delayMs = 0;
};

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
