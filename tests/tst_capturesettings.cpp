// The capture settings are resolved once (ingest::resolveCaptureSettings) for `hookscope serve` and the window:
// flags over the configuration file over the defaults, secrets from the flags, HOOKSCOPE_SECRET or the secret
// store, and the same refusals. The window (`hookscope` without a command, offscreen) is driven through the real
// binary beside serve: the same bad input is refused with the same message and exit status, --scheme and
// --tolerance verify the same way, and a configured route whose secret cannot be read stops both.
#include "testsupport.h"

#include "core/config/secretstore.h"
#include "core/ingest/capturesettings.h"
#include "core/verify/defaultscheme.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

using namespace Qt::StringLiterals;
using namespace hookscope;
using test::CliResult;

namespace {

/** The overrides a command line of `--name value` pairs (and `--secret` repeated) gives. */
ingest::CaptureOverrides overridesFrom(const QStringList& args, const QString& home)
{
    ingest::CaptureOverrides o;
    o.databasePath = home + u"/events.db"_s;
    o.dataDirectory = home + u"/data/hookscope"_s;
    const QHash<QString, std::optional<QString> ingest::CaptureOverrides::*> fields {
        { u"--http"_s, &ingest::CaptureOverrides::http },
        { u"--https"_s, &ingest::CaptureOverrides::https },
        { u"--bind"_s, &ingest::CaptureOverrides::bind },
        { u"--scheme"_s, &ingest::CaptureOverrides::scheme },
        { u"--tolerance"_s, &ingest::CaptureOverrides::tolerance },
        { u"--config"_s, &ingest::CaptureOverrides::config },
        { u"--cert"_s, &ingest::CaptureOverrides::certificate },
        { u"--key"_s, &ingest::CaptureOverrides::key },
        { u"--durability"_s, &ingest::CaptureOverrides::durability },
        { u"--max-body"_s, &ingest::CaptureOverrides::maxBody },
        { u"--max-connections"_s, &ingest::CaptureOverrides::maxConnections },
        { u"--header-timeout"_s, &ingest::CaptureOverrides::headerTimeout },
        { u"--body-timeout"_s, &ingest::CaptureOverrides::bodyTimeout },
        { u"HOOKSCOPE_SECRET"_s, &ingest::CaptureOverrides::environmentSecret },
    };
    for (qsizetype i = 0; i + 1 < args.size(); i += 2) {
        QString value = args.at(i + 1);
        value.replace(u"{home}"_s, home);
        if (args.at(i) == u"--secret"_s)
            o.secrets << value;
        else
            o.*fields.value(args.at(i)) = value;
    }
    return o;
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

/** A configuration: listener on 9001, HTTPS off, a "/" route on github, a second route whose secret is stored. */
const QByteArray kConfig = R"({
  "listener": { "http": 9001, "https": 0 },
  "limits": { "maxBodyBytes": 1000, "maxConnections": 7 },
  "routes": [
    { "name": "default", "pathPrefix": "/", "scheme": "github", "toleranceSeconds": 60 },
    { "name": "inbound", "pathPrefix": "/inbound", "scheme": "stripe" }
  ]
})";

/** The first line of `err` that the program said itself ("hookscope…"), with the command's name taken out. */
QString sentence(const QByteArray& err)
{
    for (const QByteArray& line : err.split('\n')) {
        if (line.startsWith("hookscope serve: "))
            return QString::fromUtf8(line.mid(17));
        if (line.startsWith("hookscope: "))
            return QString::fromUtf8(line.mid(11));
    }
    return u"(no message in: %1)"_s.arg(QString::fromUtf8(err));
}

QProcessEnvironment windowEnvironment(const QString& home)
{
    QProcessEnvironment env = test::isolatedEnvironment(home);
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.insert(u"QTWEBENGINE_DISABLE_SANDBOX"_s, u"1"_s);
    return env;
}

/** A Stripe-Signature for `body` signed `ageSeconds` ago. */
QByteArray stripeSignature(const QByteArray& secret, const QByteArray& body, qint64 ageSeconds)
{
    const QByteArray t = QByteArray::number(QDateTime::currentSecsSinceEpoch() - ageSeconds);
    return "t=" + t + ",v1=" + crypto::hmac(crypto::Digest::Sha256, secret, QByteArray(t + '.' + body)).toHex();
}

