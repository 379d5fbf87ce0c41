#!/usr/bin/env python3
"""Writes the .eml corpus in tests/data/email/ (deterministic: run again, get the same bytes).

Each message is spelled out byte for byte, the way real clients write them, so the corpus covers
what a MIME reader meets: nested multiparts, QP and base64, charsets, RFC 2047/2231, inline parts
with Content-ID, attached messages, 8bit, bare LF and CRLF, damage, hostile filenames.
Stdlib only.  Usage: make_email_corpus.py [OUTDIR]
"""
import base64
import hashlib
import os
import sys


def b64(data, width=76):
    s = base64.b64encode(data)
    return b"\n".join(s[i:i + width] for i in range(0, len(s), width))


def blob(seed, size):
    """Deterministic pseudo-random bytes."""
    out = bytearray()
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(b"%s-%d" % (seed.encode(), counter)).digest()
        counter += 1
    return bytes(out[:size])


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2b3a8f60000000049454e44ae426082")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

COMMON = b"""Date: Tue, 14 Apr 2026 12:34:56 +0000
MIME-Version: 1.0
"""

M = {}

M["plain_ascii"] = b"""From: Sender Name <sender@example.com>
To: support@yourapp.com
Subject: Issue with billing
Message-ID: <plain-ascii@mail.example>
""" + COMMON + b"""Content-Type: text/plain; charset=us-ascii
Content-Transfer-Encoding: 7bit

Hello,

my last invoice was charged twice.

Thanks
"""

M["alternative_qp_crlf"] = (b"""From: "Ana Lopez" <ana@example.org>
To: Support <support@yourapp.com>, billing@yourapp.com
Cc: "Doe, John" <john.doe@example.net>
Subject: Re: Order #4417 =?utf-8?q?=E2=80=94?= delivery date
Message-ID: <CAF=alt-qp-crlf@mail.gmail.com>
""" + COMMON + b"""Content-Type: multipart/alternative; boundary="000000000000a1b2c3d4e5f6"

--000000000000a1b2c3d4e5f6
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

Hi team,=0A
The parcel was promised for Friday =E2=80=94 it has not arrived. Could you ch=
eck the tracking number? Price was 12=3D12 =E2=82=AC.

Best, Ana

--000000000000a1b2c3d4e5f6
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

<div dir=3D"ltr">Hi team,<br>The parcel was promised for Friday =E2=80=94 it =
has not arrived.<br>Price was 12=3D12 =e2=82=ac.</div>

--000000000000a1b2c3d4e5f6--
""").replace(b"\n", b"\r\n")

M["mixed_gmail_attachments"] = (b"""From: Ana Lopez <ana@example.org>
To: support@yourapp.com
Subject: Invoice and screenshot
Message-ID: <mixed-attachments@mail.example>
""" + COMMON + b"""Content-Type: multipart/mixed; boundary="0000000000001111"

--0000000000001111
Content-Type: multipart/alternative; boundary="0000000000002222"

--0000000000002222
Content-Type: text/plain; charset="UTF-8"

See the attached invoice and screenshot.

--0000000000002222
Content-Type: text/html; charset="UTF-8"

<div dir="ltr">See the attached invoice and screenshot.<br><img src="cid:ii_shot01" alt="shot"></div>

--0000000000002222--
--0000000000001111
Content-Type: application/pdf; name="invoice-2026-04.pdf"
Content-Disposition: attachment; filename="invoice-2026-04.pdf"
Content-Transfer-Encoding: base64
Content-ID: <f_invoice01>
X-Attachment-Id: f_invoice01

""" + b64(PDF) + b"""
--0000000000001111
Content-Type: image/png; name="screenshot.png"
Content-Disposition: inline; filename="screenshot.png"
Content-Transfer-Encoding: base64
Content-ID: <ii_shot01>

""" + b64(PNG) + b"""
--0000000000001111--
""").replace(b"\n", b"\r\n")

