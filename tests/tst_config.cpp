#include "core/http/certificate.h"
#include "testsupport.h"

#include "core/config/config.h"
#include "core/config/publicurl.h"
#include "core/config/secretstore.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace hookscope;

Q_DECLARE_METATYPE(hookscope::http::HttpHeaders)

namespace {

const QByteArray kFullConfig
    = "{\n"
      "  \"listener\": { \"http\": 9000, \"https\": 0, \"bind\": \"127.0.0.1\", \"futureListenerKey\": \"kept\" },\n"
      "  \"limits\": { \"maxBodyBytes\": 1048576 },\n"
      "  \"ui\": { \"theme\": \"dark\" },\n"
      "  \"routes\": [\n"
      "    {\n"
      "      \"name\": \"twilio\",\n"
      "      \"pathPrefix\": \"/twilio\",\n"
      "      \"scheme\": \"twilio\",\n"
      "      \"secretNames\": [\"twilio\"],\n"
      "      \"publicUrl\": \"https://abc.tunnel.example\",\n"
      "      \"trustForwarded\": true,\n"
      "      \"response\": { \"status\": 500, \"body\": \"fail on purpose\", \"contentType\": \"text/plain\", "
      "\"delayMs\": 250 },\n"
      "      \"autoQuarantine\": false,\n"
      "      \"forwardTo\": \"http://localhost:3000\"\n"
      "    },\n"
      "    {\n"
      "      \"name\": \"generic\",\n"
      "      \"pathPrefix\": \"/h\",\n"
      "      \"scheme\": \"hmac\",\n"
      "      \"schemeOptions\": { \"header\": \"X-Sig\", \"encoding\": \"base64\" },\n"
      "      \"toleranceSeconds\": 90\n"
      "    }\n"
      "  ]\n"
      "}\n";

int permissionsOf(const QString& path)
{
    struct stat st { };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 0777);
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestConfig final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qputenv("HOOKSCOPE_SECRETS_BACKEND", "file"); }

    void parsesEveryField()
    {
        const auto c = config::parseConfig(kFullConfig);
        QVERIFY2(c, qPrintable(c ? QString() : c.error()));
        QCOMPARE(*c->httpPort, quint16(9000));
        QCOMPARE(*c->httpsPort, quint16(0));
        QCOMPARE(c->bind, u"127.0.0.1"_s);
        QCOMPARE(c->limits.maxBodyBytes, qint64(1048576));
        QCOMPARE(c->routes.size(), 2);
        const config::Route& t = c->routes.at(0);
        QCOMPARE(t.name, u"twilio"_s);
        QCOMPARE(t.pathPrefix, u"/twilio"_s);
        QCOMPARE(t.scheme, u"twilio"_s);
        QCOMPARE(t.secretNames, QStringList { u"twilio"_s });
        QCOMPARE(t.publicUrl, u"https://abc.tunnel.example"_s);
        QVERIFY(t.trustForwarded);
        QCOMPARE(t.response.status, 500);
        QCOMPARE(t.response.body, QByteArray("fail on purpose"));
        QCOMPARE(t.response.contentType, QByteArray("text/plain"));
        QCOMPARE(t.response.delayMs, 250);
        QVERIFY(!t.autoQuarantine);
        const config::Route& g = c->routes.at(1);
        QCOMPARE(g.schemeOptions.value(u"header"_s).toString(), u"X-Sig"_s);
        QCOMPARE(*g.toleranceMs, qint64(90'000));
        QVERIFY(g.autoQuarantine);
    }

    void saveLoadRoundTripKeepsUnknownKeys()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"config.json"_s);
        auto c = config::parseConfig(kFullConfig);
        QVERIFY(c);
        c->routes[1].toleranceMs = 120'000;
        c->routes[0].secrets = { "resolved-value-never-written" };
        QVERIFY(config::saveConfig(*c, path));
        const QByteArray written = readAll(path);
        QVERIFY(!written.contains("resolved-value-never-written"));
        const auto again = config::loadConfig(path);
        QVERIFY2(again, qPrintable(again ? QString() : again.error()));
        QCOMPARE(again->routes.size(), 2);
        QCOMPARE(*again->routes.at(1).toleranceMs, qint64(120'000));
        QCOMPARE(again->routes.at(0).response.delayMs, 250);
        QCOMPARE(again->source.value(u"ui"_s).toObject().value(u"theme"_s).toString(), u"dark"_s);
        QCOMPARE(again->source.value(u"listener"_s).toObject().value(u"futureListenerKey"_s).toString(), u"kept"_s);
        QCOMPARE(again->routes.at(0).source.value(u"forwardTo"_s).toString(), u"http://localhost:3000"_s);
        QVERIFY(again->routes.at(0).secrets.isEmpty());
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::addRow("bad JSON with position")
            << QByteArray("{\n  \"routes\": [\n    { \"name\": \"a\" \"scheme\": \"github\" }\n  ]\n}")
            << u"line 3, column"_s;
        QTest::addRow("not an object") << QByteArray("[1]") << u"must be a JSON object"_s;
        QTest::addRow("secret value in a route")
            << QByteArray(R"({"routes":[{"name":"gh","pathPrefix":"/gh","scheme":"github","secret":"x"}]})")
            << u"secrets do not belong"_s;
        QTest::addRow("unknown scheme") << QByteArray(R"({"routes":[{"name":"x","pathPrefix":"/x","scheme":"nope"}]})")
                                        << u"unknown scheme"_s;
        QTest::addRow("prefix without slash")
            << QByteArray(R"({"routes":[{"name":"x","pathPrefix":"x","scheme":"github"}]})") << u"pathPrefix"_s;
        QTest::addRow("duplicate route") << QByteArray(
            R"({"routes":[{"name":"x","pathPrefix":"/x"},{"name":"x","pathPrefix":"/y"}]})")
                                         << u"defined twice"_s;
        QTest::addRow("bad port") << QByteArray(R"({"listener":{"http":70000}})") << u"listener.http"_s;
        QTest::addRow("certificate without key")
            << QByteArray(R"({"listener":{"cert":"/c.pem"}})") << u"listener.cert and listener.key go together"_s;
        QTest::addRow("bad status") << QByteArray(
            R"({"routes":[{"name":"x","pathPrefix":"/x","response":{"status":42}}]})")
                                    << u"response.status"_s;
    }

    void errors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        const auto c = config::parseConfig(json);
        QVERIFY(!c);
        QVERIFY2(c.error().contains(message), qPrintable(c.error()));
    }

    void secretsFileIsPrivate()
    {
        QTemporaryDir dir;
        config::SecretStore store(dir.path());
        QCOMPARE(store.backend(), config::SecretStore::Backend::File);
        QVERIFY(store.set(u"github"_s, "first-value"));
        QVERIFY(store.set(config::SecretStore::key(u"github"_s, u"next"_s), "second-value"));
        QVERIFY(store.set(u"stripe"_s, "third-value"));
        QCOMPARE(permissionsOf(store.filePath()), 0600);
        QCOMPARE(*store.get(u"github"_s), QByteArray("first-value"));
        QCOMPARE(*store.keys(), (QStringList { u"github"_s, u"github/next"_s, u"stripe"_s }));
        QCOMPARE(*store.routeSecrets(u"github"_s, {}), (QList<QByteArray> { "first-value", "second-value" }));
        QCOMPARE(*store.routeSecrets(u"github"_s, { u"next"_s }), QList<QByteArray> { "second-value" });
        QVERIFY(!store.routeSecrets(u"github"_s, { u"absent"_s }));
        QVERIFY(store.remove(u"stripe"_s));
        QVERIFY(!store.get(u"stripe"_s));
        QCOMPARE(permissionsOf(store.filePath()), 0600);
    }

    void backendChoice()
    {
        qputenv("HOOKSCOPE_SECRETS_BACKEND", "keyring");
        QCOMPARE(config::SecretStore::chooseBackend(), config::SecretStore::Backend::Keyring);
        qunsetenv("HOOKSCOPE_SECRETS_BACKEND");
        const QByteArray bus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        QCOMPARE(config::SecretStore::chooseBackend(), config::SecretStore::Backend::File);
        if (!bus.isEmpty())
            qputenv("DBUS_SESSION_BUS_ADDRESS", bus);
        qputenv("HOOKSCOPE_SECRETS_BACKEND", "file");
        QCOMPARE(config::SecretStore::chooseBackend(), config::SecretStore::Backend::File);
    }

    void signedUrl_data()
    {
        QTest::addColumn<QString>("publicUrl");
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<bool>("trust");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<http::HttpHeaders>("headers");
        QTest::addColumn<QString>("url");
        const http::HttpHeaders fwd { { "Host", "127.0.0.1:8080" }, { "X-Forwarded-Proto", "https" },
            { "X-Forwarded-Host", "abc.ngrok.app" } };
        QTest::addRow("public origin") << u"https://abc.tunnel.example"_s << u"/twilio"_s << false
                                       << QByteArray("/twilio/sms?x=1") << fwd
                                       << u"https://abc.tunnel.example/twilio/sms?x=1"_s;
        QTest::addRow("public URL of the route")
            << u"https://abc.tunnel.example/in/"_s << u"/twilio"_s << false << QByteArray("/twilio/sms") << fwd
            << u"https://abc.tunnel.example/in/sms"_s;
        QTest::addRow("forwarded headers trusted") << QString() << u"/twilio"_s << true << QByteArray("/twilio/sms")
                                                   << fwd << u"https://abc.ngrok.app/twilio/sms"_s;
        QTest::addRow("forwarded headers ignored") << QString() << u"/twilio"_s << false << QByteArray("/twilio/sms")
                                                   << fwd << u"http://127.0.0.1:8080/twilio/sms"_s;
        QTest::addRow("forwarded over the public URL")
            << u"https://old.example"_s << u"/t"_s << true << QByteArray("/t") << fwd << u"https://abc.ngrok.app/t"_s;
    }

    void signedUrl()
    {
        QFETCH(QString, publicUrl);
        QFETCH(QString, prefix);
        QFETCH(bool, trust);
        QFETCH(QByteArray, target);
        QFETCH(http::HttpHeaders, headers);
        QFETCH(QString, url);
        config::Route route;
        route.publicUrl = publicUrl;
        route.pathPrefix = prefix;
        route.trustForwarded = trust;
        http::Delivery d;
        d.target = target;
        d.headers = headers;
        QCOMPARE(config::signedUrl(route, d), url);
    }

    void secretCommandNeverShowsTheValue()
    {
        QTemporaryDir home;
        const auto env = test::isolatedEnvironment(home.path());
        const QByteArray value = "sEcReT-VaLuE-42";
        auto r = test::runCli({ u"secret"_s, u"set"_s, u"github"_s }, env, value + '\n');
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(!r.out.contains(value) && !r.err.contains(value));
        r = test::runCli({ u"secret"_s, u"set"_s, u"github"_s, u"--name"_s, u"next"_s }, env, "other");
        QCOMPARE(r.exitCode, 0);
        r = test::runCli({ u"secret"_s, u"list"_s }, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("github\n"));
        QVERIFY(r.out.contains("github/next"));
        QVERIFY(r.out.contains("backend: file"));
        QVERIFY(!r.out.contains(value));
        const QString file = home.path() + u"/config/hookscope/secrets.json"_s;
        QVERIFY(QFile::exists(file));
        QCOMPARE(permissionsOf(file), 0600);
        QVERIFY(!readAll(file).contains(value)); // stored encoded, not greppable as is
        QCOMPARE(test::runCli({ u"secret"_s, u"set"_s, u"github"_s }, env, "").exitCode, 2);
        QCOMPARE(test::runCli({ u"secret"_s, u"frobnicate"_s }, env).exitCode, 2);
    }

    void serveUsesTheConfiguredCertificate()
    {
        // The user's own PEM pair, named in the configuration file, is what HTTPS serves.
        test::ServeProcess serve;
        const QString own = serve.home() + u"/own-tls"_s;
        auto identity = http::ensureSelfSignedIdentity(own);
        QVERIFY2(identity, qPrintable(errorText(identity)));
        config::Config c;
        c.certificatePath = identity->certificatePath;
        c.keyPath = identity->keyPath;
        const QString configPath = serve.home() + u"/with-cert.json"_s;
        QVERIFY(config::saveConfig(c, configPath));
        auto reread = config::loadConfig(configPath);
        QVERIFY(reread);
        QCOMPARE(reread->certificatePath, identity->certificatePath);
        QCOMPARE(reread->keyPath, identity->keyPath);
        QVERIFY2(serve.start({ u"--config"_s, configPath }), serve.log().constData());
        QVERIFY2(serve.log().contains(QByteArray("certificate SHA-256: " + identity->fingerprintSha256.toLatin1())),
            serve.log().constData());
        QCOMPARE(test::send(serve.httpsUrl(), test::sampleEvent(u"evt_own_cert"_s)).status, 200);
        // The self-signed identity of the data directory was never made.
        QVERIFY(!QFileInfo::exists(serve.home() + u"/data/hookscope/tls/cert.pem"_s));
    }

    void serveVerifiesPerRoute()
    {
        test::ServeProcess serve;
        QVERIFY(test::runCli({ u"secret"_s, u"set"_s, u"github"_s }, serve.env(), "gh-secret").exitCode == 0);
        QVERIFY(test::runCli({ u"secret"_s, u"set"_s, u"twilio"_s }, serve.env(), "12345").exitCode == 0);
        const QString configPath = serve.home() + u"/routes.json"_s;
        QFile f(configPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"routes\":[{\"name\":\"github\",\"pathPrefix\":\"/github\",\"scheme\":\"github\"},"
                "{\"name\":\"twilio\",\"pathPrefix\":\"/twilio\",\"scheme\":\"twilio\","
                "\"publicUrl\":\"https://abc.tunnel.example\"}]}");
        f.close();
        QVERIFY2(serve.start({ u"--config"_s, configPath }, false), serve.log().constData());

        const QByteArray body = R"({"zen":"Keep it logically awesome."})";
        const QByteArray mac = "sha256=" + crypto::hmac(crypto::Digest::Sha256, "gh-secret", body).toHex();
        auto reply = test::send(
            serve.url(u"/github/hook"_s), body, { { "X-Hub-Signature-256", mac }, { "X-GitHub-Delivery", "d-1" } });
        QCOMPARE(reply.status, 200);
        reply = test::send(serve.url(u"/github/hook"_s), body + ' ',
            { { "X-Hub-Signature-256", mac }, { "X-GitHub-Delivery", "d-2" } });
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.body, QByteArray("invalid signature"));

        // Twilio signs the tunnel address, not 127.0.0.1.
        const QByteArray form = "CallSid=CA1&From=%2B14158675309";
        const QByteArray data = "https://abc.tunnel.example/twilio/sms" + QByteArray("CallSidCA1From+14158675309");
        reply = test::send(serve.url(u"/twilio/sms"_s), form,
            { { "X-Twilio-Signature", crypto::hmac(crypto::Digest::Sha1, "12345", data).toBase64() },
                { "Content-Type", "application/x-www-form-urlencoded" } });
        QCOMPARE(reply.status, 200);
        serve.stop();

        const auto list = serve.cli({ u"list"_s, u"--json"_s });
        QCOMPARE(list.exitCode, 0);
        QHash<QString, QJsonObject> byPathAndStatus;
        for (const QJsonValue& v : list.json().array()) {
            const QJsonObject e = v.toObject();
            byPathAndStatus.insert(e.value(u"path"_s).toString() + u' ' + e.value(u"status"_s).toString(), e);
        }
        QVERIFY2(byPathAndStatus.contains(u"/github/hook verified"_s), list.out.constData());
        QVERIFY(byPathAndStatus.contains(u"/github/hook failed"_s));
        QVERIFY(byPathAndStatus.contains(u"/twilio/sms verified"_s));
        QCOMPARE(byPathAndStatus.value(u"/github/hook verified"_s).value(u"route"_s).toString(), u"github"_s);
        QCOMPARE(byPathAndStatus.value(u"/github/hook verified"_s).value(u"scheme"_s).toString(), u"github"_s);

        const int failedId = byPathAndStatus.value(u"/github/hook failed"_s).value(u"id"_s).toInt();
        const auto shown = serve.cli({ u"show"_s, QString::number(failedId), u"--json"_s });
        QCOMPARE(shown.exitCode, 0);
        const QJsonObject verdict = shown.json()
                                        .object()
                                        .value(u"deliveryList"_s)
                                        .toArray()
                                        .first()
                                        .toObject()
                                        .value(u"verdict"_s)
                                        .toObject();
        QCOMPARE(verdict.value(u"valid"_s).toBool(), false);
        QCOMPARE(verdict.value(u"scheme"_s).toString(), u"github"_s);
        QCOMPARE(verdict.value(u"httpStatus"_s).toInt(), 401);
        QVERIFY(!verdict.value(u"reason"_s).toString().isEmpty());
        QVERIFY(!verdict.value(u"hints"_s).toArray().isEmpty());
        // The secret is nowhere in what was stored.
        QVERIFY(!shown.out.contains("gh-secret"));
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
