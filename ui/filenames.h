#pragma once

#include "core/common/filename.h"

#include <QString>

namespace hookscope::ui {

/// The window saves attachments under the names the command line gives them.
using hookscope::sanitizeFileName;

/** `directory/name`, or `name (2).ext`, `name (3).ext`… when that exists: never an existing file. */
QString uniqueFilePath(const QString& directory, const QString& name);

} // namespace hookscope::ui
