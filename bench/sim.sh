#!/bin/sh
# Kernel benchmarks and the SimPy comparison, same machine, same run.
# Usage: bench/sim.sh [BUILD_DIR] [PATIENTS_C] [PATIENTS_SIMPY] [ROUNDS]
#   defaults: build, 10000000, 100000, 5.  Needs python3-simpy (tools/deps.sh --bench).
# The two programs run in turn, ROUNDS times (C, SimPy, C, SimPy, ...), so a
# change in the machine's load hits both; the ratio is of the two medians.
set -e
B=${1:-build}
NC=${2:-10000000}
NP=${3:-100000}
R=${4:-5}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
DIR=$(dirname "$0")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
echo "machine: $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
echo "load: $(uptime | sed 's/.*load average/load average/')"
echo
echo "== pending-event hold test =="
"$B/bench/bench_sim_evq"
echo
i=1
while [ "$i" -le "$R" ]; do
    echo "== round $i: vardsim kernel, M/M/50 at 0.85 =="
    "$B/bench/bench_sim_mmc" "$NC" | tee "$T/c.$i"
    echo "== round $i: SimPy, same model =="
    "$PY" "$DIR/simpy_mmc.py" "$NP" | tee "$T/p.$i"
    echo
    i=$((i + 1))
done
c=$(cat "$T"/c.* | awk '/^patients_per_second/ {print $2}' | median)
p=$(cat "$T"/p.* | awk '/^patients_per_second/ {print $2}' | median)
echo "median patients per second over $R rounds: vardsim $c, SimPy $p"
awk -v c="$c" -v p="$p" 'BEGIN { printf "ratio vardsim/SimPy patients per second: %.0fx\n", c / p }'
echo "load at the end: $(uptime | sed 's/.*load average/load average/')"
