#include "inspection.h"

#include <QFileInfo>
#include <QMimeDatabase>
#include <QRegularExpression>
#include <QSet>

#include <archive.h>
#include <archive_entry.h>
#include <magic.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace hookscope::scan {

bool Inspection::has(const QString& id) const
{
    return std::any_of(flags.begin(), flags.end(), [&](const Flag& f) { return f.id == id; });
}

namespace {

/** libmagic's handle is not thread-safe: one per thread, loaded once. */
class Magic {
public:
    Magic()
        : m_cookie(magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS))
    {
        if (m_cookie && magic_load(m_cookie, nullptr) != 0) {
            magic_close(m_cookie);
            m_cookie = nullptr;
        }
    }
    ~Magic()
    {
        if (m_cookie)
            magic_close(m_cookie);
    }
    Magic(const Magic&) = delete;
    Magic& operator=(const Magic&) = delete;

    QString type(const QByteArray& data) const
    {
        if (!m_cookie)
            return {};
        const char* t = magic_buffer(m_cookie, data.constData(), size_t(qMin<qsizetype>(data.size(), 1 << 20)));
        return t ? QString::fromLatin1(t).toLower() : QString();
    }

private:
    magic_t m_cookie = nullptr;
};

const QSet<QString> kExecutableTypes { u"application/x-executable"_s, u"application/x-pie-executable"_s,
    u"application/x-sharedlib"_s, u"application/x-dosexec"_s, u"application/x-mach-binary"_s,
    u"application/vnd.microsoft.portable-executable"_s, u"application/x-msdownload"_s, u"application/x-elf"_s,
    u"application/x-coff"_s, u"application/x-object"_s, u"application/x-ms-dos-executable"_s,
    u"application/x-ms-ne-executable"_s, u"application/x-msi"_s, u"application/x-ms-shortcut"_s };
const QSet<QString> kScriptTypes { u"text/x-shellscript"_s, u"application/x-shellscript"_s, u"text/x-python"_s,
    u"text/x-script.python"_s, u"text/x-perl"_s, u"text/x-php"_s, u"text/x-ruby"_s, u"text/x-msdos-batch"_s,
    u"application/x-bat"_s, u"text/x-tcl"_s, u"text/x-lua"_s, u"application/x-sh"_s, u"application/x-csh"_s };
const QSet<QString> kExecutableExtensions { u"exe"_s, u"dll"_s, u"scr"_s, u"com"_s, u"pif"_s, u"cpl"_s, u"msi"_s,
    u"msp"_s, u"sys"_s, u"drv"_s, u"ocx"_s, u"elf"_s, u"app"_s, u"apk"_s, u"deb"_s, u"rpm"_s, u"jar"_s, u"lnk"_s,
    u"appimage"_s, u"run"_s, u"dmg"_s, u"pkg"_s, u"so"_s, u"dylib"_s };
const QSet<QString> kScriptExtensions { u"bat"_s, u"cmd"_s, u"ps1"_s, u"psm1"_s, u"psd1"_s, u"vbs"_s, u"vbe"_s, u"js"_s,
    u"jse"_s, u"mjs"_s, u"wsf"_s, u"wsh"_s, u"hta"_s, u"sh"_s, u"bash"_s, u"zsh"_s, u"csh"_s, u"py"_s, u"pyw"_s,
    u"pl"_s, u"rb"_s, u"php"_s, u"reg"_s, u"scf"_s, u"inf"_s, u"msc"_s, u"applescript"_s, u"command"_s };
const QSet<QString> kMacroExtensions { u"docm"_s, u"dotm"_s, u"xlsm"_s, u"xltm"_s, u"xlam"_s, u"xlsb"_s, u"pptm"_s,
    u"potm"_s, u"ppam"_s, u"ppsm"_s, u"sldm"_s };
