#include "core/replay/requestbuilder.h"
#include "testsupport.h"

#include "core/verify/scheme.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::replay;

namespace {

CapturedRequest captured()
{
    CapturedRequest c;
    c.method = "POST";
    c.target = "/webhooks/email?x=1";
    c.headers = { { "Host", "old.example:8080" }, { "Connection", "keep-alive, X-Hop" }, { "X-Hop", "drop me" },
        { "Content-Type", "application/json" }, { "X-Repeat", "a" }, { "Content-Length", "13" }, { "X-Repeat", "b" },
        { "Keep-Alive", "timeout=5" }, { "X-Webhook-Timestamp", "1700000000000" },
        { "X-Webhook-Signature", "deadbeef" } };
    c.body = R"({"id":"evt1"})";
    return c;
}

QByteArray names(const http::HttpHeaders& headers)
{
    QList<QByteArray> list;
    for (const auto& h : headers)
        list << h.name;
    return list.join(',');
}

} // namespace

class TestRequestBuilder final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void asCaptured_data();
    void asCaptured();
    void chunkedBecomesContentLength();
    void resignedVerifies();
    void resignEveryScheme_data();
    void resignEveryScheme();
    void negative_data();
    void negative();
    void editedBodyIsSigned();
    void badUrlAndUnknownScheme();
    void headerBlockRoundTrip();
};

void TestRequestBuilder::asCaptured_data()
{
    QTest::addColumn<QString>("to");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("host");
    QTest::addRow("no path keeps the captured one")
        << u"http://127.0.0.1:9000"_s << QByteArray("/webhooks/email?x=1") << QByteArray("127.0.0.1:9000");
    QTest::addRow("a path of its own") << u"http://localhost:3000/hook?y=2"_s << QByteArray("/hook?y=2")
                                       << QByteArray("localhost:3000");
    QTest::addRow("default port is not written")
        << u"https://example.com/in"_s << QByteArray("/in") << QByteArray("example.com");
    QTest::addRow("ipv6") << u"http://[::1]:8081"_s << QByteArray("/webhooks/email?x=1") << QByteArray("[::1]:8081");
}

void TestRequestBuilder::asCaptured()
{
    QFETCH(QString, to);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, host);
    auto r = buildRequest(captured(), QUrl(to), ReplaySpec {}, 1);
    QVERIFY2(r, qPrintable(r ? QString() : r.error()));
    QCOMPARE(r->target, target);
    QCOMPARE(r->method, QByteArray("POST"));
    QCOMPARE(r->body, captured().body);
    // Hop-by-hop (and what Connection lists) dropped; Host and Content-Length recomputed in place;
    // end-to-end headers in order with repeats; nothing added.
    QCOMPARE(names(r->headers),
        QByteArray("Host,Content-Type,X-Repeat,Content-Length,X-Repeat,X-Webhook-Timestamp,X-Webhook-Signature"));
    QCOMPARE(headerValue(r->headers, "Host"), host);
    QCOMPARE(headerValue(r->headers, "Content-Length"), QByteArray::number(captured().body.size()));
    QCOMPARE(headerValue(r->headers, "X-Webhook-Signature"), QByteArray("deadbeef"));
    QVERIFY(r->head().startsWith(QByteArray("POST " + target + " HTTP/1.1\r\nHost: " + host + "\r\n")));
    QVERIFY(r->head().endsWith("\r\n\r\n"));
}

void TestRequestBuilder::chunkedBecomesContentLength()
{
    CapturedRequest c;
    c.target = "/in";
    c.headers = { { "Transfer-Encoding", "chunked" }, { "Content-Type", "text/plain" }, { "Expect", "100-continue" } };
    c.body = "decoded body";
    auto r = buildRequest(c, QUrl(u"http://h:81"_s), {}, 0);
    QVERIFY(r);
    // No Host was captured: it goes first; the body is framed by length where the chunked coding stood.
    QCOMPARE(names(r->headers), QByteArray("Host,Content-Length,Content-Type,Expect"));
    QCOMPARE(headerValue(r->headers, "Content-Length"), QByteArray("12"));
    QVERIFY(r->wire().endsWith("\r\n\r\ndecoded body"));
}

