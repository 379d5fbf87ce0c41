// The email providers' signature schemes (mandrill, sns, postal, mailersend, sparkpost, mailjet): their vectors
// through `hookscope verify`, Amazon SNS's certificate URL rule (refused before any network access), signing, and
// the diagnosis naming each cause.

#include "core/verify/rsakeys.h"
#include "core/verify/scheme.h"
#include "core/verify/snscertificates.h"
#include "core/verify/snsscheme.h"
#include "providervectors.h"
#include "testsupport.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;

class TestProviderSchemes final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcessEnvironment m_env;
    QByteArray m_rsaPrivate;
    QByteArray m_certificate;

    QString writeFile(const QString& name, const QByteArray& bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(bytes);
        return path;
    }

    static QByteArray httpAnswer(const QByteArray& status, const QByteArray& extra, const QByteArray& body)
    {
        return "HTTP/1.1 " + status + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n" + extra
            + "Connection: close\r\n\r\n" + body;
    }

    /** An SNS Notification signed with the test key, pointing at `certUrl`. */
    QByteArray snsMessage(const QString& certUrl, const QString& version = u"1"_s)
    {
        QJsonObject m { { u"Type"_s, u"Notification"_s }, { u"MessageId"_s, u"m-1"_s },
            { u"TopicArn"_s, u"arn:aws:sns:eu-west-1:123456789012:mail"_s }, { u"Message"_s, u"hello"_s },
            { u"Timestamp"_s, u"2026-12-04T12:00:00.000Z"_s }, { u"SignatureVersion"_s, version },
            { u"SigningCertURL"_s, certUrl } };
        const auto sig = verify::rsa::sign(m_rsaPrivate,
            version == u"2"_s ? crypto::Digest::Sha256 : crypto::Digest::Sha1, *verify::SnsScheme::canonical(m));
        m.insert(u"Signature"_s, QString::fromLatin1(sig.value_or(QByteArray()).toBase64()));
        return QJsonDocument(m).toJson();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_env = test::isolatedEnvironment(m_dir.path());
        auto key = verify::rsa::generate();
        QVERIFY2(key, qPrintable(key ? QString() : key.error()));
        m_rsaPrivate = *key;
        auto cert = verify::rsa::selfSignedCertificate(m_rsaPrivate, "sns.amazonaws.com (test)");
        QVERIFY2(cert, qPrintable(cert ? QString() : cert.error()));
        m_certificate = *cert;
    }

    void registered()
    {
        for (const QString& name :
            { u"mandrill"_s, u"sns"_s, u"postal"_s, u"mailersend"_s, u"sparkpost"_s, u"mailjet"_s })
            QVERIFY2(verify::schemeNames().contains(name), qPrintable(name));
    }

    // Every vector through the real `hookscope verify`: the verdict and its reason code.
    void vectorsThroughVerify_data()
    {
        QTest::addColumn<int>("index");
        QString error;
        const auto vectors = test::loadProviderVectors(&error);
        QVERIFY2(vectors.size() >= 40, qPrintable(error));
        for (int i = 0; i < vectors.size(); ++i)
            QTest::addRow("%s", qPrintable(vectors.at(i).vector.id)) << i;
    }

    void vectorsThroughVerify()
    {
        QFETCH(int, index);
        const test::ProviderVector p = test::loadProviderVectors().at(index);
        const test::SignatureVector& vec = p.vector;
        QStringList args { u"verify"_s, u"--scheme"_s, vec.scheme, u"--body"_s, writeFile(vec.id, vec.body),
            u"--json"_s };
        for (const auto& s : vec.secrets)
            args << u"--secret"_s << QString::fromUtf8(s);
        for (const auto& [name, value] : vec.headers)
            args << u"--header"_s << QString::fromLatin1(name) + u": "_s + QString::fromUtf8(value);
        if (!vec.url.isEmpty())
            args << u"--url"_s << vec.url;
        const auto r = test::runCli(args, m_env);
        QVERIFY2(r.exitCode == (vec.expectedValid ? 0 : 1), QByteArray(r.out + r.err).constData());
        const QJsonObject json = r.json().object();
        QCOMPARE(json.value(u"valid"_s).toBool(), vec.expectedValid);
        QCOMPARE(json.value(u"reason"_s).toString(), p.expectedReason);
        if (!vec.expectedValid)
            QVERIFY2(!json.value(u"hints"_s).toArray().isEmpty(), "a failure says why");
    }

    // The rule for SigningCertURL, on the text alone.
    void snsCertificateUrlRule_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("allowed");
        const auto row = [](const char* name, const char* url, bool allowed) {
            QTest::addRow("%s", name) << QString::fromLatin1(url) << allowed;
        };
        row("us-east-1",
            "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-01d088a6f77103d0fe307c0069e40ed6.pem", true);
        row("china", "https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-1.pem", true);
        row("explicit 443", "https://sns.eu-west-1.amazonaws.com:443/SimpleNotificationService-1.pem", true);
        row("http", "http://sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem", false);
        row("upper-case scheme", "HTTPS://sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem", false);
        row("other host", "https://evil.example/SimpleNotificationService-1.pem", false);
        row("userinfo", "https://sns.us-east-1.amazonaws.com@evil.example/", false);
        row("userinfo with .pem", "https://sns.us-east-1.amazonaws.com@evil.example/x.pem", false);
        row("userinfo and password", "https://sns.us-east-1.amazonaws.com:x@evil.example/x.pem", false);
        row("suffix", "https://sns.us-east-1.amazonaws.com.evil/x.pem", false);
        row("suffix with dot", "https://sns.us-east-1.amazonaws.com.evil.example/x.pem", false);
        row("prefix", "https://evilsns.us-east-1.amazonaws.com/x.pem", false);
        row("sub-subdomain", "https://a.sns.us-east-1.amazonaws.com/x.pem", false);
        row("not sns", "https://s3.us-east-1.amazonaws.com/x.pem", false);
        row("backslash", "https://evil.example\\@sns.us-east-1.amazonaws.com/x.pem", false);
        row("fragment trick", "https://evil.example#@sns.us-east-1.amazonaws.com/x.pem", false);
        row("percent in host", "https://sns.us-east-1.amazonaws%2Ecom/x.pem", false);
        row("other port", "https://sns.us-east-1.amazonaws.com:8443/x.pem", false);
        row("no pem", "https://sns.us-east-1.amazonaws.com/", false);
        row("query", "https://sns.us-east-1.amazonaws.com/x.pem?a=b", false);
        row("space", "https://sns.us-east-1.amazonaws.com/x .pem", false);
        row("empty", "", false);
    }

    void snsCertificateUrlRule()
    {
        QFETCH(QString, url);
        QFETCH(bool, allowed);
        const QString problem = verify::sns::certificateUrlProblem(url);
        QVERIFY2(problem.isEmpty() == allowed, qPrintable(url + u": "_s + problem));
    }

    // A disallowed SigningCertURL is refused with its own reason, and nothing is fetched: the process made no fetch
    // attempt at all. `fetch` is configured only where the host a parser sees is loopback, so that even a broken
    // rule could not reach beyond 127.0.0.1; elsewhere the configured certificate stands in.
    void snsDisallowedUrlIsRefusedWithoutNetwork_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("withFetch");
        QTest::addRow("other host") << u"https://127.0.0.1/SimpleNotificationService-1.pem"_s << true;
        QTest::addRow("userinfo") << u"https://sns.us-east-1.amazonaws.com@127.0.0.1/x.pem"_s << true;
        QTest::addRow("http, loopback") << u"http://127.0.0.1/SimpleNotificationService-1.pem"_s << true;
        QTest::addRow("http") << u"http://sns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem"_s << false;
        QTest::addRow("suffix") << u"https://sns.us-east-1.amazonaws.com.evil/x.pem"_s << false;
    }

    void snsDisallowedUrlIsRefusedWithoutNetwork()
    {
        QFETCH(QString, url);
        QFETCH(bool, withFetch);
        const int before = verify::sns::fetchAttempts();
        QList<QByteArray> secrets { m_certificate };
        if (withFetch)
            secrets << QByteArray("fetch");
        for (const QByteArray& secret : secrets) {
            verify::Input in;
            in.body = snsMessage(url);
            in.secrets = { secret };
            const verify::Verdict v = verify::createScheme(u"sns"_s)->verify(in);
            QVERIFY(!v.valid());
            QCOMPARE(v.reason, u"disallowed-cert-url"_s);
            QCOMPARE(v.httpStatus(), 401);
            QVERIFY2(v.hints.join(u' ').contains(url.left(40)), qPrintable(v.hints.join(u' ')));
        }
        QCOMPARE(verify::sns::fetchAttempts(), before);
        QCOMPARE(before, 0);
    }

    // The download behind `fetch`, against a loopback server (the URL rule is certificate()'s, tested above): a PEM
    // answer is taken, a redirect is not followed, anything else is refused.
    void snsCertificateDownload_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<bool>("taken");
        const auto http = &TestProviderSchemes::httpAnswer;
        QTest::addRow("certificate") << http("200 OK", {}, m_certificate) << true;
        // The redirect leads to a certificate on the same server: following it would take that.
        QTest::addRow("redirect") << http("302 Found", "Location: /real.pem\r\n", {}) << false;
        QTest::addRow("not found") << http("404 Not Found", {}, "no") << false;
        QTest::addRow("not a certificate") << http("200 OK", {}, "<html>hello</html>") << false;
    }

    void snsCertificateDownload()
    {
        QFETCH(QByteArray, answer);
        QFETCH(bool, taken);
        const auto http = &TestProviderSchemes::httpAnswer;
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        connect(&server, &QTcpServer::newConnection, &server, [&] {
            QTcpSocket* s = server.nextPendingConnection();
            connect(s, &QTcpSocket::readyRead, s, [this, s, answer, http] {
                const QByteArray request = s->readAll();
                if (!request.contains("\r\n\r\n"))
                    return;
                s->write(request.startsWith("GET /real.pem ") ? http("200 OK", {}, m_certificate) : answer);
                s->disconnectFromHost();
            });
        });
        const auto pem = verify::sns::download(u"http://127.0.0.1:%1/cert.pem"_s.arg(server.serverPort()));
        QVERIFY2(bool(pem) == taken, qPrintable(pem ? QString::fromLatin1(pem->left(40)) : pem.error()));
        if (taken)
            QCOMPARE(*pem, m_certificate);
    }

    // Offline: the certificate configured on the route verifies both signature versions.
    void snsConfiguredCertificate_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addRow("SignatureVersion 1") << u"1"_s;
        QTest::addRow("SignatureVersion 2") << u"2"_s;
    }

    void snsConfiguredCertificate()
    {
        QFETCH(QString, version);
        verify::Input in;
        in.body = snsMessage(u"https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-test.pem"_s, version);
        in.secrets = { m_certificate };
        const verify::Verdict v = verify::createScheme(u"sns"_s)->verify(in);
        QVERIFY2(v.valid(), qPrintable(v.reason + u": "_s + v.hints.join(u' ')));
        QCOMPARE(v.deliveryId, u"m-1"_s);
        QCOMPARE(verify::sns::fetchAttempts(), 0);
    }

    // `sign` wraps any other body as SNS delivers it, a Notification whose Message is the body.
    void snsSignWrapsABody()
    {
        verify::SignInput si;
        si.body = R"({"hello":"world"})";
        si.secret = m_rsaPrivate;
        si.nowMs = 1'700'000'000'000;
        si.deliveryId = "delivery-7";
        const auto s = verify::createScheme(u"sns"_s)->sign(si);
        QVERIFY2(s, qPrintable(s ? QString() : s.error()));
        const QJsonObject m = QJsonDocument::fromJson(s->body).object();
        QCOMPARE(m.value(u"Type"_s).toString(), u"Notification"_s);
        QCOMPARE(m.value(u"Message"_s).toString(), QString::fromLatin1(si.body));
        QCOMPARE(m.value(u"MessageId"_s).toString(), u"delivery-7"_s);
        QVERIFY(verify::sns::certificateUrlProblem(m.value(u"SigningCertURL"_s).toString()).isEmpty());
        verify::Input in;
        in.headers = s->headers;
        in.body = s->body;
        in.secrets = { m_certificate };
        QVERIFY(verify::createScheme(u"sns"_s)->verify(in).valid());
        // Public-key schemes sign only with a private key of one's own.
        si.secret = m_certificate;
        QVERIFY(!verify::createScheme(u"sns"_s)->sign(si));
        QVERIFY(!verify::createScheme(u"postal"_s)->sign(si));
    }

    // A wrong key for `replay --negative wrong-secret` is generated, of the scheme's own kind.
    void wrongSecretHasTheRightForm_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QByteArray>("secret");
        QTest::addRow("postal") << u"postal"_s << m_rsaPrivate;
        QTest::addRow("sns") << u"sns"_s << m_certificate;
        QTest::addRow("mandrill") << u"mandrill"_s << QByteArray("hDRdk-rQy9CTsMNwe0CDOA");
        QTest::addRow("mailersend") << u"mailersend"_s << QByteArray("signing-secret");
        QTest::addRow("sparkpost token") << u"sparkpost"_s << QByteArray("5ebe2294ecd0e0f08eab7690d2a6ee69");
        QTest::addRow("sparkpost basic") << u"sparkpost"_s << QByteArray("relay:s3cr3t");
        QTest::addRow("mailjet") << u"mailjet"_s << QByteArray("mjhook:pa55w0rd");
    }

    void wrongSecretHasTheRightForm()
    {
        QFETCH(QString, scheme);
        QFETCH(QByteArray, secret);
        const auto s = verify::createScheme(scheme);
        const auto first = s->wrongSecret(secret);
        const auto second = s->wrongSecret(secret);
        QVERIFY2(first && second, qPrintable(first ? QString() : first.error()));
        QVERIFY(*first != secret && *first != *second);
        if (scheme == u"postal"_s || scheme == u"sns"_s) {
            QVERIFY(verify::rsa::isPrivateKeyPem(*first));
            QVERIFY(*verify::rsa::publicKeyPem(*first) != *verify::rsa::publicKeyPem(m_rsaPrivate));
        } else if (secret.contains(':')) {
            QVERIFY(first->startsWith(secret.left(secret.indexOf(':') + 1)));
        } else if (scheme == u"sparkpost"_s) {
            QVERIFY(!first->contains(':'));
        }
    }

    // Credentials are no signature: a request carrying Basic credentials on a route of another scheme is not said
    // to "verify under" mailjet or sparkpost (as for postmark), it is missing its own scheme's headers.
    void credentialsAreNotAnotherScheme()
    {
        verify::Input in;
        in.headers = { { "Authorization", "Basic " + QByteArray("u:p").toBase64() } };
        in.body = R"({"a":1})";
        in.secrets = { "u:p" };
        const verify::Verdict v = verify::createScheme(u"github"_s)->verify(in);
        QCOMPARE(v.reason, u"missing-headers"_s);
        QVERIFY2(!v.hints.join(u' ').contains(u"verifies under"_s), qPrintable(v.hints.join(u" | "_s)));
    }

    // The diagnosis names each cause in words a user can act on.
    void diagnosisNamesTheCause_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("words");
        QTest::addRow("mandrill wrong key") << u"mandrill-wrong-key"_s << u"webhook key differs"_s;
        QTest::addRow("mandrill wrong url") << u"mandrill-wrong-url-scheme"_s << u"public URL"_s;
        QTest::addRow("mandrill missing header") << u"mandrill-missing-header"_s << u"X-Mandrill-Signature"_s;
        QTest::addRow("mailersend wrong secret") << u"mailersend-wrong-secret"_s << u"secret differs"_s;
        QTest::addRow("postal wrong key") << u"postal-wrong-key"_s << u"wrong key"_s;
        QTest::addRow("sns wrong certificate") << u"sns-wrong-certificate"_s << u"wrong key"_s;
        QTest::addRow("sns disallowed url") << u"sns-cert-url-userinfo"_s << u"evil.example"_s;
        QTest::addRow("sns missing signature") << u"sns-missing-signature"_s << u"Signature (in the JSON body)"_s;
        QTest::addRow("sparkpost wrong token") << u"sparkpost-token-wrong"_s << u"not the configured token"_s;
        QTest::addRow("mailjet wrong password") << u"mailjet-wrong-password"_s << u"password differs"_s;
    }

    void diagnosisNamesTheCause()
    {
        QFETCH(QString, id);
        QFETCH(QString, words);
        for (const test::ProviderVector& p : test::loadProviderVectors()) {
            if (p.vector.id != id)
                continue;
            verify::Input in;
            for (const auto& [name, value] : p.vector.headers)
                in.headers.append({ name, value });
            in.body = p.vector.body;
            in.url = p.vector.url;
            in.secrets = p.vector.secrets;
            const verify::Verdict v = verify::createScheme(p.vector.scheme)->verify(in);
            QCOMPARE(v.reason, p.expectedReason);
            QVERIFY2(v.hints.join(u' ').contains(words), qPrintable(v.hints.join(u" | "_s)));
            return;
        }
        QFAIL(qPrintable(u"no vector "_s + id));
    }
};

QTEST_GUILESS_MAIN(TestProviderSchemes)
#include "tst_provider_schemes.moc"
