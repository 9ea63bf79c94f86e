/*
 * allocate.c: needs-based split of a primary-care budget over units (areas,
 * or care centres by listed population), largest-remainder rounding to whole
 * kronor, and the concentration index.
 *
 * The budget B is split in exact (real) SEK into four parts:
 *     capitation  (1 - s_cni - s_sup - s_dist) B  by age-weighted population
 *     CNI         s_cni B                          by population x CNI
 *     supplement  s_sup B                          by population x max(0, CNI - t)
 *     distance    s_dist B                         by population x distance_km
 * Each unit's exact amount x_i is the sum of its parts; only the total x_i is
 * rounded (largest remainder), so the parts add up to B to the krona and a
 * unit that differs from another only by a higher CNI never gets less (both
 * the floor and the rank of the fractional part are monotone in x_i).
 */
#include "vardsim/need.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct frac_item {
    double frac;
    int index;
} frac_item;

static int cmp_frac_desc(const void *a, const void *b)
{
    const frac_item *x = a, *y = b;
    if (x->frac != y->frac)
        return x->frac > y->frac ? -1 : 1;
    return x->index - y->index;
}

vs_status vs_need_round_largest_remainder(vs_ctx *ctx, int n, const double *w, int64_t total,
                                          int64_t *out)
{
    if (n <= 0 || !w || !out)
        return vs_ctx_fail(ctx, VS_EUSAGE, "largest remainder: no units");
    if (total < 0 || total > INT64_C(1) << 52)
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "largest remainder: total %lld out of range [0, 2^52]",
                           (long long)total);
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        if (!isfinite(w[i]) || w[i] < 0)
            return vs_ctx_fail(ctx, VS_EUSAGE, "largest remainder: weight %d is %g (must be >= 0)",
                               i, w[i]);
        sum += w[i];
    }
    if (!(sum > 0))
        return vs_ctx_fail(ctx, VS_EUSAGE, "largest remainder: weights sum to zero");
    frac_item *f = malloc((size_t)n * sizeof *f);
    if (!f)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    int64_t assigned = 0;
    for (int i = 0; i < n; i++) {
        /* quota in long double: totals up to 2^52 keep the fraction exact enough */
        long double q = (long double)total * (long double)w[i] / (long double)sum;
        long double fl = floorl(q);
        out[i] = (int64_t)fl;
        f[i].frac = (double)(q - fl);
        f[i].index = i;
        assigned += out[i];
    }
    int64_t left = total - assigned;
    qsort(f, (size_t)n, sizeof *f, cmp_frac_desc);
    /* rounding error can leave |left| a little above or below the exact count;
     * walk the ranking cyclically so the sum is always exact */
    for (int64_t k = 0; left > 0; k++, left--)
        out[f[k % n].index]++;
    for (int64_t k = 0; left < 0; k++) {
        int i = f[n - 1 - (int)(k % n)].index;
        if (out[i] > 0) {
            out[i]--;
            left++;
        }
    }
    free(f);
    return VS_OK;
}

typedef struct rank_item {
    double key;
    int index;
} rank_item;

static int cmp_rank(const void *a, const void *b)
{
    const rank_item *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->index - y->index;
}

vs_status vs_need_concentration_index(vs_ctx *ctx, int n, const double *pop, const double *rank_by,
                                      const double *y, double *ci)
{
    if (n <= 0)
        return vs_ctx_fail(ctx, VS_EUSAGE, "concentration index: no units");
    double W = 0.0;
    for (int i = 0; i < n; i++) {
        if (!isfinite(pop[i]) || pop[i] < 0 || !isfinite(rank_by[i]) ||
            (pop[i] > 0 && !isfinite(y[i])))
            return vs_ctx_fail(ctx, VS_EUSAGE, "concentration index: unit %d has a bad value", i);
        W += pop[i];
    }
    if (!(W > 0))
        return vs_ctx_fail(ctx, VS_EUSAGE, "concentration index: zero population");
    rank_item *it = malloc((size_t)n * sizeof *it);
    if (!it)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    for (int i = 0; i < n; i++) {
        it[i].key = rank_by[i];
        it[i].index = i;
    }
    qsort(it, (size_t)n, sizeof *it, cmp_rank);
    /* fractional rank R = share ranked below + half the share of the tie group */
    double cum = 0.0, mu = 0.0, s = 0.0;
    for (int k = 0; k < n;) {
        int e = k;
        double gw = 0.0;
        while (e < n && it[e].key == it[k].key)
            gw += pop[it[e++].index] / W;
        double R = cum + 0.5 * gw;
        for (int j = k; j < e; j++) {
            int i = it[j].index;
            double w = pop[i] / W;
            if (w > 0) {
                mu += w * y[i];
                s += w * y[i] * R;
            }
        }
        cum += gw;
        k = e;
    }
    free(it);
    if (!(mu != 0))
        return vs_ctx_fail(ctx, VS_EUSAGE, "concentration index: the mean of y is zero");
    *ci = 2.0 * s / mu - 1.0;
    return VS_OK;
}

