#!/bin/bash
# vardsim-mpi under a real mpirun (1, 2 and 3 ranks on this machine,
# oversubscribed, and 2 threads inside each rank) gives the plain build's
# output: simulate --json and forecast --json equal apart from threads, ranks
# and timings; a run directory equal file by file (the store row by row).
# Only rank 0 writes: the other ranks' private directories are gone at the
# end and nothing else appears.  Bad input exits 2 on every rank with one
# message and no hang, also when only rank 0 sees it (an existing --out)
# while the other ranks go on into a phase.  docs/scaleout.md.
# Usage: mpi.sh VARDSIM SOURCE_DIR (vardsim-mpi is found beside VARDSIM;
# ctest builds it first, make mpi builds it by hand).  Never skipped.
. "$2/tests/cli/lib/common.sh"
. "$SRC/tests/cli/lib/mpi.sh" # MVS; OpenMPI as root, shared memory; TMPDIR in $T
command -v python3 >/dev/null || fail "python3 not found (tools/deps.sh)"
export SOURCE_DATE_EPOCH=1700000000 # the run's created_at, the same in both builds
mpi() { # mpi N ARGS...: vardsim-mpi on N ranks, within 200 s
    local n=$1 asan=detect_leaks=0
    shift
    # Under ASan, leaks are checked in the runs marked LEAKS=1 only: that
    # needs full malloc stacks, so that tests/lsan.supp can name OpenMPI's
    # start-up allocations (its libraries have no frame pointers), and those
    # make every MPI start-up about ten times slower.
    [ "${LEAKS:-0}" = 1 ] && asan=fast_unwind_on_malloc=0
    ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}$asan" \
        timeout 200 mpirun -n "$n" --oversubscribe --bind-to none "$MVS" "$@"
}
# JSON without the fields that may differ between builds, keys sorted
strip() {
    python3 -c '
import json, sys
DROP = {"threads", "ranks", "wall_seconds", "network_seconds"}
def walk(v):
    if isinstance(v, dict):
        return {k: walk(x) for k, x in v.items() if k not in DROP}
    if isinstance(v, list):
        return [walk(x) for x in v]
    return v
print(json.dumps(walk(json.load(open(sys.argv[1]))), indent=1, sort_keys=True))
' "$1"
}
no_leftovers() {
    [ -z "$(ls -A "$T/tmp")" ] || fail "$1: private directories left: $(ls "$T/tmp")"
}

# --version and --help name the build
mpi 2 --version >"$T/v" || fail "--version under mpirun"
[ "$(cat "$T/v")" = "vardsim $("$VS" --version | cut -d' ' -f2) (MPI build, 2 ranks)" ] \
    || fail "--version: $(cat "$T/v") (once, naming the MPI build)"
"$MVS" --help | grep -q "MPI build" || fail "--help does not name the MPI build"

# simulate: 5 short replications of the default region (records of 11,872
# bytes), 1..3 ranks, and 2 ranks of 2 threads
sim=(simulate --replications 5 --days 2 --warmup 1 --network fallback --json)
"$VS" "${sim[@]}" >"$T/sim.json" || fail "plain simulate"
strip "$T/sim.json" >"$T/sim.want"
grep -q '"replications": 5' "$T/sim.want" || fail "plain simulate JSON"
for run in "1" "2" "3" "2 --threads 2"; do
    set -- $run
    mpi "$1" "${sim[@]}" ${2:+"$2" "$3"} >"$T/sim.$1.json" 2>"$T/err" \
        || fail "simulate on $run ranks: $(cat "$T/err")"
    strip "$T/sim.$1.json" >"$T/sim.got"
    cmp -s "$T/sim.want" "$T/sim.got" \
        || fail "simulate on $run ranks differs: $(diff "$T/sim.want" "$T/sim.got" | head -5)"
done
no_leftovers simulate

# forecast: 30 Monte Carlo runs
"$VS" forecast --runs 30 --json >"$T/fc.json" || fail "plain forecast"
strip "$T/fc.json" >"$T/fc.want"
for run in "1" "2" "3" "3 --threads 2"; do
    set -- $run
    mpi "$1" forecast --runs 30 --json ${2:+"$2" "$3"} >"$T/fc.$1.json" 2>"$T/err" \
        || fail "forecast on $run ranks: $(cat "$T/err")"
    strip "$T/fc.$1.json" >"$T/fc.got"
    cmp -s "$T/fc.want" "$T/fc.got" \
        || fail "forecast on $run ranks differs: $(diff "$T/fc.want" "$T/fc.got" | head -5)"
