#!/bin/bash
# bench/flow.sh [BUILD]: the flow model on the default Stockholm region:
# one replication on one thread, then 4 replications on 1 and on 2 threads
# (throughput), with peak memory from GNU time.  Run from the source tree.
set -eu
B="${1:-build}"
T=/usr/bin/time
run() { if [ -x "$T" ]; then "$T" -f "peak RSS %M kB, %e s wall, %U s user" "$B/bench/bench_flow" "$@"; else "$B/bench/bench_flow" "$@"; fi; }
echo "== $(uname -m), $(nproc) cores, $(date -u +%Y-%m-%d)"
run data/stockholm 1 1
run data/stockholm 1 4
run data/stockholm 2 4