void vs_alloc_result_destroy(vs_alloc_result *r)
{
    if (!r)
        return;
    free(r->allocation_sek);
    for (int c = 0; c < VS_ALLOC_PARTS; c++)
        free(r->part_sek[c]);
    free(r->equal_per_capita_sek);
    free(r->visit_based_sek);
    free(r);
}

/* Concentration index of SEK per person against CNI. */
static vs_status ci_of(vs_ctx *ctx, const vs_alloc_units *u, const int64_t *sek, double *y,
                       double *ci)
{
    for (int i = 0; i < u->n; i++)
        y[i] = u->population[i] > 0 ? (double)sek[i] / u->population[i] : 0.0;
    return vs_need_concentration_index(ctx, u->n, u->population, u->cni, y, ci);
}

/* A share given, else the file's default, else 0. */
static double share_or_default(double given, double file_default)
{
    return !isnan(given) ? given : isnan(file_default) ? 0.0 : file_default;
}

void vs_need_alloc_params_resolve(const vs_need_params *params, const vs_alloc_params *req,
                                  vs_alloc_params *out)
{
    vs_alloc_params r = *req;
    r.cni_share = share_or_default(r.cni_share, params->alloc_cni_share);
    r.supplement_share = share_or_default(r.supplement_share, params->alloc_supplement_share);
    r.distance_share = share_or_default(r.distance_share, params->alloc_distance_share);
    if (isnan(r.threshold))
        r.threshold = params->cni_threshold;
    *out = r;
}

