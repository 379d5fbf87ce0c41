#include "checkdialog.h"

#include "badges.h"

#include "core/check/checkcontext.h"
#include "core/check/checksuite.h"
#include "core/common/crypto.h"
#include "core/store/eventstore.h"
#include "core/store/storewriter.h"
#include "core/verify/scheme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

#include <atomic>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

/** Runs the suite on a thread of its own (the checks block in local event loops while they send). */
class CheckThread final : public QThread {
    Q_OBJECT
public:
    CheckThread(check::CheckOptions options, std::function<void()> probe)
        : m_options(std::move(options))
        , m_probe(std::move(probe))
    {
    }
    void cancel() { m_cancel = true; }

Q_SIGNALS:
    void checkStarted(const QString& id);
    void checkFinished(const hookscope::check::CheckResult& result);
    void runFinished(const hookscope::check::Scorecard& card, qint64 startedUs, bool cancelled);

protected:
    void run() override
    {
        const qint64 startedUs = QDateTime::currentMSecsSinceEpoch() * 1000;
        check::CheckProgress progress;
        progress.started = [this](const QString& id) { Q_EMIT checkStarted(id); };
        progress.finished = [this](const check::CheckResult& result) {
            if (m_probe)
                m_probe();
            Q_EMIT checkFinished(result);
        };
        const check::Scorecard card = check::runChecks(m_options, progress, &m_cancel);
        crypto::endThreadUse();
        Q_EMIT runFinished(card, startedUs, m_cancel.load());
    }

private:
    const check::CheckOptions m_options;
    const std::function<void()> m_probe;
    std::atomic_bool m_cancel { false };
};

