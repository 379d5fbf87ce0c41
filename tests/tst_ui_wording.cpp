// What the real window says after what it did, against a real listener: counts with their noun ("1 event"),
// the status bar naming what an action did, the Signature tab naming a diagnosis code once, Release warning
// about an event whose re-check still fails, and the listener's own quarantines in the audit log.

#include "testsupport.h"
#include "testwait.h"
#include "uicapture.h"

#include "ui/auditlogdialog.h"
#include "ui/eventlistmodel.h"
#include "ui/mainwindow.h"
#include "ui/signaturepane.h"
#include "ui/tools/seeder.h"
#include "ui/viewlistmodel.h"

#include "core/store/eventstore.h"

#include <QAbstractButton>
#include <QApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTextBrowser>

using namespace Qt::StringLiterals;
using namespace hookscope;
using namespace hookscope::ui;

namespace {

const QByteArray kSecret = "whsec_wording_test";

/** Occurrences of `needle` in `text`. */
int occurrences(const QString& text, const QString& needle)
{
    return needle.isEmpty() ? 0 : int(text.count(needle));
}

} // namespace

class tst_UiWording : public QObject {
    Q_OBJECT

    test::WindowCapture m_fx { kSecret };
    std::unique_ptr<MainWindow> m_window;

    /** Triggers `action` and waits for the window to say it finished; the finished signal's arguments. */
    QVariantList run(QAction* action)
    {
        QSignalSpy finished(m_window.get(), &MainWindow::actionFinished);
        if (!action->isEnabled())
            return {};
        action->trigger();
        if (!test::waitFor([&] { return !finished.isEmpty(); }, "the action to finish"))
            return {};
        return finished.first();
    }
    QString statusText() const { return m_window->statusBar()->currentMessage(); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_fx.capture->start().has_value());
        QCOMPARE(seed::post(m_fx.url(), test::plainEvent(u"evt_one"_s, u"The only good one"_s), kSecret).status, 200);
        m_window = m_fx.openWindow();
        QVERIFY(m_window);
        QVERIFY(test::waitFor([&] { return m_window->viewModel()->countOf(QString()) == 1; }, "one event counted"));
    }
    void cleanupTestCase()
    {
        m_window.reset();
        m_fx.capture->stop();
    }

    void oneEventIsCountedAsOneEvent()
    {
        auto* counts = m_window->findChild<QLabel*>(u"eventCounts"_s);
        QVERIFY(counts);
        QVERIFY2(test::waitFor([&] { return counts->text().startsWith(u"1 event · "_s); }, "the count of one event"),
            qPrintable(counts->text()));
    }

    void theStatusBarSaysWhatAnActionDid()
    {
        QVERIFY(test::selectEvent(*m_window, u"evt_one"_s));
        const QVariantList discarded = run(m_window->discardAction());
        QCOMPARE(discarded.value(2).toString(), QString());
        QCOMPARE(statusText(), u"Moved 1 event to the bin"_s);
        m_window->selectView(u"discarded"_s);
        QVERIFY(test::selectEvent(*m_window, u"evt_one"_s));
        const QVariantList restored = run(m_window->restoreAction());
        QCOMPARE(restored.value(2).toString(), QString());
        QCOMPARE(statusText(), u"Restored 1 event"_s);
        m_window->selectView(QString());
    }

    void theSignatureTabNamesADiagnosisOnce()
    {
        // Signed over the compact JSON, sent re-serialized with indentation: a specific diagnosis, not one of the
        // broad outcomes.
        const QByteArray compact = test::plainEvent(u"evt_reserialized"_s, u"Re-serialized on the way"_s);
        const QByteArray pretty = QJsonDocument::fromJson(compact).toJson(QJsonDocument::Indented);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const test::HttpReply reply = test::send(m_fx.url().toString(), pretty,
            { { "X-Webhook-Timestamp", QByteArray::number(now) },
                { "X-Webhook-Signature", test::signMailparse(kSecret, now, compact) } });
        QCOMPARE(reply.status, 401);
        m_window->selectView(QString());
        QVERIFY(test::selectEvent(*m_window, u"evt_reserialized"_s));
        const QString reason = m_window->shownDetails().deliveries.value(0).verdict.value(u"reason"_s).toString();
        QCOMPARE(reason, u"body-reserialized"_s);
        m_window->detailTabs()->setCurrentWidget(m_window->signaturePane());
        const QString text = m_window->signaturePane()->summary()->toPlainText();
        QVERIFY2(text.contains(u"Verification failed: body-reserialized"_s), qPrintable(text));
        QVERIFY2(occurrences(text, reason) == 1, qPrintable(text));
        // The broad outcome is explained in words instead.
        QVERIFY2(text.contains(u"The signature does not match"_s), qPrintable(text));
    }

    void releasingAnEventThatStillFailsAsksFirst()
    {
        // Quarantined on arrival for its signature; the re-check with the route's secret still fails.
        QCOMPARE(m_fx.stored(u"evt_reserialized"_s)->quarantined, u"invalid-signature"_s);
        QVERIFY(test::selectEvent(*m_window, u"evt_reserialized"_s));
        QPointer<QMessageBox> box;
        QSignalSpy finished(m_window.get(), &MainWindow::actionFinished);
        m_window->releaseAction()->trigger();
        QVERIFY(test::waitFor(
            [&] {
                box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
                return box && box->objectName() == u"releaseStillFailing"_s;
            },
            "the warning that the signature still fails"));
        QVERIFY2(box->informativeText().contains(u"signature still fails (body-reserialized)"_s),
            qPrintable(box->informativeText()));
        QVERIFY(finished.isEmpty()); // nothing is released while the question is open
        QCOMPARE(m_fx.stored(u"evt_reserialized"_s)->quarantined, u"invalid-signature"_s);

        // Cancel: nothing changes, and the window says so.
        box->button(QMessageBox::Cancel)->click();
        QVERIFY(test::waitFor([&] { return !finished.isEmpty(); }, "the cancelled release to finish"));
        QCOMPARE(finished.first().at(1).toInt(), 0);
        QCOMPARE(statusText(), u"Release cancelled: nothing changed"_s);
        QCOMPARE(m_fx.stored(u"evt_reserialized"_s)->quarantined, u"invalid-signature"_s);

        // Release anyway: released, and said.
        finished.clear();
        QVERIFY(test::selectEvent(*m_window, u"evt_reserialized"_s));
        m_window->releaseAction()->trigger();
        QVERIFY(test::waitFor(
            [&] {
                box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
                return box && box->objectName() == u"releaseStillFailing"_s;
            },
            "the warning again"));
        QAbstractButton* anyway = nullptr;
        for (QAbstractButton* b : box->buttons())
            if (b->text() == u"Release anyway"_s)
                anyway = b;
        QVERIFY(anyway);
        anyway->click();
        QVERIFY(test::waitFor([&] { return !finished.isEmpty(); }, "the release to finish"));
        QCOMPARE(finished.first().at(1).toInt(), 1);
        QCOMPARE(statusText(), u"Released 1 event"_s);
        QVERIFY(m_fx.stored(u"evt_reserialized"_s)->quarantined.isEmpty());
    }

    void theListenersQuarantineIsInTheAuditLog()
    {
        const qint64 id = m_fx.stored(u"evt_reserialized"_s)->id;
        AuditLogDialog* dialog = m_window->showAuditLog();
        QVERIFY(dialog);
        QSignalSpy loaded(dialog, &AuditLogDialog::loaded);
        dialog->reload();
        QVERIFY(test::waitFor([&] { return !loaded.isEmpty(); }, "the audit log to load"));
        QStringList rows;
        QTableWidget* table = dialog->table();
        for (int row = table->rowCount() - 1; row >= 0; --row) // oldest first
            if (table->item(row, AuditLogDialog::Event)->text() == QString::number(id))
                rows << table->item(row, AuditLogDialog::Action)->text() + u' '
                        + table->item(row, AuditLogDialog::Reason)->text() + u' '
                        + table->item(row, AuditLogDialog::Note)->text();
        QCOMPARE(rows,
            QStringList(
                { u"quarantine invalid-signature automatically, on arrival"_s, u"release invalid-signature "_s }));
        dialog->close();
    }
};

QTEST_MAIN(tst_UiWording)
#include "tst_ui_wording.moc"
