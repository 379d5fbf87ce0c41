// Routes that fail on purpose (response rules), through the real `hookscope serve` and `hookscope send` on
// loopback: a sequence per idempotency key, a seeded failure rate, a delay range, closing and resetting the
// connection, the global switch, and the configuration's refusals. Every request is stored before its answer,
// whatever the answer is, and the store records what Hookscope answered.

#include "testsupport.h"

#include "core/config/config.h"
#include "core/store/eventstore.h"

#include <QFile>
#include <QJsonArray>
#include <QSaveFile>
#include <QTest>

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

const QByteArray kSecret = "whsec_response_rules";

/** What a raw client saw after sending a request. */
struct RawOutcome {
    QByteArray received; ///< bytes read before the end
    bool closed = false; ///< the server closed (FIN: recv returned 0)
    bool reset = false; ///< the server reset the connection (ECONNRESET)
    QString error; ///< anything else (a timeout, a connect failure)
};

/** Sends `request` on a plain TCP connection to 127.0.0.1:`port` and reads until the server ends it (30 s). */
RawOutcome rawRequest(quint16 port, const QByteArray& request)
{
    RawOutcome out;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        out.error = u"connect: %1"_s.arg(QString::fromLocal8Bit(strerror(errno)));
        ::close(fd);
        return out;
    }
    if (::send(fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL) != request.size()) {
        out.error = u"send failed"_s;
        ::close(fd);
        return out;
    }
    while (true) {
        pollfd p { fd, POLLIN, 0 };
        if (::poll(&p, 1, test::kWaitMs) <= 0) {
            out.error = QString::fromLatin1(test::gaveUp("the server to answer or end the connection"));
            break;
        }
        char buffer[4096];
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n > 0) {
            out.received.append(buffer, n);
            continue;
        }
        if (n == 0)
            out.closed = true;
        else if (errno == ECONNRESET)
            out.reset = true;
        else
            out.error = QString::fromLocal8Bit(strerror(errno));
        break;
    }
    ::close(fd);
    return out;
}

