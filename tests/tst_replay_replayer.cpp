#include "testhttpserver.h"
#include "testwait.h"

#include "core/replay/attemptlog.h"
#include "core/replay/blockingrun.h"
#include "core/replay/replayer.h"
#include "core/replay/requestbuilder.h"
#include "core/replay/storejob.h"
#include "core/store/eventstore.h"
#include "core/store/storewriter.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::replay;

namespace {

ReplayJob job(const QString& url, int maxAttempts = 1)
{
    ReplayJob j;
    j.kind = u"send"_s;
    CapturedRequest c;
    c.target = "/hook";
    c.headers = { { "Content-Type", "application/json" }, { "X-Repeat", "1" }, { "X-Repeat", "2" } };
    c.body = R"({"id":"evt"})";
    j.captured = c;
    j.target = QUrl(url);
    j.policy.maxAttempts = maxAttempts;
    j.policy.baseDelayMs = 100;
    j.policy.factor = 2;
    j.policy.maxDelayMs = 300;
    j.timeoutMs = 5000;
    return j;
}

} // namespace

class TestReplayer final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sendsExactBytes();
    void retries_data();
    void retries();
    void storesEveryAttempt();
    void staleReplaysAreAbandoned();
    void failures_data();
    void failures();
    void concurrencyLimit();
    void cancel();
};

void TestReplayer::sendsExactBytes()
{
    test::TestHttpServer server;
    QVERIFY(server.listen());
    Replayer replayer({}, nullptr);
    const ReplayJob j = job(server.url());
    const auto summaries = runToCompletion(replayer, { j });
    QCOMPARE(summaries.size(), 1);
    QVERIFY(summaries.first().ok);
    QCOMPARE(server.requests().size(), 1);
    auto expected = buildRequest(*j.captured, j.target, j.spec, 0);
    QVERIFY(expected);
    QCOMPARE(server.requests().first().head, expected->head());
    QCOMPARE(server.requests().first().body, j.captured->body);
    // Nothing added by the client: no User-Agent, Accept-Encoding, Accept-Language, Connection.
    const QByteArray head = server.requests().first().head.toLower();
    for (const char* absent : { "user-agent", "accept-encoding", "accept-language", "connection:" })
        QVERIFY2(!head.contains(absent), absent);
}

void TestReplayer::retries_data()
{
    QTest::addColumn<QList<int>>("script");
    QTest::addColumn<int>("maxAttempts");
    QTest::addColumn<int>("attempts");
    QTest::addColumn<bool>("ok");
    QTest::addRow("succeeds on the fourth") << QList<int> { 500, 503, 502 } << 5 << 4 << true;
    QTest::addRow("gives up after three") << QList<int> { 500, 500, 500, 500 } << 3 << 3 << false;
    QTest::addRow("redirect is not followed, it is a failure") << QList<int> { 302 } << 2 << 2 << true;
    QTest::addRow("first time right") << QList<int> {} << 5 << 1 << true;
}

void TestReplayer::retries()
{
    QFETCH(QList<int>, script);
    QFETCH(int, maxAttempts);
    QFETCH(int, attempts);
    QFETCH(bool, ok);
    test::TestHttpServer server(script);
    QVERIFY(server.listen());
    Replayer replayer({}, nullptr);
    const ReplayJob j = job(server.url(), maxAttempts);
    QList<AttemptRow> rows;
    const auto summaries = runToCompletion(replayer, { j }, [&](const AttemptRow& a) { rows.append(a); });
    QCOMPARE(summaries.size(), 1);
    QCOMPARE(summaries.first().ok, ok);
    QCOMPARE(summaries.first().attempts, attempts);
    QCOMPARE(rows.size(), attempts);
    QCOMPARE(server.requests().size(), attempts);
    for (int i = 0; i < rows.size(); ++i) {
        QCOMPARE(rows.at(i).attempt, i + 1);
        QCOMPARE(rows.at(i).status, i < script.size() ? script.at(i) : 200);
        QCOMPARE(rows.at(i).runId, rows.first().runId);
    }
    // Full jitter: each retry is scheduled between 0 and the policy's ceiling after the attempt before ended (the
    // schedule as decided, exact: no load can stretch it), and is not sent before it.
    for (int i = 1; i < rows.size(); ++i) {
        const qint64 waitedUs = rows.at(i).scheduledUs - rows.at(i - 1).finishedUs;
        QVERIFY2(waitedUs >= 0 && waitedUs <= j.policy.ceilingMs(i + 1) * 1000,
            qPrintable(u"attempt %1 scheduled %2 us after the previous ended"_s.arg(i + 1).arg(waitedUs)));
        QVERIFY2(rows.at(i).startedUs >= rows.at(i).scheduledUs - 5000,
            qPrintable(u"attempt %1 started before it was due"_s.arg(i + 1)));
    }
}

