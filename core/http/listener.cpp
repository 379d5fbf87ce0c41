#include "listener.h"

#include "httpconnection.h"

#include "core/common/crypto.h"

#include <QAbstractEventDispatcher>
#include <QEventLoop>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QThread>

#include <condition_variable>
#include <mutex>
#include <optional>

using namespace Qt::StringLiterals;

namespace hookscope::http {

Listener::Listener(RequestHandler* handler, ListenerSettings settings, QObject* parent)
    : QObject(parent)
    , m_handler(handler)
    , m_settings(std::move(settings))
    , m_replies(createReplyQueue(this))
{
    // The event dispatcher says `awake` right after each pass of the loop (GLib's), or as the next one begins (Qt's
    // own): the handler passes on what the pass received then, without a posted event waking the loop once more.
    if (auto* dispatcher = QAbstractEventDispatcher::instance())
        connect(dispatcher, &QAbstractEventDispatcher::awake, this, &Listener::endPass);
}

Listener::~Listener()
{
    closeReplyQueue(*m_replies);
}

static QString bindError(const QString& what, const QHostAddress& address, quint16 port, const QTcpServer& server)
{
    return u"cannot listen for %1 on %2:%3: %4"_s.arg(
        what, address.toString(), QString::number(port), server.errorString());
}

Result<void> Listener::start()
{
    if (m_settings.httpPort) {
        m_http = new QTcpServer(this);
        m_http->setMaxPendingConnections(1024);
        if (!m_http->listen(m_settings.bind, m_settings.httpPort))
            return fail(bindError(u"HTTP"_s, m_settings.bind, m_settings.httpPort, *m_http));
        connect(m_http, &QTcpServer::pendingConnectionAvailable, this, [this] { accept(m_http, false); });
    }
    if (m_settings.httpsPort) {
        if (!m_settings.tls)
            return fail(u"HTTPS needs a certificate"_s);
        auto* ssl = new QSslServer(this);
        ssl->setSslConfiguration(m_settings.tls->configuration);
        m_https = ssl;
        if (!m_https->listen(m_settings.bind, m_settings.httpsPort))
            return fail(bindError(u"HTTPS"_s, m_settings.bind, m_settings.httpsPort, *m_https));
        connect(ssl, &QSslServer::pendingConnectionAvailable, this, [this] { accept(m_https, true); });
        // A failed handshake is the client's problem; the socket is discarded by QSslServer.
    }
    return {};
}

QList<QUrl> Listener::urls() const
{
    QList<QUrl> list;
    auto make = [this](const QString& scheme, const QTcpServer* server) {
        QUrl url;
        url.setScheme(scheme);
        const QHostAddress host = server->serverAddress();
        url.setHost(
            host == QHostAddress::AnyIPv4 || host == QHostAddress::Any ? m_settings.bind.toString() : host.toString());
        url.setPort(server->serverPort());
        return url;
    };
    if (m_http)
        list << make(u"http"_s, m_http);
    if (m_https)
        list << make(u"https"_s, m_https);
    return list;
}

void Listener::accept(QTcpServer* server, bool tls)
{
    while (server->hasPendingConnections()) {
        QTcpSocket* socket = server->nextPendingConnection();
        if (!socket)
            break;
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        auto* connection = new HttpConnection(socket, tls, m_settings.limits, m_handler, m_replies, this);
        if (m_active >= m_settings.limits.maxConnections) {
            connect(connection, &HttpConnection::finished, connection, &QObject::deleteLater);
            connection->rejectBusy();
            continue;
        }
        ++m_active;
        connect(connection, &HttpConnection::handedOver, this, &Listener::scheduleEndOfPass);
        connect(connection, &HttpConnection::finished, this, [this, connection] {
            --m_active;
            connection->deleteLater();
        });
    }
}

void Listener::scheduleEndOfPass()
{
    // Once the event loop has dispatched what the current pass found ready (the other connections' requests), the
    // handler passes them on together (endPass()).
    m_endOfPassPending = true;
}

void Listener::endPass()
{
    if (std::exchange(m_endOfPassPending, false))
        m_handler->endOfPass();
}

ListenerThread::ListenerThread() = default;

ListenerThread::~ListenerThread()
{
    stop();
}

Result<QList<QUrl>> ListenerThread::start(RequestHandler* handler, const ListenerSettings& settings)
{
    // The listener is made on its own thread from what was copied before the thread started, and its
    // answer comes back under a std::mutex: hand-offs ThreadSanitizer can follow (Qt's queued calls wait
    // on futexes it cannot see in Debian's uninstrumented Qt).
    struct Startup {
        std::mutex mutex;
        std::condition_variable ready;
        std::optional<Result<QList<QUrl>>> result;
    };
    auto startup = std::make_shared<Startup>();
    m_thread = QThread::create([handler, settings, startup] {
        {
            Listener listener(handler, settings);
            auto started = listener.start();
            const bool ok = started.has_value();
            {
                std::lock_guard lock(startup->mutex);
                if (ok)
                    startup->result = listener.urls();
                else
                    startup->result = Result<QList<QUrl>>(fail(started.error()));
            }
            startup->ready.notify_one();
            if (ok) {
                // Returns at once if stop() already asked the thread to quit.
                QEventLoop loop;
                loop.exec();
            }
        }
        crypto::endThreadUse();
    });
    m_thread->setObjectName(u"listener"_s);
    m_thread->start();
    std::unique_lock lock(startup->mutex);
    startup->ready.wait(lock, [&] { return startup->result.has_value(); });
    return std::move(*startup->result);
}

void ListenerThread::stop()
{
    if (!m_thread)
        return;
    // The event loop ends, the listener and its connections are destroyed on their own thread.
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}

bool isLoopback(const QHostAddress& address)
{
    return address.isLoopback();
}

} // namespace hookscope::http
