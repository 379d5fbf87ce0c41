#pragma once

#include <QString>

namespace hookscope::ui {

/**
 * A file name safe to create from a name an email sender chose: no path separators, no `..`, no
 * control characters, not hidden, not empty, not too long; the extension is kept.
 */
QString sanitizeFileName(const QString& name, const QString& fallback = QStringLiteral("attachment"));

/** `directory/name`, or `name (2).ext`, `name (3).ext`… when that exists: never an existing file. */
QString uniqueFilePath(const QString& directory, const QString& name);

} // namespace hookscope::ui