M["related_cid_start"] = b"""From: newsletter@shop.example
To: you@yourapp.com
Subject: Spring sale
Message-ID: <related-start@shop.example>
""" + COMMON + b"""Content-Type: multipart/related; boundary="rel-boundary"; type="text/html"; start="<root.html@shop.example>"

--rel-boundary
Content-Type: image/gif
Content-Transfer-Encoding: base64
Content-ID: <logo@shop.example>

R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7
--rel-boundary
Content-Type: text/html; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable
Content-ID: <root.html@shop.example>

<html><body><img src=3D"cid:logo@shop.example"> Gro=DFe Auswahl, sch=F6ne Preise</body></html>
--rel-boundary
Content-Type: image/jpeg; name=banner.jpg
Content-Transfer-Encoding: base64
Content-ID: banner-no-brackets@shop.example

""" + b64(blob("banner", 600)) + b"""
--rel-boundary--
"""

M["apple_alternative_related"] = b"""From: =?utf-8?Q?Bj=C3=B6rn_=C3=85kesson?= <bjorn@example.se>
To: =?utf-8?B?w4VzYQ==?= <asa@example.se>
Subject: =?utf-8?B?U8O2bmRhZ3NmaWth?=
Message-ID: <A1B2C3D4-apple@example.se>
""" + COMMON + b"""Content-Type: multipart/alternative; boundary="Apple-Mail=_11111111-2222"

--Apple-Mail=_11111111-2222
Content-Transfer-Encoding: quoted-printable
Content-Type: text/plain;
\tcharset=utf-8

Hej!

Bild nedan.
--Apple-Mail=_11111111-2222
Content-Type: multipart/related;
\ttype="text/html";
\tboundary="Apple-Mail=_33333333-4444"

--Apple-Mail=_33333333-4444
Content-Transfer-Encoding: 7bit
Content-Type: text/html;
\tcharset=us-ascii

<html><body>Hej!<br><img src="cid:F00D-BEEF@apple"></body></html>
--Apple-Mail=_33333333-4444
Content-Transfer-Encoding: base64
Content-Disposition: inline;
\tfilename=photo.png
Content-Type: image/png;
\tx-unix-mode=0644;
\tname="photo.png"
Content-Id: <F00D-BEEF@apple>

""" + b64(PNG) + b"""
--Apple-Mail=_33333333-4444--

--Apple-Mail=_11111111-2222--
"""

M["rfc2047_headers"] = b"""From: =?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>
To: =?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>, =?utf-8?b?5p2O5piO?= <li.ming@example.cn>
Cc: =?ISO-8859-1?Q?Olle_J=E4rnefors?= <ojarnef@admin.kth.se>
Subject: =?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=
 =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=
Message-ID: <rfc2047@example.test>
""" + COMMON + b"""Content-Type: text/plain; charset=ISO-8859-1
Content-Transfer-Encoding: quoted-printable

Voil=E0 un exemple en fran=E7ais.
"""

M["rfc2047_mixed_words"] = b"""From: "=?utf-8?q?M=C3=BCller?=, Hans" <hans@example.de>
To: undisclosed-recipients:;
Subject: [Ticket #77] =?UTF-8?Q?Pr=C3=BCfung?= =?UTF-8?Q?_abgeschlossen?= (final)
Message-ID: <mixed-words@example.de>
""" + COMMON + b"""Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Die Pr\xc3\xbcfung ist abgeschlossen.
"""

M["rfc2231_filenames"] = b"""From: files@example.com
To: support@yourapp.com
Subject: RFC 2231 names
Message-ID: <rfc2231@example.com>
""" + COMMON + b"""Content-Type: multipart/mixed; boundary="b2231"

--b2231
Content-Type: text/plain; charset=us-ascii

Three attachments with encoded names.
--b2231
Content-Type: application/pdf
Content-Disposition: attachment; filename*=UTF-8''%E2%82%AC%20rates%202026.pdf
Content-Transfer-Encoding: base64

""" + b64(PDF) + b"""
--b2231
Content-Type: application/octet-stream
Content-Disposition: attachment;
 filename*0*=iso-8859-1'de'Stra%DFe%20und%20;
 filename*1*=Pl%E4tze;
 filename*2=".txt"
Content-Transfer-Encoding: base64

""" + b64(b"Strasse und Platze\n") + b"""
--b2231
Content-Type: text/csv; name="=?utf-8?B?0L7RgtGH0LXRgi5jc3Y=?="
Content-Disposition: attachment; filename="=?utf-8?B?0L7RgtGH0LXRgi5jc3Y=?="
Content-Transfer-Encoding: quoted-printable

a,b,c
1,2,3
--b2231--
"""