void TestReplayer::storesEveryAttempt()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.db"_s);
    store::StoreWriter writer(path);
    QVERIFY(writer.start());
    test::TestHttpServer server({ 500, 500 });
    QVERIFY(server.listen());
    {
        Replayer replayer(path, &writer);
        const auto summaries = runToCompletion(replayer, { job(server.url(), 3) });
        QVERIFY(summaries.first().ok);
    }
    writer.stop();
    auto store = store::EventStore::open(path);
    QVERIFY(store);
    auto pending = AttemptLog::pending((*store)->database());
    QVERIFY(pending);
    QVERIFY(pending->isEmpty());
    QSqlQuery q((*store)->database());
    QVERIFY(q.exec(u"SELECT run_id FROM attempts LIMIT 1"_s) && q.next());
    auto rows = AttemptLog::forRun((*store)->database(), q.value(0).toString());
    QVERIFY(rows);
    QCOMPARE(rows->size(), 3);
    QCOMPARE(rows->at(0).state, u"failed"_s);
    QCOMPARE(rows->at(1).state, u"failed"_s);
    QCOMPARE(rows->at(2).state, u"done"_s);
    QCOMPARE(rows->at(2).status, 200);
    QCOMPARE(rows->at(0).responseBody, QByteArray("failing on purpose"));
    QVERIFY(rows->at(0).responseHead.startsWith("HTTP/1.1 500"));
    QVERIFY(rows->at(2).requestHead.startsWith("POST /hook HTTP/1.1\r\n"));
    for (int i = 1; i < rows->size(); ++i) {
        // Scheduled within the ceiling after the previous attempt ended (exactly: the stored schedule is that end
        // plus the delay drawn); not started before it.
        const qint64 waitedUs = rows->at(i).scheduledUs - rows->at(i - 1).finishedUs;
        QVERIFY2(
            waitedUs >= 0 && waitedUs <= job({}).policy.ceilingMs(i + 1) * 1000, qPrintable(QString::number(waitedUs)));
        QVERIFY(rows->at(i).startedUs >= rows->at(i).scheduledUs - 5000);
    }
}

void TestReplayer::staleReplaysAreAbandoned()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"s.db"_s);
    store::StoreWriter writer(path);
    QVERIFY(writer.start());
    const qint64 hourAgo = (QDateTime::currentMSecsSinceEpoch() - 3'600'000) * 1000;
    for (const QString& kind : { u"replay"_s, u"send"_s, u"forward"_s }) {
        AttemptRow row;
        row.runId = kind;
        row.kind = kind;
        row.target = u"http://127.0.0.1:1/"_s;
        row.mode = u"as-captured"_s;
        row.state = u"pending"_s;
        row.attempt = 2;
        row.scheduledUs = hourAgo;
        QVERIFY(runJob(writer, [row](QSqlDatabase& db) -> Result<void> {
            if (!AttemptLog::write(db, row))
                return fail(u"write"_s);
            return {};
        }));
    }
    {
        Replayer replayer(path, &writer);
        replayer.resumePending(u"no-such-kind"_s); // resumes nothing, but tidies up
    }
    writer.stop();
    auto store = store::EventStore::open(path);
    QVERIFY(store);
    for (const QString& kind : { u"replay"_s, u"send"_s, u"forward"_s }) {
        auto rows = AttemptLog::forRun((*store)->database(), kind);
        QVERIFY(rows && rows->size() == 1);
        QCOMPARE(rows->first().state, kind == u"forward"_s ? u"pending"_s : u"failed"_s);
    }
}

