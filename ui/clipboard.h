#pragma once

#include <QString>

class QStatusBar;

namespace hookscope::ui {

/** Puts `text` on the clipboard and says so in `bar` ("Copied `what`"); `bar` may be null. */
void copyToClipboard(QStatusBar* bar, const QString& text, const QString& what);

} // namespace hookscope::ui
