/*
 * report.c: report.html of a run, drawn only from what the results store
 * holds (vs_run_write_report, vardsim/run.h).  Sections: run header,
 * scorecard (with the documents' targets not computed by this run), notes,
 * key figures, charts and maps, scenario parameters.
 */
#include "run/stage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "run/report_validation.h"
#include "vardsim/report.h"
#include "vardsim/store.h"

/* What the report is drawn from, and its first error. */
typedef struct rep_state {
    vs_ctx *ctx;
    vs_store *st;
    int64_t run_id;
    const vs_run_targets *targets; /* NULL: no list of targets not computed */
    vs_report *rep;
    vs_report_geo *geo;       /* NULL: no maps */
    vs_store_run run;
    char *run_strings;
    vs_metric_list *ml;
    vs_score_list *sl;
    vs_chart_list *cl;
    vs_param_list *pl, *nl;
    int *years, n_years;      /* the years the run has results for */
    char **names;             /* "name (year)" texts of a run with several years */
    int n_names;
    vs_status s;
} rep_state;

/* Read everything but the series and unit values from the store. */
static void rep_read(rep_state *r, const char *geojson_path)
{
    vs_ctx *ctx = r->ctx;
    if ((r->s = vs_store_read_run(ctx, r->st, r->run_id, &r->run, &r->run_strings))
        || (r->s = vs_store_read_metrics(ctx, r->st, r->run_id, &r->ml))
        || (r->s = vs_store_read_scorecard(ctx, r->st, r->run_id, &r->sl))
        || (r->s = vs_store_read_charts(ctx, r->st, r->run_id, &r->cl))
        || (r->s = vs_store_read_parameters(ctx, r->st, r->run_id, &r->pl))
        || (r->s = vs_store_read_notes(ctx, r->st, r->run_id, &r->nl)))
        return;
    if ((r->s = vs_store_read_years(ctx, r->st, r->run_id, &r->years, &r->n_years)))
        return;
    int has_map = 0;
    for (int i = 0; i < r->cl->n; i++)
        has_map |= strcmp(r->cl->items[i].kind, "map") == 0;
    if (has_map && geojson_path && access(geojson_path, R_OK) == 0)
        r->s = vs_report_geo_load(ctx, geojson_path, &r->geo);
}

/* text and year as fmt makes them ("%s (%d)" for labels, "%s-%d" for HTML
 * ids), kept until the report is written; text itself for a run with one
 * year. */
static const char *year_fmt(rep_state *r, const char *fmt, const char *text, int year)
{
    if (r->n_years <= 1 || r->s)
        return text;
    char **p = realloc(r->names, ((size_t)r->n_names + 1) * sizeof *p);
    char *t = vsi_strdup_printf(fmt, text, year);
    if (p)
        r->names = p;
    if (!p || !t) {
        free(t);
        r->s = vs_ctx_fail(r->ctx, VS_ENOMEM, "out of memory");
        return text;
    }
    r->names[r->n_names++] = t;
    return t;
}

static const char *with_year(rep_state *r, const char *text, int year)
{
    return year_fmt(r, "%s (%d)", text, year);
}

/* A table of n rows of `cols` strings (cells row by row). */
static void rep_table(rep_state *r, const char *id, int cols, const char *const *hdr, int n,
                      const char **cells)
{
    if (!r->s)
        r->s = vs_report_add_table(r->ctx, r->rep, id, cols, hdr, n, cells);
}

static void rep_heading(rep_state *r, const char *id, const char *text)
{
    if (!r->s)
        r->s = vs_report_add_heading(r->ctx, r->rep, id, 2, text);
}

static void rep_paragraph(rep_state *r, const char *text)
{
    if (!r->s)
        r->s = vs_report_add_paragraph(r->ctx, r->rep, text);
}

