#include "publicurl.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace hookscope::config {

namespace {

QByteArray firstListItem(const QByteArray& value)
{
    // Proxies append: the first entry is what the client used.
    const qsizetype comma = value.indexOf(',');
    return (comma < 0 ? value : value.left(comma)).trimmed();
}

} // namespace

QString signedUrl(const Route& route, const http::Delivery& delivery)
{
    const QString target = QString::fromUtf8(delivery.target.isEmpty() ? QByteArray("/") : delivery.target);
    QString scheme = delivery.tls ? u"https"_s : u"http"_s;
    QString host = QString::fromUtf8(delivery.header("Host").trimmed());
    QString base; // scheme://host[/path], without a trailing slash
    QString rest = target; // what follows `base`

    if (!route.publicUrl.isEmpty()) {
        const QUrl url(route.publicUrl);
        scheme = url.scheme();
        host = url.authority(QUrl::FullyEncoded);
        const QString basePath = url.path(QUrl::FullyEncoded);
        if (!basePath.isEmpty() && basePath != u"/"_s) {
            // The public URL names the route's own address: the part of the target below the prefix follows it.
            QString prefix = route.pathPrefix;
            if (prefix.endsWith(u'/'))
                prefix.chop(1);
            rest = target.startsWith(prefix) ? target.mid(prefix.size()) : target;
            QString path = basePath;
            if (path.endsWith(u'/') && (rest.startsWith(u'/') || rest.startsWith(u'?')))
                path.chop(1);
            base = scheme + u"://"_s + host + path;
        }
    }
    if (route.trustForwarded) {
        const QByteArray proto = firstListItem(delivery.header("X-Forwarded-Proto"));
        const QByteArray fwdHost = firstListItem(delivery.header("X-Forwarded-Host"));
        if (!proto.isEmpty())
            scheme = QString::fromLatin1(proto).toLower();
        if (!fwdHost.isEmpty())
            host = QString::fromUtf8(fwdHost);
        if (!base.isEmpty()) {
            const qsizetype pathStart = base.indexOf(u'/', base.indexOf(u"://"_s) + 3);
            base = scheme + u"://"_s + host + (pathStart < 0 ? QString() : base.mid(pathStart));
        }
    }
    if (base.isEmpty()) {
        if (host.isEmpty())
            host = u"127.0.0.1:%1"_s.arg(delivery.localPort);
        base = scheme + u"://"_s + host;
    }
    return base + rest;
}

} // namespace hookscope::config
