#!/usr/bin/env python3
"""Writes N hard synthetic .eml messages (deterministic for a seed) for the comparison with Python's email.

Each message is built from random choices: line endings (LF, CRLF, or mixed line by line), nested
multiparts (mixed, alternative, related, digest, with or without a closing delimiter), leaves in every
transfer encoding (7bit, 8bit UTF-8, base64 wrapped or not, quoted-printable with soft breaks, damaged
base64), RFC 2047 subjects and display names, file names plain, RFC 2047 or RFC 2231 (segments in or out
of order, charset segment first, plain segments after), attached messages (message/rfc822, and a digest's
default), and header blocks that are missing or cut short by a line that is not a header.
Stdlib only.  Usage: make_synthetic_emails.py OUTDIR [COUNT=400] [SEED=2026]
"""
import base64
import os
import quopri
import random
import sys

WORDS = ["invoice", "r\u00e9sum\u00e9", "caf\u00e9", "\u20ac rates", "\u65e5\u672c\u8a9e", "na\u00efve", "report",
         "\u00fcber", "\u0417\u0434\u0440\u0430\u0432\u0441\u0442\u0432\u0443\u0439", "plain", "Q3 figures", "hello world"]


def encoded_word(r, text):
    charset = r.choice(["utf-8", "UTF-8", "iso-8859-1"]) if all(ord(c) < 256 for c in text) else "utf-8"
    data = text.encode(charset)
    if r.random() < 0.5:
        return "=?%s?b?%s?=" % (charset, base64.b64encode(data).decode())
    q = "".join(c if (c.isalnum() and ord(c) < 128) else ("_" if c == " " else "".join("=%02X" % b for b in c.encode(charset))) for c in text)
    return "=?%s?q?%s?=" % (charset, q)


def subject(r):
    words = [r.choice(WORDS) for _ in range(r.randint(1, 3))]
    out = []
    for w in words:
        if all(ord(c) < 128 for c in w) and r.random() < 0.6:
            out.append(w)
        else:
            out.append(encoded_word(r, w))
    return " ".join(out)


def address(r, local):
    name = r.choice(["", "Ana Lopez", "Doe, John", "J\u00fcrgen", "\u5c71\u7530"])
    if not name:
        return "%s@example.com" % local
    if all(ord(c) < 128 for c in name):
        return '"%s" <%s@example.com>' % (name, local) if "," in name else "%s <%s@example.com>" % (name, local)
    return "%s <%s@example.com>" % (encoded_word(r, name), local)


