/* Tests of the fast pieces of the siting heuristic (src/listing/listing_heur.c):
 * the max-flow feasibility check against the listing LP, incrementally as
 * sites open; the Lagrangian bound against exhaustive enumeration; the
 * heuristic path of vs_listing_design_greenfield (time limit 0). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listing/listing_int.h"
#include "vardsim/listing.h"
#include "vt.h"
#include "vt_listing.h"

#define D "tests/data/listing/"

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;
static double urand(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}
static int irand(int n)
{
    return (int)(urand() * n);
}

/* Max-flow in units equals the LP's most listed residents (weights 1), for
 * every prefix of a random opening order, with the flow kept between
 * openings; the flow respects supplies and capacities. */
static void test_flow_vs_lp(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    for (int trial = 0; trial < 25; trial++) {
        int na = 2 + irand(6), ns = 1 + irand(5);
        vs_listing_areas *A;
        vs_listing_centres *C;
        vs_listing_areas_create(ctx, na, &A);
        vs_listing_centres_create(ctx, ns, &C);
        double *lat = calloc((size_t)ns, sizeof *lat), *lon = calloc((size_t)ns, sizeof *lon);
        double *cap = calloc((size_t)ns, sizeof *cap), *u = calloc((size_t)na, sizeof *u);
        unsigned char *open = calloc((size_t)ns, 1);
        for (int a = 0; a < na; a++) {
            snprintf(A->v[a].area_id, sizeof A->v[a].area_id, "a%d", a);
            A->v[a].lat = 59.2 + 0.3 * urand();
            A->v[a].lon = 17.9 + 0.3 * urand();
            A->v[a].population = irand(40);
            u[a] = (double)A->v[a].population;
        }
        for (int s = 0; s < ns; s++) {
            lat[s] = 59.2 + 0.3 * urand();
            lon[s] = 17.9 + 0.3 * urand();
            cap[s] = (double)irand(30) + (trial % 2 ? 0.5 : 0.0);
        }
        double max_km = trial % 3 == 0 ? 12.0 : INFINITY;
        lst_pairs pp;
        VT_EQ_INT(vsi_lst_pairs_build(ctx, A->v, na, lat, lon, ns, max_km, 1.0, trial % 4, &pp),
                  VS_OK);
        lst_flow F;
        VT_EQ_INT(vsi_lst_flow_init(ctx, &F, A, &pp, ns), VS_OK);
        double U = 0;
        for (int a = 0; a < na; a++)
            U += u[a];
        for (int k = 0; k < ns; k++) {
            open[k] = 1; /* open sites 0..k */
            double unrouted = vsi_lst_flow_augment(&F, u, cap, open);
            /* reference: the listing LP on the open sites */
            double *capk = calloc((size_t)ns, sizeof *capk), *x = calloc((size_t)pp.n + 1,
                                                                         sizeof *x);
            for (int s = 0; s < ns; s++)
                capk[s] = open[s] ? cap[s] : 0.0;
            VT_EQ_INT(vsi_lst_transport(ctx, A, capk, ns, &pp, 1.0,
                                        vsi_lst_lp_solver(NULL, LST_LP_LISTING), x),
                      VS_OK);
            double listed = 0;
            for (int p = 0; p < pp.n; p++)
                listed += x[p];
            VT_NEAR(U - unrouted, listed, 1e-9 * fmax(1.0, U));
            /* feasibility of the flow itself */
            double *in = calloc((size_t)ns, sizeof *in);
            for (int a = 0; a < na; a++) {
                double fa = 0;
                for (int p = pp.off[a]; p < pp.off[a + 1]; p++) {
                    VT_CHECK(F.fp[p] >= -1e-12);
                    VT_CHECK(F.fp[p] <= 1e-12 || open[pp.site[p]]);
                    fa += F.fp[p];
                    in[pp.site[p]] += F.fp[p];
                }
                VT_NEAR(fa, F.fin[a], 1e-9);
                VT_CHECK(fa <= u[a] + 1e-9);
            }
            for (int s = 0; s < ns; s++)
                VT_CHECK(in[s] <= cap[s] + 1e-9);
            free(in);
            free(capk);
            free(x);
        }
        vsi_lst_flow_free(&F);
        vsi_lst_pairs_free(&pp);
        free(lat), free(lon), free(cap), free(u), free(open);
        vs_listing_areas_destroy(A);
        vs_listing_centres_destroy(C);
    }
    vs_ctx_destroy(ctx);
}

/* The Lagrangian bound never exceeds the exact optimum (weak duality), from
 * any start and for any number of iterations, including 0 iterations
 * (-INFINITY is then allowed) and 1. */
