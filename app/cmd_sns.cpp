#include "cli.h"

#include "core/store/eventstore.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTimer>
#include <QUrl>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace hookscope::cli {

namespace {

/** An SNS endpoint: https://sns.<region>.amazonaws.com (or .amazonaws.com.cn). */
bool isSnsUrl(const QUrl& url)
{
    static const QRegularExpression host(u"^sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?$"_s);
    return url.scheme() == u"https"_s && host.match(url.host()).hasMatch();
}

} // namespace

int runSnsConfirm(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"ID"_s, u"The event holding an SNS SubscriptionConfirmation."_s);
    parser.addOptions({
        { u"visit"_s, u"Visit the SubscribeURL now (a GET), which confirms the subscription."_s },
        { u"any-host"_s, u"With --visit: allow a SubscribeURL that is not https://sns.<region>.amazonaws.com."_s },
        { u"json"_s, u"Print the confirmation (and the visit's answer) as JSON."_s },
    });
    int exit = Ok;
    if (!parseArguments(parser, arguments,
            u"Shows the SubscribeURL of an Amazon SNS subscription confirmation (an SES route's first request) and, "
            u"only with --visit, visits it. Hookscope never visits it on its own."_s,
            u"  hookscope sns-confirm 42\n  hookscope sns-confirm 42 --visit"_s, exit))
        return exit;
    const QString cmd = u"sns-confirm"_s;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 1)
        return error(cmd, u"takes exactly one event ID"_s);
    bool ok = false;
    const qint64 id = pos.first().toLongLong(&ok);
    if (!ok || id <= 0)
        return error(cmd, u"'%1' is not an event ID (a positive integer)"_s.arg(pos.first()));
    auto store = store::EventStore::open(databasePath(parser));
    if (!store)
        return error(cmd, store.error());
    auto message = (*store)->email(id);
    if (!message)
        return error(cmd, message.error(), No);
    if (!*message)
        return error(cmd, u"no event %1"_s.arg(id));
    const QJsonObject extra = (*message)->extra;
    if ((*message)->adapter != u"ses"_s || extra.value(u"snsType"_s).toString() != u"SubscriptionConfirmation"_s)
        return error(cmd, u"event %1 is not an SNS SubscriptionConfirmation"_s.arg(id), No);
    const QUrl url(extra.value(u"SubscribeURL"_s).toString());
    QJsonObject out { { u"event"_s, double(id) }, { u"topicArn"_s, extra.value(u"TopicArn"_s) },
        { u"subscribeUrl"_s, url.toString() }, { u"snsHost"_s, isSnsUrl(url) } };
    QString text = u"SNS subscription confirmation for topic %1\nSubscribeURL: %2\n"_s.arg(
        extra.value(u"TopicArn"_s).toString(), url.toString());
    if (!isSnsUrl(url))
        text += u"warning: the URL is not https://sns.<region>.amazonaws.com\n"_s;
    if (parser.isSet(u"visit"_s)) {
        if (!url.isValid() || (url.scheme() != u"https"_s && url.scheme() != u"http"_s))
            return error(cmd, u"the SubscribeURL is not an http(s) URL"_s, No);
        if (!isSnsUrl(url) && !parser.isSet(u"any-host"_s))
            return error(cmd,
                u"not visiting %1: not https://sns.<region>.amazonaws.com (add --any-host to visit it anyway)"_s.arg(
                    url.toString()),
                No);
        QNetworkAccessManager nam;
        QNetworkRequest request(url);
        QNetworkReply* reply = nam.get(request);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(30'000, &loop, &QEventLoop::quit);
        loop.exec();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const bool confirmed = reply->isFinished() && status >= 200 && status < 300;
        out.insert(u"visited"_s, true);
        out.insert(u"status"_s, status);
        text += confirmed ? u"visited: HTTP %1, the subscription is confirmed\n"_s.arg(status)
                          : u"visited: %1\n"_s.arg(status ? u"HTTP %1"_s.arg(status) : reply->errorString());
        reply->deleteLater();
        printOut(parser.isSet(u"json"_s) ? QString::fromUtf8(QJsonDocument(out).toJson()) : text);
        return confirmed ? Ok : No;
    }
    text += u"not visited (hookscope sns-confirm %1 --visit visits it)\n"_s.arg(id);
    printOut(parser.isSet(u"json"_s) ? QString::fromUtf8(QJsonDocument(out).toJson()) : text);
    return Ok;
}

} // namespace hookscope::cli

HOOKSCOPE_COMMAND(sns_confirm, "sns-confirm",
    "an SNS subscription confirmation's SubscribeURL, visited only with --visit", hookscope::cli::runSnsConfirm);