long_name = ("Quarterly report for the board of directors including appendices and "
             "all supporting spreadsheets, scans of receipts and the signed minutes of "
             "the meeting held on the fourteenth of April two thousand twenty-six "
             "(final version, approved, do not edit further) \u00e9\u00e8\u00ea.pdf")
pieces = []
quoted = ""
for byte in long_name.encode("utf-8"):
    ch = chr(byte)
    quoted += ch if (ch.isascii() and (ch.isalnum() or ch in "-_.")) else "%%%02X" % byte
chunks = [quoted[i:i + 60] for i in range(0, len(quoted), 60)]
# Don't split a %XX escape across chunks.
fixed = []
carry = ""
for c in chunks:
    c = carry + c
    carry = ""
    cut = c.rfind("%")
    if cut >= len(c) - 2 and cut != -1:
        carry = c[cut:]
        c = c[:cut]
    fixed.append(c)
if carry:
    fixed.append(carry)
params = ";\n".join(" filename*%d*=%s%s" % (i, "utf-8''" if i == 0 else "", c) for i, c in enumerate(fixed))

M["hostile_filenames"] = (b"""From: attacker@evil.example
To: support@yourapp.com
Subject: hostile names
Message-ID: <hostile@evil.example>
""" + COMMON + b"""Content-Type: multipart/mixed; boundary="hostile"

--hostile
Content-Type: text/plain

Look at these.
--hostile
Content-Type: application/octet-stream
Content-Disposition: attachment; filename="../../../../etc/passwd"
Content-Transfer-Encoding: base64

""" + b64(b"root:x:0:0:root:/root:/bin/bash\n") + b"""
--hostile
Content-Type: application/octet-stream
Content-Disposition: attachment; filename="..\\\\..\\\\windows\\\\system32\\\\evil.dll"
Content-Transfer-Encoding: base64

""" + b64(blob("dll", 64)) + b"""
--hostile
Content-Type: text/plain; charset=utf-8
Content-Disposition: attachment; filename="=?utf-8?q?bell=07and=0Anewline=1B[31m.txt?="

control characters in the name
--hostile
Content-Type: application/pdf
Content-Disposition: attachment;
""" + params.encode() + b"""
Content-Transfer-Encoding: base64

""" + b64(PDF) + b"""
--hostile
Content-Type: image/png
Content-Disposition: attachment; filename*=utf-8''invoice%E2%80%AEgpj.exe
Content-Transfer-Encoding: base64

""" + b64(PNG) + b"""
--hostile
Content-Type: application/octet-stream
Content-Disposition: attachment; filename="CON"
Content-Transfer-Encoding: base64

""" + b64(b"reserved device name\n") + b"""
--hostile--
""")

M["windows1252_qp"] = b"""From: "O'Brien, Pat" <pat@example.ie>
To: support@yourapp.com
Subject: =?windows-1252?Q?=93Smart=94_quotes_cost_=80100?=
Message-ID: <cp1252@example.ie>
""" + COMMON + b"""Content-Type: multipart/alternative; boundary="cp1252"

--cp1252
Content-Type: text/plain; charset="windows-1252"
Content-Transfer-Encoding: quoted-printable

=93Smart=94 quotes =96 and the euro sign: =80100. Undefined byte: =81.
--cp1252
Content-Type: text/html; charset="Windows-1252"
Content-Transfer-Encoding: 8bit

<p>\x93Smart\x94 quotes \x96 \x80100</p>
--cp1252--
"""

M["iso2022jp"] = b"""From: =?ISO-2022-JP?B?GyRCOzNFRBsoQg==?= <yamada@example.jp>
To: support@yourapp.com
Subject: =?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=
Message-ID: <iso2022jp@example.jp>
""" + COMMON + b"""Content-Type: text/plain; charset=ISO-2022-JP
Content-Transfer-Encoding: 7bit

\x1b$B$3$s$K$A$O!#\x1b(B
\x1b$BEl5~\x1b(B Tokyo
"""

