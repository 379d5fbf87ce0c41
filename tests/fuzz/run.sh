#!/usr/bin/env bash
# Runs every libFuzzer target over its seed corpus (plus tests/data) for SECONDS each (default 60).
#   cmake --preset fuzz && cmake --build build/fuzz --target fuzz_http_framer fuzz_payload fuzz_mime fuzz_signatures
#   bash tests/fuzz/run.sh [SECONDS]
# The growing corpus lives in build/fuzz/corpus/<target>; crashes are written to build/fuzz/findings/.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
build=build/fuzz
mkdir -p "$build/findings"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for target in http_framer payload mime signatures; do
    work="$build/corpus/$target"
    mkdir -p "$work"
    seeds=(tests/fuzz/corpus/$target)
    # Real fixtures as seeds too: captured requests for the framer, bodies and .eml files for the adapters.
    if [ -d tests/data ]; then
        case $target in
        http_framer) [ -d tests/data/requests ] && seeds+=(tests/data/requests) ;;
        payload) seeds+=(tests/data) ;;
        mime) [ -d tests/data/email ] && seeds+=(tests/data/email) ;;
        esac
    fi
    echo "== fuzz_$target for ${seconds}s"
    "$build/tests/fuzz/fuzz_$target" "$work" "${seeds[@]}" -max_total_time="$seconds" -max_len=65536 \
        -artifact_prefix="$build/findings/$target-" -print_final_stats=1 2>&1 |
        grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::new_units_added|==[0-9]+==ERROR|SUMMARY)|cov:" |
        tail -4
done
