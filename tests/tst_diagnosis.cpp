#include "core/common/crypto.h"
#include "core/verify/diagnosis.h"
#include "core/verify/scheme.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::verify;

Q_DECLARE_METATYPE(hookscope::verify::Input)

namespace {

constexpr qint64 kNow = 1'700'000'000'000;
const QByteArray kWhsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/** Signs `signedBody` as `scheme`, then delivers `receivedBody` with those headers (plus `extra`). */
Input deliver(const QString& scheme, const QByteArray& secret, const QByteArray& signedBody,
    const QByteArray& receivedBody, const http::HttpHeaders& extra = {})
{
    SignInput si;
    si.body = signedBody;
    si.secret = secret;
    si.nowMs = kNow;
    const auto s = createScheme(scheme)->sign(si);
    Input in;
    in.headers = extra;
    if (s)
        in.headers += s->headers;
    in.body = receivedBody;
    in.secrets = { secret };
    in.nowMs = kNow + 2000;
    return in;
}

http::HttpHeaders githubHeader(const QByteArray& value)
{
    return { { "X-Hub-Signature-256", value } };
}

Input githubInput(const QByteArray& signature, const QByteArray& body = "{\"a\":1}")
{
    Input in;
    in.headers = githubHeader(signature);
    in.body = body;
    in.secrets = { "gh-secret" };
    in.nowMs = kNow;
    return in;
}

QByteArray ghMac(crypto::Digest d, const QByteArray& body = "{\"a\":1}")
{
    return crypto::hmac(d, "gh-secret", body);
}

} // namespace

