#pragma once

#include "eventreader.h"

#include "core/check/checkoptions.h"
#include "core/check/checkresult.h"
#include "core/store/checkruns.h"

#include <QDialog>
#include <QPointer>

#include <functional>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace hookscope::ui {

class CheckThread;

/**
 * File ▸ Check an endpoint…: runs `hookscope check`'s suite against the user's receiver on a worker thread, with a
 * progress bar and the scorecard filling in as each check ends; the run is stored as the command line stores it,
 * and the previous runs are listed (read off the GUI thread) so that one can be shown, or compared with the run
 * shown: which checks changed. The receiver's words are shown as plain text only.
 */
class CheckDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CheckDialog)
public:
    enum Column { Check, Result, Received, Why, Before, ColumnCount };
    enum RunColumn { RunTime, RunTarget, RunScheme, RunResult, RunColumnCount };

    explicit CheckDialog(EventReader& reader, QWidget* parent = nullptr);
    ~CheckDialog() override;

    QLineEdit* urlField() const { return m_url; }
    QComboBox* schemeBox() const { return m_scheme; }
    QLineEdit* secretField() const { return m_secret; }
    QSpinBox* budgetBox() const { return m_budget; }
    QSpinBox* countBox() const { return m_count; }
    QCheckBox* insecureBox() const { return m_insecure; }
    QPushButton* runButton() const { return m_run; }
    QPushButton* cancelButton() const { return m_cancel; }
    QProgressBar* progressBar() const { return m_progress; }
    QLabel* statusLabel() const { return m_status; }
    QTableWidget* scorecardTable() const { return m_table; }
    QPlainTextEdit* detailsView() const { return m_details; }
    QTableWidget* runsTable() const { return m_runs; }
    QComboBox* compareBox() const { return m_compare; }

    /** The options the fields say (the suite's defaults for the rest). */
    check::CheckOptions options() const;
    bool isRunning() const;
    /** The stored runs listed, newest first. */
    const QList<store::CheckRun>& storedRuns() const { return m_stored; }
    /** Called on the thread the checks run on, as each check ends (for tests and diagnostics). */
    void setWorkerProbe(std::function<void()> probe) { m_probe = std::move(probe); }

public Q_SLOTS:
    /** Starts a run with the fields' options; a problem with them is said in the status line instead. */
    void run();
    /** Stops the run in progress between two checks (or two deliveries of ack-latency). */
    void cancel();
    /** Reads the stored runs again; runsLoaded follows. */
    void reloadRuns();

Q_SIGNALS:
    void checkFinished(const QString& id);
    /** The run ended: every check ran, or it was cancelled (then it is not stored). */
    void runFinished(bool cancelled);
    /** The stored runs were read (and, after a run, the new one is listed and shown). */
    void runsLoaded();

protected:
    void reject() override;
    void changeEvent(QEvent* event) override;

private:
    void buildUi();
    void setRunning(bool running);
    void started(const QString& id);
    void finishedOne(const check::CheckResult& result);
    void finishedAll(const check::Scorecard& card, qint64 startedUs, bool cancelled);
    void store(const store::CheckRun& run);
    void showRuns(const QList<store::CheckRun>& runs, qint64 select);
    void showStoredRun(int row);
    void updateCompare();
    void render();
    void showDetails();
    void fillRow(int row, const check::CheckResult& result);

    EventReader& m_reader;
    QLineEdit* m_url = nullptr;
    QComboBox* m_scheme = nullptr;
    QLineEdit* m_secret = nullptr;
    QSpinBox* m_budget = nullptr;
    QSpinBox* m_count = nullptr;
    QCheckBox* m_insecure = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_shownLabel = nullptr;
    QTableWidget* m_table = nullptr;
    QPlainTextEdit* m_details = nullptr;
    QTableWidget* m_runs = nullptr;
    QComboBox* m_compare = nullptr;

    QPointer<CheckThread> m_thread;
    std::function<void()> m_probe;
    QStringList m_planned; ///< the checks of the run in progress, in order
    check::Scorecard m_shown; ///< what the table shows: the run in progress or last made, or a stored one
    QString m_shownTitle;
    std::optional<check::Scorecard> m_before; ///< the run compared with, when one is chosen
    QList<store::CheckRun> m_stored;
    bool m_loadingRuns = false;
};

} // namespace hookscope::ui
