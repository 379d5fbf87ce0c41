#include "core/common/crypto.h"
#include "core/ingest/idempotency.h"
#include "core/verify/scheme.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;

class TestIdempotency : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void key_data();
    void key();
    void schemesTryEachIdHeader_data();
    void schemesTryEachIdHeader();
    void mimeMessageId_data();
    void mimeMessageId();
};

void TestIdempotency::key_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("idHeader"); // the scheme's delivery id header
    QTest::addColumn<QByteArray>("idHeaderValue");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("source");

    const QByteArray full = R"({"id":"evt_1","messageId":"<m1@x>"})";
    QTest::addRow("scheme header wins") << QByteArray("application/json") << full << QByteArray("webhook-id")
                                        << QByteArray("msg_9") << u"msg_9"_s << u"webhook-id"_s;
    QTest::addRow("header absent → payload id")
        << QByteArray("application/json") << full << QByteArray("svix-id") << QByteArray() << u"evt_1"_s << u"id"_s;
    QTest::addRow("numeric id") << QByteArray("application/json") << QByteArray(R"({"id":42})") << QByteArray()
                                << QByteArray() << u"42"_s << u"id"_s;
    QTest::addRow("messageId") << QByteArray("application/json") << QByteArray(R"({"messageId":"<m1@x>"})")
                               << QByteArray() << QByteArray() << u"<m1@x>"_s << u"messageId"_s;
    QTest::addRow("raw MIME Message-ID") << QByteArray("message/rfc822")
                                         << QByteArray("From: a@b\r\nMessage-ID:\r\n <raw@x>\r\nSubject: s\r\n\r\nbody")
                                         << QByteArray() << QByteArray() << u"<raw@x>"_s << u"messageId"_s;
    QTest::addRow("MIME body Message-ID ignored")
        << QByteArray("message/rfc822") << QByteArray("From: a@b\n\nMessage-ID: <not@header>\n") << QByteArray()
        << QByteArray() << QString::fromLatin1(crypto::sha256Hex("From: a@b\n\nMessage-ID: <not@header>\n"))
        << u"sha256"_s;
    QTest::addRow("no id at all") << QByteArray("text/plain") << QByteArray("hello") << QByteArray() << QByteArray()
                                  << QString::fromLatin1(crypto::sha256Hex("hello")) << u"sha256"_s;
}

void TestIdempotency::key()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, idHeader);
    QFETCH(QByteArray, idHeaderValue);
    QFETCH(QString, key);
    QFETCH(QString, source);

    http::Delivery d;
    d.body = body;
    d.headers.append({ "Content-Type", contentType });
    if (!idHeaderValue.isEmpty())
        d.headers.append({ idHeader, idHeaderValue });
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    const QJsonObject payload = doc.object();
    const QList<QByteArray> idHeaders = idHeader.isEmpty() ? QList<QByteArray>() : QList<QByteArray> { idHeader };
    const auto k = ingest::idempotencyKey(d, idHeaders, doc.isObject() ? &payload : nullptr);
    QCOMPARE(k.key, key);
    QCOMPARE(k.source, source);
}

void TestIdempotency::schemesTryEachIdHeader_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QByteArray>("header");
    QTest::addRow("svix, own header") << u"svix"_s << QByteArray("svix-id");
    QTest::addRow("svix, webhook- fallback") << u"svix"_s << QByteArray("webhook-id");
    QTest::addRow("shopify, classic") << u"shopify"_s << QByteArray("X-Shopify-Webhook-Id");
    QTest::addRow("shopify, events") << u"shopify"_s << QByteArray("shopify-webhook-id");
    QTest::addRow("github") << u"github"_s << QByteArray("X-GitHub-Delivery");
}

void TestIdempotency::schemesTryEachIdHeader()
{
    QFETCH(QString, scheme);
    QFETCH(QByteArray, header);
    const auto s = verify::createScheme(scheme);
    QVERIFY(s);
    http::Delivery d;
    d.body = R"({"id":"evt_payload"})";
    d.headers = { { "Content-Type", "application/json" }, { header, " dlv_42 " } };
    const QJsonObject payload = QJsonDocument::fromJson(d.body).object();
    const auto k = ingest::idempotencyKey(d, s->deliveryIdHeaders(), &payload);
    QCOMPARE(k.key, u"dlv_42"_s);
    QCOMPARE(k.source, QString::fromLatin1(header.toLower()));
    QCOMPARE(k.providerEventId, u"evt_payload"_s);
}

void TestIdempotency::mimeMessageId_data()
{
    QTest::addColumn<QByteArray>("mime");
    QTest::addColumn<QString>("id");
    QTest::addRow("crlf") << QByteArray("Message-ID: <a@b>\r\n\r\n") << u"<a@b>"_s;
    QTest::addRow("lf, lower case") << QByteArray("message-id: <a@b>\nX: y\n\n") << u"<a@b>"_s;
    QTest::addRow("folded") << QByteArray("Message-Id:\n\t<folded@b>\nX: y\n\n") << u"<folded@b>"_s;
    QTest::addRow("last header, no body") << QByteArray("X: y\nMessage-ID: <end@b>") << u"<end@b>"_s;
    QTest::addRow("absent") << QByteArray("X: y\n\nMessage-ID: <body@b>\n") << QString();
}

void TestIdempotency::mimeMessageId()
{
    QFETCH(QByteArray, mime);
    QFETCH(QString, id);
    QCOMPARE(ingest::mimeMessageId(mime), id);
}

QTEST_GUILESS_MAIN(TestIdempotency)
#include "tst_idempotency.moc"
