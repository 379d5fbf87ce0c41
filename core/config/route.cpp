#include "route.h"

namespace hookscope::config {

QString responseActionName(ResponseAction action)
{
    switch (action) {
    case ResponseAction::Close:
        return QStringLiteral("close");
    case ResponseAction::Reset:
        return QStringLiteral("reset");
    case ResponseAction::Answer:
        break;
    }
    return {};
}

bool routeMatches(const Route& route, QByteArrayView path)
{
    const QByteArray prefix = route.pathPrefix.toUtf8();
    if (!path.startsWith(prefix))
        return false;
    return prefix.endsWith('/') || path.size() == prefix.size() || path.at(prefix.size()) == '/';
}

const Route* matchRoute(const QList<Route>& routes, QByteArrayView path)
{
    const Route* best = nullptr;
    for (const auto& r : routes) {
        if (routeMatches(r, path) && (!best || r.pathPrefix.size() > best->pathPrefix.size()))
            best = &r;
    }
    return best;
}

} // namespace hookscope::config
