// Settings in the real window (offscreen): the ports the listener uses are shown beside the configured ones, Set
// secret… needs a selected route and shows the secret it stored, and saving applies the changes to the running
// listener at once (a new route with its secret, a new port, a rotated secret), saying what changed.

#include "uicapture.h"

#include "core/config/config.h"
#include "core/config/secretstore.h"
#include "core/ingest/capturesettings.h"
#include "ui/settingscontroller.h"
#include "ui/settingsdialog.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableWidget>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

class tst_SettingsLive : public QObject {
    Q_OBJECT

    QTemporaryDir m_home;

    QString configPath() const { return m_home.filePath(u"config/hookscope/config.json"_s); }

    /** Writes the configuration: HTTP on `port`, HTTPS off, the default route and `routes` after it. */
    void writeConfig(quint16 port, const QList<config::Route>& routes = {})
    {
        config::Config c;
        c.httpPort = port;
        c.httpsPort = 0;
        config::Route def;
        c.routes << def << routes;
        QVERIFY(config::saveConfig(c, configPath()).has_value());
    }

    /** Runs `interact` on the Settings dialog once the window's Settings… action has opened it (modal). */
    static bool withSettingsDialog(MainWindow& window, const std::function<void(SettingsDialog&)>& interact)
    {
        bool seen = false;
        QTimer::singleShot(0, &window, [&] {
            if (!test::waitFor(
                    [] { return qobject_cast<SettingsDialog*>(QApplication::activeModalWidget()) != nullptr; },
                    "the Settings dialog to open"))
                return;
            auto* dialog = qobject_cast<SettingsDialog*>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            seen = true;
            interact(*dialog);
            if (dialog->isVisible())
                dialog->reject();
        });
        window.findChild<QAction*>(u"settingsAction"_s)->trigger();
        return seen;
    }

