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
# threads) or rN (N ranks)
measure() {
    local wl=$1 cfg=$2 rep=$3 a t0 t1 n
    a=$(args "$wl")
    rm -f "$W"/rss.* "$W/err"
    t0=$(date +%s.%N)
    case $cfg in
    t*)
        /usr/bin/time -f %M -o "$W/rss.0" "$VS" $a --threads "${cfg#t}" >/dev/null 2>"$W/err"
        ;;
    r*)
        n=${cfg#r}
        VARDSIM_MPI_LOG=1 mpirun -n "$n" --oversubscribe --bind-to none \
            sh -c 'exec /usr/bin/time -f %M -o "$0.$OMPI_COMM_WORLD_RANK" "$@"' "$W/rss" \
            "$MVS" $a >/dev/null 2>"$W/err"
        ;;
    esac
    t1=$(date +%s.%N)
    local rss phase
    rss=$(cat "$W"/rss.* | tr '\n' ',' | sed 's/,$//')
    # "vardsim-mpi: phase 0 flow: 8 units of ... on 2 ranks, 1.234 s; compute s per
    # rank: 0.61 (4 units) 0.60 (4 units)" -> "1.234|BYTES|0.61/4,0.60/4" (every
    # workload has one phase; the first phase line is kept)
    phase=$(grep -m1 '^vardsim-mpi: phase' "$W/err" |
        sed -E 's/.* units of ([0-9]+) bytes on .* ([0-9.]+) s; compute s per rank: (.*)/\2|\1|\3/; s/ \(([0-9]+) units?\)/\/\1,/g; s/,$//' || true)
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$wl" "$cfg" "$rep" \
        "$(echo "$t1 - $t0" | bc -l)" "$rss" "${phase:-}" >>"$RAW"
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
python3 - "$RAW" "${SCALE_NODES:-16}" "${SCALE_CORES:-32}" "$REPS" <<'EOF'
import math, statistics as st, sys
raw, nodes, cores, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rows = [l.rstrip("\n").split("\t") for l in open(raw)]
def med(xs):
    return st.median(xs) if xs else float("nan")
def group(wl, cfg):
    return [r for r in rows if r[0] == wl and r[1] == cfg]
def phase(r):
    # (phase wall s, [(compute s, units) per rank]) or None
    if len(r) < 6 or not r[5]:
        return None
    tot, _, ranks = r[5].split("|")
    return float(tot), [(float(c), int(u)) for c, u in (x.split("/") for x in ranks.split(","))]
for wl, what in (("sim", "simulate replications"), ("fc", "forecast Monte Carlo runs")):
    cfgs = []
    for r in rows:
        if r[0] == wl and r[1] not in cfgs:
            cfgs.append(r[1])
    base = med([float(r[3]) for r in group(wl, "r1")])
    plain = med([float(r[3]) for r in group(wl, "t1")])
    print(f"\n{what}: medians of {len(group(wl, 'r1'))}; speed-up against vardsim-mpi on 1 "
          f"rank and against vardsim --threads 1")
    print(f"  {'config':<22}{'wall s':>8}{'x 1 rank':>10}{'x plain':>9}{'phase s':>9}"
          f"{'serial s':>10}{'max RSS/rank MB':>17}")
    for c in cfgs:
        g = group(wl, c)
        wall = med([float(r[3]) for r in g])
        rss = med([max(int(x) for x in r[4].split(",")) / 1024 for r in g])
        ph = [phase(r) for r in g]
        ph_s = med([p[0] for p in ph if p])
        name = (f"vardsim --threads {c[1:]}" if c[0] == "t"
                else f"vardsim-mpi, {c[1:]} rank{'s' if c[1:] != '1' else ''}")
        serial = wall - ph_s if ph_s == ph_s else float("nan")
        print(f"  {name:<22}{wall:8.2f}{base / wall:10.2f}{plain / wall:9.2f}{ph_s:9.2f}"
              f"{serial:10.2f}{rss:17.1f}")
# per-unit times: compute seconds / units on each rank, medians
unit = [phase(r) for r in group("unit", "r1")]
unit = [p for p in unit if p]
t_u = med([c / u for p in unit for c, u in p[1] if u])
t_serial = med([float(r[3]) - p[0] for r, p in zip(group("unit", "r1"), unit)])
rss_u = med([int(r[4]) / 1024 for r in group("unit", "r1")])
rec_bytes = int(group("unit", "r1")[0][5].split("|")[1])
for wl in ("sim", "fc"):
    per = [c / u for r in group(wl, "r1") for p in [phase(r)] if p for c, u in p[1] if u]
    print(f"{'' if wl == 'fc' else chr(10)}per-unit time {wl} (1 rank): median {med(per):.4f} s")
print(f"per-unit time of a full-year replication (unit, 1 rank): median {t_u:.3f} s; "
      f"serial part of the command {t_serial:.2f} s; max RSS {rss_u:.0f} MB")
# projection: 21 regions x 1,000 replications; a region's replication costs
# t_u x its population / Stockholm's (events scale with residents), national
# total and Stockholm from data/national/deso_2022.csv (SCB, 31 Dec 2022)
sweden, sthlm, regions, R = 10521556, 2440027, 21, 1000
C = nodes * cores
work = R * t_u * sweden / sthlm
per_job = math.ceil(R / C)
wall_seq = regions * t_serial + per_job * t_u * sweden / sthlm
print(f"\nprojection: {regions} regions x {R} replications on {nodes} nodes x {cores} cores "
      f"= {C} ranks of 1 thread")
print(f"  unit work W = R x t_u x N_Sweden / N_Stockholm = {R} x {t_u:.3f} x "
      f"{sweden} / {sthlm} = {work:,.0f} core-s ({work / 3600:.1f} core-hours)")
print(f"  one job per region on all {C} ranks, one after another:")
print(f"  T = sum over regions (t_serial + ceil(R / C) x t_u x N_r / N_Stockholm)"
      f" = {regions} x {t_serial:.2f} + {per_job} x {t_u:.3f} x {sweden / sthlm:.3f}"
      f" = {wall_seq:.0f} s ({wall_seq / 60:.1f} min)")
print(f"  lower bound W / C = {work / C:.0f} s; on one core W + 21 t_serial = "
      f"{(work + regions * t_serial) / 3600:.1f} h")
print(f"  memory per rank: its RSS ({rss_u:.0f} MB measured on 1 rank) + R records "
      f"(Stockholm {rec_bytes:,} bytes each: {R * rec_bytes / 1e6:.1f} MB)")
EOF
if [ -n "${SCALE_OUT:-}" ]; then echo "raw measurements: $RAW"; fi
