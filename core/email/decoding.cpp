#include "decoding.h"

#include <openssl/evp.h>

#include <cstring>

#include "gmimeutil.h"

#include <QHash>
#include <QtEndian>

#include <array>

namespace hookscope::email {

namespace {

constexpr std::array<signed char, 256> base64Table()
{
    std::array<signed char, 256> t {};
    for (auto& v : t)
        v = -1;
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i)
        t[static_cast<unsigned char>(alphabet[i])] = static_cast<signed char>(i);
    return t;
}

// binascii.a2b_base64 (strict or not) over `in` with its CR and LF left out and `pads` '=' appended,
// without building that string; false on what Python reports as binascii.Error.
bool a2bBase64(QByteArrayView in, bool strict, int pads, QByteArray& out)
{
    static constexpr auto table = base64Table();
    qsizetype total = pads;
    for (char c : in)
        total += (c != '\r' && c != '\n') ? 1 : 0;
    // Written through a pointer into a buffer sized up front: appending byte by byte made this the
    // hottest loop of a 25 MB message.
    out.resize(total / 4 * 3 + 3);
    char* const begin = out.data();
    char* w = begin;
    auto finish = [&](bool ok) {
        out.truncate(w - begin);
        return ok;
    };
    int quadPos = 0;
    int padRun = 0;
    bool paddingStarted = false;
    unsigned leftchar = 0;
    qsizetype seen = 0;
    enum Step { Continue, Done, Error };
    auto step = [&](unsigned char ch) -> Step {
        ++seen;
        if (ch == '=') {
            paddingStarted = true;
            if (strict && quadPos == 0)
                return Error;
            if (quadPos >= 2 && quadPos + ++padRun >= 4)
                return strict && seen < total ? Error : Done;
            return Continue;
        }
        const int v = table[ch];
        if (v < 0)
            return strict ? Error : Continue;
        if (strict && paddingStarted)
            return Error;
        padRun = 0;
        switch (quadPos) {
        case 0:
            quadPos = 1;
            leftchar = unsigned(v);
            break;
        case 1:
            quadPos = 2;
            *w++ = char((leftchar << 2) | (unsigned(v) >> 4));
            leftchar = unsigned(v) & 0x0f;
            break;
        case 2:
            quadPos = 3;
            *w++ = char((leftchar << 4) | (unsigned(v) >> 2));
            leftchar = unsigned(v) & 0x03;
            break;
        default:
            quadPos = 0;
            *w++ = char((leftchar << 6) | unsigned(v));
            leftchar = 0;
            break;
        }
        return Continue;
    };
    for (char c : in) {
        if (c == '\r' || c == '\n')
            continue;
        const Step r = step(static_cast<unsigned char>(c));
        if (r != Continue)
            return finish(r == Done);
    }
    for (int i = 0; i < pads; ++i) {
        const Step r = step('=');
        if (r != Continue)
            return finish(r == Done);
    }
    return finish(quadPos == 0);
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// UTF-8 with U+FFFD for each maximal invalid subpart (what Python and the Unicode standard do).
QString decodeUtf8(QByteArrayView in)
{
    QString out;
    out.reserve(in.size());
    const auto* p = reinterpret_cast<const unsigned char*>(in.data());
    const qsizetype n = in.size();
    qsizetype i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            out.append(QChar(char16_t(c)));
            ++i;
            continue;
        }
        int need = 0;
        char32_t cp = 0;
        unsigned char lo = 0x80, hi = 0xbf;
        if (c >= 0xc2 && c <= 0xdf) {
            need = 1;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            need = 2;
            cp = c & 0x0f;
            if (c == 0xe0)
                lo = 0xa0;
            else if (c == 0xed)
                hi = 0x9f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3;
            cp = c & 0x07;
            if (c == 0xf0)
                lo = 0x90;
            else if (c == 0xf4)
                hi = 0x8f;
        } else {
            out.append(QChar(0xfffd));
            ++i;
            continue;
        }
        qsizetype j = i + 1;
        int got = 0;
        while (got < need && j < n) {
            const unsigned char b = p[j];
            const unsigned char l = got == 0 ? lo : 0x80;
            const unsigned char h = got == 0 ? hi : 0xbf;
            if (b < l || b > h)
                break;
            cp = (cp << 6) | (b & 0x3f);
            ++j;
            ++got;
        }
        if (got < need) {
            out.append(QChar(0xfffd));
            i = j;
            continue;
        }
        if (cp >= 0x10000) {
            out.append(QChar::highSurrogate(cp));
            out.append(QChar::lowSurrogate(cp));
        } else {
            out.append(QChar(char16_t(cp)));
        }
        i = j;
    }
    return out;
}

