// Hostile captures, what the store keeps and what leaves it: credentials a scheme checks in clear are never
// stored, exports redact credentials by default into owner-only files, the stored secret applies without a
// configuration, replays keep a target's exact bytes, a damaged store is refused, one file-name sanitizer,
// bodiless requests keyed by method and target, and HTTP/1.1 requests without exactly one Host refused.

#include "testsupport.h"

#include "core/common/filename.h"
#include "core/ingest/credentials.h"
#include "core/ingest/idempotency.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <sys/stat.h>

using namespace hookscope;
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

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/** The events `list --json` shows (all of them), newest first. */
QJsonArray listEvents(const ServeProcess& serve)
{
    return serve.cli({ u"list"_s, u"--json"_s, u"--limit"_s, u"0"_s }).json().array();
}

QString idOf(const QJsonValue& event)
{
    return QString::number(qint64(event[u"id"_s].toDouble()));
}

/** The event whose provider id is `eventId`; empty when there is none. */
QJsonObject eventByProviderId(const ServeProcess& serve, const QString& eventId)
{
    for (const auto& e : listEvents(serve)) {
        if (e[u"eventId"_s].toString() == eventId)
            return e.toObject();
    }
    return {};
}

/** The event whose first delivery was `method target`; empty when there is none. */
QJsonObject eventByRequest(const ServeProcess& serve, const QString& method, const QString& target)
{
    for (const auto& e : listEvents(serve)) {
        const QJsonObject shown = serve.cli({ u"show"_s, idOf(e), u"--json"_s }).json().object();
        const QJsonArray deliveries = shown[u"deliveryList"_s].toArray();
        if (!deliveries.isEmpty() && deliveries.first()[u"method"_s].toString() == method
            && deliveries.first()[u"target"_s].toString() == target)
            return e.toObject();
    }
    return {};
}

/** An event-schema body whose one attachment is called `filename`. */
QByteArray eventWithAttachments(const QString& id, const QStringList& filenames)
{
    QJsonObject o = QJsonDocument::fromJson(sampleEvent(id)).object();
    QJsonArray list;
    for (const QString& name : filenames) {
        list.append(QJsonObject { { u"filename"_s, name }, { u"contentType"_s, u"application/octet-stream"_s },
            { u"size"_s, 4 }, { u"dataBase64"_s, QString::fromLatin1(QByteArray("data").toBase64()) } });
    }
    o[u"attachments"_s] = list;
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QStringList filesIn(const QString& dir)
{
    QStringList names = QDir(dir).entryList(QDir::Files | QDir::Hidden);
    names.sort();
    return names;
}

} // namespace

class TestHostileStore final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void hostile06_postmarkCredentialNotStored();
    void hostile06_credentialRedactionShapes_data();
    void hostile06_credentialRedactionShapes();
    void hostile06_exportRedactsAuthByDefault_data();
    void hostile06_exportRedactsAuthByDefault();
    void hostile06_exportFileIs0600();
    void hostile11_defaultSecretWithoutConfig();
    void hostile11_replayNonUtf8Target();
    void hostile11_corruptStoreSaysSo();
    void hostile11_sanitizerRtlC1Nul_data();
    void hostile11_sanitizerRtlC1Nul();
    void hostile11_bodilessKeyIncludesMethodAndPath();
    void hostile04_hostMissingOrDuplicate400_data();
    void hostile04_hostMissingOrDuplicate400();

private:
    std::unique_ptr<ServeProcess> m_names; ///< one listener for every row of the sanitizer's table
};

void TestHostileStore::initTestCase()
{
    // Files are created as this umask allows unless the code says otherwise: 0644 here, so a file that comes out
    // 0600 was made so on purpose.
    ::umask(022);
}

