/*
 * test_listing_lp.c: the listing engine's LP interface (GLPK and CLP) and its
 * time limits.
 *
 * - An exact small LP with a known optimum, solved and re-solved warm after a
 *   bound change by both solvers: objective, primal values and the duals'
 *   magnitudes exact to 1e-9; infeasible and unbounded LPs reported as such.
 * - Same optimum on the shipped default region (1,287 areas, 60 stand-in
 *   centres, 20 nearest): listed, unlisted, resident-km and extra GP FTE of
 *   GLPK and CLP agree to relative 1e-7, and both pass the invariants
 *   (vs_listing_solve re-checks conservation and capacity).  Area by area
 *   the split may differ (an LP with several optimal vertices), so the test
 *   checks the totals and each solver's own invariants, not the vertex.
 *   The responsibility LP relaxation (bound of the greedy assignment) is the
 *   same with GLPK and with CLP (whose optimal basis GLPK confirms).
 * - Siting (greenfield, MIP with its LP relaxation) on a small instance
 *   gives the same objective and network size with both solvers.
 * - Time limits, without any timing: with a limit of 0 no MIP or LP
 *   relaxation is started (trace: skipped, no timed call), the result is the
 *   heuristic start with status VS_RESP_TIME_LIMIT; with a limit, every call
 *   of a timed phase got the time left as its own limit (timed = limited),
 *   none started after its deadline, and the branch-and-cut callback checked
 *   the deadline.
 */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listing/listing_int.h"
#include "listing/lst_lp.h"
#include "vardsim/listing.h"
#include "vardsim/vardsim.h"
#include "vt.h"

/* max 3x + 2y  s.t.  x + y <= 4,  x + 3y <= 7,  0 <= x <= 3, y >= 0:
 * optimum x = 3, y = 1 (row 2 slack), objective 11, duals of the rows
 * (2, 0) and reduced cost of x 1 (at its upper bound).  Then x <= 2:
 * x = 2, y = 5/3 (row 2 binds, row 1 slack), objective 6 + 10/3, duals
 * (0, 2/3). */
static void test_exact(int solver)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    lst_lp *lp = vsi_lp_create(2, 2);
    VT_CHECK(lp != NULL);
    int row[] = {0, 0, 1, 1};
    int col[] = {0, 1, 0, 1};
    double val[] = {1, 1, 1, 3};
    VT_EQ_INT(vsi_lp_load(lp, 4, row, col, val), 0);
    vsi_lp_set_row(lp, 0, -INFINITY, 4);
    vsi_lp_set_row(lp, 1, -INFINITY, 7);
    vsi_lp_set_col(lp, 0, 0, 3);
    vsi_lp_set_obj(lp, 0, 3);
    vsi_lp_set_obj(lp, 1, 2);
    vsi_lp_set_maximise(lp, 1);
    VT_EQ_INT(vsi_lp_solve(ctx, lp, solver, INFINITY), LST_LP_OPTIMAL);
    VT_NEAR(vsi_lp_obj_value(lp), 11.0, 1e-9);
    VT_NEAR(vsi_lp_x(lp)[0], 3.0, 1e-9);
    VT_NEAR(vsi_lp_x(lp)[1], 1.0, 1e-9);
    VT_NEAR(fabs(vsi_lp_row_dual(lp)[0]), 2.0, 1e-9);
    VT_NEAR(fabs(vsi_lp_row_dual(lp)[1]), 0.0, 1e-9);
    VT_NEAR(fabs(vsi_lp_red_cost(lp)[0]), 1.0, 1e-9);
    vsi_lp_set_col(lp, 0, 0, 2); /* warm re-solve */
    VT_EQ_INT(vsi_lp_solve(ctx, lp, solver, INFINITY), LST_LP_OPTIMAL);
    VT_NEAR(vsi_lp_obj_value(lp), 6.0 + 10.0 / 3.0, 1e-9);
    VT_NEAR(vsi_lp_x(lp)[0], 2.0, 1e-9);
    VT_NEAR(vsi_lp_x(lp)[1], 5.0 / 3.0, 1e-9);
    VT_NEAR(fabs(vsi_lp_row_dual(lp)[0]), 0.0, 1e-9);
    VT_NEAR(fabs(vsi_lp_row_dual(lp)[1]), 2.0 / 3.0, 1e-9);
    /* x + y >= 5 with x <= 2, y <= 2: infeasible */
    vsi_lp_set_row(lp, 0, 5, INFINITY);
    vsi_lp_set_row(lp, 1, -INFINITY, INFINITY);
    vsi_lp_set_col(lp, 1, 0, 2);
    VT_EQ_INT(vsi_lp_solve(ctx, lp, solver, INFINITY), LST_LP_INFEASIBLE);
    vsi_lp_free(lp);
    /* max x, x >= 0 free above: unbounded */
    lp = vsi_lp_create(1, 1);
    int r1[] = {0}, c1[] = {0};
    double v1[] = {1};
    VT_EQ_INT(vsi_lp_load(lp, 1, r1, c1, v1), 0);
    vsi_lp_set_row(lp, 0, 0, INFINITY);
    vsi_lp_set_obj(lp, 0, 1);
    vsi_lp_set_maximise(lp, 1);
    VT_EQ_INT(vsi_lp_solve(ctx, lp, solver, INFINITY), LST_LP_UNBOUNDED);
    vsi_lp_free(lp);
    vs_ctx_destroy(ctx);
}

