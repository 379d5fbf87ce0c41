#include "filename.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace hookscope {

namespace {

bool unsafe(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Other_Control: // C0, DEL, C1 (U+0080–U+009F), NUL
    case QChar::Other_Format: // U+202E and the other bidirectional controls, zero-width characters, soft hyphen
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return true;
    default:
        break;
    }
    switch (c) {
    case u'/':
    case u'\\':
    case u':':
    case u'*':
    case u'?':
    case u'"':
    case u'<':
    case u'>':
    case u'|':
        return true;
    default:
        return false;
    }
}

} // namespace

QString sanitizeFileName(const QString& name, const QString& fallback)
{
    QString out;
    out.reserve(name.size());
    // By code point, so a character outside the BMP is judged whole and a lone surrogate is replaced.
    for (const char32_t c : name.toUcs4()) {
        if (unsafe(c))
            out += u'_';
        else
            out += QString::fromUcs4(&c, 1);
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
        while ((base + u'.' + ext).toUtf8().size() > 200 || (!base.isEmpty() && base.back().isHighSurrogate()))
            base.chop(1);
        out = ext.isEmpty() ? base : base + u'.' + ext;
    }
    return out;
}

} // namespace hookscope
