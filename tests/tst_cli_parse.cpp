// `hookscope parse` against Python's email package (policy=default) over the whole .eml corpus, plus
// the command's contract: stdin, determinism, exit 2 on unreadable input.

#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QStandardPaths>
#include <QTemporaryFile>

using namespace Qt::StringLiterals;
using namespace hookscope;

class TestCliParse : public QObject {
    Q_OBJECT

private:
    static QStringList corpus()
    {
        QDir dir(test::testData(u"email"_s));
        QStringList files;
        for (const QString& name : dir.entryList({ u"*.eml"_s }, QDir::Files, QDir::Name))
            files << dir.filePath(name);
        return files;
    }
    /** Each of `files` read by one run of `program args… files…`, which prints a JSON line per file with its "file". */
    static QHash<QString, QJsonObject> linesByFile(const test::CliResult& run)
    {
        QHash<QString, QJsonObject> byFile;
        for (const QByteArray& line : run.out.split('\n')) {
            QJsonObject o = QJsonDocument::fromJson(line).object();
            if (!o.isEmpty())
                byFile.insert(o.take(u"file"_s).toString(), o);
        }
        return byFile;
    }
    QProcessEnvironment m_env = QProcessEnvironment::systemEnvironment();
    // The corpus as Python's email package reads it and as `hookscope parse` does: one run of each over every
    // file (`parse` with several files prints JSON Lines), compared file by file below.
    QHash<QString, QJsonObject> m_python;
    QHash<QString, QJsonObject> m_hookscope;

private Q_SLOTS:
    void initTestCase()
    {
        const QString python = QStandardPaths::findExecutable(u"python3"_s);
        QVERIFY2(!python.isEmpty(), "python3 is the reference for parse: it is not installed");
        QProcess ref;
        ref.start(python,
            QStringList { QStringLiteral(HOOKSCOPE_TEST_DATA) + u"/../tools/pyemail_reference.py"_s, u"--no-data"_s }
                + corpus());
        QVERIFY2(ref.waitForFinished(300'000), "pyemail_reference.py did not finish within 300 s");
        QCOMPARE(ref.exitCode(), 0);
        m_python = linesByFile({ ref.exitCode(), ref.readAllStandardOutput(), ref.readAllStandardError() });
        const auto r = test::runCli(QStringList { u"parse"_s } + corpus(), m_env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        m_hookscope = linesByFile(r);
    }

    void matchesPythonEmail_data()
    {
        QTest::addColumn<QString>("file");
        const QStringList files = corpus();
        QVERIFY2(files.size() >= 30, "the .eml corpus is missing");
        for (const QString& f : files)
            QTest::addRow("%s", qPrintable(QFileInfo(f).fileName())) << f;
    }
    void matchesPythonEmail()
    {
        QFETCH(QString, file);
        QVERIFY2(m_python.contains(file), "Python's email package gave no reading of this file");
        QVERIFY2(m_hookscope.contains(file), "hookscope parse gave no line for this file");
        const QJsonObject expected = m_python.value(file);
        const QJsonObject actual = m_hookscope.value(file);
        for (const auto& key : { u"messageId"_s, u"subject"_s, u"from"_s, u"to"_s, u"cc"_s, u"text"_s, u"html"_s })
            QVERIFY2(actual.value(key) == expected.value(key),
                qPrintable(u"%1: hookscope %2, python %3"_s.arg(key,
                    QString::fromUtf8(QJsonDocument(QJsonArray { actual.value(key) }).toJson(QJsonDocument::Compact)),
                    QString::fromUtf8(
                        QJsonDocument(QJsonArray { expected.value(key) }).toJson(QJsonDocument::Compact)))));
        const QJsonArray ea = expected.value(u"attachments"_s).toArray();
        const QJsonArray aa = actual.value(u"attachments"_s).toArray();
        QCOMPARE(aa.size(), ea.size());
        for (qsizetype i = 0; i < ea.size(); ++i) {
            const QJsonObject e = ea.at(i).toObject();
            const QJsonObject a = aa.at(i).toObject();
            for (const auto& key : { u"filename"_s, u"contentType"_s, u"size"_s, u"contentId"_s, u"sha256"_s })
                QVERIFY2(a.value(key) == e.value(key),
                    qPrintable(u"attachment %1 %2: hookscope %3, python %4"_s.arg(i).arg(
                        key, a.value(key).toVariant().toString(), e.value(key).toVariant().toString())));
            // dataBase64 carries exactly the bytes the SHA-256 names.
            const QByteArray data = QByteArray::fromBase64(a.value(u"dataBase64"_s).toString().toLatin1());
            QCOMPARE(QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex()),
                e.value(u"sha256"_s).toString());
        }
    }

    void readsStandardInputAndIsDeterministic()
    {
        QFile f(test::testData(u"email/mixed_gmail_attachments.eml"_s));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray raw = f.readAll();
        const auto fromFile = test::runCli({ u"parse"_s, f.fileName() }, m_env);
        const auto fromStdin = test::runCli({ u"parse"_s, u"-"_s }, m_env, raw);
        const auto again = test::runCli({ u"parse"_s, u"-"_s }, m_env, raw);
        QCOMPARE(fromFile.exitCode, 0);
        QCOMPARE(fromStdin.exitCode, 0);
        QCOMPARE(fromStdin.out, fromFile.out);
        QCOMPARE(again.out, fromStdin.out);
        const QJsonObject o = fromStdin.json().object();
        QCOMPARE(o.value(u"messageId"_s).toString(), u"<mixed-attachments@mail.example>"_s);
        QCOMPARE(o.value(u"attachments"_s).toArray().size(), 2);
        const QJsonObject inlineImage = o.value(u"attachments"_s).toArray().at(1).toObject();
        QCOMPARE(inlineImage.value(u"contentId"_s).toString(), u"ii_shot01"_s);
        QVERIFY(o.value(u"html"_s).toString().contains(u"cid:ii_shot01"_s));
        QVERIFY(o.value(u"headers"_s).toObject().contains(u"content-type"_s));
    }

    // One file prints the indented document; several print the same objects one per line, in order, each with
    // its "file"; one that cannot be read is {"file", "error"} in its place, the others still printed, exit 2.
    void severalFilesAreJsonLines()
    {
        const QString a = test::testData(u"email/plain_ascii.eml"_s);
        const QString b = corpus().constLast();
        const QString missing = u"/nonexistent/message.eml"_s;
        const auto one = test::runCli({ u"parse"_s, a }, m_env);
        QCOMPARE(one.exitCode, 0);
        QVERIFY(one.out.count('\n') > 3);
        const auto r = test::runCli({ u"parse"_s, a, missing, b }, m_env);
        QCOMPARE(r.exitCode, 2);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        QJsonObject first = QJsonDocument::fromJson(lines.at(0)).object();
        QCOMPARE(first.take(u"file"_s).toString(), a);
        QCOMPARE(first, one.json().object());
        const QJsonObject second = QJsonDocument::fromJson(lines.at(1)).object();
        QCOMPARE(second.value(u"file"_s).toString(), missing);
        QVERIFY(second.value(u"error"_s).toString().contains(u"cannot read"_s));
        QVERIFY(r.err.contains("cannot read /nonexistent/message.eml"));
        QCOMPARE(QJsonDocument::fromJson(lines.at(2)).object().value(u"file"_s).toString(), b);
        QCOMPARE(test::runCli({ u"parse"_s, a, u"-"_s }, m_env).exitCode, 2);
    }

    // The sender writes the subject: a DEL or an 8-bit CSI in it is printed as its JSON escape, never as the
    // byte a terminal acts on, and the JSON still reads back the exact subject.
    void controlCharactersDoNotReachTheTerminal()
    {
        QTemporaryFile f;
        QVERIFY(f.open());
        f.write("Subject: =?utf-8?q?a=C2=9B2Jb=7F=1B]0;x=07?=\r\n\r\nhi\r\n");
        f.close();
        const auto r = test::runCli({ u"parse"_s, f.fileName() }, m_env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(!r.out.contains("\xc2\x9b"));
        QVERIFY(!r.out.contains('\x7f'));
        QVERIFY(!r.out.contains('\x1b'));
        QCOMPARE(r.json().object().value(u"subject"_s).toString(), u"a\u009b2Jb\u007f\u001b]0;x\u0007"_s);
    }

    void htmlIsNullWhenAbsent()
    {
        const auto r = test::runCli({ u"parse"_s, test::testData(u"email/plain_ascii.eml"_s) }, m_env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.json().object().value(u"html"_s).isNull());
        QVERIFY(r.json().object().value(u"text"_s).toString().startsWith(u"Hello,"_s));
    }

    void unreadableInput_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("message");
        QTest::addRow("empty stdin") << QByteArray() << u"-"_s << u"empty input"_s;
        QTest::addRow("blank stdin") << QByteArray("\n\n  \n") << u"-"_s << u"empty input"_s;
        // Input without a header block (or that is not a message at all) is read as Python reads it, a body
        // without headers, with a warning: tst_mime_python's readsWhatHasNoHeaderBlock.
        QTest::addRow("missing file") << QByteArray() << u"/nonexistent/message.eml"_s << u"cannot read"_s;
    }
    void unreadableInput()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, file);
        QFETCH(QString, message);
        const auto r = test::runCli({ u"parse"_s, file }, m_env, input);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
    }

    void usage()
    {
        QCOMPARE(test::runCli({ u"parse"_s }, m_env).exitCode, 2);
        const auto help = test::runCli({ u"parse"_s, u"--help"_s }, m_env);
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("hookscope parse"));
    }
};

QTEST_GUILESS_MAIN(TestCliParse)
#include "tst_cli_parse.moc"
