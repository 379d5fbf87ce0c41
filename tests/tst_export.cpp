#include "testsupport.h"

#include "core/export/mimeconvert.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

const QByteArray kSecret = "configured-secret-9f8e7d";

QByteArray eventWithAttachment()
{
    QJsonObject o = QJsonDocument::fromJson(test::sampleEvent(u"evt_export"_s, u"Invoice attached"_s)).object();
    o[u"attachments"_s] = QJsonArray { QJsonObject { { u"filename"_s, u"../../etc/evil:name?.pdf"_s },
        { u"contentType"_s, u"application/pdf"_s }, { u"size"_s, 6 }, { u"contentId"_s, QJsonValue() },
        { u"dataBase64"_s, QString::fromLatin1(QByteArray("%PDF\0\x01", 6).toBase64()) } } };
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestExport final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void harParsesBackAndMatchesCapture();
    void harImportReproducesExactBytes();
    void emlRoundTrip();
    void curlCommandReproducesBody_data();
    void curlCommandReproducesBody();
    void rawJsonAndRedaction();
    void attachmentsAreSanitized();
    void severalEventsToFolder();
    void emlImportShowsInList();
    void browserHarImport();
    void errors_data();
    void errors();

private:
    test::ServeProcess m_serve;
    QTemporaryDir m_out;
    QByteArray m_body;
};

void TestExport::initTestCase()
{
    QVERIFY2(m_serve.start({ u"--secret"_s, QString::fromLatin1(kSecret) }, false), m_serve.log().constData());
    m_body = eventWithAttachment();
    const qint64 ts = QDateTime::currentMSecsSinceEpoch();
    const auto r = test::send(m_serve.url(u"/webhooks/email?a=1&b=two"_s), m_body,
        { { "Authorization", "Bearer captured-token" }, { "X-Webhook-Timestamp", QByteArray::number(ts) },
            { "X-Webhook-Signature", test::signMailparse(kSecret, ts, m_body) } });
    QCOMPARE(r.status, 200);
}

void TestExport::harParsesBackAndMatchesCapture()
{
    const QString file = m_out.filePath(u"one.har"_s);
    const auto r = m_serve.cli({ u"export"_s, u"1"_s, u"--format"_s, u"har"_s, u"--keep-auth"_s, u"--out"_s, file });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject log = QJsonDocument::fromJson(readAll(file)).object()[u"log"_s].toObject();
    QCOMPARE(log[u"version"_s].toString(), u"1.2"_s);
    QCOMPARE(log[u"creator"_s][u"name"_s].toString(), u"Hookscope"_s);
    QVERIFY(!log[u"creator"_s][u"version"_s].toString().isEmpty());
    const QJsonArray entries = log[u"entries"_s].toArray();
    QCOMPARE(entries.size(), 1);
    const QJsonObject entry = entries.first().toObject();
    QVERIFY(QDateTime::fromString(entry[u"startedDateTime"_s].toString(), Qt::ISODateWithMs).isValid());
    QVERIFY(entry[u"time"_s].isDouble());
    for (const char* t : { "send", "wait", "receive" })
        QVERIFY(entry[u"timings"_s][QLatin1StringView(t)].isDouble());
    QVERIFY(entry[u"cache"_s].isObject());

    // The request, compared with what `show --raw` says was captured.
    const QByteArray raw = m_serve.cli({ u"show"_s, u"1"_s, u"--raw"_s }).out;
    const QByteArray head = raw.left(raw.indexOf("\r\n\r\n"));
    const QList<QByteArray> lines = head.split('\n');
    const QJsonObject request = entry[u"request"_s].toObject();
    QCOMPARE(request[u"method"_s].toString(), u"POST"_s);
    QCOMPARE(request[u"url"_s].toString(), m_serve.url(u"/webhooks/email?a=1&b=two"_s));
    QCOMPARE(request[u"httpVersion"_s].toString(), u"HTTP/1.1"_s);
    const QJsonArray headers = request[u"headers"_s].toArray();
    QCOMPARE(headers.size(), lines.size() - 1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const QJsonObject h = headers.at(i - 1).toObject();
        QCOMPARE(h[u"name"_s].toString().toLatin1() + ": " + h[u"value"_s].toString().toUtf8(), line);
    }
    QCOMPARE(request[u"queryString"_s].toArray().size(), 2);
    QCOMPARE(request[u"postData"_s][u"text"_s].toString().toUtf8(), m_body);
    QCOMPARE(request[u"postData"_s][u"mimeType"_s].toString(), u"application/json"_s);
    QCOMPARE(request[u"bodySize"_s].toInt(), m_body.size());
    QCOMPARE(request[u"headersSize"_s].toInt(), head.size() + 4);
    const QJsonObject response = entry[u"response"_s].toObject();
    QCOMPARE(response[u"status"_s].toInt(), 200);
    QVERIFY(response[u"content"_s][u"text"_s].toString().contains(u"ok"_s));
    QVERIFY(response[u"headers"_s].isArray());
}

