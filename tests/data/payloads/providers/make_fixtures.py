#!/usr/bin/env python3
"""Writes the provider payload fixtures of tst_providers and their expected readings.

Each payload follows its provider's public documentation field by field (the page is named in the
`_source` of its .expect.json); the email inside is the same small message everywhere, so the expected
values (sizes, SHA-256) are computed here from the bytes that go in, independently of Hookscope.
Run from this folder: python3 make_fixtures.py
"""
import base64, hashlib, json, urllib.parse

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"hookscope-inline-logo"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TEXT = "Hello, the invoice for April is attached.\r\n"
HTML = "<p>Hello, the invoice for April is attached.</p><img src=\"cid:logo@example.org\">\r\n"
B = lambda b: base64.b64encode(b).decode()
sha = lambda b: hashlib.sha256(b).hexdigest()

MIME = ("From: Ana Lopez <ana@example.org>\r\n"
        "To: support@yourapp.com\r\n"
        "Cc: billing@yourapp.com\r\n"
        "Subject: Invoice for April\r\n"
        "Message-ID: <provider-1@example.org>\r\n"
        "Date: Tue, 14 Apr 2026 12:34:56 +0000\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=\"mixed\"\r\n\r\n"
        "--mixed\r\nContent-Type: multipart/related; boundary=\"rel\"\r\n\r\n"
        "--rel\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"
        "--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + TEXT +
        "--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + HTML +
        "--alt--\r\n"
        "--rel\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
        "Content-ID: <logo@example.org>\r\nContent-Disposition: inline; filename=\"logo.png\"\r\n\r\n" + B(PNG) + "\r\n"
        "--rel--\r\n"
        "--mixed\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        "Content-Disposition: attachment; filename=\"invoice-april.pdf\"\r\n\r\n" + B(PDF) + "\r\n"
        "--mixed--\r\n").encode()

LOGO = {"filename": "logo.png", "contentType": "image/png", "size": len(PNG), "sha256": sha(PNG),
        "contentId": "logo@example.org", "inline": True}
INVOICE = {"filename": "invoice-april.pdf", "contentType": "application/pdf", "size": len(PDF), "sha256": sha(PDF),
           "contentId": "", "inline": False}
EMAIL = {"from": "ana@example.org", "fromName": "Ana Lopez", "to": ["support@yourapp.com"],
         "cc": ["billing@yourapp.com"], "subject": "Invoice for April", "messageId": "<provider-1@example.org>",
         "text": TEXT, "html": HTML, "attachments": [LOGO, INVOICE]}


def write(name, body, contentType, expect, headers=None, source=""):
    if isinstance(body, (dict, list)):
        body = json.dumps(body, indent=1).encode()
    open(name, "wb").write(body)
    e = {"_source": source, "file": name, "contentType": contentType, "headers": headers or {}}
    e.update(expect)
    open(name.rsplit(".", 1)[0] + ".expect.json", "w").write(json.dumps(e, indent=1, ensure_ascii=False) + "\n")


def sns(message, typ="Notification", extra=None):
    o = {"Type": typ, "MessageId": "b6a1e4b5-0bd8-5f3e-a4c1-6e9d0f1c2a11",
         "TopicArn": "arn:aws:sns:us-east-1:123456789012:inbound-mail",
         "Subject": "Amazon SES Email Receipt Notification", "Message": message,
         "Timestamp": "2026-04-14T12:34:57.000Z", "SignatureVersion": "1", "Signature": "EXAMPLE",
         "SigningCertURL": "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-example.pem",
         "UnsubscribeURL": "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=example"}
    o.update(extra or {})
    return o