done

# run: the small test region, flow (three phases: the scenario's discipline
# and the two others) and forecast, into a run directory; every file equal,
# the store row by row (tools/same_numbers.sh), the default output directory
# (runs/NAME) written by rank 0 only
sed -e "s|region: ../flow/region|region: $SRC/tests/data/flow/region|" \
    -e 's/replications: 2/replications: 5/' "$SRC/tests/data/run/small.yaml" >"$T/s.yaml"
printf 'forecast:\n  runs: 30\n  fertility_scale: [0.96, 1.0]\n' >>"$T/s.yaml"
"$VS" run "$T/s.yaml" --stages flow,forecast --out "$T/plain" >/dev/null || fail "plain run"
[ "$(sqlite3 "$T/plain/results.sqlite" "SELECT count(*) FROM metrics WHERE name LIKE 'flow%'")" -gt 10 ] \
    || fail "plain run has no flow metrics"
same_run() { # same_run DIR: DIR equals the plain run
    local f
    for f in "$T"/plain/*; do
        f=$(basename "$f")
        [ -e "$1/$f" ] || fail "$1: $f missing"
        [ "$f" = results.sqlite ] || cmp -s "$T/plain/$f" "$1/$f" || fail "$1: $f differs"
    done
    [ "$(ls "$1" | wc -l)" = "$(ls "$T/plain" | wc -l)" ] || fail "$1: other files: $(ls "$1")"
    bash "$SRC/tools/same_numbers.sh" --stores "$T/plain/results.sqlite" "$1/results.sqlite" \
        >"$T/same" || fail "$1: store differs: $(grep -A3 DIFFER "$T/same" | head -8)"
}
mpi 3 run "$T/s.yaml" --stages flow,forecast --out "$T/r3" --no-such-option 2>/dev/null >/dev/null
[ $? -eq 2 ] || fail "run with an unknown option: expected exit 2"
mpi 2 run "$T/s.yaml" --stages flow,forecast --out="$T/r2" >/dev/null 2>"$T/err" \
    || fail "run on 2 ranks: $(cat "$T/err")"
same_run "$T/r2"
mkdir "$T/cwd"
(cd "$T/cwd" && LEAKS=1 mpi 3 run "$T/s.yaml" --stages flow,forecast >/dev/null 2>"$T/err") \
    || fail "run on 3 ranks: $(cat "$T/err")"
same_run "$T/cwd/runs/s"
[ "$(ls -A "$T/cwd")" = runs ] && [ "$(ls -A "$T/cwd/runs")" = s ] \
    || fail "run on 3 ranks wrote more than runs/s: $(ls -AR "$T/cwd" | head)"
no_leftovers run

# bad input: exit 2 from every rank, one message, nothing written
mpi 3 simulate --replications 0 >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] || fail "bad --replications under mpirun: exit $rc, expected 2"
[ "$(grep -c '^vardsim simulate: option --replications' "$T/err")" = 1 ] \
    || fail "bad --replications: the message not exactly once: $(cat "$T/err")"
[ ! -s "$T/out" ] || fail "bad --replications: output on stdout"
# an existing --out fails on rank 0 only; ranks 1 and 2 (private --out)
# reach the flow phase, abandon it and return rank 0's status
mkdir "$T/mine" && echo keep >"$T/mine/file"
LEAKS=1 mpi 3 run "$T/s.yaml" --stages flow,forecast --out "$T/mine" >/dev/null 2>"$T/err"
rc=$?
[ $rc -eq 2 ] || fail "existing --out under mpirun: exit $rc, expected 2 ($(cat "$T/err"))"
[ "$(grep -c "^vardsim: " "$T/err")" = 1 ] && grep -q "exists (use --force" "$T/err" \
    || fail "existing --out: the message not exactly once: $(cat "$T/err")"
[ "$(ls -A "$T/mine")" = file ] && [ "$(cat "$T/mine/file")" = keep ] \
    || fail "existing --out: the user's directory changed"
no_leftovers "bad input"
echo "ok"
