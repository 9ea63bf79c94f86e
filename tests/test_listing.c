/* Unit tests of the listing engine: the LP, the extra-FTE LP, the
 * responsibility MIP and siting against exhaustive enumeration on small
 * instances; conservation and capacity on every run; bad inputs. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "vardsim/vardsim.h"
#include "vardsim/listing.h"
#include "vt.h"
#include "vt_listing.h"

#define D "tests/data/listing/"

/* Deterministic generator (fixed seed, 64-bit LCG, top bits). */
static uint64_t rng_state = 0x2545F4914F6CDD1DULL;
static double urand(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}
static int irand(int n)
{
    return (int)(urand() * n);
}

/* Conservation and capacity, checked independently of the library. */
static void check_invariants(const vs_listing_areas *A, const vs_listing_centres *C,
                             const vs_listing_result *r)
{
    double tot = 0, km = 0;
    double *la = calloc((size_t)A->n, sizeof *la), *uc = calloc((size_t)C->n, sizeof *uc);
    for (int f = 0; f < r->n_flows; f++) {
        const vs_listing_flow *x = &r->flows[f];
        VT_CHECK(x->residents > 0);
        la[x->area] += x->residents;
        uc[x->centre] += x->residents * A->v[x->area].weight;
        km += x->residents * x->km;
    }
    for (int a = 0; a < A->n; a++) {
        double pop = (double)A->v[a].population;
        VT_NEAR(la[a], r->area_listed[a], 1e-9);
        VT_NEAR(r->area_listed[a] + r->area_unlisted[a], pop, 1e-12);
        VT_CHECK(r->area_unlisted[a] >= 0);
        tot += r->area_listed[a];
    }
    for (int c = 0; c < C->n; c++)
        VT_CHECK(uc[c] <= r->centre_capacity[c] * (1 + 1e-9) + 1e-9);
    VT_NEAR(tot, r->listed, 1e-9);
    VT_NEAR(r->listed + r->unlisted, r->population, 1e-12);
    VT_NEAR(km, r->total_person_km, 1e-9);
    /* listed per GP FTE over the centres with GP FTE, from the flows */
    double lc[16] = {0}, max = -1, sum = 0;
    int n = 0;
    for (int f = 0; f < r->n_flows && C->n <= 16; f++)
        lc[r->flows[f].centre] += r->flows[f].residents;
    for (int c = 0; c < C->n && C->n <= 16; c++)
        if (C->v[c].gp_fte > 0) {
            double v = lc[c] / C->v[c].gp_fte;
            max = v > max ? v : max;
            sum += v;
            n++;
        }
    if (C->n <= 16 && n > 0) {
        VT_NEAR(r->listed_per_gp_max, max, 1e-9);
        VT_NEAR(r->listed_per_gp_mean, sum / n, 1e-9);
    } else if (C->n <= 16) {
        VT_CHECK(isnan(r->listed_per_gp_max) && isnan(r->listed_per_gp_mean));
    }
    free(la);
    free(uc);
}

static void random_points(vs_listing_areas *A, vs_listing_centres *C, int maxpop, double maxfte)
{
    for (int a = 0; a < A->n; a++) {
        snprintf(A->v[a].area_id, sizeof A->v[a].area_id, "a%d", a);
        A->v[a].lat = 59.2 + 0.3 * urand();
        A->v[a].lon = 17.9 + 0.3 * urand();
        A->v[a].population = 1 + irand(maxpop);
    }
    for (int c = 0; c < C->n; c++) {
        snprintf(C->v[c].centre_id, sizeof C->v[c].centre_id, "c%d", c);
        C->v[c].lat = 59.2 + 0.3 * urand();
        C->v[c].lon = 17.9 + 0.3 * urand();
        C->v[c].gp_fte = (double)irand((int)maxfte + 1);
    }
}

/* Exhaustive: every integer split x[a][c] in 0..pop[a] (transport problems with
 * integer data have integral optimal vertices, so the LP optimum is among
 * them).  Lexicographic: most listed, then least km. */
