#pragma once

// A small HTTP/1.1 server for tests, in the test's own event loop: answers each request with the next
// status of a script (then `fallback`), records the exact bytes and arrival time of every request.

#include <QDateTime>
#include <QElapsedTimer>
#include <QList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace hookscope::test {

class TestHttpServer final : public QObject {
    Q_OBJECT
public:
    struct Request {
        QByteArray head;
        QByteArray body;
        qint64 atMs = 0; ///< since the server started
    };

    explicit TestHttpServer(QList<int> script = {}, int fallback = 200)
        : m_script(std::move(script))
        , m_fallback(fallback)
    {
        m_clock.start();
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* s = m_server.nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, this, [this, s] { onData(s); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
    }
    bool listen(quint16 port = 0) { return m_server.listen(QHostAddress::LocalHost, port); }
    void close() { m_server.close(); }
    quint16 port() const { return m_server.serverPort(); }
    QString url(const QString& path = {}) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(path);
    }
    const QList<Request>& requests() const { return m_requests; }
    /** Answers are held back this long (to provoke client timeouts). */
    void setDelayMs(int ms) { m_delayMs = ms; }

Q_SIGNALS:
    void received();

private:
    void onData(QTcpSocket* s)
    {
        QByteArray& buffer = m_buffers[s];
        buffer += s->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QByteArray head = buffer.left(end + 4);
        qsizetype length = 0;
        for (const QByteArray& line : head.split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (buffer.size() < end + 4 + length)
            return;
        m_requests.append({ head, buffer.mid(end + 4, length), m_clock.elapsed() });
        m_buffers.remove(s);
        const int status = m_script.isEmpty() ? m_fallback : m_script.takeFirst();
        const QByteArray body = status >= 200 && status < 300 ? QByteArray("ok") : QByteArray("failing on purpose");
        const QByteArray answer = "HTTP/1.1 " + QByteArray::number(status) + " Scripted\r\nContent-Type: text/plain\r\n"
            + "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
        Q_EMIT received();
        auto reply = [s, answer] {
            s->write(answer);
            s->disconnectFromHost();
        };
        if (m_delayMs > 0)
            QTimer::singleShot(m_delayMs, s, reply);
        else
            reply();
    }

    QTcpServer m_server;
    QList<int> m_script;
    int m_fallback;
    int m_delayMs = 0;
    QElapsedTimer m_clock;
    QList<Request> m_requests;
    QHash<QTcpSocket*, QByteArray> m_buffers;
};

} // namespace hookscope::test
