#include "filenames.h"

#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

QString uniqueFilePath(const QString& directory, const QString& name)
{
    const QDir dir(directory);
    const QString safe = sanitizeFileName(name);
    QString candidate = dir.filePath(safe);
    if (!QFileInfo::exists(candidate))
        return candidate;
    const QFileInfo info(safe);
    const QString base = info.completeBaseName();
    const QString ext = info.suffix();
    for (int i = 2;; ++i) {
        candidate
            = dir.filePath(ext.isEmpty() ? u"%1 (%2)"_s.arg(base).arg(i) : u"%1 (%2).%3"_s.arg(base).arg(i).arg(ext));
        if (!QFileInfo::exists(candidate))
            return candidate;
    }
}

} // namespace hookscope::ui
