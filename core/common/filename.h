#pragma once

#include <QString>

namespace hookscope {

/**
 * A file name safe to create from a name a sender chose (an attachment's): no path separators, no `..`, no
 * control characters (C0, DEL, C1, a NUL included: replaced, never a place to cut the name), no invisible
 * format characters (bidirectional overrides such as U+202E, zero-width characters), no line or paragraph
 * separators, not hidden, not empty, not too long; the extension is kept. The one sanitizer the command line
 * and the window both use.
 */
QString sanitizeFileName(const QString& name, const QString& fallback = QStringLiteral("attachment"));

} // namespace hookscope