namespace {

Tone verdictTone(const check::CheckResult& c)
{
    if (!c.applies)
        return Tone::Neutral;
    if (c.passed == true)
        return c.warnings.isEmpty() ? Tone::Good : Tone::Warning;
    return c.required ? Tone::Bad : Tone::Warning;
}

QString verdictOf(const check::Scorecard& card, const QString& id)
{
    for (const check::CheckResult& c : card.checks)
        if (c.id == id)
            return c.verdictText();
    return u"not run"_s;
}

QString timeText(qint64 us)
{
    return QDateTime::fromMSecsSinceEpoch(us / 1000).toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

QString tally(const check::Scorecard& card)
{
    int passed = 0, failed = 0, na = 0;
    for (const check::CheckResult& c : card.checks) {
        if (!c.applies)
            ++na;
        else if (c.passed == true)
            ++passed;
        else
            ++failed;
    }
    return u"%1 passed · %2 failed · %3 not applying"_s.arg(passed).arg(failed).arg(na);
}

QTableWidgetItem* item(const QString& text)
{
    // QTableWidgetItem text is never read as markup: the receiver's words stay plain text.
    auto* i = new QTableWidgetItem(text);
    i->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return i;
}

} // namespace

CheckDialog::CheckDialog(EventReader& reader, QWidget* parent)
    : QDialog(parent)
    , m_reader(reader)
{
    setObjectName(u"checkDialog"_s);
    setWindowTitle(u"Check an endpoint — Hookscope"_s);
    buildUi();
    // Fits a 1024×700 screen with room for the window's frame.
    QSize size(1000, 640);
    if (const QScreen* screen = parent && parent->screen() ? parent->screen() : QGuiApplication::primaryScreen())
        size = size.boundedTo(screen->availableSize() * 0.95);
    resize(size);
    setRunning(false);
    reloadRuns();
}

CheckDialog::~CheckDialog()
{
    // A run in progress ends on its own (cancelled, at the next check) and then deletes its thread.
    if (m_thread) {
        disconnect(m_thread, nullptr, this, nullptr);
        m_thread->cancel();
    }
}

void CheckDialog::buildUi()
{
    m_url = new QLineEdit(this);
    m_url->setObjectName(u"checkUrl"_s);
    m_url->setPlaceholderText(u"http://localhost:3000/webhooks/email"_s);
    m_url->setToolTip(u"Your receiver's URL, http:// or https://"_s);
    m_scheme = new QComboBox(this);
    m_scheme->setObjectName(u"checkScheme"_s);
    m_scheme->addItems(verify::schemeNames());
    m_scheme->setCurrentText(check::CheckOptions().scheme);
    m_scheme->setToolTip(u"The signature scheme your receiver verifies: its rules drive the checks"_s);
    m_secret = new QLineEdit(this);
    m_secret->setObjectName(u"checkSecret"_s);
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setPlaceholderText(u"the secret your receiver verifies with"_s);
    m_secret->setToolTip(u"Held in memory for the run only, never stored"_s);
    m_budget = new QSpinBox(this);
    m_budget->setObjectName(u"checkBudget"_s);
    m_budget->setRange(1, 600'000);
    m_budget->setValue(check::CheckOptions().budgetMs);
    m_budget->setSuffix(u" ms"_s);
    m_budget->setToolTip(u"The acknowledgement budget: an answer slower than this fails ack-latency"_s);
    m_count = new QSpinBox(this);
    m_count->setObjectName(u"checkCount"_s);
    m_count->setRange(1, 10'000);
    m_count->setValue(check::CheckOptions().count);
    m_count->setToolTip(u"How many deliveries ack-latency sends"_s);
    m_insecure = new QCheckBox(u"Accept a certificate that does not &verify (https)"_s, this);
    m_insecure->setObjectName(u"checkInsecure"_s);
    m_insecure->setToolTip(u"The https check still reports a certificate that does not verify"_s);

    auto* form = new QGridLayout;
    auto label = [this](const QString& text, QWidget* buddy) {
        auto* l = new QLabel(text, this);
        l->setBuddy(buddy);
        return l;
    };
    form->addWidget(label(u"&URL:"_s, m_url), 0, 0);
    form->addWidget(m_url, 0, 1, 1, 5);
    form->addWidget(label(u"Sc&heme:"_s, m_scheme), 0, 6);
    form->addWidget(m_scheme, 0, 7);
    form->addWidget(label(u"&Secret:"_s, m_secret), 1, 0);
    form->addWidget(m_secret, 1, 1);
    form->addWidget(label(u"&Budget:"_s, m_budget), 1, 2);
    form->addWidget(m_budget, 1, 3);
    form->addWidget(label(u"&Deliveries:"_s, m_count), 1, 4);
    form->addWidget(m_count, 1, 5);
    form->addWidget(m_insecure, 1, 6, 1, 2);
    form->setColumnStretch(1, 3);

    m_run = new QPushButton(u"&Run"_s, this);
    m_run->setObjectName(u"checkRun"_s);
    m_run->setDefault(true);
    m_cancel = new QPushButton(u"&Cancel"_s, this);
    m_cancel->setObjectName(u"checkCancel"_s);
    m_cancel->setToolTip(u"Stop the run after the check in progress (a cancelled run is not stored)"_s);
    connect(m_run, &QPushButton::clicked, this, &CheckDialog::run);
    connect(m_cancel, &QPushButton::clicked, this, &CheckDialog::cancel);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(u"checkProgress"_s);
    m_progress->setTextVisible(true);
    m_progress->setFormat(u"no run yet"_s);
    m_progress->setValue(0);
    auto* runRow = new QHBoxLayout;
    runRow->addWidget(m_progress, 1);
    runRow->addWidget(m_run);
    runRow->addWidget(m_cancel);

    m_status = new QLabel(this);
    m_status->setObjectName(u"checkStatus"_s);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);

    // Previous runs, and what to compare the shown one with.
    m_runs = new QTableWidget(0, RunColumnCount, this);
    m_runs->setObjectName(u"checkRuns"_s);
    m_runs->setHorizontalHeaderLabels({ u"Time"_s, u"Target"_s, u"Scheme"_s, u"Result"_s });
    m_runs->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runs->setSelectionMode(QAbstractItemView::SingleSelection);
    m_runs->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_runs->verticalHeader()->hide();
    m_runs->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_runs->horizontalHeader()->setSectionResizeMode(RunTarget, QHeaderView::Stretch);
    m_runs->horizontalHeader()->setSectionResizeMode(RunTime, QHeaderView::ResizeToContents);
    m_runs->horizontalHeader()->setSectionResizeMode(RunScheme, QHeaderView::ResizeToContents);
    m_runs->horizontalHeader()->setSectionResizeMode(RunResult, QHeaderView::ResizeToContents);
    m_runs->setToolTip(u"Runs stored in the store (also by hookscope check): select one to show its scorecard"_s);
    connect(m_runs, &QTableWidget::currentCellChanged, this, [this](int row) {
        if (!m_loadingRuns)
            showStoredRun(row);
    });
    m_compare = new QComboBox(this);
    m_compare->setObjectName(u"checkCompare"_s);
    m_compare->addItem(u"nothing"_s, qint64(0));
    m_compare->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_compare->setMinimumContentsLength(40);
    m_compare->setToolTip(u"Another run: the scorecard then says which checks changed since it"_s);
    connect(m_compare, &QComboBox::currentIndexChanged, this, &CheckDialog::updateCompare);
    auto* runsBox = new QWidget(this);
    auto* runsLayout = new QVBoxLayout(runsBox);
    runsLayout->setContentsMargins(0, 0, 0, 0);
    auto* runsHead = new QHBoxLayout;
    runsHead->addWidget(label(u"Previous &runs:"_s, m_runs));
    runsHead->addStretch(1);
    runsHead->addWidget(label(u"Co&mpare with:"_s, m_compare));
    runsHead->addWidget(m_compare);
    runsLayout->addLayout(runsHead);
    runsLayout->addWidget(m_runs, 1);

    // The scorecard.
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(u"checkScorecard"_s);
    m_table->setHorizontalHeaderLabels({ u"Check"_s, u"Result"_s, u"What came back"_s, u"Why"_s, u"Before"_s });
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    // Compact rows: the whole suite fits at 1024×700.
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_table->horizontalHeader()->setSectionResizeMode(Check, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(Result, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(Received, QHeaderView::Interactive);
    m_table->horizontalHeader()->setSectionResizeMode(Why, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(Before, QHeaderView::ResizeToContents);
    m_table->setColumnWidth(Received, 250);
    m_table->setColumnHidden(Before, true);
    connect(m_table, &QTableWidget::currentCellChanged, this, &CheckDialog::showDetails);
    m_shownLabel = new QLabel(this);
    m_shownLabel->setObjectName(u"checkShown"_s);
    m_shownLabel->setTextFormat(Qt::PlainText);
    m_details = new QPlainTextEdit(this);
    m_details->setObjectName(u"checkDetails"_s);
    m_details->setReadOnly(true);
    m_details->setTabChangesFocus(true);
    m_details->setPlaceholderText(u"Select a check: what was sent, what came back, and why it matters"_s);
    auto* cardBox = new QWidget(this);
    auto* cardLayout = new QVBoxLayout(cardBox);
    cardLayout->setContentsMargins(0, 0, 0, 0);
    cardLayout->addWidget(m_shownLabel);
    cardLayout->addWidget(m_table, 1);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(u"checkSplitter"_s);
    split->setChildrenCollapsible(false);
    split->addWidget(runsBox);
    split->addWidget(cardBox);
    split->addWidget(m_details);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 4);
    split->setStretchFactor(2, 1);
    split->setSizes({ 90, 356, 80 });

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(runRow);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);
    layout->addWidget(buttons);

    setTabOrder(m_url, m_scheme);
    setTabOrder(m_scheme, m_secret);
    setTabOrder(m_secret, m_budget);
    setTabOrder(m_budget, m_count);
    setTabOrder(m_count, m_insecure);
    setTabOrder(m_insecure, m_run);
    setTabOrder(m_run, m_cancel);
    setTabOrder(m_cancel, m_runs);
    setTabOrder(m_runs, m_compare);
    setTabOrder(m_compare, m_table);
    setTabOrder(m_table, m_details);
}

check::CheckOptions CheckDialog::options() const
{
    check::CheckOptions o;
    o.target = QUrl(m_url->text().trimmed(), QUrl::StrictMode);
    o.scheme = m_scheme->currentText();
    o.secret = m_secret->text().toUtf8();
    o.budgetMs = m_budget->value();
    o.count = m_count->value();
    o.insecure = m_insecure->isChecked();
    return o;
}

bool CheckDialog::isRunning() const
{
    return m_thread != nullptr;
}

void CheckDialog::setRunning(bool running)
{
    for (QWidget* w : { static_cast<QWidget*>(m_url), static_cast<QWidget*>(m_scheme), static_cast<QWidget*>(m_secret),
             static_cast<QWidget*>(m_budget), static_cast<QWidget*>(m_count), static_cast<QWidget*>(m_insecure),
             static_cast<QWidget*>(m_run) })
        w->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_runs->setEnabled(!running);
    m_compare->setEnabled(!running);
}

void CheckDialog::run()
{
    if (isRunning())
        return;
    const check::CheckOptions o = options();
    QString problem = o.problem();
    if (problem.isEmpty()) {
        // A secret the scheme cannot sign with is bad input, not a receiver that fails every check.
        check::CheckContext probe(o);
        if (auto request = probe.build(probe.freshDelivery()); !request)
            problem = request.error();
    }
    if (!problem.isEmpty()) {
        m_status->setText(u"Cannot run: "_s + problem);
        return;
    }
    m_planned.clear();
    for (const QString& id : check::checkIds())
        if (o.selected(id))
            m_planned << id;
    m_shown = {};
    m_shownTitle = u"This run: %1 as %2 would deliver (budget %3 ms)"_s.arg(check::displayTarget(o.target), o.scheme)
                       .arg(o.budgetMs);
    m_loadingRuns = true;
    m_runs->clearSelection();
    m_runs->setCurrentCell(-1, -1);
    m_loadingRuns = false;
    render();
    m_progress->setRange(0, int(m_planned.size()));
    m_progress->setValue(0);
    m_progress->setFormat(u"check 1 of %1"_s.arg(m_planned.size()));
    m_status->setText(u"Checking %1…"_s.arg(check::displayTarget(o.target)));

    auto* thread = new CheckThread(o, m_probe);
    m_thread = thread;
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    connect(thread, &CheckThread::checkStarted, this, &CheckDialog::started);
    connect(thread, &CheckThread::checkFinished, this, &CheckDialog::finishedOne);
    connect(thread, &CheckThread::runFinished, this,
        [this, o](const check::Scorecard& card, qint64 startedUs, bool cancelled) {
            m_thread = nullptr;
            finishedAll(card, startedUs, cancelled);
            if (!cancelled)
                store(check::storedRun(o, card, startedUs));
            Q_EMIT runFinished(cancelled);
        });
    setRunning(true);
    thread->start();
}

void CheckDialog::cancel()
{
    if (!m_thread)
        return;
    m_thread->cancel();
    m_cancel->setEnabled(false);
    m_status->setText(u"Cancelling after the check in progress…"_s);
}

void CheckDialog::reject()
{
    // Escape stops a run first; once nothing runs it closes the dialog.
    if (isRunning()) {
        cancel();
        return;
    }
    QDialog::reject();
}

void CheckDialog::changeEvent(QEvent* event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        render(); // the verdicts' colours follow the theme
}

void CheckDialog::started(const QString& id)
{
    const int index = int(m_planned.indexOf(id));
    m_progress->setFormat(u"check %1 of %2: %3"_s.arg(index + 1).arg(m_planned.size()).arg(id));
    if (index >= 0 && index < m_table->rowCount())
        m_table->item(index, Result)->setText(u"running…"_s);
}

void CheckDialog::finishedOne(const check::CheckResult& result)
{
    m_shown.checks << result;
    const int index = int(m_planned.indexOf(result.id));
    if (index >= 0 && index < m_table->rowCount())
        fillRow(index, result);
    m_progress->setValue(int(m_shown.checks.size()));
    Q_EMIT checkFinished(result.id);
}

void CheckDialog::finishedAll(const check::Scorecard& card, qint64, bool cancelled)
{
    m_shown = card;
    setRunning(false);
    if (cancelled) {
        m_progress->setFormat(u"cancelled after %1 of %2 checks"_s.arg(card.checks.size()).arg(m_planned.size()));
        m_status->setText(
            u"Cancelled after %1 of %2 checks: the run is not stored."_s.arg(card.checks.size()).arg(m_planned.size()));
    } else {
        m_progress->setValue(m_progress->maximum());
        m_progress->setFormat(u"%1 checks done"_s.arg(card.checks.size()));
        m_status->setText(u"%1: %2 · stored."_s.arg(card.passed() ? u"PASS"_s : u"FAIL"_s, tally(card)));
    }
    render();
}

void CheckDialog::store(const store::CheckRun& run)
{
    m_reader.submit(this, [this, run](store::EventStore& events) -> std::function<void()> {
        QString error;
        qint64 id = 0;
        if (auto writer = store::StoreWriter::shared(events.path()); !writer) {
            error = writer.error();
        } else {
            auto written = (*writer)->run([run, &id](QSqlDatabase& db) -> hookscope::Result<void> {
                auto appended = store::CheckRuns::append(db, run);
                if (!appended)
                    return fail(appended.error());
                id = *appended;
                return {};
            });
            if (!written)
                error = written.error();
        }
        auto runs = store::CheckRuns::read(events.database(), {}, 100);
        if (!runs && error.isEmpty())
            error = runs.error();
        return [this, id, error, runs = runs.value_or(QList<store::CheckRun>())] {
            if (!error.isEmpty())
                m_status->setText(m_status->text() + u" The run is not stored: "_s + error);
            showRuns(runs, id);
        };
    });
}

void CheckDialog::reloadRuns()
{
    m_reader.submit(this, [this](store::EventStore& events) -> std::function<void()> {
        auto runs = store::CheckRuns::read(events.database(), {}, 100);
        return [this, runs = runs.value_or(QList<store::CheckRun>()), error = runs ? QString() : runs.error()] {
            if (!error.isEmpty())
                m_status->setText(u"The previous runs cannot be read: "_s + error);
            showRuns(runs, 0);
        };
    });
}

void CheckDialog::showRuns(const QList<store::CheckRun>& runs, qint64 select)
{
    m_stored = runs;
    const qint64 comparing = m_compare->currentData().toLongLong();
    m_loadingRuns = true;
    m_runs->setRowCount(int(runs.size()));
    m_compare->blockSignals(true);
    m_compare->clear();
    m_compare->addItem(u"nothing"_s, qint64(0));
    int selectRow = -1;
    for (int row = 0; row < runs.size(); ++row) {
        const store::CheckRun& r = runs[row];
        const check::Scorecard card = check::Scorecard::fromJson(r.result);
        m_runs->setItem(row, RunTime, item(timeText(r.startedUs)));
        m_runs->setItem(row, RunTarget, item(r.targetUrl));
        m_runs->setItem(row, RunScheme, item(r.scheme));
        auto* result = item(u"%1 · %2"_s.arg(r.passed ? u"PASS"_s : u"FAIL"_s, tally(card)));
        result->setIcon(toneIcon(r.passed ? Tone::Good : Tone::Bad));
        m_runs->setItem(row, RunResult, result);
        m_compare->addItem(
            u"%1 · %2 · %3"_s.arg(timeText(r.startedUs), r.targetUrl, r.passed ? u"PASS"_s : u"FAIL"_s), r.id);
        if (r.id == select)
            selectRow = row;
    }
    const int keep = m_compare->findData(comparing);
    m_compare->setCurrentIndex(keep < 0 ? 0 : keep);
    m_compare->blockSignals(false);
    if (selectRow >= 0)
        m_runs->setCurrentCell(selectRow, 0);
    m_loadingRuns = false;
    if (selectRow >= 0)
        showStoredRun(selectRow);
    else
        updateCompare();
    Q_EMIT runsLoaded();
}

void CheckDialog::showStoredRun(int row)
{
    if (row < 0 || row >= m_stored.size() || isRunning())
        return;
    const store::CheckRun& r = m_stored[row];
    m_shown = check::Scorecard::fromJson(r.result);
    m_planned.clear();
    m_shownTitle = u"Run of %1: %2 as %3 · %4"_s.arg(
        timeText(r.startedUs), r.targetUrl, r.scheme, r.passed ? u"PASS"_s : u"FAIL"_s);
    updateCompare();
}

void CheckDialog::updateCompare()
{
    const qint64 id = m_compare->currentData().toLongLong();
    m_before.reset();
    for (const store::CheckRun& r : std::as_const(m_stored))
        if (id != 0 && r.id == id)
            m_before = check::Scorecard::fromJson(r.result);
    render();
}

void CheckDialog::render()
{
    // Rows: the planned checks while a run is in progress (filling in), else the shown scorecard's.
    QStringList ids = m_planned;
    if (ids.isEmpty() || !isRunning()) {
        ids.clear();
        for (const check::CheckResult& c : std::as_const(m_shown.checks))
            ids << c.id;
        for (const QString& id : std::as_const(m_planned))
            if (!ids.contains(id))
                ids << id; // not run (cancelled)
    }
    const int current = m_table->currentRow();
    m_table->setRowCount(int(ids.size()));
    int changed = 0;
    for (int row = 0; row < ids.size(); ++row) {
        const QString& id = ids[row];
        auto found = std::find_if(
            m_shown.checks.cbegin(), m_shown.checks.cend(), [&](const check::CheckResult& c) { return c.id == id; });
        if (found != m_shown.checks.cend()) {
            fillRow(row, *found);
        } else {
            m_table->setItem(row, Check, item(id));
            auto* pending = item(isRunning() ? u"waiting"_s : u"not run"_s);
            pending->setForeground(palette().color(QPalette::PlaceholderText));
            m_table->setItem(row, Result, pending);
            m_table->setItem(row, Received, item(QString()));
            m_table->setItem(row, Why, item(QString()));
        }
        auto* before = item(QString());
        if (m_before) {
            const QString was = verdictOf(*m_before, id);
            const QString now = found != m_shown.checks.cend() ? found->verdictText() : u"not run"_s;
            if (was != now) {
                ++changed;
                before->setText(u"%1 → %2"_s.arg(was, now));
                QFont bold = before->font();
                bold.setBold(true);
                before->setFont(bold);
            } else {
                before->setText(was);
                before->setForeground(palette().color(QPalette::PlaceholderText));
            }
        }
        m_table->setItem(row, Before, before);
    }
    m_table->setColumnHidden(Before, !m_before.has_value());
    QString title = m_shownTitle;
    if (m_before)
        title += changed == 0 ? u" — no check changed since the run compared with"_s
                              : u" — %1 changed since the run compared with"_s.arg(
                                  changed == 1 ? u"1 check"_s : u"%1 checks"_s.arg(changed));
    m_shownLabel->setText(title);
    if (current >= 0 && current < m_table->rowCount())
        m_table->setCurrentCell(current, 0, QItemSelectionModel::NoUpdate);
    showDetails();
}

void CheckDialog::fillRow(int row, const check::CheckResult& c)
{
    const QColor tone = toneColor(verdictTone(c), palette());
    m_table->setItem(row, Check, item(c.id));
    QString verdict = c.verdictText();
    if (c.applies && !c.required && c.passed != true)
        verdict += u" (optional)"_s;
    else if (c.passed == true && !c.warnings.isEmpty())
        verdict += u" (warning)"_s;
    auto* result = item(verdict);
    result->setIcon(toneIcon(verdictTone(c)));
    result->setForeground(tone);
    QFont bold = result->font();
    bold.setBold(true);
    result->setFont(bold);
    m_table->setItem(row, Result, result);
    m_table->setItem(row, Received, item(c.applies ? c.received : u"—"_s));
    m_table->setItem(row, Why, item(c.why));
}

void CheckDialog::showDetails()
{
    const int row = m_table->currentRow();
    const QString id = row >= 0 && m_table->item(row, Check) ? m_table->item(row, Check)->text() : QString();
    for (const check::CheckResult& c : std::as_const(m_shown.checks)) {
        if (c.id != id)
            continue;
        QStringList lines { u"%1: %2"_s.arg(c.id, c.verdictText()), u"sent: "_s + c.sent, u"came back: "_s + c.received,
            u"why: "_s + c.why };
        for (const QString& w : c.warnings)
            lines << u"warning: "_s + w;
        m_details->setPlainText(lines.join(u'\n'));
        return;
    }
    m_details->clear();
}

} // namespace hookscope::ui

#include "checkdialog.moc"
