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
 *
 * The design is a vs_flow_network_spec (centres + area -> centre flows):
 * vs_flow_network_design makes the one vs_flow_run would make, and
 * vs_flow_run_network runs on a prebuilt one (the run pipeline designs the
 * network once in its listing stage and reuses it for every discipline).
 * Both paths go through the same conversion, so a prebuilt network equal to
 * the designed one gives bit-identical results.
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

/* Residents per centre of the design (params or population / care_centres). */
static double centre_residents(const vs_region *r, const vs_flow_params *p)
{
    return isnan(p->residents_per_centre) ? (double)r->population / p->care_centres
                                          : p->residents_per_centre;
}

vs_status vs_flow_network_listing_size(vs_ctx *ctx, const vs_region *region,
                                       const vs_flow_params *params, double *residents_per_gp,
                                       double *centre_gp_fte)
{
    if (!region || !params || !residents_per_gp || !centre_gp_fte)
        return vs_ctx_fail(ctx, VS_EUSAGE, "network size: region, parameters and outputs are "
                                           "required");
    vs_status st = vs_flow_params_check(ctx, params);
    if (st)
        return st;
    const vs_region *r = region;
    double rpc = centre_residents(r, params);
    /* the engine opens at most one centre per area: a centre must hold at
     * least the mean area population */
    int n_pop = 0;
    for (int a = 0; a < r->n_areas; a++)
        n_pop += r->areas[a].population > 0;
    double rpc_l = fmax(rpc, 1.0001 * (double)r->population / (n_pop ? n_pop : 1));
    *residents_per_gp = params->residents_per_gp;
    *centre_gp_fte = rpc_l / params->residents_per_gp;
    return VS_OK;
}

void vs_flow_network_spec_destroy(vs_flow_network_spec *spec)
{
    if (!spec)
        return;
    free(spec->centres);
    free(spec->flows);
    free(spec);
}

static vs_status spec_new(vs_ctx *ctx, int n_areas, int n_centres, int n_flows,
                          vs_flow_network_spec **out)
{
    vs_flow_network_spec *s = calloc(1, sizeof *s);
    if (s) {
        s->centres = calloc((size_t)(n_centres > 0 ? n_centres : 1), sizeof *s->centres);
        s->flows = calloc((size_t)(n_flows > 0 ? n_flows : 1), sizeof *s->flows);
    }
    if (!s || !s->centres || !s->flows) {
        vs_flow_network_spec_destroy(s);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory (network)");
    }
    s->n_areas = n_areas;
    s->n_centres = n_centres;
    *out = s;
    return VS_OK;
}

/* The fallback design (population bisection per municipality). */
static vs_status design_fallback(vs_ctx *ctx, const vs_region *r, const vs_flow_params *p,
                                 vs_flow_network_spec **out)
{
    int n = r->n_areas;
    double rpc = centre_residents(r, p);
    vs_status st = VS_OK;
    bis_ctx b = {.region = r, .rpc = rpc};
    b.idx = malloc((size_t)(n ? n : 1) * sizeof *b.idx);
    b.group = malloc((size_t)(n ? n : 1) * sizeof *b.group);
    key_idx *tmp = malloc((size_t)(n ? n : 1) * sizeof *tmp);
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
    vs_flow_network_spec *s = NULL;
    if (!st)
        st = spec_new(ctx, n, 0, n, &s);
    for (int a = 0; !st && a < n; a++)
        if (r->areas[a].population > 0) {
            vs_flow_network_flow *f = &s->flows[s->n_flows++];
            f->area = a;
            f->centre = b.group[a];
            f->residents = (double)r->areas[a].population;
        }
    free(b.group);
    if (st) {
        free(b.out);
        vs_flow_network_spec_destroy(s);
        return st;
    }
    free(s->centres);
    s->centres = b.out;
    s->n_centres = b.n_centres;
    if (!s->centres) { /* no populated area: keep a valid (empty) array */
        s->centres = calloc(1, sizeof *s->centres);
        if (!s->centres) {
            vs_flow_network_spec_destroy(s);
            return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory (network)");
        }
    }
    for (int c = 0; c < s->n_centres; c++)
        s->centres[c].gp_fte = s->centres[c].residents / p->residents_per_gp;
    s->method = VS_NETWORK_FALLBACK;
    *out = s;
    return VS_OK;
}