/** A signed POST of `body` to `path`, as raw bytes (Connection: close, so an answer ends with the connection). */
QByteArray signedRequest(const QByteArray& body, const QByteArray& path = "/webhooks/email")
{
    const qint64 ts = QDateTime::currentMSecsSinceEpoch();
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nConnection: close\r\n"
        + "X-Webhook-Timestamp: " + QByteArray::number(ts)
        + "\r\nX-Webhook-Signature: " + test::signMailparse(kSecret, ts, body)
        + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

/** Writes a configuration whose route "/" answers by `response` (and the rest of `extra` at the top level). */
QString writeConfig(const QString& home, const QJsonObject& response, const QJsonObject& extra = {})
{
    QJsonObject root = extra;
    root.insert(u"routes"_s,
        QJsonArray {
            QJsonObject { { u"name"_s, u"default"_s }, { u"pathPrefix"_s, u"/"_s }, { u"response"_s, response } } });
    const QString path = home + u"/rules.json"_s;
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write(QJsonDocument(root).toJson());
    if (!f.commit())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

/** Starts serve (HTTP only) with `config` and the test's secret. */
bool startServe(test::ServeProcess& serve, const QString& config)
{
    return serve.start({ u"--config"_s, config, u"--secret"_s, QString::fromLatin1(kSecret) }, false);
}

/** The deliveries of the event with provider id `id` in `db`, oldest first; empty when there is no such event. */
QList<store::DeliveryRow> deliveriesOf(const QString& db, const QString& id)
{
    auto store = store::EventStore::open(db, true);
    if (!store)
        return {};
    store::EventQuery q;
    q.limit = 0;
    auto events = (*store)->list(q);
    if (!events)
        return {};
    for (const store::EventRow& e : *events) {
        if (e.eventId == id) {
            auto d = (*store)->deliveries(e.id);
            return d ? *d : QList<store::DeliveryRow>();
        }
    }
    return {};
}

QList<int> statusesOf(const QList<store::DeliveryRow>& deliveries)
{
    QList<int> out;
    for (const auto& d : deliveries)
        out << d.statusCode;
    return out;
}

} // namespace

class tst_ResponseRules : public QObject {
    Q_OBJECT

private Q_SLOTS:
    /// The issue's scenario: `send --retries 5` against fail-twice-then-succeed exits 0; three deliveries are
    /// stored, answered 500, 500, 200, in order, with the sender's backoff between them.
    void sendRetriesThroughFailTwiceThenSucceed()
    {
        test::ServeProcess serve;
        const QString config = writeConfig(serve.home(),
            { { u"sequence"_s,
                QJsonArray { QJsonObject { { u"status"_s, 500 }, { u"times"_s, 2 } },
                    QJsonObject { { u"status"_s, 200 } } } } });
        QVERIFY2(startServe(serve, config), serve.log().constData());

        const QString sample = testEventFile(serve.home(), u"evt_flaky_1"_s);
        const test::CliResult sent
            = test::runCli({ u"send"_s, u"--to"_s, serve.url(), u"--secret"_s, QString::fromLatin1(kSecret),
                               u"--retries"_s, u"5"_s, u"--retry-base"_s, u"200"_s, u"--no-store"_s, sample },
                serve.env());
        QVERIFY2(sent.exitCode == 0, QByteArray(sent.out + sent.err).constData());
        QCOMPARE(sent.out.count("attempt "), 3); // one line per attempt: the third one was answered 2xx

        QList<store::DeliveryRow> d;
        WAIT_FOR((d = deliveriesOf(serve.dbPath(), u"evt_flaky_1"_s)).size() == 3, "the three deliveries");
        QCOMPARE(statusesOf(d), (QList<int> { 500, 500, 200 }));
        QCOMPARE(d[0].answerRule, u"sequence step 1 of 2"_s);
        QCOMPARE(d[1].answerRule, u"sequence step 1 of 2"_s);
        QCOMPARE(d[2].answerRule, u"sequence step 2 of 2"_s);
        for (const auto& delivery : d)
            QVERIFY(delivery.answerAction.isEmpty());
        QVERIFY(d[0].responseBody.contains("failing on purpose"));
        // The backoff, as received: each retry after the one before.
        QVERIFY(d[1].receivedUs >= d[0].receivedUs);
        QVERIFY(d[2].receivedUs >= d[1].receivedUs);
        // The event was accepted once: the 200.
        auto store = store::EventStore::open(serve.dbPath(), true);
        QVERIFY(store);
        auto events = (*store)->list({});
        QVERIFY(events && events->size() == 1);
        QCOMPARE(events->first().deliveries, 3);
        QCOMPARE(events->first().duplicates, 0);
    }

    /// A seeded failure rate answers the same requests the same way on two runs (fresh stores, fresh servers);
    /// another seed answers them differently. What was answered is what the store records.
    void failureRateWithSeedRepeats()
    {
        const auto run = [](double rate, int seed, QList<int>& answered) -> QByteArray {
            test::ServeProcess serve;
            const QString config = writeConfig(
                serve.home(), { { u"failureRate"_s, rate }, { u"seed"_s, seed }, { u"failureStatus"_s, 503 } });
            if (!startServe(serve, config))
                return "serve did not start: " + serve.log();
            for (int i = 0; i < 20; ++i) {
                const QString id = u"evt_rate_%1"_s.arg(i);
                const test::HttpReply reply = test::sendSigned(serve.url(), test::sampleEvent(id), kSecret);
                if (!reply.error.isEmpty())
                    return reply.error.toUtf8();
                answered << reply.status;
                QList<store::DeliveryRow> d;
                if (!test::waitFor([&] { return (d = deliveriesOf(serve.dbPath(), id)).size() == 1; }, "a delivery"))
                    return "no delivery stored for " + id.toUtf8();
                if (d.first().statusCode != reply.status)
                    return "stored " + QByteArray::number(d.first().statusCode) + ", answered "
                        + QByteArray::number(reply.status);
            }
            return {};
        };
        QList<int> first, second, otherSeed;
        QByteArray problem = run(0.3, 42, first);
        QVERIFY2(problem.isEmpty(), problem.constData());
        problem = run(0.3, 42, second);
        QVERIFY2(problem.isEmpty(), problem.constData());
        QCOMPARE(second, first);
        QVERIFY2(first.contains(503) && first.contains(200), qPrintable(QString::number(first.count(503))));
        for (int status : first)
            QVERIFY(status == 503 || status == 200);
        problem = run(0.3, 7, otherSeed);
        QVERIFY2(problem.isEmpty(), problem.constData());
        QVERIFY(otherSeed != first);
    }

    /// A delay range: each delivery records the delay it was answered after, within the range, and the picks
    /// vary (seeded). No wall-clock time is asserted.
    void delayRangeIsRecordedWithinBounds()
    {
        test::ServeProcess serve;
        const QString config
            = writeConfig(serve.home(), { { u"delayMs"_s, QJsonArray { 20, 120 } }, { u"seed"_s, 5 } });
        QVERIFY2(startServe(serve, config), serve.log().constData());
        QSet<int> delays;
        for (int i = 0; i < 8; ++i) {
            const QString id = u"evt_delay_%1"_s.arg(i);
            QCOMPARE(test::sendSigned(serve.url(), test::sampleEvent(id), kSecret).status, 200);
            QList<store::DeliveryRow> d;
            WAIT_FOR((d = deliveriesOf(serve.dbPath(), id)).size() == 1, "the delivery");
            QVERIFY2(d.first().answerDelayMs >= 20 && d.first().answerDelayMs <= 120,
                qPrintable(QString::number(d.first().answerDelayMs)));
            delays << d.first().answerDelayMs;
        }
        QVERIFY(delays.size() > 1);
        // A single number stays a fixed delay, as before.
        QCOMPARE(config::parseConfig(R"({"routes":[{"name":"x","response":{"delayMs":250}}]})")
                     ->routes.first()
                     .response.delayMaxMs,
            250);
    }

    void closeAndReset_data()
    {
        QTest::addColumn<QJsonObject>("response");
        QTest::addColumn<QString>("expected"); ///< "closed" or "reset"
        QTest::newRow("close") << QJsonObject { { u"action"_s, u"close"_s } } << u"closed"_s;
        QTest::newRow("reset") << QJsonObject { { u"action"_s, u"reset"_s } } << u"reset"_s;
        QTest::newRow("reset as a step") << QJsonObject { { u"sequence"_s,
            QJsonArray { QJsonObject { { u"action"_s, u"reset"_s } }, QJsonObject { { u"status"_s, 200 } } } } }
                                         << u"reset"_s;
    }

    /// Closing or resetting on purpose: the client gets no HTTP answer (a FIN, or an RST), and the request is
    /// stored anyway, its delivery saying what Hookscope did.
    void closeAndReset()
    {
        QFETCH(QJsonObject, response);
        QFETCH(QString, expected);
        test::ServeProcess serve;
        QVERIFY2(startServe(serve, writeConfig(serve.home(), response)), serve.log().constData());
        const RawOutcome seen = rawRequest(serve.httpPort(), signedRequest(test::sampleEvent(u"evt_gone"_s)));
        QVERIFY2(seen.error.isEmpty(), qPrintable(seen.error));
        QVERIFY2(!seen.received.contains("HTTP/1."), seen.received.constData());
        QVERIFY2(seen.received.isEmpty(), seen.received.constData());
        if (expected == u"reset"_s)
            QVERIFY2(seen.reset, "expected a connection reset, got an orderly close");
        else
            QVERIFY2(seen.closed && !seen.reset, "expected an orderly close");

        QList<store::DeliveryRow> d;
        WAIT_FOR((d = deliveriesOf(serve.dbPath(), u"evt_gone"_s)).size() == 1, "the stored delivery");
        QCOMPARE(d.first().answerAction, expected);
        QCOMPARE(d.first().statusCode, 0);
        QVERIFY(!d.first().body.isEmpty());
        QCOMPARE(d.first().toJson().value(u"answerAction"_s).toString(), expected);

        if (response.contains(u"sequence"_s)) {
            // The next delivery of the same event gets the next step.
            const RawOutcome retry = rawRequest(serve.httpPort(), signedRequest(test::sampleEvent(u"evt_gone"_s)));
            QCOMPARE(test::statusOf(retry.received), 200);
            WAIT_FOR((d = deliveriesOf(serve.dbPath(), u"evt_gone"_s)).size() == 2, "the second delivery");
            QCOMPARE(d[1].statusCode, 200);
            QVERIFY(d[1].answerAction.isEmpty());
        }
    }

    /// "responseRulesEnabled": false answers every request normally; the key is followed live while serving.
    void globalSwitchOffAnswersNormally()
    {
        test::ServeProcess serve;
        const QJsonObject closing { { u"action"_s, u"close"_s }, { u"status"_s, 500 } };
        const QString config = writeConfig(serve.home(), closing, { { u"responseRulesEnabled"_s, false } });
        QVERIFY2(startServe(serve, config), serve.log().constData());
        QCOMPARE(test::sendSigned(serve.url(), test::sampleEvent(u"evt_off"_s), kSecret).status, 200);
        QList<store::DeliveryRow> d;
        WAIT_FOR((d = deliveriesOf(serve.dbPath(), u"evt_off"_s)).size() == 1, "the delivery");
        QCOMPARE(d.first().statusCode, 200);
        QVERIFY(d.first().answerAction.isEmpty());
        QVERIFY(d.first().answerRule.isEmpty());

        // Switched on in the file: the listener follows without a restart.
        writeConfig(serve.home(), closing, { { u"responseRulesEnabled"_s, true } });
        int probe = 0;
        WAIT_FOR(rawRequest(serve.httpPort(), signedRequest(test::sampleEvent(u"evt_on_%1"_s.arg(++probe))))
                     .received.isEmpty(),
            "the listener to close connections once the rules are on");
        // And off again.
        writeConfig(serve.home(), closing, { { u"responseRulesEnabled"_s, false } });
        WAIT_FOR(
            test::statusOf(
                rawRequest(serve.httpPort(), signedRequest(test::sampleEvent(u"evt_on_%1"_s.arg(++probe)))).received)
                == 200,
            "the listener to answer normally once the rules are off");
    }

    void validation_data()
    {
        QTest::addColumn<QByteArray>("response");
        QTest::addColumn<QString>("message");
        QTest::newRow("times below 1")
            << QByteArray(R"({"sequence":[{"status":500,"times":0},{"status":200}]})")
            << u"route \"default\": response.sequence[0].times must be a whole number of at least 1"_s;
        QTest::newRow("rate above 1")
            << QByteArray(R"({"failureRate":1.5})")
            << u"route \"default\": response.failureRate must be a number between 0 and 1 (0.3: three requests in ten)"_s;
        QTest::newRow("rate below 0")
            << QByteArray(R"({"failureRate":-0.1})")
            << u"route \"default\": response.failureRate must be a number between 0 and 1 (0.3: three requests in ten)"_s;
        QTest::newRow("unknown action")
            << QByteArray(R"({"action":"explode"})")
            << u"route \"default\": response.action: unknown action \"explode\" (known: close, reset)"_s;
        QTest::newRow("unknown step action")
            << QByteArray(R"({"sequence":[{"action":"hang"}]})")
            << u"route \"default\": response.sequence[0].action: unknown action \"hang\" (known: close, reset)"_s;
        QTest::newRow("step without status or action")
            << QByteArray(R"({"sequence":[{"times":2}]})")
            << u"route \"default\": response.sequence[0] needs a status (100-599) or an action (close, reset)"_s;
        QTest::newRow("empty sequence")
            << QByteArray(R"({"sequence":[]})")
            << u"route \"default\": response.sequence must be a list of steps such as {\"status\": 500, \"times\": 2}"_s;
        QTest::newRow("range upside down")
            << QByteArray(R"({"delayMs":[500,100]})")
            << u"route \"default\": response.delayMs [min, max] needs 0 <= min <= max (milliseconds)"_s;
        QTest::newRow("failure status")
            << QByteArray(R"({"failureRate":0.5,"failureStatus":42})")
            << u"route \"default\": response.failureStatus must be an HTTP status (100-599)"_s;
    }

    /// The configuration's refusals name the route and the key at fault; serve refuses the file (exit 2) with
    /// the same sentence.
    void validation()
    {
        QFETCH(QByteArray, response);
        QFETCH(QString, message);
        const QByteArray json = R"({"routes":[{"name":"default","pathPrefix":"/","response":)" + response + "}]}";
        const auto parsed = config::parseConfig(json);
        QVERIFY(!parsed);
        QCOMPARE(parsed.error(), message);

        test::ServeProcess serve;
        const QString path = serve.home() + u"/bad.json"_s;
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(json);
        f.close();
        const test::CliResult r = test::runCli(
            { u"serve"_s, u"--config"_s, path, u"--db"_s, serve.dbPath(), u"--http"_s, u"0"_s, u"--https"_s, u"0"_s },
            serve.env());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
    }

    /// The switch's key is checked too, and the rules survive a save (keys written back as read).
    void switchKeyAndRoundTrip()
    {
        const auto bad = config::parseConfig(R"({"responseRulesEnabled":"yes"})");
        QVERIFY(!bad);
        QCOMPARE(bad.error(), u"responseRulesEnabled must be true or false"_s);
        QVERIFY(config::parseConfig("{}")->responseRulesEnabled);

        const QByteArray json = R"({"responseRulesEnabled":false,"routes":[{"name":"default","pathPrefix":"/",
            "response":{"sequence":[{"status":500,"times":2},{"action":"close"},{"status":200}],
            "failureRate":0.25,"seed":42,"failureStatus":502,"delayMs":[10,90]}}]})";
        const auto parsed = config::parseConfig(json);
        QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error()));
        QVERIFY(!parsed->responseRulesEnabled);
        const auto again = config::parseConfig(config::serializeConfig(*parsed));
        QVERIFY2(again, again ? "" : qPrintable(again.error()));
        QVERIFY(!again->responseRulesEnabled);
        const config::RouteResponse& r = again->routes.first().response;
        QCOMPARE(r.sequence.size(), 3);
        QCOMPARE(r.sequence[0].status, 500);
        QCOMPARE(r.sequence[0].times, 2);
        QCOMPARE(r.sequence[1].action, config::ResponseAction::Close);
        QCOMPARE(r.sequence[2].status, 200);
        QCOMPARE(r.failureRate, 0.25);
        QCOMPARE(r.failureStatus, 502);
        QCOMPARE(r.seed, quint64(42));
        QCOMPARE(r.delayMs, 10);
        QCOMPARE(r.delayMaxMs, 90);
    }

private:
    /// The sample event with a known id, as a .json file for `send`.
    static QString testEventFile(const QString& home, const QString& id)
    {
        const QString path = home + u"/"_s + id + u".json"_s;
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
        f.write(test::sampleEvent(id));
        return path;
    }
};

QTEST_GUILESS_MAIN(tst_ResponseRules)
#include "tst_response_rules.moc"