void TestRequestBuilder::resignedVerifies()
{
    ReplaySpec spec;
    spec.resign = true;
    spec.secret = "s3cret";
    const qint64 now = 1'800'000'000'000;
    auto r = buildRequest(captured(), QUrl(u"http://127.0.0.1:9000/in"_s), spec, now);
    QVERIFY2(r, qPrintable(r ? QString() : r.error()));
    QCOMPARE(headerCount(r->headers, "X-Webhook-Signature"), 1);
    QCOMPARE(headerValue(r->headers, "X-Webhook-Timestamp"), QByteArray::number(now));
    // The old signature header kept its place, with the new value.
    QCOMPARE(names(r->headers),
        QByteArray("Host,Content-Type,X-Repeat,Content-Length,X-Repeat,X-Webhook-Timestamp,X-Webhook-Signature"));
    auto scheme = verify::createScheme(u"mailparse"_s);
    verify::Input in;
    in.headers = r->headers;
    in.body = r->body;
    in.nowMs = now;
    in.secrets = { "s3cret" };
    QCOMPARE(scheme->verify(in).outcome, verify::Outcome::Valid);
}

void TestRequestBuilder::resignEveryScheme_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<bool>("signable");
    const QByteArray whsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    QTest::addRow("mailparse") << u"mailparse"_s << QByteArray("s3cret") << true;
    QTest::addRow("standard-webhooks") << u"standard-webhooks"_s << whsec << true;
    QTest::addRow("svix") << u"svix"_s << whsec << true;
    QTest::addRow("resend") << u"resend"_s << whsec << true;
    QTest::addRow("stripe") << u"stripe"_s << QByteArray("whsec_test_secret") << true;
    QTest::addRow("github") << u"github"_s << QByteArray("s3cret") << true;
    QTest::addRow("github-sha1") << u"github-sha1"_s << QByteArray("s3cret") << true;
    QTest::addRow("slack") << u"slack"_s << QByteArray("s3cret") << true;
    QTest::addRow("shopify") << u"shopify"_s << QByteArray("s3cret") << true;
    QTest::addRow("twilio (over the target URL)") << u"twilio"_s << QByteArray("auth-token") << true;
    QTest::addRow("mailgun (inside the body)") << u"mailgun"_s << QByteArray("key-s3cret") << true;
    QTest::addRow("postmark") << u"postmark"_s << QByteArray("user:password") << true;
    QTest::addRow("sendgrid without its private key")
        << u"sendgrid"_s << QByteArray("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE") << false;
}

void TestRequestBuilder::resignEveryScheme()
{
    QFETCH(QString, scheme);
    QFETCH(QByteArray, secret);
    QFETCH(bool, signable);
    QVERIFY(verify::schemeNames().contains(scheme));
    ReplaySpec spec;
    spec.resign = true;
    spec.scheme = scheme;
    spec.secret = secret;
    const QUrl to(u"https://hooks.example.test:8443/in/email?tenant=7"_s);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    auto r = buildRequest(captured(), to, spec, now);
    if (!signable) {
        QVERIFY(!r);
        QVERIFY2(r.error().contains(scheme), qPrintable(r.error())); // the scheme's own reason is shown
        return;
    }
    QVERIFY2(r, qPrintable(r ? QString() : r.error()));
    verify::Input in;
    in.headers = r->headers;
    in.body = r->body;
    in.method = r->method;
    // The URL the request goes to (Twilio adds bodySHA256 to the query of a JSON post).
    in.url = to.toString(QUrl::RemovePath | QUrl::RemoveQuery) + QString::fromUtf8(r->target);
    in.nowMs = now;
    in.secrets = { secret };
    const verify::Verdict v = verify::createScheme(scheme)->verify(in);
    QVERIFY2(v.valid(), qPrintable(v.reason + u": "_s + v.hints.join(u' ')));
    QCOMPARE(headerValue(r->headers, "Content-Length"), QByteArray::number(r->body.size()));
}

