#include "testhttpserver.h"
#include "testsupport.h"

#include "core/replay/attemptlog.h"
#include "core/store/eventstore.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

/** Runs the CLI while this process's event loop keeps running (for servers living in the test). */
test::CliResult runAsync(const QStringList& args, const QProcessEnvironment& env)
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(test::binary(), args);
    QSignalSpy finished(&p, &QProcess::finished);
    if (finished.isEmpty() && !finished.wait(90'000)) {
        p.kill();
        p.waitForFinished();
        return { -1, p.readAllStandardOutput(),
            "gave up after 90 s waiting for hookscope to finish: " + p.readAllStandardError() };
    }
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
        p.readAllStandardError() };
}

QJsonArray listJson(test::ServeProcess& serve, const QStringList& extra = {})
{
    return serve.cli(QStringList { u"list"_s, u"--json"_s } + extra).json().array();
}

/** The raw request with its Host line's value replaced, for comparing captures made on different ports. */
QByteArray withHost(QByteArray raw, const QByteArray& host)
{
    const qsizetype at = raw.indexOf("\r\nHost: ");
    if (at < 0)
        return raw;
    const qsizetype end = raw.indexOf("\r\n", at + 2);
    return raw.left(at) + "\r\nHost: " + host + raw.mid(end);
}

} // namespace

class TestReplayIntegration final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void resignedReplayVerifiesAtSecondHookscope();
    void asCapturedIsByteForByte();
    void replayOverHttps();
    void negativeModesAreRejected_data();
    void negativeModesAreRejected();
    void failingServerGetsBackoff_data();
    void failingServerGetsBackoff();
    void forwardSurvivesRestart();
    void routeExplain();
    void sendExitCodes();
    void sendEmlIsVerifiedAtHookscope();
    void badUsage_data();
    void badUsage();
};

void TestReplayIntegration::resignedReplayVerifiesAtSecondHookscope()
{
    test::ServeProcess a, b;
    QVERIFY2(a.start({ u"--secret"_s, u"first-secret"_s }, false), a.log().constData());
    QVERIFY2(b.start({ u"--secret"_s, u"second-secret"_s }, false), b.log().constData());
    const QByteArray body = test::sampleEvent(u"evt_resign_1"_s);
    QCOMPARE(test::sendSigned(a.url(), body, "first-secret").status, 200);

    const auto r = a.cli({ u"replay"_s, u"1"_s, u"--to"_s, b.url(), u"--resign"_s, u"--secret"_s, u"second-secret"_s });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonArray atB = listJson(b);
    QCOMPARE(atB.size(), 1);
    QCOMPARE(atB.first()[u"status"_s].toString(), u"verified"_s);
    QCOMPARE(atB.first()[u"eventId"_s].toString(), u"evt_resign_1"_s);
    QCOMPARE(b.cli({ u"show"_s, u"1"_s, u"--body"_s }).out, body);

    // The source store counts the replay and audits it.
    const QJsonArray replayed = listJson(a, { u"--status"_s, u"replayed"_s });
    QCOMPARE(replayed.size(), 1);
    QCOMPARE(replayed.first()[u"replays"_s].toInt(), 1);
    const QJsonArray audit = a.cli({ u"audit"_s, u"--json"_s }).json().array();
    QCOMPARE(audit.size(), 1);
    QCOMPARE(audit.first()[u"action"_s].toString(), u"replay"_s);
    QCOMPARE(audit.first()[u"event"_s].toInt(), 1);

    // Without --secret, the route's secret from the secret store signs.
    QCOMPARE(a.cli({ u"secret"_s, u"set"_s, u"default"_s }, "second-secret\n").exitCode, 0);
    const auto stored = a.cli({ u"replay"_s, u"1"_s, u"--to"_s, b.url(), u"--resign"_s });
    QVERIFY2(stored.exitCode == 0, stored.err.constData());
    QCOMPARE(listJson(b).first()[u"deliveries"_s].toInt(), 2);
    QCOMPARE(listJson(a).first()[u"replays"_s].toInt(), 2);

    // Re-signing with the wrong secret is refused by the second one: exit 1, and the 401 is stored.
    const auto wrong
        = a.cli({ u"replay"_s, u"1"_s, u"--to"_s, b.url(), u"--resign"_s, u"--secret"_s, u"nope"_s, u"--json"_s });
    QCOMPARE(wrong.exitCode, 1);
    QCOMPARE(wrong.json()[u"attempts"_s][0][u"status"_s].toInt(), 401);
    // A replay that was refused is one of the event's attempts, not a replay: the count stays at the two answered.
    QCOMPARE(listJson(a).first()[u"replays"_s].toInt(), 2);

    // An event whose only replay failed is not "replayed" (the window's Replayed view is this filter).
    QCOMPARE(test::sendSigned(a.url(), test::sampleEvent(u"evt_resign_2"_s), "first-secret").status, 200);
    const auto refused = a.cli({ u"replay"_s, u"2"_s, u"--to"_s, b.url(), u"--resign"_s, u"--secret"_s, u"nope"_s });
    QCOMPARE(refused.exitCode, 1);
    const QJsonArray onlyFirst = listJson(a, { u"--status"_s, u"replayed"_s });
    QCOMPARE(onlyFirst.size(), 1);
    QCOMPARE(onlyFirst.first()[u"eventId"_s].toString(), u"evt_resign_1"_s);
    QCOMPARE(a.cli({ u"audit"_s, u"--json"_s }).json().array().size(), 4); // all four replays, failed or not
}

