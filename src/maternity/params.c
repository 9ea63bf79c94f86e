/*
 * params.c: data/parameters/maternity.csv (vardsim/maternity.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ptable.h"
#include "core/strbuf.h"
#include "vardsim/maternity.h"

void vs_maternity_params_destroy(vs_maternity_params *p) { free(p); }

static const char *const band_suffix[VS_MAT_BANDS] = {"15_19", "20_24", "25_29", "30_34",
                                                      "35_39", "40_44", "45_49"};

/* Row prefix_SUFFIX for each fertile band. */
static vs_status bands(vs_ctx *ctx, const vsi_ptable *t, const char *prefix, double hi,
                       int allow_empty, double *out)
{
    vs_status st = VS_OK;
    for (int b = 0; !st && b < VS_MAT_BANDS; b++) {
        char name[64];
        snprintf(name, sizeof name, "%s_%s", prefix, band_suffix[b]);
        st = vsi_ptable_get(ctx, t, name, 0, hi, allow_empty, &out[b]);
    }
    return st;
}

static vs_status hours(vs_ctx *ctx, const vsi_ptable *t, vs_maternity_params *p)
{
    double sum = 0;
    for (int h = 0; h < 24; h++) {
        char name[32];
        snprintf(name, sizeof name, "hour_weight_%02d", h);
        vs_status st = vsi_ptable_get(ctx, t, name, 0, 1e6, 0, &p->hour_weight[h]);
        if (st)
            return st;
        sum += p->hour_weight[h];
    }
    if (!(sum > 0))
        return vs_ctx_fail_at(ctx, p->path, 0, "value", "hour_weight_00..23 are all 0");
    return VS_OK;
}

/* The attendance-time distribution: lognormal by median and 95th percentile,
 * unless the optional rows attend_exponential_mean_hours or
 * attend_constant_hours carry a value. */
static vs_status attend(vs_ctx *ctx, const vsi_ptable *t, vs_maternity_params *p)
{
    double v = NAN;
    vs_status st;
    if (vsi_ptable_has(t, "attend_exponential_mean_hours") &&
        (st = vsi_ptable_get(ctx, t, "attend_exponential_mean_hours", 1e-3, 1e3, 1, &v)))
        return st;
    if (!isnan(v)) {
        p->attend = VS_MAT_ATTEND_EXPONENTIAL;
        p->attend_a = v;
        return VS_OK;
    }
    if (vsi_ptable_has(t, "attend_constant_hours") &&
        (st = vsi_ptable_get(ctx, t, "attend_constant_hours", 1e-3, 1e3, 1, &v)))
        return st;
    if (!isnan(v)) {
        p->attend = VS_MAT_ATTEND_CONST;
        p->attend_a = v;
        return VS_OK;
    }
    p->attend = VS_MAT_ATTEND_LOGNORMAL;
    if ((st = vsi_ptable_get(ctx, t, "attend_median_hours", 1e-2, 1e3, 0, &p->attend_a)) ||
        (st = vsi_ptable_get(ctx, t, "attend_p95_hours", 1e-2, 1e4, 0, &p->attend_b)))
        return st;
    if (!(p->attend_b > p->attend_a))
        return vs_ctx_fail_at(ctx, p->path, 0, "value",
                              "attend_p95_hours (%g) must exceed attend_median_hours (%g)",
                              p->attend_b, p->attend_a);
    return VS_OK;
}

static vs_status read_all(vs_ctx *ctx, const vsi_ptable *t, vs_maternity_params *p)
{
    vs_status st;
    if ((st = vsi_ptable_get(ctx, t, "births_per_year", 0, 1e7, 1, &p->births_per_year)) ||
        (st = vsi_ptable_get(ctx, t, "general_fertility_per_1000", 0, 1000, 1,
                             &p->general_fertility)) ||
        (st = bands(ctx, t, "female_share", 1, 0, p->female_share)) ||
        (st = bands(ctx, t, "fertility", 1000, 1, p->fertility)) || (st = hours(ctx, t, p)) ||
        (st = attend(ctx, t, p)) ||
        (st = vsi_ptable_get(ctx, t, "attend_extra_hours", 0, 1e3, 1, &p->attend_extra_hours)) ||
        (st = vsi_ptable_get(ctx, t, "p_exceed_target", 1e-12, 0.5, 0, &p->p_exceed_target)) ||
        (st = vsi_ptable_get(ctx, t, "fte_hours_per_week", 1, 168, 0, &p->fte_hours_per_week)) ||
        (st = vsi_ptable_get(ctx, t, "absence_share", 0, 0.9, 0, &p->absence_share)) ||
        (st = vsi_ptable_get(ctx, t, "midwives_region_fte", 0, 1e6, 1, &p->midwives_region_fte)))
        return st;
    p->births_year = vsi_ptable_year(t, "births_per_year");
    p->has_fertility = 1;
    for (int b = 0; b < VS_MAT_BANDS; b++)
        if (isnan(p->fertility[b]))
            p->has_fertility = 0;
    return VS_OK;
}

vs_status vs_maternity_params_load(vs_ctx *ctx, const char *dir, vs_maternity_params **out)
{
    *out = NULL;
    vs_maternity_params *p = calloc(1, sizeof *p);
    if (!p)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    snprintf(p->path, sizeof p->path, "%s/maternity.csv", dir);
    vsi_ptable *t = NULL;
    vs_status st = vsi_ptable_load(ctx, p->path, &t);
    if (!st)
        st = read_all(ctx, t, p);
    vsi_ptable_destroy(t);
    if (st) {
        free(p);
        return st;
    }
    *out = p;
    return VS_OK;
}
