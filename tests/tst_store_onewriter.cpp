// One writer owns the write connection: the window process (listener, replays, Event actions, exports) opens the
// store for writing once, whatever the user does.

#include "testsupport.h"
#include "uicapture.h"

#include "ui/capturecontrol.h"
#include "ui/eventlistmodel.h"
#include "ui/mainwindow.h"
#include "ui/storereader.h"
#include "ui/tools/seeder.h"
#include "ui/viewlistmodel.h"

#include "core/replay/auditlog.h"
#include "core/replay/storejob.h"
#include "core/store/eventstore.h"
#include "core/store/storewriter.h"

#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

namespace {

const QByteArray kSecret = "whsec_one_writer_test";

} // namespace

class tst_StoreOneWriter : public QObject {
    Q_OBJECT

    QTemporaryDir m_home;
    ingest::CaptureSettings m_settings;
    std::unique_ptr<CaptureControl> m_capture;
    std::unique_ptr<StoreReader> m_reader;
    std::unique_ptr<MainWindow> m_window;

    QUrl url() const { return QUrl(u"http://127.0.0.1:%1/webhooks/email"_s.arg(m_settings.listener.httpPort)); }

    bool selectAll()
    {
        EventListModel* model = m_window->eventModel();
        if (!test::waitFor([&] { return !model->isLoading() && model->rowCount() == 2; }, "the list to be loaded"))
            return false;
        m_window->eventView()->selectAll();
        return m_window->selectedEvents().size() == 2;
    }
    QStringList auditActions()
    {
        auto store = store::EventStore::open(m_settings.databasePath, true);
        if (!store)
            return {};
        auto entries = replay::AuditLog::read((*store)->database());
        QStringList actions;
        if (entries)
            for (const auto& e : *entries)
                actions << e.action;
        return actions;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_settings.databasePath = m_home.filePath(u"events.db"_s);
        m_settings.listener.httpPort = test::freePort();
        m_settings.listener.httpsPort = 0;
        config::Route route;
        route.secrets << kSecret;
        m_settings.routes << route;
        m_capture = std::make_unique<CaptureControl>(m_settings, QString());
        QVERIFY(m_capture->start().has_value());
        m_reader = std::make_unique<StoreReader>(m_settings.databasePath);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (const QString& id : { u"evt_one"_s, u"evt_two"_s })
            QCOMPARE(seed::post(url(), test::plainEvent(id, u"Subject "_s + id), kSecret, now).status, 200);
        m_window = std::make_unique<MainWindow>(*m_reader, m_capture.get());
        m_window->resize(1000, 700);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->viewModel()->countOf(QString()), 2, test::kWaitMs);
    }
    void cleanupTestCase()
    {
        m_window.reset();
        m_capture->stop();
        // The last holder let the writer go: its connection is closed.
        QCOMPARE(store::StoreWriter::openWriteConnections(), 0);
    }

    void windowActionsUseTheListenersWriter()
    {
        QCOMPARE(store::StoreWriter::openWriteConnections(), 1); // the listener's
        store::StoreWriter::resetPeakWriteConnections();

        // Quarantine (an Event action: one transaction with its audit entries).
        QVERIFY(selectAll());
        {
            QSignalSpy finished(m_window.get(), &MainWindow::actionFinished);
            m_window->quarantineSelected(u"manual"_s, u"one writer"_s);
            WAIT_FOR(!finished.isEmpty(), "the quarantine to finish");
            QCOMPARE(finished.first().at(2).toString(), QString());
            QCOMPARE(finished.first().at(1).toInt(), 2);
        }
        // Export (its audit entries are written after the files).
        QTemporaryDir out;
        QVERIFY(selectAll());
        {
            QSignalSpy finished(m_window.get(), &MainWindow::exportFinished);
            m_window->exportSelected(u"json"_s, out.filePath(u"events.json"_s), false);
            WAIT_FOR(!finished.isEmpty(), "the export to finish");
            QCOMPARE(finished.first().at(1).toString(), QString());
        }
        // A replay (to a loopback port nobody listens on: the attempt fails, and is recorded).
        QVERIFY(selectAll());
        {
            QSignalSpy finished(m_window.get(), &MainWindow::replayFinished);
            replay::ReplayJob job;
            job.eventRowId = m_window->selectedEvents().first().id;
            job.target = QUrl(u"http://127.0.0.1:%1/"_s.arg(test::freePort()));
            m_window->replay({ job });
            WAIT_FOR(!finished.isEmpty(), "the replay to finish");
        }
        // A write from elsewhere in the process (what the command-line helpers call) takes the same writer.
        QVERIFY(replay::runJobOnce(m_settings.databasePath, [](QSqlDatabase&) -> Result<void> { return {}; }));

        const QStringList actions = auditActions();
        QVERIFY2(
            actions.count(u"quarantine"_s) == 2 && actions.count(u"export"_s) == 2 && actions.contains(u"replay"_s),
            qPrintable(actions.join(u", "_s)));
        QCOMPARE(store::StoreWriter::peakWriteConnections(), 1);
        QCOMPARE(store::StoreWriter::openWriteConnections(), 1);

        // New arrivals still commit through it.
        QCOMPARE(seed::post(url(), test::plainEvent(u"evt_three"_s, u"Subject evt_three"_s), kSecret,
                     QDateTime::currentMSecsSinceEpoch())
                     .status,
            200);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->viewModel()->countOf(QString()), 3, test::kWaitMs);
        QCOMPARE(store::StoreWriter::peakWriteConnections(), 1);
    }
};

QTEST_MAIN(tst_StoreOneWriter)
#include "tst_store_onewriter.moc"
