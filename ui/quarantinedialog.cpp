#include "quarantinedialog.h"

#include "core/actions/eventactions.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QPlainTextEdit>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

QuarantineDialog::QuarantineDialog(int eventCount, QWidget* parent)
    : QDialog(parent)
    , m_reason(new QComboBox(this))
    , m_note(new QPlainTextEdit(this))
{
    setObjectName(u"quarantineDialog"_s);
    setWindowTitle(eventCount == 1 ? u"Quarantine event"_s : u"Quarantine %1 events"_s.arg(eventCount));
    m_reason->setObjectName(u"reason"_s);
    m_reason->addItems(actions::EventActions::reasonCodes());
    m_reason->setCurrentText(u"manual"_s);
    m_note->setObjectName(u"note"_s);
    m_note->setPlaceholderText(u"Why (kept with the event and in the audit log)"_s);
    m_note->setTabChangesFocus(true);
    m_note->setFixedHeight(80);

    auto* form = new QFormLayout(this);
    form->addRow(u"&Reason"_s, m_reason);
    form->addRow(u"&Note"_s, m_note);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(u"Quarantine"_s);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

QString QuarantineDialog::reason() const
{
    return m_reason->currentText();
}

QString QuarantineDialog::note() const
{
    return m_note->toPlainText().trimmed();
}

void QuarantineDialog::setReason(const QString& code)
{
    m_reason->setCurrentText(code);
}

void QuarantineDialog::setNote(const QString& note)
{
    m_note->setPlainText(note);
}

} // namespace hookscope::ui
