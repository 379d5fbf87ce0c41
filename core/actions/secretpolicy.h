#pragma once

#include "core/common/result.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

namespace hookscope::actions {

/**
 * Which secrets re-check an event on release and re-sign it on replay: one policy for the command line,
 * the window and the local API.
 *
 *  1. Secrets the user gave explicitly, first: for every event (`hookscope release|replay --secret`, else
 *     HOOKSCOPE_SECRET; the API's "secret"; the secret typed into the window's Replay dialog), or for the
 *     route the event came in on (the window's listener: its `--secret` for the default route, and each
 *     route's configured secrets as it verifies with them).
 *  2. Else the secrets of the event's route as `serve` resolves them: the route of that name in the
 *     configuration names its secrets (`secretNames`), and the secret store holds their values
 *     (SecretStore::routeSecrets); a route the configuration does not list uses the entries stored under
 *     its name ("ROUTE", then "ROUTE/…").
 *
 * An event without a route name came in on the default route ("default").
 */
class SecretPolicy final {
public:
    /** The explicit secrets for every event. */
    void setGiven(const QList<QByteArray>& secrets) { m_given = secrets; }
    /** The secrets of one route, as given or already resolved (an empty list: that route has none). */
    void setGivenForRoute(const QString& route, const QList<QByteArray>& secrets);
    /** The configuration whose routes name their secrets; empty (the default): the per-user configuration file. */
    void setConfigPath(const QString& path) { m_configPath = path; }
    /** Where the secret store keeps its file; empty (the default): the per-user config directory. */
    void setSecretStoreDirectory(const QString& directory) { m_storeDirectory = directory; }

    /**
     * The command line's explicit secrets: each `--secret` value, else HOOKSCOPE_SECRET when it is set.
     */
    static SecretPolicy fromCommandLine(const QStringList& secretOptions);

    /** Whether explicit secrets for every event were given. */
    bool hasGiven() const { return !m_given.isEmpty(); }
    /** The secrets for an event of `route`, in order (rotation: any may match); empty when there are none. */
    Result<QList<QByteArray>> secretsFor(const QString& route) const;

private:
    QList<QByteArray> m_given;
    QHash<QString, QList<QByteArray>> m_givenForRoute;
    QString m_configPath;
    QString m_storeDirectory;
};

/** The route an event came in on, by name ("default" for events stored without one). */
QString routeName(const QString& eventRoute);

} // namespace hookscope::actions
