#!/usr/bin/env python3
"""Writes the provider payload samples in tests/data/payloads/ (deterministic) and manifest.json,
which says each sample's Content-Type and what a reader must find in it. Stdlib only."""
import base64
import hashlib
import json
import os
import sys
import urllib.parse

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "payloads")
os.makedirs(OUT, exist_ok=True)
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2b3a8f60000000049454e44ae426082")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
manifest = []


def sha(b):
    return hashlib.sha256(b).hexdigest()


def write(name, data, content_type, expect):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    manifest.append({"file": name, "contentType": content_type, **expect})


RAW = ("From: Ana Lopez <ana@example.org>\r\n"
       "To: Support <support@yourapp.com>\r\n"
       "Cc: billing@yourapp.com\r\n"
       "Subject: =?utf-8?q?Rechnung_f=C3=BCr_April?=\r\n"
       "Message-ID: <raw-1@example.org>\r\n"
       "Date: Tue, 14 Apr 2026 12:34:56 +0000\r\n"
       "MIME-Version: 1.0\r\n"
       "Content-Type: multipart/mixed; boundary=\"mixed\"\r\n"
       "\r\n"
       "--mixed\r\n"
       "Content-Type: multipart/alternative; boundary=\"alt\"\r\n"
       "\r\n"
       "--alt\r\n"
       "Content-Type: text/plain; charset=utf-8\r\n"
       "Content-Transfer-Encoding: quoted-printable\r\n"
       "\r\n"
       "Hallo, die Rechnung f=C3=BCr April ist angeh=C3=A4ngt.\r\n"
       "--alt\r\n"
       "Content-Type: text/html; charset=utf-8\r\n"
       "\r\n"
       "<p>Hallo, die Rechnung f\u00fcr April ist angeh\u00e4ngt.</p><img src=\"cid:logo@example.org\">\r\n"
       "--alt--\r\n"
       "--mixed\r\n"
       "Content-Type: image/png\r\n"
       "Content-ID: <logo@example.org>\r\n"
       "Content-Disposition: inline; filename=\"logo.png\"\r\n"
       "Content-Transfer-Encoding: base64\r\n"
       "\r\n" + base64.b64encode(PNG).decode() + "\r\n"
       "--mixed\r\n"
       "Content-Type: application/pdf; name=\"rechnung-april.pdf\"\r\n"
       "Content-Disposition: attachment; filename=\"rechnung-april.pdf\"\r\n"
       "Content-Transfer-Encoding: base64\r\n"
       "\r\n" + base64.b64encode(PDF).decode() + "\r\n"
       "--mixed--\r\n").encode()
RAW_EXPECT_ATT = [{"filename": "logo.png", "contentType": "image/png", "size": len(PNG), "sha256": sha(PNG), "contentId": "logo@example.org"},
                  {"filename": "rechnung-april.pdf", "contentType": "application/pdf", "size": len(PDF), "sha256": sha(PDF)}]
RAW_EXPECT = {"subject": "Rechnung für April", "from": "ana@example.org", "fromName": "Ana Lopez",
              "to": ["support@yourapp.com"], "cc": ["billing@yourapp.com"], "messageId": "<raw-1@example.org>",
              "text": "Hallo, die Rechnung für April ist angehängt.", "attachments": RAW_EXPECT_ATT, "hasRawMime": True}

# 1. The guide's event schema, clean.
event = {"id": "evt_2026_04_14_01", "messageId": "<abc123@mail.example>", "receivedAt": "2026-04-14T12:34:56Z",
         "from": {"address": "sender@example.com", "name": "Sender Name"},
         "to": [{"address": "support@yourapp.com", "name": ""}], "cc": [],
         "subject": "Issue with billing", "text": "Plain text body", "html": "<p>HTML body</p>",
         "attachments": [{"filename": "screenshot.png", "contentType": "image/png", "size": len(PNG),
                          "contentId": "image1", "dataBase64": base64.b64encode(PNG).decode()}],
         "headers": {"content-type": "multipart/alternative", "x-custom-header": "value"},
         "x-provider-trace": {"region": "eu-west-1"}}