static void brute_listing(const vs_listing_areas *A, const vs_listing_centres *C, double cap,
                          double max_km, double *best_listed, double *best_km)
{
    int na = A->n, nc = C->n, nv = na * nc;
    int x[16] = {0};
    double km[16];
    for (int a = 0; a < na; a++)
        for (int c = 0; c < nc; c++)
            km[a * nc + c] = vs_distance_km(A->v[a].lat, A->v[a].lon, C->v[c].lat, C->v[c].lon);
    *best_listed = -1;
    *best_km = INFINITY;
    for (;;) {
        int ok = 1;
        double listed = 0, k = 0;
        for (int a = 0; a < na && ok; a++) {
            int s = 0;
            for (int c = 0; c < nc; c++) {
                s += x[a * nc + c];
                if (x[a * nc + c] > 0 && km[a * nc + c] > max_km)
                    ok = 0;
                k += x[a * nc + c] * km[a * nc + c];
            }
            if (s > A->v[a].population)
                ok = 0;
            listed += s;
        }
        for (int c = 0; c < nc && ok; c++) {
            double s = 0;
            for (int a = 0; a < na; a++)
                s += x[a * nc + c];
            if (s > C->v[c].gp_fte * cap + 1e-9)
                ok = 0;
        }
        if (ok && (listed > *best_listed || (listed == *best_listed && k < *best_km))) {
            *best_listed = listed;
            *best_km = k;
        }
        int i = 0;
        while (i < nv) {
            if (++x[i] <= A->v[i / nc].population)
                break;
            x[i++] = 0;
        }
        if (i == nv)
            break;
    }
}

static void test_listing_brute(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    for (int trial = 0; trial < 30; trial++) {
        int na = trial % 2 ? 3 : 2, nc = trial % 2 ? 2 : 3;
        vs_listing_areas *A;
        vs_listing_centres *C;
        vs_listing_areas_create(ctx, na, &A);
        vs_listing_centres_create(ctx, nc, &C);
        random_points(A, C, 4, 3);
        vs_listing_policy pol;
        vs_listing_policy_init(ctx, &pol);
        pol.cap_per_gp_fte = 1.0;
        pol.responsibility = 0;
        if (trial % 3 == 0)
            pol.max_km = 12.0;
        double bl, bk;
        brute_listing(A, C, 1.0, pol.max_km, &bl, &bk);
        vs_listing_result *r = NULL;
        vs_status st = vs_listing_solve(ctx, A, C, &pol, &r);
        int any_cap = 0;
        for (int c = 0; c < nc; c++)
            any_cap |= C->v[c].gp_fte > 0;
        if (!any_cap) {
            VT_EQ_INT(st, VS_EINFEASIBLE);
        } else if (st == VS_EINFEASIBLE) {
            VT_CHECK(bl == 0); /* no pair within max_km */
        } else {
            VT_EQ_INT(st, VS_OK);
            if (r) {
                VT_NEAR(r->listed, bl, 1e-9);
                VT_NEAR(r->total_person_km, bk, 1e-7);
                check_invariants(A, C, r);
            }
        }
        vs_listing_result_destroy(r);
        vs_listing_areas_destroy(A);
        vs_listing_centres_destroy(C);
    }
    vs_ctx_destroy(ctx);
}

/* Least extra FTE, by hand: A (10 residents) reaches only C1 (capacity 5),
 * B (10) reaches both; C2 has capacity 20.  5 of A are unlisted; C1 needs 5
 * more listing units = 5 FTE at cap 1. */
