// `hookscope show ID --json` carries the email read from the payload (the local API's `email` object), and
// `show ID --attachment N --out FILE|-` writes an attachment's decoded bytes: through the real `serve` and the
// real command line.
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QSqlDatabase>
#include <QSqlQuery>

using namespace Qt::StringLiterals;
using namespace hookscope;
using test::CliResult;

namespace {

const QByteArray kPdf = QByteArray("%PDF-1.4\n") + QByteArray(3000, 'x') + QByteArray("\0\1\2\xff", 4) + "%%EOF\n";
const QByteArray kPng = QByteArray("\x89PNG\r\n\x1a\n", 8) + QByteArray(700, '\x10');
const QByteArray kNote = "first line\nsecond line\n";

QString sha(const QByteArray& bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QByteArray base64Lines(const QByteArray& bytes)
{
    const QByteArray b64 = bytes.toBase64();
    QByteArray out;
    for (qsizetype i = 0; i < b64.size(); i += 76)
        out += b64.mid(i, 76) + "\r\n";
    return out;
}

/** Raw MIME: text and HTML bodies, an inline image, a PDF and a text file whose name climbs out of folders. */
QByteArray rawMime()
{
    return "From: =?utf-8?q?J=C3=BCrgen?= <juergen@example.com>\r\n"
           "To: Support <support@yourapp.com>, billing@yourapp.com\r\n"
           "Cc: Boss <boss@example.com>\r\n"
           "Subject: Invoice 7\r\n"
           "Message-ID: <show-raw-1@mail.example>\r\n"
           "MIME-Version: 1.0\r\n"
           "Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
           "\r\n"
           "--outer\r\n"
           "Content-Type: multipart/related; boundary=\"rel\"\r\n"
           "\r\n"
           "--rel\r\n"
           "Content-Type: multipart/alternative; boundary=\"alt\"\r\n"
           "\r\n"
           "--alt\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n"
           "\r\n"
           "Please find the invoice attached.\r\n"
           "--alt\r\n"
           "Content-Type: text/html; charset=utf-8\r\n"
           "\r\n"
           "<p>Please find the invoice attached.<img src=\"cid:logo@x\"></p>\r\n"
           "--alt--\r\n"
           "--rel\r\n"
           "Content-Type: image/png\r\n"
           "Content-Disposition: inline; filename=\"logo.png\"\r\n"
           "Content-ID: <logo@x>\r\n"
           "Content-Transfer-Encoding: base64\r\n"
           "\r\n"
        + base64Lines(kPng)
        + "--rel--\r\n"
          "--outer\r\n"
          "Content-Type: application/pdf; name=\"invoice.pdf\"\r\n"
          "Content-Disposition: attachment; filename=\"invoice.pdf\"\r\n"
          "Content-Transfer-Encoding: base64\r\n"
          "\r\n"
        + base64Lines(kPdf)
        + "--outer\r\n"
          "Content-Type: text/plain; charset=us-ascii\r\n"
          "Content-Disposition: attachment; filename=\"../../evil.txt\"\r\n"
          "Content-Transfer-Encoding: base64\r\n"
          "\r\n"
        + base64Lines(kNote) + "--outer--\r\n";
}

/** The guide's event JSON: one attachment with its bytes, one only declared (no dataBase64). */
QByteArray eventJson()
{
    QJsonObject o {
        { u"id"_s, u"evt_show_email"_s },
        { u"messageId"_s, u"<evt_show_email@mail.example>"_s },
        { u"from"_s, QJsonObject { { u"address"_s, u"sender@example.com"_s }, { u"name"_s, u"Sender Name"_s } } },
        { u"to"_s, QJsonArray { QJsonObject { { u"address"_s, u"support@yourapp.com"_s }, { u"name"_s, u""_s } } } },
        { u"cc"_s, QJsonArray { QJsonObject { { u"address"_s, u"cc@example.com"_s }, { u"name"_s, u"Cee"_s } } } },
        { u"subject"_s, u"Issue with billing"_s },
        { u"text"_s, u"Plain text body"_s },
        { u"html"_s, u"<p>HTML body</p>"_s },
        { u"attachments"_s,
            QJsonArray {
                QJsonObject { { u"filename"_s, u"note.txt"_s }, { u"contentType"_s, u"text/plain"_s },
                    { u"size"_s, kNote.size() }, { u"contentId"_s, u"<n1>"_s },
                    { u"dataBase64"_s, QString::fromLatin1(kNote.toBase64()) } },
                QJsonObject {
                    { u"filename"_s, u"big.zip"_s }, { u"contentType"_s, u"application/zip"_s }, { u"size"_s, 1234 } },
            } },
    };
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject attachmentJson(
    const QString& filename, const QString& type, const QByteArray& bytes, const QJsonValue& contentId, bool isInline)
{
    return { { u"filename"_s, filename }, { u"contentType"_s, type }, { u"size"_s, double(bytes.size()) },
        { u"sha256"_s, sha(bytes) }, { u"contentId"_s, contentId }, { u"inline"_s, isInline } };
}

QString compact(const QJsonValue& v)
{
    QJsonArray wrapped;
    wrapped.append(v);
    return QString::fromUtf8(QJsonDocument(wrapped).toJson(QJsonDocument::Compact));
}

QJsonObject address(const QString& a, const QString& name)
{
    return { { u"address"_s, a }, { u"name"_s, name } };
}

} // namespace

class TestCliShowEmail : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void jsonCarriesTheEmail_data();
    void jsonCarriesTheEmail();
    void jsonEmailIsNullWithoutEmail_data();
    void jsonEmailIsNullWithoutEmail();
    void attachmentBytes_data();
    void attachmentBytes();
    void attachmentRefusals_data();
    void attachmentRefusals();
    void attachmentFromThePayloadBeforeItIsReadOut();

private:
    qint64 post(const QByteArray& body, const QByteArray& contentType);
    QJsonObject showJson(qint64 id);
    test::ServeProcess m_serve;
    const QByteArray m_secret = "show-email-secret";
    QHash<QString, qint64> m_ids;
};

qint64 TestCliShowEmail::post(const QByteArray& body, const QByteArray& contentType)
{
    const qint64 ts = QDateTime::currentMSecsSinceEpoch();
    const auto reply = test::send(m_serve.url(), body,
        { { "Content-Type", contentType }, { "X-Webhook-Timestamp", QByteArray::number(ts) },
            { "X-Webhook-Signature", test::signMailparse(m_secret, ts, body) } });
    if (reply.status != 200)
        return 0;
    // The store's id of the newest event: the one just acknowledged (events are posted one after another).
    const CliResult r = m_serve.cli({ u"list"_s, u"--json"_s, u"--limit"_s, u"1"_s });
    const QJsonObject newest = r.json().array().at(0).toObject();
    return qint64(newest.value(u"id"_s).toDouble());
}

QJsonObject TestCliShowEmail::showJson(qint64 id)
{
    const CliResult r = m_serve.cli({ u"show"_s, QString::number(id), u"--json"_s });
    if (r.exitCode != 0)
        return {};
    return r.json().object();
}

void TestCliShowEmail::initTestCase()
{
    QVERIFY2(m_serve.start({ u"--secret"_s, QString::fromLatin1(m_secret) }, false), m_serve.log().constData());
    m_ids[u"raw"_s] = post(rawMime(), "message/rfc822");
    m_ids[u"json"_s] = post(eventJson(), "application/json");
    m_ids[u"ping"_s] = post(R"({"type":"ping","zen":"Keep it logically awesome."})", "application/json");
    m_ids[u"unreadable"_s] = post("this is not JSON {", "application/json");
    for (auto it = m_ids.cbegin(); it != m_ids.cend(); ++it)
        QVERIFY2(it.value() > 0, qPrintable(u"the %1 event was not stored"_s.arg(it.key())));
    QCOMPARE(QSet<qint64>(m_ids.cbegin(), m_ids.cend()).size(), m_ids.size());
}

void TestCliShowEmail::cleanupTestCase()
{
    m_serve.stop();
}

void TestCliShowEmail::jsonCarriesTheEmail_data()
{
    QTest::addColumn<QString>("event");
    QTest::addColumn<QJsonObject>("expected");
    QTest::addRow("raw MIME")
        << u"raw"_s
        << QJsonObject {
               { u"from"_s, address(u"juergen@example.com"_s, u"Jürgen"_s) },
               { u"to"_s,
                   QJsonArray {
                       address(u"support@yourapp.com"_s, u"Support"_s), address(u"billing@yourapp.com"_s, u""_s) } },
               { u"cc"_s, QJsonArray { address(u"boss@example.com"_s, u"Boss"_s) } },
               { u"subject"_s, u"Invoice 7"_s },
               { u"text"_s, u"Please find the invoice attached."_s },
               { u"html"_s, u"<p>Please find the invoice attached.<img src=\"cid:logo@x\"></p>"_s },
               { u"attachments"_s,
                   QJsonArray {
                       attachmentJson(u"logo.png"_s, u"image/png"_s, kPng, u"logo@x"_s, true),
                       attachmentJson(u"invoice.pdf"_s, u"application/pdf"_s, kPdf, QJsonValue::Null, false),
                       attachmentJson(u"../../evil.txt"_s, u"text/plain"_s, kNote, QJsonValue::Null, false),
                   } },
           };
    QJsonObject declared { { u"filename"_s, u"big.zip"_s }, { u"contentType"_s, u"application/zip"_s },
        { u"size"_s, 1234 }, { u"sha256"_s, QJsonValue::Null }, { u"contentId"_s, QJsonValue::Null },
        { u"inline"_s, false } };
    QTest::addRow("event JSON")
        << u"json"_s
        << QJsonObject {
               { u"from"_s, address(u"sender@example.com"_s, u"Sender Name"_s) },
               { u"to"_s, QJsonArray { address(u"support@yourapp.com"_s, u""_s) } },
               { u"cc"_s, QJsonArray { address(u"cc@example.com"_s, u"Cee"_s) } },
               { u"subject"_s, u"Issue with billing"_s },
               { u"text"_s, u"Plain text body"_s },
               { u"html"_s, u"<p>HTML body</p>"_s },
               { u"attachments"_s,
                   QJsonArray { attachmentJson(u"note.txt"_s, u"text/plain"_s, kNote, u"n1"_s, false), declared } },
           };
}

void TestCliShowEmail::jsonCarriesTheEmail()
{
    QFETCH(QString, event);
    QFETCH(QJsonObject, expected);
    const QJsonObject shown = showJson(m_ids.value(event));
    QVERIFY2(!shown.isEmpty(), "show --json answered");
    QVERIFY2(shown.value(u"email"_s).isObject(), "show --json carries an email object");
    QJsonObject email = shown.value(u"email"_s).toObject();
    // Each attachment also carries its `scan` (#18: an object, or null while not scanned; its contents are
    // tst_clamd_scan's): present on each, then left out of the comparison.
    QJsonArray described = email.value(u"attachments"_s).toArray();
    for (qsizetype i = 0; i < described.size(); ++i) {
        QJsonObject a = described.at(i).toObject();
        QVERIFY2(a.contains(u"scan"_s) && (a.value(u"scan"_s).isObject() || a.value(u"scan"_s).isNull()),
            "each attachment has its scan (an object, or null)");
        a.remove(u"scan"_s);
        described.replace(i, a);
    }
    email.insert(u"attachments"_s, described);
    for (const QString& key : expected.keys()) {
        const QJsonValue shownValue = email.value(key);
        const QJsonValue expectedValue = expected.value(key);
        QVERIFY2(shownValue == expectedValue,
            qPrintable(u"%1: shown %2, expected %3"_s.arg(key, compact(shownValue), compact(expectedValue))));
    }
    // The attachments are described, their bytes left to --attachment.
    for (const auto& a : email.value(u"attachments"_s).toArray())
        QVERIFY(!a.toObject().contains(u"dataBase64"_s));
}

void TestCliShowEmail::jsonEmailIsNullWithoutEmail_data()
{
    QTest::addColumn<QString>("event");
    QTest::addRow("JSON that is not an email") << u"ping"_s;
    QTest::addRow("a payload no adapter reads") << u"unreadable"_s;
}

void TestCliShowEmail::jsonEmailIsNullWithoutEmail()
{
    QFETCH(QString, event);
    const QJsonObject shown = showJson(m_ids.value(event));
    QVERIFY2(!shown.isEmpty(), "show --json answered");
    QVERIFY2(shown.contains(u"email"_s), "the email key is there");
    QVERIFY2(shown.value(u"email"_s).isNull(), "and null");
}

void TestCliShowEmail::attachmentBytes_data()
{
    QTest::addColumn<QString>("event");
    QTest::addColumn<int>("index");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("toStdout");
    QTest::addRow("raw MIME inline image, file") << u"raw"_s << 0 << kPng << false;
    QTest::addRow("raw MIME PDF, file") << u"raw"_s << 1 << kPdf << false;
    QTest::addRow("raw MIME PDF, stdout") << u"raw"_s << 1 << kPdf << true;
    QTest::addRow("raw MIME ../../evil.txt, file") << u"raw"_s << 2 << kNote << false;
    QTest::addRow("event JSON note, stdout") << u"json"_s << 0 << kNote << true;
}

void TestCliShowEmail::attachmentBytes()
{
    QFETCH(QString, event);
    QFETCH(int, index);
    QFETCH(QByteArray, bytes);
    QFETCH(bool, toStdout);
    const qint64 id = m_ids.value(event);
    // The bytes are the ones --json describes.
    const QJsonObject described
        = showJson(id).value(u"email"_s).toObject().value(u"attachments"_s).toArray().at(index).toObject();
    QCOMPARE(described.value(u"sha256"_s).toString(), sha(bytes));

    QTemporaryDir dir;
    QVERIFY(QDir().mkpath(dir.filePath(u"a/b"_s)));
    const QString out = dir.filePath(u"a/b/saved.bin"_s);
    const CliResult r = m_serve.cli({ u"show"_s, QString::number(id), u"--attachment"_s, QString::number(index),
        u"--out"_s, toStdout ? u"-"_s : out });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    if (toStdout) {
        QCOMPARE(r.out, bytes);
        QVERIFY(!QFile::exists(out));
    } else {
        QVERIFY(r.out.isEmpty());
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), bytes);
    }
    // Nothing but FILE was written: not the sender's name, not outside the folder.
    QStringList written;
    QDirIterator it(dir.path(), QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        written << QDir(dir.path()).relativeFilePath(it.next());
    QCOMPARE(written, toStdout ? QStringList() : QStringList { u"a/b/saved.bin"_s });
    QVERIFY(!QFile::exists(dir.filePath(u"evil.txt"_s)));
}