void TestHostileStore::hostile06_postmarkCredentialNotStored()
{
    const QByteArray secret = "hookuser:pa55-Secret-zq8";
    const QByteArray wrong = "hookuser:wrong-Pass-77k";
    const QByteArray good = "Basic " + secret.toBase64();
    const QByteArray bad = "Basic " + wrong.toBase64();
    ServeProcess serve;
    QVERIFY2(serve.start({ u"--scheme"_s, u"postmark"_s, u"--secret"_s, QString::fromLatin1(secret), u"--max-body"_s,
                             u"4096"_s },
                 false),
        serve.log().constData());

    QCOMPARE(send(serve.url(), sampleEvent(u"evt_pm_ok"_s), { { "Authorization", good } }).status, 200);
    QCOMPARE(send(serve.url(), sampleEvent(u"evt_pm_bad"_s), { { "Authorization", bad } }).status, 401);
    // A request the listener refuses (413 from its Content-Length) is recorded with its head: redacted too.
    const QByteArray refused = "POST /webhooks/email HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + good
        + "\r\nContent-Length: 100000\r\n\r\n";
    QCOMPARE(statusOf(rawExchange(serve.httpPort(), refused)), 413);

    const QJsonObject ok = eventByProviderId(serve, u"evt_pm_ok"_s);
    const QJsonObject failed = eventByProviderId(serve, u"evt_pm_bad"_s);
    QVERIFY(!ok.isEmpty());
    QVERIFY(!failed.isEmpty());
    // The verdicts are kept.
    QCOMPARE(ok[u"status"_s].toString(), u"verified"_s);
    QCOMPARE(failed[u"status"_s].toString(), u"failed"_s);
    QCOMPARE(listEvents(serve).size(), 3);

    const QList<QByteArray> clear { secret, wrong, secret.toBase64(), wrong.toBase64(), "pa55-Secret", "wrong-Pass" };
    QHash<QString, QByteArray> hmacs; // by event id
    for (const auto& e : listEvents(serve)) {
        const QByteArray raw = serve.cli({ u"show"_s, idOf(e), u"--raw"_s }).out;
        QVERIFY2(raw.contains("\r\nAuthorization: Basic ***\r\n"), raw.constData());
        const QByteArray json = serve.cli({ u"show"_s, idOf(e), u"--json"_s }).out;
        const QByteArray text = serve.cli({ u"show"_s, idOf(e) }).out;
        const QByteArray kept
            = serve.cli({ u"export"_s, idOf(e), u"--format"_s, u"raw"_s, u"--keep-auth"_s, u"--out"_s, u"-"_s }).out;
        QVERIFY2(kept.contains("\r\nAuthorization: Basic ***\r\n"), kept.constData());
        for (const QByteArray& c : clear) {
            QVERIFY2(!raw.contains(c), raw.constData());
            QVERIFY2(!json.contains(c), json.constData());
            QVERIFY2(!text.contains(c), text.constData());
            QVERIFY2(!kept.contains(c), kept.constData());
        }
        const QJsonObject verdict
            = QJsonDocument::fromJson(json).object()[u"deliveryList"_s][0][u"verdict"_s].toObject();
        hmacs.insert(idOf(e), verdict[u"credentialHmac"_s].toString().toLatin1());
    }
    // A keyed hash tells the two credentials apart, and knows the same credentials again (the refused request's).
    QCOMPARE(hmacs.size(), 3);
    for (const QByteArray& h : std::as_const(hmacs))
        QVERIFY2(h.size() == 64, h.constData());
    const QByteArray okHmac = hmacs.take(idOf(ok));
    const QByteArray badHmac = hmacs.take(idOf(failed));
    QVERIFY(okHmac != badHmac);
    QCOMPARE(hmacs.values(), QByteArrayList { okHmac });

    // Release re-verifies against the keyed hash: the right credentials for the good one, not for the bad one.
    QCOMPARE(serve.cli({ u"quarantine"_s, idOf(ok), u"--reason"_s, u"manual"_s }).exitCode, 0);
    CliResult r = serve.cli({ u"release"_s, idOf(ok), u"--secret"_s, QString::fromLatin1(secret), u"--json"_s });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json()[u"recheck"_s][u"verification"_s].toString(), u"valid"_s);
    QVERIFY(failed[u"quarantined"_s].isString()); // auto-quarantined: invalid-signature
    r = serve.cli({ u"release"_s, idOf(failed), u"--secret"_s, QString::fromLatin1(secret), u"--json"_s });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json()[u"recheck"_s][u"verification"_s].toString(), u"invalid-signature"_s);
    QCOMPARE(r.json()[u"recheck"_s][u"reason"_s].toString(), u"wrong-credentials"_s);
    // Without the store's credential key it says it cannot re-verify, rather than guessing.
    QVERIFY(QFile::remove(serve.dbPath() + u".credential-key"_s));
    QCOMPARE(serve.cli({ u"quarantine"_s, idOf(ok), u"--reason"_s, u"manual"_s }).exitCode, 0);
    r = serve.cli({ u"release"_s, idOf(ok), u"--secret"_s, QString::fromLatin1(secret), u"--json"_s });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json()[u"recheck"_s][u"verified"_s].toBool(), false);
    QVERIFY2(r.json()[u"recheck"_s][u"note"_s].toString().contains(u"cannot re-verify"_s), r.out.constData());

    // Nothing on disk has them either: the store, its write-ahead log, anything else in the home folder.
    serve.stop();
    QDirIterator it(serve.home(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    int files = 0;
    while (it.hasNext()) {
        const QString path = it.next();
        const QByteArray bytes = readAll(path);
        ++files;
        for (const QByteArray& c : clear)
            QVERIFY2(!bytes.contains(c), qPrintable(path + u" holds "_s + QString::fromLatin1(c)));
    }
    QVERIFY(files > 0);
}

void TestHostileStore::hostile06_credentialRedactionShapes_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QByteArray>("expected");
    const QByteArray line = "POST /p HTTP/1.1\r\n";
    QTest::addRow("basic") << line + "Host: h\r\nAuthorization: Basic dXNlcjpwYXNz\r\nX-A: b\r\n\r\n"
                           << line + "Host: h\r\nAuthorization: Basic ***\r\nX-A: b\r\n\r\n";
    QTest::addRow("any case, no space, twice")
        << line + "authorization:Basic dXNlcjpwYXNz\r\nAUTHORIZATION: Basic b3RoZXI6cHc=\r\n\r\n"
        << line + "authorization: Basic ***\r\nAUTHORIZATION: Basic ***\r\n\r\n";
    QTest::addRow("no auth scheme") << line + "Authorization: dXNlcjpwYXNz\r\n\r\n"
                                    << line + "Authorization: ***\r\n\r\n";
    QTest::addRow("folded continuation") << line + "Authorization: Basic\r\n dXNlcjpwYXNz\r\nX-A: b\r\n\r\n"
                                         << line + "Authorization: Basic ***\r\nX-A: b\r\n\r\n";
    QTest::addRow("head cut in the value")
        << line + "Host: h\r\nAuthorization: Basic dXNlcjpw" << line + "Host: h\r\nAuthorization: Basic ***";
    QTest::addRow("bare LF") << line + "Authorization: Basic dXNlcjpwYXNz\n\n" << line + "Authorization: Basic ***\n\n";
    QTest::addRow("a request line is not a field")
        << QByteArray("Authorization: x HTTP/1.1\r\n\r\n") << QByteArray("Authorization: x HTTP/1.1\r\n\r\n");
}

