/*
 * network.c: the primary-care network of a flow simulation.  The default
 * region has no list of care centres, so the network is designed:
 *
 *   listing  the listing engine's greenfield design
 *            (vs_listing_design_greenfield: capacitated facility location,
 *            every resident listed at a centre of at most
 *            residents_per_centre / residents_per_gp GP FTE), when the
 *            engine is part of the build;
 *   fallback recursive population bisection: each municipality gets
 *            k = max(1, round(P_m / residents_per_centre)) centres; its
 *            areas are split in two along the longer side of their bounding
 *            box (km) at the population share floor(k/2)/k, recursively,
 *            until each group is one centre at its population-weighted
 *            centroid.  Every area belongs to one centre (nearest-centre
 *            catchments in spirit, balanced in size by construction).
 *
 * Either way a centre's GP FTE is its listed residents / residents_per_gp,
 * so the whole region has population / residents_per_gp GP FTE.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow_internal.h"

#if defined(__has_include)
#if __has_include("vardsim/listing.h")
#include "vardsim/listing.h"
#define FLOW_HAVE_LISTING 1
#endif
#endif
#ifndef FLOW_HAVE_LISTING
#define FLOW_HAVE_LISTING 0
#endif

typedef struct bis_ctx {
    const vs_region *region;
    double rpc;          /* residents per centre */
    int *idx;            /* area indices, reordered in place */
    int *group;          /* [n_areas] centre of each area */
    int n_centres, cap;
    vs_flow_centre *out;
    int muni;
} bis_ctx;

typedef struct key_idx {
    double key;
    int idx;
} key_idx;

