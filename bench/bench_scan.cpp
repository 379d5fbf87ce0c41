// Attachment safety's cost: how many attachments a second post-processing scans through a real clamd, and that the
// answer latency of requests is the same with scanning on as off (scanning runs after the ack).
//
//   bench_scan [--requests 300] [--size 65536] [--direct 300]
//
// Starts its own clamd (/usr/sbin/clamd, a socket and a small signature database in a temporary folder: the EICAR
// test file's and one custom signature, so clamd's per-stream work is measured, not the size of ClamAV's full
// database). Then, twice (scanning off: `--clamd off`; on: that clamd), a CaptureService on a free loopback port
// takes `--requests` event-schema emails with one `--size` byte attachment each, one at a time on one keep-alive
// connection: every answer's latency is timed, then the time until the last attachment's scan result is stored.
// `--direct` attachments go through AttachmentScanner::scan alone (clamd's INSTREAM + libmagic + the rules) and
// through clamd alone. Every attachment's bytes differ (clamd caches the hashes of clean content). One line per figure.

#include "core/config/route.h"
#include "core/http/portprobe.h"
#include "core/ingest/captureservice.h"
#include "core/scan/attachmentscanner.h"
#include "core/scan/clamdclient.h"
#include "core/scan/inspection.h"
#include "core/store/attachmentscans.h"
#include "core/store/eventstore.h"
#include "core/store/records.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace hookscope;

