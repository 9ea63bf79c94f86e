/*
 * data.c: the screening model's region inputs, REGION/age_sex.csv (persons by
 * municipality, sex and single year of age) and the optional
 * REGION/vaccination_coverage.csv (measured coverage per area, the proxy of
 * the coverage gradient), vardsim/screening.h.
 */
#include "vardsim/csv.h"
#include "vardsim/screening.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void vs_screening_data_destroy(vs_screening_data *d)
{
    if (!d)
        return;
    free(d->persons);
    free(d->proxy);
    free(d);
}

/* One row of age_sex.csv; seen[m][sex][age] holds the line of the first. */
static vs_status age_sex_row(vs_ctx *ctx, vs_csv *csv, const int *col, const vs_region *rg,
                             vs_screening_data *d, long (*seen)[2][VS_SCREENING_AGES])
{
    static const char *const sexes[] = {"female", "male"};
    int m = vs_region_find_municipality(rg, vs_csv_field(csv, col[0]));
    if (m < 0)
        return vs_csv_fail(ctx, csv, col[0], "unknown municipality id '%s'",
                           vs_csv_field(csv, col[0]));
    int64_t age, n;
    vs_status st = vs_csv_int64(ctx, csv, col[1], 0, VS_SCREENING_AGES - 1, &age);
    if (st)
        return st;
    const char *s = vs_csv_field(csv, col[2]);
    int sex = strcmp(s, sexes[0]) == 0 ? 0 : strcmp(s, sexes[1]) == 0 ? 1 : -1;
    if (sex < 0)
        return vs_csv_fail(ctx, csv, col[2], "'%s' is not one of female, male", s);
    if ((st = vs_csv_int64(ctx, csv, col[3], 0, VS_MAX_AREA_POPULATION, &n)))
        return st;
    long *first = &seen[m][sex][age];
    if (*first)
        return vs_csv_fail(ctx, csv, col[0], "municipality %s, age %lld, %s given twice (first "
                           "on line %ld)", rg->municipalities[m].municipality_id,
                           (long long)age, s, *first);
    *first = vs_csv_line(csv);
    d->persons[m][sex][age] = (double)n;
    return VS_OK;
}

/* Every municipality, age and sex must be present. */
static vs_status age_sex_complete(vs_ctx *ctx, const vs_region *rg, const vs_screening_data *d,
                                  long (*seen)[2][VS_SCREENING_AGES])
{
    for (int m = 0; m < rg->n_municipalities; m++)
        for (int s = 0; s < 2; s++)
            for (int a = 0; a < VS_SCREENING_AGES; a++)
                if (!seen[m][s][a])
                    return vs_ctx_fail_at(ctx, d->age_sex_path, 0, "age",
                                          "no row for municipality %s, age %d, %s",
                                          rg->municipalities[m].municipality_id, a,
                                          s ? "male" : "female");
    return VS_OK;
}

static vs_status load_age_sex(vs_ctx *ctx, const vs_region *rg, vs_screening_data *d)
{
    static const char *const cols[] = {"municipality_id", "age", "sex", "persons"};
    size_t nm = rg->n_municipalities > 0 ? (size_t)rg->n_municipalities : 1;
    long(*seen)[2][VS_SCREENING_AGES] = calloc(nm, sizeof *seen);
    d->persons = calloc(nm, sizeof *d->persons);
    if (!seen || !d->persons) {
        free(seen);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    vs_csv *csv;
    vs_status st = vs_csv_open(ctx, d->age_sex_path, &csv);
    int col[4], has;
    for (int i = 0; !st && i < 4; i++)
        st = vs_csv_require(ctx, csv, cols[i], &col[i]);
    while (!st && !(st = vs_csv_next(ctx, csv, &has)) && has)
        st = age_sex_row(ctx, csv, col, rg, d, seen);
    if (!st)
        st = age_sex_complete(ctx, rg, d, seen);
    vs_csv_close(csv);
    free(seen);
    return st;
}

/* Percent of one group: the midpoint of [percent, upper], or percent when
 * upper is empty; NaN when percent is empty. */
static vs_status group_value(vs_ctx *ctx, vs_csv *csv, int c_lo, int c_hi, double *out)
{
    *out = NAN;
    if (vs_csv_empty(csv, c_lo)) {
        if (!vs_csv_empty(csv, c_hi))
            return vs_csv_fail(ctx, csv, c_hi, "an upper bound without a percent");
        return VS_OK;
    }
    double lo, hi;
    vs_status st = vs_csv_double(ctx, csv, c_lo, 0, 100, &lo);
    if (st)
        return st;
    if (vs_csv_empty(csv, c_hi)) {
        *out = lo;
        return VS_OK;
    }
    if ((st = vs_csv_double(ctx, csv, c_hi, 0, 100, &hi)))
        return st;
    if (hi < lo)
        return vs_csv_fail(ctx, csv, c_hi, "%g is below the percent %g", hi, lo);
    *out = 0.5 * (lo + hi);
    return VS_OK;
}

static vs_status load_proxy(vs_ctx *ctx, const vs_region *rg, vs_screening_data *d)
{
    static const char *const groups[VS_PROXY_GROUPS] = {"all_adults", "age_18_64",
                                                        "age_65_plus"};
    size_t na = rg->n_areas > 0 ? (size_t)rg->n_areas : 1;
    d->proxy = malloc(na * sizeof *d->proxy);
    long *seen = calloc(na, sizeof *seen);
    if (!d->proxy || !seen) {
        free(seen);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    for (size_t a = 0; a < na; a++)
        for (int g = 0; g < VS_PROXY_GROUPS; g++)
            d->proxy[a][g] = NAN;
    vs_csv *csv;
    vs_status st = vs_csv_open(ctx, d->proxy_path, &csv);
    int c_id = 0, c[VS_PROXY_GROUPS][2], has;
    if (!st)
        st = vs_csv_require(ctx, csv, "area_id", &c_id);
    for (int g = 0; !st && g < VS_PROXY_GROUPS; g++) {
        char lo[48], hi[48];
        snprintf(lo, sizeof lo, "%s_percent", groups[g]);
        snprintf(hi, sizeof hi, "%s_upper_percent", groups[g]);
        if (!(st = vs_csv_require(ctx, csv, lo, &c[g][0])))
            st = vs_csv_require(ctx, csv, hi, &c[g][1]);
    }
    while (!st && !(st = vs_csv_next(ctx, csv, &has)) && has) {
        int a = vs_region_find_area(rg, vs_csv_field(csv, c_id));
        if (a < 0)
            st = vs_csv_fail(ctx, csv, c_id, "unknown area id '%s'", vs_csv_field(csv, c_id));
        else if (seen[a])
            st = vs_csv_fail(ctx, csv, c_id, "area '%s' given twice (first on line %ld)",
                             vs_csv_field(csv, c_id), seen[a]);
        else
            seen[a] = vs_csv_line(csv);
        for (int g = 0; !st && g < VS_PROXY_GROUPS; g++)
            st = group_value(ctx, csv, c[g][0], c[g][1], &d->proxy[a][g]);
    }
    vs_csv_close(csv);
    free(seen);
    return st;
}

vs_status vs_screening_data_load(vs_ctx *ctx, const vs_region *rg, vs_screening_data **out)
{
    *out = NULL;
    vs_screening_data *d = calloc(1, sizeof *d);
    if (!d)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    d->n_municipalities = rg->n_municipalities;
    d->n_areas = rg->n_areas;
    snprintf(d->age_sex_path, sizeof d->age_sex_path, "%s/age_sex.csv", rg->dir);
    snprintf(d->proxy_path, sizeof d->proxy_path, "%s/vaccination_coverage.csv", rg->dir);
    vs_status st = load_age_sex(ctx, rg, d);
    struct stat sb;
    if (!st && stat(d->proxy_path, &sb) == 0) {
        d->has_proxy = 1;
        st = load_proxy(ctx, rg, d);
    } else if (!st && errno != ENOENT) {
        st = vs_ctx_fail(ctx, VS_EIO, "%s: %s", d->proxy_path, strerror(errno));
    }
    if (st) {
        vs_screening_data_destroy(d);
        return st;
    }
    *out = d;
    return VS_OK;
}