#if FLOW_HAVE_LISTING
vs_status vs_flow_network_from_listing(vs_ctx *ctx, const vs_region *region,
                                       const vs_listing_site_result *design,
                                       vs_flow_network_spec **out)
{
    *out = NULL;
    if (!region || !design || !design->network || !design->listing)
        return vs_ctx_fail(ctx, VS_EUSAGE, "network from listing: region and a design are "
                                           "required");
    const vs_region *r = region;
    const vs_listing_result *L = design->listing;
    if (L->n_areas != r->n_areas || L->n_centres != design->network->n)
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "network from listing: the design has %d areas and %d centres, the "
                           "region %d areas and the network %d centres",
                           L->n_areas, L->n_centres, r->n_areas, design->network->n);
    int n_centres = design->network->n;
    vs_flow_network_spec *s = NULL;
    vs_status st = spec_new(ctx, r->n_areas, n_centres, L->n_flows, &s);
    if (st)
        return st;
    vs_flow_centre *centres = s->centres;
    for (int c = 0; c < n_centres; c++) {
        const vs_listing_centre *lc = &design->network->v[c];
        snprintf(centres[c].centre_id, sizeof centres[c].centre_id, "%s", lc->centre_id);
        centres[c].lat = lc->lat;
        centres[c].lon = lc->lon;
        centres[c].gp_fte = lc->gp_fte;
        centres[c].municipality = -1;
    }
    double *best = calloc((size_t)(n_centres ? n_centres : 1), sizeof *best);
    if (!best) {
        vs_flow_network_spec_destroy(s);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory (network)");
    }
    for (int i = 0; i < L->n_flows; i++) {
        const vs_listing_flow *fl = &L->flows[i];
        if (fl->area < 0 || fl->area >= r->n_areas || fl->centre < 0 || fl->centre >= n_centres) {
            free(best);
            vs_flow_network_spec_destroy(s);
            return vs_ctx_fail(ctx, VS_EUSAGE, "network from listing: flow %d out of range", i);
        }
        vs_flow_network_flow *f = &s->flows[s->n_flows++];
        f->area = fl->area;
        f->centre = fl->centre;
        f->residents = fl->residents;
        centres[fl->centre].residents += fl->residents;
        if (fl->residents > best[fl->centre]) {
            best[fl->centre] = fl->residents;
            centres[fl->centre].municipality = r->areas[fl->area].municipality;
        }
    }
    free(best);
    s->method = VS_NETWORK_LISTING;
    *out = s;
    return VS_OK;
}
#endif

vs_status vs_flow_network_design(vs_ctx *ctx, const vs_region *region,
                                 const vs_flow_params *params, vs_flow_network_spec **out)
{
    *out = NULL;
    if (!region || !params)
        return vs_ctx_fail(ctx, VS_EUSAGE, "network: region and parameters are required");
    vs_status st = vs_flow_params_check(ctx, params);
    if (st)
        return st;
    const vs_flow_params *p = params;
    int method = p->network == VS_NETWORK_AUTO
                     ? (FLOW_HAVE_LISTING ? VS_NETWORK_LISTING : VS_NETWORK_FALLBACK)
                     : (int)p->network;
    if (method == VS_NETWORK_LISTING && !FLOW_HAVE_LISTING)
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "the listing engine is not part of this build; use the fallback "
                           "network");
    if (method == VS_NETWORK_FALLBACK)
        return design_fallback(ctx, region, p, out);
#if FLOW_HAVE_LISTING
    /* the region's own care centres (centres.csv) before any designed network */
    vs_listing_centres *own = NULL;
    if ((st = vs_listing_region_centres(ctx, region, &own)))
        return st;
    if (!own && method == VS_NETWORK_CENTRES)
        return vs_ctx_fail(ctx, VS_EUSAGE, "network centres: region '%s' has no centres.csv",
                           region->name);
    double rpg, cfte, cap_used;
    vs_listing_site_result *sr = NULL;
    if (own)
        st = vs_listing_design_own(ctx, region, own, p->residents_per_gp, &cap_used, &sr);
    else if (!(st = vs_flow_network_listing_size(ctx, region, p, &rpg, &cfte)))
        st = vs_listing_design_greenfield(ctx, region, rpg, cfte, INFINITY,
                                          p->listing_time_limit_s, &sr);
    if (!st)
        st = vs_flow_network_from_listing(ctx, region, sr, out);
    if (!st && own)
        (*out)->method = VS_NETWORK_CENTRES;
    vs_listing_centres_destroy(own);
    vs_listing_site_result_destroy(sr);
    return st;