M["shift_jis_and_koi8"] = b"""From: multi@example.com
To: support@yourapp.com
Subject: =?koi8-r?B?8NLJ18XU?=
Message-ID: <charsets@example.com>
""" + COMMON + b"""Content-Type: multipart/mixed; boundary="cs"

--cs
Content-Type: text/plain; charset=koi8-r
Content-Transfer-Encoding: 8bit

\xf0\xd2\xc9\xd7\xc5\xd4, \xcd\xc9\xd2!
--cs
Content-Type: text/plain; charset=shift_jis
Content-Transfer-Encoding: base64

""" + b64("こんにちは世界".encode("shift_jis")) + b"""
--cs
Content-Type: text/html; charset=gb2312
Content-Transfer-Encoding: base64

""" + b64("<p>你好，世界</p>".encode("gb2312")) + b"""
--cs--
"""

inner = b"""From: Original Sender <orig@example.com>
To: ana@example.org
Subject: The original message
Message-ID: <original@example.com>
Date: Mon, 13 Apr 2026 09:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="inner-boundary"

--inner-boundary
Content-Type: text/plain; charset=utf-8

Original text.
--inner-boundary
Content-Type: application/pdf; name="inner.pdf"
Content-Disposition: attachment; filename="inner.pdf"
Content-Transfer-Encoding: base64

""" + b64(PDF) + b"""
--inner-boundary--
"""

M["forwarded_rfc822"] = b"""From: Ana Lopez <ana@example.org>
To: support@yourapp.com
Subject: Fwd: The original message
Message-ID: <forwarded@example.org>
""" + COMMON + b"""Content-Type: multipart/mixed; boundary="outer-boundary"

--outer-boundary
Content-Type: text/plain; charset=utf-8

Forwarding the message below.
--outer-boundary
Content-Type: message/rfc822; name="original.eml"
Content-Disposition: attachment; filename="original.eml"

""" + inner + b"""
--outer-boundary--
"""

M["forwarded_rfc822_crlf"] = M["forwarded_rfc822"].replace(b"<forwarded@", b"<forwarded-crlf@").replace(b"\n", b"\r\n")

M["bare_lf_8bit_utf8"] = """From: Zoë Çelik <zoe@example.tr>
To: support@yourapp.com
Subject: Ünïcödé sübject in raw UTF-8 ✓
Message-ID: <raw-utf8@example.tr>
Date: Tue, 14 Apr 2026 12:34:56 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Grüße aus İstanbul — emoji 😀 and CJK 漢字.
""".encode("utf-8")

M["missing_closing_boundary"] = b"""From: broken@example.com
To: support@yourapp.com
Subject: truncated upload
Message-ID: <truncated@example.com>
""" + COMMON + b"""Content-Type: multipart/mixed; boundary="never-closed"

--never-closed
Content-Type: text/plain

The body is fine.
--never-closed
Content-Type: application/octet-stream; name="cut.bin"
Content-Disposition: attachment; filename="cut.bin"
Content-Transfer-Encoding: base64

""" + b64(blob("cut", 300)) + b"""
"""

M["bad_base64"] = b"""From: broken@example.com
To: support@yourapp.com
Subject: bad base64
Message-ID: <bad-base64@example.com>
""" + COMMON + b"""Content-Type: multipart/mixed; boundary="bb"

--bb
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

SGVsbG8gd29ybGQ
--bb
Content-Type: application/octet-stream; name="junk.bin"
Content-Disposition: attachment; filename="junk.bin"
Content-Transfer-Encoding: base64

AAEC!!AwQF*BgcI
CQoL DA0O
--bb
Content-Type: application/octet-stream; name="data-after-pad.bin"
Content-Disposition: attachment; filename="data-after-pad.bin"
Content-Transfer-Encoding: base64

QUJD==REVG
--bb--
"""

