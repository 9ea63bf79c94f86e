/*
 * listing_resp.c: area responsibility (områdesansvar), every area to exactly
 * one care centre.
 *
 * Model (GLPK MIP over the same admissible pairs as the listing LP):
 *   y[p] in {0,1}, o[c] >= 0 (listing units above the responsibility capacity)
 *   sum_{p: a(p)=a} y[p] = 1                              every reachable area
 *   sum_{p: c(p)=c} u[a(p)] y[p] - o[c] <= s * cap_c      u[a] = pop[a] w[a]
 *   s = max(1, U / C): U reachable listing units, C total capacity, so that
 *   when capacity is short the responsibility load is spread in proportion
 *   to each centre's capacity.
 *   phase 1: minimise O = sum_c o[c]   (0 whenever whole areas fit)
 *   phase 2: O <= O* (1 + 1e-9) + 1e-6, minimise sum_p pop[a(p)] km[p] y[p].
 * Each phase solves the LP relaxation (its value is the first bound), then
 * branch-and-cut with a time limit, seeded with a feasible start: the greedy
 * heuristic in phase 1, the phase-1 solution in phase 2.
 *
 * Greedy heuristic (start and fallback): areas in decreasing order of units
 * (ties by index) go to the nearest centre with room for the whole area; if
 * none, to the admissible centre with most room left (the overload it causes
 * is least).  Then improvement passes (at most 100, until no move helps):
 * shift an area to another admissible centre, or swap two areas between
 * their centres, when the total overload falls, or stays and resident-km
 * falls.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "listing_int.h"

typedef struct heur {
    int *assign;      /* [na] pair index chosen, -1 unreachable */
    double overload;  /* sum over centres of max(0, load - rcap) */
    double km;        /* resident-km */
} heur;

typedef struct order_key {
    double u;
    int a;
} order_key;

static int cmp_order(const void *x, const void *y)
{
    const order_key *p = x, *q = y;
    if (p->u != q->u)
        return p->u > q->u ? -1 : 1;
    return (p->a > q->a) - (p->a < q->a);
}

