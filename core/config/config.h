#pragma once

#include "route.h"

#include "core/common/result.h"
#include "core/http/limits.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace hookscope::config {

/**
 * The one configuration file: listener, routes, limits. Secrets never appear in it (routes name them; the secret
 * store holds the values). Keys this version does not know are kept and written back on save.
 */
struct Config {
    std::optional<quint16> httpPort;
    std::optional<quint16> httpsPort;
    QString bind; ///< empty: the default (127.0.0.1)
    QString certificatePath; ///< your own PEM certificate for HTTPS; empty: the self-signed one
    QString keyPath; ///< its private key (PEM)
    QList<Route> routes;
    http::Limits limits;
    /// The local API the window serves while it is open ("api": {"window": true, "port": 8090}); `serve` serves
    /// it only when asked (--api PORT).
    bool apiInWindow = true;
    std::optional<quint16> apiPort;
    /// "responseRulesEnabled": false turns every route's response rules off at once (each request is answered
    /// as if its route had none); honoured while serving (see ingest::CaptureService).
    bool responseRulesEnabled = true;
    QJsonObject source; ///< the whole document as read
};

/// The local API's port when none is configured (the window; `serve --api` takes its port).
inline constexpr quint16 kDefaultApiPort = 8090;

/** `config.json` in the per-user config directory (~/.config/hookscope). */
QString defaultConfigPath();
/** The per-user config directory (`$XDG_CONFIG_HOME/hookscope`), created on demand; the window and the command
 *  line use this one folder. */
QString configDirectory();
/** The per-user data directory (`$XDG_DATA_HOME/hookscope`: the store, the TLS identity), created on demand. */
QString dataDirectory();

/**
 * Earlier builds of the window kept its store and settings one folder deeper than the command line
 * (`…/hookscope/hookscope/`), so each saw nothing of the other. Moves what is there to the one place, unless
 * the one place already has a file of that name (then the old one stays where it is and is named). Returns
 * one sentence per file moved or left, for the user.
 */
QStringList adoptWindowFoldersOfEarlierBuilds();

/** Parses a configuration; errors name the line and column of bad JSON, or the route and key at fault. */
Result<Config> parseConfig(const QByteArray& json);
Result<Config> loadConfig(const QString& path);
QByteArray serializeConfig(const Config& config);
/** Writes atomically (a temporary file renamed over the old one). */
Result<void> saveConfig(const Config& config, const QString& path);

Route routeFromJson(const QJsonObject& object);
QJsonObject routeToJson(const Route& route);

} // namespace hookscope::config
