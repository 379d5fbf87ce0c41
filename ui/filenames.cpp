#include "filenames.h"

#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace hookscope::ui {

QString sanitizeFileName(const QString& name, const QString& fallback)
{
    QString out;
    out.reserve(name.size());
    for (const QChar c : name) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format || c == u'/' || c == u'\\'
            || c == u':' || c == u'*' || c == u'?' || c == u'"' || c == u'<' || c == u'>' || c == u'|')
            out += u'_';
        else
            out += c;
    }
    // ".." anywhere could still mean something to some tool; leading dots would hide the file.
    while (out.contains(u".."_s))
        out.replace(u".."_s, u"."_s);
    out = out.trimmed();
    while (out.startsWith(u'.'))
        out.remove(0, 1);
    while (out.endsWith(u'.') || out.endsWith(u' '))
        out.chop(1);
    if (out.isEmpty() || out == u"_"_s)
        out = fallback;
    // Keep names within common file-system limits (255 bytes), extension preserved.
    if (out.toUtf8().size() > 200) {
        const QFileInfo info(out);
        const QString ext = info.suffix().left(16);
        QString base = info.completeBaseName();
        while ((base + u'.' + ext).toUtf8().size() > 200)
            base.chop(1);
        out = ext.isEmpty() ? base : base + u'.' + ext;
    }
    return out;
}

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
