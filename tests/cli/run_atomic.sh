#!/bin/bash
# The atomic run directory: a run interrupted with SIGTERM removes its
# temporary directory and leaves the earlier run untouched; a run killed with
# SIGKILL may leave DIR.tmp-* behind but never a partial DIR, and the next run
# of the same target removes the stale temporary directory.
# Usage: run_atomic.sh VARDSIM SOURCE_DIR
. "$2/tests/cli/lib/common.sh"
export SOURCE_DATE_EPOCH=1735689600

# The shipped scenarios with a short patient-flow simulation (1 replication
# of 10 days instead of a full year), every policy value as shipped.
. "$SRC/tests/cli/lib/short_scenario.sh"
short_scenario today 1
short_scenario policy 1

digest() { (cd "$1" && cat results.sqlite report.html ./*.csv | cksum); }

# wait until the paused run announces itself on stderr (at most 60 s)
wait_pause() {
    for _ in $(seq 600); do
        grep -q "test pause after stage" "$1" && return 0
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

"$VS" run --network fallback "$T/today.yaml" --out "$T/run" >/dev/null || fail "first run"
[ -f "$T/run/results.sqlite" ] && [ -f "$T/run/report.html" ] || fail "first run incomplete"
before=$(digest "$T/run")

# SIGTERM during the run (paused after the report is written)
"$VS" run --network fallback "$T/policy.yaml" --out "$T/run" --force --test-pause report 2>"$T/err1" &
pid=$!
wait_pause "$T/err1" $pid || fail "run did not reach the pause: $(cat "$T/err1")"
ls -d "$T"/run.tmp-* >/dev/null 2>&1 || fail "no temporary directory while running"
kill -TERM $pid
wait $pid
rc=$?
[ $rc -eq 143 ] || fail "interrupted run exited with $rc, expected 143 (128 + SIGTERM)"
grep -q "run interrupted" "$T/err1" || fail "no interruption message: $(cat "$T/err1")"
if ls -d "$T"/run.tmp-* >/dev/null 2>&1; then fail "temporary directory left after SIGTERM"; fi
[ "$(digest "$T/run")" = "$before" ] || fail "earlier run changed by the interrupted run"

# SIGKILL during the run: the temporary directory may stay, DIR is intact
"$VS" run --network fallback "$T/policy.yaml" --out "$T/run" --force --test-pause export 2>"$T/err2" &
pid=$!
wait_pause "$T/err2" $pid || fail "run did not reach the pause: $(cat "$T/err2")"
kill -KILL $pid
wait $pid 2>/dev/null
n=$(ls -d "$T"/run.tmp-* 2>/dev/null | wc -l)
[ "$n" -eq 1 ] || fail "expected one stale temporary directory after SIGKILL, found $n"
[ "$(digest "$T/run")" = "$before" ] || fail "earlier run changed by the killed run"

# SIGKILL of a first run (no earlier DIR): no DIR appears at all
"$VS" run --network fallback "$T/policy.yaml" --out "$T/fresh" --test-pause region 2>"$T/err3" &
pid=$!
wait_pause "$T/err3" $pid || fail "run did not reach the pause: $(cat "$T/err3")"
kill -KILL $pid
wait $pid 2>/dev/null
[ ! -e "$T/fresh" ] || fail "a killed first run left a partial DIR"

# the next run of the target removes the stale directory and replaces DIR
"$VS" run --network fallback "$T/policy.yaml" --out "$T/run" --force >/dev/null || fail "rerun"
if ls -d "$T"/run.tmp-* "$T"/run.old-* >/dev/null 2>&1; then fail "stale directories not removed"; fi
grep -q '^1,policy,' "$T/run/runs.csv" || fail "DIR not replaced by the new run"

# without --force an existing DIR is refused (exit 2) and untouched
after=$(digest "$T/run")
"$VS" run --network fallback "$T/today.yaml" --out "$T/run" 2>"$T/err4"
[ $? -eq 2 ] || fail "existing DIR without --force: expected exit 2"
grep -q "use --force" "$T/err4" || fail "no --force hint: $(cat "$T/err4")"
[ "$(digest "$T/run")" = "$after" ] || fail "DIR changed by a refused run"
echo "ok"
