#include "httpconnection.h"

#include "requestframer.h"

#include <QDateTime>
#include <QSslCipher>
#include <QSslSocket>
#include <QTcpSocket>

#include <algorithm>
#include <deque>
#include <mutex>

#include <cerrno>
#include <sys/socket.h>

namespace hookscope::http {

namespace {
/** What the socket buffers before TCP pushes back (also the largest piece read at once). */
constexpr qint64 kReadBufferBytes = 256 * 1024;

qint64 unsent(QTcpSocket* socket)
{
    auto* ssl = qobject_cast<QSslSocket*>(socket);
    return socket->bytesToWrite() + (ssl ? ssl->encryptedBytesToWrite() : 0);
}
} // namespace

/**
 * Lets a reply find its connection from any thread: the connection clears the pointer in its
 * destructor, on the listener's thread, which is also the only thread that reads it.
 */
struct ConnectionMailbox {
    HttpConnection* connection = nullptr;
};

/**
 * Answers on their way back to the listener's thread. Whatever thread produces them (the store writer,
 * committing a group of requests at once) appends under a mutex, and only the first answer of a batch
 * wakes the listener: a group commit of sixteen requests costs one wake-up, not sixteen.
 */
class ReplyQueue final : public std::enable_shared_from_this<ReplyQueue> {
public:
    explicit ReplyQueue(QObject* context)
        : m_context(context)
    {
    }

    void post(std::weak_ptr<ConnectionMailbox> mailbox, HttpResponse response)
    {
        std::lock_guard lock(m_mutex);
        if (!m_context)
            return; // the listener is gone, and its connections with it
        m_items.emplace_back(std::move(mailbox), std::move(response));
        if (!std::exchange(m_wakePending, true)) {
            QMetaObject::invokeMethod(
                m_context, [self = shared_from_this()] { self->drain(); }, Qt::QueuedConnection);
        }
    }

    /** Called as the listener is destroyed: later answers have nowhere to go. */
    void close()
    {
        std::lock_guard lock(m_mutex);
        m_context = nullptr;
        m_items.clear();
    }

private:
    void drain()
    {
        std::vector<std::pair<std::weak_ptr<ConnectionMailbox>, HttpResponse>> items;
        {
            std::lock_guard lock(m_mutex);
            items.swap(m_items);
            m_wakePending = false;
        }
        for (auto& [mailbox, response] : items) {
            const auto box = mailbox.lock();
            if (box && box->connection)
                box->connection->sendReply(response);
        }
    }

    QObject* m_context;
    std::mutex m_mutex;
    std::vector<std::pair<std::weak_ptr<ConnectionMailbox>, HttpResponse>> m_items;
    bool m_wakePending = false;
};

std::shared_ptr<ReplyQueue> createReplyQueue(QObject* context)
{
    return std::make_shared<ReplyQueue>(context);
}

void closeReplyQueue(ReplyQueue& queue)
{
    queue.close();
}

HttpConnection::HttpConnection(QTcpSocket* socket, bool tls, const Limits& limits, RequestHandler* handler,
    std::shared_ptr<ReplyQueue> replies, QObject* parent)
    : QObject(parent)
    , m_socket(socket)
    , m_tls(tls)
    , m_limits(limits)
    , m_handler(handler)
    , m_framer(std::make_unique<RequestFramer>(limits))
    , m_replies(std::move(replies))
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(kReadBufferBytes);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        m_closing = true;
        m_timer.stop();
        Q_EMIT finished();
    });
    // Fine enough to honour short timeouts (tests use them), never busier than twice a second otherwise.
    m_timer.setInterval(qBound(20, std::min(limits.headerTimeoutMs, limits.bodyStallTimeoutMs) / 4, 500));
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onTimeout);
    m_timer.start();
    m_sinceProgress.start();
    m_mailbox = std::make_shared<ConnectionMailbox>();
    m_mailbox->connection = this;
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::onReadyRead, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection()
{
    m_mailbox->connection = nullptr;
}

void HttpConnection::rejectBusy()
{
    m_closing = true;
    write(HttpResponse::text(503, "too many connections").serialize(false));
    // Closing at once would make the kernel answer the request bytes still arriving with a reset,
    // which can destroy the 503 before the client reads it.
    closeGracefully();
}

void HttpConnection::onReadyRead()
{
    // While the handler holds a request, later bytes (pipelined requests) stay in the socket: its bounded
    // read buffer then pushes back on the client through TCP instead of growing without limit here.
    if (m_awaitingReply && !m_draining && !m_closing)
        return;
    const QByteArray chunk = m_socket->readAll();
    if (chunk.isEmpty())
        return;
    m_sinceProgress.restart();
    if (m_draining) {
        m_drained += chunk.size();
        if (m_drained > m_limits.drainBytes)
            m_socket->abort();
        return;
    }
    if (m_closing)
        return;
    if (m_in.isEmpty() && !m_requestStarted) {
        m_requestStarted = true;
        m_requestClock.start();
    }
    m_in.append(chunk);
    if (!m_awaitingReply)
        process();
}