void TestReplayIntegration::asCapturedIsByteForByte()
{
    test::ServeProcess a, b;
    QVERIFY2(a.start({ u"--secret"_s, u"s"_s }, false), a.log().constData());
    QVERIFY2(b.start({ u"--secret"_s, u"s"_s }, false), b.log().constData());
    const QByteArray body = test::sampleEvent(u"evt_bytes"_s);
    const qint64 ts = QDateTime::currentMSecsSinceEpoch();
    const QByteArray request = "POST /webhooks/email?source=test&x=%20y HTTP/1.1\r\n"
                               "Host: 127.0.0.1:"
        + QByteArray::number(a.httpPort())
        + "\r\n"
          "x-dup: one\r\n"
          "content-type: application/json\r\n"
          "Connection: close\r\n"
          "X-Dup: two\r\n"
          "X-Webhook-Timestamp: "
        + QByteArray::number(ts) + "\r\nX-Webhook-Signature: " + test::signMailparse("s", ts, body)
        + "\r\n"
          "Content-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    QCOMPARE(test::statusOf(test::rawExchange(a.httpPort(), request)), 200);
    const QByteArray captured = a.cli({ u"show"_s, u"1"_s, u"--raw"_s }).out;
    QCOMPARE(captured, request);

    // No path in --to: the captured path and query are kept.
    const auto r = a.cli({ u"replay"_s, u"1"_s, u"--to"_s, u"http://127.0.0.1:%1"_s.arg(b.httpPort()) });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QByteArray replayed = b.cli({ u"show"_s, u"1"_s, u"--raw"_s }).out;
    // Only Host is recomputed and the hop-by-hop Connection header dropped; everything else is the capture.
    QByteArray expected = withHost(request, "127.0.0.1:" + QByteArray::number(b.httpPort()));
    expected.replace("Connection: close\r\n", "");
    QCOMPARE(replayed, expected);
    QCOMPARE(listJson(b).first()[u"status"_s].toString(), u"verified"_s);
}

