// Raw MIME read as Python's email package (policy=default) reads it, where GMime on its own reads it
// otherwise: line endings mixed within a message, no header block (or one cut short by a line that is not a
// header), RFC 2231 names in segments, attached messages (a multipart/digest's parts) as Python writes them.
// Each row pins what Python gives (derived with tests/tools/pyemail_reference.py, Python 3.11) and, where
// python3 is installed, holds the whole reading against Python's there and then.

#include "testsupport.h"

#include "core/email/eventjson.h"
#include "core/email/mimeparser.h"
#include "core/email/parttree.h"

#include <QCryptographicHash>
#include <QStandardPaths>
#include <QTemporaryFile>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

QString sha(const QByteArray& bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QString compact(const QJsonValue& v)
{
    QJsonArray wrapped;
    wrapped.append(v);
    return QString::fromUtf8(QJsonDocument(wrapped).toJson(QJsonDocument::Compact));
}

const QByteArray kMixedHead = "From: a@example.com\nSubject: mixed\nMIME-Version: 1.0\n";
const QByteArray kRfc2231Head
    = "From: a@example.com\nSubject: x\nMIME-Version: 1.0\nContent-Type: multipart/mixed; "
      "boundary=b\n\n--b\nContent-Type: text/plain\n\nhi\n--b\nContent-Type: application/pdf\n";
const QByteArray kInner = "From: one@example.com\nSubject: first\nContent-Type: multipart/alternative; boundary=x\n\n"
                          "--x\nContent-Type: text/plain\n\nalt\n--x--";

QByteArray crlf(QByteArray bytes)
{
    return bytes.replace("\n", "\r\n");
}

} // namespace

class TestMimePython : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mixedLineEndingsKeepEveryCharacter_data();
    void mixedLineEndingsKeepEveryCharacter();
    void readsWhatHasNoHeaderBlock_data();
    void readsWhatHasNoHeaderBlock();
    void rfc2231SegmentsDecodeInNumberOrder_data();
    void rfc2231SegmentsDecodeInNumberOrder();
    void attachedMessagesAreWhatPythonWrites_data();
    void attachedMessagesAreWhatPythonWrites();

private:
    /** The message read by Hookscope, as `hookscope parse` prints it (attachments with dataBase64). */
    static QJsonObject read(const QByteArray& raw);
    /** Holds Hookscope's reading against Python's, field by field; fails without python3. */
    static void compareWithPython(const QByteArray& raw);
};

QJsonObject TestMimePython::read(const QByteArray& raw)
{
    const auto m = email::parseMime(raw);
    if (!m)
        return { { u"error"_s, m.error() } };
    return email::toEventJson(*m, true);
}

void TestMimePython::compareWithPython(const QByteArray& raw)
{
    const QString python = QStandardPaths::findExecutable(u"python3"_s);
    // Python is the reference (packaging/setup.sh installs it): without it the comparison fails, it is not skipped.
    QVERIFY2(!python.isEmpty(), "python3 is not installed: the live comparison with Python's email cannot run");
    QTemporaryFile file;
    QVERIFY(file.open());
    file.write(raw);
    file.flush();
    QProcess ref;
    ref.start(python,
        { QStringLiteral(HOOKSCOPE_TEST_DATA) + u"/../tools/pyemail_reference.py"_s, file.fileName(), u"--no-data"_s });
    QVERIFY2(ref.waitForFinished(test::kWaitMs), "awaited pyemail_reference.py");
    QCOMPARE(ref.exitCode(), 0);
    const QJsonObject expected = QJsonDocument::fromJson(ref.readAllStandardOutput()).object();
    QVERIFY(!expected.isEmpty());
    const QJsonObject actual = read(raw);
    for (const auto& key : { u"messageId"_s, u"subject"_s, u"from"_s, u"to"_s, u"cc"_s, u"text"_s, u"html"_s })
        QVERIFY2(actual.value(key) == expected.value(key),
            qPrintable(
                u"%1: hookscope %2, python %3"_s.arg(key, compact(actual.value(key)), compact(expected.value(key)))));
    const QJsonArray ea = expected.value(u"attachments"_s).toArray();
    const QJsonArray aa = actual.value(u"attachments"_s).toArray();
    QCOMPARE(aa.size(), ea.size());
    for (qsizetype i = 0; i < ea.size(); ++i) {
        for (const auto& key : { u"filename"_s, u"contentType"_s, u"size"_s, u"contentId"_s, u"sha256"_s }) {
            const QJsonValue a = aa.at(i).toObject().value(key);
            const QJsonValue e = ea.at(i).toObject().value(key);
            QVERIFY2(a == e,
                qPrintable(u"attachment %1 %2: hookscope %3, python %4"_s.arg(i).arg(key, compact(a), compact(e))));
        }
    }
}