void TestExport::harImportReproducesExactBytes()
{
    const QString file = m_out.filePath(u"import.har"_s);
    QCOMPARE(
        m_serve.cli({ u"export"_s, u"1"_s, u"--format"_s, u"har"_s, u"--keep-auth"_s, u"--out"_s, file }).exitCode, 0);
    QTemporaryDir other;
    const auto env = test::isolatedEnvironment(other.path());
    const QString db = other.filePath(u"imported.db"_s);
    const auto r = test::runCli({ u"import"_s, u"--db"_s, db, file }, env);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto list = test::runCli({ u"list"_s, u"--json"_s, u"--db"_s, db }, env).json().array();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.first()[u"eventId"_s].toString(), u"evt_export"_s);
    QCOMPARE(list.first()[u"route"_s].toString(), u"imported"_s);
    QCOMPARE(list.first()[u"subject"_s].toString(), u"Invoice attached"_s);
    QCOMPARE(test::runCli({ u"show"_s, u"1"_s, u"--raw"_s, u"--db"_s, db }, env).out,
        m_serve.cli({ u"show"_s, u"1"_s, u"--raw"_s }).out);
}

void TestExport::emlRoundTrip()
{
    const QString file = m_out.filePath(u"one.eml"_s);
    const auto r = m_serve.cli({ u"export"_s, u"1"_s, u"--format"_s, u"eml"_s, u"--out"_s, file });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QByteArray mime = readAll(file);
    QVERIFY(mime.contains("Subject: Invoice attached"));
    auto parsed = exporting::eventJsonFromMime(mime);
    QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error()));
    const QJsonObject original = QJsonDocument::fromJson(m_body).object();
    QCOMPARE((*parsed)[u"subject"_s], original[u"subject"_s]);
    QCOMPARE((*parsed)[u"messageId"_s], original[u"messageId"_s]);
    QCOMPARE((*parsed)[u"from"_s][u"address"_s], original[u"from"_s][u"address"_s]);
    QCOMPARE((*parsed)[u"from"_s][u"name"_s], original[u"from"_s][u"name"_s]);
    QCOMPARE((*parsed)[u"to"_s][0][u"address"_s], original[u"to"_s][0][u"address"_s]);
    QCOMPARE((*parsed)[u"text"_s].toString().trimmed(), original[u"text"_s].toString());
    QCOMPARE((*parsed)[u"html"_s].toString().trimmed(), original[u"html"_s].toString());
    QCOMPARE((*parsed)[u"attachments"_s].toArray().size(), 1);
    QCOMPARE((*parsed)[u"attachments"_s][0][u"dataBase64"_s], original[u"attachments"_s][0][u"dataBase64"_s]);
    QCOMPARE((*parsed)[u"attachments"_s][0][u"filename"_s], original[u"attachments"_s][0][u"filename"_s]);

    // And through `hookscope parse`, the command line's own MIME reader.
    const auto p = m_serve.cli({ u"parse"_s, file });
    QVERIFY2(p.exitCode == 0, p.err.constData());
    QCOMPARE(p.json()[u"subject"_s], original[u"subject"_s]);
    QCOMPARE(p.json()[u"messageId"_s], original[u"messageId"_s]);
    QCOMPARE(p.json()[u"text"_s].toString().trimmed(), original[u"text"_s].toString());
    QCOMPARE(p.json()[u"attachments"_s][0][u"dataBase64"_s], original[u"attachments"_s][0][u"dataBase64"_s]);
    QCOMPARE(p.json()[u"attachments"_s][0][u"filename"_s], original[u"attachments"_s][0][u"filename"_s]);
}

