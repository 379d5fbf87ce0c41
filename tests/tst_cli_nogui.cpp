// The command line does not load the window's libraries: the real `hookscope` binary, run as every command is
// run (one-shot commands traced with the dynamic loader's LD_DEBUG=libs, the long-running serve and wait read
// through /proc/<pid>/maps), never loads Qt Gui, Widgets or WebEngine; `hookscope` without a subcommand still
// becomes the window (the same process, with those libraries), found beside the binary or where it is installed.

#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace hookscope::test;

namespace {

const QByteArray kSecret = "nogui-secret";

/** The libraries of the window: none of them may be loaded by a command. */
const QRegularExpression& guiLibrary()
{
    static const QRegularExpression re(u"/?(libQt6(Gui|Widgets|WebEngine\\w*|OpenGL\\w*|Quick\\w*)\\.so[.\\d]*)$"_s);
    return re;
}

/** The shared objects the dynamic loader initialised, from LD_DEBUG=libs output ("calling init: PATH"). */
QSet<QString> initialisedLibraries(const QByteArray& trace)
{
    QSet<QString> libraries;
    static const QRegularExpression init(u"calling init: (\\S+)"_s);
    for (auto it = init.globalMatch(QString::fromLocal8Bit(trace)); it.hasNext();)
        libraries << it.next().captured(1);
    return libraries;
}

/** The files a running process has mapped. */
QSet<QString> mappedFiles(qint64 pid)
{
    QFile maps(u"/proc/%1/maps"_s.arg(pid));
    QSet<QString> files;
    if (!maps.open(QIODevice::ReadOnly))
        return files;
    for (const QByteArray& line : maps.readAll().split('\n')) {
        const qsizetype slash = line.indexOf('/');
        if (slash >= 0)
            files << QString::fromLocal8Bit(line.mid(slash));
    }
    return files;
}

QStringList guiLibrariesAmong(const QSet<QString>& libraries)
{
    QStringList found;
    for (const QString& library : libraries)
        if (guiLibrary().match(library).hasMatch())
            found << library;
    found.sort();
    return found;
}

bool anyEndsWith(const QSet<QString>& files, const QString& suffix)
{
    return std::any_of(files.begin(), files.end(), [&](const QString& f) { return f.contains(suffix); });
}

} // namespace

class TestCliNoGui : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void binaryNeedsNoGuiLibrary();
    void commandsLoadNoGuiLibrary_data();
    void commandsLoadNoGuiLibrary();
    void runningServeMapsNoGuiLibrary();
    void runningWaitMapsNoGuiLibrary();
    void windowPathBecomesTheWindow();
    void installedLayoutFindsTheWindow();
    void missingWindowIsSaid();

private:
    ServeProcess m_serve;
    QTemporaryDir m_work;
};

void TestCliNoGui::initTestCase()
{
    QVERIFY(m_work.isValid());
    QVERIFY2(m_serve.start({ u"--secret"_s, QString::fromLatin1(kSecret) }), m_serve.log().constData());
    // A small store of 10 events through the real listener (the last one over HTTPS: Qt's TLS backend plugin).
    for (int i = 1; i <= 10; ++i) {
        const QString url = i == 10 ? m_serve.httpsUrl() : m_serve.url();
        const HttpReply reply = sendSigned(url, sampleEvent(u"evt_nogui_%1"_s.arg(i), u"Invoice %1"_s.arg(i)), kSecret);
        QCOMPARE(reply.status, 200);
    }
}

void TestCliNoGui::cleanupTestCase()
{
    m_serve.stop();
}

void TestCliNoGui::binaryNeedsNoGuiLibrary()
{
    QProcess readelf;
    readelf.start(u"readelf"_s, { u"-d"_s, binary() });
    QVERIFY2(readelf.waitForFinished(kWaitMs), "readelf -d (binutils) did not finish");
    QCOMPARE(readelf.exitCode(), 0);
    QSet<QString> needed;
    static const QRegularExpression entry(u"\\(NEEDED\\).*\\[(\\S+)\\]"_s);
    for (auto it = entry.globalMatch(QString::fromLocal8Bit(readelf.readAllStandardOutput())); it.hasNext();)
        needed << it.next().captured(1);
    QVERIFY2(needed.contains(u"libQt6Core.so.6"_s), qPrintable(QStringList(needed.values()).join(u' ')));
    const QStringList gui = guiLibrariesAmong(needed);
    QVERIFY2(gui.isEmpty(), qPrintable(u"hookscope links "_s + gui.join(u", "_s)));
}

