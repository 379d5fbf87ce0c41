// `hookscope parse` against Python's email package (policy=default) over the whole .eml corpus, plus
// the command's contract: stdin, determinism, exit 2 on unreadable input.

#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QStandardPaths>

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
    QProcessEnvironment m_env = QProcessEnvironment::systemEnvironment();

private Q_SLOTS:
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
        const QString python = QStandardPaths::findExecutable(u"python3"_s);
        if (python.isEmpty())
            QSKIP("python3 is not installed: the comparison with Python's email package cannot run");
        QProcess ref;
        ref.start(python,
            { QStringLiteral(HOOKSCOPE_TEST_DATA) + u"/../tools/pyemail_reference.py"_s, file, u"--no-data"_s });
        QVERIFY(ref.waitForFinished(60'000));
        QCOMPARE(ref.exitCode(), 0);
        const QJsonObject expected = QJsonDocument::fromJson(ref.readAllStandardOutput()).object();
        QVERIFY(!expected.isEmpty());

        const auto r = test::runCli({ u"parse"_s, file }, m_env);
        QCOMPARE(r.exitCode, 0);
        const QJsonObject actual = r.json().object();
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