void TestExport::curlCommandReproducesBody_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addRow("json with quotes") << QByteArray(R"({"id":"evt_curl_1","subject":"it's \"quoted\" $HOME `x`"})")
                                      << QByteArray("application/json");
    QTest::addRow("multi-line text") << QByteArray("{\"id\":\"evt_curl_2\",\n \"t\": \"a\\\\b\"\n}\n")
                                     << QByteArray("application/json");
    QTest::addRow("binary with NUL") << QByteArray("\x00\x01\xff\xfe' \"$\n\r\x7f", 11)
                                     << QByteArray("application/octet-stream");
    QTest::addRow("latin-1 bytes") << QByteArray("caf\xe9 \\x41 '") << QByteArray("text/plain");
}

void TestExport::curlCommandReproducesBody()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    test::ServeProcess serve;
    QVERIFY2(serve.start({}, false), serve.log().constData()); // no secret: everything is accepted
    QCOMPARE(test::send(serve.url(u"/curl?q=1"_s), body, { { "Content-Type", contentType }, { "X-Case", "Keep'Me" } })
                 .status,
        200);
    const QString script
        = m_out.filePath(u"curl-%1.sh"_s.arg(QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'_')));
    QCOMPARE(serve.cli({ u"export"_s, u"1"_s, u"--format"_s, u"curl"_s, u"--out"_s, script }).exitCode, 0);
    const QByteArray text = readAll(script);
    QVERIFY(text.startsWith("#!/usr/bin/env bash\n"));
    QProcess bash;
    bash.start(u"bash"_s, { script });
    QVERIFY(bash.waitForFinished(test::kWaitMs));
    QVERIFY2(bash.exitCode() == 0, bash.readAllStandardError().constData());
    // The same request arrived again: a second delivery of the same event, byte-identical body and headers.
    const QJsonArray list = serve.cli({ u"list"_s, u"--json"_s }).json().array();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.first()[u"deliveries"_s].toInt(), 2);
    QCOMPARE(serve.cli({ u"show"_s, u"1"_s, u"--body"_s, u"--delivery"_s, u"2"_s }).out, body);
    const QByteArray first = serve.cli({ u"show"_s, u"1"_s, u"--raw"_s }).out;
    const QByteArray second = serve.cli({ u"show"_s, u"1"_s, u"--raw"_s, u"--delivery"_s, u"2"_s }).out;
    QCOMPARE(second.left(second.indexOf("\r\n")), first.left(first.indexOf("\r\n")));
    QVERIFY(second.contains("\r\nX-Case: Keep'Me\r\n"));
    QVERIFY(second.contains(QByteArray("\r\nContent-Type: " + contentType + "\r\n")));
    QVERIFY(!second.contains("User-Agent: curl"));
}

void TestExport::rawJsonAndRedaction()
{
    const QString raw = m_out.filePath(u"one.http"_s);
    QCOMPARE(
        m_serve.cli({ u"export"_s, u"1"_s, u"--format"_s, u"raw"_s, u"--keep-auth"_s, u"--out"_s, raw }).exitCode, 0);
    const QByteArray captured = m_serve.cli({ u"show"_s, u"1"_s, u"--raw"_s }).out;
    QCOMPARE(readAll(raw), captured);
    QVERIFY(captured.contains("Bearer captured-token"));

    const QString redacted = m_out.filePath(u"redacted.http"_s);
    QCOMPARE(m_serve.cli({ u"export"_s, u"1"_s, u"--format"_s, u"raw"_s, u"--redact-auth"_s, u"--out"_s, redacted })
                 .exitCode,
        0);
    QByteArray expected = captured;
    expected.replace("Authorization: Bearer captured-token", "Authorization: [redacted]");
    QCOMPARE(readAll(redacted), expected);

    const QString json = m_out.filePath(u"one.json"_s);
    QCOMPARE(
        m_serve.cli({ u"export"_s, u"1"_s, u"--format"_s, u"json"_s, u"--redact-auth"_s, u"--out"_s, json }).exitCode,
        0);
    const QByteArray text = readAll(json);
    QVERIFY(!text.contains("captured-token"));
    QVERIFY(!text.contains(kSecret)); // configured secrets never leave the store's process
    const QJsonObject o = QJsonDocument::fromJson(text).object();
    QCOMPARE(o[u"event"_s][u"eventId"_s].toString(), u"evt_export"_s);
    QCOMPARE(QByteArray::fromBase64(o[u"deliveries"_s][0][u"bodyBase64"_s].toString().toLatin1()), m_body);
    QCOMPARE(o[u"deliveries"_s][0][u"verification"_s].toString(), u"valid"_s);
    QCOMPARE(o[u"payload"_s][u"subject"_s].toString(), u"Invoice attached"_s);

    // Every export is audited.
    const QJsonArray audit = m_serve.cli({ u"audit"_s, u"--json"_s }).json().array();
    int exports = 0;
    for (const auto& e : audit)
        exports += e[u"action"_s].toString() == u"export"_s ? 1 : 0;
    QVERIFY(exports >= 3);
}