/* 60 stand-in centres at every (n/60)-th area centroid of the default
 * region, sharing 40 % of the GP FTE needed at the cap (shortage: the extra
 * FTE LP runs). */
static vs_listing_centres *standin_centres(vs_ctx *ctx, const vs_listing_areas *A, int ns)
{
    vs_listing_centres *C;
    if (vs_listing_centres_create(ctx, ns, &C))
        return NULL;
    double pop = 0;
    for (int a = 0; a < A->n; a++)
        pop += (double)A->v[a].population;
    for (int i = 0; i < ns; i++) {
        const vs_listing_area *a = &A->v[(int)((long)i * A->n / ns)];
        snprintf(C->v[i].centre_id, sizeof C->v[i].centre_id, "S%03d", i);
        C->v[i].lat = a->lat;
        C->v[i].lon = a->lon;
        C->v[i].gp_fte = 0.4 * pop / 1100.0 / ns;
        C->v[i].max_listed = -1;
        C->v[i].listed = -1;
    }
    return C;
}

static void test_same_optimum_region(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_region *reg = NULL;
    vs_listing_areas *A = NULL;
    VT_EQ_INT(vs_region_load(ctx, "data/stockholm", &reg), VS_OK);
    if (reg)
        VT_EQ_INT(vs_listing_areas_from_region(ctx, reg, &A), VS_OK);
    vs_listing_centres *C = A ? standin_centres(ctx, A, 60) : NULL;
    VT_CHECK(C != NULL);
    vs_listing_result *r[2] = {NULL, NULL};
    for (int k = 0; k < 2 && C; k++) {
        vs_listing_policy pol;
        vs_listing_policy_init(ctx, &pol);
        pol.k_nearest = 20;
        pol.responsibility = 2; /* greedy with the LP relaxation's bound */
        pol.lp_solver = k ? VS_LP_CLP : VS_LP_GLPK;
        VT_EQ_INT(vs_listing_solve(ctx, A, C, &pol, &r[k]), VS_OK);
    }
    if (r[0] && r[1]) {
        VT_CHECK(r[0]->unlisted > 1000); /* the extra FTE LP ran on a real shortage */
        VT_CHECK(r[0]->extra_solved && r[1]->extra_solved);
        VT_NEAR(r[1]->listed, r[0]->listed, 1e-7);
        VT_NEAR(r[1]->unlisted, r[0]->unlisted, 1e-7 * r[0]->population);
        VT_NEAR(r[1]->total_person_km, r[0]->total_person_km, 1e-7);
        VT_NEAR(r[1]->extra_gp_fte, r[0]->extra_gp_fte, 1e-7);
        /* the responsibility LP relaxation (CLP's basis confirmed by GLPK) */
        VT_CHECK(isfinite(r[0]->resp_bound) && r[0]->resp_bound > 0);
        VT_NEAR(r[1]->resp_bound, r[0]->resp_bound, 1e-7);
        VT_NEAR(r[1]->resp_person_km, r[0]->resp_person_km, 1e-12);
        for (int k = 0; k < 2; k++) { /* each solver's listing is a listing */
            double fte = 0;
            for (int c = 0; c < C->n; c++) {
                VT_CHECK(r[k]->centre_units[c] <= r[k]->centre_capacity[c] * (1 + 1e-9) + 1e-6);
                fte += r[k]->centre_extra_gp_fte[c];
            }
            VT_NEAR(fte, r[k]->extra_gp_fte, 1e-9);
        }
    }
    vs_listing_result_destroy(r[0]);
    vs_listing_result_destroy(r[1]);
    vs_listing_centres_destroy(C);
    vs_listing_areas_destroy(A);
    vs_region_destroy(reg);
    vs_ctx_destroy(ctx);
}

