// `hookscope wait` and `serve --log-format json`, driven through the real binary against a real listener on
// loopback: events arrive while wait blocks, from serve and from other processes writing the same store.

#include "testsupport.h"

#include <QFile>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>

using namespace Qt::StringLiterals;
using namespace hookscope::test;

namespace {

const QByteArray kSecret = "wait-secret";

/** A started `hookscope wait …`, once it said it is waiting (from then on every arrival counts). */
struct WaitProcess {
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    QByteArray err;

    bool start(const ServeProcess& serve, const QStringList& args) { return start(serve.env(), serve.dbPath(), args); }
    bool start(const QProcessEnvironment& env, const QString& db, QStringList args)
    {
        args.prepend(u"wait"_s);
        args << u"--db"_s << db;
        process->setProcessEnvironment(env);
        process->start(binary(), args);
        if (!process->waitForStarted(10'000))
            return false;
        return QTest::qWaitFor(
                   [this] {
                       err += process->readAllStandardError();
                       return err.contains("waiting for") || process->state() == QProcess::NotRunning;
                   },
                   30'000)
            && err.contains("waiting for");
    }
    /** Waits for the exit (the 30 s timeouts the tests pass to wait make it return well before 60 s). */
    CliResult finish()
    {
        CliResult r;
        // QProcess::waitForFinished is false for a process that already ended (and noticed while the test sent
        // events): only a process still running can time out.
        if (process->state() != QProcess::NotRunning && !process->waitForFinished(60'000)) {
            process->kill();
            process->waitForFinished();
            return r;
        }
        r.exitCode = process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -1;
        r.out = process->readAllStandardOutput();
        r.err = err + process->readAllStandardError();
        return r;
    }
};

/** `list --json --limit 0` objects by store id. */
QHash<qint64, QJsonObject> listedById(const ServeProcess& serve)
{
    QHash<qint64, QJsonObject> byId;
    const auto r = serve.cli({ u"list"_s, u"--json"_s, u"--limit"_s, u"0"_s });
    for (const auto& v : r.json().array())
        byId.insert(qint64(v.toObject().value(u"id"_s).toDouble()), v.toObject());
    return byId;
}

/** The store id of the event with provider id `eventId` (0 when absent). */
qint64 storeId(const ServeProcess& serve, const QString& eventId)
{
    for (const auto& o : listedById(serve)) {
        if (o.value(u"eventId"_s).toString() == eventId)
            return qint64(o.value(u"id"_s).toDouble());
    }
    return 0;
}

QStringList eventIds(const QJsonArray& array)
{
    QStringList ids;
    for (const auto& v : array)
        ids << v.toObject().value(u"eventId"_s).toString();
    return ids;
}

/** A configuration with one more route, /open, that has no secret (its events are accepted as unverified). */
QString writeOpenRouteConfig(const ServeProcess& serve)
{
    const QString path = serve.home() + u"/routes.json"_s;
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(R"({"routes":[{"name":"open","pathPrefix":"/open","scheme":"mailparse"}]})");
    return path;
}

} // namespace

class TestWait : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void waitReturnsMatchingEventsAsTheyArrive();
    void waitTimesOutWithExit1AndSaysWhatArrived();
    void waitSinceId();
    void waitStatusAndRouteFilters();
    void waitSeesAnEventStartToMatch();
    void waitRefusesBadUsage_data();
    void waitRefusesBadUsage();
    void waitSeesAnotherProcessPromptly();
    void waitCountsAnEventOnceItsEmailWasRead();
    void jsonLogOneObjectPerRequest();
    void textLogStaysAsItWas();
    void ciJobExampleRuns();
};

void TestWait::waitReturnsMatchingEventsAsTheyArrive()
{
    ServeProcess serve;
    QVERIFY2(
        serve.start({ u"--secret"_s, QString::fromLatin1(kSecret), u"--config"_s, writeOpenRouteConfig(serve) }, false),
        serve.log().constData());
    // Something already in the store: it matches, but arrived before wait started.
    QCOMPARE(sendSigned(serve.url(), sampleEvent(u"evt_old"_s, u"Invoice 0 from before"_s), kSecret).status, 200);

    WaitProcess wait;
    QVERIFY2(
        wait.start(serve, { u"--search"_s, u"invoice"_s, u"--count"_s, u"3"_s, u"--timeout"_s, u"30"_s, u"--json"_s }),
        wait.err.constData());

    // Signed and unsigned, some not matching, one a duplicate of a match.
    QCOMPARE(sendSigned(serve.url(), sampleEvent(u"evt_inv1"_s, u"Invoice 1 paid"_s), kSecret).status, 200);
    QCOMPARE(send(serve.url(u"/open/hook"_s), sampleEvent(u"evt_welcome"_s, u"Welcome aboard"_s)).status, 200);
    QCOMPARE(send(serve.url(u"/open/hook"_s), sampleEvent(u"evt_inv2"_s, u"Invoice 2 paid"_s)).status, 200);
    QCOMPARE(sendSigned(serve.url(), sampleEvent(u"evt_news"_s, u"Newsletter"_s), kSecret).status, 200);
    QCOMPARE(sendSigned(serve.url(), sampleEvent(u"evt_inv1"_s, u"Invoice 1 paid"_s), kSecret).status, 200);
    QCOMPARE(sendSigned(serve.url(), sampleEvent(u"evt_inv3"_s, u"Invoice 3 paid"_s), kSecret).status, 200);

    const CliResult r = wait.finish();
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonDocument doc = r.json();
    QVERIFY2(doc.isArray(), r.out.constData());
    QCOMPARE(eventIds(doc.array()), (QStringList { u"evt_inv1"_s, u"evt_inv2"_s, u"evt_inv3"_s }));
    // The same objects as list --json.
    const auto listed = listedById(serve);
    for (const auto& v : doc.array()) {
        const QJsonObject o = v.toObject();
        QCOMPARE(o, listed.value(qint64(o.value(u"id"_s).toDouble())));
    }
    QCOMPARE(doc.array().at(0).toObject().value(u"status"_s).toString(), u"verified"_s);
    QCOMPARE(doc.array().at(1).toObject().value(u"status"_s).toString(), u"unverified"_s);
    QCOMPARE(doc.array().at(1).toObject().value(u"route"_s).toString(), u"open"_s);
}

void TestWait::waitTimesOutWithExit1AndSaysWhatArrived()
{
    ServeProcess serve;
    QVERIFY2(serve.start({ u"--secret"_s, QString::fromLatin1(kSecret) }, false), serve.log().constData());
    QCOMPARE(sendSigned(serve.url(), sampleEvent(u"evt_only"_s, u"Invoice alone"_s), kSecret).status, 200);
    QCOMPARE(sendSigned(serve.url(), sampleEvent(u"evt_other"_s, u"Something else"_s), kSecret).status, 200);
    const qint64 id = storeId(serve, u"evt_only"_s);
    QVERIFY(id > 0);

    // Wait for the email to be indexed, so that exactly one match exists when wait looks.
    QVERIFY2(
        QTest::qWaitFor(
            [&] {
                return serve.cli({ u"list"_s, u"--json"_s, u"--search"_s, u"invoice"_s }).json().array().size() == 1;
            },
            30'000),
        "the matching event never became searchable");

    const CliResult r = serve.cli({ u"wait"_s, u"--since"_s, u"0"_s, u"--search"_s, u"invoice"_s, u"--count"_s, u"3"_s,
        u"--timeout"_s, u"1"_s, u"--json"_s });
    QCOMPARE(r.exitCode, 1);
    const QByteArray said
        = QByteArray("timed out after 1 s: 1 of 3 matching event(s) arrived (ids ") + QByteArray::number(id) + ")";
    QVERIFY2(r.err.contains(said), r.err.constData());
    QCOMPARE(eventIds(r.json().array()), QStringList { u"evt_only"_s });

    // Nothing at all: said as such.
    const CliResult none = serve.cli({ u"wait"_s, u"--search"_s, u"nothing-like-this"_s, u"--timeout"_s, u"0.5"_s });
    QCOMPARE(none.exitCode, 1);
    QVERIFY2(none.err.contains("timed out after 0.5 s: 0 of 1 matching event(s) arrived"), none.err.constData());
}

void TestWait::waitSinceId()
{
    ServeProcess serve;
    QVERIFY2(serve.start({ u"--secret"_s, QString::fromLatin1(kSecret) }, false), serve.log().constData());
    QCOMPARE(sendSigned(serve.url(), sampleEvent(u"evt_a"_s, u"Invoice A"_s), kSecret).status, 200);
    QCOMPARE(sendSigned(serve.url(), sampleEvent(u"evt_b"_s, u"Hello"_s), kSecret).status, 200);
    QCOMPARE(sendSigned(serve.url(), sampleEvent(u"evt_c"_s, u"Invoice C"_s), kSecret).status, 200);
    const qint64 a = storeId(serve, u"evt_a"_s);
    const qint64 c = storeId(serve, u"evt_c"_s);
    QVERIFY(a > 0 && c > a);

    // Events already in the store count when they are above --since (wait then returns at once).
    const CliResult all = serve.cli({ u"wait"_s, u"--since"_s, u"0"_s, u"--search"_s, u"invoice"_s, u"--count"_s,
        u"2"_s, u"--timeout"_s, u"30"_s, u"--json"_s });
    QVERIFY2(all.exitCode == 0, all.err.constData());
    QCOMPARE(eventIds(all.json().array()), (QStringList { u"evt_a"_s, u"evt_c"_s }));

    const CliResult after = serve.cli({ u"wait"_s, u"--since"_s, QString::number(a), u"--search"_s, u"invoice"_s,
        u"--timeout"_s, u"30"_s, u"--json"_s });
    QVERIFY2(after.exitCode == 0, after.err.constData());
    QCOMPARE(eventIds(after.json().array()), QStringList { u"evt_c"_s });

    const CliResult past = serve.cli({ u"wait"_s, u"--since"_s, QString::number(c), u"--timeout"_s, u"0.5"_s });
    QCOMPARE(past.exitCode, 1);
    QVERIFY2(past.err.contains("0 of 1"), past.err.constData());

    // Text output: the list's table.
    const CliResult text = serve.cli({ u"wait"_s, u"--since"_s, QString::number(a), u"--timeout"_s, u"30"_s });
    QCOMPARE(text.exitCode, 0);
    const CliResult listed = serve.cli({ u"list"_s, u"--search"_s, u"Hello"_s });
    QCOMPARE(text.out, listed.out);
}

void TestWait::waitStatusAndRouteFilters()
{
    ServeProcess serve;
    QVERIFY2(
        serve.start({ u"--secret"_s, QString::fromLatin1(kSecret), u"--config"_s, writeOpenRouteConfig(serve) }, false),
        serve.log().constData());
    WaitProcess failed;
    QVERIFY2(failed.start(serve, { u"--status"_s, u"failed"_s, u"--timeout"_s, u"30"_s, u"--json"_s }),
        failed.err.constData());
    WaitProcess open;
    QVERIFY2(
        open.start(serve, { u"--route"_s, u"open"_s, u"--timeout"_s, u"30"_s, u"--json"_s }), open.err.constData());

    QCOMPARE(sendSigned(serve.url(), sampleEvent(u"evt_ok"_s), kSecret).status, 200);
    QCOMPARE(send(serve.url(), sampleEvent(u"evt_unsigned"_s)).status, 400);
    QCOMPARE(send(serve.url(u"/open/x"_s), sampleEvent(u"evt_open"_s)).status, 200);

    const CliResult f = failed.finish();
    QVERIFY2(f.exitCode == 0, f.err.constData());
    QCOMPARE(eventIds(f.json().array()), QStringList { u"evt_unsigned"_s });
    QCOMPARE(f.json().array().at(0).toObject().value(u"status"_s).toString(), u"failed"_s);
    const CliResult o = open.finish();
    QVERIFY2(o.exitCode == 0, o.err.constData());
    QCOMPARE(eventIds(o.json().array()), QStringList { u"evt_open"_s });

    // Only one failed event exists: two are not there.
    const CliResult two = serve.cli({ u"wait"_s, u"--since"_s, u"0"_s, u"--status"_s, u"failed"_s, u"--count"_s, u"2"_s,
        u"--timeout"_s, u"0.5"_s });
    QCOMPARE(two.exitCode, 1);
    QVERIFY2(two.err.contains("1 of 2 matching event(s) arrived"), two.err.constData());
}

void TestWait::waitSeesAnEventStartToMatch()
{
    // No new event arrives while wait blocks: one already there comes to match (quarantined by another process),
    // as an event's email, read after its commit, comes to match a search on its subject.
    ServeProcess serve;
    QVERIFY2(serve.start({ u"--secret"_s, QString::fromLatin1(kSecret) }, false), serve.log().constData());
    QCOMPARE(sendSigned(serve.url(), sampleEvent(u"evt_later"_s), kSecret).status, 200);
    const qint64 id = storeId(serve, u"evt_later"_s);
    QVERIFY(id > 0);

    WaitProcess wait;
    QVERIFY2(wait.start(serve,
                 { u"--since"_s, u"0"_s, u"--status"_s, u"quarantined"_s, u"--timeout"_s, u"30"_s, u"--json"_s }),
        wait.err.constData());
    const CliResult quarantined = serve.cli({ u"quarantine"_s, QString::number(id), u"--reason"_s, u"manual"_s });
    QVERIFY2(quarantined.exitCode == 0, quarantined.err.constData());

    const CliResult r = wait.finish();
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(eventIds(r.json().array()), QStringList { u"evt_later"_s });
    QCOMPARE(r.json().array().at(0).toObject().value(u"quarantined"_s).toString(), u"manual"_s);
}

void TestWait::waitRefusesBadUsage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("message");
    QTest::addRow("status") << QStringList { u"--status"_s, u"lost"_s } << QByteArray("--status is one of");
    QTest::addRow("count zero") << QStringList { u"--count"_s, u"0"_s } << QByteArray("--count takes");
    QTest::addRow("count text") << QStringList { u"--count"_s, u"three"_s } << QByteArray("--count takes");
    QTest::addRow("timeout") << QStringList { u"--timeout"_s, u"soon"_s } << QByteArray("--timeout takes");
    QTest::addRow("negative timeout") << QStringList { u"--timeout"_s, u"-1"_s } << QByteArray("--timeout takes");
    QTest::addRow("since") << QStringList { u"--since"_s, u"x"_s } << QByteArray("--since takes");
    QTest::addRow("argument") << QStringList { u"extra"_s } << QByteArray("unexpected argument");
    QTest::addRow("unknown option") << QStringList { u"--wat"_s } << QByteArray("Unknown option");
}

void TestWait::waitRefusesBadUsage()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, message);
    QTemporaryDir home;
    const CliResult r = runCli(
        QStringList { u"wait"_s, u"--db"_s, home.path() + u"/e.db"_s } + args, isolatedEnvironment(home.path()));
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), r.err.constData());
}