void TestExport::attachmentsAreSanitized()
{
    const QString dir = m_out.filePath(u"attachments"_s);
    const auto r = m_serve.cli({ u"export"_s, u"1"_s, u"--format"_s, u"json"_s, u"--out"_s, m_out.filePath(u"a.json"_s),
        u"--attachments"_s, dir });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QStringList files = QDir(dir).entryList(QDir::Files);
    QCOMPARE(files.size(), 1);
    QVERIFY(!files.first().contains(u'/'));
    QVERIFY(!files.first().contains(u':'));
    QVERIFY(!files.first().startsWith(u'.'));
    QVERIFY(files.first().endsWith(u".pdf"_s));
    QCOMPARE(readAll(dir + u'/' + files.first()), QByteArray("%PDF\0\x01", 6));
    QVERIFY(QDir(m_out.path()).entryList({ u"evil*"_s }).isEmpty());
}

void TestExport::severalEventsToFolder()
{
    const QByteArray second = test::sampleEvent(u"evt_export_2"_s);
    QCOMPARE(test::sendSigned(m_serve.url(), second, kSecret).status, 200);
    const QString dir = m_out.filePath(u"many"_s);
    QCOMPARE(m_serve.cli({ u"export"_s, u"1"_s, u"2"_s, u"--format"_s, u"json"_s, u"--out"_s, dir }).exitCode, 0);
    QCOMPARE(QDir(dir).entryList(QDir::Files), (QStringList { u"1.json"_s, u"2.json"_s }));
    const QString har = m_out.filePath(u"all.har"_s);
    QCOMPARE(m_serve.cli({ u"export"_s, u"--all"_s, u"--format"_s, u"har"_s, u"--out"_s, har }).exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(readAll(har)).object()[u"log"_s][u"entries"_s].toArray().size(), 2);
    const QString emls = m_out.filePath(u"emls"_s);
    QCOMPARE(m_serve.cli({ u"export"_s, u"--all"_s, u"--format"_s, u"eml"_s, u"--out"_s, emls }).exitCode, 0);
    QCOMPARE(QDir(emls).entryList(QDir::Files).size(), 2);
}

void TestExport::emlImportShowsInList()
{
    QTemporaryDir other;
    const auto env = test::isolatedEnvironment(other.path());
    const QString db = other.filePath(u"e.db"_s);
    const QString eml = other.filePath(u"in.eml"_s);
    QFile f(eml);
    QVERIFY(f.open(QIODevice::WriteOnly));
    const QByteArray mime
        = "From: a@example.com\r\nTo: b@example.com\r\nSubject: Imported\r\nMessage-ID: <imp@x>\r\n\r\nHi\r\n";
    f.write(mime);
    f.close();
    const auto r = test::runCli({ u"import"_s, u"--db"_s, db, eml }, env);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonArray list = test::runCli({ u"list"_s, u"--json"_s, u"--db"_s, db }, env).json().array();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.first()[u"route"_s].toString(), u"imported"_s);
    QCOMPARE(list.first()[u"messageId"_s].toString(), u"<imp@x>"_s);
    QCOMPARE(test::runCli({ u"show"_s, u"1"_s, u"--body"_s, u"--db"_s, db }, env).out, mime);
    // And it exports back as the very same MIME.
    const QString back = other.filePath(u"back.eml"_s);
    QCOMPARE(
        test::runCli({ u"export"_s, u"1"_s, u"--format"_s, u"eml"_s, u"--out"_s, back, u"--db"_s, db }, env).exitCode,
        0);
    QCOMPARE(readAll(back), mime);
}