void TestCliNoGui::commandsLoadNoGuiLibrary_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");

    const QString out = m_work.path();
    QFile body(out + u"/body.json"_s);
    QVERIFY(body.open(QIODevice::WriteOnly));
    body.write(sampleEvent(u"evt_verify"_s));
    body.close();
    const QString secret = QString::fromLatin1(kSecret);

    QTest::newRow("--version") << QStringList { u"--version"_s } << 0;
    QTest::newRow("--help") << QStringList { u"--help"_s } << 0;
    QTest::newRow("list") << QStringList { u"list"_s } << 0;
    QTest::newRow("list --json --search") << QStringList { u"list"_s, u"--json"_s, u"--search"_s, u"invoice"_s } << 0;
    QTest::newRow("show") << QStringList { u"show"_s, u"1"_s } << 0;
    QTest::newRow("show --raw") << QStringList { u"show"_s, u"2"_s, u"--raw"_s } << 0;
    QTest::newRow("wait (already there)")
        << QStringList { u"wait"_s, u"--since"_s, u"0"_s, u"--count"_s, u"10"_s, u"--timeout"_s, u"30"_s } << 0;
    QTest::newRow("verify") << QStringList { u"verify"_s, u"--scheme"_s, u"mailparse"_s, u"--secret"_s, secret,
        u"--header"_s, u"X-Webhook-Timestamp: 1"_s, u"--header"_s, u"X-Webhook-Signature: 00"_s, u"--body"_s,
        body.fileName(), u"--now"_s, u"1"_s }
                            << 1;
    QTest::newRow("parse") << QStringList { u"parse"_s, testData(u"email/plain_ascii.eml"_s) } << 0;
    QTest::newRow("import") << QStringList { u"import"_s, testData(u"email/html_only.eml"_s) } << 0;
    QTest::newRow("export har") << QStringList { u"export"_s, u"1"_s, u"--format"_s, u"har"_s, u"--out"_s,
        out + u"/one.har"_s } << 0;
    QTest::newRow("export eml") << QStringList { u"export"_s, u"2"_s, u"--format"_s, u"eml"_s, u"--out"_s,
        out + u"/two.eml"_s } << 0;
    QTest::newRow("route --explain") << QStringList { u"route"_s, u"--explain"_s, u"3"_s } << 0;
    QTest::newRow("quarantine") << QStringList { u"quarantine"_s, u"4"_s, u"--reason"_s, u"manual"_s } << 0;
    QTest::newRow("discard") << QStringList { u"discard"_s, u"5"_s } << 0;
    QTest::newRow("audit") << QStringList { u"audit"_s, u"--json"_s } << 0;
    QTest::newRow("secret list") << QStringList { u"secret"_s, u"list"_s } << 0;
    // The provider's side and a replay, over HTTPS to the running listener (Qt's TLS backend is a plugin).
    QTest::newRow("send") << QStringList { u"send"_s, u"--to"_s, m_serve.httpsUrl(), u"--secret"_s, secret,
        u"--sample"_s, u"--insecure"_s }
                          << 0;
    QTest::newRow("replay") << QStringList { u"replay"_s, u"6"_s, u"--to"_s, m_serve.url(), u"--resign"_s,
        u"--scheme"_s, u"mailparse"_s, u"--secret"_s, secret }
                            << 0;
}

void TestCliNoGui::commandsLoadNoGuiLibrary()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    if (args.first() != u"--version"_s && args.first() != u"--help"_s)
        args << u"--db"_s << m_serve.dbPath();

    QTemporaryDir traces;
    QVERIFY(traces.isValid());
    QProcessEnvironment env = m_serve.env();
    env.insert(u"LD_DEBUG"_s, u"libs"_s);
    // The loader writes to PATH.<pid>, apart from the command's own output.
    env.insert(u"LD_DEBUG_OUTPUT"_s, traces.path() + u"/ld"_s);
    const CliResult r = runCli(args, env);
    QVERIFY2(r.exitCode == exitCode,
        qPrintable(u"exit %1, expected %2: %3"_s.arg(r.exitCode).arg(exitCode).arg(QString::fromUtf8(r.err))));

    QByteArray trace;
    for (const QString& name : QDir(traces.path()).entryList(QDir::Files)) {
        QFile f(traces.path() + u'/' + name);
        QVERIFY(f.open(QIODevice::ReadOnly));
        trace += f.readAll();
    }
    const QSet<QString> loaded = initialisedLibraries(trace);
    // The trace is read: the libraries every command needs are in it.
    QVERIFY2(anyEndsWith(loaded, u"/libQt6Core.so.6"_s), trace.left(2000).constData());
    const QStringList gui = guiLibrariesAmong(loaded);
    QVERIFY2(gui.isEmpty(), qPrintable(u"hookscope %1 loaded %2"_s.arg(args.first(), gui.join(u", "_s))));
}

