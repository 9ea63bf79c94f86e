/*
 * bench_listing_greenfield.c: vs_listing_design_greenfield on the default
 * region (1,287 areas, all area centroids as candidate sites, 20 nearest),
 * at 2,000 and 1,100 residents per GP FTE, centres of at most 10 GP FTE, no
 * distance limit: the heuristic path (time limit 0) and the MIP path with a
 * wall-clock limit.  Prints wall time, centres, GP FTE, objective, bound and
 * gap of the siting, and the responsibility gap.
 *
 * usage: bench_listing_greenfield [REGION_DIR (default data/stockholm)]
 *                                 [MIP_TIME_LIMIT_S (default 20; 0 skips the MIP runs)]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "vardsim/vardsim.h"
#include "vardsim/listing.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static const char *method_name(int m)
{
    return m == VS_RESP_OPTIMAL      ? "optimal"
           : m == VS_RESP_TIME_LIMIT ? "time limit"
                                     : "heuristic";
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "data/stockholm";
    double tl = argc > 2 ? atof(argv[2]) : 20.0;
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_region *reg;
    if (vs_region_load(ctx, dir, &reg)) {
        fprintf(stderr, "bench_listing_greenfield: %s\n", vs_ctx_message(ctx));
        return 1;
    }
    printf("region %s: %d areas, %lld residents; greenfield, centres <= 10 GP FTE, 20 nearest\n",
           reg->name, reg->n_areas, (long long)reg->population);
    const double caps[2] = {2000, 1100};
    for (int mip = 0; mip <= (tl > 0); mip++)
        for (int i = 0; i < 2; i++) {
            vs_listing_site_result *r;
            double t0 = now();
            if (vs_listing_design_greenfield(ctx, reg, caps[i], 10.0, INFINITY, mip ? tl : 0.0,
                                             &r)) {
                fprintf(stderr, "bench_listing_greenfield: %s\n", vs_ctx_message(ctx));
                return 1;
            }
            double t = now() - t0;
            printf("%s cap %4.0f: %6.2f s wall (siting MIP part %.2f s); %d centres, %.1f GP FTE; "
                   "siting %s: objective %.0f resident-km, bound %.0f, gap %.2f %%; listing "
                   "%.0f resident-km; responsibility %s gap %.2f %%\n",
                   mip ? "MIP      " : "heuristic", caps[i], t, r->seconds, r->n_new,
                   r->new_gp_fte, method_name(r->method), r->objective, r->bound, 100 * r->gap,
                   r->listing->total_person_km, method_name(r->listing->resp_method),
                   100 * r->listing->resp_gap);
            fflush(stdout);
            vs_listing_site_result_destroy(r);
        }
    vs_region_destroy(reg);
    vs_ctx_destroy(ctx);
    return 0;
}