QString decodeAscii(QByteArrayView in)
{
    QString out;
    out.reserve(in.size());
    for (char c : in)
        out.append(static_cast<unsigned char>(c) < 0x80 ? QChar(char16_t(c)) : QChar(0xfffd));
    return out;
}

} // namespace

namespace {

constexpr qsizetype kSlice = 64 * 1024; // base64 characters decoded at a time, a multiple of 4

enum class Clean {
    Yes,
    No, ///< not clean base64: the lenient reader's turn
    Unsure, ///< not read as clean, but a guessed line end may be why: read again without guessing
};

/**
 * The common case, well-formed base64 in lines: line breaks dropped, then OpenSSL decodes it a slice at a time.
 * Anything else (stray characters, padding in the middle, a length that is not a multiple of 4) is not read
 * here and goes to the lenient reader; what `output` took by then is void. One pass over the input: the
 * length is not counted beforehand. `output.room(n)` gives space for n decoded bytes, `output.take(n)` takes
 * what was written there.
 */
template<typename Output> Clean decodeCleanBase64(QByteArrayView encoded, Output& output, bool guessLines)
{
    // Staged in slices through a small buffer, so a 25 MB part never has a second copy of its text.
    QByteArray staging(kSlice, Qt::Uninitialized);
    char* const stage = staging.data();
    qsizetype staged = 0;
    qsizetype seen = 0;
    bool padded = false;
    bool guessed = false;
    auto decode = [&](qsizetype n) {
        // A line break here was missed by a guessed line end. Padding may only close the very last group;
        // a slice that has it must be the last (checked by the caller). A CR here is a stray one: OpenSSL
        // would trim it at the end of a slice.
        if ((guessed && std::memchr(stage, '\n', size_t(n))) || std::memchr(stage, '\r', size_t(n)))
            return false;
        int pads = 0;
        if (const auto* pad = static_cast<const char*>(std::memchr(stage, '=', size_t(n)))) {
            pads = int(stage + n - pad);
            if (pads > 2 || (pads == 2 && stage[n - 1] != '='))
                return false;
            padded = true;
        }
        const int written
            = EVP_DecodeBlock(output.room(n / 4 * 3), reinterpret_cast<const unsigned char*>(stage), int(n));
        if (written < 0)
            return false;
        output.take(written - pads);
        return true;
    };
    auto answer = [&](bool clean) { return clean ? Clean::Yes : guessed ? Clean::Unsure : Clean::No; };
    const char* p = encoded.data();
    const char* const end = p + encoded.size();
    qsizetype lineLength = 0; // of the last line searched for, with its line break
    while (p < end) {
        // Base64 comes in lines of one length, so the next line most likely ends where the last one would.
        // Looking there first saves a search per line; a line break the guess skips over is text, which the
        // slice's check finds.
        const char* nl;
        if (guessLines && lineLength > 0 && lineLength <= end - p && p[lineLength - 1] == '\n') {
            nl = p + lineLength - 1;
            guessed = true;
        } else {
            nl = static_cast<const char*>(std::memchr(p, '\n', size_t(end - p)));
            lineLength = nl ? nl - p + 1 : 0;
        }
        const char* lineEnd = nl ? nl : end;
        const char* contentEnd = (lineEnd > p && lineEnd[-1] == '\r') ? lineEnd - 1 : lineEnd;
        for (const char* q = p; q < contentEnd;) {
            if (padded)
                return answer(false); // text after the padding
            const qsizetype take = qMin<qsizetype>(contentEnd - q, kSlice - staged);
            std::memcpy(stage + staged, q, size_t(take));
            staged += take;
            seen += take;
            q += take;
            if (staged == kSlice) {
                if (!decode(staged))
                    return answer(false);
                staged = 0;
            }
        }
        p = nl ? nl + 1 : end;
    }
    return answer(seen > 0 && seen % 4 == 0 && (staged == 0 || decode(staged)));
}

/** Decodes into one array. */
struct WholeOutput {
    explicit WholeOutput(qsizetype encodedSize)
        // Sized for the input with no line breaks at all, an upper bound: untouched pages past the end cost
        // nothing. Allocated at that size exactly: resize() would round a 19 MB part up to a 32 MiB block, past
        // the size up to which malloc learns to keep freed blocks for the next message instead of unmapping them.
        : bytes(encodedSize / 4 * 3, Qt::Uninitialized)
    {
    }
    unsigned char* room(qsizetype) { return reinterpret_cast<unsigned char*>(bytes.data()) + used; }
    void take(qsizetype n) { used += n; }
    QByteArray result()
    {
        bytes.truncate(used);
        return std::move(bytes);
    }
    QByteArray bytes;
    qsizetype used = 0;
};

/** Hands each decoded slice to a sink, through one small buffer. */
struct PieceOutput {
    explicit PieceOutput(const std::function<void(QByteArrayView)>& sink)
        : sink(sink)
    {
    }
    unsigned char* room(qsizetype) { return reinterpret_cast<unsigned char*>(buffer.data()); }
    void take(qsizetype n)
    {
        if (n > 0)
            sink(QByteArrayView(buffer.constData(), n));
    }
    const std::function<void(QByteArrayView)>& sink;
    QByteArray buffer { kSlice / 4 * 3, Qt::Uninitialized };
};

/** Hands `bytes` to `fn` in pieces of about `kSlice` that end at a line break (or at the end). */
template<typename Fn> void forEachLineChunk(QByteArrayView bytes, Fn&& fn)
{
    while (!bytes.isEmpty()) {
        qsizetype cut = bytes.size();
        if (cut > kSlice) {
            const auto* nl = static_cast<const char*>(std::memchr(bytes.data() + kSlice, '\n', size_t(cut - kSlice)));
            cut = nl ? nl - bytes.data() + 1 : cut;
        }
        fn(bytes.first(cut));
        bytes = bytes.sliced(cut);
    }
}

} // namespace

