#include "attemptcomparedialog.h"

#include "textdiff.h"
#include "wording.h"

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
    const DiffView diff = renderDiff(diffLines(responseLines(a), responseLines(b)), palette());
    m_text = diff.plain;
    const int removed = diff.removed;
    const int added = diff.added;
    const QString html = diff.html;
    m_view->setObjectName(u"diff"_s);
    m_view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_view->setHtml(html);
    m_summary->setText(
        u"<b>−</b> %1<br><b>+</b> %2<br>%3"_s.arg(describe(a).toHtmlEscaped(), describe(b).toHtmlEscaped(),
            removed + added == 0 ? u"The responses are identical."_s
                                 : u"%1 only in the first, %2 only in the second."_s.arg(
                                     counted(removed, u"line"_s, u"lines"_s), QLocale().toString(added))));
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
