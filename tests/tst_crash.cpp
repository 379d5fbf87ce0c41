// Crash consistency: events acknowledged with 200 survive SIGKILL at any moment, byte for byte.
//
// Each iteration starts the listener on the same store, sends signed events from several connections at
// once, kills the process with SIGKILL at a random moment, and checks that every event answered 200 so
// far is in the store with its exact body and that the store passes `PRAGMA integrity_check`.
// HOOKSCOPE_CRASH_ITERATIONS sets the number of iterations (default 20); HOOKSCOPE_CRASH_SEED replays one run.

#include "testsupport.h"

#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <map>

using namespace hookscope::test;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kSecret = "crash-secret";

/** One keep-alive connection sending signed events one after another until the server goes away. */
class Sender final : public QObject {
    Q_OBJECT
public:
    Sender(quint16 port, QString prefix, quint32 seed, std::map<QString, QByteArray>& acknowledged)
        : m_prefix(std::move(prefix))
        , m_rng(seed)
        , m_acknowledged(acknowledged)
    {
        connect(&m_socket, &QTcpSocket::connected, this, &Sender::sendNext);
        connect(&m_socket, &QTcpSocket::readyRead, this, &Sender::onReadyRead);
        connect(&m_socket, &QTcpSocket::disconnected, this, [this] { m_done = true; });
        connect(&m_socket, &QTcpSocket::errorOccurred, this, [this] { m_done = true; });
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }
    bool done() const { return m_done; }
    int sent() const { return m_count; }

private:
    void sendNext()
    {
        m_eventId = m_prefix + u'-' + QString::number(++m_count);
        // Sizes from tiny to a few hundred KiB, so the kill lands in every phase of a commit.
        const int padding = m_rng.bounded(4) == 0 ? int(m_rng.bounded(400'000)) : int(m_rng.bounded(2'000));
        QByteArray body = sampleEvent(m_eventId, QString(padding, u'x'));
        // A few bytes that are not text, to prove bytes and not strings are kept.
        body.replace("Plain text body", QByteArray("text \\u0000 \xc3\xa9 \\ud83d\\ude00"));
        m_body = body;
        const qint64 ts = QDateTime::currentMSecsSinceEpoch();
        QByteArray head = "POST /webhooks/email HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                          "X-Webhook-Timestamp: "
            + QByteArray::number(ts) + "\r\nX-Webhook-Signature: " + signMailparse(kSecret, ts, body) + "\r\n";
        if (m_rng.bounded(3) == 0) {
            // Chunked in uneven pieces: the stored body is the de-chunked bytes.
            head += "Transfer-Encoding: chunked\r\n\r\n";
            QByteArray wire;
            for (qsizetype at = 0; at < body.size();) {
                const qsizetype n = std::min<qsizetype>(body.size() - at, 1 + m_rng.bounded(70'000));
                wire += QByteArray::number(n, 16) + "\r\n" + body.mid(at, n) + "\r\n";
                at += n;
            }
            m_socket.write(head + wire + "0\r\n\r\n");
        } else {
            m_socket.write(head + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        }
        m_in.clear();
    }

    void onReadyRead()
    {
        m_in += m_socket.readAll();
        const qsizetype end = m_in.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        // The status line is the acknowledgement; from here the event must survive anything.
        const int status = statusOf(m_in);
        if (status == 200)
            m_acknowledged[m_eventId] = m_body;
        const QByteArray head = m_in.left(end).toLower();
        const qsizetype at = head.indexOf("content-length: ");
        const qsizetype length = at < 0 ? 0 : head.mid(at + 16, head.indexOf("\r\n", at) - at - 16).toLongLong();
        if (m_in.size() < end + 4 + length)
            return;
        if (status != 200) {
            qWarning() << "unexpected answer" << m_in.left(200);
            m_failed = true;
        }
        sendNext();
    }

public:
    bool m_failed = false;

private:
    QTcpSocket m_socket;
    QString m_prefix;
    QRandomGenerator m_rng;
    std::map<QString, QByteArray>& m_acknowledged;
    QString m_eventId;
    QByteArray m_body;
    QByteArray m_in;
    int m_count = 0;
    bool m_done = false;
};

/** The listener under test: `hookscope serve`, or the window (offscreen) which runs the same listener. */
class Target {
public:
    explicit Target(bool gui)
        : m_gui(gui)
        , m_env(isolatedEnvironment(m_home.path()))
    {
        m_env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    }
    ~Target() { kill(); }
    QString dbPath() const { return m_home.path() + u"/events.db"_s; }
    quint16 port() const { return m_port; }

    bool start()
    {
        m_port = freePort();
        QStringList args { u"--db"_s, dbPath(), u"--http"_s, QString::number(m_port), u"--https"_s, u"0"_s,
            u"--secret"_s, QString::fromLatin1(kSecret) };
        if (!m_gui)
            args.prepend(u"serve"_s);
        m_process = std::make_unique<QProcess>();
        m_process->setProcessEnvironment(m_env);
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        m_process->start(binary(), args);
        if (!m_process->waitForStarted(kWaitMs))
            return false;
        // Listening once a connection is accepted (the window prints nothing to wait for).
        bool accepted = false;
        const bool settled = waitFor(
            [&] {
                if (m_process->state() != QProcess::Running)
                    return true;
                QTcpSocket probe;
                probe.connectToHost(QHostAddress::LocalHost, m_port);
                accepted = probe.waitForConnected(200);
                return accepted;
            },
            m_gui ? "the window to accept a connection" : "serve to accept a connection");
        return settled && accepted;
    }
    void kill()
    {
        if (m_process && m_process->state() != QProcess::NotRunning) {
            m_process->kill();
            m_process->waitForFinished(kWaitMs);
        }
    }
    QByteArray log() const { return m_process ? m_process->readAll() : QByteArray(); }

private:
    bool m_gui;
    QTemporaryDir m_home;
    QProcessEnvironment m_env;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
};

int iterations()
{
    bool ok = false;
    const int n = qEnvironmentVariableIntValue("HOOKSCOPE_CRASH_ITERATIONS", &ok);
    return ok && n > 0 ? n : 20;
}

} // namespace

class TestCrash final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void killNineLosesNothing_data();
    void killNineLosesNothing();
};

void TestCrash::killNineLosesNothing_data()
{
    QTest::addColumn<bool>("gui");
    QTest::addColumn<int>("rounds");
    QTest::addRow("serve") << false << iterations();
    // The window runs the same capture service; fewer rounds in the normal suite (it starts slower).
    QTest::addRow("window") << true << std::max(3, iterations() / 4);
}

void TestCrash::killNineLosesNothing()
{
    QFETCH(bool, gui);
    QFETCH(int, rounds);
    const quint32 seed = qEnvironmentVariableIsSet("HOOKSCOPE_CRASH_SEED")
        ? quint32(qEnvironmentVariableIntValue("HOOKSCOPE_CRASH_SEED"))
        : QRandomGenerator::global()->generate();
    qInfo("seed %u (HOOKSCOPE_CRASH_SEED=%u replays this run), %d rounds", seed, seed, rounds);
    QRandomGenerator rng(seed);

    Target target(gui);
    std::map<QString, QByteArray> acknowledged;
    int totalSent = 0;
    for (int round = 0; round < rounds; ++round) {
        QVERIFY2(target.start(), target.log().constData());
        std::vector<std::unique_ptr<Sender>> senders;
        const int connections = 2 + int(rng.bounded(5));
        for (int c = 0; c < connections; ++c)
            senders.push_back(
                std::make_unique<Sender>(target.port(), u"r%1c%2"_s.arg(round).arg(c), rng.generate(), acknowledged));
        // Killed at a random moment while events are in flight: in every other round counted from the round's
        // first acknowledgement (so that rounds kill acknowledged traffic however slow a loaded machine makes
        // the start), in the others from the connections' start (a kill before any answer).
        const int delayMs = int(50 + rng.bounded(500));
        if (round % 2 == 0) {
            const size_t before = acknowledged.size();
            QVERIFY2(waitFor([&] { return acknowledged.size() > before; }, "the round's first acknowledgement"),
                target.log().constData());
        }
        QTest::qWait(delayMs);
        target.kill();
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(senders.begin(), senders.end(), [](const auto& s) { return s->done(); }), kWaitMs);
        for (const auto& s : senders) {
            QVERIFY(!s->m_failed);
            totalSent += s->sent();
        }
        senders.clear();

        // Restarted (the WAL is recovered), every acknowledged event is there with its exact body.
        QVERIFY2(target.start(), target.log().constData());
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"check"_s);
            db.setDatabaseName(target.dbPath());
            db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
            QVERIFY2(db.open(), qPrintable(db.lastError().text()));
            std::map<QString, QByteArray> stored;
            QSqlQuery q(db);
            // A body is in the row, or (since migration 014) at its place in a segment file beside the store: read
            // here from the file itself, byte for byte.
            QVERIFY(q.exec(u"SELECT e.event_id, d.body, d.body_segment, d.body_offset, d.body_size FROM deliveries d "
                           u"JOIN events e ON e.id = d.event_id WHERE d.status_code = 200"_s));
            std::map<qint64, QByteArray> segments;
            while (q.next()) {
                QByteArray body = q.value(1).toByteArray();
                if (!q.value(2).isNull()) {
                    const qint64 segment = q.value(2).toLongLong();
                    if (!segments.count(segment)) {
                        QFile file(target.dbPath() + u".bodies/%1.seg"_s.arg(segment, 8, 10, QChar(u'0')));
                        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
                        segments[segment] = file.readAll();
                    }
                    body = segments[segment].mid(q.value(3).toLongLong(), q.value(4).toLongLong());
                }
                stored[q.value(0).toString()] = body;
            }
            for (const auto& [id, body] : acknowledged) {
                const auto it = stored.find(id);
                QVERIFY2(it != stored.end(), qPrintable(u"acknowledged event %1 lost (round %2)"_s.arg(id).arg(round)));
                QVERIFY2(it->second == body, qPrintable(u"event %1 stored with other bytes"_s.arg(id)));
            }
            // The bytes of a batch killed before its commit were cut off at the restart: the newest segment ends
            // where the last committed body does.
            QVERIFY(
                q.exec(u"SELECT body_segment, body_offset + body_size FROM deliveries WHERE body_segment IS NOT NULL "
                       u"ORDER BY id DESC LIMIT 1"_s));
            if (q.next()) {
                const QString newest
                    = target.dbPath() + u".bodies/%1.seg"_s.arg(q.value(0).toLongLong(), 8, 10, QChar(u'0'));
                QCOMPARE(QFileInfo(newest).size(), q.value(1).toLongLong());
            }
            QVERIFY(q.exec(u"PRAGMA integrity_check"_s));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), u"ok"_s);
        }
        QSqlDatabase::removeDatabase(u"check"_s);
        target.kill();
    }
    qInfo("%d rounds, %d requests sent, %zu acknowledged, 0 lost", rounds, totalSent, acknowledged.size());
    QVERIFY(!acknowledged.empty());
}

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