def ses_receipt(encoding, content):
    return json.dumps({
        "notificationType": "Received",
        "mail": {"timestamp": "2026-04-14T12:34:56.936Z", "source": "ana@example.org",
                 "messageId": "d6iitobk75ur44p8kdnnp7g2n800", "destination": ["support@yourapp.com"],
                 "headersTruncated": False,
                 "headers": [{"name": "From", "value": "Ana Lopez <ana@example.org>"},
                             {"name": "To", "value": "support@yourapp.com"},
                             {"name": "Cc", "value": "billing@yourapp.com"},
                             {"name": "Subject", "value": "Invoice for April"},
                             {"name": "Message-ID", "value": "<provider-1@example.org>"}],
                 "commonHeaders": {"returnPath": "ana@example.org", "from": ["Ana Lopez <ana@example.org>"],
                                   "date": "Tue, 14 Apr 2026 12:34:56 +0000", "to": ["support@yourapp.com"],
                                   "cc": ["billing@yourapp.com"], "messageId": "<provider-1@example.org>",
                                   "subject": "Invoice for April"}},
        "receipt": {"timestamp": "2026-04-14T12:34:56.936Z", "processingTimeMillis": 222,
                    "recipients": ["support@yourapp.com"], "spamVerdict": {"status": "PASS"},
                    "virusVerdict": {"status": "PASS"}, "spfVerdict": {"status": "PASS"},
                    "dkimVerdict": {"status": "PASS"}, "dmarcVerdict": {"status": "PASS"},
                    "action": {"type": "SNS", "topicArn": "arn:aws:sns:us-east-1:123456789012:inbound-mail",
                               "encoding": encoding}},
        "content": content})


SES_SRC = ("AWS, Amazon SES Developer Guide, 'Examples of notifications for Amazon SES email receiving' "
           "(docs.aws.amazon.com/ses/latest/dg/receiving-email-notifications-examples.html) inside the SNS "
           "'HTTP/HTTPS notification JSON format' (docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html)")
write("ses_base64.json", sns(ses_receipt("BASE64", B(MIME))), "text/plain; charset=UTF-8",
      dict(EMAIL, adapter="ses", noWarnings=True),
      {"x-amz-sns-message-type": "Notification", "x-amz-sns-topic-arn": "arn:aws:sns:us-east-1:123456789012:inbound-mail"},
      SES_SRC)
write("ses_utf8.json", sns(ses_receipt("UTF8", MIME.decode())), "text/plain; charset=UTF-8",
      dict(EMAIL, adapter="ses", noWarnings=True), {}, SES_SRC + "; detected from its fields alone (no SNS headers)")
write("ses_subscription.json", sns("You have chosen to subscribe to the topic arn:aws:sns:us-east-1:123456789012:inbound-mail.\n"
                                   "To confirm the subscription, visit the SubscribeURL included in this message.",
                                   "SubscriptionConfirmation",
                                   {"Token": "2336412f37fb687f5d51e6e2425f004aed", "Subject": None,
                                    "SubscribeURL": "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=arn:aws:sns:us-east-1:123456789012:inbound-mail&Token=2336412f37fb687f5d51e6e2425f004aed"}),
      "text/plain; charset=UTF-8",
      {"adapter": "ses", "subject": "", "to": [], "cc": [], "attachments": [],
       "warnings": ["SubscriptionConfirmation", "not an email", "SubscribeURL", "never does on its own"]},
      {"x-amz-sns-message-type": "SubscriptionConfirmation"},
      "AWS SNS Developer Guide, 'HTTP/HTTPS subscription confirmation JSON format' "
      "(docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html)")

