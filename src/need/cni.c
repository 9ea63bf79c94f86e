/*
 * cni.c: inputs of the Care Need Index, the national reference file, CNI
 * files delivered by Statistics Sweden, and the index itself.
 *
 * The index follows SCB's present method, which reproduces SCB's published
 * worked example (see docs/need.md):
 *     hits_a = sum_i w_i n_ia,   CNI_a = (hits_a / P_a) / C,
 *     C = sum_r hits_r / sum_r P_r over the reference areas r,
 * so the reference population's population-weighted mean CNI is exactly 1.
 */
#include "vardsim/csv.h"
#include "vardsim/need.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int vs_cni_var_is_proxy(int v) { return v == VS_CNI_FOREIGN_BORN; }

vs_status vs_need_inputs_from_area(vs_ctx *ctx, const vs_area *a, vs_need_inputs *out)
{
    if (!a || !out)
        return vs_ctx_fail(ctx, VS_EUSAGE, "vs_need_inputs_from_area: NULL argument");
    memset(out, 0, sizeof *out);
    for (int b = 0; b < VS_AGE_BANDS; b++) {
        out->pop[b] = a->pop[b];
        out->population += a->pop[b];
    }
    for (int v = 0; v < VS_CNI_NVARS; v++)
        out->count[v] = -1;
    out->count[VS_CNI_UNDER5] = a->pop[0];
    out->count[VS_CNI_FOREIGN_BORN] = a->foreign_background;  /* proxy, may be -1 */
    out->count[VS_CNI_LOW_EDUCATION] = a->low_education_25_64; /* may be -1 */
    return VS_OK;
}

vs_status vs_need_cni_hits(vs_ctx *ctx, int n, const vs_need_inputs *areas, const double *weight,
                           const int *used, double *hits_per_resident)
{
    double hits = 0.0, pop = 0.0;
    for (int a = 0; a < n; a++) {
        for (int v = 0; v < VS_CNI_NVARS; v++)
            if (used[v]) {
                if (areas[a].count[v] < 0)
                    return vs_ctx_fail(ctx, VS_EUSAGE,
                                       "CNI criterion %s is used but missing in area %d",
                                       vs_cni_var_name(v), a);
                hits += weight[v] * (double)areas[a].count[v];
            }
        pop += (double)areas[a].population;
    }
    if (!(pop > 0))
        return vs_ctx_fail(ctx, VS_EUSAGE, "CNI reference has no residents");
    if (!(hits > 0))
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "CNI reference has no weighted hits (no criterion is used or all "
                           "counts are zero)");
    *hits_per_resident = hits / pop;
    return VS_OK;
}

vs_status vs_need_cni_one(vs_ctx *ctx, const vs_need_inputs *area, const double *weight,
                          const int *used, double reference_hits, double *cni)
{
    if (!(reference_hits > 0))
        return vs_ctx_fail(ctx, VS_EUSAGE, "CNI reference constant must be positive");
    if (area->population <= 0) {
        *cni = NAN; /* no residents: undefined, and weightless in every mean */
        return VS_OK;
    }
    double hits = 0.0;
    for (int v = 0; v < VS_CNI_NVARS; v++)
        if (used[v]) {
            if (area->count[v] < 0)
                return vs_ctx_fail(ctx, VS_EUSAGE, "CNI criterion %s is used but missing",
                                   vs_cni_var_name(v));
            hits += weight[v] * (double)area->count[v];
        }
    *cni = hits / (double)area->population / reference_hits;
    return VS_OK;
}

double vs_need_cni_standardise(double cni_available, double weight_share)
{
    if (weight_share >= 1.0)
        return cni_available;
    return 1.0 + weight_share * (cni_available - 1.0);
}

/* ---- reference ---------------------------------------------------------- */

void vs_need_reference_destroy(vs_need_reference *ref)
{
    if (!ref)
        return;
    free(ref->areas);
    free(ref);
}

static vs_status opt_count(vs_ctx *ctx, vs_csv *csv, int col, int64_t *out)
{
    if (col < 0) {
        *out = -1;
        return VS_OK;
    }
    return vs_csv_int64(ctx, csv, col, 0, VS_MAX_AREA_POPULATION, out);
}

