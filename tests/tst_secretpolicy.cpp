// The one secret policy of release and replay (actions::SecretPolicy): secrets given first, for every event or
// for the event's route, else the event's route's as `serve` resolves them (the configuration's names, the
// secret store's values).

#include "core/actions/secretpolicy.h"
#include "core/config/secretstore.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;

using Secrets = QList<QByteArray>;

class tst_SecretPolicy : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_config;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("HOOKSCOPE_SECRETS_BACKEND", "file");
        qunsetenv("HOOKSCOPE_SECRET");
        config::SecretStore store(m_dir.path());
        QVERIFY(store.set(u"default"_s, "stored-default"));
        QVERIFY(store.set(u"github/current"_s, "stored-github-current"));
        QVERIFY(store.set(u"github/old"_s, "stored-github-old"));
        QVERIFY(store.set(u"stripe/a"_s, "stored-stripe-a"));
        // github names only its current secret; stripe is not configured at all.
        m_config = m_dir.filePath(u"config.json"_s);
        QFile f(m_config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"routes": [{"name": "default", "pathPrefix": "/"},
                              {"name": "github", "pathPrefix": "/gh", "secretNames": ["current"]}]})");
    }

    void secretsFor_data()
    {
        QTest::addColumn<Secrets>("given");
        QTest::addColumn<QString>("routeGivenFor");
        QTest::addColumn<Secrets>("routeGiven");
        QTest::addColumn<QString>("eventRoute");
        QTest::addColumn<Secrets>("expected");

        QTest::addRow("given wins over everything")
            << Secrets { "typed" } << u"github"_s << Secrets { "listener" } << u"github"_s << Secrets { "typed" };
        QTest::addRow("the route's given secrets (the listener's)")
            << Secrets {} << u"github"_s << Secrets { "listener" } << u"github"_s << Secrets { "listener" };
        QTest::addRow("another route's given secrets do not apply")
            << Secrets {} << u"default"_s << Secrets { "listener" } << u"github"_s
            << Secrets { "stored-github-current" };
        QTest::addRow("a route given none has none")
            << Secrets {} << u"github"_s << Secrets {} << u"github"_s << Secrets {};
        QTest::addRow("configured names pick the stored secrets")
            << Secrets {} << QString() << Secrets {} << u"github"_s << Secrets { "stored-github-current" };
        QTest::addRow("an unconfigured route uses every entry under its name")
            << Secrets {} << QString() << Secrets {} << u"stripe"_s << Secrets { "stored-stripe-a" };
        QTest::addRow("an event without a route came in on default")
            << Secrets {} << QString() << Secrets {} << QString() << Secrets { "stored-default" };
        QTest::addRow("no secret anywhere") << Secrets {} << QString() << Secrets {} << u"slack"_s << Secrets {};
    }

    void secretsFor()
    {
        QFETCH(Secrets, given);
        QFETCH(QString, routeGivenFor);
        QFETCH(Secrets, routeGiven);
        QFETCH(QString, eventRoute);
        QFETCH(Secrets, expected);
        actions::SecretPolicy policy;
        policy.setConfigPath(m_config);
        policy.setSecretStoreDirectory(m_dir.path());
        policy.setGiven(given);
        if (!routeGivenFor.isEmpty())
            policy.setGivenForRoute(routeGivenFor, routeGiven);
        const auto secrets = policy.secretsFor(eventRoute);
        QVERIFY2(secrets, qPrintable(errorText(secrets)));
        QCOMPARE(*secrets, expected);
    }

    void commandLineTakesTheOptionsElseTheEnvironment()
    {
        qputenv("HOOKSCOPE_SECRET", "from-env");
        auto fromEnv = actions::SecretPolicy::fromCommandLine({});
        fromEnv.setSecretStoreDirectory(m_dir.path());
        QCOMPARE(*fromEnv.secretsFor(u"github"_s), (Secrets { "from-env" }));
        auto fromOptions = actions::SecretPolicy::fromCommandLine({ u"one"_s, u"two"_s });
        QCOMPARE(*fromOptions.secretsFor(u"github"_s), (Secrets { "one", "two" }));
        qunsetenv("HOOKSCOPE_SECRET");
        auto none = actions::SecretPolicy::fromCommandLine({});
        QVERIFY(!none.hasGiven());
    }
};

QTEST_GUILESS_MAIN(tst_SecretPolicy)
#include "tst_secretpolicy.moc"
