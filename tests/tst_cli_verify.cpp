#include "signaturevectors.h"
#include "testsupport.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;

class TestCliVerify final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcessEnvironment m_env;

    QString writeBody(const QString& name, const QByteArray& body)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(body);
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_env = test::isolatedEnvironment(m_dir.path());
    }

    void vectors_data()
    {
        QTest::addColumn<int>("index");
        QString error;
        const auto vectors = test::loadSignatureVectors(&error);
        QVERIFY2(!vectors.isEmpty(), qPrintable(error));
        for (int i = 0; i < vectors.size(); ++i)
            QTest::addRow("%s", qPrintable(vectors.at(i).id)) << i;
    }

    void vectors()
    {
        QFETCH(int, index);
        const test::SignatureVector vec = test::loadSignatureVectors().at(index);
        QStringList args { u"verify"_s, u"--scheme"_s, vec.scheme, u"--body"_s, writeBody(vec.id, vec.body),
            u"--json"_s };
        for (const auto& s : vec.secrets)
            args << u"--secret"_s << QString::fromUtf8(s);
        for (const auto& [name, value] : vec.headers)
            args << u"--header"_s << QString::fromLatin1(name) + u": "_s + QString::fromUtf8(value);
        if (!vec.url.isEmpty())
            args << u"--url"_s << vec.url;
        if (vec.nowMs)
            args << u"--now"_s << QString::number(*vec.nowMs);
        if (vec.toleranceMs)
            args << u"--tolerance"_s << QString::number(double(*vec.toleranceMs) / 1000.0);
        const auto r = test::runCli(args, m_env);
        QVERIFY2(r.exitCode == (vec.expectedValid ? 0 : 1), r.err.constData());
        const QJsonObject json = r.json().object();
        QCOMPARE(json.value(u"valid"_s).toBool(), vec.expectedValid);
        QVERIFY(!json.value(u"reason"_s).toString().isEmpty());
        QVERIFY(json.contains(u"hints"_s));
        QVERIFY(json.contains(u"canonical"_s));
    }

    void humanOutput()
    {
        const QString body = writeBody(u"hello"_s, "Hello, World!");
        auto r = test::runCli(
            { u"verify"_s, u"--scheme"_s, u"github"_s, u"--secret"_s, u"It's a Secret to Everybody"_s, u"--header"_s,
                u"X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"_s,
                u"--body"_s, body },
            m_env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("valid (github)"), r.out.constData());
        // Upper-case hex: invalid, and the output says why, with both signatures.
        r = test::runCli(
            { u"verify"_s, u"--scheme"_s, u"github"_s, u"--secret"_s, u"It's a Secret to Everybody"_s, u"--header"_s,
                u"X-Hub-Signature-256: sha256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17"_s,
                u"--body"_s, body },
            m_env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains("reason:    hex-case"), r.out.constData());
        QVERIFY(r.out.contains("expected:  sha256=757107ea"));
        QVERIFY(r.out.contains("received:  sha256=757107EA"));
        QVERIFY(r.out.contains("signed:    Hello, World!"));
    }

    void rotationTriesEverySecret()
    {
        const QString body = writeBody(u"hello2"_s, "Hello, World!");
        const auto r = test::runCli(
            { u"verify"_s, u"--scheme"_s, u"github"_s, u"--secret"_s, u"old"_s, u"--secret"_s,
                u"It's a Secret to Everybody"_s, u"--header"_s,
                u"X-Hub-Signature-256: sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"_s,
                u"--body"_s, body, u"--json"_s },
            m_env);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().object().value(u"secretIndex"_s).toInt(), 1);
    }

    void exitCodes_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        const QString body = writeBody(u"body"_s, "{}");
        QTest::addRow("unknown scheme") << QStringList { u"--scheme"_s, u"nope"_s, u"--secret"_s, u"s"_s, u"--body"_s,
            body } << 2;
        QTest::addRow("unreadable body") << QStringList { u"--scheme"_s, u"github"_s, u"--secret"_s, u"s"_s,
            u"--body"_s, m_dir.filePath(u"absent"_s) }
                                         << 2;
        QTest::addRow("malformed header") << QStringList { u"--scheme"_s, u"github"_s, u"--secret"_s, u"s"_s,
            u"--header"_s, u"no colon here"_s, u"--body"_s, body }
                                          << 2;
        QTest::addRow("no scheme") << QStringList { u"--secret"_s, u"s"_s, u"--body"_s, body } << 2;
        QTest::addRow("bad --now") << QStringList { u"--scheme"_s, u"github"_s, u"--secret"_s, u"s"_s, u"--body"_s,
            body, u"--now"_s, u"soon"_s }
                                   << 2;
        QTest::addRow("missing headers") << QStringList { u"--scheme"_s, u"github"_s, u"--secret"_s, u"s"_s,
            u"--body"_s, body } << 1;
        QTest::addRow("invalid signature") << QStringList { u"--scheme"_s, u"github"_s, u"--secret"_s, u"s"_s,
            u"--header"_s, u"X-Hub-Signature-256: sha256=00"_s, u"--body"_s, body }
                                           << 1;
    }

    void exitCodes()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        const auto r = test::runCli(QStringList { u"verify"_s } + args, m_env);
        QVERIFY2(r.exitCode == exitCode, QByteArray(r.out + r.err).constData());
        if (exitCode == 2)
            QVERIFY(!r.err.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCliVerify)
#include "tst_cli_verify.moc"
