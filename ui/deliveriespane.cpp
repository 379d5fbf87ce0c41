#include "deliveriespane.h"

#include "attemptcomparedialog.h"
#include "attemptdialog.h"
#include "badges.h"
#include "eventlistmodel.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {

/** The column after Note, shown (moved) after Received. */
constexpr int IntervalColumn = 8;
constexpr int kDeliveryColumns = 9;

} // namespace

QString formatInterval(qint64 us)
{
    if (us < 0)
        return u"−%1"_s.arg(formatInterval(-us).mid(1));
    if (us < 1'000'000)
        return u"+%1 ms"_s.arg(qRound64(double(us) / 1000.0));
    if (us < 60'000'000)
        return u"+%1 s"_s.arg(double(us) / 1e6, 0, 'f', 1);
    const qint64 seconds = qRound64(double(us) / 1e6);
    return u"+%1 min %2 s"_s.arg(seconds / 60).arg(seconds % 60);
}

QString answerText(const store::DeliveryRow& d)
{
    QString text;
    if (d.answerAction == u"closed"_s)
        text = u"closed (no answer)"_s;
    else if (d.answerAction == u"reset"_s)
        text = u"reset (RST)"_s;
    else if (!d.answerAction.isEmpty())
        text = d.answerAction;
    else
        text = u"%1 %2"_s.arg(d.statusCode).arg(QString::fromUtf8(d.responseBody.left(60)));
    if (d.answerDelayMs > 0)
        text += u" · after %1 ms"_s.arg(d.answerDelayMs);
    return text;
}

DeliveriesPane::DeliveriesPane(QWidget* parent)
    : DetailPane(parent)
    , m_note(new QLabel(this))
    , m_list(new QTreeWidget(this))
    , m_attemptsLabel(new QLabel(u"Replays and forwards"_s, this))
    , m_attempts(new QTreeWidget(this))
    , m_compare(new QPushButton(u"Compare responses"_s, this))
{
    m_attempts->setColumnCount(7);
    m_attempts->setHeaderLabels(
        { u"Run"_s, u"Started"_s, u"Kind"_s, u"Target"_s, u"Answer"_s, u"Latency"_s, u"Error"_s });
    m_attempts->setRootIsDecorated(false);
    m_attempts->setAlternatingRowColors(true);
    m_attempts->setUniformRowHeights(true);
    m_attemptsLabel->setContentsMargins(6, 8, 6, 4);
    m_attempts->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_compare->setObjectName(u"compareAttempts"_s);
    m_compare->setToolTip(u"Select two attempts to see how their responses differ (status, headers, body)"_s);
    m_compare->setEnabled(false);
    connect(m_compare, &QPushButton::clicked, this, &DeliveriesPane::compareSelected);
    m_attempts->setToolTip(u"Double-click an attempt to see what it sent and what came back"_s);
    connect(m_attempts, &QTreeWidget::itemActivated, this,
        [this](QTreeWidgetItem* item) { showAttempt(item->data(0, Qt::UserRole).toInt()); });
    connect(m_attempts, &QTreeWidget::itemSelectionChanged, this,
        [this] { m_compare->setEnabled(m_attempts->selectedItems().size() == 2); });
    m_list->setColumnCount(kDeliveryColumns);
    m_list->setHeaderLabels({ u"#"_s, u"Received"_s, u"Peer"_s, u"Transport"_s, u"Answer"_s, u"Verification"_s,
        u"Size"_s, u"Note"_s, u"Since previous"_s });
    // Shown beside the time it follows: a sender's backoff reads down this column.
    m_list->header()->moveSection(IntervalColumn, 2);
    m_list->headerItem()->setToolTip(
        IntervalColumn, u"Time since the previous delivery of this event: the sender's retry interval (its backoff)"_s);
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setUniformRowHeights(true);
    m_list->header()->setStretchLastSection(true);
    m_note->setWordWrap(true);
    m_note->setContentsMargins(6, 4, 6, 4);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_note);
    layout->addWidget(m_list, 1);
    auto* attemptsHeader = new QHBoxLayout;
    attemptsHeader->setContentsMargins(0, 0, 6, 0);
    attemptsHeader->addWidget(m_attemptsLabel, 1);
    attemptsHeader->addWidget(m_compare);
    layout->addLayout(attemptsHeader);
    layout->addWidget(m_attempts, 1);
    m_attemptsLabel->hide();
    m_attempts->hide();
    m_compare->hide();
}

void DeliveriesPane::clearDetails()
{
    m_list->clear();
    m_attempts->clear();
    m_attemptRows.clear();
    m_original.reset();
    m_note->clear();
}