write("sparkpost_relay.json", [{"msys": {"relay_message": {
    "content": {"email_rfc822": B(MIME), "email_rfc822_is_base64": True,
                "headers": [{"Subject": "Invoice for April"}, {"From": "Ana Lopez <ana@example.org>"},
                            {"To": "support@yourapp.com"}, {"Cc": "billing@yourapp.com"},
                            {"Message-ID": "<provider-1@example.org>"}],
                "html": HTML, "subject": "Invoice for April", "text": TEXT,
                "to": ["support@yourapp.com"], "cc": ["billing@yourapp.com"]},
    "customer_id": "1337", "friendly_from": "Ana Lopez <ana@example.org>", "msg_from": "ana@example.org",
    "rcpt_to": "support@yourapp.com", "webhook_id": "639154966419165123"}}}],
      "application/json", dict(EMAIL, adapter="sparkpost", noWarnings=True),
      {"X-MessageSystems-Webhook-Token": "5ebe2294ecd0e0f08eab7690d2a6ee69", "X-MessageSystems-Batch-ID": "77c2b630-d712-11e4-b8d6-000c29b5b00d"},
      "SparkPost API reference, 'Relay Webhooks', relay webhook payload / msys.relay_message "
      "(developers.sparkpost.com/api/relay-webhooks/)")

mandrill_events = [{"event": "inbound", "ts": 1776170097, "_id": "inbound-example-1", "msg": {
    "raw_msg": MIME.decode(), "headers": {"Subject": "Invoice for April"}, "text": TEXT, "html": HTML,
    "from_email": "ana@example.org", "from_name": "Ana Lopez", "to": [["support@yourapp.com", None]],
    "cc": [["billing@yourapp.com", None]], "email": "support@yourapp.com", "subject": "Invoice for April",
    "tags": [], "sender": None, "spam_report": {"score": 0.1, "matched_rules": []},
    "dkim": {"signed": True, "valid": True}, "spf": {"result": "pass", "detail": ""},
    "attachments": {"invoice-april.pdf": {"name": "invoice-april.pdf", "type": "application/pdf",
                                          "content": B(PDF), "base64": True}},
    "images": {"logo.png": {"name": "logo.png", "type": "image/png", "content": B(PNG)}}}}]
write("mandrill_inbound.urlencoded",
      urllib.parse.urlencode({"mandrill_events": json.dumps(mandrill_events)}).encode(),
      "application/x-www-form-urlencoded", dict(EMAIL, adapter="mandrill", noWarnings=True),
      {"X-Mandrill-Signature": "hYu4cT0Jp7QmXKCw3Qd6aZ+x2Mw="},
      "Mailchimp Transactional (Mandrill) help, 'What is the format of inbound email webhooks?' "
      "(mandrill.zendesk.com/hc/en-us/articles/205583207): mandrill_events, msg.raw_msg, headers, text, html, "
      "from_email, from_name, to as [email, name] pairs, email, subject, tags, sender, attachments and images keyed "
      "by file name with name, type, content, base64; Rails Action Mailbox's Mandrill ingress "
      "(apidock.com/rails/ActionMailbox/Ingresses/Mandrill/InboundEmailsController) reads msg.raw_msg the same way")

POSTAL_SRC = "Postal documentation, 'Receiving e-mail by HTTP' (docs.postalserver.io/developer/http-payloads)"
write("postal_raw.json", {"id": 12345, "rcpt_to": "support@yourapp.com", "mail_from": "ana@example.org",
                          "message": B(MIME), "base64": True, "size": len(MIME)},
      "application/json", dict(EMAIL, adapter="postal", noWarnings=True), {}, POSTAL_SRC + ", raw message payload")
write("postal_processed.json", {
    "id": 12346, "rcpt_to": "support@yourapp.com", "mail_from": "ana@example.org", "token": "rtmuzogUauKN",
    "subject": "Invoice for April", "message_id": "<provider-1@example.org>", "timestamp": 1776170096.924355,
    "size": str(len(MIME)), "spam_status": "NotSpam", "bounce": False, "received_with_ssl": True,
    "to": "support@yourapp.com", "cc": "billing@yourapp.com", "from": "Ana Lopez <ana@example.org>",
    "date": "Tue, 14 Apr 2026 12:34:56 +0000", "in_reply_to": None, "references": None,
    "plain_body": TEXT, "html_body": HTML, "auto_submitted": None, "attachment_quantity": 1,
    "attachments": [{"filename": "invoice-april.pdf", "content_type": "application/pdf", "size": len(PDF),
                     "data": B(PDF)}]},
      "application/json", dict(EMAIL, adapter="postal", noWarnings=True, attachments=[INVOICE]), {},
      POSTAL_SRC + ", processed payload (attachments enabled on the endpoint)")

