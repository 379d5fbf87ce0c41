#include "secretpolicy.h"

#include "core/config/config.h"
#include "core/config/secretstore.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace hookscope::actions {

QString routeName(const QString& eventRoute)
{
    return eventRoute.isEmpty() ? u"default"_s : eventRoute;
}

void SecretPolicy::setGivenForRoute(const QString& route, const QList<QByteArray>& secrets)
{
    m_givenForRoute.insert(routeName(route), secrets);
}

SecretPolicy SecretPolicy::fromCommandLine(const QStringList& secretOptions)
{
    SecretPolicy policy;
    for (const QString& s : secretOptions) {
        if (!s.isEmpty())
            policy.m_given << s.toUtf8();
    }
    if (policy.m_given.isEmpty() && qEnvironmentVariableIsSet("HOOKSCOPE_SECRET"))
        policy.m_given << qgetenv("HOOKSCOPE_SECRET");
    return policy;
}

Result<QList<QByteArray>> SecretPolicy::secretsFor(const QString& eventRoute) const
{
    if (!m_given.isEmpty())
        return m_given;
    const QString route = routeName(eventRoute);
    if (auto given = m_givenForRoute.constFind(route); given != m_givenForRoute.constEnd())
        return *given;
    // As `serve` resolves the route: the names its configuration gives, the values from the secret store.
    QStringList names;
    const QString configPath = m_configPath.isEmpty() ? config::defaultConfigPath() : m_configPath;
    if (QFileInfo::exists(configPath)) {
        if (auto loaded = config::loadConfig(configPath)) {
            for (const config::Route& r : std::as_const(loaded->routes)) {
                if (r.name == route)
                    names = r.secretNames;
            }
        }
    }
    return config::SecretStore(m_storeDirectory).routeSecrets(route, names);
}

} // namespace hookscope::actions