void TestWait::waitSeesAnotherProcessPromptly()
{
    // No listener: another process (import) writes the store while wait blocks on it. Wait is given 30 s; it
    // returns with exit 0 only if it noticed the commit (a poll of seconds would still make it; what it proves is
    // that a write by any process is seen, without a listener in the same process). The interval itself is not
    // asserted, the machine's load decides wall-clock time.
    QTemporaryDir home;
    const QProcessEnvironment env = isolatedEnvironment(home.path());
    const QString db = home.path() + u"/events.db"_s;
    QCOMPARE(runCli({ u"list"_s, u"--db"_s, db }, env).exitCode, 0); // creates the store

    WaitProcess wait;
    wait.process->setProcessEnvironment(env);
    wait.process->start(
        binary(), { u"wait"_s, u"--db"_s, db, u"--count"_s, u"2"_s, u"--timeout"_s, u"30"_s, u"--json"_s });
    QVERIFY(wait.process->waitForStarted(10'000));
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     wait.err += wait.process->readAllStandardError();
                     return wait.err.contains("waiting for") || wait.process->state() == QProcess::NotRunning;
                 },
                 30'000),
        "wait never said it was waiting");
    QVERIFY2(wait.err.contains("with ids above 0"), wait.err.constData());

    const CliResult imported = runCli({ u"import"_s, u"--db"_s, db, testData(u"email/calendar_invite.eml"_s),
                                          testData(u"email/base64_text_body.eml"_s) },
        env);
    QVERIFY2(imported.exitCode == 0, imported.err.constData());

    const CliResult r = wait.finish();
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json().array().size(), 2);
    // Counted once their email was read: what wait prints is complete.
    QCOMPARE(r.json().array().at(0).toObject().value(u"subject"_s).toString(), u"Invitation: Sync @ Tue 14 Apr 2026"_s);
    QCOMPARE(r.json().array().at(1).toObject().value(u"subject"_s).toString(), u"base64 bodies"_s);
    const CliResult listed = runCli({ u"list"_s, u"--db"_s, db, u"--json"_s }, env);
    QJsonArray newestFirst = listed.json().array();
    QCOMPARE(newestFirst.size(), 2);
    // Oldest first in wait, newest first in list; the same objects.
    QCOMPARE(r.json().array().at(0).toObject(), newestFirst.at(1).toObject());
    QCOMPARE(r.json().array().at(1).toObject(), newestFirst.at(0).toObject());
}

