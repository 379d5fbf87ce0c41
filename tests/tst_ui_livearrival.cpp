// Events arriving while the window is open. 1,000 of them through the real listener: the list ends up with
// every event, the selected event stays selected, and the window never reads the store on its GUI thread (the
// cause of its staying responsive: a statement run there would hold up the event loop). A flood of changes is
// read at a bounded rate, counted in seconds of a simulated clock. How fast the events come in and how long the
// event loop goes without a turn are benchmark figures (bench/bench_arrivals, BENCHMARKS.md), never asserted here.

#include "testsupport.h"
#include "testwait.h"
#include "uistore.h"

#include "ui/capturecontrol.h"
#include "ui/eventlistmodel.h"
#include "ui/listenercontrol.h"
#include "ui/mainwindow.h"
#include "ui/safehtmlview.h"
#include "ui/storereader.h"
#include "ui/tools/seeder.h"
#include "ui/viewlistmodel.h"

#include "core/common/crypto.h"
#include "core/store/database.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTableView>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTreeView>

#include <atomic>
#include <thread>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

namespace {

const QByteArray kSecret = "whsec_live";

using test::freePort;

/** Sends `count` signed events on one keep-alive connection; returns how many were answered 200. */
int sendBurst(quint16 port, int first, int count)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(test::kWaitMs))
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
        socket.waitForBytesWritten(test::kWaitMs);
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
            if (!socket.waitForReadyRead(test::kWaitMs))
                return ok;
            response += socket.readAll();
        }
        if (response.startsWith("HTTP/1.1 200"))
            ++ok;
    }
    return ok;
}

/** A listener that reports a commit at every look: the window sees the store change at every poll. */
class ChangingListener final : public ListenerControl {
public:
    ListenerState state() const override { return {}; }
    Result<void> restart(quint16, quint16) override { return {}; }
    qint64 changeCounter() const override { return changing ? ++m_counter : m_counter; }
    bool changing = true;

private:
    mutable qint64 m_counter = 0;
};

} // namespace

