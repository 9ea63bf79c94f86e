/*
 * cmd_compare.c: "vardsim compare", runs side by side (metrics, scorecard and
 * the parameters that differ), read from each run directory's results.sqlite.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vardsim/report.h"
#include "vardsim/store.h"

static const char usage[] =
    "usage: vardsim compare DIR_A DIR_B [DIR ...] [--json] [--html FILE]\n"
    "\n"
    "Put runs side by side: every metric (value per run, in the order the runs are\n"
    "given), the scorecard (value and met per run) and the scenario parameters whose\n"
    "values differ.  Each DIR is a run directory written by 'vardsim run'; its\n"
    "results.sqlite is read (the last run in it).\n"
    "\n"
    "  --json       print JSON: runs (dir, scenario, run_id, seed, created_at,\n"
    "               scenario_hash), metrics (name, unit, values), scorecard (target_id,\n"
    "               label, op, target_value, values, met), parameters_differing (key, values)\n"
    "  --html FILE  also write a self-contained comparison report with grouped bar charts\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input.\n";

#define MAX_RUNS 16

typedef struct loaded {
    const char *dir;
    vs_store *st;
    vs_store_run run;
    char *run_strings;
    vs_metric_list *ml;
    vs_score_list *sl;
    vs_param_list *pl;
    int year;             /* the run's first year: the charts compared */
    char **names;         /* "name (year)" of a run with several years */
    int n_names;
} loaded;

static void unload(loaded *l)
{
    vs_metric_list_free(l->ml);
    vs_score_list_free(l->sl);
    vs_param_list_free(l->pl);
    free(l->run_strings);
    vs_store_close(l->st);
    for (int i = 0; i < l->n_names; i++)
        free(l->names[i]);
    free(l->names);
}

/* "text (year)" owned by l; NULL when out of memory. */
static const char *year_name(loaded *l, const char *text, int year)
{
    size_t n = strlen(text) + 16;
    char **p = realloc(l->names, ((size_t)l->n_names + 1) * sizeof *p);
    char *t = malloc(n);
    if (p)
        l->names = p;
    if (!p || !t) {
        free(t);
        return NULL;
    }
    snprintf(t, n, "%s (%d)", text, year);
    return l->names[l->n_names++] = t;
}

/* A run with results for several years (a forecast) compares each metric
 * and target per year: "name (year)".  A snapshot keeps the plain names, so
 * runs of different base years compare side by side. */
static vs_status name_years(vs_ctx *ctx, loaded *l)
{
    int *years = NULL, n = 0;
    vs_status s = vs_store_read_years(ctx, l->st, l->run.run_id, &years, &n);
    if (s)
        return s;
    l->year = n ? years[0] : 0;
    free(years);
    for (int i = 0; n > 1 && i < l->ml->n; i++)
        if (!(l->ml->items[i].name = year_name(l, l->ml->items[i].name, l->ml->items[i].year)))
            return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    for (int i = 0; n > 1 && i < l->sl->n; i++)
        if (!(l->sl->items[i].target_id =
                  year_name(l, l->sl->items[i].target_id, l->sl->items[i].year)))
            return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    return VS_OK;
}

static vs_status load(vs_ctx *ctx, const char *dir, loaded *l)
{
    memset(l, 0, sizeof *l);
    l->dir = dir;
    char path[1200];
    snprintf(path, sizeof path, "%s/results.sqlite", dir);
    vs_status s = vs_store_open(ctx, path, 0, &l->st);
    int64_t *ids = NULL;
    int n = 0;
    if (!s)
        s = vs_store_run_ids(ctx, l->st, &ids, &n);
    if (!s && n == 0)
        s = vs_ctx_fail(ctx, VS_EINPUT, "%s: the results store holds no run", path);
    int64_t id = n ? ids[n - 1] : 0;
    free(ids);
    if (!s)
        s = vs_store_read_run(ctx, l->st, id, &l->run, &l->run_strings);
    if (!s)
        s = vs_store_read_metrics(ctx, l->st, id, &l->ml);
    if (!s)
        s = vs_store_read_scorecard(ctx, l->st, id, &l->sl);
    if (!s)
        s = vs_store_read_parameters(ctx, l->st, id, &l->pl);
    if (!s)
        s = name_years(ctx, l);
    return s;
}

