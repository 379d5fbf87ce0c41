// Hostile captures, signature side (issue items 5 and 8): a negative replay is signed with a really wrong key of the
// right kind and fails at a real verifier; `github` does not fall back to SHA-1; Stripe-Signature is parsed as
// Stripe's own library parses it.

#include "core/replay/requestbuilder.h"
#include "core/verify/asymmetric.h"
#include "core/verify/scheme.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

QJsonArray listJson(test::ServeProcess& serve)
{
    return serve.cli({ u"list"_s, u"--json"_s }).json().array();
}

QByteArray githubSha1(const QByteArray& secret, const QByteArray& body)
{
    return "sha1=" + crypto::hmac(crypto::Digest::Sha1, secret, body).toHex();
}

QByteArray githubSha256(const QByteArray& secret, const QByteArray& body)
{
    return "sha256=" + crypto::hmac(crypto::Digest::Sha256, secret, body).toHex();
}

} // namespace

class TestHostileSignatures final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcessEnvironment m_env;
    QByteArray m_ecPrivatePem;
    QByteArray m_ecPublic;
    QByteArray m_edPrivate; ///< whsk_…
    QByteArray m_edPublic; ///< whpk_…

    QString writeFile(const QString& name, const QByteArray& bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write(bytes);
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_env = test::isolatedEnvironment(m_dir.path());
        auto pem = verify::asymmetric::ecGenerateP256();
        QVERIFY2(pem, qPrintable(pem ? QString() : pem.error()));
        m_ecPrivatePem = *pem;
        auto pub = verify::asymmetric::ecPublicKeyBase64(m_ecPrivatePem);
        QVERIFY2(pub, qPrintable(pub ? QString() : pub.error()));
        m_ecPublic = *pub;
        const QByteArray seed = verify::asymmetric::ed25519Generate();
        auto edPub = verify::asymmetric::ed25519PublicKey(seed);
        QVERIFY(edPub);
        m_edPrivate = "whsk_" + seed.toBase64();
        m_edPublic = "whpk_" + edPub->toBase64();
    }

    // Item 5: for every scheme, `replay --negative wrong-secret` signs (a well-formed key of the scheme's kind) and a
    // real verifier holding the right secret refuses the result as an invalid signature.
    void hostile05_wrongSecretIsWellFormedAndFails_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QByteArray>("signSecret"); ///< what `send` signs with
        QTest::addColumn<QByteArray>("verifySecret"); ///< what both listeners verify with
        QTest::addColumn<QByteArray>("replaySecret"); ///< what `replay --secret` is given
        QTest::addColumn<QString>("reason"); ///< the refusing listener's reason
        const QByteArray whsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        const auto row = [](const char* name, const QString& scheme, const QByteArray& secret,
                             const QString& reason = u"invalid-signature"_s) {
            QTest::addRow("%s", name) << scheme << secret << secret << secret << reason;
        };
        row("mailparse", u"mailparse"_s, "s3cret");
        row("standard-webhooks (whsec_)", u"standard-webhooks"_s, whsec);
        row("standard-webhooks (bare base64)", u"standard-webhooks"_s, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        row("svix", u"svix"_s, whsec);
        row("resend", u"resend"_s, whsec);
        row("stripe", u"stripe"_s, "whsec_test_secret");
        row("github", u"github"_s, "It's a Secret to Everybody");
        row("github-sha1", u"github-sha1"_s, "It's a Secret to Everybody");
        row("slack", u"slack"_s, "8f742231b10e8888abcd99yyyzzz85a5");
        row("shopify", u"shopify"_s, "shpss_client_secret");
        row("twilio", u"twilio"_s, "12345678901234567890123456789012");
        row("mailgun", u"mailgun"_s, "key-3ax6xnjp29jd6fds4gc373sgvjxteol0");
        row("postmark", u"postmark"_s, "hookuser:s3cr3t-p4ss", u"wrong-credentials"_s);
        row("hmac (default options)", u"hmac"_s, "generic-secret");
        // Public-key schemes: the sender signs with the private key, the listener holds the public one.
        QTest::addRow("sendgrid") << u"sendgrid"_s << m_ecPrivatePem << m_ecPublic << m_ecPrivatePem
                                  << u"invalid-signature"_s;
        QTest::addRow("sendgrid, replay given only the public key")
            << u"sendgrid"_s << m_ecPrivatePem << m_ecPublic << m_ecPublic << u"invalid-signature"_s;
        QTest::addRow("standard-webhooks v1a (Ed25519)")
            << u"standard-webhooks"_s << m_edPrivate << m_edPublic << m_edPrivate << u"invalid-signature"_s;
    }

    void hostile05_wrongSecretIsWellFormedAndFails()
    {
        QFETCH(QString, scheme);
        QFETCH(QByteArray, signSecret);
        QFETCH(QByteArray, verifySecret);
        QFETCH(QByteArray, replaySecret);
        QFETCH(QString, reason);
        const QStringList listener { u"--scheme"_s, scheme, u"--secret"_s, QString::fromUtf8(verifySecret) };
        test::ServeProcess a, b;
        QVERIFY2(a.start(listener, false), a.log().constData());
        QVERIFY2(b.start(listener, false), b.log().constData());

        // The right key verifies: the first listener stores a verified event.
        const auto sent = a.cli({ u"send"_s, u"--to"_s, a.url(), u"--scheme"_s, scheme, u"--secret"_s,
            QString::fromUtf8(signSecret), u"--sample"_s, u"--no-store"_s });
        QVERIFY2(sent.exitCode == 0, QByteArray(sent.out + sent.err).constData());
        const QJsonArray atA = listJson(a);
        QCOMPARE(atA.size(), 1);
        QCOMPARE(atA.first()[u"status"_s].toString(), u"verified"_s);

        // The negative replay is signed (no "cannot re-sign": exit 1 for a refused attempt, not a usage error) …
        const auto r = a.cli({ u"replay"_s, u"1"_s, u"--to"_s, b.url(), u"--negative"_s, u"wrong-secret"_s,
            u"--secret"_s, QString::fromUtf8(replaySecret), u"--json"_s });
        QVERIFY2(r.exitCode == 1, QByteArray(r.out + r.err).constData());
        const QJsonObject attempt = r.json()[u"attempts"_s][0].toObject();
        QCOMPARE(attempt[u"mode"_s].toString(), u"negative:wrong-secret"_s);
        QCOMPARE(attempt[u"status"_s].toInt(), 401);

        // … and the second listener, holding the right secret, refused it on the signature alone.
        const QJsonArray atB = listJson(b);
        QCOMPARE(atB.size(), 1);
        QCOMPARE(atB.first()[u"status"_s].toString(), u"failed"_s);
        QCOMPARE(atB.first()[u"quarantined"_s].toString(), u"invalid-signature"_s);
        const QJsonObject delivery = b.cli({ u"show"_s, u"1"_s, u"--json"_s }).json()[u"deliveryList"_s][0].toObject();
        QCOMPARE(delivery[u"verification"_s].toString(), u"invalid-signature"_s);
        QCOMPARE(delivery[u"reason"_s].toString(), reason);
    }

    // Item 5, the key itself: the same kind as the right one, generated, never equal to it.
    void hostile05_wrongSecretHasTheRightForm_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QByteArray>("secret");
        QTest::addRow("stripe") << u"stripe"_s << QByteArray("whsec_test_secret");
        QTest::addRow("svix") << u"svix"_s << QByteArray("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        QTest::addRow("resend") << u"resend"_s << QByteArray("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        QTest::addRow("standard-webhooks")
            << u"standard-webhooks"_s << QByteArray("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        QTest::addRow("standard-webhooks v1a") << u"standard-webhooks"_s << m_edPrivate;
        QTest::addRow("standard-webhooks v1a public") << u"standard-webhooks"_s << m_edPublic;
        QTest::addRow("sendgrid private") << u"sendgrid"_s << m_ecPrivatePem;
        QTest::addRow("sendgrid private, text after END") << u"sendgrid"_s << m_ecPrivatePem + "-not-the-secret";
        QTest::addRow("sendgrid public") << u"sendgrid"_s << m_ecPublic;
        QTest::addRow("github") << u"github"_s << QByteArray("s3cret");
        QTest::addRow("postmark") << u"postmark"_s << QByteArray("hookuser:s3cr3t-p4ss");
    }

    void hostile05_wrongSecretHasTheRightForm()
    {
        QFETCH(QString, scheme);
        QFETCH(QByteArray, secret);
        const auto s = verify::createScheme(scheme);
        const auto first = s->wrongSecret(secret);
        const auto second = s->wrongSecret(secret);
        QVERIFY2(first && second, qPrintable(first ? QString() : first.error()));
        QVERIFY(*first != secret);
        QVERIFY(*first != *second); // generated, not derived
        if (scheme == u"sendgrid"_s) {
            // A PEM EC private key whose public half is not the right one's.
            QVERIFY(first->startsWith("-----BEGIN PRIVATE KEY-----"));
            auto pub = verify::asymmetric::ecPublicKeyBase64(*first);
            QVERIFY2(pub, qPrintable(pub ? QString() : pub.error()));
            QVERIFY(*pub != m_ecPublic);
            QVERIFY(verify::asymmetric::ecdsaSign(*first, "x"));
        } else if (secret.startsWith("whpk_") || secret.startsWith("whsk_")) {
            QVERIFY(first->startsWith("whsk_"));
            const auto seed = QByteArray::fromBase64(first->mid(5));
            QCOMPARE(seed.size(), 32);
            QVERIFY(verify::asymmetric::ed25519PublicKey(seed));
        } else if (scheme != u"stripe"_s && secret.startsWith("whsec_")) {
            QVERIFY(first->startsWith("whsec_"));
            const auto key = QByteArray::fromBase64Encoding(first->mid(6), QByteArray::AbortOnBase64DecodingErrors);
            QVERIFY(key.decodingStatus == QByteArray::Base64DecodingStatus::Ok);
            QVERIFY(key.decoded.size() >= 24 && key.decoded.size() <= 64);
        } else if (scheme == u"postmark"_s) {
            QVERIFY(first->startsWith("hookuser:"));
        } else if (scheme == u"stripe"_s) {
            QVERIFY(first->startsWith("whsec_"));
        }
    }

    // Item 9: re-signing a captured Twilio JSON delivery replaces its bodySHA256 with the new body's, in the URL
    // the request goes to and the signature covers.
    void hostile09_twilioResignMovesBodySha256()
    {
        replay::CapturedRequest captured;
        captured.target = "/twilio/events?tenant=7&bodySHA256=" + crypto::sha256Hex("old body") + "&z=1";
        captured.headers = { { "Host", "abc.ngrok.app" }, { "Content-Type", "application/json" } };
        captured.body = "old body";
        replay::ReplaySpec spec;
        spec.resign = true;
        spec.scheme = u"twilio"_s;
        spec.secret = "12345678901234567890123456789012";
        spec.body = QByteArray(R"({"edited":true})");
        spec.keepCapturedPath = true;
        const QUrl to(u"https://hooks.example.test"_s);
        auto r = replay::buildRequest(captured, to, spec, 1'700'000'000'000);
        QVERIFY2(r, qPrintable(r ? QString() : r.error()));
        QCOMPARE(r->target, QByteArray("/twilio/events?tenant=7&bodySHA256=" + crypto::sha256Hex(*spec.body) + "&z=1"));
        verify::Input in;
        in.headers = r->headers;
        in.body = r->body;
        in.url = u"https://hooks.example.test"_s + QString::fromUtf8(r->target);
        in.secrets = { spec.secret };
        const verify::Verdict v = verify::createScheme(u"twilio"_s)->verify(in);
        QVERIFY2(v.valid(), qPrintable(v.reason + u": "_s + v.hints.join(u' ')));
        // A JSON post without the parameter gets one; a form post is signed over its parameters instead.
        captured.target = "/in";
        spec.keepCapturedPath = false;
        r = replay::buildRequest(captured, QUrl(u"http://127.0.0.1:9/in"_s), spec, 1'700'000'000'000);
        QVERIFY(r);
        QCOMPARE(r->target, QByteArray("/in?bodySHA256=" + crypto::sha256Hex(*spec.body)));
        spec.headers = http::HttpHeaders { { "Content-Type", "application/x-www-form-urlencoded" } };
        spec.body = QByteArray("Body=Hello&From=%2B1555");
        r = replay::buildRequest(captured, QUrl(u"http://127.0.0.1:9/in"_s), spec, 1'700'000'000'000);
        QVERIFY(r);
        QCOMPARE(r->target, QByteArray("/in"));
    }

    // Item 8: `github` requires X-Hub-Signature-256; the SHA-1 header alone fails and the diagnosis names github-sha1.
    void hostile08_githubSha1AloneIsADowngrade_data()
    {
        QTest::addColumn<QStringList>("headers");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<bool>("validAsSha1"); ///< the same request under the github-sha1 scheme
        const QByteArray secret = "It's a Secret to Everybody";
        const QByteArray body = "Hello, World!";
        const QString sha1 = u"X-Hub-Signature: "_s + QString::fromLatin1(githubSha1(secret, body));
        const QString sha256 = u"X-Hub-Signature-256: "_s + QString::fromLatin1(githubSha256(secret, body));
        QTest::addRow("SHA-1 alone, right secret") << QStringList { sha1 } << false << u"other-scheme"_s << true;
        QTest::addRow("SHA-1 alone, wrong secret")
            << QStringList { u"X-Hub-Signature: "_s + QString::fromLatin1(githubSha1("other", body)) } << false
            << u"missing-headers"_s << false;
        QTest::addRow("both") << QStringList { sha1, sha256 } << true << u"valid"_s << true;
        QTest::addRow("both, SHA-256 wrong")
            << QStringList { sha1, u"X-Hub-Signature-256: "_s + QString::fromLatin1(githubSha256("other", body)) }
            << false << u"other-scheme"_s << true;
    }

    void hostile08_githubSha1AloneIsADowngrade()
    {
        QFETCH(QStringList, headers);
        QFETCH(bool, valid);
        QFETCH(QString, reason);
        QFETCH(bool, validAsSha1);
        const QString body = writeFile(u"github-body"_s, "Hello, World!");
        const auto run = [&](const QString& scheme) {
            QStringList args { u"verify"_s, u"--scheme"_s, scheme, u"--secret"_s, u"It's a Secret to Everybody"_s,
                u"--body"_s, body, u"--json"_s };
            for (const QString& h : headers)
                args << u"--header"_s << h;
            return test::runCli(args, m_env);
        };
        const auto r = run(u"github"_s);
        QVERIFY2(r.exitCode == (valid ? 0 : 1), QByteArray(r.out + r.err).constData());
        const QJsonObject verdict = r.json().object();
        QCOMPARE(verdict[u"valid"_s].toBool(), valid);
        QCOMPARE(verdict[u"reason"_s].toString(), reason);
        if (!headers.join(u'\n').contains(u"X-Hub-Signature-256"_s)) {
            // The output says what to do: the sender signs with SHA-1 only, which the github-sha1 scheme is for.
            const QString said = QString::fromUtf8(QJsonDocument(verdict[u"hints"_s].toArray()).toJson());
            QVERIFY2(said.contains(u"github-sha1"_s), qPrintable(said));
            QVERIFY2(said.contains(u"X-Hub-Signature-256"_s), qPrintable(said));
        }
        QCOMPARE(run(u"github-sha1"_s).exitCode, validAsSha1 ? 0 : 1);
    }

    // Item 8: Stripe-Signature is read as stripe-node reads it (split on ',' then '=', exact keys; see Webhooks.js
    // parseHeader): a space after a comma hides the entry after it, so the header is refused.
    void hostile08_stripeSpaceAfterCommaRefused_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("reason");
        const QByteArray secret = "whsec_test_secret";
        const QByteArray body = R"({"id":"evt_test_webhook","object":"event"})";
        const QByteArray t = "1700000000";
        const QByteArray mac = crypto::hmac(crypto::Digest::Sha256, secret, QByteArray(t + '.' + body)).toHex();
        QTest::addRow("no spaces") << QByteArray("t=" + t + ",v1=" + mac) << true << u"valid"_s;
        QTest::addRow("space after the comma")
            << QByteArray("t=" + t + ", v1=" + mac) << false << u"malformed-header"_s;
        QTest::addRow("two spaces") << QByteArray("t=" + t + ",  v1=" + mac) << false << u"malformed-header"_s;
        QTest::addRow("tab after the comma") << QByteArray("t=" + t + ",\tv1=" + mac) << false << u"malformed-header"_s;
        QTest::addRow("space before =") << QByteArray("t" + QByteArray(" ") + "=" + t + ",v1=" + mac) << false
                                        << u"malformed-header"_s;
        QTest::addRow("v1 first, space before t")
            << QByteArray("v1=" + mac + ", t=" + t) << false << u"malformed-header"_s;
        // Where stripe-node still finds a matching v1 it accepts, and so does Hookscope.
        QTest::addRow("a second, spaced v1")
            << QByteArray("t=" + t + ",v1=" + mac + ", v1=" + mac) << true << u"valid"_s;
        QTest::addRow("space inside t= (parseInt skips it)")
            << QByteArray("t= " + t + ",v1=" + mac) << true << u"valid"_s;
    }

    void unusableKeysAreNamedOneByOne()
    {
        // A route whose every public key is unusable (a typo, a private key's password, a truncated paste): the
        // verdict says invalid-key and why each key is, never "the signature does not verify".
        verify::Input postal;
        postal.body = "{}";
        postal.headers = { { "X-Postal-Signature", "AAAA" } };
        verify::Input sendgrid;
        sendgrid.body = "[]";
        sendgrid.headers = { { "X-Twilio-Email-Event-Webhook-Signature", "AAAA" },
            { "X-Twilio-Email-Event-Webhook-Timestamp", "1700000000" } };
        for (auto [name, input] : { std::pair(u"postal"_s, postal), std::pair(u"sendgrid"_s, sendgrid) }) {
            input.secrets = { "not a key", "%%%" };
            input.nowMs = 1'700'000'000'000;
            const verify::Verdict v = verify::createScheme(name)->verify(input);
            QCOMPARE(v.reason, u"invalid-key"_s);
            const QString hints = v.hints.join(u' ');
            QVERIFY2(hints.contains(u"key 1: "_s) && hints.contains(u"key 2: "_s), qPrintable(name + u": "_s + hints));
        }
    }

    void hostile08_stripeSpaceAfterCommaRefused()
    {
        QFETCH(QByteArray, header);
        QFETCH(bool, valid);
        QFETCH(QString, reason);
        verify::Input in;
        in.body = R"({"id":"evt_test_webhook","object":"event"})";
        in.headers = { { "Stripe-Signature", header } };
        in.secrets = { "whsec_test_secret" };
        in.nowMs = 1'700'000'005'000;
        const verify::Verdict v = verify::createScheme(u"stripe"_s)->verify(in);
        QVERIFY2(v.valid() == valid, qPrintable(v.reason + u": "_s + v.hints.join(u' ')));
        QCOMPARE(v.reason, reason);
        if (reason == u"malformed-header"_s)
            QVERIFY2(v.hints.join(u' ').contains(u"Stripe sends none"_s), qPrintable(v.hints.join(u' ')));
    }
};

QTEST_GUILESS_MAIN(TestHostileSignatures)
#include "tst_hostile_signatures.moc"
