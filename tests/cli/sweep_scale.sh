#!/bin/bash
# A sweep's points are work units (issue 18): the same sweep as one whole
# process, as 2 and 3 batch tasks merged (--task/--tasks + vardsim merge), and
# under a real mpirun on 2 and 3 ranks (vardsim-mpi, oversubscribed) gives
# the same sweep.json byte for byte and the same results.sqlite row for row.
# Usage: sweep_scale.sh VARDSIM SOURCE_DIR (vardsim-mpi beside VARDSIM; ctest
# builds it first).  A task run under mpirun spreads its block over the ranks
# and merges with plain tasks.  docs/shards.md, docs/scaleout.md.
. "$2/tests/cli/lib/common.sh"
. "$SRC/tests/cli/lib/mpi.sh"
command -v sqlite3 >/dev/null || fail "sqlite3 not found (tools/deps.sh)"
export SOURCE_DATE_EPOCH=1700000000
cd "$T" || fail "cd"
# three points of closed beds on the policy scenario, short simulations
A=("$SRC/scenarios/policy.yaml" --vary policies.beds.closed_bed_share=0:0.1:0.05
   --days 5 --replications 1 --network fallback --stages beds,flow)
# under ASan, OpenMPI's own start-up allocations would be reported as leaks
# (tests/cli/mpi.sh checks the MPI paths for leaks with suppressions)
mpi() {
    ASAN_OPTIONS="${ASAN_OPTIONS:-}${ASAN_OPTIONS:+:}detect_leaks=0" \
        timeout 300 mpirun --oversubscribe --bind-to none "$@"
}
# the store, with the thread count a run records (it may differ) set aside
dump() {
    cp "$1/results.sqlite" "$T/dump.sqlite" && sqlite3 "$T/dump.sqlite" \
        "UPDATE runs SET threads = 0;" .dump && rm -f "$T/dump.sqlite"
}

"$VS" sweep "${A[@]}" --threads 1 --out W --json >w.json || fail "whole sweep"
n=$(python3 -c 'import json,sys; print(len(json.load(open("w.json"))["points"]))')
[ "$n" = 3 ] || fail "whole sweep: $n points, expected 3"
dump W >w.sql

for N in 2 4; do # 4 > 3 points: a task without a point still merges
    dirs=()
    for ((k = N - 1; k >= 0; k--)); do
        "$VS" sweep "${A[@]}" --threads 2 --task $k --tasks $N --out "S$N-$k" >/dev/null \
            || fail "task $k of $N"
        [ -f "S$N-$k/shard.sqlite" ] || fail "task $k of $N: no shard.sqlite"
        [ ! -e "S$N-$k/results.sqlite" ] || fail "task $k of $N wrote the sweep's own output"
        dirs+=("S$N-$k")
    done
    "$VS" merge "${dirs[@]}" --out "M$N" --json >"m$N.json" || fail "merge of $N tasks"
    cmp -s w.json "m$N.json" || fail "merge of $N tasks: JSON differs from the whole sweep"
    cmp -s w.json "M$N/sweep.json" || fail "merge of $N tasks: sweep.json differs"
    dump "M$N" | cmp -s w.sql - || fail "merge of $N tasks: results.sqlite differs"
done
# a missing task is refused, nothing written
"$VS" merge S4-0 S4-1 S4-3 --out Mbad 2>err && fail "merge with task 2 of 4 missing succeeded"
[ ! -e Mbad ] || fail "a refused merge wrote Mbad"

for N in 2 3; do
    mpi -n $N "$MVS" sweep "${A[@]}" --threads 1 --out "P$N" --json >"p$N.json" \
        || fail "mpirun -n $N sweep"
    cmp -s w.json "p$N.json" || fail "$N ranks: JSON differs from the plain build"
    dump "P$N" | cmp -s w.sql - || fail "$N ranks: results.sqlite differs"
done
# a Slurm array of MPI jobs: task 0's block spread over 2 ranks, task 1 plain
VARDSIM_MPI_LOG=1 mpi -n 2 "$MVS" sweep "${A[@]}" --threads 1 --task 0 --tasks 2 --out X0 \
    >/dev/null 2>xlog || fail "MPI task 0 of 2"
grep -q "phase 0 sweep: 2 units of [0-9]* bytes on 2 ranks" xlog \
    || fail "MPI task 0 of 2: its block not spread over the ranks: $(cat xlog)"
"$VS" sweep "${A[@]}" --task 1 --tasks 2 --out X1 >/dev/null || fail "task 1 of 2"
"$VS" merge X0 X1 --out MX --json >mx.json || fail "merge of an MPI task and a plain one"
cmp -s w.json mx.json || fail "MPI task + plain task merged: JSON differs from the whole sweep"
dump MX | cmp -s w.sql - || fail "MPI task + plain task merged: results.sqlite differs"
[ -z "$(ls -A "$T/tmp")" ] || fail "private rank directories left: $(ls "$T/tmp")"
exit 0