void TestReplayIntegration::replayOverHttps()
{
    test::ServeProcess a, b;
    QVERIFY2(a.start({ u"--secret"_s, u"k"_s }, false), a.log().constData());
    QVERIFY2(b.start({ u"--secret"_s, u"k2"_s }, true), b.log().constData());
    QCOMPARE(test::sendSigned(a.url(), test::sampleEvent(u"evt_tls"_s), "k").status, 200);
    // The second one's certificate is self-signed: refused unless --insecure.
    const auto refused = a.cli({ u"replay"_s, u"1"_s, u"--to"_s, b.httpsUrl(), u"--resign"_s, u"--secret"_s, u"k2"_s });
    QCOMPARE(refused.exitCode, 1);
    QVERIFY(listJson(b).isEmpty());
    const auto r = a.cli(
        { u"replay"_s, u"1"_s, u"--to"_s, b.httpsUrl(), u"--resign"_s, u"--secret"_s, u"k2"_s, u"--insecure"_s });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonArray atB = listJson(b);
    QCOMPARE(atB.size(), 1);
    QCOMPARE(atB.first()[u"status"_s].toString(), u"verified"_s);
    const QJsonObject shown = b.cli({ u"show"_s, u"1"_s, u"--json"_s }).json().object();
    QVERIFY(shown[u"deliveryList"_s][0][u"tls"_s].toBool());
}

void TestReplayIntegration::negativeModesAreRejected_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("quarantined");
    QTest::addRow("wrong secret") << u"wrong-secret"_s << 401 << u"invalid-signature"_s;
    QTest::addRow("stale timestamp") << u"stale-timestamp"_s << 400 << u"timestamp-out-of-window"_s;
    QTest::addRow("missing signature") << u"missing-signature"_s << 400 << u"missing-signature"_s;
}

void TestReplayIntegration::negativeModesAreRejected()
{
    QFETCH(QString, mode);
    QFETCH(int, status);
    QFETCH(QString, quarantined);
    test::ServeProcess a, b;
    QVERIFY2(a.start({ u"--secret"_s, u"k"_s }, false), a.log().constData());
    QVERIFY2(b.start({ u"--secret"_s, u"k"_s }, false), b.log().constData());
    QCOMPARE(test::sendSigned(a.url(), test::sampleEvent(u"evt_neg"_s), "k").status, 200);
    const auto r
        = a.cli({ u"replay"_s, u"1"_s, u"--to"_s, b.url(), u"--negative"_s, mode, u"--secret"_s, u"k"_s, u"--json"_s });
    QCOMPARE(r.exitCode, 1);
    const QJsonObject attempt = r.json()[u"attempts"_s][0].toObject();
    QCOMPARE(attempt[u"status"_s].toInt(), status);
    QCOMPARE(attempt[u"mode"_s].toString(), u"negative:"_s + mode);
    const QJsonArray atB = listJson(b);
    QCOMPARE(atB.size(), 1);
    QCOMPARE(atB.first()[u"status"_s].toString(), u"failed"_s);
    QCOMPARE(atB.first()[u"quarantined"_s].toString(), quarantined);
}

void TestReplayIntegration::failingServerGetsBackoff_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<int>("retries");
    QTest::addColumn<int>("exitCode");
    QTest::addRow("fails 3 times, 4 retries allowed") << 3 << 4 << 0;
    QTest::addRow("fails 2 times, 2 retries allowed") << 2 << 2 << 0;
    QTest::addRow("fails 4 times, 2 retries allowed") << 4 << 2 << 1;
}

