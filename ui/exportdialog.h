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

    /** For tests and scripted use: fills the fields as a person would. */
    void setFormat(const QString& format);
    void setPath(const QString& path);
    void setRedactAuthorization(bool on);

private:
    void browse();
    void updateHint();

    int m_count;
    QComboBox* m_format;
    QLineEdit* m_path;
    QCheckBox* m_redact;
};

} // namespace hookscope::ui
