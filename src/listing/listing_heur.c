/*
 * listing_heur.c: fast pieces of the siting heuristic that need no LP.
 *
 * 1. Max-flow in listing units (feasibility of a listing).  Source -> area a
 *    (capacity u[a] = pop[a] w[a]), area -> open site over each admissible
 *    pair (no limit), site -> sink (its capacity).  Everyone can be listed on
 *    the open sites exactly when the maximum flow equals sum_a u[a], since
 *    the listing constraints are linear in units.  Augmenting paths found by
 *    breadth-first search from every area with residual supply (Edmonds-
 *    Karp); the flow is kept between calls, so opening one more site costs
 *    only the few augmentations it allows.
 *
 * 2. Lagrangian lower bound of the siting problem (listing_site.c), with the
 *    assignment rows sum_p x[p] = 1 relaxed by multipliers lambda[a] (free;
 *    0 for areas without residents):
 *      L(lambda) = sum_a lambda[a] + sum_e V_e + min_{S, |S| <= K} sum_{j in S} (f + V_j)
 *      V_s = min { sum_{p at s} (c[p] - lambda[a]) x[p] : 0 <= x <= 1,
 *                  sum_{p at s} u[a] x[p] <= cap_s }   (c[p] = pop[a] km[p])
 *    a continuous knapsack per site, solved exactly by taking the pairs with
 *    negative reduced cost in increasing order of reduced cost per unit.
 *    Existing sites e are always open; candidates j are chosen when f + V_j
 *    is negative, at most K of them, the most negative first.  By weak
 *    duality every L(lambda) is a lower bound on the siting MIP and on its LP
 *    relaxation (the per-site problems are linear in z[j], so the Lagrangian
 *    dual equals the LP relaxation bound with strong linking; the subgradient
 *    method approaches it from below).  Subgradient g[a] = 1 - sum_p x[p],
 *    Polyak step theta (UB - L) / |g|^2, theta halved after 20 iterations
 *    without improvement; a fixed number of iterations (deterministic).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "listing_int.h"

void vsi_lst_flow_free(lst_flow *F)
{
    if (!F)
        return;
    free(F->fp);
    free(F->fin);
    free(F->fout);
    free(F->pair_area);
    free(F->by_off);
    free(F->by_pair);
    free(F->queue);
    free(F->par_area);
    free(F->par_site);
    free(F->seen_area);
    free(F->seen_site);
    memset(F, 0, sizeof *F);
}

/* Pairs by site: by_off[s] .. by_off[s+1]-1 index by_pair (pair ids). */
static int index_by_site(const lst_pairs *pp, int ns, int **off_out, int **pair_out)
{
    int *off = vsi_lst_calloc((size_t)ns + 1, sizeof *off);
    int *pr = vsi_lst_calloc((size_t)pp->n, sizeof *pr);
    int *fill = vsi_lst_calloc((size_t)ns + 1, sizeof *fill);
    if (!off || !pr || !fill) {
        free(off);
        free(pr);
        free(fill);
        return -1;
    }
    for (int p = 0; p < pp->n; p++)
        off[pp->site[p] + 1]++;
    for (int s = 0; s < ns; s++)
        off[s + 1] += off[s];
    memcpy(fill, off, ((size_t)ns + 1) * sizeof *fill);
    for (int p = 0; p < pp->n; p++)
        pr[fill[pp->site[p]]++] = p;
    free(fill);
    *off_out = off;
    *pair_out = pr;
    return 0;
}