void TestReplayIntegration::failingServerGetsBackoff()
{
    QFETCH(int, failures);
    QFETCH(int, retries);
    QFETCH(int, exitCode);
    test::ServeProcess a;
    QVERIFY2(a.start({ u"--secret"_s, u"k"_s }, false), a.log().constData());
    QCOMPARE(test::sendSigned(a.url(), test::sampleEvent(u"evt_flaky"_s), "k").status, 200);
    test::TestHttpServer server(QList<int>(failures, 503));
    QVERIFY(server.listen());
    const qint64 base = 200, cap = 500;
    const auto r = runAsync({ u"replay"_s, u"1"_s, u"--db"_s, a.dbPath(), u"--to"_s, server.url(u"/hook"_s),
                                u"--retries"_s, QString::number(retries), u"--retry-base"_s, QString::number(base),
                                u"--retry-cap"_s, QString::number(cap) },
        a.env());
    QVERIFY2(r.exitCode == exitCode, r.err.constData());
    const int attempts = qMin(failures + 1, retries + 1);
    QCOMPARE(server.requests().size(), attempts);

    // Every attempt is stored, each scheduled within the policy's bounds after the previous one.
    auto store = store::EventStore::open(a.dbPath(), true);
    QVERIFY(store);
    auto rows = replay::AttemptLog::forEvent((*store)->database(), 1);
    QVERIFY(rows);
    QCOMPARE(rows->size(), attempts);
    for (int i = 0; i < rows->size(); ++i) {
        const auto& row = rows->at(i);
        QCOMPARE(row.attempt, i + 1);
        QCOMPARE(row.maxAttempts, retries + 1);
        QCOMPARE(row.status, i < failures ? 503 : 200);
        QCOMPARE(row.state, i < failures ? u"failed"_s : u"done"_s);
        QVERIFY(row.requestHead.startsWith("POST /hook HTTP/1.1\r\n"));
        if (i == 0)
            continue;
        // The schedule as decided: the end of the attempt before plus the delay drawn, exactly, so no load can
        // stretch it; and the attempt was not sent before it.
        const qint64 ceiling = qMin<qint64>(cap, base << (i - 1));
        const qint64 waitedUs = row.scheduledUs - rows->at(i - 1).finishedUs;
        QVERIFY2(waitedUs >= 0 && waitedUs <= ceiling * 1000,
            qPrintable(
                u"attempt %1 scheduled %2 us after the previous ended (ceiling %3 ms)"_s.arg(i + 1).arg(waitedUs).arg(
                    ceiling)));
        QVERIFY(row.startedUs >= row.scheduledUs - 5000);
    }
    // `show` lists the same attempts, in order, with the status each got.
    const QJsonArray shown = a.cli({ u"show"_s, u"1"_s, u"--json"_s }).json().object().value(u"attempts"_s).toArray();
    QCOMPARE(shown.size(), attempts);
    for (int i = 0; i < shown.size(); ++i)
        QCOMPARE(shown.at(i).toObject().value(u"status"_s).toInt(), i < failures ? 503 : 200);
    QVERIFY(a.cli({ u"show"_s, u"1"_s }).out.contains("Sent by Hookscope"));
}

void TestReplayIntegration::forwardSurvivesRestart()
{
    test::ServeProcess a;
    const quint16 targetPort = test::freePort();
    QTemporaryDir dir;
    const QString config = dir.filePath(u"hookscope.json"_s);
    QFile f(config);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QJsonDocument(
        QJsonObject { { u"forward"_s,
            QJsonArray { QJsonObject { { u"name"_s, u"support"_s },
                { u"to"_s, u"http://127.0.0.1:%1/support"_s.arg(targetPort) },
                { u"match"_s, QJsonObject { { u"recipient"_s, u"support@"_s } } }, { u"resign"_s, true },
                { u"retry"_s,
                    QJsonObject { { u"maxAttempts"_s, 6 }, { u"baseDelayMs"_s, 3000 }, { u"factor"_s, 1 } } } } } } })
                .toJson());
    f.close();
    QVERIFY2(a.start({ u"--secret"_s, u"k"_s, u"--config"_s, config }, false), a.log().constData());
    QTRY_VERIFY_WITH_TIMEOUT(a.log().contains("forwarding: 1 rule(s)"), test::kWaitMs);
    const QByteArray body = test::sampleEvent(u"evt_forward"_s);
    QCOMPARE(test::sendSigned(a.url(), body, "k").status, 200);

    // Nothing listens on the target: attempts fail and the next one is stored as pending.
    auto pendingRetry = [&] {
        auto store = store::EventStore::open(a.dbPath(), true);
        if (!store)
            return false;
        auto rows = replay::AttemptLog::pending((*store)->database(), u"forward"_s);
        return rows && rows->size() == 1 && rows->first().attempt >= 2;
    };
    QTRY_VERIFY_WITH_TIMEOUT(pendingRetry(), test::kWaitMs);
    a.kill(); // mid-retry, no chance to clean up

    test::TestHttpServer target;
    QVERIFY(target.listen(targetPort));
    QVERIFY2(a.start({ u"--secret"_s, u"k"_s, u"--config"_s, config }, false), a.log().constData());
    QTRY_COMPARE_WITH_TIMEOUT(target.requests().size(), 1, test::kWaitMs);
    const auto& got = target.requests().first();
    QVERIFY(got.head.startsWith("POST /support HTTP/1.1\r\n"));
    QCOMPARE(got.body, body);
    // Re-signed with the route's secret at the time of sending.
    const QByteArray head = got.head;
    const qsizetype at = head.indexOf("X-Webhook-Timestamp: ");
    QVERIFY(at > 0);
    const QByteArray ts = head.mid(at + 21, head.indexOf("\r\n", at) - at - 21);
    QVERIFY(head.contains(QByteArray("X-Webhook-Signature: " + test::signMailparse("k", ts.toLongLong(), body))));

    auto finished = [&] {
        auto store = store::EventStore::open(a.dbPath(), true);
        if (!store)
            return false;
        auto rows = replay::AttemptLog::forEvent((*store)->database(), 1);
        if (!rows || rows->size() < 2 || rows->last().state != u"done"_s || rows->last().status != 200)
            return false;
        for (qsizetype i = 0; i + 1 < rows->size(); ++i) {
            if (rows->at(i).state != u"failed"_s)
                return false;
        }
        return true;
    };
    QTRY_VERIFY_WITH_TIMEOUT(finished(), test::kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(a.log().contains("forward [support] event 1 -> 200 "), test::kWaitMs);
}