void TestCliShowEmail::attachmentRefusals_data()
{
    QTest::addColumn<QString>("event");
    QTest::addColumn<QString>("index");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("says");
    QTest::addRow("no such event") << QString() << u"0"_s << 2 << u"no event"_s;
    QTest::addRow("N past the last") << u"raw"_s << u"3"_s << 2 << u"has no attachment 3"_s;
    QTest::addRow("negative N") << u"raw"_s << u"-1"_s << 2 << u"attachment number"_s;
    QTest::addRow("N not a number") << u"raw"_s << u"first"_s << 2 << u"attachment number"_s;
    QTest::addRow("an email without attachments") << u"ping"_s << u"0"_s << 2 << u"has no attachment 0"_s;
    QTest::addRow("declared without bytes") << u"json"_s << u"1"_s << 1 << u"without its bytes"_s;
}

void TestCliShowEmail::attachmentRefusals()
{
    QFETCH(QString, event);
    QFETCH(QString, index);
    QFETCH(int, exitCode);
    QFETCH(QString, says);
    const QString id = event.isEmpty() ? u"999999"_s : QString::number(m_ids.value(event));
    QTemporaryDir dir;
    const QString out = dir.filePath(u"out.bin"_s);
    const CliResult r = m_serve.cli({ u"show"_s, id, u"--attachment"_s, index, u"--out"_s, out });
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(QString::fromUtf8(r.err).contains(says), r.err.constData());
    QVERIFY2(!QFile::exists(out), "nothing is written when there is nothing to write");
    QVERIFY(r.out.isEmpty());
}

