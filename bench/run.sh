#!/bin/sh
# Run every benchmark: each bench/*.sh script (given the build directory), then
# each compiled bench_* program that has no script of its own.  Timings are
# printed, never asserted.  Usage: bench/run.sh [BUILD_DIR]
set -e
B=${1:-build}
DIR=$(dirname "$0")
echo "machine: $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
for s in "$DIR"/*.sh; do
  [ "$(basename "$s")" = run.sh ] && continue
  echo; echo "######## $(basename "$s")"
  sh "$s" "$B"
done
for p in "$B"/bench/bench_*; do
  n=$(basename "$p")
  covered=0
  for s in "$DIR"/*.sh; do grep -q "$n" "$s" && covered=1; done
  [ $covered = 1 ] && continue
  echo; echo "######## $n"
  "$p"
done
