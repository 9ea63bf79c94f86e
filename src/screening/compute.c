/*
 * compute.c: eligible residents, invitations, participants, cost and the
 * coverage gradient by CNI decile of every programme (vardsim/screening.h has
 * the formulas; docs/screening.md the sources).
 */
#include "vardsim/screening.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double vs_screening_band_share(const vs_screening_data *d, int m, int sex, int age_min,
                               int age_max, int band)
{
    int lo = vs_age_band_lo(band), hi = vs_age_band_hi(band);
    hi = hi > VS_SCREENING_AGES - 1 ? VS_SCREENING_AGES - 1 : hi;
    int from = age_min > lo ? age_min : lo, to = age_max < hi ? age_max : hi;
    /* the municipality's counts, or the region's when it has nobody in the band */
    for (int pass = 0; pass < 2; pass++) {
        double in = 0, all = 0;
        for (int i = pass ? 0 : m; i < (pass ? d->n_municipalities : m + 1); i++)
            for (int s = 0; s < 2; s++)
                for (int y = lo; y <= hi; y++) {
                    double n = d->persons[i][s][y];
                    all += n;
                    if (y >= from && y <= to && (sex == VS_SCREENING_ALL || sex == s + 1))
                        in += n;
                }
        if (all > 0)
            return in / all;
    }
    return 0.0;
}

void vs_screening_result_destroy(vs_screening_result *r)
{
    if (!r)
        return;
    for (int p = 0; p < r->n_programmes && r->programmes; p++) {
        vs_screening_result_programme *q = &r->programmes[p];
        free(q->low);
        free(q->area_eligible);
        free(q->area_invitations);
        free(q->area_ratio);
        free(q->area_coverage);
        free(q->area_participants);
        free(q->area_cost_sek);
        free(q->municipality_eligible);
        free(q->municipality_coverage);
    }
    free(r->programmes);
    free(r);
}

/* Residents of area a under one rule with ages [amin, amax]. */
static double rule_count(const vs_region *rg, const vs_screening_data *d, int a, int sex,
                         int amin, int amax)
{
    const vs_area *ar = &rg->areas[a];
    double e = 0;
    for (int b = 0; b < VS_AGE_BANDS; b++)
        if (ar->pop[b] > 0 && vs_age_band_lo(b) <= amax && vs_age_band_hi(b) >= amin)
            e += (double)ar->pop[b] *
                 vs_screening_band_share(d, ar->municipality, sex, amin, amax, b);
    return e;
}

/* Eligible and invitations per area of programme p. */
static void eligibility(const vs_region *rg, const vs_screening_params *pp,
                        const vs_screening_data *d, int p, vs_screening_result_programme *q)
{
    for (int a = 0; a < rg->n_areas; a++) {
        double e = 0, inv = 0;
        for (int k = 0; k < pp->n_rules; k++) {
            const vs_screening_rule *r = &pp->rules[k];
            if (r->programme != p)
                continue;
            double er = rule_count(rg, d, a, r->sex, r->age_min, r->age_max);
            e += er;
            inv += r->interval_years > 0
                       ? er / r->interval_years
                       : rule_count(rg, d, a, r->sex, r->age_min, r->age_min);
        }
        q->area_eligible[a] = e;
        q->area_invitations[a] = inv;
        q->eligible += e;
        q->invitations_per_year += inv;
    }
}

/* x_a / X_p per area: measured values, missing ones filled with the
 * eligible-weighted mean of their CNI decile (or of the region). */
static void ratios(const vs_region *rg, const vs_need_result *need, const vs_screening_data *d,
                   int g, vs_screening_result_programme *q, int *missing)
{
    int n = rg->n_areas;
    double num[11] = {0}, den[11] = {0}, rnum = 0, rden = 0;
    *missing = 0;
    for (int a = 0; a < n; a++) {
        double x = d->has_proxy ? d->proxy[a][g] : NAN;
        q->area_ratio[a] = x;
        if (isnan(x)) {
            ++*missing;
            continue;
        }
        int k = need->areas[a].decile;
        num[k] += q->area_eligible[a] * x;
        den[k] += q->area_eligible[a];
        rnum += q->area_eligible[a] * x;
        rden += q->area_eligible[a];
    }
    double region = rden > 0 ? rnum / rden : NAN;
    double tx = 0, te = 0;
    for (int a = 0; a < n; a++) {
        int k = need->areas[a].decile;
        if (isnan(q->area_ratio[a]))
            q->area_ratio[a] = k && den[k] > 0 ? num[k] / den[k] : region;
        if (!isnan(q->area_ratio[a])) {
            tx += q->area_eligible[a] * q->area_ratio[a];
            te += q->area_eligible[a];
        }
    }
    double mean = te > 0 ? tx / te : NAN;
    for (int a = 0; a < n; a++)
        q->area_ratio[a] = isnan(mean) || !(mean > 0) || isnan(q->area_ratio[a])
                               ? 1.0
                               : q->area_ratio[a] / mean;
}

