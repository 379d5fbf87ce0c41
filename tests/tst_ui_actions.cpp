// The window's Event actions against a real listener: quarantine (through its dialog), release, discard
// into the Bin and restore, each checked in the store and in the audit log the window shows.

#include "testsupport.h"
#include "uicapture.h"

#include "ui/attemptcomparedialog.h"
#include "ui/attemptdialog.h"
#include "ui/auditlogdialog.h"
#include "ui/capturecontrol.h"
#include "ui/deliveriespane.h"
#include "ui/eventactionscontroller.h"
#include "ui/eventlistmodel.h"
#include "ui/exportdialog.h"
#include "ui/mainwindow.h"
#include "ui/quarantinedialog.h"
#include "ui/replaydialog.h"
#include "ui/storereader.h"
#include "ui/tools/seeder.h"
#include "ui/viewlistmodel.h"

#include "core/replay/auditlog.h"
#include "core/store/eventstore.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

namespace {

const QByteArray kSecret = "whsec_actions_test";

} // namespace

class tst_UiActions : public QObject {
    Q_OBJECT

    QTemporaryDir m_home;
    ingest::CaptureSettings m_settings;
    std::unique_ptr<CaptureControl> m_capture;
    std::unique_ptr<StoreReader> m_reader;
    std::unique_ptr<MainWindow> m_window;
    test::ServeProcess m_other; ///< a second `hookscope serve` that replays go to

    QUrl url() const { return QUrl(u"http://127.0.0.1:%1/webhooks/email"_s.arg(m_settings.listener.httpPort)); }