void TestHostileStore::hostile06_credentialRedactionShapes()
{
    QFETCH(QByteArray, head);
    QFETCH(QByteArray, expected);
    QCOMPARE(ingest::redactHeadFields(head, { "Authorization" }), expected);
}

void TestHostileStore::hostile06_exportRedactsAuthByDefault_data()
{
    QTest::addColumn<QString>("format");
    for (const QString& f : { u"json"_s, u"raw"_s, u"curl"_s, u"har"_s })
        QTest::addRow("%s", qPrintable(f)) << f;
}

void TestHostileStore::hostile06_exportRedactsAuthByDefault()
{
    QFETCH(QString, format);
    const QList<QByteArray> credentials { "tok-Alpha-1x", "cHJveHk6cHc9Zz", "cookie-Beta-2y" };
    ServeProcess serve;
    QVERIFY2(serve.start({}, false), serve.log().constData());
    QCOMPARE(
        send(serve.url(), sampleEvent(u"evt_auth"_s),
            { { "Authorization", "Bearer " + credentials.at(0) },
                { "Proxy-Authorization", "Basic " + credentials.at(1) }, { "Cookie", "sid=" + credentials.at(2) } })
            .status,
        200);
    // Captured as they arrived (this route's scheme does not check them).
    const QByteArray raw = serve.cli({ u"show"_s, u"1"_s, u"--raw"_s }).out;
    for (const QByteArray& c : credentials)
        QVERIFY2(raw.contains(c), raw.constData());

    const QDir out(serve.home());
    auto exported = [&](const QStringList& flags, const QString& name) {
        const QString file = out.filePath(name);
        const CliResult r
            = serve.cli(QStringList { u"export"_s, u"1"_s, u"--format"_s, format, u"--out"_s, file } + flags);
        if (r.exitCode != 0)
            return QByteArray("exit " + QByteArray::number(r.exitCode) + ": " + r.err);
        return readAll(file);
    };
    // What a reader of the file can see: JSON also carries each delivery's exact bytes as base64.
    auto visible = [&](const QByteArray& file) {
        QByteArray all = file;
        if (format == u"json"_s) {
            for (const auto& d : QJsonDocument::fromJson(file).object()[u"deliveries"_s].toArray())
                all += '\n' + QByteArray::fromBase64(d[u"rawBase64"_s].toString().toLatin1());
        }
        return all;
    };
    const QByteArray byDefault = visible(exported({}, u"default"_s));
    const QByteArray asBefore = visible(exported({ u"--redact-auth"_s }, u"redact"_s));
    const QByteArray kept = visible(exported({ u"--keep-auth"_s }, u"kept"_s));
    QVERIFY2(byDefault.contains("[redacted]"), byDefault.constData());
    if (format == u"json"_s || format == u"raw"_s)
        QVERIFY2(byDefault.contains("\r\nCookie: [redacted]\r\n"), byDefault.constData());
    QCOMPARE(asBefore, byDefault);
    for (const QByteArray& c : credentials) {
        QVERIFY2(!byDefault.contains(c), byDefault.constData());
        // cURL leaves out hop-by-hop fields, Proxy-Authorization among them, redacted or not.
        if (format != u"curl"_s || c != credentials.at(1))
            QVERIFY2(kept.contains(c), kept.constData());
    }
    QVERIFY(!kept.contains("[redacted]"));
    QCOMPARE(serve
                 .cli({ u"export"_s, u"1"_s, u"--format"_s, format, u"--out"_s, out.filePath(u"both"_s),
                     u"--keep-auth"_s, u"--redact-auth"_s })
                 .exitCode,
        2);
}

