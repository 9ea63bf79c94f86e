/*
 * bench_listing.c: the listing engine on the default region (1,287 DeSO
 * areas of Stockholm County) with 300 care-centre sites.
 *
 * The default region ships no list of care centres, so the 300 sites are
 * the centroids of every (1287/300)-th area in file order (area index
 * floor(i * n / 300), i = 0..299): a reproducible stand-in, not real
 * centres.  Each gets an equal share of today's GP supply at the baseline
 * of 2,000 residents per GP FTE (population / 2,000 / 300 FTE), so that at
 * the cap of 1,100 capacity is short, as it is today.
 *
 * Runs: listing LP with all 300 centres per area and with the 20 nearest;
 * area responsibility MIP (20 nearest) with a time limit; greedy
 * heuristic only; siting (greenfield, the 300 sites as candidates, centres of
 * 10 GP FTE at 1,100, 20 nearest).  Prints wall time, objective, bound, gap.
 *
 * usage: bench_listing [REGION_DIR (default data/stockholm, run from the source tree)]
 *                      [TIME_LIMIT_S (default 60)]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
           : m == VS_RESP_HEURISTIC  ? "heuristic"
                                     : "none";
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "data/stockholm";
    double tl = argc > 2 ? atof(argv[2]) : 60.0;
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_region *reg;
    vs_listing_areas *A;
    vs_listing_centres *C;
    if (vs_region_load(ctx, dir, &reg) || vs_listing_areas_from_region(ctx, reg, &A)) {
        fprintf(stderr, "bench_listing: %s\n", vs_ctx_message(ctx));
        return 1;
    }
    const int ns = 300;
    vs_listing_centres_create(ctx, ns, &C);
    for (int i = 0; i < ns; i++) {
        const vs_listing_area *a = &A->v[(int)((long)i * A->n / ns)];
        snprintf(C->v[i].centre_id, sizeof C->v[i].centre_id, "S%03d", i);
        C->v[i].lat = a->lat;
        C->v[i].lon = a->lon;
        C->v[i].gp_fte = (double)reg->population / 2000.0 / ns;
    }
    printf("region %s: %d areas, %lld residents; %d sites, %.3f GP FTE each\n", reg->name, A->n,
           (long long)reg->population, ns, C->v[0].gp_fte);
    vs_listing_policy pol;
    vs_listing_policy_init(ctx, &pol);
    pol.time_limit_s = tl;
    pol.responsibility = 0;
    pol.extra_fte = 1;
    for (int k = 0; k <= 20; k += 20) {
        pol.k_nearest = k;
        vs_listing_result *r;
        double t0 = now();
        if (vs_listing_solve(ctx, A, C, &pol, &r)) {
            fprintf(stderr, "bench_listing: %s\n", vs_ctx_message(ctx));
            return 1;
        }
        printf("listing LP + extra-FTE LP, k_nearest %3d: %.2f s; listed %.0f, unlisted %.0f, "
               "resident-km %.0f, extra GP FTE %.2f\n",
               k, now() - t0, r->listed, r->unlisted, r->total_person_km, r->extra_gp_fte);
        vs_listing_result_destroy(r);
    }
    for (int mode = 1; mode <= 2; mode++) {
        pol.k_nearest = 20;
        pol.extra_fte = 0;
        pol.responsibility = mode;
        vs_listing_result *r;
        double t0 = now();
        if (vs_listing_solve(ctx, A, C, &pol, &r)) {
            fprintf(stderr, "bench_listing: %s\n", vs_ctx_message(ctx));
            return 1;
        }
        printf("responsibility %s, k_nearest 20, limit %g s/phase: %.2f s total (MIP part "
               "%.2f s); %s; overload %.0f; resident-km %.0f, bound %.0f, gap %.4f %%; "
               "heuristic resident-km %.0f (overload %.0f), gap %.4f %%\n",
               mode == 1 ? "MIP" : "heuristic", tl, now() - t0, r->resp_seconds,
               method_name(r->resp_method), r->resp_overload, r->resp_person_km, r->resp_bound,
               100 * r->resp_gap, r->resp_heuristic_km, r->resp_heuristic_overload,
               100 * r->resp_heuristic_gap);
        vs_listing_result_destroy(r);
    }
    vs_listing_site_policy sp;
    vs_listing_site_policy_init(ctx, &sp);
    sp.listing.time_limit_s = tl;
    sp.listing.k_nearest = 20;
    sp.listing.responsibility = 0;
    sp.new_centre_gp_fte = 10;
    vs_listing_site_result *s;
    double t0 = now();
    if (vs_listing_site(ctx, A, NULL, C, &sp, &s)) {
        fprintf(stderr, "bench_listing: %s\n", vs_ctx_message(ctx));
        return 1;
    }
    printf("siting (greenfield, 300 candidates, 10 GP FTE each, k 20, limit %g s): %.2f s total "
           "(MIP %.2f s); %s; %d centres, %.1f GP FTE; resident-km %.0f, bound %.0f, gap %.4f %%; "
           "greedy start %.0f, gap %.4f %%\n",
           tl, now() - t0, s->seconds, method_name(s->method), s->n_new, s->new_gp_fte,
           s->objective, s->bound, 100 * s->gap, s->heuristic_objective,
           100 * s->heuristic_gap);
    vs_listing_site_result_destroy(s);
    vs_listing_centres_destroy(C);
    vs_listing_areas_destroy(A);
    vs_region_destroy(reg);
    vs_ctx_destroy(ctx);
    return 0;
}
