// Hostile captures: whatever a sender put into a request, what Hookscope makes of it — the cURL script of
// `export --format curl`, the window's Copy as cURL, a HAR file, a replay's URL — is safe to run and is the
// request that was captured. Requests go RAW over a socket to the real `hookscope serve`; the scripts the real
// binary writes run with bash against a loopback server that records the bytes it receives.

#include "testsupport.h"

#include "core/export/curl.h"
#include "core/export/eventbundle.h"
#include "core/http/requestframer.h"
#include "core/replay/requestbuilder.h"
#include "core/store/eventstore.h"
#include "ui/eventlistmodel.h"
#include "ui/mainwindow.h"
#include "ui/storereader.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QItemSelectionModel>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUuid>

#include <optional>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

/** One request as the recorder read it: the head and the body as on the wire, and the body de-chunked. */
struct Recorded {
    QByteArray head;
    QByteArray wireBody;
    QByteArray body;
};

/**
 * A loopback HTTP server that records the exact bytes it is sent, framed by the listener's own parser,
 * and answers every request 200 with no body (100 Continue first when asked).
 */
class RawRecorder final : public QObject {
public:
    bool listen()
    {
        connect(&m_server, &QTcpServer::newConnection, this, &RawRecorder::accept);
        return m_server.listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const { return m_server.serverPort(); }
    QByteArray hostPort() const { return "127.0.0.1:" + QByteArray::number(port()); }
    QString url() const { return u"http://127.0.0.1:%1"_s.arg(port()); }
    void clear()
    {
        m_requests.clear();
        m_bytes.clear();
    }
    const QList<Recorded>& requests() const { return m_requests; }
    /** Every byte any connection sent since clear(), requests or not. */
    const QByteArray& bytes() const { return m_bytes; }

private:
    struct Connection {
        http::RequestFramer framer { http::Limits {} };
        QByteArray raw;
        qsizetype used = 0;
        qsizetype start = 0; ///< where the current request began in `raw`
        bool continued = false;
    };

    void accept()
    {
        while (QTcpSocket* socket = m_server.nextPendingConnection()) {
            auto connection = std::make_shared<Connection>();
            connect(socket, &QTcpSocket::readyRead, this, [this, socket, connection] { read(socket, *connection); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    void read(QTcpSocket* socket, Connection& c)
    {
        const QByteArray in = socket->readAll();
        m_bytes += in;
        c.raw += in;
        while (c.used < c.raw.size()) {
            const qsizetype n = c.framer.feed(c.raw.constData() + c.used, c.raw.size() - c.used);
            c.used += n;
            const auto state = c.framer.state();
            if (state == http::RequestFramer::State::HeaderDone && c.framer.expectsContinue() && !c.continued) {
                socket->write("HTTP/1.1 100 Continue\r\n\r\n");
                c.continued = true;
            }
            if (state == http::RequestFramer::State::Complete) {
                http::Delivery d;
                c.framer.fill(d);
                const QByteArray request = c.raw.mid(c.start, c.used - c.start);
                m_requests.append({ d.rawHead, request.mid(d.rawHead.size()), d.body });
                socket->write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
                c.framer.reset();
                c.start = c.used;
                c.continued = false;
                continue;
            }
            if (state == http::RequestFramer::State::Error) {
                m_requests.append({ c.raw.mid(c.start), {}, {} });
                socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                socket->disconnectFromHost();
                return;
            }
            if (n == 0)
                break;
        }
    }

    QTcpServer m_server;
    QList<Recorded> m_requests;
    QByteArray m_bytes;
};

/** One hostile request, exactly as it goes onto the socket. `{R}` stands for the recorder's host:port. */
struct Hostile {
    QByteArray raw;
    bool useTo = false; ///< export with --to the recorder (the captured Host cannot lead there)
};

QByteArray request(const QByteArray& method, const QByteArray& target, const QList<QByteArray>& fields,
    const QByteArray& body = {}, const QByteArray& host = "{R}")
{
    QByteArray raw = method + ' ' + target + " HTTP/1.1\r\n";
    if (!host.isNull())
        raw += "Host: " + host + "\r\n";
    for (const QByteArray& f : fields)
        raw += f + "\r\n";
    if (!body.isEmpty())
        raw += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return raw + "\r\n" + body;
}

QByteArray everyByte()
{
    QByteArray b;
    for (int i = 0; i < 256; ++i)
        b += char(i);
    return b;
}

QByteArray bigBinary()
{
    QByteArray b;
    b.reserve(200 * 1024);
    quint32 x = 2463534242u;
    while (b.size() < 200 * 1024) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        b += char(x & 0xff);
    }
    return b;
}

/**
 * The hostile requests: quotes, $(), backticks, NUL, bytes that are not UTF-8, globs, dot segments, @ bodies
 * and headers, 200 KiB bodies, empty and duplicate headers, hostile methods and Host values, absolute-form
 * targets, and the framings curl has its own rules for. `secret` is a file an injected @ would read.
 */
QList<QPair<QByteArray, Hostile>> hostileRequests(const QByteArray& secret)
{
    QList<QPair<QByteArray, Hostile>> rows;
    auto add = [&rows](const char* name, const QByteArray& raw, bool useTo = false) {
        rows.append({ QByteArray(name), Hostile { raw, useTo } });
    };
    add("single quotes in the body", request("POST", "/q", {}, R"({"s":"it's 'quoted' \"twice\" '\''"})"));
    add("command substitution in the body", request("POST", "/q", {}, "$(hookscope_canary) ${HOME} $((1+1))"));
    add("backticks in the body", request("POST", "/q", {}, "`hookscope_canary` and `id`"));
    add("shell and a here-doc delimiter on lines of the body",
        request("POST", "/q", {}, "first line\n'; hookscope_canary; '\nHOOKSCOPE_BODY\nEOF\n`hookscope_canary`\n"));
    add("method with backticks", request("`hookscope_canary`", "/m", {}, "m1"));
    add("method with a pipe", request("X|hookscope_canary", "/m", {}, "m2"));
    add("method with quote, dollar and ampersand", request("X'$HOME'&hookscope_canary&", "/m", {}, "m3"));
    add("lower-case method", request("post", "/m", {}, "m4"));
    add("target with quotes and $()", request("POST", "/p/'$(hookscope_canary)'/x", {}, "t1"));
    add("glob brackets", request("POST", "/range/[1-3]", {}, "t2"));
    add("glob range flood", request("POST", "/range/[1-99999999]", {}, "t3"));
    add("glob braces", request("POST", "/{a,b,c}/x", {}, "t4"));
    add("dot segments", request("POST", "/a/./b/../../c/%2e%2e/.", {}, "t5"));
    add("non-UTF-8 path and query", request("POST", "/caf\xe9/\xff\xfe?q=\x80\xc3&r=%ZZ", {}, "t6"));
    add("fragment", request("POST", "/page?x=1#section", {}, "t7"));
    add("NUL bytes in the body",
        request("POST", "/b", { "Content-Type: application/octet-stream" }, QByteArray("a\0b\0c", 5)));
    add("every byte value in the body", request("POST", "/b", {}, everyByte()));
    add("body is @file", request("POST", "/b", {}, "@" + secret));
    add("body is @file then a line", request("POST", "/b", {}, "@" + secret + "\nmore"));
    add("200 KiB text body", request("POST", "/big", {}, QByteArray(200 * 1024, 'a') + "@" + secret));
    add("200 KiB binary body", request("POST", "/big", {}, bigBinary()));
    add("headers naming files", request("POST", "/h", { "X-File: @" + secret, "X-Lt: <" + secret }, "h1"));
    add("empty header", request("POST", "/h", { "X-Empty:" }, "h2"));
    add("whitespace-only header", request("POST", "/h", { "X-Blank:   \t" }, "h3"));
    add("duplicate headers", request("POST", "/h", { "X-Dup: 1", "X-Dup: 2", "x-dup: 3", "X-Dup:" }, "h4"));
    add("header spacing",
        request("POST", "/h", { "X-Tight:value", "X-Loose:   value  with  spaces  ", "X-Tab:\ta\tb" }, "h5"));
    add("header value not UTF-8", request("POST", "/h", { "X-Latin: caf\xe9 \xff" }, "h6"));
    add("header value with shell",
        request("POST", "/h", { "X-Cmd: $(hookscope_canary) `hookscope_canary` '\"|&;" }, "h7"));
    add("captured User-Agent, Accept, Content-Type",
        request("POST", "/h", { "User-Agent: sender/1.0", "Accept: */*", "Content-Type: application/json" },
            R"({"id":"h8"})"));
    add("Host with user info", request("POST", "/host", {}, "o1", "user@127.0.0.1:9"), true);
    add("Host with path and query", request("POST", "/host", {}, "o2", "127.0.0.1:9/evil?"), true);
    add("Host with shell", request("POST", "/host", {}, "o3", "$(hookscope_canary)"), true);
    add("Host not first and lower case", request("POST", "/host", { "X-First: 1", "host: {R}" }, "o4", QByteArray()));
    add("two Host headers", request("POST", "/host", { "Host: 127.0.0.1:9" }, "o5"));
    add("absolute-form target", request("POST", "http://127.0.0.1:9/evil?x=1", {}, "o6"));
    add("asterisk target", request("OPTIONS", "*", {}));
    add("HEAD", request("HEAD", "/head", {}));
    add("HTTP/1.0 without Host", "GET /old HTTP/1.0\r\nX-Old: 1\r\n\r\n", true);
    add("chunked body",
        "POST /chunked HTTP/1.1\r\nHost: {R}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n "
        "world\r\n0\r\n\r\n");
    add("obsolete line folding", request("POST", "/fold", { "X-Fold: one", "  two" }, "f1"));
    add("bidirectional control in text", request("POST", "/t", {}, "abc\u202edef\n"));
    add("CRLF text body", request("POST", "/t", {}, "a\r\nb\r\n"));
    add("Expect 100-continue", request("POST", "/t", { "Expect: 100-continue" }, "expect me"));
    return rows;
}

struct HeadField {
    QByteArray name;
    QByteArray value;
    QByteArray line;
    bool folded = false;
};

QList<HeadField> fieldsOf(const QByteArray& head)
{
    QList<HeadField> fields;
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        line.chop(line.endsWith('\r') ? 1 : 0);
        if (line.isEmpty())
            break;
        if ((line.startsWith(' ') || line.startsWith('\t')) && !fields.isEmpty()) {
            fields.last().value += ' ' + line.trimmed();
            fields.last().folded = true;
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        fields.append({ line.left(colon), line.mid(colon + 1).trimmed(), line });
    }
    return fields;
}

/**
 * The head curl sends for a captured head, by the rules the script's comment states: the request line as
 * captured; Host first, spelled "Host", one only, naming the --to destination when given; every other header
 * line as captured and in order, except that a value of only whitespace is sent as "Name:" and a folded one
 * on one line.
 */
QByteArray expectedHead(const QByteArray& captured, const std::optional<QByteArray>& toHost)
{
    QByteArray head = captured.left(captured.indexOf("\r\n") + 2);
    QByteArray host;
    QByteArray rest;
    bool hostSeen = false;
    for (const HeadField& f : fieldsOf(captured)) {
        if (f.name.compare("host", Qt::CaseInsensitive) == 0) {
            if (!hostSeen && (toHost || !f.value.isEmpty()))
                host = "Host:" + (toHost ? " " + *toHost : f.line.mid(f.name.size() + 1)) + "\r\n";
            hostSeen = true;
            continue;
        }
        if (f.folded)
            rest += f.name + ": " + f.value + "\r\n";
        else if (f.value.isEmpty())
            rest += f.name + ":\r\n";
        else
            rest += f.line + "\r\n";
    }
    return head + host + rest + "\r\n";
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

bool ownerOnly(const QString& path)
{
    const QFileDevice::Permissions p = QFileInfo(path).permissions();
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
        | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    return (p & others) == 0 && (p & QFileDevice::ReadOwner) && (p & QFileDevice::WriteOwner);
}

} // namespace

class tst_HostileExport final : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    test::ServeProcess m_serve;
    RawRecorder m_recorder;
    QByteArray m_secretPath;
    QByteArray m_secret;
    QHash<QByteArray, Hostile> m_rows;
    QHash<QByteArray, qint64> m_ids; ///< row name → event id in m_serve's store
    QList<QByteArray> m_order;
    std::unique_ptr<ui::StoreReader> m_reader;
    std::unique_ptr<ui::MainWindow> m_window;
    QHash<qint64, qint64> m_imported; ///< original event id → the HAR import's event id
    QString m_importDb;

    QString canary() const { return m_dir.filePath(u"canary"_s); }

    QByteArray filled(QByteArray raw) const { return raw.replace("{R}", m_recorder.hostPort()); }

    /** Sends exact bytes to serve; the new event's id (0 when none was stored). */
    qint64 sendRaw(const QByteArray& raw, int* status = nullptr)
    {
        const QByteArray answer = test::rawExchange(m_serve.httpPort(), raw);
        if (status)
            *status = test::statusOf(answer);
        const auto list = m_serve.cli({ u"list"_s, u"--json"_s, u"--limit"_s, u"1"_s });
        const QJsonArray events = list.json().array();
        return events.isEmpty() ? 0 : qint64(events.first()[u"id"_s].toDouble());
    }

    struct ScriptRun {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    /** Runs `script` with bash: the canary command first on PATH, a ~/.curlrc that would add a header. */
    ScriptRun runBash(const QString& script)
    {
        QProcess bash;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"PATH"_s, m_dir.filePath(u"bin"_s) + u':' + env.value(u"PATH"_s));
        env.insert(u"CANARY_FILE"_s, canary());
        env.insert(u"HOME"_s, m_dir.filePath(u"home"_s));
        for (const QString& proxy : { u"http_proxy"_s, u"https_proxy"_s, u"HTTP_PROXY"_s, u"HTTPS_PROXY"_s,
                 u"all_proxy"_s, u"ALL_PROXY"_s, u"no_proxy"_s, u"NO_PROXY"_s })
            env.remove(proxy);
        bash.setProcessEnvironment(env);
        bash.setWorkingDirectory(m_dir.filePath(u"work"_s));
        // Sourced, then `wait`: a command an injection started in the background has finished too.
        bash.start(u"bash"_s, { u"-c"_s, u". \"$0\"; status=$?; wait; exit $status"_s, script });
        if (!bash.waitForStarted(10'000))
            return {};
        // The recorder lives on this thread: wait with the event loop running.
        if (!QTest::qWaitFor([&] { return bash.state() == QProcess::NotRunning; }, 30'000)) {
            bash.kill();
            bash.waitForFinished();
            return { -1, bash.readAllStandardOutput(), "bash did not finish within 30 s" };
        }
        return { bash.exitStatus() == QProcess::NormalExit ? bash.exitCode() : -1, bash.readAllStandardOutput(),
            bash.readAllStandardError() };
    }

    /** The window over serve's store, made once every request of initTestCase is stored. */
    ui::MainWindow* window()
    {
        if (!m_window) {
            m_reader = std::make_unique<ui::StoreReader>(m_serve.dbPath());
            m_window = std::make_unique<ui::MainWindow>(*m_reader, nullptr);
            m_window->resize(1000, 700);
            m_window->show();
        }
        return m_window.get();
    }

    /** Selects event `id` in the window and runs Copy as cURL; the clipboard's text after it. */
    QString copyAsCurl(qint64 id)
    {
        ui::MainWindow* w = window();
        ui::EventListModel* model = w->eventModel();
        // Exactly that one row selected, as a user would leave it before Copy as cURL.
        const bool selected = QTest::qWaitFor(
            [&] {
                if (model->isLoading())
                    return false;
                for (int r = 0; r < model->rowCount(); ++r) {
                    if (const store::EventRow* e = model->eventAt(r); e && e->id == id)
                        w->eventView()->selectionModel()->select(
                            model->index(r, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
                }
                const QList<store::EventRow> events = w->selectedEvents();
                return events.size() == 1 && events.first().id == id && w->copyCurlAction()->isEnabled();
            },
            30'000);
        if (!selected)
            return {};
        QApplication::clipboard()->setText(u"(nothing copied yet)"_s);
        w->copyCurlAction()->trigger();
        if (!QTest::qWaitFor([] { return QApplication::clipboard()->text() != u"(nothing copied yet)"_s; }, 30'000))
            return {};
        return QApplication::clipboard()->text();
    }

    /** The core renderer's script for event `id`, read from the store the way the window reads it. */
    QByteArray coreCurl(qint64 id)
    {
        auto store = store::EventStore::open(m_serve.dbPath());
        if (!store)
            return {};
        auto bundle = exporting::EventBundle::load(**store, id);
        return bundle ? exporting::toCurl(*bundle, {}) : QByteArray();
    }

    /** Exports hostile row `name` as a cURL script with the real binary, runs it, checks every promise. */
    void curlRoundTrip(const QByteArray& name)
    {
        QVERIFY2(m_ids.contains(name), name.constData());
        const Hostile& row = m_rows[name];
        const qint64 id = m_ids[name];
        const QByteArray captured = m_serve.cli({ u"show"_s, QString::number(id), u"--raw"_s }).out;
        QCOMPARE(captured, filled(row.raw)); // stored exactly as sent

        const QString script = m_dir.filePath(u"curl-%1.sh"_s.arg(id));
        QStringList args { u"export"_s, QString::number(id), u"--format"_s, u"curl"_s, u"--out"_s, script };
        if (row.useTo)
            args << u"--to"_s << m_recorder.url();
        const auto exported = m_serve.cli(args);
        QVERIFY2(exported.exitCode == 0, exported.err.constData());
        QVERIFY2(ownerOnly(script), qPrintable(script));
        const QByteArray text = readAll(script);
        QVERIFY(text.startsWith("#!/usr/bin/env bash\n"));

        m_recorder.clear();
        QFile::remove(canary());
        const ScriptRun run = runBash(script);
        QVERIFY2(run.exitCode == 0, QByteArray(run.err + "\n" + text.left(4000)).constData());
        QVERIFY2(!QFile::exists(canary()), "a command from the capture ran");
        QVERIFY2(!m_recorder.bytes().contains(m_secret), "a local file was read and sent");
        QVERIFY2(!m_recorder.bytes().contains("X-From-Curlrc"), "~/.curlrc was read");
        QCOMPARE(m_recorder.requests().size(), 1);
        const Recorded& got = m_recorder.requests().first();

        const qsizetype headEnd = captured.indexOf("\r\n\r\n") + 4;
        const QByteArray capturedHead = captured.left(headEnd);
        const std::optional<QByteArray> toHost
            = row.useTo ? std::optional<QByteArray>(m_recorder.hostPort()) : std::nullopt;
        QCOMPARE(got.head, expectedHead(capturedHead, toHost));
        const bool chunked = capturedHead.toLower().contains("transfer-encoding: chunked");
        if (chunked) {
            const http::Delivery original = [&] {
                http::RequestFramer framer { http::Limits {} };
                framer.feed(captured.constData(), captured.size());
                http::Delivery d;
                framer.fill(d);
                return d;
            }();
            QCOMPARE(got.body, original.body);
            QVERIFY(text.contains("came chunked"));
        } else {
            QCOMPARE(got.wireBody, captured.mid(headEnd));
        }

        // Each rule that changed a byte is in the script's own comment.
        const QList<HeadField> fields = fieldsOf(capturedHead);
        int hosts = 0;
        bool differs = chunked;
        for (qsizetype i = 0; i < fields.size(); ++i) {
            const HeadField& f = fields.at(i);
            if (f.name.compare("host", Qt::CaseInsensitive) == 0) {
                ++hosts;
                if (hosts == 1 && (i > 0 || f.name != "Host")) {
                    QVERIFY2(text.contains("Host comes first"), text.constData());
                    differs = true;
                }
                continue;
            }
            if (f.folded) {
                QVERIFY2(text.contains("was folded"), text.constData());
                differs = true;
            } else if (f.value.isEmpty() && f.line.size() > f.name.size() + 1) {
                QVERIFY2(text.contains("holds only whitespace"), text.constData());
                differs = true;
            }
        }
        if (hosts > 1) {
            QVERIFY2(text.contains("A second Host header"), text.constData());
            differs = true;
        }
        if (row.useTo && hosts > 0) {
            QVERIFY2(text.contains(QByteArray("Host is \"" + m_recorder.hostPort() + "\", the --to destination")),
                text.constData());
            differs = true;
        }
        if (!differs)
            QCOMPARE(got.head + got.wireBody, captured); // nothing to explain: every byte as captured
    }

    /** Exports every hostile row's event as one HAR, validates it, imports it into a new store; once. */
    bool harImported(QString* why)
    {
        if (!m_imported.isEmpty())
            return true;
        const QString har = m_dir.filePath(u"hostile.har"_s);
        QStringList args { u"export"_s };
        for (const QByteArray& name : std::as_const(m_order))
            args << QString::number(m_ids[name]);
        args << u"--format"_s << u"har"_s << u"--out"_s << har;
        const auto exported = m_serve.cli(args);
        if (exported.exitCode != 0) {
            *why = QString::fromUtf8(exported.err);
            return false;
        }
        if (!ownerOnly(har)) {
            *why = u"the HAR file is readable by others"_s;
            return false;
        }
        if (!validateHar(har, why))
            return false;
        m_importDb = m_dir.filePath(u"imported.db"_s);
        const auto imported = test::runCli({ u"import"_s, har, u"--json"_s, u"--db"_s, m_importDb }, m_serve.env());
        if (imported.exitCode != 0) {
            *why = QString::fromUtf8(imported.err);
            return false;
        }
        const QJsonArray events = imported.json().array().first()[u"events"_s].toArray();
        if (events.size() != m_order.size()) {
            *why = u"%1 entries imported for %2 events"_s.arg(events.size()).arg(m_order.size());
            return false;
        }
        for (qsizetype i = 0; i < m_order.size(); ++i)
            m_imported.insert(m_ids[m_order.at(i)], qint64(events.at(i).toDouble()));
        return true;
    }

    /** HAR 1.2 by its JSON schema (npm har-validator, and the same schema with strict formats). */
    static bool validateHar(const QString& har, QString* why)
    {
        const QString dir = test::testData(u"../har"_s);
        if (!QFileInfo::exists(dir + u"/node_modules/har-validator"_s)) {
            QProcess npm;
            npm.setWorkingDirectory(dir);
            npm.start(u"npm"_s, { u"ci"_s, u"--no-audit"_s, u"--no-fund"_s });
            if (!npm.waitForFinished(180'000) || npm.exitCode() != 0) {
                *why = u"npm ci in tests/har failed: "_s + QString::fromUtf8(npm.readAllStandardError());
                return false;
            }
        }
        QProcess node;
        node.start(u"node"_s, { dir + u"/validate.js"_s, har });
        if (!node.waitForFinished(60'000) || node.exitCode() != 0
            || node.readAllStandardOutput().trimmed() != "valid") {
            *why = u"not valid HAR 1.2: "_s + QString::fromUtf8(node.readAllStandardError());
            return false;
        }
        return true;
    }

    QJsonObject harEntryFor(const QString& har, qint64 id)
    {
        const QJsonArray entries = QJsonDocument::fromJson(readAll(har)).object()[u"log"_s][u"entries"_s].toArray();
        for (const auto& e : entries) {
            if (qint64(e[u"_hookscope"_s][u"event"_s].toDouble()) == id)
                return e.toObject();
        }
        return {};
    }

    void hostileNames()
    {
        QTest::addColumn<QByteArray>("name");
        for (const QByteArray& name : std::as_const(m_order))
            QTest::newRow(name.constData()) << name;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QDir(m_dir.path()).mkpath(u"bin"_s));
        QVERIFY(QDir(m_dir.path()).mkpath(u"home"_s));
        QVERIFY(QDir(m_dir.path()).mkpath(u"work"_s));
        // The command an injection would run: it leaves the canary file behind.
        const QString stub = m_dir.filePath(u"bin/hookscope_canary"_s);
        QVERIFY(writeAll(stub, "#!/bin/sh\n: > \"$CANARY_FILE\"\n"));
        QVERIFY(QFile::setPermissions(stub, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
        QVERIFY(writeAll(m_dir.filePath(u"home/.curlrc"_s), "header = \"X-From-Curlrc: 1\"\n"));
        m_secretPath = m_dir.filePath(u"secret.txt"_s).toUtf8();
        m_secret = "TOP-SECRET-" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
        QVERIFY(writeAll(QString::fromUtf8(m_secretPath), m_secret));

        QVERIFY(m_recorder.listen());
        // No secret: every request is stored unverified and answered; the scheme's delivery id keys events.
        QVERIFY2(m_serve.start({ u"--scheme"_s, u"standard-webhooks"_s }, false), m_serve.log().constData());

        int n = 0;
        for (const auto& [name, row] : hostileRequests(m_secretPath)) {
            // Bodiless requests would share an event by the empty body's hash: a delivery id keeps them apart.
            QByteArray raw = filled(row.raw);
            raw.insert(raw.indexOf("\r\n\r\n") + 2, "webhook-id: hostile-" + QByteArray::number(++n) + "\r\n");
            Hostile stored { raw, row.useTo };
            int status = 0;
            const qint64 before = m_ids.isEmpty() ? 0 : m_ids.value(m_order.last());
            const qint64 id = sendRaw(raw, &status);
            QVERIFY2(id > before, name.constData());
            // Two Host headers may be refused (RFC 9112 §3.2); everything else is a request the listener takes.
            QVERIFY2(status == 200 || (status == 400 && name == "two Host headers"),
                qPrintable(u"%1: %2"_s.arg(QString::fromUtf8(name)).arg(status)));
            m_rows.insert(name, stored);
            m_ids.insert(name, id);
            m_order.append(name);
        }
        QVERIFY(m_order.size() >= 25);
    }

    // Item 1: the captured method is quoted, in the window's Copy as cURL as in the export; one renderer, which
    // also keeps binary bodies (the window's own renderer took them through UTF-8).
    void hostile01_copyAsCurlQuotesMethod_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::newRow("backticks") << QByteArray("method with backticks");
        QTest::newRow("pipe") << QByteArray("method with a pipe");
        QTest::newRow("quote, dollar, ampersand") << QByteArray("method with quote, dollar and ampersand");
        QTest::newRow("binary body") << QByteArray("every byte value in the body");
        QTest::newRow("200 KiB binary body") << QByteArray("200 KiB binary body");
    }
    void hostile01_copyAsCurlQuotesMethod()
    {
        QFETCH(QByteArray, name);
        const qint64 id = m_ids.value(name);
        const QString copied = copyAsCurl(id);
        QVERIFY2(!copied.isEmpty(), "Copy as cURL put nothing on the clipboard");
        // Exactly the core renderer's script, and exactly what `export --format curl` writes.
        QCOMPARE(copied, QString::fromUtf8(coreCurl(id)));
        const auto exported
            = m_serve.cli({ u"export"_s, QString::number(id), u"--format"_s, u"curl"_s, u"--out"_s, u"-"_s });
        QCOMPARE(copied, QString::fromUtf8(exported.out));

        const QString script = m_dir.filePath(u"copied-%1.sh"_s.arg(id));
        QVERIFY(writeAll(script, copied.toUtf8()));
        m_recorder.clear();
        QFile::remove(canary());
        const ScriptRun run = runBash(script);
        QVERIFY2(!QFile::exists(canary()), "the pasted command ran a command from the captured method");
        QVERIFY2(run.exitCode == 0, QByteArray(run.err + "\n" + copied.toUtf8()).constData());
        QCOMPARE(m_recorder.requests().size(), 1);
        const QByteArray sent = m_rows[name].raw;
        const qsizetype headEnd = sent.indexOf("\r\n\r\n") + 4;
        QCOMPARE(m_recorder.requests().first().head, expectedHead(sent.left(headEnd), std::nullopt));
        QCOMPARE(m_recorder.requests().first().wireBody, sent.mid(headEnd));
    }

    // Item 2: a body (or header) starting with @ is sent as it is, never read as a file name; export and window.
    void hostile02_curlBodyAtSignIsNotAFile_data()
    {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<bool>("window");
        for (const char* row : { "body is @file", "body is @file then a line", "headers naming files" }) {
            QTest::addRow("%s, export", row) << QByteArray(row) << false;
            QTest::addRow("%s, window", row) << QByteArray(row) << true;
        }
    }
    void hostile02_curlBodyAtSignIsNotAFile()
    {
        QFETCH(QByteArray, name);
        QFETCH(bool, window);
        const qint64 id = m_ids.value(name);
        const QString script = m_dir.filePath(u"at-%1-%2.sh"_s.arg(id).arg(window));
        if (window) {
            const QString copied = copyAsCurl(id);
            QVERIFY(!copied.isEmpty());
            QVERIFY(writeAll(script, copied.toUtf8()));
        } else {
            QCOMPARE(m_serve.cli({ u"export"_s, QString::number(id), u"--format"_s, u"curl"_s, u"--out"_s, script })
                         .exitCode,
                0);
        }
        m_recorder.clear();
        const ScriptRun run = runBash(script);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(!m_recorder.bytes().contains(m_secret), "the developer's own file was sent");
        QCOMPARE(m_recorder.requests().size(), 1);
        const QByteArray sent = m_rows[name].raw;
        QCOMPARE(m_recorder.requests().first().body, sent.mid(sent.indexOf("\r\n\r\n") + 4));
    }

    // Item 3: globs, dot segments, a path that is not UTF-8, an empty header, a 200 KiB body: byte for byte.
    void hostile03_curlSendsExactRequest_data()
    {
        QTest::addColumn<QByteArray>("name");
        for (const char* row :
            { "glob brackets", "glob range flood", "glob braces", "dot segments", "non-UTF-8 path and query",
                "empty header", "whitespace-only header", "200 KiB text body", "200 KiB binary body", "fragment" })
            QTest::newRow(row) << QByteArray(row);
    }
    void hostile03_curlSendsExactRequest()
    {
        QFETCH(QByteArray, name);
        curlRoundTrip(name);
    }

    // Item 4: only a validated host[:port] from Host chooses a URL; user info, paths and absolute-form never do.
    void hostile04_originFromHost_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<QString>("origin"); // empty: refused
        QTest::newRow("ipv4 and port") << QByteArray("127.0.0.1:9") << u"http://127.0.0.1:9"_s;
        QTest::newRow("name") << QByteArray("hooks.example.com") << u"http://hooks.example.com"_s;
        QTest::newRow("ipv6 and port") << QByteArray("[::1]:8080") << u"http://[::1]:8080"_s;
        QTest::newRow("user info") << QByteArray("user@127.0.0.1:9") << QString();
        QTest::newRow("user and password") << QByteArray("u:p@127.0.0.1:9") << QString();
        QTest::newRow("path and query") << QByteArray("127.0.0.1:9/evil?") << QString();
        QTest::newRow("query") << QByteArray("127.0.0.1:9?x") << QString();
        QTest::newRow("fragment") << QByteArray("127.0.0.1:9#x") << QString();
        QTest::newRow("backslash") << QByteArray("127.0.0.1:9\\@evil") << QString();
        QTest::newRow("space") << QByteArray("a b") << QString();
        QTest::newRow("shell") << QByteArray("$(hookscope_canary)") << QString();
        QTest::newRow("percent-encoded") << QByteArray("%65vil.example") << QString();
        QTest::newRow("not ASCII") << QByteArray("\xc3\xa9vil.example") << QString();
        QTest::newRow("port 0") << QByteArray("127.0.0.1:0") << QString();
        QTest::newRow("port too big") << QByteArray("127.0.0.1:65536") << QString();
        QTest::newRow("empty port") << QByteArray("127.0.0.1:") << QString();
        QTest::newRow("two ports") << QByteArray("127.0.0.1:1:2") << QString();
        QTest::newRow("no host") << QByteArray(":80") << QString();
        QTest::newRow("unclosed bracket") << QByteArray("[::1") << QString();
        QTest::newRow("empty") << QByteArray("") << QString();
    }
    void hostile04_originFromHost()
    {
        QFETCH(QByteArray, host);
        QFETCH(QString, origin);
        const auto url = replay::originFromHost(host, false);
        QCOMPARE(url ? url->toString(QUrl::FullyEncoded) : QString(), origin);
    }

    void hostile04_curlAndHarNeverFollowHostileHost_data()
    {
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<QByteArray>("target");
        // {R} is the recorder, {S} the listener: the capture tries to send the export to the recorder.
        QTest::newRow("user info") << QByteArray("user@{R}") << QByteArray("/user-info");
        QTest::newRow("path and query") << QByteArray("{R}/evil?") << QByteArray("/path-query");
        QTest::newRow("absolute-form target") << QByteArray("{S}") << QByteArray("http://{R}/absolute?x=1");
    }
    void hostile04_curlAndHarNeverFollowHostileHost()
    {
        QFETCH(QByteArray, host);
        QFETCH(QByteArray, target);
        const QByteArray serveHost = "127.0.0.1:" + QByteArray::number(m_serve.httpPort());
        host = filled(host).replace("{S}", serveHost);
        target = filled(target);
        const QByteArray body = "host-" + QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
        const qint64 id = sendRaw(request("POST", target, {}, body, host));
        QVERIFY(id > 0);

        // cURL, without --to: it goes to the listener that captured it, never to the recorder.
        const QString script = m_dir.filePath(u"host-%1.sh"_s.arg(id));
        QCOMPARE(
            m_serve.cli({ u"export"_s, QString::number(id), u"--format"_s, u"curl"_s, u"--out"_s, script }).exitCode,
            0);
        const QByteArray text = readAll(script);
        QVERIFY2(text.contains(QByteArray("--url 'http://" + serveHost + "/'")), text.constData());
        m_recorder.clear();
        const ScriptRun run = runBash(script);
        QVERIFY2(run.exitCode == 0, QByteArray(run.err + "\n" + text).constData());
        QCOMPARE(m_recorder.requests().size(), 0);
        QCOMPARE(m_serve.cli({ u"show"_s, QString::number(id), u"--json"_s }).json()[u"deliveries"_s].toInt(), 2);

        // HAR: the URL names the listener, with the target's path and query only.
        const QString har = m_dir.filePath(u"host-%1.har"_s.arg(id));
        QCOMPARE(
            m_serve.cli({ u"export"_s, QString::number(id), u"--format"_s, u"har"_s, u"--out"_s, har }).exitCode, 0);
        const QString url = harEntryFor(har, id)[u"request"_s][u"url"_s].toString();
        const QByteArray path = target.startsWith('/') ? target : target.mid(target.indexOf('/', 7));
        QCOMPARE(url, QString::fromUtf8("http://" + serveHost + path));
        QString why;
        QVERIFY2(validateHar(har, &why), qPrintable(why));
    }

    void hostile04_replayAbsoluteFormTarget()
    {
        replay::CapturedRequest captured;
        captured.method = "POST";
        captured.target = "http://127.0.0.1:9/evil?x=1";
        captured.headers = { { "Host", "127.0.0.1:9" }, { "Content-Type", "application/json" } };
        captured.body = "{}";
        const QUrl to(u"http://127.0.0.1:4000"_s);
        auto out = replay::buildRequest(captured, to, {}, 0);
        QVERIFY(out.has_value());
        QCOMPARE(out->url, to);
        QCOMPARE(out->target, QByteArray("/evil?x=1"));
        QCOMPARE(headerValue(out->headers, "Host"), QByteArray("127.0.0.1:4000"));
        QVERIFY(out->head().startsWith("POST /evil?x=1 HTTP/1.1\r\nHost: 127.0.0.1:4000\r\n"));
        captured.target = "*";
        QCOMPARE(replay::buildRequest(captured, to, {}, 0)->target, QByteArray("*"));
    }

    // Exported files are the owner's only, like the store: they hold what senders sent, credentials included.
    void hostile06_exportFilesAreOwnerOnly_data()
    {
        QTest::addColumn<QString>("format");
        for (const char* f : { "curl", "har", "json", "raw" })
            QTest::newRow(f) << QString::fromLatin1(f);
    }
    void hostile06_exportFilesAreOwnerOnly()
    {
        QFETCH(QString, format);
        const QString id = QString::number(m_ids.value("single quotes in the body"));
        const QString fresh = m_dir.filePath(u"mode-new."_s + format);
        QCOMPARE(m_serve.cli({ u"export"_s, id, u"--format"_s, format, u"--out"_s, fresh }).exitCode, 0);
        QVERIFY2(ownerOnly(fresh), qPrintable(fresh));
        // An existing file readable by others is replaced by one that is not.
        const QString existing = m_dir.filePath(u"mode-old."_s + format);
        QVERIFY(writeAll(existing, "old"));
        QVERIFY(QFile::setPermissions(existing,
            QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther));
        QCOMPARE(m_serve.cli({ u"export"_s, id, u"--format"_s, format, u"--out"_s, existing }).exitCode, 0);
        QVERIFY2(ownerOnly(existing), qPrintable(existing));
        // Several events into a folder: each file.
        const QString folder = m_dir.filePath(u"mode-folder-"_s + format);
        QCOMPARE(m_serve
                     .cli({ u"export"_s, id, QString::number(m_ids.value("lower-case method")), u"--format"_s, format,
                         u"--out"_s, folder })
                     .exitCode,
            0);
        const QFileInfoList files = QDir(folder).exists() ? QDir(folder).entryInfoList(QDir::Files) : QFileInfoList {};
        for (const QFileInfo& f : files)
            QVERIFY2(ownerOnly(f.filePath()), qPrintable(f.filePath()));
        if (format == u"har"_s)
            QVERIFY(ownerOnly(folder)); // HAR: one file, at the path given
        else
            QCOMPARE(files.size(), 2);
    }

    // Item 7: HAR import refuses CR, LF and NUL where they would forge request lines; several files: all or nothing.
    void hostile07_harImportRefusesLineBreaks_data()
    {
        QTest::addColumn<QString>("field"); // method, url, header name, header value
        QTest::addColumn<QString>("value");
        QTest::newRow("CRLF in method") << u"method"_s << u"POST /x HTTP/1.1\r\nX-Forged: 1\r\n\r\nGET"_s;
        QTest::newRow("LF in url") << u"url"_s << u"http://example.test/a\nX-Forged: 1"_s;
        QTest::newRow("CR in url") << u"url"_s << u"http://example.test/a\rX-Forged: 1"_s;
        QTest::newRow("NUL in url") << u"url"_s << u"http://example.test/a"_s + QChar(0) + u"b"_s;
        QTest::newRow("CRLF in header name") << u"name"_s << u"X-A\r\nX-Forged"_s;
        QTest::newRow("LF in header value") << u"value"_s << u"ok\nX-Forged: 1"_s;
        QTest::newRow("CR in header value") << u"value"_s << u"ok\rX-Forged: 1"_s;
        QTest::newRow("NUL in header value") << u"value"_s << u"ok"_s + QChar(0) + u"X-Forged: 1"_s;
    }
    void hostile07_harImportRefusesLineBreaks()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        auto entry = [](const QString& method, const QString& url, const QString& name, const QString& headerValue) {
            return QJsonObject { { u"startedDateTime"_s, u"2026-04-14T12:34:56.000Z"_s },
                { u"request"_s,
                    QJsonObject { { u"method"_s, method }, { u"url"_s, url }, { u"httpVersion"_s, u"HTTP/1.1"_s },
                        { u"headers"_s,
                            QJsonArray { QJsonObject { { u"name"_s, name }, { u"value"_s, headerValue } } } },
                        { u"postData"_s,
                            QJsonObject { { u"mimeType"_s, u"application/json"_s }, { u"text"_s, u"{}"_s } } } } },
                { u"response"_s, QJsonObject { { u"status"_s, 200 } } } };
        };
        const QJsonObject good = entry(u"POST"_s, u"http://example.test/good"_s, u"X-Good"_s, u"1"_s);
        const QJsonObject bad
            = entry(field == u"method"_s ? value : u"POST"_s, field == u"url"_s ? value : u"http://example.test/bad"_s,
                field == u"name"_s ? value : u"X-Bad"_s, field == u"value"_s ? value : u"1"_s);
        auto harFile = [this](const QString& name, const QJsonArray& entries) {
            const QString path = m_dir.filePath(name);
            writeAll(path,
                QJsonDocument(
                    QJsonObject { { u"log"_s, QJsonObject { { u"version"_s, u"1.2"_s }, { u"entries"_s, entries } } } })
                    .toJson());
            return path;
        };
        const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-');
        const QString db = m_dir.filePath(u"import-%1.db"_s.arg(tag));
        auto import = [&](const QStringList& files) {
            return test::runCli(QStringList { u"import"_s } + files + QStringList { u"--db"_s, db }, m_serve.env());
        };
        auto eventCount = [&] {
            return test::runCli({ u"list"_s, u"--json"_s, u"--limit"_s, u"0"_s, u"--db"_s, db }, m_serve.env())
                .json()
                .array()
                .size();
        };

        // One file: a good entry, then the bad one. Refused with the entry named, nothing stored.
        const QString one = harFile(u"bad-%1.har"_s.arg(tag), { good, bad });
        const auto r = import({ one });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("entry 2") && r.err.contains("CR, LF or NUL") && r.err.contains("nothing was imported"),
            r.err.constData());
        QCOMPARE(eventCount(), 0);

        // Several files: the good first file is not imported either.
        const QString first = harFile(u"good-%1.har"_s.arg(tag), { good });
        const QString second = harFile(u"bad-only-%1.har"_s.arg(tag), { bad });
        const auto several = import({ first, second });
        QCOMPARE(several.exitCode, 2);
        QVERIFY2(several.err.contains(second.toUtf8()), several.err.constData());
        QCOMPARE(eventCount(), 0);
        QCOMPARE(import({ first }).exitCode, 0);
        QCOMPARE(eventCount(), 1);
        const QByteArray raw = test::runCli({ u"show"_s, u"1"_s, u"--raw"_s, u"--db"_s, db }, m_serve.env()).out;
        QVERIFY(!raw.contains("X-Forged"));
    }

    // An exact head carried beside a HAR's fields is used only when it says what the fields say.
    void hostile07_harImportIgnoresSmuggledRawHead()
    {
        const QByteArray forged
            = "POST /good HTTP/1.1\r\nHost: example.test\r\nX-Forged: 1\r\nContent-Length: 2\r\n\r\n";
        const QJsonObject entry { { u"startedDateTime"_s, u"2026-04-14T12:34:56.000Z"_s },
            { u"request"_s,
                QJsonObject { { u"method"_s, u"POST"_s }, { u"url"_s, u"http://example.test/good"_s },
                    { u"httpVersion"_s, u"HTTP/1.1"_s },
                    { u"headers"_s,
                        QJsonArray { QJsonObject { { u"name"_s, u"Host"_s }, { u"value"_s, u"example.test"_s } } } },
                    { u"postData"_s,
                        QJsonObject { { u"mimeType"_s, u"application/json"_s }, { u"text"_s, u"{}"_s } } } } },
            { u"response"_s, QJsonObject { { u"status"_s, 200 } } },
            { u"_hookscope"_s,
                QJsonObject {
                    { u"kind"_s, u"capture"_s }, { u"rawHeadBase64"_s, QString::fromLatin1(forged.toBase64()) } } } };
        const QString path = m_dir.filePath(u"smuggled.har"_s);
        QVERIFY(writeAll(path,
            QJsonDocument(QJsonObject { { u"log"_s,
                              QJsonObject { { u"version"_s, u"1.2"_s }, { u"entries"_s, QJsonArray { entry } } } } })
                .toJson()));
        const QString db = m_dir.filePath(u"smuggled.db"_s);
        const auto r = test::runCli({ u"import"_s, path, u"--db"_s, db }, m_serve.env());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QByteArray raw = test::runCli({ u"show"_s, u"1"_s, u"--raw"_s, u"--db"_s, db }, m_serve.env()).out;
        QCOMPARE(raw, QByteArray("POST /good HTTP/1.1\r\nHost: example.test\r\nContent-Length: 2\r\n\r\n{}"));
    }

    // Item 11 (HAR part): binary bodies are HAR 1.2's base64 `encoding`, not a field of our own.
    void hostile11_harBase64()
    {
        const qint64 id = m_ids.value("every byte value in the body");
        const QString har = m_dir.filePath(u"base64.har"_s);
        QCOMPARE(
            m_serve.cli({ u"export"_s, QString::number(id), u"--format"_s, u"har"_s, u"--out"_s, har }).exitCode, 0);
        const QJsonObject post = harEntryFor(har, id)[u"request"_s][u"postData"_s].toObject();
        QCOMPARE(post[u"encoding"_s].toString(), u"base64"_s);
        QVERIFY(!post.contains(u"_encoding"_s));
        QCOMPARE(QByteArray::fromBase64(post[u"text"_s].toString().toLatin1()), everyByte());
        QString why;
        QVERIFY2(validateHar(har, &why), qPrintable(why));
        const QString db = m_dir.filePath(u"base64.db"_s);
        QCOMPARE(test::runCli({ u"import"_s, har, u"--db"_s, db }, m_serve.env()).exitCode, 0);
        QCOMPARE(test::runCli({ u"show"_s, u"1"_s, u"--body"_s, u"--db"_s, db }, m_serve.env()).out, everyByte());
    }

    // Done-when: every hostile request, exported as cURL, run with bash against the recorder.
    void hostileTable_curlRoundTrip_data() { hostileNames(); }
    void hostileTable_curlRoundTrip()
    {
        QFETCH(QByteArray, name);
        curlRoundTrip(name);
    }

    // Done-when: the same requests as one HAR file: valid HAR 1.2, and imported again to the same bytes.
    void hostileTable_harRoundTrip_data() { hostileNames(); }
    void hostileTable_harRoundTrip()
    {
        QFETCH(QByteArray, name);
        QString why;
        QVERIFY2(harImported(&why), qPrintable(why));
        const qint64 id = m_ids.value(name);
        const QByteArray original = m_serve.cli({ u"show"_s, QString::number(id), u"--raw"_s }).out;
        const QByteArray again = test::runCli(
            { u"show"_s, QString::number(m_imported.value(id)), u"--raw"_s, u"--db"_s, m_importDb }, m_serve.env())
                                     .out;
        QVERIFY(!original.isEmpty());
        QCOMPARE(again, original);
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_reader.reset();
        m_serve.stop();
    }
};

QTEST_MAIN(tst_HostileExport)
#include "tst_hostile_export.moc"
