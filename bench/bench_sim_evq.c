/*
 * bench_sim_evq.c: the pending-event "hold" benchmark for the kernel's two
 * event lists (4-ary heap, pairing heap).
 *
 * Classic hold model (Jones 1986): fill the list with N events at times
 * U(0, 2), then repeat M times: remove the minimum (time t) and insert a new
 * event at t + U(0, 2), so the list size stays N.  Reported: nanoseconds per
 * hold (one pop + one push) and bytes per pending event (allocated bytes / N
 * after the fill).  Usage: bench_sim_evq [holds_per_size]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sim/evq.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 11;
}

int main(int argc, char **argv)
{
    long holds = argc > 1 ? atol(argv[1]) : 2000000;
    const char *names[2] = {"heap4", "pairing"};
    printf("%-8s %9s %12s %14s\n", "list", "N", "ns_per_hold", "bytes_per_event");
    for (long n = 1000; n <= 1000000; n *= 10) {
        for (int k = 0; k < 2; k++) {
            vsi_evq q;
            vsi_evq_init(&q, k ? VSI_EVQ_PAIRING : VSI_EVQ_HEAP4);
            uint64_t s = 42;
            for (long i = 0; i < n; i++)
                vsi_evq_push(&q, 2.0 * (double)lcg(&s) * 0x1.0p-53, NULL, 0, 0);
            double bytes = (double)vsi_evq_bytes(&q) / (double)n;
            vsi_ev e;
            /* warm the structure (pairing heaps reshape during the first pops) */
            for (long i = 0; i < n && i < holds / 4; i++) {
                vsi_evq_pop(&q, &e);
                vsi_evq_push(&q, e.t + 2.0 * (double)lcg(&s) * 0x1.0p-53, NULL, 0, 0);
            }
            double t0 = now_s();
            double sink = 0;
            for (long i = 0; i < holds; i++) {
                vsi_evq_pop(&q, &e);
                sink += e.t;
                vsi_evq_push(&q, e.t + 2.0 * (double)lcg(&s) * 0x1.0p-53, NULL, 0, 0);
            }
            double dt = now_s() - t0;
            printf("%-8s %9ld %12.1f %14.1f%s\n", names[k], n, 1e9 * dt / (double)holds, bytes,
                   sink < 0 ? "!" : "");
            vsi_evq_free(&q);
        }
    }
    return 0;
}