/* Siting (MIP: greedy start, LP relaxation, branch-and-cut) on the test
 * areas: the listing LPs and the relaxation by each solver give the same
 * design. */
static void test_same_optimum_site(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_listing_areas *A = NULL;
    VT_EQ_INT(vs_listing_areas_load(ctx, "tests/data/listing/areas4.csv", &A), VS_OK);
    vs_listing_site_result *r[2] = {NULL, NULL};
    for (int k = 0; k < 2 && A; k++) {
        vs_listing_site_policy sp;
        vs_listing_site_policy_init(ctx, &sp);
        sp.new_centre_gp_fte = 2.0;
        sp.listing.cap_per_gp_fte = 1000;
        sp.max_new = 3;
        sp.listing.lp_solver = k ? VS_LP_CLP : VS_LP_GLPK;
        VT_EQ_INT(vs_listing_site(ctx, A, NULL, NULL, &sp, &r[k]), VS_OK);
    }
    if (r[0] && r[1]) {
        VT_NEAR(r[1]->objective, r[0]->objective, 1e-7);
        VT_NEAR(r[1]->heuristic_objective, r[0]->heuristic_objective, 1e-7);
        VT_EQ_INT(r[1]->n_new, r[0]->n_new);
        VT_NEAR(r[1]->listing->total_person_km, r[0]->listing->total_person_km, 1e-7);
    }
    vs_listing_site_result_destroy(r[0]);
    vs_listing_site_result_destroy(r[1]);
    vs_listing_areas_destroy(A);
    vs_ctx_destroy(ctx);
}

/* An instance whose greedy responsibility has overload (so both MIP phases
 * run): 6 areas, 2 centres of tight capacity. */
static void resp_instance(vs_ctx *ctx, vs_listing_areas **A, vs_listing_centres **C)
{
    vs_listing_areas_create(ctx, 6, A);
    vs_listing_centres_create(ctx, 2, C);
    const int pop[6] = {900, 700, 650, 500, 450, 300};
    for (int a = 0; a < 6; a++) {
        snprintf((*A)->v[a].area_id, sizeof (*A)->v[a].area_id, "A%d", a);
        (*A)->v[a].lat = 59.0 + 0.01 * a;
        (*A)->v[a].lon = 18.0 + 0.013 * (a % 3);
        (*A)->v[a].population = pop[a];
    }
    for (int c = 0; c < 2; c++) {
        snprintf((*C)->v[c].centre_id, sizeof (*C)->v[c].centre_id, "C%d", c);
        (*C)->v[c].lat = 59.0 + 0.05 * c;
        (*C)->v[c].lon = 18.01;
        (*C)->v[c].gp_fte = 1.0;
        (*C)->v[c].max_listed = -1;
        (*C)->v[c].listed = -1;
    }
}

