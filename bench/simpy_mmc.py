#!/usr/bin/env python3
"""SimPy 2.3 (Debian python3-simpy, the classic API) version of the M/M/50
benchmark of bench/bench_sim_mmc.c: arrival rate 42.5/day, service rate 1/day,
50 servers, FIFO.  Each patient is a Process that requests the Resource.
Usage: simpy_mmc.py [patients (default 100000)]
Prints patients_per_second and the mean wait (Erlang C: 0.0252880 days)."""
import random
import sys
import time

from SimPy.Simulation import (Process, Resource, activate, hold, initialize, now,
                              release, request, simulate)

LAM, MU, C = 42.5, 1.0, 50


class Patient(Process):
    def visit(self, res, stats):
        t0 = now()
        yield request, self, res
        stats[0] += now() - t0
        stats[1] += 1
        yield hold, self, random.expovariate(MU)
        yield release, self, res


class Source(Process):
    def generate(self, n, res, stats):
        for _ in range(n):
            p = Patient()
            activate(p, p.visit(res, stats))
            yield hold, self, random.expovariate(LAM)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    random.seed(1)
    initialize()
    res = Resource(capacity=C, monitored=False)
    stats = [0.0, 0]
    s = Source()
    activate(s, s.generate(n, res, stats))
    t0 = time.perf_counter()
    simulate(until=1e12)
    dt = time.perf_counter() - t0
    print("model M/M/50 rho=0.85 patients=%d (SimPy %s)" % (n, __import__("SimPy").__version__))
    print("wall_seconds %.3f" % dt)
    print("patients_per_second %.0f" % (n / dt))
    print("mean_wait %.6f" % (stats[0] / max(stats[1], 1)))


if __name__ == "__main__":
    main()