vs_status vs_need_allocate(vs_ctx *ctx, const vs_alloc_units *u, const vs_alloc_params *p,
                           int64_t budget, vs_alloc_result **out)
{
    *out = NULL;
    if (!u || !p || u->n <= 0 || !u->population || !u->cni)
        return vs_ctx_fail(ctx, VS_EUSAGE, "allocate: no units, population or CNI");
    if (budget <= 0 || budget > INT64_C(1) << 52)
        return vs_ctx_fail(ctx, VS_EUSAGE, "allocate: budget %lld SEK out of range [1, 2^52]",
                           (long long)budget);
    double sh[VS_ALLOC_PARTS] = {0, p->cni_share, p->supplement_share, p->distance_share};
    static const char *const share_names[VS_ALLOC_PARTS] = {"", "CNI share", "supplement share",
                                                             "distance share"};
    double others = 0.0;
    for (int c = 1; c < VS_ALLOC_PARTS; c++) {
        if (!(sh[c] >= 0 && sh[c] <= 1))
            return vs_ctx_fail(ctx, VS_EUSAGE, "allocate: %s %g out of range [0, 1]",
                               share_names[c], sh[c]);
        others += sh[c];
    }
    if (others > 1 + 1e-12)
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "allocate: CNI, supplement and distance shares sum to %g (> 1)", others);
    if (!(p->threshold > 0))
        return vs_ctx_fail(ctx, VS_EUSAGE, "allocate: CNI threshold must be positive");
    if (sh[VS_ALLOC_DISTANCE] > 0 && !u->distance_km)
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "allocate: a distance share needs a distance for every unit");
    int n = u->n;
    double psum = 0.0;
    for (int i = 0; i < n; i++) {
        if (!isfinite(u->population[i]) || u->population[i] < 0 || !isfinite(u->cni[i]) ||
            u->cni[i] < 0 || (u->age_weighted && (!isfinite(u->age_weighted[i]) ||
                                                  u->age_weighted[i] < 0)) ||
            (u->distance_km && (!isfinite(u->distance_km[i]) || u->distance_km[i] < 0)) ||
            (u->expected_visits &&
             (!isfinite(u->expected_visits[i]) || u->expected_visits[i] < 0)))
            return vs_ctx_fail(ctx, VS_EUSAGE,
                               "allocate: unit %d has a negative or non-finite value", i);
        psum += u->population[i];
    }
    if (!(psum > 0))
        return vs_ctx_fail(ctx, VS_EUSAGE, "allocate: the units have no population");

    vs_alloc_result *r = calloc(1, sizeof *r);
    double *x = calloc((size_t)n, sizeof *x), *wt = calloc((size_t)n, sizeof *wt);
    vs_status st = VS_OK;
    if (!r || !x || !wt)
        goto nomem;
    r->n = n;
    r->total_sek = budget;
    r->allocation_sek = calloc((size_t)n, sizeof *r->allocation_sek);
    r->equal_per_capita_sek = calloc((size_t)n, sizeof *r->equal_per_capita_sek);
    if (!r->allocation_sek || !r->equal_per_capita_sek)
        goto nomem;
    for (int c = 0; c < VS_ALLOC_PARTS; c++)
        if (!(r->part_sek[c] = calloc((size_t)n, sizeof *r->part_sek[c])))
            goto nomem;

    /* exact parts; an empty non-capitation part falls back to capitation */
    double B = (double)budget, cap_share = 1.0;
    for (int c = VS_ALLOC_PARTS - 1; c >= 0; c--) {
        double W = 0.0;
        for (int i = 0; i < n; i++) {
            double pop = u->population[i];
            switch (c) {
            case VS_ALLOC_CAPITATION:
                wt[i] = u->age_weighted ? u->age_weighted[i] : pop;
                break;
            case VS_ALLOC_CNI:
                wt[i] = pop * u->cni[i];
                break;
            case VS_ALLOC_SUPPLEMENT:
                wt[i] = pop * fmax(0.0, u->cni[i] - p->threshold);
                break;
            default:
                wt[i] = u->distance_km ? pop * u->distance_km[i] : 0.0;
            }
            W += wt[i];
        }
        double share = c == VS_ALLOC_CAPITATION ? cap_share : sh[c];
        if (c != VS_ALLOC_CAPITATION) {
            if (!(W > 0))
                continue; /* nothing to pay on: stays with capitation */
            cap_share -= share;
        } else if (!(W > 0)) {
            /* age weights all zero: pay capitation by population */
            for (int i = 0; i < n; i++)
                wt[i] = u->population[i];
            W = psum;
        }
        if (share <= 0)
            continue;
        for (int i = 0; i < n; i++) {
            r->part_sek[c][i] = B * share * wt[i] / W;
            x[i] += r->part_sek[c][i];
        }
        r->part_total_sek[c] = B * share;
    }
    if ((st = vs_need_round_largest_remainder(ctx, n, x, budget, r->allocation_sek)) ||
        (st = vs_need_round_largest_remainder(ctx, n, u->population, budget,
                                              r->equal_per_capita_sek)))
        goto fail;
    r->ci_visit_based = NAN;
    if (u->expected_visits) {
        double vs = 0.0;
        for (int i = 0; i < n; i++)
            vs += u->expected_visits[i];
        if (vs > 0) {
            if (!(r->visit_based_sek = calloc((size_t)n, sizeof *r->visit_based_sek)))
                goto nomem;
            if ((st = vs_need_round_largest_remainder(ctx, n, u->expected_visits, budget,
                                                      r->visit_based_sek)) ||
                (st = ci_of(ctx, u, r->visit_based_sek, wt, &r->ci_visit_based)))
                goto fail;
        }
    }
    if ((st = ci_of(ctx, u, r->allocation_sek, wt, &r->ci_allocation)) ||
        (st = ci_of(ctx, u, r->equal_per_capita_sek, wt, &r->ci_equal_per_capita)))
        goto fail;
    /* need itself: CNI against its own rank (0 when every unit has the same CNI) */
    {
        double m = 0.0;
        for (int i = 0; i < n; i++)
            m += u->population[i] * u->cni[i];
        if (m > 0)
            st = vs_need_concentration_index(ctx, n, u->population, u->cni, u->cni, &r->ci_need);
        if (st)
            goto fail;
    }
    free(x);
    free(wt);
    *out = r;
    return VS_OK;
nomem:
    st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
fail:
    free(x);
    free(wt);
    vs_alloc_result_destroy(r);
    return st;
}
