#!/bin/sh
# A CI job: capture the webhooks the application under test sends, then assert on what arrived.
# HOOKSCOPE is the binary (default: hookscope on PATH), PORT the capture port, WORK a scratch folder.
set -eu
HOOKSCOPE=${HOOKSCOPE:-hookscope}
PORT=${PORT:-8080}
WORK=${WORK:-$(mktemp -d)}
SECRET=ci-secret
db="$WORK/events.db"

# 1. Capture in the background on a fresh store, one JSON line per request in requests.jsonl.
"$HOOKSCOPE" serve --db "$db" --http "$PORT" --https 0 --secret "$SECRET" --log-format json \
    >"$WORK/serve.out" 2>"$WORK/requests.jsonl" &
serve=$!
trap 'kill "$serve" 2>/dev/null || true' EXIT
tries=0
until grep -q '^listening:' "$WORK/serve.out"; do
    tries=$((tries + 1))
    [ "$tries" -le 300 ] || { echo "serve did not start" >&2; exit 1; }
    sleep 0.1
done

# 2. The application under test sends its webhooks; here `hookscope send` plays the provider.
event() {
    printf '{"id":"%s","messageId":"<%s@ci.example>","from":{"address":"billing@ci.example","name":"Billing"},"to":[{"address":"support@ci.example","name":""}],"subject":"%s","text":"Thank you.","html":"","attachments":[],"headers":{}}' \
        "$1" "$1" "$2" >"$WORK/$1.json"
    "$HOOKSCOPE" send --no-store --to "http://127.0.0.1:$PORT/webhooks/email" --secret "$SECRET" "$WORK/$1.json"
}
event evt_invoice_1 "Invoice 1 paid"
event evt_welcome "Welcome aboard"
event evt_invoice_2 "Invoice 2 paid"
event evt_invoice_3 "Invoice 3 paid"

# 3. Assert: three invoice events arrived within 10 s (else exit 1), printed as `list --json` objects.
"$HOOKSCOPE" wait --db "$db" --since 0 --search invoice --count 3 --timeout 10 --json >"$WORK/arrived.json"
