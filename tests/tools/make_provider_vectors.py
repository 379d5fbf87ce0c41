#!/usr/bin/env python3
"""Writes tests/data/signatures/provider_vectors.json: signature vectors for mandrill, sns, postal, mailersend,
sparkpost and mailjet, computed independently of Hookscope (Python's hmac/base64 and the openssl command line),
from each provider's documented algorithm. Keys and certificates are made here, once; run again to regenerate.

Each vector has the fields of the shared vectors (id, scheme, secret or public_key, headers, body, url,
expected_valid) plus expected_reason (the verdict's reason code) and source (the documentation followed)."""

import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "data", "signatures", "provider_vectors.json")

MANDRILL_DOC = "https://mailchimp.com/developer/transactional/guides/track-respond-activity-webhooks/#authenticating-webhook-requests (mandrill.zendesk.com article 360039232513)"
SNS_DOC = "https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html"
POSTAL_DOC = "https://docs.postalserver.io/developer/webhooks"
MAILERSEND_DOC = "https://developers.mailersend.com/api/v1/webhooks.html#signing-webhooks"
SPARKPOST_DOC = "https://developers.sparkpost.com/api/relay-webhooks/"
MAILJET_DOC = "https://dev.mailjet.com/email/guides/webhooks/"


def openssl(*args, data=None):
    return subprocess.run(["openssl", *args], input=data, capture_output=True, check=True).stdout


def rsa_key(directory, name):
    path = os.path.join(directory, name + ".pem")
    openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", path)
    return path


def certificate(key_path, cn):
    return openssl("req", "-new", "-x509", "-key", key_path, "-subj", "/CN=" + cn, "-days", "3650").decode()


def public_pem(key_path):
    return openssl("pkey", "-in", key_path, "-pubout").decode()


def public_der_b64(key_path):
    return base64.b64encode(openssl("pkey", "-in", key_path, "-pubout", "-outform", "DER")).decode()


def rsa_sign(key_path, digest, data):
    return base64.b64encode(openssl("dgst", "-" + digest, "-sign", key_path, data=data)).decode()


def b64_hmac(digest, key, data):
    return base64.b64encode(hmac.new(key.encode(), data, digest).digest()).decode()


def mandrill_signed(url, fields):
    data = url
    for key in sorted(fields):
        data += key + fields[key]
    return data.encode()


def sns_canonical(msg):
    if msg["Type"] == "Notification":
        fields = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
    else:
        fields = ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"]
    out = ""
    for f in fields:
        if f in msg:
            out += f + "\n" + msg[f] + "\n"
    return out.encode()


