#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringList>

namespace hookscope::email {

/**
 * An unstructured header value (Subject, ...) as raw bytes from the source (folded or not) to text, with
 * the rules of Python's email package (policy=default): RFC 2047 encoded words decoded (also mid-word),
 * white space between adjacent encoded words dropped, other white space kept as written, bytes of
 * adjacent words joined before UTF-8 is read, raw 8-bit bytes read as UTF-8 with U+FFFD for the rest.
 */
QString decodeUnstructured(QByteArrayView raw);

/**
 * The display name of each mailbox in an address-list header (groups flattened, "" where a mailbox has
 * none), read as Python's email package reads phrases: encoded words decoded, each run of white space or
 * comments one space, quoted strings kept as written inside their quotes.
 */
QStringList displayNames(QByteArrayView raw);

} // namespace hookscope::email