static void test_time_limit_zero(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_listing_areas *A;
    vs_listing_centres *C;
    resp_instance(ctx, &A, &C);
    vs_listing_policy pol;
    vs_listing_policy_init(ctx, &pol);
    pol.cap_per_gp_fte = 1500; /* 3,000 units for 3,500 residents */
    pol.time_limit_s = 0;
    memset(&vsi_lst_trace, 0, sizeof vsi_lst_trace);
    vs_listing_result *r = NULL;
    VT_EQ_INT(vs_listing_solve(ctx, A, C, &pol, &r), VS_OK);
    if (r) {
        VT_EQ_INT(r->resp_method, VS_RESP_TIME_LIMIT);
        VT_CHECK(r->resp_heuristic_overload > 0); /* phase 1 was wanted */
        VT_NEAR(r->resp_person_km, r->resp_heuristic_km, 1e-12);
        VT_NEAR(r->resp_overload, r->resp_heuristic_overload, 1e-12);
        for (int a = 0; a < 6; a++)
            VT_CHECK(r->area_centre[a] >= 0);
    }
    VT_EQ_INT(vsi_lst_trace.timed_calls, 0);   /* nothing started for the MIP phases */
    VT_EQ_INT(vsi_lst_trace.late_calls, 0);
    VT_CHECK(vsi_lst_trace.skipped >= 2);      /* LP relaxations of both phases */
    VT_CHECK(vsi_lst_trace.solver_calls >= 2); /* the listing and extra LPs did run */
    vs_listing_result_destroy(r);

    /* siting with no time: the greedy start, status time limit */
    vs_listing_site_policy sp;
    vs_listing_site_policy_init(ctx, &sp);
    sp.listing.time_limit_s = 0;
    sp.listing.cap_per_gp_fte = 1000;
    sp.new_centre_gp_fte = 1.0;
    sp.listing.responsibility = 2;
    memset(&vsi_lst_trace, 0, sizeof vsi_lst_trace);
    vs_listing_site_result *s = NULL;
    VT_EQ_INT(vs_listing_site(ctx, A, NULL, NULL, &sp, &s), VS_OK);
    if (s) {
        VT_EQ_INT(s->method, VS_RESP_TIME_LIMIT);
        VT_NEAR(s->objective, s->heuristic_objective, 1e-12);
        VT_CHECK(s->bound <= s->objective);
    }
    VT_EQ_INT(vsi_lst_trace.timed_calls, 0);
    VT_EQ_INT(vsi_lst_trace.late_calls, 0);
    VT_CHECK(vsi_lst_trace.skipped >= 1);
    vs_listing_site_result_destroy(s);
    vs_listing_centres_destroy(C);
    vs_listing_areas_destroy(A);
    vs_ctx_destroy(ctx);
}

