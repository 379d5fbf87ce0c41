#pragma once

#include <QString>

namespace hookscope::ui {

/** Escapes text for Qt rich text. */
inline QString esc(const QString& text)
{
    return text.toHtmlEscaped();
}

/** The palette's muted text colour, as a CSS colour. */
QString mutedColor();

/** A two-column row of a Qt rich-text table: muted label, value (already HTML). */
QString infoRow(const QString& label, const QString& valueHtml);

} // namespace hookscope::ui
