#!/usr/bin/env python3
"""A webhook receiver that follows the guide (PRODUCT.md, "The webhook guide it implements"), or breaks one
rule of it on purpose, for `hookscope check` to be measured against.

The guide's receiver, for the default scheme `mailparse`:
- verifies `X-Webhook-Signature` = hex HMAC-SHA256 of `{X-Webhook-Timestamp}.{raw body}` in constant time;
- the timestamp is in milliseconds; |now - timestamp| > 5 minutes is refused;
- answers 400 `missing headers`, 400 `invalid timestamp`, 400 `timestamp skew`, 401 `invalid signature`,
  413 over 50 MiB, then 200 `{"ok":true}` once the event is stored;
- a duplicate (same idempotency key: the payload's `id`, else the body's SHA-256) is answered 200 without
  being processed again;
- answers at once (the guide's budget is 500 ms);
- answers 500 once to the first delivery of an event that carries `X-Hookscope-Probe: fail-once`
  (the endpoint's way to fail that `hookscope check --probe-5xx` relies on).

--break RULE breaks exactly one rule:
  accepts-unsigned      a delivery without the signature headers is accepted unverified
  accepts-stale         the window reaches an hour into the past (5 minutes ahead, as it should)
  reserializes-json     the signature is compared over the JSON re-serialized compactly (as JSON.stringify
                        does), not over the raw body: a body laid out differently than signed passes
  uses-seconds          a timestamp that looks like seconds is read as seconds (so both units pass)
  slow-ack-800ms        every accepted delivery is acknowledged after 800 ms
  duplicate-500         a duplicate is answered 500
  resets-large-bodies   a request whose Content-Length is over 8 MB is reset without an answer
--hostile appends terminal escape sequences (ESC, OSC, BEL, CSI) to every answer's body.

Prints `listening PORT` (bound on 127.0.0.1, port 0 unless --port) once it accepts connections.
"""

import argparse
import hashlib
import hmac
import json
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RULES = ("accepts-unsigned", "accepts-stale", "reserializes-json", "uses-seconds", "slow-ack-800ms",
         "duplicate-500", "resets-large-bodies")
TOLERANCE_MS = 5 * 60 * 1000
MAX_BODY = 50 * 1024 * 1024
LARGE = 8 * 1000 * 1000
HOSTILE = b"\x1b]0;owned\x07\x1b[2J\x1b[31m\xc2\x9b0m"


class Receiver(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # 16 deliveries at once must not wait in a short backlog

    def __init__(self, address, secret, broken, hostile):
        super().__init__(address, Handler)
        self.secret = secret
        self.broken = broken
        self.hostile = hostile
        self.lock = threading.Lock()
        self.stored = {}  # idempotency key -> times processed (always 1 when correct)
        self.failed_once = set()


class Handler(BaseHTTPRequestHandler):
    server_version = "guide-receiver"

    def log_message(self, *args):
        pass

    def answer(self, status, text):
        body = text.encode() + (self.server.hostile and HOSTILE or b"")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain" if status != 200 else "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        server = self.server
        broken = server.broken
        length = int(self.headers.get("Content-Length") or 0)
        if broken == "resets-large-bodies" and length > LARGE:
            # Closing with SO_LINGER 0 resets the connection: no answer at all.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            return
        if length > MAX_BODY:
            self.close_connection = True
            return self.answer(413, "payload too large")
        body = self.rfile.read(length)

        signature = (self.headers.get("X-Webhook-Signature") or "").strip()
        timestamp = (self.headers.get("X-Webhook-Timestamp") or "").strip()
        if not signature or not timestamp:
            if broken != "accepts-unsigned":
                return self.answer(400, "missing headers")
        else:
            if not timestamp.isdigit():
                return self.answer(400, "invalid timestamp")
            ts = int(timestamp)
            if broken == "uses-seconds" and ts < 100_000_000_000:
                ts *= 1000
            skew = int(time.time() * 1000) - ts
            past_limit = 60 * 60 * 1000 if broken == "accepts-stale" else TOLERANCE_MS
            if skew > past_limit or -skew > TOLERANCE_MS:
                return self.answer(400, "timestamp skew")
            signed = body
            if broken == "reserializes-json":
                try:
                    signed = json.dumps(json.loads(body), separators=(",", ":"), ensure_ascii=False).encode()
                except ValueError:
                    pass
            expected = hmac.new(server.secret, timestamp.encode() + b"." + signed, hashlib.sha256).hexdigest()
            if not hmac.compare_digest(expected, signature):
                return self.answer(401, "invalid signature")

        try:
            key = str(json.loads(body)["id"])
        except (ValueError, KeyError, TypeError):
            key = hashlib.sha256(body).hexdigest()
        with server.lock:
            if self.headers.get("X-Hookscope-Probe") == "fail-once" and key not in server.failed_once:
                server.failed_once.add(key)
                failing = True
            else:
                failing = False
                duplicate = key in server.stored
                if not duplicate:
                    server.stored[key] = 1  # "durably stored" before the answer
        if failing:
            return self.answer(500, "failing once on purpose")
        if duplicate:
            if broken == "duplicate-500":
                return self.answer(500, "already processed")
            return self.answer(200, '{"ok":true,"duplicate":true}')
        if broken == "slow-ack-800ms":
            time.sleep(0.8)
        self.answer(200, '{"ok":true}')


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--break", dest="broken", choices=RULES)
    parser.add_argument("--hostile", action="store_true")
    args = parser.parse_args()
    server = Receiver(("127.0.0.1", args.port), args.secret.encode(), args.broken, args.hostile)
    print("listening", server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
