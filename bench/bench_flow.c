/*
 * bench_flow.c: one or more replications of a full year of the region
 * patient-flow model (vardsim/flow.h) on a region (default: the embedded
 * Stockholm region), timing the replications separately from the network
 * design.  Usage: bench_flow [REGION_DIR] [THREADS] [REPLICATIONS] [NETWORK] [DAYS]
 * with NETWORK fallback (default) or listing and DAYS the observed days
 * (default: the parameter file's 365).  Run from the source tree
 * (reads data/parameters).  Prints one line per measurement; bench/flow.sh
 * adds the peak memory (GNU time).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vardsim/flow.h"

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "data/stockholm";
    int threads = argc > 2 ? atoi(argv[2]) : 1;
    int reps = argc > 3 ? atoi(argv[3]) : 1;
    const char *net = argc > 4 ? argv[4] : "fallback";
    double days = argc > 5 ? atof(argv[5]) : 0;
    vs_ctx *ctx;
    if (vs_ctx_create(&ctx))
        return 1;
    vs_region *r = NULL;
    vs_flow_params p;
    vs_flow_result *res = NULL;
    vs_status st = vs_region_load(ctx, dir, &r);
    if (!st)
        st = vs_flow_params_init(ctx, "data/parameters", &p);
    if (!st) {
        p.threads = threads;
        p.replications = reps;
        p.network = strcmp(net, "listing") == 0 ? VS_NETWORK_LISTING : VS_NETWORK_FALLBACK;
        if (days > 0)
            p.days = days;
        st = vs_flow_run(ctx, r, &p, &res);
    }
    if (st) {
        fprintf(stderr, "bench_flow: %s\n", vs_ctx_message(ctx));
        return 1;
    }
    double sim_s = res->wall_seconds - res->network_seconds;
    printf("region %s: %lld residents, %d replication(s) of %g days (+%g warm-up) on %d "
           "thread(s), network %s\n",
           r->name, (long long)r->population, reps, p.days, p.warmup_days, threads, net);
    printf("network %.3f s, replications %.3f s (%.3f s per replication, %.3f replications/s), "
           "%.3g events/s\n",
           res->network_seconds, sim_s, sim_s / reps, reps / sim_s, (double)res->events / sim_s);
    printf("patients %.0f per replication, conservation %s, peak bed records %llu, "
           "kernel entities %llu\n",
           res->arrivals.mean, res->conservation_ok ? "ok" : "VIOLATED",
           (unsigned long long)res->peak_bed_records, (unsigned long long)res->peak_entities);
    vs_flow_result_destroy(res);
    vs_region_destroy(r);
    vs_ctx_destroy(ctx);
    return 0;
}
