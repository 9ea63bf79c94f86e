#!/bin/bash
# The run directory is checked again when the run moves into place, not
# trusted from the start (audit finding N1: a directory the user made, or
# swapped in, under a running `run` was replaced and deleted, exit 0).
# Usage: run_race.sh VARDSIM SOURCE_DIR
. "$2/tests/cli/lib/common.sh"
. "$SRC/tests/cli/lib/short_scenario.sh"
short_scenario today 1
ARGS=(--network fallback --stages beds)

# start a run that pauses 3 s after its export, wait for the pause
start() { # OUT [--force]
    "$VS" run "$T/today.yaml" --out "$@" "${ARGS[@]}" --test-pause export:3 \
        >"$T/stdout" 2>"$T/stderr" &
    pid=$!
    for _ in $(seq 600); do
        grep -q 'test pause after stage export' "$T/stderr" && return 0
        kill -0 $pid 2>/dev/null || fail "run ended before its pause: $(cat "$T/stderr")"
        sleep 0.1
    done
    fail "run did not reach its pause"
}
no_leftovers() { # OUT
    if ls -d "$1".tmp-* "$1".old-* >/dev/null 2>&1; then fail "leftover beside $1"; fi
}

# 1. no --force, the target appears during the run: left alone, exit 1
start "$T/A"
mkdir "$T/A" && echo "my thesis draft" >"$T/A/thesis.txt"
wait $pid
rc=$?
[ $rc -eq 1 ] || fail "appeared target: exit $rc, expected 1 ($(cat "$T/stderr"))"
grep -q "appeared while the run was writing" "$T/stderr" || fail "message: $(cat "$T/stderr")"
[ "$(cat "$T/A/thesis.txt")" = "my thesis draft" ] || fail "the user's file is gone"
[ "$(ls -A "$T/A")" = "thesis.txt" ] || fail "the user's directory was changed"
no_leftovers "$T/A"

# 2. --force over a complete run that the user moves away and replaces with
#    their own directory during the run: left alone, exit 1; the moved run intact
"$VS" run "$T/today.yaml" --out "$T/B" "${ARGS[@]}" >/dev/null 2>&1 || fail "first run"
start "$T/B" --force
mv "$T/B" "$T/B-backup" && mkdir "$T/B" && echo precious >"$T/B/mine.txt"
wait $pid
rc=$?
[ $rc -eq 1 ] || fail "changed target: exit $rc, expected 1 ($(cat "$T/stderr"))"
grep -q "changed while the run was writing" "$T/stderr" || fail "message: $(cat "$T/stderr")"
[ "$(cat "$T/B/mine.txt")" = precious ] || fail "the user's file is gone"
[ -f "$T/B-backup/results.sqlite" ] || fail "the moved run was touched"
no_leftovers "$T/B"

# 3. --force and the target is still the complete run: replaced as before
rm -rf "$T/B" && mv "$T/B-backup" "$T/B"
start "$T/B" --force
wait $pid || fail "replacing a complete run: exit $? ($(cat "$T/stderr"))"
[ -f "$T/B/results.sqlite" ] && [ -f "$T/B/.vardsim-run" ] || fail "replaced run incomplete"
no_leftovers "$T/B"

# 4. two runs into one new target at once: the second to finish fails
start "$T/C"
"$VS" run "$T/today.yaml" --out "$T/C" "${ARGS[@]}" >/dev/null 2>"$T/err2" || fail "other run"
wait $pid
rc=$?
[ $rc -eq 1 ] || fail "concurrent runs: the second exit $rc, expected 1"
[ -f "$T/C/results.sqlite" ] || fail "the first run's result is gone"
no_leftovers "$T/C"
# paths refused up front (exit 2, nothing computed): a dangling symbolic link,
# a name too long for its temporary directory
ln -s "$T/nowhere" "$T/dang"
"$VS" run "$T/today.yaml" --out "$T/dang" "${ARGS[@]}" >/dev/null 2>"$T/err"
[ $? -eq 2 ] || fail "dangling symlink --out: not exit 2"
grep -q "is a symbolic link" "$T/err" || fail "dangling symlink: $(cat "$T/err")"
[ ! -e "$T/nowhere" ] || fail "dangling symlink: its target was created"
long=$(printf 'x%.0s' $(seq 250))
"$VS" run "$T/today.yaml" --out "$T/$long" "${ARGS[@]}" >/dev/null 2>"$T/err"
[ $? -eq 2 ] || fail "long name: not exit 2"
grep -q "is too long" "$T/err" || fail "long name: $(cat "$T/err")"
echo "run_race: ok"
