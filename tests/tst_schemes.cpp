#include "signaturevectors.h"

#include "core/common/crypto.h"
#include "core/verify/asymmetric.h"
#include "core/verify/scheme.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::verify;

Q_DECLARE_METATYPE(QJsonObject)

namespace {

// A throw-away P-256 key made for this test only, and its public half as SendGrid shows it (base64 DER SPKI).
const QByteArray kTestEcPrivatePem = "-----BEGIN PRIVATE KEY-----\n"
                                     "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgI/rInlyzuJEZziS9\n"
                                     "yxCu8aeQzTzsM4nslRGBlaXCNnmhRANCAAT9uxinwNgPPNK6TDoMqH4TdBtrTj+X\n"
                                     "iVEYogj2RXe3qDOYX888JdQLHJZcxsJHD7OfStXLA7fYtYg4X3C2C6II\n"
                                     "-----END PRIVATE KEY-----\n";
const QByteArray kTestEcPublicDer
    = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE/bsYp8DYDzzSukw6DKh+E3Qba04/l4lRGKII9kV3t6gzmF/"
      "PPCXUCxyWXMbCRw+zn0rVywO32LWIOF9wtguiCA==";
const QByteArray kWhsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

QJsonObject hmacOptions()
{
    return QJsonObject { { u"header"_s, u"X-Sig"_s }, { u"prefix"_s, u"sha512="_s }, { u"encoding"_s, u"base64"_s },
        { u"algorithm"_s, u"sha512"_s }, { u"template"_s, u"{timestamp}:{id}:{url}:{body}"_s },
        { u"timestampHeader"_s, u"X-Ts"_s }, { u"timestampUnit"_s, u"ms"_s }, { u"tolerance"_s, 60 },
        { u"idHeader"_s, u"X-Id"_s } };
}

Input inputFrom(
    const Signed& s, const http::HttpHeaders& extra, const QByteArray& secret, qint64 nowMs, const QString& url)
{
    Input in;
    in.headers = extra;
    for (const auto& h : s.headers)
        in.headers.append(h);
    in.body = s.body;
    in.secrets = { secret };
    in.nowMs = nowMs;
    in.url = url;
    return in;
}

} // namespace