void TestExport::browserHarImport()
{
    // A browser's HAR: HTTP/2 pseudo-headers, no Host, a form given only as params, and a replay entry.
    const QJsonObject entry { { u"startedDateTime"_s, u"2026-04-14T12:34:56.789Z"_s }, { u"time"_s, 12 },
        { u"request"_s,
            QJsonObject { { u"method"_s, u"POST"_s }, { u"url"_s, u"https://example.test/hooks/mailgun?x=1"_s },
                { u"httpVersion"_s, u"HTTP/2"_s },
                { u"headers"_s,
                    QJsonArray { QJsonObject { { u"name"_s, u":authority"_s }, { u"value"_s, u"example.test"_s } },
                        QJsonObject { { u"name"_s, u"content-type"_s },
                            { u"value"_s, u"application/x-www-form-urlencoded"_s } } } },
                { u"postData"_s,
                    QJsonObject { { u"mimeType"_s, u"application/x-www-form-urlencoded"_s },
                        { u"params"_s,
                            QJsonArray { QJsonObject { { u"name"_s, u"subject"_s }, { u"value"_s, u"Hi there"_s } },
                                QJsonObject {
                                    { u"name"_s, u"recipient"_s }, { u"value"_s, u"a+b@example.test"_s } } } } } } } },
        { u"response"_s,
            QJsonObject { { u"status"_s, 200 }, { u"content"_s, QJsonObject { { u"text"_s, u"ok"_s } } } } } };
    QJsonObject replayEntry = entry;
    replayEntry[u"_hookscope"_s] = QJsonObject { { u"kind"_s, u"replay"_s } };
    const QByteArray har = QJsonDocument(
        QJsonObject { { u"log"_s,
            QJsonObject { { u"version"_s, u"1.2"_s }, { u"entries"_s, QJsonArray { entry, replayEntry } } } } })
                               .toJson();
    QTemporaryDir other;
    const auto env = test::isolatedEnvironment(other.path());
    const QString db = other.filePath(u"b.db"_s);
    const QString file = other.filePath(u"browser.har"_s);
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(har);
    f.close();
    const auto r = test::runCli({ u"import"_s, u"--db"_s, db, u"--json"_s, file }, env);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json()[0][u"requests"_s].toInt(), 1); // the replay entry is not a capture
    const QByteArray raw = test::runCli({ u"show"_s, u"1"_s, u"--raw"_s, u"--db"_s, db }, env).out;
    QVERIFY2(raw.startsWith("POST /hooks/mailgun?x=1 HTTP/1.1\r\nHost: example.test\r\n"), raw.constData());
    QVERIFY(!raw.contains(":authority"));
    QVERIFY(raw.endsWith("\r\n\r\nsubject=Hi%20there&recipient=a%2Bb%40example.test"));
    const QJsonObject shown = test::runCli({ u"show"_s, u"1"_s, u"--json"_s, u"--db"_s, db }, env).json().object();
    QCOMPARE(shown[u"receivedAt"_s].toString(), u"2026-04-14T12:34:56.789Z"_s);
    QVERIFY(shown[u"deliveryList"_s][0][u"tls"_s].toBool());
}

void TestExport::errors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addRow("unknown event") << QStringList { u"export"_s, u"42"_s, u"--format"_s, u"json"_s, u"--out"_s,
        u"x"_s };
    QTest::addRow("unknown format") << QStringList { u"export"_s, u"1"_s, u"--format"_s, u"xml"_s, u"--out"_s, u"x"_s };
    QTest::addRow("no --out") << QStringList { u"export"_s, u"1"_s, u"--format"_s, u"json"_s };
    QTest::addRow("ids and --all") << QStringList { u"export"_s, u"1"_s, u"--all"_s, u"--format"_s, u"json"_s,
        u"--out"_s, u"x"_s };
    QTest::addRow("import of nothing") << QStringList { u"import"_s };
    QTest::addRow("import of a missing file") << QStringList { u"import"_s, u"/nonexistent/file.har"_s };
}

void TestExport::errors()
{
    QFETCH(QStringList, args);
    const auto r = m_serve.cli(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(!r.err.isEmpty());
}

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
