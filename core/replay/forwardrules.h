#pragma once

#include "capturedrequest.h"
#include "forwardrule.h"

#include "core/common/result.h"

#include <QJsonArray>
#include <QList>
#include <QStringList>

#include <optional>

namespace hookscope::replay {

/** What rules are evaluated against: the event's route, the request and the email inside it. */
struct RoutingContext {
    QString route;
    QByteArray path;
    http::HttpHeaders headers;
    QStringList recipients; ///< To and Cc addresses, as the payload gives them
    QString subject;

    /** Reads recipients and subject from the payload (email::parsePayload). */
    static RoutingContext fromCaptured(const QString& route, const CapturedRequest& captured);
};

/** Why one rule matched or not. */
struct RuleDecision {
    int index = 0;
    QString rule;
    bool matched = false;
    QStringList reasons; ///< one line per condition, "path /webhooks is a prefix of /webhooks/email"
};

/**
 * The configuration's `forward` array: explicit, in order, first match wins (so a rule without
 * conditions placed last is a catch-all). The shared configuration reader keeps the array as it is
 * (unknown keys survive a save); this reads it.
 */
class ForwardRules final {
public:
    static Result<QList<ForwardRule>> fromJson(const QJsonArray& array);
    /** The `forward` array of a configuration file; an absent file or array is no rules. */
    static Result<QList<ForwardRule>> load(const QString& configPath);
    /** The configuration file the rules live in by default (config::defaultConfigPath()). */
    static QString defaultConfigPath();

    static RuleDecision evaluate(const ForwardRule& rule, const RoutingContext& context, int index = 0);
    /** The first enabled rule that matches; `explain` gets a decision for every rule looked at. */
    static std::optional<int> firstMatch(
        const QList<ForwardRule>& rules, const RoutingContext& context, QList<RuleDecision>* explain = nullptr);
};

} // namespace hookscope::replay