M["second_inline_text"] = b"""From: phone@example.com
To: support@yourapp.com
Subject: photo from my phone
Message-ID: <second-inline@example.com>
""" + COMMON + b"""Content-Type: multipart/mixed; boundary="inl"

--inl
Content-Type: text/plain; charset=us-ascii
Content-Disposition: inline

Here is the photo:
--inl
Content-Type: image/jpeg; name="IMG_0001.JPG"
Content-Disposition: inline; filename="IMG_0001.JPG"
Content-Transfer-Encoding: base64

""" + b64(blob("jpeg", 2048)) + b"""
--inl
Content-Type: text/plain; charset=us-ascii
Content-Disposition: inline

Sent from my phone
--inl--
"""

M["calendar_invite"] = (b"""From: Organizer <organizer@example.com>
To: attendee@yourapp.com
Subject: Invitation: Sync @ Tue 14 Apr 2026
Message-ID: <calendar@example.com>
""" + COMMON + b"""Content-Type: multipart/mixed; boundary="cal-mixed"

--cal-mixed
Content-Type: multipart/alternative; boundary="cal-alt"

--cal-alt
Content-Type: text/plain; charset="UTF-8"; format=flowed; delsp=yes

You have been invited to Sync.
--cal-alt
Content-Type: text/html; charset="UTF-8"

<p>You have been invited to <b>Sync</b>.</p>
--cal-alt
Content-Type: text/calendar; charset="UTF-8"; method=REQUEST
Content-Transfer-Encoding: 7bit

BEGIN:VCALENDAR
METHOD:REQUEST
BEGIN:VEVENT
UID:sync-2026-04-14@example.com
SUMMARY:Sync
DTSTART:20260414T150000Z
END:VEVENT
END:VCALENDAR
--cal-alt--
--cal-mixed
Content-Type: application/ics; name="invite.ics"
Content-Disposition: attachment; filename="invite.ics"
Content-Transfer-Encoding: base64

""" + b64(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n") + b"""
--cal-mixed--
""").replace(b"\n", b"\r\n")

M["html_only"] = b"""From: noreply@service.example
To: you@yourapp.com
Subject: Your receipt
Message-ID: <html-only@service.example>
""" + COMMON + b"""Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: base64

""" + b64("<html><body><h1>Receipt</h1><p>Total: 9,99 €</p></body></html>\n".encode()) + b"""
"""

M["no_content_type"] = b"""From: old-client@example.com
To: support@yourapp.com
Subject: no content type at all
Message-ID: <no-ct@example.com>

Just some text without MIME headers.
"""

M["text_attachment_only"] = b"""From: export@example.com
To: support@yourapp.com
Subject: log file
Message-ID: <log-only@example.com>
""" + COMMON + b"""Content-Type: text/plain; charset=utf-8; name="server.log"
Content-Disposition: attachment; filename="server.log"

2026-04-14 12:00:00 INFO started
2026-04-14 12:00:01 ERROR failed
"""

M["attachment_first_then_body"] = b"""From: scanner@example.com
To: support@yourapp.com
Subject: Scan
Message-ID: <scan@example.com>
""" + COMMON + b"""Content-Type: multipart/mixed; boundary="scan"

--scan
Content-Type: text/plain; name="notes.txt"
Content-Disposition: attachment; filename="notes.txt"

attached notes
--scan
Content-Type: text/plain

the real body
--scan
Content-Type: text/html
Content-Disposition: attachment; filename="page.html"

<p>attached page</p>
--scan--
"""

M["address_groups"] = b"""From: "Support Team (EU)" <support-eu@example.com>
To: Team: alice@example.com, "Bob B." <bob@example.com>;, carol@example.com
Cc: "Quoted \\"Nick\\" Name" <nick@example.com>, dave@example.com (Dave Comment)
Subject: groups and quoting
Message-ID: <groups@example.com>
""" + COMMON + b"""Content-Type: text/plain

addresses
"""

M["uppercase_types"] = b"""From: shouty@example.com
To: support@yourapp.com
Subject: UPPERCASE
Message-ID: <upper@example.com>
""" + COMMON + b"""Content-Type: MULTIPART/ALTERNATIVE; BOUNDARY="UP"

--UP
Content-Type: TEXT/PLAIN; CHARSET=UTF-8
Content-Transfer-Encoding: QUOTED-PRINTABLE

caf=C3=A9
--UP
Content-Type: Text/HTML; Charset="UTF-8"
Content-Transfer-Encoding: Base64

PHA+Y2Fmw6k8L3A+
--UP--
"""

M["digest"] = b"""From: list@example.org
To: subscriber@yourapp.com
Subject: Digest, Vol 1, Issue 2
Message-ID: <digest@example.org>
""" + COMMON + b"""Content-Type: multipart/mixed; boundary="digest-outer"

--digest-outer
Content-Type: text/plain

Today's topics: one, two
--digest-outer
Content-Type: multipart/digest; boundary="digest-inner"

--digest-inner

From: one@example.org
Subject: one
Message-ID: <one@example.org>

first message
--digest-inner

From: two@example.org
Subject: two

second message
--digest-inner--
--digest-outer--
"""

M["top_level_pdf"] = b"""From: fax@example.com
To: support@yourapp.com
Subject: fax
Message-ID: <fax@example.com>
""" + COMMON + b"""Content-Type: application/pdf; name="fax.pdf"
Content-Transfer-Encoding: base64

""" + b64(PDF) + b"""
"""

M["empty_parts"] = b"""From: empty@example.com
To: support@yourapp.com
Subject: 
Message-ID: <empty@example.com>
""" + COMMON + b"""Content-Type: multipart/mixed; boundary="e"

--e
Content-Type: text/plain

--e
Content-Type: application/octet-stream; name="empty.bin"
Content-Disposition: attachment; filename="empty.bin"
Content-Transfer-Encoding: base64

--e--
"""

M["qp_edge_cases"] = b"""From: qp@example.com
To: support@yourapp.com
Subject: quoted-printable edge cases
Message-ID: <qp@example.com>
""" + COMMON + b"""Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

soft=
break, lower hex =c3=a9, stray = sign, =ZZ not hex, trailing space  =20
double == equals and line ending with =
"""

M["deep_nesting"] = b"""From: nest@example.com
To: support@yourapp.com
Subject: deep nesting
Message-ID: <deep@example.com>
""" + COMMON + b"""Content-Type: multipart/mixed; boundary="L1"

--L1
Content-Type: multipart/related; boundary="L2"

--L2
Content-Type: multipart/alternative; boundary="L3"

--L3
Content-Type: text/plain; charset=utf-8

deep plain
--L3
Content-Type: multipart/related; boundary="L4"

--L4
Content-Type: text/html; charset=utf-8

<p>deep html <img src="cid:d1"></p>
--L4
Content-Type: image/png
Content-ID: <d1>
Content-Transfer-Encoding: base64

""" + b64(PNG) + b"""
--L4--
--L3--
--L2
Content-Type: image/png
Content-ID: <d2>
Content-Transfer-Encoding: base64

""" + b64(PNG) + b"""
--L2--
--L1
Content-Type: application/zip; name="a.zip"
Content-Disposition: attachment; filename="a.zip"
Content-Transfer-Encoding: base64

""" + b64(blob("zip", 500)) + b"""
--L1--
"""

M["outlook_tnef"] = (b"""From: "Smith, Jane" <jane.smith@corp.example>
To: "support@yourapp.com" <support@yourapp.com>
Subject: RE: contract
Thread-Topic: contract
Message-ID: <DB7PR01MB1234ABCD@DB7PR01MB1234.eurprd01.prod.outlook.com>
Content-Language: en-US
X-MS-Has-Attach: yes
X-MS-TNEF-Correlator: <DB7PR01MB1234ABCD@DB7PR01MB1234.eurprd01.prod.outlook.com>
""" + COMMON + b"""Content-Type: multipart/mixed;
\tboundary="_002_DB7PR01MB1234ABCD_"

--_002_DB7PR01MB1234ABCD_
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

Please see attached.=0D=0A
--_002_DB7PR01MB1234ABCD_
Content-Type: application/ms-tnef; name="winmail.dat"
Content-Description: winmail.dat
Content-Disposition: attachment; filename="winmail.dat"; size=512;
\tcreation-date="Tue, 14 Apr 2026 12:00:00 GMT";
\tmodification-date="Tue, 14 Apr 2026 12:00:00 GMT"
Content-Transfer-Encoding: base64

""" + b64(blob("tnef", 512)) + b"""

--_002_DB7PR01MB1234ABCD_--
""").replace(b"\n", b"\r\n")

M["base64_text_body"] = b"""From: api@example.com
To: support@yourapp.com
Subject: base64 bodies
Message-ID: <b64-bodies@example.com>
""" + COMMON + b"""Content-Type: multipart/alternative; boundary="b64"

--b64
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

""" + b64("Line one\r\nLine two with ümlaut\r\n".encode()) + b"""
--b64
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: base64

""" + b64("<p>Line one</p>\r\n<p>Line two with ümlaut</p>\r\n".encode()) + b"""
--b64--
"""

M["latin1_8bit_body_no_charset"] = b"""From: legacy@example.com
To: support@yourapp.com
Subject: no charset
Message-ID: <nocharset@example.com>
""" + COMMON + b"""Content-Type: text/plain
Content-Transfer-Encoding: 8bit

caf\xe9 cr\xe8me
"""

M["unknown_charset"] = b"""From: odd@example.com
To: support@yourapp.com
Subject: unknown charset
Message-ID: <unknowncs@example.com>
""" + COMMON + b"""Content-Type: text/plain; charset=x-unknown-9
Content-Transfer-Encoding: 7bit

plain ascii text
"""

M["multiple_plain_alternatives"] = b"""From: multi@example.com
To: support@yourapp.com
Subject: two plains in an alternative
Message-ID: <two-plain@example.com>
""" + COMMON + b"""Content-Type: multipart/alternative; boundary="tp"

--tp
Content-Type: text/plain; charset=utf-8

first plain
--tp
Content-Type: text/plain; charset=utf-8; format=flowed

second plain
--tp
Content-Type: text/html; charset=utf-8

<p>html</p>
--tp
Content-Type: text/html; charset=utf-8

<p>second html</p>
--tp--
"""

M["sendgrid_like_crlf_long_headers"] = (b"""Received: from mail-sor-f41.google.com (mail-sor-f41.google.com [209.85.220.41]) by mx.sendgrid.net with SMTP id abcdefghijklmnopqrstuvwxyz0123456789 for <inbound@parse.yourapp.com>; Tue, 14 Apr 2026 12:34:56 +0000 (UTC)
DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=20230601;
 h=to:subject:message-id:date:from:mime-version:from:to:cc:subject:date:message-id:reply-to;
 bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;
 b=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz0123456789
From: Ana Lopez <ana@example.org>
To: inbound@parse.yourapp.com
Subject: A subject that is rather long and therefore folded by the sending client across
 two lines
Message-ID: <long-headers@example.org>
""" + COMMON + b"""Content-Type: text/plain; charset="UTF-8"

Body.
""").replace(b"\n", b"\r\n")

M["address_quirks"] = """From: =?utf-8?b?5bGx55Sw?= =?utf-8?b?5aSq6YOO?= <yamada@example.jp>
To: "=?utf-8?q?J=C3=B6rg?=" <j@example.de>, Smith (the boss) <smith@x.com>, <bare@x.com>,
  spaced   name   <s@x.com>, "john..doe"@example.com, Name <user@xn--mnchen-3ya.de>
Cc: Team: a@x.com, B <b@x.com>;, "quoted \\"name\\"" <q@x.com>, a@b.c (c1) (c2), "" <empty@x.com>
Subject: address quirks
Message-ID: <address-quirks@example.com>
Date: Tue, 14 Apr 2026 12:34:56 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

addresses
""".encode("utf-8")

# Long non-ASCII names and subjects as Python's own generator folds them (encoded words split mid-word).
M["python_folded_headers"] = b"""From: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa =?utf-8?q?G?=
 =?utf-8?b?csO8w59l?= <folded@example.com>
To: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa =?utf-8?q??=
 =?utf-8?q?=E2=82=ACuro?= <euro@example.com>
Subject: =?utf-8?b?Y2Fmw6kgTydCcmllbiBHcsO8w59lINCf0YA=?=
 =?utf-8?b?0LjQstC10YIgTydCcmllbiDml6XmnKzoqp4gdGVzdCA=?=
 =?utf-8?b?4oKsdXJvIMOcbsOvY8O4ZMOp?=
Message-ID: <python-folded@example.com>
Date: Tue, 14 Apr 2026 12:34:56 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 7bit

folded
"""

M["charset_aliases"] = b"""From: aliases@example.com
To: support@yourapp.com
Subject: =?latin-1?q?caf=E9?= and =?mac-roman?q?caf=8E?=
Message-ID: <charset-aliases@example.com>
Date: Tue, 14 Apr 2026 12:34:56 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="al"

--al
Content-Type: text/plain; charset="latin-1"
Content-Transfer-Encoding: quoted-printable

caf=E9 cr=E8me
--al
Content-Type: text/html; charset="utf-8-sig"
Content-Transfer-Encoding: base64

""" + b64(b"\xef\xbb\xbf<p>bom</p>") + b"""
--al
Content-Type: text/plain; charset=ks_c_5601-1987
Content-Transfer-Encoding: base64

""" + b64("안녕하세요".encode("cp949")) + b"""
--al
Content-Type: text; charset=us-ascii

no subtype: text/plain for Python
--al--
"""

M["crlf_in_lf_message"] = b"""From: mixed@example.com
To: support@yourapp.com
Subject: CRLF before a boundary in an LF message
Message-ID: <crlf-in-lf@example.com>
Date: Tue, 14 Apr 2026 12:34:56 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="m"

--m
Content-Type: text/plain

line ending with CRLF\r
--m
Content-Type: application/octet-stream
Content-Transfer-Encoding: quoted-printable

b\r==0F\n9\r
--m--
"""


# A CRLF message whose lines before the boundaries end in LF: GMime's part ends assumed CRLF there.
M["mixed_crlf_lf_boundaries"] = (b"""From: mixed@example.com
To: support@yourapp.com
Subject: LF before the boundaries of a CRLF message
Message-ID: <mixed-crlf-lf@example.com>
Date: Tue, 14 Apr 2026 12:34:56 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="m"

--m
Content-Type: text/plain

""".replace(b"\n", b"\r\n") + b"first\r\nsecond\nthird\n--m\r\nContent-Type: application/octet-stream\r\n\r\n"
    b"abc\r\ndef\nxyz\n--m--\r\n")

# No header block at all: Python reads a text/plain body without headers.
M["no_header_block"] = b"""Dear support,

this message was saved without its headers.
"""

# A line that is not a header ends the header block: the body starts there (Python's
# MissingHeaderBodySeparatorDefect).
M["header_block_cut_short"] = b"""From: cut@example.com
Subject: header block cut short
Message-ID: <cut-short@example.com>
this line is not a header
To: not-a-recipient@example.com

body
"""

# RFC 2231 segments out of order, the charset segment last; a segment given twice.
M["rfc2231_segments_out_of_order"] = b"""From: files@example.com
To: support@yourapp.com
Subject: RFC 2231 segments out of order
Message-ID: <rfc2231-order@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="r"

--r
Content-Type: text/plain

two files
--r
Content-Type: application/pdf
Content-Disposition: attachment; filename*1="rest.pdf"; filename*0*=utf-8''%C3%A9t%C3%A9_

""" + b64(PDF) + b"""
--r
Content-Type: application/octet-stream
Content-Disposition: attachment; filename*0*=utf-8''%E2%82%AC; filename*1=" rates.bin"; filename*1=" twice.bin"

""" + b64(blob("twice", 64)) + b"""
--r--
"""

# A digest whose messages (message/rfc822 by default) are a multipart and one of headers only.
M["digest_multipart_messages"] = b"""From: list@example.com
To: support@yourapp.com
Subject: Digest with a multipart message
Message-ID: <digest-multipart@example.com>
MIME-Version: 1.0
Content-Type: multipart/digest; boundary="d"

--d

From: one@example.com
Subject: first
Content-Type: multipart/alternative; boundary="x"

--x
Content-Type: text/plain

alt
--x--
--d

Subject: only headers
--d--
"""


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "email")
    os.makedirs(out, exist_ok=True)
    for name, data in sorted(M.items()):
        with open(os.path.join(out, name + ".eml"), "wb") as f:
            f.write(data)
    print("wrote %d messages to %s" % (len(M), out))


if __name__ == "__main__":
    main()