void TestWait::waitCountsAnEventOnceItsEmailWasRead()
{
    // An accepted event whose email is not read yet (as for the moments after its answer) does not count; it
    // counts once the email fields are written, by another process here.
    QTemporaryDir home;
    const QProcessEnvironment env = isolatedEnvironment(home.path());
    const QString db = home.path() + u"/events.db"_s;
    const CliResult imported = runCli({ u"import"_s, u"--db"_s, db, testData(u"email/base64_text_body.eml"_s) }, env);
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    {
        QSqlDatabase edit = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"edit"_s);
        edit.setDatabaseName(db);
        QVERIFY(edit.open());
        QSqlQuery q(edit);
        QVERIFY(q.exec(u"UPDATE events SET processed = 0, subject = NULL WHERE accepted = 1"_s));
        QCOMPARE(q.numRowsAffected(), 1);
    }
    const CliResult early = runCli({ u"wait"_s, u"--db"_s, db, u"--since"_s, u"0"_s, u"--timeout"_s, u"0.5"_s }, env);
    QCOMPARE(early.exitCode, 1);
    QVERIFY2(early.err.contains("0 of 1"), early.err.constData());

    WaitProcess wait;
    QVERIFY2(wait.start(env, db, { u"--since"_s, u"0"_s, u"--timeout"_s, u"30"_s, u"--json"_s }), wait.err.constData());
    {
        QSqlDatabase edit = QSqlDatabase::database(u"edit"_s);
        QSqlQuery q(edit);
        QVERIFY(q.exec(u"UPDATE events SET processed = 1, subject = 'base64 bodies' WHERE accepted = 1"_s));
        edit.close();
    }
    QSqlDatabase::removeDatabase(u"edit"_s);
    const CliResult r = wait.finish();
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json().array().size(), 1);
    QCOMPARE(r.json().array().at(0).toObject().value(u"subject"_s).toString(), u"base64 bodies"_s);
}