/** The stored verdict's reason of event 1 in the store at `db` ("show 1 --json"), or why it could not be read. */
QString storedReason(const QString& db, const QProcessEnvironment& env)
{
    const CliResult shown = test::runCli({ u"show"_s, u"1"_s, u"--json"_s, u"--db"_s, db }, env);
    if (shown.exitCode != 0)
        return u"(show failed: %1)"_s.arg(QString::fromUtf8(shown.err));
    const QJsonArray deliveries = shown.json().object().value(u"deliveryList"_s).toArray();
    if (deliveries.isEmpty())
        return u"(no delivery in: %1)"_s.arg(QString::fromUtf8(shown.out));
    const QJsonObject d = deliveries.first().toObject();
    return d.value(u"reason"_s)
        .toString(
            u"(no verdict reason in: %1)"_s.arg(QString::fromUtf8(QJsonDocument(d).toJson(QJsonDocument::Compact))));
}

/** Starts the window offscreen with `args` and waits until it listens on `port`; false (output in `log`) if not. */
bool startWindow(
    QProcess& window, const QStringList& args, const QProcessEnvironment& env, quint16 port, QByteArray& log)
{
    window.setProcessEnvironment(env);
    window.start(test::binary(), args);
    const bool up = QTest::qWaitFor(
        [&] {
            if (window.state() == QProcess::NotRunning)
                return true;
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, port);
            return probe.waitForConnected(200);
        },
        test::kWaitMs);
    log += window.readAllStandardOutput() + window.readAllStandardError();
    return up && window.state() == QProcess::Running;
}

void stopWindow(QProcess& window)
{
    window.terminate();
    if (!window.waitForFinished(test::kWaitMs))
        window.kill();
    window.waitForFinished();
}

} // namespace

class TestCaptureSettings : public QObject {
    Q_OBJECT
    QTemporaryDir m_home;

    /** A fresh per-user home for one row: configuration, secrets and data folders under `m_home/row`. */
    QString rowHome()
    {
        const QString home = m_home.filePath(QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'_'));
        QDir(home).removeRecursively();
        QDir().mkpath(home);
        qputenv("HOME", home.toUtf8());
        qputenv("XDG_CONFIG_HOME", (home + u"/config"_s).toUtf8());
        qputenv("XDG_DATA_HOME", (home + u"/data"_s).toUtf8());
        return home;
    }

private Q_SLOTS:
    void initTestCase();
    void precedence_data();
    void precedence();
    void refusals_data();
    void refusals();
    void warnings();
    void windowRefusesWhatServeRefuses_data();
    void windowRefusesWhatServeRefuses();
    void windowVerifiesWithTheSchemeAndToleranceFlags();
    void windowStopsOnAnUnreadableRouteSecret();
};

void TestCaptureSettings::initTestCase()
{
    QVERIFY(m_home.isValid());
    qputenv("HOOKSCOPE_SECRETS_BACKEND", "file");
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    qunsetenv("HOOKSCOPE_SECRET");
}

