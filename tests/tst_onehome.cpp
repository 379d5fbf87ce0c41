// The window and the command line on one fresh HOME: the real binary opens its window offscreen, a provider's
// request reaches its listener, and the command line, started with no --db or --config, sees what the window
// captured with the secret the command line stored; files an earlier window build kept elsewhere are moved.
#include "testsupport.h"

#include "core/config/config.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

using namespace Qt::StringLiterals;
using namespace hookscope;
using test::CliResult;

namespace {

/** `hookscope` without a subcommand: the window, offscreen, in `env`'s HOME, on a free HTTP port. */
class WindowProcess {
public:
    explicit WindowProcess(const QProcessEnvironment& env)
    {
        QProcessEnvironment windowEnv = env;
        windowEnv.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        windowEnv.insert(u"QTWEBENGINE_DISABLE_SANDBOX"_s, u"1"_s);
        m_port = test::freePort();
        m_process.setProcessEnvironment(windowEnv);
        m_process.start(test::binary(), { u"--http"_s, QString::number(m_port), u"--https"_s, u"0"_s });
    }
    ~WindowProcess()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(30'000))
            m_process.kill();
        m_process.waitForFinished();
    }
    /** True once the window's listener answers; the window process's output so far otherwise. */
    bool waitListening()
    {
        return QTest::qWaitFor(
                   [&] {
                       if (m_process.state() == QProcess::NotRunning)
                           return true;
                       QTcpSocket probe;
                       probe.connectToHost(QHostAddress::LocalHost, m_port);
                       return probe.waitForConnected(200);
                   },
                   30'000)
            && m_process.state() == QProcess::Running;
    }
    QByteArray output()
    {
        m_output += m_process.readAllStandardOutput();
        m_output += m_process.readAllStandardError();
        return m_output;
    }
    QString url() const { return u"http://127.0.0.1:%1/webhooks/email"_s.arg(m_port); }

private:
    QProcess m_process;
    QByteArray m_output;
    quint16 m_port = 0;
};

QJsonArray listEverything(const QProcessEnvironment& env)
{
    const CliResult r = test::runCli({ u"list"_s, u"--json"_s, u"--limit"_s, u"0"_s }, env);
    return r.exitCode == 0 ? r.json().array() : QJsonArray();
}

void writeDefaultRoute(const QString& configDir)
{
    QDir().mkpath(configDir);
    QFile f(configDir + u"/config.json"_s);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({ "routes": [ { "name": "default", "pathPrefix": "/", "scheme": "mailparse" } ] })");
}

} // namespace

class TestOneHome : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void windowIdentityUsesTheCommandLinesFolders();
    void windowCaptureIsListedByTheCommandLine();
    void earlierWindowFilesAreMovedAndSaid();
    void windowServesTheLocalApi();
};

void TestOneHome::windowIdentityUsesTheCommandLinesFolders()
{
    // The window's process sets an organization name (for QSettings); the folders must not depend on it.
    QTemporaryDir home;
    qputenv("XDG_DATA_HOME", (home.path() + u"/data"_s).toUtf8());
    qputenv("XDG_CONFIG_HOME", (home.path() + u"/config"_s).toUtf8());
    QCoreApplication::setApplicationName(u"hookscope"_s);
    QCoreApplication::setOrganizationName(u"hookscope"_s);
    QCOMPARE(config::dataDirectory(), home.path() + u"/data/hookscope"_s);
    QCOMPARE(config::configDirectory(), home.path() + u"/config/hookscope"_s);
    QCoreApplication::setOrganizationName(QString());
    QCOMPARE(config::dataDirectory(), home.path() + u"/data/hookscope"_s);
    QCOMPARE(config::configDirectory(), home.path() + u"/config/hookscope"_s);
}

void TestOneHome::windowCaptureIsListedByTheCommandLine()
{
    QTemporaryDir home;
    const QProcessEnvironment env = test::isolatedEnvironment(home.path());
    // A newcomer's steps: a route in the configuration file, its secret through the command line…
    writeDefaultRoute(home.path() + u"/config/hookscope"_s);
    const CliResult set = test::runCli({ u"secret"_s, u"set"_s, u"default"_s }, env, "one-home-secret\n");
    QVERIFY2(set.exitCode == 0, set.err.constData());

    // …then the window, which a provider's request reaches.
    WindowProcess window(env);
    QVERIFY2(window.waitListening(), window.output().constData());
    const test::HttpReply reply
        = test::sendSigned(window.url(), test::sampleEvent(u"evt_one_home"_s), "one-home-secret");
    QVERIFY2(reply.status == 200, reply.body.constData());

    // The command line, with no --db and no --config, reads the same store: the event is there, verified with
    // the secret it stored.
    const QJsonArray events = listEverything(env);
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).toObject().value(u"eventId"_s).toString(), u"evt_one_home"_s);
    QCOMPARE(events.at(0).toObject().value(u"status"_s).toString(), u"verified"_s);
    QVERIFY(QFile::exists(home.path() + u"/data/hookscope/hookscope.db"_s));
    QVERIFY(!QFile::exists(home.path() + u"/data/hookscope/hookscope/hookscope.db"_s));
}

