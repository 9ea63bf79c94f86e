#!/bin/sh
# Kernel benchmarks and the SimPy comparison, same machine, same run.
# Usage: bench/sim.sh [BUILD_DIR] [PATIENTS_C] [PATIENTS_SIMPY]
#   defaults: build, 10000000, 100000.  Needs python3-simpy (tools/deps.sh --bench).
set -e
B=${1:-build}
NC=${2:-10000000}
NP=${3:-100000}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
DIR=$(dirname "$0")
echo "machine: $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
echo "load: $(uptime | sed 's/.*load average/load average/')"
echo
echo "== pending-event hold test =="
"$B/bench/bench_sim_evq"
echo
echo "== vardsim kernel, M/M/50 at 0.85 =="
"$B/bench/bench_sim_mmc" "$NC" | tee /tmp/vs_bench_c.$$
echo
echo "== SimPy, same model =="
"$PY" "$DIR/simpy_mmc.py" "$NP" | tee /tmp/vs_bench_py.$$
c=$(awk '/^patients_per_second/ {print $2}' /tmp/vs_bench_c.$$)
p=$(awk '/^patients_per_second/ {print $2}' /tmp/vs_bench_py.$$)
rm -f /tmp/vs_bench_c.$$ /tmp/vs_bench_py.$$
echo
awk -v c="$c" -v p="$p" 'BEGIN { printf "ratio vardsim/SimPy patients per second: %.0fx\n", c / p }'
echo "load at the end: $(uptime | sed 's/.*load average/load average/')"
