#!/usr/bin/env python3
"""Holds `hookscope parse` against Python's email package (policy=default) over .eml files.

For each message: pyemail_reference.py (next to this file, imported) and `hookscope parse` read it (`parse`
given the files a batch at a time, one JSON line each); the fields
messageId, subject, from, to, cc, text, html and each attachment's filename, contentType, size,
contentId and sha256 are compared. Prints, per field, on how many messages the two agree, then the
messages that differ (with the first difference). Exit 1 when fewer messages than --min-agree agree
wholly, or when `hookscope parse` exits 2 on any of them (it reads every readable file).
Stdlib only.

Usage: compare_with_python.py --hookscope BIN [--min-agree N] [--verbose] FILE_OR_DIR...
"""
import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pyemail_reference  # noqa: E402
BATCH = 50
FIELDS = ["messageId", "subject", "from", "to", "cc", "text", "html"]
ATTACHMENT_FIELDS = ["filename", "contentType", "size", "contentId", "sha256"]


def undo_surrogateescape(value):
    """Python keeps undecodable header bytes as lone surrogates; bytes that are UTF-8 read as UTF-8 (as they
    did when the reference printed them), the rest as U+FFFD."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if isinstance(value, list):
        return [undo_surrogateescape(v) for v in value]
    if isinstance(value, dict):
        return {k: undo_surrogateescape(v) for k, v in value.items()}
    return value


def files(paths):
    for p in paths:
        if os.path.isdir(p):
            for name in sorted(os.listdir(p)):
                if name.endswith(".eml"):
                    yield os.path.join(p, name)
        else:
            yield p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hookscope", required=True)
    ap.add_argument("--min-agree", type=int, default=0)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()
    agree = {f: 0 for f in FIELDS + ["attachments"]}
    whole = 0
    total = 0
    refused = []
    differing = []
    paths = list(files(args.paths))
    parsed = {}
    for start in range(0, len(paths), BATCH):
        batch = paths[start:start + BATCH]
        # Two or more files: one JSON line per file, {"file", "error"} for one parse refuses.
        run = subprocess.run([args.hookscope, "parse"] + batch + ([batch[0]] if len(batch) == 1 else []),
                             capture_output=True)
        if run.returncode not in (0, 2):
            print("hookscope parse exited %d: %s" % (run.returncode, run.stderr.decode(errors="replace")[:2000]))
            return 1
        for line in run.stdout.decode("utf-8").splitlines():
            if line.strip():
                entry = json.loads(line)
                parsed[entry.pop("file")] = entry
    for path in paths:
        total += 1
        with open(path, "rb") as f:
            expected = undo_surrogateescape(pyemail_reference.reference(f.read(), with_data=False))
        actual = parsed.get(path)
        if actual is None or "error" in actual:
            refused.append((path, 2, actual["error"] if actual else "no answer from hookscope parse"))
            continue
        first = None
        for f in FIELDS:
            if actual.get(f) == expected.get(f):
                agree[f] += 1
            elif first is None:
                first = "%s: hookscope %r, python %r" % (f, actual.get(f), expected.get(f))
        ea, aa = expected["attachments"], actual["attachments"]
        same = len(ea) == len(aa)
        if not same and first is None:
            first = "attachments: hookscope %d, python %d" % (len(aa), len(ea))
        for i, (e, a) in enumerate(zip(ea, aa)):
            for k in ATTACHMENT_FIELDS:
                if e.get(k) != a.get(k):
                    same = False
                    if first is None:
                        first = "attachment %d %s: hookscope %r, python %r" % (i, k, a.get(k), e.get(k))
        if same:
            agree["attachments"] += 1
        if first is None:
            whole += 1
        else:
            differing.append((path, first))
    print("%d of %d messages agree on every field" % (whole, total))
    for f in FIELDS + ["attachments"]:
        print("  %-11s %d of %d" % (f, agree[f], total))
    for path, first in differing:
        print("differs: %s: %s" % (os.path.basename(path), first[:300] if not args.verbose else first))
    for path, code, err in refused:
        print("refused (exit %d): %s: %s" % (code, os.path.basename(path), err[:200]))
    if refused or whole < args.min_agree:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
