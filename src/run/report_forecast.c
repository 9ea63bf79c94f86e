/*
 * report_forecast.c: the forecast section of report.html, drawn from the
 * forecast stage's rows in the store (stage_forecast.c): a "year reached"
 * table (first year each target is met, probability it is met by the
 * horizon) and the trajectories year by year with their 95 % intervals and
 * the target as a second series.  Nothing when the run has no forecast.
 */
#include "run/report_forecast.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "run/stage.h"

/* The trajectories: up to two forecast metrics, and the target they are
 * judged against ("" none). */
static const struct {
    const char *id, *title, *unit, *m1, *m2, *target;
} charts[] = {
    {"fc-population", "Population", "residents", "population", NULL, ""},
    {"fc-gp-fte", "GP FTE needed for 1,100 per GP and GP FTE supplied", "GP FTE",
     "gp_fte_needed", "gp_fte_supply", ""},
    {"fc-listed", "Listed residents per GP FTE", "residents per GP FTE", "listed_per_gp", NULL,
     "listed_per_gp"},
    {"fc-coverage", "Fixed-GP coverage achievable", "share", "fixed_gp_coverage", NULL,
     "fixed_gp_coverage"},
    {"fc-beds", "Beds needed for the occupancy target and beds staffed", "beds", "beds_needed",
     "beds_staffed", ""},
    {"fc-occupancy", "Occupancy of the staffed beds", "share", "occupancy", NULL, "occupancy"},
    {"fc-pc-share", "Primary-care share of the health budget", "share", "primary_care_share",
     NULL, "primary_care_share_2030"},
    {"fc-agency", "Agency staff as a share of the reference year's", "share",
     "agency_vs_reference", NULL, "agency_staff_2027"},
    {"fc-costs", "Agency staff cost and the cost of the GPs the cap needs", "SEK per year",
     "agency_cost_sek", "gp_cost_sek", ""},
};

typedef struct fc_rep {
    vs_ctx *ctx;
    vs_report *rep;
    const vs_run_targets *targets;
    vs_metric_list *ml;
    int *years, n_years;
    vs_status s;
} fc_rep;

/* The metric `name` of year index y, or NULL. */
static const vs_metric *find(const fc_rep *f, const char *name, int year)
{
    for (int i = 0; i < f->ml->n; i++)
        if (f->ml->items[i].year == year && strcmp(f->ml->items[i].name, name) == 0)
            return &f->ml->items[i];
    return NULL;
}

/* Fill series s of a chart from forecast_<name> of every year. */
static void fill_series(const fc_rep *f, const char *name, int s, double *v, double *lo,
                        double *hi)
{
    char key[96];
    snprintf(key, sizeof key, "forecast_%s", name);
    for (int y = 0; y < f->n_years; y++) {
        const vs_metric *m = find(f, key, f->years[y]);
        size_t k = (size_t)s * (size_t)f->n_years + (size_t)y;
        v[k] = m ? m->value : NAN;
        lo[k] = m ? m->ci_low : NAN;
        hi[k] = m ? m->ci_high : NAN;
    }
}

static void chart(fc_rep *f, int c, const char *const *labels)
{
    const vsi_target_def *t = *charts[c].target ? vsi_targets_find(f->targets, charts[c].target)
                                                : NULL;
    int ns = 1 + (charts[c].m2 != NULL) + (t != NULL);
    size_t n = (size_t)ns * (size_t)f->n_years;
    double *v = malloc(3 * n * sizeof *v);
    char *tname = t ? vsi_strdup_printf("target %s %g", t->comparator, t->value) : NULL;
    if (!v || (t && !tname)) {
        free(v);
        free(tname);
        f->s = vs_ctx_fail(f->ctx, VS_ENOMEM, "out of memory");
        return;
    }
    double *lo = v + n, *hi = v + 2 * n;
    const char *series[3] = {charts[c].m1, charts[c].m2 ? charts[c].m2 : tname, tname};
    fill_series(f, charts[c].m1, 0, v, lo, hi);
    if (charts[c].m2)
        fill_series(f, charts[c].m2, 1, v, lo, hi);
    for (int y = 0; t && y < f->n_years; y++) {
        size_t k = (size_t)(ns - 1) * (size_t)f->n_years + (size_t)y;
        v[k] = t->value;
        lo[k] = hi[k] = NAN;
    }
    vs_report_bars b = {charts[c].id, charts[c].title, "year", charts[c].unit,
                        "Central run (every range of the scenario at its midpoint); whiskers: "
                        "2.5 % and 97.5 % quantiles of the Monte Carlo runs (docs/forecast.md).",
                        ns, f->n_years, series, labels, v, lo, hi};
    f->s = vs_report_add_bar_chart(f->ctx, f->rep, &b);
    free(v);
    free(tname);
}

