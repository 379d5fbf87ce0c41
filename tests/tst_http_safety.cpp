// Safety of the listener and of what it writes: loopback by default, private files, no secret in a log,
// and the durability modes. Every connection these tests make goes to loopback.

#include "testsupport.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QSet>

#include <sys/stat.h>
#include <unistd.h>

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

/** The socket inodes a process holds open (its /proc/PID/fd links read "socket:[INODE]"). */
QSet<QByteArray> socketInodes(qint64 pid)
{
    QSet<QByteArray> inodes;
    const QString fdDir = u"/proc/%1/fd"_s.arg(pid);
    for (const QString& fd : QDir(fdDir).entryList(QDir::System | QDir::NoDotAndDotDot)) {
        char link[256] = {};
        const ssize_t n = ::readlink(QFile::encodeName(fdDir + u'/' + fd).constData(), link, sizeof link - 1);
        const QByteArray target(link, n > 0 ? n : 0);
        if (target.startsWith("socket:[") && target.endsWith(']'))
            inodes << target.mid(8).chopped(1);
    }
    return inodes;
}

/**
 * The local addresses ("0100007F:1F90", as the kernel prints them) of the listening TCP sockets that `pid` holds,
 * from /proc/net/tcp and /proc/net/tcp6: what the process bound, read without sending a byte anywhere.
 */
QStringList listeningAddresses(qint64 pid)
{
    const QSet<QByteArray> inodes = socketInodes(pid);
    QStringList out;
    for (const QString& table : { u"/proc/net/tcp"_s, u"/proc/net/tcp6"_s }) {
        QFile f(table);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> lines = f.readAll().split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QList<QByteArray> fields = lines.at(i).simplified().split(' ');
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
            if (fields.size() < 10 || fields.at(3) != "0A" || !inodes.contains(fields.at(9)))
                continue;
            out << QString::fromLatin1(fields.at(1));
        }
    }
    return out;
}

} // namespace

class TestHttpSafety final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void hostile12_boundToLoopbackOnly();
    void otherBindWarns();
    void privateFiles();
    void secretNeverLogged_data();
    void secretNeverLogged();
    void durabilityModes_data();
    void durabilityModes();
    void durabilityRejectsUnknownMode();
};

void TestHttpSafety::hostile12_boundToLoopbackOnly()
{
    ServeProcess serve;
    QVERIFY2(serve.start({}, false), serve.log().constData());
    QVERIFY2(serve.log().contains(QByteArray("listening: http://127.0.0.1:" + QByteArray::number(serve.httpPort()))),
        serve.log().constData());
    QVERIFY(!serve.log().contains("warning"));

    // The socket serve listens on is bound to 127.0.0.1 and nothing else (not 0.0.0.0, not ::), read from the
    // kernel's table of serve's own sockets.
    const QString port = QString::number(serve.httpPort(), 16).toUpper().rightJustified(4, u'0');
    const QStringList bound = listeningAddresses(serve.process()->processId());
    QCOMPARE(bound, QStringList { u"0100007F:"_s + port });

    // 127.0.0.2 is loopback too, yet not the bound address: refused.
    QTcpSocket probe;
    probe.connectToHost(QHostAddress(u"127.0.0.2"_s), serve.httpPort());
    QVERIFY(!probe.waitForConnected(5'000));
    QCOMPARE(probe.error(), QAbstractSocket::ConnectionRefusedError);
    // While the bound one answers.
    QCOMPARE(statusOf(rawExchange(serve.httpPort(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")), 200);
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
    // The request bodies' folder and its segment (core/store/bodysegments.h).
    const QString bodies = serve.dbPath() + u".bodies"_s;
    QCOMPARE(modeOf(bodies), 0700);
    const QStringList segments = QDir(bodies).entryList(QDir::Files);
    QVERIFY2(!segments.isEmpty(), qPrintable(bodies));
    for (const QString& segment : segments)
        QCOMPARE(modeOf(bodies + u'/' + segment), 0600);
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
