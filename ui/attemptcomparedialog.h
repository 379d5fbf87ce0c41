#pragma once

#include "core/replay/attemptrow.h"

#include <QDialog>

class QTextBrowser;
class QLabel;

namespace hookscope::ui {

/** Two replay attempts' responses (status, headers, body) as a unified line diff. */
class AttemptCompareDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AttemptCompareDialog)
public:
    AttemptCompareDialog(const replay::AttemptRow& a, const replay::AttemptRow& b, QWidget* parent = nullptr);

    /** The response of `attempt` as compared: status line, headers, blank line, body. */
    static QStringList responseLines(const replay::AttemptRow& attempt);
    /** The diff as plain text, "-", "+" or " " before each line. */
    QString diffText() const { return m_text; }

private:
    QTextBrowser* m_view;
    QLabel* m_summary;
    QString m_text;
};

} // namespace hookscope::ui