void TestHostileStore::hostile06_exportFileIs0600()
{
    ServeProcess serve;
    QVERIFY2(serve.start({}, false), serve.log().constData());
    QCOMPARE(send(serve.url(), eventWithAttachments(u"evt_mode"_s, { u"a.bin"_s })).status, 200);
    QCOMPARE(send(serve.url(), sampleEvent(u"evt_mode_2"_s)).status, 200);

    const QDir out(serve.home() + u"/out"_s);
    QVERIFY(out.mkpath(u"."_s));
    // An existing, wider file is replaced by an owner-only one.
    const QString existing = out.filePath(u"existing.json"_s);
    QFile f(existing);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("old");
    f.close();
    QCOMPARE(modeOf(existing), 0644);

    QStringList written;
    for (const QString& format : { u"json"_s, u"eml"_s, u"har"_s, u"curl"_s, u"raw"_s }) {
        const QString file = out.filePath(u"one."_s + format);
        const CliResult r = serve.cli({ u"export"_s, u"1"_s, u"--format"_s, format, u"--out"_s, file });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        written << file;
    }
    CliResult r = serve.cli({ u"export"_s, u"1"_s, u"--format"_s, u"json"_s, u"--out"_s, existing });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    written << existing;
    // Several events into a folder, and the attachments beside them.
    r = serve.cli({ u"export"_s, u"--all"_s, u"--format"_s, u"json"_s, u"--out"_s, out.filePath(u"all"_s),
        u"--attachments"_s, out.filePath(u"files"_s) });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    for (const QString& name : filesIn(out.filePath(u"all"_s)))
        written << out.filePath(u"all/"_s + name);
    QDirIterator files(out.filePath(u"files"_s), QDir::Files, QDirIterator::Subdirectories);
    int attachments = 0;
    while (files.hasNext()) {
        written << files.next();
        ++attachments;
    }
    QCOMPARE(attachments, 1);
    QCOMPARE(written.size(), 5 + 1 + 2 + 1);
    for (const QString& file : written)
        QVERIFY2(modeOf(file) == 0600, qPrintable(u"%1 is %2"_s.arg(file).arg(modeOf(file), 0, 8)));
}

