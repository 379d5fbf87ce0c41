#pragma once

// Delivers realistic signed events to a running listener (the screenshots program and UI tests share it).

#include "core/verify/scheme.h"
#include "ui/sampleevent.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <functional>

namespace hookscope::ui::seed {

using namespace Qt::StringLiterals;

/** Runs the event loop until `done` is true or `timeoutMs` passes; returns `done()`. */
inline bool waitUntil(const std::function<bool()>& done, int timeoutMs = 10'000)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QEventLoop loop;
        QTimer::singleShot(10, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

struct Sent {
    int status = 0;
    QByteArray body;
};

/** POSTs `body` to `url`, mailparse-signed with `secret` at `timestampMs` (unsigned when secret is empty). */
inline Sent post(const QUrl& url, const QByteArray& body, const QByteArray& secret,
    qint64 timestampMs = QDateTime::currentMSecsSinceEpoch(), const QByteArray& contentType = "application/json")
{
    static QNetworkAccessManager* network = new QNetworkAccessManager(QCoreApplication::instance());
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    request.setRawHeader("User-Agent", "Mailparse-Webhooks/2.3");
    if (!secret.isEmpty()) {
        verify::SignInput in;
        in.body = body;
        in.nowMs = timestampMs;
        in.secret = secret;
        auto signedRequest = verify::createScheme(verify::defaultSchemeName())->sign(in);
        if (signedRequest)
            for (const auto& h : signedRequest->headers)
                request.setRawHeader(h.name, h.value);
    }
    QNetworkReply* reply = network->post(request, body);
    QObject::connect(
        reply, &QNetworkReply::sslErrors, reply, [reply](const QList<QSslError>&) { reply->ignoreSslErrors(); });
    waitUntil([reply] { return reply->isFinished(); }, 30'000);
    Sent s;
    s.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    s.body = reply->readAll();
    reply->deleteLater();
    return s;
}

} // namespace hookscope::ui::seed