static void rep_header(rep_state *r)
{
    if (r->s)
        return;
    const vs_store_run *run = &r->run;
    vsi_buf title = VSI_BUF_INIT, v = VSI_BUF_INIT;
    vsi_buf_printf(&title, "vardsim: scenario %s, %s", run->scenario, run->region);
    if (!r->s)
        r->s = vs_report_create(r->ctx, vsi_buf_str(&title), &r->rep);
    rep_heading(r, "run", "Run");
    /* the numbers as text, NUL-separated in one buffer */
    vsi_buf_printf(&v, "%llu", (unsigned long long)run->seed);
    size_t o1 = vsi_buf_len(&v) + 1;
    vsi_buf_append(&v, "", 1);
    vsi_buf_printf(&v, "%d", run->replications);
    size_t o2 = vsi_buf_len(&v) + 1;
    vsi_buf_append(&v, "", 1);
    vsi_buf_printf(&v, "%d", run->threads);
    size_t o3 = vsi_buf_len(&v) + 1;
    vsi_buf_append(&v, "", 1);
    vsi_buf_printf(&v, "%lld", (long long)r->run_id);
    if ((vsi_buf_failed(&title) || vsi_buf_failed(&v)) && !r->s)
        r->s = vs_ctx_fail(r->ctx, VS_ENOMEM, "out of memory");
    const char *t = vsi_buf_str(&v);
    const char *hdr[] = {"field", "value"};
    const char *cells[] = {"scenario", run->scenario, "scenario file", run->scenario_file,
                           "scenario hash (FNV-1a 64)", run->scenario_hash, "region",
                           run->region, "region directory", run->region_dir, "seed", t,
                           "replications", t + o1, "threads", t + o2, "vardsim version",
                           run->version, "created at (UTC)", run->created_at, "run_id",
                           t + o3};
    if (!r->s)
        rep_table(r, "run-meta", 2, hdr, 11, cells);
    vsi_buf_free(&title);
    vsi_buf_free(&v);
    rep_paragraph(r, "Every number in this report is read back from results.sqlite in the same "
                     "directory; the CSV files beside it are exports of the same tables.");
}

/* The scorecard, then the documents' targets (targets.csv) this run did not
 * compute. */
static void rep_scorecard(rep_state *r)
{
    if (r->s)
        return;
    rep_heading(r, "scorecard-section", "Scorecard");
    for (int i = 0; r->n_years > 1 && i < r->sl->n; i++)
        r->sl->items[i].label = with_year(r, r->sl->items[i].label, r->sl->items[i].year);
    if (!r->s)
        r->s = vs_report_add_scorecard(r->ctx, r->rep, r->sl->items, r->sl->n);
    vsi_buf pending = VSI_BUF_INIT;
    for (int k = 0; k < vsi_targets_count(r->targets); k++) {
        const vsi_target_def *t = vsi_targets_at(r->targets, k);
        int found = 0;
        for (int i = 0; i < r->sl->n; i++)
            found |= strcmp(r->sl->items[i].target_id, t->id) == 0;
        if (!found)
            vsi_buf_printf(&pending, "%s%s", vsi_buf_len(&pending) ? "; " : "", t->label);
    }
    if (vsi_buf_len(&pending)) {
        char *para = vsi_strdup_printf(
            "Not yet computed by this version, so not shown (no value is assumed): %s.",
            vsi_buf_str(&pending));
        if (!para && !r->s)
            r->s = vs_ctx_fail(r->ctx, VS_ENOMEM, "out of memory");
        if (para)
            rep_paragraph(r, para);
        free(para);
    } else if (vsi_buf_failed(&pending) && !r->s)
        r->s = vs_ctx_fail(r->ctx, VS_ENOMEM, "out of memory");
    vsi_buf_free(&pending);
}

/* A two- or three-column table of a parameter or note list. */
static void rep_pairs(rep_state *r, const char *id, const vs_param_list *l, int cols,
                      const char *const *hdr)
{
    const char **cells = malloc(((size_t)l->n * (size_t)cols + 1) * sizeof *cells);
    if (!cells && !r->s)
        r->s = vs_ctx_fail(r->ctx, VS_ENOMEM, "out of memory");
    for (int i = 0; cells && i < l->n; i++) {
        const char *v[3] = {l->items[i].key, l->items[i].value, l->items[i].source};
        for (int c = 0; c < cols; c++)
            cells[(size_t)cols * (size_t)i + (size_t)c] = v[c];
    }
    if (cells)
        rep_table(r, id, cols, hdr, l->n, cells);
    free(cells);
}

/* A bar chart of `year` from its series, or a map of `year` from its area
 * values; nothing when the year has no data for it.  With several years the
 * id and title carry the year. */
