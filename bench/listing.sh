#!/bin/bash
# Benchmarks of the listing engine on the default region (see bench/bench_listing.c and
# bench/bench_listing_greenfield.c; results in docs/listing.md).
# usage: bench/listing.sh [BUILD_DIR (default build)] [TIME_LIMIT_S (default 60)]
set -eu
cd "$(dirname "$0")/.."
B="${1:-build}"
echo "machine: $(uname -srm), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores"
echo "load: $(uptime)"
"$B/bench/bench_listing" data/stockholm "${2:-60}"
# greenfield design through the API: heuristic path (time limit 0) and MIP path
"$B/bench/bench_listing_greenfield" data/stockholm "${2:-60}"
for cap in 2000 1100; do
    /usr/bin/time -f "vardsim site --cap $cap --heuristic: wall %e s" \
        "$B/vardsim" site --cap "$cap" --centre-gp-fte 10 --heuristic --responsibility heuristic |
        sed -n 2,3p
done
echo "load: $(uptime)"