static void test_extra_fte(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_listing_areas *A;
    vs_listing_centres *C;
    vs_listing_areas_create(ctx, 2, &A);
    vs_listing_centres_create(ctx, 2, &C);
    A->v[0] = (vs_listing_area){"A", 59.0, 18.0, 10, 1.0};
    A->v[1] = (vs_listing_area){"B", 59.0, 18.2, 10, 1.0};
    C->v[0] = (vs_listing_centre){"C1", "", 59.0, 18.05, 5.0, -1, 0, 0, -1};
    C->v[1] = (vs_listing_centre){"C2", "", 59.0, 18.3, 20.0, -1, 0, 0, -1};
    double dA2 = vs_distance_km(59.0, 18.0, 59.0, 18.3);
    vs_listing_policy pol;
    vs_listing_policy_init(ctx, &pol);
    pol.cap_per_gp_fte = 1.0;
    pol.max_km = 0.5 * (dA2 + vs_distance_km(59.0, 18.2, 59.0, 18.3)); /* A-C2 excluded */
    pol.max_km = fmin(pol.max_km, dA2 - 0.1);
    vs_listing_result *r = NULL;
    VT_EQ_INT(vs_listing_solve(ctx, A, C, &pol, &r), VS_OK);
    if (r) {
        check_invariants(A, C, r);
        VT_NEAR(r->listed, 15, 1e-9);
        VT_NEAR(r->area_unlisted[0], 5, 1e-9);
        VT_NEAR(r->area_unlisted[1], 0, 1e-9);
        VT_EQ_INT(r->extra_solved, 1);
        VT_NEAR(r->extra_gp_fte, 5, 1e-9);
        VT_NEAR(r->centre_extra_gp_fte[0], 5, 1e-9);
        VT_NEAR(r->centre_extra_gp_fte[1], 0, 1e-9);
        VT_NEAR(r->unreachable, 0, 0);
        /* responsibility: A -> C1 (only option), B -> nearest with room */
        VT_EQ_INT(r->area_centre[0], 0);
        VT_CHECK(r->resp_method == VS_RESP_OPTIMAL);
    }
    vs_listing_result_destroy(r);
    vs_listing_areas_destroy(A);
    vs_listing_centres_destroy(C);
    vs_ctx_destroy(ctx);
}

/* Exhaustive area responsibility: all nc^na assignments, least overload
 * (capacity x load factor) first, then least resident-km. */
static void brute_resp(const vs_listing_areas *A, const vs_listing_centres *C, double cap,
                       double *best_o, double *best_km)
{
    int na = A->n, nc = C->n;
    double U = 0, Ctot = 0;
    for (int a = 0; a < na; a++)
        U += (double)A->v[a].population;
    for (int c = 0; c < nc; c++)
        Ctot += C->v[c].gp_fte * cap;
    double s = fmax(1.0, U / Ctot);
    int y[8] = {0};
    *best_o = INFINITY;
    *best_km = INFINITY;
    for (;;) {
        double load[8] = {0}, km = 0, o = 0;
        for (int a = 0; a < na; a++) {
            load[y[a]] += (double)A->v[a].population;
            km += (double)A->v[a].population *
                  vs_distance_km(A->v[a].lat, A->v[a].lon, C->v[y[a]].lat, C->v[y[a]].lon);
        }
        for (int c = 0; c < nc; c++)
            o += fmax(0.0, load[c] - s * C->v[c].gp_fte * cap);
        if (o < *best_o - 1e-9 || (o <= *best_o + 1e-9 && km < *best_km)) {
            if (o < *best_o - 1e-9)
                *best_km = INFINITY;
            *best_o = fmin(o, *best_o);
            if (km < *best_km)
                *best_km = km;
        }
        int i = 0;
        while (i < na) {
            if (++y[i] < nc)
                break;
            y[i++] = 0;
        }
        if (i == na)
            break;
    }
}

static void test_resp_brute(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    int optimal = 0;
    for (int trial = 0; trial < 40; trial++) {
        vs_listing_areas *A;
        vs_listing_centres *C;
        vs_listing_areas_create(ctx, 4, &A);
        vs_listing_centres_create(ctx, 3, &C);
        random_points(A, C, 50, 3);
        if (trial % 4 == 0)
            C->v[0].gp_fte = 0; /* a centre with zero FTE */
        if (C->v[0].gp_fte + C->v[1].gp_fte + C->v[2].gp_fte == 0)
            C->v[1].gp_fte = 1;
        vs_listing_policy pol;
        vs_listing_policy_init(ctx, &pol);
        pol.cap_per_gp_fte = 10.0;
        pol.mip_gap = 0;
        double bo, bk;
        brute_resp(A, C, 10.0, &bo, &bk);
        vs_listing_result *r = NULL;
        VT_EQ_INT(vs_listing_solve(ctx, A, C, &pol, &r), VS_OK);
        if (r) {
            check_invariants(A, C, r);
            VT_CHECK(r->resp_method == VS_RESP_OPTIMAL);
            optimal += r->resp_method == VS_RESP_OPTIMAL;
            VT_NEAR(r->resp_overload, bo, 1e-7);
            VT_NEAR(r->resp_person_km, bk, 1e-7);
            VT_CHECK(r->resp_gap <= 1e-6); /* GLPK bound round-off */
            VT_CHECK(r->resp_heuristic_overload >= bo - 1e-7);
            VT_CHECK(r->resp_heuristic_km >= r->resp_bound - 1e-6 ||
                     r->resp_heuristic_overload > bo + 1e-7);
            for (int a = 0; a < 4; a++)
                VT_CHECK(r->area_centre[a] >= 0 && r->area_centre[a] < 3);
        }
        vs_listing_result_destroy(r);
        /* heuristic only: feasible assignment, overload/km never better than exact */
        pol.responsibility = 2;
        VT_EQ_INT(vs_listing_solve(ctx, A, C, &pol, &r), VS_OK);
        if (r) {
            VT_EQ_INT(r->resp_method, VS_RESP_HEURISTIC);
            VT_CHECK(r->resp_overload >= bo - 1e-7);
            if (fabs(r->resp_overload - bo) <= 1e-7) {
                VT_CHECK(r->resp_person_km >= bk - 1e-6);
                VT_CHECK(r->resp_bound <= bk + 1e-6);
            }
            VT_CHECK(r->resp_gap >= 0);
            VT_CHECK(isnan(r->resp_heuristic_gap) || r->resp_heuristic_gap == r->resp_gap);
        }
        vs_listing_result_destroy(r);
        vs_listing_areas_destroy(A);
        vs_listing_centres_destroy(C);
    }
    VT_EQ_INT(optimal, 40);
    vs_ctx_destroy(ctx);
}

