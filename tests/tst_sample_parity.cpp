// The sample event is one: `hookscope send --sample` and the window's "Send a sample event" post the same body.

#include "testhttpserver.h"
#include "testsupport.h"
#include "uistore.h"

#include "ui/emptystate.h"
#include "ui/listenercontrol.h"
#include "ui/mainwindow.h"
#include "ui/safehtmlview.h"
#include "ui/storereader.h"

#include <QApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

namespace {

/** A listener that is not there: the window sends its sample to `url` unsigned. */
class FixedListener final : public ListenerControl {
public:
    explicit FixedListener(const QUrl& url) { m_state.urls = { url }; }
    ListenerState state() const override { return m_state; }
    Result<void> restart(quint16, quint16) override { return {}; }
    qint64 changeCounter() const override { return 0; }

private:
    ListenerState m_state;
};

/**
 * The body with what differs by design made the same: the event id (fresh for every sample, also inside the
 * Message-ID) and the time it was made.
 */
QByteArray normalized(const QByteArray& body)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    const QByteArray id = o.value(u"id"_s).toString().toUtf8();
    const QByteArray at = o.value(u"receivedAt"_s).toString().toUtf8();
    QByteArray out = body;
    if (!id.isEmpty())
        out.replace(id, "ID");
    if (!at.isEmpty())
        out.replace(QByteArray("\"receivedAt\":\"" + at + '"'), QByteArrayView("\"receivedAt\":\"AT\""));
    return out;
}

} // namespace

class TestSampleParity : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void bothFrontEndsSendTheSameSample()
    {
        // The command line, as the provider simulator.
        test::TestHttpServer cliTarget;
        QVERIFY(cliTarget.listen());
        QTemporaryDir home;
        QProcess cli;
        cli.setProcessEnvironment(test::isolatedEnvironment(home.path()));
        cli.start(test::binary(),
            { u"send"_s, u"--to"_s, cliTarget.url(u"/webhooks/email"_s), u"--sample"_s, u"--no-store"_s });
        QVERIFY2(QTest::qWaitFor([&] { return cli.state() == QProcess::NotRunning; }, test::kWaitMs),
            "waited for `hookscope send --sample` to end");
        QCOMPARE(cli.exitCode(), 0);
        QCOMPARE(cliTarget.requests().size(), 1);

        // The window's empty state, sending to its listener.
        test::TestHttpServer windowTarget;
        QVERIFY(windowTarget.listen());
        test::UiStore store;
        StoreReader reader(store.path());
        FixedListener listener(QUrl(windowTarget.url()));
        MainWindow window(reader, &listener);
        Q_EMIT window.emptyState()->sendSampleRequested();
        QVERIFY2(QTest::qWaitFor([&] { return !windowTarget.requests().isEmpty(); }, test::kWaitMs),
            "waited for the window's sample to arrive");

        const QByteArray fromCli = cliTarget.requests().first().body;
        const QByteArray fromWindow = windowTarget.requests().first().body;
        QVERIFY(QJsonDocument::fromJson(fromCli).isObject());
        QVERIFY(QJsonDocument::fromJson(fromWindow).isObject());
        QVERIFY(fromCli.contains("evt_sample_"));
        QVERIFY(fromWindow.contains("evt_sample_"));
        QCOMPARE(normalized(fromCli), normalized(fromWindow));
    }
};

int main(int argc, char** argv)
{
    qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    registerMailUrlSchemes();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"hookscope-tests"_s);
    TestSampleParity t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_sample_parity.moc"
