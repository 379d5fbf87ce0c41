// The window and a route that fails on purpose: the Deliveries pane shows each delivery's answer and the interval
// since the one before (a sender's backoff at a glance), and File ▸ Response rules turns every rule off and on
// live, keeping the choice in the configuration.

#include "uicapture.h"

#include "ui/deliveriespane.h"

#include "core/config/config.h"

#include <QAction>
#include <QHeaderView>
#include <QTest>
#include <QTreeWidget>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

namespace {

const QByteArray kSecret = "whsec_ui_response_rules";

} // namespace

class tst_UiResponseRules : public QObject {
    Q_OBJECT

    std::unique_ptr<test::WindowCapture> m_capture;
    std::unique_ptr<MainWindow> m_window;
    QString m_configPath;

    int post(const QString& id)
    {
        return test::sendSigned(m_capture->url().toString(), test::plainEvent(id, u"Retry "_s + id), kSecret).status;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_capture = std::make_unique<test::WindowCapture>(kSecret);
        config::RouteResponse& rules = m_capture->settings.routes.first().response;
        rules.sequence = { { 500, config::ResponseAction::Answer, 2 }, { 200, config::ResponseAction::Answer, 1 } };
        m_configPath = m_capture->home.filePath(u"config.json"_s);
        QFile f(m_configPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"listener": {"http": 0}, "routes": []})");
        f.close();
        m_capture->settings.configPath = m_configPath;
        m_capture->capture = std::make_unique<CaptureControl>(m_capture->settings, QString());
        QVERIFY(m_capture->capture->start().has_value());
        m_window = m_capture->openWindow({ 1280, 800 });
        QVERIFY(m_window);
    }
    void cleanupTestCase()
    {
        m_window.reset();
        m_capture->capture->stop();
    }

    /// Three deliveries of one event, answered 500, 500, 200 by the route's sequence: the pane lists them in
    /// order with their answers and the interval since the previous one, shown right after the time.
    void deliveriesShowTheRetrySequence()
    {
        QCOMPARE(post(u"evt_retry"_s), 500);
        QCOMPARE(post(u"evt_retry"_s), 500);
        QCOMPARE(post(u"evt_retry"_s), 200);
        QVERIFY(test::waitFor(
            [&] {
                const auto e = m_capture->stored(u"evt_retry"_s);
                return e && e->deliveries == 3;
            },
            "the event's three deliveries"));
        QVERIFY(
            test::selectEvent(*m_window, [](const store::EventRow& e, int) { return e.eventId == u"evt_retry"_s; }));
        QTreeWidget* list = m_window->deliveriesPane()->list();
        QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 3, test::kWaitMs);
        const QList<store::DeliveryRow>& rows = m_window->shownDetails().deliveries;
        QCOMPARE(rows.size(), 3);

        const int interval = 8;
        QCOMPARE(list->headerItem()->text(interval), u"Since previous"_s);
        QCOMPARE(list->header()->visualIndex(interval), 2); // read beside the time
        QVERIFY(list->topLevelItem(0)->text(interval).isEmpty());
        for (int i = 1; i < 3; ++i)
            QCOMPARE(
                list->topLevelItem(i)->text(interval), formatInterval(rows[i].receivedUs - rows[i - 1].receivedUs));
        QVERIFY(list->topLevelItem(1)->text(interval).startsWith(u'+'));
        QVERIFY(list->topLevelItem(0)->text(4).startsWith(u"500 "_s));
        QVERIFY(list->topLevelItem(1)->text(4).startsWith(u"500 "_s));
        QVERIFY(list->topLevelItem(2)->text(4).startsWith(u"200 "_s));
        QCOMPARE(list->topLevelItem(0)->toolTip(4), u"Answered by the route's response rule: sequence step 1 of 2"_s);
        QCOMPARE(list->topLevelItem(2)->toolTip(4), u"Answered by the route's response rule: sequence step 2 of 2"_s);
    }

    /// How intervals and ends without an answer read.
    void answerAndIntervalWording()
    {
        QCOMPARE(formatInterval(250'000), u"+250 ms"_s);
        QCOMPARE(formatInterval(1'000'000), u"+1.0 s"_s);
        QCOMPARE(formatInterval(2'460'000), u"+2.5 s"_s);
        QCOMPARE(formatInterval(125'000'000), u"+2 min 5 s"_s);
        store::DeliveryRow d;
        d.answerAction = u"reset"_s;
        QCOMPARE(answerText(d), u"reset (RST)"_s);
        d.answerAction = u"closed"_s;
        d.answerDelayMs = 300;
        QCOMPARE(answerText(d), u"closed (no answer) · after 300 ms"_s);
    }

    /// File ▸ Response rules: off, a new event is answered normally at once; the choice is kept in the
    /// configuration file; on again, the sequence applies again.
    void switchTurnsEveryRuleOff()
    {
        QAction* action = m_window->findChild<QAction*>(u"responseRulesAction"_s);
        QVERIFY(action);
        QVERIFY(action->isCheckable());
        QVERIFY(action->isEnabled());
        QVERIFY(action->isChecked());
        action->trigger();
        QVERIFY(!action->isChecked());
        QCOMPARE(post(u"evt_switch_off"_s), 200);
        const auto saved = config::loadConfig(m_configPath);
        QVERIFY2(saved, saved ? "" : qPrintable(saved.error()));
        QVERIFY(!saved->responseRulesEnabled);
        QVERIFY(saved->httpPort.has_value()); // the rest of the file is kept
        action->trigger();
        QVERIFY(action->isChecked());
        QCOMPARE(post(u"evt_switch_on"_s), 500);
        QVERIFY(config::loadConfig(m_configPath)->responseRulesEnabled);
    }
};

QTEST_MAIN(tst_UiResponseRules)
#include "tst_ui_response_rules.moc"
