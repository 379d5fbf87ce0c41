// File ▸ Check an endpoint… (offscreen) against the guide's receiver (tests/tools/guide_receiver.py): the compliant
// receiver's scorecard has only PASS and n/a, a receiver that accepts unsigned deliveries fails exactly
// missing-headers-rejected, Cancel stops a run, runs are stored and listed and two can be compared, a hostile answer
// stays plain text, and the checks run on a thread of their own while the GUI thread keeps serving its event loop.

#include "guidereceiver.h"
#include "testwait.h"
#include "uistore.h"

#include "ui/checkdialog.h"
#include "ui/mainwindow.h"
#include "ui/storereader.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMutex>
#include <QPlainTextEdit>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>
#include <QThread>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace hookscope;
using hookscope::ui::CheckDialog;

namespace {

const QString kSecret = u"check-secret"_s;
/// A whole suite sends a 27 MB body and 16 deliveries at once: longer than the usual wait on a sanitizer build.
constexpr int kRunMs = 240'000;

/** The guide's receiver with this file's secret. */
class Receiver : public test::GuideReceiver {
public:
    bool start(const QStringList& extra = {}) { return GuideReceiver::start(kSecret, extra); }
};

/** The Result column, by check id. */
QHash<QString, QString> verdicts(const QTableWidget* table)
{
    QHash<QString, QString> out;
    for (int row = 0; row < table->rowCount(); ++row)
        out.insert(table->item(row, CheckDialog::Check)->text(), table->item(row, CheckDialog::Result)->text());
    return out;
}

QString describe(const QTableWidget* table)
{
    QStringList lines;
    for (int row = 0; row < table->rowCount(); ++row) {
        QStringList cells;
        for (int col = 0; col < table->columnCount(); ++col)
            cells << (table->item(row, col) ? table->item(row, col)->text() : QString());
        lines << cells.join(u" | "_s);
    }
    return lines.join(u'\n');
}

struct Fixture {
    test::UiStore store;
    ui::StoreReader reader { store.path() };
};

void fill(CheckDialog& dialog, const QString& url, int count = 5)
{
    dialog.urlField()->setText(url);
    dialog.secretField()->setText(kSecret);
    dialog.countBox()->setValue(count);
}

} // namespace

