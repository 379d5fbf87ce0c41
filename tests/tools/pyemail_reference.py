#!/usr/bin/env python3
"""Reference reading of an .eml file with Python's email package (policy=default).

Prints the JSON shape of `hookscope parse` so the two can be compared: bodies are what
msg.get_body(preferencelist=('plain',)) / ('html',) pick; every other leaf part is an
attachment (a message/rfc822 part is one leaf holding the embedded message's bytes, as
Python regenerates them: msg.get_payload(0).as_bytes()).
Stdlib only.

Usage: pyemail_reference.py FILE.eml [--no-data]
       pyemail_reference.py FILE.eml FILE.eml... [--no-data]   (one compact JSON line per file, with its "file")
"""
import base64
import email
import email.policy
import hashlib
import json
import sys


def addresses(msg, name):
    header = msg[name]
    if header is None:
        return []
    try:
        return [{"address": a.addr_spec, "name": a.display_name} for a in header.addresses]
    except Exception:  # undecodable address header: nothing usable
        return []


def leaves(part):
    if part.get_content_type() == "message/rfc822" or not part.is_multipart():
        yield part
        return
    for sub in part.get_payload():
        yield from leaves(sub)


def part_bytes(part):
    if part.is_multipart():
        # message/rfc822: the embedded message, as Python regenerates it (line endings LF)
        inner = part.get_payload()
        if isinstance(inner, list) and inner:
            return inner[0].as_bytes()
        return b""
    data = part.get_payload(decode=True)
    return data if data is not None else b""


def text_of(part):
    if part is None:
        return None
    try:
        return part.get_content()
    except LookupError:  # unknown charset: what Python does without the codec
        return part.get_payload(decode=True).decode("ascii", errors="replace")


def content_id(part):
    value = part["content-id"]
    if value is None:
        return None
    value = str(value).strip()
    if value.startswith("<"):
        value = value[1:]
    if value.endswith(">"):
        value = value[:-1]
    return value


def reference(raw, with_data=True):
    """The JSON shape of `hookscope parse` for the message bytes `raw`, as Python's email package reads them."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    text_part = msg.get_body(preferencelist=("plain",))
    html_part = msg.get_body(preferencelist=("html",))
    attachments = []
    for part in leaves(msg):
        if part is text_part or part is html_part:
            continue
        data = part_bytes(part)
        entry = {
            "filename": part.get_filename(),
            "contentType": part.get_content_type(),
            "size": len(data),
            "contentId": content_id(part),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        if with_data:
            entry["dataBase64"] = base64.b64encode(data).decode("ascii")
        attachments.append(entry)
    from_list = addresses(msg, "from")
    subject = msg["subject"]
    message_id = msg["message-id"]
    out = {
        "messageId": None if message_id is None else str(message_id),
        "subject": None if subject is None else str(subject),
        "from": from_list[0] if from_list else None,
        "to": addresses(msg, "to"),
        "cc": addresses(msg, "cc"),
        "text": text_of(text_part),
        "html": text_of(html_part),
        "attachments": attachments,
    }
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    with_data = "--no-data" not in sys.argv
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    for path in args:
        with open(path, "rb") as f:
            out = reference(f.read(), with_data)
        if len(args) == 1:
            json.dump(out, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True)
        else:
            out["file"] = path
            json.dump(out, sys.stdout, ensure_ascii=False, sort_keys=True)
        sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
