#pragma once

#include "retrypolicy.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QUrl>

namespace hookscope::replay {

/** What a forward rule looks at; every condition given must hold, none given matches everything. */
struct ForwardMatch {
    QString route; ///< the event's route name
    QString path; ///< path prefix, whole segments (as routes match)
    QString recipient; ///< "support@" (local part), "@example.com" (domain) or a full address, any of To/Cc
    QString subjectPrefix; ///< case-insensitive
    QByteArray headerName;
    QString headerValue; ///< empty: the header only has to be present
};

/**
 * One auto-forward rule from the configuration's `forward` array (like `stripe listen --forward-to`):
 * accepted events that match are sent to `to`, optionally re-signed, with the provider's retry policy.
 * Secrets are never in the configuration: a re-signing rule uses its route's secret, or the
 * environment variable `secretEnv` names.
 */
struct ForwardRule {
    QString name;
    QUrl to;
    ForwardMatch match;
    bool enabled = true;
    bool resign = false;
    QString scheme; ///< empty: the event's own scheme
    QString secretEnv;
    RetryPolicy retry; ///< the provider-like default: 5 attempts, 1 s base, ×2, 60 s cap
    int timeoutMs = 10000;
    bool ignoreTlsErrors = false;

    QJsonObject toJson() const;
};

} // namespace hookscope::replay