write("event_schema.json", json.dumps(event, indent=2).encode(), "application/json",
      {"adapter": "event-json", "kind": "EventJson", "subject": "Issue with billing", "from": "sender@example.com",
       "fromName": "Sender Name", "to": ["support@yourapp.com"], "messageId": "<abc123@mail.example>",
       "text": "Plain text body", "html": "<p>HTML body</p>",
       "attachments": [{"filename": "screenshot.png", "contentType": "image/png", "size": len(PNG), "sha256": sha(PNG), "contentId": "image1"}],
       "warnings": [], "extra": ["x-provider-trace"]})

# 2. Event schema with every problem the guide names.
bad = {"id": 42, "messageId": "<bad@mail.example>", "receivedAt": "yesterday",
       "from": {"address": "not-an-address", "name": "Broken"},
       "to": [{"address": "ok@example.com", "name": ""}, {"address": "two@@example.com"}], "subject": "Problems",
       "text": "body", "html": None,
       "attachments": [{"filename": "a.pdf", "contentType": "application pdf", "size": 10, "dataBase64": base64.b64encode(PDF).decode()},
                       {"filename": "b.bin", "contentType": "application/octet-stream", "size": 3, "dataBase64": "AAE*Ag=="}],
       "futureField": [1, 2, 3]}
write("event_invalid.json", json.dumps(bad, indent=2).encode(), "application/json",
      {"adapter": "event-json", "kind": "EventJson", "subject": "Problems", "from": "not-an-address",
       "attachments": [{"filename": "a.pdf", "contentType": "application pdf", "size": len(PDF), "sha256": sha(PDF)},
                       {"filename": "b.bin", "contentType": "application/octet-stream", "size": 3}],
       "warnings": ["from: \"not-an-address\" is not a valid email address", "to[1]: \"two@@example.com\" is not a valid email address",
                    "receivedAt: \"yesterday\" is not an ISO 8601 time",
                    "\"application pdf\" is not a content type", "declared size 10 but dataBase64 decodes to %d bytes" % len(PDF),
                    "attachments[1] (b.bin): invalid base64"], "extra": ["futureField"]})

# 3. message/rfc822 posted directly.
write("rfc822_direct.eml", RAW, "message/rfc822", {"adapter": "raw-mime", "kind": "RawMime", **RAW_EXPECT, "warnings": []})

# 4. JSON carrying raw MIME only.
write("json_raw.json", json.dumps({"id": "evt_raw_1", "raw": RAW.decode()}).encode(), "application/json",
      {"adapter": "event-json", "kind": "JsonWithRawMime", **RAW_EXPECT, "warnings": []})

# 4b. JSON carrying base64-encoded raw MIME.
write("json_raw_base64.json", json.dumps({"id": "evt_raw_b64", "rawMime": base64.b64encode(RAW).decode()}).encode(),
      "application/json", {"adapter": "event-json", "kind": "JsonWithRawMime", **RAW_EXPECT, "warnings": []})

# 5. JSON with the provider's fields AND rawMime that disagree (what the diff must catch).
mismatch = {"id": "evt_mismatch_1", "messageId": "<raw-1@example.org>", "subject": "=?utf-8?q?Rechnung_f=C3=BCr_April?=",
            "from": {"address": "ana@example.org", "name": "Ana Lopez"},
            "to": [{"address": "support@yourapp.com", "name": "Support"}], "cc": [],
            "text": "Hallo, die Rechnung fuer April ist angehaengt.",
            "html": "<p>Hallo, die Rechnung f\u00fcr April ist angeh\u00e4ngt.</p><img src=\"cid:logo@example.org\">",
            "attachments": [{"filename": "rechnung-april.pdf", "contentType": "application/pdf", "size": len(PDF) + 1,
                             "dataBase64": base64.b64encode(PDF + b"\n").decode()},
                            {"filename": "terms.pdf", "contentType": "application/pdf", "size": 4, "dataBase64": base64.b64encode(b"tos!").decode()}],
            "rawMime": RAW.decode()}