void TestMimePython::mixedLineEndingsKeepEveryCharacter_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("attachment");
    // A CRLF message (GMime takes its lines to end in CRLF) whose lines before the boundaries end in LF.
    QTest::addRow("CRLF message, LF before boundaries")
        << crlf(kMixedHead + "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\n")
            + "first\r\nsecond\nthird\n--b\r\nContent-Type: application/octet-stream\r\n\r\nabc\r\ndef\nxyz\n--b--\r\n"
        << u"first\r\nsecond\nthird"_s << QByteArray("abc\r\ndef\nxyz");
    // The other way round (read right before too: a guard).
    QTest::addRow("LF message, CRLF before boundaries")
        << kMixedHead + "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\n"
            + "first\r\nsecond\nthird\r\n--b\nContent-Type: application/octet-stream\n\nabc\r\ndef\nxyz\r\n--b--\n"
        << u"first\r\nsecond\nthird"_s << QByteArray("abc\r\ndef\nxyz");
    // Each part its own: the text part in LF, the attachment in CRLF, under a CRLF head.
    QTest::addRow("a part in each") << crlf(kMixedHead + "Content-Type: multipart/mixed; boundary=b\n\n")
            + "--b\r\nContent-Type: text/plain\r\n\r\none\ntwo\n--b\r\nContent-Type: application/octet-stream\r\n\r\n"
              "x\r\ny\r\n--b--\r\n" << u"one\ntwo"_s
                                    << QByteArray("x\r\ny");
    // Nested: the inner multipart's last part ends in LF before the inner close delimiter, in a CRLF message.
    QTest::addRow("nested")
        << crlf(kMixedHead
               + "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: multipart/alternative; "
                 "boundary=a\n\n--a\nContent-Type: text/plain\n\n")
            + "plain\n--a--\r\n--b\r\nContent-Type: application/octet-stream\r\n\r\nbytes!\n--b--\r\n"
        << u"plain"_s << QByteArray("bytes!");
}

void TestMimePython::mixedLineEndingsKeepEveryCharacter()
{
    QFETCH(QByteArray, raw);
    QFETCH(QString, text);
    QFETCH(QByteArray, attachment);
    const QJsonObject m = read(raw);
    QCOMPARE(m.value(u"text"_s).toString(), text);
    const QJsonArray attachments = m.value(u"attachments"_s).toArray();
    QCOMPARE(attachments.size(), 1);
    QCOMPARE(
        QByteArray::fromBase64(attachments.at(0).toObject().value(u"dataBase64"_s).toString().toLatin1()), attachment);
    // The MIME tab's part tree ends the parts at the same bytes.
    const auto tree = email::mimePartTree(raw);
    QVERIFY(tree);
    bool found = false;
    for (const auto& p : *tree) {
        if (p.attachmentIndex == 0) {
            QCOMPARE(raw.mid(p.bodyBegin, p.end - p.bodyBegin), attachment);
            found = true;
        }
    }
    QVERIFY2(found, "the part tree has the attachment");
    compareWithPython(raw);
}

void TestMimePython::readsWhatHasNoHeaderBlock_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QJsonValue>("subject");
    QTest::addColumn<QString>("text");
    QTest::addRow("first line not a header")
        << QByteArray("just a body line\nand another\n") << QJsonValue() << u"just a body line\nand another\n"_s;
    QTest::addRow("empty first line") << QByteArray("\nbody after an empty first line\n") << QJsonValue()
                                      << u"body after an empty first line\n"_s;
    QTest::addRow("two empty lines first") << QByteArray("\n\njust a body") << QJsonValue() << u"\njust a body"_s;
    QTest::addRow("a line that is not a header mid-block")
        << QByteArray("Subject: ok\nthis line is not a header\nFrom: a@example.com\n\nbody\n") << QJsonValue(u"ok"_s)
        << u"this line is not a header\nFrom: a@example.com\n\nbody\n"_s;
    QTest::addRow("CRLF, a line that is not a header")
        << QByteArray("Subject: ok\r\nnot: a header? no, it is\r\nplain words\r\n\r\nbody\r\n") << QJsonValue(u"ok"_s)
        << u"plain words\r\n\r\nbody\r\n"_s;
    QTest::addRow("continuation line first")
        << QByteArray("  leading space line\nSubject: x\n\nbody\n") << QJsonValue(u"x"_s) << u"body\n"_s;
    QTest::addRow("binary") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0", 11) << QJsonValue()
                            << u"\uFFFDPNG\r\n\x1a\n"_s + QString(3, QChar(0));
}

