// Every provider payload of tests/data/payloads/providers/ (one row each: the payload, and beside it
// NAME.expect.json naming the provider documentation it follows and what must be read out of it), posted
// through the real `hookscope serve` with its content type and provider headers, the email read back through
// the local API (`/api/v1/events/ID`) and the store's attachment index. Also: a route's `"payload"` setting,
// and an SNS subscription confirmation that nothing ever visits on its own.

#include "testsupport.h"

#include "core/config/config.h"
#include "core/email/adapter.h"

#include <QDir>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::test;

namespace {

const QByteArray kSecret = "providers-secret";

QString providersDir()
{
    return testData(u"payloads/providers"_s);
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList strings(const QJsonValue& v)
{
    QStringList out;
    for (const auto& s : v.toArray())
        out << s.toString();
    return out;
}

QStringList addresses(const QJsonValue& list)
{
    QStringList out;
    for (const auto& a : list.toArray())
        out << a.toObject().value(u"address"_s).toString();
    return out;
}

/** Line endings and trailing white space aside (the MIME reading keeps CRLF, JSON fields may not). */
QString normalized(QString s)
{
    s.replace(u"\r\n"_s, u"\n"_s);
    return s.trimmed();
}

/** `serve --api` on free loopback ports, with its token. */
struct ApiServe {
    ServeProcess serve;
    quint16 apiPort = 0;
    QByteArray token;

    bool start(QStringList extra = {})
    {
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
    QJsonDocument getJson(const QString& path) const
    {
        return QJsonDocument::fromJson(send(
            u"http://127.0.0.1:%1%2"_s.arg(apiPort).arg(path), {}, { { "Authorization", "Bearer " + token } }, "GET")
                                           .body);
    }
    qint64 newestId() const
    {
        qint64 newest = 0;
        for (const auto& v : getJson(u"/api/v1/events?limit=0"_s).array())
            newest = qMax(newest, qint64(v.toObject().value(u"id"_s).toDouble()));
        return newest;
    }
    /** Posts `body` with mailparse's signature and `headers`; the store id of the event it made (0: none). */
    qint64 post(const QString& path, const QByteArray& body, http::HttpHeaders headers)
    {
        const qint64 before = newestId();
        const qint64 ts = QDateTime::currentMSecsSinceEpoch();
        headers.append({ "X-Webhook-Timestamp", QByteArray::number(ts) });
        headers.append({ "X-Webhook-Signature", signMailparse(kSecret, ts, body) });
        // Accepted or not (a route without its secret), an event with a body is stored and its email read.
        const HttpReply reply = send(serve.url(path), body, headers);
        if (reply.status == 0)
            return 0;
        qint64 id = 0;
        // Waited for, then judged below: 0 says the event never came.
        (void)QTest::qWaitFor(
            [&] {
                id = newestId();
                return id > before;
            },
            kWaitMs);
        return id > before ? id : 0;
    }
};

/** A read-only connection to serve's store, for what the post-processor wrote (the attachment index). */
class StoreReader {
public:
    explicit StoreReader(const QString& path)
        : m_name(u"providers-%1"_s.arg(quintptr(this)))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
        db.open();
    }
    ~StoreReader() { QSqlDatabase::removeDatabase(m_name); }
    bool processed(qint64 id) const
    {
        QSqlQuery q(QSqlDatabase::database(m_name));
        q.prepare(u"SELECT processed FROM events WHERE id = ?"_s);
        q.addBindValue(id);
        return q.exec() && q.next() && q.value(0).toInt() == 1;
    }
    /** part → inline, of the attachments the post-processor indexed. */
    QHash<int, bool> inlineByPart(qint64 id) const
    {
        QHash<int, bool> out;
        QSqlQuery q(QSqlDatabase::database(m_name));
        q.prepare(u"SELECT part, inline FROM attachments WHERE event_id = ?"_s);
        q.addBindValue(id);
        if (q.exec()) {
            while (q.next())
                out.insert(q.value(0).toInt(), q.value(1).toInt() != 0);
        }
        return out;
    }

private:
    QString m_name;
};

http::HttpHeaders headersOf(const QJsonObject& expect)
{
    http::HttpHeaders headers { { "Content-Type", expect.value(u"contentType"_s).toString().toUtf8() } };
    const QJsonObject extra = expect.value(u"headers"_s).toObject();
    for (auto it = extra.begin(); it != extra.end(); ++it)
        headers.append({ it.key().toUtf8(), it.value().toString().toUtf8() });
    return headers;
}

} // namespace

class TestProviders : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_api.start(), m_api.serve.log().constData());
        m_store = std::make_unique<StoreReader>(m_api.serve.dbPath());
    }

    void fixtures_data()
    {
        QTest::addColumn<QJsonObject>("expect");
        const QStringList files = QDir(providersDir()).entryList({ u"*.expect.json"_s }, QDir::Files, QDir::Name);
        QVERIFY2(files.size() >= 15, "tests/data/payloads/providers/ is missing fixtures");
        for (const QString& file : files) {
            const QJsonObject expect = QJsonDocument::fromJson(readFile(providersDir() + u'/' + file)).object();
            QTest::addRow("%s", qPrintable(expect.value(u"file"_s).toString())) << expect;
        }
    }
    void fixtures();

    void routePayloadSettingChoosesTheAdapter();
    void snsSubscriptionConfirmationIsNeverVisited();
    void adapterNames();