write("mailersend_inbound.json", {"type": "inbound.message", "inbound_id": "ynrw7gy2n9k42k8e",
    "url": "https://example.com/hooks/inbound", "created_at": "2026-04-14T12:34:57.000000Z",
    "data": {"object": "message", "id": "6256f0d7e5b29aa31a0c3bd7", "recipients": {
        "rcptTo": [{"email": "support@yourapp.com"}],
        "to": {"raw": "support@yourapp.com", "data": [{"email": "support@yourapp.com", "name": ""}]},
        "cc": {"raw": "billing@yourapp.com", "data": [{"email": "billing@yourapp.com", "name": ""}]}},
        "from": {"email": "ana@example.org", "name": "Ana Lopez", "raw": "Ana Lopez <ana@example.org>"},
        "sender": {"email": "ana@example.org"}, "subject": "Invoice for April",
        "date": "Tue, 14 Apr 2026 12:34:56 +0000",
        "headers": {"Message-ID": "<provider-1@example.org>", "Subject": "Invoice for April"},
        "html": HTML, "text": TEXT,
        "attachments": [
            {"file_name": "logo.png", "content_type": "image/png", "content_disposition": "inline",
             "content_id": "logo@example.org", "size": len(PNG), "content": B(PNG)},
            {"file_name": "invoice-april.pdf", "content_type": "application/pdf", "content_disposition": "attachment",
             "content_id": None, "size": len(PDF), "content": B(PDF)}],
        "spf_check": {"code": "+", "value": None}, "dkim_check": True,
        "created_at": "2026-04-14T12:34:57.000000Z"}},
      "application/json", dict(EMAIL, adapter="mailersend", noWarnings=True),
      {"Signature": "0f2e0a3bd0c1c0d0e54b2c4a6a1a7d3b0e4d8c2f2d7d1b8f5b9c1a2e3f4a5b6c"},
      "MailerSend API reference, 'Inbound routing' and 'Webhooks: inbound.message' payload "
      "(developers.mailersend.com/api/v1/inbound.html, developers.mailersend.com/api/v1/webhooks.html)")

write("mailjet_parse.json", {
    "Sender": "ana@example.org", "Recipient": "support@yourapp.com", "Date": "20260414T123456",
    "From": "Ana Lopez <ana@example.org>", "Subject": "Invoice for April",
    "Headers": {"Return-Path": ["<ana@example.org>"], "Received": ["by mx.example.org with SMTP"],
                "MIME-Version": "1.0", "Date": "Tue, 14 Apr 2026 12:34:56 +0000",
                "Message-ID": "<provider-1@example.org>", "Subject": "Invoice for April",
                "From": "Ana Lopez <ana@example.org>", "To": "support@yourapp.com", "Cc": "billing@yourapp.com",
                "Content-Type": ["multipart/mixed; boundary=mixed"]},
    "Parts": [{"Headers": {"Content-Type": "text/plain; charset=utf-8"}, "ContentRef": "Text-part"},
              {"Headers": {"Content-Type": "text/html; charset=utf-8"}, "ContentRef": "Html-part"},
              {"Headers": {"Content-Type": "image/png", "Content-Transfer-Encoding": "base64",
                           "Content-ID": "<logo@example.org>",
                           "Content-Disposition": "inline; filename=\"logo.png\""}, "ContentRef": "Attachment1"},
              {"Headers": {"Content-Type": "application/pdf; name=\"invoice-april.pdf\"",
                           "Content-Transfer-Encoding": "base64",
                           "Content-Disposition": "attachment; filename=\"invoice-april.pdf\""},
               "ContentRef": "Attachment2"}],
    "Text-part": TEXT, "Html-part": HTML, "SpamAssassinScore": "0.602",
    "Attachment1": B(PNG), "Attachment2": B(PDF), "CustomID": "", "Payload": ""},
      "application/json", dict(EMAIL, adapter="mailjet", noWarnings=True), {},
      "Mailjet API guides, 'Parse API: inbound emails', the JSON posted to the webhook "
      "(dev.mailjet.com/email/guides/parse-api/)")