#else
    return vs_ctx_fail(ctx, VS_EUSAGE, "no network method");
#endif
}

/* A prebuilt network must fit the region: indices in range, no negative
 * numbers, no area listing more residents than it has. */
static vs_status spec_check(vs_ctx *ctx, const vs_region *r, const vs_flow_network_spec *s)
{
    if (s->n_areas != r->n_areas)
        return vs_ctx_fail(ctx, VS_EUSAGE, "prebuilt network: made for %d areas, the region has %d",
                           s->n_areas, r->n_areas);
    if (s->n_centres < 0 || s->n_flows < 0 || (s->n_centres > 0 && !s->centres)
        || (s->n_flows > 0 && !s->flows))
        return vs_ctx_fail(ctx, VS_EUSAGE, "prebuilt network: centres or flows missing");
    if (s->method != VS_NETWORK_LISTING && s->method != VS_NETWORK_FALLBACK &&
        s->method != VS_NETWORK_CENTRES)
        return vs_ctx_fail(ctx, VS_EUSAGE, "prebuilt network: unknown method %d", s->method);
    for (int c = 0; c < s->n_centres; c++)
        if (!(s->centres[c].gp_fte >= 0) || !isfinite(s->centres[c].gp_fte))
            return vs_ctx_fail(ctx, VS_EUSAGE, "prebuilt network: centre %d: gp_fte %g", c,
                               s->centres[c].gp_fte);
    for (int i = 0; i < s->n_flows; i++) {
        const vs_flow_network_flow *f = &s->flows[i];
        if (f->area < 0 || f->area >= r->n_areas || f->centre < 0 || f->centre >= s->n_centres
            || !(f->residents >= 0)
            || f->residents > (double)r->areas[f->area].population * (1 + 1e-9) + 1e-9)
            return vs_ctx_fail(ctx, VS_EUSAGE,
                               "prebuilt network: flow %d (area %d, centre %d, %g residents) "
                               "does not fit the region",
                               i, f->area, f->centre, f->residents);
    }
    return VS_OK;
}

vs_status vsi_flow_network(vs_ctx *ctx, flow_plan *plan, const double *area_requests,
                       vs_flow_result *res, const vs_flow_network_spec *prebuilt)
{
    const vs_region *r = plan->region;
    const vs_flow_params *p = &plan->p;
    int n = r->n_areas;
    vs_flow_network_spec *own = NULL;
    vs_status st = VS_OK;
    if (prebuilt)
        st = spec_check(ctx, r, prebuilt);
    else
        st = vs_flow_network_design(ctx, r, p, &own);
    if (st)
        return st;
    const vs_flow_network_spec *spec = prebuilt ? prebuilt : own;
    int n_centres = spec->n_centres, n_flows = spec->n_flows, method = spec->method;
    const vs_flow_network_flow *flows = spec->flows;
    vs_flow_centre *centres = calloc((size_t)(n_centres ? n_centres : 1), sizeof *centres);
    if (!centres) {
        vs_flow_network_spec_destroy(own);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory (network)");
    }
    if (n_centres)
        memcpy(centres, spec->centres, (size_t)n_centres * sizeof *centres);
    for (int c = 0; c < n_centres; c++)
        centres[c].requests_per_year = 0;
    /* requests per centre and their area distributions */
    plan->centres = calloc((size_t)(n_centres ? n_centres : 1), sizeof *plan->centres);
    double *w = calloc((size_t)(n ? n : 1), sizeof *w);
    double *vals = malloc((size_t)(n ? n : 1) * sizeof *vals);
    if (!plan->centres || !w || !vals)
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
            if (flows[i].centre != c)
                continue;
            int a = flows[i].area;
            double share = r->areas[a].population > 0
                               ? flows[i].residents / (double)r->areas[a].population
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
    vs_flow_network_spec_destroy(own);
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
