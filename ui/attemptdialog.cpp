#include "attemptdialog.h"

#include "eventcomparedialog.h"
#include "textdiff.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStringDecoder>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {

/** A body as a person reads it: JSON indented, UTF-8 text as it is, anything else as hex, 16 bytes a line. */
QString readableBody(const QByteArray& body)
{
    if (body.isEmpty())
        return u"(no body)"_s;
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(body, &error);
    if (error.error == QJsonParseError::NoError && !json.isNull())
        return QString::fromUtf8(json.toJson(QJsonDocument::Indented)).trimmed();
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = utf8.decode(body);
    if (!utf8.hasError() && !text.contains(QChar(0)))
        return text;
    QString hex = u"(%1 bytes that are not UTF-8 text, in hex)\n"_s.arg(body.size());
    for (qsizetype at = 0; at < body.size(); at += 16)
        hex += u"%1  %2\n"_s.arg(at, 8, 16, QLatin1Char('0')).arg(QString::fromLatin1(body.mid(at, 16).toHex(' ')));
    return hex;
}

QPlainTextEdit* textView(const QString& name, QWidget* parent)
{
    auto* view = new QPlainTextEdit(parent);
    view->setObjectName(name);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return view;
}

QWidget* titled(const QString& title, QWidget* body, QWidget* parent)
{
    auto* box = new QWidget(parent);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* label = new QLabel(title, box);
    label->setBuddy(body);
    layout->addWidget(label);
    layout->addWidget(body, 1);
    return box;
}

} // namespace

QString AttemptDialog::readable(const QByteArray& head, const QByteArray& body)
{
    // The head is shown as written or read (the sender controls its bytes: shown as text, never interpreted).
    QString text = QString::fromUtf8(head).trimmed();
    text.replace(u"\r\n"_s, u"\n"_s);
    return text + u"\n\n"_s + readableBody(body);
}

AttemptDialog::AttemptDialog(const replay::AttemptRow& a, const store::DeliveryRow* original, QWidget* parent)
    : QDialog(parent)
    , m_summary(new QLabel(this))
    , m_request(textView(u"attemptRequest"_s, this))
    , m_response(textView(u"attemptResponse"_s, this))
{
    setObjectName(u"attemptDialog"_s);
    setWindowTitle(u"Attempt %1 of %2 to %3"_s.arg(a.attempt).arg(a.maxAttempts).arg(a.target));
    QStringList facts;
    facts << (a.mode.isEmpty() ? a.kind : u"%1 (%2)"_s.arg(a.kind, a.mode));
    if (a.startedUs)
        facts << QDateTime::fromMSecsSinceEpoch(a.startedUs / 1000).toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s);
    facts << (a.status ? u"answered %1 in %2 ms"_s.arg(a.status).arg(a.latencyMs) : a.state);
    if (!a.error.isEmpty())
        facts << a.error;
    m_summary->setText(facts.join(u" · "_s));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);

    m_request->setPlainText(a.requestHead.isEmpty() && a.requestBody.isEmpty()
            ? u"(nothing was sent: %1)"_s.arg(a.error.isEmpty() ? a.state : a.error)
            : readable(a.requestHead, a.requestBody));
    m_response->setPlainText(a.responseHead.isEmpty() && a.responseBody.isEmpty()
            ? u"(no response: %1)"_s.arg(a.error.isEmpty() ? a.state : a.error)
            : readable(a.responseHead, a.responseBody));

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(titled(u"&Sent"_s, m_request, split));
    split->addWidget(titled(u"&Received"_s, m_response, split));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    if (original && !a.requestHead.isEmpty()) {
        // What the replay changed in the request as captured: the same lines Compare two events diffs.
        store::DeliveryRow sent;
        sent.rawHead = a.requestHead;
        sent.body = a.requestBody;
        const DiffView diff = renderDiff(
            diffLines(EventCompareDialog::requestLines(*original), EventCompareDialog::requestLines(sent)), palette());
        m_diffText = diff.plain;
        m_diff = new QTextBrowser(this);
        m_diff->setObjectName(u"attemptOriginalDiff"_s);
        m_diff->setOpenLinks(false);
        m_diff->setHtml(diff.html);
        auto* tabs = new QTabWidget(this);
        tabs->addTab(split, u"Sent and received"_s);
        tabs->addTab(m_diff,
            diff.removed + diff.added == 0
                ? u"Changes from the original (none)"_s
                : u"Changes from the original (-%1 +%2)"_s.arg(diff.removed).arg(diff.added));
        layout->addWidget(tabs, 1);
    } else {
        layout->addWidget(split, 1);
    }
    layout->addWidget(buttons);
    const int em = fontMetrics().horizontalAdvance(u'M');
    resize(100 * em, 40 * fontMetrics().height());
}

} // namespace hookscope::ui
