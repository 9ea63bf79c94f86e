#!/bin/bash
# Benchmark of the listing engine on the default region (see bench/bench_listing.c).
# usage: bench/listing.sh [BUILD_DIR (default build)] [TIME_LIMIT_S (default 60)]
set -eu
cd "$(dirname "$0")/.."
B="${1:-build}"
echo "machine: $(uname -srm), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
"$B/bench/bench_listing" data/stockholm "${2:-60}"
