#include "core/replay/forwardrules.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::replay;

namespace {

const char* const kRules = R"([
  {"name": "disabled", "to": "http:\/\/127.0.0.1:1/off", "enabled": false},
  {"name": "support", "to": "http:\/\/127.0.0.1:1/support", "match": {"recipient": "support@"}},
  {"name": "invoices", "to": "http:\/\/127.0.0.1:1/invoices", "match": {"recipient": "invoices@", "subjectPrefix": "Invoice"}},
  {"name": "domain", "to": "http:\/\/127.0.0.1:1/domain", "match": {"recipient": "@partner.example"}},
  {"name": "tenant", "to": "http:\/\/127.0.0.1:1/tenant", "match": {"header": {"name": "X-Tenant", "value": "acme"}}},
  {"name": "path", "to": "http:\/\/127.0.0.1:1/path", "match": {"path": "/hooks/other", "route": "default"}},
  {"name": "catch-all", "to": "http:\/\/127.0.0.1:1/rest"}
])";

RoutingContext context(
    const QByteArray& path, const QString& to, const QString& subject, http::HttpHeaders headers = {})
{
    RoutingContext c;
    c.route = u"default"_s;
    c.path = path;
    c.recipients << to;
    c.subject = subject;
    c.headers = std::move(headers);
    return c;
}

} // namespace

class TestForwardRules final : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void firstMatch_data();
    void firstMatch();
    void explainsWhy();
    void fromPayload();
    void loadFile();
};

void TestForwardRules::firstMatch_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("subject");
    QTest::addColumn<QByteArray>("tenant");
    QTest::addColumn<QString>("rule");
    QTest::addRow("support@ local part") << QByteArray("/webhooks/email") << u"Support@yourapp.com"_s << u"Help"_s
                                         << QByteArray() << u"support"_s;
    QTest::addRow("invoices@ with the subject prefix") << QByteArray("/webhooks/email") << u"invoices@yourapp.com"_s
                                                       << u"invoice #42"_s << QByteArray() << u"invoices"_s;
    QTest::addRow("invoices@ without it falls through")
        << QByteArray("/webhooks/email") << u"invoices@yourapp.com"_s << u"Hello"_s << QByteArray() << u"catch-all"_s;
    QTest::addRow("domain") << QByteArray("/x") << u"bob@partner.example"_s << u""_s << QByteArray() << u"domain"_s;
    QTest::addRow("header value") << QByteArray("/x") << u"a@b.c"_s << u""_s << QByteArray("acme") << u"tenant"_s;
    QTest::addRow("other header value") << QByteArray("/x") << u"a@b.c"_s << u""_s << QByteArray("other")
                                        << u"catch-all"_s;
    QTest::addRow("path, whole segments")
        << QByteArray("/hooks/other/more") << u"a@b.c"_s << u""_s << QByteArray() << u"path"_s;
    QTest::addRow("path prefix is not a segment")
        << QByteArray("/hooks/otherwise") << u"a@b.c"_s << u""_s << QByteArray() << u"catch-all"_s;
}

void TestForwardRules::firstMatch()
{
    QFETCH(QByteArray, path);
    QFETCH(QString, to);
    QFETCH(QString, subject);
    QFETCH(QByteArray, tenant);
    QFETCH(QString, rule);
    auto rules = ForwardRules::fromJson(QJsonDocument::fromJson(kRules).array());
    QVERIFY2(rules, qPrintable(rules ? QString() : rules.error()));
    http::HttpHeaders headers;
    if (!tenant.isEmpty())
        headers.append({ "x-tenant", tenant });
    const auto index = ForwardRules::firstMatch(*rules, context(path, to, subject, headers));
    QVERIFY(index);
    QCOMPARE(rules->at(*index).name, rule);
}

void TestForwardRules::explainsWhy()
{
    auto rules = ForwardRules::fromJson(QJsonDocument::fromJson(kRules).array());
    QVERIFY(rules);
    QList<RuleDecision> decisions;
    const auto index = ForwardRules::firstMatch(
        *rules, context("/webhooks/email", u"invoices@yourapp.com"_s, u"Hello"_s), &decisions);
    QCOMPARE(*index, 6);
    QCOMPARE(decisions.size(), 7);
    QVERIFY(decisions.at(0).reasons.contains(u"disabled"_s));
    QVERIFY(decisions.at(2).reasons.join(u'\n').contains(u"recipient invoices@yourapp.com matches invoices@"_s));
    QVERIFY(decisions.at(2).reasons.join(u'\n').contains(u"does not start with \"Invoice\""_s));
    QVERIFY(decisions.at(6).matched);
}

void TestForwardRules::fromPayload()
{
    CapturedRequest c;
    c.headers = { { "Content-Type", "application/json" } };
    c.target = "/webhooks/email?token=1";
    c.body
        = R"({"subject":"Invoice 7","from":{"address":"x@y.z"},"to":[{"address":"invoices@app.test"}],"cc":["cc@app.test"]})";
    const RoutingContext ctx = RoutingContext::fromCaptured(u"r"_s, c);
    QCOMPARE(ctx.path, QByteArray("/webhooks/email"));
    QCOMPARE(ctx.subject, u"Invoice 7"_s);
    QCOMPARE(ctx.recipients, (QStringList { u"invoices@app.test"_s, u"cc@app.test"_s }));
}

void TestForwardRules::loadFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"config.json"_s);
    QVERIFY(ForwardRules::load(path)->isEmpty()); // no file: no rules
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"routes": [], "forward": [{"name": "a", "to": "http:\/\/127.0.0.1:3000/x", "resign": true,
        "retry": {"maxAttempts": 2, "baseDelayMs": 10}}]})");
    f.close();
    auto rules = ForwardRules::load(path);
    QVERIFY2(rules, qPrintable(rules ? QString() : rules.error()));
    QCOMPARE(rules->size(), 1);
    QVERIFY(rules->first().resign);
    QCOMPARE(rules->first().retry.maxAttempts, 2);
    QCOMPARE(rules->first().retry.baseDelayMs, 10);
    QCOMPARE(rules->first().retry.maxDelayMs, 60000);
    QVERIFY(!ForwardRules::fromJson(QJsonDocument::fromJson(R"([{"name":"bad","to":"mailto:x"}])").array()));
}

QTEST_GUILESS_MAIN(TestForwardRules)
#include "tst_replay_forwardrules.moc"
