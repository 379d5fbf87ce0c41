// The real `hookscope serve` binary on free ports, driven by real HTTP and HTTPS clients, read back through
// the real command line.
#include "testsupport.h"

#include <QRandomGenerator>
#include <QSslKey>

using namespace Qt::StringLiterals;
using namespace hookscope;
using test::CliResult;

class TestServe : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void signedEventIsStored();
    void refusals_data();
    void refusals();
    void sameEventTwiceIsOneEventWithTwoDeliveries();
    void failedDeliveryJoinsItsEvent();
    void httpsWorks();
    void largeAndBinaryBodiesComeBackByteIdentical_data();
    void largeAndBinaryBodiesComeBackByteIdentical();
    void chunkedBodyIsDechunkedInBodyAndKeptInRaw();
    void keepAliveServesSeveralRequests();
    void malformedPayloadIsAcknowledgedAndFlagged();
    void statusFilters();
    void showAndListUsage();
    void noSecretStoresUnverified();
    void processesStartedTogetherShareOneCertificate();

private:
    QJsonObject eventByProviderId(const QString& id);
    test::ServeProcess m_serve;
    const QByteArray m_secret = "integration-secret";
};

void TestServe::initTestCase()
{
    QVERIFY2(m_serve.start({ u"--secret"_s, QString::fromLatin1(m_secret) }), m_serve.log().constData());
    const QByteArray log = m_serve.log();
    QVERIFY(log.contains(QByteArray("listening: http://127.0.0.1:" + QByteArray::number(m_serve.httpPort()))));
    QVERIFY(log.contains(QByteArray("listening: https://127.0.0.1:" + QByteArray::number(m_serve.httpsPort()))));
    QVERIFY(log.contains("certificate SHA-256: "));
}

void TestServe::cleanupTestCase()
{
    m_serve.stop();
}

QJsonObject TestServe::eventByProviderId(const QString& id)
{
    const CliResult r = m_serve.cli({ u"list"_s, u"--json"_s, u"--limit"_s, u"0"_s });
    if (r.exitCode != 0)
        return {};
    for (const auto& v : r.json().array()) {
        if (v.toObject().value(u"eventId"_s).toString() == id)
            return v.toObject();
    }
    return {};
}

void TestServe::signedEventIsStored()
{
    const QByteArray body = test::sampleEvent(u"evt_signed"_s, u"Issue with billing"_s);
    const auto reply = test::sendSigned(m_serve.url(), body, m_secret);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.body, QByteArray(R"({"ok":true})"));

    const QJsonObject e = eventByProviderId(u"evt_signed"_s);
    QVERIFY(!e.isEmpty());
    QCOMPARE(e.value(u"status"_s).toString(), u"verified"_s);
    QCOMPARE(e.value(u"deliveries"_s).toInt(), 1);
    QCOMPARE(e.value(u"duplicates"_s).toInt(), 0);
    QCOMPARE(e.value(u"messageId"_s).toString(), u"<evt_signed@mail.example>"_s);
    QCOMPARE(e.value(u"quarantined"_s).toBool(true), false);
    QCOMPARE(e.value(u"route"_s).toString(), u"default"_s);
    QVERIFY(e.value(u"id"_s).isDouble());
    QVERIFY(QDateTime::fromString(e.value(u"receivedAt"_s).toString(), Qt::ISODateWithMs).isValid());
    // Email fields follow moments after the ack.
    QTRY_COMPARE_WITH_TIMEOUT(
        eventByProviderId(u"evt_signed"_s).value(u"subject"_s).toString(), u"Issue with billing"_s, test::kWaitMs);
    QCOMPARE(eventByProviderId(u"evt_signed"_s).value(u"from"_s).toObject().value(u"address"_s).toString(),
        u"sender@example.com"_s);

    const QString id = QString::number(e.value(u"id"_s).toInteger());
    const CliResult body1 = m_serve.cli({ u"show"_s, id, u"--body"_s });
    QCOMPARE(body1.exitCode, 0);
    QCOMPARE(body1.out, body);
    const CliResult show = m_serve.cli({ u"show"_s, id, u"--json"_s });
    QCOMPARE(show.exitCode, 0);
    const QJsonObject delivery = show.json().object().value(u"deliveryList"_s).toArray().first().toObject();
    QCOMPARE(delivery.value(u"statusCode"_s).toInt(), 200);
    QCOMPARE(delivery.value(u"verification"_s).toString(), u"valid"_s);
    QCOMPARE(delivery.value(u"peer"_s).toString(), u"127.0.0.1"_s);
    QCOMPARE(delivery.value(u"tls"_s).toBool(), false);
    QCOMPARE(delivery.value(u"target"_s).toString(), u"/webhooks/email"_s);
    // The signed string reads back whole (stored as its prefix; the body is put back on reading).
    const QString canonical = delivery.value(u"verdict"_s).toObject().value(u"canonical"_s).toString();
    QVERIFY2(canonical.endsWith(u"."_s + QString::fromUtf8(body)), qPrintable(canonical));
    QVERIFY(canonical.section(u'.', 0, 0).toLongLong() > 1'700'000'000'000);
}