def main():
    vectors = []

    def add(**v):
        vectors.append(v)

    with tempfile.TemporaryDirectory() as tmp:
        # --- mandrill ---
        key = "hDRdk-rQy9CTsMNwe0CDOA"
        url = "https://hooks.example.test/mandrill/inbound"
        events = json.dumps([{"event": "inbound", "ts": 1700000000,
                              "msg": {"raw_msg": "From: a@example.com\r\nSubject: Hi\r\n\r\nHello\r\n"}}])
        fields = {"mandrill_events": events}
        body = urllib.parse.urlencode(fields)
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        sig = b64_hmac(hashlib.sha1, key, mandrill_signed(url, fields))
        add(id="mandrill-valid", scheme="mandrill", secret=key, url=url, body=body,
            headers={**form, "X-Mandrill-Signature": sig}, expected_valid=True, expected_reason="valid", source=MANDRILL_DOC)
        multi = {"zeta": "last field", "alpha": "first + field", "mandrill_events": "[]"}
        add(id="mandrill-keys-sorted", scheme="mandrill", secret=key, url=url, body=urllib.parse.urlencode(multi),
            headers={**form, "X-Mandrill-Signature": b64_hmac(hashlib.sha1, key, mandrill_signed(url, multi))},
            expected_valid=True, expected_reason="valid", source=MANDRILL_DOC)
        add(id="mandrill-wrong-key", scheme="mandrill", secret="not-the-webhook-key", url=url, body=body,
            headers={**form, "X-Mandrill-Signature": sig}, expected_valid=False, expected_reason="invalid-signature",
            source=MANDRILL_DOC)
        add(id="mandrill-wrong-url-scheme", scheme="mandrill", secret=key, url="http://hooks.example.test/mandrill/inbound",
            body=body, headers={**form, "X-Mandrill-Signature": sig}, expected_valid=False, expected_reason="wrong-url",
            source=MANDRILL_DOC)
        add(id="mandrill-wrong-url-slash", scheme="mandrill", secret=key, url=url + "/", body=body,
            headers={**form, "X-Mandrill-Signature": sig}, expected_valid=False, expected_reason="wrong-url",
            source=MANDRILL_DOC)
        add(id="mandrill-missing-header", scheme="mandrill", secret=key, url=url, body=body, headers=form,
            expected_valid=False, expected_reason="missing-headers", source=MANDRILL_DOC)
        add(id="mandrill-hex-not-base64", scheme="mandrill", secret=key, url=url, body=body,
            headers={**form, "X-Mandrill-Signature": hmac.new(key.encode(), mandrill_signed(url, fields), hashlib.sha1).hexdigest()},
            expected_valid=False, expected_reason="wrong-encoding", source=MANDRILL_DOC)

        # --- mailersend ---
        secret = "Dn7Y0tLfZ9mZ1mQvJ0lq3Q8xYcR2sV4w"
        body = json.dumps({"type": "inbound_forward", "data": {"subject": "Hello", "from": {"email": "a@example.com"}}})
        sig = hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()
        add(id="mailersend-valid", scheme="mailersend", secret=secret, body=body,
            headers={"Content-Type": "application/json", "Signature": sig}, expected_valid=True, expected_reason="valid",
            source=MAILERSEND_DOC)
        add(id="mailersend-wrong-secret", scheme="mailersend", secret="another-signing-secret", body=body,
            headers={"Content-Type": "application/json", "Signature": sig}, expected_valid=False,
            expected_reason="invalid-signature", source=MAILERSEND_DOC)
        add(id="mailersend-missing-header", scheme="mailersend", secret=secret, body=body,
            headers={"Content-Type": "application/json"}, expected_valid=False, expected_reason="missing-headers",
            source=MAILERSEND_DOC)
        add(id="mailersend-body-changed", scheme="mailersend", secret=secret, body=body.replace("Hello", "Hullo"),
            headers={"Content-Type": "application/json", "Signature": sig}, expected_valid=False,
            expected_reason="invalid-signature", source=MAILERSEND_DOC)

        # --- postal ---
        server = rsa_key(tmp, "postal")
        other = rsa_key(tmp, "postal-other")
        body = json.dumps({"event": "MessageDelivered", "payload": {"message": {"id": 1, "subject": "Hi"}}})
        sig = rsa_sign(server, "sha1", body.encode())
        add(id="postal-valid-pem", scheme="postal", public_key=public_pem(server), body=body,
            headers={"Content-Type": "application/json", "X-Postal-Signature": sig}, expected_valid=True,
            expected_reason="valid", source=POSTAL_DOC)
        add(id="postal-valid-dns-record", scheme="postal",
            public_key="v=DKIM1; t=s; h=sha256; p=" + public_der_b64(server), body=body,
            headers={"Content-Type": "application/json", "X-Postal-Signature": sig}, expected_valid=True,
            expected_reason="valid", source=POSTAL_DOC)
        add(id="postal-wrong-key", scheme="postal", public_key=public_pem(other), body=body,
            headers={"Content-Type": "application/json", "X-Postal-Signature": sig}, expected_valid=False,
            expected_reason="invalid-signature", source=POSTAL_DOC)
        add(id="postal-body-changed", scheme="postal", public_key=public_pem(server), body=body.replace("Hi", "Ho"),
            headers={"Content-Type": "application/json", "X-Postal-Signature": sig}, expected_valid=False,
            expected_reason="invalid-signature", source=POSTAL_DOC)
        add(id="postal-sha256", scheme="postal", public_key=public_pem(server), body=body,
            headers={"Content-Type": "application/json", "X-Postal-Signature": rsa_sign(server, "sha256", body.encode())},
            expected_valid=False, expected_reason="wrong-algorithm", source=POSTAL_DOC)
        add(id="postal-missing-header", scheme="postal", public_key=public_pem(server), body=body,
            headers={"Content-Type": "application/json"}, expected_valid=False, expected_reason="missing-headers",
            source=POSTAL_DOC)

        # --- sns ---
        sns_key = rsa_key(tmp, "sns")
        sns_cert = certificate(sns_key, "sns.amazonaws.com (test)")
        other_cert = certificate(other, "sns.amazonaws.com (another)")
        cert_url = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem"
        topic = "arn:aws:sns:us-east-1:123456789012:inbound-mail"

        def sns_message(msg_type, version, digest=None, **extra):
            msg = {"Type": msg_type, "MessageId": "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324", "TopicArn": topic,
                   "Timestamp": "2026-12-04T12:00:00.000Z", "SignatureVersion": version, "SigningCertURL": cert_url}
            msg.update(extra)
            msg["Signature"] = rsa_sign(sns_key, digest or ("sha1" if version == "1" else "sha256"), sns_canonical(msg))
            return msg

        note = sns_message("Notification", "1", Subject="Amazon SES Email Receipt Notification",
                           Message=json.dumps({"notificationType": "Received", "content": "From: a@example.com\r\n\r\nHi\r\n"}),
                           UnsubscribeURL="https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe")
        plain = {"Content-Type": "text/plain; charset=UTF-8", "x-amz-sns-message-type": "Notification"}
        add(id="sns-notification-v1", scheme="sns", public_key=sns_cert, body=json.dumps(note, indent=2), headers=plain,
            expected_valid=True, expected_reason="valid", source=SNS_DOC)
        note2 = sns_message("Notification", "2", Message="no subject, SHA256withRSA")
        add(id="sns-notification-v2-no-subject", scheme="sns", public_key=sns_cert, body=json.dumps(note2),
            headers=plain, expected_valid=True, expected_reason="valid", source=SNS_DOC)
        confirm = sns_message("SubscriptionConfirmation", "1", Token="2336412f37fb687f5d51e6e2425dacbbaee4d8d6",
                              Message="You have chosen to subscribe to the topic " + topic,
                              SubscribeURL="https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=2336")
        add(id="sns-subscription-confirmation", scheme="sns", public_key=sns_cert, body=json.dumps(confirm),
            headers={**plain, "x-amz-sns-message-type": "SubscriptionConfirmation"}, expected_valid=True,
            expected_reason="valid", source=SNS_DOC)
        add(id="sns-wrong-certificate", scheme="sns", public_key=other_cert, body=json.dumps(note), headers=plain,
            expected_valid=False, expected_reason="invalid-signature", source=SNS_DOC)
        tampered = dict(note, Message="changed after signing")
        add(id="sns-message-changed", scheme="sns", public_key=sns_cert, body=json.dumps(tampered), headers=plain,
            expected_valid=False, expected_reason="invalid-signature", source=SNS_DOC)
        wrong_version = sns_message("Notification", "1", digest="sha256", Message="signed SHA256, says 1")
        add(id="sns-version-mismatch", scheme="sns", public_key=sns_cert, body=json.dumps(wrong_version),
            headers=plain, expected_valid=False, expected_reason="wrong-signature-version", source=SNS_DOC)
        missing = dict(note)
        del missing["Signature"]
        add(id="sns-missing-signature", scheme="sns", public_key=sns_cert, body=json.dumps(missing), headers=plain,
            expected_valid=False, expected_reason="missing-headers", source=SNS_DOC)
        for name, bad in [("http", cert_url.replace("https://", "http://")),
                          ("other-host", "https://certs.evil.example/SimpleNotificationService.pem"),
                          ("userinfo", "https://sns.us-east-1.amazonaws.com@evil.example/SimpleNotificationService.pem"),
                          ("suffix", "https://sns.us-east-1.amazonaws.com.evil/SimpleNotificationService.pem"),
                          ("not-pem", "https://sns.us-east-1.amazonaws.com/?Action=Other"),
                          ("backslash", "https://evil.example\\@sns.us-east-1.amazonaws.com/x.pem"),
                          ("port", "https://sns.us-east-1.amazonaws.com:8443/SimpleNotificationService.pem")]:
            # Signed correctly, with the certificate configured: the URL alone is refused.
            msg = sns_message("Notification", "1", Message="points at " + name)
            msg["SigningCertURL"] = bad
            msg["Signature"] = rsa_sign(sns_key, "sha1", sns_canonical(msg))
            add(id="sns-cert-url-" + name, scheme="sns", public_key=sns_cert, body=json.dumps(msg), headers=plain,
                expected_valid=False, expected_reason="disallowed-cert-url", source=SNS_DOC)

        # --- sparkpost ---
        basic = "Basic " + base64.b64encode(b"relay:s3cr3t-p4ss").decode()
        relay = json.dumps([{"msys": {"relay_message": {"content": {"email_rfc822": "From: a@example.com\r\n\r\nHi"}}}}])
        js = {"Content-Type": "application/json"}
        add(id="sparkpost-basic-valid", scheme="sparkpost", secret="relay:s3cr3t-p4ss", body=relay,
            headers={**js, "Authorization": basic}, expected_valid=True, expected_reason="valid", source=SPARKPOST_DOC)
        add(id="sparkpost-token-valid", scheme="sparkpost", secret="5ebe2294ecd0e0f08eab7690d2a6ee69", body=relay,
            headers={**js, "X-MessageSystems-Webhook-Token": "5ebe2294ecd0e0f08eab7690d2a6ee69"}, expected_valid=True,
            expected_reason="valid", source=SPARKPOST_DOC)
        add(id="sparkpost-token-wrong", scheme="sparkpost", secret="5ebe2294ecd0e0f08eab7690d2a6ee69", body=relay,
            headers={**js, "X-MessageSystems-Webhook-Token": "5ebe2294ecd0e0f08eab7690d2a6ee6a"}, expected_valid=False,
            expected_reason="wrong-credentials", source=SPARKPOST_DOC)
        add(id="sparkpost-basic-wrong-password", scheme="sparkpost", secret="relay:other", body=relay,
            headers={**js, "Authorization": basic}, expected_valid=False, expected_reason="wrong-credentials",
            source=SPARKPOST_DOC)
        add(id="sparkpost-missing", scheme="sparkpost", secret="5ebe2294ecd0e0f08eab7690d2a6ee69", body=relay,
            headers=js, expected_valid=False, expected_reason="missing-headers", source=SPARKPOST_DOC)

        # --- mailjet ---
        mj = "Basic " + base64.b64encode(b"mjhook:pa55w0rd").decode()
        parse = json.dumps({"Sender": "a@example.com", "Recipient": "in@parse.example.com", "Subject": "Hi"})
        add(id="mailjet-valid", scheme="mailjet", secret="mjhook:pa55w0rd", body=parse,
            headers={**js, "Authorization": mj}, expected_valid=True, expected_reason="valid", source=MAILJET_DOC)
        add(id="mailjet-valid-url-secret", scheme="mailjet", secret="https://mjhook:pa55w0rd@hooks.example.test/mailjet",
            body=parse, headers={**js, "Authorization": mj}, expected_valid=True, expected_reason="valid",
            source=MAILJET_DOC)
        add(id="mailjet-wrong-password", scheme="mailjet", secret="mjhook:other", body=parse,
            headers={**js, "Authorization": mj}, expected_valid=False, expected_reason="wrong-credentials",
            source=MAILJET_DOC)
        add(id="mailjet-bearer", scheme="mailjet", secret="mjhook:pa55w0rd", body=parse,
            headers={**js, "Authorization": "Bearer abc"}, expected_valid=False, expected_reason="wrong-auth-scheme",
            source=MAILJET_DOC)
        add(id="mailjet-missing", scheme="mailjet", secret="mjhook:pa55w0rd", body=parse, headers=js,
            expected_valid=False, expected_reason="missing-headers", source=MAILJET_DOC)

    with open(OUT, "w") as f:
        json.dump(vectors, f, indent=1)
        f.write("\n")
    print(f"{len(vectors)} vectors written to {os.path.relpath(OUT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