class TestDiagnosis final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void causes_data()
    {
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<Input>("input");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<int>("httpStatus");

        const QByteArray compact = R"({"event":"email.received","data":{"subject":"Hi","to":["a@b.example"]}})";
        const QByteArray pretty = "{\n  \"event\": \"email.received\",\n  \"data\": {\n    \"subject\": \"Hi\",\n    "
                                  "\"to\": [\n      \"a@b.example\"\n    ]\n  }\n}";
        const QByteArray sortedKeys = R"({"a":1,"b":{"c":2,"d":3}})";
        const QByteArray unsortedKeys = R"({"b":{"d":3,"c":2},"a":1})";
        const QByteArray crlf = "line one\r\nline two\r\n";
        const QByteArray lf = "line one\nline two\n";
        const QByteArray latin1 = "{\"note\":\"caf\xE9\"}";
        const QByteArray utf8 = "{\"note\":\"caf\xC3\xA9\"}";

        // Missing or duplicated headers.
        Input missing = deliver(u"mailparse"_s, "s3cret", compact, compact);
        missing.headers.removeIf([](const http::HttpHeader& h) { return h.name == "X-Webhook-Signature"; });
        QTest::addRow("missing header") << u"mailparse"_s << missing << u"missing-headers"_s << 400;
        Input duplicated = deliver(u"github"_s, "gh-secret", compact, compact);
        duplicated.headers.prepend({ "X-Hub-Signature-256", "sha256=0000" });
        QTest::addRow("duplicated header") << u"github"_s << duplicated << u"duplicate-header"_s << 401;

        // Time.
        Input stale = deliver(u"standard-webhooks"_s, kWhsec, compact, compact);
        stale.nowMs = kNow + 3'600'000;
        QTest::addRow("timestamp outside the window") << u"standard-webhooks"_s << stale << u"timestamp-skew"_s << 400;
        Input seconds = deliver(u"mailparse"_s, "s3cret", compact, compact);
        for (auto& h : seconds.headers) {
            if (h.name == "X-Webhook-Timestamp")
                h.value = QByteArray::number(kNow / 1000);
            if (h.name == "X-Webhook-Signature")
                h.value = crypto::hmac(
                    crypto::Digest::Sha256, "s3cret", QByteArray(QByteArray::number(kNow / 1000) + '.' + compact))
                              .toHex();
        }
        QTest::addRow("seconds where milliseconds are expected")
            << u"mailparse"_s << seconds << u"timestamp-in-seconds"_s << 400;
        Input millis = deliver(u"standard-webhooks"_s, kWhsec, compact, compact);
        for (auto& h : millis.headers) {
            if (h.name == "webhook-timestamp")
                h.value = QByteArray::number(kNow);
        }
        QTest::addRow("milliseconds where seconds are expected")
            << u"standard-webhooks"_s << millis << u"timestamp-in-milliseconds"_s << 400;

        // The body changed on the way.
        QTest::addRow("JSON pretty-printed after signing")
            << u"github"_s << deliver(u"github"_s, "gh-secret", compact, pretty) << u"body-reserialized"_s << 401;
        QTest::addRow("JSON compacted after signing")
            << u"stripe"_s << deliver(u"stripe"_s, "whsec_x", pretty, compact) << u"body-reserialized"_s << 401;
        QTest::addRow("JSON keys reordered")
            << u"shopify"_s << deliver(u"shopify"_s, "hush", sortedKeys, unsortedKeys) << u"body-reserialized"_s << 401;
        QTest::addRow("CRLF became LF") << u"github"_s << deliver(u"github"_s, "gh-secret", crlf, lf)
                                        << u"line-endings-changed"_s << 401;
        QTest::addRow("LF became CRLF") << u"slack"_s << deliver(u"slack"_s, "sl", lf, crlf)
                                        << u"line-endings-changed"_s << 401;
        QTest::addRow("trailing newline added")
            << u"github"_s << deliver(u"github"_s, "gh-secret", compact, compact + '\n') << u"trailing-newline"_s
            << 401;
        QTest::addRow("trailing newline removed")
            << u"mailparse"_s << deliver(u"mailparse"_s, "s3cret", compact + '\n', compact) << u"trailing-newline"_s
            << 401;
        QTest::addRow("BOM added") << u"github"_s
                                   << deliver(u"github"_s, "gh-secret", compact, "\xEF\xBB\xBF" + compact)
                                   << u"bom-changed"_s << 401;
        QTest::addRow("BOM removed") << u"svix"_s << deliver(u"svix"_s, kWhsec, "\xEF\xBB\xBF" + compact, compact)
                                     << u"bom-changed"_s << 401;
        QTest::addRow("latin-1 re-encoded as UTF-8")
            << u"github"_s << deliver(u"github"_s, "gh-secret", latin1, utf8) << u"charset-changed"_s << 401;
        QTest::addRow("UTF-8 re-encoded as latin-1")
            << u"github"_s << deliver(u"github"_s, "gh-secret", utf8, latin1) << u"charset-changed"_s << 401;

        // The secret used the wrong way.
        Input rawWhsec;
        {
            const QByteArray id = "msg_1", ts = QByteArray::number(kNow / 1000);
            rawWhsec.headers = { { "webhook-id", id }, { "webhook-timestamp", ts },
                { "webhook-signature",
                    "v1,"
                        + crypto::hmac(crypto::Digest::Sha256, kWhsec, QByteArray(id + '.' + ts + '.' + compact))
                              .toBase64() } };
            rawWhsec.body = compact;
            rawWhsec.secrets = { kWhsec };
            rawWhsec.nowMs = kNow;
        }
        QTest::addRow("whsec_ secret used raw") << u"standard-webhooks"_s << rawWhsec << u"secret-used-raw"_s << 401;
        Input decodedWhsec;
        {
            const QByteArray ts = QByteArray::number(kNow / 1000);
            const QByteArray key = QByteArray::fromBase64(kWhsec.mid(6));
            decodedWhsec.headers = { { "Stripe-Signature",
                "t=" + ts
                    + ",v1=" + crypto::hmac(crypto::Digest::Sha256, key, QByteArray(ts + '.' + compact)).toHex() } };
            decodedWhsec.body = compact;
            decodedWhsec.secrets = { kWhsec };
            decodedWhsec.nowMs = kNow;
        }
        QTest::addRow("whsec_ secret base64-decoded for Stripe")
            << u"stripe"_s << decodedWhsec << u"secret-base64-decoded"_s << 401;

        // Another scheme, another route's secret.
        Input githubOnStripe = deliver(u"github"_s, "whsec_x", compact, compact);
        QTest::addRow("signed as github, route is stripe") << u"stripe"_s << githubOnStripe << u"other-scheme"_s << 400;
        Input svixOnSw = deliver(u"svix"_s, kWhsec, compact, compact);
        QTest::addRow("svix headers on a standard-webhooks route")
            << u"standard-webhooks"_s << svixOnSw << u"other-scheme"_s << 400;
        Input otherRoute = deliver(u"github"_s, "billing-secret", compact, compact);
        otherRoute.secrets = { "support-secret" };
        otherRoute.otherSecrets = { { u"billing"_s, "billing-secret" } };
        QTest::addRow("secret of another route") << u"github"_s << otherRoute << u"other-route-secret"_s << 401;

        // Prefix, encoding, case, algorithm, content.
        QTest::addRow("prefix missing") << u"github"_s << githubInput(ghMac(crypto::Digest::Sha256).toHex())
                                        << u"wrong-prefix"_s << 401;
        QTest::addRow("base64 where hex is expected")
            << u"github"_s << githubInput("sha256=" + ghMac(crypto::Digest::Sha256).toBase64()) << u"wrong-encoding"_s
            << 401;
        QTest::addRow("upper-case hex") << u"github"_s
                                        << githubInput("sha256=" + ghMac(crypto::Digest::Sha256).toHex().toUpper())
                                        << u"hex-case"_s << 401;
        QTest::addRow("SHA-1 where SHA-256 is expected")
            << u"github"_s << githubInput("sha256=" + ghMac(crypto::Digest::Sha1).toHex()) << u"wrong-algorithm"_s
            << 401;
        Input hexOnShopify;
        hexOnShopify.headers
            = { { "X-Shopify-Hmac-Sha256", crypto::hmac(crypto::Digest::Sha256, "hush", compact).toHex() } };
        hexOnShopify.body = compact;
        hexOnShopify.secrets = { "hush" };
        QTest::addRow("hex where base64 is expected") << u"shopify"_s << hexOnShopify << u"wrong-encoding"_s << 401;
        Input bodyOnly = deliver(u"slack"_s, "sl", compact, compact);
        for (auto& h : bodyOnly.headers) {
            if (h.name == "X-Slack-Signature")
                h.value = "v0=" + crypto::hmac(crypto::Digest::Sha256, "sl", compact).toHex();
        }
        QTest::addRow("body signed without the timestamp")
            << u"slack"_s << bodyOnly << u"wrong-signed-content"_s << 401;
    }

    void causes()
    {
        QFETCH(QString, scheme);
        QFETCH(Input, input);
        QFETCH(QString, reason);
        QFETCH(int, httpStatus);
        const Verdict v = createScheme(scheme)->verify(input);
        QVERIFY(!v.valid());
        QVERIFY2(v.reason == reason, qPrintable(v.reason + u" ≠ "_s + reason + u": "_s + v.hints.join(u" | "_s)));
        QCOMPARE(v.httpStatus(), httpStatus);
        QVERIFY(!v.hints.isEmpty());
        // The same request without the diagnosis fails the same way, only less specifically.
        Input plain = input;
        plain.diagnose = false;
        QCOMPARE(createScheme(scheme)->verify(plain).outcome, v.outcome);
    }

    void skewSaysByHowMuch()
    {
        Input in = deliver(u"standard-webhooks"_s, kWhsec, "{}", "{}");
        in.nowMs = kNow + 301'000;
        Verdict v = createScheme(u"standard-webhooks"_s)->verify(in);
        QCOMPARE(v.reason, u"timestamp-skew"_s);
        QVERIFY2(v.hints.first().contains(u"5 min 1 s older"_s), qPrintable(v.hints.first()));
        QVERIFY(v.hints.join(u' ').contains(u"The signature itself matches"_s));
        QCOMPARE(*v.skewMs, qint64(301'000));
        in.nowMs = kNow - 400'000;
        v = createScheme(u"standard-webhooks"_s)->verify(in);
        QVERIFY2(v.hints.first().contains(u"ahead of now"_s), qPrintable(v.hints.first()));
    }

    void canonicalExpectedReceivedAreShown()
    {
        const Verdict v = createScheme(u"github"_s)->verify(githubInput("sha256=" + QByteArray(64, '0')));
        QCOMPARE(v.canonical, QByteArray("{\"a\":1}"));
        QCOMPARE(v.expected, "sha256=" + ghMac(crypto::Digest::Sha256).toHex());
        QCOMPARE(v.received, "sha256=" + QByteArray(64, '0'));
        const QJsonObject json = v.toJson();
        QCOMPARE(json.value(u"valid"_s).toBool(), false);
        QCOMPARE(json.value(u"reason"_s).toString(), u"invalid-signature"_s);
        QCOMPARE(json.value(u"canonical"_s).toString(), u"{\"a\":1}"_s);
    }

    void unexplainedFailureSaysSo()
    {
        const Verdict v = createScheme(u"github"_s)->verify(githubInput("sha256=" + QByteArray(64, '0')));
        QCOMPARE(v.reason, u"invalid-signature"_s);
        QVERIFY(!v.hints.isEmpty());
    }

    void bodyVariantsAreDistinct()
    {
        const QByteArray body = R"({"a": [1, 2], "b": {}})";
        for (const auto& variant : bodyVariants(body))
            QVERIFY2(variant.content != body, qPrintable(variant.reason));
    }
};

QTEST_GUILESS_MAIN(TestDiagnosis)
#include "tst_diagnosis.moc"