vs_status vsi_lst_flow_init(vs_ctx *ctx, lst_flow *F, const vs_listing_areas *areas,
                        const lst_pairs *pp, int ns)
{
    memset(F, 0, sizeof *F);
    int na = areas->n, np = pp->n;
    F->na = na, F->ns = ns, F->pp = pp;
    F->fp = vsi_lst_calloc((size_t)np, sizeof *F->fp);
    F->fin = vsi_lst_calloc((size_t)na, sizeof *F->fin);
    F->fout = vsi_lst_calloc((size_t)ns, sizeof *F->fout);
    F->pair_area = vsi_lst_calloc((size_t)np, sizeof *F->pair_area);
    F->queue = vsi_lst_calloc((size_t)na, sizeof *F->queue);
    F->par_area = vsi_lst_calloc((size_t)na, sizeof *F->par_area);
    F->par_site = vsi_lst_calloc((size_t)ns, sizeof *F->par_site);
    F->seen_area = vsi_lst_calloc((size_t)na, 1);
    F->seen_site = vsi_lst_calloc((size_t)ns, 1);
    if (!F->fp || !F->fin || !F->fout || !F->pair_area || !F->queue || !F->par_area ||
        !F->par_site || !F->seen_area || !F->seen_site ||
        index_by_site(pp, ns, &F->by_off, &F->by_pair)) {
        vsi_lst_flow_free(F);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    double umax = 0;
    for (int a = 0; a < na; a++) {
        for (int p = pp->off[a]; p < pp->off[a + 1]; p++)
            F->pair_area[p] = a;
        umax = fmax(umax, (double)areas->v[a].population * areas->v[a].weight);
    }
    F->eps = 1e-12 * fmax(1.0, umax);
    return VS_OK;
}

/* Augment to a maximum flow given supplies u[a], capacities cap[s] and the
 * open sites; returns the total unrouted supply. */
double vsi_lst_flow_augment(lst_flow *F, const double *u, const double *cap,
                        const unsigned char *open)
{
    const lst_pairs *pp = F->pp;
    int na = F->na, ns = F->ns;
    double eps = F->eps;
    for (;;) {
        memset(F->seen_area, 0, (size_t)na);
        memset(F->seen_site, 0, (size_t)ns);
        int qh = 0, qt = 0;
        for (int a = 0; a < na; a++)
            if (u[a] - F->fin[a] > eps && pp->off[a + 1] > pp->off[a]) {
                F->seen_area[a] = 1;
                F->par_area[a] = -1;
                F->queue[qt++] = a;
            }
        int target = -1;
        while (qh < qt && target < 0) {
            int a = F->queue[qh++];
            for (int p = pp->off[a]; p < pp->off[a + 1] && target < 0; p++) {
                int s = pp->site[p];
                if (!open[s] || F->seen_site[s])
                    continue;
                F->seen_site[s] = 1;
                F->par_site[s] = p;
                if (cap[s] - F->fout[s] > eps) {
                    target = s;
                    break;
                }
                for (int i = F->by_off[s]; i < F->by_off[s + 1]; i++) {
                    int q = F->by_pair[i], b = F->pair_area[q];
                    if (F->fp[q] > eps && !F->seen_area[b]) {
                        F->seen_area[b] = 1;
                        F->par_area[b] = q;
                        F->queue[qt++] = b;
                    }
                }
            }
        }
        if (target < 0)
            break;
        /* bottleneck along the path back to the source */
        double bn = cap[target] - F->fout[target];
        int s = target;
        for (;;) {
            int p = F->par_site[s], a = F->pair_area[p];
            int q = F->par_area[a];
            if (q < 0) {
                bn = fmin(bn, u[a] - F->fin[a]);
                break;
            }
            bn = fmin(bn, F->fp[q]);
            s = pp->site[q];
        }
        s = target;
        F->fout[target] += bn;
        for (;;) {
            int p = F->par_site[s], a = F->pair_area[p];
            F->fp[p] += bn;
            int q = F->par_area[a];
            if (q < 0) {
                F->fin[a] += bn;
                break;
            }
            F->fp[q] -= bn;
            s = pp->site[q];
        }
    }
    double unrouted = 0;
    for (int a = 0; a < na; a++)
        if (u[a] - F->fin[a] > eps)
            unrouted += u[a] - F->fin[a];
    return unrouted;
}

typedef struct knap_item {
    double ratio; /* reduced cost per unit */
    int p;
} knap_item;

static int cmp_item(const void *x, const void *y)
{
    const knap_item *a = x, *b = y;
    if (a->ratio != b->ratio)
        return a->ratio < b->ratio ? -1 : 1;
    return (a->p > b->p) - (a->p < b->p);
}

typedef struct site_val {
    double v;
    int s;
} site_val;

static int cmp_val(const void *x, const void *y)
{
    const site_val *a = x, *b = y;
    if (a->v != b->v)
        return a->v < b->v ? -1 : 1;
    return (a->s > b->s) - (a->s < b->s);
}

vs_status vsi_lst_site_lagrangian(vs_ctx *ctx, const vs_listing_areas *areas, const lst_pairs *pp,
                              int ne, int ns, const double *capacity, double opening_cost,
                              int K, double ub, const double *x_start, int iters,
                              double *bound)
{
    int na = areas->n, np = pp->n;
    *bound = -INFINITY;
    int *by_off = NULL, *by_pair = NULL;
    double *lambda = vsi_lst_calloc((size_t)na, sizeof *lambda);
    double *best_lambda = vsi_lst_calloc((size_t)na, sizeof *best_lambda);
    double *g = vsi_lst_calloc((size_t)na, sizeof *g);
    double *val = vsi_lst_calloc((size_t)ns, sizeof *val);
    /* share of the pair in its site's knapsack */
    double *xs = vsi_lst_calloc((size_t)np, sizeof *xs);
    knap_item *items = vsi_lst_calloc((size_t)np, sizeof *items);
    site_val *cand = vsi_lst_calloc((size_t)ns, sizeof *cand);
    if (!lambda || !best_lambda || !g || !val || !xs || !items || !cand ||
        index_by_site(pp, ns, &by_off, &by_pair)) {
        free(lambda), free(best_lambda), free(g), free(val), free(xs), free(items), free(cand);
        free(by_off);
        free(by_pair);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    /* start: lambda[a] = the dearest pair cost used by the start (or the
     * nearest pair cost when there is no start) */
    for (int a = 0; a < na; a++) {
        double pop = (double)areas->v[a].population;
        if (!(pop > 0) || pp->off[a + 1] == pp->off[a])
            continue;
        double l = pop * pp->km[pp->off[a]];
        if (x_start)
            for (int p = pp->off[a]; p < pp->off[a + 1]; p++)
                if (x_start[p] > 1e-9 * pop)
                    l = fmax(l, pop * pp->km[p]);
        lambda[a] = l;
    }
    /* area of each pair, for the per-site loops */
    int *area_of = vsi_lst_calloc((size_t)np, sizeof *area_of);
    if (!area_of) {
        free(lambda), free(best_lambda), free(g), free(val), free(xs), free(items), free(cand);
        free(by_off);
        free(by_pair);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    for (int a = 0; a < na; a++)
        for (int p = pp->off[a]; p < pp->off[a + 1]; p++)
            area_of[p] = a;
    double best = -INFINITY, theta = 2.0;
    int stall = 0;
    for (int it = 0; it < iters; it++) {
        double L = 0;
        for (int a = 0; a < na; a++)
            L += lambda[a];
        /* knapsack per site */
        for (int s = 0; s < ns; s++) {
            int m = 0;
            for (int i = by_off[s]; i < by_off[s + 1]; i++) {
                int p = by_pair[i], a = area_of[p];
                xs[p] = 0;
                double pop = (double)areas->v[a].population;
                if (!(pop > 0))
                    continue;
                double r = pop * pp->km[p] - lambda[a];
                if (r < 0)
                    items[m++] = (knap_item){r / (pop * areas->v[a].weight), p};
            }
            qsort(items, (size_t)m, sizeof *items, cmp_item);
            double room = capacity[s], v = 0;
            for (int i = 0; i < m && room > 0; i++) {
                int p = items[i].p, a = area_of[p];
                double u = (double)areas->v[a].population * areas->v[a].weight;
                double take = u <= room ? 1.0 : room / u;
                xs[p] = take;
                v += take * ((double)areas->v[a].population * pp->km[p] - lambda[a]);
                room -= take * u;
            }
            val[s] = v;
        }
        /* existing sites always; candidates: at most K with f + V < 0 */
        int nc = 0;
        for (int s = 0; s < ns; s++) {
            if (s < ne)
                L += val[s];
            else
                cand[nc++] = (site_val){opening_cost + val[s], s};
        }
        qsort(cand, (size_t)nc, sizeof *cand, cmp_val);
        int take = 0;
        for (int i = 0; i < nc; i++) {
            if (take < K && cand[i].v < 0) {
                L += cand[i].v;
                take++;
            } else { /* not chosen: its pairs carry no flow */
                int s = cand[i].s;
                for (int j = by_off[s]; j < by_off[s + 1]; j++)
                    xs[by_pair[j]] = 0;
            }
        }
        if (!isfinite(best) || L > best + 1e-12 * fabs(best)) {
            best = L;
            memcpy(best_lambda, lambda, (size_t)na * sizeof *lambda);
            stall = 0;
        } else if (++stall >= 20) {
            theta /= 2;
            stall = 0;
            memcpy(lambda, best_lambda, (size_t)na * sizeof *lambda);
        }
        if (isfinite(ub) && ub - best <= 1e-9 * fmax(1.0, fabs(ub)))
            break;
        double g2 = 0;
        for (int a = 0; a < na; a++) {
            g[a] = 0;
            if (!(areas->v[a].population > 0) || pp->off[a + 1] == pp->off[a])
                continue;
            double sx = 0;
            for (int p = pp->off[a]; p < pp->off[a + 1]; p++)
                sx += xs[p];
            g[a] = 1.0 - sx;
            g2 += g[a] * g[a];
        }
        if (g2 <= 1e-18 || theta < 1e-6)
            break; /* lambda is optimal (L equals the LP bound) or no progress */
        double target = isfinite(ub) ? ub : best + fabs(best) * 0.1 + 1.0;
        double step = theta * fmax(target - L, 1e-9 * fmax(1.0, fabs(L))) / g2;
        for (int a = 0; a < na; a++)
            lambda[a] += step * g[a];
    }
    *bound = best;
    free(area_of);
    free(lambda), free(best_lambda), free(g), free(val), free(xs), free(items), free(cand);
    free(by_off);
    free(by_pair);
    return VS_OK;
}