vs_status vs_need_reference_load(vs_ctx *ctx, const char *path, vs_need_reference **out)
{
    *out = NULL;
    vs_csv *csv;
    vs_status st = vs_csv_open(ctx, path, &csv);
    if (st)
        return st;
    vs_need_reference *ref = calloc(1, sizeof *ref);
    if (!ref) {
        vs_csv_close(csv);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    snprintf(ref->path, sizeof ref->path, "%s", path);
    int c_id, c_band[VS_AGE_BANDS];
    st = vs_csv_require(ctx, csv, "area_id", &c_id);
    for (int b = 0; b < VS_AGE_BANDS && !st; b++)
        st = vs_csv_require(ctx, csv, vs_age_band_column(b), &c_band[b]);
    int c_p2564 = vs_csv_find(csv, "pop_25_64"), c_low = vs_csv_find(csv, "low_education_25_64"),
        c_fb = vs_csv_find(csv, "foreign_background");
    if (!st && (c_low >= 0) != (c_p2564 >= 0))
        st = vs_ctx_fail_at(ctx, path, 1, c_low >= 0 ? "pop_25_64" : "low_education_25_64",
                            "low_education_25_64 and pop_25_64 must be given together");
    int cap = 0, has;
    while (!st && !(st = vs_csv_next(ctx, csv, &has)) && has) {
        if (ref->n == cap) {
            cap = cap ? 2 * cap : 1024;
            vs_need_inputs *a = realloc(ref->areas, (size_t)cap * sizeof *a);
            if (!a) {
                st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
                break;
            }
            ref->areas = a;
        }
        vs_need_inputs *a = &ref->areas[ref->n];
        memset(a, 0, sizeof *a);
        char id[VS_ID_MAX];
        if ((st = vs_csv_id(ctx, csv, c_id, id, sizeof id)))
            break;
        for (int b = 0; b < VS_AGE_BANDS && !st; b++) {
            st = vs_csv_int64(ctx, csv, c_band[b], 0, VS_MAX_AREA_POPULATION, &a->pop[b]);
            a->population += a->pop[b];
        }
        int64_t p2564, p2564_bands = 0;
        if (st || (st = opt_count(ctx, csv, c_p2564, &p2564)) ||
            (st = opt_count(ctx, csv, c_low, &a->count[VS_CNI_LOW_EDUCATION])) ||
            (st = opt_count(ctx, csv, c_fb, &a->count[VS_CNI_FOREIGN_BORN])))
            break;
        for (int b = 5; b <= 12; b++)
            p2564_bands += a->pop[b];
        if (a->count[VS_CNI_LOW_EDUCATION] > p2564) {
            st = vs_csv_fail(ctx, csv, c_low, "%lld exceeds pop_25_64 (%lld)",
                             (long long)a->count[VS_CNI_LOW_EDUCATION], (long long)p2564);
            break;
        }
        if (p2564 > p2564_bands) {
            st = vs_csv_fail(ctx, csv, c_p2564,
                             "%lld exceeds the residents aged 25-64 in the age bands (%lld)",
                             (long long)p2564, (long long)p2564_bands);
            break;
        }
        if (a->count[VS_CNI_FOREIGN_BORN] > a->population) {
            st = vs_csv_fail(ctx, csv, c_fb, "%lld exceeds the population (%lld)",
                             (long long)a->count[VS_CNI_FOREIGN_BORN], (long long)a->population);
            break;
        }
        a->count[VS_CNI_UNDER5] = a->pop[0];
        a->count[VS_CNI_65PLUS_ALONE] = a->count[VS_CNI_SINGLE_PARENT] =
            a->count[VS_CNI_MOVED_IN] = a->count[VS_CNI_UNEMPLOYED] = -1;
        ref->population += a->population;
        ref->n++;
    }
    if (!st && ref->n == 0)
        st = vs_ctx_fail_at(ctx, path, 2, NULL, "no areas (the file has only a header)");
    if (!st && ref->population <= 0)
        st = vs_ctx_fail_at(ctx, path, 0, NULL, "the reference has no residents");
    vs_csv_close(csv);
    if (st) {
        vs_need_reference_destroy(ref);
        return st;
    }
    *out = ref;
    return VS_OK;
}

/* ---- delivered CNI ------------------------------------------------------ */

void vs_cni_table_destroy(vs_cni_table *t)
{
    if (!t)
        return;
    free(t->id);
    free(t->cni);
    free(t->line);
    free(t);
}

vs_status vs_cni_table_load(vs_ctx *ctx, const char *path, vs_cni_table **out)
{
    *out = NULL;
    vs_csv *csv;
    vs_status st = vs_csv_open(ctx, path, &csv);
    if (st)
        return st;
    vs_cni_table *t = calloc(1, sizeof *t);
    if (!t) {
        vs_csv_close(csv);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    snprintf(t->path, sizeof t->path, "%s", path);
    int c_id, c_cni;
    if (!(st = vs_csv_require(ctx, csv, "id", &c_id)))
        st = vs_csv_require(ctx, csv, "cni", &c_cni);
    int cap = 0, has;
    while (!st && !(st = vs_csv_next(ctx, csv, &has)) && has) {
        if (t->n == cap) {
            cap = cap ? 2 * cap : 256;
            void *a = realloc(t->id, (size_t)cap * sizeof *t->id);
            if (a)
                t->id = a;
            void *b = realloc(t->cni, (size_t)cap * sizeof *t->cni);
            if (b)
                t->cni = b;
            void *c = realloc(t->line, (size_t)cap * sizeof *t->line);
            if (c)
                t->line = c;
            if (!a || !b || !c) {
                st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
                break;
            }
        }
        int i = t->n;
        if ((st = vs_csv_id(ctx, csv, c_id, t->id[i], sizeof t->id[i])) ||
            (st = vs_csv_double(ctx, csv, c_cni, 0, 100, &t->cni[i])))
            break;
        t->line[i] = vs_csv_line(csv);
        for (int k = 0; k < i; k++)
            if (strcmp(t->id[k], t->id[i]) == 0) {
                st = vs_csv_fail(ctx, csv, c_id, "duplicate id '%s' (first on line %ld)", t->id[i],
                                 t->line[k]);
                break;
            }
        if (st)
            break;
        t->n++;
    }
    if (!st && t->n == 0)
        st = vs_ctx_fail_at(ctx, path, 2, NULL, "no CNI values (the file has only a header)");
    vs_csv_close(csv);
    if (st) {
        vs_cni_table_destroy(t);
        return st;
    }
    *out = t;
    return VS_OK;
}