QByteArray decodeBase64Lenient(QByteArrayView encoded, bool* ok)
{
    // email._encoded_words.decode_b on the payload with its line breaks removed (done on the fly).
    for (const bool guessLines : { true, false }) {
        WholeOutput whole(encoded.size());
        const Clean clean = decodeCleanBase64(encoded, whole, guessLines);
        if (clean == Clean::Yes) {
            if (ok)
                *ok = true;
            return whole.result();
        }
        if (clean == Clean::No)
            break;
    }
    QByteArray out;
    qsizetype length = 0;
    for (char c : encoded)
        length += (c != '\r' && c != '\n') ? 1 : 0;
    const int padErr = int(length % 4);
    if (ok)
        *ok = padErr == 0;
    if (a2bBase64(encoded, true, padErr ? 4 - padErr : 0, out))
        return out;
    if (ok)
        *ok = false;
    if (a2bBase64(encoded, false, 0, out))
        return out;
    if (a2bBase64(encoded, false, 2, out))
        return out;
    // Not decodable at all: Python hands back the text itself.
    QByteArray joined;
    joined.reserve(length);
    for (char c : encoded) {
        if (c != '\r' && c != '\n')
            joined.append(c);
    }
    return joined;
}

QByteArray decodeQuotedPrintable(QByteArrayView in)
{
    // binascii.a2b_qp (header=False)
    QByteArray out;
    out.reserve(in.size());
    const qsizetype n = in.size();
    qsizetype i = 0;
    while (i < n) {
        if (in[i] != '=') {
            out.append(in[i++]);
            continue;
        }
        ++i;
        if (i >= n)
            break;
        if (in[i] == '\n' || in[i] == '\r') {
            if (in[i] != '\n') {
                while (i < n && in[i] != '\n')
                    ++i;
            }
            if (i < n)
                ++i;
        } else if (in[i] == '=') {
            out.append('=');
            ++i;
        } else if (i + 1 < n && hexValue(in[i]) >= 0 && hexValue(in[i + 1]) >= 0) {
            out.append(char(hexValue(in[i]) << 4 | hexValue(in[i + 1])));
            i += 2;
        } else {
            out.append('=');
        }
    }
    return out;
}

QByteArray decodeTransfer(QByteArrayView content, QByteArrayView transferEncoding, bool* damaged)
{
    const QByteArray cte = transferEncoding.toByteArray().trimmed().toLower();
    if (damaged)
        *damaged = false;
    if (cte == "base64") {
        bool ok = true;
        QByteArray out = decodeBase64Lenient(content, &ok);
        if (damaged)
            *damaged = !ok;
        return out;
    }
    if (cte == "quoted-printable")
        return decodeQuotedPrintable(content);
    return content.toByteArray();
}

bool decodeTransferInPieces(
    QByteArrayView content, QByteArrayView transferEncoding, const std::function<void(QByteArrayView)>& sink)
{
    const QByteArray cte = transferEncoding.toByteArray().trimmed().toLower();
    if (cte == "base64") {
        // Not read again without guessing line ends: the sink has had pieces already.
        PieceOutput pieces(sink);
        return decodeCleanBase64(content, pieces, true) == Clean::Yes;
    }
    if (cte == "quoted-printable") {
        // Escapes and soft line breaks never cross a line break, so line-aligned pieces decode alone.
        forEachLineChunk(content, [&](QByteArrayView chunk) {
            const QByteArray decoded = decodeQuotedPrintable(chunk);
            if (!decoded.isEmpty())
                sink(decoded);
        });
        return true;
    }
    for (qsizetype at = 0; at < content.size(); at += kSlice)
        sink(content.sliced(at, qMin(kSlice, content.size() - at)));
    return true;
}