private:
    ApiServe m_api;
    std::unique_ptr<StoreReader> m_store;
};

void TestProviders::fixtures()
{
    QFETCH(QJsonObject, expect);
    QVERIFY2(expect.value(u"_source"_s).toString().size() > 20, "each fixture names the documentation it follows");
    const QByteArray body = readFile(providersDir() + u'/' + expect.value(u"file"_s).toString());
    QVERIFY(!body.isEmpty());
    const http::HttpHeaders headers = headersOf(expect);

    // Which adapter reads it, in this process (the API's email object does not say).
    email::PayloadRequest request = email::PayloadRequest::of(http::headerValue(headers, "Content-Type"), body);
    request.headers = headers;
    auto direct = email::parsePayload(request);
    QVERIFY2(direct, direct ? "" : qPrintable(direct.error()));
    QCOMPARE(direct->adapter, expect.value(u"adapter"_s).toString());

    // Through the real listener, read back through the local API.
    const qint64 id = m_api.post(u"/webhooks/email"_s, body, headers);
    QVERIFY2(id > 0, "the event to be stored");
    WAIT_FOR(m_store->processed(id), "the post-processor to read the event's email");
    const QJsonObject email = m_api.getJson(u"/api/v1/events/%1"_s.arg(id)).object().value(u"email"_s).toObject();
    QVERIFY2(!email.isEmpty(), "the API's event object carries the email");

    if (expect.contains(u"from"_s)) {
        QCOMPARE(email.value(u"from"_s).toObject().value(u"address"_s).toString(), expect.value(u"from"_s).toString());
        QCOMPARE(email.value(u"from"_s).toObject().value(u"name"_s).toString(), expect.value(u"fromName"_s).toString());
    }
    QCOMPARE(addresses(email.value(u"to"_s)), strings(expect.value(u"to"_s)));
    QCOMPARE(addresses(email.value(u"cc"_s)), strings(expect.value(u"cc"_s)));
    QCOMPARE(email.value(u"subject"_s).toString(), expect.value(u"subject"_s).toString());
    if (expect.contains(u"messageId"_s))
        QCOMPARE(email.value(u"messageId"_s).toString(), expect.value(u"messageId"_s).toString());
    for (const QString& body : { u"text"_s, u"html"_s }) {
        if (!expect.contains(body))
            continue;
        if (expect.value(body).isNull())
            QVERIFY2(email.value(body).isNull(), qPrintable(body + u" is not in the payload"_s));
        else
            QCOMPARE(normalized(email.value(body).toString()), normalized(expect.value(body).toString()));
    }

    const QJsonArray expected = expect.value(u"attachments"_s).toArray();
    const QJsonArray actual = email.value(u"attachments"_s).toArray();
    QCOMPARE(actual.size(), expected.size());
    const QHash<int, bool> indexed = m_store->inlineByPart(id);
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const QJsonObject e = expected.at(i).toObject();
        const QJsonObject a = actual.at(i).toObject();
        QCOMPARE(a.value(u"filename"_s).toString(), e.value(u"filename"_s).toString());
        QCOMPARE(a.value(u"contentType"_s).toString(), e.value(u"contentType"_s).toString());
        QCOMPARE(a.value(u"size"_s).toInteger(), e.value(u"size"_s).toInteger());
        QCOMPARE(a.value(u"contentId"_s).toString(), e.value(u"contentId"_s).toString());
        if (e.value(u"hasData"_s).toBool(true)) {
            QCOMPARE(a.value(u"sha256"_s).toString(), e.value(u"sha256"_s).toString());
            QCOMPARE(direct->attachments.at(i).hasData, true);
            QVERIFY2(indexed.contains(int(i)), "the attachment is in the store's attachment index");
            QCOMPARE(indexed.value(int(i)), e.value(u"inline"_s).toBool());
        } else {
            // Declared by the payload, its bytes elsewhere: no hash is made up, and nothing is stored.
            QVERIFY2(a.contains(u"sha256"_s) && a.value(u"sha256"_s).isNull(),
                "no SHA-256 (null) for bytes the payload does not carry");
            QCOMPARE(direct->attachments.at(i).hasData, false);
            QCOMPARE(direct->attachments.at(i).isInline, e.value(u"inline"_s).toBool());
            QVERIFY(!indexed.contains(int(i)));
        }
    }

    const QStringList warnings = strings(email.value(u"warnings"_s));
    if (expect.value(u"noWarnings"_s).toBool())
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(u" | "_s)));
    for (const QString& w : strings(expect.value(u"warnings"_s))) {
        const bool found
            = std::any_of(warnings.begin(), warnings.end(), [&](const QString& a) { return a.contains(w); });
        QVERIFY2(found, qPrintable(u"no warning containing \"%1\" in: %2"_s.arg(w, warnings.join(u" | "_s))));
    }
    for (const QString& w : strings(expect.value(u"absentWarnings"_s))) {
        const bool found
            = std::any_of(warnings.begin(), warnings.end(), [&](const QString& a) { return a.contains(w); });
        QVERIFY2(!found, qPrintable(u"a warning containing \"%1\": %2"_s.arg(w, warnings.join(u" | "_s))));
    }
}

