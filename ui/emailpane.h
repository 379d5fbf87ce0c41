#pragma once

#include "detailpane.h"

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTableWidget;
class QStackedWidget;

namespace hookscope::ui {

class SafeHtmlView;

/** The email as a person reads it: the envelope, the plain text, the HTML rendered safely, all headers. */
class EmailPane final : public DetailPane {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmailPane)
public:
    explicit EmailPane(QWidget* parent = nullptr);
    void setDetails(const EventDetails& details) override;
    void clearDetails() override;

    QLabel* envelope() const { return m_envelope; }
    QPlainTextEdit* plainText() const { return m_text; }
    /** Null until the pane first shows an email (the view starts Qt WebEngine). */
    SafeHtmlView* htmlView() const { return m_html; }
    QTableWidget* headersTable() const { return m_headers; }
    QTabWidget* tabs() const { return m_tabs; }

private:
    SafeHtmlView* htmlViewForMessage();

    QStackedWidget* m_stack;
    QLabel* m_empty;
    QLabel* m_envelope;
    QTabWidget* m_tabs;
    QPlainTextEdit* m_text;
    QWidget* m_htmlTab;
    SafeHtmlView* m_html = nullptr;
    QTableWidget* m_headers;
};

} // namespace hookscope::ui
