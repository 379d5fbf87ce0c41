#include "samplesender.h"

#include "core/verify/scheme.h"

#include <QDateTime>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

SampleSender::SampleSender(QObject* parent)
    : QObject(parent)
{
}

void SampleSender::send(const QUrl& url, const QString& scheme, const QByteArray& secret, const QByteArray& body)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    request.setRawHeader("User-Agent", "Hookscope sample sender");
    QByteArray payload = body;
    if (!secret.isEmpty()) {
        auto signer = verify::createScheme(scheme.isEmpty() ? verify::defaultSchemeName() : scheme);
        if (!signer) {
            Q_EMIT finished(0, u"The scheme %1 is unknown."_s.arg(scheme));
            return;
        }
        verify::SignInput in;
        in.body = body;
        in.url = url.toString();
        in.nowMs = QDateTime::currentMSecsSinceEpoch();
        in.secret = secret;
        auto signedRequest = signer->sign(in);
        if (!signedRequest) {
            Q_EMIT finished(0, signedRequest.error());
            return;
        }
        for (const auto& h : signedRequest->headers)
            request.setRawHeader(h.name, h.value);
        if (!signedRequest->body.isEmpty())
            payload = signedRequest->body;
    }
    QNetworkReply* reply = m_network.post(request, payload);
    connect(reply, &QNetworkReply::sslErrors, reply, [reply](const QList<QSslError>&) { reply->ignoreSslErrors(); });
    connect(reply, &QNetworkReply::finished, this, [this, reply, signedIt = !secret.isEmpty()] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 0) {
            Q_EMIT finished(0, u"No answer: %1"_s.arg(reply->errorString()));
            return;
        }
        Q_EMIT finished(status,
            u"Sample event delivered%1: %2 %3"_s.arg(signedIt ? u" (signed)"_s : u" (unsigned: no secret set)"_s)
                .arg(status)
                .arg(QString::fromUtf8(reply->readAll().left(200))));
    });
}

} // namespace hookscope::ui