class TestSchemes final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void vectorsAreThere()
    {
        QString error;
        const auto vectors = test::loadSignatureVectors(&error);
        QVERIFY2(!vectors.isEmpty(), qPrintable(error));
        QVERIFY(vectors.size() >= 89);
        for (const auto& v : vectors)
            QVERIFY2(schemeNames().contains(v.scheme), qPrintable(v.scheme));
    }

    void vectors_data()
    {
        QTest::addColumn<int>("index");
        const auto vectors = test::loadSignatureVectors();
        for (int i = 0; i < vectors.size(); ++i)
            QTest::addRow("%s", qPrintable(vectors.at(i).id)) << i;
    }

    void vectors()
    {
        QFETCH(int, index);
        const test::SignatureVector vec = test::loadSignatureVectors().at(index);
        const auto scheme = createScheme(vec.scheme);
        QVERIFY(scheme);
        Input in;
        for (const auto& [name, value] : vec.headers)
            in.headers.append({ name, value });
        in.body = vec.body;
        in.secrets = vec.secrets;
        in.url = vec.url;
        in.nowMs = vec.nowMs.value_or(QDateTime::currentMSecsSinceEpoch());
        in.toleranceMs = vec.toleranceMs;
        const Verdict v = scheme->verify(in);
        QCOMPARE(v.valid(), vec.expectedValid);
        QCOMPARE(v.scheme, vec.scheme);
        if (v.valid()) {
            QVERIFY(v.secretIndex >= 0 && v.secretIndex < vec.secrets.size());
            QCOMPARE(v.httpStatus(), 200);
        } else {
            QVERIFY2(v.httpStatus() == 400 || v.httpStatus() == 401, qPrintable(v.reason));
            QVERIFY(!v.reason.isEmpty());
            QVERIFY(v.reason != u"valid"_s);
        }
    }

    void roundTrip_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QJsonObject>("options");
        QTest::addColumn<QByteArray>("signSecret");
        QTest::addColumn<QByteArray>("verifySecret");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("bodyCovered");

        const QByteArray json = R"({"event":"email.received","id":"evt_1","data":{"subject":"Hi"}})";
        const QByteArray form = "CallSid=CA1&From=%2B14158675309&Body=Hello+there&Body=again";
        const QByteArray edSeed
            = QByteArray::fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        const QByteArray edPublic = *asymmetric::ed25519PublicKey(edSeed);
        const QString noUrl;
        QTest::addRow("mailparse") << u"mailparse"_s << QJsonObject() << QByteArray("s3cret") << QByteArray("s3cret")
                                   << json << QByteArray("application/json") << noUrl << true;
        QTest::addRow("standard-webhooks v1") << u"standard-webhooks"_s << QJsonObject() << kWhsec << kWhsec << json
                                              << QByteArray("application/json") << noUrl << true;
        QTest::addRow("standard-webhooks v1a")
            << u"standard-webhooks"_s << QJsonObject() << QByteArray("whsk_" + edSeed.toBase64())
            << QByteArray("whpk_" + edPublic.toBase64()) << json << QByteArray("application/json") << noUrl << true;
        QTest::addRow("svix") << u"svix"_s << QJsonObject() << kWhsec << kWhsec << json
                              << QByteArray("application/json") << noUrl << true;
        QTest::addRow("resend") << u"resend"_s << QJsonObject() << kWhsec << kWhsec << json
                                << QByteArray("application/json") << noUrl << true;
        QTest::addRow("stripe") << u"stripe"_s << QJsonObject() << QByteArray("whsec_test_secret")
                                << QByteArray("whsec_test_secret") << json << QByteArray("application/json") << noUrl
                                << true;
        QTest::addRow("github") << u"github"_s << QJsonObject() << QByteArray("gh-secret") << QByteArray("gh-secret")
                                << json << QByteArray("application/json") << noUrl << true;
        QTest::addRow("github-sha1") << u"github-sha1"_s << QJsonObject() << QByteArray("gh-secret")
                                     << QByteArray("gh-secret") << json << QByteArray("application/json") << noUrl
                                     << true;
        QTest::addRow("slack") << u"slack"_s << QJsonObject() << QByteArray("8f742231b10e8888abcd99yyyzzz85a5")
                               << QByteArray("8f742231b10e8888abcd99yyyzzz85a5") << form
                               << QByteArray("application/x-www-form-urlencoded") << noUrl << true;
        QTest::addRow("shopify") << u"shopify"_s << QJsonObject() << QByteArray("hush") << QByteArray("hush") << json
                                 << QByteArray("application/json") << noUrl << true;
        QTest::addRow("twilio form") << u"twilio"_s << QJsonObject() << QByteArray("12345") << QByteArray("12345")
                                     << form << QByteArray("application/x-www-form-urlencoded")
                                     << u"https://abc.tunnel.example/sms?x=1"_s << true;
        QTest::addRow("mailgun json") << u"mailgun"_s << QJsonObject() << QByteArray("key-abc") << QByteArray("key-abc")
                                      << QByteArray(R"({"event-data":{"id":"ev1","event":"delivered"}})")
                                      << QByteArray("application/json") << noUrl << false;
        QTest::addRow("mailgun form") << u"mailgun"_s << QJsonObject() << QByteArray("key-abc") << QByteArray("key-abc")
                                      << QByteArray("event=delivered&recipient=a%40b.example")
                                      << QByteArray("application/x-www-form-urlencoded") << noUrl << false;
        QTest::addRow("sendgrid") << u"sendgrid"_s << QJsonObject() << kTestEcPrivatePem << kTestEcPublicDer
                                  << QByteArray("[{\"event\":\"delivered\"}]\r\n") << QByteArray("application/json")
                                  << noUrl << true;
        QTest::addRow("postmark") << u"postmark"_s << QJsonObject() << QByteArray("hookuser:s3cr3t")
                                  << QByteArray("hookuser:s3cr3t") << json << QByteArray("application/json") << noUrl
                                  << false;
        QTest::addRow("hmac") << u"hmac"_s << hmacOptions() << QByteArray("generic") << QByteArray("generic") << json
                              << QByteArray("application/json") << u"https://h.example/in"_s << true;
    }

    void roundTrip()
    {
        QFETCH(QString, scheme);
        QFETCH(QJsonObject, options);
        QFETCH(QByteArray, signSecret);
        QFETCH(QByteArray, verifySecret);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(QString, url);
        QFETCH(bool, bodyCovered);

        const auto s = createScheme(scheme, options);
        QVERIFY(s);
        const qint64 now = 1'700'000'000'123;
        SignInput si;
        si.body = body;
        si.nowMs = now;
        si.url = url;
        si.secret = signSecret;
        si.headers = { { "Content-Type", contentType } };
        const auto signedRequest = s->sign(si);
        QVERIFY2(signedRequest, qPrintable(signedRequest ? QString() : signedRequest.error()));
        const http::HttpHeaders extra { { "Content-Type", contentType } };

        Verdict v = s->verify(inputFrom(*signedRequest, extra, verifySecret, now + 1500, url));
        QVERIFY2(v.valid(), qPrintable(v.reason + u": "_s + v.hints.join(u" | "_s)));
        QCOMPARE(v.secretIndex, 0);

        // A second, unrelated secret first: rotation reports which one matched.
        Input rotated = inputFrom(*signedRequest, extra, verifySecret, now + 1500, url);
        rotated.secrets.prepend(scheme == u"sendgrid"_s
                ? QByteArray("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqTxd43gyp8IOEto2LdIfjRQrIbsd4SXZkLW6jDutdhXSJCWHw8REn"
                             "tlo7aNDthvj+y7GjUuFDb/R1NGe1OPzpA==")
                : QByteArray("an-older-secret"));
        v = s->verify(rotated);
        QVERIFY(v.valid());
        QCOMPARE(v.secretIndex, 1);

        if (bodyCovered) {
            Signed tampered = *signedRequest;
            tampered.body.replace("e", "E");
            tampered.body.append(' ');
            v = s->verify(inputFrom(tampered, extra, verifySecret, now + 1500, url));
            QVERIFY(!v.valid());
            QCOMPARE(v.httpStatus(), 401);
        }
        v = s->verify(inputFrom(*signedRequest, extra, "not-the-secret:x", now + 1500, url));
        QVERIFY(!v.valid());
    }

    void unsignable_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<QString>("why");
        QTest::addRow("sendgrid public key") << u"sendgrid"_s << kTestEcPublicDer << u"private key"_s;
        QTest::addRow("v1a public key") << u"standard-webhooks"_s
                                        << QByteArray("whpk_" + QByteArray(32, 'k').toBase64()) << u"whsk_"_s;
        QTest::addRow("twilio without url") << u"twilio"_s << QByteArray("12345") << u"URL"_s;
        QTest::addRow("github without secret") << u"github"_s << QByteArray() << u"secret"_s;
    }

    void unsignable()
    {
        QFETCH(QString, scheme);
        QFETCH(QByteArray, secret);
        QFETCH(QString, why);
        SignInput si;
        si.body = "{}";
        si.secret = secret;
        si.nowMs = 1'700'000'000'000;
        const auto r = createScheme(scheme)->sign(si);
        QVERIFY(!r);
        QVERIFY2(r.error().contains(why), qPrintable(r.error()));
    }

    void hmacTemplateIsComputedAsConfigured()
    {
        // Recompute the generic scheme's MAC independently of it.
        const auto s = createScheme(u"hmac"_s, hmacOptions());
        const QByteArray body = R"({"a":1})";
        const qint64 ts = 1'700'000'000'000;
        const QByteArray mac = "sha512="
            + crypto::hmac(crypto::Digest::Sha512, "generic",
                QByteArray(QByteArray::number(ts) + ":id-7:https://h.example/in:" + body))
                  .toBase64();
        Input in;
        in.headers = { { "X-Sig", mac }, { "X-Ts", QByteArray::number(ts) }, { "X-Id", "id-7" } };
        in.body = body;
        in.url = u"https://h.example/in"_s;
        in.secrets = { "generic" };
        in.nowMs = ts + 59'000;
        QVERIFY(s->verify(in).valid());
        in.nowMs = ts + 61'000; // the configured 60 s window
        QCOMPARE(s->verify(in).outcome, Outcome::TimestampSkew);
        in.nowMs = ts;
        in.headers[2].value = "id-8";
        QCOMPARE(s->verify(in).outcome, Outcome::InvalidSignature);
    }

    void githubLegacySha1Header()
    {
        const QByteArray body = "Hello, World!";
        Input in;
        in.body = body;
        in.secrets = { "It's a Secret to Everybody" };
        in.headers
            = { { "X-Hub-Signature", "sha1=" + crypto::hmac(crypto::Digest::Sha1, in.secrets.first(), body).toHex() } };
        // The SHA-1 header alone is a downgrade: github refuses it (and names github-sha1), github-sha1 accepts it.
        const Verdict downgraded = createScheme(u"github"_s)->verify(in);
        QVERIFY(!downgraded.valid());
        QVERIFY(downgraded.hints.join(u' ').contains(u"github-sha1"_s));
        QVERIFY(createScheme(u"github-sha1"_s)->verify(in).valid());
        // With the SHA-256 header present, only it counts.
        in.headers.append({ "X-Hub-Signature-256", "sha256=" + QByteArray(64, '0') });
        QVERIFY(!createScheme(u"github"_s)->verify(in).valid());
    }

    void postmarkCredentials()
    {
        Input in;
        in.body = "{}";
        in.headers = { { "Authorization", "Basic " + QByteArray("hookuser:s3cr3t-p4ss").toBase64() } };
        in.url = u"https://hookuser:s3cr3t-p4ss@hooks.example.com/postmark"_s;
        Verdict v = createScheme(u"postmark"_s)->verify(in);
        QVERIFY(v.valid());
        in.url.clear();
        in.secrets = { "hookuser:other" };
        v = createScheme(u"postmark"_s)->verify(in);
        QVERIFY(!v.valid());
        QCOMPARE(v.reason, u"wrong-credentials"_s);
        QVERIFY(!v.expected.contains("other")); // the verdict is stored: never the password
        QVERIFY(!v.expected.contains(QByteArray("hookuser:other").toBase64()));
    }

    void missingHeadersAnswer400_data()
    {
        QTest::addColumn<QString>("scheme");
        for (const QString& name : schemeNames())
            QTest::addRow("%s", qPrintable(name)) << name;
    }

    void missingHeadersAnswer400()
    {
        QFETCH(QString, scheme);
        Input in;
        in.body = R"({"hello":"world"})";
        in.headers = { { "Content-Type", "application/json" } };
        in.secrets = { "a-secret" };
        in.url = u"https://example.com/hook"_s;
        in.nowMs = 1'700'000'000'000;
        const Verdict v = createScheme(scheme)->verify(in);
        QCOMPARE(v.outcome, Outcome::MissingHeaders);
        QCOMPARE(v.httpStatus(), 400);
        QCOMPARE(v.responseText(), QByteArray("missing headers"));
        QVERIFY(!v.hints.isEmpty());
    }

    void noSecretIsNotChecked()
    {
        for (const QString& name : schemeNames()) {
            Input in;
            in.body = "{}";
            const Verdict v = createScheme(name)->verify(in);
            QCOMPARE(v.outcome, Outcome::NotChecked);
            QCOMPARE(v.httpStatus(), 200);
        }
    }

    void deliveryIds_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QByteArray>("header");
        QTest::addRow("standard-webhooks") << u"standard-webhooks"_s << QByteArray("webhook-id");
        QTest::addRow("svix") << u"svix"_s << QByteArray("svix-id");
        QTest::addRow("resend") << u"resend"_s << QByteArray("svix-id");
        QTest::addRow("github") << u"github"_s << QByteArray("X-GitHub-Delivery");
        QTest::addRow("shopify") << u"shopify"_s << QByteArray("X-Shopify-Webhook-Id");
        QTest::addRow("twilio") << u"twilio"_s << QByteArray("I-Twilio-Idempotency-Token");
    }

    void deliveryIds()
    {
        QFETCH(QString, scheme);
        QFETCH(QByteArray, header);
        const auto s = createScheme(scheme);
        QCOMPARE(s->deliveryIdHeader().toLower(), header.toLower());
        Input in;
        in.headers = { { header, "delivery-42" } };
        in.body = "{}";
        in.secrets = { "x" };
        in.url = u"https://example.com/"_s;
        QCOMPARE(s->verify(in).deliveryId, u"delivery-42"_s);
    }

    void timestampBoundaryIsInclusive_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<qint64>("offsetMs");
        QTest::addColumn<bool>("valid");
        QTest::addRow("standard-webhooks at +300 s") << u"standard-webhooks"_s << qint64(300'000) << true;
        QTest::addRow("standard-webhooks at +301 s") << u"standard-webhooks"_s << qint64(301'000) << false;
        QTest::addRow("standard-webhooks at -300 s") << u"standard-webhooks"_s << qint64(-300'000) << true;
        QTest::addRow("standard-webhooks at -301 s") << u"standard-webhooks"_s << qint64(-301'000) << false;
        QTest::addRow("stripe at +300 s") << u"stripe"_s << qint64(300'000) << true;
        QTest::addRow("stripe at +301 s") << u"stripe"_s << qint64(301'000) << false;
        QTest::addRow("stripe 1 h in the future") << u"stripe"_s << qint64(-3'600'000) << true;
        QTest::addRow("slack at -301 s") << u"slack"_s << qint64(-301'000) << false;
        QTest::addRow("mailparse at +300000 ms") << u"mailparse"_s << qint64(300'000) << true;
        QTest::addRow("mailparse at +300001 ms") << u"mailparse"_s << qint64(300'001) << false;
    }

    void timestampBoundaryIsInclusive()
    {
        QFETCH(QString, scheme);
        QFETCH(qint64, offsetMs);
        QFETCH(bool, valid);
        const auto s = createScheme(scheme);
        SignInput si;
        si.body = "{}";
        si.secret = kWhsec;
        si.nowMs = 1'700'000'000'000;
        const auto signedRequest = s->sign(si);
        QVERIFY(signedRequest);
        const Verdict v = s->verify(inputFrom(*signedRequest, {}, kWhsec, si.nowMs + offsetMs, {}));
        QCOMPARE(v.valid(), valid);
        if (!valid)
            QCOMPARE(v.httpStatus(), 400);
    }
};

QTEST_GUILESS_MAIN(TestSchemes)
#include "tst_schemes.moc"
