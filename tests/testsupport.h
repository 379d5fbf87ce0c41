#pragma once

// Shared helpers for tests that drive the real `hookscope` binary over real sockets.

#include "testwait.h"

#include "core/common/crypto.h"
#include "core/http/httpheader.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>
#include <mutex>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hookscope::test {

using namespace Qt::StringLiterals;

inline QString binary()
{
    return QStringLiteral(HOOKSCOPE_BINARY);
}

inline QString testData(const QString& relative)
{
    return QStringLiteral(HOOKSCOPE_TEST_DATA) + u'/' + relative;
}

inline QString sharedDir()
{
    return QStringLiteral(HOOKSCOPE_SHARED_DIR);
}

/**
 * A loopback port nothing listens on, and that no other test process is handed while this one runs.
 * Probing alone (listen on port 0, close, hand the number out) let two tests run at once by `ctest -j2`
 * pick the same port in the moment between the probe and the serve's own bind ("address already in
 * use"). Ports here come from below the kernel's ephemeral range (32768 on), so no outgoing connection
 * takes one meanwhile, and each is claimed by an flock on a file named after it, held until the
 * process ends (the kernel drops it even after a crash).
 */
inline quint16 freePort()
{
    constexpr int kFirst = 20000;
    constexpr int kCount = 12000;
    static std::mutex mutex;
    static int next = -1;
    std::lock_guard lock(mutex);
    static const QByteArray dir = QFile::encodeName(QDir::tempPath() + u"/hookscope-test-ports"_s);
    ::mkdir(dir.constData(), 0700);
    if (next < 0)
        next = int(QRandomGenerator::global()->bounded(kCount));
    for (int tried = 0; tried < kCount; ++tried) {
        const auto port = quint16(kFirst + next);
        next = (next + 1) % kCount;
        const QByteArray claim = dir + '/' + QByteArray::number(port);
        const int fd = ::open(claim.constData(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
        if (fd < 0)
            continue;
        QTcpServer probe;
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0 || !probe.listen(QHostAddress::LocalHost, port)) {
            ::close(fd);
            continue;
        }
        return port; // the descriptor stays open: the claim lasts as long as this process
    }
    qFatal("no free port claimable in %d-%d", kFirst, kFirst + kCount - 1);
}

/** An environment whose per-user folders live in `home`, so tests never touch the real ones. */
inline QProcessEnvironment isolatedEnvironment(const QString& home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HOME"_s, home);
    env.insert(u"XDG_DATA_HOME"_s, home + u"/data"_s);
    env.insert(u"XDG_CONFIG_HOME"_s, home + u"/config"_s);
    env.insert(u"XDG_CACHE_HOME"_s, home + u"/cache"_s);
    env.remove(u"HOOKSCOPE_SECRET"_s);
    env.remove(u"DBUS_SESSION_BUS_ADDRESS"_s);
    env.insert(u"HOOKSCOPE_SECRETS_BACKEND"_s, u"file"_s);
    return env;
}

struct CliResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonDocument json() const { return QJsonDocument::fromJson(out); }
};

/** Runs `hookscope args…` to completion (30 s at most). */
inline CliResult runCli(const QStringList& args, const QProcessEnvironment& env, const QByteArray& input = {})
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(binary(), args);
    if (!p.waitForStarted(kWaitMs))
        return { -1, {}, "did not start within 30 s: " + p.errorString().toUtf8() };
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(kWaitMs)) {
        p.kill();
        p.waitForFinished();
        return { -1, p.readAllStandardOutput(), "timed out: " + p.readAllStandardError() };
    }
    CliResult r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

inline QByteArray signMailparse(const QByteArray& secret, qint64 timestampMs, const QByteArray& body)
{
    const QByteArray canonical = QByteArray::number(timestampMs) + '.' + body;
    return crypto::hmac(crypto::Digest::Sha256, secret, canonical).toHex();
}