void HttpConnection::process()
{
    while (!m_awaitingReply && !m_closing && !m_draining && !m_in.isEmpty()) {
        if (!m_requestStarted) {
            m_requestStarted = true;
            m_requestClock.start();
        }
        const bool hadHeader = m_framer->headerDone();
        const qsizetype used = m_framer->feed(m_in.constData(), m_in.size());
        if (used == m_in.size())
            m_in.clear();
        else if (used > 0)
            m_in.remove(0, used);

        if (m_framer->state() == RequestFramer::State::Error) {
            switch (m_framer->error()) {
            case RequestFramer::ErrorKind::HeaderTooLarge:
                refuse(431, "request header fields too large");
                break;
            case RequestFramer::ErrorKind::BodyTooLarge:
                refuse(413, "request body too large");
                break;
            default:
                refuse(400, "malformed request: " + m_framer->errorText().toUtf8());
                break;
            }
            return;
        }
        if (!hadHeader && m_framer->headerDone()) {
            m_httpMinor = m_framer->httpMinor();
            if (m_framer->hasTransferEncoding() && (m_httpMinor == 0 || !m_framer->chunked())) {
                // RFC 9112 6.1/6.3: the length of such a body cannot be trusted, so the framing is faulty.
                refuse(400,
                    m_httpMinor == 0 ? "malformed request: Transfer-Encoding in an HTTP/1.0 request"
                                     : "malformed request: unsupported Transfer-Encoding");
                return;
            }
            if (m_httpMinor == 1 && m_framer->hostFieldCount() != 1) {
                // RFC 9112 3.2: an HTTP/1.1 request without exactly one Host field is answered 400.
                refuse(400,
                    m_framer->hostFieldCount() == 0 ? "malformed request: no Host header in an HTTP/1.1 request"
                                                    : "malformed request: more than one Host header");
                return;
            }
            if (m_framer->hasOtherExpectation()) {
                refuse(417, "unsupported expectation");
                return;
            }
            if (m_framer->expectsContinue() && m_framer->hasBody() && m_in.isEmpty()
                && m_framer->state() != RequestFramer::State::Complete && m_httpMinor == 1)
                write("HTTP/1.1 100 Continue\r\n\r\n");
        }
        if (m_framer->state() == RequestFramer::State::Complete) {
            onRequestComplete();
            continue;
        }
        if (used == 0)
            break;
    }
}

Delivery HttpConnection::makeDelivery() const
{
    Delivery d;
    d.receivedUs = QDateTime::currentMSecsSinceEpoch() * 1000;
    d.peerAddress = m_socket->peerAddress().toString();
    d.peerPort = m_socket->peerPort();
    d.localPort = m_socket->localPort();
    d.tls = m_tls;
    if (m_tls) {
        if (auto* ssl = qobject_cast<QSslSocket*>(m_socket)) {
            const auto cipher = ssl->sessionCipher();
            d.tlsCipher = cipher.name();
            d.tlsProtocol = cipher.protocolString();
        }
    }
    return d;
}

void HttpConnection::onRequestComplete()
{
    Delivery d = makeDelivery();
    m_framer->fill(d);
    m_keepAlive = m_framer->keepAlive();
    m_httpMinor = m_framer->httpMinor();
    m_awaitingReply = true;
    m_requestStarted = false;
    ++m_served;

    m_handler->handle(std::move(d),
        [mailbox = std::weak_ptr<ConnectionMailbox>(m_mailbox), replies = m_replies](
            HttpResponse response) mutable { replies->post(std::move(mailbox), std::move(response)); });
    Q_EMIT handedOver();
}

void HttpConnection::sendReply(const HttpResponse& response)
{
    if (response.delayMs > 0) {
        HttpResponse now = response;
        now.delayMs = 0;
        QTimer::singleShot(response.delayMs, this, [this, now] { sendReply(now); });
        return;
    }
    if (response.ending != HttpResponse::Ending::Answer) {
        // On purpose, and only once the request is stored: no answer at all, a FIN or an RST.
        m_framer->reset();
        m_awaitingReply = false;
        m_closing = true;
        m_in.clear();
        if (response.ending == HttpResponse::Ending::Reset) {
            if (const qintptr fd = m_socket->socketDescriptor(); fd != -1) {
                const ::linger now { 1, 0 };
                ::setsockopt(int(fd), SOL_SOCKET, SO_LINGER, &now, sizeof now);
            }
            m_socket->abort();
        } else {
            m_socket->disconnectFromHost();
        }
        return;
    }
    const bool keepAlive = m_keepAlive && !response.close;
    write(response.serialize(keepAlive, m_httpMinor));
    m_framer->reset();
    m_awaitingReply = false;
    m_sinceProgress.restart();
    if (!keepAlive) {
        m_closing = true;
        m_socket->disconnectFromHost();
        return;
    }
    if (!m_in.isEmpty())
        process();
    if (!m_awaitingReply && m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::onReadyRead, Qt::QueuedConnection);
}