/* With a limit every timed call carries it and the callback watches it. */
static void test_time_limit_passed_on(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_listing_areas *A;
    vs_listing_centres *C;
    resp_instance(ctx, &A, &C);
    vs_listing_policy pol;
    vs_listing_policy_init(ctx, &pol);
    pol.cap_per_gp_fte = 1500;
    pol.time_limit_s = 600;
    memset(&vsi_lst_trace, 0, sizeof vsi_lst_trace);
    vs_listing_result *r = NULL;
    VT_EQ_INT(vs_listing_solve(ctx, A, C, &pol, &r), VS_OK);
    if (r) {
        VT_EQ_INT(r->resp_method, VS_RESP_OPTIMAL);
        VT_CHECK(r->resp_person_km <= r->resp_heuristic_km + 1e-9 ||
                 r->resp_overload < r->resp_heuristic_overload);
    }
    VT_CHECK(vsi_lst_trace.timed_calls >= 3); /* 2 LP relaxations and at least 1 search */
    VT_EQ_INT(vsi_lst_trace.limited_calls, vsi_lst_trace.timed_calls);
    VT_EQ_INT(vsi_lst_trace.late_calls, 0);
    VT_EQ_INT(vsi_lst_trace.skipped, 0);
    VT_CHECK(vsi_lst_trace.checks > 0);
    vs_listing_result_destroy(r);

    vs_listing_site_policy sp;
    vs_listing_site_policy_init(ctx, &sp);
    sp.listing.time_limit_s = 600;
    sp.listing.cap_per_gp_fte = 1000;
    sp.new_centre_gp_fte = 1.0;
    sp.listing.responsibility = 0;
    memset(&vsi_lst_trace, 0, sizeof vsi_lst_trace);
    vs_listing_site_result *s = NULL;
    VT_EQ_INT(vs_listing_site(ctx, A, NULL, NULL, &sp, &s), VS_OK);
    if (s)
        VT_EQ_INT(s->method, VS_RESP_OPTIMAL);
    VT_CHECK(vsi_lst_trace.timed_calls >= 2);
    VT_EQ_INT(vsi_lst_trace.limited_calls, vsi_lst_trace.timed_calls);
    VT_EQ_INT(vsi_lst_trace.late_calls, 0);
    VT_CHECK(vsi_lst_trace.checks > 0);
    vs_listing_site_result_destroy(s);
    vs_listing_centres_destroy(C);
    vs_listing_areas_destroy(A);
    vs_ctx_destroy(ctx);
}

static void test_bad_solver(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_listing_areas *A;
    vs_listing_centres *C;
    resp_instance(ctx, &A, &C);
    vs_listing_policy pol;
    vs_listing_policy_init(ctx, &pol);
    VT_EQ_INT(pol.lp_solver, VS_LP_AUTO);
    pol.lp_solver = 7;
    vs_listing_result *r = NULL;
    VT_EQ_INT(vs_listing_solve(ctx, A, C, &pol, &r), VS_EUSAGE);
    VT_CHECK(strstr(vs_ctx_message(ctx), "LP solver 7") != NULL);
    pol.lp_solver = VS_LP_AUTO;
    pol.time_limit_s = -1;
    VT_EQ_INT(vs_listing_solve(ctx, A, C, &pol, &r), VS_EUSAGE);
    VT_CHECK(r == NULL);
    vs_listing_centres_destroy(C);
    vs_listing_areas_destroy(A);
    vs_ctx_destroy(ctx);
}

/* An interrupt flag raised before the solve stops it with VS_EINTERRUPTED
 * with either solver (CLP is checked before, between chunks and after). */
static void test_interrupted(void)
{
    for (int k = 0; k < 2; k++) {
        vs_ctx *ctx;
        vs_ctx_create(&ctx);
        vs_listing_areas *A;
        vs_listing_centres *C;
        resp_instance(ctx, &A, &C);
        vs_listing_policy pol;
        vs_listing_policy_init(ctx, &pol);
        pol.lp_solver = k ? VS_LP_CLP : VS_LP_GLPK;
        static volatile sig_atomic_t flag = 1;
        vs_ctx_set_interrupt(ctx, &flag);
        vs_listing_result *r = NULL;
        VT_EQ_INT(vs_listing_solve(ctx, A, C, &pol, &r), VS_EINTERRUPTED);
        VT_CHECK(r == NULL);
        vs_listing_centres_destroy(C);
        vs_listing_areas_destroy(A);
        vs_ctx_destroy(ctx);
    }
}

int main(void)
{
    test_exact(VS_LP_GLPK);
    test_exact(VS_LP_CLP);
    test_same_optimum_region();
    test_same_optimum_site();
    test_time_limit_zero();
    test_time_limit_passed_on();
    test_bad_solver();
    test_interrupted();
    return vt_done();
}
