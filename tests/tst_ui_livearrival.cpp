// 1,000 events arrive through the real listener while the window is open: the GUI thread's event loop
// never stalls for more than 100 ms (a 10 ms timer measures it), the list ends up with every event,
// and the selected event stays selected.

#include "ui/capturecontrol.h"
#include "ui/eventlistmodel.h"
#include "ui/mainwindow.h"
#include "ui/safehtmlview.h"
#include "ui/storereader.h"
#include "ui/tools/seeder.h"
#include "ui/viewlistmodel.h"

#include "core/common/crypto.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

#include <atomic>
#include <thread>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

namespace {

const QByteArray kSecret = "whsec_live";

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

/** Sends `count` signed events on one keep-alive connection; returns how many were answered 200. */
int sendBurst(quint16 port, int first, int count)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return 0;
    int ok = 0;
    for (int i = first; i < first + count; ++i) {
        SampleEmail m;
        m.id = u"evt_live_%1"_s.arg(i);
        m.subject = u"Live event %1"_s.arg(i);
        m.text = u"body %1"_s.arg(i);
        const QByteArray body = m.toJson();
        const QByteArray ts = QByteArray::number(QDateTime::currentMSecsSinceEpoch());
        const QByteArray sig = crypto::hmac(crypto::Digest::Sha256, kSecret, QByteArray(ts + '.' + body)).toHex();
        socket.write("POST /webhooks/email HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     "X-Webhook-Timestamp: "
            + ts + "\r\nX-Webhook-Signature: " + sig + "\r\nContent-Length: " + QByteArray::number(body.size())
            + "\r\n\r\n" + body);
        socket.waitForBytesWritten(5000);
        QByteArray response;
        while (true) {
            const qsizetype end = response.indexOf("\r\n\r\n");
            if (end >= 0) {
                const QByteArray head = response.left(end).toLower();
                const qsizetype cl = head.indexOf("content-length:");
                const int length = cl < 0 ? 0 : head.mid(cl + 15, head.indexOf('\r', cl) - cl - 15).trimmed().toInt();
                if (response.size() >= end + 4 + length)
                    break;
            }
            if (!socket.waitForReadyRead(10'000))
                return ok;
            response += socket.readAll();
        }
        if (response.startsWith("HTTP/1.1 200"))
            ++ok;
    }
    return ok;
}

} // namespace

class tst_LiveArrival : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void thousandEventsWithoutStalling()
    {
        QTemporaryDir home;
        ingest::CaptureSettings settings;
        settings.databasePath = home.filePath(u"events.db"_s);
        settings.listener.httpPort = freePort();
        settings.listener.httpsPort = 0;
        config::Route route;
        route.secrets << kSecret;
        settings.routes << route;
        CaptureControl capture(settings, QString());
        QVERIFY(capture.start().has_value());
        StoreReader reader(settings.databasePath);
        MainWindow window(reader, &capture);
        window.resize(1300, 850);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // A first event, selected, so the test can check the selection survives the flood.
        QCOMPARE(sendBurst(settings.listener.httpPort, 0, 1), 1);
        QTRY_COMPARE_WITH_TIMEOUT(window.eventModel()->rowCount(), 1, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(window.eventModel()->eventIdAt(0) != 0, 5000);
        window.eventView()->setCurrentIndex(window.eventModel()->index(0, 0));
        QTRY_VERIFY_WITH_TIMEOUT(window.currentEventId() != 0, 5000);
        const qint64 selected = window.currentEventId();

        QElapsedTimer sinceTick;
        qint64 maxGap = 0;
        int ticks = 0;
        QTimer probe;
        probe.setInterval(10);
        connect(&probe, &QTimer::timeout, this, [&] {
            maxGap = std::max(maxGap, sinceTick.restart());
            ++ticks;
        });
        sinceTick.start();
        probe.start();

        constexpr int Senders = 4;
        constexpr int PerSender = 250;
        std::atomic<int> accepted { 0 };
        std::atomic<int> finished { 0 };
        QElapsedTimer total;
        total.start();
        std::vector<std::thread> threads;
        for (int s = 0; s < Senders; ++s) {
            threads.emplace_back([&, s] {
                accepted += sendBurst(settings.listener.httpPort, 1 + s * PerSender, PerSender);
                ++finished;
            });
        }
        const bool arrived = QTest::qWaitFor(
            [&] { return finished.load() == Senders && window.eventModel()->rowCount() == Senders * PerSender + 1; },
            120'000);
        const qint64 elapsed = total.elapsed();
        probe.stop();
        for (auto& t : threads)
            t.join();
        QCOMPARE(accepted.load(), Senders * PerSender);
        QVERIFY2(arrived, qPrintable(u"list has %1 rows"_s.arg(window.eventModel()->rowCount())));
        qInfo("1000 events in %lld ms; event loop max gap %lld ms over %d ticks", elapsed, maxGap, ticks);
        QVERIFY2(maxGap <= 100, qPrintable(u"the event loop stalled for %1 ms"_s.arg(maxGap)));

        // The selected event is still the current one, now at the bottom of the newest-first list.
        QCOMPARE(window.currentEventId(), selected);
        // The list learns of new rows in steps while pages are read; the current row follows within a refresh.
        QTRY_COMPARE_WITH_TIMEOUT(window.eventView()->currentIndex().row(), Senders * PerSender, 5000);
        const QModelIndex current = window.eventView()->currentIndex();
        QTRY_COMPARE_WITH_TIMEOUT(current.data(EventListModel::EventRowIdRole).toLongLong(), selected, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(window.viewModel()->countOf(QString()), qint64(Senders * PerSender + 1), 5000);
    }
};

int main(int argc, char** argv)
{
    qputenv("QTWEBENGINE_DISABLE_SANDBOX", "1");
    registerMailUrlSchemes();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"hookscope-tests"_s);
    tst_LiveArrival test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_ui_livearrival.moc"