void TestRequestBuilder::negative_data()
{
    QTest::addColumn<int>("negative");
    QTest::addColumn<int>("outcome");
    QTest::addRow("wrong secret") << int(Negative::WrongSecret) << int(verify::Outcome::InvalidSignature);
    QTest::addRow("stale timestamp") << int(Negative::StaleTimestamp) << int(verify::Outcome::TimestampSkew);
    QTest::addRow("missing signature") << int(Negative::MissingSignature) << int(verify::Outcome::MissingHeaders);
}

void TestRequestBuilder::negative()
{
    QFETCH(int, negative);
    QFETCH(int, outcome);
    ReplaySpec spec;
    spec.secret = "s3cret";
    spec.negative = Negative(negative);
    const qint64 now = 1'800'000'000'000;
    auto r = buildRequest(captured(), QUrl(u"http://127.0.0.1:9000"_s), spec, now);
    QVERIFY2(r, qPrintable(r ? QString() : r.error()));
    QVERIFY(spec.modeName().startsWith(u"negative:"_s));
    verify::Input in;
    in.headers = r->headers;
    in.body = r->body;
    in.nowMs = now;
    in.secrets = { "s3cret" };
    QCOMPARE(int(verify::createScheme(u"mailparse"_s)->verify(in).outcome), outcome);
}

void TestRequestBuilder::editedBodyIsSigned()
{
    ReplaySpec spec;
    spec.resign = true;
    spec.secret = "k";
    spec.body = QByteArray(R"({"id":"edited"})");
    spec.headers = http::HttpHeaders { { "Content-Type", "application/json" }, { "X-Edited", "yes" } };
    auto r = buildRequest(captured(), QUrl(u"http://h:1"_s), spec, 5000);
    QVERIFY2(r, qPrintable(r ? QString() : r.error()));
    QCOMPARE(spec.modeName(), u"edited+resigned"_s);
    QCOMPARE(r->body, *spec.body);
    QCOMPARE(headerValue(r->headers, "X-Edited"), QByteArray("yes"));
    QCOMPARE(headerValue(r->headers, "Content-Length"), QByteArray::number(spec.body->size()));
    QCOMPARE(headerValue(r->headers, "X-Webhook-Signature"), test::signMailparse("k", 5000, *spec.body));
}

void TestRequestBuilder::badUrlAndUnknownScheme()
{
    QVERIFY(!buildRequest(captured(), QUrl(u"ftp://h/x"_s), {}, 0));
    ReplaySpec spec;
    spec.resign = true;
    spec.scheme = u"no-such-scheme"_s;
    auto r = buildRequest(captured(), QUrl(u"http://h/x"_s), spec, 0);
    QVERIFY(!r);
    QVERIFY(r.error().contains(u"no-such-scheme"_s));
    ReplaySpec noSecret;
    noSecret.resign = true;
    auto e = buildRequest(captured(), QUrl(u"http://h/x"_s), noSecret, 0);
    QVERIFY(!e); // the scheme's own refusal is passed on
    QVERIFY(e.error().contains(u"re-sign"_s));
}

void TestRequestBuilder::headerBlockRoundTrip()
{
    const QByteArray head = "POST /x HTTP/1.1\r\nHost: a\r\nX-A: 1\r\nX-Folded: one\r\n two\r\nX-A: 2\r\n\r\n";
    const http::HttpHeaders h = CapturedRequest::parseHeaderBlock(head);
    QCOMPARE(names(h), QByteArray("Host,X-A,X-Folded,X-A"));
    QCOMPARE(h.at(2).value, QByteArray("one two"));
    QCOMPARE(h.at(3).value, QByteArray("2"));
}

QTEST_GUILESS_MAIN(TestRequestBuilder)
#include "tst_replay_requestbuilder.moc"