    /** Selects the rows of the given provider ids in the current view; false when one is not listed. */
    bool selectEvents(const QStringList& providerIds)
    {
        EventListModel* model = m_window->eventModel();
        if (!test::waitFor([&] { return !model->isLoading(); }, "the list to be loaded"))
            return false;
        QTableView* view = m_window->eventView();
        view->clearSelection();
        int found = 0;
        for (int row = 0; row < model->rowCount(); ++row) {
            const store::EventRow* e = model->eventAt(row);
            if (e && providerIds.contains(e->eventId)) {
                view->selectionModel()->select(
                    model->index(row, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
                ++found;
            }
        }
        return found == providerIds.size() && m_window->selectedEvents().size() == found;
    }
    std::optional<store::EventRow> stored(const QString& providerId)
    {
        return test::storedEvent(m_settings.databasePath, providerId);
    }
    QList<replay::AuditEntry> audit()
    {
        auto store = store::EventStore::open(m_settings.databasePath, true);
        if (!store)
            return {};
        auto entries = replay::AuditLog::read((*store)->database());
        return entries ? *entries : QList<replay::AuditEntry>();
    }
    /** Triggers `action` and waits for it to finish; returns the error ("" on success). */
    QString run(QAction* action, int expected)
    {
        QSignalSpy finished(m_window.get(), &MainWindow::actionFinished);
        if (!action->isEnabled())
            return u"action %1 is disabled"_s.arg(action->objectName());
        action->trigger();
        if (!test::waitFor([&] { return !finished.isEmpty(); }, "the action to finish"))
            return u"no actionFinished within 30 s"_s;
        const QString error = finished.first().at(2).toString();
        if (!error.isEmpty())
            return error;
        if (finished.first().at(1).toInt() != expected)
            return u"changed %1 events, expected %2"_s.arg(finished.first().at(1).toInt()).arg(expected);
        return {};
    }

    /** Triggers Replay…, lets `fill` set the dialog's fields, accepts it and waits for the runs; empty on failure. */
    QList<replay::RunSummary> replayThroughDialog(const std::function<void(ReplayDialog&)>& fill)
    {
        bool filled = false;
        QTimer::singleShot(0, this, [&] {
            if (auto* dialog = qobject_cast<ReplayDialog*>(QApplication::activeModalWidget())) {
                fill(*dialog);
                filled = true;
                dialog->accept();
            }
        });
        QSignalSpy finished(m_window.get(), &MainWindow::replayFinished);
        m_window->replayAction()->trigger();
        if (!filled || !test::waitFor([&] { return !finished.isEmpty(); }, "the replays to finish"))
            return {};
        return finished.first().first().value<QList<replay::RunSummary>>();
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
        for (const QString& id : { u"evt_a"_s, u"evt_b"_s, u"evt_c"_s })
            QCOMPARE(seed::post(url(), test::plainEvent(id, u"Subject "_s + id), kSecret, now).status, 200);
        m_window = std::make_unique<MainWindow>(*m_reader, m_capture.get());
        m_window->resize(1200, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->viewModel()->countOf(QString()), 3, test::kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->eventModel()->rowCount(), 3, test::kWaitMs);
    }
    void cleanupTestCase()
    {
        m_window.reset();
        m_capture->stop();
        m_other.stop();
    }

    void enabledStateFollowsSelection()
    {
        m_window->eventView()->clearSelection();
        QVERIFY(!m_window->quarantineAction()->isEnabled());
        QVERIFY(!m_window->discardAction()->isEnabled());
        QVERIFY(!m_window->copyCurlAction()->isEnabled());
        QVERIFY(selectEvents({ u"evt_a"_s }));
        QVERIFY(m_window->quarantineAction()->isEnabled());
        QVERIFY(m_window->discardAction()->isEnabled());
        QVERIFY(!m_window->releaseAction()->isEnabled()); // nothing selected is quarantined
        QVERIFY(!m_window->restoreAction()->isEnabled()); // nothing selected is in the Bin
        QVERIFY(m_window->copyCurlAction()->isEnabled());
        QVERIFY(selectEvents({ u"evt_a"_s, u"evt_b"_s }));
        QVERIFY(!m_window->copyCurlAction()->isEnabled()); // one command for one event
    }

    void quarantineThroughTheDialog()
    {
        QVERIFY(selectEvents({ u"evt_a"_s }));
        bool filled = false;
        QTimer::singleShot(0, this, [&] {
            auto* dialog = qobject_cast<QuarantineDialog*>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            dialog->setReason(u"malformed-payload"_s);
            dialog->setNote(u"from the window"_s);
            filled = true;
            dialog->accept();
        });
        QCOMPARE(run(m_window->quarantineAction(), 1), QString());
        QVERIFY(filled);
        const auto e = stored(u"evt_a"_s);
        QVERIFY(e);
        QCOMPARE(e->quarantined, u"malformed-payload"_s);
        const auto entries = audit();
        QVERIFY(!entries.isEmpty());
        QCOMPARE(entries.first().action, u"quarantine"_s);
        QCOMPARE(entries.first().eventRowId, e->id);
        QCOMPARE(entries.first().reason, u"malformed-payload"_s);
        QCOMPARE(entries.first().note, u"from the window"_s);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->viewModel()->countOf(u"quarantined"_s), 1, test::kWaitMs);
        // The list shows the new state, so the actions follow it.
        QTRY_VERIFY_WITH_TIMEOUT(selectEvents({ u"evt_a"_s }) && m_window->releaseAction()->isEnabled(), test::kWaitMs);
        QVERIFY(!m_window->quarantineAction()->isEnabled());
    }

    void cancelledDialogChangesNothing()
    {
        QVERIFY(selectEvents({ u"evt_b"_s }));
        const int before = int(audit().size());
        QTimer::singleShot(0, this, [] {
            if (auto* dialog = QApplication::activeModalWidget())
                static_cast<QDialog*>(dialog)->reject();
        });
        m_window->quarantineAction()->trigger();
        QVERIFY(stored(u"evt_b"_s)->quarantined.isEmpty());
        QCOMPARE(int(audit().size()), before);
    }

    void release()
    {
        QVERIFY(selectEvents({ u"evt_a"_s }));
        QCOMPARE(run(m_window->releaseAction(), 1), QString());
        QVERIFY(stored(u"evt_a"_s)->quarantined.isEmpty());
        const auto entries = audit();
        QCOMPARE(entries.first().action, u"release"_s);
        // Re-checked with the listener's secret before the release.
        QVERIFY(entries.first().details.contains(u"verdict"_s) || !entries.first().details.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(m_window->viewModel()->countOf(u"quarantined"_s), 0, test::kWaitMs);
    }

    void discardAndRestore()
    {
        QVERIFY(selectEvents({ u"evt_b"_s, u"evt_c"_s }));
        QCOMPARE(run(m_window->discardAction(), 2), QString());
        QVERIFY(stored(u"evt_b"_s)->discarded);
        QVERIFY(stored(u"evt_c"_s)->discarded);
        QCOMPARE(audit().first().action, u"discard"_s);
        // Hidden from All, shown in the Bin.
        QTRY_COMPARE_WITH_TIMEOUT(m_window->viewModel()->countOf(QString()), 1, test::kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->viewModel()->countOf(u"discarded"_s), 2, test::kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->eventModel()->rowCount(), 1, test::kWaitMs);
        m_window->selectView(u"discarded"_s);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->eventModel()->rowCount(), 2, test::kWaitMs);
        QVERIFY(selectEvents({ u"evt_c"_s }));
        QVERIFY(m_window->restoreAction()->isEnabled());
        QVERIFY(!m_window->discardAction()->isEnabled());
        QCOMPARE(run(m_window->restoreAction(), 1), QString());
        QVERIFY(!stored(u"evt_c"_s)->discarded);
        QVERIFY(stored(u"evt_b"_s)->discarded);
        QCOMPARE(audit().first().action, u"restore"_s);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->eventModel()->rowCount(), 1, test::kWaitMs);
        m_window->selectView(QString());
        QTRY_COMPARE_WITH_TIMEOUT(m_window->eventModel()->rowCount(), 2, test::kWaitMs);
    }

