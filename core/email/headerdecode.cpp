#include "headerdecode.h"

#include "decoding.h"
#include "gmimeutil.h"

#include <QList>

namespace hookscope::email {

namespace {

bool isWsp(char c)
{
    return c == ' ' || c == '\t';
}

bool isPyWhitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\x0b' || c == '\x0c'
        || (c >= '\x1c' && c <= '\x1f');
}

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/** Python's rfc2047_matcher.search: "=?" charset "?" [qQbB] "?" ... "?=" somewhere in `s`. */
bool containsEncodedWord(QByteArrayView s)
{
    for (qsizetype at = s.indexOf("=?"); at >= 0; at = s.indexOf("=?", at + 1)) {
        const qsizetype q1 = s.indexOf('?', at + 2);
        if (q1 < 0 || q1 + 2 >= s.size())
            return false;
        const char cte = s[q1 + 1];
        if ((cte == 'q' || cte == 'Q' || cte == 'b' || cte == 'B') && s[q1 + 2] == '?' && s.indexOf("?=", q1 + 3) >= 0)
            return true;
    }
    return false;
}

/** Charset bytes to UTF-8, keeping bytes the charset cannot read as they are (surrogateescape). */
QByteArray toUtf8Escaped(QByteArrayView bytes, QByteArrayView charsetName)
{
    const QByteArray name = charsetName.toByteArray().trimmed().toLower();
    if (name == "utf-8" || name == "utf8" || name == "us-ascii" || name == "ascii" || name.isEmpty())
        return bytes.toByteArray();
    detail::ensureGMime();
    iconv_t cd = g_mime_iconv_open("UTF-8", iconvCharsetName(name).constData());
    if (cd == reinterpret_cast<iconv_t>(-1))
        return bytes.toByteArray();
    QByteArray out;
    out.resize(bytes.size() * 4 + 16);
    char* inp = const_cast<char*>(bytes.data());
    size_t inLeft = size_t(bytes.size());
    char* outp = out.data();
    size_t outLeft = size_t(out.size());
    while (inLeft > 0) {
        if (iconv(cd, &inp, &inLeft, &outp, &outLeft) != size_t(-1))
            break;
        if (errno == E2BIG || outLeft < 1) {
            const qsizetype used = outp - out.data();
            out.resize(out.size() * 2);
            outp = out.data() + used;
            outLeft = size_t(out.size() - used);
            continue;
        }
        *outp++ = *inp++;
        --outLeft;
        --inLeft;
    }
    iconv(cd, nullptr, nullptr, &outp, &outLeft);
    g_mime_iconv_close(cd);
    out.resize(outp - out.data());
    return out;
}

QByteArray decodeQ(QByteArrayView text)
{
    QByteArray out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '_') {
            out.append(' ');
        } else if (c == '=' && i + 2 < text.size() && isHex(text[i + 1]) && isHex(text[i + 2])) {
            out.append(char(text.sliced(i + 1, 2).toByteArray().toInt(nullptr, 16)));
            i += 2;
        } else {
            out.append(c);
        }
    }
    return out;
}

enum class EwResult { Ok, NotEncodedWord, Invalid };

/** email._header_value_parser.get_encoded_word on `value` (which starts with "=?"). */
EwResult encodedWord(QByteArrayView value, QByteArray& decoded, QByteArrayView& rest)
{
    const QByteArrayView s = value.sliced(2);
    const qsizetype end = s.indexOf("?=");
    if (end < 0)
        return EwResult::NotEncodedWord;
    QByteArray tok = s.first(end).toByteArray();
    QByteArrayView remstr = s.sliced(end + 2);
    if (remstr.size() > 1 && isHex(remstr[0]) && isHex(remstr[1]) && tok.count('?') < 2) {
        const qsizetype next = remstr.indexOf("?=");
        const QByteArrayView more = next < 0 ? remstr : remstr.first(next);
        tok += "?=" + more.toByteArray();
        remstr = next < 0 ? QByteArrayView() : remstr.sliced(next + 2);
    }
    rest = remstr;
    const QList<QByteArray> parts = QByteArray("=?" + tok + "?=").split('?');
    if (parts.size() != 5)
        return EwResult::Invalid;
    const QByteArray charset = parts[1].left(parts[1].indexOf('*') < 0 ? parts[1].size() : parts[1].indexOf('*'));
    const QByteArray cte = parts[2].toLower();
    QByteArray bytes;
    if (cte == "q")
        bytes = decodeQ(parts[3]);
    else if (cte == "b")
        bytes = decodeBase64Lenient(parts[3]);
    else
        return EwResult::Invalid;
    decoded = toUtf8Escaped(bytes, charset);
    return EwResult::Ok;
}