/** What a double extension pretends to be: documents, media, archives. */
const QSet<QString> kDecoyExtensions { u"pdf"_s, u"doc"_s, u"docx"_s, u"xls"_s, u"xlsx"_s, u"ppt"_s, u"pptx"_s,
    u"odt"_s, u"ods"_s, u"rtf"_s, u"txt"_s, u"csv"_s, u"jpg"_s, u"jpeg"_s, u"png"_s, u"gif"_s, u"bmp"_s, u"tif"_s,
    u"tiff"_s, u"heic"_s, u"mp3"_s, u"mp4"_s, u"wav"_s, u"avi"_s, u"mov"_s, u"zip"_s, u"rar"_s, u"7z"_s, u"htm"_s,
    u"html"_s, u"eml"_s, u"ics"_s };
const QSet<QString> kArchiveExtensions { u"zip"_s, u"jar"_s, u"7z"_s, u"rar"_s, u"tar"_s, u"gz"_s, u"tgz"_s, u"bz2"_s,
    u"xz"_s, u"zst"_s, u"cab"_s, u"iso"_s, u"docx"_s, u"xlsx"_s, u"pptx"_s, u"docm"_s, u"xlsm"_s, u"pptm"_s, u"odt"_s };
const QSet<QString> kArchiveTypes { u"application/zip"_s, u"application/x-zip-compressed"_s,
    u"application/java-archive"_s, u"application/x-7z-compressed"_s, u"application/x-rar"_s, u"application/vnd.rar"_s,
    u"application/x-rar-compressed"_s, u"application/x-tar"_s, u"application/gzip"_s, u"application/x-gzip"_s,
    u"application/x-bzip2"_s, u"application/x-xz"_s, u"application/zstd"_s, u"application/vnd.ms-cab-compressed"_s,
    u"application/x-iso9660-image"_s, u"application/x-cpio"_s, u"application/x-archive"_s, u"application/epub+zip"_s };
/** Single compressed streams: read through libarchive's "raw" format so that their expansion is known. */
const QSet<QString> kCompressedStreamTypes { u"application/gzip"_s, u"application/x-gzip"_s, u"application/x-bzip2"_s,
    u"application/x-xz"_s, u"application/zstd"_s };

QString lastExtension(const QString& name)
{
    const qsizetype dot = name.lastIndexOf(u'.');
    return dot < 0 ? QString() : name.mid(dot + 1).trimmed().toLower();
}

bool isArchiveType(const QString& type)
{
    return kArchiveTypes.contains(type) || type.startsWith(u"application/vnd.openxmlformats-officedocument."_s)
        || type.startsWith(u"application/vnd.oasis.opendocument."_s) || type.contains(u"macroenabled"_s);
}

/** The family a MIME type belongs to for the mismatch rule; empty when the type says nothing. */
QString family(const QString& type)
{
    const QString t = type.trimmed().toLower();
    if (t.isEmpty() || t == u"application/octet-stream"_s || t == u"binary/octet-stream"_s
        || t == u"application/x-empty"_s || t == u"application/unknown"_s || t == u"application/binary"_s
        || t.startsWith(u"inode/"_s))
        return {};
    if (kExecutableTypes.contains(t))
        return u"executable"_s;
    if (t == u"text/html"_s || t == u"application/xhtml+xml"_s)
        return u"html"_s;
    if (t == u"image/svg+xml"_s)
        return u"svg"_s;
    if (t.startsWith(u"image/"_s))
        return u"image"_s;
    if (t.startsWith(u"audio/"_s))
        return u"audio"_s;
    if (t.startsWith(u"video/"_s))
        return u"video"_s;
    if (t.startsWith(u"font/"_s) || t.contains(u"font"_s))
        return u"font"_s;
    if (t == u"application/pdf"_s || t == u"application/x-pdf"_s)
        return u"pdf"_s;
    if (t == u"application/zip"_s || t == u"application/x-zip-compressed"_s || t == u"application/java-archive"_s
        || t == u"application/epub+zip"_s || t.startsWith(u"application/vnd.openxmlformats-officedocument."_s)
        || t.startsWith(u"application/vnd.oasis.opendocument."_s) || t.contains(u"macroenabled"_s))
        return u"zip"_s;
    if (t == u"application/msword"_s || t == u"application/vnd.ms-excel"_s || t == u"application/vnd.ms-powerpoint"_s
        || t == u"application/x-ole-storage"_s || t == u"application/cdfv2"_s || t == u"application/vnd.ms-outlook"_s
        || t == u"application/vnd.ms-office"_s)
        return u"ole"_s;
    if (kScriptTypes.contains(t) || t.startsWith(u"text/"_s) || t.startsWith(u"message/"_s)
        || t == u"application/json"_s || t.endsWith(u"+json"_s) || t == u"application/xml"_s || t.endsWith(u"+xml"_s)
        || t == u"application/javascript"_s || t == u"application/rtf"_s || t == u"application/x-sh"_s
        || t == u"application/pgp-signature"_s || t == u"application/pgp-keys"_s)
        return u"text"_s;
    return t;
}

