#include "httpexchange.h"

#include <QDateTime>
#include <QNetworkProxy>
#include <QSslConfiguration>
#include <QSslSocket>

using namespace Qt::StringLiterals;

namespace hookscope::replay {

HttpExchange::HttpExchange(OutgoingRequest request, int timeoutMs, bool ignoreTlsErrors, QObject* parent)
    : QObject(parent)
    , m_request(std::move(request))
    , m_timeoutMs(timeoutMs)
    , m_ignoreTlsErrors(ignoreTlsErrors)
    , m_reader(1024 * 1024, m_request.method == "HEAD")
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        m_result.timedOut = true;
        complete(u"timed out after %1 ms"_s.arg(m_timeoutMs));
    });
}

HttpExchange::~HttpExchange()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

void HttpExchange::start()
{
    m_result.requestHead = m_request.head();
    m_result.requestBody = m_request.body;
    m_result.startedUs = QDateTime::currentMSecsSinceEpoch() * 1000;
    m_clock.start();
    if (m_timeoutMs > 0)
        m_timer.start(m_timeoutMs);

    const bool tls = m_request.url.scheme() == u"https"_s;
    const QString host = m_request.url.host();
    const quint16 port = quint16(m_request.url.port(tls ? 443 : 80));
    QSslSocket* ssl = tls ? new QSslSocket(this) : nullptr;
    m_socket = ssl ? ssl : new QTcpSocket(this);
    // Straight to the target, as a provider connects: a proxy would rewrite the request.
    m_socket->setProxy(QNetworkProxy::NoProxy);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpExchange::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpExchange::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &HttpExchange::onError);
    if (ssl) {
        // HTTP/1.1 only: a provider's delivery is never HTTP/2 here.
        QSslConfiguration config = ssl->sslConfiguration();
        config.setAllowedNextProtocols({ QByteArrayLiteral("http/1.1") });
        ssl->setSslConfiguration(config);
        if (m_ignoreTlsErrors)
            connect(ssl, &QSslSocket::sslErrors, ssl, [ssl](const QList<QSslError>&) { ssl->ignoreSslErrors(); });
        connect(ssl, &QSslSocket::encrypted, this, &HttpExchange::onConnected);
        ssl->connectToHostEncrypted(host, port);
    } else {
        connect(m_socket, &QTcpSocket::connected, this, &HttpExchange::onConnected);
        m_socket->connectToHost(host, port);
    }
}

void HttpExchange::abort()
{
    complete(u"cancelled"_s);
}

void HttpExchange::onConnected()
{
    m_socket->write(m_request.wire());
}

void HttpExchange::onReadyRead()
{
    if (m_done)
        return;
    const auto state = m_reader.feed(m_socket->readAll());
    if (state == ResponseReader::State::Complete)
        complete();
    else if (state == ResponseReader::State::Error)
        complete(m_reader.errorText());
}

void HttpExchange::onDisconnected()
{
    if (m_done)
        return;
    m_reader.feed(m_socket->readAll());
    const auto state = m_reader.finish();
    complete(state == ResponseReader::State::Complete ? QString() : m_reader.errorText());
}

void HttpExchange::onError()
{
    if (m_done)
        return;
    if (m_socket->error() == QAbstractSocket::RemoteHostClosedError) {
        onDisconnected();
        return;
    }
    // A response may be complete in the buffer even though the connection then failed.
    m_reader.feed(m_socket->readAll());
    if (m_reader.state() == ResponseReader::State::Complete) {
        complete();
        return;
    }
    complete(m_socket->errorString());
}

void HttpExchange::complete(const QString& error)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    m_result.latencyMs = m_clock.elapsed();
    m_result.finishedUs = QDateTime::currentMSecsSinceEpoch() * 1000;
    if (m_reader.state() == ResponseReader::State::Complete || (!error.isEmpty() && m_reader.status() > 0)) {
        m_result.status = m_reader.state() == ResponseReader::State::Complete ? m_reader.status() : 0;
        m_result.reason = m_reader.reason();
        m_result.responseHead = m_reader.rawHead();
        m_result.responseHeaders = m_reader.headers();
        m_result.responseBody = m_reader.body();
        m_result.responseSize = m_reader.bodySize();
    }
    m_result.error = error;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
    Q_EMIT finished(m_result);
}

} // namespace hookscope::replay