write("json_rawmime_mismatch.json", json.dumps(mismatch, indent=2).encode(), "application/json",
      {"adapter": "event-json", "kind": "JsonWithRawMime", **RAW_EXPECT,
       "warnings": ["provider JSON vs MIME: subject differs (provider's decoding)",
                    "provider JSON vs MIME: cc: billing@yourapp.com is in the MIME but not in the provider's JSON",
                    "provider JSON vs MIME: text differs from line 1",
                    "provider JSON vs MIME: rechnung-april.pdf: size differs: provider %d bytes, MIME %d bytes" % (len(PDF) + 1, len(PDF)),
                    "provider JSON vs MIME: terms.pdf (application/pdf, 4 bytes) is in the provider's JSON but not in the MIME",
                    "provider JSON vs MIME: logo.png (image/png, %d bytes) is in the MIME but missing from the provider's JSON" % len(PNG)]})

# 6. Postmark inbound webhook, with RawEmail, consistent.
postmark = {"FromName": "Ana Lopez", "MessageStream": "inbound", "From": "ana@example.org",
            "FromFull": {"Email": "ana@example.org", "Name": "Ana Lopez", "MailboxHash": ""},
            "To": "Support <support@yourapp.com>",
            "ToFull": [{"Email": "support@yourapp.com", "Name": "Support", "MailboxHash": ""}],
            "Cc": "billing@yourapp.com", "CcFull": [{"Email": "billing@yourapp.com", "Name": "", "MailboxHash": ""}],
            "Bcc": "", "BccFull": [], "OriginalRecipient": "support@yourapp.com", "ReplyTo": "",
            "Subject": "Rechnung für April", "MessageID": "22c74902-a0c1-4511-804f-341342852c90",
            "Date": "Tue, 14 Apr 2026 12:34:56 +0000", "MailboxHash": "",
            "TextBody": "Hallo, die Rechnung für April ist angehängt.",
            "HtmlBody": "<p>Hallo, die Rechnung für April ist angehängt.</p><img src=\"cid:logo@example.org\">",
            "StrippedTextReply": "", "Tag": "", "Headers": [{"Name": "X-Spam-Status", "Value": "No"},
                                                            {"Name": "Message-ID", "Value": "<raw-1@example.org>"}],
            "Attachments": [{"Name": "logo.png", "Content": base64.b64encode(PNG).decode(), "ContentType": "image/png",
                             "ContentLength": len(PNG), "ContentID": "logo@example.org"},
                            {"Name": "rechnung-april.pdf", "Content": base64.b64encode(PDF).decode(),
                             "ContentType": "application/pdf", "ContentLength": len(PDF), "ContentID": ""}],
            "RawEmail": RAW.decode()}
write("postmark_inbound.json", json.dumps(postmark, indent=2, ensure_ascii=False).encode(), "application/json",
      {"adapter": "postmark-json", "kind": "JsonWithRawMime", **RAW_EXPECT, "warnings": []})

# 7. Postmark without RawEmail.
pm2 = dict(postmark)
del pm2["RawEmail"]
write("postmark_inbound_noraw.json", json.dumps(pm2, indent=2, ensure_ascii=False).encode(), "application/json",
      {"adapter": "postmark-json", "kind": "EventJson", "subject": "Rechnung für April", "from": "ana@example.org",
       "to": ["support@yourapp.com"], "cc": ["billing@yourapp.com"], "messageId": "<raw-1@example.org>",
       "text": "Hallo, die Rechnung für April ist angehängt.", "attachments": RAW_EXPECT_ATT, "warnings": []})


def form(boundary, fields):
    out = b""
    for f in fields:
        name, value = f[0], f[1]
        out += b"--" + boundary + b"\r\n"
        if len(f) > 2:
            out += b'Content-Disposition: form-data; name="%s"; filename="%s"\r\nContent-Type: %s\r\n\r\n' % (
                name.encode(), f[2].encode(), f[3].encode())
        else:
            out += b'Content-Disposition: form-data; name="%s"\r\n\r\n' % name.encode()
        out += value + b"\r\n"
    return out + b"--" + boundary + b"--\r\n"


SG_HEADERS = (b"Received: by mx0047p1mdw1.sendgrid.net with SMTP id 6WCVv7KAWn Tue, 14 Apr 2026 12:34:57 +0000 (UTC)\n"
              b"From: Ana Lopez <ana@example.org>\nTo: inbound@parse.yourapp.com\nSubject: Caf\xc3\xa9 order\n"
              b"Message-ID: <sg-1@example.org>\nDate: Tue, 14 Apr 2026 12:34:56 +0000\nMIME-Version: 1.0\n")