static void test_site_brute(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    for (int trial = 0; trial < 12; trial++) {
        vs_listing_areas *A;
        vs_listing_centres *dummy;
        vs_listing_areas_create(ctx, 3, &A);
        vs_listing_centres_create(ctx, 0, &dummy);
        random_points(A, dummy, 3, 0);
        vs_listing_site_policy sp;
        vs_listing_site_policy_init(ctx, &sp);
        sp.listing.cap_per_gp_fte = 1.0;
        sp.listing.mip_gap = 0;
        sp.listing.responsibility = 0;
        sp.new_centre_gp_fte = trial % 2 ? 3.0 : 100.0; /* capacitated or not */
        sp.max_new = 1 + trial % 3;
        sp.opening_cost_km = trial % 4 < 2 ? 0.0 : 3.0;
        double U = 0;
        for (int a = 0; a < 3; a++)
            U += (double)A->v[a].population;
        int n_min = (int)ceil(U / sp.new_centre_gp_fte - 1e-9);
        double expect = vt_brute_site(A, sp.new_centre_gp_fte, sp.max_new, sp.opening_cost_km);
        vs_listing_site_result *r = NULL;
        vs_status st = vs_listing_site(ctx, A, NULL, NULL, &sp, &r);
        if (n_min > sp.max_new) {
            VT_EQ_INT(st, VS_EINFEASIBLE);
            VT_CHECK(!isfinite(expect));
        } else {
            VT_EQ_INT(st, VS_OK);
            if (r) {
                VT_NEAR(r->objective, expect, 1e-7);
                VT_EQ_INT(r->method, VS_RESP_OPTIMAL);
                /* the bound (LP relaxation, Lagrangian, branch-and-cut) never
                 * exceeds the exact optimum */
                VT_CHECK(r->bound <= expect + 1e-7 * fmax(1.0, expect));
                VT_CHECK(r->n_new <= sp.max_new);
                VT_NEAR(r->listing->unlisted, 0, 1e-9);
                check_invariants(A, r->network, r->listing);
                /* the listing on the designed network is at least as short */
                VT_CHECK(r->listing->total_person_km <=
                         r->objective - sp.opening_cost_km * r->n_new + 1e-6);
                for (int c = 0; c < r->network->n; c++) {
                    VT_CHECK(r->network->v[c].is_new);
                    VT_CHECK(r->network->v[c].gp_fte <= sp.new_centre_gp_fte + 1e-12);
                }
            }
        }
        vs_listing_site_result_destroy(r);
        r = NULL;
        /* heuristic only: feasible (objective >= optimum), a finite
         * Lagrangian bound <= optimum, gap = (objective - bound) / objective */
        sp.heuristic_only = 1;
        st = vs_listing_site(ctx, A, NULL, NULL, &sp, &r);
        if (n_min <= sp.max_new && st == VS_OK && r) {
            VT_EQ_INT(r->method, VS_RESP_HEURISTIC);
            VT_CHECK(r->objective >= expect - 1e-7 * fmax(1.0, expect));
            VT_CHECK(isfinite(r->bound));
            VT_CHECK(r->bound <= expect + 1e-7 * fmax(1.0, expect));
            VT_NEAR(r->gap, r->objective > 0 ? (r->objective - r->bound) / r->objective : 0,
                    1e-12);
            VT_CHECK(r->n_new <= sp.max_new);
            VT_NEAR(r->listing->unlisted, 0, 1e-9);
            check_invariants(A, r->network, r->listing);
        }
        vs_listing_site_result_destroy(r);
        vs_listing_areas_destroy(A);
        vs_listing_centres_destroy(dummy);
    }
    vs_ctx_destroy(ctx);
}