/** A running `hookscope serve` in its own temporary home, on free ports. */
class ServeProcess {
public:
    ServeProcess()
        : m_env(isolatedEnvironment(m_home.path()))
    {
    }
    ~ServeProcess() { stop(); }

    /**
     * Starts serve with `extra` arguments on free ports and waits (30 s at most) until it says it listens; false
     * (with the log in `log()`, ending with what it waited for) when it did not.
     */
    bool start(const QStringList& extra = {}, bool https = true)
    {
        m_httpPort = freePort();
        m_httpsPort = https ? freePort() : 0;
        QStringList args { u"serve"_s, u"--db"_s, dbPath(), u"--http"_s, QString::number(m_httpPort), u"--https"_s,
            QString::number(m_httpsPort) };
        args += extra;
        m_process = std::make_unique<QProcess>();
        m_process->setProcessEnvironment(m_env);
        m_process->start(binary(), args);
        if (!m_process->waitForStarted(kWaitMs)) {
            m_log += "\n(" + gaveUp("serve to start") + ")";
            return false;
        }
        const int expected = https ? 2 : 1;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < kWaitMs) {
            m_process->waitForReadyRead(200);
            m_log += m_process->readAllStandardOutput();
            m_log += m_process->readAllStandardError();
            if (m_log.count("listening: ") >= expected && (!https || m_log.contains("certificate SHA-256")))
                return true;
            if (m_process->state() == QProcess::NotRunning) {
                m_log += "\n(serve exited before it listened)";
                return false;
            }
        }
        m_log += "\n(" + gaveUp(https ? "serve to listen on HTTP and HTTPS" : "serve to listen") + ")";
        return false;
    }
    /** SIGTERM and wait. */
    void stop()
    {
        if (m_process && m_process->state() != QProcess::NotRunning) {
            m_process->terminate();
            if (!m_process->waitForFinished(kWaitMs))
                m_process->kill();
            m_process->waitForFinished();
            m_log += m_process->readAll();
        }
    }
    /** SIGKILL, no chance to clean up. */
    void kill()
    {
        if (m_process && m_process->state() != QProcess::NotRunning) {
            m_process->kill();
            m_process->waitForFinished();
        }
    }
    QByteArray log()
    {
        if (m_process)
            m_log += m_process->readAll();
        return m_log;
    }

    quint16 httpPort() const { return m_httpPort; }
    quint16 httpsPort() const { return m_httpsPort; }
    QString url(const QString& path = u"/webhooks/email"_s) const
    {
        return u"http://127.0.0.1:%1%2"_s.arg(m_httpPort).arg(path);
    }
    QString httpsUrl(const QString& path = u"/webhooks/email"_s) const
    {
        return u"https://127.0.0.1:%1%2"_s.arg(m_httpsPort).arg(path);
    }
    QString dbPath() const { return m_home.path() + u"/events.db"_s; }
    QString home() const { return m_home.path(); }
    const QProcessEnvironment& env() const { return m_env; }
    /** Sets a variable for the processes started from now on (serve and cli()). */
    void setEnv(const QString& name, const QString& value) { m_env.insert(name, value); }
    /** Runs a CLI command against this server's store. */
    CliResult cli(QStringList args, const QByteArray& input = {}) const
    {
        args << u"--db"_s << dbPath();
        return runCli(args, m_env, input);
    }
    QProcess* process() { return m_process.get(); }

private:
    QTemporaryDir m_home;
    QProcessEnvironment m_env;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_log;
    quint16 m_httpPort = 0;
    quint16 m_httpsPort = 0;
};

struct HttpReply {
    int status = 0; ///< 0: no answer
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QString error;
};