void TestMimePython::readsWhatHasNoHeaderBlock()
{
    QFETCH(QByteArray, raw);
    QFETCH(QJsonValue, subject);
    QFETCH(QString, text);
    const QJsonObject m = read(raw);
    QVERIFY2(!m.contains(u"error"_s), qPrintable(m.value(u"error"_s).toString()));
    QCOMPARE(m.value(u"subject"_s), subject.isUndefined() ? QJsonValue(QJsonValue::Null) : subject);
    QCOMPARE(m.value(u"text"_s).toString(), text);
    QVERIFY2(!m.value(u"warnings"_s).toArray().isEmpty(), "what was not a header block is said");
    // The MIME tab marks the body's bytes in the message as it came.
    const auto tree = email::mimePartTree(raw);
    QVERIFY2(tree && !tree->isEmpty(), qPrintable(tree ? u"no parts"_s : tree.error()));
    const email::MimePartInfo& body = tree->first();
    QCOMPARE(QString::fromLatin1(raw.mid(body.bodyBegin, body.end - body.bodyBegin)),
        QString(text).replace(QChar(0xfffd), QChar(0x89)));
    // `hookscope parse` reads it (exit 0), warning on stderr.
    QTemporaryFile file;
    QVERIFY(file.open());
    file.write(raw);
    file.flush();
    const auto r = test::runCli({ u"parse"_s, file.fileName() }, QProcessEnvironment::systemEnvironment());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.json().object().value(u"text"_s).toString(), text);
    QVERIFY(r.err.contains("warning"));
    compareWithPython(raw);
}

void TestMimePython::rfc2231SegmentsDecodeInNumberOrder_data()
{
    QTest::addColumn<QByteArray>("disposition");
    QTest::addColumn<QString>("filename");
    QTest::addRow("charset segment after a plain one")
        << QByteArray(R"(attachment; filename*1="rest.pdf"; filename*0*=utf-8''%C3%A9t%C3%A9_)") << u"été_rest.pdf"_s;
    QTest::addRow("segments in reverse") << QByteArray(
        "attachment; filename*2=\".pdf\"; filename*1=\" rates\"; filename*0*=utf-8''%E2%82%AC")
                                         << u"€ rates.pdf"_s;
    QTest::addRow("a segment given twice (the first counts)")
        << QByteArray("attachment; filename*0*=utf-8''%C3%A9; filename*1=x.pdf; filename*1=y.pdf") << u"éx.pdf"_s;
    QTest::addRow("charset first, plain after")
        << QByteArray("attachment;\n\tfilename*0*=utf-8''%E2%82%AC%20rates;\n\tfilename*1=.pdf") << u"€ rates.pdf"_s;
    QTest::addRow("quoted charset segment with language") << QByteArray(
        "attachment;\n\tfilename*0*=\"us-ascii'en-us'My\";\n\tfilename*1=\" Document\";\n\tfilename*2=\" For You\"")
                                                          << u"My Document For You"_s;
    QTest::addRow("latin-1 charset") << QByteArray(
        R"(attachment; filename*0*=iso-8859-1''caf%E9; filename*1="_menu.pdf")")
                                     << u"café_menu.pdf"_s;
    QTest::addRow("escaped quote in a plain segment")
        << QByteArray(R"(attachment; filename*0*=utf-8''%C3%A9; filename*1="a\"b.pdf")") << u"éa\"b.pdf"_s;
    QTest::addRow("comment before a plain segment")
        << QByteArray("attachment; filename*0*=utf-8''%C3%A9; filename*1=(paren).pdf") << u"é.pdf"_s;
    QTest::addRow("encoded word in a plain segment")
        << QByteArray(R"(attachment; filename*0*=UTF-8''%C3%A9; filename*1="=?utf-8?q?x?=.pdf")") << u"éx.pdf"_s;
    QTest::addRow("NUL kept for the sanitizer")
        << QByteArray("attachment; filename*0*=utf-8''evil.pdf%00; filename*1=.exe") << u"evil.pdf\u0000.exe"_s;
}

