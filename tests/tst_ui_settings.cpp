#include "ui/settingsdialog.h"

#include "core/config/config.h"
#include "core/config/secretstore.h"
#include "core/http/certificate.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

class tst_Settings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void editsTheConfigurationFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"config.json"_s);
        config::Config c;
        c.httpPort = 9090;
        config::Route github;
        github.name = u"github"_s;
        github.pathPrefix = u"/github"_s;
        github.scheme = u"github"_s;
        github.secretNames = { u"current"_s, u"previous"_s };
        github.publicUrl = u"https://hooks.example.com/github"_s; // not shown by the dialog: must survive
        c.routes << github;
        QVERIFY(config::saveConfig(c, path).has_value());
        // A key this version does not know is kept.
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonObject doc = QJsonDocument::fromJson(f.readAll()).object();
        f.close();
        doc.insert(u"futureKey"_s, u"kept"_s);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QJsonDocument(doc).toJson());
        f.close();

        SettingsDialog dialog(path, nullptr);
        QVERIFY2(dialog.loadError().isEmpty(), qPrintable(dialog.loadError()));
        QCOMPARE(dialog.httpPort()->value(), 9090);
        QCOMPARE(dialog.routes()->rowCount(), 1);
        QCOMPARE(dialog.routes()->item(0, SettingsDialog::Name)->text(), u"github"_s);
        QCOMPARE(dialog.routes()->item(0, SettingsDialog::SecretNames)->text(), u"current, previous"_s);
        QCOMPARE(static_cast<QComboBox*>(dialog.routes()->cellWidget(0, SettingsDialog::Scheme))->currentText(),
            u"github"_s);

        dialog.httpsPort()->setValue(0);
        dialog.bindAddress()->setText(u"0.0.0.0"_s);
        static_cast<QCheckBox*>(dialog.routes()->cellWidget(0, SettingsDialog::AutoQuarantine))->setChecked(false);
        dialog.routes()->item(0, SettingsDialog::SecretNames)->setText(u"current"_s);
        QVERIFY(dialog.save().has_value());

        auto saved = config::loadConfig(path);
        QVERIFY2(saved.has_value(), saved ? "" : qPrintable(saved.error()));
        QCOMPARE(saved->httpPort.value_or(0), 9090);
        QCOMPARE(saved->httpsPort.value_or(1), 0);
        QCOMPARE(saved->bind, u"0.0.0.0"_s);
        QCOMPARE(saved->routes.size(), 1);
        QCOMPARE(saved->routes.first().secretNames, QStringList { u"current"_s });
        QVERIFY(!saved->routes.first().autoQuarantine);
        QCOMPARE(saved->routes.first().publicUrl, u"https://hooks.example.com/github"_s);
        QCOMPARE(saved->source.value(u"futureKey"_s).toString(), u"kept"_s);
    }

    void localApiIsShownAndSaved()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"config.json"_s);
        {
            SettingsDialog dialog(path, nullptr);
            // Nothing configured: on, on the usual port, and saving an untouched dialog pins no port (the usual
            // one may fall back to a free one when taken).
            QVERIFY(dialog.apiInWindow()->isChecked());
            QCOMPARE(dialog.apiPort()->value(), int(config::kDefaultApiPort));
            dialog.showApi(QUrl(u"http://127.0.0.1:8091"_s), u"/data/api-token"_s, {});
            QVERIFY2(dialog.apiStatus()->text().contains(u"http://127.0.0.1:8091/api/v1/"_s),
                qPrintable(dialog.apiStatus()->text()));
            QVERIFY(dialog.apiStatus()->text().contains(u"/data/api-token"_s));
            QVERIFY(dialog.save().has_value());
            auto saved = config::loadConfig(path);
            QVERIFY(saved.has_value());
            QVERIFY(saved->apiInWindow);
            QVERIFY(!saved->apiPort);
            dialog.showApi({}, u"/data/api-token"_s, u"port 8090 is taken"_s);
            QVERIFY2(
                dialog.apiStatus()->text().contains(u"port 8090 is taken"_s), qPrintable(dialog.apiStatus()->text()));
            // Turned off, on a chosen port: both written, both read back.
            dialog.apiInWindow()->setChecked(false);
            QVERIFY(!dialog.apiPort()->isEnabled());
            dialog.apiPort()->setValue(9191);
            QVERIFY(dialog.save().has_value());
        }
        auto saved = config::loadConfig(path);
        QVERIFY(saved.has_value());
        QVERIFY(!saved->apiInWindow);
        QCOMPARE(saved->apiPort.value_or(0), 9191);
        SettingsDialog again(path, nullptr);
        QVERIFY(!again.apiInWindow()->isChecked());
        QCOMPARE(again.apiPort()->value(), 9191);
        // What the file may not say.
        QVERIFY(!config::parseConfig(R"({"api": {"port": 70000}})").has_value());
        QVERIFY(!config::parseConfig(R"({"api": {"window": "yes"}})").has_value());
        QVERIFY(!config::parseConfig(R"({"api": 8090})").has_value());
    }

    void refusesWhatServeWouldRefuse_data()
    {
        QTest::addColumn<QString>("bind");
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<QString>("name");
        QTest::addRow("bad bind") << u"localhost:80"_s << u"/x"_s << u"x"_s;
        QTest::addRow("prefix without slash") << QString() << u"x"_s << u"x"_s;
        QTest::addRow("no name") << QString() << u"/x"_s << QString();
    }
    void refusesWhatServeWouldRefuse()
    {
        QFETCH(QString, bind);
        QFETCH(QString, prefix);
        QFETCH(QString, name);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"config.json"_s);
        SettingsDialog dialog(path, nullptr);
        dialog.bindAddress()->setText(bind);
        dialog.routes()->item(0, SettingsDialog::PathPrefix)->setText(prefix);
        dialog.routes()->item(0, SettingsDialog::Name)->setText(name);
        QVERIFY(!dialog.save().has_value());
        QVERIFY(!QFile::exists(path));
    }

    void ownCertificate()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"config.json"_s);
        auto identity = http::ensureSelfSignedIdentity(dir.filePath(u"tls"_s));
        QVERIFY(identity);
        {
            SettingsDialog dialog(path, nullptr);
            QVERIFY(dialog.certificateFile()->text().isEmpty());
            dialog.certificateFile()->setText(identity->certificatePath);
            QVERIFY(!dialog.save().has_value()); // a certificate without its key is refused
            dialog.keyFile()->setText(dialog.certificateFile()->text()); // not a key
            QVERIFY(!dialog.save().has_value());
            dialog.keyFile()->setText(identity->keyPath);
            QVERIFY(dialog.save().has_value());
        }
        auto saved = config::loadConfig(path);
        QVERIFY(saved);
        QCOMPARE(saved->certificatePath, identity->certificatePath);
        QCOMPARE(saved->keyPath, identity->keyPath);
        SettingsDialog again(path, nullptr);
        QCOMPARE(again.certificateFile()->text(), identity->certificatePath);
    }

    void secretsNeverReachTheFile()
    {
        QTemporaryDir dir;
        qputenv("HOOKSCOPE_SECRETS_BACKEND", "file");
        config::SecretStore store(dir.filePath(u"secrets"_s));
        const QString path = dir.filePath(u"config.json"_s);
        QVERIFY(store.set(config::SecretStore::key(u"default"_s), "s3cret-value").has_value());
        SettingsDialog dialog(path, &store);
        QVERIFY(dialog.save().has_value());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(!f.readAll().contains("s3cret-value"));
    }
};

QTEST_MAIN(tst_Settings)
#include "tst_ui_settings.moc"
