// Hookscope against the providers' own libraries (issue item 9, and the Stripe parsing of item 8): what
// `hookscope send` puts on the wire passes each provider's official verifier, and what each SDK signs passes
// `hookscope verify` (a tampered copy does not). The SDKs are Node packages pinned in tests/sdk/package-lock.json;
// tests/sdk/interop.js drives them. Schemes whose provider publishes no Node verifier are checked with the
// provider's documented algorithm, and the row names say so.

#include "core/replay/capturedrequest.h"
#include "core/verify/asymmetric.h"
#include "core/verify/rsakeys.h"
#include "testhttpserver.h"
#include "testsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

QString sdkDir()
{
    return QDir::cleanPath(QStringLiteral(HOOKSCOPE_TEST_DATA) + u"/../sdk"_s);
}

QJsonArray headersJson(const http::HttpHeaders& headers)
{
    QJsonArray out;
    for (const auto& h : headers)
        out.append(QJsonArray { QString::fromLatin1(h.name), QString::fromUtf8(h.value) });
    return out;
}

} // namespace

class TestSdkInterop final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcessEnvironment m_env;
    QString m_node;
    QByteArray m_ecPrivatePem;
    QByteArray m_ecPublic;
    QByteArray m_edPrivate;
    QByteArray m_edPublic;
    QByteArray m_rsaPrivate;
    QByteArray m_rsaPublic;
    QByteArray m_rsaCertificate; ///< stands in for Amazon SNS's signing certificate
    int m_files = 0;

    QString writeFile(const QByteArray& bytes)
    {
        const QString path = m_dir.filePath(u"file-%1"_s.arg(++m_files));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(bytes);
        return path;
    }

    /** Runs `node interop.js MODE CASE` and returns its JSON answer; `error` gets stderr when it failed. */
    QJsonObject node(const QString& mode, const QJsonObject& input, QString* error)
    {
        QProcess p;
        p.setWorkingDirectory(sdkDir());
        p.start(m_node,
            { sdkDir() + u"/interop.js"_s, mode, writeFile(QJsonDocument(input).toJson(QJsonDocument::Compact)) });
        if (!p.waitForStarted(10'000) || !p.waitForFinished(60'000)) {
            p.kill();
            p.waitForFinished();
            *error = u"node did not finish within 60 s"_s;
            return {};
        }
        const QByteArray out = p.readAllStandardOutput();
        const QByteArray err = p.readAllStandardError();
        if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            *error = QString::fromUtf8(err + out);
            return {};
        }
        return QJsonDocument::fromJson(out).object();
    }

    /** `hookscope verify` over a request; the verdict as JSON, and the exit code. */
    std::pair<int, QJsonObject> hookscopeVerify(const QString& scheme, const QByteArray& key,
        const http::HttpHeaders& headers, const QByteArray& body, const QString& url, qint64 nowMs)
    {
        QStringList args { u"verify"_s, u"--scheme"_s, scheme, u"--secret"_s, QString::fromUtf8(key), u"--body"_s,
            writeFile(body), u"--now"_s, QString::number(nowMs), u"--json"_s };
        if (!url.isEmpty())
            args << u"--url"_s << url;
        for (const auto& h : headers)
            args << u"--header"_s << QString::fromLatin1(h.name) + u": "_s + QString::fromUtf8(h.value);
        const auto r = test::runCli(args, m_env);
        return { r.exitCode, r.json().object() };
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_env = test::isolatedEnvironment(m_dir.path());
        m_node = QStandardPaths::findExecutable(u"node"_s);
        QVERIFY2(!m_node.isEmpty(), "node (Node.js 20) is needed: the providers' SDKs run in it");
        // The SDKs are installed from the committed lock file when missing or older than it (npm registry only).
        const QFileInfo lock(sdkDir() + u"/package-lock.json"_s);
        const QFileInfo installed(sdkDir() + u"/node_modules/.package-lock.json"_s);
        QVERIFY2(lock.exists(), qPrintable(lock.filePath()));
        if (!installed.exists() || installed.lastModified() < lock.lastModified()) {
            const QString npm = QStandardPaths::findExecutable(u"npm"_s);
            QVERIFY2(!npm.isEmpty(), "npm is needed to install tests/sdk");
            QProcess p;
            p.setProcessChannelMode(QProcess::MergedChannels);
            p.start(npm, { u"ci"_s, u"--prefix"_s, sdkDir(), u"--no-audit"_s, u"--no-fund"_s });
            QVERIFY(p.waitForStarted(10'000));
            QVERIFY2(p.waitForFinished(600'000), "npm ci did not finish within 10 min");
            QVERIFY2(p.exitCode() == 0, p.readAll().constData());
        }
        auto pem = verify::asymmetric::ecGenerateP256();
        QVERIFY(pem);
        m_ecPrivatePem = *pem;
        m_ecPublic = *verify::asymmetric::ecPublicKeyBase64(m_ecPrivatePem);
        const QByteArray seed = verify::asymmetric::ed25519Generate();
        m_edPrivate = "whsk_" + seed.toBase64();
        m_edPublic = "whpk_" + verify::asymmetric::ed25519PublicKey(seed)->toBase64();
        m_rsaPrivate = verify::rsa::generate().value_or(QByteArray());
        m_rsaPublic = verify::rsa::publicKeyPem(m_rsaPrivate).value_or(QByteArray());
        m_rsaCertificate
            = verify::rsa::selfSignedCertificate(m_rsaPrivate, "sns.amazonaws.com (test)").value_or(QByteArray());
        QVERIFY(!m_rsaCertificate.isEmpty() && !m_rsaPublic.isEmpty());
    }

    // Item 9: the real `hookscope send` to a loopback recorder; the exact request is fed to the provider's verifier.
    void hostile09_sendPassesOfficialVerifier_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QByteArray>("signSecret");
        QTest::addColumn<QByteArray>("verifyKey");
        QTest::addColumn<QString>("verifier"); ///< interop.js's verifier
        const QByteArray whsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        const auto row = [](const char* name, const QString& scheme, const QByteArray& secret) {
            QTest::addRow("%s", name) << scheme << secret << secret << scheme;
        };
        row("stripe: stripe.webhooks.constructEvent", u"stripe"_s, "whsec_test_secret");
        row("svix: svix Webhook.verify", u"svix"_s, whsec);
        row("standard-webhooks: standardwebhooks Webhook.verify", u"standard-webhooks"_s, whsec);
        row("resend: resend webhooks.verify", u"resend"_s, whsec);
        row("github: @octokit/webhooks-methods verify", u"github"_s, "It's a Secret to Everybody");
        row("slack: @slack/bolt verifySlackRequest", u"slack"_s, "8f742231b10e8888abcd99yyyzzz85a5");
        row("shopify: @shopify/shopify-api webhooks.validate", u"shopify"_s, "shpss_client_secret");
        row("twilio: twilio validateRequestWithBody", u"twilio"_s, "12345678901234567890123456789012");
        QTest::addRow("sendgrid: @sendgrid/eventwebhook verifySignature")
            << u"sendgrid"_s << m_ecPrivatePem << m_ecPublic << u"sendgrid"_s;
        // No official Node verifier: the provider's documented algorithm, with node:crypto.
        QTest::addRow("standard-webhooks v1a: spec algorithm (no SDK verifies v1a)")
            << u"standard-webhooks"_s << m_edPrivate << m_edPublic << u"standard-webhooks-v1a"_s;
        row("github-sha1: documented algorithm (octokit verifies sha256 only)", u"github-sha1"_s, "gh-secret");
        row("mailgun: documented algorithm (mailgun.js has no verifier)", u"mailgun"_s,
            "key-3ax6xnjp29jd6fds4gc373sgvjxteol0");
        row("postmark: Basic credentials (Postmark has no verifier)", u"postmark"_s, "hookuser:s3cr3t-p4ss");
        row("mailparse: documented algorithm (no SDK)", u"mailparse"_s, "s3cret");
        // The email providers' schemes: Amazon's own SNS validator; the others publish no Node verifier.
        QTest::addRow("sns: sns-validator MessageValidator.validate")
            << u"sns"_s << m_rsaPrivate << m_rsaCertificate << u"sns"_s;
        QTest::addRow("postal: documented algorithm (no SDK)")
            << u"postal"_s << m_rsaPrivate << m_rsaPublic << u"postal"_s;
        row("mandrill: documented algorithm (the Node client has no verifier)", u"mandrill"_s,
            "hDRdk-rQy9CTsMNwe0CDOA");
        row("mailersend: documented algorithm (the Node SDK has no verifier)", u"mailersend"_s, "ms-signing-secret");
        row("sparkpost: relay token (SparkPost has no verifier)", u"sparkpost"_s, "5ebe2294ecd0e0f08eab7690d2a6ee69");
        row("sparkpost: Basic credentials (SparkPost has no verifier)", u"sparkpost"_s, "relay:s3cr3t");
        row("mailjet: Basic credentials (Mailjet has no verifier)", u"mailjet"_s, "mjhook:pa55w0rd");
        row("hmac: the generic scheme's default (no provider)", u"hmac"_s, "generic-secret");
    }

    void hostile09_sendPassesOfficialVerifier()
    {
        QFETCH(QString, scheme);
        QFETCH(QByteArray, signSecret);
        QFETCH(QByteArray, verifyKey);
        QFETCH(QString, verifier);
        test::TestHttpServer recorder;
        QVERIFY(recorder.listen());
        QProcess send;
        send.setProcessEnvironment(m_env);
        send.setProcessChannelMode(QProcess::MergedChannels);
        send.start(test::binary(),
            { u"send"_s, u"--to"_s, recorder.url(u"/hooks/in?tenant=7"_s), u"--scheme"_s, scheme, u"--secret"_s,
                QString::fromUtf8(signSecret), u"--sample"_s, u"--no-store"_s });
        QVERIFY(send.waitForStarted(10'000));
        // The recorder answers in this event loop, so wait for the sender without blocking it.
        QVERIFY2(QTest::qWaitFor([&] { return send.state() == QProcess::NotRunning; }, 30'000),
            "hookscope send did not finish within 30 s");
        QVERIFY2(send.exitCode() == 0, send.readAll().constData());
        QCOMPARE(recorder.requests().size(), 1);

        const auto& request = recorder.requests().first();
        const QList<QByteArray> line = request.head.left(request.head.indexOf("\r\n")).split(' ');
        QCOMPARE(line.size(), 3);
        const http::HttpHeaders headers = replay::CapturedRequest::parseHeaderBlock(request.head);
        const QString url
            = u"http://"_s + QString::fromUtf8(headerValue(headers, "Host")) + QString::fromUtf8(line.at(1));
        QString error;
        const QJsonObject verdict = node(u"verify"_s,
            { { u"scheme"_s, scheme }, { u"verifier"_s, verifier }, { u"key"_s, QString::fromUtf8(verifyKey) },
                { u"method"_s, QString::fromLatin1(line.at(0)) }, { u"url"_s, url },
                { u"headers"_s, headersJson(headers) },
                { u"bodyBase64"_s, QString::fromLatin1(request.body.toBase64()) } },
            &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QString name = verdict[u"verifier"_s].toString();
        qInfo("%s -> %s", qPrintable(scheme), qPrintable(name));
        QVERIFY2(verdict[u"valid"_s].toBool(),
            qPrintable(name + u" refused it: "_s + verdict[u"error"_s].toString() + u"\n"_s
                + QString::fromUtf8(request.head)));
        // The verifier is not vacuous: a copy changed where the signature covers it is refused.
        QVERIFY2(!verdict[u"tamperedValid"_s].toBool(), qPrintable(name + u" accepts a tampered copy"_s));
    }

    // The other way: each SDK that can sign does, and the real `hookscope verify` accepts it and refuses a tampered
    // copy.
    void sdkSignsHookscopeVerifies_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QByteArray>("signSecret");
        QTest::addColumn<QByteArray>("verifyKey");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        const QByteArray json = test::sampleEvent(u"evt_sdk_interop"_s);
        const QByteArray whsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        const QByteArray jsonType = "application/json";
        const auto row = [&](const char* name, const QString& scheme, const QByteArray& secret) {
            QTest::addRow("%s", name) << scheme << secret << secret << jsonType << json;
        };
        row("stripe generateTestHeaderString", u"stripe"_s, "whsec_test_secret");
        row("svix Webhook.sign", u"svix"_s, whsec);
        row("standardwebhooks Webhook.sign", u"standard-webhooks"_s, whsec);
        row("resend (svix Webhook.sign)", u"resend"_s, whsec);
        row("@octokit/webhooks-methods sign", u"github"_s, "It's a Secret to Everybody");
        row("@shopify/shopify-api getHmac", u"shopify"_s, "shpss_client_secret");
        row("twilio JSON (bodySHA256)", u"twilio"_s, "12345678901234567890123456789012");
        QTest::addRow("twilio form parameters")
            << u"twilio"_s << QByteArray("12345678901234567890123456789012")
            << QByteArray("12345678901234567890123456789012") << QByteArray("application/x-www-form-urlencoded")
            << QByteArray("To=%2B15551234567&From=%2B15557654321&Body=Hello+there&Body=again&MessageSid=SM1");
        QTest::addRow("sendgrid (starkbank-ecdsa)") << u"sendgrid"_s << m_ecPrivatePem << m_ecPublic << jsonType
                                                    << QByteArray(R"([{"event":"open"}])"
                                                                  "\r\n");
    }

    void sdkSignsHookscopeVerifies()
    {
        QFETCH(QString, scheme);
        QFETCH(QByteArray, signSecret);
        QFETCH(QByteArray, verifyKey);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QString error;
        const QJsonObject signedBySdk = node(u"sign"_s,
            { { u"scheme"_s, scheme }, { u"secret"_s, QString::fromUtf8(signSecret) },
                { u"url"_s, u"https://hooks.example.test/in/email?tenant=7"_s }, { u"body"_s, QString::fromUtf8(body) },
                { u"now"_s, double(now) }, { u"contentType"_s, QString::fromLatin1(contentType) } },
            &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        http::HttpHeaders headers { { "Content-Type", contentType } };
        for (const auto& h : signedBySdk[u"headers"_s].toArray())
            headers.append({ h[0].toString().toLatin1(), h[1].toString().toUtf8() });
        const QString url = signedBySdk[u"url"_s].toString();
        qInfo("%s signed by %s", qPrintable(scheme), qPrintable(signedBySdk[u"signer"_s].toString()));

        const auto [exit, verdict] = hookscopeVerify(scheme, verifyKey, headers, body, url, now * 1000);
        QVERIFY2(exit == 0 && verdict[u"valid"_s].toBool(), QJsonDocument(verdict).toJson().constData());
        const auto [tamperedExit, tampered] = hookscopeVerify(scheme, verifyKey, headers, body + ' ', url, now * 1000);
        QCOMPARE(tamperedExit, 1);
        QVERIFY(!tampered[u"valid"_s].toBool());
    }

    // Item 8, checked against the SDK itself: for each way of writing Stripe-Signature, Hookscope and
    // stripe.webhooks.constructEvent give the same answer.
    void stripeHeaderParsingAgreesWithSdk_data()
    {
        QTest::addColumn<QByteArray>("header");
        const QByteArray body = R"({"id":"evt_test_webhook","object":"event"})";
        const QByteArray t = "1700000000";
        const QByteArray mac
            = crypto::hmac(crypto::Digest::Sha256, "whsec_test_secret", QByteArray(t + '.' + body)).toHex();
        QTest::addRow("no spaces") << QByteArray("t=" + t + ",v1=" + mac);
        QTest::addRow("space after the comma") << QByteArray("t=" + t + ", v1=" + mac);
        QTest::addRow("two spaces") << QByteArray("t=" + t + ",  v1=" + mac);
        QTest::addRow("tab after the comma") << QByteArray("t=" + t + ",\tv1=" + mac);
        QTest::addRow("space before =") << QByteArray("t =" + t + ",v1=" + mac);
        QTest::addRow("v1 first, space before t") << QByteArray("v1=" + mac + ", t=" + t);
        QTest::addRow("a second, spaced v1") << QByteArray("t=" + t + ",v1=" + mac + ", v1=" + mac);
        QTest::addRow("space inside t=") << QByteArray("t= " + t + ",v1=" + mac);
        QTest::addRow("trailing junk after the MAC's '='") << QByteArray("t=" + t + ",v1=" + mac + "=junk");
        QTest::addRow("v0 only") << QByteArray("t=" + t + ",v0=" + mac);
        QTest::addRow("two t, the last wins") << QByteArray("t=1,t=" + t + ",v1=" + mac);
    }

    void stripeHeaderParsingAgreesWithSdk()
    {
        QFETCH(QByteArray, header);
        const QByteArray body = R"({"id":"evt_test_webhook","object":"event"})";
        const qint64 nowMs = 1'700'000'005'000;
        QString error;
        const QJsonObject sdk = node(u"stripe-header"_s,
            { { u"body"_s, QString::fromUtf8(body) }, { u"header"_s, QString::fromUtf8(header) },
                { u"secret"_s, u"whsec_test_secret"_s }, { u"nowMs"_s, double(nowMs) } },
            &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const auto [exit, verdict] = hookscopeVerify(
            u"stripe"_s, "whsec_test_secret", { { "Stripe-Signature", header } }, body, QString(), nowMs);
        QVERIFY2(exit == 0 || exit == 1, QJsonDocument(verdict).toJson().constData());
        QVERIFY2(verdict[u"valid"_s].toBool() == sdk[u"valid"_s].toBool(),
            qPrintable(u"stripe-node says %1 (%2); Hookscope says %3 (%4)"_s.arg(
                sdk[u"valid"_s].toBool() ? u"valid"_s : u"invalid"_s, sdk[u"error"_s].toString(),
                verdict[u"valid"_s].toBool() ? u"valid"_s : u"invalid"_s, verdict[u"reason"_s].toString())));
    }
};

QTEST_GUILESS_MAIN(TestSdkInterop)
#include "tst_sdk_interop.moc"
