// Safety of the listener and of what it writes: loopback by default, private files, no secret in a log,
// and the durability modes.

#include "testsupport.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QNetworkInterface>

#include <sys/stat.h>

using namespace hookscope::test;
using namespace Qt::StringLiterals;

namespace {

int modeOf(const QString& path)
{
    struct stat st { };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

/** An address of this machine that is not loopback, if it has one. */
QHostAddress outsideAddress()
{
    for (const QHostAddress& a : QNetworkInterface::allAddresses()) {
        if (!a.isLoopback() && a.protocol() == QAbstractSocket::IPv4Protocol)
            return a;
    }
    return {};
}

} // namespace

class TestHttpSafety final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void loopbackByDefault();
    void otherBindWarns();
    void privateFiles();
    void secretNeverLogged_data();
    void secretNeverLogged();
    void durabilityModes_data();
    void durabilityModes();
    void durabilityRejectsUnknownMode();
};

void TestHttpSafety::loopbackByDefault()
{
    ServeProcess serve;
    QVERIFY2(serve.start({}, false), serve.log().constData());
    QVERIFY2(serve.log().contains(QByteArray("listening: http://127.0.0.1:" + QByteArray::number(serve.httpPort()))),
        serve.log().constData());
    QVERIFY(!serve.log().contains("warning"));

    const QHostAddress outside = outsideAddress();
    if (outside.isNull())
        QSKIP("this machine has no non-loopback IPv4 address to try");
    // Refused at once; the wait only bounds a test that would otherwise hang (no load can make it connect).
    QTcpSocket probe;
    probe.connectToHost(outside, serve.httpPort());
    QVERIFY(!probe.waitForConnected(2'000));
    QCOMPARE(probe.error(), QAbstractSocket::ConnectionRefusedError);
}

void TestHttpSafety::otherBindWarns()
{
    ServeProcess serve;
    QVERIFY2(serve.start({ u"--bind"_s, u"0.0.0.0"_s }, false), serve.log().constData());
    QVERIFY2(serve.log().contains("warning: listening on 0.0.0.0, not loopback"), serve.log().constData());
}

void TestHttpSafety::privateFiles()
{
    ServeProcess serve;
    QVERIFY2(serve.start({ u"--secret"_s, u"k"_s }, true), serve.log().constData());
    QCOMPARE(sendSigned(serve.url(), sampleEvent(u"evt_mode"_s), "k").status, 200);

    // The store and SQLite's companions (written while serving) are the user's only.
    for (const QString& suffix : { u""_s, u"-wal"_s, u"-shm"_s }) {
        const QString path = serve.dbPath() + suffix;
        QVERIFY2(QFileInfo::exists(path), qPrintable(path));
        QCOMPARE(modeOf(path), 0600);
    }
    // The self-signed certificate's private key too.
    QStringList keys;
    QDirIterator it(serve.home(), { u"key.pem"_s }, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        keys << it.next();
    QCOMPARE(keys.size(), 1);
    QCOMPARE(modeOf(keys.first()), 0600);
    serve.stop();
}

void TestHttpSafety::secretNeverLogged_data()
{
    QTest::addColumn<bool>("fromEnvironment");
    QTest::addRow("--secret") << false;
    QTest::addRow("HOOKSCOPE_SECRET") << true;
}

void TestHttpSafety::secretNeverLogged()
{
    QFETCH(bool, fromEnvironment);
    const QByteArray secret = "s3cr3t-Never-In-Logs-7f2a";
    ServeProcess serve;
    // Every log category on, so anything that logs at all shows up.
    serve.setEnv(u"QT_LOGGING_RULES"_s, u"*.debug=true"_s);
    QStringList args;
    if (fromEnvironment)
        serve.setEnv(u"HOOKSCOPE_SECRET"_s, QString::fromLatin1(secret));
    else
        args << u"--secret"_s << QString::fromLatin1(secret);
    QVERIFY2(serve.start(args, true), serve.log().constData());

    // Valid, invalid and unsigned requests; a refused one; over HTTP and HTTPS.
    QCOMPARE(sendSigned(serve.url(), sampleEvent(u"evt_ok"_s), secret).status, 200);
    QCOMPARE(sendSigned(serve.httpsUrl(), sampleEvent(u"evt_tls"_s), secret).status, 200);
    QCOMPARE(sendSigned(serve.url(), sampleEvent(u"evt_bad"_s), "wrong").status, 401);
    QCOMPARE(send(serve.url(), sampleEvent(u"evt_none"_s)).status, 400);
    QCOMPARE(statusOf(rawExchange(serve.httpPort(), "BROKEN\r\n\r\n")), 400);
    serve.stop();

    const QByteArray log = serve.log();
    QVERIFY(!log.isEmpty());
    QVERIFY2(!log.contains(secret), log.constData());
    QVERIFY(!log.toLower().contains(secret.toLower()));
    // Nor does the store keep it.
    QFile db(serve.dbPath());
    QVERIFY(db.open(QIODevice::ReadOnly));
    QVERIFY(!db.readAll().contains(secret));
}

void TestHttpSafety::durabilityModes_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addRow("normal") << u"normal"_s;
    QTest::addRow("full") << u"full"_s;
}

void TestHttpSafety::durabilityModes()
{
    QFETCH(QString, mode);
    ServeProcess serve;
    QVERIFY2(serve.start({ u"--secret"_s, u"k"_s, u"--durability"_s, mode }, false), serve.log().constData());
    const QByteArray body = sampleEvent(u"evt_durable"_s);
    QCOMPARE(sendSigned(serve.url(), body, "k").status, 200);
    // Killed right after the answer: the event is there.
    serve.kill();
    const QJsonArray events = serve.cli({ u"list"_s, u"--json"_s }).json().array();
    QCOMPARE(events.size(), 1);
    QCOMPARE(
        serve.cli({ u"show"_s, QString::number(qint64(events.first()[u"id"_s].toDouble())), u"--body"_s }).out, body);
}

void TestHttpSafety::durabilityRejectsUnknownMode()
{
    QTemporaryDir home;
    const CliResult r = runCli({ u"serve"_s, u"--http"_s, u"0"_s, u"--https"_s, u"0"_s, u"--db"_s,
                                   home.path() + u"/e.db"_s, u"--durability"_s, u"sometimes"_s },
        isolatedEnvironment(home.path()));
    QCOMPARE(r.exitCode, 2);
}

QTEST_GUILESS_MAIN(TestHttpSafety)
#include "tst_http_safety.moc"
