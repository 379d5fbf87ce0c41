#pragma once

#include <QList>
#include <QStringList>

namespace hookscope::ui {

/** One line of a line diff: in both texts, only in the first (removed) or only in the second (added). */
struct DiffLine {
    enum Kind { Same, Removed, Added };
    Kind kind = Same;
    QString text;
};

/** A line diff of `a` against `b` (longest common subsequence; quadratic, for responses of a few thousand lines). */
QList<DiffLine> diffLines(const QStringList& a, const QStringList& b);

} // namespace hookscope::ui