write("brevo_inbound.json", {"items": [{
    "Uuid": ["7cf8bd2c-1e9f-4c9e-9a5c-0e2a1d1b2f3c"], "MessageId": "<provider-1@example.org>",
    "InReplyTo": None, "From": {"Name": "Ana Lopez", "Address": "ana@example.org"},
    "To": [{"Name": None, "Address": "support@yourapp.com"}], "Cc": [{"Name": None, "Address": "billing@yourapp.com"}],
    "ReplyTo": None, "SentAtDate": "Tue, 14 Apr 2026 12:34:56 +0000", "Subject": "Invoice for April",
    "Attachments": [
        {"Name": "logo.png", "ContentType": "image/png", "ContentLength": len(PNG), "ContentID": "logo@example.org",
         "DownloadToken": "eyJmb2xkZXIiOiIyMDI2MDQxNCIsImZpbGVuYW1lIjoibG9nby5wbmcifQ"},
        {"Name": "invoice-april.pdf", "ContentType": "application/pdf", "ContentLength": len(PDF),
         "DownloadToken": "eyJmb2xkZXIiOiIyMDI2MDQxNCIsImZpbGVuYW1lIjoiaW52b2ljZS5wZGYifQ"}],
    "Headers": {"Message-ID": "<provider-1@example.org>", "Subject": "Invoice for April"},
    "SpamScore": 0.4, "ExtractedMarkdownMessage": "Hello, the invoice for April is attached.",
    "ExtractedMarkdownSignature": None, "RawHtmlBody": HTML, "RawTextBody": TEXT}]},
      "application/json",
      dict(EMAIL, adapter="brevo", warnings=["bytes are not in the payload", "DownloadToken"], attachments=[
          {"filename": "logo.png", "contentType": "image/png", "size": len(PNG), "sha256": None,
           "contentId": "logo@example.org", "inline": False, "hasData": False},
          {"filename": "invoice-april.pdf", "contentType": "application/pdf", "size": len(PDF), "sha256": None,
           "contentId": "", "inline": False, "hasData": False}]), {},
      "Brevo developer docs, 'Parse inbound email' / 'Inbound parsing webhooks', the items[] payload "
      "(developers.brevo.com/docs/inbound-parse-webhooks)")

write("resend_received.json", {"type": "email.received", "created_at": "2026-04-14T12:34:57.126Z", "data": {
    "email_id": "56761188-7520-42d8-8898-ff6fc54ce618", "created_at": "2026-04-14T12:34:56.894719+00:00",
    "from": "Ana Lopez <ana@example.org>", "to": ["support@yourapp.com"], "bcc": [], "cc": ["billing@yourapp.com"],
    "message_id": "<provider-1@example.org>", "subject": "Invoice for April",
    "attachments": [{"id": "2a0c9ce0-3112-4728-976e-47ddcd16a318", "filename": "logo.png",
                     "content_type": "image/png", "content_disposition": "inline", "content_id": "logo@example.org"}]}},
      "application/json",
      {"adapter": "resend", "from": "ana@example.org", "fromName": "Ana Lopez", "to": ["support@yourapp.com"],
       "cc": ["billing@yourapp.com"], "subject": "Invoice for April", "messageId": "<provider-1@example.org>",
       "text": None, "html": None, "warnings": ["must be fetched from Resend"],
       "attachments": [{"filename": "logo.png", "contentType": "image/png", "size": 0, "sha256": None,
                        "contentId": "logo@example.org", "inline": True, "hasData": False}]},
      {"svix-id": "msg_2Lh6cW5fRmUuJ1bQkzLhS3a1", "svix-timestamp": "1776170097",
       "svix-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="},
      "Resend docs, 'Webhooks: email.received' (resend.com/docs/webhooks/emails/received)")


