// The email providers' signature schemes on the wire: a real `serve` on loopback verifies what `send` signed as the
// provider (mandrill, sns, postal, mailersend, sparkpost, mailjet), `replay --resign` re-signs a captured delivery
// so that a second listener verifies it, and a delivery signed with a wrong key of the right kind is refused with
// the scheme's reason. Credentials never reach the store in clear.

#include "core/verify/rsakeys.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

QJsonArray listJson(test::ServeProcess& serve)
{
    return serve.cli({ u"list"_s, u"--json"_s }).json().array();
}

QJsonObject lastDelivery(test::ServeProcess& serve, int event)
{
    const QJsonArray deliveries
        = serve.cli({ u"show"_s, QString::number(event), u"--json"_s }).json()[u"deliveryList"_s].toArray();
    return deliveries.isEmpty() ? QJsonObject() : deliveries.last().toObject();
}

} // namespace

class TestProviderServe final : public QObject {
    Q_OBJECT

private:
    QByteArray m_rsaPrivate;
    QByteArray m_rsaPublic;
    QByteArray m_certificate;

private Q_SLOTS:
    void initTestCase()
    {
        auto key = verify::rsa::generate();
        QVERIFY2(key, qPrintable(key ? QString() : key.error()));
        m_rsaPrivate = *key;
        auto pub = verify::rsa::publicKeyPem(m_rsaPrivate);
        QVERIFY2(pub, qPrintable(pub ? QString() : pub.error()));
        m_rsaPublic = *pub;
        auto cert = verify::rsa::selfSignedCertificate(m_rsaPrivate, "sns.amazonaws.com (test)");
        QVERIFY2(cert, qPrintable(cert ? QString() : cert.error()));
        m_certificate = *cert;
    }

