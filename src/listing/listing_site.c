/*
 * listing_site.c: siting of new region-run care centres (capacitated facility
 * location) and the greenfield design of a whole network.
 *
 * Sites are the existing centres (always open, capacity cap_e) followed by
 * the candidate sites j (capacity Q = new_centre_gp_fte x cap when opened).
 * Over the admissible pairs p (area a, site s) within max_km:
 *   x[p] in [0,1]  share of area a listed at site s;  z[j] in {0,1} open j
 *   sum_{p: a(p)=a} x[p] = 1                    every resident listed
 *   sum_{p: s(p)=e} u[a] x[p] <= cap_e          existing centres
 *   sum_{p: s(p)=j} u[a] x[p] - Q z[j] <= 0     candidates (u[a] = pop[a] w[a])
 *   x[p] - z[s(p)] <= 0                         candidate pairs (strong linking)
 *   sum_j z[j] <= K
 *   minimise sum_p pop[a] km[p] x[p] + opening_cost_km sum_j z[j].
 * GLPK solves the LP relaxation (first bound), then branch-and-cut within the
 * time limit, seeded with a greedy start:
 *   1. open the n_min = ceil((U - C_existing) / Q) candidates one at a time,
 *      each time the one with the largest uncapacitated saving
 *      sum_a pop[a] max(0, d[a] - km) (d[a]: distance to the nearest open
 *      site, twice the largest pair distance plus one when none);
 *   2. solve the listing LP on the open sites; while someone is unlisted and
 *      fewer than K are open, open the candidate within reach of the most
 *      unlisted residents and solve again;
 *   3. while fewer than K are open, open the best saving candidate if the
 *      saving exceeds the opening cost and the objective improves (only when
 *      K is given or the opening cost is positive).
 * Without a given K the greedy start may open as many candidates as it needs
 * to list everyone; with no opening cost the MIP is then held to that number
 * (more centres would always shorten distances), with a positive opening
 * cost it may open any number.
 * New centres get gp_fte = units listed / cap (fractional FTE) or its ceiling
 * (whole_fte); opened centres that list nobody are dropped.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "listing_int.h"

/* Subgradient iterations of the Lagrangian bound (deterministic count). */
#define LST_LAGRANGE_ITERS 300

void vs_listing_site_result_destroy(vs_listing_site_result *r)
{
    if (!r)
        return;
    vs_listing_centres_destroy(r->network);
    vs_listing_result_destroy(r->listing);
    free(r);
}

typedef struct site_ctx {
    const vs_listing_areas *areas;
    const lst_pairs *pp;
    int ne, nk, ns;       /* existing, candidates, all sites */
    double *capacity;     /* [ns] capacity when open */
    double *cap_now;      /* [ns] capacity with the current open set */
    unsigned char *open;  /* [ns] */
    double *x;            /* [np] residents */
    double cap_per_fte;
    double big_km;
    int solver;           /* of the listing LPs (VS_LP_*) */
} site_ctx;

/* Listing LP on the open sites; returns residents unlisted and resident-km. */
static vs_status eval_open(vs_ctx *ctx, site_ctx *S, double *unlisted, double *km)
{
    for (int s = 0; s < S->ns; s++)
        S->cap_now[s] = S->open[s] ? S->capacity[s] : 0.0;
    vs_status st = vsi_lst_transport(ctx, S->areas, S->cap_now, S->ns, S->pp, S->cap_per_fte,
                                     S->solver, S->x);
    if (st)
        return st;
    *unlisted = 0;
    *km = 0;
    for (int a = 0; a < S->areas->n; a++) {
        double l = 0;
        for (int p = S->pp->off[a]; p < S->pp->off[a + 1]; p++) {
            l += S->x[p];
            *km += S->x[p] * S->pp->km[p];
        }
        double u = (double)S->areas->v[a].population - l;
        if (u > 1e-7 * fmax(1.0, (double)S->areas->v[a].population))
            *unlisted += u;
    }
    return VS_OK;
}

