#!/bin/bash
# SIGINT and SIGTERM stop any command promptly: exit 130 (SIGINT) or 143
# (SIGTERM), nothing on stdout, no temporary directory left, the previous run
# directory byte-identical.  Signals are sent to real runs at several moments
# (no test hook), so they land in different stages: the listing engine's
# network design (GLPK), the simulation (kernel and worker threads), the
# report.  The bound of 4 s per signal is a liveness bound, not a benchmark
# (the library polls within a fraction of a second; the bound leaves room for
# the clean-up on a loaded machine, and stays below the CLI's 5 s safety net,
# which would end the process without its clean-up).
# Usage: signals.sh VARDSIM SOURCE_DIR
. "$2/tests/cli/lib/common.sh"
export SOURCE_DATE_EPOCH=1735689600
. "$SRC/tests/cli/lib/short_scenario.sh"
short_scenario today 1
tree() { (cd "$1" && find . -print0 | sort -z | xargs -0 ls -ld --time-style=+ | cksum; cat $(find . -type f | sort) | cksum); }

# stop PID SIG EXPECTED_RC WHAT: send SIG, wait at most 4 s for the exit,
# check the status.  Returns 1 (and checks nothing) when the command had
# already finished before the signal, or finished in spite of it.
stop() {
    kill -0 "$1" 2>/dev/null || { wait "$1"; return 1; }
    kill -"$2" "$1"
    for _ in $(seq 40); do
        kill -0 "$1" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$1" 2>/dev/null; then
        kill -KILL "$1"
        fail "$4: still running 4 s after SIG$2"
    fi
    wait "$1"
    rc=$?
    # a signal that lands after the command's last check (a run renaming its
    # finished directory into place) lets it finish: exit 0, not counted
    [ $rc -eq 0 ] && return 1
    [ $rc -eq "$3" ] || fail "$4: exit $rc after SIG$2, expected $3"
    return 0
}

"$VS" run "$T/today.yaml" --out "$T/D" >/dev/null 2>"$T/err" || fail "first run: $(cat "$T/err")"
before=$(tree "$T/D")
hit=0
for at in 1 3 6 10; do
    for sig in INT TERM; do
        [ $sig = INT ] && want=130 || want=143
        "$VS" run "$T/today.yaml" --out "$T/D" --force >"$T/out" 2>"$T/err" &
        pid=$!
        sleep $at
        if stop $pid $sig $want "run, SIG$sig after $at s"; then
            hit=$((hit + 1))
            [ ! -s "$T/out" ] || fail "run, SIG$sig after $at s: output on stdout"
            grep -q "interrupted" "$T/err" || fail "run, SIG$sig after $at s: message '$(cat "$T/err")'"
        fi
        if ls -d "$T"/D.tmp-* "$T"/D.old-* >/dev/null 2>&1; then
            fail "run, SIG$sig after $at s: temporary directory left: $(ls "$T")"
        fi
        [ "$(tree "$T/D")" = "$before" ] || fail "run, SIG$sig after $at s: previous run changed"
    done
done
[ $hit -ge 2 ] || fail "the runs finished before the signals: only $hit interrupted"

# other commands, each interrupted after 1 s of real work
other() { # SIG EXPECTED_RC ARGS...
    local sig=$1 want=$2
    shift 2
    "$VS" "$@" >"$T/out" 2>"$T/err" &
    pid=$!
    sleep 1
    stop $pid "$sig" "$want" "$*" || fail "$*: finished within 1 s; make it longer"
    [ ! -s "$T/out" ] || fail "$*: output on stdout after SIG$sig"
}
other INT 130 simulate --replications 4 --threads 2
other TERM 143 simulate --replications 4 --threads 1
other INT 130 site --centre-gp-fte 6
other INT 130 sim mmc --servers 50 --arrival-rate 42.5 --service-rate 1 --patients 100000000 --seed 1 --replications 4 --threads 2
other TERM 143 sim mmc --servers 50 --arrival-rate 42.5 --service-rate 1 --patients 100000000 --seed 1
echo "ok"