static void rep_chart(rep_state *r, const vs_chart_def *chart, int year)
{
    vs_chart_def cd = *chart;
    const vs_chart_def *c = &cd;
    cd.chart_id = year_fmt(r, "%s-%d", chart->chart_id, year);
    cd.title = with_year(r, chart->title, year);
    if (strcmp(c->kind, "bar") == 0) {
        vs_series_table *t = NULL;
        if (!r->s)
            r->s = vs_store_read_series(r->ctx, r->st, r->run_id, year, chart->chart_id, &t);
        if (!r->s && t->n_series > 0) {
            vs_report_bars b = {c->chart_id, c->title,  c->x_label, c->unit,   c->note,
                                t->n_series, t->n_cat,  t->series,  t->labels, t->value,
                                t->ci_low,   t->ci_high};
            r->s = vs_report_add_bar_chart(r->ctx, r->rep, &b);
        }
        vs_series_table_free(t);
        return;
    }
    if (!r->geo || r->s)
        return;
    vs_unit_values *uv = NULL;
    if ((r->s = vs_store_read_unit_values(r->ctx, r->st, VS_STORE_AREA, r->run_id, year,
                                          c->metric, &uv)))
        return;
    if (uv->n == 0) {
        vs_unit_values_free(uv);
        return;
    }
    const char **ids = malloc(((size_t)uv->n + 1) * sizeof *ids);
    double *vals = malloc(((size_t)uv->n + 1) * sizeof *vals);
    if (!ids || !vals)
        r->s = vs_ctx_fail(r->ctx, VS_ENOMEM, "out of memory");
    for (int k = 0; !r->s && k < uv->n; k++) {
        ids[k] = uv->items[k].id;
        vals[k] = uv->items[k].value;
    }
    if (!r->s) {
        vs_report_map m = {c->chart_id, c->title, c->unit, c->note, uv->n, ids, vals};
        r->s = vs_report_add_map(r->ctx, r->rep, r->geo, &m);
    }
    free(ids);
    free(vals);
    vs_unit_values_free(uv);
}

vs_status vs_run_write_report(vs_ctx *ctx, vs_store *st, int64_t run_id,
                              const vs_run_targets *targets, const char *geojson_path,
                              const char *path)
{
    rep_state r = {0};
    r.ctx = ctx;
    r.st = st;
    r.run_id = run_id;
    r.targets = targets;
    rep_read(&r, geojson_path);
    rep_header(&r);
    rep_scorecard(&r);
    if (!r.s) /* report_validation.c */
        r.s = vsi_report_validation(ctx, st, run_id, r.rep);
    if (!r.s && r.nl->n > 0) {
        static const char *const hdr[] = {"topic", "note"};
        rep_heading(&r, "notes-section", "Notes on this run");
        rep_pairs(&r, "notes", r.nl, 2, hdr);
    }
    rep_heading(&r, "metrics-section", "Key figures");
    for (int i = 0; !r.s && r.n_years > 1 && i < r.ml->n; i++)
        r.ml->items[i].name = with_year(&r, r.ml->items[i].name, r.ml->items[i].year);
    if (!r.s)
        r.s = vs_report_add_metrics(ctx, r.rep, "metrics", r.ml->items, r.ml->n);
    rep_heading(&r, "charts-section", "Charts and maps");
    for (int y = 0; y < r.n_years; y++)
        for (int i = 0; !r.s && i < r.cl->n; i++)
            rep_chart(&r, &r.cl->items[i], r.years[y]);
    static const char *const phdr[] = {"parameter", "value", "source"};
    rep_heading(&r, "parameters-section", "Scenario parameters");
    if (!r.s)
        rep_pairs(&r, "parameters", r.pl, 3, phdr);
    if (!r.s)
        r.s = vs_report_write(ctx, r.rep, path);
    vs_report_destroy(r.rep);
    vs_report_geo_destroy(r.geo);
    vs_param_list_free(r.pl);
    vs_param_list_free(r.nl);
    vs_chart_list_free(r.cl);
    vs_score_list_free(r.sl);
    vs_metric_list_free(r.ml);
    free(r.run_strings);
    free(r.years);
    for (int i = 0; i < r.n_names; i++)
        free(r.names[i]);
    free(r.names);
    return r.s;
}