void TestCaptureSettings::precedence_data()
{
    QTest::addColumn<QStringList>("args"); ///< flags; "{home}" is the row's home
    QTest::addColumn<bool>("withConfig"); ///< kConfig at the default configuration path
    QTest::addColumn<QByteArray>("storedDefault"); ///< `secret set default` (empty: none)
    QTest::addColumn<QByteArray>("storedInbound"); ///< `secret set inbound` (empty: none)
    QTest::addColumn<int>("http");
    QTest::addColumn<int>("https");
    QTest::addColumn<QString>("scheme"); ///< of the default route
    QTest::addColumn<QByteArrayList>("secrets"); ///< of the default route
    QTest::addColumn<qint64>("toleranceMs"); ///< of the default route; -1: the scheme's own
    QTest::addColumn<qint64>("maxBody");
    QTest::addColumn<int>("maxConnections");
    QTest::addColumn<QStringList>("lines");

    const qint64 body = http::Limits().maxBodyBytes;
    const int conns = http::Limits().maxConnections;
    const QString def = verify::defaultSchemeName();
    const QStringList noLines;
    const QStringList configLines { u"config: {config}"_s, u"route: inbound /inbound (stripe, 1 secret(s))"_s };

    QTest::newRow("defaults") << QStringList { u"--https"_s, u"0"_s } << false << QByteArray() << QByteArray() << 8080
                              << 0 << def << QByteArrayList() << qint64(-1) << body << conns << noLines;
    QTest::newRow("flags") << QStringList { u"--http"_s, u"9100"_s, u"--https"_s, u"0"_s, u"--scheme"_s, u"stripe"_s,
        u"--secret"_s, u"a"_s, u"--secret"_s, u"b"_s, u"--tolerance"_s, u"5"_s, u"--max-body"_s, u"10"_s,
        u"--max-connections"_s, u"3"_s }
                           << false << QByteArray() << QByteArray() << 9100 << 0 << u"stripe"_s
                           << QByteArrayList { "a", "b" } << qint64(5000) << qint64(10) << 3 << noLines;
    QTest::newRow("stored secret, no file")
        << QStringList { u"--https"_s, u"0"_s } << false << QByteArray("kept") << QByteArray() << 8080 << 0 << def
        << QByteArrayList { "kept" } << qint64(-1) << body << conns << noLines;
    QTest::newRow("environment over store")
        << QStringList { u"--https"_s, u"0"_s, u"HOOKSCOPE_SECRET"_s, u"env"_s } << false << QByteArray("kept")
        << QByteArray() << 8080 << 0 << def << QByteArrayList { "env" } << qint64(-1) << body << conns << noLines;
    QTest::newRow("flag over environment")
        << QStringList { u"--https"_s, u"0"_s, u"HOOKSCOPE_SECRET"_s, u"env"_s, u"--secret"_s, u"flag"_s } << false
        << QByteArray("kept") << QByteArray() << 8080 << 0 << def << QByteArrayList { "flag" } << qint64(-1) << body
        << conns << noLines;
    QTest::newRow("file over defaults") << QStringList {} << true << QByteArray("stored") << QByteArray("in") << 9001
                                        << 0 << u"github"_s << QByteArrayList { "stored" } << qint64(60'000)
                                        << qint64(1000) << 7 << configLines;
    QTest::newRow("flags over file") << QStringList { u"--http"_s, u"9002"_s, u"--scheme"_s, u"stripe"_s, u"--secret"_s,
        u"flag"_s, u"--tolerance"_s, u"9"_s, u"--max-body"_s, u"20"_s }
                                     << true << QByteArray("stored") << QByteArray("in") << 9002 << 0 << u"stripe"_s
                                     << QByteArrayList { "flag" } << qint64(9000) << qint64(20) << 7 << configLines;
}

void TestCaptureSettings::precedence()
{
    QFETCH(QStringList, args);
    QFETCH(bool, withConfig);
    QFETCH(QByteArray, storedDefault);
    QFETCH(QByteArray, storedInbound);
    const QString home = rowHome();
    const QString configPath = home + u"/config/hookscope/config.json"_s;
    if (withConfig)
        writeFile(configPath, kConfig);
    config::SecretStore store;
    if (!storedDefault.isEmpty())
        QVERIFY(store.set(u"default"_s, storedDefault));
    if (!storedInbound.isEmpty())
        QVERIFY(store.set(u"inbound"_s, storedInbound));

    const auto resolved = ingest::resolveCaptureSettings(overridesFrom(args, home));
    QVERIFY2(resolved, qPrintable(resolved ? QString() : resolved.error().message));
    const ingest::CaptureSettings& s = resolved->settings;
    QTEST(int(s.listener.httpPort), "http");
    QTEST(int(s.listener.httpsPort), "https");
    QTEST(resolved->defaultRoute().scheme, "scheme");
    QCOMPARE(resolved->defaultRoute().pathPrefix, u"/"_s);
    QTEST(QByteArrayList(resolved->defaultRoute().secrets.begin(), resolved->defaultRoute().secrets.end()), "secrets");
    QTEST(resolved->defaultRoute().toleranceMs.value_or(-1), "toleranceMs");
    QTEST(s.listener.limits.maxBodyBytes, "maxBody");
    QTEST(s.listener.limits.maxConnections, "maxConnections");
    QFETCH(QStringList, lines);
    lines.replaceInStrings(u"{config}"_s, configPath);
    QCOMPARE(resolved->lines, lines);
    QCOMPARE(s.databasePath, home + u"/events.db"_s);
    if (withConfig) {
        QCOMPARE(s.routes.size(), 2);
        QCOMPARE(s.routes.at(1).name, u"inbound"_s);
        QCOMPARE(s.routes.at(1).secrets, QList<QByteArray> { storedInbound });
        QCOMPARE(s.configPath, configPath);
    } else {
        QCOMPARE(s.routes.size(), 1);
    }
    QVERIFY(resolved->warnings.isEmpty());
    QVERIFY(!s.listener.tls);
}

void TestCaptureSettings::refusals_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("config"); ///< written to {home}/c.json (empty: none)
    QTest::addColumn<QString>("message"); ///< what the problem says (a prefix when it ends in "…")
    QTest::addColumn<bool>("badInput");

    QTest::newRow("unknown scheme") << QStringList { u"--scheme"_s, u"nonsense"_s } << QByteArray()
                                    << u"unknown scheme 'nonsense' (known: …"_s << true;
    QTest::newRow("port too big") << QStringList { u"--http"_s, u"70000"_s } << QByteArray()
                                  << u"--http takes a port number (0-65535)"_s << true;
    QTest::newRow("https not a number") << QStringList { u"--https"_s, u"x"_s } << QByteArray()
                                        << u"--https takes a port number (0-65535)"_s << true;
    QTest::newRow("bind not an address") << QStringList { u"--bind"_s, u"nowhere"_s } << QByteArray()
                                         << u"--bind takes an IP address, not 'nowhere'"_s << true;
    QTest::newRow("durability") << QStringList { u"--durability"_s, u"always"_s } << QByteArray()
                                << u"--durability is 'normal' or 'full'"_s << true;
    QTest::newRow("tolerance") << QStringList { u"--tolerance"_s, u"-1"_s } << QByteArray()
                               << u"--tolerance takes a number of seconds"_s << true;
    QTest::newRow("max-body zero") << QStringList { u"--max-body"_s, u"0"_s } << QByteArray()
                                   << u"--max-body takes a positive whole number"_s << true;
    QTest::newRow("body-timeout") << QStringList { u"--body-timeout"_s, u"soon"_s } << QByteArray()
                                  << u"--body-timeout takes a positive whole number"_s << true;
    QTest::newRow("missing config file") << QStringList { u"--config"_s, u"{home}/absent.json"_s } << QByteArray()
                                         << u"…"_s << true;
    QTest::newRow("config bind") << QStringList { u"--config"_s, u"{home}/c.json"_s }
                                 << QByteArray(R"({ "listener": { "bind": "somewhere" } })")
                                 << u"{home}/c.json: listener.bind is not an IP address"_s << true;
    QTest::newRow("certificate missing") << QStringList { u"--cert"_s, u"{home}/no.pem"_s, u"--key"_s,
        u"{home}/no.key"_s } << QByteArray()
                                         << u"…"_s << true;
    QTest::newRow("route secret unreadable")
        << QStringList { u"--config"_s, u"{home}/c.json"_s, u"--https"_s, u"0"_s }
        << QByteArray(R"({ "routes": [ { "name": "inbound", "pathPrefix": "/in", "secretNames": ["absent"] } ] })")
        << u"route \"inbound\": …"_s << false;
}

