#!/usr/bin/env bash
# What `hookscope list` costs on a small store, against the sqlite3 shell reading the same rows in the same run:
#   bench/cli-list.sh [BUILD_DIR=build/release]        # ROUNDS=N (default 30) runs of each, interleaved
# Makes a store of 10 events (10 of the MIME test messages, taken in by `hookscope import`), then measures
# - peak RSS: /usr/bin/time -f %M of each run, the median;
# - wall and CPU time (user + system): the median of ROUNDS runs each, from fork to exit;
# and prints each with its ratio to sqlite3's. Compare only the ratios of one run: on a loaded machine the wall
# times of both grow with the wait for a core. Needs /usr/bin/time (package `time`), sqlite3 (package `sqlite3`)
# and python3.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build/release}" && pwd)
bin=$build/app/hookscope
rounds=${ROUNDS:-30}
work=${BENCH_WORK:-${TMPDIR:-/tmp}/hookscope-bench}/cli-list
for tool in /usr/bin/time sqlite3; do
    command -v "$tool" >/dev/null || { echo "cli-list: $tool is missing (apt-get install time sqlite3)" >&2; exit 2; }
done
[ -x "$bin" ] || { echo "cli-list: no $bin (build it first)" >&2; exit 2; }

rm -rf "$work"
mkdir -p "$work/home"
# Its own HOME: nothing of the user's (configuration, secrets, store) is read or written.
export HOME=$work/home XDG_DATA_HOME=$work/home/data XDG_CONFIG_HOME=$work/home/config XDG_CACHE_HOME=$work/home/cache
export HOOKSCOPE_SECRETS_BACKEND=file
db=$work/events.db
find "$root/tests/data/email" -name '*.eml' | sort | head -10 | xargs "$bin" import --db "$db" >/dev/null
events=$(sqlite3 "$db" 'SELECT count(*) FROM events')
[ "$events" = 10 ] || { echo "cli-list: the store has $events events, expected 10" >&2; exit 1; }

# The rows `hookscope list` prints: the same columns, filter, order and limit as EventStore::list's default.
columns="id, route, idem_key, key_source, event_id, message_id, scheme, received_us, last_us, status, quarantined,
    quarantine_note, discarded_us, deliveries, duplicates, replays, method, path, size, flags, processed, subject,
    from_address, from_name, attachments, warnings"
query="SELECT $columns FROM events WHERE discarded_us IS NULL ORDER BY received_us DESC, id DESC LIMIT 100"
list=("$bin" list --db "$db")
shell=(sqlite3 -readonly "$db" "$query")
[ "$("${list[@]}" | tail -n +2 | wc -l)" = 10 ] || { echo "cli-list: hookscope list did not print 10 rows" >&2; exit 1; }
[ "$(sqlite3 -readonly "$db" "SELECT count(*) FROM ($query)")" = 10 ] || { echo "cli-list: the query does not read 10 rows" >&2; exit 1; }

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
"${list[@]}" >/dev/null # one warm-up run each: the files are in the page cache for both
"${shell[@]}" >/dev/null
: >"$work/list.kb"
: >"$work/sqlite.kb"
for _ in $(seq 1 "$rounds"); do
    /usr/bin/time -f %M "${list[@]}" 2>>"$work/list.kb" >/dev/null
    /usr/bin/time -f %M "${shell[@]}" 2>>"$work/sqlite.kb" >/dev/null
done
list_kb=$(median <"$work/list.kb")
sqlite_kb=$(median <"$work/sqlite.kb")
# Wall and CPU time (user + system) of each run, from fork to exit (os.wait4: the child's own rusage), the two
# programs alternating so that drift on the machine touches both alike.
read -r list_us sqlite_us list_cpu sqlite_cpu < <(python3 - "$rounds" "${#list[@]}" "${list[@]}" "${shell[@]}" <<'PY'
import os, statistics, subprocess, sys, time
rounds, n = int(sys.argv[1]), int(sys.argv[2])
commands = [sys.argv[3:3 + n], sys.argv[3 + n:]]
wall, cpu = [[], []], [[], []]
for _ in range(rounds):
    for i, command in enumerate(commands):
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        wall[i].append((time.perf_counter() - start) * 1e6)
        cpu[i].append((usage.ru_utime + usage.ru_stime) * 1e6)
        code = os.waitstatus_to_exitcode(status)
        assert code == 0, f"{command[0]} exited {code}"
print(*(round(statistics.median(v)) for v in (wall[0], wall[1], cpu[0], cpu[1])))
PY
)
awk -v lu="$list_us" -v su="$sqlite_us" -v lc="$list_cpu" -v sc="$sqlite_cpu" -v lk="$list_kb" -v sk="$sqlite_kb" \
    -v n="$rounds" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
    printf "list, 10-event store, median of %d runs each (load %s):\n", n, load
    printf "  peak RSS %.1f MiB (target <= 30 MiB) = %.1fx sqlite3 (%.1f MiB)\n", lk / 1024, lk / sk, sk / 1024
    printf "  wall     %.1f ms = %.1fx sqlite3 (%.1f ms; target <= 6x)\n", lu / 1000, lu / su, su / 1000
    printf "  CPU      %.1f ms = %.1fx sqlite3 (%.1f ms, user + system)\n", lc / 1000, lc / sc, sc / 1000 }'