void TestReplayer::failures_data()
{
    QTest::addColumn<bool>("listening");
    QTest::addColumn<int>("delayMs");
    QTest::addColumn<QString>("error");
    QTest::addRow("connection refused") << false << 0 << u"refused"_s;
    // The answer is held back 100 times longer than the client waits: no load makes it come first.
    QTest::addRow("timeout") << true << 30'000 << u"timed out"_s;
}

void TestReplayer::failures()
{
    QFETCH(bool, listening);
    QFETCH(int, delayMs);
    QFETCH(QString, error);
    test::TestHttpServer server;
    QVERIFY(server.listen());
    const QString url = server.url();
    if (!listening)
        server.close();
    server.setDelayMs(delayMs);
    Replayer replayer({}, nullptr);
    ReplayJob j = job(url, 2);
    j.timeoutMs = 300;
    QList<AttemptRow> rows;
    const auto summaries = runToCompletion(replayer, { j }, [&](const AttemptRow& a) { rows.append(a); });
    QVERIFY(!summaries.first().ok);
    QCOMPARE(rows.size(), 2); // connection errors and timeouts are retried too
    for (const auto& r : rows) {
        QCOMPARE(r.status, 0);
        QVERIFY2(r.error.contains(error, Qt::CaseInsensitive), qPrintable(r.error));
    }
}

void TestReplayer::concurrencyLimit()
{
    test::TestHttpServer server;
    QVERIFY(server.listen());
    server.setDelayMs(400);
    Replayer replayer({}, nullptr);
    replayer.setConcurrency(2);
    QList<ReplayJob> jobs;
    for (int i = 0; i < 6; ++i)
        jobs << job(server.url());
    QSignalSpy progress(&replayer, &Replayer::progress);
    const auto summaries = runToCompletion(replayer, jobs);
    QCOMPARE(summaries.size(), 6);
    QCOMPARE(server.requests().size(), 6);
    // With two in flight and 400 ms per answer, the requests arrive in pairs: the third can only leave once an
    // answer held back 400 ms came (lower bounds set by the server's delay, which no load can shorten).
    const auto& r = server.requests();
    QVERIFY2(r.at(2).atMs - r.at(0).atMs >= 350, qPrintable(QString::number(r.at(2).atMs - r.at(0).atMs)));
    QVERIFY2(r.at(4).atMs - r.at(2).atMs >= 350, qPrintable(QString::number(r.at(4).atMs - r.at(2).atMs)));
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toInt(), 6);
    QCOMPARE(progress.last().at(1).toInt(), 6);
}

void TestReplayer::cancel()
{
    test::TestHttpServer server;
    QVERIFY(server.listen());
    server.setDelayMs(600'000); // never answers within the test: only the cancel ends the runs
    Replayer replayer({}, nullptr);
    replayer.setConcurrency(1);
    QSignalSpy finished(&replayer, &Replayer::runFinished);
    QSignalSpy idle(&replayer, &Replayer::idle);
    ReplayJob j = job(server.url(), 5);
    j.timeoutMs = 600'000; // nor does the client give up: no retry can come before the cancel
    replayer.submit({ j, j, j });
    QSignalSpy received(&server, &test::TestHttpServer::received);
    WAIT_FOR(!received.isEmpty(), "the first request to reach the server");
    replayer.cancel();
    WAIT_FOR(!idle.isEmpty(), "the replayer to be idle after the cancel");
    QCOMPARE(finished.size(), 3);
    for (const auto& args : finished) {
        const auto s = args.at(0).value<RunSummary>();
        QVERIFY(s.cancelled);
        QVERIFY(!s.ok);
    }
    QCOMPARE(server.requests().size(), 1); // the queued ones never went out
}

QTEST_GUILESS_MAIN(TestReplayer)
#include "tst_replay_replayer.moc"