void TestCaptureSettings::refusals()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, config);
    QFETCH(QString, message);
    const QString home = rowHome();
    if (!config.isEmpty())
        writeFile(home + u"/c.json"_s, config);
    const auto resolved = ingest::resolveCaptureSettings(overridesFrom(args, home));
    QVERIFY2(!resolved, "resolved what should have been refused");
    message.replace(u"{home}"_s, home);
    if (message.endsWith(u'…'))
        QVERIFY2(resolved.error().message.startsWith(message.chopped(1)), qPrintable(resolved.error().message));
    else
        QCOMPARE(resolved.error().message, message);
    QVERIFY(!resolved.error().message.isEmpty());
    QTEST(resolved.error().isBadInput(), "badInput");
}

void TestCaptureSettings::warnings()
{
    const QString home = m_home.filePath(u"warnings"_s);
    QDir().mkpath(home);
    qputenv("XDG_CONFIG_HOME", (home + u"/config"_s).toUtf8());
    qputenv("XDG_DATA_HOME", (home + u"/data"_s).toUtf8());
    // A damaged secrets file: the default route's stored secrets cannot be read, which is said, not fatal.
    writeFile(home + u"/config/hookscope/secrets.json"_s, "{ not json");
    const auto resolved
        = ingest::resolveCaptureSettings(overridesFrom({ u"--https"_s, u"0"_s, u"--bind"_s, u"0.0.0.0"_s }, home));
    QVERIFY2(resolved, qPrintable(resolved ? QString() : resolved.error().message));
    QCOMPARE(resolved->warnings.size(), 2);
    QVERIFY2(resolved->warnings.at(0).startsWith(u"listening on 0.0.0.0, not loopback"_s),
        qPrintable(resolved->warnings.at(0)));
    QVERIFY2(resolved->warnings.at(1).startsWith(u"cannot read the stored secrets: "_s),
        qPrintable(resolved->warnings.at(1)));
    QVERIFY(resolved->defaultRoute().secrets.isEmpty());
}

