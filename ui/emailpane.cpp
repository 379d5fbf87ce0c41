#include "emailpane.h"

#include "htmlutil.h"
#include "safehtmlview.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

static QString addressText(const email::Address& a)
{
    if (a.name.isEmpty())
        return a.address;
    return u"%1 <%2>"_s.arg(a.name, a.address);
}

static QString addressList(const QList<email::Address>& list)
{
    QStringList out;
    for (const auto& a : list)
        out << addressText(a);
    return out.join(u", "_s);
}

EmailPane::EmailPane(QWidget* parent)
    : DetailPane(parent)
    , m_stack(new QStackedWidget(this))
    , m_empty(new QLabel(this))
    , m_envelope(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_text(new QPlainTextEdit(this))
    , m_htmlTab(new QWidget(this))
    , m_headers(new QTableWidget(this))
{
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_envelope->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_envelope->setWordWrap(true);
    m_envelope->setContentsMargins(8, 6, 8, 6);
    m_text->setReadOnly(true);
    m_headers->setColumnCount(2);
    m_headers->setHorizontalHeaderLabels({ u"Header"_s, u"Value"_s });
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->verticalHeader()->hide();
    m_headers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_headers->setAlternatingRowColors(true);
    m_headers->setWordWrap(false);
    m_tabs->setDocumentMode(true);
    // The HTML view comes with the first email shown (htmlViewForMessage): creating it starts Qt WebEngine, which the
    // window's first paint must not wait for.
    auto* htmlLayout = new QVBoxLayout(m_htmlTab);
    htmlLayout->setContentsMargins(0, 0, 0, 0);
    m_tabs->addTab(m_htmlTab, u"HTML"_s);
    m_tabs->addTab(m_text, u"Text"_s);
    m_tabs->addTab(m_headers, u"Headers"_s);

    auto* page = new QWidget(this);
    auto* pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->setSpacing(0);
    pageLayout->addWidget(m_envelope);
    pageLayout->addWidget(m_tabs, 1);
    m_stack->addWidget(page);
    m_stack->addWidget(m_empty);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
}

SafeHtmlView* EmailPane::htmlViewForMessage()
{
    if (!m_html) {
        m_html = new SafeHtmlView(m_htmlTab);
        m_htmlTab->layout()->addWidget(m_html);
    }
    return m_html;
}

void EmailPane::clearDetails()
{
    m_envelope->clear();
    m_text->clear();
    if (m_html)
        m_html->clear();
    m_headers->setRowCount(0);
}

void EmailPane::setDetails(const EventDetails& details)
{
    if (!details.email) {
        m_empty->setText(details.emailError.isEmpty()
                ? u"This event carries no email."_s
                : u"The payload could not be read as email:\n"_s + details.emailError);
        m_stack->setCurrentWidget(m_empty);
        if (m_html)
            m_html->clear();
        return;
    }
    m_stack->setCurrentIndex(0);
    const email::EmailMessage& m = *details.email;
    QString env = u"<table cellspacing=0>"_s;
    env += infoRow(u"From"_s, esc(addressText(m.from)));
    env += infoRow(u"To"_s, esc(addressList(m.to)));
    if (!m.cc.isEmpty())
        env += infoRow(u"Cc"_s, esc(addressList(m.cc)));
    env += infoRow(u"Subject"_s, u"<b>%1</b>"_s.arg(esc(m.subject.isEmpty() ? u"(no subject)"_s : m.subject)));
    // The message's Date header as its sender wrote it; when the provider also said when it received the mail,
    // that is shown as such, never in place of the Date.
    if (!m.date.isEmpty())
        env += infoRow(u"Date"_s, esc(m.date));
    if (!m.receivedAt.isEmpty() && m.receivedAt != m.date)
        env += infoRow(u"Received"_s, esc(m.receivedAt));
    if (!m.messageId.isEmpty())
        env += infoRow(u"Message-ID"_s, esc(m.messageId));
    env += u"</table>"_s;
    m_envelope->setText(env);

    m_text->setPlainText(m.text.value_or(QString()));
    if (!m.text)
        m_text->setPlaceholderText(u"The message has no plain-text body."_s);

    QHash<QString, InlinePart> parts;
    for (const auto& a : m.attachments) {
        if (!a.contentId.isEmpty())
            parts.insert(a.contentId, { a.contentType.toUtf8(), a.data });
    }
    SafeHtmlView* html = htmlViewForMessage();
    if (m.html) {
        html->setMessage(*m.html, parts);
    } else {
        const QString muted = mutedColor();
        html->setMessage(u"<html><body style='font-family:sans-serif;color:%1;text-align:center;padding-top:40px'>"
                         u"The message has no HTML body.</body></html>"_s.arg(muted),
            {});
    }
    m_tabs->setCurrentIndex(m.html ? 0 : 1);

    m_headers->setRowCount(0);
    for (auto it = m.headers.begin(); it != m.headers.end(); ++it) {
        QStringList values;
        if (it.value().isArray())
            for (const auto& v : it.value().toArray())
                values << v.toString();
        else
            values << it.value().toString();
        for (const QString& v : values) {
            const int row = m_headers->rowCount();
            m_headers->insertRow(row);
            m_headers->setItem(row, 0, new QTableWidgetItem(it.key()));
            auto* value = new QTableWidgetItem(v);
            value->setToolTip(v);
            m_headers->setItem(row, 1, value);
        }
    }
    m_headers->resizeColumnToContents(0);
}

} // namespace hookscope::ui
