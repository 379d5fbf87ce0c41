#pragma once

// Internal helpers around GMime (not part of core's public interface: GMime is linked privately).

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <gmime/gmime.h>

#include <memory>

namespace hookscope::email::detail {

/** g_mime_init() exactly once per process, whichever thread gets there first. */
void ensureGMime();

struct GObjectDeleter {
    void operator()(gpointer object) const
    {
        if (object)
            g_object_unref(object);
    }
};
template<typename T> using GPtr = std::unique_ptr<T, GObjectDeleter>;

/** A GMime C string (UTF-8) as QString; null stays null. */
inline QString fromGMime(const char* s)
{
    return s ? QString::fromUtf8(s) : QString();
}

/** Where Python's email package (feedparser) ends a header block at the start of `bytes`. */
struct HeaderBlockEnd {
    qint64 leadingContinuations = 0; ///< bytes of continuation lines before the first header (dropped)
    qint64 separatorAt = -1; ///< a line that is not a header starts here: the body starts there, without an empty line
    bool closed = false; ///< an empty line ends the block
};
HeaderBlockEnd pythonHeaderBlockEnd(QByteArrayView bytes);

/**
 * Owns the GMime message parsed from a byte array, plus what the parser warned about.
 *
 * GMime is handed the bytes with their header block delimited the way Python's email package (policy=default)
 * delimits it, where the two differ: a line that is not a header (nor a continuation) ends the header block
 * and starts the body (GMime would skip it and read on, or find no message at all when it is the first line);
 * continuation lines before the first header are dropped. `source()` is what GMime read (every offset GMime
 * gives refers to it), `toOriginal()` maps such an offset back to the caller's bytes.
 */
class ParsedMime final {
public:
    /** Parses `raw` as a message (headers, body); nullptr message when GMime could not. */
    explicit ParsedMime(const QByteArray& raw);
    ~ParsedMime();
    ParsedMime(const ParsedMime&) = delete;
    ParsedMime& operator=(const ParsedMime&) = delete;

    GMimeMessage* message() const { return m_message.get(); }
    /** The bytes GMime read: the caller's, or a copy with the header block delimited as Python reads it. */
    const QByteArray& source() const { return m_source; }
    /** An offset in source() as an offset in the caller's bytes. */
    qint64 toOriginal(qint64 offset) const;
    QStringList warnings() const { return m_warnings; }

private:
    static void warn(gint64 offset, GMimeParserWarning code, const gchar* item, gpointer self);

    /** One change made to the caller's bytes: at `at` (in them), `removed` bytes replaced by `inserted` ones. */
    struct Edit {
        qint64 at = 0;
        qint64 removed = 0;
        qint64 inserted = 0;
    };
    QByteArray m_source;
    QList<Edit> m_edits;
    GMimeParserOptions* m_options = nullptr;
    GByteArray* m_borrowed = nullptr;
    GPtr<GMimeMessage> m_message;
    QStringList m_warnings;
};

/** [begin, end) of a leaf part's (still transfer-encoded) content in the source, when GMime kept it. */
bool contentRange(GMimePart* part, qint64& begin, qint64& end);

/** Offset of an object's first header line in the source; -1 without headers. */
qint64 headerOffset(GMimeObject* object);

} // namespace hookscope::email::detail
