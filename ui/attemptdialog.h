#pragma once

#include "core/replay/attemptrow.h"

#include <QDialog>

class QLabel;
class QPlainTextEdit;

namespace hookscope::ui {

/**
 * One replay (or forward) attempt as it went: what was sent and what came back, side by side: head as written
 * and read, then the body, JSON pretty-printed, text as text, other bytes in hex. Opened from the Deliveries tab.
 */
class AttemptDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AttemptDialog)
public:
    explicit AttemptDialog(const replay::AttemptRow& attempt, QWidget* parent = nullptr);

    QPlainTextEdit* request() const { return m_request; }
    QPlainTextEdit* response() const { return m_response; }
    QLabel* summary() const { return m_summary; }

    /** A head and body as shown: the head's lines, a blank line, then the body made readable. */
    static QString readable(const QByteArray& head, const QByteArray& body);

private:
    QLabel* m_summary;
    QPlainTextEdit* m_request;
    QPlainTextEdit* m_response;
};

} // namespace hookscope::ui