B = b"xYzZY"
sg = form(B, [("headers", SG_HEADERS), ("dkim", b"{@example.org : pass}"),
              ("content-ids", b'{"ii_logo1":"attachment1"}'),
              ("to", b"inbound@parse.yourapp.com"), ("html", b"<p>Caf\xe9 order</p>"),
              ("from", b"Ana Lopez <ana@example.org>"), ("text", b"Caf\xe9 order, two espressos.\n"),
              ("sender_ip", b"209.85.220.41"), ("envelope", b'{"to":["inbound@parse.yourapp.com"],"from":"ana@example.org"}'),
              ("attachments", b"2"), ("subject", b"Caf\xc3\xa9 order"),
              ("attachment-info", b'{"attachment1":{"filename":"logo.png","name":"logo.png","type":"image/png","content-id":"ii_logo1"},'
                                  b'"attachment2":{"filename":"menu.pdf","name":"menu.pdf","type":"application/pdf"}}'),
              ("charsets", b'{"to":"UTF-8","html":"iso-8859-1","subject":"UTF-8","from":"UTF-8","text":"iso-8859-1"}'),
              ("SPF", b"pass"),
              ("attachment1", PNG, "logo.png", "image/png"), ("attachment2", PDF, "menu.pdf", "application/pdf")])
write("sendgrid_parse.multipart", sg, "multipart/form-data; boundary=xYzZY",
      {"adapter": "sendgrid-form", "kind": "SendGridForm", "subject": "Café order", "from": "ana@example.org", "fromName": "Ana Lopez",
       "to": ["inbound@parse.yourapp.com"], "messageId": "<sg-1@example.org>", "text": "Café order, two espressos.\n",
       "html": "<p>Café order</p>",
       "attachments": [{"filename": "logo.png", "contentType": "image/png", "size": len(PNG), "sha256": sha(PNG), "contentId": "ii_logo1"},
                       {"filename": "menu.pdf", "contentType": "application/pdf", "size": len(PDF), "sha256": sha(PDF)}],
       "warnings": [], "extra": ["envelope", "SPF", "sender_ip", "dkim"]})

sg_raw = form(B, [("headers", SG_HEADERS), ("to", b"support@yourapp.com"), ("from", b"Ana Lopez <ana@example.org>"),
                  ("subject", "Rechnung für April".encode()), ("text", "Hallo, die Rechnung für April ist angehängt.\r\n".encode()),
                  ("envelope", b'{"to":["support@yourapp.com"],"from":"ana@example.org"}'),
                  ("charsets", b'{"to":"UTF-8","subject":"UTF-8","from":"UTF-8","text":"utf-8"}'),
                  ("email", RAW)])
write("sendgrid_parse_raw.multipart", sg_raw, "multipart/form-data; boundary=xYzZY",
      {"adapter": "sendgrid-form", "kind": "SendGridForm", **RAW_EXPECT,
       "warnings": ["provider JSON vs MIME: html is in the MIME", "provider JSON vs MIME: cc: billing@yourapp.com is in the MIME",
                    "provider JSON vs MIME: logo.png (image/png, %d bytes) is in the MIME but missing" % len(PNG)]})

MG_HEADERS = json.dumps([["Received", "by luna.mailgun.net with SMTP mgrt 8734663311733; Tue, 14 Apr 2026 12:34:57 +0000"],
                         ["Mime-Version", "1.0"], ["From", "Bob <bob@example.com>"], ["To", "Alice <alice@yourapp.com>"],
                         ["Subject", "Re: Sample POST request"], ["Message-Id", "<517ACC75.5010709@example.com>"],
                         ["Date", "Tue, 14 Apr 2026 12:34:56 +0000"], ["Content-Type", "text/plain; charset=\"utf-8\""]])
mg = {"recipient": "alice@yourapp.com", "sender": "bob@example.com", "from": "Bob <bob@example.com>",
      "subject": "Re: Sample POST request", "body-plain": "Hi Alice,\n\nThis is Bob.\n\n> On Monday Alice wrote:\n> Hi Bob\n",
      "stripped-text": "Hi Alice,\n\nThis is Bob.", "stripped-signature": "", "body-html": "<p>Hi Alice,</p><p>This is Bob.</p>",
      "stripped-html": "<p>Hi Alice,</p>", "attachment-count": "0", "timestamp": "1776170096",
      "token": "5f2bd9c67f3ac7a0dbe5b2b3fc6f2f27b7c1f0e1f0c4f1a5d8", "signature": "2b0e3f0b9c4d3e0f8b1a7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f",
      "message-headers": MG_HEADERS, "Message-Id": "<517ACC75.5010709@example.com>", "To": "Alice <alice@yourapp.com>"}
