#!/usr/bin/env bash
# Builds the Debian package, checks it (dpkg-deb, desktop-file-validate, appstreamcli, lintian), then
# installs it with apt-get on a clean Debian 12 (a debootstrap --variant=minbase bookworm chroot) and
# uses it there as a user would: --version, --help of every command, serve + a signed request + list,
# send over HTTPS, and the window on the offscreen platform.
#
#   bash packaging/test-deb.sh
#
# Run as root on Debian 12 (chroot and mounts need it). The bootstrapped tree is cached as a tarball in
# ${XDG_CACHE_HOME:-~/.cache}/hookscope/ and unpacked afresh for every run; downloaded .debs are cached
# beside it. Environment:
#   HOOKSCOPE_PACKAGE_BUILD_DIR   build directory (default build/package: Release, no tests)
#   HOOKSCOPE_DEBIAN_MIRROR       Debian mirror (default http://deb.debian.org/debian)
#   HOOKSCOPE_REFRESH_CHROOT=1    bootstrap afresh instead of using the cached tarball
set -euo pipefail
cd "$(dirname "$0")/.."
source_dir=$(pwd)

build=${HOOKSCOPE_PACKAGE_BUILD_DIR:-build/package}
mirror=${HOOKSCOPE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security_mirror=${HOOKSCOPE_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
cache=${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/hookscope
tarball=$cache/bookworm-minbase.tar
app_id=io.github.hookscope.Hookscope
secret=package-test-secret
started=$(date +%s)

step() { echo "== test-deb: $* [$(($(date +%s) - started)) s]"; }
die() {
    echo "test-deb: FAIL: $*" >&2
    exit 1
}

if [ "$(id -u)" -ne 0 ]; then
    die "run as root (debootstrap, chroot and mounts need it)"
fi
for tool in cmake cpack ninja dpkg-deb dpkg-buildflags debootstrap desktop-file-validate appstreamcli lintian python3; do
    command -v "$tool" >/dev/null || die "$tool is missing (bash packaging/setup.sh installs it)"
done

# --- a clean Debian 12, bootstrapped while the package builds (it waits on the network, not the CPU) -----
mkdir -p "$cache/apt-archives/partial"
bootstrap() {
    local boot
    boot=$(mktemp -d /var/tmp/hookscope-bootstrap.XXXXXX)
    debootstrap --variant=minbase bookworm "$boot" "$mirror" >"$cache/debootstrap.log" 2>&1 ||
        { tail -20 "$cache/debootstrap.log" >&2; rm -rf --one-file-system "$boot"; return 1; }
    rm -f "$boot"/var/cache/apt/archives/*.deb
    find "$boot/var/lib/apt/lists" -maxdepth 1 -type f -delete
    tar --numeric-owner -C "$boot" -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf --one-file-system "$boot"
}
bootstrap_pid=
if [ ! -s "$tarball" ] || [ "${HOOKSCOPE_REFRESH_CHROOT:-0}" = 1 ]; then
    step "bootstrapping Debian 12 (minbase) from $mirror in the background, cached as $tarball"
    bootstrap &
    bootstrap_pid=$!
    trap 'kill "$bootstrap_pid" 2>/dev/null || true' EXIT # until the chroot's own clean-up takes over
fi

# --- build -------------------------------------------------------------------------------------------
step "building the package in $build"
# Debian's hardening flags (fortify, stack protector, relro, bindnow), as a Debian build would use.
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHOOKSCOPE_BUILD_TESTS=OFF \
    -DHOOKSCOPE_BUILD_BENCHMARKS=OFF \
    -DCMAKE_CXX_FLAGS="$(dpkg-buildflags --get CXXFLAGS) $(dpkg-buildflags --get CPPFLAGS)" \
    -DCMAKE_EXE_LINKER_FLAGS="$(dpkg-buildflags --get LDFLAGS)" >/dev/null
cmake --build "$build" -- -j"$(nproc)"
rm -f "$build"/hookscope_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
deb=$build/hookscope_${version}_amd64.deb
[ -f "$deb" ] || die "cpack made no $deb (made: $(ls "$build"/*.deb 2>/dev/null))"
deb=$(realpath "$deb")
step "built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"

# --- static checks -------------------------------------------------------------------------------------
dpkg-deb --info "$deb" | sed -n '/Package:/,$p'
contents=$(dpkg-deb --contents "$deb" | awk '{print $6}' | sed 's|^\./|/|')
expected=(
    /usr/bin/hookscope
    /usr/libexec/hookscope/hookscope-window
    /usr/share/applications/$app_id.desktop
    /usr/share/metainfo/$app_id.metainfo.xml
    /usr/share/icons/hicolor/scalable/apps/$app_id.svg
    /usr/share/man/man1/hookscope.1.gz
    /usr/share/doc/hookscope/copyright
)
for size in 16 32 48 64 128 256; do
    expected+=("/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png")
done
for path in "${expected[@]}"; do
    grep -qx "$path" <<<"$contents" || die "the package lacks $path"
done
depends=$(dpkg-deb --field "$deb" Depends)
for dep in libqt6sql6-sqlite libqt6network6 libqt6gui6 libqt6widgets6 libqt6webenginewidgets6 libssl3 libsqlite3-0 libgmime-3.0-0; do
    grep -q "\b$dep\b" <<<"$depends" || die "Depends lacks $dep: $depends"
done

unpacked=$(mktemp -d)
dpkg-deb --extract "$deb" "$unpacked"
desktop-file-validate "$unpacked/usr/share/applications/$app_id.desktop" || die "desktop-file-validate"
appstreamcli validate --no-net "$unpacked/usr/share/metainfo/$app_id.metainfo.xml" || die "appstreamcli validate"
for size in 16 32 48 64 128 256; do
    file "$unpacked/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png" | grep -q "$size x $size" ||
        die "the ${size}px icon is not ${size}x${size}"
done
gzip -t "$unpacked/usr/share/man/man1/hookscope.1.gz" || die "the man page is not valid gzip"
rm -rf "$unpacked"

# Lintian's verdict is reported, not enforced: a package built by CPack, outside a Debian source tree,
# draws informational tags that do not matter here.
step "lintian"
lintian --info --display-level '>=warning' "$deb" || echo "lintian: exit $? (reported, not enforced)"

# --- a clean Debian 12 -----------------------------------------------------------------------------------
if [ -n "$bootstrap_pid" ]; then
    step "waiting for the Debian 12 bootstrap"
    wait "$bootstrap_pid" || die "debootstrap failed (log: $cache/debootstrap.log)"
fi
[ -s "$tarball" ] || die "no bootstrapped Debian 12 in $tarball"

root=$(mktemp -d /var/tmp/hookscope-chroot.XXXXXX)
mounts=()
pids=()
cleanup() {
    local rc=$?
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    # Anything else still running inside the chroot (helpers the programs started) holds its mounts.
    for proc in /proc/[0-9]*; do
        [ "$(readlink "$proc/root" 2>/dev/null)" = "$root" ] && kill "${proc#/proc/}" 2>/dev/null
    done
    sleep 0.5
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" || true; done
    # Never delete through a mount that is still there (it could be the host's /dev).
    if grep -q " $root[/ ]" /proc/mounts; then
        echo "test-deb: mounts remain under $root; not removing it" >&2
    else
        rm -rf --one-file-system "$root"
    fi
    step "done (exit $rc)"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "unpacking a fresh chroot in $root"
# In memory: unpacking, installing and removing a system of ~1 GB is I/O the disk need not see.
mount -t tmpfs -o size=4G,mode=755 hookscope-chroot "$root" && mounts+=("$root")
mount --make-private "$root" # what is mounted below stays here, whatever the host's propagation
tar --numeric-owner -C "$root" -xf "$tarball"
chmod 755 "$root" # the tarball's top folder was mktemp's 0700: the chroot's users (_apt, tester) must get through /
bind() { # bind SOURCE TARGET-INSIDE
    mkdir -p "$root$2"
    mount --bind "$1" "$root$2"
    mounts+=("$root$2")
}
# /dev keeps the device nodes debootstrap made (null, zero, urandom, tty, ...); WebEngine's helper
# needs a writable /dev/shm as on any Debian system.
mount -t proc proc "$root/proc" && mounts+=("$root/proc")
mount -t sysfs sysfs "$root/sys" && mounts+=("$root/sys")
mount -t tmpfs -o mode=1777,nosuid,nodev shm "$root/dev/shm" && mounts+=("$root/dev/shm")
bind "$cache/apt-archives" /var/cache/apt/archives
cp /etc/resolv.conf "$root/etc/resolv.conf"
cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security_mirror bookworm-security main
EOF
# The archives folder is shared between runs: apt must not empty it after installing.
echo 'APT::Keep-Downloaded-Packages "true";' >"$root/etc/apt/apt.conf.d/01keep-debs"
# A throwaway system: dpkg need not sync every file it unpacks (halves the install time).
echo force-unsafe-io >"$root/etc/dpkg/dpkg.cfg.d/01unsafe-io"
cp "$deb" "$root/tmp/"

in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
as_user() {
    chroot --userspec=tester:tester "$root" /usr/bin/env -i PATH=/usr/bin:/bin LANG=C.UTF-8 HOME=/home/tester \
        "$@"
}
# Starts a command as the user in the background, output to LOG (a path inside the chroot); its pid
# (chroot and env exec, so it is the program's own) goes to pids for the cleanup.
start_as_user() { # start_as_user LOG COMMAND...
    local log=$1
    shift
    chroot --userspec=tester:tester "$root" /usr/bin/env -i PATH=/usr/bin:/bin LANG=C.UTF-8 HOME=/home/tester \
        "$@" >"$root$log" 2>&1 &
    pids+=($!)
}

step "apt-get install ./$(basename "$deb") on the clean system"
apt_started=$(date +%s)
in_root apt-get update -qq
echo "apt-get update: $(($(date +%s) - apt_started)) s"
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "./tmp/$(basename "$deb")" curl openssl ca-certificates >"$cache/apt-install.log" 2>&1 ||
    { tail -30 "$cache/apt-install.log"; die "apt-get install failed"; }
grep -E '^(Setting up|Unpacking) ' "$cache/apt-install.log" | wc -l | xargs echo "packages set up:"
in_root dpkg -L hookscope | grep -E '^/usr/(bin|share/(applications|metainfo|man))/' | sed 's/^/  /'
in_root useradd --create-home --shell /bin/sh tester

# Every Qt plugin the binary may load must find its libraries on this system (what ldd cannot see
# through the binary itself).
qtplugins=/usr/lib/x86_64-linux-gnu/qt6/plugins
for plugin in platforms/libqxcb.so platforms/libqoffscreen.so sqldrivers/libqsqlite.so tls/libqopensslbackend.so; do
    [ -f "$root$qtplugins/$plugin" ] || die "the installed system lacks the Qt plugin $plugin"
    missing=$(in_root ldd "$qtplugins/$plugin" | grep 'not found' || true)
    [ -z "$missing" ] || die "$plugin: $missing"
done
for program in /usr/bin/hookscope /usr/libexec/hookscope/hookscope-window /usr/lib/qt6/libexec/QtWebEngineProcess; do
    [ -f "$root$program" ] || die "the installed system lacks $program"
    missing=$(in_root ldd "$program" | grep 'not found' || true)
    [ -z "$missing" ] || die "$program: $missing"
done

step "hookscope --version and --help of every command"
version_line=$(as_user hookscope --version)
[ "$version_line" = "hookscope $version" ] || die "hookscope --version printed '$version_line'"
echo "$version_line"
help=$(as_user hookscope --help)
commands=$(sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' <<<"$help")
[ -n "$commands" ] || die "hookscope --help lists no commands"
for command in $commands; do
    text=$(as_user hookscope "$command" --help) || die "hookscope $command --help failed"
    grep -q '^Examples:' <<<"$text" || die "hookscope $command --help shows no examples"
done
echo "commands with --help and examples:" $commands
rc=0
as_user hookscope >/dev/null 2>&1 || rc=$?
[ "$rc" = 2 ] || die "hookscope without a display should exit 2 with a hint, exited $rc"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { # wait_for FILE PATTERN SECONDS
    local deadline=$(($(date +%s) + $3))
    until grep -q "$2" "$1" 2>/dev/null; do
        [ "$(date +%s)" -lt "$deadline" ] || return 1
        sleep 0.2
    done
}

http_port=$(free_port)
https_port=$(free_port)
step "hookscope serve --http $http_port --https $https_port"
start_as_user /tmp/serve.log hookscope serve --http "$http_port" --https "$https_port" --secret "$secret"
serve_pid=$!
wait_for "$root/tmp/serve.log" "listening: https://" 20 || { cat "$root/tmp/serve.log"; die "serve did not start"; }
cat "$root/tmp/serve.log"

# One request signed as the guide says: hex HMAC-SHA256 over "{timestamp}.{raw body}", ms timestamp.
cat >"$root/tmp/send.sh" <<'EOF'
set -eu
body='{"id":"evt_package_test","messageId":"<package-test@example.com>","subject":"Installed from the .deb","from":{"address":"sender@example.com","name":"Sender"},"to":[{"address":"support@example.com","name":""}],"text":"hello"}'
ts=$(date +%s%3N)
sig=$(printf '%s' "$ts.$body" | openssl dgst -sha256 -hmac "$2" -hex | sed 's/^.*= //')
curl -sS --fail-with-body -H 'Content-Type: application/json' -H "X-Webhook-Timestamp: $ts" \
    -H "X-Webhook-Signature: $sig" --data-binary "$body" "http://127.0.0.1:$1/webhooks/email"
EOF
reply=$(as_user sh /tmp/send.sh "$http_port" "$secret") || die "the signed request failed: $reply"
echo "reply: $reply"
[ "$reply" = '{"ok":true}' ] || die "expected {\"ok\":true}, got $reply"

# The installed binary as the provider, over HTTPS: exercises Qt's TLS backend plugin.
as_user hookscope send --to "https://127.0.0.1:$https_port/webhooks/email" --secret "$secret" --sample \
    --insecure --no-store || die "hookscope send over HTTPS failed"

as_user hookscope list --json >"$root/tmp/list.json" || die "hookscope list --json failed"
python3 - "$root/tmp/list.json" <<'EOF' || die "hookscope list --json does not show the events"
import json, sys
events = json.load(open(sys.argv[1]))
by_id = {e.get("eventId"): e for e in events}
sent = by_id.get("evt_package_test")
assert sent, f"evt_package_test missing from {list(by_id)}"
assert sent["status"] == "verified", f"status {sent['status']}"
assert sent["subject"] == "Installed from the .deb", sent["subject"]
assert len(events) == 2, f"{len(events)} events, expected the curl one and the HTTPS sample"
assert all(e["status"] == "verified" for e in events), [e["status"] for e in events]
print(f"list --json: {len(events)} events, all verified: " + ", ".join(f"{e['id']} {e['eventId']}" for e in events))
EOF

# The command line never loads the window's libraries (they are the window program's alone).
gui_libraries=$(as_user env LD_DEBUG=libs hookscope list 2>&1 >/dev/null | grep -oE 'calling init: .*libQt6(Gui|Widgets|WebEngine[A-Za-z]*)\.so[.0-9]*' || true)
[ -z "$gui_libraries" ] || die "hookscope list loaded the window's libraries: $gui_libraries"

kill -TERM "$serve_pid"
rc=0
wait "$serve_pid" || rc=$?
[ "$rc" = 0 ] || die "serve exited $rc after SIGTERM"

# The window, on the offscreen platform (no X server in the chroot), with its embedded listener: hookscope
# execs /usr/libexec/hookscope/hookscope-window in the same process.
gui_port=$(free_port)
step "the window (offscreen) with its listener on $gui_port"
# Chromium's sandbox needs a user namespace, which the kernel refuses inside a chroot; a real
# system allows it, so here alone WebEngine runs without its sandbox.
start_as_user /tmp/gui.log env QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1 hookscope --db /home/tester/gui.db --http "$gui_port" \
    --https 0
gui_pid=$!
deadline=$(($(date +%s) + 20))
until code=$(as_user curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d '{}' \
    "http://127.0.0.1:$gui_port/webhooks/email") && [ "$code" != 000 ]; do
    kill -0 "$gui_pid" 2>/dev/null || { cat "$root/tmp/gui.log"; die "the window exited"; }
    [ "$(date +%s)" -lt "$deadline" ] || { cat "$root/tmp/gui.log"; die "the window's listener did not answer"; }
    sleep 0.3
done
# WebEngine's helper process starts on its own time; a failure there ends the window within moments.
sleep 2
kill -0 "$gui_pid" 2>/dev/null || { cat "$root/tmp/gui.log"; die "the window exited"; }
cp "/proc/$gui_pid/maps" "$root/tmp/gui-maps"
kill -TERM "$gui_pid"
wait "$gui_pid" 2>/dev/null || true
count=$(as_user hookscope list --db /home/tester/gui.db --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
[ "$count" = 1 ] || die "the window's listener stored $count events, expected 1"
grep -q 'libQt6WebEngineCore' "$root/tmp/gui-maps" || die "the window process did not map Qt WebEngine"
echo "the window ran; its listener answered $code to an unsigned request and stored it"

step "PASS: $(basename "$deb") installs and runs on a clean Debian 12"