static int cmp_key(const void *a, const void *b)
{
    const key_idx *x = a, *y = b;
    if (x->key < y->key)
        return -1;
    if (x->key > y->key)
        return 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static vs_status add_centre(vs_ctx *ctx, bis_ctx *b, const int *idx, int n)
{
    if (b->n_centres == b->cap) {
        int nc = b->cap ? 2 * b->cap : 64;
        vs_flow_centre *v = realloc(b->out, (size_t)nc * sizeof *v);
        if (!v)
            return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory (network)");
        b->out = v;
        b->cap = nc;
    }
    vs_flow_centre *c = &b->out[b->n_centres];
    memset(c, 0, sizeof *c);
    double P = 0, la = 0, lo = 0;
    for (int i = 0; i < n; i++) {
        const vs_area *a = &b->region->areas[idx[i]];
        P += (double)a->population;
        la += (double)a->population * a->lat;
        lo += (double)a->population * a->lon;
        b->group[idx[i]] = b->n_centres;
    }
    c->lat = P > 0 ? la / P : b->region->areas[idx[0]].lat;
    c->lon = P > 0 ? lo / P : b->region->areas[idx[0]].lon;
    c->residents = P;
    c->municipality = b->muni;
    snprintf(c->centre_id, sizeof c->centre_id, "C%04d", b->n_centres + 1);
    b->n_centres++;
    return VS_OK;
}

static vs_status bisect(vs_ctx *ctx, bis_ctx *b, int *idx, int n, int k, key_idx *tmp)
{
    if (k <= 1 || n <= 1)
        return add_centre(ctx, b, idx, n);
    const vs_region *r = b->region;
    double la0 = INFINITY, la1 = -INFINITY, lo0 = INFINITY, lo1 = -INFINITY, P = 0;
    for (int i = 0; i < n; i++) {
        const vs_area *a = &r->areas[idx[i]];
        la0 = fmin(la0, a->lat);
        la1 = fmax(la1, a->lat);
        lo0 = fmin(lo0, a->lon);
        lo1 = fmax(lo1, a->lon);
        P += (double)a->population;
    }
    double coslat = cos(0.5 * (la0 + la1) * M_PI / 180.0);
    int by_lat = (la1 - la0) >= (lo1 - lo0) * coslat;
    for (int i = 0; i < n; i++) {
        const vs_area *a = &r->areas[idx[i]];
        tmp[i].key = by_lat ? a->lat : a->lon;
        tmp[i].idx = idx[i];
    }
    qsort(tmp, (size_t)n, sizeof *tmp, cmp_key);
    for (int i = 0; i < n; i++)
        idx[i] = tmp[i].idx;
    int k1 = k / 2;
    double target = P * k1 / k, cum = 0;
    int cut = 0;
    while (cut < n - 1) {
        double pa = (double)r->areas[idx[cut]].population;
        if (cum + 0.5 * pa > target && cut > 0)
            break;
        cum += pa;
        cut++;
    }
    vs_status st = bisect(ctx, b, idx, cut, k1, tmp);
    if (!st)
        st = bisect(ctx, b, idx + cut, n - cut, k - k1, tmp);
    return st;
}

/* Capacity schedule of one centre: average concurrent GPs x = fte x h / L
 * over the working day of L hours; ceil(x) GPs open first for (x - floor x) L
 * hours, then floor(x) GPs for the rest of the day; closed at night and at
 * weekends.  Server-hours a weekday = fte x h exactly. */
static void schedule(flow_centre *c, double fte, double h_clin, double open_hour, double L)
{
    double x = fte * h_clin / L;
    int lo = (int)floor(x), hi = (int)ceil(x);
    double t_hi = hi == lo ? L : (x - lo) * L;
    c->n_sched = 0;
    for (int d = 0; d < 5; d++) {
        double t0 = d + open_hour / 24.0;
        c->sched_t[c->n_sched] = t0;
        c->sched_c[c->n_sched++] = hi;
        if (hi != lo) {
            c->sched_t[c->n_sched] = t0 + t_hi / 24.0;
            c->sched_c[c->n_sched++] = lo;
        }
        if (lo > 0 || hi == lo) {
            c->sched_t[c->n_sched] = t0 + L / 24.0;
            c->sched_c[c->n_sched++] = 0;
        }
    }
}

vs_status flow_network(vs_ctx *ctx, flow_plan *plan, const double *area_requests,
                       vs_flow_result *res)
{
    const vs_region *r = plan->region;
    const vs_flow_params *p = &plan->p;
    double rpc = isnan(p->residents_per_centre) ? (double)r->population / p->care_centres
                                                : p->residents_per_centre;
    int method = p->network == VS_NETWORK_AUTO
                     ? (FLOW_HAVE_LISTING ? VS_NETWORK_LISTING : VS_NETWORK_FALLBACK)
                     : (int)p->network;
    if (method == VS_NETWORK_LISTING && !FLOW_HAVE_LISTING)
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "the listing engine is not part of this build; use the fallback "
                           "network");
    int n = r->n_areas;
    /* weights[c][area] as (area, centre, residents) triples */
    int n_flows = 0;
    int *f_area = NULL, *f_centre = NULL;
    double *f_res = NULL;
    vs_flow_centre *centres = NULL;
    int n_centres = 0;
    vs_status st = VS_OK;
    if (method == VS_NETWORK_FALLBACK) {
        bis_ctx b = {.region = r, .rpc = rpc};
        b.idx = malloc((size_t)n * sizeof *b.idx);
        b.group = malloc((size_t)n * sizeof *b.group);
        key_idx *tmp = malloc((size_t)n * sizeof *tmp);
        if (!b.idx || !b.group || !tmp) {
            free(b.idx);
            free(b.group);
            free(tmp);
            return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory (network)");
        }
        for (int m = 0; !st && m < r->n_municipalities; m++) {
            int k = 0;
            for (int a = 0; a < n; a++)
                if (r->areas[a].municipality == m && r->areas[a].population > 0)
                    b.idx[k++] = a;
            if (k == 0)
                continue;
            double Pm = (double)r->municipalities[m].population;
            long nc = lround(Pm / rpc);
            if (nc < 1)
                nc = 1;
            b.muni = m;
            st = bisect(ctx, &b, b.idx, k, (int)nc, tmp);
        }
        free(tmp);
        free(b.idx);
        if (!st) {
            f_area = malloc((size_t)n * sizeof *f_area);
            f_centre = malloc((size_t)n * sizeof *f_centre);
            f_res = malloc((size_t)n * sizeof *f_res);
            if (!f_area || !f_centre || !f_res)
                st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory (network)");
            for (int a = 0; !st && a < n; a++)
                if (r->areas[a].population > 0) {
                    f_area[n_flows] = a;
                    f_centre[n_flows] = b.group[a];
                    f_res[n_flows++] = (double)r->areas[a].population;
                }
        }
        free(b.group);
        centres = b.out;
        n_centres = b.n_centres;
        for (int c = 0; c < n_centres; c++)
            centres[c].gp_fte = centres[c].residents / p->residents_per_gp;
    }
#if FLOW_HAVE_LISTING
    else {
        vs_listing_site_result *sr = NULL;
        /* the engine opens at most one centre per area: a centre must hold at
         * least the mean area population */
        int n_pop = 0;
        for (int a = 0; a < n; a++)
            n_pop += r->areas[a].population > 0;
        double rpc_l = fmax(rpc, 1.0001 * (double)r->population / (n_pop ? n_pop : 1));
        st = vs_listing_design_greenfield(ctx, r, p->residents_per_gp, rpc_l / p->residents_per_gp,
                                          INFINITY, p->listing_time_limit_s, &sr);
        if (!st) {
            const vs_listing_result *L = sr->listing;
            n_centres = sr->network->n;
            centres = calloc((size_t)(n_centres ? n_centres : 1), sizeof *centres);
            f_area = malloc((size_t)(L->n_flows + 1) * sizeof *f_area);
            f_centre = malloc((size_t)(L->n_flows + 1) * sizeof *f_centre);
            f_res = malloc((size_t)(L->n_flows + 1) * sizeof *f_res);
            if (!centres || !f_area || !f_centre || !f_res)
                st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory (network)");
            for (int c = 0; !st && c < n_centres; c++) {
                const vs_listing_centre *lc = &sr->network->v[c];
                snprintf(centres[c].centre_id, sizeof centres[c].centre_id, "%s", lc->centre_id);
                centres[c].lat = lc->lat;
                centres[c].lon = lc->lon;
                centres[c].gp_fte = lc->gp_fte;
                centres[c].municipality = -1;
            }
            double *best = st ? NULL : calloc((size_t)(n_centres ? n_centres : 1), sizeof *best);
            if (!st && !best)
                st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory (network)");
            for (int i = 0; !st && i < L->n_flows; i++) {
                const vs_listing_flow *fl = &L->flows[i];
                f_area[n_flows] = fl->area;
                f_centre[n_flows] = fl->centre;
                f_res[n_flows++] = fl->residents;
                centres[fl->centre].residents += fl->residents;
                if (fl->residents > best[fl->centre]) {
                    best[fl->centre] = fl->residents;
                    centres[fl->centre].municipality = r->areas[fl->area].municipality;
                }
            }
            free(best);
        }
        vs_listing_site_result_destroy(sr);
    }
#endif
    if (st) {
        free(centres);
        free(f_area);
        free(f_centre);
        free(f_res);
        return st;
    }
    /* requests per centre and their area distributions */
    plan->centres = calloc((size_t)(n_centres ? n_centres : 1), sizeof *plan->centres);
    double *w = calloc((size_t)(n ? n : 1), sizeof *w);
    double *vals = malloc((size_t)(n ? n : 1) * sizeof *vals);
    int *cnt = calloc((size_t)(n_centres ? n_centres : 1), sizeof *cnt);
    if (!plan->centres || !w || !vals || !cnt)
        st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory (network)");
    double h_clin = 0;
    if (!st)
        st = vs_flow_clinical_hours(ctx, p, &h_clin);
    plan->n_centres = n_centres;
    /* flows are ordered by area; gather per centre */
    for (int c = 0; !st && c < n_centres; c++) {
        int k = 0;
        double rate = 0;
        for (int i = 0; i < n_flows; i++) {
            if (f_centre[i] != c)
                continue;
            int a = f_area[i];
            double share = r->areas[a].population > 0 ? f_res[i] / (double)r->areas[a].population
                                                      : 0;
            vals[k] = a;
            w[k] = area_requests[a] * share;
            rate += w[k];
            k++;
        }
        flow_centre *fc = &plan->centres[c];
        fc->gp_fte = centres[c].gp_fte;
        fc->n_gp = fc->gp_fte > 0 ? (int)ceil(fc->gp_fte - 1e-9) : 0;
        if (fc->n_gp < 1 && fc->gp_fte > 0)
            fc->n_gp = 1;
        fc->rate_per_year = rate;
        centres[c].requests_per_year = rate;
        if (k > 0 && rate > 0)
            st = vs_dist_create_empirical(ctx, (size_t)k, vals, w, &fc->area_dist);
        schedule(fc, fc->gp_fte, h_clin, p->open_hour, p->gp_hours_per_week / 5.0);
    }
    free(w);
    free(vals);
    free(cnt);
    free(f_area);
    free(f_centre);
    free(f_res);
    if (st) {
        free(centres);
        return st;
    }
    res->network_method = method;
    res->n_centres = n_centres;
    res->centres = centres;
    res->gp_fte_total = 0;
    for (int c = 0; c < n_centres; c++)
        res->gp_fte_total += centres[c].gp_fte;
    res->clinical_hours_per_weekday = h_clin;
    return VS_OK;
}
