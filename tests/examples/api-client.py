#!/usr/bin/env python3
"""A test that asserts on webhooks through Hookscope's local API (`hookscope serve --api PORT`):
it follows the live event stream, sends signed webhooks as the provider would, waits for their arrival,
reads one back with its email, quarantines it (audited like `hookscope quarantine`) and reads the metrics.
Uses `requests` (Debian: python3-requests); the stream is read line by line as it comes.

HOOKSCOPE_API    the API's base URL (default http://127.0.0.1:8090)
HOOKSCOPE_TOKEN  the API token (default: what `hookscope api token` prints)
CAPTURE_URL      where webhooks are captured (default http://127.0.0.1:8080/webhooks/email)
SECRET           the capture route's signing secret (default ci-secret)
"""
import hashlib
import hmac
import json
import os
import queue
import subprocess
import threading
import time

import requests

API = os.environ.get("HOOKSCOPE_API", "http://127.0.0.1:8090")
CAPTURE_URL = os.environ.get("CAPTURE_URL", "http://127.0.0.1:8080/webhooks/email")
SECRET = os.environ.get("SECRET", "ci-secret").encode()
TOKEN = os.environ.get("HOOKSCOPE_TOKEN") or subprocess.run(
    [os.environ.get("HOOKSCOPE", "hookscope"), "api", "token"], check=True, capture_output=True, text=True
).stdout.strip()
AUTH = {"Authorization": "Bearer " + TOKEN}


def call(method, path, body=None):
    response = requests.request(method, API + path, json=body, headers=AUTH, timeout=30)
    response.raise_for_status()
    return response.json() if response.headers["Content-Type"].startswith("application/json") else response.content


def follow(events, opened):
    """Server-Sent Events: `event: arrived|changed` then `data: {the event}` and a blank line."""
    with requests.get(API + "/api/v1/stream", headers={**AUTH, "Accept": "text/event-stream"}, stream=True,
                      timeout=60) as stream:
        stream.raise_for_status()
        kind = None
        for line in stream.iter_lines(chunk_size=1, decode_unicode=True):  # each line as soon as it comes
            if line.startswith(":"):
                opened.set()  # the stream's comment lines: it is live
            elif line.startswith("event: "):
                kind = line[len("event: "):]
            elif line.startswith("data: "):
                events.put((kind, json.loads(line[len("data: "):]), time.monotonic()))


def send_signed(event_id, subject):
    """What the provider does: a mailparse-signed event-schema POST."""
    body = json.dumps({"id": event_id, "subject": subject, "from": {"address": "billing@ci.example", "name": ""},
                       "to": [{"address": "support@ci.example", "name": ""}], "text": "Thank you.",
                       "attachments": []}).encode()
    timestamp = str(int(time.time() * 1000))
    signature = hmac.new(SECRET, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    response = requests.post(CAPTURE_URL, data=body, timeout=30, headers={
        "Content-Type": "application/json", "X-Webhook-Timestamp": timestamp, "X-Webhook-Signature": signature})
    assert response.status_code == 200, response.status_code
    return time.monotonic()


def counter(series):
    """One series' value in the Prometheus text the API serves at /metrics."""
    for line in call("GET", "/metrics").decode().splitlines():
        if line.startswith(series + " "):
            return float(line.split()[-1])
    return 0.0


ACCEPTED = 'hookscope_requests_total{route="default",status="200"}'
accepted_before = counter(ACCEPTED)
events, opened = queue.Queue(), threading.Event()
threading.Thread(target=follow, args=(events, opened), daemon=True).start()
assert opened.wait(10), "the event stream did not open"

sent = {f"evt_py_{n}": send_signed(f"evt_py_{n}", f"Invoice {n} paid") for n in range(3)}
arrived = {}
deadline = time.monotonic() + 10
while len(arrived) < len(sent):
    kind, event, seen = events.get(timeout=max(0.1, deadline - time.monotonic()))
    if kind == "arrived" and event["eventId"] in sent:
        arrived[event["eventId"]] = event
        print(f"{event['eventId']} arrived as event {event['id']}, "
              f"{(seen - sent[event['eventId']]) * 1000:.0f} ms after its 200")

first = arrived["evt_py_0"]
detail = call("GET", f"/api/v1/events/{first['id']}")
assert detail["status"] == "verified" and detail["email"]["subject"] == "Invoice 0 paid", detail
assert json.loads(call("GET", f"/api/v1/events/{first['id']}/body"))["id"] == "evt_py_0"  # the exact bytes sent
call("POST", f"/api/v1/events/{first['id']}/quarantine", {"reason": "manual", "note": "checked by the test"})
assert first["id"] in [e["id"] for e in call("GET", "/api/v1/events?status=quarantined")]
assert counter(ACCEPTED) - accepted_before == 3, "three more requests answered 200 in the metrics"
print("ok")
