/*
 * compute.c: CNI per area and municipality, CNI deciles and flags, and the
 * expected yearly demand per area (see the formulas in vardsim/need.h).
 *
 * Which criteria enter the CNI is decided once for the whole run: a
 * criterion is used only when every area of the region AND every area of the
 * reference has it, so that areas and the national constant C are computed
 * on the same footing.  The need factor of each service is normalised over
 * the reference so that the national total does not depend on the
 * elasticity: the elasticity moves demand between areas, not in or out of
 * the country.
 */
#include "vardsim/need.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vs_need_options_init(vs_need_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->elasticity_override = NAN;
}

void vs_need_result_destroy(vs_need_result *r)
{
    if (!r)
        return;
    free(r->areas);
    free(r->municipalities);
    free(r);
}

/* Age-based expectation sum_b P_b r_b (bands without a rate count 0). */
static double age_expected(const vs_need_inputs *in, const double *rate)
{
    double e = 0.0;
    for (int b = 0; b < VS_AGE_BANDS; b++)
        if (!isnan(rate[b]))
            e += (double)in->pop[b] * rate[b];
    return e;
}

/* Need factor numerator CNI^e; an undefined CNI (no residents) gives 1. */
static double need_pow(double cni, double e)
{
    if (isnan(cni) || e == 0.0)
        return 1.0;
    return pow(cni, e);
}

typedef struct sort_item {
    double cni;
    const char *id;
    int index;
} sort_item;

static int cmp_item(const void *a, const void *b)
{
    const sort_item *x = a, *y = b;
    int xn = isnan(x->cni), yn = isnan(y->cni);
    if (xn != yn)
        return xn - yn; /* undefined CNI last */
    if (!xn && x->cni != y->cni)
        return x->cni < y->cni ? -1 : 1;
    return strcmp(x->id, y->id);
}