/* Candidate with the largest uncapacitated saving given distances d[]. */
static int best_saving(const site_ctx *S, const double *d, double *gain_out)
{
    int na = S->areas->n;
    double *gain = vsi_lst_calloc((size_t)S->ns, sizeof *gain);
    if (!gain)
        return -2;
    for (int a = 0; a < na; a++)
        for (int p = S->pp->off[a]; p < S->pp->off[a + 1]; p++) {
            int s = S->pp->site[p];
            if (s >= S->ne && !S->open[s] && S->pp->km[p] < d[a])
                gain[s] += (double)S->areas->v[a].population * (d[a] - S->pp->km[p]);
        }
    int best = -1;
    for (int s = S->ne; s < S->ns; s++)
        if (!S->open[s] && (best < 0 || gain[s] > gain[best]))
            best = s;
    *gain_out = best >= 0 ? gain[best] : 0;
    free(gain);
    return best;
}

static void nearest_open(const site_ctx *S, double *d)
{
    for (int a = 0; a < S->areas->n; a++) {
        d[a] = S->big_km;
        for (int p = S->pp->off[a]; p < S->pp->off[a + 1]; p++)
            if (S->open[S->pp->site[p]]) {
                d[a] = S->pp->km[p];
                break; /* nearest first */
            }
    }
}

/* After a maximum flow F that leaves units unrouted, F->seen_area marks the
 * areas reachable from an unrouted one in the residual graph (the source
 * side of a minimum cut): opening any candidate admissible to one of them
 * raises the flow.  Among those candidates, the one with the largest
 * uncapacitated saving over these areas, sum pop[a] max(0, d[a] - km), plus
 * 1e-9 x their units (so that a candidate with no saving still counts). */
static int best_cover(const site_ctx *S, const lst_flow *F, const double *units, const double *d)
{
    int na = S->areas->n;
    double *gain = vsi_lst_calloc((size_t)S->ns, sizeof *gain);
    if (!gain)
        return -2;
    for (int a = 0; a < na; a++) {
        if (!F->seen_area[a])
            continue;
        double pop = (double)S->areas->v[a].population;
        for (int p = S->pp->off[a]; p < S->pp->off[a + 1]; p++)
            if (S->pp->site[p] >= S->ne && !S->open[S->pp->site[p]])
                gain[S->pp->site[p]] += 1e-9 * units[a] + pop * fmax(0.0, d[a] - S->pp->km[p]);
    }
    int best = -1;
    for (int s = S->ne; s < S->ns; s++)
        if (!S->open[s] && gain[s] > 0 && (best < 0 || gain[s] > gain[best]))
            best = s;
    free(gain);
    return best;
}

/* The greedy start.  *ok is 0 when it cannot list everyone with K sites. */
static vs_status greedy_sites(vs_ctx *ctx, site_ctx *S, int n_min, int K, int grow, double cost,
                              int *ok, double *obj, int *n_open)
{
    int na = S->areas->n, nopen = 0;
    double *d = vsi_lst_calloc((size_t)na, sizeof *d);
    if (!d)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    for (int s = 0; s < S->ns; s++)
        S->open[s] = s < S->ne;
    vs_status st = VS_OK;
    double gain;
    while (nopen < n_min) {
        nearest_open(S, d);
        int b = best_saving(S, d, &gain);
        if (b == -2) {
            st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
            break;
        }
        if (b < 0)
            break;
        S->open[b] = 1;
        nopen++;
    }
    /* feasibility by max-flow in units: no LP until everyone fits */
    lst_flow F;
    double *u = NULL, unl_units = 0, U = 0;
    if (!st) {
        st = vsi_lst_flow_init(ctx, &F, S->areas, S->pp, S->ns);
        u = st ? NULL : vsi_lst_calloc((size_t)na, sizeof *u);
        if (!st && !u) {
            vsi_lst_flow_free(&F);
            st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        }
    }
    if (!st) {
        for (int a = 0; a < na; a++) {
            u[a] = (double)S->areas->v[a].population * S->areas->v[a].weight;
            U += u[a];
        }
        for (int s = 0; s < S->ns; s++)
            S->cap_now[s] = S->capacity[s];
        unl_units = vsi_lst_flow_augment(&F, u, S->cap_now, S->open);
        while (unl_units > 1e-9 * fmax(1.0, U) && nopen < K) {
            nearest_open(S, d);
            int b = best_cover(S, &F, u, d);
            if (b == -2) {
                st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
                break;
            }
            if (b < 0)
                break;
            S->open[b] = 1;
            nopen++;
            unl_units = vsi_lst_flow_augment(&F, u, S->cap_now, S->open);
        }
        vsi_lst_flow_free(&F);
        free(u);
    }
    /* one listing LP on the open sites for the least resident-km */
    double unl = 0, km = 0;
    if (!st && unl_units <= 1e-9 * fmax(1.0, U))
        st = eval_open(ctx, S, &unl, &km);
    else
        unl = unl_units;
    *ok = !st && unl <= 0;
    double cur = km + cost * nopen;
    while (!st && *ok && grow && nopen < K) {
        nearest_open(S, d);
        int b = best_saving(S, d, &gain);
        if (b < 0 || gain <= cost)
            break;
        S->open[b] = 1;
        double u2, k2;
        st = eval_open(ctx, S, &u2, &k2);
        if (st)
            break;
        if (u2 > 0 || k2 + cost * (nopen + 1) >= cur) {
            S->open[b] = 0;
            st = eval_open(ctx, S, &u2, &k2);
            break;
        }
        nopen++;
        cur = k2 + cost * nopen;
    }
    *obj = cur;
    *n_open = nopen;
    free(d);
    return st;
}

