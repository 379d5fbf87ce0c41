#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace hookscope::scan {

/** One risky thing about an attachment: its id (below) and a sentence saying what was found. */
struct Flag {
    QString id;
    QString reason;

    bool operator==(const Flag&) const = default;
};

/** The flag ids (PRODUCT.md, "Attachment safety"). */
namespace flag {
inline const QString kTypeMismatch = QStringLiteral("type-mismatch");
inline const QString kExecutable = QStringLiteral("executable");
inline const QString kScript = QStringLiteral("script");
inline const QString kMacro = QStringLiteral("macro");
inline const QString kActiveContent = QStringLiteral("active-content");
inline const QString kArchiveEncrypted = QStringLiteral("archive-encrypted");
inline const QString kArchiveNested = QStringLiteral("archive-nested");
inline const QString kArchiveBomb = QStringLiteral("archive-bomb");
inline const QString kDoubleExtension = QStringLiteral("double-extension");
inline const QString kRtlOverride = QStringLiteral("rtl-override");
} // namespace flag

/** What looking at an attachment's bytes found (clamd aside). */
struct Inspection {
    QString detectedType; ///< libmagic's MIME type of the content
    QList<Flag> flags;

    bool has(const QString& id) const;
};

/** The content's MIME type by libmagic (MAGIC_MIME_TYPE), from its first MiB; empty when libmagic cannot load. */
QString detectType(const QByteArray& data);

/**
 * Inspects one attachment: its detected type against the declared one and the name's extension (`type-mismatch`),
 * executables and scripts, macro-enabled Office files, HTML/SVG with script, archives (read from memory with
 * libarchive, never extracted: encrypted entries, nesting, expansion ratio), double extensions and bidirectional
 * override characters in the name. Pure: no I/O but libmagic's database.
 *
 * Type mismatch: the detected type and the declared one (and the extension's type) are put in families (executable,
 * html, svg, image, audio, video, pdf, zip container (ZIP, OOXML, ODF, JAR, EPUB), OLE container, text (any text/ type,
 * JSON, XML, message/ types)); only a difference of family is a mismatch, and a side that says nothing (empty,
 * application/octet-stream, libmagic's application/x-empty) is never one. So text/plain declared text/csv, a JPEG
 * named .png, a DOCX libmagic calls application/zip and a CSV declared application/vnd.ms-excel are not flagged; an
 * ELF declared application/pdf, HTML named .png or a PDF declared image/jpeg are.
 */
Inspection inspect(const QString& filename, const QString& declaredType, const QByteArray& data);

/** Limits of the archive rules. */
struct ArchiveLimits {
    int maxNesting = 2; ///< archives inside archives: deeper than this is `archive-nested`
    qint64 ratio = 100; ///< expanded / packed at least this much…
    qint64 minExpanded = 1024 * 1024; ///< …and expanding to at least this much is `archive-bomb`
    qint64 maxExpanded = qint64(1) << 30; ///< expanding past this is `archive-bomb` whatever the ratio
    qint64 maxNestedRead = 16 * 1024 * 1024; ///< an inner archive larger than this is not opened (memory bound)
};

} // namespace hookscope::scan
