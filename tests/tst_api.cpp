// The local API of `hookscope serve --api PORT`, driven through the real binary on loopback: the token, every
// resource, actions audited as the command line audits them, the Server-Sent Events stream, the Prometheus metrics
// (checked by promtool) and the OpenAPI document (every path it lists called against the server).

#include "testsupport.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QUrlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace hookscope::test;

namespace {

const QByteArray kSecret = "api-secret";

/** An email event carrying one attachment ("hello", text/plain). */
QByteArray eventWithAttachment(const QString& id, const QString& subject)
{
    QJsonObject o = QJsonDocument::fromJson(sampleEvent(id, subject)).object();
    o.insert(u"attachments"_s,
        QJsonArray { QJsonObject { { u"filename"_s, u"note.txt"_s }, { u"contentType"_s, u"text/plain"_s },
            { u"dataBase64"_s, QString::fromLatin1(QByteArray("hello").toBase64()) } } });
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray headerOf(const HttpReply& reply, const QByteArray& name)
{
    for (const auto& [n, v] : reply.headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

/** The media type without parameters, lower-cased. */
QByteArray mediaType(const QByteArray& contentType)
{
    return contentType.split(';').first().trimmed().toLower();
}

/** `serve --api` on free loopback ports, with its token. */
struct ApiServe {
    ServeProcess serve;
    quint16 apiPort = 0;
    QByteArray token;

    bool start(QStringList extra = {})
    {
        // Port 0: serve picks a free port and says which (two free ports asked for in a row can be the same one).
        extra << u"--api"_s << u"0"_s << u"--secret"_s << QString::fromLatin1(kSecret);
        if (!serve.start(extra, false))
            return false;
        const auto match
            = QRegularExpression(u"api: http://127\\.0\\.0\\.1:(\\d+)/api/v1/"_s).match(QString::fromUtf8(serve.log()));
        if (!match.hasMatch())
            return false;
        apiPort = quint16(match.captured(1).toUInt());
        const CliResult t = serve.cli({ u"api"_s, u"token"_s });
        token = t.out.trimmed();
        return t.exitCode == 0 && !token.isEmpty();
    }
    QString url(const QString& path) const { return u"http://127.0.0.1:%1%2"_s.arg(apiPort).arg(path); }
    HttpReply call(const QByteArray& method, const QString& path, const QByteArray& body = {}) const
    {
        return callAs("Bearer " + token, method, path, body);
    }
    HttpReply callAs(const QByteArray& authorization, const QByteArray& method, const QString& path,
        const QByteArray& body = {}) const
    {
        if (authorization.isEmpty())
            return send(url(path), body, {}, method);
        return send(url(path), body, { { "Authorization", authorization } }, method);
    }
    QJsonDocument getJson(const QString& path) const { return QJsonDocument::fromJson(call("GET", path).body); }
    /** The metric samples: "name{labels}" → value. */
    QHash<QString, double> metrics() const
    {
        QHash<QString, double> samples;
        for (const QByteArray& line : call("GET", u"/metrics"_s).body.split('\n')) {
            if (line.isEmpty() || line.startsWith('#'))
                continue;
            const qsizetype space = line.lastIndexOf(' ');
            samples.insert(QString::fromUtf8(line.left(space)), line.mid(space + 1).toDouble());
        }
        return samples;
    }
    /** The store id of the event with provider id `eventId` (0 when absent). */
    qint64 storeId(const QString& eventId) const
    {
        for (const auto& v : getJson(u"/api/v1/events?limit=0"_s).array()) {
            if (v.toObject().value(u"eventId"_s).toString() == eventId)
                return qint64(v.toObject().value(u"id"_s).toDouble());
        }
        return 0;
    }
};

/** The sum of every sample of `name` whose labels contain all of `labels` ("key=\"value\"" pieces). */
double sumOf(const QHash<QString, double>& samples, const QString& name, const QStringList& labels = {})
{
    double sum = 0;
    for (auto it = samples.begin(); it != samples.end(); ++it) {
        const QString& key = it.key();
        if (key != name && !key.startsWith(name + u'{'))
            continue;
        if (std::all_of(labels.begin(), labels.end(), [&](const QString& l) { return key.contains(l); }))
            sum += it.value();
    }
    return sum;
}

/** A client of GET /api/v1/stream on a plain socket: what arrived, and when each `event:` line was first seen. */
struct StreamClient {
    QTcpSocket socket;
    QByteArray received;
    QElapsedTimer clock;
    QList<std::pair<qint64, QByteArray>> events; ///< (ms on `clock` when seen, "kind data")
    QList<QByteArray> ids; ///< each event's `id:` field, in the same order

    bool open(const ApiServe& api, const QByteArray& authorization, const QByteArray& lastEventId = {})
    {
        clock.start();
        QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [this] {
            received += socket.readAll();
            // Complete events end with a blank line.
            qsizetype end;
            while ((end = received.indexOf("\n\n", parsed)) >= 0) {
                const QByteArray block = received.mid(parsed, end - parsed);
                parsed = end + 2;
                QByteArray kind;
                QByteArray data;
                QByteArray id;
                for (const QByteArray& line : block.split('\n')) {
                    if (line.startsWith("event: "))
                        kind = line.mid(7);
                    else if (line.startsWith("data: "))
                        data = line.mid(6);
                    else if (line.startsWith("id: "))
                        id = line.mid(4);
                }
                if (!kind.isEmpty()) {
                    events.append({ clock.elapsed(), kind + ' ' + data });
                    ids.append(id);
                }
            }
        });
        socket.connectToHost(QHostAddress::LocalHost, api.apiPort);
        if (!socket.waitForConnected(kWaitMs))
            return false;
        socket.write("GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
            + (authorization.isEmpty() ? QByteArray() : "Authorization: " + authorization + "\r\n")
            + (lastEventId.isEmpty() ? QByteArray() : "Last-Event-ID: " + lastEventId + "\r\n") + "\r\n");
        return waitFor(
            [this] { return received.contains("\r\n\r\n") || socket.state() != QAbstractSocket::ConnectedState; },
            "the stream's head");
    }
    /** Parses from after the head on. */
    void skipHead() { parsed = received.indexOf("\r\n\r\n") + 4; }
    /** The first event of `kind` for store id `id` (its index in `events`), -1 if none yet. */
    int find(const QByteArray& kind, qint64 id, const QByteArray& alsoContains = {}) const
    {
        for (int i = 0; i < events.size(); ++i) {
            const QByteArray& e = events.at(i).second;
            if (!e.startsWith(QByteArray(kind + ' ')))
                continue;
            const QJsonObject o = QJsonDocument::fromJson(e.mid(kind.size() + 1)).object();
            if (qint64(o.value(u"id"_s).toDouble()) == id && (alsoContains.isEmpty() || e.contains(alsoContains)))
                return i;
        }
        return -1;
    }

    qsizetype parsed = 0;
};

} // namespace

class TestApi : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tokenIsMadeOnceForItsOwnerOnly();
    void apiIsOffByDefaultAndNeverOnACapturePort();
    void callsWithoutTheTokenGet401AndLeaveNoTrace_data();
    void callsWithoutTheTokenGet401AndLeaveNoTrace();
    void eventsListOneEventAndItsBytes();
    void actionsAreAuditedLikeTheCommandLine();
    void replayIsAuditedLikeTheCommandLine();
    void streamDeliversArrivalsAndChanges();
    void streamResumesFromLastEventId();
    void metricsPassPromtool();
    void metricsMoveByAKnownSequence();
    void openApiDocumentMatchesTheServer();
    void pythonExampleRuns();
    void serveStopsCleanlyWithApiClients();
};

void TestApi::tokenIsMadeOnceForItsOwnerOnly()
{
    QTemporaryDir home;
    const QProcessEnvironment env = isolatedEnvironment(home.path());
    const CliResult first = runCli({ u"api"_s, u"token"_s }, env);
    QCOMPARE(first.exitCode, 0);
    const QByteArray token = first.out.trimmed();
    QVERIFY2(QRegularExpression(u"^[0-9a-f]{64}$"_s).match(QString::fromLatin1(token)).hasMatch(), token.constData());
    const QString file = home.path() + u"/data/hookscope/api-token"_s;
    QVERIFY2(QFileInfo::exists(file), "the token is kept in the data directory");
    const auto permissions = QFile::permissions(file);
    QVERIFY(permissions & QFileDevice::ReadOwner);
    QVERIFY(permissions & QFileDevice::WriteOwner);
    QCOMPARE(permissions
            & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
                | QFileDevice::WriteOther | QFileDevice::ExeOther),
        QFileDevice::Permissions());
    // Made once: asked again, the same token.
    QCOMPARE(runCli({ u"api"_s, u"token"_s }, env).out.trimmed(), token);