namespace {

/** serve with its stderr in a file of its own; started once it printed its listening line. */
struct LoggedServe {
    QTemporaryDir home;
    QProcessEnvironment env = isolatedEnvironment(home.path());
    QProcess process;
    quint16 port = freePort();
    QString db = home.path() + u"/events.db"_s;
    QString errFile = home.path() + u"/stderr.log"_s;

    bool start(const QStringList& extra)
    {
        process.setProcessEnvironment(env);
        process.setStandardErrorFile(errFile);
        process.start(binary(),
            QStringList { u"serve"_s, u"--db"_s, db, u"--http"_s, QString::number(port), u"--https"_s, u"0"_s,
                u"--secret"_s, QString::fromLatin1(kSecret) }
                + extra);
        if (!process.waitForStarted(10'000))
            return false;
        QByteArray out;
        return QTest::qWaitFor(
                   [&] {
                       out += process.readAllStandardOutput();
                       return out.contains("listening: ") || process.state() == QProcess::NotRunning;
                   },
                   30'000)
            && out.contains("listening: ");
    }
    QByteArray stopAndReadErr()
    {
        process.terminate();
        if (!process.waitForFinished(15'000))
            process.kill();
        process.waitForFinished();
        QFile f(errFile);
        f.open(QIODevice::ReadOnly);
        return f.readAll();
    }
    QString url(const QString& path) const { return u"http://127.0.0.1:%1%2"_s.arg(port).arg(path); }
};

} // namespace

void TestWait::jsonLogOneObjectPerRequest()
{
    LoggedServe serve;
    QVERIFY2(serve.start({ u"--log-format"_s, u"json"_s, u"--max-body"_s, u"4096"_s }),
        "serve --log-format json did not start");
    const QByteArray body = sampleEvent(u"evt_logged"_s);
    // The query string stays out of the log (it may carry a token).
    QCOMPARE(sendSigned(serve.url(u"/webhooks/email?token=hush"_s), body, kSecret).status, 200);
    QCOMPARE(send(serve.url(u"/webhooks/email"_s), sampleEvent(u"evt_forged"_s),
                 { { "X-Webhook-Timestamp", QByteArray::number(QDateTime::currentMSecsSinceEpoch()) },
                     { "X-Webhook-Signature", QByteArray(64, 'a') } })
                 .status,
        401);
    QCOMPARE(sendSigned(serve.url(u"/webhooks/email"_s), body, kSecret).status, 200);
    // Refused by the listener itself (answered before the store saw it), then recorded: logged as well.
    QCOMPARE(send(serve.url(u"/webhooks/big"_s), QByteArray(8192, 'x')).status, 413);
    QVERIFY2(
        QTest::qWaitFor(
            [&] {
                return runCli({ u"list"_s, u"--db"_s, serve.db, u"--json"_s }, serve.env).json().array().size() == 3;
            },
            30'000),
        "the refused request was never recorded");
    const QByteArray err = serve.stopAndReadErr();

    QList<QJsonObject> requests;
    QStringList types;
    static const QRegularExpression iso(uR"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)"_s);
    for (const QByteArray& line : err.split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
        QVERIFY2(doc.isObject(), QByteArray("not one JSON object: " + line).constData());
        const QJsonObject o = doc.object();
        QVERIFY2(iso.match(o.value(u"time"_s).toString()).hasMatch(), line.constData());
        types << o.value(u"type"_s).toString();
        if (o.value(u"type"_s) == u"request"_s)
            requests << o;
    }
    QVERIFY2(types.contains(u"listening"_s), err.constData());
    QCOMPARE(types.last(), u"stopped"_s);
    QCOMPARE(requests.size(), 4);

    QTemporaryDir listHome;
    const CliResult listed = runCli({ u"list"_s, u"--db"_s, serve.db, u"--json"_s }, serve.env);
    qint64 logged = 0;
    qint64 forged = 0;
    qint64 refused = 0;
    for (const auto& v : listed.json().array()) {
        const QJsonObject e = v.toObject();
        const QString eventId = e.value(u"eventId"_s).toString();
        const QString path = e.value(u"path"_s).toString();
        (eventId == u"evt_logged"_s          ? logged
                : path == u"/webhooks/big"_s ? refused
                                             : forged)
            = qint64(e.value(u"id"_s).toDouble());
    }
    QVERIFY(logged > 0 && forged > 0 && refused > 0);

    struct Expected {
        int status;
        const char* verdict;
        const char* reason;
        qint64 event;
        bool duplicate;
    };
    const Expected expected[] = {
        { 200, "verified", "valid", logged, false },
        { 401, "failed", "invalid-signature", forged, false },
        { 200, "verified", "valid", logged, true },
    };
    for (int i = 0; i < 3; ++i) {
        const QJsonObject& o = requests[i];
        const QByteArray line = QJsonDocument(o).toJson(QJsonDocument::Compact);
        QCOMPARE(o.value(u"route"_s).toString(), u"default"_s);
        QCOMPARE(o.value(u"method"_s).toString(), u"POST"_s);
        QCOMPARE(o.value(u"path"_s).toString(), u"/webhooks/email"_s);
        QVERIFY2(o.value(u"status"_s).toInt() == expected[i].status, line.constData());
        QCOMPARE(o.value(u"verdict"_s).toString(), QString::fromLatin1(expected[i].verdict));
        QVERIFY2(o.value(u"reason"_s).toString().startsWith(QString::fromLatin1(expected[i].reason)), line.constData());
        QCOMPARE(qint64(o.value(u"event"_s).toDouble()), expected[i].event);
        QVERIFY2(o.value(u"duplicate"_s).isBool() && o.value(u"duplicate"_s).toBool() == expected[i].duplicate,
            line.constData());
        QVERIFY2(o.value(u"answerUs"_s).isDouble() && o.value(u"answerUs"_s).toDouble() >= 0, line.constData());
        QVERIFY2(iso.match(o.value(u"receivedAt"_s).toString()).hasMatch(), line.constData());
    }
    const QJsonObject& big = requests[3];
    QCOMPARE(big.value(u"status"_s).toInt(), 413);
    QCOMPARE(big.value(u"verdict"_s).toString(), u"refused"_s);
    QCOMPARE(big.value(u"path"_s).toString(), u"/webhooks/big"_s);
    QCOMPARE(qint64(big.value(u"event"_s).toDouble()), refused);
    QVERIFY2(big.value(u"answerUs"_s).isNull(), QJsonDocument(big).toJson().constData()); // the listener answered
    QVERIFY2(!err.contains("hush"), err.constData());
}

void TestWait::textLogStaysAsItWas()
{
    // The default: nothing per request on stderr, and stdout's lines as they were.
    LoggedServe serve;
    QVERIFY2(serve.start({}), "serve did not start");
    QCOMPARE(sendSigned(serve.url(u"/webhooks/email"_s), sampleEvent(u"evt_quiet"_s), kSecret).status, 200);
    const QByteArray out = serve.process.readAllStandardOutput();
    const QByteArray err = serve.stopAndReadErr();
    QVERIFY2(err.isEmpty(), err.constData());
    QVERIFY2(!out.contains('{'), out.constData());
    const CliResult bad = runCli({ u"serve"_s, u"--db"_s, serve.db, u"--log-format"_s, u"xml"_s }, serve.env);
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains("--log-format is 'text' or 'json'"), bad.err.constData());
}

void TestWait::ciJobExampleRuns()
{
    // README's "Use it in tests" shows this script verbatim; here it runs as a CI job would.
    const QString script = testData(u"../examples/ci-job.sh"_s);
    QFile scriptFile(script);
    QVERIFY(scriptFile.open(QIODevice::ReadOnly));
    const QByteArray text = scriptFile.readAll();
    QFile readme(testData(u"../../README.md"_s));
    QVERIFY(readme.open(QIODevice::ReadOnly));
    QVERIFY2(readme.readAll().contains(QByteArray("```sh\n" + text + "```\n")),
        "README.md does not show tests/examples/ci-job.sh as it is");

    QTemporaryDir home;
    QProcessEnvironment env = isolatedEnvironment(home.path());
    env.insert(u"HOOKSCOPE"_s, binary());
    const quint16 port = freePort();
    quint16 apiPort = freePort();
    while (apiPort == port)
        apiPort = freePort();
    env.insert(u"PORT"_s, QString::number(port));
    env.insert(u"API_PORT"_s, QString::number(apiPort));
    env.insert(u"WORK"_s, home.path());
    QProcess job;
    job.setProcessEnvironment(env);
    job.start(u"/bin/sh"_s, { script });
    QVERIFY(job.waitForStarted(10'000));
    QVERIFY2(job.waitForFinished(120'000), "the CI job did not finish");
    const QByteArray err = job.readAllStandardError();
    const QByteArray out = job.readAllStandardOutput();
    QVERIFY2(job.exitStatus() == QProcess::NormalExit && job.exitCode() == 0, QByteArray(err + out).constData());
    // The Python test (step 4) got through the API: it prints each arrival from the stream, then "ok".
    QVERIFY2(out.contains("evt_py_2 arrived as event ") && out.endsWith("ok\n"), out.constData());

    QFile arrived(home.path() + u"/arrived.json"_s);
    QVERIFY(arrived.open(QIODevice::ReadOnly));
    const QJsonArray events = QJsonDocument::fromJson(arrived.readAll()).array();
    QStringList subjects;
    for (const auto& v : events)
        subjects << v.toObject().value(u"subject"_s).toString();
    QCOMPARE(subjects, (QStringList { u"Invoice 1 paid"_s, u"Invoice 2 paid"_s, u"Invoice 3 paid"_s }));
    for (const auto& v : events)
        QCOMPARE(v.toObject().value(u"status"_s).toString(), u"verified"_s);

    // The unsigned one was refused and kept.
    QFile status(home.path() + u"/unsigned.status"_s);
    QVERIFY(status.open(QIODevice::ReadOnly));
    QCOMPARE(status.readAll().trimmed(), QByteArray("400")); // no signature headers at all
    QFile refused(home.path() + u"/refused.json"_s);
    QVERIFY(refused.open(QIODevice::ReadOnly));
    const QJsonArray failed = QJsonDocument::fromJson(refused.readAll()).array();
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.first().toObject().value(u"status"_s).toString(), u"failed"_s);

    QFile log(home.path() + u"/requests.jsonl"_s);
    QVERIFY(log.open(QIODevice::ReadOnly));
    int requests = 0;
    for (const QByteArray& line : log.readAll().split('\n')) {
        if (!line.isEmpty())
            requests += QJsonDocument::fromJson(line).object().value(u"type"_s) == u"request"_s ? 1 : 0;
    }
    QCOMPARE(requests, 7); // 3 signed and 1 unsigned from the shell, 3 from the Python test
}

QTEST_GUILESS_MAIN(TestWait)
#include "tst_wait.moc"