vs_status vs_listing_site(vs_ctx *ctx, const vs_listing_areas *areas,
                          const vs_listing_centres *existing, const vs_listing_centres *candidates,
                          const vs_listing_site_policy *sp, vs_listing_site_result **out)
{
    *out = NULL;
    if (!sp)
        return vs_ctx_fail(ctx, VS_EUSAGE, "no siting policy given");
    const vs_listing_policy *pol = &sp->listing;
    vs_status st;
    if ((st = vsi_lst_check_policy(ctx, pol)) || (st = vsi_lst_check_areas(ctx, areas)))
        return st;
    if (existing && existing->n > 0 && (st = vsi_lst_check_centres(ctx, existing, 0)))
        return st;
    if (candidates && (st = vsi_lst_check_centres(ctx, candidates, 1)))
        return st;
    if (!(sp->new_centre_gp_fte > 0) || !isfinite(sp->new_centre_gp_fte))
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "the GP FTE of a new centre must be given as a positive number "
                           "(got %g)",
                           sp->new_centre_gp_fte);
    if (sp->max_new < 0)
        return vs_ctx_fail(ctx, VS_EUSAGE, "max_new %d must be >= 0", sp->max_new);
    if (!(sp->opening_cost_km >= 0) || !isfinite(sp->opening_cost_km))
        return vs_ctx_fail(ctx, VS_EUSAGE, "opening cost %g must be >= 0", sp->opening_cost_km);
    int na = areas->n, ne = existing ? existing->n : 0;
    int nk = candidates ? candidates->n : na;
    int ns = ne + nk;
    double Q = sp->new_centre_gp_fte * pol->cap_per_gp_fte;
    site_ctx S = {0};
    S.areas = areas;
    S.ne = ne, S.nk = nk, S.ns = ns;
    S.cap_per_fte = pol->cap_per_gp_fte;
    S.solver = vsi_lst_lp_solver(pol, LST_LP_LISTING);
    double deadline = vsi_lst_now() + pol->time_limit_s;
    double *lat = vsi_lst_calloc((size_t)ns, sizeof *lat), *lon = vsi_lst_calloc((size_t)ns, sizeof *lon);
    S.capacity = vsi_lst_calloc((size_t)ns, sizeof(double));
    S.cap_now = vsi_lst_calloc((size_t)ns, sizeof(double));
    S.open = vsi_lst_calloc((size_t)ns, 1);
    lst_pairs pp = {0};
    glp_prob *lp = NULL;
    double *start = NULL, *best_x = NULL;
    int *ia = NULL, *ja = NULL;
    double *ar = NULL;
    vs_listing_site_result *res = calloc(1, sizeof *res);
    unsigned char *chosen = vsi_lst_calloc((size_t)ns, 1);
    if (!lat || !lon || !S.capacity || !S.cap_now || !S.open || !res || !chosen) {
        st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        goto done;
    }
    double cap_exist = 0, U = 0;
    for (int s = 0; s < ns; s++) {
        if (s < ne) {
            lat[s] = existing->v[s].lat, lon[s] = existing->v[s].lon;
            S.capacity[s] = vsi_lst_capacity(&existing->v[s], pol->cap_per_gp_fte);
            cap_exist += S.capacity[s];
        } else if (candidates) {
            lat[s] = candidates->v[s - ne].lat, lon[s] = candidates->v[s - ne].lon;
            S.capacity[s] = Q;
        } else {
            lat[s] = areas->v[s - ne].lat, lon[s] = areas->v[s - ne].lon;
            S.capacity[s] = Q;
        }
    }
    for (int a = 0; a < na; a++)
        U += (double)areas->v[a].population * areas->v[a].weight;
    if ((st = vsi_lst_pairs_build(ctx, areas->v, na, lat, lon, ns, pol->max_km, pol->circuity,
                              pol->k_nearest, &pp)))
        goto done;
    S.pp = &pp;
    S.big_km = 1.0;
    for (int p = 0; p < pp.n; p++)
        S.big_km = fmax(S.big_km, 2 * pp.km[p] + 1);
    for (int a = 0; a < na; a++)
        if (areas->v[a].population > 0 && pp.off[a + 1] == pp.off[a]) {
            st = vs_ctx_fail(ctx, VS_EINFEASIBLE,
                             "area '%s' (%lld residents) has no care centre or candidate site "
                             "within the maximum distance %g km",
                             areas->v[a].area_id, (long long)areas->v[a].population, pol->max_km);
            goto done;
        }
    double need = U - cap_exist;
    int n_min = need > 0 ? (int)ceil(need / Q - 1e-9) : 0;
    /* K: the user's limit; by default the greedy start may open as many as it
     * needs (at least n_min) and the MIP then keeps that number (no opening
     * cost) or is bounded by the candidates (opening cost > 0). */
    int K = sp->max_new > 0 ? sp->max_new : nk;
    if (K > nk)
        K = nk;
    if (n_min > K) {
        st = vs_ctx_fail(ctx, VS_EINFEASIBLE,
                         "%.0f listing units exceed the existing capacity %.0f; with new centres "
                         "of %g GP FTE (%.0f units each) at least %d new centres are needed, but "
                         "at most %d %s allowed",
                         U, cap_exist, sp->new_centre_gp_fte, Q, n_min, K,
                         K == 1 ? "is" : "are");
        goto done;
    }
    S.x = vsi_lst_calloc((size_t)pp.n, sizeof *S.x);
    best_x = vsi_lst_calloc((size_t)pp.n, sizeof *best_x);
    if (!S.x || !best_x) {
        st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        goto done;
    }
    int old_term = glp_term_out(GLP_OFF);
    int ok = 0;
    double hobj = INFINITY;
    int n_greedy = 0;
    st = greedy_sites(ctx, &S, n_min, K, sp->max_new > 0 || sp->opening_cost_km > 0,
                      sp->opening_cost_km, &ok, &hobj, &n_greedy);
    if (!st && ok && sp->max_new == 0 && !(sp->opening_cost_km > 0))
        K = n_greedy;
    if (st) {
        glp_term_out(old_term);
        goto done;
    }
    if (ok) {
        memcpy(chosen, S.open, (size_t)ns);
        memcpy(best_x, S.x, (size_t)pp.n * sizeof *best_x);
    }
    double best_obj = ok ? hobj : INFINITY, bound = -INFINITY;
    int method = VS_RESP_HEURISTIC;
    double t0 = vsi_lst_now();
    /* a lower bound without the LP: Lagrangian dual by subgradient */
    st = vsi_lst_site_lagrangian(ctx, areas, &pp, ne, ns, S.capacity, sp->opening_cost_km, K,
                             best_obj, ok ? S.x : NULL, LST_LAGRANGE_ITERS, &bound);
    if (st) {
        glp_term_out(old_term);
        goto done;
    }
    if (!sp->heuristic_only) {
        /* columns: x[p] 1..np, z[j] np+1..np+nk;  rows: areas, sites, links, count */
        int np = pp.n, nlink = 0;
        for (int p = 0; p < np; p++)
            nlink += pp.site[p] >= ne;
        int nrow = na + ns + nlink + 1, ncol = np + nk;
        size_t nnz = 3 * (size_t)np + 2 * (size_t)nlink + 2 * (size_t)nk;
        ia = malloc((nnz + 1) * sizeof *ia), ja = malloc((nnz + 1) * sizeof *ja);
        ar = malloc((nnz + 1) * sizeof *ar);
        start = vsi_lst_calloc((size_t)ncol + 1, sizeof *start);
        if (!ia || !ja || !ar || !start) {
            glp_term_out(old_term);
            st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
            goto done;
        }
        lp = glp_create_prob();
        glp_add_rows(lp, nrow);
        glp_add_cols(lp, ncol);
        glp_set_obj_dir(lp, GLP_MIN);
        size_t k = 0;
        int link = na + ns;
        for (int a = 0; a < na; a++) {
            double pop = (double)areas->v[a].population;
            glp_set_row_bnds(lp, a + 1, pop > 0 ? GLP_FX : GLP_FR, 1.0, 1.0);
            for (int p = pp.off[a]; p < pp.off[a + 1]; p++) {
                int s = pp.site[p];
                glp_set_col_bnds(lp, p + 1, GLP_DB, 0.0, 1.0);
                glp_set_obj_coef(lp, p + 1, pop * pp.km[p]);
                ia[++k] = a + 1, ja[k] = p + 1, ar[k] = 1.0;
                ia[++k] = na + s + 1, ja[k] = p + 1, ar[k] = pop * areas->v[a].weight;
                if (s >= ne) {
                    ++link;
                    glp_set_row_bnds(lp, link, GLP_UP, 0.0, 0.0);
                    ia[++k] = link, ja[k] = p + 1, ar[k] = 1.0;
                    ia[++k] = link, ja[k] = np + (s - ne) + 1, ar[k] = -1.0;
                }
                if (ok && pop > 0)
                    start[p + 1] = S.x[p] / pop;
            }
        }
        for (int s = 0; s < ns; s++)
            glp_set_row_bnds(lp, na + s + 1, GLP_UP, 0.0, s < ne ? S.capacity[s] : 0.0);
        glp_set_row_bnds(lp, nrow, GLP_UP, 0.0, (double)K);
        for (int j = 0; j < nk; j++) {
            glp_set_col_kind(lp, np + j + 1, GLP_BV);
            glp_set_obj_coef(lp, np + j + 1, sp->opening_cost_km);
            ia[++k] = na + ne + j + 1, ja[k] = np + j + 1, ar[k] = -Q;
            ia[++k] = nrow, ja[k] = np + j + 1, ar[k] = 1.0;
            start[np + j + 1] = ok && S.open[ne + j] ? 1.0 : 0.0;
        }
        glp_load_matrix(lp, (int)k, ia, ja, ar);
        glp_scale_prob(lp, GLP_SF_AUTO);
        /* the LP relaxation counts against the time limit too (GLPK's
         * tm_lim of glp_intopt does not include it) */
        int lp_opt = vsi_lst_relax(ctx, lp, vsi_lst_lp_solver(pol, LST_LP_RELAX), deadline);
        if (lp_opt < 0) {
            st = vs_ctx_status(ctx);
            glp_term_out(old_term);
            goto done;
        }
        if (lp_opt) {
            bound = fmax(bound, glp_get_obj_val(lp));
            int found = 0, optimal = 0;
            double b;
            st = vsi_lst_intopt(ctx, lp, ok ? start : NULL, pol->time_limit_s, deadline,
                            pol->mip_gap, &b, &found, &optimal);
            if (st) {
                glp_term_out(old_term);
                goto done;
            }
            bound = fmax(bound, b);
            if (found) {
                method = optimal ? VS_RESP_OPTIMAL : VS_RESP_TIME_LIMIT;
                if (glp_mip_obj_val(lp) < best_obj) {
                    best_obj = glp_mip_obj_val(lp);
                    for (int s = 0; s < ns; s++)
                        chosen[s] = s < ne || glp_mip_col_val(lp, np + (s - ne) + 1) > 0.5;
                    for (int a = 0; a < na; a++)
                        for (int p = pp.off[a]; p < pp.off[a + 1]; p++) {
                            double v = glp_mip_col_val(lp, p + 1);
                            best_x[p] = v > 1e-12 ? v * (double)areas->v[a].population : 0;
                        }
                }
            }
        } else if (glp_get_status(lp) == GLP_NOFEAS) {
            bound = INFINITY;
        }
        /* cut short by the deadline: the greedy start (or the best found)
         * with the time-limit status and its gap */
        if (method != VS_RESP_OPTIMAL && vsi_lst_now() >= deadline && isfinite(best_obj))
            method = VS_RESP_TIME_LIMIT;
    }
    res->seconds = vsi_lst_now() - t0;
    glp_term_out(old_term);
    if (!isfinite(best_obj)) {
        st = vs_ctx_fail(ctx, VS_EINFEASIBLE,
                         "no choice of at most %d new centres of %g GP FTE lists every resident "
                         "within %g km%s",
                         K, sp->new_centre_gp_fte, pol->max_km,
                         sp->heuristic_only ? " (heuristic only)" : "");
        goto done;
    }
    /* the network: existing centres, then opened candidates that list someone */
    double *units = vsi_lst_calloc((size_t)ns, sizeof *units);
    if (!units) {
        st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        goto done;
    }
    for (int a = 0; a < na; a++)
        for (int p = pp.off[a]; p < pp.off[a + 1]; p++)
            units[pp.site[p]] += best_x[p] * areas->v[a].weight;
    int n_new = 0;
    for (int s = ne; s < ns; s++)
        if (chosen[s] && units[s] > 1e-9)
            n_new++;
    st = vs_listing_centres_create(ctx, ne + n_new, &res->network);
    if (st) {
        free(units);
        goto done;
    }
    if (ne)
        memcpy(res->network->v, existing->v, (size_t)ne * sizeof *existing->v);
    int w = ne;
    res->new_gp_fte = 0;
    for (int s = ne; s < ns; s++) {
        if (!(chosen[s] && units[s] > 1e-9))
            continue;
        vs_listing_centre *c = &res->network->v[w++];
        memset(c, 0, sizeof *c);
        const char *id = candidates ? candidates->v[s - ne].centre_id : areas->v[s - ne].area_id;
        snprintf(c->centre_id, sizeof c->centre_id, "%s", id);
        if (candidates && candidates->v[s - ne].name[0])
            snprintf(c->name, sizeof c->name, "%s", candidates->v[s - ne].name);
        c->lat = lat[s];
        c->lon = lon[s];
        double fte = units[s] / pol->cap_per_gp_fte;
        if (sp->whole_fte)
            fte = ceil(fte - 1e-9);
        else /* never below what it lists (rounding) */
            fte = fmin(sp->new_centre_gp_fte, fte * (1 + 1e-12));
        c->gp_fte = fte;
        c->max_listed = -1;
        c->owner = VS_OWNER_REGION;
        c->is_new = 1;
        res->new_gp_fte += fte;
    }
    free(units);
    snprintf(res->network->source, sizeof res->network->source, "%s",
             existing && existing->source[0] ? existing->source : "greenfield design");
    res->n_existing = ne;
    res->n_new = n_new;
    res->n_candidates = nk;
    res->method = method;
    res->objective = best_obj;
    res->bound = isfinite(bound) ? fmin(bound, best_obj) : bound;
    res->gap = vsi_lst_gap(best_obj, res->bound);
    res->heuristic_objective = hobj;
    res->heuristic_gap = ok ? vsi_lst_gap(hobj, res->bound) : INFINITY;
    st = vs_listing_solve(ctx, areas, res->network, pol, &res->listing);