void HttpConnection::refuse(int status, const QByteArray& text)
{
    Delivery d = makeDelivery();
    if (m_framer->headerParsed()) {
        m_framer->fill(d);
        const QByteArray prefix = m_framer->rawSoFar(m_limits.keepRefusedBytes);
        d.body = prefix.mid(d.rawHead.size());
        d.rawBody.clear();
        // Whole only when the body was all there (or there is none) and fits the kept prefix.
        const bool whole = m_framer->state() == RequestFramer::State::Complete || !m_framer->hasBody();
        d.truncated = status == 413 || !whole || m_framer->bodyBytesSoFar() > m_limits.keepRefusedBytes;
    } else {
        // The head never completed: keep what arrived of it (consumed by the parser, then still pending).
        const QByteArray head = m_framer->rawHead() + m_in;
        d.rawHead = head.left(m_limits.keepRefusedBytes);
        d.truncated = head.size() > m_limits.keepRefusedBytes || status == 408;
    }
    d.refusedStatus = status;
    d.refusedReason = QString::fromUtf8(text);
    m_handler->record(std::move(d));

    m_closing = true;
    m_in.clear();
    write(HttpResponse::text(status, text).serialize(false, m_httpMinor));
    closeGracefully();
}

void HttpConnection::closeGracefully()
{
    // Send the answer, half-close, then read and discard a bounded amount for a bounded time, so the
    // client reads the status instead of a connection reset.
    m_draining = true;
    m_drained = 0;
    m_sinceProgress.restart();
    auto halfClose = [this] {
        // Over TLS too: the answer is already encrypted and on its way, the FIN follows it.
        if (m_socket->socketDescriptor() != -1)
            ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    };
    m_socket->flush();
    if (unsent(m_socket) == 0) {
        halfClose();
    } else {
        auto onWritten = [this, halfClose] {
            if (unsent(m_socket) == 0)
                halfClose();
        };
        connect(m_socket, &QTcpSocket::bytesWritten, this, onWritten);
        if (auto* ssl = qobject_cast<QSslSocket*>(m_socket))
            connect(ssl, &QSslSocket::encryptedBytesWritten, this, onWritten);
    }
    QTimer::singleShot(m_limits.drainMs, this, [this] {
        if (m_socket->state() != QAbstractSocket::UnconnectedState)
            m_socket->abort();
    });
}

void HttpConnection::write(const QByteArray& bytes)
{
    // Plain TCP with nothing waiting in Qt's buffer: straight to the kernel. Through QTcpSocket the answer would
    // wait for the next pass of the event loop, Qt enabling its write notifier and disabling it again, and GLib
    // wakes the loop at each change of what it polls: two more system calls and a pass for every answer. What the
    // kernel does not take at once (a full send buffer, an error) goes through Qt after it, in order.
    qsizetype sent = 0;
    const qintptr fd = m_socket->socketDescriptor();
    if (!m_tls && fd != -1 && m_socket->bytesToWrite() == 0 && m_socket->state() == QAbstractSocket::ConnectedState) {
        while (sent < bytes.size()) {
            const ssize_t n = ::send(int(fd), bytes.constData() + sent, size_t(bytes.size() - sent), MSG_NOSIGNAL);
            if (n > 0)
                sent += n;
            else if (n < 0 && errno == EINTR)
                continue;
            else
                break;
        }
    }
    if (sent < bytes.size())
        m_socket->write(sent == 0 ? bytes : bytes.mid(sent));
}

void HttpConnection::onTimeout()
{
    if (m_draining || m_closing)
        return;
    if (m_awaitingReply)
        return;
    if (!m_requestStarted && m_in.isEmpty()) {
        // A connection that never sends a byte holds a slot like a slow header does: the first request
        // must begin within the header timeout; between kept-alive requests the idle timeout applies.
        if (m_served == 0 && m_sinceProgress.elapsed() > m_limits.headerTimeoutMs) {
            m_closing = true;
            write(HttpResponse::text(408, "request header timeout").serialize(false, m_httpMinor));
            closeGracefully();
        } else if (m_sinceProgress.elapsed() > m_limits.idleTimeoutMs) {
            m_closing = true;
            m_socket->disconnectFromHost();
        }
        return;
    }
    if (!m_framer->headerDone()) {
        if (m_requestClock.elapsed() > m_limits.headerTimeoutMs)
            refuse(408, "request header timeout");
        return;
    }
    if (m_sinceProgress.elapsed() > m_limits.bodyStallTimeoutMs)
        refuse(408, "request body timeout");
}

} // namespace hookscope::http