static void test_lagrangian_valid(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    for (int trial = 0; trial < 24; trial++) {
        int na = 3;
        vs_listing_areas *A;
        vs_listing_areas_create(ctx, na, &A);
        double lat[3], lon[3], capacity[3];
        for (int a = 0; a < na; a++) {
            snprintf(A->v[a].area_id, sizeof A->v[a].area_id, "a%d", a);
            A->v[a].lat = lat[a] = 59.2 + 0.3 * urand();
            A->v[a].lon = lon[a] = 17.9 + 0.3 * urand();
            A->v[a].population = 1 + irand(3);
        }
        double Q = trial % 2 ? 3.0 : 100.0, cost = trial % 4 < 2 ? 0.0 : 3.0;
        int K = 1 + trial % 3;
        for (int s = 0; s < na; s++)
            capacity[s] = Q;
        double opt = vt_brute_site(A, Q, K, cost);
        lst_pairs pp;
        VT_EQ_INT(vsi_lst_pairs_build(ctx, A->v, na, lat, lon, na, INFINITY, 1.0, 0, &pp), VS_OK);
        int iters[] = {1, 5, 300};
        for (int i = 0; i < 3; i++) {
            double b;
            VT_EQ_INT(vsi_lst_site_lagrangian(ctx, A, &pp, 0, na, capacity, cost, K,
                                          trial % 5 ? opt : INFINITY, NULL, iters[i], &b),
                      VS_OK);
            VT_CHECK(isfinite(b));
            if (isfinite(opt))
                VT_CHECK(b <= opt + 1e-9 * fmax(1.0, opt));
        }
        vsi_lst_pairs_free(&pp);
        vs_listing_areas_destroy(A);
    }
    vs_ctx_destroy(ctx);
}

/* An instance whose bound is known: every area its own candidate, no
 * capacity limit, K = number of areas, no opening cost: optimum 0 (each area
 * at its own centroid) and the Lagrangian reaches it exactly. */
static void test_lagrangian_tight(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    int na = 5;
    vs_listing_areas *A;
    vs_listing_areas_create(ctx, na, &A);
    double lat[5], lon[5], capacity[5];
    for (int a = 0; a < na; a++) {
        snprintf(A->v[a].area_id, sizeof A->v[a].area_id, "a%d", a);
        A->v[a].lat = lat[a] = 59.2 + 0.1 * a;
        A->v[a].lon = lon[a] = 18.0;
        A->v[a].population = 10 + a;
        capacity[a] = 1000;
    }
    lst_pairs pp;
    VT_EQ_INT(vsi_lst_pairs_build(ctx, A->v, na, lat, lon, na, INFINITY, 1.0, 0, &pp), VS_OK);
    double b;
    VT_EQ_INT(vsi_lst_site_lagrangian(ctx, A, &pp, 0, na, capacity, 0.0, na, 0.0, NULL, 300, &b),
              VS_OK);
    VT_NEAR(b, 0.0, 1e-9);
    /* K = 1: the optimum is the 1-median; the bound is below it and, as the
     * uncapacitated 1-median LP with strong linking is integral, close */
    double opt = INFINITY;
    for (int j = 0; j < na; j++) {
        double km = 0;
        for (int a = 0; a < na; a++)
            km += (double)A->v[a].population *
                  vs_distance_km(lat[a], lon[a], lat[j], lon[j]);
        opt = fmin(opt, km);
    }
    VT_EQ_INT(vsi_lst_site_lagrangian(ctx, A, &pp, 0, na, capacity, 0.0, 1, opt, NULL, 300, &b),
              VS_OK);
    VT_CHECK(b <= opt + 1e-9 * opt);
    VT_CHECK(b >= 0.99 * opt);
    vsi_lst_pairs_free(&pp);
    vs_listing_areas_destroy(A);
    vs_ctx_destroy(ctx);
}

/* The heuristic path of the greenfield API (time limit 0) on the 4-area test
 * region: everyone listed, FTE = residents / cap, bound <= objective. */
static void test_greenfield_heuristic(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_region *reg = NULL;
    VT_EQ_INT(vs_region_load(ctx, D "region", &reg), VS_OK);
    for (int k = 0; k < 2 && reg; k++) {
        double per = k ? 2000.0 : 1100.0;
        vs_listing_site_result *r = NULL;
        VT_EQ_INT(vs_listing_design_greenfield(ctx, reg, per, 2.0, INFINITY, 0.0, &r), VS_OK);
        if (!r)
            continue;
        VT_EQ_INT(r->method, VS_RESP_HEURISTIC);
        VT_NEAR(r->new_gp_fte, 4000.0 / per, 1e-9);
        VT_NEAR(r->listing->unlisted, 0, 1e-9);
        VT_CHECK(isfinite(r->bound) && r->bound <= r->objective + 1e-9);
        VT_CHECK(r->gap >= 0 && r->gap <= 1);
        VT_EQ_INT(r->listing->resp_method, VS_RESP_HEURISTIC);
        for (int a = 0; a < 4; a++)
            VT_CHECK(r->listing->area_centre[a] >= 0);
        vs_listing_site_result_destroy(r);
    }
    vs_listing_site_result *r = NULL;
    VT_EQ_INT(vs_listing_design_greenfield(ctx, reg, 1100.0, 2.0, INFINITY, NAN, &r), VS_EUSAGE);
    VT_CHECK(r == NULL);
    vs_region_destroy(reg);
    vs_ctx_destroy(ctx);
}

int main(void)
{
    glp_term_out(GLP_OFF);
    test_flow_vs_lp();
    test_lagrangian_valid();
    test_lagrangian_tight();
    test_greenfield_heuristic();
    return vt_done();
}