vs_status vs_need_compute(vs_ctx *ctx, const vs_region *region, const vs_need_params *params,
                          const vs_need_options *opt_in, vs_need_result **out)
{
    *out = NULL;
    if (!region || !params)
        return vs_ctx_fail(ctx, VS_EUSAGE, "vs_need_compute: NULL region or parameters");
    vs_need_options defaults;
    vs_need_options_init(&defaults);
    const vs_need_options *opt = opt_in ? opt_in : &defaults;
    if (!isnan(opt->elasticity_override) &&
        !(opt->elasticity_override >= 0 && opt->elasticity_override <= 10))
        return vs_ctx_fail(ctx, VS_EUSAGE, "need elasticity %g is out of range [0, 10]",
                           opt->elasticity_override);
    for (int s = 0; s < VS_SERVICES; s++)
        if (!isnan(params->elasticity[s]) && params->elasticity[s] < 0)
            return vs_ctx_fail(ctx, VS_EUSAGE,
                               "need_elasticity_%s is %g: the need factor must not fall with CNI",
                               vs_need_service_name(s), params->elasticity[s]);

    int n = region->n_areas;
    const vs_need_reference *ref = opt->reference;
    vs_need_result *r = calloc(1, sizeof *r);
    vs_need_inputs *in = calloc((size_t)(n ? n : 1), sizeof *in);
    sort_item *items = calloc((size_t)(n ? n : 1), sizeof *items);
    if (r) {
        r->areas = calloc((size_t)(n ? n : 1), sizeof *r->areas);
        r->municipalities =
            calloc((size_t)(region->n_municipalities ? region->n_municipalities : 1),
                   sizeof *r->municipalities);
    }
    vs_status st = VS_OK;
    if (!r || !in || !items || !r->areas || !r->municipalities) {
        st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        goto done;
    }
    r->n_areas = n;
    r->n_municipalities = region->n_municipalities;
    for (int a = 0; a < n && !st; a++)
        st = vs_need_inputs_from_area(ctx, &region->areas[a], &in[a]);
    if (st)
        goto done;

    /* 1. criteria used, and weights rescaled to the full weight sum */
    double wsum = 0.0, wused = 0.0;
    for (int v = 0; v < VS_CNI_NVARS; v++) {
        int ok = 1;
        for (int a = 0; a < n && ok; a++)
            ok = in[a].count[v] >= 0;
        for (int a = 0; ref && a < ref->n && ok; a++)
            ok = ref->areas[a].count[v] >= 0;
        r->used[v] = ok;
        r->proxy[v] = ok && vs_cni_var_is_proxy(v);
        wsum += params->cni_weight[v];
        if (ok)
            wused += params->cni_weight[v];
    }
    if (!(wused > 0)) {
        st = vs_ctx_fail(ctx, VS_EINPUT,
                         "no CNI criterion is available in both the region and the reference");
        goto done;
    }
    for (int v = 0; v < VS_CNI_NVARS; v++)
        r->weight_used[v] = r->used[v] ? params->cni_weight[v] * wsum / wused : 0.0;

    /* 2. reference constant C (national, or the region itself) */
    if (ref) {
        st = vs_need_cni_hits(ctx, ref->n, ref->areas, r->weight_used, r->used, &r->reference_hits);
        r->reference_areas = ref->n;
        r->reference_population = ref->population;
    } else {
        st = vs_need_cni_hits(ctx, n, in, r->weight_used, r->used, &r->reference_hits);
        r->reference_areas = 0;
        r->reference_population = region->population;
    }
    if (st)
        goto done;

    /* 3. CNI per area (standardised with the weight of the criteria available),
     *    then delivered values on top */
    r->cni_weight_share = wused / wsum;
    for (int a = 0; a < n && !st; a++) {
        st = vs_need_cni_one(ctx, &in[a], r->weight_used, r->used, r->reference_hits,
                             &r->areas[a].cni);
        r->areas[a].cni = vs_need_cni_standardise(r->areas[a].cni, r->cni_weight_share);
    }
    if (st)
        goto done;
    for (int a = 0; a < n; a++) /* the CNI a region delivers in areas.csv (column cni) */
        if (isfinite(region->areas[a].cni)) {
            r->areas[a].cni = region->areas[a].cni;
            r->areas[a].cni_delivered = 1;
            r->n_delivered++;
        }
    if (opt->delivered) {
        const vs_cni_table *t = opt->delivered;
        for (int i = 0; i < t->n; i++) {
            int a = vs_region_find_area(region, t->id[i]);
            if (a < 0) {
                st = vs_ctx_fail_at(ctx, t->path, t->line[i], "id",
                                    "unknown area id '%s' (not an area of region '%s')",
                                    t->id[i], region->name);
                goto done;
            }
            r->areas[a].cni = t->cni[i];
            r->n_delivered += !r->areas[a].cni_delivered;
            r->areas[a].cni_delivered = 1;
        }
    }

    /* 4. services: availability, elasticity, normalisation M_s */
    for (int s = 0; s < VS_SERVICES; s++) {
        for (int b = 0; b < VS_AGE_BANDS; b++) {
            r->band_covered[s][b] = !isnan(params->rate[s][b]);
            r->service_available[s] |= r->band_covered[s][b];
        }
        double e = !isnan(opt->elasticity_override) ? opt->elasticity_override
                                                    : params->elasticity[s];
        r->elasticity_set[s] = !isnan(e);
        r->elasticity[s] = isnan(e) ? 0.0 : e;
        double num = 0.0, den = 0.0;
        if (ref) {
            for (int k = 0; k < ref->n && !st; k++) {
                double c, w = age_expected(&ref->areas[k], params->rate[s]);
                st = vs_need_cni_one(ctx, &ref->areas[k], r->weight_used, r->used,
                                     r->reference_hits, &c);
                num += w * need_pow(c, r->elasticity[s]);
                den += w;
            }
        } else {
            for (int a = 0; a < n; a++) {
                double w = age_expected(&in[a], params->rate[s]);
                num += w * need_pow(r->areas[a].cni, r->elasticity[s]);
                den += w;
            }
        }
        if (st)
            goto done;
        r->service_norm[s] = den > 0 && num > 0 ? num / den : 1.0;
    }

    /* 5. demand per area, municipality sums */
    double pop_cni = 0.0, pop_valid = 0.0;
    for (int a = 0; a < n; a++) {
        vs_need_area *ar = &r->areas[a];
        const vs_area *ra = &region->areas[a];
        vs_need_municipality *m = &r->municipalities[ra->municipality];
        ar->above_threshold = !isnan(ar->cni) && ar->cni > params->cni_threshold;
        for (int s = 0; s < VS_SERVICES; s++) {
            ar->age_expected[s] = age_expected(&in[a], params->rate[s]);
            ar->need_factor[s] = need_pow(ar->cni, r->elasticity[s]) / r->service_norm[s];
            ar->expected[s] = r->service_available[s] ? ar->age_expected[s] * ar->need_factor[s]
                                                      : NAN;
            if (r->service_available[s]) {
                r->total[s] += ar->expected[s];
                m->expected[s] += ar->expected[s];
            }
        }
        if (!isnan(ar->cni)) {
            pop_cni += (double)ra->population * ar->cni;
            pop_valid += (double)ra->population;
            m->cni += (double)ra->population * ar->cni; /* divided below */
        }
        if (ar->above_threshold) {
            r->n_above_threshold++;
            r->pop_above_threshold += ra->population;
            m->n_above_threshold++;
            m->pop_above_threshold += ra->population;
        }
    }
    for (int s = 0; s < VS_SERVICES; s++)
        if (!r->service_available[s]) {
            r->total[s] = NAN;
            for (int i = 0; i < r->n_municipalities; i++)
                r->municipalities[i].expected[s] = NAN;
        }
    r->cni_mean = pop_valid > 0 ? pop_cni / pop_valid : NAN;
    for (int i = 0; i < r->n_municipalities; i++) {
        /* the weight is the population of areas with a defined CNI */
        double pv = 0.0;
        for (int a = 0; a < n; a++)
            if (region->areas[a].municipality == i && !isnan(r->areas[a].cni))
                pv += (double)region->areas[a].population;
        r->municipalities[i].cni = pv > 0 ? r->municipalities[i].cni / pv : NAN;
    }

    /* 6. deciles of population, areas ranked by CNI (ties by id) */
    for (int a = 0; a < n; a++) {
        items[a].cni = r->areas[a].cni;
        items[a].id = region->areas[a].area_id;
        items[a].index = a;
    }
    qsort(items, (size_t)n, sizeof *items, cmp_item);
    for (int d = 0; d < 10; d++) {
        r->deciles[d].cni_min = INFINITY;
        r->deciles[d].cni_max = -INFINITY;
        for (int s = 0; s < VS_SERVICES; s++)
            r->deciles[d].expected[s] = r->service_available[s] ? 0.0 : NAN;
    }
    double cum = 0.0;
    for (int k = 0; k < n; k++) {
        int a = items[k].index;
        vs_need_area *ar = &r->areas[a];
        double p = (double)region->areas[a].population;
        if (isnan(ar->cni) || !(pop_valid > 0)) {
            ar->decile = 0;
            continue;
        }
        int d = (int)floor(10.0 * (cum + 0.5 * p) / pop_valid);
        d = d < 0 ? 0 : d > 9 ? 9 : d;
        cum += p;
        ar->decile = d + 1;
        vs_need_decile *dc = &r->deciles[d];
        dc->n_areas++;
        dc->population += region->areas[a].population;
        dc->cni_mean += p * ar->cni;
        dc->cni_min = fmin(dc->cni_min, ar->cni);
        dc->cni_max = fmax(dc->cni_max, ar->cni);
        for (int s = 0; s < VS_SERVICES; s++)
            if (r->service_available[s])
                dc->expected[s] += ar->expected[s];
    }
    for (int d = 0; d < 10; d++) {
        vs_need_decile *dc = &r->deciles[d];
        dc->cni_mean = dc->population > 0 ? dc->cni_mean / (double)dc->population : NAN;
        if (dc->n_areas == 0)
            dc->cni_min = dc->cni_max = NAN;
    }

done:
    free(in);
    free(items);
    if (st) {
        vs_need_result_destroy(r);
        return st;
    }
    *out = r;
    return VS_OK;
}

double vs_need_expected_band(const vs_need_result *result, const vs_region *region,
                             const vs_need_params *params, int area, int service, int band)
{
    if (!result || !region || !params || area < 0 || area >= result->n_areas || service < 0 ||
        service >= VS_SERVICES || band < 0 || band >= VS_AGE_BANDS)
        return NAN;
    if (!result->service_available[service])
        return NAN;
    double rate = params->rate[service][band];
    if (isnan(rate))
        return 0.0;
    return (double)region->areas[area].pop[band] * rate *
           result->areas[area].need_factor[service];
}