    void auditLogViewListsNewestFirst()
    {
        AuditLogDialog* dialog = m_window->showAuditLog();
        QVERIFY(dialog);
        QSignalSpy loaded(dialog, &AuditLogDialog::loaded);
        dialog->reload();
        WAIT_FOR(!loaded.isEmpty(), "the audit log to load");
        const auto entries = audit();
        QCOMPARE(loaded.last().first().toInt(), int(entries.size()));
        QCOMPARE(dialog->table()->rowCount(), int(entries.size()));
        QVERIFY(entries.size() >= 5); // quarantine, release, 2 × discard, restore
        QCOMPARE(dialog->table()->item(0, AuditLogDialog::Action)->text(), u"restore"_s);
        QCOMPARE(dialog->table()->item(0, AuditLogDialog::Event)->text(), QString::number(stored(u"evt_c"_s)->id));
        const int last = dialog->table()->rowCount() - 1;
        QCOMPARE(dialog->table()->item(last, AuditLogDialog::Action)->text(), u"quarantine"_s);
        QCOMPARE(dialog->table()->item(last, AuditLogDialog::Reason)->text(), u"malformed-payload"_s);
        QCOMPARE(dialog->table()->item(last, AuditLogDialog::Note)->text(), u"from the window"_s);
        dialog->close();
    }