class tst_UiCheck : public QObject {
    Q_OBJECT

private Q_SLOTS:
    /// The guide's receiver: every applying check passes; the run runs on a thread of its own while the GUI
    /// thread's event loop keeps serving a timer; the run is stored and listed. Then a receiver that accepts
    /// unsigned deliveries fails exactly missing-headers-rejected, and comparing the two runs says so.
    void compliantThenBrokenAndCompared()
    {
        Receiver good;
        QVERIFY(good.start());
        Fixture f;
        CheckDialog dialog(f.reader);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QSignalSpy loaded(&dialog, &CheckDialog::runsLoaded);
        dialog.reloadRuns();
        WAIT_FOR(!loaded.isEmpty(), "the stored runs to be read");
        QCOMPARE(dialog.runsTable()->rowCount(), 0);

        QMutex mutex;
        QSet<QThread*> threads;
        dialog.setWorkerProbe([&] {
            QMutexLocker lock(&mutex);
            threads.insert(QThread::currentThread());
        });
        int ticks = 0;
        QTimer timer;
        connect(&timer, &QTimer::timeout, this, [&] { ++ticks; });
        timer.start(5);
        int ticksAtFirstCheck = -1;
        connect(&dialog, &CheckDialog::checkFinished, this, [&] {
            if (ticksAtFirstCheck < 0)
                ticksAtFirstCheck = ticks;
        });

        fill(dialog, good.url());
        QSignalSpy finished(&dialog, &CheckDialog::runFinished);
        QSignalSpy checks(&dialog, &CheckDialog::checkFinished);
        loaded.clear();
        QTest::mouseClick(dialog.runButton(), Qt::LeftButton);
        QVERIFY(dialog.isRunning());
        QVERIFY(!dialog.runButton()->isEnabled());
        QVERIFY(dialog.cancelButton()->isEnabled());
        // Rows are there from the start, filling in as the checks end.
        QCOMPARE(dialog.scorecardTable()->rowCount(), 14);
        WAIT_FOR(checks.size() >= 1, "the first check to end");
        QVERIFY2(dialog.progressBar()->text().startsWith(u"check "_s), qPrintable(dialog.progressBar()->text()));
        QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, kRunMs));
        QCOMPARE(finished.first().at(0).toBool(), false);
        timer.stop();

        // The checks ran on another thread, never the GUI thread, and its timer fired while they ran.
        {
            QMutexLocker lock(&mutex);
            QVERIFY(!threads.isEmpty());
            QVERIFY(!threads.contains(QThread::currentThread()));
        }
        QVERIFY2(ticks > ticksAtFirstCheck && ticksAtFirstCheck >= 0,
            qPrintable(u"ticks %1, at the first check %2"_s.arg(ticks).arg(ticksAtFirstCheck)));
        QCOMPARE(checks.size(), 14);

        const QHash<QString, QString> good1 = verdicts(dialog.scorecardTable());
        QCOMPARE(good1.size(), 14);
        for (auto it = good1.cbegin(); it != good1.cend(); ++it)
            QVERIFY2(it.value() == u"PASS"_s || it.value() == u"n/a"_s || it.value() == u"PASS (warning)"_s,
                qPrintable(describe(dialog.scorecardTable())));
        QCOMPARE(good1.value(u"https"_s), u"n/a"_s);
        QCOMPARE(good1.value(u"retry-after-5xx"_s), u"n/a"_s); // without --probe-5xx
        QCOMPARE(good1.value(u"valid-accepted"_s), u"PASS"_s);
        QVERIFY2(dialog.statusLabel()->text().startsWith(u"PASS"_s), qPrintable(dialog.statusLabel()->text()));

        // Stored, listed and shown as the newest run.
        WAIT_FOR(!loaded.isEmpty() && dialog.runsTable()->rowCount() == 1, "the run to be stored and listed");
        QCOMPARE(dialog.runsTable()->item(0, CheckDialog::RunTarget)->text(), good.url());
        QVERIFY(dialog.runsTable()->item(0, CheckDialog::RunResult)->text().startsWith(u"PASS"_s));
        QCOMPARE(dialog.runsTable()->currentRow(), 0);
        QCOMPARE(dialog.storedRuns().size(), 1);
        QVERIFY(dialog.storedRuns().first().passed);

        // A receiver that accepts unsigned deliveries.
        Receiver broken;
        QVERIFY(broken.start({ u"--break"_s, u"accepts-unsigned"_s }));
        dialog.urlField()->setText(broken.url());
        finished.clear();
        loaded.clear();
        dialog.run();
        QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, kRunMs));
        QStringList failed;
        const QHash<QString, QString> bad = verdicts(dialog.scorecardTable());
        for (auto it = bad.cbegin(); it != bad.cend(); ++it)
            if (it.value().startsWith(u"FAIL"_s))
                failed << it.key();
        QCOMPARE(failed, QStringList { u"missing-headers-rejected"_s });
        QVERIFY2(dialog.statusLabel()->text().startsWith(u"FAIL"_s), qPrintable(dialog.statusLabel()->text()));
        WAIT_FOR(!loaded.isEmpty() && dialog.runsTable()->rowCount() == 2, "the second run to be listed");
        QCOMPARE(dialog.runsTable()->item(0, CheckDialog::RunTarget)->text(), broken.url());
        QVERIFY(dialog.runsTable()->item(0, CheckDialog::RunResult)->text().startsWith(u"FAIL"_s));

        // Compared with the first run: exactly that check changed.
        QComboBox* compare = dialog.compareBox();
        const int first = compare->findData(dialog.storedRuns().at(1).id);
        QVERIFY(first > 0);
        compare->setCurrentIndex(first);
        QTableWidget* table = dialog.scorecardTable();
        QVERIFY(!table->isColumnHidden(CheckDialog::Before));
        QStringList changed;
        for (int row = 0; row < table->rowCount(); ++row)
            if (table->item(row, CheckDialog::Before)->text().contains(u'→'))
                changed << table->item(row, CheckDialog::Check)->text() + u": "_s
                        + table->item(row, CheckDialog::Before)->text();
        QCOMPARE(changed, QStringList { u"missing-headers-rejected: PASS → FAIL"_s });

        // Selecting the older run shows its scorecard.
        dialog.runsTable()->setCurrentCell(1, 0);
        QCOMPARE(verdicts(table).value(u"missing-headers-rejected"_s), u"PASS"_s);
        compare->setCurrentIndex(0);
        QVERIFY(table->isColumnHidden(CheckDialog::Before));

        // A dialog opened later reads both runs from the store.
        CheckDialog again(f.reader);
        QSignalSpy againLoaded(&again, &CheckDialog::runsLoaded);
        again.reloadRuns();
        WAIT_FOR(!againLoaded.isEmpty(), "a new dialog to read the runs");
        QCOMPARE(again.runsTable()->rowCount(), 2);
    }

    /// Cancel stops a run in the middle of ack-latency (a slow receiver, many deliveries); the dialog says so and
    /// the cancelled run is not stored.
    void cancelStopsARun()
    {
        Receiver slow;
        QVERIFY(slow.start({ u"--break"_s, u"slow-ack-800ms"_s }));
        Fixture f;
        CheckDialog dialog(f.reader);
        dialog.show();
        QSignalSpy loaded(&dialog, &CheckDialog::runsLoaded);
        dialog.reloadRuns();
        WAIT_FOR(!loaded.isEmpty(), "the stored runs to be read");
        fill(dialog, slow.url(), 1000);
        QSignalSpy finished(&dialog, &CheckDialog::runFinished);
        dialog.run();
        QVERIFY(dialog.isRunning());
        // 1000 deliveries of 800 ms: only a cancel ends ack-latency within the wait.
        WAIT_FOR(dialog.progressBar()->text().contains(u"ack-latency"_s), "ack-latency to start");
        QTest::mouseClick(dialog.cancelButton(), Qt::LeftButton);
        WAIT_FOR(!finished.isEmpty(), "the cancelled run to end");
        QCOMPARE(finished.first().at(0).toBool(), true);
        QVERIFY(!dialog.isRunning());
        QVERIFY(dialog.runButton()->isEnabled());
        QVERIFY2(dialog.statusLabel()->text().startsWith(u"Cancelled"_s), qPrintable(dialog.statusLabel()->text()));
        QVERIFY2(dialog.progressBar()->text().startsWith(u"cancelled"_s), qPrintable(dialog.progressBar()->text()));
        const QHash<QString, QString> shown = verdicts(dialog.scorecardTable());
        QCOMPARE(shown.value(u"concurrent-deliveries"_s), u"not run"_s);
        QCOMPARE(shown.value(u"large-body"_s), u"not run"_s);
        // Not stored: the list reads nothing new.
        loaded.clear();
        dialog.reloadRuns();
        WAIT_FOR(!loaded.isEmpty(), "the runs to be read again");
        QCOMPARE(dialog.runsTable()->rowCount(), 0);
    }

    /// A receiver that answers terminal escape sequences: they are shown as escapes in plain text (table items
    /// and a plain-text view), never interpreted.
    void hostileAnswerIsPlainText()
    {
        Receiver hostile;
        QVERIFY(hostile.start({ u"--hostile"_s }));
        Fixture f;
        CheckDialog dialog(f.reader);
        dialog.show();
        fill(dialog, hostile.url());
        QSignalSpy finished(&dialog, &CheckDialog::runFinished);
        dialog.run();
        QVERIFY(QTest::qWaitFor([&] { return !finished.isEmpty(); }, kRunMs));
        QTableWidget* table = dialog.scorecardTable();
        int row = -1;
        for (int r = 0; r < table->rowCount(); ++r)
            if (table->item(r, CheckDialog::Check)->text() == u"bad-signature-rejected"_s)
                row = r;
        QVERIFY(row >= 0);
        const QString received = table->item(row, CheckDialog::Received)->text();
        QVERIFY2(
            received.contains(u"invalid signature"_s) && received.contains(u"\\u001b]0;owned"_s), qPrintable(received));
        table->setCurrentCell(row, 0);
        const QString details = dialog.detailsView()->toPlainText();
        QVERIFY2(details.contains(u"\\u001b]0;owned"_s), qPrintable(details));
        for (const QString& text : { received, details, describe(table) })
            for (const QChar c : text)
                QVERIFY2(c.unicode() >= 0x20 || c == u'\n', qPrintable(u"a control character in: "_s + text));
        QCOMPARE(dialog.statusLabel()->textFormat(), Qt::PlainText);
    }

    /// Problems with the fields are said, nothing runs.
    void badInputIsSaidNotRun()
    {
        Fixture f;
        CheckDialog dialog(f.reader);
        dialog.urlField()->setText(u"ftp://127.0.0.1/"_s);
        dialog.secretField()->setText(kSecret);
        dialog.run();
        QVERIFY(!dialog.isRunning());
        QVERIFY2(dialog.statusLabel()->text().startsWith(u"Cannot run: the target must be"_s),
            qPrintable(dialog.statusLabel()->text()));
        dialog.urlField()->setText(u"http://127.0.0.1:9/hook"_s);
        dialog.secretField()->clear();
        dialog.run();
        QVERIFY(!dialog.isRunning());
        QVERIFY2(
            dialog.statusLabel()->text().contains(u"secret is required"_s), qPrintable(dialog.statusLabel()->text()));
    }

    /// File ▸ Check an endpoint… opens the dialog over the window's store; it fits a 1024×700 screen and every
    /// field is reached with Tab.
    void theWindowOpensItAndItFits()
    {
        Fixture f;
        ui::MainWindow window(f.reader, nullptr);
        window.resize(1024, 700);
        window.show();
        auto* action = window.findChild<QAction*>(u"checkEndpointAction"_s);
        QVERIFY(action);
        QVERIFY(window.findChild<QMenu*>(u"fileMenu"_s)->actions().contains(action));
        action->trigger();
        CheckDialog* dialog = window.findChild<CheckDialog*>();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QVERIFY2(dialog->height() <= 700 && dialog->width() <= 1024,
            qPrintable(u"%1x%2"_s.arg(dialog->width()).arg(dialog->height())));
        QVERIFY2(
            dialog->minimumSizeHint().height() <= 660, qPrintable(QString::number(dialog->minimumSizeHint().height())));
        for (QWidget* w : { static_cast<QWidget*>(dialog->urlField()), static_cast<QWidget*>(dialog->secretField()),
                 static_cast<QWidget*>(dialog->runButton()), static_cast<QWidget*>(dialog->runsTable()),
                 static_cast<QWidget*>(dialog->scorecardTable()) })
            QVERIFY2(w->focusPolicy() & Qt::TabFocus, qPrintable(w->objectName()));
        // Tab from the URL field reaches the scorecard.
        dialog->activateWindow();
        dialog->urlField()->setFocus();
        bool reached = false;
        for (int i = 0; i < 20 && !reached; ++i) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            reached = QApplication::focusWidget() == dialog->scorecardTable();
        }
        QVERIFY(reached);
        // The same dialog is raised again.
        action->trigger();
        QCOMPARE(window.findChildren<CheckDialog*>().size(), 1);
    }
};

QTEST_MAIN(tst_UiCheck)
#include "tst_ui_check.moc"
