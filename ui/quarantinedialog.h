#pragma once

#include <QDialog>

class QComboBox;
class QPlainTextEdit;

namespace hookscope::ui {

/** Asks for the reason code (PRODUCT.md's list) and a note before quarantining the selected events. */
class QuarantineDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QuarantineDialog)
public:
    explicit QuarantineDialog(int eventCount, QWidget* parent = nullptr);

    QString reason() const;
    QString note() const;
    /** For tests and scripted use: fills the fields as a person would. */
    void setReason(const QString& code);
    void setNote(const QString& note);

private:
    QComboBox* m_reason;
    QPlainTextEdit* m_note;
};

} // namespace hookscope::ui