/* Coverage per area and decile, participants and cost. */
static void coverage(const vs_region *rg, const vs_need_result *need,
                     const vs_screening_programme *pr, vs_screening_result_programme *q)
{
    double num[10] = {0}, grad[10] = {0}, cov = 0, part = 0;
    q->coverage = pr->coverage;
    for (int a = 0; a < rg->n_areas; a++) {
        double c = pr->coverage * q->area_ratio[a];
        if (c > 1) {
            c = 1;
            q->n_capped++;
        }
        q->area_coverage[a] = c;
        q->area_participants[a] = q->area_invitations[a] * c;
        q->area_cost_sek[a] = q->area_participants[a] * pr->unit_cost_sek;
        cov += q->area_eligible[a] * c;
        part += q->area_participants[a];
        int k = need->areas[a].decile - 1;
        if (k < 0)
            continue;
        q->eligible_by_cni_decile[k] += q->area_eligible[a];
        num[k] += q->area_eligible[a] * c;
        grad[k] += q->area_eligible[a] * q->area_ratio[a];
    }
    for (int k = 0; k < 10; k++) {
        double e = q->eligible_by_cni_decile[k];
        q->coverage_by_cni_decile[k] = e > 0 ? num[k] / e : NAN;
        q->gradient_by_cni_decile[k] = e > 0 ? grad[k] / e : NAN;
    }
    for (int a = 0; a < rg->n_areas; a++) {
        int m = rg->areas[a].municipality;
        q->municipality_eligible[m] += q->area_eligible[a];
        q->municipality_coverage[m] += q->area_eligible[a] * q->area_coverage[a];
    }
    for (int m = 0; m < rg->n_municipalities; m++)
        q->municipality_coverage[m] = q->municipality_eligible[m] > 0
                                          ? q->municipality_coverage[m] /
                                                q->municipality_eligible[m]
                                          : NAN;
    q->coverage_model = q->eligible > 0 ? cov / q->eligible : NAN;
    q->participants_per_year = part;
    q->cost_sek = part * pr->unit_cost_sek;
}

/* Sort context for the low-coverage list (qsort has no user pointer). */
typedef struct low_item {
    double key;
    const char *id;
    int index;
} low_item;

static int cmp_low(const void *x, const void *y)
{
    const low_item *a = x, *b = y;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return strcmp(a->id, b->id);
}

/* The lowest-coverage areas holding VS_SCREENING_LOW_SHARE of the eligible. */
static vs_status low_areas(vs_ctx *ctx, const vs_region *rg, vs_screening_result_programme *q)
{
    int n = 0;
    low_item *it = malloc((size_t)(rg->n_areas > 0 ? rg->n_areas : 1) * sizeof *it);
    q->low = malloc((size_t)(rg->n_areas > 0 ? rg->n_areas : 1) * sizeof *q->low);
    if (!it || !q->low) {
        free(it);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    for (int a = 0; a < rg->n_areas; a++)
        if (q->area_eligible[a] > 0)
            it[n++] = (low_item){isnan(q->area_coverage[a]) ? q->area_ratio[a]
                                                            : q->area_coverage[a],
                                 rg->areas[a].area_id, a};
    qsort(it, (size_t)n, sizeof *it, cmp_low);
    double want = VS_SCREENING_LOW_SHARE * q->eligible;
    for (int k = 0; k < n && q->low_eligible < want; k++) {
        q->low[q->n_low++] = it[k].index;
        q->low_eligible += q->area_eligible[it[k].index];
    }
    free(it);
    return VS_OK;
}

static vs_status programme(vs_ctx *ctx, const vs_region *rg, const vs_need_result *need,
                           const vs_screening_params *pp, const vs_screening_data *d, int p,
                           vs_screening_result *r)
{
    vs_screening_result_programme *q = &r->programmes[p];
    size_t n = (size_t)(rg->n_areas > 0 ? rg->n_areas : 1);
    q->area_eligible = calloc(n, sizeof(double));
    q->area_invitations = calloc(n, sizeof(double));
    q->area_ratio = calloc(n, sizeof(double));
    q->area_coverage = calloc(n, sizeof(double));
    q->area_participants = calloc(n, sizeof(double));
    q->area_cost_sek = calloc(n, sizeof(double));
    size_t nm = (size_t)(rg->n_municipalities > 0 ? rg->n_municipalities : 1);
    q->municipality_eligible = calloc(nm, sizeof(double));
    q->municipality_coverage = calloc(nm, sizeof(double));
    if (!q->area_eligible || !q->area_invitations || !q->area_ratio || !q->area_coverage ||
        !q->area_participants || !q->area_cost_sek || !q->municipality_eligible ||
        !q->municipality_coverage)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    const vs_screening_programme *pr = &pp->programmes[p];
    eligibility(rg, pp, d, p, q);
    ratios(rg, need, d, pr->proxy_group, q, &r->proxy_missing[pr->proxy_group]);
    coverage(rg, need, pr, q);
    return low_areas(ctx, rg, q);
}

vs_status vs_screening_compute(vs_ctx *ctx, const vs_region *rg, const vs_need_result *need,
                               const vs_screening_params *pp, const vs_screening_data *d,
                               vs_screening_result **out)
{
    *out = NULL;
    if (need->n_areas != rg->n_areas || d->n_areas != rg->n_areas ||
        d->n_municipalities != rg->n_municipalities)
        return vs_ctx_fail(ctx, VS_EUSAGE, "screening: need result and inputs are not of this "
                                           "region");
    vs_screening_result *r = calloc(1, sizeof *r);
    if (!r)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    r->n_areas = rg->n_areas;
    r->has_proxy = d->has_proxy;
    r->programmes = calloc((size_t)(pp->n_programmes > 0 ? pp->n_programmes : 1),
                           sizeof *r->programmes);
    vs_status st = r->programmes ? VS_OK : vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (!st)
        r->n_programmes = pp->n_programmes;
    for (int p = 0; !st && p < pp->n_programmes; p++)
        if (!(st = vs_ctx_check_interrupt(ctx)))
            st = programme(ctx, rg, need, pp, d, p, r);
    if (st) {
        vs_screening_result_destroy(r);
        return st;
    }
    *out = r;
    return VS_OK;
}
