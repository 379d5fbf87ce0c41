#!/usr/bin/env bash
# Every figure in BENCHMARKS.md, measured in one run on this machine:
#   bench/run-benchmarks.sh [BUILD_DIR=build/release]
#   ONLY=window bench/run-benchmarks.sh      # some sections: ingest,https,mime,memory,cli,core,window,arrivals
# Needs: a release build (cmake --preset release && cmake --build --preset release), node 20 + npm (the anchors
# are installed into a temp folder), wrk, /usr/bin/time (package `time`), sqlite3 (package `sqlite3`), python3. The window section needs
# ~7 GB free in the work folder for its store of a million events (made once, again when make-store changes).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build/release}" && pwd)
shared=${HOOKSCOPE_SHARED_DIR:-$root/../shared}
bin=$build/app/hookscope
work=${BENCH_WORK:-${TMPDIR:-/tmp}/hookscope-bench}
secs=${SECS:-5}
mkdir -p "$work"
export BENCH_WORK=$work
want() { [ -z "${ONLY:-}" ] || [[ ",$ONLY," == *",$1,"* ]]; }
# The anchors' helpers (run-ingest.sh copies them too), so that each section also runs on its own.
if want https || want mime; then cp -f "$shared"/bench/package.json "$shared"/bench/*.mjs "$shared"/bench/*.lua "$work"/; fi

echo "== machine"
echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(lscpu | sed -n 's/^Model name: *//p')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

if want ingest; then
echo "== ingest over HTTP keep-alive, 2 KB signed unique events, wrk -c16 (ceiling, Express receiver, hookscope)"
"$shared/bench/run-ingest.sh" "$bin serve --http {PORT} --https 0 --db {DB} --secret {SECRET}" "$secs" 16 2048 "${ROUNDS:-2}"
fi

if want https; then
echo "== HTTPS vs HTTP keep-alive, same server process, wrk -c16"
export WEBHOOK_SECRET=bench-secret
node "$work/gen-signed.mjs" 60000 2048 "$work/signed-http.tsv" >/dev/null
node "$work/gen-signed.mjs" 60000 2048 "$work/signed-https.tsv" >/dev/null
db=$work/tls.db; rm -f "$db" "$db"-*
hp=$((30000 + RANDOM % 10000)); sp=$((hp + 1))
HOME=$work/home XDG_DATA_HOME=$work/home/data "$bin" serve --http $hp --https $sp --db "$db" --secret bench-secret \
    >"$work/tls.log" 2>&1 &
spid=$!
trap 'kill $spid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q "certificate SHA-256" "$work/tls.log" && break; sleep 0.1; done
http=$(SIGNED_FILE=$work/signed-http.tsv wrk -t1 -c16 -d"${secs}s" -s "$work/wrk-signed.lua" \
    "http://127.0.0.1:$hp/webhooks/email" | awk '/Requests\/sec/ {print $2}')
https=$(SIGNED_FILE=$work/signed-https.tsv wrk -t1 -c16 -d"${secs}s" -s "$work/wrk-signed.lua" \
    "https://127.0.0.1:$sp/webhooks/email" | awk '/Requests\/sec/ {print $2}')
kill $spid; wait $spid 2>/dev/null || true
trap - EXIT
awk -v h="$http" -v s="$https" 'BEGIN { printf "https: %.0f rps = %.2f of HTTP (%.0f rps)\n", s, s/h, h }'
fi

corpus=$work/mime-corpus
if want mime || want memory; then
rm -rf "$corpus"; mkdir -p "$corpus"
cp "$root"/tests/data/email/*.eml "$corpus"/
python3 "$root/bench/make-large-email.py" "$corpus/large-25mb.eml"
fi
if want mime; then
echo "== MIME parsing throughput, same files: hookscope (in memory, attachments decoded) vs Node mailparser"
[ -d "$work/node_modules/mailparser" ] || (cd "$work" && npm install --no-audit --no-fund --silent >/dev/null 2>&1)
node_mbps=$(node "$work/mime-anchor.mjs" "$corpus" 3 | sed -E 's/.*"mbPerSec":([0-9.]+).*/\1/')
ours=$(HOOKSCOPE_MIME_CORPUS=$corpus "$build/bench/bench_core" --benchmark_filter=BM_ParseMimeCorpus \
    --benchmark_repetitions=3 --benchmark_report_aggregates_only=true --benchmark_format=csv 2>/dev/null \
    | awk -F, '/BM_ParseMimeCorpus.*_mean/ {print $6}')
awk -v o="$ours" -v n="$node_mbps" -v f="$(ls "$corpus" | wc -l)" -v b="$(du -sb "$corpus" | cut -f1)" \
    'BEGIN { printf "mime: hookscope %.1f MB/s = %.2fx Node mailparser (%.1f MB/s), %d files, %.1f MB\n", o/1e6, (o/1e6)/n, n, f, b/1e6 }'
fi

if want memory; then
echo "== peak memory of 'hookscope parse' on the 25 MB message"
size=$(stat -c %s "$corpus/large-25mb.eml")
rss=$(/usr/bin/time -f %M "$bin" parse "$corpus/large-25mb.eml" 2>&1 >/dev/null | tail -1)
awk -v r="$rss" -v s="$size" 'BEGIN { printf "parse: peak RSS %.0f MB = %.2fx the message (%.1f MB)\n", r/1024, r*1024/s, s/1e6 }'
fi

if want cli; then
echo "== 'hookscope list' on a 10-event store vs sqlite3 reading the same rows (peak RSS, wall and CPU time)"
"$root/bench/cli-list.sh" "$build"
fi

if want core; then
echo "== Google Benchmark: hot functions"
"$build/bench/bench_core" --benchmark_filter='BM_MailparseVerify|BM_StoredVerdict|BM_DetectAndKey|BM_ParsePayload|BM_StoreInsert' \
    --benchmark_min_time=0.3 2>/dev/null | sed -n '/^BM_/p'
fi

if want window; then
echo "== the million-event window: a store made by make-store, the real window on it (bench_window, offscreen)"
events=${WINDOW_EVENTS:-1000000}
store=$work/window-$events.db
if [ ! -f "$store" ] || [ "$build/bench/make-store" -nt "$store" ]; then
    /usr/bin/time -f "make-store: %e s, peak RSS %M KB" "$build/bench/make-store" --events "$events" --out "$store"
fi
# Cold: the store's file evicted from the page cache first, as after a reboot; then warm, as it is used.
# Qt WebEngine's start-up chatter goes to the log. A figure that misses its target says MISSED.
for run in cold warm; do
    QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1 "$build/bench/bench_window" --db "$store" \
        $([ $run = cold ] && echo --cold) 2>"$work/bench_window-$run.log" | sed "s/^/$run: /" || true
done
fi
if want arrivals; then
echo "== events arriving while the window is open: rate and longest event-loop gap (bench_arrivals, offscreen)"
QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1 "$build/bench/bench_arrivals" \
    --events "${ARRIVAL_EVENTS:-1000}" --rows "${ARRIVAL_ROWS:-1000000}" 2>"$work/bench_arrivals.log" || true
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