void TestHostileStore::hostile11_defaultSecretWithoutConfig()
{
    const QByteArray secret = "stored-default-Secret-41";
    ServeProcess serve;
    // Stored for the default route; no configuration file anywhere in this home.
    const CliResult set = runCli({ u"secret"_s, u"set"_s, u"default"_s }, serve.env(), secret);
    QVERIFY2(set.exitCode == 0, set.err.constData());
    QDirIterator configs(serve.home(), { u"*.json"_s }, QDir::Files, QDirIterator::Subdirectories);
    while (configs.hasNext()) {
        const QString path = configs.next();
        QVERIFY2(!readAll(path).contains("\"routes\""), qPrintable(path));
    }
    QVERIFY2(serve.start({}, false), serve.log().constData());
    QVERIFY2(!serve.log().contains("no secret set"), serve.log().constData());

    QCOMPARE(sendSigned(serve.url(), sampleEvent(u"evt_stored_ok"_s), secret).status, 200);
    QCOMPARE(sendSigned(serve.url(), sampleEvent(u"evt_stored_bad"_s), "another-secret").status, 401);
    QCOMPARE(eventByProviderId(serve, u"evt_stored_ok"_s)[u"status"_s].toString(), u"verified"_s);
    QCOMPARE(eventByProviderId(serve, u"evt_stored_bad"_s)[u"status"_s].toString(), u"failed"_s);
}

void TestHostileStore::hostile11_replayNonUtf8Target()
{
    ServeProcess from, to;
    QVERIFY2(from.start({}, false), from.log().constData());
    QVERIFY2(to.start({}, false), to.log().constData());
    // Latin-1 and lone continuation bytes in the path and the query, a percent escape kept as it is.
    const QByteArray target = "/webhooks/in\xff\xfe%41-\xe9t\xe9?q=\x80\xc3&r=%zz";
    const QByteArray request = "POST " + target
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
    QCOMPARE(statusOf(rawExchange(from.httpPort(), request)), 200);
    QVERIFY(from.cli({ u"show"_s, u"1"_s, u"--raw"_s }).out.startsWith(QByteArray("POST " + target + " HTTP/1.1\r\n")));

    // Replayed to a URL without a path of its own: the captured target goes as it arrived.
    const CliResult r = from.cli({ u"replay"_s, u"1"_s, u"--to"_s, u"http://127.0.0.1:%1"_s.arg(to.httpPort()) });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QByteArray replayed = to.cli({ u"show"_s, u"1"_s, u"--raw"_s }).out;
    const QByteArray line = replayed.left(replayed.indexOf("\r\n"));
    QCOMPARE(line, QByteArray("POST " + target + " HTTP/1.1"));
}

void TestHostileStore::hostile11_corruptStoreSaysSo()
{
    ServeProcess serve;
    QVERIFY2(serve.start({}, false), serve.log().constData());
    for (int i = 0; i < 12; ++i) {
        const QByteArray body = eventWithAttachments(u"evt_page_%1"_s.arg(i), { u"a.bin"_s })
            + QByteArray(3000, ' '); // several pages of deliveries
        QCOMPARE(send(serve.url(), body).status, 200);
    }
    QCOMPARE(serve.cli({ u"list"_s }).exitCode, 0);
    serve.stop();

    // Damage one page of the deliveries table, which `list` itself never reads.
    qint64 pageSize = 0;
    qint64 rootPage = 0;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"inspect"_s);
        db.setDatabaseName(serve.dbPath());
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s));
        QVERIFY(q.exec(u"PRAGMA page_size"_s) && q.next());
        pageSize = q.value(0).toLongLong();
        QVERIFY(q.exec(u"SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'deliveries'"_s));
        QVERIFY(q.next());
        rootPage = q.value(0).toLongLong();
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(u"inspect"_s);
    QVERIFY(pageSize > 0 && rootPage > 1);
    {
        QFile f(serve.dbPath());
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.seek((rootPage - 1) * pageSize));
        f.write(QByteArray(int(pageSize), '\xab'));
    }
    const QByteArray damaged = readAll(serve.dbPath());

    // Every command that opens the store says so, and exits 2 (bad input) without writing to it.
    CliResult r = serve.cli({ u"list"_s, u"--json"_s });
    QVERIFY2(r.exitCode == 2, r.out.left(200).constData());
    QVERIFY2(r.err.contains("is damaged") && r.err.contains("quick_check"), r.err.constData());
    QVERIFY2(r.err.contains(".recover"), r.err.constData());
    r = runCli(
        { u"serve"_s, u"--db"_s, serve.dbPath(), u"--http"_s, QString::number(freePort()), u"--https"_s, u"0"_s },
        serve.env());
    QVERIFY2(r.exitCode == 2, r.out.constData());
    QVERIFY2(r.err.contains("is damaged"), r.err.constData());
    QVERIFY(!r.out.contains("listening"));
    QCOMPARE(readAll(serve.dbPath()), damaged);
}