def filename_params(r, name):
    """(Content-Disposition parameters) for `name`, in one of the ways senders write it."""
    kind = r.choice(["plain", "plain", "2047", "2231", "2231-segments", "2231-out-of-order", "2231-mixed"])
    if kind == "plain" or all(ord(c) < 128 for c in name) and kind == "2047":
        return '; filename="%s"' % name.encode("ascii", "replace").decode()
    if kind == "2047":
        return '; filename="%s"' % encoded_word(r, name)
    pct = "".join(c if c.isalnum() and ord(c) < 128 else "".join("%%%02X" % b for b in c.encode("utf-8")) for c in name)
    if kind == "2231":
        return "; filename*=utf-8''%s" % pct
    cut = max(1, len(pct) // 2)
    while "%" in pct[max(0, cut - 2):cut]:
        cut += 1
    first, rest = pct[:cut], pct[cut:]
    if kind == "2231-segments":
        segs = ["filename*0*=utf-8''%s" % first, "filename*1*=%s" % (rest or "x")]
    elif kind == "2231-out-of-order":
        segs = ['filename*1="%s"' % ".pdf", "filename*0*=utf-8''%s" % pct]
    else:  # the charset segment first, the later ones plain
        segs = ["filename*0*=utf-8''%s" % pct, 'filename*1="%s"' % r.choice([" final.pdf", "_v2.txt", ".bin"])]
    return ";\n " + ";\n ".join(segs)


def wrap_base64(r, data):
    s = base64.b64encode(data).decode()
    width = r.choice([76, 76, 64, 0])
    if r.random() < 0.08:  # damaged: a stray character, missing padding
        s = s[:len(s) // 2] + "!" + s[len(s) // 2:].rstrip("=")
    if not width:
        return s + "\n"
    return "".join(s[i:i + width] + "\n" for i in range(0, len(s), width))


def leaf(r, depth):
    kind = r.choice(["text", "text", "html", "binary", "image", "message", "calendar", "text-attachment"])
    if kind == "message" and depth < 3:
        return "Content-Type: message/rfc822\n" + (
            "Content-Disposition: attachment" + filename_params(r, r.choice(WORDS) + ".eml") + "\n" if r.random() < 0.5 else "") + "\n" + message(r, depth + 1, top=False)
    if kind in ("text", "html", "calendar", "text-attachment", "message"):
        sub = {"text": "plain", "html": "html", "calendar": "calendar", "text-attachment": "plain", "message": "plain"}[kind]
        body = " ".join(r.choice(WORDS) for _ in range(r.randint(1, 12)))
        if sub == "html":
            body = "<p>%s</p>" % body
        body += "\n" + "line two %d" % r.randint(0, 99) if r.random() < 0.5 else ""
        cte = r.choice(["7bit", "8bit", "quoted-printable", "base64", None])
        charset = "utf-8"
        data = body.encode("utf-8")
        if cte == "7bit" and any(b > 127 for b in data):
            cte = "8bit"
        if cte == "quoted-printable":
            enc = quopri.encodestring(data).decode()
        elif cte == "base64":
            enc = wrap_base64(r, data)
        else:
            enc = data.decode("utf-8") + "\n"
        head = "Content-Type: text/%s; charset=%s\n" % (sub, r.choice([charset, '"%s"' % charset]))
        if cte:
            head += "Content-Transfer-Encoding: %s\n" % cte
        if kind == "text-attachment":
            head += "Content-Disposition: attachment" + filename_params(r, r.choice(WORDS) + ".txt") + "\n"
        elif r.random() < 0.2:
            head += "Content-Disposition: inline\n"
        return head + "\n" + enc
    data = bytes(r.getrandbits(8) for _ in range(r.randint(0, 300)))
    ctype = "image/png" if kind == "image" else r.choice(["application/pdf", "application/octet-stream", "application/zip"])
    head = "Content-Type: %s\nContent-Transfer-Encoding: base64\n" % ctype
    if kind == "image" and r.random() < 0.6:
        head += "Content-ID: <img%d@example.com>\nContent-Disposition: inline\n" % r.randint(0, 999)
    else:
        head += "Content-Disposition: attachment" + filename_params(r, r.choice(WORDS) + r.choice([".pdf", ".bin", ".zip"])) + "\n"
    return head + "\n" + wrap_base64(r, data)


def multipart(r, depth):
    sub = r.choice(["mixed", "mixed", "alternative", "related", "digest"])
    boundary = "b%d_%d" % (depth, r.randint(0, 99999))
    n = r.randint(1, 4)
    parts = []
    for _ in range(n):
        if depth < 3 and r.random() < 0.3:
            parts.append(multipart(r, depth + 1))
        elif sub == "digest" and r.random() < 0.7:
            parts.append("\n" + message(r, depth + 1, top=False))  # no headers: message/rfc822 by default
        else:
            parts.append(leaf(r, depth))
    out = "Content-Type: multipart/%s; boundary=\"%s\"\n\n" % (sub, boundary)
    if r.random() < 0.2:
        out += "This is a multi-part message in MIME format.\n"
    for p in parts:
        out += "--%s\n%s" % (boundary, p if p.endswith("\n") else p + "\n")
    if r.random() < 0.93:
        out += "--%s--\n" % boundary
        if r.random() < 0.15:
            out += "epilogue text\n"
    return out


def message(r, depth, top=True):
    head = ""
    if r.random() < 0.9:
        head += "From: %s\n" % address(r, "sender")
    if r.random() < 0.9:
        head += "To: %s, %s\n" % (address(r, "to1"), address(r, "to2"))
    if r.random() < 0.3:
        head += "Cc: %s\n" % address(r, "cc")
    head += "Subject: %s\n" % subject(r)
    if top:
        head += "Message-ID: <syn-%d@example.com>\nDate: Tue, 14 Apr 2026 12:34:56 +0000\n" % r.randint(0, 10 ** 9)
    head += "MIME-Version: 1.0\n"
    body = multipart(r, depth) if r.random() < 0.7 else leaf(r, depth)
    text = head + body
    if top and r.random() < 0.04:
        text = "\n".join(l for l in body.split("\n")[2:])  # no header block at all
    if top and r.random() < 0.04:
        text = text.replace("MIME-Version: 1.0\n", "MIME-Version: 1.0\nthis line is not a header\n", 1)
    return text


def with_line_endings(r, text):
    data = text.encode("utf-8")
    mode = r.choice(["lf", "crlf", "crlf", "mixed"])
    if mode == "lf":
        return data
    if mode == "crlf":
        return data.replace(b"\n", b"\r\n")
    return b"".join(line + (b"\r\n" if r.random() < 0.5 else b"\n") for line in data.split(b"\n")[:-1]) + data.split(b"\n")[-1]


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 2026
    os.makedirs(out, exist_ok=True)
    r = random.Random(seed)
    for i in range(count):
        with open(os.path.join(out, "synthetic_%04d.eml" % i), "wb") as f:
            f.write(with_line_endings(r, message(r, 0)))
    print("wrote %d messages to %s" % (count, out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
