#!/bin/bash
# GLPK against CLP on the listing engine's LP classes (bench/bench_lp.c; results and the
# default solver per class in docs/listing.md).
# usage: bench/lp.sh [BUILD_DIR (default build)] [RUNS (default 5)]
set -eu
cd "$(dirname "$0")/.."
B="${1:-build}"
echo "machine: $(uname -srm), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
echo "GLPK $(dpkg-query -W -f='${Version}' libglpk-dev 2>/dev/null || echo '?'), CLP $(pkg-config --modversion clp 2>/dev/null || echo '?')"
echo "load: $(uptime)"
"$B/bench/bench_lp" data/stockholm "${2:-5}"
echo "load: $(uptime)"
