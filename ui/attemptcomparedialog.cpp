#include "attemptcomparedialog.h"

#include "textdiff.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

namespace {

QString describe(const replay::AttemptRow& a)
{
    return u"%1 · attempt %2 · %3"_s.arg(a.runId.left(8))
        .arg(a.attempt)
        .arg(a.status ? u"HTTP %1"_s.arg(a.status) : (a.error.isEmpty() ? a.state : a.error));
}

} // namespace

QStringList AttemptCompareDialog::responseLines(const replay::AttemptRow& attempt)
{
    QStringList lines;
    if (attempt.responseHead.isEmpty())
        lines << (attempt.status ? u"HTTP %1"_s.arg(attempt.status) : u"(no response: %1)"_s.arg(attempt.error));
    else
        lines << QString::fromUtf8(attempt.responseHead).trimmed().split(u"\r\n"_s);
    lines << QString();
    if (!attempt.responseBody.isEmpty())
        lines << QString::fromUtf8(attempt.responseBody).split(u'\n');
    for (QString& l : lines)
        if (l.endsWith(u'\r'))
            l.chop(1);
    return lines;
}

AttemptCompareDialog::AttemptCompareDialog(const replay::AttemptRow& a, const replay::AttemptRow& b, QWidget* parent)
    : QDialog(parent)
    , m_view(new QTextBrowser(this))
    , m_summary(new QLabel(this))
{
    setObjectName(u"attemptCompareDialog"_s);
    setWindowTitle(u"Compare responses"_s);
    const QList<DiffLine> diff = diffLines(responseLines(a), responseLines(b));
    int removed = 0, added = 0;
    const QColor removedBg
        = palette().color(QPalette::Base).lightness() > 128 ? QColor(0xff, 0xe0, 0xe0) : QColor(0x5a, 0x20, 0x20);
    const QColor addedBg
        = palette().color(QPalette::Base).lightness() > 128 ? QColor(0xd8, 0xf5, 0xd8) : QColor(0x20, 0x4a, 0x20);
    QString html = u"<pre style=\"margin:0\">"_s;
    for (const DiffLine& l : diff) {
        const QString mark = l.kind == DiffLine::Removed ? u"-"_s : l.kind == DiffLine::Added ? u"+"_s : u" "_s;
        m_text += mark + l.text + u'\n';
        const QString escaped = QString(mark + l.text).toHtmlEscaped();
        if (l.kind == DiffLine::Same)
            html += escaped + u'\n';
        else
            html += u"<span style=\"background-color:%1\">%2</span>\n"_s.arg(
                (l.kind == DiffLine::Removed ? removedBg : addedBg).name(), escaped);
        removed += l.kind == DiffLine::Removed;
        added += l.kind == DiffLine::Added;
    }
    html += u"</pre>"_s;
    m_view->setObjectName(u"diff"_s);
    m_view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_view->setHtml(html);
    m_summary->setText(
        u"<b>−</b> %1<br><b>+</b> %2<br>%3"_s.arg(describe(a).toHtmlEscaped(), describe(b).toHtmlEscaped(),
            removed + added == 0 ? u"The responses are identical."_s
                                 : u"%1 line(s) only in the first, %2 only in the second."_s.arg(removed).arg(added)));
    m_summary->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_view, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(760, 520);
}

} // namespace hookscope::ui