void TestHostileStore::hostile11_sanitizerRtlC1Nul_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QByteArray>("rfc2231"); ///< the same name as an RFC 2231 parameter of a raw MIME attachment
    QTest::addRow("right-to-left override")
        << u"photo\u202Egpj.exe"_s << u"photo_gpj.exe"_s << QByteArray("photo%E2%80%AEgpj.exe");
    QTest::addRow("other bidi controls") << u"a\u202Ab\u2066c\u200Fd.txt"_s << u"a_b_c_d.txt"_s << QByteArray();
    QTest::addRow("C1 controls") << u"a\u0085b\u009Bc\u0080.txt"_s << u"a_b_c_.txt"_s << QByteArray();
    QTest::addRow("NUL is replaced, not an end")
        << QString(u"evil.pdf"_s + QChar(0) + u".exe"_s) << u"evil.pdf_.exe"_s << QByteArray("evil.pdf%00.exe");
    QTest::addRow("zero width") << u"in\u200Bvoice\uFEFF.pdf"_s << u"in_voice_.pdf"_s << QByteArray();
    QTest::addRow("line separators") << u"a\u2028b\u2029c"_s << u"a_b_c"_s << QByteArray();
    QTest::addRow("C0 and DEL") << u"a\nb\u007F.txt"_s << u"a_b_.txt"_s << QByteArray();
    QTest::addRow("path") << u"../../etc/passwd"_s << u"_._etc_passwd"_s << QByteArray();
    QTest::addRow("unicode kept") << u"résumé 履歴書 😀.pdf"_s << u"résumé 履歴書 😀.pdf"_s << QByteArray();
}

void TestHostileStore::hostile11_sanitizerRtlC1Nul()
{
    QFETCH(QString, name);
    QFETCH(QString, expected);
    QFETCH(QByteArray, rfc2231);
    QCOMPARE(sanitizeFileName(name), expected);

    // The command line writes attachments under the same names (the window's pane calls the same function).
    if (!m_names) {
        m_names = std::make_unique<ServeProcess>();
        QVERIFY2(m_names->start({}, false), m_names->log().constData());
    }
    const QString row = QString::fromLatin1(QTest::currentDataTag());
    const QString eventId = u"evt_names_"_s + QString::number(qHash(row));
    QCOMPARE(send(m_names->url(), eventWithAttachments(eventId, { name })).status, 200);
    const QString dir = m_names->home() + u"/attachments-"_s + QString::number(qHash(row));
    const CliResult r = m_names->cli({ u"export"_s, idOf(eventByProviderId(*m_names, eventId)), u"--format"_s,
        u"json"_s, u"--out"_s, dir + u".json"_s, u"--attachments"_s, dir });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(filesIn(dir), QStringList { expected });
    if (rfc2231.isEmpty())
        return;

    // The same name in a raw email (message/rfc822): read in full (a MIME library's C string would end at %00).
    const QByteArray mime = QByteArray("From: a@example.com\r\nTo: b@example.com\r\nSubject: names\r\nMessage-ID: <")
        + QByteArray(QTest::currentDataTag()).replace(' ', '-')
        + "@names>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
        + "--B\r\nContent-Type: text/plain\r\n\r\nhi\r\n--B\r\nContent-Type: application/octet-stream\r\n"
        + "Content-Disposition: attachment; filename*=utf-8''" + rfc2231
        + "\r\nContent-Transfer-Encoding: base64\r\n\r\nZGF0YQ==\r\n--B--\r\n";
    QCOMPARE(send(m_names->url(), mime, { { "Content-Type", "message/rfc822" } }).status, 200);
    const QString mimeDir = dir + u"-mime"_s;
    const QJsonArray events = listEvents(*m_names);
    const CliResult fromMime = m_names->cli({ u"export"_s, idOf(events.first()), u"--format"_s, u"json"_s, u"--out"_s,
        mimeDir + u".json"_s, u"--attachments"_s, mimeDir });
    QVERIFY2(fromMime.exitCode == 0, fromMime.err.constData());
    QCOMPARE(filesIn(mimeDir), QStringList { expected });
}