void TestProviders::routePayloadSettingChoosesTheAdapter()
{
    // Postal's raw payload without its envelope fields: nothing in it says Postal, so detection reads it as
    // JSON without an email; a route whose `"payload"` is "postal" reads the message it carries.
    const QJsonObject postal = QJsonDocument::fromJson(readFile(providersDir() + u"/postal_raw.json"_s)).object();
    const QByteArray body
        = QJsonDocument(QJsonObject { { u"message"_s, postal.value(u"message"_s) }, { u"base64"_s, true } }).toJson();
    QTemporaryDir dir;
    const QString configPath = dir.path() + u"/hookscope.json"_s;
    QFile config(configPath);
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(
        QJsonDocument(QJsonObject { { u"routes"_s,
                          QJsonArray { QJsonObject { { u"name"_s, u"postal"_s }, { u"pathPrefix"_s, u"/postal"_s },
                                           { u"scheme"_s, u"mailparse"_s }, { u"payload"_s, u"postal"_s } },
                              QJsonObject { { u"name"_s, u"default"_s }, { u"pathPrefix"_s, u"/"_s },
                                  { u"scheme"_s, u"mailparse"_s } } } } })
            .toJson());
    config.close();

    ApiServe api;
    QVERIFY2(api.start({ u"--config"_s, configPath }), api.serve.log().constData());
    StoreReader store(api.serve.dbPath());
    const http::HttpHeaders headers { { "Content-Type", "application/json" } };
    const qint64 detected = api.post(u"/other"_s, body, headers);
    QVERIFY(detected > 0);
    const QByteArray bodyAgain = body + "\n"; // a different event (the store keys bodies by their hash)
    const qint64 chosen = api.post(u"/postal/in"_s, bodyAgain, headers);
    QVERIFY(chosen > 0);
    WAIT_FOR(store.processed(detected) && store.processed(chosen), "both events to be read");
    const QJsonObject other = api.getJson(u"/api/v1/events/%1"_s.arg(detected)).object();
    const QJsonObject postalEvent = api.getJson(u"/api/v1/events/%1"_s.arg(chosen)).object();
    QCOMPARE(other.value(u"route"_s).toString(), u"default"_s);
    QCOMPARE(postalEvent.value(u"route"_s).toString(), u"postal"_s);
    QCOMPARE(other.value(u"email"_s).toObject().value(u"subject"_s).toString(), QString());
    QCOMPARE(postalEvent.value(u"email"_s).toObject().value(u"subject"_s).toString(), u"Invoice for April"_s);
    QCOMPARE(postalEvent.value(u"email"_s).toObject().value(u"attachments"_s).toArray().size(), 2);
    // The list (what the post-processor wrote) agrees.
    QCOMPARE(postalEvent.value(u"subject"_s).toString(), u"Invoice for April"_s);
}

