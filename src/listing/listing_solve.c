/*
 * listing_solve.c: the listing LP and the least-extra-GP-FTE LP.
 *
 * Listing (two phases on one GLPK problem, the second warm-started from the
 * first):
 *   x[p] >= 0 residents of area a(p) listed at centre c(p), for the pairs p
 *   within max_km (and among the K nearest when k_nearest > 0);
 *   sum_{p: a(p)=a} x[p]            <= pop[a]          (area rows)
 *   sum_{p: c(p)=c} w[a(p)] x[p]    <= cap_c           (centre rows)
 *   phase 1: maximise L = sum_p x[p];
 *   phase 2: add sum_p x[p] >= L* (1 - 1e-9), minimise sum_p km[p] x[p].
 * cap_c = gp_fte[c] x cap_per_gp_fte, or max_listed[c] when smaller.
 *
 * Least extra GP FTE (only when someone reachable is unlisted):
 *   sum_{p: a(p)=a} x[p] = pop[a] for every area with a pair,
 *   sum_{p: c(p)=c} w x[p] - cap_per_gp_fte e[c] <= cap_c, e >= 0;
 *   phase 1 minimise E = sum_c e[c]; phase 2 fix E <= E*(1+1e-9), minimise km.
 *
 * Every result is checked: per area listed + unlisted = population with
 * listed in [0, pop], per centre listed units <= capacity, within 1e-6
 * relative; a violation is reported as VS_ENUMERIC, never returned.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "listing_int.h"
#include "lst_lp.h"

void vs_listing_result_destroy(vs_listing_result *r)
{
    if (!r)
        return;
    free(r->area_listed);
    free(r->area_unlisted);
    free(r->area_reachable);
    free(r->centre_listed);
    free(r->centre_units);
    free(r->centre_capacity);
    free(r->centre_areas);
    free(r->flows);
    free(r->centre_extra_gp_fte);
    free(r->area_centre);
    free(r->area_km);
    free(r->centre_resp_units);
    free(r->centre_resp_capacity);
    free(r);
}

static vs_listing_result *result_alloc(int na, int nc)
{
    vs_listing_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->n_areas = na;
    r->n_centres = nc;
    size_t a = (size_t)na, c = (size_t)nc;
    r->area_listed = vsi_lst_calloc(a, sizeof(double));
    r->area_unlisted = vsi_lst_calloc(a, sizeof(double));
    r->area_reachable = vsi_lst_calloc(a, sizeof(int));
    r->centre_listed = vsi_lst_calloc(c, sizeof(double));
    r->centre_units = vsi_lst_calloc(c, sizeof(double));
    r->centre_capacity = vsi_lst_calloc(c, sizeof(double));
    r->centre_areas = vsi_lst_calloc(c, sizeof(int));
    r->centre_extra_gp_fte = vsi_lst_calloc(c, sizeof(double));
    r->area_centre = vsi_lst_calloc(a, sizeof(int));
    r->area_km = vsi_lst_calloc(a, sizeof(double));
    r->centre_resp_units = vsi_lst_calloc(c, sizeof(double));
    r->centre_resp_capacity = vsi_lst_calloc(c, sizeof(double));
    if (!r->area_listed || !r->area_unlisted || !r->area_reachable || !r->centre_listed ||
        !r->centre_units || !r->centre_capacity || !r->centre_areas || !r->centre_extra_gp_fte ||
        !r->area_centre || !r->area_km || !r->centre_resp_units || !r->centre_resp_capacity) {
        vs_listing_result_destroy(r);
        return NULL;
    }
    for (int i = 0; i < na; i++) {
        r->area_centre[i] = -1;
        r->area_km[i] = NAN;
    }
    return r;
}

/* The solver of a problem class: the policy's choice, or by default the
 * faster one on the benchmark (bench/bench_lp.c, docs/listing.md). */
int vsi_lst_lp_solver(const vs_listing_policy *pol, int lp_class)
{
    if (pol && (pol->lp_solver == VS_LP_GLPK || pol->lp_solver == VS_LP_CLP))
        return pol->lp_solver;
    return lp_class == LST_LP_LISTING ? LST_DEFAULT_LISTING
           : lp_class == LST_LP_EXTRA ? LST_DEFAULT_EXTRA
                                      : LST_DEFAULT_RELAX;
}