    static void clickSave(SettingsDialog& dialog)
    {
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Save)->click();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        // resolveCaptureSettings and the dialog read the per-user configuration and secret store: this HOME's.
        qputenv("HOME", m_home.path().toUtf8());
        qputenv("XDG_CONFIG_HOME", m_home.filePath(u"config"_s).toUtf8());
        qputenv("XDG_DATA_HOME", m_home.filePath(u"data"_s).toUtf8());
        qputenv("HOOKSCOPE_SECRETS_BACKEND", "file");
    }

    void setSecretNeedsASelectedRoute()
    {
        config::SecretStore store(m_home.filePath(u"dialog-secrets"_s));
        writeConfig(8080, { [] {
            config::Route r;
            r.name = u"orders"_s;
            r.pathPrefix = u"/orders"_s;
            return r;
        }() });
        SettingsDialog dialog(configPath(), &store);
        QCOMPARE(dialog.routes()->rowCount(), 2);
        QCOMPARE(dialog.routes()->currentRow(), 0);
        QVERIFY(dialog.setSecretButton()->isEnabled());
        dialog.routes()->setCurrentCell(-1, -1);
        QVERIFY2(!dialog.setSecretButton()->isEnabled(), "Set secret… is on with no route selected");
        QVERIFY(!dialog.storeSecret(-1, "x").has_value());
        dialog.routes()->setCurrentCell(1, SettingsDialog::Name);
        QVERIFY(dialog.setSecretButton()->isEnabled());

        SettingsDialog withoutStore(configPath(), nullptr);
        QVERIFY(!withoutStore.setSecretButton()->isEnabled());
    }

    void theSecretNamesColumnShowsTheStoredSecret()
    {
        config::SecretStore store(m_home.filePath(u"dialog-secrets-2"_s));
        writeConfig(8080, { [] {
            config::Route r;
            r.name = u"orders"_s;
            r.pathPrefix = u"/orders"_s;
            r.secretNames = { u"current"_s };
            return r;
        }() });
        SettingsDialog dialog(configPath(), &store);
        QTableWidget* routes = dialog.routes();
        QCOMPARE(routes->item(0, SettingsDialog::SecretNames)->text(), QString());
        QVERIFY(dialog.storeSecret(0, "first").has_value());
        // The default route names none: it uses the one stored under its name, which the column now shows.
        QCOMPARE(routes->item(0, SettingsDialog::SecretNames)->text(), u"default"_s);
        // A route that names its secrets gets the new one named too, or it would never use it.
        QVERIFY(dialog.storeSecret(1, "second").has_value());
        QCOMPARE(routes->item(1, SettingsDialog::SecretNames)->text(), u"current, orders"_s);
        QVERIFY(dialog.status()->text().contains(u"stored"_s));
        QCOMPARE(store.get(u"orders"_s).value_or(QByteArray()), QByteArray("second"));
        QVERIFY(dialog.save().has_value());
        auto saved = config::loadConfig(configPath());
        QVERIFY(saved.has_value());
        QCOMPARE(saved->routes.at(0).secretNames, QStringList()); // still "the ones stored under its name"
        QCOMPARE(saved->routes.at(1).secretNames, (QStringList { u"current"_s, u"orders"_s }));
        // Opened again, the column shows what the route uses.
        SettingsDialog again(configPath(), &store);
        QCOMPARE(again.routes()->item(0, SettingsDialog::SecretNames)->text(), u"default"_s);
    }

    void savingAppliesToTheRunningListener()
    {
        const quint16 first = test::freePort();
        writeConfig(first);
        QVERIFY(config::SecretStore().set(u"default"_s, "s1").has_value());
        ingest::CaptureOverrides overrides;
        overrides.databasePath = m_home.filePath(u"live.db"_s);
        overrides.dataDirectory = m_home.filePath(u"data/hookscope"_s);
        auto resolved = ingest::resolveCaptureSettings(overrides);
        QVERIFY2(resolved.has_value(), resolved ? "" : qPrintable(resolved.error().message));
        CaptureControl capture(resolved->settings, resolved->fingerprint, WindowApi { false, 0, {}, false });
        capture.setOverrides(overrides);
        QVERIFY(capture.start().has_value());
        StoreReader reader(overrides.databasePath);
        MainWindow window(reader, &capture);
        window.resize(1024, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString base = u"http://127.0.0.1:%1"_s;
        QCOMPARE(
            test::sendSigned(base.arg(first) + u"/webhooks/email"_s, test::sampleEvent(u"evt_before"_s), "s1").status,
            200);

        // A new port, and a new route with its own secret, in the dialog; Save.
        const quint16 second = test::freePort();
        QString inUse;
        QVERIFY(withSettingsDialog(window, [&](SettingsDialog& dialog) {
            inUse = dialog.httpInUse()->text();
            dialog.httpPort()->setValue(second);
            for (QPushButton* b : dialog.findChildren<QPushButton*>())
                if (b->text() == u"Add route"_s)
                    b->click();
            QCOMPARE(dialog.routes()->rowCount(), 2);
            dialog.routes()->item(1, SettingsDialog::Name)->setText(u"orders"_s);
            dialog.routes()->item(1, SettingsDialog::PathPrefix)->setText(u"/orders"_s);
            dialog.routes()->setCurrentCell(1, SettingsDialog::Name);
            QVERIFY(dialog.storeSecret(1, "s2").has_value());
            clickSave(dialog);
        }));
        QCOMPARE(inUse, u"in use"_s);
        const QString said = window.statusBar()->currentMessage();
        QVERIFY2(said.contains(u"HTTP port: %1 → %2"_s.arg(first).arg(second)), qPrintable(said));
        QVERIFY2(said.contains(u"route 'orders' added (/orders, mailparse, 1 secret(s))"_s), qPrintable(said));
        QCOMPARE(capture.state().urls.value(0).port(), int(second));
        // The new port answers with the new route's secret; the old port no longer listens.
        QCOMPARE(
            test::sendSigned(base.arg(second) + u"/orders"_s, test::sampleEvent(u"evt_orders"_s), "s2").status, 200);
        QCOMPARE(
            test::sendSigned(base.arg(second) + u"/orders"_s, test::sampleEvent(u"evt_wrong"_s), "s1").status, 401);
        QCOMPARE(
            test::sendSigned(base.arg(first) + u"/webhooks/email"_s, test::sampleEvent(u"evt_old"_s), "s1").status, 0);
        const auto orders = test::storedEvent(overrides.databasePath, u"evt_orders"_s);
        QVERIFY(orders.has_value());
        QCOMPARE(orders->route, u"orders"_s);

        // A rotated secret alone: applied under the running listener, which keeps its port.
        QVERIFY(withSettingsDialog(window, [&](SettingsDialog& dialog) {
            QCOMPARE(dialog.httpInUse()->text(), u"in use"_s);
            QVERIFY(dialog.storeSecret(0, "s3").has_value());
            clickSave(dialog);
        }));
        const QString rotated = window.statusBar()->currentMessage();
        QVERIFY2(rotated.contains(u"route 'default': secrets (1 now) changed"_s), qPrintable(rotated));
        QVERIFY2(!rotated.contains(u"listening on"_s), qPrintable(rotated));
        QCOMPARE(test::sendSigned(base.arg(second) + u"/webhooks/email"_s, test::sampleEvent(u"evt_s3"_s), "s3").status,
            200);
        QCOMPARE(test::sendSigned(base.arg(second) + u"/webhooks/email"_s, test::sampleEvent(u"evt_s1"_s), "s1").status,
            401);

        // Nothing changed: said so.
        QVERIFY(withSettingsDialog(window, [&](SettingsDialog& dialog) { clickSave(dialog); }));
        QVERIFY2(window.statusBar()->currentMessage().contains(u"nothing the listener uses changed"_s),
            qPrintable(window.statusBar()->currentMessage()));
    }

    // Response rules are edited per route (the configuration's own checks refuse what serve would), saved, and
    // applied to the running listener: the next deliveries of one event are answered 500, 500, then 200.
    void responseRulesAreEditedAndAppliedLive()
    {
        QCOMPARE(SettingsDialog::checkResponseRules(QJsonObject { { u"failureRate"_s, 1.5 } }).isEmpty(), false);
        QVERIFY(
            SettingsDialog::checkResponseRules(QJsonObject { { u"failureRate"_s, 1.5 } }).contains(u"failureRate"_s));
        QVERIFY(
            SettingsDialog::checkResponseRules(QJsonObject { { u"action"_s, u"explode"_s } }).contains(u"action"_s));
        const QJsonObject failTwice
            = QJsonDocument::fromJson(R"({"sequence": [{"status": 500, "times": 2}, {"status": 200}]})").object();
        QCOMPARE(SettingsDialog::checkResponseRules(failTwice), QString());

        const quint16 port = test::freePort();
        writeConfig(port);
        QVERIFY(config::SecretStore().set(u"default"_s, "r1").has_value());
        ingest::CaptureOverrides overrides;
        overrides.databasePath = m_home.filePath(u"rules.db"_s);
        overrides.dataDirectory = m_home.filePath(u"data/hookscope"_s);
        auto resolved = ingest::resolveCaptureSettings(overrides);
        QVERIFY(resolved.has_value());
        CaptureControl capture(resolved->settings, resolved->fingerprint, WindowApi { false, 0, {}, false });
        capture.setOverrides(overrides);
        QVERIFY(capture.start().has_value());
        StoreReader reader(overrides.databasePath);
        MainWindow window(reader, &capture);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(withSettingsDialog(window, [&](SettingsDialog& dialog) {
            QCOMPARE(dialog.responseRules(0), QJsonObject());
            dialog.setResponseRules(0, failTwice);
            QCOMPARE(dialog.findChild<QPushButton*>(u"responseRules0"_s)->text(), u"sequence of 2…"_s);
            clickSave(dialog);
        }));
        const QString said = window.statusBar()->currentMessage();
        QVERIFY2(said.contains(u"route 'default': response changed"_s), qPrintable(said));
        auto saved = config::loadConfig(configPath());
        QVERIFY(saved.has_value());
        QCOMPARE(saved->routes.first().response.sequence.size(), 2);
        const QString url = u"http://127.0.0.1:%1/webhooks/email"_s.arg(port);
        const QByteArray body = test::sampleEvent(u"evt_rules"_s);
        QCOMPARE(test::sendSigned(url, body, "r1").status, 500);
        QCOMPARE(test::sendSigned(url, body, "r1").status, 500);
        QCOMPARE(test::sendSigned(url, body, "r1").status, 200);
        // Opened again, the dialog shows the rules as saved.
        QVERIFY(withSettingsDialog(window, [&](SettingsDialog& dialog) {
            QCOMPARE(dialog.responseRules(0).value(u"sequence"_s).toArray().size(), 2);
        }));
    }

    // The window shows the port the listener took when it differs from the file's.
    void thePortInUseIsShownWhenItDiffers()
    {
        writeConfig(8080);
        ListenerState state;
        state.urls << QUrl(u"http://127.0.0.1:9123/"_s);
        SettingsDialog dialog(configPath(), nullptr);
        dialog.showListener(state);
        QCOMPARE(dialog.httpInUse()->text(), u"in use: 9123"_s);
        QCOMPARE(dialog.httpsInUse()->text(), QString()); // HTTPS is off in the file: nothing to say
        state.urls.clear();
        state.error = u"port 8080 is in use by another program"_s;
        dialog.showListener(state);
        QCOMPARE(dialog.httpInUse()->text(), u"not listening"_s);
        QCOMPARE(dialog.httpInUse()->toolTip(), state.error);
    }
};

QTEST_MAIN(tst_SettingsLive)
#include "tst_ui_settings_live.moc"