    void exportTwoAsHarToAFolder()
    {
        QTemporaryDir out;
        QVERIFY(selectEvents({ u"evt_a"_s, u"evt_c"_s }));
        QVERIFY(m_window->exportAction()->isEnabled());
        bool filled = false;
        QTimer::singleShot(0, this, [&] {
            auto* dialog = qobject_cast<ExportDialog*>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            dialog->setFormat(u"har"_s);
            dialog->setPath(out.path());
            dialog->setRedactAuthorization(true);
            filled = true;
            dialog->accept();
        });
        QSignalSpy finished(m_window.get(), &MainWindow::exportFinished);
        m_window->exportAction()->trigger();
        QVERIFY(filled);
        WAIT_FOR(!finished.isEmpty(), "the export or replay to finish");
        QCOMPARE(finished.first().at(1).toString(), QString());
        const QStringList files = finished.first().first().toStringList();
        QCOMPARE(files.size(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->findChild<QProgressDialog*>(u"exportProgress"_s) == nullptr, test::kWaitMs);
        QCOMPARE(QFileInfo(files.first()).absolutePath(), QFileInfo(out.path()).absoluteFilePath());
        QFile f(files.first());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonParseError error;
        const QJsonDocument har = QJsonDocument::fromJson(f.readAll(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonArray entries = har[u"log"_s][u"entries"_s].toArray();
        QCOMPARE(entries.size(), 2);
        // One export entry per event in the audit log.
        const auto log = audit();
        QCOMPARE(log.at(0).action, u"export"_s);
        QCOMPARE(log.at(1).action, u"export"_s);
    }

    void exportSeveralAsEmlToAFolder()
    {
        QTemporaryDir out;
        QVERIFY(selectEvents({ u"evt_a"_s, u"evt_c"_s }));
        QSignalSpy finished(m_window.get(), &MainWindow::exportFinished);
        const QString folder = out.filePath(u"emails"_s);
        m_window->exportSelected(u"eml"_s, folder, false);
        QVERIFY(m_window->findChild<QProgressDialog*>(u"exportProgress"_s)); // several events: progress shown
        WAIT_FOR(!finished.isEmpty(), "the export or replay to finish");
        QCOMPARE(finished.first().at(1).toString(), QString());
        const QStringList files = finished.first().first().toStringList();
        QCOMPARE(files.size(), 2);
        for (const QString& file : files) {
            QCOMPARE(QFileInfo(file).absolutePath(), QFileInfo(folder).absoluteFilePath());
            QVERIFY(file.endsWith(u".eml"_s));
            QFile f(file);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY(f.readAll().contains("Subject: Subject evt_"));
        }
    }

    void exportOneAsJsonToAFile()
    {
        QTemporaryDir out;
        QVERIFY(selectEvents({ u"evt_a"_s }));
        QSignalSpy finished(m_window.get(), &MainWindow::exportFinished);
        const QString file = out.filePath(u"one.json"_s);
        m_window->exportSelected(u"json"_s, file, false);
        WAIT_FOR(!finished.isEmpty(), "the export or replay to finish");
        QCOMPARE(finished.first().at(1).toString(), QString());
        QCOMPARE(finished.first().first().toStringList(), QStringList { file });
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(QJsonDocument::fromJson(f.readAll()).isObject());
    }

    void replayResignedToAnotherServe()
    {
        test::ServeProcess& other = m_other;
        QVERIFY2(other.start({ u"--secret"_s, u"second-secret"_s }, false), other.log().constData());
        QVERIFY(selectEvents({ u"evt_c"_s }));
        m_window->eventView()->setCurrentIndex(m_window->eventView()->selectionModel()->selectedRows().first());
        const qint64 id = m_window->selectedEvents().first().id;
        QTRY_COMPARE_WITH_TIMEOUT(m_window->shownDetails().event.id, id, test::kWaitMs);
        QVERIFY(m_window->replayAction()->isEnabled());
        const auto runs = replayThroughDialog([&](ReplayDialog& dialog) {
            dialog.setTarget(other.url());
            dialog.setMode(ReplayDialog::Resigned);
            dialog.setScheme(u"mailparse"_s);
            dialog.setSecret("second-secret");
        });
        QCOMPARE(runs.size(), 1);
        QVERIFY2(runs.first().ok, qPrintable(runs.first().error));
        QCOMPARE(runs.first().status, 200);
        // The other serve verified the re-signed request with its own secret.
        const QJsonArray there = other.cli({ u"list"_s, u"--json"_s }).json().array();
        QCOMPARE(there.size(), 1);
        QCOMPARE(there.first()[u"eventId"_s].toString(), u"evt_c"_s);
        QCOMPARE(there.first()[u"status"_s].toString(), u"verified"_s);
        // The Deliveries pane lists the attempt.
        QTreeWidget* attempts = m_window->deliveriesPane()->attempts();
        QTRY_COMPARE_WITH_TIMEOUT(attempts->topLevelItemCount(), 1, test::kWaitMs);
        bool mentionsTarget = false;
        for (int c = 0; c < attempts->columnCount(); ++c)
            mentionsTarget |= attempts->topLevelItem(0)->text(c).contains(QString::number(other.httpPort()));
        QVERIFY(mentionsTarget);
        QCOMPARE(audit().first().action, u"replay"_s);
    }

    void replayEditedThroughTheDialog()
    {
        // The shown event (evt_c) with its body edited to another id, re-signed: the other serve takes
        // it as a new event, verified.
        QVERIFY(selectEvents({ u"evt_c"_s }));
        QCOMPARE(m_window->shownDetails().event.eventId, u"evt_c"_s);
        const QByteArray edited = test::plainEvent(u"evt_edited"_s, u"Edited subject"_s);
        const auto runs = replayThroughDialog([&](ReplayDialog& dialog) {
            dialog.setTarget(m_other.url());
            dialog.setMode(ReplayDialog::Edited);
            dialog.setEditedBody(edited);
            dialog.setResignEdited(true);
            dialog.setSecret("second-secret");
        });
        QCOMPARE(runs.size(), 1);
        QVERIFY2(runs.first().ok, qPrintable(runs.first().error + QString::number(runs.first().status)));
        QCOMPARE(runs.first().mode, u"edited+resigned"_s);
        const QJsonArray there = m_other.cli({ u"list"_s, u"--json"_s }).json().array();
        bool found = false;
        for (const QJsonValue& e : there)
            found |= e[u"eventId"_s].toString() == u"evt_edited"_s && e[u"status"_s].toString() == u"verified"_s;
        QVERIFY2(found, QJsonDocument(there).toJson().constData());
    }

    void replayAgainTheLastWayWithR()
    {
        // R on the list: the selected event replayed as the last Replay… did (to the other serve, re-signed with
        // its secret), without that replay's edits: evt_a arrives there as itself, verified.
        QVERIFY(selectEvents({ u"evt_a"_s }));
        QSignalSpy finished(m_window.get(), &MainWindow::replayFinished);
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        m_window->eventView()->setFocus();
        QTRY_VERIFY(m_window->eventView()->hasFocus());
        QTest::keyClick(m_window->eventView(), Qt::Key_R);
        QVERIFY(test::waitFor([&] { return !finished.isEmpty(); }, "the replay R started to finish"));
        const auto runs = finished.first().first().value<QList<replay::RunSummary>>();
        QCOMPARE(runs.size(), 1);
        QVERIFY2(runs.first().ok, qPrintable(runs.first().error + QString::number(runs.first().status)));
        QVERIFY2(!runs.first().mode.contains(u"edited"_s), qPrintable(runs.first().mode));
        const QJsonArray there = m_other.cli({ u"list"_s, u"--json"_s }).json().array();
        bool found = false;
        for (const QJsonValue& e : there)
            found |= e[u"eventId"_s].toString() == u"evt_a"_s && e[u"status"_s].toString() == u"verified"_s;
        QVERIFY2(found, QJsonDocument(there).toJson().constData());
        // The tests below go on with evt_c shown.
        QVERIFY(selectEvents({ u"evt_c"_s }));
        m_window->eventView()->setCurrentIndex(m_window->eventView()->selectionModel()->selectedRows().first());
        QTRY_COMPARE_WITH_TIMEOUT(m_window->shownDetails().event.eventId, u"evt_c"_s, test::kWaitMs);
    }

    void compareTwoAttempts()
    {
        // A negative replay (wrong secret) is refused by the other serve: two different responses.
        const qint64 id = m_window->shownDetails().event.id;
        QVERIFY(id > 0);
        ReplayDialog dialog(1, u"mailparse"_s, {});
        dialog.setTarget(m_other.url());
        dialog.setMode(ReplayDialog::WrongSecret);
        dialog.setSecret("second-secret");
        const QList<replay::ReplayJob> jobs = dialog.jobs({ id });
        QCOMPARE(jobs.size(), 1);
        QCOMPARE(jobs.first().spec.negative, replay::Negative::WrongSecret);
        QSignalSpy finished(m_window.get(), &MainWindow::replayFinished);
        m_window->replay(jobs, 1);
        WAIT_FOR(!finished.isEmpty(), "the export or replay to finish");
        const auto runs = finished.first().first().value<QList<replay::RunSummary>>();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs.first().status, 401);

        DeliveriesPane* pane = m_window->deliveriesPane();
        QTreeWidget* attempts = pane->attempts();
        QTRY_COMPARE_WITH_TIMEOUT(attempts->topLevelItemCount(), 3, test::kWaitMs);
        // The run is over once its answer is in; the pane shows each attempt's stored answer once it is committed.
        const auto anyPending = [&] {
            for (int i = 0; i < attempts->topLevelItemCount(); ++i) {
                if (attempts->topLevelItem(i)->text(4) == u"pending"_s)
                    return true;
            }
            return false;
        };
        WAIT_FOR(!anyPending(), "every attempt's answer to be stored and shown");
        QVERIFY(!pane->compareButton()->isEnabled());
        attempts->topLevelItem(0)->setSelected(true);
        QVERIFY(!pane->compareButton()->isEnabled()); // one is not a comparison
        attempts->topLevelItem(2)->setSelected(true); // the first replay (200) and the negative one (401)
        QVERIFY(pane->compareButton()->isEnabled());
        QSignalSpy opened(pane, &DeliveriesPane::compareOpened);
        pane->compareButton()->click();
        QCOMPARE(opened.size(), 1);
        auto* compare = qobject_cast<AttemptCompareDialog*>(opened.first().first().value<QDialog*>());
        QVERIFY(compare);
        const QString diff = compare->diffText();
        QVERIFY2(diff.contains(u"200"_s) && diff.contains(u"401"_s), qPrintable(diff));
        bool removedStatus = false, addedStatus = false;
        for (const QString& line : diff.split(u'\n')) {
            removedStatus |= line.startsWith(u'-') && (line.contains(u"200"_s) || line.contains(u"401"_s));
            addedStatus |= line.startsWith(u'+') && (line.contains(u"200"_s) || line.contains(u"401"_s));
        }
        QVERIFY2(removedStatus && addedStatus, qPrintable(diff));
        compare->close();
    }

    void anAttemptShowsWhatItSentAndWhatCameBack()
    {
        // Double-click (or Enter on) an attempt in the Deliveries tab: its request and response side by side.
        DeliveriesPane* pane = m_window->deliveriesPane();
        QTreeWidget* attempts = pane->attempts();
        QVERIFY(attempts->topLevelItemCount() >= 3);
        m_window->detailTabs()->setCurrentWidget(pane);
        QSignalSpy opened(pane, &DeliveriesPane::attemptOpened);
        QTreeWidgetItem* refused = nullptr; // the wrong-secret replay, refused
        for (int i = 0; i < attempts->topLevelItemCount(); ++i)
            if (attempts->topLevelItem(i)->text(4).startsWith(u"401"_s))
                refused = attempts->topLevelItem(i);
        QVERIFY(refused);
        attempts->setCurrentItem(refused);
        WAIT_FOR(attempts->isVisible() && attempts->viewport()->rect().contains(attempts->visualItemRect(refused)),
            "the attempts list to be laid out on screen");
        const QRect rect = attempts->visualItemRect(refused);
        // A double-click is a press and release, then the second press as a double-click, and its release.
        QTest::mouseClick(attempts->viewport(), Qt::LeftButton, {}, rect.center());
        QTest::mouseDClick(attempts->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(opened.size(), 1);
        auto* dialog = qobject_cast<AttemptDialog*>(opened.first().first().value<QDialog*>());
        QVERIFY(dialog);
        const QString sent = dialog->request()->toPlainText();
        const QString received = dialog->response()->toPlainText();
        QVERIFY2(sent.startsWith(u"POST /webhooks/email HTTP/1.1\n"_s), qPrintable(sent));
        QVERIFY2(sent.contains(u"X-Webhook-Signature: "_s), qPrintable(sent));
        QVERIFY2(sent.contains(u"\n    \"subject\": "_s), qPrintable(sent)); // the JSON body, indented
        QVERIFY2(received.startsWith(u"HTTP/1.1 401"_s), qPrintable(received));
        QVERIFY2(received.contains(u"invalid signature"_s), qPrintable(received));
        QVERIFY2(dialog->summary()->text().contains(u"answered 401"_s), qPrintable(dialog->summary()->text()));
        // Against the request as captured: the wrong secret's signature replaced the captured one, the body did not
        // change (no JSON line differs).
        QVERIFY(dialog->originalDiff());
        const QStringList diff = dialog->originalDiffText().split(u'\n');
        const auto changed = [&](QChar side, const QString& start) {
            return std::any_of(
                diff.cbegin(), diff.cend(), [&](const QString& l) { return l.startsWith(side + start); });
        };
        QVERIFY2(changed(u'-', u"X-Webhook-Signature: "_s) && changed(u'+', u"X-Webhook-Signature: "_s),
            qPrintable(dialog->originalDiffText()));
        QVERIFY2(!changed(u'-', u"    \"subject\""_s) && !changed(u'+', u"    \"subject\""_s),
            qPrintable(dialog->originalDiffText()));
        QVERIFY2(!changed(u'-', u"POST "_s), qPrintable(dialog->originalDiffText()));
        dialog->close();

        // A body that is not text is shown in hex, never as text a sender could shape.
        const QString hex = AttemptDialog::readable("HTTP/1.1 200 OK\r\n\r\n", QByteArray("\x00\xff<b>", 5));
        QVERIFY2(hex.contains(u"(5 bytes that are not UTF-8 text, in hex)"_s), qPrintable(hex));
        QVERIFY2(hex.contains(u"00 ff 3c 62 3e"_s), qPrintable(hex));
    }

    void bulkReplayCancelStopsIt()
    {
        // A receiver that accepts connections and never answers: the first replay hangs until cancelled.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        QList<QTcpSocket*> held;
        connect(&silent, &QTcpServer::newConnection, this, [&] {
            while (QTcpSocket* s = silent.nextPendingConnection())
                held << s;
        });
        QVERIFY(selectEvents({ u"evt_a"_s, u"evt_c"_s }));
        QList<replay::ReplayJob> jobs;
        for (const store::EventRow& e : m_window->selectedEvents()) {
            replay::ReplayJob job;
            job.eventRowId = e.id;
            job.target = QUrl(u"http://127.0.0.1:%1/hook"_s.arg(silent.serverPort()));
            job.timeoutMs = 120'000;
            jobs << job;
        }
        QCOMPARE(jobs.size(), 2);
        QSignalSpy finished(m_window.get(), &MainWindow::replayFinished);
        m_window->replay(jobs, 1);
        QVERIFY(m_window->isReplaying());
        QVERIFY(!m_window->replayAction()->isEnabled());
        auto* progress = m_window->findChild<QProgressDialog*>(u"replayProgress"_s);
        QVERIFY(progress);
        QTRY_COMPARE_WITH_TIMEOUT(held.size(), 1, test::kWaitMs);
        auto* cancel = progress->findChild<QPushButton*>();
        QVERIFY(cancel);
        cancel->click(); // as a person would: the dialog's Cancel
        // Ended by the cancel, not by the 120 s timeout: every run says so.
        WAIT_FOR(!finished.isEmpty(), "the replays to end after Cancel");
        QVERIFY(!m_window->isReplaying());
        const auto runs = finished.first().first().value<QList<replay::RunSummary>>();
        QCOMPARE(runs.size(), 2);
        for (const replay::RunSummary& r : runs) {
            QVERIFY(!r.ok);
            QVERIFY2(r.cancelled, qPrintable(r.error));
        }
        QCOMPARE(held.size(), 1); // the second never started: one at a time, then cancelled
        QTRY_VERIFY_WITH_TIMEOUT(m_window->findChild<QProgressDialog*>(u"replayProgress"_s) == nullptr, test::kWaitMs);
        qDeleteAll(held);
    }

    void importThroughTheFileMenu()
    {
        // File ▸ Import… takes what `hookscope import` takes, all or nothing: a HAR with a CR in a method refuses
        // the whole import, then a good HAR and an .eml arrive as two events of the route 'imported'.
        QAction* import = m_window->findChild<QAction*>(u"importAction"_s);
        QVERIFY(import && import->isEnabled() && import->shortcut() == QKeySequence(u"Ctrl+I"_s));
        QTemporaryDir dir;
        const auto har = [&](const QString& name, const QString& method) {
            const QJsonObject request { { u"method"_s, method }, { u"url"_s, u"http://127.0.0.1/webhooks/email"_s },
                { u"httpVersion"_s, u"HTTP/1.1"_s },
                { u"headers"_s,
                    QJsonArray {
                        QJsonObject { { u"name"_s, u"Content-Type"_s }, { u"value"_s, u"application/json"_s } } } },
                { u"postData"_s,
                    QJsonObject { { u"mimeType"_s, u"application/json"_s },
                        { u"text"_s, QString::fromUtf8(test::plainEvent(u"evt_imported"_s, u"Imported"_s)) } } } };
            const QJsonObject log { { u"log"_s,
                QJsonObject { { u"version"_s, u"1.2"_s },
                    { u"creator"_s, QJsonObject { { u"name"_s, u"test"_s }, { u"version"_s, u"1"_s } } },
                    { u"entries"_s, QJsonArray { QJsonObject { { u"request"_s, request } } } } } } };
            QFile f(dir.filePath(name));
            if (!f.open(QIODevice::WriteOnly))
                return QString();
            f.write(QJsonDocument(log).toJson());
            return f.fileName();
        };
        const QString eml = QStringLiteral(HOOKSCOPE_TEST_DATA "/email/address_groups.eml");
        const auto importedCount = [&] {
            auto store = store::EventStore::open(m_settings.databasePath, true);
            store::EventQuery q;
            q.route = u"imported"_s;
            return store ? (*store)->count(q).value_or(-1) : -1;
        };
        QSignalSpy finished(m_window.get(), &MainWindow::actionFinished);
        m_window->eventActions()->importFiles({ har(u"bad.har"_s, u"PO\rST"_s), eml });
        QVERIFY(test::waitFor([&] { return !finished.isEmpty(); }, "the refused import to finish"));
        QVERIFY2(finished.first().at(2).toString().contains(u"nothing was imported"_s),
            qPrintable(finished.first().at(2).toString()));
        QCOMPARE(importedCount(), 0);
        finished.clear();
        m_window->eventActions()->importFiles({ har(u"good.har"_s, u"POST"_s), eml });
        QVERIFY(test::waitFor([&] { return !finished.isEmpty(); }, "the import to finish"));
        QCOMPARE(finished.first().at(2).toString(), QString());
        QCOMPARE(finished.first().at(1).toInt(), 2);
        QCOMPARE(importedCount(), 2);
        QVERIFY(test::waitFor([&] { return m_window->viewModel()->countOf(QString(), u"imported"_s) == 2; },
            "the imported events in the views"));
    }
};

QTEST_MAIN(tst_UiActions)
#include "tst_ui_actions.moc"
