#pragma once

// Content decoding with the exact semantics of Python's email package (policy=default), the reference
// Hookscope's readings are measured against: lenient base64 and quoted-printable, charset conversion
// that replaces what it cannot read with U+FFFD instead of failing.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <functional>

namespace hookscope::email {

/** Removes a Content-Transfer-Encoding (base64, quoted-printable; anything else is kept as is). */
QByteArray decodeTransfer(QByteArrayView content, QByteArrayView transferEncoding, bool* damaged = nullptr);

/**
 * decodeTransfer for a consumer that takes the bytes a piece at a time (hashing them, writing them out), so a
 * large part is never held whole: `sink` gets them in order. False when the content turns out, part way, to be
 * base64 that needs the lenient reading (damaged, or unusual in form): what `sink` got is then void, and the
 * caller reads the content with decodeTransfer instead. The answer depends on the content alone, so content
 * that was read in pieces once is read in pieces again.
 */
bool decodeTransferInPieces(
    QByteArrayView content, QByteArrayView transferEncoding, const std::function<void(QByteArrayView)>& sink);

/** Lenient base64 (non-alphabet bytes skipped, missing padding tolerated); `ok` false when it had to guess. */
QByteArray decodeBase64Lenient(QByteArrayView encoded, bool* ok = nullptr);

/** Quoted-printable body decoding (soft line breaks, =XX; a stray '=' is kept). */
QByteArray decodeQuotedPrintable(QByteArrayView encoded);

/** A charset name as iconv knows it, for names Python's codecs accept under another spelling ("latin-1"). */
QByteArray iconvCharsetName(QByteArrayView charset);

/** Bytes in `charset` (empty: US-ASCII) to text; unreadable bytes become U+FFFD. `known` false for an unknown charset.
 */
QString decodeCharset(QByteArrayView bytes, QByteArrayView charset, bool* known = nullptr);

} // namespace hookscope::email