void TestServe::refusals_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("headersCase"); // 0 none, 1 only timestamp, 2 bad timestamp, 3 skewed, 4 wrong secret
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("quarantine");
    QTest::addRow("missing headers") << u"evt_r0"_s << 0 << 400 << QByteArray("missing headers") << u"missing-headers"_s
                                     << u"missing-signature"_s;
    QTest::addRow("missing signature") << u"evt_r1"_s << 1 << 400 << QByteArray("missing headers")
                                       << u"missing-headers"_s << u"missing-signature"_s;
    QTest::addRow("invalid timestamp") << u"evt_r2"_s << 2 << 400 << QByteArray("invalid timestamp")
                                       << u"invalid-timestamp"_s << u"timestamp-out-of-window"_s;
    QTest::addRow("skew") << u"evt_r3"_s << 3 << 400 << QByteArray("timestamp skew") << u"timestamp-skew"_s
                          << u"timestamp-out-of-window"_s;
    QTest::addRow("wrong signature") << u"evt_r4"_s << 4 << 401 << QByteArray("invalid signature")
                                     << u"invalid-signature"_s << u"invalid-signature"_s;
}

void TestServe::refusals()
{
    QFETCH(QString, id);
    QFETCH(int, headersCase);
    QFETCH(int, status);
    QFETCH(QByteArray, answer);
    QFETCH(QString, reason);
    QFETCH(QString, quarantine);

    const QByteArray body = test::sampleEvent(id);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    http::HttpHeaders headers;
    switch (headersCase) {
    case 1:
        headers.append({ "X-Webhook-Timestamp", QByteArray::number(now) });
        break;
    case 2:
        headers.append(http::HttpHeader { "X-Webhook-Timestamp", "soon" });
        headers.append({ "X-Webhook-Signature", test::signMailparse(m_secret, now, body) });
        break;
    case 3:
        headers.append({ "X-Webhook-Timestamp", QByteArray::number(now - 301'000) });
        headers.append({ "X-Webhook-Signature", test::signMailparse(m_secret, now - 301'000, body) });
        break;
    case 4:
        headers.append({ "X-Webhook-Timestamp", QByteArray::number(now) });
        headers.append({ "X-Webhook-Signature", test::signMailparse("not-the-secret", now, body) });
        break;
    }
    const auto reply = test::send(m_serve.url(), body, headers);
    QCOMPARE(reply.status, status);
    QCOMPARE(reply.body, answer);

    // Still stored, as failed, with its reason, and auto-quarantined.
    const QJsonObject e = eventByProviderId(id);
    QVERIFY2(!e.isEmpty(), qPrintable(id));
    QCOMPARE(e.value(u"status"_s).toString(), u"failed"_s);
    QCOMPARE(e.value(u"quarantined"_s).toString(), quarantine);
    const CliResult show = m_serve.cli({ u"show"_s, QString::number(e.value(u"id"_s).toInteger()), u"--json"_s });
    const QJsonObject d = show.json().object().value(u"deliveryList"_s).toArray().first().toObject();
    QCOMPARE(d.value(u"statusCode"_s).toInt(), status);
    QCOMPARE(d.value(u"reason"_s).toString(), reason);
    QCOMPARE(m_serve.cli({ u"show"_s, QString::number(e.value(u"id"_s).toInteger()), u"--body"_s }).out, body);
}

void TestServe::sameEventTwiceIsOneEventWithTwoDeliveries()
{
    const QByteArray body = test::sampleEvent(u"evt_twice"_s);
    QCOMPARE(test::sendSigned(m_serve.url(), body, m_secret).status, 200);
    // A retry from the provider: new timestamp and signature, same event.
    const auto second = test::sendSigned(m_serve.url(), body, m_secret, QDateTime::currentMSecsSinceEpoch() + 5);
    QCOMPARE(second.status, 200);
    QCOMPARE(second.body, QByteArray(R"({"ok":true})"));
    const QJsonObject e = eventByProviderId(u"evt_twice"_s);
    QCOMPARE(e.value(u"deliveries"_s).toInt(), 2);
    QCOMPARE(e.value(u"duplicates"_s).toInt(), 1);
    const CliResult show = m_serve.cli({ u"show"_s, QString::number(e.value(u"id"_s).toInteger()), u"--json"_s });
    const QJsonArray list = show.json().object().value(u"deliveryList"_s).toArray();
    QCOMPARE(list.size(), 2);
    QCOMPARE(list.at(0).toObject().value(u"duplicate"_s).toBool(), false);
    QCOMPARE(list.at(1).toObject().value(u"duplicate"_s).toBool(), true);
}

void TestServe::failedDeliveryJoinsItsEvent()
{
    const QByteArray body = test::sampleEvent(u"evt_join"_s);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QCOMPARE(test::send(m_serve.url(), body,
                 { { "X-Webhook-Timestamp", QByteArray::number(now) }, { "X-Webhook-Signature", "00" } })
                 .status,
        401);
    QCOMPARE(test::sendSigned(m_serve.url(), body, m_secret).status, 200);
    const QJsonObject e = eventByProviderId(u"evt_join"_s);
    QCOMPARE(e.value(u"deliveries"_s).toInt(), 2);
    QCOMPARE(e.value(u"duplicates"_s).toInt(), 0);
    QCOMPARE(e.value(u"status"_s).toString(), u"verified"_s);
    // The verified delivery lifts the automatic quarantine of the failed one.
    QCOMPARE(e.value(u"quarantined"_s).toBool(true), false);
    // Both are in the audit log, as the listener's: the quarantine on arrival, then its lifting.
    QStringList entries;
    for (const QJsonValue& a : m_serve.cli({ u"audit"_s, u"--json"_s }).json().array())
        if (a[u"event"_s].toInteger() == e.value(u"id"_s).toInteger())
            entries.prepend(u"%1 %2 %3 %4"_s.arg(a[u"action"_s].toString(), a[u"reason"_s].toString(),
                a[u"details"_s][u"delivery"_s].toVariant().toString(), a[u"note"_s].toString()));
    QCOMPARE(entries,
        QStringList({ u"quarantine invalid-signature 1 automatically, on arrival"_s,
            u"release invalid-signature 2 automatically: a later delivery of the event verified"_s }));
}

void TestServe::httpsWorks()
{
    const QByteArray body = test::sampleEvent(u"evt_tls"_s);
    const auto reply = test::sendSigned(m_serve.httpsUrl(), body, m_secret);
    QCOMPARE(reply.status, 200);
    const QJsonObject e = eventByProviderId(u"evt_tls"_s);
    const CliResult show = m_serve.cli({ u"show"_s, QString::number(e.value(u"id"_s).toInteger()), u"--json"_s });
    const QJsonObject d = show.json().object().value(u"deliveryList"_s).toArray().first().toObject();
    QCOMPARE(d.value(u"tls"_s).toBool(), true);
    QVERIFY(d.value(u"tlsProtocol"_s).toString().startsWith(u"TLSv1."_s));

    // The certificate on disk is the one served, EC P-256 with the loopback names, its key private.
    const QString tls = m_serve.home() + u"/data/hookscope/tls/"_s;
    const auto certs = QSslCertificate::fromPath(tls + u"cert.pem"_s);
    QCOMPARE(certs.size(), 1);
    QCOMPARE(certs.first().publicKey().algorithm(), QSsl::Ec);
    const auto san = certs.first().subjectAlternativeNames();
    QVERIFY(san.values(QSsl::DnsEntry).contains(u"localhost"_s));
    QVERIFY(san.values(QSsl::IpAddressEntry).contains(u"127.0.0.1"_s));
    QVERIFY(san.values(QSsl::IpAddressEntry).contains(u"0:0:0:0:0:0:0:1"_s)
        || san.values(QSsl::IpAddressEntry).contains(u"::1"_s));
    const QDateTime expiry = certs.first().expiryDate();
    QVERIFY(expiry > QDateTime::currentDateTimeUtc().addDays(360));
    QVERIFY(expiry < QDateTime::currentDateTimeUtc().addDays(370));
    QCOMPARE(QFileInfo(tls + u"key.pem"_s).permissions() & 0x0077, QFileDevice::Permissions());
    const QByteArray fp = certs.first().digest(QCryptographicHash::Sha256).toHex().toUpper();
    QVERIFY(m_serve.log().replace(':', "").contains(fp));
}

void TestServe::largeAndBinaryBodiesComeBackByteIdentical_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QByteArray big = test::sampleEvent(u"evt_big"_s);
    big.chop(1);
    big += ",\"padding\":\"" + QByteArray(1024 * 1024, 'x') + "\"}";
    QTest::addRow("1 MB JSON") << big << QByteArray("application/json");
    QByteArray binary(256 * 1024, '\0');
    auto* gen = QRandomGenerator::global();
    for (auto& c : binary)
        c = char(gen->bounded(256));
    binary[0] = '\0';
    binary[1] = '\xff';
    QTest::addRow("binary") << binary << QByteArray("application/octet-stream");
}

void TestServe::largeAndBinaryBodiesComeBackByteIdentical()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const auto reply = test::send(m_serve.url(u"/webhooks/bin"_s), body,
        { { "Content-Type", contentType }, { "X-Webhook-Timestamp", QByteArray::number(now) },
            { "X-Webhook-Signature", test::signMailparse(m_secret, now, body) } });
    QCOMPARE(reply.status, 200);
    const CliResult list = m_serve.cli({ u"list"_s, u"--json"_s, u"--limit"_s, u"1"_s });
    const QString id = QString::number(list.json().array().first().toObject().value(u"id"_s).toInteger());
    const CliResult back = m_serve.cli({ u"show"_s, id, u"--body"_s });
    QCOMPARE(back.exitCode, 0);
    QCOMPARE(back.out.size(), body.size());
    QVERIFY(back.out == body);
    const CliResult raw = m_serve.cli({ u"show"_s, id, u"--raw"_s });
    QVERIFY(raw.out.startsWith("POST /webhooks/bin HTTP/1.1\r\n"));
    // The verdict kept with the delivery abbreviates the signed string instead of repeating the body.
    const QJsonObject verdict = m_serve.cli({ u"show"_s, id, u"--json"_s })
                                    .json()
                                    .object()
                                    .value(u"deliveryList"_s)
                                    .toArray()
                                    .first()
                                    .toObject()
                                    .value(u"verdict"_s)
                                    .toObject();
    const QByteArray canonical = verdict.value(u"canonical"_s).toString().toUtf8();
    QCOMPARE(qint64(verdict.value(u"canonicalSize"_s).toDouble()), QByteArray::number(now).size() + 1 + body.size());
    QVERIFY(verdict.value(u"canonical"_s).toString().size() < 70 * 1024); // characters: binary bytes show as U+FFFD
    QVERIFY(canonical.startsWith(QByteArray(QByteArray::number(now) + '.')));
    QVERIFY(canonical.contains("bytes of the body left out"));
    QVERIFY(raw.out.endsWith(body));
}

void TestServe::chunkedBodyIsDechunkedInBodyAndKeptInRaw()
{
    const QByteArray body = test::sampleEvent(u"evt_chunked"_s);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QByteArray part1 = body.left(10), part2 = body.mid(10);
    QByteArray request
        = "POST /webhooks/email?src=chunked HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          "Transfer-Encoding: chunked\r\nX-Webhook-Timestamp: "
        + QByteArray::number(now) + "\r\nX-Webhook-Signature: " + test::signMailparse(m_secret, now, body)
        + "\r\nConnection: close\r\n\r\n";
    const QByteArray head = request;
    request += QByteArray::number(part1.size(), 16) + "\r\n" + part1 + "\r\n";
    request += QByteArray::number(part2.size(), 16) + ";ext=1\r\n" + part2 + "\r\n0\r\n\r\n";
    const QByteArray response = test::rawExchange(m_serve.httpPort(), request);
    QCOMPARE(test::statusOf(response), 200);
    const QJsonObject e = eventByProviderId(u"evt_chunked"_s);
    const QString id = QString::number(e.value(u"id"_s).toInteger());
    QCOMPARE(m_serve.cli({ u"show"_s, id, u"--body"_s }).out, body);
    QCOMPARE(m_serve.cli({ u"show"_s, id, u"--raw"_s }).out, request);
    QVERIFY(request.startsWith(head));
}

void TestServe::keepAliveServesSeveralRequests()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_serve.httpPort());
    QVERIFY(socket.waitForConnected(test::kWaitMs));
    QByteArray pipelined;
    for (int i = 0; i < 3; ++i) {
        const QByteArray body = test::sampleEvent(u"evt_ka_%1"_s.arg(i));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        pipelined += "POST /webhooks/email HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\nX-Webhook-Timestamp: " + QByteArray::number(now)
            + "\r\nX-Webhook-Signature: " + test::signMailparse(m_secret, now, body) + "\r\n\r\n" + body;
    }
    socket.write(pipelined); // pipelined: answers come back in order on the same connection
    QByteArray in;
    QTRY_VERIFY_WITH_TIMEOUT((in += socket.readAll()).count("HTTP/1.1 200 OK") == 3, test::kWaitMs);
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(eventByProviderId(u"evt_ka_%1"_s.arg(i)).value(u"deliveries"_s).toInt(), 1);
}

void TestServe::malformedPayloadIsAcknowledgedAndFlagged()
{
    const QByteArray body = "{\"id\": \"evt_trunc\", \"subject\": \"cut off"; // truncated JSON, validly signed
    const auto reply = test::sendSigned(m_serve.url(), body, m_secret);
    QCOMPARE(reply.status, 200); // a retry would not fix it
    const CliResult list
        = m_serve.cli({ u"list"_s, u"--json"_s, u"--status"_s, u"quarantined"_s, u"--limit"_s, u"0"_s });
    bool found = false;
    for (const auto& v : list.json().array()) {
        const QJsonObject e = v.toObject();
        if (e.value(u"flags"_s).toArray().contains(u"malformed-payload"_s)
            && e.value(u"size"_s).toInt() == body.size()) {
            found = true;
            QCOMPARE(e.value(u"quarantined"_s).toString(), u"malformed-payload"_s);
            QCOMPARE(e.value(u"status"_s).toString(), u"verified"_s);
            QCOMPARE(m_serve.cli({ u"show"_s, QString::number(e.value(u"id"_s).toInteger()), u"--body"_s }).out, body);
        }
    }
    QVERIFY(found);
}

void TestServe::statusFilters()
{
    const CliResult failed = m_serve.cli({ u"list"_s, u"--json"_s, u"--status"_s, u"failed"_s, u"--limit"_s, u"0"_s });
    QCOMPARE(failed.exitCode, 0);
    QVERIFY(!failed.json().array().isEmpty());
    for (const auto& v : failed.json().array())
        QCOMPARE(v.toObject().value(u"status"_s).toString(), u"failed"_s);
    const CliResult dup = m_serve.cli({ u"list"_s, u"--json"_s, u"--status"_s, u"duplicate"_s, u"--limit"_s, u"0"_s });
    QVERIFY(!dup.json().array().isEmpty());
    for (const auto& v : dup.json().array())
        QVERIFY(v.toObject().value(u"duplicates"_s).toInt() > 0);
    const CliResult all = m_serve.cli({ u"list"_s, u"--json"_s, u"--limit"_s, u"0"_s });
    const CliResult two = m_serve.cli({ u"list"_s, u"--json"_s, u"--limit"_s, u"2"_s });
    QVERIFY(all.json().array().size() > 2);
    QCOMPARE(two.json().array().size(), 2);
    // Newest first.
    const auto a = all.json().array();
    for (int i = 1; i < a.size(); ++i)
        QVERIFY(a.at(i - 1).toObject().value(u"receivedAt"_s).toString()
            >= a.at(i).toObject().value(u"receivedAt"_s).toString());
}

void TestServe::showAndListUsage()
{
    QCOMPARE(m_serve.cli({ u"show"_s, u"999999"_s }).exitCode, 2);
    QCOMPARE(m_serve.cli({ u"show"_s, u"abc"_s }).exitCode, 2);
    QCOMPARE(m_serve.cli({ u"show"_s }).exitCode, 2);
    QCOMPARE(m_serve.cli({ u"list"_s, u"--status"_s, u"bogus"_s }).exitCode, 2);
    const CliResult help = m_serve.cli({ u"show"_s, u"--help"_s });
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("Examples:"));
    QCOMPARE(test::runCli({ u"--version"_s }, m_serve.env()).exitCode, 0);
    QVERIFY(test::runCli({ u"--version"_s }, m_serve.env()).out.startsWith("hookscope "));
    QCOMPARE(test::runCli({ u"no-such-command"_s }, m_serve.env()).exitCode, 2);
}

void TestServe::noSecretStoresUnverified()
{
    test::ServeProcess open;
    QVERIFY2(open.start({}, false), open.log().constData());
    QTRY_VERIFY_WITH_TIMEOUT(open.log().contains("no secret"), test::kWaitMs);
    const QByteArray body = test::sampleEvent(u"evt_open"_s);
    const auto reply = test::send(open.url(), body);
    QCOMPARE(reply.status, 200);
    const CliResult list = open.cli({ u"list"_s, u"--json"_s });
    QCOMPARE(list.json().array().size(), 1);
    QCOMPARE(list.json().array().first().toObject().value(u"status"_s).toString(), u"unverified"_s);
    // A port already in use is reported, with exit code 1.
    test::ServeProcess clash;
    QProcess p;
    p.setProcessEnvironment(clash.env());
    p.start(test::binary(),
        { u"serve"_s, u"--db"_s, clash.dbPath(), u"--http"_s, QString::number(open.httpPort()), u"--https"_s, u"0"_s });
    QVERIFY(p.waitForFinished(test::kWaitMs));
    QCOMPARE(p.exitCode(), 1);
    QVERIFY(p.readAllStandardError().contains(QByteArray::number(open.httpPort())));
}

void TestServe::processesStartedTogetherShareOneCertificate()
{
    // Four servers in one fresh home race to make the certificate; each must load a whole, matching pair.
    QTemporaryDir home;
    const QProcessEnvironment env = test::isolatedEnvironment(home.path());
    std::vector<std::unique_ptr<QProcess>> servers;
    for (int i = 0; i < 4; ++i) {
        auto p = std::make_unique<QProcess>();
        p->setProcessEnvironment(env);
        p->start(test::binary(),
            { u"serve"_s, u"--db"_s, home.filePath(u"db%1.sqlite"_s.arg(i)), u"--http"_s, u"0"_s, u"--https"_s,
                QString::number(test::freePort()) });
        servers.push_back(std::move(p));
    }
    QSet<QByteArray> fingerprints;
    for (auto& p : servers) {
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += p->readAllStandardOutput()).contains("certificate SHA-256: "), test::kWaitMs);
        const qsizetype at = out.indexOf("certificate SHA-256: ") + 21;
        fingerprints.insert(out.mid(at, out.indexOf('\n', at) - at));
    }
    QCOMPARE(fingerprints.size(), 1);
    for (auto& p : servers) {
        p->terminate();
        QVERIFY(p->waitForFinished(test::kWaitMs));
        QCOMPARE(p->exitCode(), 0);
    }
    const QDir tls(home.path() + u"/data/hookscope/tls"_s);
    QCOMPARE(tls.entryList({ u"*.tmp-*"_s }, QDir::Files).size(), 0); // no temporary file left behind
}

QTEST_GUILESS_MAIN(TestServe)
#include "tst_serve.moc"
