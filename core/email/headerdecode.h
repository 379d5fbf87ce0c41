#pragma once

#include <QByteArrayView>
#include <QString>

namespace hookscope::email {

/**
 * An unstructured header value (Subject, ...) as raw bytes from the source (folded or not) to text, with
 * the rules of Python's email package (policy=default): RFC 2047 encoded words decoded (also mid-word),
 * white space between adjacent encoded words dropped, other white space kept as written, bytes of
 * adjacent words joined before UTF-8 is read, raw 8-bit bytes read as UTF-8 with U+FFFD for the rest.
 */
QString decodeUnstructured(QByteArrayView raw);

} // namespace hookscope::email