/** Whether content of family `detected` may honestly carry the `claimed` type (see inspect()). */
bool compatible(const QString& detected, const QString& claimedType)
{
    const QString claimed = family(claimedType);
    if (detected.isEmpty() || claimed.isEmpty() || detected == claimed)
        return true;
    // Spreadsheets exported as CSV are routinely declared as Excel; a plain-text file is text either way.
    if (detected == u"text"_s && claimedType.toLower() == u"application/vnd.ms-excel"_s)
        return true;
    return false;
}

QString extensionType(const QString& filename)
{
    if (lastExtension(filename).isEmpty())
        return {};
    static const QMimeDatabase db;
    const QMimeType t = db.mimeTypeForFile(filename, QMimeDatabase::MatchExtension);
    return t.isValid() && !t.isDefault() ? t.name() : QString();
}

struct ArchiveFindings {
    bool encrypted = false;
    int deepest = 0; ///< archive levels seen (1: the attachment itself)
    qint64 expanded = 0; ///< of the outermost archive
    bool expansionCapped = false;
    QString macroEntry;
    QString executableEntry;
    int entries = 0;
};

/**
 * Walks the archive's directory in memory. Entries whose size the directory does not say are read (in memory, into a
 * scratch buffer, up to `limits`) only to count their bytes; inner archives up to maxNestedRead are opened in memory.
 */