/** POSTs (or `method`s) through QNetworkAccessManager, HTTP or HTTPS (self-signed accepted); waits up to 30 s. */
inline HttpReply send(const QString& url, const QByteArray& body, const http::HttpHeaders& headers = {},
    const QByteArray& method = "POST")
{
    QNetworkAccessManager nam;
    QNetworkRequest request { QUrl(url) };
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    for (const auto& h : headers)
        request.setRawHeader(h.name, h.value);
    if (!request.hasRawHeader("Content-Type"))
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    QNetworkReply* reply = nam.sendCustomRequest(request, method, body);
    QObject::connect(
        reply, &QNetworkReply::sslErrors, reply, [reply](const QList<QSslError>&) { reply->ignoreSslErrors(); });
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(kWaitMs, &loop, &QEventLoop::quit);
    loop.exec();
    HttpReply r;
    if (!reply->isFinished())
        r.error = QString::fromLatin1(gaveUp("an answer to the request"));
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    for (const auto& pair : reply->rawHeaderPairs())
        r.headers.append(pair);
    if (reply->error() != QNetworkReply::NoError && r.status == 0 && r.error.isEmpty())
        r.error = reply->errorString();
    reply->deleteLater();
    return r;
}

/** A correctly signed `mailparse` request to `url`. */
inline HttpReply sendSigned(const QString& url, const QByteArray& body, const QByteArray& secret,
    qint64 timestampMs = QDateTime::currentMSecsSinceEpoch())
{
    return send(url, body,
        { { "X-Webhook-Timestamp", QByteArray::number(timestampMs) },
            { "X-Webhook-Signature", signMailparse(secret, timestampMs, body) } });
}

/**
 * Writes exact bytes on a plain TCP connection and reads until a whole response is in, the server closes, or
 * `waitMs` passes (a deadline, not a pause: a complete answer ends the wait at once).
 */
inline QByteArray rawExchange(quint16 port, const QByteArray& bytes, int waitMs = kWaitMs)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(kWaitMs))
        return {};
    socket.write(bytes);
    socket.waitForBytesWritten(kWaitMs);
    QByteArray out;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < waitMs) {
        if (socket.waitForReadyRead(100))
            out += socket.readAll();
        if (socket.state() != QAbstractSocket::ConnectedState) {
            out += socket.readAll();
            break;
        }
        // A complete response with Content-Length: stop waiting.
        const qsizetype headerEnd = out.indexOf("\r\n\r\n");
        if (headerEnd > 0) {
            const QByteArray head = out.left(headerEnd).toLower();
            const qsizetype cl = head.indexOf("content-length:");
            if (cl >= 0) {
                const qsizetype eol = head.indexOf("\r\n", cl);
                const int len = head.mid(cl + 15, eol < 0 ? -1 : eol - cl - 15).trimmed().toInt();
                if (out.size() >= headerEnd + 4 + len)
                    break;
            }
        }
    }
    return out;
}

/** The status code of the first response in `bytes` ("HTTP/1.1 200 OK…" → 200); 0 if none. */
inline int statusOf(const QByteArray& bytes)
{
    if (!bytes.startsWith("HTTP/1."))
        return 0;
    return bytes.mid(9, 3).toInt();
}

/** A realistic event-schema JSON body with a unique id. */
inline QByteArray sampleEvent(const QString& id, const QString& subject = u"Issue with billing"_s)
{
    QJsonObject o {
        { u"id"_s, id },
        { u"messageId"_s, u"<%1@mail.example>"_s.arg(id) },
        { u"receivedAt"_s, u"2026-04-14T12:34:56Z"_s },
        { u"from"_s, QJsonObject { { u"address"_s, u"sender@example.com"_s }, { u"name"_s, u"Sender Name"_s } } },
        { u"to"_s, QJsonArray { QJsonObject { { u"address"_s, u"support@yourapp.com"_s }, { u"name"_s, u""_s } } } },
        { u"cc"_s, QJsonArray {} },
        { u"subject"_s, subject },
        { u"text"_s, u"Plain text body"_s },
        { u"html"_s, u"<p>HTML body</p>"_s },
        { u"attachments"_s, QJsonArray {} },
        { u"headers"_s, QJsonObject { { u"content-type"_s, u"multipart/alternative"_s } } },
    };
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace hookscope::test