# --- The three providers read before, each payload carrying what one of them lost. ---

def multipart(fields, boundary="xYzZY"):
    """fields: (name, value bytes, filename or None, content type or None)"""
    out = b""
    for name, value, filename, ctype in fields:
        out += b"--" + boundary.encode() + b"\r\n"
        disp = 'Content-Disposition: form-data; name="%s"' % name
        if filename:
            disp += '; filename="%s"' % filename
        out += disp.encode() + b"\r\n"
        if ctype:
            out += b"Content-Type: " + ctype.encode() + b"\r\n"
        out += b"\r\n" + value + b"\r\n"
    return out + b"--" + boundary.encode() + b"--\r\n", "multipart/form-data; boundary=" + boundary


HEADER_BLOCK = MIME.split(b"\r\n\r\n", 1)[0] + b"\r\n"
SG_SRC = ("Twilio SendGrid docs, 'Inbound Parse Webhook': default (parsed) payload fields and raw payload fields "
          "(www.twilio.com/docs/sendgrid/for-developers/parsing-email/setting-up-the-inbound-parse-webhook)")
envelope = json.dumps({"to": ["support@yourapp.com"], "from": "ana@example.org"}).encode()

body, ctype = multipart([
    ("headers", HEADER_BLOCK, None, None), ("dkim", b"{@example.org : pass}", None, None),
    ("to", b"support@yourapp.com", None, None), ("from", b"Ana Lopez <ana@example.org>", None, None),
    ("subject", b"Invoice for April", None, None), ("text", TEXT.encode(), None, None),
    ("html", HTML.encode(), None, None), ("envelope", envelope, None, None),
    ("charsets", json.dumps({"to": "UTF-8", "html": "UTF-8", "subject": "UTF-8", "from": "UTF-8", "text": "UTF-8"}).encode(), None, None),
    ("attachments", b"2", None, None),
    ("attachment-info", json.dumps({"attachment1": {"filename": "logo.png", "name": "logo.png", "type": "image/png",
                                                    "content-id": "logo@example.org"},
                                    "attachment2": {"filename": "invoice-april.pdf", "name": "invoice-april.pdf",
                                                    "type": "application/pdf"}}).encode(), None, None),
    ("attachment1", PNG, "logo.png", "image/png"), ("attachment2", PDF, "invoice-april.pdf", "application/pdf")])
write("sendgrid_cc_inline.multipart", body, ctype, dict(EMAIL, adapter="sendgrid-form", noWarnings=True), {},
      SG_SRC + "; no `cc` field: the Cc is only in `headers`; attachment1 is mapped to a Content-ID")

body, ctype = multipart([
    ("dkim", b"{@example.org : pass}", None, None), ("email", MIME, None, None),
    ("to", b"support@yourapp.com", None, None), ("cc", b"billing@yourapp.com", None, None),
    ("from", b"Ana Lopez <ana@example.org>", None, None), ("subject", b"Invoice for April", None, None),
    ("sender_ip", b"192.0.2.10", None, None), ("spam_report", b"", None, None), ("envelope", envelope, None, None),
    ("charsets", json.dumps({"to": "UTF-8", "subject": "UTF-8", "from": "UTF-8", "cc": "UTF-8"}).encode(), None, None),
    ("spam_score", b"0.1", None, None), ("SPF", b"pass", None, None)])