void TestProviders::snsSubscriptionConfirmationIsNeverVisited()
{
    QTcpServer aws;
    QVERIFY(aws.listen(QHostAddress::LocalHost));
    int connections = 0;
    connect(&aws, &QTcpServer::newConnection, this, [&] {
        while (QTcpSocket* s = aws.nextPendingConnection()) {
            ++connections;
            connect(s, &QTcpSocket::readyRead, s, [s] {
                s->readAll();
                s->write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                s->disconnectFromHost();
            });
        }
    });
    QJsonObject sns = QJsonDocument::fromJson(readFile(providersDir() + u"/ses_subscription.json"_s)).object();
    const QString subscribeUrl = u"http://127.0.0.1:%1/?Action=ConfirmSubscription&Token=t0k3n"_s.arg(aws.serverPort());
    sns.insert(u"SubscribeURL"_s, subscribeUrl);
    const QByteArray body = QJsonDocument(sns).toJson();
    const qint64 id = m_api.post(u"/webhooks/email"_s, body,
        { { "Content-Type", "text/plain; charset=UTF-8" }, { "x-amz-sns-message-type", "SubscriptionConfirmation" } });
    QVERIFY(id > 0);
    WAIT_FOR(m_store->processed(id), "the subscription confirmation to be read");
    const QJsonObject email = m_api.getJson(u"/api/v1/events/%1"_s.arg(id)).object().value(u"email"_s).toObject();
    const QString warnings = strings(email.value(u"warnings"_s)).join(u'\n');
    QVERIFY2(warnings.contains(subscribeUrl), qPrintable(warnings));
    const CliResult shown = m_api.serve.cli({ u"show"_s, QString::number(id) });
    QCOMPARE(shown.exitCode, 0);
    // Read by the post-processor, the API and `show`: nobody visited the URL.
    QCoreApplication::processEvents();
    QCOMPARE(connections, 0);

    // The command shows it; it visits only when told to, and only an SNS host unless told otherwise.
    auto run = [&](const QStringList& args) {
        QProcess p;
        p.setProcessEnvironment(m_api.serve.env());
        p.start(
            binary(), QStringList { u"sns-confirm"_s, QString::number(id), u"--db"_s, m_api.serve.dbPath() } + args);
        // The fake SNS endpoint answers from this thread's event loop: wait without blocking it.
        const bool finished = QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, kWaitMs);
        return std::make_pair(
            finished ? p.exitCode() : -1, QByteArray(p.readAllStandardOutput() + p.readAllStandardError()));
    };
    const auto [shownCode, shownText] = run({});
    QCOMPARE(shownCode, 0);
    QVERIFY2(shownText.contains(subscribeUrl.toUtf8()) && shownText.contains("not visited"), shownText.constData());
    const auto [refusedCode, refusedText] = run({ u"--visit"_s });
    QCOMPARE(refusedCode, 1);
    QVERIFY2(refusedText.contains("not visiting"), refusedText.constData());
    QCoreApplication::processEvents();
    QCOMPARE(connections, 0);
    const auto [visitedCode, visitedText] = run({ u"--visit"_s, u"--any-host"_s });
    QVERIFY2(visitedCode == 0, visitedText.constData());
    QCOMPARE(connections, 1);
}

void TestProviders::adapterNames()
{
    const QStringList names = email::payloadAdapterNames();
    for (const char* name : { "auto", "ses", "sparkpost", "mandrill", "postal", "mailersend", "mailjet", "brevo",
             "resend", "sendgrid", "mailgun", "postmark", "event-json", "raw-mime", "json" })
        QVERIFY2(names.contains(QString::fromLatin1(name)), name);
    // The configuration refuses a name no adapter has, and keeps the one it knows.
    const auto bad = config::parseConfig(R"({"routes":[{"name":"r","pathPrefix":"/r","payload":"sess"}]})");
    QVERIFY(!bad);
    QVERIFY2(bad.error().contains(u"unknown payload adapter"_s), qPrintable(bad.error()));
    const auto good = config::parseConfig(R"({"routes":[{"name":"r","pathPrefix":"/r","payload":"ses"}]})");
    QVERIFY2(good, good ? "" : qPrintable(good.error()));
    QCOMPARE(good->routes.first().payload, u"ses"_s);
    QCOMPARE(config::routeToJson(good->routes.first()).value(u"payload"_s).toString(), u"ses"_s);
}

QTEST_MAIN(TestProviders)
#include "tst_providers.moc"