namespace {

QTextStream out(stdout);

void write(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(bytes);
}

/** A realistic attachment: text with some randomness (a PDF header, so libmagic says PDF). */
QByteArray attachment(int size, int n)
{
    QByteArray a = "%PDF-1.4\n% attachment " + QByteArray::number(n) + "\n";
    QRandomGenerator rng(quint32(n + 1));
    while (a.size() < size)
        a += "BT /F1 12 Tf 72 712 Td (" + QByteArray::number(rng.generate64(), 36) + ") Tj ET\n";
    a.truncate(size);
    return a;
}

QByteArray email(int n, const QByteArray& data)
{
    const QJsonObject o {
        { u"id"_s, u"evt_bench_%1"_s.arg(n) },
        { u"messageId"_s, u"<bench%1@mail.example>"_s.arg(n) },
        { u"from"_s, QJsonObject { { u"address"_s, u"sender@example.com"_s } } },
        { u"to"_s, QJsonArray { QJsonObject { { u"address"_s, u"support@example.com"_s } } } },
        { u"subject"_s, u"Invoice %1"_s.arg(n) },
        { u"text"_s, u"Please find the invoice attached."_s },
        { u"attachments"_s,
            QJsonArray {
                QJsonObject { { u"filename"_s, u"invoice-%1.pdf"_s.arg(n) }, { u"contentType"_s, u"application/pdf"_s },
                    { u"size"_s, double(data.size()) }, { u"dataBase64"_s, QString::fromLatin1(data.toBase64()) } } } },
    };
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

/** Reads one HTTP response (head + Content-Length body) from a blocking socket. */
bool readResponse(QTcpSocket& s)
{
    QByteArray buf;
    for (;;) {
        const qsizetype end = buf.indexOf("\r\n\r\n");
        if (end >= 0) {
            const QByteArray head = buf.left(end).toLower();
            const qsizetype cl = head.indexOf("content-length:");
            const qint64 length
                = cl < 0 ? 0 : head.mid(cl + 15, head.indexOf('\r', cl) - cl - 15).trimmed().toLongLong();
            if (buf.size() >= end + 4 + length)
                return buf.startsWith("HTTP/1.1 2");
        }
        if (!s.waitForReadyRead(30000))
            return false;
        buf += s.readAll();
    }
}

struct RunFigures {
    std::vector<double> latencyMs;
    double sendSeconds = 0;
    double untilScannedSeconds = 0;
    qint64 scanned = 0;
    bool ok = false;
};

RunFigures run(const scan::ScanSettings& scanSettings, int requests, int size, int seed)
{
    RunFigures f;
    QTemporaryDir dir;
    ingest::CaptureSettings s;
    s.databasePath = dir.filePath(u"events.db"_s);
    s.listener.httpPort = http::freePort();
    s.listener.httpsPort = 0;
    s.routes = { config::Route {} };
    s.scan = scanSettings;
    ingest::CaptureService capture;
    if (auto started = capture.start(s); !started) {
        out << "cannot start capture: " << started.error() << Qt::endl;
        return f;
    }
    std::vector<QByteArray> bodies;
    for (int i = 0; i < requests; ++i)
        bodies.push_back(email(i, attachment(size, seed + i)));

    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, s.listener.httpPort);
    if (!socket.waitForConnected(30000))
        return f;
    QElapsedTimer all;
    all.start();
    for (int i = 0; i < requests; ++i) {
        const QByteArray& body = bodies[size_t(i)];
        QByteArray request = "POST /webhooks/email HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                             "Content-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        QElapsedTimer t;
        t.start();
        socket.write(request);
        while (socket.bytesToWrite() > 0)
            socket.waitForBytesWritten(30000);
        if (!readResponse(socket)) {
            out << "request " << i << " was not answered 2xx" << Qt::endl;
            return f;
        }
        f.latencyMs.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    f.sendSeconds = double(all.nsecsElapsed()) / 1e9;

    // Until every attachment has its scan result (scanning off: its type and flags, "not scanned").
    auto reader = store::EventStore::open(s.databasePath, true);
    if (!reader)
        return f;
    for (int waited = 0; waited < 600000; waited += 5) {
        QSqlQuery q((*reader)->database());
        if (q.exec(u"SELECT count(*) AS n FROM attachment_scans"_s) && q.next())
            f.scanned = q.value(u"n"_s).toLongLong();
        if (f.scanned >= requests)
            break;
        QThread::msleep(5);
    }
    f.untilScannedSeconds = double(all.nsecsElapsed()) / 1e9;
    f.ok = f.scanned >= requests;
    capture.stop();
    return f;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({
        { u"requests"_s, u"Emails per run (default 300)."_s, u"N"_s, u"300"_s },
        { u"size"_s, u"Bytes per attachment (default 65536)."_s, u"BYTES"_s, u"65536"_s },
        { u"direct"_s, u"Attachments scanned directly (default 300)."_s, u"N"_s, u"300"_s },
    });
    parser.process(app);
    const int requests = parser.value(u"requests"_s).toInt();
    const int size = parser.value(u"size"_s).toInt();
    const int direct = parser.value(u"direct"_s).toInt();

    // clamd with a small database of its own.
    QTemporaryDir dir;
    const QString db = dir.filePath(u"db"_s);
    QDir().mkpath(db);
    const QByteArray eicar = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
    write(db + u"/bench.hdb"_s,
        QCryptographicHash::hash(eicar, QCryptographicHash::Md5).toHex() + ":68:Eicar-Test-Signature\n");
    write(db + u"/bench.ndb"_s, "Bench.Custom:0:*:" + QByteArray("HOOKSCOPE-BENCH-MARKER").toHex() + '\n');
    const QString socketPath = dir.filePath(u"clamd.sock"_s);
    write(dir.filePath(u"clamd.conf"_s),
        "Foreground yes\nLocalSocket " + socketPath.toUtf8() + "\nDatabaseDirectory " + db.toUtf8() + "\n");
    QProcess clamd;
    clamd.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    clamd.start(u"/usr/sbin/clamd"_s, { u"--config-file="_s + dir.filePath(u"clamd.conf"_s) });
    const scan::ClamdAddress address { socketPath, {}, 0 };
    const scan::ClamdClient client(address, 2000);
    QElapsedTimer startup;
    startup.start();
    while (!client.ping()) {
        if (startup.elapsed() > 60000 || clamd.state() == QProcess::NotRunning) {
            out << "clamd did not answer PING within 60 s" << Qt::endl;
            return 1;
        }
        QThread::msleep(50);
    }
    out << "clamd: " << *client.version() << Qt::endl;

    // Directly: clamd alone, then the scanner (clamd + libmagic + rules).
    // Different bytes for every pass: clamd remembers the hashes of clean content and would not scan them again.
    std::vector<QByteArray> data, data2;
    for (int i = 0; i < direct; ++i) {
        data.push_back(attachment(size, 1'000'000 + i));
        data2.push_back(attachment(size, 2'000'000 + i));
    }
    // clamd starts its scanning threads on the first streams: warm it up first.
    for (int i = 0; i < 20; ++i)
        client.scan(attachment(size, 3'000'000 + i));
    QElapsedTimer t;
    t.start();
    for (const QByteArray& d : data)
        client.scan(d);
    const double clamdOnly = double(direct) / (double(t.nsecsElapsed()) / 1e9);
    t.restart();
    for (const QByteArray& d : data)
        scan::inspect(u"invoice.pdf"_s, u"application/pdf"_s, d);
    const double inspectOnly = double(direct) / (double(t.nsecsElapsed()) / 1e9);
    scan::ScanSettings on;
    on.clamd = address;
    const scan::AttachmentScanner scanner(on);
    const QString version = *client.version();
    t.restart();
    for (int i = 0; i < direct; ++i) {
        store::AttachmentRow row;
        row.filename = u"invoice.pdf"_s;
        row.contentType = u"application/pdf"_s;
        scanner.scan(row, data2[size_t(i)], version, true);
    }
    const double scannerRate = double(direct) / (double(t.nsecsElapsed()) / 1e9);
    out << u"direct, %1 attachments of %2 bytes: clamd INSTREAM %3/s, libmagic + rules %4/s, both %5/s"_s.arg(direct)
               .arg(size)
               .arg(clamdOnly, 0, 'f', 0)
               .arg(inspectOnly, 0, 'f', 0)
               .arg(scannerRate, 0, 'f', 0)
        << Qt::endl;

    scan::ScanSettings off;
    off.notScannedReason = u"scanning is turned off (--clamd off)"_s;
    for (int round = 0; round < 3; ++round) {
        for (const bool scanning : { false, true }) {
            const RunFigures f = run(scanning ? on : off, requests, size, (round * 2 + int(scanning)) * 100'000);
            if (!f.ok) {
                out << "run failed" << Qt::endl;
                return 1;
            }
            out << u"round %1, scanning %2: %3 requests answered in %4 s; latency p50 %5 ms, p99 %6 ms, max %7 ms; "
                   u"all %8 attachments scanned %9 s after the first request (%10 attachments/s end to end)"_s
                       .arg(round + 1)
                       .arg(scanning ? u"on "_s : u"off"_s)
                       .arg(requests)
                       .arg(f.sendSeconds, 0, 'f', 2)
                       .arg(percentile(f.latencyMs, 0.5), 0, 'f', 2)
                       .arg(percentile(f.latencyMs, 0.99), 0, 'f', 2)
                       .arg(percentile(f.latencyMs, 1.0), 0, 'f', 2)
                       .arg(f.scanned)
                       .arg(f.untilScannedSeconds, 0, 'f', 2)
                       .arg(double(f.scanned) / f.untilScannedSeconds, 0, 'f', 0)
                << Qt::endl;
        }
    }
    clamd.terminate();
    clamd.waitForFinished(30000);
    return 0;
}
