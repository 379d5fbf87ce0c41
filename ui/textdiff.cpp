#include "textdiff.h"

#include <QColor>
#include <QPalette>

#include <vector>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

QList<DiffLine> diffLines(const QStringList& a, const QStringList& b)
{
    // Common head and tail first: responses differ in a few lines, which keeps the table small.
    qsizetype head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head])
        ++head;
    qsizetype tail = 0;
    while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
        ++tail;
    const qsizetype n = a.size() - head - tail;
    const qsizetype m = b.size() - head - tail;
    std::vector<std::vector<int>> lcs(size_t(n + 1), std::vector<int>(size_t(m + 1), 0));
    for (qsizetype i = n - 1; i >= 0; --i)
        for (qsizetype j = m - 1; j >= 0; --j)
            lcs[size_t(i)][size_t(j)] = a[head + i] == b[head + j]
                ? lcs[size_t(i + 1)][size_t(j + 1)] + 1
                : std::max(lcs[size_t(i + 1)][size_t(j)], lcs[size_t(i)][size_t(j + 1)]);

    QList<DiffLine> out;
    for (qsizetype k = 0; k < head; ++k)
        out.append({ DiffLine::Same, a[k] });
    qsizetype i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[head + i] == b[head + j]) {
            out.append({ DiffLine::Same, a[head + i] });
            ++i;
            ++j;
        } else if (i < n && (j == m || lcs[size_t(i + 1)][size_t(j)] >= lcs[size_t(i)][size_t(j + 1)])) {
            out.append({ DiffLine::Removed, a[head + i] });
            ++i;
        } else {
            out.append({ DiffLine::Added, b[head + j] });
            ++j;
        }
    }
    for (qsizetype k = a.size() - tail; k < a.size(); ++k)
        out.append({ DiffLine::Same, a[k] });
    return out;
}

DiffView renderDiff(const QList<DiffLine>& diff, const QPalette& palette)
{
    const bool light = palette.color(QPalette::Base).lightness() > 128;
    const QColor removedBg = light ? QColor(0xff, 0xe0, 0xe0) : QColor(0x5a, 0x20, 0x20);
    const QColor addedBg = light ? QColor(0xd8, 0xf5, 0xd8) : QColor(0x20, 0x4a, 0x20);
    DiffView v;
    v.html = u"<pre style=\"margin:0\">"_s;
    for (const DiffLine& l : diff) {
        const QString mark = l.kind == DiffLine::Removed ? u"-"_s : l.kind == DiffLine::Added ? u"+"_s : u" "_s;
        v.plain += mark + l.text + u'\n';
        // Escaped: the lines are the sender's bytes, never markup.
        const QString escaped = QString(mark + l.text).toHtmlEscaped();
        if (l.kind == DiffLine::Same)
            v.html += escaped + u'\n';
        else
            v.html += u"<span style=\"background-color:%1\">%2</span>\n"_s.arg(
                (l.kind == DiffLine::Removed ? removedBg : addedBg).name(), escaped);
        v.removed += l.kind == DiffLine::Removed;
        v.added += l.kind == DiffLine::Added;
    }
    v.html += u"</pre>"_s;
    return v;
}

} // namespace hookscope::ui