done:
    vsi_lst_delete(ctx, lp);
    free(ia);
    free(ja);
    free(ar);
    free(start);
    free(best_x);
    free(lat);
    free(lon);
    free(S.capacity);
    free(S.cap_now);
    free(S.open);
    free(S.x);
    free(chosen);
    vsi_lst_pairs_free(&pp);
    if (st) {
        vs_listing_site_result_destroy(res);
        return st;
    }
    *out = res;
    return VS_OK;
}

vs_status vs_listing_design_greenfield(vs_ctx *ctx, const vs_region *region,
                                       double residents_per_gp_fte, double centre_gp_fte,
                                       double max_km, double time_limit_s,
                                       vs_listing_site_result **out)
{
    *out = NULL;
    if (isnan(time_limit_s))
        return vs_ctx_fail(ctx, VS_EUSAGE, "time limit is not a number");
    vs_listing_areas *areas;
    vs_status st = vs_listing_areas_from_region(ctx, region, &areas);
    if (st)
        return st;
    vs_listing_site_policy sp;
    vs_listing_site_policy_init(ctx, &sp);
    sp.listing.cap_per_gp_fte = residents_per_gp_fte;
    sp.listing.max_km = max_km;
    sp.listing.k_nearest = 20;
    sp.new_centre_gp_fte = centre_gp_fte;
    /* time_limit_s <= 0: the heuristic path (greedy siting with its
     * Lagrangian bound, greedy responsibility with its LP bound), a few
     * seconds on the default region; > 0: the MIPs, the wall time split in
     * three equal parts (siting, responsibility phases 1 and 2, each with
     * its LP relaxation), so the design takes about time_limit_s plus the
     * listing LPs */
    int heur = !(time_limit_s > 0);
    sp.listing.time_limit_s = heur ? 30.0 : fmin(1e6, time_limit_s / 3.0);
    sp.heuristic_only = heur;
    sp.listing.responsibility = heur ? 2 : 1;
    st = vs_listing_site(ctx, areas, NULL, NULL, &sp, out);
    vs_listing_areas_destroy(areas);
    return st;
}

