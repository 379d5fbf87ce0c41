#pragma once

// The local API's HTTP side: a request as framed, an answer, and one client connection (internal to core/api).

#include "apiserver.h"

#include "core/http/delivery.h"
#include "core/http/requestframer.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

#include <utility>

namespace hookscope::api {

// Internal to core/api: its two files speak in Qt string literals.
using namespace Qt::StringLiterals;

/** One API request, as the framer read it. */
struct Request {
    QByteArray method;
    QStringList segments; ///< the decoded path's segments after /api/v1/ (or {"metrics"})
    bool versioned = false; ///< under /api/v1/
    QUrlQuery query;
    QByteArray body;
    QByteArray authorization;
    QByteArray lastEventId; ///< an event stream client resuming (Last-Event-ID)
};

/** An answer: status, type, body and any further header fields. */
struct Answer {
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;
};

inline constexpr int kIdleTimeoutMs = 120'000;
inline constexpr int kHeartbeatMs = 15'000;
/// A stream client that lets this much go unread is dropped rather than buffered without end.
inline constexpr qint64 kMaxStreamBacklog = 8 * 1024 * 1024;

/** The framer's limits for API requests (small JSON bodies). */
http::Limits apiLimits();
Answer json(int status, const QJsonValue& value);
/** A JSON problem: {"error": message}. */
Answer problem(int status, const QString& message);
Answer bytes(QByteArray body, QByteArray contentType = "application/octet-stream");
/**
 * Bytes a sender wrote (a captured request, a body, an attachment): a browser pointed at the API must neither
 * guess another type from them nor run them (a declared text/html attachment stays an inert download).
 */
Answer senderBytes(QByteArray body, QByteArray contentType = "application/octet-stream");
Answer methodNotAllowed(const QByteArray& allowed);
/** The answer's bytes on the wire. */
QByteArray serialize(const Answer& a, bool keepAlive, int httpMinor);

/** One client connection: frames requests with the listener's http::RequestFramer, answers in order. */
class ApiConnection final : public QObject {
    // Q_OBJECT is what makes findChildren<ApiConnection*>() and qobject_cast tell a connection from the server's other
    // children (its QTcpServer, its event feed): without it they matched every QObject, and stop() ran this
    // destructor on them.
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiConnection)
public:
    ApiConnection(QTcpSocket* socket, ApiServer* server)
        : QObject(server)
        , m_socket(socket)
        , m_server(server)
        , m_framer(apiLimits())
    {
        m_socket->setParent(this);
        connect(m_socket, &QTcpSocket::readyRead, this, &ApiConnection::onReadyRead);
        connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
        m_idle.setSingleShot(true);
        m_idle.setInterval(kIdleTimeoutMs);
        connect(&m_idle, &QTimer::timeout, this, [this] {
            if (m_streaming) {
                // A comment line keeps proxies and the client's own timeouts from closing a quiet stream.
                m_socket->write(": keep-alive\n\n");
                m_idle.start(kHeartbeatMs);
            } else {
                m_socket->abort();
            }
        });
        m_idle.start();
        if (m_socket->bytesAvailable() > 0)
            QMetaObject::invokeMethod(this, &ApiConnection::onReadyRead, Qt::QueuedConnection);
    }

    void answer(const Answer& a)
    {
        const bool keepAlive = m_keepAlive && a.status < 500;
        m_socket->write(serialize(a, keepAlive, m_httpMinor));
        m_framer.reset();
        m_busy = false;
        m_idle.start(kIdleTimeoutMs);
        if (!keepAlive) {
            m_socket->disconnectFromHost();
            return;
        }
        process();
    }

    /** Turns the connection into an event stream: the head goes out now, events as they come. */
    void startStream()
    {
        m_streaming = true;
        m_socket->write("HTTP/1.1 200 OK\r\nServer: Hookscope\r\nContent-Type: text/event-stream\r\n"
                        "Cache-Control: no-store\r\nConnection: close\r\nX-Accel-Buffering: no\r\n\r\n"
                        ": hookscope event stream\nretry: 1000\n\n");
        m_idle.start(kHeartbeatMs);
    }

    void sendEvent(const QByteArray& lines)
    {
        if (m_socket->bytesToWrite() > kMaxStreamBacklog) {
            m_socket->abort();
            return;
        }
        m_socket->write(lines);
    }
    bool streaming() const { return m_streaming; }

private:
    void onReadyRead()
    {
        const QByteArray chunk = m_socket->readAll();
        if (m_streaming || m_closing)
            return; // a stream reads nothing more from its client
        m_in += chunk;
        m_idle.start(kIdleTimeoutMs);
        process();
    }

    void refuse(int status, const QString& message)
    {
        m_closing = true;
        m_keepAlive = false;
        answer(problem(status, message));
    }

    void process()
    {
        while (!m_busy && !m_closing && !m_streaming && !m_in.isEmpty()) {
            const bool hadHeader = m_framer.headerDone();
            const qsizetype used = m_framer.feed(m_in.constData(), m_in.size());
            m_in.remove(0, used);
            if (m_framer.state() == http::RequestFramer::State::Error) {
                switch (m_framer.error()) {
                case http::RequestFramer::ErrorKind::HeaderTooLarge:
                    return refuse(431, u"request header fields too large"_s);
                case http::RequestFramer::ErrorKind::BodyTooLarge:
                    return refuse(413, u"request body too large"_s);
                default:
                    return refuse(400, u"malformed request: "_s + m_framer.errorText());
                }
            }
            if (!hadHeader && m_framer.headerDone() && m_framer.expectsContinue() && m_framer.hasBody()
                && m_framer.state() != http::RequestFramer::State::Complete && m_framer.httpMinor() == 1)
                m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            if (m_framer.state() == http::RequestFramer::State::Complete) {
                http::Delivery d;
                m_framer.fill(d);
                m_keepAlive = m_framer.keepAlive();
                m_httpMinor = m_framer.httpMinor();
                m_busy = true;
                Request r;
                r.method = d.method;
                r.body = d.body;
                r.authorization = d.header("Authorization");
                r.lastEventId = d.header("Last-Event-ID");
                const QUrl url = QUrl::fromEncoded("http://localhost" + d.target);
                if (!d.target.startsWith('/') || !url.isValid())
                    return refuse(400, u"the request target must be a path"_s);
                const QString path = url.path(QUrl::FullyDecoded);
                r.query = QUrlQuery(url);
                if (path.startsWith(u"/api/v1/"_s)) {
                    r.versioned = true;
                    r.segments = path.mid(8).split(u'/');
                } else {
                    r.segments = path.mid(1).split(u'/');
                }
                m_server->dispatch(this, std::move(r));
                continue;
            }
            if (used == 0)
                break;
        }
    }

    QTcpSocket* m_socket;
    ApiServer* m_server;
    http::RequestFramer m_framer;
    QByteArray m_in;
    QTimer m_idle;
    bool m_busy = false;
    bool m_closing = false;
    bool m_streaming = false;
    bool m_keepAlive = true;
    int m_httpMinor = 1;
};

} // namespace hookscope::api