static const vs_metric *find_metric(const loaded *l, const char *name)
{
    for (int i = 0; i < l->ml->n; i++)
        if (strcmp(l->ml->items[i].name, name) == 0)
            return &l->ml->items[i];
    return NULL;
}

static const vs_score_row *find_score(const loaded *l, const char *id)
{
    for (int i = 0; i < l->sl->n; i++)
        if (strcmp(l->sl->items[i].target_id, id) == 0)
            return &l->sl->items[i];
    return NULL;
}

static const char *find_param(const loaded *l, const char *key)
{
    for (int i = 0; i < l->pl->n; i++)
        if (strcmp(l->pl->items[i].key, key) == 0)
            return l->pl->items[i].value;
    return NULL;
}

/* Union of names in first-appearance order: metrics (kind 0), scorecard
 * targets (1), parameter keys (2).  Returns a malloc'd array of pointers. */
static const char **union_names(const loaded *ls, int n, int kind, int *count)
{
    int cap = 0;
    for (int r = 0; r < n; r++)
        cap += kind == 0 ? ls[r].ml->n : kind == 1 ? ls[r].sl->n : ls[r].pl->n;
    const char **out = malloc(((size_t)cap + 1) * sizeof *out);
    *count = 0;
    if (!out)
        return NULL;
    for (int r = 0; r < n; r++) {
        int m = kind == 0 ? ls[r].ml->n : kind == 1 ? ls[r].sl->n : ls[r].pl->n;
        for (int i = 0; i < m; i++) {
            const char *s = kind == 0   ? ls[r].ml->items[i].name
                            : kind == 1 ? ls[r].sl->items[i].target_id
                                        : ls[r].pl->items[i].key;
            int seen = 0;
            for (int k = 0; k < *count && !seen; k++)
                seen = strcmp(out[k], s) == 0;
            if (!seen)
                out[(*count)++] = s;
        }
    }
    return out;
}

/* Like cli_print_json, but with 17 significant digits so that every value
 * reads back to the double stored in results.sqlite. */