void walkArchive(const QByteArray& data, bool rawStream, int level, const ArchiveLimits& limits, ArchiveFindings& out)
{
    out.deepest = qMax(out.deepest, level);
    std::unique_ptr<archive, int (*)(archive*)> a(archive_read_new(), archive_read_free);
    archive_read_support_filter_all(a.get());
    if (rawStream) {
        archive_read_support_format_raw(a.get());
    } else {
        archive_read_support_format_all(a.get());
    }
    if (archive_read_open_memory(a.get(), data.constData(), size_t(data.size())) != ARCHIVE_OK)
        return;
    const qint64 bombAt
        = qMin(limits.maxExpanded, qMax(limits.minExpanded, limits.ratio * qMax<qint64>(1, data.size())));
    qint64 expanded = 0;
    archive_entry* entry = nullptr;
    QByteArray scratch(64 * 1024, Qt::Uninitialized);
    for (int r; (r = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN;) {
        ++out.entries;
        const char* utf8 = archive_entry_pathname_utf8(entry);
        const QString name = utf8 ? QString::fromUtf8(utf8) : QString::fromLocal8Bit(archive_entry_pathname(entry));
        const QString base = name.section(u'/', -1).toLower();
        if (archive_entry_is_encrypted(entry))
            out.encrypted = true;
        if (base == u"vbaproject.bin"_s && out.macroEntry.isEmpty())
            out.macroEntry = name;
        const QString ext = lastExtension(base);
        if ((kExecutableExtensions.contains(ext) || kScriptExtensions.contains(ext)) && out.executableEntry.isEmpty())
            out.executableEntry = name;
        if (archive_entry_is_encrypted(entry) || archive_entry_filetype(entry) != AE_IFREG) {
            continue;
        }
        const bool inner = kArchiveExtensions.contains(ext) && level <= limits.maxNesting;
        const bool sized = archive_entry_size_is_set(entry) && !rawStream;
        if (sized && !inner) {
            expanded += archive_entry_size(entry);
        } else if (inner && sized && archive_entry_size(entry) > limits.maxNestedRead) {
            expanded += archive_entry_size(entry);
        } else {
            // Read in memory: to count what the directory does not say, or to open an inner archive.
            QByteArray content;
            qint64 counted = 0;
            for (;;) {
                const la_ssize_t n = archive_read_data(a.get(), scratch.data(), size_t(scratch.size()));
                if (n <= 0)
                    break;
                counted += n;
                if (inner && counted <= limits.maxNestedRead)
                    content.append(scratch.constData(), n);
                if (expanded + counted >= bombAt)
                    break;
            }
            expanded += counted;
            if (inner && counted <= limits.maxNestedRead && !content.isEmpty()) {
                const QString innerType = detectType(content);
                walkArchive(content, kCompressedStreamTypes.contains(innerType), level + 1, limits, out);
            }
        }
        if (expanded >= bombAt) {
            out.expansionCapped = true;
            break;
        }
    }
    if (archive_read_has_encrypted_entries(a.get()) > 0)
        out.encrypted = true;
    if (level == 1)
        out.expanded = expanded;
}

QString sizeText(qint64 bytes)
{
    if (bytes >= 1024 * 1024)
        return u"%1 MiB"_s.arg(double(bytes) / (1024 * 1024), 0, 'f', 1);
    if (bytes >= 1024)
        return u"%1 KiB"_s.arg(double(bytes) / 1024, 0, 'f', 1);
    return u"%1 bytes"_s.arg(bytes);
}

} // namespace

QString detectType(const QByteArray& data)
{
    thread_local const Magic magic;
    return magic.type(data);
}