QByteArray iconvCharsetName(QByteArrayView charset)
{
    // Python normalizes codec names (case, '-', ' ' → '_'); iconv wants its own spellings for a few.
    QByteArray n = charset.toByteArray().trimmed().toLower();
    n.replace('-', '_').replace(' ', '_');
    static const QHash<QByteArray, QByteArray> aliases {
        { "latin_1", "ISO-8859-1" },
        { "latin", "ISO-8859-1" },
        { "l1", "ISO-8859-1" },
        { "iso_8859_1", "ISO-8859-1" },
        { "iso8859_1", "ISO-8859-1" },
        { "8859", "ISO-8859-1" },
        { "cp819", "ISO-8859-1" },
        { "mac_roman", "MACINTOSH" },
        { "macroman", "MACINTOSH" },

        { "macintosh", "MACINTOSH" },
        { "unicode_1_1_utf_7", "UTF-7" },
        { "csunicode11utf7", "UTF-7" },
        { "utf_7", "UTF-7" },
        { "u7", "UTF-7" },
        { "ks_c_5601_1987", "CP949" },
        { "ks_c_5601", "CP949" },
        { "windows_874", "CP874" },
        { "sjis", "SHIFT_JIS" },
        { "s_jis", "SHIFT_JIS" },
        { "shiftjis", "SHIFT_JIS" },
        { "x_sjis", "SHIFT_JIS" },
        { "ms_kanji", "CP932" },
        { "ujis", "EUC-JP" },
        { "u_jis", "EUC-JP" },
        { "eucjp", "EUC-JP" },
        { "euckr", "EUC-KR" },
        { "big5_tw", "BIG5" },
        { "csbig5", "BIG5" },
        { "gb2312_1980", "GB2312" },
        { "chinese", "GB2312" },
        { "936", "GBK" },
        { "ms936", "GBK" },
    };
    const auto it = aliases.constFind(n);
    return it != aliases.constEnd() ? *it : charset.toByteArray().trimmed();
}

QString decodeCharset(QByteArrayView bytes, QByteArrayView charset, bool* known)
{
    if (known)
        *known = true;
    QByteArray name = charset.toByteArray().trimmed().toLower();
    if (name.isEmpty() || name == "ascii" || name == "us-ascii" || name == "us_ascii" || name == "646")
        return decodeAscii(bytes);
    if (name == "utf-8" || name == "utf8" || name == "utf_8" || name == "u8" || name == "utf" || name == "cp65001")
        return decodeUtf8(bytes);
    if (name == "utf-8-sig" || name == "utf_8_sig")
        return decodeUtf8(bytes.startsWith("\xef\xbb\xbf") ? bytes.sliced(3) : bytes);
    detail::ensureGMime();
    iconv_t cd = g_mime_iconv_open("UTF-8", iconvCharsetName(name).constData());
    if (cd == reinterpret_cast<iconv_t>(-1)) {
        if (known)
            *known = false;
        return decodeAscii(bytes);
    }
    QByteArray out;
    out.resize(bytes.size() * 4 + 16);
    char* inp = const_cast<char*>(bytes.data());
    size_t inLeft = size_t(bytes.size());
    char* outp = out.data();
    size_t outLeft = size_t(out.size());
    static const char replacement[] = "\xef\xbf\xbd";
    while (inLeft > 0) {
        const size_t r = iconv(cd, &inp, &inLeft, &outp, &outLeft);
        if (r != size_t(-1))
            break;
        if (errno == E2BIG) {
            const qsizetype used = outp - out.data();
            out.resize(out.size() * 2);
            outp = out.data() + used;
            outLeft = size_t(out.size() - used);
            continue;
        }
        // EILSEQ or EINVAL (truncated at the end): one replacement per unreadable byte.
        if (outLeft < 3) {
            const qsizetype used = outp - out.data();
            out.resize(out.size() * 2);
            outp = out.data() + used;
            outLeft = size_t(out.size() - used);
        }
        memcpy(outp, replacement, 3);
        outp += 3;
        outLeft -= 3;
        ++inp;
        --inLeft;
    }
    // Flush shift state (iso-2022-jp).
    iconv(cd, nullptr, nullptr, &outp, &outLeft);
    g_mime_iconv_close(cd);
    out.resize(outp - out.data());
    return QString::fromUtf8(out);
}

} // namespace hookscope::email