void TestReplayIntegration::routeExplain()
{
    QTemporaryDir dir;
    const QString config = dir.filePath(u"hookscope.json"_s);
    QFile f(config);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({
      "routes": [{"name": "inbound", "pathPrefix": "/webhooks", "scheme": "mailparse"}],
      "forward": [
        {"name": "invoices", "to": "http:\/\/127.0.0.1:9\/invoices", "match": {"recipient": "invoices@"}},
        {"name": "support", "to": "http:\/\/127.0.0.1:9\/support", "match": {"recipient": "support@", "subjectPrefix": "Issue"}},
        {"name": "rest", "to": "http:\/\/127.0.0.1:9\/rest"}
      ]})");
    f.close();
    test::ServeProcess a;
    QVERIFY2(a.start({ u"--config"_s, config }, false), a.log().constData());
    QCOMPARE(test::send(a.url(), test::sampleEvent(u"evt_route"_s)).status, 200);
    const auto r = a.cli({ u"route"_s, u"--explain"_s, u"1"_s, u"--config"_s, config, u"--json"_s });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject o = r.json().object();
    QCOMPARE(o[u"route"_s].toString(), u"inbound"_s);
    QCOMPARE(o[u"configuredRoute"_s].toString(), u"inbound"_s);
    QCOMPARE(o[u"configuredPrefix"_s].toString(), u"/webhooks"_s);
    QCOMPARE(o[u"forwardRule"_s].toString(), u"support"_s);
    const QJsonArray rules = o[u"rules"_s].toArray();
    QCOMPARE(rules.size(), 2); // the first match ends the search
    QVERIFY(!rules[0][u"matched"_s].toBool());
    QVERIFY(rules[1][u"matched"_s].toBool());
    const auto text = a.cli({ u"route"_s, u"--explain"_s, u"1"_s, u"--config"_s, config });
    QVERIFY(text.out.contains("=> forwarded by rule 'support'"));
    QVERIFY(text.out.contains("recipient support@yourapp.com matches support@"));
    QVERIFY(text.out.contains("3. rest: not looked at"));
}

