/*
 * population.c: the cohort-component projection of vardsim/forecast.h, its
 * rates (population.csv) and the back-cast check.
 */
#include "vardsim/forecast.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "vardsim/csv.h"

/* "0_4" ... "75_79", "80_plus": a band's column name without "pop_". */
static const char *band_key(int b) { return vs_age_band_column(b) + 4; }

vs_status vs_pop_params_load(vs_ctx *ctx, const char *param_dir, vs_pop_params *out)
{
    memset(out, 0, sizeof *out);
    enum { N = 3 * VS_AGE_BANDS };
    char names[N][48];
    vs_csv_param want[N];
    static const char *const family[3] = {"fertility_rate_", "mortality_rate_",
                                          "net_migration_rate_"};
    double *dst[3] = {out->fertility, out->mortality, out->migration};
    for (int f = 0; f < 3; f++)
        for (int b = 0; b < VS_AGE_BANDS; b++) {
            int i = f * VS_AGE_BANDS + b;
            snprintf(names[i], sizeof names[i], "%s%s", family[f], band_key(b));
            want[i] = (vs_csv_param){names[i], f == 2 ? -1.0 : 0.0, 1.0, &dst[f][b], 0};
        }
    int n = snprintf(out->path, sizeof out->path, "%s/population.csv", param_dir);
    if (n < 0 || (size_t)n >= sizeof out->path)
        return vs_ctx_fail(ctx, VS_EUSAGE, "forecast: parameter directory name too long");
    return vs_csv_read_params(ctx, out->path, want, N);
}

void vs_pop_step(const vs_pop_params *p, const vs_pop_scale *k, const double in[VS_AGE_BANDS],
                 double out[VS_AGE_BANDS])
{
    enum { L = VS_AGE_BANDS - 1 };
    double s[VS_AGE_BANDS], births = 0;
    for (int b = 0; b < VS_AGE_BANDS; b++) {
        s[b] = in[b] * (1.0 - k->mortality * p->mortality[b]);
        births += k->fertility * p->fertility[b] * in[b];
    }
    out[0] = 0.8 * s[0];
    for (int b = 1; b < L; b++)
        out[b] = 0.8 * s[b] + 0.2 * s[b - 1];
    out[L] = s[L] + 0.2 * s[L - 1];
    out[0] += births;
    for (int b = 0; b < VS_AGE_BANDS; b++) {
        out[b] += k->migration * p->migration[b] * in[b];
        if (!(out[b] > 0))
            out[b] = 0;
    }
}

void vs_pop_projection_destroy(vs_pop_projection *proj)
{
    if (!proj)
        return;
    free(proj->pop);
    free(proj->total);
    free(proj->band_total);
    free(proj);
}

/* An empty projection of the region's areas, base year filled in. */
static vs_status proj_new(vs_ctx *ctx, const vs_region *r, int to_year, vs_pop_projection **out)
{
    *out = NULL;
    if (!r || to_year < r->base_year || to_year > r->base_year + VS_FORECAST_MAX_YEARS)
        return vs_ctx_fail(ctx, VS_EUSAGE, "forecast: horizon %d outside %d..%d", to_year,
                           r ? r->base_year : 0, r ? r->base_year + VS_FORECAST_MAX_YEARS : 0);
    vs_pop_projection *p = calloc(1, sizeof *p);
    if (!p)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    p->base_year = r->base_year;
    p->to_year = to_year;
    p->n_years = to_year - r->base_year + 1;
    p->n_areas = r->n_areas;
    size_t cells = (size_t)p->n_years * (size_t)(r->n_areas > 0 ? r->n_areas : 1) * VS_AGE_BANDS;
    p->pop = calloc(cells, sizeof *p->pop);
    p->total = calloc((size_t)p->n_years, sizeof *p->total);
    p->band_total = calloc((size_t)p->n_years * VS_AGE_BANDS, sizeof *p->band_total);
    if (!p->pop || !p->total || !p->band_total) {
        vs_pop_projection_destroy(p);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    for (int a = 0; a < r->n_areas; a++)
        for (int b = 0; b < VS_AGE_BANDS; b++)
            p->pop[(size_t)a * VS_AGE_BANDS + b] = (double)r->areas[a].pop[b];
    *out = p;
    return VS_OK;
}

/* Region totals of every year from the area cells. */
static void proj_totals(vs_pop_projection *p)
{
    for (int y = 0; y < p->n_years; y++) {
        double *bt = p->band_total + (size_t)y * VS_AGE_BANDS;
        for (int a = 0; a < p->n_areas; a++) {
            const double *c = p->pop + ((size_t)y * p->n_areas + a) * VS_AGE_BANDS;
            for (int b = 0; b < VS_AGE_BANDS; b++)
                bt[b] += c[b];
        }
        for (int b = 0; b < VS_AGE_BANDS; b++)
            p->total[y] += bt[b];
    }
}

vs_status vs_pop_project(vs_ctx *ctx, const vs_region *region, const vs_pop_params *p,
                         const vs_pop_scale *k, int to_year, vs_pop_projection **out)
{
    if (!p || !k)
        return vs_ctx_fail(ctx, VS_EUSAGE, "forecast: rates and scale factors are required");
    vs_status s = proj_new(ctx, region, to_year, out);
    if (s)
        return s;
    vs_pop_projection *pr = *out;
    size_t year_cells = (size_t)pr->n_areas * VS_AGE_BANDS;
    for (int y = 1; y < pr->n_years; y++)
        for (int a = 0; a < pr->n_areas; a++) {
            const double *in = pr->pop + (size_t)(y - 1) * year_cells + (size_t)a * VS_AGE_BANDS;
            vs_pop_step(p, k, in, (double *)in + year_cells);
        }
    proj_totals(pr);
    snprintf(pr->source, sizeof pr->source, "%.900s (cohort-component rates)", p->path);
    return VS_OK;
}