void TestCliNoGui::runningServeMapsNoGuiLibrary()
{
    // Listening on HTTP and HTTPS, 10 events taken in and stored: everything serve loads is loaded by now.
    const QSet<QString> mapped = mappedFiles(m_serve.process()->processId());
    QVERIFY2(anyEndsWith(mapped, u"/libQt6Network.so.6"_s), "serve's /proc/<pid>/maps could not be read");
    QVERIFY2(anyEndsWith(mapped, u"sqldrivers/libqsqlite.so"_s), "serve has not opened its store");
    const QStringList gui = guiLibrariesAmong(mapped);
    QVERIFY2(gui.isEmpty(), qPrintable(u"hookscope serve mapped "_s + gui.join(u", "_s)));
}

void TestCliNoGui::runningWaitMapsNoGuiLibrary()
{
    QProcess wait;
    wait.setProcessEnvironment(m_serve.env());
    wait.start(binary(),
        { u"wait"_s, u"--db"_s, m_serve.dbPath(), u"--search"_s, u"evt_nogui_late"_s, u"--count"_s, u"1"_s,
            u"--timeout"_s, u"60"_s });
    QVERIFY2(wait.waitForStarted(kWaitMs), "hookscope wait did not start");
    QByteArray err;
    const auto waiting = [&] {
        err += wait.readAllStandardError();
        return err.contains("waiting for") || wait.state() == QProcess::NotRunning;
    };
    WAIT_FOR(waiting(), "hookscope wait to say it is waiting");
    QVERIFY2(wait.state() == QProcess::Running, err.constData());
    const QSet<QString> mapped = mappedFiles(wait.processId());
    QVERIFY2(anyEndsWith(mapped, u"sqldrivers/libqsqlite.so"_s), "wait has not opened the store");
    const QStringList gui = guiLibrariesAmong(mapped);

    // The event it waits for arrives, and it returns as it should.
    QCOMPARE(sendSigned(m_serve.url(), sampleEvent(u"evt_nogui_late"_s), kSecret).status, 200);
    // (It may have ended while the event was sent: waitForFinished is false for a process already ended.)
    QVERIFY2(wait.state() == QProcess::NotRunning || wait.waitForFinished(kWaitMs),
        "hookscope wait did not return after its event arrived");
    QCOMPARE(wait.exitCode(), 0);
    QVERIFY2(gui.isEmpty(), qPrintable(u"hookscope wait mapped "_s + gui.join(u", "_s)));
}