static int print_json_exact(json_t *value)
{
    char *s = json_dumps(value, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
    json_decref(value);
    if (!s) {
        fprintf(stderr, "vardsim compare: out of memory writing JSON\n");
        return 1;
    }
    int bad = fputs(s, stdout) < 0 || fputc('\n', stdout) == EOF || fflush(stdout) != 0;
    free(s);
    if (bad) {
        fprintf(stderr, "vardsim compare: cannot write to standard output\n");
        return 1;
    }
    return 0;
}

static json_t *num_or_null(double v) { return isnan(v) ? json_null() : json_real(v); }

static void fmt_value(double v, const char *unit, char *buf, size_t cap)
{
    if (isnan(v))
        snprintf(buf, cap, "-");
    else if (unit && strcmp(unit, "share") == 0)
        snprintf(buf, cap, "%.1f %%", 100 * v);
    else if (fabs(v) >= 1000 && v == floor(v))
        cli_thousands((long long)v, buf, cap);
    else
        snprintf(buf, cap, "%.6g", v);
}

/* Tables of the comparison report: scorecard (value and met per run) and
 * metrics (value per run). */
static vs_status compare_tables(vs_ctx *ctx, vs_report *rep, const loaded *ls, int n,
                                const char **mnames, int nm, const char **snames, int nsc)
{
    int cols = n + 3;
    int rows = nsc > nm ? nsc : nm;
    const char **hdr = calloc((size_t)cols, sizeof *hdr);
    const char **cells = calloc((size_t)cols * (size_t)(rows + 1), sizeof *cells);
    char (*buf)[96] = calloc((size_t)cols * (size_t)(rows + 1), sizeof *buf);
    vs_status s = hdr && cells && buf ? VS_OK : vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (!s)
        s = vs_report_add_heading(ctx, rep, "compare-scorecard-table", 2,
                                  "Scorecard: the documents' targets, one column per run");
    if (!s) {
        hdr[0] = "target";
        hdr[1] = "target value";
        for (int r = 0; r < n; r++)
            hdr[2 + r] = ls[r].run.scenario;
        hdr[2 + n] = "source (first run that has the row)";
        for (int k = 0; k < nsc; k++) {
            const vs_score_row *x0 = NULL;
            for (int r = 0; r < n && !x0; r++)
                x0 = find_score(&ls[r], snames[k]);
            size_t base = (size_t)k * (size_t)cols;
            cells[base] = x0->label;
            char tv[48];
            fmt_value(x0->target_value, x0->unit, tv, sizeof tv);
            snprintf(buf[base + 1], sizeof buf[0], "%s %s", x0->op, tv);
            cells[base + 1] = buf[base + 1];
            for (int r = 0; r < n; r++) {
                const vs_score_row *x = find_score(&ls[r], snames[k]);
                char v[48];
                fmt_value(x ? x->value : NAN, x0->unit, v, sizeof v);
                snprintf(buf[base + 2 + (size_t)r], sizeof buf[0], "%s%s", v,
                         !x ? " (not computed)" : x->met ? " met" : " not met");
                cells[base + 2 + (size_t)r] = buf[base + 2 + (size_t)r];
            }
            cells[base + 2 + (size_t)n] = x0->source;
        }
        s = vs_report_add_table(ctx, rep, "compare-scorecard-rows", cols, hdr, nsc, cells);
    }
    if (!s)
        s = vs_report_add_heading(ctx, rep, "compare-metrics-table", 2,
                                  "Key figures, one column per run");
    if (!s) {
        hdr[0] = "metric";
        hdr[1] = "unit";
        hdr[2 + n] = "differs";
        for (int i = 0; i < nm; i++) {
            size_t base = (size_t)i * (size_t)cols;
            const vs_metric *m0 = NULL;
            for (int r = 0; r < n && !m0; r++)
                m0 = find_metric(&ls[r], mnames[i]);
            cells[base] = mnames[i];
            cells[base + 1] = m0->unit;
            int differs = 0;
            for (int r = 0; r < n; r++) {
                const vs_metric *m = find_metric(&ls[r], mnames[i]);
                fmt_value(m ? m->value : NAN, m0->unit, buf[base + 2 + (size_t)r],
                          sizeof buf[0]);
                cells[base + 2 + (size_t)r] = buf[base + 2 + (size_t)r];
                differs |= !m || m->value != m0->value;
            }
            cells[base + 2 + (size_t)n] = differs ? "yes" : "";
        }
        s = vs_report_add_table(ctx, rep, "compare-metrics", cols, hdr, nm, cells);
    }
    free(hdr);
    free(cells);
    free(buf);
    return s;
}

/* For every bar chart of the first run that every run has with the same
 * categories: one grouped chart with the series that differ between runs,
 * named "scenario: series".  Charts equal in every run are listed by title. */
static vs_status compare_charts(vs_ctx *ctx, vs_report *rep, const loaded *ls, int n)
{
    vs_chart_list *cl = NULL;
    vs_series_table *t[MAX_RUNS] = {0};
    int64_t id0 = ls[0].run.run_id;
    vs_status s = vs_store_read_charts(ctx, ls[0].st, id0, &cl);
    if (!s)
        s = vs_report_add_heading(ctx, rep, "compare-charts", 2,
                                  "Charts side by side (series that differ between runs)");
    char same[4000] = "";
    for (int i = 0; !s && cl && i < cl->n; i++) {
        const vs_chart_def *c = &cl->items[i];
        if (strcmp(c->kind, "bar") != 0)
            continue;
        int ok = 1;
        for (int r = 0; !s && r < n; r++) {
            t[r] = NULL;
            s = vs_store_read_series(ctx, ls[r].st, ls[r].run.run_id, ls[r].year, c->chart_id,
                                     &t[r]);
            if (!s && (t[r]->n_cat != t[0]->n_cat || t[r]->n_series == 0))
                ok = 0;
            for (int k = 0; !s && ok && k < t[0]->n_cat; k++)
                ok = strcmp(t[r]->labels[k], t[0]->labels[k]) == 0;
        }
        int nc = ok && !s ? t[0]->n_cat : 0, nser = 0, differ = 0;
        const char **names = NULL;
        double *vals = NULL;
        char (*nbuf)[160] = NULL;
        if (nc > 0) {
            int cap = n * t[0]->n_series;
            names = calloc((size_t)cap, sizeof *names);
            nbuf = calloc((size_t)cap, sizeof *nbuf);
            vals = calloc((size_t)cap * (size_t)nc, sizeof *vals);
            if (!names || !nbuf || !vals)
                s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
            for (int j = 0; !s && j < t[0]->n_series; j++) {
                int idx[MAX_RUNS], d = 0;
                for (int r = 0; r < n; r++) {
                    idx[r] = -1;
                    for (int q = 0; q < t[r]->n_series; q++)
                        if (strcmp(t[r]->series[q], t[0]->series[j]) == 0)
                            idx[r] = q;
                    for (int k = 0; idx[r] >= 0 && k < nc; k++) {
                        double a = t[r]->value[idx[r] * nc + k], b = t[0]->value[j * nc + k];
                        d |= !(a == b || (isnan(a) && isnan(b)));
                    }
                    d |= idx[r] < 0;
                }
                if (!d)
                    continue;
                differ = 1;
                for (int r = 0; r < n; r++) {
                    snprintf(nbuf[nser], sizeof nbuf[0], "%s: %s", ls[r].run.scenario,
                             t[0]->series[j]);
                    names[nser] = nbuf[nser];
                    for (int k = 0; k < nc; k++)
                        vals[(size_t)nser * (size_t)nc + (size_t)k] =
                            idx[r] >= 0 ? t[r]->value[idx[r] * nc + k] : NAN;
                    nser++;
                }
            }
        }
        if (!s && nc > 0 && differ) {
            char id[200];
            snprintf(id, sizeof id, "compare-%s", c->chart_id);
            vs_report_bars b = {id,   c->title, c->x_label, c->unit, c->note, nser, nc,
                                names, t[0]->labels, vals, NULL, NULL};
            s = vs_report_add_bar_chart(ctx, rep, &b);
        } else if (!s && nc > 0 && strlen(same) + strlen(c->title) + 4 < sizeof same) {
            strcat(same, same[0] ? "; " : "");
            strcat(same, c->title);
        }
        free(names);
        free(nbuf);
        free(vals);
        for (int r = 0; r < n; r++) {
            vs_series_table_free(t[r]);
            t[r] = NULL;
        }
    }
    if (!s && same[0]) {
        char para[4200];
        snprintf(para, sizeof para, "Charts with the same values in every run (not repeated): %s.",
                 same);
        s = vs_report_add_paragraph(ctx, rep, para);
    }
    vs_chart_list_free(cl);
    return s;
}

static int write_html(const char *path, const loaded *ls, int n, const char **mnames, int nm,
                      const char **snames, int nsc)
{
    vs_ctx *ctx;
    if (vs_ctx_create(&ctx))
        return 1;
    vs_report *rep = NULL;
    const char **series = malloc((size_t)n * sizeof *series);
    double *vals = malloc(((size_t)n * (size_t)(nm + nsc) + 1) * sizeof *vals);
    const char **labels = malloc(((size_t)(nm + nsc) + 1) * sizeof *labels);
    vs_status s = series && vals && labels ? VS_OK : vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (!s)
        s = vs_report_create(ctx, "vardsim: comparison of runs", &rep);
    for (int r = 0; !s && r < n; r++)
        series[r] = ls[r].run.scenario;
    /* scorecard values */
    if (!s && nsc > 0) {
        for (int k = 0; k < nsc; k++) {
            labels[k] = snames[k];
            for (int r = 0; r < n; r++) {
                const vs_score_row *x = find_score(&ls[r], snames[k]);
                vals[(size_t)r * (size_t)nsc + (size_t)k] = x ? x->value : NAN;
            }
        }
        vs_report_bars b = {"compare-scorecard", "Scorecard values by run", "target", "value",
                            "Values read from each run's results.sqlite.", n, nsc, series,
                            labels, vals, NULL, NULL};
        s = vs_report_add_bar_chart(ctx, rep, &b);
    }
    /* share metrics as one grouped chart */
    if (!s) {
        int k = 0;
        for (int i = 0; i < nm; i++) {
            const vs_metric *m0 = NULL;
            for (int r = 0; r < n && !m0; r++)
                m0 = find_metric(&ls[r], mnames[i]);
            if (!m0 || strcmp(m0->unit, "share") != 0)
                continue;
            labels[k] = mnames[i];
            k++;
        }
        for (int r = 0; r < n; r++)
            for (int j = 0; j < k; j++) {
                const vs_metric *m = find_metric(&ls[r], labels[j]);
                vals[(size_t)r * (size_t)k + (size_t)j] = m ? m->value : NAN;
            }
        if (k > 0) {
            vs_report_bars b = {"compare-shares", "Share metrics by run", "metric", "share",
                                "Values read from each run's results.sqlite.", n, k, series,
                                labels, vals, NULL, NULL};
            s = vs_report_add_bar_chart(ctx, rep, &b);
        }
    }
    /* scorecard and metrics as tables, one column per run */
    if (!s)
        s = compare_tables(ctx, rep, ls, n, mnames, nm, snames, nsc);
    /* every bar chart of the runs, side by side */
    if (!s)
        s = compare_charts(ctx, rep, ls, n);
    if (!s)
        s = vs_report_write(ctx, rep, path);
    int rc = s ? cli_fail(ctx, s) : 0;
    vs_report_destroy(rep);
    free(series);
    free(vals);
    free(labels);
    vs_ctx_destroy(ctx);
    return rc;
}

static int run(int argc, char **argv)
{
    const char *pos[MAX_RUNS], *html = NULL;
    int json = 0, npos;
    const cli_opt opts[] = {{"--json", 0, NULL, &json}, {"--html", 1, &html, NULL}, {0}};
    if (cli_parse("compare", argc, argv, opts, pos, MAX_RUNS, &npos))
        return 2;
    if (npos < 2) {
        fprintf(stderr, "vardsim compare: give at least two run directories (see 'vardsim help "
                        "compare')\n");
        return 2;
    }
    vs_ctx *ctx;
    if (vs_ctx_create(&ctx))
        return 1;
    loaded ls[MAX_RUNS];
    int n = 0, rc = 0;
    for (; n < npos; n++) {
        vs_status s = load(ctx, pos[n], &ls[n]);
        if (s) {
            rc = cli_fail(ctx, s);
            unload(&ls[n]);
            break;
        }
    }
    const char **mnames = NULL, **snames = NULL, **pnames = NULL;
    int nm = 0, nsc = 0, np = 0;
    if (!rc) {
        mnames = union_names(ls, n, 0, &nm);
        snames = union_names(ls, n, 1, &nsc);
        pnames = union_names(ls, n, 2, &np);
        if (!mnames || !snames || !pnames) {
            fprintf(stderr, "vardsim compare: out of memory\n");
            rc = 1;
        }
    }
    if (!rc && json) {
        json_t *j = json_object(), *runs = json_array(), *mets = json_array(),
               *score = json_array(), *pars = json_array();
        for (int r = 0; r < n; r++) {
            json_t *o = json_object();
            json_object_set_new(o, "dir", json_string(ls[r].dir));
            json_object_set_new(o, "scenario", json_string(ls[r].run.scenario));
            json_object_set_new(o, "run_id", json_integer(ls[r].run.run_id));
            json_object_set_new(o, "seed", json_integer((json_int_t)ls[r].run.seed));
            json_object_set_new(o, "created_at", json_string(ls[r].run.created_at));
            json_object_set_new(o, "scenario_hash", json_string(ls[r].run.scenario_hash));
            json_array_append_new(runs, o);
        }
        for (int i = 0; i < nm; i++) {
            json_t *o = json_object(), *v = json_array();
            const char *unit = "";
            for (int r = 0; r < n; r++) {
                const vs_metric *m = find_metric(&ls[r], mnames[i]);
                json_array_append_new(v, m ? num_or_null(m->value) : json_null());
                if (m)
                    unit = m->unit;
            }
            json_object_set_new(o, "name", json_string(mnames[i]));
            json_object_set_new(o, "unit", json_string(unit));
            json_object_set_new(o, "values", v);
            json_array_append_new(mets, o);
        }
        for (int i = 0; i < nsc; i++) {
            json_t *o = json_object(), *v = json_array(), *met = json_array();
            const vs_score_row *x0 = NULL;
            for (int r = 0; r < n; r++) {
                const vs_score_row *x = find_score(&ls[r], snames[i]);
                if (x && !x0)
                    x0 = x;
                json_array_append_new(v, x ? num_or_null(x->value) : json_null());
                json_array_append_new(met, x ? json_boolean(x->met) : json_null());
            }
            json_object_set_new(o, "target_id", json_string(snames[i]));
            json_object_set_new(o, "label", json_string(x0->label));
            json_object_set_new(o, "op", json_string(x0->op));
            json_object_set_new(o, "target_value", num_or_null(x0->target_value));
            json_object_set_new(o, "values", v);
            json_object_set_new(o, "met", met);
            json_array_append_new(score, o);
        }
        for (int i = 0; i < np; i++) {
            const char *first = find_param(&ls[0], pnames[i]);
            int differ = 0;
            for (int r = 1; r < n; r++) {
                const char *p = find_param(&ls[r], pnames[i]);
                differ |= !first || !p || strcmp(first, p) != 0;
            }
            if (!differ)
                continue;
            json_t *o = json_object(), *v = json_array();
            for (int r = 0; r < n; r++) {
                const char *p = find_param(&ls[r], pnames[i]);
                json_array_append_new(v, p ? json_string(p) : json_null());
            }
            json_object_set_new(o, "key", json_string(pnames[i]));
            json_object_set_new(o, "values", v);
            json_array_append_new(pars, o);
        }
        json_object_set_new(j, "runs", runs);
        json_object_set_new(j, "metrics", mets);
        json_object_set_new(j, "scorecard", score);
        json_object_set_new(j, "parameters_differing", pars);
        rc = print_json_exact(j);
    } else if (!rc) {
        printf("%-44s %-24s", "metric", "unit");
        for (int r = 0; r < n; r++)
            printf(" %16.16s", ls[r].run.scenario);
        printf("\n");
        for (int i = 0; i < nm; i++) {
            const char *unit = "";
            for (int r = 0; r < n; r++) {
                const vs_metric *m = find_metric(&ls[r], mnames[i]);
                if (m)
                    unit = m->unit;
            }
            printf("%-44.44s %-24.24s", mnames[i], unit);
            for (int r = 0; r < n; r++) {
                const vs_metric *m = find_metric(&ls[r], mnames[i]);
                char b[48];
                fmt_value(m ? m->value : NAN, m ? m->unit : "", b, sizeof b);
                printf(" %16s", b);
            }
            printf("\n");
        }
        if (nsc) {
            printf("\n%-44s %-24s", "scorecard target", "target");
            for (int r = 0; r < n; r++)
                printf(" %16.16s", ls[r].run.scenario);
            printf("\n");
            for (int i = 0; i < nsc; i++) {
                const vs_score_row *x0 = NULL;
                for (int r = 0; r < n && !x0; r++)
                    x0 = find_score(&ls[r], snames[i]);
                char t[64], tv[40];
                fmt_value(x0->target_value, x0->unit, tv, sizeof tv);
                snprintf(t, sizeof t, "%s %s", x0->op, tv);
                printf("%-44.44s %-24.24s", snames[i], t);
                for (int r = 0; r < n; r++) {
                    const vs_score_row *x = find_score(&ls[r], snames[i]);
                    char b[48], c[64];
                    fmt_value(x ? x->value : NAN, x ? x->unit : "", b, sizeof b);
                    snprintf(c, sizeof c, "%s%s", b, !x ? "" : x->met ? " met" : " NOT");
                    printf(" %16s", c);
                }
                printf("\n");
            }
        }
        int header = 0;
        for (int i = 0; i < np; i++) {
            const char *first = find_param(&ls[0], pnames[i]);
            int differ = 0;
            for (int r = 1; r < n; r++) {
                const char *p = find_param(&ls[r], pnames[i]);
                differ |= !first || !p || strcmp(first, p) != 0;
            }
            if (!differ)
                continue;
            if (!header) {
                printf("\n%-69s", "parameters that differ");
                for (int r = 0; r < n; r++)
                    printf(" %16.16s", ls[r].run.scenario);
                printf("\n");
                header = 1;
            }
            printf("%-69.69s", pnames[i]);
            for (int r = 0; r < n; r++) {
                const char *p = find_param(&ls[r], pnames[i]);
                printf(" %16.16s", p ? p : "-");
            }
            printf("\n");
        }
    }
    if (!rc && html)
        rc = write_html(html, ls, n, mnames, nm, snames, nsc);
    free(mnames);
    free(snames);
    free(pnames);
    for (int r = 0; r < n; r++)
        unload(&ls[r]);
    vs_ctx_destroy(ctx);
    return rc;
}

const cli_command cli_cmd_compare = {"compare", "put runs side by side (metrics, scorecard, "
                                                "parameters)",
                                     usage, run};
