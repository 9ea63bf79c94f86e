#!/bin/bash
# bench/scale.sh [BUILD] [REPEATS]: speed-up of vardsim-mpi against ranks on
# this machine, memory per rank, measured per-unit times, and a projection
# for 21 regions x 1,000 replications on a cluster (docs/scaleout.md).
#
# Workloads, on the default Stockholm region (the simulation on the fallback
# network, so that the serial part is small and the same in every config):
#   sim   simulate --replications $SCALE_REPS --days $SCALE_DAYS
#   fc    forecast --runs $SCALE_RUNS (the shipped scenario's ranges)
#   unit  simulate --replications 2 (a full year: the per-unit time of the
#         projection), on 1 rank
# Configs: the plain build with --threads 1 and 2 (the alternative: threads
# on one machine) and vardsim-mpi on $SCALE_RANKS ranks of 1 thread.
# Every repetition runs every config once (interleaved); the summary gives
# medians.  Wall time from date, max RSS of every rank from GNU time, the
# phase's compute time per rank from VARDSIM_MPI_LOG.  Nothing is asserted.
# Environment: SCALE_DAYS (60), SCALE_REPS (8), SCALE_RUNS (1000),
# SCALE_RANKS ("1 2 3 4"), SCALE_NODES (16), SCALE_CORES (32), SCALE_OUT
# (a directory for the raw measurements; default a temporary one, removed).
[ -z "${BASH_VERSION:-}" ] && exec bash "$0" "$@"
set -eu
B="${1:-build}"
REPEATS="${2:-3}"
DAYS="${SCALE_DAYS:-60}"
REPS="${SCALE_REPS:-8}"
RUNS="${SCALE_RUNS:-1000}"
RANKS="${SCALE_RANKS:-1 2 3 4}"
VS="$B/vardsim"
MVS="$B/vardsim-mpi"
[ -x "$MVS" ] || cmake --build "$B" --target vardsim_mpi >/dev/null
[ -x /usr/bin/time ] || { echo "scale.sh: GNU time (/usr/bin/time) is needed" >&2; exit 2; }
if [ "$(id -u)" -eq 0 ]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
export OMPI_MCA_btl=self,vader
if [ -n "${SCALE_OUT:-}" ]; then
    W="$SCALE_OUT"
    mkdir -p "$W"
else
    W=$(mktemp -d)
    trap 'rm -rf "$W"' EXIT
fi
RAW="$W/raw.tsv"
: >"$RAW"

args() { # the command of a workload
    case $1 in
    sim) echo "simulate --network fallback --replications $REPS --days $DAYS" ;;
    fc) echo "forecast --runs $RUNS" ;;
    unit) echo "simulate --network fallback --replications 2 --days ${SCALE_UNIT_DAYS:-365}" ;;
    esac
}

# one measurement: workload config repetition; config is t1, t2 (plain
# threads) or rN (N ranks).  A row of raw.tsv: workload, config, repetition,
# wall s, "maxRSS_kB user_s sys_s" of each rank (";" between ranks), and rank
# 0's VARDSIM_MPI_LOG line of the phase (every workload has one phase).
measure() {
    local wl=$1 cfg=$2 rep=$3 a t0 t1 n
    a=$(args "$wl")
    rm -f "$W"/rss.* "$W/err"
    t0=$(date +%s.%N)
    case $cfg in
    t*)
        /usr/bin/time -f '%M %U %S' -o "$W/rss.0" "$VS" $a --threads "${cfg#t}" >/dev/null 2>"$W/err"
        ;;
    r*)
        n=${cfg#r}
        VARDSIM_MPI_LOG=1 mpirun -n "$n" --oversubscribe --bind-to none \
            sh -c 'exec /usr/bin/time -f "%M %U %S" -o "$0.$OMPI_COMM_WORLD_RANK" "$@"' "$W/rss" \
            "$MVS" $a >/dev/null 2>"$W/err"
        ;;
    esac
    t1=$(date +%s.%N)
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$wl" "$cfg" "$rep" "$(awk "BEGIN { print $t1 - $t0 }")" \
        "$(cat "$W"/rss.* | paste -sd ';')" "$(grep -m1 '^vardsim-mpi: phase' "$W/err" || true)" >>"$RAW"
}

echo "== scale.sh: $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "   commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   sim: $(args sim); fc: $(args fc); unit: $(args unit); $REPEATS repetitions, interleaved"
for rep in $(seq 1 "$REPEATS"); do
    for wl in sim fc; do
        for cfg in t1 t2 $(for n in $RANKS; do echo "r$n"; done); do
            measure "$wl" "$cfg" "$rep"
        done
    done
    measure unit r1 "$rep"
done
echo "   load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$(dirname "$0")/scale_summary.py" "$RAW" "${SCALE_NODES:-16}" "${SCALE_CORES:-32}"
if [ -n "${SCALE_OUT:-}" ]; then echo "raw measurements: $RAW"; fi