struct Token {
    enum Type { Fws, EncodedWord, EwSpace, Text } type;
    QByteArray bytes;
};

} // namespace

QString decodeUnstructured(QByteArrayView raw)
{
    // policy.header_source_parse + header_fetch_parse: leading blanks of the first line go, line breaks go.
    QByteArray joined;
    joined.reserve(raw.size());
    qsizetype start = 0;
    while (start < raw.size() && isWsp(raw[start]))
        ++start;
    for (qsizetype i = start; i < raw.size(); ++i) {
        if (raw[i] != '\r' && raw[i] != '\n')
            joined.append(raw[i]);
    }
    QList<Token> tokens;
    QByteArrayView value(joined);
    while (!value.isEmpty()) {
        if (isWsp(value[0])) {
            qsizetype n = 0;
            while (n < value.size() && isPyWhitespace(value[n]))
                ++n;
            tokens.append({ Token::Fws, value.first(n).toByteArray() });
            value = value.sliced(n);
            continue;
        }
        bool validEw = true;
        if (value.startsWith("=?")) {
            QByteArray decoded;
            QByteArrayView rest;
            const EwResult r = encodedWord(value, decoded, rest);
            if (r == EwResult::Ok) {
                const bool haveWs = tokens.isEmpty() || tokens.last().type == Token::Fws;
                if (!tokens.isEmpty() && haveWs && tokens.size() > 1
                    && tokens[tokens.size() - 2].type == Token::EncodedWord)
                    tokens.last().type = Token::EwSpace;
                tokens.append({ Token::EncodedWord, decoded });
                value = rest;
                continue;
            }
            if (r == EwResult::Invalid)
                validEw = false;
        }
        qsizetype ws = 0;
        while (ws < value.size() && !isWsp(value[ws]))
            ++ws;
        QByteArrayView tok = value.first(ws);
        if (validEw && containsEncodedWord(tok)) {
            const qsizetype at = value.indexOf("=?");
            if (at > 0)
                tok = value.first(at);
        }
        tokens.append({ Token::Text, tok.toByteArray() });
        value = value.sliced(tok.size());
    }
    QByteArray out;
    for (const Token& t : tokens) {
        if (t.type != Token::EwSpace)
            out += t.bytes;
    }
    return decodeCharset(out, "utf-8");
}

