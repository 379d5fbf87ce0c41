// Limits and answers of the listener, against the real `hookscope serve` over real sockets.

#include "testsupport.h"

#include <QSqlDatabase>
#include <QSqlQuery>

#include <sys/resource.h>

using namespace hookscope::test;
using namespace Qt::StringLiterals;

namespace {

/** A plain TCP client that can send in steps and tells how the server ended the connection. */
class RawClient {
public:
    explicit RawClient(quint16 port, bool tls = false)
    {
        if (tls) {
            m_socket.setPeerVerifyMode(QSslSocket::VerifyNone);
            m_socket.connectToHostEncrypted(u"127.0.0.1"_s, port);
            m_socket.waitForEncrypted(kWaitMs);
        } else {
            m_socket.connectToHost(QHostAddress::LocalHost, port);
            m_socket.waitForConnected(kWaitMs);
        }
    }
    bool connected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    void send(const QByteArray& bytes)
    {
        m_socket.write(bytes);
        m_socket.waitForBytesWritten(kWaitMs);
    }
    /**
     * Reads until `marker` has arrived (true) or `waitMs` passed. The default is a deadline for an answer that is
     * coming; a short `waitMs` is a window in which nothing may arrive (a load can only make that more likely).
     */
    bool readUntil(const QByteArray& marker, int waitMs = kWaitMs)
    {
        QElapsedTimer t;
        t.start();
        while (!m_in.contains(marker) && t.elapsed() < waitMs) {
            if (m_socket.state() != QAbstractSocket::ConnectedState) {
                m_in += m_socket.readAll();
                break;
            }
            if (m_socket.waitForReadyRead(50))
                m_in += m_socket.readAll();
        }
        m_in += m_socket.readAll();
        return m_in.contains(marker);
    }
    /** Reads until the server closes; true when it did so within `waitMs` (as above). */
    bool readToClose(int waitMs = kWaitMs)
    {
        QElapsedTimer t;
        t.start();
        while (m_socket.state() == QAbstractSocket::ConnectedState && t.elapsed() < waitMs) {
            if (m_socket.waitForReadyRead(50))
                m_in += m_socket.readAll();
        }
        m_in += m_socket.readAll();
        return m_socket.state() != QAbstractSocket::ConnectedState;
    }
    /** How the connection ended: RemoteHostClosedError for a clean close, ConnectionRefused… for a reset. */
    QAbstractSocket::SocketError error() const { return m_socket.error(); }
    const QByteArray& received() const { return m_in; }
    void clear() { m_in.clear(); }
    int status() const { return statusOf(m_in); }

private:
    QSslSocket m_socket;
    QByteArray m_in;
};

QByteArray post(const QByteArray& extraHeaders, const QByteArray& body, const QByteArray& version = "1.1")
{
    return "POST /webhooks/email HTTP/" + version + "\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + extraHeaders + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

/** The events `list --json` shows, newest first. */
QJsonArray listEvents(const ServeProcess& serve)
{
    const CliResult r = serve.cli({ u"list"_s, u"--json"_s, u"--limit"_s, u"0"_s });
    return r.json().array();
}

/** The first event whose flags carry `flag`, waiting (30 s at most) for its commit. */
QJsonObject eventFlagged(const ServeProcess& serve, const QString& flag)
{
    QJsonObject found;
    const QByteArray what = "an event flagged " + flag.toUtf8();
    const bool ok = waitFor(
        [&] {
            for (const QJsonValue& v : listEvents(serve)) {
                if (v[u"flags"_s].toArray().contains(flag))
                    found = v.toObject();
            }
            return !found.isEmpty();
        },
        what.constData());
    return ok ? found : QJsonObject();
}

/** Whether the after-ack email reading has run over event `id` (its `processed` mark, read from the store). */
bool processed(const ServeProcess& serve, qint64 id)
{
    const QString name = u"processed-probe"_s;
    bool done = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(serve.dbPath());
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
        if (db.open()) {
            QSqlQuery q(db);
            done = q.exec(u"SELECT processed FROM events WHERE id = %1"_s.arg(id)) && q.next() && q.value(0).toBool();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return done;
}

QJsonObject showJson(const ServeProcess& serve, qint64 id)
{
    return serve.cli({ u"show"_s, QString::number(id), u"--json"_s }).json().object();
}

} // namespace

class TestLimits final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void oversizeFromContentLength_data();
    void oversizeFromContentLength();
    void oversizeChunked();
    void headerTooLarge_data();
    void headerTooLarge();
    void malformed_data();
    void malformed();
    void expectContinue();
    void otherExpectation();
    void http10_data();
    void http10();
    void headerTimeout();
    void silentConnectionTimesOut();
    void bodyStall();
    void connectionCap();
    void pipelinedInOrder();
    void badPayloads_data();
    void badPayloads();
    void failedCommitAnswers503();
    void serveRejectsBadLimitFlags_data();
    void serveRejectsBadLimitFlags();
};

void TestLimits::oversizeFromContentLength_data()
{
    QTest::addColumn<bool>("tls");
    QTest::addRow("http") << false;
    QTest::addRow("https") << true;
}

void TestLimits::oversizeFromContentLength()
{
    QFETCH(bool, tls);
    ServeProcess serve;
    QVERIFY2(serve.start({ u"--max-body"_s, u"1000"_s }, tls), serve.log().constData());

    RawClient client(tls ? serve.httpsPort() : serve.httpPort(), tls);
    QVERIFY(client.connected());
    // Only the head: the answer must come from Content-Length alone, before any body byte is sent.
    client.send("POST /webhooks/email HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Content-Length: 5000000\r\n\r\n");
    QVERIFY2(client.readUntil("too large"), client.received().constData());
    QCOMPARE(client.status(), 413);
    // Some of the body follows anyway (a client that does not read while sending): the server drains it
    // and closes cleanly, it does not reset the connection.
    client.send(QByteArray(200'000, 'x'));
    QVERIFY(client.readToClose());
    QCOMPARE(client.error(), QAbstractSocket::RemoteHostClosedError);
    QCOMPARE(client.status(), 413);

    const QJsonObject event = eventFlagged(serve, u"refused-413"_s);
    QVERIFY2(!event.isEmpty(), QJsonDocument(listEvents(serve)).toJson().constData());
    QVERIFY(event[u"flags"_s].toArray().contains(u"truncated"_s));
    QCOMPARE(event[u"quarantined"_s].toString(), u"oversize"_s);
    const QJsonObject shown = showJson(serve, qint64(event[u"id"_s].toDouble()));
    const QJsonObject delivery = shown[u"deliveryList"_s].toArray().first().toObject();
    QCOMPARE(delivery[u"refused"_s].toInt(), 413);
    QCOMPARE(delivery[u"truncated"_s].toBool(), true);
    QCOMPARE(delivery[u"statusCode"_s].toInt(), 413);
    // The recorded head is the request's, request line included.
    const CliResult raw = serve.cli({ u"show"_s, QString::number(qint64(event[u"id"_s].toDouble())), u"--raw"_s });
    QVERIFY2(raw.out.startsWith("POST /webhooks/email HTTP/1.1\r\n"), raw.out.left(200).constData());
    QVERIFY(raw.out.contains("Content-Length: 5000000\r\n\r\n"));
}

void TestLimits::oversizeChunked()
{
    ServeProcess serve;
    QVERIFY2(serve.start({ u"--max-body"_s, u"1000"_s }, false), serve.log().constData());

    RawClient client(serve.httpPort());
    client.send("POST /webhooks/email HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
    client.send("190\r\n" + QByteArray(400, 'a') + "\r\n");
    client.send("190\r\n" + QByteArray(400, 'b') + "\r\n");
    // 800 bytes so far: under the limit, nothing is answered yet.
    QVERIFY(!client.readUntil("HTTP/1.1", 300));
    client.send("190\r\n" + QByteArray(400, 'c') + "\r\n");
    QVERIFY2(client.readUntil("too large"), client.received().constData());
    QCOMPARE(client.status(), 413);
    QVERIFY(client.readToClose());
    QCOMPARE(client.error(), QAbstractSocket::RemoteHostClosedError);

    const QJsonObject event = eventFlagged(serve, u"refused-413"_s);
    QVERIFY(!event.isEmpty());
    const qint64 id = qint64(event[u"id"_s].toDouble());
    const QByteArray body = serve.cli({ u"show"_s, QString::number(id), u"--body"_s }).out;
    // What was kept is a prefix of what arrived, as on the wire (chunk framing included).
    QVERIFY2(body.startsWith(QByteArray("190\r\n" + QByteArray(400, 'a'))), body.left(40).constData());
    QVERIFY(body.size() <= 1300);
}

void TestLimits::headerTooLarge_data()
{
    QTest::addColumn<bool>("split");
    QTest::addRow("one write") << false;
    QTest::addRow("request line first") << true;
}

void TestLimits::headerTooLarge()
{
    QFETCH(bool, split);
    ServeProcess serve;
    QVERIFY2(serve.start({}, false), serve.log().constData());

    RawClient client(serve.httpPort());
    const QByteArray line = "POST /webhooks/email HTTP/1.1\r\n";
    QByteArray fields = "Host: x\r\n";
    for (int i = 0; fields.size() < 70 * 1024; ++i)
        fields += "X-Filler-" + QByteArray::number(i) + ": " + QByteArray(1000, 'f') + "\r\n";
    if (split) {
        // The request line on its own, then the fields in pieces: the head is counted whole however it is split.
        // The pause is the input's shape (two writes apart, so the listener most likely reads the line alone), not
        // a wait for anything: nothing below depends on how the reads fell, and tst_http_framer feeds every split.
        client.send(line);
        QTest::qWait(100);
        for (qsizetype at = 0; at < fields.size(); at += 8192) {
            client.send(fields.mid(at, 8192));
            if (client.readUntil("HTTP/1.1", 20))
                break;
        }
    } else {
        client.send(line + fields);
    }
    QVERIFY2(client.readUntil("too large"), client.received().left(200).constData());
    QCOMPARE(client.status(), 431);
    QVERIFY(client.readToClose());

    const QJsonObject event = eventFlagged(serve, u"refused-431"_s);
    QVERIFY(!event.isEmpty());
    const QByteArray raw = serve.cli({ u"show"_s, QString::number(qint64(event[u"id"_s].toDouble())), u"--raw"_s }).out;
    QVERIFY2(raw.startsWith(line), raw.left(100).constData());

    // A head just under the limit is fine.
    QByteArray near = "Host: x\r\nX-Pad: ";
    const QByteArray tail = "\r\nContent-Length: 2\r\n\r\n{}";
    near += QByteArray(64 * 1024 - line.size() - near.size() - int(tail.size()) + 2, 'p');
    const QByteArray ok = rawExchange(serve.httpPort(), line + near + tail);
    QCOMPARE(statusOf(ok), 200);
}

void TestLimits::malformed_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addRow("garbage line") << QByteArray("HELLO\r\n\r\n");
    QTest::addRow("no version") << QByteArray("POST /webhooks/email\r\nHost: x\r\n\r\n");
    QTest::addRow("bad version") << QByteArray("POST / HTTP/9.9\r\nHost: x\r\n\r\n");
    QTest::addRow("space in header name") << QByteArray("POST / HTTP/1.1\r\nBad Header: v\r\n\r\n");
    QTest::addRow("header without colon") << QByteArray("POST / HTTP/1.1\r\nHost x\r\n\r\n");
    QTest::addRow("control char in value") << QByteArray("POST / HTTP/1.1\r\nHost: a\x01z\r\n\r\n");
    QTest::addRow("bad content-length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 12x\r\n\r\n");
    QTest::addRow("two content-lengths") << QByteArray(
        "POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}");
    QTest::addRow("content-length and chunked")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
    QTest::addRow("unknown transfer coding") << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\nxx");
    QTest::addRow("bad chunk size") << QByteArray(
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    QTest::addRow("chunk without crlf") << QByteArray(
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n");
    QTest::addRow("chunked in HTTP/1.0") << QByteArray(
        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
}

void TestLimits::malformed()
{
    QFETCH(QByteArray, request);
    ServeProcess serve;
    QVERIFY2(serve.start({}, false), serve.log().constData());

    RawClient client(serve.httpPort());
    client.send(request);
    QVERIFY(client.readToClose());
    QCOMPARE(client.status(), 400);
    QVERIFY2(client.received().contains("malformed request"), client.received().constData());
    QCOMPARE(client.error(), QAbstractSocket::RemoteHostClosedError);

    const QJsonObject event = eventFlagged(serve, u"refused-400"_s);
    QVERIFY(!event.isEmpty());
    // The server is still serving.
    QCOMPARE(statusOf(rawExchange(serve.httpPort(), post({}, "{}"))), 200);
}

void TestLimits::expectContinue()
{
    ServeProcess serve;
    QVERIFY2(serve.start({ u"--secret"_s, u"s3cret"_s }, false), serve.log().constData());

    const QByteArray body = sampleEvent(u"evt_continue"_s);
    const qint64 ts = QDateTime::currentMSecsSinceEpoch();
    RawClient client(serve.httpPort());
    client.send("POST /webhooks/email HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                "X-Webhook-Timestamp: "
        + QByteArray::number(ts) + "\r\nX-Webhook-Signature: " + signMailparse("s3cret", ts, body)
        + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n");
    QVERIFY2(client.readUntil("\r\n\r\n"), client.received().constData());
    QVERIFY2(client.received().startsWith("HTTP/1.1 100 Continue\r\n\r\n"), client.received().constData());
    client.send(body);
    QVERIFY(client.readUntil("{\"ok\":true}"));
    const QByteArray final = client.received().mid(client.received().indexOf("\r\n\r\n") + 4);
    QCOMPARE(statusOf(final), 200);

    // The whole exchange was kept on the connection (keep-alive) and the event stored once.
    const QJsonArray events = listEvents(serve);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first()[u"status"_s].toString(), u"verified"_s);
}

void TestLimits::otherExpectation()
{
    ServeProcess serve;
    QVERIFY2(serve.start({}, false), serve.log().constData());
    RawClient client(serve.httpPort());
    client.send("POST /webhooks/email HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\nContent-Length: 2\r\n\r\n");
    QVERIFY(client.readToClose());
    QCOMPARE(client.status(), 417);
    QVERIFY(!eventFlagged(serve, u"refused-417"_s).isEmpty());
}

void TestLimits::http10_data()
{
    QTest::addColumn<QByteArray>("connection");
    QTest::addColumn<bool>("keptAlive");
    QTest::addRow("default closes") << QByteArray() << false;
    QTest::addRow("keep-alive asked") << QByteArray("Connection: keep-alive\r\n") << true;
}

void TestLimits::http10()
{
    QFETCH(QByteArray, connection);
    QFETCH(bool, keptAlive);
    ServeProcess serve;
    QVERIFY2(serve.start({}, false), serve.log().constData());

    RawClient client(serve.httpPort());
    client.send(post(connection, "{}", "1.0"));
    QVERIFY(client.readUntil("{\"ok\":true}"));
    const QByteArray head = client.received().left(client.received().indexOf("\r\n\r\n")).toLower();
    QVERIFY2(client.received().startsWith("HTTP/1.0 200 "), client.received().constData());
    // Never chunked to an HTTP/1.0 client; always a length.
    QVERIFY(!head.contains("transfer-encoding"));
    QVERIFY(head.contains("content-length: 11"));
    if (keptAlive) {
        QVERIFY(head.contains("connection: keep-alive"));
        QVERIFY(!client.readToClose(300));
        client.clear();
        client.send(post(connection, "[]", "1.0"));
        QVERIFY(client.readUntil("{\"ok\":true}"));
        QVERIFY2(client.received().startsWith("HTTP/1.0 200 "), client.received().constData());
    } else {
        QVERIFY(head.contains("connection: close"));
        QVERIFY(client.readToClose());
    }
}

void TestLimits::headerTimeout()
{
    // The 408 is the behaviour; what is asserted is its order against the client's bytes, which no load can
    // change: not before the timeout has run from the first byte (a lower bound), and while bytes are still
    // trickling in, one every 100 ms (so trickling did not extend the deadline).
    constexpr int TimeoutMs = 600;
    ServeProcess serve;
    QVERIFY2(serve.start({ u"--header-timeout"_s, QString::number(TimeoutMs) }, false), serve.log().constData());

    RawClient client(serve.httpPort());
    QElapsedTimer sinceFirstByte;
    sinceFirstByte.start();
    client.send("POST /webhooks/email HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    // A byte every 100 ms for up to 300 bytes (30 s and more): a deadline that each byte restarted would let
    // this run to the end.
    int trickled = 0;
    bool answeredWhileTrickling = false;
    for (; trickled < 300; ++trickled) {
        client.send("a");
        if (client.readUntil("HTTP/1.1", 100)) {
            answeredWhileTrickling = true;
            break;
        }
    }
    QVERIFY2(answeredWhileTrickling, qPrintable(u"no answer after %1 trickled bytes"_s.arg(trickled)));
    QVERIFY(client.readToClose());
    QCOMPARE(client.status(), 408);
    QVERIFY2(sinceFirstByte.elapsed() >= TimeoutMs - 50, QByteArray::number(sinceFirstByte.elapsed()).constData());

    const QJsonObject event = eventFlagged(serve, u"refused-408"_s);
    QVERIFY(!event.isEmpty());
    QVERIFY(event[u"flags"_s].toArray().contains(u"truncated"_s));
    const QByteArray raw = serve.cli({ u"show"_s, QString::number(qint64(event[u"id"_s].toDouble())), u"--raw"_s }).out;
    QVERIFY2(raw.startsWith("POST /webhooks/email HTTP/1.1\r\nHost: x\r\nX-Slow: a"), raw.constData());
}

void TestLimits::silentConnectionTimesOut()
{
    ServeProcess serve;
    QVERIFY2(serve.start({ u"--header-timeout"_s, u"500"_s }, false), serve.log().constData());
    // It gets the header timeout (0.5 s), not the 120 s keep-alive idle timeout: the wait below ends long before.
    RawClient client(serve.httpPort());
    QVERIFY(client.readToClose());
    QCOMPARE(client.status(), 408);
}

void TestLimits::bodyStall()
{
    // Each byte restarts the stall clock: bytes every 100 ms keep a 3 s timeout from firing for 4 s and more
    // (30 gaps far below the timeout, however loaded the machine); once they stop, the 408 comes, not before the
    // timeout has run from the last byte (a lower bound).
    constexpr int TimeoutMs = 3000;
    ServeProcess serve;
    QVERIFY2(serve.start({ u"--body-timeout"_s, QString::number(TimeoutMs) }, false), serve.log().constData());

    RawClient client(serve.httpPort());
    client.send("POST /webhooks/email HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\":");
    QElapsedTimer trickling;
    trickling.start();
    QElapsedTimer sinceLastByte; // started before each byte is sent, so before the server can have it
    for (int i = 0; i < 40; ++i) {
        QVERIFY2(!client.readUntil("HTTP/1.1", 100), client.received().constData());
        sinceLastByte.start();
        client.send("1");
    }
    QVERIFY(trickling.elapsed() > TimeoutMs);
    QVERIFY(client.connected());
    QVERIFY(client.readToClose());
    QCOMPARE(client.status(), 408);
    QVERIFY2(sinceLastByte.elapsed() >= TimeoutMs - 50, QByteArray::number(sinceLastByte.elapsed()).constData());

    const QJsonObject event = eventFlagged(serve, u"refused-408"_s);
    QVERIFY(!event.isEmpty());
    const QByteArray body
        = serve.cli({ u"show"_s, QString::number(qint64(event[u"id"_s].toDouble())), u"--body"_s }).out;
    QCOMPARE(body, QByteArray("{\"a\":" + QByteArray(40, '1')));
}

void TestLimits::connectionCap()
{
    // A long header timeout: the held connections stay mid-request for as long as the test takes.
    ServeProcess serve;
    QVERIFY2(serve.start({ u"--max-connections"_s, u"3"_s, u"--header-timeout"_s, u"600000"_s }, false),
        serve.log().constData());

    // Three connections, each answered once (so the server has surely accepted it), then left mid-request.
    std::vector<std::unique_ptr<RawClient>> held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(std::make_unique<RawClient>(serve.httpPort()));
        held.back()->send(post({}, "{}"));
        QVERIFY2(held.back()->readUntil("{\"ok\":true}"), held.back()->received().constData());
        held.back()->clear();
        held.back()->send("POST /webhooks/email HTTP/1.1\r\n");
    }
    RawClient extra(serve.httpPort());
    extra.send(post({}, "{}"));
    QVERIFY(extra.readToClose());
    QCOMPARE(extra.status(), 503);
    QCOMPARE(extra.error(), QAbstractSocket::RemoteHostClosedError);

    // Once a slot frees up, requests are served again.
    held.pop_back();
    int status = 0;
    WAIT_FOR((status = statusOf(rawExchange(serve.httpPort(), post({}, "{}")))) == 200,
        "a request to be served once a held connection closed");
    // The held connections are still served when they finish their request.
    held.front()->send("Host: x\r\nContent-Length: 2\r\n\r\n{}");
    QVERIFY(held.front()->readUntil("{\"ok\":true}"));
}

void TestLimits::pipelinedInOrder()
{
    ServeProcess serve;
    QVERIFY2(serve.start({}, false), serve.log().constData());
    // Many requests in one write, some large: each answered once, in order, while later ones wait unread.
    QByteArray stream;
    const int count = 40;
    for (int i = 0; i < count; ++i)
        stream += post("X-Seq: " + QByteArray::number(i) + "\r\n",
            sampleEvent(u"evt_pipe_%1"_s.arg(i), QString(i % 5 == 0 ? 200'000 : 10, u'p')));
    RawClient client(serve.httpPort());
    client.send(stream);
    QElapsedTimer t;
    t.start();
    while (client.received().count("{\"ok\":true}") < count && t.elapsed() < kWaitMs)
        client.readUntil("never", 100);
    QCOMPARE(client.received().count("HTTP/1.1 200 OK"), count);
    QTRY_COMPARE_WITH_TIMEOUT(listEvents(serve).size(), count, kWaitMs);
    const QJsonArray events = listEvents(serve);
    // Newest first: stored in the order sent.
    for (int i = 0; i < count; ++i)
        QCOMPARE(events[count - 1 - i][u"eventId"_s].toString(), u"evt_pipe_%1"_s.arg(i));
}

void TestLimits::badPayloads_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("malformed");
    QTest::addRow("invalid json") << QByteArray("application/json") << QByteArray("{\"id\": \"evt_1\", \"subject\": ")
                                  << true;
    QTest::addRow("not json at all") << QByteArray("application/json") << QByteArray("\xff\xfe\x00garbage", 10) << true;
    QTest::addRow("bad base64") << QByteArray("application/json")
                                << QByteArray("{\"id\":\"evt_b64\",\"messageId\":\"<b@x>\",\"subject\":\"s\","
                                              "\"attachments\":[{\"filename\":\"a.png\",\"contentType\":\"image/png\","
                                              "\"dataBase64\":\"!!!not*base64%%%\"}]}")
                                << false;
    QTest::addRow("broken mime") << QByteArray("message/rfc822")
                                 << QByteArray("Content-Type: multipart/mixed; boundary=\"zz\"\r\nSubject: =?utf-8?B?"
                                               "@@@?=\r\n\r\n--zz\r\nContent-Type: text/plain\r\nContent-Transfer-"
                                               "Encoding: base64\r\n\r\n!!!!\r\n--z")
                                 << false;
    QTest::addRow("truncated form") << QByteArray("multipart/form-data; boundary=xyz")
                                    << QByteArray("--xyz\r\nContent-Disposition: form-data; name=\"from\"\r\n\r\nab")
                                    << false;
}

void TestLimits::badPayloads()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(bool, malformed);
    ServeProcess serve;
    QVERIFY2(serve.start({ u"--secret"_s, u"k"_s }, false), serve.log().constData());

    const qint64 ts = QDateTime::currentMSecsSinceEpoch();
    const HttpReply reply = send(serve.url(), body,
        { { "Content-Type", contentType }, { "X-Webhook-Timestamp", QByteArray::number(ts) },
            { "X-Webhook-Signature", signMailparse("k", ts, body) } });
    // Validly signed: acknowledged (a retry would not fix it), stored with its exact bytes.
    QCOMPARE(reply.status, 200);
    QJsonArray events;
    QTRY_VERIFY_WITH_TIMEOUT((events = listEvents(serve)).size() == 1, kWaitMs);
    const QJsonObject event = events.first().toObject();
    QCOMPARE(event[u"status"_s].toString(), u"verified"_s);
    const qint64 id = qint64(event[u"id"_s].toDouble());
    QCOMPARE(serve.cli({ u"show"_s, QString::number(id), u"--body"_s }).out, body);
    if (malformed) {
        QVERIFY(event[u"flags"_s].toArray().contains(u"malformed-payload"_s));
        QCOMPARE(event[u"quarantined"_s].toString(), u"malformed-payload"_s);
    }
    // The after-ack email reading has run over it without taking the server down.
    WAIT_FOR(processed(serve, id), "the email reading after the ack to have run over the event");
    QCOMPARE(serve.process()->state(), QProcess::Running);
    QCOMPARE(showJson(serve, id)[u"id"_s].toDouble(), double(id));
    QCOMPARE(sendSigned(serve.url(), sampleEvent(u"evt_after"_s), "k").status, 200);
}

void TestLimits::failedCommitAnswers503()
{
    // A full disk, made real for this process only: a file size limit the store's files cannot grow past.
    // Writes beyond it fail with EFBIG (SIGXFSZ ignored), as they would with ENOSPC.
    ServeProcess serve;
    QVERIFY2(serve.start({ u"--secret"_s, u"k"_s }, false), serve.log().constData());
    const qint64 pid = serve.process()->processId();

    // The schema and a first event are on disk.
    QCOMPARE(sendSigned(serve.url(), sampleEvent(u"evt_before"_s), "k").status, 200);

    struct rlimit limit { };
    QCOMPARE(prlimit(pid_t(pid), RLIMIT_FSIZE, nullptr, &limit), 0);
    const rlimit original = limit;
    limit.rlim_cur = 64 * 1024;
    QCOMPARE(prlimit(pid_t(pid), RLIMIT_FSIZE, &limit, nullptr), 0);

    // A body larger than the limit cannot be committed: the answer is 503, never 200.
    const QByteArray big = sampleEvent(u"evt_big"_s, QString(300'000, u'x'));
    const HttpReply refused = sendSigned(serve.url(), big, "k");
    QCOMPARE(refused.status, 503);
    QVERIFY2(refused.body.startsWith("store unavailable"), refused.body.constData());
    QCOMPARE(serve.process()->state(), QProcess::Running);

    // The cause goes away: serving resumes, the same event is accepted and stored byte for byte.
    QCOMPARE(prlimit(pid_t(pid), RLIMIT_FSIZE, &original, nullptr), 0);
    QCOMPARE(sendSigned(serve.url(), big, "k").status, 200);
    QCOMPARE(sendSigned(serve.url(), sampleEvent(u"evt_after"_s), "k").status, 200);
    serve.stop();
    const QJsonArray events = listEvents(serve);
    QCOMPARE(events.size(), 3);
    for (const QJsonValue& v : events) {
        if (v[u"eventId"_s].toString() == u"evt_big"_s)
            QCOMPARE(serve.cli({ u"show"_s, QString::number(qint64(v[u"id"_s].toDouble())), u"--body"_s }).out, big);
    }
}

void TestLimits::serveRejectsBadLimitFlags_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addRow("max-body zero") << QStringList { u"--max-body"_s, u"0"_s };
    QTest::addRow("max-body text") << QStringList { u"--max-body"_s, u"lots"_s };
    QTest::addRow("max-connections negative") << QStringList { u"--max-connections"_s, u"-1"_s };
    QTest::addRow("header-timeout huge") << QStringList { u"--header-timeout"_s, u"99999999999"_s };
    QTest::addRow("body-timeout empty") << QStringList { u"--body-timeout"_s, u""_s };
}

void TestLimits::serveRejectsBadLimitFlags()
{
    QFETCH(QStringList, args);
    QTemporaryDir home;
    const CliResult r = runCli(
        QStringList { u"serve"_s, u"--http"_s, u"0"_s, u"--https"_s, u"0"_s, u"--db"_s, home.path() + u"/e.db"_s }
            + args,
        isolatedEnvironment(home.path()));
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("positive whole number"), r.err.constData());
}

QTEST_GUILESS_MAIN(TestLimits)
#include "tst_limits.moc"
