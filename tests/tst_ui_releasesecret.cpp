// The window's Release re-verifies an event with the secrets of the route the event came in on, as
// `hookscope release` does (actions::SecretPolicy): the listener's secrets for that route, else the route's
// secrets in the secret store. Not only the default route's.

#include "testsupport.h"

#include "core/store/auditlog.h"
#include "core/store/eventstore.h"
#include "ui/capturecontrol.h"
#include "ui/eventlistmodel.h"
#include "ui/mainwindow.h"
#include "ui/storereader.h"

#include <QApplication>
#include <QDir>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

namespace {

const QByteArray kDefaultSecret = "release-default-secret";
const QByteArray kOtherSecret = "release-other-secret";

} // namespace

class tst_UiReleaseSecret : public QObject {
    Q_OBJECT

    QTemporaryDir m_home;
    QProcessEnvironment m_env;
    ingest::CaptureSettings m_settings;
    std::unique_ptr<CaptureControl> m_capture;
    std::unique_ptr<StoreReader> m_reader;

    QString otherUrl() const { return u"http://127.0.0.1:%1/other/hook"_s.arg(m_settings.listener.httpPort); }

    /** Selects the event of `providerId` in `window`'s list; false when it is not listed. */
    bool select(MainWindow& window, const QString& providerId)
    {
        EventListModel* model = window.eventModel();
        return test::waitFor(
            [&] {
                if (model->isLoading())
                    return false;
                window.eventView()->clearSelection();
                for (int row = 0; row < model->rowCount(); ++row) {
                    const store::EventRow* e = model->eventAt(row);
                    if (e && e->eventId == providerId) {
                        window.eventView()->selectionModel()->select(
                            model->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
                        return window.selectedEvents().size() == 1;
                    }
                }
                return false;
            },
            "the event to be listed");
    }

    /** Releases `providerId` through `window`; the release's audit details ({} when it failed). */
    QJsonObject release(MainWindow& window, const QString& providerId)
    {
        if (!select(window, providerId))
            return {};
        QSignalSpy finished(&window, &MainWindow::actionFinished);
        window.releaseSelected(u"checked"_s);
        if (!test::waitFor([&] { return !finished.isEmpty(); }, "the release to finish"))
            return {};
        if (!finished.first().at(2).toString().isEmpty()) {
            qWarning("release failed: %s", qPrintable(finished.first().at(2).toString()));
            return {};
        }
        auto store = store::EventStore::open(m_settings.databasePath, true);
        if (!store)
            return {};
        auto entries = store::AuditLog::read((*store)->database());
        if (!entries)
            return {};
        for (const store::AuditEntry& e : *entries) // newest first
            if (e.action == u"release"_s)
                return e.details;
        return {};
    }

    /** Sends a genuine event on the other route, signed ten minutes ago: quarantined as out of its window. */
    bool sendStale(const QString& providerId)
    {
        const qint64 tenMinutesAgo = QDateTime::currentMSecsSinceEpoch() - 600'000;
        return test::sendSigned(otherUrl(), test::sampleEvent(providerId), kOtherSecret, tenMinutesAgo).status == 400;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        m_env = test::isolatedEnvironment(m_home.path());
        for (const QString& name : { u"HOME"_s, u"XDG_DATA_HOME"_s, u"XDG_CONFIG_HOME"_s, u"XDG_CACHE_HOME"_s,
                 u"HOOKSCOPE_SECRETS_BACKEND"_s })
            qputenv(name.toLatin1().constData(), m_env.value(name).toUtf8());
        qunsetenv("HOOKSCOPE_SECRET");
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");

        // The listener verifies two routes, each with its own secret.
        m_settings.databasePath = m_home.filePath(u"events.db"_s);
        m_settings.listener.httpPort = test::freePort();
        m_settings.listener.httpsPort = 0;
        config::Route defaultRoute;
        defaultRoute.secrets << kDefaultSecret;
        config::Route other;
        other.name = u"other"_s;
        other.pathPrefix = u"/other"_s;
        other.secrets << kOtherSecret;
        m_settings.routes << defaultRoute << other;
        m_capture = std::make_unique<CaptureControl>(m_settings, QString());
        QVERIFY(m_capture->start().has_value());
        m_reader = std::make_unique<StoreReader>(m_settings.databasePath);
        QVERIFY(sendStale(u"stale_listened"_s));
        QVERIFY(sendStale(u"stale_stored"_s));
    }
    void cleanupTestCase() { m_capture->stop(); }

    void releaseUsesTheListenersSecretOfTheEventsRoute()
    {
        MainWindow window(*m_reader, m_capture.get());
        window.show();
        const QJsonObject details = release(window, u"stale_listened"_s);
        QVERIFY2(!details.isEmpty(), "no release audit entry");
        // Re-verified with the other route's secret, the window ignored: genuine.
        QVERIFY2(details.value(u"verified"_s).toBool(), QJsonDocument(details).toJson().constData());
        QCOMPARE(details.value(u"verification"_s).toString(), u"valid"_s);
    }

    void releaseWithoutListenerUsesTheRoutesStoredSecret()
    {
        // No listener: the route's secret comes from the configuration's names and the secret store, as for
        // `hookscope release`.
        QDir().mkpath(m_home.path() + u"/config/hookscope"_s);
        QFile config(m_home.path() + u"/config/hookscope/config.json"_s);
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(R"({"routes": [{"name": "other", "pathPrefix": "/other", "secretNames": ["current"]}]})");
        config.close();
        QCOMPARE(test::runCli({ u"secret"_s, u"set"_s, u"other"_s, u"--name"_s, u"current"_s }, m_env, kOtherSecret)
                     .exitCode,
            0);
        MainWindow window(*m_reader, nullptr);
        window.show();
        const QJsonObject details = release(window, u"stale_stored"_s);
        QVERIFY2(!details.isEmpty(), "no release audit entry");
        QVERIFY2(details.value(u"verified"_s).toBool(), QJsonDocument(details).toJson().constData());
        QCOMPARE(details.value(u"verification"_s).toString(), u"valid"_s);
    }
};

QTEST_MAIN(tst_UiReleaseSecret)
#include "tst_ui_releasesecret.moc"
