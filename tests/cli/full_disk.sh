#!/bin/bash
# A full disk, for real: `vardsim run` into a small tmpfs (several sizes, so
# that the disk fills at different points: the store, the report, the CSV
# export) must fail with exit status 1 and a message, leave nothing on the
# disk (no OUT, no OUT.tmp-*), and with --force leave the previous run
# untouched.  Needs root and a mountable tmpfs; prints SKIP and passes
# otherwise (tests/fault/test_faults.c injects the same failures in every
# environment).
# Usage: full_disk.sh VARDSIM SOURCE_DIR
set -u
VS=$1
SRC=$2
T=$(mktemp -d)
M=$T/disk
mkdir -p "$M"
cleanup() { umount "$M" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export SOURCE_DATE_EPOCH=1735689600

if [ "$(id -u)" -ne 0 ] || ! mount -t tmpfs -o size=64k tmpfs "$M" 2>/dev/null; then
    echo "SKIP: cannot mount a tmpfs here (needs root)"
    exit 0
fi
umount "$M"

cd "$SRC" || fail "no source dir"
# A clean run first, to know how much it writes.
"$VS" run tests/data/run/small.yaml --out "$T/ref" >/dev/null 2>&1 || fail "reference run failed"
need=$(du -sk "$T/ref" | cut -f1)

for kb in 16 64 128 $((need / 2)) $((need - 8)); do
    [ "$kb" -gt 4 ] || continue
    mount -t tmpfs -o size=${kb}k tmpfs "$M" || fail "mount ${kb}k"
    "$VS" run tests/data/run/small.yaml --out "$M/OUT" >"$T/out" 2>"$T/err"
    rc=$?
    [ $rc -eq 1 ] || fail "${kb}k disk: exit $rc, expected 1 ($(cat "$T/err"))"
    [ -s "$T/err" ] || fail "${kb}k disk: no message"
    left=$(ls -A "$M")
    [ -z "$left" ] || fail "${kb}k disk: left behind: $left"
    umount "$M"
done

# --force over a previous run on a disk too small for a second copy.
mount -t tmpfs -o size=$((need + need / 2))k tmpfs "$M" || fail "mount"
"$VS" run tests/data/run/small.yaml --out "$M/OUT" >/dev/null 2>&1 || fail "first run on the disk"
before=$(cd "$M/OUT" && ls && cat ./* | cksum)
"$VS" run tests/data/run/small.yaml --out "$M/OUT" --force >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 1 ] || fail "--force on a full disk: exit $rc, expected 1"
after=$(cd "$M/OUT" && ls && cat ./* | cksum)
[ "$before" = "$after" ] || fail "--force on a full disk changed the previous run"
[ "$(ls -A "$M")" = "OUT" ] || fail "--force on a full disk left: $(ls -A "$M")"
echo "ok: full disk at $need kB and below"