write("mailgun_route.urlencoded", urllib.parse.urlencode(mg).encode(), "application/x-www-form-urlencoded",
      {"adapter": "mailgun-form", "kind": "MailgunForm", "subject": "Re: Sample POST request", "from": "bob@example.com", "fromName": "Bob",
       "to": ["alice@yourapp.com"], "messageId": "<517ACC75.5010709@example.com>",
       "text": "Hi Alice,\n\nThis is Bob.\n\n> On Monday Alice wrote:\n> Hi Bob\n", "html": "<p>Hi Alice,</p><p>This is Bob.</p>",
       "attachments": [], "warnings": [], "extra": ["stripped-text", "token", "timestamp", "signature", "recipient", "sender"]})

mg_mime = {"recipient": "support@yourapp.com", "sender": "ana@example.org", "from": "Ana Lopez <ana@example.org>",
           "subject": "Rechnung für April", "timestamp": "1776170096", "token": "a" * 50, "signature": "b" * 64,
           "body-mime": RAW.decode()}
write("mailgun_mime.urlencoded", urllib.parse.urlencode(mg_mime).encode(), "application/x-www-form-urlencoded",
      {"adapter": "mailgun-form", "kind": "MailgunForm", **RAW_EXPECT})

mg_att = form(b"----MailgunBoundary7MA4YWxkTrZu0gW", [
    ("recipient", b"alice@yourapp.com"), ("sender", b"bob@example.com"), ("from", b"Bob <bob@example.com>"),
    ("subject", b"Contract attached"), ("body-plain", b"See attached.\n"), ("stripped-text", b"See attached."),
    ("attachment-count", b"2"), ("content-id-map", b'{"<sig@example.com>": "attachment-2"}'),
    ("message-headers", json.dumps([["From", "Bob <bob@example.com>"], ["To", "alice@yourapp.com"],
                                    ["Subject", "Contract attached"], ["Message-Id", "<mg-att@example.com>"]]).encode()),
    ("timestamp", b"1776170096"), ("token", b"c" * 50), ("signature", b"d" * 64),
    ("attachment-1", PDF, "contract.pdf", "application/pdf"), ("attachment-2", PNG, "signature.png", "image/png")])
write("mailgun_attachments.multipart", mg_att, "multipart/form-data; boundary=----MailgunBoundary7MA4YWxkTrZu0gW",
      {"adapter": "mailgun-form", "kind": "SendGridForm", "subject": "Contract attached", "from": "bob@example.com",
       "to": ["alice@yourapp.com"], "messageId": "<mg-att@example.com>", "text": "See attached.\n",
       "attachments": [{"filename": "contract.pdf", "contentType": "application/pdf", "size": len(PDF), "sha256": sha(PDF)},
                       {"filename": "signature.png", "contentType": "image/png", "size": len(PNG), "sha256": sha(PNG), "contentId": "sig@example.com"}],
       "warnings": []})

write("truncated_form.multipart", sg[: len(sg) // 2], "multipart/form-data; boundary=xYzZY", {"kind": "Unreadable"})
write("not_json.txt", b"{\"id\": \"evt_1\", \"subject\": \"cut in the mid", "application/json", {"kind": "Unreadable"})
write("form_garbage.urlencoded", b"\x00\x01 binary \xff", "application/x-www-form-urlencoded", {"kind": "Unreadable"})
write("rfc822_garbage.eml", b"\x89PNG\r\n\x1a\n not a message", "message/rfc822", {"kind": "Unreadable"})
write("other_json.json", b'{"type":"ping","ok":true}', "application/json",
      {"adapter": "json", "kind": "OtherJson", "attachments": [], "warnings": ["no email fields"]})

with open(os.path.join(OUT, "manifest.json"), "w") as f:
    json.dump(manifest, f, indent=1, ensure_ascii=False)
    f.write("\n")
print("wrote %d samples to %s" % (len(manifest), OUT))
