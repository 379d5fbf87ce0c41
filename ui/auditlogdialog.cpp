#include "auditlogdialog.h"

#include "core/replay/auditlog.h"
#include "core/store/eventstore.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

AuditLogDialog::AuditLogDialog(EventReader& reader, QWidget* parent)
    : QDialog(parent)
    , m_reader(reader)
    , m_table(new QTableWidget(0, ColumnCount, this))
    , m_status(new QLabel(this))
{
    setObjectName(u"auditLogDialog"_s);
    setWindowTitle(u"Audit log"_s);
    m_table->setObjectName(u"auditTable"_s);
    m_table->setHorizontalHeaderLabels({ u"Time"_s, u"Action"_s, u"Event"_s, u"Reason"_s, u"Note"_s, u"Details"_s });
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(Time, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(Action, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(Event, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(Reason, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(Note, QHeaderView::Interactive);
    m_table->setColumnWidth(Note, 280);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* refresh = buttons->addButton(u"&Refresh"_s, QDialogButtonBox::ActionRole);
    connect(refresh, &QPushButton::clicked, this, &AuditLogDialog::reload);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(buttons);
    layout->addLayout(bottom);
    resize(1040, 420);
    reload();
}

QString AuditLogDialog::detailsText(const QJsonObject& details)
{
    // What a reader looks for first; run ids and the like stay in `hookscope audit --json`.
    static const QStringList first { u"mode"_s, u"status"_s, u"error"_s, u"target"_s, u"format"_s, u"out"_s,
        u"redactAuth"_s, u"attempts"_s };
    static const QStringList skipped { u"runId"_s };
    QStringList keys = first;
    for (const QString& k : details.keys())
        if (!keys.contains(k) && !skipped.contains(k))
            keys << k;
    QStringList parts;
    for (const QString& key : std::as_const(keys)) {
        const QJsonValue v = details.value(key);
        if (v.isNull() || v.isUndefined() || v.isObject() || v.isArray())
            continue; // nested re-check results stay in `hookscope audit --json`
        const QString text = v.isBool() ? (v.toBool() ? u"yes"_s : u"no"_s)
            : v.isDouble()              ? QString::number(v.toDouble())
                                        : v.toString();
        if (!text.isEmpty())
            parts << u"%1 %2"_s.arg(key, text);
    }
    return parts.join(u" · "_s);
}

void AuditLogDialog::reload()
{
    m_status->setText(u"Reading…"_s);
    m_job.start(
        m_reader, this,
        [](store::EventStore& store) {
            Read read;
            auto entries = replay::AuditLog::read(store.database());
            if (entries)
                read.entries = *entries;
            else
                read.error = entries.error();
            return read;
        },
        [this](Read read) { display(read); });
}

void AuditLogDialog::display(const Read& read)
{
    m_table->setRowCount(0);
    m_table->setRowCount(int(read.entries.size()));
    for (int row = 0; row < read.entries.size(); ++row) {
        const replay::AuditEntry& e = read.entries[row];
        const QString when = QDateTime::fromMSecsSinceEpoch(e.timeUs / 1000).toString(u"yyyy-MM-dd HH:mm:ss"_s);
        const QStringList cells { when, e.action, e.eventRowId ? QString::number(e.eventRowId) : u"—"_s, e.reason,
            e.note, detailsText(e.details) };
        for (int c = 0; c < ColumnCount; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c == Event)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (c == Note || c == Details)
                item->setToolTip(cells[c]);
            m_table->setItem(row, c, item);
        }
    }
    m_status->setText(read.error.isEmpty()
            ? (read.entries.size() == 1 ? u"1 entry"_s : u"%1 entries"_s.arg(read.entries.size()))
            : u"Cannot read the audit log: %1"_s.arg(read.error));
    Q_EMIT loaded(int(read.entries.size()));
}

} // namespace hookscope::ui
