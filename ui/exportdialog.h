#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;

namespace hookscope::ui {

/** Where and how to export the selected events: format, a file (one event, or HAR) or a folder, redaction. */
class ExportDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportDialog)
public:
    explicit ExportDialog(int eventCount, QWidget* parent = nullptr);

    QString format() const;
    /** A file for one event or HAR; a folder for several events in a per-event format. */
    QString path() const;
    bool redactAuthorization() const;
    /** Where the emails' attachments go too (sanitized names; a subfolder per event when several); empty: not saved. */
    QString attachmentsFolder() const;

    /** For tests and scripted use: fills the fields as a person would. */
    void setFormat(const QString& format);
    void setPath(const QString& path);
    void setRedactAuthorization(bool on);
    void setAttachmentsFolder(const QString& folder);

private:
    void browse();
    void updateHint();

    int m_count;
    QComboBox* m_format;
    QLineEdit* m_path;
    QCheckBox* m_redact;
    QLineEdit* m_attachments;
};

} // namespace hookscope::ui
