// A GET or HEAD without a body or signature headers is a reachability check (a provider testing the URL, a
// tunnel, an uptime monitor): answered 200, kept as an unverified event flagged "health-check", never counted as
// a failed signature nor quarantined; the window says "health check". Anything else keeps the guide's answers.

#include "testsupport.h"

#include "ui/badges.h"

using namespace Qt::StringLiterals;
using namespace hookscope;

class tst_HealthCheck : public QObject {
    Q_OBJECT

    static QJsonArray listJson(test::ServeProcess& serve, const QStringList& extra = {})
    {
        return serve.cli(QStringList { u"list"_s, u"--json"_s } + extra).json().array();
    }

private Q_SLOTS:
    void reachabilityChecksAreAnsweredAndKeptApart()
    {
        test::ServeProcess serve;
        QVERIFY2(serve.start({ u"--secret"_s, u"s"_s }, false), serve.log().constData());
        const quint16 port = serve.httpPort();
        const QByteArray get = test::rawExchange(port, "GET /webhooks/email HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QCOMPARE(test::statusOf(get), 200);
        QVERIFY2(get.endsWith("\r\n\r\nok\n"), get.constData());
        const QByteArray head
            = test::rawExchange(port, "HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        QCOMPARE(test::statusOf(head), 200);
        // The guide's answers stand for everything else: a POST without headers, a GET with a wrong signature.
        QCOMPARE(
            test::statusOf(test::rawExchange(port,
                "POST /webhooks/email HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")),
            400);
        QCOMPARE(test::statusOf(test::rawExchange(port,
                     "GET /webhooks/signed HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Webhook-Timestamp: 1\r\n"
                     "X-Webhook-Signature: 00\r\nConnection: close\r\n\r\n")),
            400);

        QVERIFY(test::waitFor([&] { return listJson(serve).size() == 4; }, "the four requests to be listed"));
        const QJsonArray failed = listJson(serve, { u"--status"_s, u"failed"_s });
        QCOMPARE(failed.size(), 2); // the POST and the signed GET, not the two checks
        const QJsonArray unverified = listJson(serve, { u"--status"_s, u"unverified"_s });
        QCOMPARE(unverified.size(), 2);
        for (const QJsonValue& e : unverified) {
            QCOMPARE(e[u"quarantined"_s].toBool(true), false);
            const QJsonObject shown
                = serve.cli({ u"show"_s, QString::number(e[u"id"_s].toInteger()), u"--json"_s }).json().object();
            QVERIFY2(shown.value(u"flags"_s).toArray().contains(u"health-check"_s),
                QJsonDocument(shown).toJson().constData());
        }
        // The failed ones are quarantined on arrival (the route's default); the checks are not.
        QCOMPARE(listJson(serve, { u"--status"_s, u"quarantined"_s }).size(), 2);
    }

    void theWindowSaysHealthCheck()
    {
        store::EventRow e;
        e.status = u"unverified"_s;
        e.flags << u"health-check"_s;
        QCOMPARE(ui::badgeText(e), u"health check"_s);
        QVERIFY(ui::badgeToolTip(e).contains(u"reachability check"_s));
        e.flags.clear();
        QCOMPARE(ui::badgeText(e), u"unverified"_s);
    }
};

QTEST_MAIN(tst_HealthCheck)
#include "tst_health_check.moc"