    void signedDeliveries_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QByteArray>("signSecret"); ///< what `send` and `replay` sign with
        QTest::addColumn<QByteArray>("verifySecret"); ///< what both listeners verify with
        QTest::addColumn<QString>("wrongReason"); ///< the refusing listener's reason for a wrong key
        QTest::addColumn<QByteArray>("credential"); ///< a credential that must not be stored in clear
        QTest::addRow("mandrill") << u"mandrill"_s << QByteArray("hDRdk-rQy9CTsMNwe0CDOA")
                                  << QByteArray("hDRdk-rQy9CTsMNwe0CDOA") << u"invalid-signature"_s << QByteArray();
        QTest::addRow("mailersend") << u"mailersend"_s << QByteArray("Dn7Y0tLfZ9mZ1mQvJ0lq3Q8x")
                                    << QByteArray("Dn7Y0tLfZ9mZ1mQvJ0lq3Q8x") << u"invalid-signature"_s << QByteArray();
        QTest::addRow("postal") << u"postal"_s << m_rsaPrivate << m_rsaPublic << u"invalid-signature"_s << QByteArray();
        QTest::addRow("sns (certificate configured)")
            << u"sns"_s << m_rsaPrivate << m_certificate << u"invalid-signature"_s << QByteArray();
        QTest::addRow("sparkpost (Basic)")
            << u"sparkpost"_s << QByteArray("relay:s3cr3t-p4ss") << QByteArray("relay:s3cr3t-p4ss")
            << u"wrong-credentials"_s << QByteArray("s3cr3t-p4ss");
        QTest::addRow("sparkpost (token)") << u"sparkpost"_s << QByteArray("5ebe2294ecd0e0f08eab7690d2a6ee69")
                                           << QByteArray("5ebe2294ecd0e0f08eab7690d2a6ee69") << u"wrong-credentials"_s
                                           << QByteArray("5ebe2294ecd0e0f08eab7690d2a6ee69");
        QTest::addRow("mailjet") << u"mailjet"_s << QByteArray("mjhook:pa55w0rd") << QByteArray("mjhook:pa55w0rd")
                                 << u"wrong-credentials"_s << QByteArray("pa55w0rd");
    }

    void signedDeliveries()
    {
        QFETCH(QString, scheme);
        QFETCH(QByteArray, signSecret);
        QFETCH(QByteArray, verifySecret);
        QFETCH(QString, wrongReason);
        QFETCH(QByteArray, credential);
        const QStringList listener { u"--scheme"_s, scheme, u"--secret"_s, QString::fromUtf8(verifySecret) };
        test::ServeProcess a, b;
        QVERIFY2(a.start(listener, false), a.log().constData());
        QVERIFY2(b.start(listener, false), b.log().constData());

        // `send` signs as the provider; the first listener verifies it.
        const auto sent = a.cli({ u"send"_s, u"--to"_s, a.url(), u"--scheme"_s, scheme, u"--secret"_s,
            QString::fromUtf8(signSecret), u"--sample"_s, u"--no-store"_s });
        QVERIFY2(sent.exitCode == 0, QByteArray(sent.out + sent.err).constData());
        const QJsonArray atA = listJson(a);
        QCOMPARE(atA.size(), 1);
        QCOMPARE(atA.first()[u"status"_s].toString(), u"verified"_s);
        QCOMPARE(lastDelivery(a, 1)[u"reason"_s].toString(), u"valid"_s);

        // The captured delivery re-signed (fresh signature, the second listener's URL) verifies there.
        const auto resigned = a.cli({ u"replay"_s, u"1"_s, u"--to"_s, b.url(), u"--resign"_s, u"--scheme"_s, scheme,
            u"--secret"_s, QString::fromUtf8(signSecret), u"--json"_s });
        QVERIFY2(resigned.exitCode == 0, QByteArray(resigned.out + resigned.err).constData());
        QJsonArray atB = listJson(b);
        QCOMPARE(atB.size(), 1);
        QCOMPARE(atB.first()[u"status"_s].toString(), u"verified"_s);

        // A wrong key of the right kind: refused by the listener, on the signature alone.
        const auto wrong = a.cli({ u"replay"_s, u"1"_s, u"--to"_s, b.url(), u"--negative"_s, u"wrong-secret"_s,
            u"--scheme"_s, scheme, u"--secret"_s, QString::fromUtf8(signSecret), u"--json"_s });
        QVERIFY2(wrong.exitCode == 1, QByteArray(wrong.out + wrong.err).constData());
        QCOMPARE(wrong.json()[u"attempts"_s][0][u"status"_s].toInt(), 401);
        // The same event (one idempotency key): the refused attempt is its latest delivery.
        QCOMPARE(listJson(b).size(), 1);
        const QJsonObject refused = lastDelivery(b, 1);
        QCOMPARE(refused[u"verification"_s].toString(), u"invalid-signature"_s);
        QCOMPARE(refused[u"reason"_s].toString(), wrongReason);

        // Release re-checks the stored delivery (credentials through their keyed hash) with the right secret.
        QCOMPARE(a.cli({ u"quarantine"_s, u"1"_s, u"--reason"_s, u"manual"_s }).exitCode, 0);
        const auto released = a.cli({ u"release"_s, u"1"_s, u"--secret"_s, QString::fromUtf8(verifySecret), u"--url"_s,
            a.url(), u"--json"_s }); // Mandrill signs the URL: release is told it, as for Twilio
        QVERIFY2(released.exitCode == 0, QByteArray(released.out + released.err).constData());
        QVERIFY2(released.json()[u"recheck"_s][u"verification"_s].toString() == u"valid"_s, released.out.constData());

        // An unsigned delivery: 400 missing headers.
        const auto bare = test::send(b.url(), R"({"unsigned":true})");
        QCOMPARE(bare.status, 400);

        if (!credential.isEmpty()) {
            for (test::ServeProcess* s : { &a, &b }) {
                const auto shown = s->cli({ u"show"_s, u"1"_s, u"--json"_s });
                QVERIFY(!shown.out.isEmpty());
                QVERIFY2(!shown.out.contains(credential), shown.out.constData());
                QVERIFY2(!shown.out.contains(credential.toBase64()), shown.out.constData());
            }
        }
    }

    // The diagnosis through a real serve: Mandrill signed for another URL than the listener's, and an SNS message
    // whose SigningCertURL leads elsewhere (signed right, certificate configured: refused on the URL alone).
    void diagnosisThroughServe_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("words");
        QTest::addRow("mandrill, https signed, http received")
            << u"mandrill"_s << QByteArray("hDRdk-rQy9CTsMNwe0CDOA") << u"wrong-url"_s << u"Mandrill posts to https"_s;
        QTest::addRow("sns, certificate URL with user information")
            << u"sns"_s << m_certificate << u"disallowed-cert-url"_s << u"127.0.0.1"_s;
    }

    void diagnosisThroughServe()
    {
        QFETCH(QString, scheme);
        QFETCH(QByteArray, secret);
        QFETCH(QString, reason);
        QFETCH(QString, words);
        test::ServeProcess serve;
        QVERIFY2(serve.start({ u"--scheme"_s, scheme, u"--secret"_s, QString::fromUtf8(secret) }, false),
            serve.log().constData());
        http::HttpHeaders headers;
        QByteArray body;
        if (scheme == u"mandrill"_s) {
            body = "mandrill_events=%5B%5D";
            QString https = serve.url();
            https.replace(u"http://"_s, u"https://"_s);
            headers = { { "Content-Type", "application/x-www-form-urlencoded" },
                { "X-Mandrill-Signature",
                    crypto::hmac(crypto::Digest::Sha1, secret, QByteArray(https.toUtf8() + "mandrill_events[]"))
                        .toBase64() } };
        } else {
            QJsonObject m { { u"Type"_s, u"Notification"_s }, { u"MessageId"_s, u"m-2"_s },
                { u"TopicArn"_s, u"arn:aws:sns:us-east-1:123456789012:mail"_s }, { u"Message"_s, u"hi"_s },
                { u"Timestamp"_s, u"2026-12-04T12:00:00.000Z"_s }, { u"SignatureVersion"_s, u"1"_s },
                { u"SigningCertURL"_s, u"https://sns.us-east-1.amazonaws.com@127.0.0.1/x.pem"_s } };
            QByteArray canonical;
            for (const QString& f : { u"Message"_s, u"MessageId"_s, u"Timestamp"_s, u"TopicArn"_s, u"Type"_s })
                canonical += f.toUtf8() + '\n' + m.value(f).toString().toUtf8() + '\n';
            m.insert(u"Signature"_s,
                QString::fromLatin1(verify::rsa::sign(m_rsaPrivate, crypto::Digest::Sha1, canonical)->toBase64()));
            body = QJsonDocument(m).toJson();
            headers = { { "Content-Type", "text/plain; charset=UTF-8" } };
        }
        const auto reply = test::send(serve.url(), body, headers);
        QCOMPARE(reply.status, 401);
        const QJsonObject delivery = lastDelivery(serve, 1);
        QCOMPARE(delivery[u"verification"_s].toString(), u"invalid-signature"_s);
        QCOMPARE(delivery[u"reason"_s].toString(), reason);
        const QString shown = QString::fromUtf8(serve.cli({ u"show"_s, u"1"_s, u"--json"_s }).out);
        QVERIFY2(shown.contains(words), qPrintable(shown));
    }
};

QTEST_GUILESS_MAIN(TestProviderServe)
#include "tst_provider_serve.moc"