/* Files: the small fixture, with weights; the expected numbers by hand. */
static void test_files(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_listing_areas *A = NULL;
    vs_listing_centres *C = NULL;
    VT_EQ_INT(vs_listing_areas_load(ctx, D "areas4.csv", &A), VS_OK);
    VT_EQ_INT(vs_listing_centres_load(ctx, D "centres3.csv", &C), VS_OK);
    if (!A || !C)
        goto out;
    VT_EQ_INT(A->n, 4);
    VT_EQ_INT(C->n, 3);
    VT_EQ_INT(C->v[0].owner, VS_OWNER_PRIVATE);
    VT_EQ_INT(C->v[2].owner, VS_OWNER_REGION);
    VT_NEAR(C->v[2].max_listed, 400, 0);
    VT_CHECK(C->v[0].max_listed < 0);
    VT_EQ_STR(C->v[1].name, "Söder VC");
    vs_listing_policy pol;
    vs_listing_policy_init(ctx, &pol);
    vs_listing_result *r = NULL;
    VT_EQ_INT(vs_listing_solve(ctx, A, C, &pol, &r), VS_OK);
    if (r) {
        check_invariants(A, C, r);
        /* capacity 1,100 + 1,650 + min(550, 400) = 3,150 < 4,000 residents, and
         * every centre is reachable from every area: 850 unlisted */
        VT_NEAR(r->capacity_units, 3150, 1e-12);
        VT_NEAR(r->listed, 3150, 1e-9);
        VT_NEAR(r->unlisted, 850, 1e-9);
        /* extra: 850 units at 1,100 per FTE; C3's max_listed stays a ceiling
         * on the current FTE only */
        VT_NEAR(r->extra_gp_fte, 850.0 / 1100.0, 1e-9);
    }
    vs_listing_result_destroy(r);
    VT_EQ_INT(vs_listing_areas_weights_load(ctx, A, D "weights4.csv"), VS_OK);
    VT_NEAR(A->v[3].weight, 1.5, 0);
    VT_EQ_INT(vs_listing_solve(ctx, A, C, &pol, &r), VS_OK);
    if (r) {
        check_invariants(A, C, r);
        VT_NEAR(r->units, 1200 * 1.2 + 800 * 0.9 + 1500 * 1.1 + 500 * 1.5, 1e-12);
    }
    vs_listing_result_destroy(r);
    VT_EQ_INT(vs_listing_areas_weights_load(ctx, A, D "weights_unknown.csv"), VS_EINPUT);
    VT_EQ_STR(vs_ctx_message(ctx), D "weights_unknown.csv:4: field area_id: unknown area id 'A9' "
                                     "(not in " D "areas4.csv)");
    vs_listing_costs costs;
    VT_EQ_INT(vs_listing_costs_load(ctx, "data/parameters/gp_workforce.csv", &costs), VS_OK);
    VT_NEAR(costs.annual_cost_per_fte, 86400.0 * 12 * 1.5228, 1e-12);
    VT_NEAR(costs.guideline_per_fte, 1100, 0);
    VT_NEAR(costs.baseline_per_gp, 2000, 0);
    VT_NEAR(costs.coverage_today, 0.30, 0);
out:
    vs_listing_areas_destroy(A);
    vs_listing_centres_destroy(C);
    vs_ctx_destroy(ctx);
}

