// Each provider payload sample (tests/data/payloads/manifest.json) read into the email model: directly
// through the adapters, and through the real listener (`hookscope serve`, then `list`/`show`).

#include "testsupport.h"

#include "core/email/payload.h"

#include <QCryptographicHash>
#include <QJsonDocument>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

QJsonArray manifest()
{
    QFile f(test::testData(u"payloads/manifest.json"_s));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).array();
}

QByteArray sample(const QString& name)
{
    QFile f(test::testData(u"payloads/"_s + name));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString kindName(email::PayloadKind kind)
{
    switch (kind) {
    case email::PayloadKind::EventJson:
        return u"EventJson"_s;
    case email::PayloadKind::JsonWithRawMime:
        return u"JsonWithRawMime"_s;
    case email::PayloadKind::RawMime:
        return u"RawMime"_s;
    case email::PayloadKind::SendGridForm:
        return u"SendGridForm"_s;
    case email::PayloadKind::MailgunForm:
        return u"MailgunForm"_s;
    case email::PayloadKind::OtherJson:
        return u"OtherJson"_s;
    case email::PayloadKind::Unreadable:
        return u"Unreadable"_s;
    }
    return {};
}

QStringList addresses(const QList<email::Address>& list)
{
    QStringList out;
    for (const auto& a : list)
        out << a.address;
    return out;
}

QStringList strings(const QJsonValue& v)
{
    QStringList out;
    for (const auto& s : v.toArray())
        out << s.toString();
    return out;
}

} // namespace