write("sendgrid_raw.multipart", body, ctype,
      dict(EMAIL, adapter="sendgrid-form",
           warnings=["logo.png (image/png", "invoice-april.pdf (application/pdf"],
           absentWarnings=["text is in the MIME", "html is in the MIME", "cc:"]), {},
      SG_SRC + "; raw mode ('POST the raw, full MIME message'): no text, html or attachment fields")

cidmap = '{"<logo@example.org>": "attachment-1", "<logo@example.org>": "attachment-2"}'
LOGO2 = PNG + b"-second"
body, ctype = multipart([
    ("recipient", b"support@yourapp.com", None, None), ("sender", b"ana@example.org", None, None),
    ("subject", b"Invoice for April", None, None), ("from", b"Ana Lopez <ana@example.org>", None, None),
    ("To", b"support@yourapp.com", None, None), ("Cc", b"billing@yourapp.com", None, None),
    ("Message-Id", b"<provider-1@example.org>", None, None), ("body-plain", TEXT.encode(), None, None),
    ("body-html", HTML.encode(), None, None), ("attachment-count", b"2", None, None),
    ("content-id-map", cidmap.encode(), None, None), ("timestamp", b"1776170097", None, None),
    ("token", b"c3b1f0b1d3c9f1e3a9", None, None), ("signature", b"0" * 64, None, None),
    ("attachment-1", PNG, "logo.png", "image/png"), ("attachment-2", LOGO2, "logo-dark.png", "image/png")],
    "----MailgunBoundary7MA4YWxkTrZu0gW")
write("mailgun_duplicate_cid.multipart", body, ctype, dict(EMAIL, adapter="mailgun-form", noWarnings=True, attachments=[
    LOGO, {"filename": "logo-dark.png", "contentType": "image/png", "size": len(LOGO2), "sha256": sha(LOGO2),
           "contentId": "logo@example.org", "inline": True}]), {},
      "Mailgun docs, 'Receiving Messages via HTTP through a forward() action' (content-id-map, attachment-x) "
      "(documentation.mailgun.com/docs/mailgun/user-manual/receive-forward-store/receive-http/); two parts "
      "share one Content-ID, so the map names it twice")

write("postmark_check.json", {
    "FromName": "Ana Lopez", "MessageStream": "inbound", "From": "ana@example.org",
    "FromFull": {"Email": "ana@example.org", "Name": "Ana Lopez", "MailboxHash": ""},
    "To": "support@yourapp.com", "ToFull": [{"Email": "support@yourapp.com", "Name": "", "MailboxHash": ""}],
    "Cc": "billing@yourapp.com", "CcFull": [{"Email": "billing@yourapp.com", "Name": "", "MailboxHash": ""}],
    "Bcc": "", "BccFull": [], "OriginalRecipient": "support@yourapp.com", "Subject": "Invoice for April",
    "MessageID": "22c74902-a0c1-4511-804f-341342852c90", "ReplyTo": "", "MailboxHash": "",
    "Date": "Tue, 14 Apr 2026 12:34:56 +0000", "TextBody": TEXT, "HtmlBody": HTML, "StrippedTextReply": "",
    "Tag": "TestTag", "Headers": [{"Name": "Message-ID", "Value": "<provider-1@example.org>"}],
    "Attachments": [
        {"Name": "logo.png", "Data": B(PNG), "ContentType": "image/png", "ContentLength": len(PNG),
         "ContentID": "logo@example.org"},
        {"Name": "invoice-april.pdf", "Data": B(PDF), "ContentType": "application/pdf", "ContentLength": len(PDF),
         "ContentID": ""}]},
      "application/json", dict(EMAIL, adapter="postmark-json", noWarnings=True,
                               attachments=[dict(LOGO, inline=False), INVOICE]), {},
      "Postmark docs, 'Inbound webhook' (postmarkapp.com/developer/webhooks/inbound-webhook), as the 'Check' "
      "button of Postmark's webhook settings posts it: attachment bytes in Data")