void TestCaptureSettings::windowRefusesWhatServeRefuses_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("unknown scheme") << QStringList { u"--scheme"_s, u"nonsense"_s };
    QTest::newRow("tolerance") << QStringList { u"--tolerance"_s, u"soon"_s };
    QTest::newRow("port too big") << QStringList { u"--http"_s, u"70000"_s };
    QTest::newRow("bind") << QStringList { u"--bind"_s, u"nowhere"_s };
    QTest::newRow("durability") << QStringList { u"--durability"_s, u"always"_s };
    QTest::newRow("max-connections") << QStringList { u"--max-connections"_s, u"0"_s };
    QTest::newRow("missing config file") << QStringList { u"--config"_s, u"/nonexistent/hookscope.json"_s };
}

void TestCaptureSettings::windowRefusesWhatServeRefuses()
{
    QFETCH(QStringList, args);
    QTemporaryDir home;
    const QProcessEnvironment env = windowEnvironment(home.path());
    // Ports nothing listens on: should either one open, the test fails on its exit status, not on a taken port.
    const QStringList ports { u"--https"_s, u"0"_s };
    const QStringList withPorts = args.contains(u"--http"_s)
        ? ports + args
        : ports + QStringList { u"--http"_s, QString::number(test::freePort()) } + args;
    const CliResult serve = test::runCli(QStringList { u"serve"_s } + withPorts, env);
    const CliResult window = test::runCli(withPorts, env);
    QCOMPARE(serve.exitCode, 2);
    QVERIFY2(window.exitCode == 2,
        qPrintable(u"the window exited %1: %2"_s.arg(window.exitCode).arg(QString::fromUtf8(window.err))));
    QCOMPARE(sentence(window.err), sentence(serve.err));
}

void TestCaptureSettings::windowVerifiesWithTheSchemeAndToleranceFlags()
{
    // A request signed 10 s ago is outside a 5 s window: serve and the window must both say so.
    const QByteArray secret = "whsec_capture_settings";
    const QByteArray body = test::sampleEvent(u"evt_tolerance"_s);
    QMap<QString, QString> reasons;
    for (const bool window : { false, true }) {
        QTemporaryDir home;
        const QProcessEnvironment env = windowEnvironment(home.path());
        const quint16 port = test::freePort();
        const QString db = home.filePath(u"events.db"_s);
        const QStringList args { u"--db"_s, db, u"--http"_s, QString::number(port), u"--https"_s, u"0"_s, u"--scheme"_s,
            u"stripe"_s, u"--tolerance"_s, u"5"_s, u"--secret"_s, QString::fromLatin1(secret) };
        QProcess process;
        QByteArray log;
        const bool up = startWindow(process, window ? args : QStringList { u"serve"_s } + args, env, port, log);
        if (!up)
            stopWindow(process);
        QVERIFY2(up, QByteArray((window ? "the window did not listen: " : "serve did not listen: ") + log).constData());
        const test::HttpReply reply = test::send(u"http://127.0.0.1:%1/webhooks/email"_s.arg(port), body,
            { { "Stripe-Signature", stripeSignature(secret, body, 10) } });
        stopWindow(process);
        QVERIFY2(reply.status > 0, qPrintable(reply.error));
        reasons.insert(window ? u"window"_s : u"serve"_s, storedReason(db, env));
    }
    QCOMPARE(reasons.value(u"serve"_s), u"timestamp-skew"_s);
    QCOMPARE(reasons.value(u"window"_s), reasons.value(u"serve"_s));
}

void TestCaptureSettings::windowStopsOnAnUnreadableRouteSecret()
{
    QTemporaryDir home;
    const QProcessEnvironment env = windowEnvironment(home.path());
    writeFile(home.filePath(u"config/hookscope/config.json"_s),
        R"({ "routes": [ { "name": "inbound", "pathPrefix": "/inbound", "scheme": "stripe",
                           "secretNames": ["rotated-away"] } ] })");
    const QStringList args { u"--http"_s, QString::number(test::freePort()), u"--https"_s, u"0"_s };
    const CliResult serve = test::runCli(QStringList { u"serve"_s } + args, env);
    const CliResult window = test::runCli(args, env);
    QCOMPARE(serve.exitCode, 1);
    QVERIFY2(sentence(serve.err).startsWith(u"route \"inbound\": "_s), serve.err.constData());
    QVERIFY2(window.exitCode == 1,
        qPrintable(u"the window exited %1: %2"_s.arg(window.exitCode).arg(QString::fromUtf8(window.err))));
    QCOMPARE(sentence(window.err), sentence(serve.err));
}

QTEST_GUILESS_MAIN(TestCaptureSettings)
#include "tst_capturesettings.moc"
