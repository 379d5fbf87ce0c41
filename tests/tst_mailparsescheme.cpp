#include "core/verify/scheme.h"
#include "testsupport.h"

#include <QFile>

using namespace Qt::StringLiterals;
using namespace hookscope;

class TestMailparseScheme : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sharedVectors_data();
    void sharedVectors();
    void outcomes_data();
    void outcomes();
    void rotationRecordsMatchingSecret();
    void signThenVerify();
};

void TestMailparseScheme::sharedVectors_data()
{
    QTest::addColumn<QJsonObject>("vector");
    QFile f(test::sharedDir() + u"/testdata/signatures/vectors.json"_s);
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
    const QJsonArray all = QJsonDocument::fromJson(f.readAll()).array();
    int n = 0;
    for (const auto& v : all) {
        const QJsonObject o = v.toObject();
        if (o.value(u"scheme"_s).toString() == u"mailparse"_s) {
            QTest::addRow("%s", qPrintable(o.value(u"id"_s).toString())) << o;
            ++n;
        }
    }
    QVERIFY(n >= 5);
}

void TestMailparseScheme::sharedVectors()
{
    QFETCH(QJsonObject, vector);
    verify::Input input;
    const QJsonObject headers = vector.value(u"headers"_s).toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it)
        input.headers.append({ it.key().toUtf8(), it.value().toString().toUtf8() });
    input.body = vector.value(u"body"_s).isString()
        ? vector.value(u"body"_s).toString().toUtf8()
        : QByteArray::fromBase64(vector.value(u"body_base64"_s).toString().toLatin1());
    input.secrets << vector.value(u"secret"_s).toString().toUtf8();
    input.nowMs = vector.contains(u"now_ms"_s) ? qint64(vector.value(u"now_ms"_s).toDouble())
                                               : qint64(vector.value(u"now"_s).toDouble()) * 1000;
    if (vector.contains(u"tolerance_ms"_s))
        input.toleranceMs = qint64(vector.value(u"tolerance_ms"_s).toDouble());
    const verify::Verdict verdict = verify::createScheme(u"mailparse"_s)->verify(input);
    QCOMPARE(verdict.valid(), vector.value(u"expected_valid"_s).toBool());
    if (verdict.valid())
        QCOMPARE(verdict.httpStatus(), 200);
    else
        QVERIFY(verdict.httpStatus() == 400 || verdict.httpStatus() == 401);
}

void TestMailparseScheme::outcomes_data()
{
    QTest::addColumn<QByteArray>("timestamp");
    QTest::addColumn<bool>("withSignature");
    QTest::addColumn<bool>("goodSignature");
    QTest::addColumn<qint64>("nowOffsetMs");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<QString>("reason");

    QTest::addRow("valid") << QByteArray("1700000000000") << true << true << qint64(0) << 200
                           << QByteArray(R"({"ok":true})") << u"valid"_s;
    QTest::addRow("no signature") << QByteArray("1700000000000") << false << true << qint64(0) << 400
                                  << QByteArray("missing headers") << u"missing-headers"_s;
    QTest::addRow("no timestamp") << QByteArray() << true << true << qint64(0) << 400 << QByteArray("missing headers")
                                  << u"missing-headers"_s;
    QTest::addRow("not a number") << QByteArray("yesterday") << true << true << qint64(0) << 400
                                  << QByteArray("invalid timestamp") << u"invalid-timestamp"_s;
    QTest::addRow("signed number") << QByteArray("+1700000000000") << true << true << qint64(0) << 400
                                   << QByteArray("invalid timestamp") << u"invalid-timestamp"_s;
    QTest::addRow("exactly 5 min old") << QByteArray("1700000000000") << true << true << qint64(300000) << 200
                                       << QByteArray(R"({"ok":true})") << u"valid"_s;
    QTest::addRow("5 min + 1 ms old") << QByteArray("1700000000000") << true << true << qint64(300001) << 400
                                      << QByteArray("timestamp skew") << u"timestamp-skew"_s;
    QTest::addRow("5 min + 1 ms ahead") << QByteArray("1700000000000") << true << true << qint64(-300001) << 400
                                        << QByteArray("timestamp skew") << u"timestamp-skew"_s;
    QTest::addRow("skew before signature") << QByteArray("1700000000000") << true << false << qint64(900000) << 400
                                           << QByteArray("timestamp skew") << u"timestamp-skew"_s;
    QTest::addRow("wrong signature") << QByteArray("1700000000000") << true << false << qint64(0) << 401
                                     << QByteArray("invalid signature") << u"invalid-signature"_s;
}

void TestMailparseScheme::outcomes()
{
    QFETCH(QByteArray, timestamp);
    QFETCH(bool, withSignature);
    QFETCH(bool, goodSignature);
    QFETCH(qint64, nowOffsetMs);
    QFETCH(int, status);
    QFETCH(QByteArray, answer);
    QFETCH(QString, reason);

    const QByteArray body = R"({"id":"evt_1"})";
    verify::Input input;
    input.body = body;
    input.secrets << "s3cret";
    input.nowMs = 1700000000000 + nowOffsetMs;
    if (!timestamp.isNull())
        input.headers.append({ "X-Webhook-Timestamp", timestamp });
    if (withSignature) {
        const QByteArray sig = goodSignature ? test::signMailparse("s3cret", 1700000000000, body)
                                             : test::signMailparse("other", 1700000000000, body);
        input.headers.append({ "x-webhook-signature", sig });
    }
    const verify::Verdict v = verify::createScheme(u"mailparse"_s)->verify(input);
    QCOMPARE(v.httpStatus(), status);
    QCOMPARE(v.responseText(), answer);
    QCOMPARE(v.reason, reason);
    if (status == 401) {
        QCOMPARE(v.canonical, QByteArray("1700000000000." + body));
        QCOMPARE(v.expected, test::signMailparse("s3cret", 1700000000000, body));
    }
}

void TestMailparseScheme::rotationRecordsMatchingSecret()
{
    const QByteArray body = "{}";
    verify::Input input;
    input.body = body;
    input.nowMs = 1700000000000;
    input.secrets << "old"
                  << "new";
    input.headers = { { "X-Webhook-Timestamp", "1700000000000" },
        { "X-Webhook-Signature", test::signMailparse("new", 1700000000000, body) } };
    const auto v = verify::createScheme(u"mailparse"_s)->verify(input);
    QVERIFY(v.valid());
    QCOMPARE(v.secretIndex, 1);
}

void TestMailparseScheme::signThenVerify()
{
    const auto scheme = verify::createScheme(u"mailparse"_s);
    QVERIFY(scheme);
    verify::SignInput in;
    in.body = "hello";
    in.secret = "k";
    in.nowMs = 1712345678901;
    auto signedRequest = scheme->sign(in);
    QVERIFY(signedRequest);
    verify::Input input;
    input.headers = signedRequest->headers;
    input.body = signedRequest->body;
    input.secrets << "k";
    input.nowMs = in.nowMs + 1000;
    QVERIFY(scheme->verify(input).valid());
    QVERIFY(!scheme->sign(verify::SignInput {}).has_value());
}

QTEST_GUILESS_MAIN(TestMailparseScheme)
#include "tst_mailparsescheme.moc"
