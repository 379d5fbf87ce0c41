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

/** Owns the GMime message parsed from a byte array, plus what the parser warned about. */
class ParsedMime final {
public:
    /** Parses `raw` as a message (headers, body); nullptr message when GMime could not. */
    explicit ParsedMime(const QByteArray& raw);
    ~ParsedMime();
    ParsedMime(const ParsedMime&) = delete;
    ParsedMime& operator=(const ParsedMime&) = delete;

    GMimeMessage* message() const { return m_message.get(); }
    const QByteArray& raw() const { return m_raw; }
    QStringList warnings() const { return m_warnings; }

private:
    static void warn(gint64 offset, GMimeParserWarning code, const gchar* item, gpointer self);

    const QByteArray& m_raw;
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