/* The "year reached" table from the base year's target rows. */
static void year_reached(fc_rep *f)
{
    int base = f->years[0], last = f->years[f->n_years - 1], n = 0;
    enum { C = 5 };
    const char **cells = calloc((size_t)f->ml->n * C + C, sizeof *cells);
    vsi_buf text = VSI_BUF_INIT; /* NUL-separated cell texts */
    size_t *off = calloc((size_t)f->ml->n * C + C, sizeof *off);
    if (!cells || !off) {
        f->s = vs_ctx_fail(f->ctx, VS_ENOMEM, "out of memory");
        goto out;
    }
    for (int i = 0; i < f->ml->n; i++) {
        const vs_metric *m = &f->ml->items[i];
        const char *id = m->name + strlen("forecast_year_met_");
        if (m->year != base || strncmp(m->name, "forecast_year_met_", 18) != 0)
            continue;
        char pkey[128], dkey[160];
        snprintf(pkey, sizeof pkey, "forecast_probability_met_%s", id);
        snprintf(dkey, sizeof dkey, "forecast_probability_met_by_deadline_%s", id);
        const vs_metric *p = find(f, pkey, base), *pd = find(f, dkey, base);
        const vsi_target_def *t = vsi_targets_find(f->targets, id);
        off[C * n] = vsi_buf_len(&text);
        vsi_buf_printf(&text, "%s", t ? t->label : id);
        vsi_buf_append(&text, "", 1);
        off[C * n + 1] = vsi_buf_len(&text);
        if (isnan(m->value))
            vsi_buf_printf(&text, "not by %d", last);
        else
            vsi_buf_printf(&text, "%.0f", m->value);
        vsi_buf_append(&text, "", 1);
        off[C * n + 2] = vsi_buf_len(&text);
        vsi_buf_printf(&text, "%.3f", p ? p->value : NAN);
        vsi_buf_append(&text, "", 1);
        off[C * n + 3] = vsi_buf_len(&text);
        if (pd)
            vsi_buf_printf(&text, "%.3f", pd->value);
        else
            vsi_buf_puts(&text, "-");
        vsi_buf_append(&text, "", 1);
        off[C * n + 4] = vsi_buf_len(&text);
        vsi_buf_printf(&text, "%s", t ? t->source : "");
        vsi_buf_append(&text, "", 1);
        n++;
    }
    if (vsi_buf_failed(&text)) {
        f->s = vs_ctx_fail(f->ctx, VS_ENOMEM, "out of memory");
        goto out;
    }
    for (int k = 0; k < C * n; k++)
        cells[k] = vsi_buf_str(&text) + off[k];
    static const char *const hdr[] = {"target", "first year met (central run)",
                                      "probability met by the horizon",
                                      "probability met by the target's year", "target source"};
    if (n > 0)
        f->s = vs_report_add_table(f->ctx, f->rep, "forecast-year-reached", C, hdr, n, cells);
out:
    free(cells);
    free(off);
    vsi_buf_free(&text);
}

vs_status vsi_report_forecast(vs_ctx *ctx, vs_store *st, int64_t run_id,
                              const vs_run_targets *targets, vs_report *rep)
{
    fc_rep f = {ctx, rep, targets, NULL, NULL, 0, VS_OK};
    if ((f.s = vs_store_read_metrics(ctx, st, run_id, &f.ml)))
        return f.s;
    int have = 0;
    for (int i = 0; i < f.ml->n && !have; i++)
        have = strncmp(f.ml->items[i].name, "forecast_", 9) == 0;
    if (have)
        f.s = vs_store_read_years(ctx, st, run_id, &f.years, &f.n_years);
    char (*lab)[16] = have && !f.s ? calloc((size_t)f.n_years + 1, sizeof *lab) : NULL;
    const char **labels = lab ? calloc((size_t)f.n_years + 1, sizeof *labels) : NULL;
    if (have && !f.s && (!lab || !labels))
        f.s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    for (int y = 0; labels && y < f.n_years; y++) {
        snprintf(lab[y], sizeof lab[y], "%d", f.years[y]);
        labels[y] = lab[y];
    }
    if (have && !f.s && f.n_years > 0) {
        year_reached(&f);
        for (size_t c = 0; !f.s && c < sizeof charts / sizeof charts[0]; c++)
            chart(&f, (int)c, labels);
    }
    free(labels);
    free(lab);
    free(f.years);
    vs_metric_list_free(f.ml);
    return f.s;
}
