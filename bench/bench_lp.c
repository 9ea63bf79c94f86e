/*
 * bench_lp.c: GLPK against CLP on the listing engine's LP classes, on the
 * shipped default region (1,287 DeSO areas of Stockholm County).
 *
 * Instances (what `vardsim listing --centres FILE` and `vardsim site` solve):
 *   listing300      the listing LP and the extra-GP-FTE LP with 300 stand-in
 *                   care centres (every (n/300)-th area centroid, each with
 *                   population / 2,000 / 300 GP FTE, as bench_listing.c), all
 *                   centres per area (386,100 columns): `listing --centres`
 *                   with 300 centres and default options
 *   listing300k20   the same with the 20 nearest centres per area
 *   site2000        greenfield siting, heuristic path, at 2,000 per GP FTE,
 *                   centres of 10 GP FTE, 20 nearest (`vardsim site --cap 2000
 *                   --centre-gp-fte 10 --heuristic --responsibility none`):
 *                   the listing LPs of the greedy and of the final network
 *   resp300k20      listing300k20 with the greedy area responsibility and its
 *                   bound, the LP relaxation of the responsibility MIP
 *                   (`--responsibility heuristic --k-nearest 20`): class relax
 *                   (by CLP the relaxation is copied out, solved, and its basis
 *                   confirmed by GLPK, all counted)
 *   resp300         the same with all centres per area (386,100 columns)
 *   site1100        greenfield siting MIP at 1,100 per GP FTE, centres of 10 GP
 *                   FTE, 20 nearest, time limit 300 s, gap target 0.5 (so that
 *                   branch-and-cut ends at once): its LP relaxation (class
 *                   relax; strong linking rows, 1,287 candidates) and listing LPs
 * Each run is one call through the public API with policy.lp_solver set; the
 * time per LP class is the wall time inside the two-phase LPs (the trace of
 * listing_int.h), so pairs, greedy and checks are not counted.  Runs are
 * interleaved (GLPK, CLP, GLPK, CLP, ...) and the medians reported, with
 * the objective values of both solvers (they must agree: same optimum).
 *
 * usage: bench_lp [REGION_DIR (default data/stockholm)] [RUNS (default 5)] [INSTANCE]
 *        (INSTANCE: one of the names above; default all)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "listing/listing_int.h"
#include "vardsim/listing.h"
#include "vardsim/vardsim.h"

#define MAXRUNS 50

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* One run of instance `inst` with `solver`: seconds per LP class in t[],
 * objective values in obj[] (listed, resident-km, extra FTE or siting
 * objective).  Returns 0 on success. */
static int run_once(vs_ctx *ctx, const vs_listing_areas *A, const vs_listing_centres *C, int inst,
                    int solver, double t[4], double obj[3])
{
    memset(&vsi_lst_trace, 0, sizeof vsi_lst_trace);
    if (inst != 2 && inst != 5) {
        vs_listing_policy pol;
        vs_listing_policy_init(ctx, &pol);
        pol.k_nearest = inst == 0 || inst == 4 ? 0 : 20;
        pol.responsibility = inst >= 3 ? 2 : 0;
        pol.time_limit_s = 600; /* the relaxation must finish for the comparison */
        pol.lp_solver = solver;
        vs_listing_result *r;
        if (vs_listing_solve(ctx, A, C, &pol, &r))
            return 1;
        obj[0] = r->listed, obj[1] = r->total_person_km, obj[2] = r->extra_gp_fte;
        if (inst >= 3)
            obj[0] = r->resp_bound; /* the relaxation's optimum */
        vs_listing_result_destroy(r);
    } else {
        vs_listing_site_policy sp;
        vs_listing_site_policy_init(ctx, &sp);
        sp.listing.cap_per_gp_fte = inst == 5 ? 1100 : 2000;
        sp.listing.k_nearest = 20;
        sp.listing.responsibility = 0;
        sp.listing.lp_solver = solver;
        sp.listing.time_limit_s = 300;
        sp.listing.mip_gap = 0.5; /* branch-and-cut ends at its start (gap about 25 %) */
        sp.new_centre_gp_fte = 10;
        sp.heuristic_only = inst == 2;
        vs_listing_site_result *r;
        if (vs_listing_site(ctx, A, NULL, NULL, &sp, &r))
            return 1;
        obj[0] = r->n_new, obj[1] = r->objective, obj[2] = inst == 5 ? r->bound
                                                                 : r->listing->total_person_km;
        vs_listing_site_result_destroy(r);
    }
    for (int c = 0; c < 4; c++)
        t[c] = vsi_lst_trace.lp_seconds[c];
    return 0;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "data/stockholm";
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    const char *only = argc > 3 ? argv[3] : NULL;
    if (runs < 1 || runs > MAXRUNS) {
        fprintf(stderr, "bench_lp: RUNS must be 1..%d\n", MAXRUNS);
        return 2;
    }
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_region *reg;
    vs_listing_areas *A;
    vs_listing_centres *C;
    if (vs_region_load(ctx, dir, &reg) || vs_listing_areas_from_region(ctx, reg, &A)) {
        fprintf(stderr, "bench_lp: %s\n", vs_ctx_message(ctx));
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
        C->v[i].max_listed = -1;
        C->v[i].listed = -1;
    }
    printf("region %s: %d areas; %d runs per solver, interleaved; medians of the wall time in "
           "the LPs\n",
           reg->name, A->n, runs);
    printf("%-14s %-8s %10s %10s %8s  %s\n", "instance", "class", "glpk_s", "clp_s", "ratio",
           "objectives glpk | clp");
    const char *names[6] = {"listing300", "listing300k20", "site2000",
                            "resp300k20", "resp300",       "site1100"};
    const char *cls[4] = {"", "listing", "extra", "relax"};
    for (int inst = 0; inst < 6; inst++) {
        if (only && strcmp(only, names[inst]) != 0)
            continue;
        double tg[4][MAXRUNS], tc[4][MAXRUNS], og[3], oc[3];
        for (int k = 0; k < runs; k++) {
            double t[4];
            if (run_once(ctx, A, C, inst, VS_LP_GLPK, t, og))
                goto fail;
            for (int c = 1; c < 4; c++)
                tg[c][k] = t[c];
            if (run_once(ctx, A, C, inst, VS_LP_CLP, t, oc))
                goto fail;
            for (int c = 1; c < 4; c++)
                tc[c][k] = t[c];
        }
        for (int c = (inst == 3 || inst == 4 ? 3 : 1); c < 4; c++) {
            double mg = median(tg[c], runs), mc = median(tc[c], runs);
            if (mg == 0 && mc == 0)
                continue; /* the class did not occur (e.g. nobody unlisted) */
            printf("%-14s %-8s %10.3f %10.3f %8.2f  %.9g %.9g %.9g | %.9g %.9g %.9g\n", names[inst],
                   cls[c], mg, mc, mc > 0 ? mg / mc : NAN, og[0], og[1], og[2], oc[0], oc[1],
                   oc[2]);
        }
        fflush(stdout);
    }
    vs_listing_centres_destroy(C);
    vs_listing_areas_destroy(A);
    vs_region_destroy(reg);
    vs_ctx_destroy(ctx);
    return 0;
fail:
    fprintf(stderr, "bench_lp: %s\n", vs_ctx_message(ctx));
    return 1;
}