/* ---- a region's own care centres ------------------------------------------- */

vs_status vs_listing_region_centres(vs_ctx *ctx, const vs_region *region,
                                    vs_listing_centres **out)
{
    *out = NULL;
    char path[sizeof region->dir + 16];
    snprintf(path, sizeof path, "%s/centres.csv", region->dir);
    if (access(path, F_OK) != 0)
        return VS_OK;
    return vs_listing_centres_load(ctx, path, out);
}

/* A copy of `own` with today's list proportions as list ceilings when every
 * centre gives `listed` (sum scaled to `units`, a hair above so that the
 * LP fits). */
static vs_status own_network(vs_ctx *ctx, const vs_listing_centres *own, double units,
                             vs_listing_centres **out)
{
    vs_status st = vs_listing_centres_create(ctx, own->n, out);
    if (st)
        return st;
    memcpy((*out)->v, own->v, (size_t)own->n * sizeof *own->v);
    snprintf((*out)->source, sizeof (*out)->source, "%s", own->source);
    double sum = 0;
    int all = own->n > 0;
    for (int c = 0; c < own->n; c++) {
        all &= own->v[c].listed >= 0;
        sum += own->v[c].listed > 0 ? own->v[c].listed : 0;
    }
    if (all && sum > 0)
        for (int c = 0; c < own->n; c++)
            (*out)->v[c].max_listed = own->v[c].listed * units / sum * (1 + 1e-9);
    return VS_OK;
}

