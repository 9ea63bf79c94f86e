#!/usr/bin/env python3
"""scale_summary.py RAW NODES CORES: the tables and the projection of
bench/scale.sh from its raw measurements (docs/scaleout.md).

A row of RAW (tab-separated): workload, config, repetition, wall s,
"maxRSS_kB user_s sys_s" of each rank joined by ";", and rank 0's
VARDSIM_MPI_LOG line of the workload's phase (empty for the plain build).
Medians over the repetitions.  Columns: wall s of the command; its speed-up
against vardsim-mpi on 1 rank and against vardsim --threads 1; wall s of the
phase; CPU s of the command, all ranks; CPU s per unit in the phase; CPU s of
the busiest rank in the phase; max RSS of a rank.  CPU seconds are user + system time (GNU time
per rank; the phase's CLOCK_PROCESS_CPUTIME_ID per rank from the log): on a
shared machine they are what a dedicated core would spend, where wall time
also counts the other users' turns."""
import math
import re
import statistics as st
import sys

# Sweden's and Stockholm County's residents, 31 Dec 2022: the sums of
# data/national/deso_2022.csv (SCB) over all areas and over county 01
SWEDEN, STOCKHOLM, REGIONS, REPLICATIONS = 10521556, 2440027, 21, 1000
LOG = re.compile(r"units of (\d+) bytes on \d+ ranks?, ([0-9.]+) s; per rank "
                 r"\(wall s, cpu s, units\): (.*)")


def parse(path):
    rows = []
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        ranks = [tuple(float(x) for x in r.split()[:3]) for r in f[4].split(";")]
        m = LOG.search(f[5]) if len(f) > 5 else None
        ph = None
        if m:
            per = [tuple(float(x) for x in g.split()) for g in m.group(3).split(";")]
            ph = {"bytes": int(m.group(1)), "wall": float(m.group(2)), "ranks": per}
        rows.append({"wl": f[0], "cfg": f[1], "wall": float(f[3]),
                     "rss": max(r[0] for r in ranks) / 1024,
                     "cpu": sum(r[1] + r[2] for r in ranks), "ph": ph})
    return rows


def med(xs):
    xs = [x for x in xs if x == x]
    return st.median(xs) if xs else float("nan")


def phase_cpu(r):
    return sum(c for _, c, _ in r["ph"]["ranks"]) if r["ph"] else float("nan")


def unit_cpu(r):
    """CPU s per unit in the phase, over all ranks."""
    if not r["ph"]:
        return float("nan")
    return phase_cpu(r) / sum(u for _, _, u in r["ph"]["ranks"])


def max_rank_cpu(r):
    """The phase CPU s of the busiest rank: the phase's wall time on idle cores."""
    return max(c for _, c, _ in r["ph"]["ranks"]) if r["ph"] else float("nan")


def table(rows, wl, what):
    group = lambda c: [r for r in rows if r["wl"] == wl and r["cfg"] == c]
    cfgs = list(dict.fromkeys(r["cfg"] for r in rows if r["wl"] == wl))
    base = med([r["wall"] for r in group("r1")])
    plain = med([r["wall"] for r in group("t1")])
    print(f"\n{what}: medians of {len(group('r1'))} interleaved runs")
    print(f"  {'config':<22}{'wall s':>8}{'x 1 rank':>9}{'x plain':>8}{'phase s':>9}"
          f"{'CPU s':>8}{'CPU s/unit':>11}{'max rank':>9}{'RSS/rank MB':>12}")
    for c in cfgs:
        g = group(c)
        name = (f"vardsim --threads {c[1:]}" if c[0] == "t"
                else f"vardsim-mpi, {c[1:]} rank{'s' if c[1:] != '1' else ''}")
        wall = med([r["wall"] for r in g])
        print(f"  {name:<22}{wall:8.2f}{base / wall:9.2f}{plain / wall:8.2f}"
              f"{med([r['ph']['wall'] if r['ph'] else float('nan') for r in g]):9.2f}"
              f"{med([r['cpu'] for r in g]):8.2f}{med([unit_cpu(r) for r in g]):11.4f}"
              f"{med([max_rank_cpu(r) for r in g]):9.2f}{med([r['rss'] for r in g]):12.1f}")


def projection(rows, nodes, cores):
    u = [r for r in rows if r["wl"] == "unit" and r["cfg"] == "r1" and r["ph"]]
    if not u:
        return
    t_u = med([unit_cpu(r) for r in u])
    t_s = med([r["cpu"] - phase_cpu(r) for r in u])
    w_u = med([r["ph"]["wall"] / sum(n for _, _, n in r["ph"]["ranks"]) for r in u])
    rss = med([r["rss"] for r in u])
    rec = u[0]["ph"]["bytes"]
    print(f"\nfull-year replication (unit, 1 rank, medians of {len(u)}): {t_u:.2f} CPU s per "
          f"replication ({w_u:.2f} s wall here); the rest of the command {t_s:.2f} CPU s; "
          f"max RSS {rss:.0f} MB; record {rec:,} bytes")
    C = nodes * cores
    k = SWEDEN / STOCKHOLM
    per_rank = math.ceil(REPLICATIONS / C)
    work = REPLICATIONS * t_u * k
    T = REGIONS * t_s + per_rank * t_u * k
    print(f"\nprojection: {REGIONS} regions x {REPLICATIONS} replications on {nodes} nodes x "
          f"{cores} cores = {C} ranks of 1 thread; one job per region on all ranks, one "
          f"after another; a region's replication costs t_u x its residents / Stockholm's")
    print(f"  work W = R t_u N_Sweden / N_Stockholm = {REPLICATIONS} x {t_u:.2f} x "
          f"{SWEDEN:,} / {STOCKHOLM:,} = {work:,.0f} core-s = {work / 3600:.1f} core-h")
    print(f"  T = sum over regions of (t_s + ceil(R / C) t_u N_r / N_Stockholm) = {REGIONS} x "
          f"{t_s:.2f} + {per_rank} x {t_u:.2f} x {k:.3f} = {T:.0f} s = {T / 60:.1f} min")
    print(f"  (the units alone on all cores: W / C = {work / C:.0f} s; on one core: "
          f"{(work + REGIONS * t_s) / 3600:.1f} h)")
    mb = rss + REPLICATIONS * rec / 2**20
    print(f"  memory per rank: {rss:.0f} MB + R records of {rec:,} bytes = {mb:.0f} MB; "
          f"{cores} ranks a node: {cores * mb / 1024:.1f} GB")


def main():
    rows = parse(sys.argv[1])
    table(rows, "sim", "simulate replications")
    table(rows, "fc", "forecast Monte Carlo runs")
    projection(rows, int(sys.argv[2]), int(sys.argv[3]))


main()