class TestAdapters : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void samples_data()
    {
        QTest::addColumn<QJsonObject>("expect");
        const QJsonArray list = manifest();
        QVERIFY2(list.size() >= 15, "tests/data/payloads/manifest.json is missing samples");
        for (const auto& v : list)
            QTest::addRow("%s", qPrintable(v.toObject().value(u"file"_s).toString())) << v.toObject();
    }
    void samples()
    {
        QFETCH(QJsonObject, expect);
        const QByteArray body = sample(expect.value(u"file"_s).toString());
        QVERIFY(!body.isEmpty());
        const QByteArray contentType = expect.value(u"contentType"_s).toString().toLatin1();
        QCOMPARE(kindName(email::detectPayload(contentType, body)), expect.value(u"kind"_s).toString());
        auto parsed = email::parsePayload(contentType, body);
        if (expect.value(u"kind"_s).toString() == u"Unreadable"_s) {
            QVERIFY(!parsed);
            return;
        }
        QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error()));
        const email::EmailMessage& m = *parsed;
        QCOMPARE(m.adapter, expect.value(u"adapter"_s).toString());
        if (expect.contains(u"subject"_s))
            QCOMPARE(m.subject, expect.value(u"subject"_s).toString());
        if (expect.contains(u"from"_s))
            QCOMPARE(m.from.address, expect.value(u"from"_s).toString());
        if (expect.contains(u"fromName"_s))
            QCOMPARE(m.from.name, expect.value(u"fromName"_s).toString());
        if (expect.contains(u"to"_s))
            QCOMPARE(addresses(m.to), strings(expect.value(u"to"_s)));
        if (expect.contains(u"cc"_s))
            QCOMPARE(addresses(m.cc), strings(expect.value(u"cc"_s)));
        if (expect.contains(u"messageId"_s))
            QCOMPARE(m.messageId, expect.value(u"messageId"_s).toString());
        if (expect.contains(u"text"_s)) {
            QVERIFY(m.text);
            QCOMPARE(m.text->trimmed(), expect.value(u"text"_s).toString().trimmed());
        }
        if (expect.contains(u"html"_s)) {
            QVERIFY(m.html);
            QCOMPARE(m.html->trimmed(), expect.value(u"html"_s).toString().trimmed());
        }
        if (expect.value(u"hasRawMime"_s).toBool())
            QVERIFY(!m.rawMime.isEmpty());
        const QJsonArray attachments = expect.value(u"attachments"_s).toArray();
        QCOMPARE(m.attachments.size(), attachments.size());
        for (qsizetype i = 0; i < attachments.size(); ++i) {
            const QJsonObject e = attachments.at(i).toObject();
            const email::Attachment& a = m.attachments.at(i);
            QCOMPARE(a.filename, e.value(u"filename"_s).toString());
            QCOMPARE(a.contentType, e.value(u"contentType"_s).toString());
            QCOMPARE(a.size, e.value(u"size"_s).toInteger());
            QCOMPARE(a.contentId, e.value(u"contentId"_s).toString());
            if (e.contains(u"sha256"_s)) {
                QCOMPARE(a.sha256, e.value(u"sha256"_s).toString());
                QCOMPARE(QString::fromLatin1(QCryptographicHash::hash(a.data, QCryptographicHash::Sha256).toHex()),
                    a.sha256);
            }
        }
        const QStringList expectedWarnings = strings(expect.value(u"warnings"_s));
        if (expect.contains(u"warnings"_s) && expectedWarnings.isEmpty())
            QVERIFY2(m.warnings.isEmpty(), qPrintable(m.warnings.join(u" | "_s)));
        for (const QString& w : expectedWarnings) {
            bool found = false;
            for (const QString& actual : m.warnings)
                found = found || actual.contains(w);
            QVERIFY2(found, qPrintable(u"no warning containing \"%1\" in: %2"_s.arg(w, m.warnings.join(u" | "_s))));
        }
        for (const QString& key : strings(expect.value(u"extra"_s)))
            QVERIFY2(m.extra.contains(key), qPrintable(key));
    }

    void detectIsCheapAndTolerant_data()
    {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("kind");
        QTest::addRow("raw mime as text/plain")
            << QByteArray("text/plain") << QByteArray("From: a@b.c\r\nSubject: x\r\n\r\nbody") << u"RawMime"_s;
        QTest::addRow("raw mime without type")
            << QByteArray() << QByteArray("Subject: x\nFrom: a@b.c\n\nbody") << u"RawMime"_s;
        QTest::addRow("json array") << QByteArray("application/json") << QByteArray("[1,2]") << u"OtherJson"_s;
        QTest::addRow("plain words") << QByteArray("text/plain") << QByteArray("hello world") << u"Unreadable"_s;
        QTest::addRow("form without boundary")
            << QByteArray("multipart/form-data") << QByteArray("--x\r\n\r\n--x--\r\n") << u"Unreadable"_s;
        QTest::addRow("content type case")
            << QByteArray("Message/RFC822; charset=utf-8") << QByteArray("Subject: x\n\nbody") << u"RawMime"_s;
    }
    void detectIsCheapAndTolerant()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(QString, kind);
        QCOMPARE(kindName(email::detectPayload(contentType, body)), kind);
    }

    // The ingest path reads JSON with simdjson and leaves what it refuses to Qt's parser: the kind and the ids must
    // be what Qt's parser alone gives (the adapters and every store written before read JSON with it).
    void detectReadsJsonAsQtDoes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("messageId");
        auto row = [](const char* name, const QByteArray& body, const QString& kind, const QString& id = {},
                       const QString& messageId = {}) { QTest::addRow("%s", name) << body << kind << id << messageId; };
        row("event", R"({"id":"evt_1","messageId":"<m@x>","subject":"s"})", u"EventJson"_s, u"evt_1"_s, u"<m@x>"_s);
        row("id given twice: the last", R"({"id":"a","subject":"s","id":"b"})", u"EventJson"_s, u"b"_s);
        row("numeric id", R"({"id":12345,"from":"a@b.c"})", u"EventJson"_s, u"12345"_s);
        row("negative zero (Qt's parser)", R"({"id":-0.0,"from":"a@b.c"})", u"EventJson"_s, u"0"_s);
        row("a number that rounds to zero (Qt's parser refuses)", R"({"id":"a","x":1e-400,"subject":"s"})",
            u"Unreadable"_s);
        row("id past 2^63", R"({"id":9223372036854775808,"from":"x"})", u"EventJson"_s, u"9.2233720368547758e+18"_s);
        row("id past 2^64 (Qt's parser)", R"({"id":18446744073709551616,"from":"x"})", u"EventJson"_s,
            u"1.8446744073709552e+19"_s);
        row("fraction", R"({"id":0.1,"from":"x"})", u"EventJson"_s, u"0.10000000000000001"_s);
        row("id neither string nor number", R"({"id":{"a":1},"messageId":7,"subject":"s"})", u"EventJson"_s);
        row("nested id is not the id", R"({"x":{"id":"inner"},"subject":"s"})", u"EventJson"_s);
        row("escaped key and value", R"({"\u0069d":"\u00e9\n","subject":"s"})", u"EventJson"_s, u"\u00e9\n"_s);
        row("byte-order mark (Qt's parser)", "\xEF\xBB\xBF{\"id\":\"bom\",\"subject\":\"s\"}", u"EventJson"_s,
            u"bom"_s);
        row("unpaired surrogate (Qt's parser)", R"({"id":"\ud800x","subject":"s"})", u"EventJson"_s,
            QString(QChar(0xD800)) + u"x"_s);
        row("raw mime field", R"({"raw":"From: a@b.c\r\n\r\nx","id":"r"})", u"JsonWithRawMime"_s, u"r"_s);
        row("first raw field that is a string decides", R"({"raw":"","rawMime":"From: a"})", u"OtherJson"_s);
        row("raw field not a string", R"({"raw":1,"rawMime":"From: a"})", u"JsonWithRawMime"_s);
        row("raw field last value", R"({"raw":"From: a","raw":null})", u"OtherJson"_s);
        row("postmark", R"({"MessageID":"p","TextBody":"t"})", u"EventJson"_s);
        row("other object", R"({"type":"ping","id":"p1"})", u"OtherJson"_s, u"p1"_s);
        row("empty object", "{}", u"OtherJson"_s);
        row("array", R"([{"id":"a"}])", u"OtherJson"_s);
        row("empty", QByteArray(), u"Unreadable"_s);
        row("scalar", "123", u"Unreadable"_s);
        row("string", R"("s")", u"Unreadable"_s);
        row("trailing comma", R"({"id":"a",})", u"Unreadable"_s);
        row("garbage after", R"({"id":"a"} x)", u"Unreadable"_s);
        row("invalid UTF-8", "{\"id\":\"\xC3\x28\"}", u"Unreadable"_s);
        row("too deep", QByteArray(2000, '[') + QByteArray(2000, ']'), u"Unreadable"_s);
    }
    void detectReadsJsonAsQtDoes()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, kind);
        QFETCH(QString, id);
        QFETCH(QString, messageId);
        std::optional<email::PayloadIds> ids;
        QCOMPARE(kindName(email::detectPayload("application/json", body, &ids)), kind);
        const QJsonDocument qt = QJsonDocument::fromJson(body);
        QCOMPARE(ids.has_value(), qt.isObject() && !qt.object().isEmpty());
        if (ids) {
            QCOMPARE(ids->id, id);
            QCOMPARE(ids->messageId, messageId);
            const email::PayloadIds fromQt = email::payloadIds(qt.object());
            QCOMPARE(ids->id, fromQt.id);
            QCOMPARE(ids->messageId, fromQt.messageId);
        }
        // The same body past the fast reader's size, read by Qt's parser alone, is classified the same.
        if (body.startsWith('{') && body.endsWith('}') && qt.isObject()) {
            QByteArray big = body;
            big.insert(1, "\"pad\":\"" + QByteArray(1 << 20, 'x') + "\",");
            if (qt.object().isEmpty())
                big.replace(",}", "}");
            QCOMPARE(kindName(email::detectPayload("application/json", big)), kind);
        }
    }

    void throughTheListener()
    {
        test::ServeProcess serve;
        QVERIFY2(serve.start({ u"--secret"_s, u"whsec_adapters"_s }, false), serve.log().constData());
        const QJsonArray list = manifest();
        int readable = 0;
        for (const auto& v : list) {
            const QJsonObject expect = v.toObject();
            const QByteArray body = sample(expect.value(u"file"_s).toString());
            const qint64 ts = QDateTime::currentMSecsSinceEpoch();
            const auto reply = test::send(serve.url(), body,
                { { "Content-Type", expect.value(u"contentType"_s).toString().toLatin1() },
                    { "X-Webhook-Timestamp", QByteArray::number(ts) },
                    { "X-Webhook-Signature", test::signMailparse("whsec_adapters", ts, body) } });
            QCOMPARE(reply.status, 200);
            if (expect.value(u"kind"_s).toString() != u"Unreadable"_s && expect.contains(u"subject"_s))
                ++readable;
        }
        // Post-processing follows the ack: wait until every readable event shows its subject.
        QJsonArray events;
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
            const auto r = serve.cli({ u"list"_s, u"--json"_s, u"--limit"_s, u"0"_s });
            events = r.json().array();
            int withSubject = 0;
            for (const auto& e : events)
                withSubject += e.toObject().value(u"subject"_s).isString() ? 1 : 0;
            return withSubject >= readable;
        }()),
            30'000);
        for (const auto& v : list) {
            const QJsonObject expect = v.toObject();
            const QString file = expect.value(u"file"_s).toString();
            if (expect.value(u"kind"_s).toString() == u"Unreadable"_s || !expect.contains(u"subject"_s))
                continue;
            bool found = false;
            for (const auto& e : events) {
                const QJsonObject o = e.toObject();
                if (o.value(u"subject"_s).toString() != expect.value(u"subject"_s).toString())
                    continue;
                if (o.value(u"from"_s).toObject().value(u"address"_s).toString() != expect.value(u"from"_s).toString())
                    continue;
                found = true;
                const auto shown = serve.cli({ u"show"_s, QString::number(o.value(u"id"_s).toInteger()), u"--json"_s });
                QCOMPARE(shown.exitCode, 0);
                QCOMPARE(shown.json().object().value(u"subject"_s).toString(), expect.value(u"subject"_s).toString());
                QCOMPARE(shown.json().object().value(u"attachments"_s).toInt(),
                    int(expect.value(u"attachments"_s).toArray().size()));
            }
            QVERIFY2(found, qPrintable(u"%1 is not listed with its subject and sender"_s.arg(file)));
        }
        // Unreadable bodies are stored, acknowledged and flagged.
        int malformed = 0;
        for (const auto& e : events)
            malformed += strings(e.toObject().value(u"flags"_s)).contains(u"malformed-payload"_s) ? 1 : 0;
        int unreadable = 0;
        for (const auto& v : list)
            unreadable += v.toObject().value(u"kind"_s).toString() == u"Unreadable"_s ? 1 : 0;
        QCOMPARE(malformed, unreadable);
    }
};

QTEST_GUILESS_MAIN(TestAdapters)
#include "tst_adapters.moc"
