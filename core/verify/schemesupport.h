#pragma once

#include "scheme.h"

#include "core/common/crypto.h"

#include <functional>
#include <optional>
#include <utility>

// Small pieces every scheme shares: verdict outcomes, timestamps, windows, encodings, form bodies.
namespace hookscope::verify::support {

/** Sets MissingHeaders and names each missing header. */
void setMissing(Verdict& verdict, const QList<QByteArray>& missing);
void setInvalidTimestamp(Verdict& verdict, const QString& hint);
void setValid(Verdict& verdict, int secretIndex);
void setInvalidSignature(Verdict& verdict, const QString& reason = {}, const QString& hint = {});

/** What trying each configured public key gave (tryEachKey). */
enum class KeyTrial { Matched, NoneMatched, NoUsableKey };
/**
 * The public-key schemes' loop over the route's keys: `verifyWith(i)` checks the signature with key `i` (false: it
 * does not verify; an error: that key cannot be used). The first key that verifies makes `verdict` valid, with
 * `signature` as expected (Matched). When no key can be used, `verdict` is invalid-key (or `unusableReason`) with
 * `advice`, whose %1 takes each key's error ("key 2: …"): NoUsableKey. Else NoneMatched, the verdict untouched.
 */
KeyTrial tryEachKey(Verdict& verdict, qsizetype keys, const std::function<Result<bool>(int)>& verifyWith,
    const QByteArray& signature, const QString& advice, const QString& unusableReason = {});

/** A plain non-negative decimal integer (digits only, no sign or spaces); nullopt otherwise. */
std::optional<qint64> parseInteger(QByteArrayView text);

/**
 * Checks `timestampMs` against the window; records timestamp and skew on the verdict. Returns false (the verdict
 * set to TimestampSkew) when outside. A nullopt tolerance means the scheme has none.
 */
bool checkWindow(
    Verdict& verdict, const Input& input, qint64 timestampMs, std::optional<qint64> toleranceMs, Window window);
/** The input's tolerance when set, else the scheme's own. */
std::optional<qint64> tolerance(const Scheme& scheme, const Input& input);

/** Standard base64 (padding optional); nullopt on any character outside the alphabet. */
std::optional<QByteArray> decodeBase64(QByteArrayView text);
/** Hex of either case; nullopt when not hex. */
std::optional<QByteArray> decodeHex(QByteArrayView text);
QByteArray encode(const QByteArray& raw, Encoding encoding);
QString digestName(crypto::Digest digest);
QString encodingName(Encoding encoding);

/** application/x-www-form-urlencoded fields, names and values percent-decoded ('+' is a space), in order. */
QList<std::pair<QByteArray, QByteArray>> parseForm(QByteArrayView body);
bool isFormBody(const Input& input);

/** `text` shortened for display, with how much was left out. */
QByteArray abbreviate(const QByteArray& text, int keep = 200);
/** "5 min 1 s", "300 ms". */
QString describeDuration(qint64 ms);

} // namespace hookscope::verify::support