void TestCliNoGui::windowPathBecomesTheWindow()
{
    // `hookscope` without a subcommand, offscreen: the process started is the window, with its listener.
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QProcessEnvironment env = isolatedEnvironment(home.path());
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.insert(u"QTWEBENGINE_DISABLE_SANDBOX"_s, u"1"_s);
    const quint16 port = freePort();
    QProcess window;
    window.setProcessEnvironment(env);
    window.setProcessChannelMode(QProcess::MergedChannels);
    window.start(binary(),
        { u"--db"_s, home.path() + u"/window.db"_s, u"--http"_s, QString::number(port), u"--https"_s, u"0"_s });
    QVERIFY2(window.waitForStarted(kWaitMs), "hookscope did not start");
    const qint64 pid = window.processId();
    const auto listening = [&] {
        if (window.state() == QProcess::NotRunning)
            return true;
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, port);
        return probe.waitForConnected(200);
    };
    WAIT_FOR(listening(), "the window's listener to accept a connection");
    QVERIFY2(window.state() == QProcess::Running, window.readAll().constData());
    const QSet<QString> mapped = mappedFiles(pid);
    QVERIFY2(anyEndsWith(mapped, u"/libQt6Widgets.so.6"_s), "the window process has not loaded Qt Widgets");
    QVERIFY2(anyEndsWith(mapped, u"/libQt6WebEngineCore.so.6"_s), "the window process has not loaded Qt WebEngine");
    // Its listener stores what arrives, in the store given on the command line.
    QCOMPARE(
        sendSigned(u"http://127.0.0.1:%1/webhooks/email"_s.arg(port), sampleEvent(u"evt_window"_s), kSecret).status,
        200);
    window.terminate();
    QVERIFY2(window.waitForFinished(kWaitMs), "the window did not end on SIGTERM");
    const CliResult listed = runCli({ u"list"_s, u"--json"_s, u"--db"_s, home.path() + u"/window.db"_s }, env);
    QCOMPARE(listed.exitCode, 0);
    QCOMPARE(listed.json().array().size(), 1);
    QCOMPARE(listed.json().array().at(0).toObject().value(u"eventId"_s).toString(), u"evt_window"_s);
}

void TestCliNoGui::installedLayoutFindsTheWindow()
{
    // The package's layout: bin/hookscope, libexec/hookscope/hookscope-window. The window here is a stand-in
    // that reports what it was started with; the real binary must exec it with the same arguments, environment
    // and process id.
    QTemporaryDir prefix;
    QVERIFY(prefix.isValid());
    QVERIFY(QDir().mkpath(prefix.path() + u"/bin"_s));
    QVERIFY(QDir().mkpath(prefix.path() + u"/libexec/hookscope"_s));
    const QString cli = prefix.path() + u"/bin/hookscope"_s;
    QVERIFY(QFile::copy(binary(), cli));
    QFile standIn(prefix.path() + u"/libexec/hookscope/hookscope-window"_s);
    QVERIFY(standIn.open(QIODevice::WriteOnly));
    standIn.write("#!/bin/sh\necho \"pid=$$ args=$* probe=$HOOKSCOPE_NOGUI_PROBE\"\n");
    standIn.close();
    QVERIFY(standIn.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));

    QProcessEnvironment env = m_serve.env();
    env.insert(u"HOOKSCOPE_NOGUI_PROBE"_s, u"passed"_s);
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(cli, { u"--db"_s, u"x.db"_s, u"--http"_s, u"0"_s });
    QVERIFY2(p.waitForStarted(kWaitMs), "the installed hookscope did not start");
    const qint64 pid = p.processId();
    QVERIFY2(p.waitForFinished(kWaitMs), "the installed hookscope did not finish");
    const QByteArray err = p.readAllStandardError();
    QCOMPARE(p.exitCode(), 0);
    QCOMPARE(p.readAllStandardOutput().trimmed(), u"pid=%1 args=--db x.db --http 0 probe=passed"_s.arg(pid).toUtf8());
    QVERIFY2(err.isEmpty(), err.constData());
}

void TestCliNoGui::missingWindowIsSaid()
{
    // A `hookscope` without its window program still runs every command, and says so when asked for the window.
    QTemporaryDir prefix;
    QVERIFY(prefix.isValid());
    QVERIFY(QDir().mkpath(prefix.path() + u"/bin"_s));
    const QString cli = prefix.path() + u"/bin/hookscope"_s;
    QVERIFY(QFile::copy(binary(), cli));
    QProcessEnvironment env = m_serve.env();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(cli, { u"--db"_s, m_serve.dbPath(), u"--http"_s, u"0"_s, u"--https"_s, u"0"_s });
    QVERIFY2(p.waitForFinished(kWaitMs), "hookscope did not finish");
    const QByteArray err = p.readAllStandardError();
    QCOMPARE(p.exitCode(), 1);
    QVERIFY2(err.contains("the window is not installed"), err.constData());
    QVERIFY2(err.contains("libexec/hookscope/hookscope-window"), err.constData());

    p.start(cli, { u"list"_s, u"--db"_s, m_serve.dbPath() });
    QVERIFY2(p.waitForFinished(kWaitMs), "hookscope list did not finish");
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(p.readAllStandardOutput().contains("Invoice 1"));
}

QTEST_GUILESS_MAIN(TestCliNoGui)
#include "tst_cli_nogui.moc"
