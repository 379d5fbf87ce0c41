#!/bin/sh
# A CI job: capture the webhooks the application under test sends, then assert on what arrived: from the shell
# with `hookscope wait`, then from a test in Python through the local API.
# HOOKSCOPE is the binary (default: hookscope on PATH), PORT the capture port, API_PORT the local API's port,
# WORK a scratch folder.
set -eu
HOOKSCOPE=${HOOKSCOPE:-hookscope}
PORT=${PORT:-8080}
API_PORT=${API_PORT:-8090}
WORK=${WORK:-$(mktemp -d)}
SECRET=ci-secret
db="$WORK/events.db"

# 1. Capture in the background on a fresh store with the local API on (loopback only, a token in the data
#    folder), one JSON line per request in requests.jsonl.
"$HOOKSCOPE" serve --db "$db" --http "$PORT" --https 0 --secret "$SECRET" --api "$API_PORT" --log-format json \
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
payload() {
    printf '{"id":"%s","messageId":"<%s@ci.example>","from":{"address":"billing@ci.example","name":"Billing"},"to":[{"address":"support@ci.example","name":""}],"subject":"%s","text":"Thank you.","html":"","attachments":[],"headers":{}}' \
        "$1" "$1" "$2" >"$WORK/$1.json"
}
event() {
    payload "$1" "$2"
    "$HOOKSCOPE" send --no-store --to "http://127.0.0.1:$PORT/webhooks/email" --secret "$SECRET" "$WORK/$1.json"
}
event evt_invoice_1 "Invoice 1 paid"
event evt_invoice_2 "Invoice 2 paid"
event evt_invoice_3 "Invoice 3 paid"
# One without a signature: refused (400, its signature headers are missing), and kept, marked failed.
payload evt_forged "Forged refund"
curl -sS -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' \
    --data-binary "@$WORK/evt_forged.json" "http://127.0.0.1:$PORT/webhooks/email" >"$WORK/unsigned.status"

# 3. Assert: three invoice events arrived within 10 s (else exit 1), printed as `list --json` objects.
"$HOOKSCOPE" wait --db "$db" --since 0 --search invoice --count 3 --timeout 10 --json >"$WORK/arrived.json"
"$HOOKSCOPE" wait --db "$db" --since 0 --status failed --count 1 --timeout 10 --json >"$WORK/refused.json"

# 4. A test in Python follows the API's live stream, sends more, reads one back and quarantines it.
HOOKSCOPE_API="http://127.0.0.1:$API_PORT" CAPTURE_URL="http://127.0.0.1:$PORT/webhooks/email" SECRET="$SECRET" \
    python3 "$(dirname "$0")/api-client.py"