    // A file of one's own choosing, and one that others may read (refused).
    const QString chosen = home.path() + u"/chosen-token"_s;
    {
        QFile f(chosen);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("my-own-token\n");
    }
    QVERIFY(QFile::setPermissions(chosen, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    const CliResult own = runCli({ u"api"_s, u"token"_s, u"--api-token-file"_s, chosen }, env);
    QCOMPARE(own.exitCode, 0);
    QCOMPARE(own.out.trimmed(), QByteArray("my-own-token"));
    QVERIFY(QFile::setPermissions(chosen, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
    const CliResult readable = runCli({ u"api"_s, u"token"_s, u"--api-token-file"_s, chosen }, env);
    QCOMPARE(readable.exitCode, 1);
    QVERIFY2(readable.err.contains("read by others"), readable.err.constData());
    QVERIFY2(readable.out.isEmpty(), "a token others may read is not printed");
}

void TestApi::apiIsOffByDefaultAndNeverOnACapturePort()
{
    ServeProcess serve;
    QVERIFY2(serve.start({}, false), serve.log().constData());
    QVERIFY2(!serve.log().contains("api: "), serve.log().constData());
    QVERIFY2(
        !QFileInfo::exists(serve.home() + u"/data/hookscope/api-token"_s), "no token is made while the API is off");
    serve.stop();

    QTemporaryDir home;
    const QProcessEnvironment env = isolatedEnvironment(home.path());
    const QString port = QString::number(freePort());
    const CliResult same = runCli(
        { u"serve"_s, u"--db"_s, home.path() + u"/e.db"_s, u"--http"_s, port, u"--https"_s, u"0"_s, u"--api"_s, port },
        env);
    QCOMPARE(same.exitCode, 2);
    QVERIFY2(same.err.contains("capture port"), same.err.constData());
    const CliResult bad = runCli(
        { u"serve"_s, u"--db"_s, home.path() + u"/e.db"_s, u"--https"_s, u"0"_s, u"--api"_s, u"70000"_s }, env);
    QCOMPARE(bad.exitCode, 2);

    // Bound to 127.0.0.1 even when the capture listener binds to another address.
    ApiServe api;
    QVERIFY2(api.start({ u"--bind"_s, u"127.0.0.2"_s }), api.serve.log().constData());
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, api.apiPort);
    QVERIFY(probe.waitForConnected(kWaitMs));
    QVERIFY2(
        api.serve.log().contains(QByteArray(QByteArray("api: http://127.0.0.1:") + QByteArray::number(api.apiPort))),
        api.serve.log().constData());
}

void TestApi::callsWithoutTheTokenGet401AndLeaveNoTrace_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::newRow("none") << QByteArray();
    QTest::newRow("wrong token") << QByteArray(
        "Bearer 0000000000000000000000000000000000000000000000000000000000000000");
    QTest::newRow("empty bearer") << QByteArray("Bearer ");
    QTest::newRow("basic") << QByteArray("Basic dXNlcjpwYXNz");
    QTest::newRow("token prefix") << QByteArray("Bearer PREFIX");
}

void TestApi::callsWithoutTheTokenGet401AndLeaveNoTrace()
{
    QFETCH(QByteArray, authorization);
    ApiServe api;
    QVERIFY2(api.start(), api.serve.log().constData());
    if (authorization == "Bearer PREFIX")
        authorization = "Bearer " + api.token.left(api.token.size() - 1);
    QCOMPARE(sendSigned(api.serve.url(), eventWithAttachment(u"evt_kept"_s, u"Kept as it is"_s), kSecret).status, 200);
    const qint64 id = api.storeId(u"evt_kept"_s);
    QVERIFY(id > 0);
    WAIT_FOR(api.getJson(u"/api/v1/events/%1"_s.arg(id)).object().value(u"subject"_s).toString() == u"Kept as it is"_s,
        "the email to be read");
    const auto snapshot = [&]() -> QByteArray {
        return api.serve.cli({ u"list"_s, u"--json"_s, u"--limit"_s, u"0"_s }).out
            + api.serve.cli({ u"list"_s, u"--json"_s, u"--status"_s, u"discarded"_s }).out
            + api.serve.cli({ u"audit"_s, u"--json"_s }).out
            + api.serve.cli({ u"show"_s, QString::number(id), u"--json"_s }).out;
    };
    const QByteArray before = snapshot();
    const QByteArray metricsBefore = api.call("GET", u"/metrics"_s).body;

    const QString e = u"/api/v1/events/%1"_s.arg(id);
    const QList<std::pair<QByteArray, QString>> calls {
        { "GET", u"/api/v1/events"_s },
        { "GET", e },
        { "GET", e + u"/raw"_s },
        { "GET", e + u"/body"_s },
        { "GET", e + u"/attachments/0"_s },
        { "POST", e + u"/quarantine"_s },
        { "POST", e + u"/discard"_s },
        { "POST", e + u"/release"_s },
        { "POST", e + u"/restore"_s },
        { "POST", e + u"/replay"_s },
        { "GET", u"/api/v1/stream"_s },
        { "GET", u"/api/v1/openapi.json"_s },
        { "GET", u"/metrics"_s },
        { "GET", u"/api/v1/nothing-here"_s },
    };
    for (const auto& [method, path] : calls) {
        const QByteArray body = path.endsWith(u"/replay"_s)
            ? QByteArray("{\"to\":\"" + api.serve.url().toUtf8() + "\"}")
            : QByteArray("{\"reason\":\"manual\",\"note\":\"should not happen\"}");
        const HttpReply r = api.callAs(authorization, method, path, body);
        QVERIFY2(
            r.status == 401, qPrintable(u"%1 %2 answered %3"_s.arg(QString::fromLatin1(method), path).arg(r.status)));
        QVERIFY2(headerOf(r, "WWW-Authenticate").startsWith("Bearer"), qPrintable(path));
        QVERIFY2(!r.body.contains("evt_kept") && !r.body.contains("hookscope_"), r.body.constData());
    }
    // The stream answers 401 too, and sends nothing of the store.
    StreamClient stream;
    QVERIFY(stream.open(api, authorization));
    QVERIFY2(statusOf(stream.received) == 401, stream.received.constData());

    QCOMPARE(snapshot(), before);
    // Nothing reached the capture listener either, and the unauthorised calls are counted nowhere.
    const QByteArray metricsAfter = api.call("GET", u"/metrics"_s).body;
    const auto requests = [](const QByteArray& text) {
        QByteArray lines;
        for (const QByteArray& line : text.split('\n')) {
            if (line.startsWith("hookscope_requests_total") || line.startsWith("hookscope_replay_"))
                lines += line + '\n';
        }
        return lines;
    };
    QCOMPARE(requests(metricsAfter), requests(metricsBefore));
}

void TestApi::eventsListOneEventAndItsBytes()
{
    ApiServe api;
    QVERIFY2(api.start(), api.serve.log().constData());
    QCOMPARE(sendSigned(api.serve.url(), eventWithAttachment(u"evt_a"_s, u"Invoice 1"_s), kSecret).status, 200);
    QCOMPARE(sendSigned(api.serve.url(), sampleEvent(u"evt_b"_s, u"Newsletter"_s), kSecret).status, 200);
    QVERIFY(send(api.serve.url(), sampleEvent(u"evt_c"_s, u"Invoice 2 unsigned"_s)).status >= 400);
    const qint64 a = api.storeId(u"evt_a"_s);
    const qint64 b = api.storeId(u"evt_b"_s);
    const qint64 c = api.storeId(u"evt_c"_s);
    QVERIFY(a > 0 && b > a && c > b);
    // Every event with a body has its email read, the unsigned one (its signature failed) too: both invoices are
    // searchable.
    WAIT_FOR(api.getJson(u"/api/v1/events?query=invoice"_s).array().size() == 2, "both invoices to be searchable");
    WAIT_FOR(api.getJson(u"/api/v1/events/%1"_s.arg(b)).object().value(u"subject"_s) == u"Newsletter"_s,
        "the newsletter's email to be read");

    // The list is `list --json`; its filters are the list's.
    const QJsonArray all = api.getJson(u"/api/v1/events"_s).array();
    QCOMPARE(all, api.serve.cli({ u"list"_s, u"--json"_s }).json().array());
    QCOMPARE(all.size(), 3);
    QCOMPARE(api.getJson(u"/api/v1/events?query=invoice"_s).array(),
        api.serve.cli({ u"list"_s, u"--json"_s, u"--search"_s, u"invoice"_s }).json().array());
    QCOMPARE(api.getJson(u"/api/v1/events?status=failed"_s).array(),
        api.serve.cli({ u"list"_s, u"--json"_s, u"--status"_s, u"failed"_s }).json().array());
    QCOMPARE(api.getJson(u"/api/v1/events?route=default&limit=1"_s).array(),
        api.serve.cli({ u"list"_s, u"--json"_s, u"--route"_s, u"default"_s, u"--limit"_s, u"1"_s }).json().array());
    QCOMPARE(api.getJson(u"/api/v1/events?route=nosuchroute"_s).array().size(), 0);
    // `after`: what came after an event, oldest first.
    const QJsonArray after = api.getJson(u"/api/v1/events?after=%1"_s.arg(a)).array();
    QCOMPARE(after.size(), 2);
    QCOMPARE(qint64(after.at(0).toObject().value(u"id"_s).toDouble()), b);
    QCOMPARE(qint64(after.at(1).toObject().value(u"id"_s).toDouble()), c);
    QCOMPARE(api.call("GET", u"/api/v1/events?status=bogus"_s).status, 400);
    QCOMPARE(api.call("GET", u"/api/v1/events?limit=-1"_s).status, 400);
    QCOMPARE(api.call("GET", u"/api/v1/events?after=x"_s).status, 400);

    // One event: `show --json`, its email included.
    const QJsonObject one = api.getJson(u"/api/v1/events/%1"_s.arg(a)).object();
    QCOMPARE(one, api.serve.cli({ u"show"_s, QString::number(a), u"--json"_s }).json().object());
    const QJsonObject email = one.value(u"email"_s).toObject();
    QCOMPARE(email.value(u"subject"_s).toString(), u"Invoice 1"_s);
    const QJsonArray attachments = email.value(u"attachments"_s).toArray();
    QCOMPARE(attachments.size(), 1);
    QCOMPARE(attachments.at(0).toObject().value(u"filename"_s).toString(), u"note.txt"_s);
    QVERIFY2(!attachments.at(0).toObject().contains(u"dataBase64"_s), "attachment bytes have their own resource");

    // Exact bytes, as `show --raw` / `--body` print them.
    const HttpReply raw = api.call("GET", u"/api/v1/events/%1/raw"_s.arg(a));
    QCOMPARE(raw.status, 200);
    QCOMPARE(mediaType(headerOf(raw, "Content-Type")), QByteArray("application/octet-stream"));
    QCOMPARE(raw.body, api.serve.cli({ u"show"_s, QString::number(a), u"--raw"_s }).out);
    QVERIFY(raw.body.startsWith("POST /webhooks/email HTTP/1.1\r\n"));
    const HttpReply body = api.call("GET", u"/api/v1/events/%1/body"_s.arg(a));
    QCOMPARE(body.body, eventWithAttachment(u"evt_a"_s, u"Invoice 1"_s));
    QCOMPARE(api.call("GET", u"/api/v1/events/%1/body?delivery=2"_s.arg(a)).status, 404);
    const HttpReply attachment = api.call("GET", u"/api/v1/events/%1/attachments/0"_s.arg(a));
    QCOMPARE(attachment.status, 200);
    QCOMPARE(attachment.body, QByteArray("hello"));
    QCOMPARE(mediaType(headerOf(attachment, "Content-Type")), QByteArray("text/plain"));
    // The sender's bytes are never sniffed or run by a browser pointed at the API.
    for (const HttpReply* reply : { &raw, &body, &attachment }) {
        QCOMPARE(headerOf(*reply, "X-Content-Type-Options"), QByteArray("nosniff"));
        QVERIFY(headerOf(*reply, "Content-Security-Policy").startsWith("sandbox"));
        QCOMPARE(headerOf(*reply, "Content-Disposition"), QByteArray("attachment"));
    }
    QCOMPARE(api.call("GET", u"/api/v1/events/%1/attachments/1"_s.arg(a)).status, 404);
    QCOMPARE(api.call("GET", u"/api/v1/events/%1/attachments/0"_s.arg(b)).status, 404);

    QCOMPARE(api.call("GET", u"/api/v1/events/999999"_s).status, 404);
    QCOMPARE(api.call("GET", u"/api/v1/events/abc"_s).status, 404);
    QCOMPARE(api.call("DELETE", u"/api/v1/events/%1"_s.arg(a)).status, 405);
    QCOMPARE(api.call("GET", u"/api/v1/events/%1/quarantine"_s.arg(a)).status, 405);
    QCOMPARE(api.call("GET", u"/api/v2/events"_s).status, 404);
}

/** `audit --json` entries without what differs between two equal actions (their row id, time and event). */
QJsonArray comparable(QJsonArray entries)
{
    for (auto&& v : entries) {
        QJsonObject o = v.toObject();
        o.remove(u"id"_s);
        o.remove(u"time"_s);
        o.remove(u"event"_s);
        QJsonObject details = o.value(u"details"_s).toObject();
        details.remove(u"runId"_s);
        details.remove(u"originalSkewMs"_s); // how late each event's own signature was checked
        if (!details.isEmpty())
            o.insert(u"details"_s, details);
        v = o;
    }
    return entries;
}

void TestApi::actionsAreAuditedLikeTheCommandLine()
{
    ApiServe api;
    QVERIFY2(api.start(), api.serve.log().constData());
    QCOMPARE(sendSigned(api.serve.url(), sampleEvent(u"evt_api"_s), kSecret).status, 200);
    QCOMPARE(sendSigned(api.serve.url(), sampleEvent(u"evt_cli"_s), kSecret).status, 200);
    const qint64 viaApi = api.storeId(u"evt_api"_s);
    const qint64 viaCli = api.storeId(u"evt_cli"_s);
    QVERIFY(viaApi > 0 && viaCli > 0);

    const auto post = [&](const QString& action, const QByteArray& body) {
        return api.call("POST", u"/api/v1/events/%1/%2"_s.arg(viaApi).arg(action), body);
    };
    HttpReply r = post(u"quarantine"_s, "{\"reason\":\"duplicate\",\"note\":\"checked twice\"}");
    QCOMPARE(r.status, 200);
    QCOMPARE(QJsonDocument::fromJson(r.body).object().value(u"event"_s).toObject().value(u"quarantined"_s).toString(),
        u"duplicate"_s);
    QCOMPARE(api.serve
                 .cli({ u"quarantine"_s, QString::number(viaCli), u"--reason"_s, u"duplicate"_s, u"--note"_s,
                     u"checked twice"_s })
                 .exitCode,
        0);
    r = post(u"release"_s, "{\"note\":\"fine after all\",\"secret\":\"api-secret\"}");
    QCOMPARE(r.status, 200);
    QVERIFY2(QJsonDocument::fromJson(r.body).object().value(u"event"_s).toObject().value(u"quarantined"_s) == false,
        r.body.constData());
    QCOMPARE(api.serve
                 .cli({ u"release"_s, QString::number(viaCli), u"--note"_s, u"fine after all"_s, u"--secret"_s,
                     QString::fromLatin1(kSecret) })
                 .exitCode,
        0);
    QCOMPARE(post(u"release"_s, {}).status, 409); // not quarantined any more
    QCOMPARE(post(u"discard"_s, "{\"note\":\"noise\"}").status, 200);
    QCOMPARE(api.serve.cli({ u"discard"_s, QString::number(viaCli), u"--note"_s, u"noise"_s }).exitCode, 0);
    QCOMPARE(post(u"restore"_s, {}).status, 200);
    QCOMPARE(api.serve.cli({ u"restore"_s, QString::number(viaCli) }).exitCode, 0);
    QCOMPARE(post(u"quarantine"_s, "{\"reason\":\"no-such-reason\"}").status, 400);
    QCOMPARE(post(u"quarantine"_s, "not json").status, 400);

    const QJsonArray apiEntries
        = api.serve.cli({ u"audit"_s, u"--json"_s, u"--event"_s, QString::number(viaApi) }).json().array();
    const QJsonArray cliEntries
        = api.serve.cli({ u"audit"_s, u"--json"_s, u"--event"_s, QString::number(viaCli) }).json().array();
    QCOMPARE(apiEntries.size(), 4);
    QCOMPARE(comparable(apiEntries), comparable(cliEntries));
    // And the plain `audit` lines read the same but for the time and the event.
    const auto lines = [&](qint64 id) {
        static const QRegularExpression skew(u"\"originalSkewMs\":-?\\d+,?"_s);
        QStringList result;
        const QByteArray out = api.serve.cli({ u"audit"_s, u"--event"_s, QString::number(id) }).out;
        for (QString line : QString::fromUtf8(out).split(u'\n', Qt::SkipEmptyParts))
            result << line.section(u"  "_s, 1).replace(u"event %1"_s.arg(id), u"event N"_s).remove(skew);
        return result;
    };
    QCOMPARE(lines(viaApi), lines(viaCli));
    const auto final = api.getJson(u"/api/v1/events/%1"_s.arg(viaApi)).object();
    QCOMPARE(final.value(u"quarantined"_s), QJsonValue(false));
    QCOMPARE(final.value(u"discarded"_s), QJsonValue(false));
}

void TestApi::replayIsAuditedLikeTheCommandLine()
{
    ApiServe api;
    QVERIFY2(api.start(), api.serve.log().constData());
    QCOMPARE(sendSigned(api.serve.url(), sampleEvent(u"evt_r1"_s), kSecret).status, 200);
    QCOMPARE(sendSigned(api.serve.url(), sampleEvent(u"evt_r2"_s), kSecret).status, 200);
    const qint64 viaApi = api.storeId(u"evt_r1"_s);
    const qint64 viaCli = api.storeId(u"evt_r2"_s);
    // Replayed as captured to the capture port itself (loopback): the target answers 200 (a duplicate).
    const HttpReply r = api.call(
        "POST", u"/api/v1/events/%1/replay"_s.arg(viaApi), QByteArray("{\"to\":\"" + api.serve.url().toUtf8() + "\"}"));
    QCOMPARE(r.status, 200);
    const QJsonObject result = QJsonDocument::fromJson(r.body).object();
    QCOMPARE(result.value(u"runs"_s).toArray().size(), 1);
    QCOMPARE(result.value(u"runs"_s).toArray().at(0).toObject().value(u"ok"_s), QJsonValue(true));
    QCOMPARE(result.value(u"attempts"_s).toArray().at(0).toObject().value(u"status"_s).toInt(), 200);
    QCOMPARE(api.serve.cli({ u"replay"_s, QString::number(viaCli), u"--to"_s, api.serve.url() }).exitCode, 0);

    // On the answer, the audit log already has the run.
    const QJsonArray apiEntries
        = api.serve.cli({ u"audit"_s, u"--json"_s, u"--event"_s, QString::number(viaApi) }).json().array();
    const QJsonArray cliEntries
        = api.serve.cli({ u"audit"_s, u"--json"_s, u"--event"_s, QString::number(viaCli) }).json().array();
    QCOMPARE(apiEntries.size(), 1);
    QCOMPARE(apiEntries.at(0).toObject().value(u"action"_s).toString(), u"replay"_s);
    QCOMPARE(comparable(apiEntries), comparable(cliEntries));
    // The attempt is in the event's detail, as one made from the command line is.
    const QJsonArray attempts = api.getJson(u"/api/v1/events/%1"_s.arg(viaApi)).object().value(u"attempts"_s).toArray();
    QCOMPARE(attempts.size(), 1);
    QCOMPARE(attempts.at(0).toObject().value(u"kind"_s).toString(), u"replay"_s);

    QCOMPARE(api.call("POST", u"/api/v1/events/%1/replay"_s.arg(viaApi), "{}").status, 400);
    QCOMPARE(api.call("POST", u"/api/v1/events/999999/replay"_s, QByteArray("{\"to\":\"http://127.0.0.1:9/\"}")).status,
        404);
}

void TestApi::streamDeliversArrivalsAndChanges()
{
    ApiServe api;
    QVERIFY2(api.start(), api.serve.log().constData());
    StreamClient stream;
    QVERIFY(stream.open(api, "Bearer " + api.token));
    QCOMPARE(statusOf(stream.received), 200);
    QVERIFY2(stream.received.toLower().contains("content-type: text/event-stream"), stream.received.constData());
    stream.skipHead();
    WAIT_FOR(stream.received.contains(": hookscope event stream"), "the stream's opening comment");

    // Each signed request to the real serve arrives on the stream; the latency from the 200 being read to the
    // event being read is recorded (for BENCHMARKS.md), never asserted.
    QList<qint64> latencies;
    for (int i = 0; i < 20; ++i) {
        const QString eventId = u"evt_stream_%1"_s.arg(i);
        const HttpReply r = sendSigned(api.serve.url(), sampleEvent(eventId, u"Streamed %1"_s.arg(i)), kSecret);
        const qint64 answeredAt = stream.clock.elapsed();
        QCOMPARE(r.status, 200);
        const qint64 id = api.storeId(eventId);
        QVERIFY(id > 0);
        WAIT_FOR(stream.find("arrived", id) >= 0, "the arrival on the stream");
        const auto& seen = stream.events.at(stream.find("arrived", id));
        QVERIFY2(seen.second.contains(eventId.toUtf8()), seen.second.constData());
        latencies << std::max<qint64>(0, seen.first - answeredAt);
    }
    std::sort(latencies.begin(), latencies.end());
    qInfo("SSE arrival after the 200 was read: median %lld ms, max %lld ms over %lld requests",
        latencies.at(latencies.size() / 2), latencies.last(), qlonglong(latencies.size()));

    // A change made by another process (the command line) is streamed too; once per change.
    const qint64 first = api.storeId(u"evt_stream_0"_s);
    QCOMPARE(api.serve.cli({ u"quarantine"_s, QString::number(first), u"--reason"_s, u"manual"_s }).exitCode, 0);
    WAIT_FOR(stream.find("changed", first, "\"quarantined\":\"manual\"") >= 0, "the quarantine on the stream");
    // A duplicate delivery changes the event's counts.
    QCOMPARE(sendSigned(api.serve.url(), sampleEvent(u"evt_stream_1"_s, u"Streamed 1"_s), kSecret).status, 200);
    WAIT_FOR(
        stream.find("changed", api.storeId(u"evt_stream_1"_s), "\"duplicates\":1") >= 0, "the duplicate on the stream");
    int arrivals = 0;
    for (const auto& e : std::as_const(stream.events))
        arrivals += e.second.startsWith("arrived ") ? 1 : 0;
    QCOMPARE(arrivals, 20);
}

void TestApi::streamResumesFromLastEventId()
{
    ApiServe api;
    QVERIFY2(api.start(), api.serve.log().constData());
    QList<qint64> ids;
    QByteArray resumeFrom;
    {
        StreamClient first;
        QVERIFY(first.open(api, "Bearer " + api.token));
        QCOMPARE(statusOf(first.received), 200);
        first.skipHead();
        WAIT_FOR(first.received.contains(": hookscope event stream"), "the stream's opening comment");
        for (int i = 0; i < 3; ++i) {
            const QString eventId = u"evt_resume_%1"_s.arg(i);
            QCOMPARE(sendSigned(api.serve.url(), sampleEvent(eventId, u"Resume %1"_s.arg(i)), kSecret).status, 200);
            ids << api.storeId(eventId);
            WAIT_FOR(first.find("arrived", ids.last()) >= 0, "the arrival on the first stream");
        }
        for (const QByteArray& id : std::as_const(first.ids))
            QVERIFY2(!id.isEmpty(), "every message carries an id");
        resumeFrom = first.ids.last();
        first.socket.abort();
    }
    // While no client listens: two arrivals, and a change to an event the client has already seen.
    for (int i = 3; i < 5; ++i) {
        const QString eventId = u"evt_resume_%1"_s.arg(i);
        QCOMPARE(sendSigned(api.serve.url(), sampleEvent(eventId, u"Resume %1"_s.arg(i)), kSecret).status, 200);
        ids << api.storeId(eventId);
    }
    QCOMPARE(api.serve.cli({ u"quarantine"_s, QString::number(ids.first()), u"--reason"_s, u"manual"_s }).exitCode, 0);

    StreamClient resumed;
    QVERIFY(resumed.open(api, "Bearer " + api.token, resumeFrom));
    QCOMPARE(statusOf(resumed.received), 200);
    resumed.skipHead();
    WAIT_FOR(resumed.find("arrived", ids.at(3)) >= 0 && resumed.find("arrived", ids.at(4)) >= 0,
        "the two events that arrived while no client listened");
    WAIT_FOR(resumed.find("changed", ids.first(), "\"quarantined\":\"manual\"") >= 0,
        "the quarantine made while no client listened");
    QCOMPARE(resumed.find("arrived", ids.at(0)), -1);
    QCOMPARE(resumed.find("arrived", ids.at(1)), -1);
    // And the stream goes on live after the catch-up.
    QCOMPARE(sendSigned(api.serve.url(), sampleEvent(u"evt_resume_5"_s, u"Resume 5"_s), kSecret).status, 200);
    const qint64 live = api.storeId(u"evt_resume_5"_s);
    WAIT_FOR(resumed.find("arrived", live) >= 0, "a live arrival after the catch-up");

    // A position the store never reached says so (a gap) and goes on from the present.
    StreamClient ahead;
    QVERIFY(ahead.open(api, "Bearer " + api.token, "999999.0.0.0"));
    QCOMPARE(statusOf(ahead.received), 200);
    ahead.skipHead();
    WAIT_FOR(!ahead.events.isEmpty(), "the gap message");
    QVERIFY2(ahead.events.first().second.startsWith("gap "), ahead.events.first().second.constData());

    // Anything else is not a position this stream sent: 400, no stream.
    StreamClient bad;
    QVERIFY(bad.open(api, "Bearer " + api.token, "12; DROP"));
    QCOMPARE(statusOf(bad.received), 400);
}

void TestApi::metricsPassPromtool()
{
    if (!QFileInfo::exists(u"/usr/bin/promtool"_s))
        QFAIL("promtool is missing: install Debian's prometheus package (packaging/setup.sh)");
    ApiServe api;
    QVERIFY2(api.start({ u"--max-body"_s, u"1000"_s }), api.serve.log().constData());
    QCOMPARE(sendSigned(api.serve.url(), sampleEvent(u"evt_m1"_s), kSecret).status, 200);
    QCOMPARE(sendSigned(api.serve.url(), sampleEvent(u"evt_m1"_s), kSecret).status, 200);
    QVERIFY(sendSigned(api.serve.url(), sampleEvent(u"evt_m2"_s), "wrong").status >= 400);
    QCOMPARE(statusOf(rawExchange(api.serve.httpPort(),
                 "POST /webhooks/email HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + QByteArray(5000, 'x'))),
        413);
    QCOMPARE(api.call("POST", u"/api/v1/events/%1/replay"_s.arg(api.storeId(u"evt_m1"_s)),
                    QByteArray("{\"to\":\"" + api.serve.url().toUtf8() + "\"}"))
                 .status,
        200);
    WAIT_FOR(sumOf(api.metrics(), u"hookscope_requests_total"_s) == 5, "the five requests to be counted");
    const HttpReply r = api.call("GET", u"/metrics"_s);
    QCOMPARE(r.status, 200);
    QCOMPARE(mediaType(headerOf(r, "Content-Type")), QByteArray("text/plain"));
    QVERIFY2(headerOf(r, "Content-Type").contains("version=0.0.4"), headerOf(r, "Content-Type").constData());
    QProcess promtool;
    promtool.start(u"/usr/bin/promtool"_s, { u"check"_s, u"metrics"_s });
    QVERIFY(promtool.waitForStarted(kWaitMs));
    promtool.write(r.body);
    promtool.closeWriteChannel();
    QVERIFY(promtool.waitForFinished(kWaitMs));
    const QByteArray said = promtool.readAllStandardOutput() + promtool.readAllStandardError();
    QVERIFY2(promtool.exitStatus() == QProcess::NormalExit && promtool.exitCode() == 0,
        QByteArray(said + "\n" + r.body).constData());
    // promtool's lint speaks of problems only: a clean exposition says nothing.
    QVERIFY2(said.trimmed().isEmpty(), said.constData());
}

void TestApi::metricsMoveByAKnownSequence()
{
    ApiServe api;
    QVERIFY2(api.start({ u"--max-body"_s, u"2000"_s }), api.serve.log().constData());
    const auto zero = api.metrics();
    QCOMPARE(sumOf(zero, u"hookscope_requests_total"_s), 0.0);
    QCOMPARE(zero.value(u"hookscope_commit_latency_seconds_count"_s, -1), 0.0);
    QCOMPARE(zero.value(u"hookscope_store_events"_s, -1), 0.0);

    // 3 verified, 2 with a wrong signature, 1 duplicate of a verified one, 1 too large (413).
    for (const QString& id : { u"evt_v1"_s, u"evt_v2"_s, u"evt_v3"_s })
        QCOMPARE(sendSigned(api.serve.url(), sampleEvent(id), kSecret).status, 200);
    int failedStatus = 0;
    for (const QString& id : { u"evt_f1"_s, u"evt_f2"_s }) {
        failedStatus = sendSigned(api.serve.url(), sampleEvent(id), "not-the-secret").status;
        QVERIFY(failedStatus >= 400 && failedStatus < 500);
    }
    QCOMPARE(sendSigned(api.serve.url(), sampleEvent(u"evt_v1"_s), kSecret).status, 200);
    QCOMPARE(statusOf(rawExchange(api.serve.httpPort(),
                 "POST /webhooks/email HTTP/1.1\r\nHost: x\r\nContent-Length: 3000\r\n\r\n" + QByteArray(3000, 'x'))),
        413);
    WAIT_FOR(sumOf(api.metrics(), u"hookscope_requests_total"_s) == 7, "the seven requests to be counted");
    WAIT_FOR(api.metrics().value(u"hookscope_postprocess_backlog"_s, -1) == 0, "the post-processing to be done");

    const auto m = api.metrics();
    const QString route = u"route=\"default\""_s;
    QCOMPARE(sumOf(m, u"hookscope_requests_total"_s, { route, u"status=\"200\""_s }), 4.0);
    QCOMPARE(sumOf(m, u"hookscope_requests_total"_s, { route, u"status=\"%1\""_s.arg(failedStatus) }), 2.0);
    QCOMPARE(sumOf(m, u"hookscope_requests_total"_s, { route, u"status=\"413\""_s }), 1.0);
    QCOMPARE(sumOf(m, u"hookscope_verifications_total"_s,
                 { u"scheme=\"mailparse\""_s, u"outcome=\"verified\""_s, u"reason=\"valid\""_s }),
        4.0);
    QCOMPARE(sumOf(m, u"hookscope_verifications_total"_s, { u"scheme=\"mailparse\""_s, u"outcome=\"failed\""_s }), 2.0);
    QCOMPARE(
        sumOf(m, u"hookscope_verifications_total"_s, { u"outcome=\"refused\""_s, u"reason=\"refused-413\""_s }), 1.0);
    QCOMPARE(sumOf(m, u"hookscope_verifications_total"_s), 7.0);
    QCOMPARE(sumOf(m, u"hookscope_duplicates_total"_s, { route }), 1.0);
    QCOMPARE(sumOf(m, u"hookscope_duplicates_total"_s), 1.0);
    QCOMPARE(sumOf(m, u"hookscope_quarantined_total"_s, { route, u"reason=\"oversize\""_s }), 1.0);
    // Every quarantine counted on arrival is one the store holds (the failed signatures are quarantined too).
    const double quarantined
        = api.serve.cli({ u"list"_s, u"--json"_s, u"--status"_s, u"quarantined"_s, u"--limit"_s, u"0"_s })
              .json()
              .array()
              .size();
    QCOMPARE(sumOf(m, u"hookscope_quarantined_total"_s), quarantined);
    QCOMPARE(m.value(u"hookscope_quarantined_events"_s, -1), quarantined);
    QCOMPARE(m.value(u"hookscope_commit_latency_seconds_count"_s), 7.0);
    QCOMPARE(m.value(u"hookscope_commit_latency_seconds_bucket{le=\"+Inf\"}"_s), 7.0);
    QCOMPARE(m.value(u"hookscope_answer_latency_seconds_count"_s), 6.0); // the 413 was answered by the listener
    QCOMPARE(m.value(u"hookscope_store_events"_s), 6.0);
    QVERIFY(m.value(u"hookscope_store_size_bytes"_s) > 0);
    QCOMPARE(sumOf(m, u"hookscope_replay_attempts_total"_s), 0.0);

    // A replay through the API: one attempt, one run, and one more (duplicate) request on the capture port.
    const qint64 v2 = api.storeId(u"evt_v2"_s);
    QCOMPARE(api.call("POST", u"/api/v1/events/%1/replay"_s.arg(v2),
                    QByteArray("{\"to\":\"" + api.serve.url().toUtf8() + "\"}"))
                 .status,
        200);
    WAIT_FOR(sumOf(api.metrics(), u"hookscope_requests_total"_s) == 8, "the replayed request to be counted");
    const auto after = api.metrics();
    QCOMPARE(
        sumOf(after, u"hookscope_replay_attempts_total"_s, { u"kind=\"replay\""_s, u"outcome=\"success\""_s }), 1.0);
    QCOMPARE(sumOf(after, u"hookscope_replay_attempts_total"_s), 1.0);
    QCOMPARE(sumOf(after, u"hookscope_replay_runs_total"_s, { u"kind=\"replay\""_s, u"outcome=\"delivered\""_s }), 1.0);
    QCOMPARE(sumOf(after, u"hookscope_duplicates_total"_s), 2.0);
    QCOMPARE(sumOf(after, u"hookscope_requests_total"_s, { route, u"status=\"200\""_s }), 5.0);
    // API calls themselves are not requests of the capture ports.
    QCOMPARE(sumOf(api.metrics(), u"hookscope_requests_total"_s), 8.0);
}

void TestApi::openApiDocumentMatchesTheServer()
{
    ApiServe api;
    QVERIFY2(api.start(), api.serve.log().constData());
    QCOMPARE(sendSigned(api.serve.url(), eventWithAttachment(u"evt_doc"_s, u"Documented"_s), kSecret).status, 200);
    const qint64 id = api.storeId(u"evt_doc"_s);
    QVERIFY(id > 0);

    const HttpReply docReply = api.call("GET", u"/api/v1/openapi.json"_s);
    QCOMPARE(docReply.status, 200);
    const QJsonObject doc = QJsonDocument::fromJson(docReply.body).object();
    QCOMPARE(doc.value(u"openapi"_s).toString(), u"3.1.0"_s);
    const QJsonObject paths = doc.value(u"paths"_s).toObject();
    QVERIFY(paths.size() >= 13);
    const QJsonObject components = doc.value(u"components"_s).toObject();
    const auto resolve = [&](QJsonObject o) {
        const QString ref = o.value(u"$ref"_s).toString();
        if (ref.startsWith(u"#/components/responses/"_s))
            o = components.value(u"responses"_s).toObject().value(ref.mid(23)).toObject();
        return o;
    };

    int operations = 0;
    // QJsonObject keeps keys sorted: quarantine before release, discard before restore.
    for (auto p = paths.begin(); p != paths.end(); ++p) {
        const QJsonObject item = p.value().toObject();
        for (auto op = item.begin(); op != item.end(); ++op) {
            const QByteArray method = op.key().toUpper().toLatin1();
            const QJsonObject operation = op.value().toObject();
            const QJsonObject responses = operation.value(u"responses"_s).toObject();
            QString path = p.key();
            path.replace(u"{id}"_s, QString::number(id)).replace(u"{n}"_s, u"0"_s);
            QByteArray body;
            const QJsonObject requestBody = operation.value(u"requestBody"_s).toObject();
            if (!requestBody.isEmpty()) {
                QJsonObject example = requestBody.value(u"content"_s)
                                          .toObject()
                                          .value(u"application/json"_s)
                                          .toObject()
                                          .value(u"example"_s)
                                          .toObject();
                if (example.contains(u"to"_s))
                    example.insert(u"to"_s, api.serve.url());
                body = QJsonDocument(example).toJson(QJsonDocument::Compact);
            }
            const QString what = QString::fromLatin1(method) + u' ' + p.key();

            // Without the token: the documented 401.
            QVERIFY2(responses.contains(u"401"_s), qPrintable(what + u": 401 is not documented"_s));
            int status = 0;
            QByteArray contentType;
            const bool stream = resolve(responses.value(u"200"_s).toObject())
                                    .value(u"content"_s)
                                    .toObject()
                                    .contains(u"text/event-stream"_s);
            if (stream) {
                StreamClient unauthorised;
                QVERIFY(unauthorised.open(api, {}));
                QCOMPARE(statusOf(unauthorised.received), 401);
                StreamClient client;
                QVERIFY(client.open(api, "Bearer " + api.token));
                status = statusOf(client.received);
                const QByteArray head = client.received.left(client.received.indexOf("\r\n\r\n")).toLower();
                const qsizetype at = head.indexOf("content-type:");
                contentType = head.mid(at + 13, head.indexOf("\r\n", at) - at - 13).trimmed();
            } else {
                QCOMPARE(api.callAs({}, method, path, body).status, 401);
                const HttpReply r = api.call(method, path, body);
                status = r.status;
                contentType = headerOf(r, "Content-Type");
            }
            QVERIFY2(status >= 200 && status < 300,
                qPrintable(what + u" answered %1 to the documented example"_s.arg(status)));
            QVERIFY2(responses.contains(QString::number(status)),
                qPrintable(what + u": %1 is not a documented answer"_s.arg(status)));
            const QJsonObject content
                = resolve(responses.value(QString::number(status)).toObject()).value(u"content"_s).toObject();
            QVERIFY2(content.contains(QString::fromLatin1(mediaType(contentType))) || content.contains(u"*/*"_s),
                qPrintable(what + u": answered " + QString::fromLatin1(contentType) + u", documented "_s
                    + content.keys().join(u", "_s)));
            // A documented error answer: a missing event.
            if (p.key().contains(u"{id}"_s) && responses.contains(u"404"_s)) {
                QString missing = p.key();
                missing.replace(u"{id}"_s, u"999999"_s).replace(u"{n}"_s, u"0"_s);
                const HttpReply r = api.call(method, missing, body);
                QVERIFY2(r.status == 404, qPrintable(what + u" for a missing event answered %1"_s.arg(r.status)));
                QCOMPARE(mediaType(headerOf(r, "Content-Type")), QByteArray("application/json"));
                QVERIFY(QJsonDocument::fromJson(r.body).object().contains(u"error"_s));
            }
            ++operations;
        }
    }
    QCOMPARE(operations, 13);
}

void TestApi::pythonExampleRuns()
{
    // README's "Use it in tests" shows this script verbatim; here it runs against a real serve --api.
    const QString script = testData(u"../examples/api-client.py"_s);
    QFile scriptFile(script);
    QVERIFY(scriptFile.open(QIODevice::ReadOnly));
    const QByteArray text = scriptFile.readAll();
    QFile readme(testData(u"../../README.md"_s));
    QVERIFY(readme.open(QIODevice::ReadOnly));
    QVERIFY2(readme.readAll().contains(QByteArray("```python\n" + text + "```\n")),
        "README.md does not show tests/examples/api-client.py as it is");

    const QString python = QStandardPaths::findExecutable(u"python3"_s);
    if (python.isEmpty())
        QFAIL("python3 is missing (packaging/setup.sh installs it)");
    ApiServe api;
    QVERIFY2(api.start(), api.serve.log().constData());
    QProcessEnvironment env = api.serve.env();
    env.insert(u"HOOKSCOPE"_s, binary()); // the script asks `hookscope api token` for the token
    env.insert(u"HOOKSCOPE_API"_s, api.url(QString()));
    env.insert(u"CAPTURE_URL"_s, api.serve.url());
    env.insert(u"SECRET"_s, QString::fromLatin1(kSecret));
    QProcess job;
    job.setProcessEnvironment(env);
    job.start(python, { script });
    QVERIFY(job.waitForStarted(kWaitMs));
    QVERIFY2(job.waitForFinished(120'000), "the Python example did not finish");
    const QByteArray out = job.readAllStandardOutput();
    const QByteArray err = job.readAllStandardError();
    QVERIFY2(job.exitStatus() == QProcess::NormalExit && job.exitCode() == 0, QByteArray(out + err).constData());
    QVERIFY2(out.endsWith("ok\n"), out.constData());
    qInfo("%s", out.constData());
    // What it did is in the store: three arrivals, one quarantined by it with its note in the audit log.
    const QJsonArray audit = api.serve.cli({ u"audit"_s, u"--json"_s }).json().array();
    QCOMPARE(audit.size(), 1);
    QCOMPARE(audit.at(0).toObject().value(u"note"_s).toString(), u"checked by the test"_s);
}

void TestApi::serveStopsCleanlyWithApiClients()
{
    // SIGTERM with an API connection answered and closed and one still open: serve exits 0 (it used to die of a
    // segmentation fault as it closed the API, taking its server and event feed for connections).
    QTemporaryDir home;
    QProcess serve;
    serve.setProcessEnvironment(isolatedEnvironment(home.path()));
    serve.setProcessChannelMode(QProcess::MergedChannels);
    serve.start(binary(),
        { u"serve"_s, u"--db"_s, home.path() + u"/e.db"_s, u"--http"_s, QString::number(freePort()), u"--https"_s,
            u"0"_s, u"--api"_s, u"0"_s });
    QVERIFY(serve.waitForStarted());
    QByteArray log;
    QRegularExpressionMatch match;
    QVERIFY(waitFor(
        [&] {
            log += serve.readAll();
            match = QRegularExpression(u"api: http://127\\.0\\.0\\.1:(\\d+)/api/v1/"_s).match(QString::fromUtf8(log));
            return match.hasMatch() || serve.state() != QProcess::Running;
        },
        "serve to print its API's address"));
    QVERIFY2(match.hasMatch(), log.constData());
    const QString api = u"http://127.0.0.1:%1"_s.arg(match.captured(1));
    QCOMPARE(send(api + u"/api/v1/events"_s, {}, {}, "GET").status, 401); // a connection, answered and closed
    QTcpSocket idle; // a connection that stays open, sending nothing
    idle.connectToHost(QHostAddress::LocalHost, quint16(match.captured(1).toUInt()));
    QVERIFY(idle.waitForConnected());
    QTest::qWait(200);
    serve.terminate();
    QVERIFY(serve.waitForFinished(kWaitMs));
    log += serve.readAll();
    QVERIFY2(serve.exitStatus() == QProcess::NormalExit, log.constData());
    QCOMPARE(serve.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestApi)
#include "tst_api.moc"