/* Build the transport LP over the pairs: columns 0..np-1 are x[p]; with
 * `extra` also columns np..np+nc-1 are e[c].  Rows: areas, centres, one
 * total row (free).  Returns NULL on allocation failure. */
static lst_lp *build_lp(const vs_listing_areas *areas, const double *capacity, int nc,
                        const lst_pairs *pp, double cap_per_fte, int extra, const int *reachable)
{
    int na = areas->n, np = pp->n;
    int ncol = np + (extra ? nc : 0);
    size_t nnz = 3 * (size_t)np + (extra ? 2 * (size_t)nc : 0);
    int *ia = malloc((nnz + 1) * sizeof *ia), *ja = malloc((nnz + 1) * sizeof *ja);
    double *ar = malloc((nnz + 1) * sizeof *ar);
    lst_lp *lp = vsi_lp_create(na + nc + 1, ncol);
    if (!ia || !ja || !ar || !lp) {
        free(ia);
        free(ja);
        free(ar);
        vsi_lp_free(lp);
        return NULL;
    }
    for (int a = 0; a < na; a++) {
        double pop = (double)areas->v[a].population;
        if (extra && reachable[a])
            vsi_lp_set_row(lp, a, pop, pop);
        else if (!extra)
            vsi_lp_set_row(lp, a, -INFINITY, pop);
    }
    for (int c = 0; c < nc; c++)
        vsi_lp_set_row(lp, na + c, -INFINITY, capacity[c]);
    size_t k = 0;
    for (int a = 0; a < na; a++)
        for (int p = pp->off[a]; p < pp->off[a + 1]; p++) {
            ia[k] = a, ja[k] = p, ar[k++] = 1.0;
            ia[k] = na + pp->site[p], ja[k] = p, ar[k++] = areas->v[a].weight;
            if (!extra)
                ia[k] = na + nc, ja[k] = p, ar[k++] = 1.0;
        }
    if (extra)
        for (int c = 0; c < nc; c++) {
            ia[k] = na + c, ja[k] = np + c, ar[k++] = -cap_per_fte;
            ia[k] = na + nc, ja[k] = np + c, ar[k++] = 1.0;
        }
    int rc = vsi_lp_load(lp, (int)k, ia, ja, ar);
    free(ia);
    free(ja);
    free(ar);
    if (rc) {
        vsi_lp_free(lp);
        return NULL;
    }
    return lp;
}

static vs_status simplex(vs_ctx *ctx, lst_lp *lp, int solver, const char *what)
{
    int rc = vsi_lp_solve(ctx, lp, solver, INFINITY);
    if (vs_ctx_status(ctx) == VS_EINTERRUPTED)
        return VS_EINTERRUPTED;
    if (vs_ctx_status(ctx) == VS_ENOMEM)
        return VS_ENOMEM;
    if (rc != LST_LP_OPTIMAL)
        return vs_ctx_fail(ctx, VS_ENUMERIC, "%s: %s simplex ended with status %d (not optimal)",
                           what, vsi_lp_solver_name(solver), rc);
    return VS_OK;
}

static vs_status restrict_and_solve(vs_ctx *ctx, lst_lp *lp, const lst_pairs *pp, int solver,
                                    const char *what, double *phase1);

/* Phase 1 optimises the current objective.  Phase 2 restricts the problem to
 * the optimal face of phase 1 and minimises km over the x columns: every row
 * with a non-zero dual is fixed at its active bound and every column with a
 * non-zero reduced cost at zero (complementary slackness: any feasible point
 * of that face is optimal for phase 1), so no tolerance on the phase-1 value
 * is needed.  The rows that can be fixed are the upper-bounded ones (area
 * and centre rows of the listing LP, centre rows of the extra LP). */