void TestMimePython::rfc2231SegmentsDecodeInNumberOrder()
{
    QFETCH(QByteArray, disposition);
    QFETCH(QString, filename);
    const QByteArray raw = kRfc2231Head + "Content-Disposition: " + disposition + "\n\nPDF\n--b--\n";
    const QJsonArray attachments = read(raw).value(u"attachments"_s).toArray();
    QCOMPARE(attachments.size(), 1);
    QCOMPARE(attachments.at(0).toObject().value(u"filename"_s).toString(), filename);
    if (filename.contains(QChar(0)))
        return; // Python keeps the NUL too, but its JSON is not worth comparing byte for byte here
    compareWithPython(raw);
}

void TestMimePython::attachedMessagesAreWhatPythonWrites_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("index");
    QTest::addColumn<QByteArray>("bytes");
    const QByteArray digestHead = "From: a@example.com\nSubject: fwd\nMIME-Version: 1.0\n"
                                  "Content-Type: multipart/digest; boundary=o\n\n";
    // Python's generator ends a close delimiter with a line break of its own.
    QTest::addRow("digest part (default message/rfc822) holding a multipart") << digestHead + "--o\n\n" + kInner
            + "\n--o--\n" << 0 << kInner + "\n";
    QTest::addRow("the same, CRLF") << crlf(digestHead + "--o\n\n" + kInner + "\n--o--\n") << 0 << kInner + "\n";
    QTest::addRow("message/rfc822 in a mixed, holding a multipart")
        << QByteArray(
               "From: a@example.com\nSubject: fwd\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=o\n\n"
               "--o\nContent-Type: text/plain\n\nintro\n--o\nContent-Type: message/rfc822\n\n")
            + kInner + "\n--o--\n"
        << 0 << kInner + "\n";
    // ... and a header block with an empty line after it.
    QTest::addRow("digest part of headers only") << digestHead + "--o\n\nSubject: only headers\n--o--\n"
                                                 << 0 << QByteArray("Subject: only headers\n\n");
    QTest::addRow("digest part with an empty body")
        << digestHead + "--o\n\nSubject: one\n\nbody\n--o\n\nFrom: y@example.com\n\n--o--\n"
        << 1 << QByteArray("From: y@example.com\n\n");
    // A nested multipart closing right before its parent's delimiter: a line break more.
    QTest::addRow("digest part, multipart in multipart")
        << digestHead
            + "--o\n\nSubject: n\nContent-Type: multipart/mixed; boundary=m\n\n--m\n"
              "Content-Type: multipart/alternative; boundary=a\n\n--a\n\nalt\n--a--\n--m--\n--o--\n"
        << 0
        << QByteArray(
               "Subject: n\nContent-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: multipart/alternative; "
               "boundary=a\n\n--a\n\nalt\n--a--\n\n--m--\n");
    // Already as Python writes it: unchanged.
    QTest::addRow("digest part of a plain message") << digestHead + "--o\n\nSubject: one\n\nbody one\n--o--\n"
                                                    << 0 << QByteArray("Subject: one\n\nbody one");
}

void TestMimePython::attachedMessagesAreWhatPythonWrites()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, index);
    QFETCH(QByteArray, bytes);
    const QJsonArray attachments = read(raw).value(u"attachments"_s).toArray();
    QVERIFY(index < attachments.size());
    const QJsonObject a = attachments.at(index).toObject();
    QCOMPARE(a.value(u"contentType"_s).toString(), u"message/rfc822"_s);
    QCOMPARE(QByteArray::fromBase64(a.value(u"dataBase64"_s).toString().toLatin1()), bytes);
    QCOMPARE(a.value(u"sha256"_s).toString(), sha(bytes));
    // Hashed a piece at a time (`hookscope parse`, the store) the same.
    email::MimeReadOptions options;
    options.keepData = false;
    const auto streamed = email::parseMime(raw, options);
    QVERIFY(streamed);
    QCOMPARE(streamed->attachments.at(index).sha256, sha(bytes));
    QCOMPARE(streamed->attachments.at(index).size, bytes.size());
    compareWithPython(raw);
}

QTEST_GUILESS_MAIN(TestMimePython)
#include "tst_mime_python.moc"
