#pragma once

#include "captureservice.h"

#include "core/common/problem.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace hookscope::ingest {

/**
 * What a front end was asked on its command line (`hookscope serve` and the window take the same options):
 * each value as typed, unset when the option was not given. Checking them is the use case's job, so that
 * both front ends refuse the same input with the same sentence.
 */
struct CaptureOverrides {
    QString databasePath; ///< the store (--db, else the per-user one)
    QString dataDirectory; ///< the per-user data directory: the self-signed TLS identity lives in its `tls` folder
    std::optional<QString> http; ///< --http PORT
    std::optional<QString> https; ///< --https PORT
    std::optional<QString> bind; ///< --bind ADDR
    std::optional<QString> scheme; ///< --scheme NAME (of the default route)
    QStringList secrets; ///< --secret S, repeated for rotation
    std::optional<QString> environmentSecret; ///< HOOKSCOPE_SECRET, used when no --secret is given
    std::optional<QString> tolerance; ///< --tolerance SEC
    std::optional<QString> config; ///< --config FILE
    std::optional<QString> certificate; ///< --cert PEM
    std::optional<QString> key; ///< --key PEM
    std::optional<QString> durability; ///< --durability normal|full
    std::optional<QString> maxBody; ///< --max-body BYTES
    std::optional<QString> maxConnections; ///< --max-connections N
    std::optional<QString> headerTimeout; ///< --header-timeout MS
    std::optional<QString> bodyTimeout; ///< --body-timeout MS
    std::optional<QString> clamd; ///< --clamd SOCKET|HOST:PORT|off
};

/** The capture settings both front ends start their listener with, and what to tell the user about them. */
struct ResolvedCapture {
    /// The default route ("/") is routes.first(); the others come from the configuration file, in its order.
    CaptureSettings settings;
    QString fingerprint; ///< SHA-256 of the TLS certificate when HTTPS listens, else empty
    QStringList lines; ///< for standard output, in order: "config: PATH", then "route: …" per other route
    QStringList warnings; ///< for standard error (said after "warning: "): a listener beyond loopback, secrets unread
    bool apiInWindow = true; ///< the file's "api": the window serves the local API…
    std::optional<quint16> apiPort; ///< …on this port (unset: the usual one, else a free one)

    const config::Route& defaultRoute() const { return settings.routes.first(); }
};

/**
 * Resolves the capture settings: the flags over the configuration file (--config, else the per-user one when it
 * exists) over the defaults, the routes' secrets from the secret store, the TLS identity (--cert/--key, the
 * file's, else the self-signed one in the data directory).
 *
 * Precedence for the default route ("/"): --scheme, --secret (else HOOKSCOPE_SECRET) and --tolerance override the
 * file's route "/"; with no secret from either, the secret store's entries for the route are used. --http, --https,
 * --bind and --cert/--key override the file's listener; the file's limits apply first, the limit flags on top.
 *
 * Bad input (a malformed flag, an unknown scheme, a configuration file that cannot be read, a listener.bind that is
 * not an address, a certificate that cannot be loaded) is a Problem of kind BadInput; a configured route whose
 * secrets cannot be read is Failed. The default route's stored secrets that cannot be read are only a warning.
 */
UseCaseResult<ResolvedCapture> resolveCaptureSettings(const CaptureOverrides& overrides);

/** What differs between the capture settings a listener runs with and the same settings resolved again. */
struct CaptureChanges {
    /// One sentence per change, e.g. "HTTP port: 8080 → 9090", "route 'orders' added (/orders, stripe)".
    QStringList lines;
    /// The listener must bind again: its ports, address, certificate or limits, or clamd, changed.
    bool relisten = false;
    /// The routes (their paths, schemes, secrets, answers, policies) changed: swapped under a running listener.
    bool routes = false;
};

/**
 * Compares `running` (with its certificate's fingerprint) with `next`. Secret values are compared, never said:
 * a line says how many a route has now.
 */
CaptureChanges compareCaptureSettings(const CaptureSettings& running, const QString& runningFingerprint,
    const CaptureSettings& next, const QString& nextFingerprint);

} // namespace hookscope::ingest