Inspection inspect(const QString& filename, const QString& declaredType, const QByteArray& data)
{
    Inspection out;
    out.detectedType = detectType(data);
    const QString detected = out.detectedType;
    const QString declared = declaredType.trimmed().toLower();
    const QString ext = lastExtension(filename);
    const QString byExtension = extensionType(filename);

    // Type mismatch: the content's family against the declared type's and the extension's.
    const QString detectedFamily = family(detected);
    if (!compatible(detectedFamily, declared))
        out.flags << Flag { flag::kTypeMismatch,
            u"the content is %1, but it is declared %2"_s.arg(detected, declared) };
    else if (!compatible(detectedFamily, byExtension))
        out.flags << Flag { flag::kTypeMismatch,
            u"the content is %1, but it is named .%2 (%3)"_s.arg(detected, ext, byExtension) };

    // Executables and scripts, by content or by name.
    if (kExecutableTypes.contains(detected))
        out.flags << Flag { flag::kExecutable, u"the content is an executable program (%1)"_s.arg(detected) };
    else if (kExecutableExtensions.contains(ext))
        out.flags << Flag { flag::kExecutable, u"named .%1, a program that runs when opened"_s.arg(ext) };
    if (kScriptTypes.contains(detected))
        out.flags << Flag { flag::kScript, u"the content is a script (%1)"_s.arg(detected) };
    else if (kScriptExtensions.contains(ext))
        out.flags << Flag { flag::kScript, u"named .%1, a script that runs when opened"_s.arg(ext) };

    // HTML and SVG that carry script.
    const QString df = detectedFamily;
    const bool markup = df == u"html"_s || df == u"svg"_s || family(declared) == u"html"_s
        || family(declared) == u"svg"_s
        || QSet<QString> { u"html"_s, u"htm"_s, u"xhtml"_s, u"shtml"_s, u"svg"_s, u"svgz"_s, u"mht"_s, u"mhtml"_s }
               .contains(ext);
    if (markup) {
        static const QRegularExpression script(
            uR"(<script[\s>/]|javascript\s*:|<[a-z][^>]*\son[a-z]+\s*=|<foreignobject[\s>])"_s,
            QRegularExpression::CaseInsensitiveOption);
        const QString text = QString::fromLatin1(data.left(4 << 20));
        const QRegularExpressionMatch m = script.match(text);
        if (m.hasMatch())
            out.flags << Flag { flag::kActiveContent,
                u"%1 with script (%2)"_s.arg(df == u"svg"_s || ext.startsWith(u"svg"_s) ? u"SVG"_s : u"HTML"_s,
                    m.captured().simplified().left(40)) };
    }

    // Macro-enabled Office files, by name or type; vbaProject.bin inside is found with the archives below.
    bool macro = false;
    if (kMacroExtensions.contains(ext) || detected.contains(u"macroenabled"_s)
        || declared.contains(u"macroenabled"_s)) {
        out.flags << Flag { flag::kMacro,
            u"a macro-enabled Office file (%1)"_s.arg(kMacroExtensions.contains(ext) ? u"."_s + ext : detected) };
        macro = true;
    }

    // Archives: the directory, read from memory.
    if (isArchiveType(detected) || data.startsWith("PK\x03\x04")) {
        ArchiveFindings a;
        const ArchiveLimits limits;
        walkArchive(data, kCompressedStreamTypes.contains(detected), 1, limits, a);
        if (!a.macroEntry.isEmpty() && !macro)
            out.flags << Flag { flag::kMacro, u"an Office file with macros (%1 inside)"_s.arg(a.macroEntry) };
        if (a.encrypted)
            out.flags << Flag { flag::kArchiveEncrypted, u"an encrypted archive: its content cannot be scanned"_s };
        if (a.deepest > limits.maxNesting)
            out.flags << Flag { flag::kArchiveNested,
                u"archives nested %1 deep (more than %2)"_s.arg(a.deepest).arg(limits.maxNesting) };
        if (a.expansionCapped)
            out.flags << Flag { flag::kArchiveBomb,
                u"expands from %1 to %2 or more (%3:1 or more)"_s.arg(sizeText(data.size()), sizeText(a.expanded))
                    .arg(a.expanded / qMax<qint64>(1, data.size())) };
        if (!a.executableEntry.isEmpty() && !out.has(flag::kExecutable))
            out.flags << Flag { flag::kExecutable,
                u"an archive that contains a program (%1)"_s.arg(a.executableEntry) };
    }

    // The name: a decoy extension before a program's, and bidirectional overrides that reverse how it reads.
    const QStringList parts = filename.trimmed().toLower().split(u'.');
    if (parts.size() >= 3) {
        const QString outer = parts.last().trimmed();
        const QString inner = parts.at(parts.size() - 2).trimmed();
        if ((kExecutableExtensions.contains(outer) || kScriptExtensions.contains(outer))
            && kDecoyExtensions.contains(inner))
            out.flags << Flag { flag::kDoubleExtension,
                u"named .%1.%2: it looks like a .%1 but is a .%2"_s.arg(inner, outer) };
    }
    for (const QChar c : filename) {
        const ushort u = c.unicode();
        if ((u >= 0x202A && u <= 0x202E) || (u >= 0x2066 && u <= 0x2069)) {
            out.flags << Flag { flag::kRtlOverride,
                u"the name contains U+%1 (a bidirectional override): it reads differently than it is"_s.arg(
                    QString::number(u, 16).toUpper()) };
            break;
        }
    }
    return out;
}

} // namespace hookscope::scan