namespace {

/** Skips a comment starting at `i` ('('), nested comments and quoted pairs included; returns the index after it. */
qsizetype skipComment(QByteArrayView s, qsizetype i)
{
    int depth = 0;
    for (; i < s.size(); ++i) {
        if (s[i] == '\\') {
            ++i;
        } else if (s[i] == '(') {
            ++depth;
        } else if (s[i] == ')') {
            if (--depth == 0)
                return i + 1;
        }
    }
    return s.size();
}

qsizetype skipQuoted(QByteArrayView s, qsizetype i)
{
    for (++i; i < s.size(); ++i) {
        if (s[i] == '\\')
            ++i;
        else if (s[i] == '"')
            return i + 1;
    }
    return s.size();
}

bool isAtomEnd(char c)
{
    return isWsp(c) || QByteArrayView("()<>@,:;.\\\"[]").contains(c);
}

QByteArray decodePhrase(QByteArrayView s)
{
    struct Piece {
        bool space;
        QByteArray text;
    };
    QList<Piece> pieces;
    auto addSpace = [&] {
        if (pieces.isEmpty() || !pieces.last().space)
            pieces.append({ true, " " });
    };
    qsizetype i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (isPyWhitespace(c)) {
            ++i;
            addSpace();
        } else if (c == '(') {
            i = skipComment(s, i);
            addSpace();
        } else if (c == '"') {
            const qsizetype end = skipQuoted(s, i);
            QByteArrayView inner = s.sliced(i + 1, qMax<qsizetype>(0, end - i - 2));
            if (end == s.size() && !s.endsWith('"'))
                inner = s.sliced(i + 1);
            QByteArray text;
            bool lastEw = false;
            qsizetype wsStart = -1;
            for (qsizetype k = 0; k < inner.size();) {
                if (isWsp(inner[k])) {
                    wsStart = text.size();
                    while (k < inner.size() && isWsp(inner[k]))
                        text.append(inner[k++]);
                    continue;
                }
                if (inner.sliced(k).startsWith("=?")) {
                    QByteArray decoded;
                    QByteArrayView rest;
                    if (encodedWord(inner.sliced(k), decoded, rest) == EwResult::Ok) {
                        if (lastEw && wsStart >= 0)
                            text.truncate(wsStart);
                        text += decoded;
                        k = inner.size() - rest.size();
                        lastEw = true;
                        wsStart = -1;
                        continue;
                    }
                }
                if (inner[k] == '\\' && k + 1 < inner.size())
                    ++k;
                text.append(inner[k++]);
                lastEw = false;
                wsStart = -1;
            }
            pieces.append({ false, text });
            i = end;
        } else if (c == '=' && s.sliced(i).startsWith("=?")) {
            QByteArray decoded;
            QByteArrayView rest;
            if (encodedWord(s.sliced(i), decoded, rest) == EwResult::Ok) {
                pieces.append({ false, decoded });
                i = s.size() - rest.size();
            } else {
                qsizetype j = i;
                while (j < s.size() && !isAtomEnd(s[j]))
                    ++j;
                pieces.append({ false, s.sliced(i, qMax<qsizetype>(1, j - i)).toByteArray() });
                i = qMax(j, i + 1);
            }
        } else {
            qsizetype j = i;
            while (j < s.size() && !isAtomEnd(s[j]))
                ++j;
            if (j == i)
                ++j; // a lone special ('.', ...) stands for itself
            pieces.append({ false, s.sliced(i, j - i).toByteArray() });
            i = j;
        }
    }
    while (!pieces.isEmpty() && pieces.first().space)
        pieces.removeFirst();
    while (!pieces.isEmpty() && pieces.last().space)
        pieces.removeLast();
    QByteArray out;
    for (const Piece& p : pieces)
        out += p.text;
    return out;
}

} // namespace

QStringList displayNames(QByteArrayView raw)
{
    QByteArray joined;
    joined.reserve(raw.size());
    for (char c : raw) {
        if (c != '\r' && c != '\n')
            joined.append(c);
    }
    const QByteArrayView s(joined);
    QStringList names;
    qsizetype itemStart = 0;
    qsizetype angle = -1;
    auto finish = [&](qsizetype end) {
        const QByteArrayView item = s.sliced(itemStart, end - itemStart);
        if (!item.trimmed().isEmpty())
            names << (angle >= 0 ? decodeCharset(decodePhrase(s.sliced(itemStart, angle - itemStart)), "utf-8")
                                 : QString());
        angle = -1;
    };
    for (qsizetype i = 0; i < s.size();) {
        const char c = s[i];
        if (c == '"') {
            i = skipQuoted(s, i);
        } else if (c == '(') {
            i = skipComment(s, i);
        } else if (c == '<') {
            if (angle < 0)
                angle = i;
            const qsizetype close = s.indexOf('>', i);
            i = close < 0 ? s.size() : close + 1;
        } else if (c == ':' && angle < 0) {
            itemStart = i + 1; // a group's name is not a mailbox's
            ++i;
        } else if (c == ',' || c == ';') {
            finish(i);
            itemStart = ++i;
        } else {
            ++i;
        }
    }
    finish(s.size());
    return names;
}

} // namespace hookscope::email