void TestOneHome::earlierWindowFilesAreMovedAndSaid()
{
    QTemporaryDir home;
    const QProcessEnvironment env = test::isolatedEnvironment(home.path());
    // What an earlier window build left: its store (one event in it, written by the real listener) and its
    // configuration and secrets, each one folder deeper than the command line's.
    const QString oldData = home.path() + u"/data/hookscope/hookscope"_s;
    const QString oldConfig = home.path() + u"/config/hookscope/hookscope"_s;
    QVERIFY(QDir().mkpath(oldData));
    {
        test::ServeProcess serve;
        QVERIFY(serve.start({}, false));
        QCOMPARE(test::send(serve.url(), test::sampleEvent(u"evt_earlier_window"_s)).status, 200);
        serve.stop();
        QVERIFY(QFile::copy(serve.dbPath(), oldData + u"/hookscope.db"_s));
        if (QFile::exists(serve.dbPath() + u"-wal"_s))
            QVERIFY(QFile::copy(serve.dbPath() + u"-wal"_s, oldData + u"/hookscope.db-wal"_s));
        // The request bodies, beside the store (core/store/bodysegments.h).
        QVERIFY(QDir().mkpath(oldData + u"/hookscope.db.bodies"_s));
        for (const QString& segment : QDir(serve.dbPath() + u".bodies"_s).entryList(QDir::Files))
            QVERIFY(
                QFile::copy(serve.dbPath() + u".bodies/"_s + segment, oldData + u"/hookscope.db.bodies/"_s + segment));
    }
    writeDefaultRoute(oldConfig);
    {
        QProcessEnvironment oldEnv = env;
        oldEnv.insert(u"XDG_CONFIG_HOME"_s, home.path() + u"/config/hookscope"_s); // secrets.json lands in oldConfig
        const CliResult set = test::runCli({ u"secret"_s, u"set"_s, u"default"_s }, oldEnv, "earlier-secret\n");
        QVERIFY2(set.exitCode == 0, set.err.constData());
        QVERIFY(QFile::exists(oldConfig + u"/secrets.json"_s));
    }

    WindowProcess window(env);
    QVERIFY2(window.waitListening(), window.output().constData());
    QVERIFY(QTest::qWaitFor([&] { return window.output().contains("moved "); }, 30'000));
    const QByteArray said = window.output();
    QVERIFY2(said.contains("hookscope.db"), said.constData());
    QVERIFY2(said.contains("secrets.json"), said.constData());

    // The earlier event and the earlier secret are both in use where the command line looks.
    QCOMPARE(test::sendSigned(window.url(), test::sampleEvent(u"evt_after_move"_s), "earlier-secret").status, 200);
    const QJsonArray events = listEverything(env);
    QStringList ids;
    for (const auto& e : events)
        ids << e.toObject().value(u"eventId"_s).toString();
    QVERIFY2(ids.contains(u"evt_earlier_window"_s), qPrintable(ids.join(u',')));
    QVERIFY2(ids.contains(u"evt_after_move"_s), qPrintable(ids.join(u',')));
    for (const auto& e : events) {
        if (e.toObject().value(u"eventId"_s).toString() == u"evt_after_move"_s)
            QCOMPARE(e.toObject().value(u"status"_s).toString(), u"verified"_s);
    }
    QVERIFY(!QFile::exists(oldData + u"/hookscope.db"_s));
    QVERIFY(QFile::exists(home.path() + u"/config/hookscope/secrets.json"_s));
}

QTEST_GUILESS_MAIN(TestOneHome)
void TestOneHome::windowServesTheLocalApi()
{
    QTemporaryDir home;
    const QProcessEnvironment env = test::isolatedEnvironment(home.path());
    const QString configDir = home.path() + u"/config/hookscope"_s;
    QDir().mkpath(configDir);
    const quint16 apiPort = test::freePort();
    {
        QFile f(configDir + u"/config.json"_s);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(R"({ "routes": [ { "name": "default", "pathPrefix": "/", "scheme": "mailparse" } ], )"
                           R"("api": { "port": )")
            + QByteArray::number(apiPort) + "} }");
    }
    const CliResult set = test::runCli({ u"secret"_s, u"set"_s, u"default"_s }, env, "window-api-secret\n");
    QVERIFY2(set.exitCode == 0, set.err.constData());

    // The window serves the local API on the configured port, says where, and made the token on first use.
    WindowProcess window(env);
    QVERIFY2(window.waitListening(), window.output().constData());
    const QString base = u"http://127.0.0.1:%1"_s.arg(apiPort);
    QVERIFY2(QTest::qWaitFor(
                 [&] { return window.output().contains(QByteArray("api: " + base.toUtf8() + "/api/v1/")); }, 30'000),
        window.output().constData());
    const CliResult token = test::runCli({ u"api"_s, u"token"_s }, env);
    QVERIFY2(token.exitCode == 0, token.err.constData());
    const http::HttpHeaders bearer { { "Authorization", "Bearer " + token.out.trimmed() } };

    // Without the token: 401. With it: the event the window captured, and the window's own request counted.
    QCOMPARE(test::send(base + u"/api/v1/events"_s, {}, {}, "GET").status, 401);
    QCOMPARE(test::sendSigned(window.url(), test::sampleEvent(u"evt_window_api"_s), "window-api-secret").status, 200);
    const test::HttpReply events = test::send(base + u"/api/v1/events"_s, {}, bearer, "GET");
    QCOMPARE(events.status, 200);
    const QJsonArray list = QJsonDocument::fromJson(events.body).array();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.at(0).toObject().value(u"eventId"_s).toString(), u"evt_window_api"_s);
    QCOMPARE(list.at(0).toObject().value(u"status"_s).toString(), u"verified"_s);
    const test::HttpReply metrics = test::send(base + u"/metrics"_s, {}, bearer, "GET");
    QCOMPARE(metrics.status, 200);
    QVERIFY2(metrics.body.contains("hookscope_requests_total{route=\"default\",status=\"200\"} 1\n"),
        metrics.body.constData());
}

#include "tst_onehome.moc"
