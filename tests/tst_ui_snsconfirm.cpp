// The window's overview of an SNS SubscriptionConfirmation (an SES route's first request): shown as what it
// is, its SubscribeURL and the command that visits it offered, nothing visited.

#include "core/email/adapter.h"
#include "ui/eventdetails.h"
#include "ui/overviewpane.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;

class TestUiSnsConfirm : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void subscriptionConfirmationOffersItsUrl()
    {
        QFile f(QStringLiteral(HOOKSCOPE_TEST_DATA) + u"/payloads/providers/ses_subscription.json"_s);
        QVERIFY(f.open(QIODevice::ReadOnly));
        email::PayloadRequest request = email::PayloadRequest::of("text/plain; charset=UTF-8", f.readAll());
        request.headers = { { "x-amz-sns-message-type", "SubscriptionConfirmation" } };
        auto parsed = email::parsePayload(request);
        QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error()));
        ui::EventDetails d;
        d.found = true;
        d.event.id = 7;
        d.event.route = u"ses"_s;
        d.event.processed = true;
        d.email = *parsed;
        ui::OverviewPane pane;
        pane.setDetails(d);
        const QString text = pane.text();
        QVERIFY2(text.contains(u"SNS subscription"_s), qPrintable(text));
        QVERIFY2(text.contains(u"arn:aws:sns:us-east-1:123456789012:inbound-mail"_s), qPrintable(text));
        QVERIFY2(text.contains(u"https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription"_s), qPrintable(text));
        QVERIFY2(text.contains(u"hookscope sns-confirm 7 --visit"_s), qPrintable(text));
        QVERIFY2(text.contains(u"Nothing has visited"_s), qPrintable(text));
    }
    void anEmailHasNoSubscriptionRow()
    {
        QFile f(QStringLiteral(HOOKSCOPE_TEST_DATA) + u"/payloads/providers/ses_base64.json"_s);
        QVERIFY(f.open(QIODevice::ReadOnly));
        auto parsed = email::parsePayload(email::PayloadRequest::of("text/plain", f.readAll()));
        QVERIFY2(parsed, parsed ? "" : qPrintable(parsed.error()));
        ui::EventDetails d;
        d.found = true;
        d.event.id = 8;
        d.email = *parsed;
        ui::OverviewPane pane;
        pane.setDetails(d);
        QVERIFY(!pane.text().contains(u"SNS subscription"_s));
    }
};

QTEST_MAIN(TestUiSnsConfirm)
#include "tst_ui_snsconfirm.moc"
