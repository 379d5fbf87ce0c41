#include "clipboard.h"

#include <QApplication>
#include <QClipboard>
#include <QStatusBar>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

void copyToClipboard(QStatusBar* bar, const QString& text, const QString& what)
{
    QApplication::clipboard()->setText(text);
    if (bar)
        bar->showMessage(u"Copied %1"_s.arg(what), 3000);
}

} // namespace hookscope::ui
