#pragma once

#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

namespace hookscope::ui {

/** Signs an event body as the provider would and delivers it to a listener. */
class SampleSender final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SampleSender)
public:
    explicit SampleSender(QObject* parent = nullptr);

    /** POSTs `body` to `url`, signed with `scheme` and `secret` (unsigned when the secret is empty). */
    void send(const QUrl& url, const QString& scheme, const QByteArray& secret, const QByteArray& body);

Q_SIGNALS:
    /** `status` is the HTTP status, 0 when there was no answer; `message` says what happened. */
    void finished(int status, const QString& message);

private:
    QNetworkAccessManager m_network;
};

} // namespace hookscope::ui
