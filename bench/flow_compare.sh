#!/bin/bash
# bench/flow_compare.sh OLD_BENCH_FLOW NEW_BENCH_FLOW [ROUNDS] [DAYS]: one
# replication of the default region (fallback network, 1 thread) with two
# builds of bench_flow, interleaved (old, new, old, new, ...) so that both
# see the same load on this shared machine; prints each run and the medians
# of the replication's wall time and of the process's user CPU time, with
# the peak RSS.  Run from the source tree.  Keep a copy of the old binary
# (bench_flow is linked statically): cp build/bench/bench_flow /tmp/old.
set -eu
OLD=$1 NEW=$2 N=${3:-5} DAYS=${4:-365}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
one() { # one LABEL BIN: append "rep_s user_s rss_kb" to $T/LABEL
    /usr/bin/time -o "$T/time" -f "%U %M" "$2" data/stockholm 1 1 fallback "$DAYS" > "$T/out"
    rep=$(sed -n 's/.*replications \([0-9.]*\) s (.*/\1/p' "$T/out")
    read -r user rss < "$T/time"
    echo "$1 replication ${rep} s, user ${user} s, peak RSS ${rss} kB, load $(cut -d' ' -f1 /proc/loadavg)"
    echo "$rep $user $rss" >> "$T/$1"
}
med() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
echo "== $(uname -m), $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), $N rounds, $DAYS days"
for i in $(seq "$N"); do one old "$OLD"; one new "$NEW"; done
for l in old new; do
    printf '%s: median replication %s s, median user %s s, median peak RSS %s kB\n' "$l" \
        "$(cut -d' ' -f1 "$T/$l" | med)" "$(cut -d' ' -f2 "$T/$l" | med)" "$(cut -d' ' -f3 "$T/$l" | med)"
done
