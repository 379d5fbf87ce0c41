#include "exportdialog.h"

#include "core/export/exportfiles.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

ExportDialog::ExportDialog(int eventCount, QWidget* parent)
    : QDialog(parent)
    , m_count(eventCount)
    , m_format(new QComboBox(this))
    , m_path(new QLineEdit(this))
    , m_redact(new QCheckBox(u"Redact Authorization and Cookie headers"_s, this))
    , m_attachments(new QLineEdit(this))
{
    setObjectName(u"exportDialog"_s);
    setWindowTitle(eventCount == 1 ? u"Export event"_s : u"Export %1 events"_s.arg(eventCount));
    m_format->setObjectName(u"format"_s);
    m_format->addItems(exporting::exportFormats());
    m_path->setObjectName(u"path"_s);
    m_path->setMinimumWidth(360);
    m_redact->setObjectName(u"redact"_s);
    m_redact->setToolTip(u"Captured Authorization, Proxy-Authorization and Cookie values become [redacted]"_s);
    m_redact->setChecked(exporting::ExportOptions().redactAuthorization);
    m_attachments->setObjectName(u"attachments"_s);
    m_attachments->setPlaceholderText(u"optional: a folder for the emails' attachments"_s);
    m_attachments->setToolTip(u"What `hookscope export --attachments DIR` does: the attachments are saved under "
                              u"sanitized names, in a subfolder per event when several are exported"_s);

    auto* browseButton = new QPushButton(u"&Browse…"_s, this);
    connect(browseButton, &QPushButton::clicked, this, &ExportDialog::browse);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browseButton);

    auto* form = new QFormLayout(this);
    form->addRow(u"&Format"_s, m_format);
    // A row that is a layout gets no buddy from QFormLayout: without one the "&" would show as itself.
    auto* pathLabel = new QLabel(u"&Save to"_s, this);
    pathLabel->setBuddy(m_path);
    form->addRow(pathLabel, pathRow);
    form->addRow(QString(), m_redact);
    form->addRow(u"&Attachments to"_s, m_attachments);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* ok = buttons->button(QDialogButtonBox::Ok);
    ok->setText(u"Export"_s);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
    connect(m_path, &QLineEdit::textChanged, this, [ok](const QString& t) { ok->setEnabled(!t.trimmed().isEmpty()); });
    connect(m_format, &QComboBox::currentTextChanged, this, &ExportDialog::updateHint);
    ok->setEnabled(false);
    updateHint();
}

QString ExportDialog::format() const
{
    return m_format->currentText();
}

QString ExportDialog::path() const
{
    return m_path->text().trimmed();
}

bool ExportDialog::redactAuthorization() const
{
    return m_redact->isChecked();
}

QString ExportDialog::attachmentsFolder() const
{
    return m_attachments->text().trimmed();
}

void ExportDialog::setAttachmentsFolder(const QString& folder)
{
    m_attachments->setText(folder);
}

void ExportDialog::setFormat(const QString& format)
{
    m_format->setCurrentText(format);
}

void ExportDialog::setPath(const QString& path)
{
    m_path->setText(path);
}

void ExportDialog::setRedactAuthorization(bool on)
{
    m_redact->setChecked(on);
}

void ExportDialog::updateHint()
{
    const bool folder = m_count > 1 && format() != u"har"_s;
    m_path->setPlaceholderText(folder ? u"a folder: one file per event"_s : u"a file (or a folder to put it in)"_s);
}

void ExportDialog::browse()
{
    const bool folder = m_count > 1 && format() != u"har"_s;
    const QString start = path().isEmpty() ? QDir::homePath() : path();
    const QString chosen = folder ? QFileDialog::getExistingDirectory(this, u"Export to folder"_s, start)
                                  : QFileDialog::getSaveFileName(this, u"Export to file"_s,
                                      QDir(start).filePath(u"events.%1"_s.arg(exporting::exportExtension(format()))));
    if (!chosen.isEmpty())
        m_path->setText(chosen);
}

} // namespace hookscope::ui