void TestHostileStore::hostile11_bodilessKeyIncludesMethodAndPath()
{
    auto key = [](const QByteArray& method, const QByteArray& target, const QByteArray& body = {}) {
        http::Delivery d;
        d.method = method;
        d.target = target;
        d.body = body;
        return ingest::idempotencyKey(d, {}, nullptr);
    };
    QVERIFY(key("GET", "/a").key != key("GET", "/b").key);
    QVERIFY(key("GET", "/a").key != key("DELETE", "/a").key);
    QVERIFY(key("GET", "/a?x=1").key != key("GET", "/a?x=2").key);
    QCOMPARE(key("GET", "/a").key, key("GET", "/a").key);
    QCOMPARE(key("GET", "/a").source, u"request"_s);
    // Requests with a body keep the key they always had, whatever their method and path.
    QCOMPARE(key("POST", "/a", "hello").key, QString::fromLatin1(crypto::sha256Hex("hello")));
    QCOMPARE(key("PUT", "/b", "hello").key, key("POST", "/a", "hello").key);
    QCOMPARE(key("POST", "/a", "hello").source, u"sha256"_s);

    ServeProcess serve;
    QVERIFY2(serve.start({}, false), serve.log().constData());
    QCOMPARE(send(serve.url(u"/hooks/a"_s), {}, {}, "GET").status, 200);
    QCOMPARE(send(serve.url(u"/hooks/b"_s), {}, {}, "GET").status, 200);
    QCOMPARE(send(serve.url(u"/hooks/a"_s), {}, {}, "DELETE").status, 200);
    QCOMPARE(send(serve.url(u"/hooks/a"_s), {}, {}, "GET").status, 200); // a retry of the first
    const QJsonArray events = listEvents(serve);
    QCOMPARE(events.size(), 3);
    int deliveries = 0;
    for (const auto& e : events)
        deliveries += e[u"deliveries"_s].toInt();
    QCOMPARE(deliveries, 4);
    const QJsonObject first = eventByRequest(serve, u"GET"_s, u"/hooks/a"_s);
    QVERIFY(!first.isEmpty());
    QCOMPARE(first[u"deliveries"_s].toInt(), 2);
}

void TestHostileStore::hostile04_hostMissingOrDuplicate400_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<int>("status");
    QTest::addRow("HTTP/1.1 without Host") << QByteArray("POST /h/none HTTP/1.1\r\n") << 400;
    QTest::addRow("HTTP/1.1 with two Host")
        << QByteArray("POST /h/two HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\n") << 400;
    QTest::addRow("HTTP/1.1 with two Host, other case")
        << QByteArray("POST /h/case HTTP/1.1\r\nHost: 127.0.0.1\r\nhOST: 127.0.0.1\r\n") << 400;
    QTest::addRow("HTTP/1.1 with one Host") << QByteArray("POST /h/one HTTP/1.1\r\nHost: 127.0.0.1\r\n") << 200;
    QTest::addRow("HTTP/1.1 with an empty Host") << QByteArray("POST /h/empty HTTP/1.1\r\nHost:\r\n") << 200;
    QTest::addRow("HTTP/1.0 without Host") << QByteArray("POST /h/old HTTP/1.0\r\n") << 200;
}

void TestHostileStore::hostile04_hostMissingOrDuplicate400()
{
    QFETCH(QByteArray, head);
    QFETCH(int, status);
    ServeProcess serve;
    QVERIFY2(serve.start({}, false), serve.log().constData());
    const QByteArray request = head + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
    const QByteArray answer = rawExchange(serve.httpPort(), request);
    QCOMPARE(statusOf(answer), status);
    if (status == 400)
        QVERIFY2(answer.contains("Host"), answer.constData());

    // Recorded either way, exactly as it arrived; a refusal flagged as such.
    const QJsonArray events = listEvents(serve);
    QCOMPARE(events.size(), 1);
    const QStringList flags = events.first()[u"flags"_s].toVariant().toStringList();
    QCOMPARE(flags.contains(u"refused-400"_s), status == 400);
    QCOMPARE(serve.cli({ u"show"_s, idOf(events.first()), u"--raw"_s }).out, request);
}

QTEST_GUILESS_MAIN(TestHostileStore)
#include "tst_hostile_store.moc"
