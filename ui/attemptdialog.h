#pragma once

#include "core/replay/attemptrow.h"
#include "core/store/records.h"

#include <QDialog>

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTextBrowser;

namespace hookscope::ui {

/**
 * One replay (or forward) attempt as it went: what was sent and what came back, side by side: head as written
 * and read, then the body, JSON pretty-printed, text as text, other bytes in hex; and, given the request captured,
 * what the replay changed in it (a line diff, headers sorted, as Compare two events draws it). Opened from the
 * Deliveries tab.
 */
class AttemptDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AttemptDialog)
public:
    /** `original`: the event's request as captured (its primary delivery), to diff the replay against; may be null. */
    explicit AttemptDialog(
        const replay::AttemptRow& attempt, const store::DeliveryRow* original = nullptr, QWidget* parent = nullptr);

    QPlainTextEdit* request() const { return m_request; }
    QPlainTextEdit* response() const { return m_response; }
    QLabel* summary() const { return m_summary; }
    /** The "Changes from the original" tab (null without the original). */
    QTextBrowser* originalDiff() const { return m_diff; }
    /** That diff as plain text, "-", "+" or " " before each line. */
    QString originalDiffText() const { return m_diffText; }

    /** A head and body as shown: the head's lines, a blank line, then the body made readable. */
    static QString readable(const QByteArray& head, const QByteArray& body);

private:
    QLabel* m_summary;
    QPlainTextEdit* m_request;
    QPlainTextEdit* m_response;
    QTextBrowser* m_diff = nullptr;
    QString m_diffText;
};

} // namespace hookscope::ui
