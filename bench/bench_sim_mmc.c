/*
 * bench_sim_mmc.c: kernel throughput on M/M/50 at occupancy 0.85 (arrival
 * rate 42.5/day, service rate 1/day), one replication in one thread.
 * Prints patients/s and events/s, and the wait compared with Erlang C.
 * Usage: bench_sim_mmc [patients (default 1e7)] [heap4|pairing]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vardsim/sim.h"

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 10000000L;
    vs_mmc_spec s = {.servers = 50, .arrival_rate = 42.5, .service_rate = 1.0, .capacity = -1,
                     .patients = n, .warmup_days = 0, .seed = 1, .replications = 1,
                     .threads = 1};
    if (argc > 2 && strcmp(argv[2], "pairing") == 0)
        s.event_list = VS_EVENTS_PAIRING;
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_mmc_result r;
    if (vs_sim_mmc(ctx, &s, &r)) {
        fprintf(stderr, "bench_sim_mmc: %s\n", vs_ctx_message(ctx));
        return 1;
    }
    printf("model M/M/50 rho=0.85 patients=%ld list=%s\n", n,
           s.event_list == VS_EVENTS_PAIRING ? "pairing" : "heap4");
    printf("wall_seconds %.3f\n", r.wall_seconds);
    printf("patients_per_second %.0f\n", (double)n / r.wall_seconds);
    printf("events_per_second %.0f\n", (double)r.events / r.wall_seconds);
    printf("mean_wait %.6f exact %.6f\n", r.mean_wait.mean, r.mean_wait.exact);
    vs_ctx_destroy(ctx);
    return 0;
}