static vs_status greedy(vs_ctx *ctx, const vs_listing_areas *areas, int nc, const lst_pairs *pp,
                        const double *rcap, heur *h)
{
    int na = areas->n;
    double *load = vsi_lst_calloc((size_t)nc, sizeof *load);
    order_key *ord = vsi_lst_calloc((size_t)na, sizeof *ord);
    h->assign = vsi_lst_calloc((size_t)na, sizeof *h->assign);
    if (!load || !ord || !h->assign) {
        free(load);
        free(ord);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    for (int a = 0; a < na; a++) {
        ord[a] = (order_key){(double)areas->v[a].population * areas->v[a].weight, a};
        h->assign[a] = -1;
    }
    qsort(ord, (size_t)na, sizeof *ord, cmp_order);
    for (int i = 0; i < na; i++) {
        int a = ord[i].a;
        double u = ord[i].u;
        int pick = -1, most = -1;
        for (int p = pp->off[a]; p < pp->off[a + 1]; p++) {
            int c = pp->site[p];
            if (pick < 0 && load[c] + u <= rcap[c] + 1e-9)
                pick = p;
            if (most < 0 || rcap[c] - load[c] > rcap[pp->site[most]] - load[pp->site[most]])
                most = p;
        }
        if (pick < 0)
            pick = most;
        if (pick >= 0) {
            h->assign[a] = pick;
            load[pp->site[pick]] += u;
        }
    }
    /* improvement: shift an area to another admissible centre, or swap two
     * areas between their centres, when total overload does not grow and
     * resident-km falls (or overload falls) */
    int *at = vsi_lst_calloc((size_t)na, sizeof *at); /* centre of each area, -1 none */
    if (!at) {
        free(load);
        free(ord);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    for (int a = 0; a < na; a++)
        at[a] = h->assign[a] >= 0 ? pp->site[h->assign[a]] : -1;
#define OVER(c, l) fmax(0.0, (l) - rcap[c])
    for (int pass = 0; pass < 100; pass++) {
        int moved = 0;
        for (int i = 0; i < na; i++) {
            int a = ord[i].a, cur = h->assign[a];
            if (cur < 0)
                continue;
            double u = ord[i].u, pop = (double)areas->v[a].population;
            int c1 = pp->site[cur];
            for (int p = pp->off[a]; p < pp->off[a + 1] && h->assign[a] == cur; p++) {
                int c2 = pp->site[p];
                if (c2 == c1)
                    continue;
                double dkm = pop * (pp->km[p] - pp->km[cur]);
                double dov = OVER(c1, load[c1] - u) + OVER(c2, load[c2] + u) -
                             OVER(c1, load[c1]) - OVER(c2, load[c2]);
                if (dov < -1e-9 || (dov <= 1e-9 && dkm < -1e-9)) {
                    load[c1] -= u;
                    load[c2] += u;
                    h->assign[a] = p;
                    at[a] = c2;
                    moved = 1;
                    break;
                }
                if (!(dkm < 0))
                    continue;
                /* swap with an area b at c2 that may go to c1 */
                for (int b = 0; b < na; b++) {
                    if (at[b] != c2 || b == a)
                        continue;
                    int q2 = -1;
                    for (int q = pp->off[b]; q < pp->off[b + 1]; q++)
                        if (pp->site[q] == c1)
                            q2 = q;
                    if (q2 < 0)
                        continue;
                    double ub = (double)areas->v[b].population * areas->v[b].weight;
                    double dk = dkm + (double)areas->v[b].population *
                                          (pp->km[q2] - pp->km[h->assign[b]]);
                    double dv = OVER(c1, load[c1] - u + ub) + OVER(c2, load[c2] + u - ub) -
                                OVER(c1, load[c1]) - OVER(c2, load[c2]);
                    if (dv < -1e-9 || (dv <= 1e-9 && dk < -1e-9)) {
                        load[c1] += ub - u;
                        load[c2] += u - ub;
                        h->assign[a] = p;
                        at[a] = c2;
                        h->assign[b] = q2;
                        at[b] = c1;
                        moved = 1;
                        break;
                    }
                }
            }
        }
        if (!moved)
            break;
    }
#undef OVER
    free(at);
    h->overload = 0;
    h->km = 0;
    for (int c = 0; c < nc; c++)
        if (load[c] > rcap[c])
            h->overload += load[c] - rcap[c];
    for (int a = 0; a < na; a++)
        if (h->assign[a] >= 0)
            h->km += (double)areas->v[a].population * pp->km[h->assign[a]];
    free(load);
    free(ord);
    return VS_OK;
}

vs_status vsi_lst_responsibility(vs_ctx *ctx, const vs_listing_areas *areas,
                             const vs_listing_centres *centres, const vs_listing_policy *pol,
                             const lst_pairs *pp, vs_listing_result *r)
{
    int na = areas->n, nc = centres->n, np = pp->n;
    double t0 = vsi_lst_now();
    double reach_units = 0;
    for (int a = 0; a < na; a++)
        if (r->area_reachable[a])
            reach_units += (double)areas->v[a].population * areas->v[a].weight;
    double s = fmax(1.0, reach_units / r->capacity_units);
    r->resp_load_factor = s;
    for (int c = 0; c < nc; c++)
        r->centre_resp_capacity[c] = s * r->centre_capacity[c];
    heur h = {0};
    vs_status st = greedy(ctx, areas, nc, pp, r->centre_resp_capacity, &h);
    if (st) {
        free(h.assign);
        return st;
    }
    r->resp_heuristic_km = h.km;
    r->resp_heuristic_overload = h.overload;
    int *assign = h.assign; /* final choice, pair per area */
    double overload = h.overload, km = h.km, bound = -INFINITY;
    int method = VS_RESP_HEURISTIC;

    /* the MIP */
    int ncol = np + nc, nrow = na + nc + 1;
    size_t nnz = 2 * (size_t)np + 2 * (size_t)nc;
    int *ia = malloc((nnz + 1) * sizeof *ia), *ja = malloc((nnz + 1) * sizeof *ja);
    double *ar = malloc((nnz + 1) * sizeof *ar);
    double *start = malloc(((size_t)ncol + 1) * sizeof *start);
    int *sol = malloc(((size_t)na + 1) * sizeof *sol);
    if (!ia || !ja || !ar || !start || !sol) {
        st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        goto done;
    }
    glp_prob *lp = glp_create_prob();
    glp_add_rows(lp, nrow);
    glp_add_cols(lp, ncol);
    for (int a = 0; a < na; a++)
        glp_set_row_bnds(lp, a + 1, r->area_reachable[a] ? GLP_FX : GLP_FR, 1.0, 1.0);
    for (int c = 0; c < nc; c++)
        glp_set_row_bnds(lp, na + c + 1, GLP_UP, 0.0, r->centre_resp_capacity[c]);
    glp_set_row_bnds(lp, nrow, GLP_FR, 0.0, 0.0);
    size_t k = 0;
    for (int a = 0; a < na; a++)
        for (int p = pp->off[a]; p < pp->off[a + 1]; p++) {
            glp_set_col_kind(lp, p + 1, GLP_BV);
            ia[++k] = a + 1, ja[k] = p + 1, ar[k] = 1.0;
            ia[++k] = na + pp->site[p] + 1, ja[k] = p + 1,
            ar[k] = (double)areas->v[a].population * areas->v[a].weight;
        }
    for (int c = 0; c < nc; c++) {
        glp_set_col_bnds(lp, np + c + 1, GLP_LO, 0.0, 0.0);
        ia[++k] = na + c + 1, ja[k] = np + c + 1, ar[k] = -1.0;
        ia[++k] = nrow, ja[k] = np + c + 1, ar[k] = 1.0;
    }
    glp_load_matrix(lp, (int)k, ia, ja, ar);
    glp_scale_prob(lp, GLP_SF_AUTO);

    /* phase 1: least overload (skipped when the heuristic has none) */
    int relax = vsi_lst_lp_solver(pol, LST_LP_RELAX);
    double ostar = overload;
    int found = 0, optimal = 1, timed_out = 0;
    if (overload > 1e-9 && pol->responsibility == 1) {
        for (int c = 0; c < nc; c++)
            glp_set_obj_coef(lp, np + c + 1, 1.0);
        memset(start, 0, ((size_t)ncol + 1) * sizeof *start);
        double *load = vsi_lst_calloc((size_t)nc, sizeof *load);
        if (!load) {
            vsi_lst_delete(ctx, lp);
            st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
            goto done;
        }
        for (int a = 0; a < na; a++)
            if (assign[a] >= 0) {
                start[assign[a] + 1] = 1.0;
                load[pp->site[assign[a]]] += (double)areas->v[a].population * areas->v[a].weight;
            }
        for (int c = 0; c < nc; c++)
            start[np + c + 1] = fmax(0.0, load[c] - r->centre_resp_capacity[c]);
        free(load);
        double dl1 = vsi_lst_now() + pol->time_limit_s;
        int lp1 = vsi_lst_relax(ctx, lp, relax, dl1);
        timed_out = !lp1 && vsi_lst_now() >= dl1;
        if (lp1 < 0) {
            st = vs_ctx_status(ctx);
            vsi_lst_delete(ctx, lp);
            goto done;
        }
        if (lp1) {
            double b1;
            st = vsi_lst_intopt(ctx, lp, start, pol->time_limit_s, dl1, pol->mip_gap, &b1, &found,
                            &optimal);
            if (st) {
                vsi_lst_delete(ctx, lp);
                goto done;
            }
            timed_out |= !optimal;
            if (found && glp_mip_obj_val(lp) < ostar) {
                ostar = glp_mip_obj_val(lp);
                for (int a = 0; a < na; a++)
                    for (int p = pp->off[a]; p < pp->off[a + 1]; p++)
                        if (glp_mip_col_val(lp, p + 1) > 0.5)
                            sol[a] = p;
                for (int a = 0; a < na; a++)
                    if (r->area_reachable[a])
                        assign[a] = sol[a];
            }
        }
        for (int c = 0; c < nc; c++)
            glp_set_obj_coef(lp, np + c + 1, 0.0);
    }
    /* phase 2: least resident-km at overload <= O* */
    glp_set_row_bnds(lp, nrow, GLP_UP, 0.0, ostar * (1 + 1e-9) + 1e-6);
    for (int a = 0; a < na; a++)
        for (int p = pp->off[a]; p < pp->off[a + 1]; p++)
            glp_set_obj_coef(lp, p + 1, (double)areas->v[a].population * pp->km[p]);
    glp_set_obj_dir(lp, GLP_MIN);
    double *load = vsi_lst_calloc((size_t)nc, sizeof *load);
    if (!load) {
        vsi_lst_delete(ctx, lp);
        st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        goto done;
    }
    memset(start, 0, ((size_t)ncol + 1) * sizeof *start);
    double start_km = 0;
    for (int a = 0; a < na; a++)
        if (assign[a] >= 0) {
            start[assign[a] + 1] = 1.0;
            load[pp->site[assign[a]]] += (double)areas->v[a].population * areas->v[a].weight;
            start_km += (double)areas->v[a].population * pp->km[assign[a]];
        }
    for (int c = 0; c < nc; c++)
        start[np + c + 1] = fmax(0.0, load[c] - r->centre_resp_capacity[c]);
    /* warm start of the LP relaxation: the basis of the start solution (each
     * area's chosen pair basic; per centre its overload column when over
     * capacity, else its row slack; the free or total rows basic), feasible
     * for phase 2 and triangular, so no phase 1 is needed */
    for (int j = 1; j <= np; j++)
        glp_set_col_stat(lp, j, GLP_NL);
    for (int a = 0; a < na; a++) {
        if (assign[a] >= 0) {
            glp_set_col_stat(lp, assign[a] + 1, GLP_BS);
            glp_set_row_stat(lp, a + 1, GLP_NS);
        } else {
            glp_set_row_stat(lp, a + 1, r->area_reachable[a] ? GLP_NS : GLP_BS);
        }
    }
    for (int c = 0; c < nc; c++) {
        int over = load[c] > r->centre_resp_capacity[c];
        glp_set_col_stat(lp, np + c + 1, over ? GLP_BS : GLP_NL);
        glp_set_row_stat(lp, na + c + 1, over ? GLP_NU : GLP_BS);
    }
    glp_set_row_stat(lp, nrow, GLP_BS);
    free(load);
    km = start_km;
    overload = ostar;
    double dl2 = vsi_lst_now() + pol->time_limit_s;
    int lp2 = vsi_lst_relax(ctx, lp, relax, dl2);
    if (!lp2 && vsi_lst_now() < dl2) { /* numerical trouble with the warm basis */
        glp_std_basis(lp);
        lp2 = vsi_lst_simplex_until(ctx, lp, dl2);
    }
    if (lp2 < 0) {
        st = vs_ctx_status(ctx);
        vsi_lst_delete(ctx, lp);
        goto done;
    }
    if (lp2) {
        bound = glp_get_obj_val(lp);
        if (pol->responsibility == 1) {
            int opt2 = 0;
            double b2;
            st = vsi_lst_intopt(ctx, lp, start, pol->time_limit_s, dl2, pol->mip_gap, &b2, &found,
                            &opt2);
            if (st) {
                vsi_lst_delete(ctx, lp);
                goto done;
            }
            if (found) {
                bound = fmax(bound, b2);
                if (glp_mip_obj_val(lp) <= start_km) {
                    for (int a = 0; a < na; a++)
                        for (int p = pp->off[a]; p < pp->off[a + 1]; p++)
                            if (glp_mip_col_val(lp, p + 1) > 0.5)
                                assign[a] = p;
                    km = glp_mip_obj_val(lp);
                }
                method = (optimal && opt2) ? VS_RESP_OPTIMAL : VS_RESP_TIME_LIMIT;
            }
        }
    }
    vsi_lst_delete(ctx, lp);
    /* a MIP asked for and cut short by a deadline (in its LP relaxation
     * too): the best solution found, the heuristic start at worst, with the
     * time-limit status and its gap */
    if (pol->responsibility == 1 && method != VS_RESP_OPTIMAL &&
        (timed_out || vsi_lst_now() >= dl2))
        method = VS_RESP_TIME_LIMIT;

    /* record */
    r->resp_method = method;
    r->resp_person_km = 0;
    r->resp_overload = 0;
    for (int c = 0; c < nc; c++)
        r->centre_resp_units[c] = 0;
    for (int a = 0; a < na; a++) {
        if (assign[a] < 0)
            continue;
        int c = pp->site[assign[a]];
        r->area_centre[a] = c;
        r->area_km[a] = pp->km[assign[a]];
        r->centre_resp_units[c] += (double)areas->v[a].population * areas->v[a].weight;
        r->resp_person_km += (double)areas->v[a].population * pp->km[assign[a]];
    }
    for (int c = 0; c < nc; c++)
        if (r->centre_resp_units[c] > r->centre_resp_capacity[c])
            r->resp_overload += r->centre_resp_units[c] - r->centre_resp_capacity[c];
    (void)km;
    (void)overload;
    r->resp_bound = bound;
    r->resp_gap = vsi_lst_gap(r->resp_person_km, bound);
    /* the heuristic's gap is comparable only at the same overload */
    r->resp_heuristic_gap = h.overload > r->resp_overload + 1e-6 * fmax(1.0, r->resp_overload)
                                ? NAN
                                : vsi_lst_gap(r->resp_heuristic_km, bound);
    r->resp_seconds = vsi_lst_now() - t0;
done:
    free(ia);
    free(ja);
    free(ar);
    free(start);
    free(sol);
    free(h.assign);
    return st;
}