static vs_status two_phase(vs_ctx *ctx, lst_lp *lp, const lst_pairs *pp, int maximise,
                           int solver, int lp_class, const char *what, double *phase1)
{
    double t0 = vsi_lst_now();
    vsi_lp_set_maximise(lp, maximise);
    vs_status st = simplex(ctx, lp, solver, what);
    if (!st)
        st = restrict_and_solve(ctx, lp, pp, solver, what, phase1);
    vsi_lst_trace.lp_seconds[lp_class] += vsi_lst_now() - t0;
    vsi_lst_trace.lp_solves[lp_class]++;
    return st;
}

/* Phase 2 of two_phase, after phase 1 reached its optimum. */
static vs_status restrict_and_solve(vs_ctx *ctx, lst_lp *lp, const lst_pairs *pp, int solver,
                                    const char *what, double *phase1)
{
    *phase1 = vsi_lp_obj_value(lp);
    int nrow = vsi_lp_nrow(lp), ncol = vsi_lp_ncol(lp);
    const double *y = vsi_lp_row_dual(lp), *dj = vsi_lp_red_cost(lp);
    for (int i = 0; i < nrow; i++) {
        double lo = vsi_lp_row_lo(lp, i), hi = vsi_lp_row_hi(lp, i);
        if (fabs(y[i]) > 1e-9 && isinf(lo) && isfinite(hi))
            vsi_lp_set_row(lp, i, hi, hi);
    }
    for (int j = 0; j < ncol; j++) {
        if (fabs(dj[j]) > 1e-9)
            vsi_lp_set_col(lp, j, 0.0, 0.0);
        vsi_lp_set_obj(lp, j, j < pp->n ? pp->km[j] : 0.0);
    }
    vsi_lp_set_maximise(lp, 0);
    return simplex(ctx, lp, solver, what);
}

static double clean(double v)
{
    return fabs(v) < 1e-9 ? 0.0 : v;
}

vs_status vsi_lst_transport(vs_ctx *ctx, const vs_listing_areas *areas, const double *capacity,
                        int ns, const lst_pairs *pp, double cap_per_fte, int solver, double *x)
{
    lst_lp *lp = build_lp(areas, capacity, ns, pp, cap_per_fte, 0, NULL);
    if (!lp)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    for (int p = 0; p < pp->n; p++)
        vsi_lp_set_obj(lp, p, 1.0);
    double lmax;
    vs_status st = two_phase(ctx, lp, pp, 1, solver, LST_LP_LISTING, "listing LP", &lmax);
    if (!st) {
        const double *v = vsi_lp_x(lp);
        for (int p = 0; p < pp->n; p++) {
            double c = clean(v[p]);
            x[p] = c > 0 ? c : 0;
        }
    }
    vsi_lp_free(lp);
    return st;
}