void TestCliShowEmail::attachmentFromThePayloadBeforeItIsReadOut()
{
    const qint64 id = m_ids.value(u"raw"_s);
    // Wait until the email has been read out into the store, then forget that reading: what an event looks
    // like in the moments between its answer and the reading of its email.
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"show-email"_s);
        db.setDatabaseName(m_serve.dbPath());
        QVERIFY(db.open());
        auto stored = [&] {
            QSqlQuery q(db);
            q.prepare(u"SELECT COUNT(*) FROM attachments WHERE event_id = ?"_s);
            q.addBindValue(id);
            return q.exec() && q.next() ? q.value(0).toInt() : -1;
        };
        QVERIFY2(QTest::qWaitFor([&] { return stored() == 3; }, test::kWaitMs),
            "awaited the three attachments of the raw MIME event in the store");
        QSqlQuery del(db);
        del.prepare(u"DELETE FROM attachments WHERE event_id = ?"_s);
        del.addBindValue(id);
        QVERIFY(del.exec());
        QCOMPARE(stored(), 0);
        db.close();
    }
    QSqlDatabase::removeDatabase(u"show-email"_s);
    const CliResult r = m_serve.cli({ u"show"_s, QString::number(id), u"--attachment"_s, u"1"_s, u"--out"_s, u"-"_s });
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out, kPdf);
    const QJsonArray listed = showJson(id).value(u"email"_s).toObject().value(u"attachments"_s).toArray();
    QCOMPARE(listed.size(), 3);
    QCOMPARE(listed.at(1).toObject().value(u"sha256"_s).toString(), sha(kPdf));
}

QTEST_GUILESS_MAIN(TestCliShowEmail)
#include "tst_cli_show_email.moc"