static void expect_load_error(int centres, const char *path, vs_status want, const char *msg)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_status st;
    if (centres) {
        vs_listing_centres *C = NULL;
        st = vs_listing_centres_load(ctx, path, &C);
        VT_CHECK(C == NULL);
    } else {
        vs_listing_areas *A = NULL;
        st = vs_listing_areas_load(ctx, path, &A);
        VT_CHECK(A == NULL);
    }
    VT_EQ_INT(st, want);
    VT_EQ_STR(vs_ctx_message(ctx), msg);
    vs_ctx_destroy(ctx);
}

static void expect_solve_error(const char *centres, double max_km, vs_status want,
                               const char *msg)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_listing_areas *A = NULL;
    vs_listing_centres *C = NULL;
    vs_listing_areas_load(ctx, D "areas4.csv", &A);
    VT_EQ_INT(vs_listing_centres_load(ctx, centres, &C), VS_OK);
    vs_listing_policy pol;
    vs_listing_policy_init(ctx, &pol);
    pol.max_km = max_km;
    vs_listing_result *r = NULL;
    VT_EQ_INT(vs_listing_solve(ctx, A, C, &pol, &r), want);
    VT_CHECK(r == NULL);
    VT_EQ_STR(vs_ctx_message(ctx), msg);
    vs_listing_areas_destroy(A);
    vs_listing_centres_destroy(C);
    vs_ctx_destroy(ctx);
}

static void test_bad_inputs(void)
{
    expect_load_error(0, D "areas_dup.csv", VS_EINPUT,
                      D "areas_dup.csv:4: field area_id: duplicate area id 'A1' (first on line 2)");
    expect_load_error(1, D "centres_dup.csv", VS_EINPUT,
                      D "centres_dup.csv:4: field centre_id: duplicate id 'C2' (first on line 3)");
    expect_load_error(1, D "centres_negfte.csv", VS_EINPUT,
                      D "centres_negfte.csv:3: field gp_fte: negative GP FTE -1, expected >= 0");
    expect_load_error(1, D "centres_badowner.csv", VS_EINPUT,
                      D "centres_badowner.csv:2: field owner: 'public' is not an operator "
                        "(expected region-run or private)");
    expect_solve_error(D "centres_zero.csv", INFINITY, VS_EINFEASIBLE,
                       D "centres_zero.csv: every care centre has zero capacity (gp_fte 0 or "
                         "max_listed 0): no resident can be listed");
    expect_solve_error(D "centres_far.csv", 50, VS_EINFEASIBLE,
                       "no care centre lies within the maximum distance 50 km of any area "
                       "(nearest pair: area 'A3' to centre 'G1', 390.65 km)");
    /* policy errors */
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_listing_areas *A = NULL;
    vs_listing_centres *C = NULL;
    vs_listing_areas_load(ctx, D "areas4.csv", &A);
    vs_listing_centres_load(ctx, D "centres3.csv", &C);
    vs_listing_policy pol;
    vs_listing_policy_init(ctx, &pol);
    pol.cap_per_gp_fte = 0;
    vs_listing_result *r = NULL;
    VT_EQ_INT(vs_listing_solve(ctx, A, C, &pol, &r), VS_EUSAGE);
    VT_EQ_STR(vs_ctx_message(ctx), "cap per GP FTE 0 must be a positive number");
    /* duplicate ids built in memory */
    vs_listing_policy_init(ctx, &pol);
    snprintf(C->v[2].centre_id, sizeof C->v[2].centre_id, "C1");
    VT_EQ_INT(vs_listing_solve(ctx, A, C, &pol, &r), VS_EINPUT);
    VT_EQ_STR(vs_ctx_message(ctx), D "centres3.csv: field centre_id: duplicate id 'C1' "
                                     "(records 1 and 3)");
    /* siting: too few new centres */
    vs_listing_site_policy sp;
    vs_listing_site_policy_init(ctx, &sp);
    VT_EQ_INT(vs_listing_site(ctx, A, NULL, NULL, &sp, NULL == r ? &(vs_listing_site_result *){0}
                                                                  : NULL),
              VS_EUSAGE);
    sp.new_centre_gp_fte = 1;
    sp.max_new = 2;
    vs_listing_site_result *s = NULL;
    VT_EQ_INT(vs_listing_site(ctx, A, NULL, NULL, &sp, &s), VS_EINFEASIBLE);
    VT_EQ_STR(vs_ctx_message(ctx),
              "4000 listing units exceed the existing capacity 0; with new centres of 1 GP FTE "
              "(1100 units each) at least 4 new centres are needed, but at most 2 are allowed");
    vs_listing_areas_destroy(A);
    vs_listing_centres_destroy(C);
    vs_ctx_destroy(ctx);
}