static vs_status solve_listing(vs_ctx *ctx, const vs_listing_areas *areas, int nc,
                               const lst_pairs *pp, int solver, vs_listing_result *r)
{
    int na = areas->n;
    double *xs = vsi_lst_calloc((size_t)pp->n, sizeof *xs);
    if (!xs)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    vs_status st = vsi_lst_transport(ctx, areas, r->centre_capacity, nc, pp, r->cap_per_gp_fte,
                                     solver, xs);
    if (st) {
        free(xs);
        return st;
    }
    int nf = 0;
    for (int p = 0; p < pp->n; p++)
        if (xs[p] > 0)
            nf++;
    r->flows = vsi_lst_calloc((size_t)nf, sizeof *r->flows);
    if (!r->flows) {
        free(xs);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    r->n_flows = 0;
    r->total_person_km = 0;
    for (int a = 0; a < na; a++) {
        for (int p = pp->off[a]; p < pp->off[a + 1]; p++) {
            double x = xs[p];
            if (x == 0)
                continue;
            int c = pp->site[p];
            r->flows[r->n_flows++] = (vs_listing_flow){a, c, x, pp->km[p]};
            r->area_listed[a] += x;
            r->centre_listed[c] += x;
            r->centre_units[c] += x * areas->v[a].weight;
            r->centre_areas[c]++;
            r->total_person_km += x * pp->km[p];
        }
    }
    free(xs);
    return VS_OK;
}

static vs_status solve_extra(vs_ctx *ctx, const vs_listing_areas *areas, int nc,
                             const lst_pairs *pp, int solver, vs_listing_result *r)
{
    lst_lp *lp = build_lp(areas, r->centre_capacity, nc, pp, r->cap_per_gp_fte, 1,
                          r->area_reachable);
    if (!lp)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    for (int c = 0; c < nc; c++)
        vsi_lp_set_obj(lp, pp->n + c, 1.0);
    double e;
    vs_status st = two_phase(ctx, lp, pp, 0, solver, LST_LP_EXTRA, "extra GP FTE LP", &e);
    if (!st) {
        const double *v = vsi_lp_x(lp);
        r->extra_gp_fte = 0;
        for (int c = 0; c < nc; c++) {
            double x = clean(v[pp->n + c]);
            r->centre_extra_gp_fte[c] = x > 0 ? x : 0;
            r->extra_gp_fte += r->centre_extra_gp_fte[c];
        }
        r->extra_solved = 1;
    }
    vsi_lp_free(lp);
    return st;
}

/* The invariants every run must satisfy. */
static vs_status check_result(vs_ctx *ctx, const vs_listing_areas *areas, int nc,
                              const vs_listing_result *r)
{
    double tot = 0;
    for (int a = 0; a < areas->n; a++) {
        double pop = (double)areas->v[a].population, tol = 1e-6 * fmax(1.0, pop);
        if (r->area_listed[a] < -tol || r->area_listed[a] > pop + tol ||
            fabs(r->area_listed[a] + r->area_unlisted[a] - pop) > tol)
            return vs_ctx_fail(ctx, VS_ENUMERIC,
                               "internal check failed: area '%s' listed %.9g + unlisted %.9g != "
                               "population %.0f",
                               areas->v[a].area_id, r->area_listed[a], r->area_unlisted[a], pop);
        tot += r->area_listed[a];
    }
    for (int c = 0; c < nc; c++)
        if (r->centre_units[c] > r->centre_capacity[c] + 1e-6 * fmax(1.0, r->centre_capacity[c]))
            return vs_ctx_fail(ctx, VS_ENUMERIC,
                               "internal check failed: centre %d lists %.9g units above its "
                               "capacity %.9g",
                               c + 1, r->centre_units[c], r->centre_capacity[c]);
    if (fabs(tot - r->listed) > 1e-6 * fmax(1.0, r->population) ||
        fabs(r->listed + r->unlisted - r->population) > 1e-6 * fmax(1.0, r->population))
        return vs_ctx_fail(ctx, VS_ENUMERIC, "internal check failed: totals do not add up");
    return VS_OK;
}

/* r->listed_per_gp_max and _mean: centre_listed / gp_fte over the centres
 * with gp_fte > 0, in centre order (NaN when there is none). */
static void listed_per_gp(const vs_listing_centres *centres, vs_listing_result *r)
{
    double max = NAN, sum = 0;
    int n = 0;
    for (int c = 0; c < centres->n; c++) {
        if (!(centres->v[c].gp_fte > 0))
            continue;
        double v = r->centre_listed[c] / centres->v[c].gp_fte;
        max = n == 0 || v > max ? v : max;
        sum += v;
        n++;
    }
    r->listed_per_gp_max = max;
    r->listed_per_gp_mean = n ? sum / n : NAN;
}

vs_status vs_listing_solve(vs_ctx *ctx, const vs_listing_areas *areas,
                           const vs_listing_centres *centres, const vs_listing_policy *pol,
                           vs_listing_result **out)
{
    *out = NULL;
    vs_status st;
    if ((st = vsi_lst_check_policy(ctx, pol)) || (st = vsi_lst_check_areas(ctx, areas)) ||
        (st = vsi_lst_check_centres(ctx, centres, 0)))
        return st;
    int na = areas->n, nc = centres->n;
    vs_listing_result *r = result_alloc(na, nc);
    double *lat = vsi_lst_calloc((size_t)nc, sizeof *lat), *lon = vsi_lst_calloc((size_t)nc, sizeof *lon);
    lst_pairs pp = {0};
    if (!r || !lat || !lon) {
        st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        goto fail;
    }
    r->cap_per_gp_fte = pol->cap_per_gp_fte;
    for (int c = 0; c < nc; c++) {
        lat[c] = centres->v[c].lat;
        lon[c] = centres->v[c].lon;
        r->centre_capacity[c] = vsi_lst_capacity(&centres->v[c], pol->cap_per_gp_fte);
        r->capacity_units += r->centre_capacity[c];
    }
    if (!(r->capacity_units > 0)) {
        st = vs_ctx_fail(ctx, VS_EINFEASIBLE,
                         "%s: every care centre has zero capacity (gp_fte 0 or max_listed 0): no "
                         "resident can be listed",
                         centres->source[0] ? centres->source : "centres");
        goto fail;
    }
    if ((st = vsi_lst_pairs_build(ctx, areas->v, na, lat, lon, nc, pol->max_km, pol->circuity,
                              pol->k_nearest, &pp)))
        goto fail;
    if (pp.n == 0) {
        double best = INFINITY;
        int ba = 0, bc = 0;
        for (int a = 0; a < na; a++)
            for (int c = 0; c < nc; c++) {
                double d = pol->circuity * vs_distance_km(areas->v[a].lat, areas->v[a].lon,
                                                          lat[c], lon[c]);
                if (d < best)
                    best = d, ba = a, bc = c;
            }
        st = vs_ctx_fail(ctx, VS_EINFEASIBLE,
                         "no care centre lies within the maximum distance %g km of any area "
                         "(nearest pair: area '%s' to centre '%s', %.2f km)",
                         pol->max_km, areas->v[ba].area_id, centres->v[bc].centre_id, best);
        goto fail;
    }
    double reach_pop = 0;
    for (int a = 0; a < na; a++) {
        r->population += (double)areas->v[a].population;
        r->units += (double)areas->v[a].population * areas->v[a].weight;
        r->area_reachable[a] = pp.off[a + 1] > pp.off[a];
        if (r->area_reachable[a])
            reach_pop += (double)areas->v[a].population;
        else
            r->unreachable += (double)areas->v[a].population;
    }
    int old_term = glp_term_out(GLP_OFF);
    st = solve_listing(ctx, areas, nc, &pp, vsi_lst_lp_solver(pol, LST_LP_LISTING), r);
    if (!st) {
        r->listed = 0;
        for (int a = 0; a < na; a++) {
            double pop = (double)areas->v[a].population;
            r->area_unlisted[a] = pop - r->area_listed[a];
            if (fabs(r->area_unlisted[a]) < 1e-7 * fmax(1.0, pop) && r->area_listed[a] > 0) {
                /* round-off of the simplex: the area is fully listed */
                double f = pop / r->area_listed[a];
                for (int i = 0; i < r->n_flows; i++)
                    if (r->flows[i].area == a) {
                        double d = r->flows[i].residents * (f - 1);
                        int c = r->flows[i].centre;
                        r->flows[i].residents += d;
                        r->centre_listed[c] += d;
                        r->centre_units[c] += d * areas->v[a].weight;
                        r->total_person_km += d * r->flows[i].km;
                    }
                r->area_unlisted[a] = 0;
                r->area_listed[a] = pop;
            }
            r->listed += r->area_listed[a];
        }
        r->unlisted = r->population - r->listed;
        st = check_result(ctx, areas, nc, r);
    }
    if (!st && pol->extra_fte) {
        if (r->listed >= reach_pop - 1e-6 * fmax(1.0, reach_pop))
            r->extra_solved = 1; /* nobody reachable is unlisted: no extra FTE */
        else
            st = solve_extra(ctx, areas, nc, &pp, vsi_lst_lp_solver(pol, LST_LP_EXTRA), r);
    }
    if (!st && pol->responsibility)
        st = vsi_lst_responsibility(ctx, areas, centres, pol, &pp, r);
    glp_term_out(old_term);
    if (st)
        goto fail;
    listed_per_gp(centres, r);
    vsi_lst_pairs_free(&pp);
    free(lat);
    free(lon);
    *out = r;
    return VS_OK;
fail:
    vsi_lst_pairs_free(&pp);
    free(lat);
    free(lon);
    vs_listing_result_destroy(r);
    return st;
}