void TestReplayIntegration::sendExitCodes()
{
    QTemporaryDir home;
    const auto env = test::isolatedEnvironment(home.path());
    test::TestHttpServer ok;
    QVERIFY(ok.listen());
    const QString db = home.filePath(u"send.db"_s);
    auto r = runAsync(
        { u"send"_s, u"--db"_s, db, u"--to"_s, ok.url(u"/in"_s), u"--secret"_s, u"k"_s, u"--sample"_s }, env);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(ok.requests().size(), 1);
    const QByteArray head = ok.requests().first().head;
    const QByteArray body = ok.requests().first().body;
    const qsizetype at = head.indexOf("X-Webhook-Timestamp: ");
    const QByteArray ts = head.mid(at + 21, head.indexOf("\r\n", at) - at - 21);
    QVERIFY(head.contains(QByteArray("X-Webhook-Signature: " + test::signMailparse("k", ts.toLongLong(), body))));
    QVERIFY(QJsonDocument::fromJson(body).object().contains(u"subject"_s));

    test::TestHttpServer failing({}, 500);
    QVERIFY(failing.listen());
    r = runAsync({ u"send"_s, u"--db"_s, db, u"--to"_s, failing.url(), u"--secret"_s, u"k"_s, u"--sample"_s,
                     u"--retries"_s, u"2"_s, u"--retry-base"_s, u"50"_s },
        env);
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(failing.requests().size(), 3);
}

void TestReplayIntegration::sendEmlIsVerifiedAtHookscope()
{
    test::ServeProcess a;
    QVERIFY2(a.start({ u"--secret"_s, u"k"_s }, false), a.log().constData());
    QTemporaryDir dir;
    QFile eml(dir.filePath(u"m.eml"_s));
    QVERIFY(eml.open(QIODevice::WriteOnly));
    eml.write("From: Ann <ann@example.com>\r\nTo: support@yourapp.com\r\nSubject: Printer on fire\r\n"
              "Message-ID: <m1@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
              "Please help.\r\n");
    eml.close();
    const auto r = a.cli({ u"send"_s, u"--to"_s, a.url(), u"--secret"_s, u"k"_s, eml.fileName() });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonArray list = listJson(a);
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.first()[u"status"_s].toString(), u"verified"_s);
    const QJsonObject payload = QJsonDocument::fromJson(a.cli({ u"show"_s, u"1"_s, u"--body"_s }).out).object();
    QCOMPARE(payload[u"subject"_s].toString(), u"Printer on fire"_s);
    QCOMPARE(payload[u"messageId"_s].toString(), u"<m1@example.com>"_s);
    QCOMPARE(payload[u"from"_s][u"address"_s].toString(), u"ann@example.com"_s);
    QVERIFY(payload[u"text"_s].toString().contains(u"Please help."_s));
}

void TestReplayIntegration::badUsage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addRow("replay without --to") << QStringList { u"replay"_s, u"1"_s };
    QTest::addRow("replay of an unknown event")
        << QStringList { u"replay"_s, u"99"_s, u"--to"_s, u"http://127.0.0.1:1"_s };
    QTest::addRow("replay to a bad URL") << QStringList { u"replay"_s, u"1"_s, u"--to"_s, u"ftp://x"_s };
    QTest::addRow("replay with a bad negative")
        << QStringList { u"replay"_s, u"1"_s, u"--to"_s, u"http://h"_s, u"--negative"_s, u"maybe"_s };
    QTest::addRow("send without a payload") << QStringList { u"send"_s, u"--to"_s, u"http://127.0.0.1:1"_s };
    QTest::addRow("send with --scheme and no secret")
        << QStringList { u"send"_s, u"--to"_s, u"http://127.0.0.1:1"_s, u"--scheme"_s, u"mailparse"_s, u"--sample"_s };
    QTest::addRow("route without --explain") << QStringList { u"route"_s, u"1"_s };
}

void TestReplayIntegration::badUsage()
{
    QFETCH(QStringList, args);
    QTemporaryDir home;
    const auto r = test::runCli(args << u"--db"_s << home.filePath(u"x.db"_s), test::isolatedEnvironment(home.path()));
    QCOMPARE(r.exitCode, 2);
    QVERIFY(!r.err.isEmpty());
}

QTEST_GUILESS_MAIN(TestReplayIntegration)
#include "tst_replay_integration.moc"