void DeliveriesPane::setDetails(const EventDetails& details)
{
    m_list->clear();
    // What a replay is compared with: the delivery replays take by default (actions::ReplayRequest::delivery).
    m_original.reset();
    if (!details.deliveries.isEmpty())
        m_original = details.deliveries.value(details.primaryDelivery());
    const qint64 first = details.deliveries.isEmpty() ? 0 : details.deliveries.first().receivedUs;
    qint64 previous = -1;
    for (const auto& d : details.deliveries) {
        auto* item = new QTreeWidgetItem(m_list);
        item->setText(0, QString::number(d.seq));
        QString when = QDateTime::fromMSecsSinceEpoch(d.receivedUs / 1000).toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s);
        if (d.receivedUs != first)
            when += u"  (+%1 s)"_s.arg(double(d.receivedUs - first) / 1e6, 0, 'f', 3);
        item->setText(1, when);
        item->setText(2, u"%1:%2"_s.arg(d.peer).arg(d.peerPort));
        item->setText(3, d.tls ? u"HTTPS %1 %2"_s.arg(d.tlsProtocol, d.tlsCipher) : u"HTTP/%1"_s.arg(d.httpVersion));
        item->setText(IntervalColumn, previous < 0 ? QString() : formatInterval(d.receivedUs - previous));
        previous = d.receivedUs;
        item->setText(4, answerText(d));
        if (!d.answerRule.isEmpty())
            item->setToolTip(4, u"Answered by the route's response rule: %1"_s.arg(d.answerRule));
        const bool answered2xx = d.answerAction.isEmpty() && d.statusCode >= 200 && d.statusCode < 300;
        if (!d.answerRule.isEmpty() || !answered2xx)
            item->setIcon(4, toneIcon(answered2xx ? Tone::Good : Tone::Bad));
        item->setText(5, d.verifyOutcome);
        const Tone tone = d.verifyOutcome == u"valid"_s                      ? Tone::Good
            : d.verifyOutcome == u"no-secret"_s || d.verifyOutcome.isEmpty() ? Tone::Neutral
                                                                             : Tone::Bad;
        item->setIcon(5, toneIcon(tone));
        item->setForeground(5, toneColor(tone, palette()));
        item->setText(6, formatSize(d.bodySize));
        QStringList notes;
        if (d.duplicate)
            notes << u"duplicate: answered 200, not processed again"_s;
        if (d.refused)
            notes << u"refused (%1)"_s.arg(d.refused);
        if (d.truncated)
            notes << u"body truncated"_s;
        item->setText(7, notes.join(u"; "_s));
    }
    for (int c = 0; c < kDeliveryColumns; ++c) {
        if (c != 7) // the note stretches
            m_list->resizeColumnToContents(c);
    }
    QString note = u"%1 request%2 carried this event."_s.arg(details.deliveries.size())
                       .arg(details.deliveries.size() == 1 ? QString() : u"s"_s);
    if (details.event.replays > 0)
        note += u" Replayed %1×."_s.arg(details.event.replays);
    m_note->setText(note);
    m_attempts->clear();
    m_attemptRows = details.attempts;
    for (qsizetype i = 0; i < details.attempts.size(); ++i) {
        const replay::AttemptRow& a = details.attempts[i];
        auto* item = new QTreeWidgetItem(m_attempts);
        item->setData(0, Qt::UserRole, int(i));
        item->setText(0, u"%1 · %2/%3"_s.arg(a.runId.left(8)).arg(a.attempt).arg(a.maxAttempts));
        item->setText(1,
            a.startedUs ? QDateTime::fromMSecsSinceEpoch(a.startedUs / 1000).toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s)
                        : a.state);
        item->setText(2, a.mode.isEmpty() ? a.kind : u"%1 (%2)"_s.arg(a.kind, a.mode));
        item->setText(3, a.requestUrl.isEmpty() ? a.target : a.requestUrl);
        item->setText(4, a.status ? u"%1 %2"_s.arg(a.status).arg(QString::fromUtf8(a.responseBody.left(60))) : a.state);
        item->setText(5, a.finishedUs ? u"%1 ms"_s.arg(a.latencyMs) : QString());
        item->setText(6, a.error);
        const Tone tone = a.status >= 200 && a.status < 300 ? Tone::Good
            : a.state == u"pending"_s                       ? Tone::Neutral
                                                            : Tone::Bad;
        item->setIcon(4, toneIcon(tone));
    }
    for (int c = 0; c < 6; ++c)
        m_attempts->resizeColumnToContents(c);
    m_attemptsLabel->setVisible(!details.attempts.isEmpty());
    m_attempts->setVisible(!details.attempts.isEmpty());
    m_compare->setVisible(details.attempts.size() >= 2);
    m_compare->setEnabled(false);
}

QList<replay::AttemptRow> DeliveriesPane::selectedAttempts() const
{
    QList<replay::AttemptRow> rows;
    for (int i = 0; i < m_attempts->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_attempts->topLevelItem(i);
        const int index = item->data(0, Qt::UserRole).toInt();
        if (item->isSelected() && index >= 0 && index < m_attemptRows.size())
            rows << m_attemptRows[index];
    }
    return rows;
}

void DeliveriesPane::compareSelected()
{
    const QList<replay::AttemptRow> rows = selectedAttempts();
    if (rows.size() != 2)
        return;
    auto* dialog = new AttemptCompareDialog(rows[0], rows[1], this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    Q_EMIT compareOpened(dialog);
}

void DeliveriesPane::showAttempt(int index)
{
    if (index < 0 || index >= m_attemptRows.size())
        return;
    auto* dialog = new AttemptDialog(m_attemptRows[index], m_original ? &*m_original : nullptr, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    Q_EMIT attemptOpened(dialog);
}

} // namespace hookscope::ui