vs_status vs_listing_design_own(vs_ctx *ctx, const vs_region *region,
                                const vs_listing_centres *own, double residents_per_gp_fte,
                                double *cap_used, vs_listing_site_result **out)
{
    *out = NULL;
    if (!region || !own || own->n <= 0 || !(residents_per_gp_fte > 0))
        return vs_ctx_fail(ctx, VS_EUSAGE, "own network: region, centres and a cap are required");
    vs_listing_areas *areas = NULL;
    vs_listing_site_result *res = calloc(1, sizeof *res);
    if (!res)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    vs_status st = vs_listing_areas_from_region(ctx, region, &areas);
    double units = 0, fte = 0;
    for (int a = 0; !st && a < areas->n; a++)
        units += (double)areas->v[a].population * areas->v[a].weight;
    if (!st)
        st = own_network(ctx, own, units, &res->network);
    for (int c = 0; !st && c < own->n; c++)
        fte += res->network->v[c].max_listed >= 0 ? 0 : own->v[c].gp_fte;
    vs_listing_policy pol;
    if (!st)
        st = vs_listing_policy_init(ctx, &pol);
    if (!st) {
        int by_list = res->network->v[0].max_listed >= 0;
        /* today's lists bound the capacity: the GP cap must not bind as well */
        pol.cap_per_gp_fte = by_list ? fmax(residents_per_gp_fte, 10 * units)
                             : fte > 0 && units > fte * residents_per_gp_fte
                                 ? units / fte * (1 + 1e-9)
                                 : residents_per_gp_fte;
        pol.responsibility = 2;
        *cap_used = by_list ? NAN : pol.cap_per_gp_fte;
        st = vs_listing_solve(ctx, areas, res->network, &pol, &res->listing);
    }
    if (!st) {
        res->n_existing = own->n;
        res->method = VS_RESP_HEURISTIC;
        res->objective = res->listing->total_person_km;
        res->bound = res->gap = res->heuristic_gap = NAN;
        res->heuristic_objective = res->objective;
    }
    vs_listing_areas_destroy(areas);
    if (st) {
        vs_listing_site_result_destroy(res);
        return st;
    }
    *out = res;
    return VS_OK;
}
