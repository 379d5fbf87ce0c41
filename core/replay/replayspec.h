#pragma once

#include "core/http/httpheader.h"
#include "core/verify/defaultscheme.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace hookscope::replay {

/** Deliberately wrong requests, to check that a receiver rejects them. */
enum class Negative {
    None,
    WrongSecret, ///< signed with a secret that is not the configured one
    StaleTimestamp, ///< signed correctly, but an hour in the past
    MissingSignature, ///< signed, then the signature headers removed
};

/**
 * How to turn a captured request into the one that is sent: as captured, re-signed, edited first,
 * or negative. The secret is held in memory only; toJson() never writes it.
 */
struct ReplaySpec {
    bool resign = false;
    QString scheme = verify::defaultSchemeName();
    QJsonObject schemeOptions;
    QByteArray secret;
    Negative negative = Negative::None;
    std::optional<http::HttpHeaders> headers; ///< replaces the captured end-to-end headers
    std::optional<QByteArray> body; ///< replaces the captured body
    std::optional<QByteArray> method;
    /// Keeps the captured path and query even when the target URL has a path of its own.
    bool keepCapturedPath = false;

    bool edited() const { return headers.has_value() || body.has_value() || method.has_value(); }
    /** as-captured, resigned, edited, edited+resigned, negative:wrong-secret, ... */
    QString modeName() const;
    QJsonObject toJson() const;
    static ReplaySpec fromJson(const QJsonObject& o);
    static QString negativeName(Negative n);
    static std::optional<Negative> negativeFromName(const QString& name);
};

} // namespace hookscope::replay
