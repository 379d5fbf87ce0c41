#include "clamdclient.h"

#include <QElapsedTimer>
#include <QLocalSocket>
#include <QTcpSocket>
#include <QtEndian>

#include <memory>

using namespace Qt::StringLiterals;

namespace hookscope::scan {

std::optional<ClamdAddress> ClamdAddress::parse(const QString& text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return std::nullopt;
    ClamdAddress a;
    if (t.contains(u'/')) {
        a.socketPath = t;
        return a;
    }
    const qsizetype colon = t.lastIndexOf(u':');
    if (colon <= 0)
        return std::nullopt;
    QString host = t.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const uint port = t.mid(colon + 1).toUInt(&ok);
    if (!ok || port == 0 || port > 65535 || host.isEmpty())
        return std::nullopt;
    a.host = host;
    a.port = quint16(port);
    return a;
}

QString ClamdAddress::toString() const
{
    if (!socketPath.isEmpty())
        return socketPath;
    return (host.contains(u':') ? u"[%1]:%2"_s : u"%1:%2"_s).arg(host).arg(port);
}

ClamdClient::ClamdClient(ClamdAddress address, int timeoutMs)
    : m_address(std::move(address))
    , m_timeoutMs(timeoutMs)
{
}

namespace {

/** clamd's StreamMaxLength is 25 MB by default; chunks well under its limits. */
constexpr qsizetype kChunk = 64 * 1024;

} // namespace

Result<QByteArray> ClamdClient::exchange(const QByteArray& command, const QByteArray* stream) const
{
    std::unique_ptr<QIODevice> device;
    QString connectError;
    if (!m_address.socketPath.isEmpty()) {
        auto socket = std::make_unique<QLocalSocket>();
        socket->connectToServer(m_address.socketPath);
        if (!socket->waitForConnected(m_timeoutMs))
            connectError = socket->errorString();
        device = std::move(socket);
    } else {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(m_address.host, m_address.port);
        if (!socket->waitForConnected(m_timeoutMs))
            connectError = socket->errorString();
        device = std::move(socket);
    }
    if (!connectError.isEmpty())
        return fail(u"unreachable: cannot connect to clamd at %1: %2"_s.arg(m_address.toString(), connectError));

    QElapsedTimer clock;
    clock.start();
    const auto remaining = [&] { return int(qMax<qint64>(1, m_timeoutMs - clock.elapsed())); };
    const auto waitWritten = [&]() -> bool {
        auto* local = qobject_cast<QLocalSocket*>(device.get());
        auto* tcp = qobject_cast<QTcpSocket*>(device.get());
        while (device->bytesToWrite() > 0) {
            const bool ok = local ? local->waitForBytesWritten(remaining()) : tcp->waitForBytesWritten(remaining());
            if (!ok || clock.elapsed() > m_timeoutMs)
                return false;
        }
        return true;
    };
    const auto waitRead = [&](int ms = -1) -> bool {
        auto* local = qobject_cast<QLocalSocket*>(device.get());
        auto* tcp = qobject_cast<QTcpSocket*>(device.get());
        const int wait = ms >= 0 ? ms : remaining();
        return local ? local->waitForReadyRead(wait) : tcp->waitForReadyRead(wait);
    };

    device->write(command);
    device->write(QByteArray(1, '\0'));
    bool sent = waitWritten();
    QByteArray answer;
    if (sent && stream) {
        // clamd answers early and closes when it refuses the stream (past StreamMaxLength): stop sending then, and
        // keep its answer (writing on would reset the connection, and over TCP lose what it said).
        for (qsizetype at = 0; sent && at < stream->size() && answer.isEmpty(); at += kChunk) {
            // Take in an early answer before writing more: a write after clamd closed fails and loses it.
            if (at > 0 && waitRead(0)) {
                answer += device->readAll();
                if (!answer.isEmpty())
                    break;
            }
            const qsizetype n = qMin(kChunk, stream->size() - at);
            const quint32 length = qToBigEndian(quint32(n));
            device->write(reinterpret_cast<const char*>(&length), 4);
            device->write(stream->constData() + at, n);
            sent = waitWritten();
            answer += device->readAll();
        }
        if (sent && answer.isEmpty()) {
            const quint32 end = 0; // a chunk of length zero ends the stream
            device->write(reinterpret_cast<const char*>(&end), 4);
            sent = waitWritten();
        }
    }
    // clamd may answer (and close) early, e.g. "INSTREAM size limit exceeded": read what it said either way.
    answer += device->readAll();
    while (!answer.contains('\0') && clock.elapsed() <= m_timeoutMs) {
        if (!waitRead())
            break;
        answer += device->readAll();
    }
    if (answer.isEmpty())
        return fail(sent ? u"clamd at %1 did not answer within %2 ms"_s.arg(m_address.toString()).arg(m_timeoutMs)
                         : u"clamd at %1 closed the connection: %2"_s.arg(m_address.toString(), device->errorString()));
    const qsizetype end = answer.indexOf('\0');
    return end >= 0 ? answer.left(end) : answer;
}

ClamdVerdict ClamdClient::scan(const QByteArray& data) const
{
    auto answer = exchange("zINSTREAM", &data);
    if (!answer) {
        if (answer.error().startsWith(u"unreachable: "_s))
            return { ClamdVerdict::Kind::Unreachable, {}, answer.error().mid(13) };
        return { ClamdVerdict::Kind::Error, {}, answer.error() };
    }
    QByteArray line = answer->trimmed();
    // "stream: OK", "stream: Eicar-Signature FOUND", "INSTREAM size limit exceeded. ERROR"
    if (line.startsWith("stream: "))
        line = line.mid(8);
    if (line == "OK")
        return { ClamdVerdict::Kind::Clean, {}, {} };
    if (line.endsWith(" FOUND"))
        return { ClamdVerdict::Kind::Infected, QString::fromUtf8(line.chopped(6)), {} };
    if (line.endsWith(" ERROR"))
        line.chop(6);
    return { ClamdVerdict::Kind::Error, {}, u"clamd: "_s + QString::fromUtf8(line) };
}

Result<QString> ClamdClient::version() const
{
    auto answer = exchange("zVERSION", nullptr);
    if (!answer)
        return fail(answer.error().startsWith(u"unreachable: "_s) ? answer.error().mid(13) : answer.error());
    return QString::fromUtf8(answer->trimmed());
}

bool ClamdClient::ping() const
{
    auto answer = exchange("zPING", nullptr);
    return answer && answer->trimmed() == "PONG";
}

} // namespace hookscope::scan