/* Siting next to existing centres with candidate sites from a file. */
static void test_site_existing(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_listing_areas *A = NULL;
    vs_listing_centres *C = NULL, *S = NULL;
    vs_listing_areas_load(ctx, D "areas4.csv", &A);
    vs_listing_centres_load(ctx, D "centres3.csv", &C);
    VT_EQ_INT(vs_listing_sites_load(ctx, D "sites3.csv", &S), VS_OK);
    vs_listing_site_policy sp;
    vs_listing_site_policy_init(ctx, &sp);
    sp.new_centre_gp_fte = 1.0;
    sp.listing.mip_gap = 0;
    vs_listing_site_result *r = NULL;
    VT_EQ_INT(vs_listing_site(ctx, A, C, S, &sp, &r), VS_OK);
    if (r) {
        /* 850 units short, new centres hold 1,100: one is enough (n_min = K = 1) */
        VT_EQ_INT(r->n_existing, 3);
        VT_EQ_INT(r->n_new, 1);
        VT_NEAR(r->listing->unlisted, 0, 1e-9);
        /* it lists at least the shortfall and at most its 1,100 */
        VT_CHECK(r->new_gp_fte >= 850.0 / 1100.0 - 1e-9 && r->new_gp_fte <= 1.0 + 1e-12);
        check_invariants(A, r->network, r->listing);
        VT_CHECK(r->gap <= 1e-9);
        VT_EQ_INT(r->network->v[3].owner, VS_OWNER_REGION);
    }
    vs_listing_site_result_destroy(r);
    vs_listing_areas_destroy(A);
    vs_listing_centres_destroy(C);
    vs_listing_centres_destroy(S);
    vs_ctx_destroy(ctx);
}

/* The greenfield API for the simulation, on a 4-area test region. */
static void test_greenfield_region(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_region *reg = NULL;
    VT_EQ_INT(vs_region_load(ctx, D "region", &reg), VS_OK);
    for (int k = 0; k < 2 && reg; k++) {
        double per = k ? 2000.0 : 1100.0;
        vs_listing_site_result *r = NULL;
        VT_EQ_INT(vs_listing_design_greenfield(ctx, reg, per, 2.0, INFINITY, 10.0, &r), VS_OK);
        if (!r)
            continue;
        double fte = 0;
        for (int c = 0; c < r->network->n; c++) {
            VT_CHECK(r->network->v[c].is_new);
            VT_CHECK(r->network->v[c].gp_fte > 0 && r->network->v[c].gp_fte <= 2.0 + 1e-12);
            fte += r->network->v[c].gp_fte;
        }
        VT_NEAR(fte, 4000.0 / per, 1e-9);
        VT_NEAR(r->new_gp_fte, 4000.0 / per, 1e-9);
        VT_NEAR(r->listing->unlisted, 0, 1e-9);
        /* each centre is sized to what it lists: listed per GP FTE at the rate */
        VT_NEAR(r->listing->listed_per_gp_max, per, 1e-6 * per);
        VT_NEAR(r->listing->listed_per_gp_mean, per, 1e-6 * per);
        /* shares per area sum to 1 */
        double share[4] = {0};
        for (int f = 0; f < r->listing->n_flows; f++)
            share[r->listing->flows[f].area] +=
                r->listing->flows[f].residents / (double)reg->areas[r->listing->flows[f].area].population;
        for (int a = 0; a < 4; a++) {
            VT_NEAR(share[a], 1.0, 1e-9);
            VT_CHECK(r->listing->area_centre[a] >= 0 && r->listing->area_centre[a] < r->network->n);
        }
        vs_listing_site_result_destroy(r);
    }
    vs_region_destroy(reg);
    vs_ctx_destroy(ctx);
}

int main(void)
{
    test_greenfield_region();
    test_listing_brute();
    test_extra_fte();
    test_resp_brute();
    test_site_brute();
    test_files();
    test_bad_inputs();
    test_site_existing();
    return vt_done();
}