class tst_LiveArrival : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void noStoreReadsOnGuiThread()
    {
        // 1,000 events from 4 connections at once while the window is open, one event selected.
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
        QTRY_COMPARE_WITH_TIMEOUT(window.eventModel()->rowCount(), 1, test::kWaitMs);
        WAIT_FOR(window.eventModel()->eventIdAt(0) != 0, "the first event's row");
        window.eventView()->setCurrentIndex(window.eventModel()->index(0, 0));
        WAIT_FOR(window.currentEventId() != 0, "the first event to be the current one");
        const qint64 selected = window.currentEventId();
        WAIT_FOR(window.shownDetails().event.id == selected, "the first event's details");

        const QThread* gui = QThread::currentThread();
        const qint64 onGui = store::statementsRunOn(gui);
        const qint64 onReader = store::statementsRunOn(reader.readThread());
        constexpr int Senders = 4;
        constexpr int PerSender = 250;
        std::atomic<int> accepted { 0 };
        std::atomic<int> finished { 0 };
        std::vector<std::thread> threads;
        for (int s = 0; s < Senders; ++s) {
            threads.emplace_back([&, s] {
                accepted += sendBurst(settings.listener.httpPort, 1 + s * PerSender, PerSender);
                ++finished;
            });
        }
        const bool arrived = test::waitFor(
            [&] { return finished.load() == Senders && window.eventModel()->rowCount() == Senders * PerSender + 1; },
            "every sender to finish and the list to show all 1,001 events");
        for (auto& t : threads)
            t.join();
        QCOMPARE(accepted.load(), Senders * PerSender);
        QVERIFY2(arrived, qPrintable(u"list has %1 rows"_s.arg(window.eventModel()->rowCount())));

        // The selected event is still the current one, now at the bottom of the newest-first list.
        QCOMPARE(window.currentEventId(), selected);
        // The list learns of new rows in steps while pages are read; the current row follows within a refresh.
        QTRY_COMPARE_WITH_TIMEOUT(window.eventView()->currentIndex().row(), Senders * PerSender, test::kWaitMs);
        const QModelIndex current = window.eventView()->currentIndex();
        QTRY_COMPARE_WITH_TIMEOUT(current.data(EventListModel::EventRowIdRole).toLongLong(), selected, test::kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(
            window.viewModel()->countOf(QString()), qint64(Senders * PerSender + 1), test::kWaitMs);

        // Every read of the flood ran on the reader's threads: none on the GUI thread.
        QCOMPARE(store::statementsRunOn(gui) - onGui, 0);
        QVERIFY(store::statementsRunOn(reader.readThread()) > onReader);
    }

    void arrivalsCoalescedPerSimulatedSecond()
    {
        // The store changes at every poll (a commit every 10 ms of a simulated clock, 100 a second): the window
        // reads the list at most 10 times and the views' counts at most once per simulated second, never leaves a
        // change unread for longer than an interval, and reads a change after a quiet spell at once.
        test::UiStore s;
        s.addEvents(1, 500);
        StoreReader reader(s.path());
        ChangingListener listener;
        MainWindow window(reader, &listener);
        qint64 now = 0; // simulated milliseconds
        window.setClock([&now] { return now; });
        EventListModel* list = window.eventModel();
        ViewListModel* views = window.viewModel();
        const auto idle = [&] { return !list->isLoading() && !list->isRefreshing() && !views->isCounting(); };
        WAIT_FOR(idle(), "the window's first page and counts");
        QSignalSpy listReads(list, &EventListModel::totalChanged);
        QSignalSpy countReads(views, &ViewListModel::countsChanged);

        constexpr int Seconds = 5;
        constexpr int StepMs = 10;
        QList<int> listPerSecond(Seconds, 0);
        QList<int> countsPerSecond(Seconds, 0);
        qint64 lastListRead = 0;
        qint64 longestWithoutListRead = 0;
        for (int step = 1; step <= Seconds * 1000 / StepMs; ++step) {
            now = step * StepMs;
            const qsizetype lists = listReads.size();
            const qsizetype counts = countReads.size();
            window.poll(); // sees a change, as at every poll
            // The reads this poll started are in before the clock moves on: each lands in its own second.
            WAIT_FOR(idle(), "the reads this poll started");
            const int second = int((now - 1) / 1000);
            listPerSecond[second] += int(listReads.size() - lists);
            countsPerSecond[second] += int(countReads.size() - counts);
            if (listReads.size() > lists) {
                longestWithoutListRead = std::max(longestWithoutListRead, now - lastListRead);
                lastListRead = now;
            }
        }
        for (int second = 0; second < Seconds; ++second) {
            const QByteArray where = "second " + QByteArray::number(second + 1) + ": "
                + QByteArray::number(listPerSecond[second]) + " list reads, "
                + QByteArray::number(countsPerSecond[second]) + " count reads for 100 changes";
            QVERIFY2(listPerSecond[second] >= 1 && listPerSecond[second] <= 10, where.constData());
            QVERIFY2(countsPerSecond[second] == 1, where.constData());
        }
        QVERIFY2(longestWithoutListRead <= RefreshPacer::kListIntervalMs,
            qPrintable(u"a change waited %1 simulated ms for the list"_s.arg(longestWithoutListRead)));

        // The flood stops: what it left unread is read, once.
        listener.changing = false;
        now += 5000;
        window.poll();
        WAIT_FOR(idle(), "the reads the flood left");
        // After a quiet spell a change is read at once, at the same simulated instant.
        now += 5000;
        const qsizetype beforeQuiet = listReads.size();
        listener.changing = true;
        window.poll();
        listener.changing = false;
        WAIT_FOR(idle(), "the read of the change after a quiet spell");
        QCOMPARE(listReads.size(), beforeQuiet + 1);
        // One change right after a read, then nothing: held back, then read once its interval is over, though no
        // poll sees a change any more.
        const qsizetype afterQuiet = listReads.size();
        now += 10;
        listener.changing = true;
        window.poll(); // too soon after the last read: held back
        listener.changing = false;
        WAIT_FOR(idle(), "the poll's reads (none: held back)");
        QCOMPARE(listReads.size(), afterQuiet);
        now += RefreshPacer::kListIntervalMs;
        WAIT_FOR(listReads.size() > afterQuiet && idle(), "the held-back change to be read once its interval is over");
        QCOMPARE(listReads.size(), afterQuiet + 1);
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
