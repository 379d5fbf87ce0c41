#!/usr/bin/env bash
# Installs what Hookscope needs from Debian 12's packages, builds it, then runs it or its tests.
#   bash packaging/setup.sh run [hookscope arguments]   build and start Hookscope
#   bash packaging/setup.sh test                        build and run every test (CTest) under ASan + UBSan
# Run as root (or with sudo available) on Debian 12. Safe to repeat: installed packages are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-run}
[ $# -gt 0 ] && shift

packages=(
    build-essential cmake ninja-build pkg-config git ca-certificates
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libqt6svg6 qt6-qpa-plugins qtkeychain-qt6-dev
    qt6-webengine-dev qt6-charts-dev
    libgmime-3.0-dev libboost-dev libexpected-dev libssl-dev libsqlite3-dev rapidjson-dev
    libbenchmark-dev clang libclang-rt-14-dev lld
    openssl curl python3 python3-requests xvfb xauth fonts-dejavu-core sqlite3 time prometheus
    debootstrap desktop-file-utils appstream lintian dpkg-dev file librsvg2-bin groff-base
    libmagic-dev libarchive-dev zlib1g-dev clamav-daemon libjemalloc-dev libsimdjson-dev
    nodejs
)
# The interoperability tests run the providers' official SDKs under Node.js; npm comes with NodeSource's
# nodejs, and is a package of its own with Debian's.
command -v npm >/dev/null 2>&1 || packages+=(npm)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# `run` builds the debug tree; `test` builds the tree the suite runs in: ASan + UBSan (HOOKSCOPE_ASAN=0: the
# debug tree instead, quicker, uninstrumented).
default_preset=dev
[ "$mode" = test ] && [ "${HOOKSCOPE_ASAN:-1}" != 0 ] && default_preset=asan
preset=${HOOKSCOPE_PRESET:-$default_preset}
echo "== building (preset $preset)"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -- -j"$(nproc)"

case "$mode" in
run)
    exec "build/$preset/app/hookscope" "$@"
    ;;
test)
    # The package test (build the .deb, install it on a clean Debian 12) runs in CI, or when
    # HOOKSCOPE_PACKAGE_TEST=1; before CTest, so that CTest's summary stays the last thing printed.
    case "${HOOKSCOPE_PACKAGE_TEST:-${CI:-}}" in 1 | true) bash packaging/test-deb.sh ;; esac
    # The providers' official SDKs that tst_sdk_interop signs and verifies with, and the HAR 1.2 validator of
    # tst_hostile_export, each from its committed lock file.
    for dir in tests/sdk tests/har; do
        if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
            echo "== installing $dir (npm ci)"
            npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
        fi
    done
    # One run of the whole suite, under AddressSanitizer + UndefinedBehaviorSanitizer unless HOOKSCOPE_ASAN=0;
    # CTest's summary is the last thing printed and the verdict. (It used to run a second time, uninstrumented, in
    # the debug tree: that doubled the build, and the CI run went past its 45 minutes. BENCHMARKS.md has the times.)
    exec ctest --preset "$preset" -j"$(nproc)" "$@"
    ;;
*)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac
