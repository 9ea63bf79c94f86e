/*
 * pop_file.c: a population projection the user supplies (by area or by
 * municipality), and the back-cast check (vardsim/forecast.h).
 */
#include "vardsim/forecast.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vardsim/csv.h"

/* The columns of a file of bands: the id column and pop_0_4 ... pop_80_plus. */
typedef struct band_cols {
    int id, year, band[VS_AGE_BANDS];
    int by_municipality;
} band_cols;

static vs_status find_cols(vs_ctx *ctx, vs_csv *csv, int with_year, band_cols *c)
{
    vs_status s = VS_OK;
    c->id = vs_csv_find(csv, "area_id");
    c->by_municipality = c->id < 0;
    if (c->id < 0 && (s = vs_csv_require(ctx, csv, "municipality_id", &c->id)))
        return s;
    c->year = -1;
    if (with_year && (s = vs_csv_require(ctx, csv, "year", &c->year)))
        return s;
    for (int b = 0; !s && b < VS_AGE_BANDS; b++)
        s = vs_csv_require(ctx, csv, vs_age_band_column(b), &c->band[b]);
    return s;
}

/* The bands of the current record into v[]. */
static vs_status read_bands(vs_ctx *ctx, vs_csv *csv, const band_cols *c, int64_t max,
                            double *v)
{
    for (int b = 0; b < VS_AGE_BANDS; b++) {
        int64_t x;
        vs_status s = vs_csv_int64(ctx, csv, c->band[b], 0, max, &x);
        if (s)
            return s;
        v[b] = (double)x;
    }
    return VS_OK;
}

/* Index of the record's unit (area or municipality) in the region. */
static vs_status unit_index(vs_ctx *ctx, vs_csv *csv, const band_cols *c, const vs_region *r,
                            int *u)
{
    const char *id = vs_csv_field(csv, c->id);
    *u = c->by_municipality ? vs_region_find_municipality(r, id) : vs_region_find_area(r, id);
    if (*u < 0)
        return vs_csv_fail(ctx, csv, c->id, "'%s' is not %s of region %s", id,
                           c->by_municipality ? "a municipality" : "an area", r->dir);
    return VS_OK;
}

/* Spread municipal bands (mun[y][m][b]) over the areas by base-year shares;
 * 0, or -1 when out of memory. */
static int spread(const vs_region *r, const double *mun, vs_pop_projection *p)
{
    int nm = r->n_municipalities;
    double *base = calloc((size_t)nm * VS_AGE_BANDS + 1, sizeof *base);
    int *count = calloc((size_t)nm + 1, sizeof *count);
    int ok = base && count;
    if (!ok)
        goto done;
    for (int a = 0; a < r->n_areas; a++) {
        count[r->areas[a].municipality]++;
        for (int b = 0; b < VS_AGE_BANDS; b++)
            base[(size_t)r->areas[a].municipality * VS_AGE_BANDS + b] += (double)r->areas[a].pop[b];
    }
    for (int y = 1; y < p->n_years; y++)
        for (int a = 0; a < r->n_areas; a++) {
            int m = r->areas[a].municipality;
            for (int b = 0; b < VS_AGE_BANDS; b++) {
                double t = mun[((size_t)y * nm + m) * VS_AGE_BANDS + b];
                double mb = base[(size_t)m * VS_AGE_BANDS + b];
                p->pop[((size_t)y * p->n_areas + a) * VS_AGE_BANDS + b] =
                    mb > 0 ? t * (double)r->areas[a].pop[b] / mb : t / count[m];
            }
        }
done:
    free(base);
    free(count);
    return ok ? 0 : -1;
}

/* Read every record into dst[y][unit][band]; seen[y][unit] = its line. */
static vs_status read_rows(vs_ctx *ctx, vs_csv *csv, const band_cols *c, const vs_region *r,
                           const vs_pop_projection *p, int n_units, double *dst, long *seen)
{
    int has;
    vs_status s;
    int64_t max = c->by_municipality ? VS_MAX_REGION_POPULATION : VS_MAX_AREA_POPULATION;
    while (!(s = vs_csv_next(ctx, csv, &has)) && has) {
        int64_t year;
        int u;
        if ((s = vs_csv_int64(ctx, csv, c->year, 1800, 3000, &year)))
            return s;
        if (year <= p->base_year || year > p->to_year)
            continue;
        if ((s = unit_index(ctx, csv, c, r, &u)))
            return s;
        size_t k = (size_t)(year - p->base_year) * (size_t)n_units + (size_t)u;
        if (seen[k])
            return vs_csv_fail(ctx, csv, c->id, "year %lld given twice for '%s' (first on "
                                                "line %ld)",
                               (long long)year, vs_csv_field(csv, c->id), seen[k]);
        seen[k] = vs_csv_line(csv);
        if ((s = read_bands(ctx, csv, c, max, dst + k * VS_AGE_BANDS)))
            return s;
    }
    return s;
}

/* Every (year, unit) must have a row. */
static vs_status check_complete(vs_ctx *ctx, const char *path, const band_cols *c,
                                const vs_region *r, const vs_pop_projection *p, int n_units,
                                const long *seen)
{
    for (int y = 1; y < p->n_years; y++)
        for (int u = 0; u < n_units; u++)
            if (!seen[(size_t)y * (size_t)n_units + (size_t)u])
                return vs_ctx_fail_at(
                    ctx, path, 1, "year", "no row for year %d and %s '%s' (every year %d..%d "
                                          "is needed for every %s)",
                    p->base_year + y, c->by_municipality ? "municipality" : "area",
                    c->by_municipality ? r->municipalities[u].municipality_id
                                       : r->areas[u].area_id,
                    p->base_year + 1, p->to_year, c->by_municipality ? "municipality" : "area");
    return VS_OK;
}

/* Totals as in population.c (kept in one place there for projections made
 * from rates; a loaded file fills the same fields). */
static void totals(vs_pop_projection *p)
{
    for (int y = 0; y < p->n_years; y++)
        for (int a = 0; a < p->n_areas; a++)
            for (int b = 0; b < VS_AGE_BANDS; b++) {
                double v = p->pop[((size_t)y * p->n_areas + a) * VS_AGE_BANDS + b];
                p->band_total[(size_t)y * VS_AGE_BANDS + b] += v;
                p->total[y] += v;
            }
}

vs_status vs_pop_projection_load(vs_ctx *ctx, const char *path, const vs_region *region,
                                 int to_year, vs_pop_projection **out)
{
    *out = NULL;
    static const vs_pop_params zero = {{0}, {0}, {0}, ""};
    static const vs_pop_scale one = {1, 1, 1};
    vs_pop_projection *p = NULL;
    /* a projection object of the right size, base year filled in; every
     * later cell is overwritten from the file */
    vs_status s = vs_pop_project(ctx, region, &zero, &one, to_year, &p);
    vs_csv *csv = NULL;
    band_cols c;
    if (!s)
        s = vs_csv_open(ctx, path, &csv);
    if (!s)
        s = find_cols(ctx, csv, 1, &c);
    int n_units = s ? 0 : c.by_municipality ? region->n_municipalities : region->n_areas;
    size_t cells = (size_t)(p ? p->n_years : 1) * (size_t)(n_units + 1);
    double *dst = s ? NULL : c.by_municipality ? calloc(cells * VS_AGE_BANDS, sizeof *dst) : NULL;
    long *seen = s ? NULL : calloc(cells, sizeof *seen);
    if (!s && (!seen || (c.by_municipality && !dst)))
        s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (!s)
        s = read_rows(ctx, csv, &c, region, p, n_units, c.by_municipality ? dst : p->pop, seen);
    if (!s)
        s = check_complete(ctx, path, &c, region, p, n_units, seen);
    if (!s && c.by_municipality) {
        if (spread(region, dst, p))
            s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    if (!s) {
        memset(p->total, 0, (size_t)p->n_years * sizeof *p->total);
        memset(p->band_total, 0, (size_t)p->n_years * VS_AGE_BANDS * sizeof *p->band_total);
        totals(p);
        p->user_supplied = 1;
        snprintf(p->source, sizeof p->source, "%s", path);
    }
    free(dst);
    free(seen);
    vs_csv_close(csv);
    if (s) {
        vs_pop_projection_destroy(p);
        return s;
    }
    *out = p;
    return VS_OK;
}

/* ---- back-cast ------------------------------------------------------------ */

void vs_pop_backcast_destroy(vs_pop_backcast *b)
{
    if (!b)
        return;
    free(b->id);
    free(b->projected);
    free(b->observed);
    free(b);
}

/* Read the municipal bands of from_path, project each to the region's base
 * year. */
static vs_status backcast_read(vs_ctx *ctx, const char *path, int years, const vs_region *r,
                               const vs_pop_params *p, vs_pop_backcast *bc)
{
    vs_csv *csv = NULL;
    band_cols c;
    vs_status s = vs_csv_open(ctx, path, &csv);
    if (!s && !(s = find_cols(ctx, csv, 0, &c)) && !c.by_municipality)
        s = vs_ctx_fail_at(ctx, path, 1, "municipality_id", "the back-cast needs municipal bands");
    int cap = r->n_municipalities, has;
    bc->id = calloc((size_t)cap + 1, sizeof *bc->id);
    bc->projected = calloc(((size_t)cap + 1) * VS_AGE_BANDS, sizeof *bc->projected);
    bc->observed = calloc(((size_t)cap + 1) * VS_AGE_BANDS, sizeof *bc->observed);
    if (!s && (!bc->id || !bc->projected || !bc->observed))
        s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    static const vs_pop_scale one = {1, 1, 1};
    while (!s && !(s = vs_csv_next(ctx, csv, &has)) && has) {
        int m;
        double v[VS_AGE_BANDS], w[VS_AGE_BANDS];
        if ((s = unit_index(ctx, csv, &c, r, &m)) || (s = read_bands(ctx, csv, &c,
                                                                       VS_MAX_REGION_POPULATION, v)))
            break;
        for (int i = 0; i < bc->n; i++)
            if (strcmp(bc->id[i], r->municipalities[m].municipality_id) == 0)
                s = vs_csv_fail(ctx, csv, c.id, "municipality given twice");
        if (s || bc->n >= cap)
            break;
        for (int y = 0; y < years; y++) {
            vs_pop_step(p, &one, v, w);
            memcpy(v, w, sizeof v);
        }
        memcpy(bc->projected + (size_t)bc->n * VS_AGE_BANDS, v, sizeof v);
        for (int a = 0; a < r->n_areas; a++)
            if (r->areas[a].municipality == m)
                for (int b = 0; b < VS_AGE_BANDS; b++)
                    bc->observed[(size_t)bc->n * VS_AGE_BANDS + b] += (double)r->areas[a].pop[b];
        snprintf(bc->id[bc->n++], VS_ID_MAX, "%s", r->municipalities[m].municipality_id);
    }
    vs_csv_close(csv);
    return s;
}

/* The error summaries of a filled back-cast. */
static void backcast_errors(vs_pop_backcast *bc)
{
    double tp = 0, to = 0, cell = 0, bp[VS_AGE_BANDS] = {0}, bo[VS_AGE_BANDS] = {0};
    for (int i = 0; i < bc->n; i++) {
        double mp = 0, mo = 0;
        for (int b = 0; b < VS_AGE_BANDS; b++) {
            double x = bc->projected[(size_t)i * VS_AGE_BANDS + b];
            double o = bc->observed[(size_t)i * VS_AGE_BANDS + b];
            mp += x;
            mo += o;
            bp[b] += x;
            bo[b] += o;
            cell += fabs(x - o);
        }
        double e = mo > 0 ? fabs(mp - mo) / mo : 0;
        bc->max_municipality_error = fmax(bc->max_municipality_error, e);
        bc->mean_municipality_error += e / bc->n;
        tp += mp;
        to += mo;
    }
    for (int b = 0; b < VS_AGE_BANDS; b++)
        if (bo[b] > 0)
            bc->max_band_error = fmax(bc->max_band_error, fabs(bp[b] - bo[b]) / bo[b]);
    bc->total_error = to > 0 ? (tp - to) / to : 0;
    bc->cell_error = to > 0 ? cell / to : 0;
}

vs_status vs_pop_backcast_run(vs_ctx *ctx, const char *from_path, int from_year,
                              const vs_region *region, const vs_pop_params *p,
                              vs_pop_backcast **out)
{
    *out = NULL;
    if (!region || !p || from_year > region->base_year
        || from_year < region->base_year - VS_FORECAST_MAX_YEARS)
        return vs_ctx_fail(ctx, VS_EUSAGE, "back-cast: from year %d must be before the region's "
                                           "base year",
                           from_year);
    vs_pop_backcast *bc = calloc(1, sizeof *bc);
    if (!bc)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    vs_status s = backcast_read(ctx, from_path, region->base_year - from_year, region, p, bc);
    if (s) {
        vs_pop_backcast_destroy(bc);
        return s;
    }
    backcast_errors(bc);
    *out = bc;
    return VS_OK;
}
