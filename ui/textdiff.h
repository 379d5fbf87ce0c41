#pragma once

#include <QList>
#include <QStringList>

class QPalette;

namespace hookscope::ui {

/** One line of a line diff: in both texts, only in the first (removed) or only in the second (added). */
struct DiffLine {
    enum Kind { Same, Removed, Added };
    Kind kind = Same;
    QString text;
};

/** A line diff of `a` against `b` (longest common subsequence; quadratic, for responses of a few thousand lines). */
QList<DiffLine> diffLines(const QStringList& a, const QStringList& b);

/** A diff drawn for a QTextBrowser: the lines in a <pre>, removed and added ones on red and green for `palette`. */
struct DiffView {
    QString html;
    QString plain; ///< "-", "+" or " " before each line
    int removed = 0;
    int added = 0;
};
DiffView renderDiff(const QList<DiffLine>& diff, const QPalette& palette);

} // namespace hookscope::ui
