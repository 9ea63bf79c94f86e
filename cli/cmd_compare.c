/*
 * cmd_compare.c: "vardsim compare", runs side by side (metrics, scorecard and
 * the parameters that differ), read from each run directory's results.sqlite.
 * The comparison itself is vs_run_compare (src/run/compare.c); this file
 * parses the options and prints.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vardsim/run.h"

static const char usage[] =
    "usage: vardsim compare DIR_A DIR_B [DIR ...] [--json] [--html FILE]\n"
    "\n"
    "Put runs side by side: every metric (value per run, in the order the runs are\n"
    "given), the scorecard (value and met per run) and the scenario parameters whose\n"
    "values differ.  Each DIR is a run directory written by 'vardsim run'; its\n"
    "results.sqlite is read (the last run in it).\n"
    "\n"
    "  --json       print JSON: runs (dir, scenario, run_id, seed, created_at,\n"
    "               scenario_hash, base_year), years, metrics (name, unit, values,\n"
    "               by_year), scorecard (target_id, label, op, target_value, values, met,\n"
    "               by_year), parameters_differing (key, values); values and met are\n"
    "               per run in the first year, by_year has every year\n"
    "  --html FILE  also write a self-contained comparison report with grouped bar charts\n"
    "\n"
    "A run's values belong to its scenario's base year; runs of several years get one\n"
    "row per metric and year.  Nothing is printed, and FILE is not touched, unless\n"
    "every store reads whole.\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input (a missing or\n"
    "damaged results.sqlite included).\n";

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
    else
        vs_report_format(NULL, v, unit, buf, cap); /* as the reports show it */
}

/* Cell (run r, year index y) of a row. */
static size_t cell(const vs_run_compare *c, int r, int y)
{
    return (size_t)r * (size_t)c->n_years + (size_t)y;
}

/* The values of row x, one per run, in year index y (null where absent). */
static json_t *json_values(const vs_run_compare *c, const vs_run_compare_row *x, int y)
{
    json_t *v = json_array();
    for (int r = 0; r < c->n_runs; r++)
        json_array_append_new(v, x->has[cell(c, r, y)] ? num_or_null(x->value[cell(c, r, y)])
                                                      : json_null());
    return v;
}

static json_t *json_met(const vs_run_compare *c, const vs_run_compare_row *x, int y)
{
    json_t *v = json_array();
    for (int r = 0; r < c->n_runs; r++) {
        int m = x->met[cell(c, r, y)];
        json_array_append_new(v, m < 0 ? json_null() : json_boolean(m));
    }
    return v;
}

/* "values" (and "met") of the first year, and "by_year" with every year. */
static void json_row_values(json_t *o, const vs_run_compare *c, const vs_run_compare_row *x,
                            int score)
{
    json_object_set_new(o, "values", json_values(c, x, 0));
    if (score)
        json_object_set_new(o, "met", json_met(c, x, 0));
    json_t *by = json_array();
    for (int y = 0; y < c->n_years; y++) {
        json_t *e = json_object();
        json_object_set_new(e, "year", json_integer(c->years[y]));
        json_object_set_new(e, "values", json_values(c, x, y));
        if (score)
            json_object_set_new(e, "met", json_met(c, x, y));
        json_array_append_new(by, e);
    }
    json_object_set_new(o, "by_year", by);
}

static int print_json(const vs_run_compare *c)
{
    json_t *j = json_object(), *runs = json_array(), *years = json_array(),
           *mets = json_array(), *score = json_array(), *pars = json_array();
    for (int r = 0; r < c->n_runs; r++) {
        const vs_run_compare_run *x = &c->runs[r];
        json_t *o = json_object();
        json_object_set_new(o, "dir", json_string(x->dir));
        json_object_set_new(o, "scenario", json_string(x->scenario));
        json_object_set_new(o, "run_id", json_integer(x->run_id));
        json_object_set_new(o, "seed", json_integer((json_int_t)x->seed));
        json_object_set_new(o, "created_at", json_string(x->created_at));
        json_object_set_new(o, "scenario_hash", json_string(x->scenario_hash));
        json_object_set_new(o, "base_year", json_integer(x->base_year));
        json_array_append_new(runs, o);
    }
    for (int y = 0; y < c->n_years; y++)
        json_array_append_new(years, json_integer(c->years[y]));
    for (int i = 0; i < c->n_metrics; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(c->metrics[i].id));
        json_object_set_new(o, "unit", json_string(c->metrics[i].unit));
        json_row_values(o, c, &c->metrics[i], 0);
        json_array_append_new(mets, o);
    }
    for (int i = 0; i < c->n_scores; i++) {
        const vs_run_compare_row *x = &c->scores[i];
        json_t *o = json_object();
        json_object_set_new(o, "target_id", json_string(x->id));
        json_object_set_new(o, "label", json_string(x->label));
        json_object_set_new(o, "op", json_string(x->op));
        json_object_set_new(o, "target_value", num_or_null(x->target_value));
        json_row_values(o, c, x, 1);
        json_array_append_new(score, o);
    }
    for (int i = 0; i < c->n_params; i++) {
        json_t *o = json_object(), *v = json_array();
        for (int r = 0; r < c->n_runs; r++) {
            const char *p = c->params[i].value[r];
            json_array_append_new(v, p ? json_string(p) : json_null());
        }
        json_object_set_new(o, "key", json_string(c->params[i].key));
        json_object_set_new(o, "values", v);
        json_array_append_new(pars, o);
    }
    json_object_set_new(j, "runs", runs);
    json_object_set_new(j, "years", years);
    json_object_set_new(j, "metrics", mets);
    json_object_set_new(j, "scorecard", score);
    json_object_set_new(j, "parameters_differing", pars);
    return print_json_exact(j);
}

/* The row name in year index y: with the year when the row has values in
 * several years (a snapshot's rows, base year only, keep their plain name). */
static const char *row_name(const vs_run_compare *c, const vs_run_compare_row *x, int y,
                            char *buf, size_t cap)
{
    int years = 0;
    for (int k = 0; k < c->n_years; k++)
        years += vs_run_compare_has_value(c, x, k);
    if (years < 2)
        return x->id;
    snprintf(buf, cap, "%.46s %d", x->id, c->years[y]);
    return buf;
}

static void print_header(const vs_run_compare *c, const char *a, const char *b)
{
    printf("%-51s %-24s", a, b);
    for (int r = 0; r < c->n_runs; r++)
        printf(" %16.16s", c->runs[r].scenario);
    for (int r = 1; r < c->n_runs; r++) {
        char h[40];
        snprintf(h, sizeof h, "change %.8s", c->runs[r].scenario);
        printf(" %16.16s", h);
    }
    printf("\n");
}

/* Each run's change from the first in year index y ("+998", "-75.0 pp"),
 * "-" where either value is missing. */
static void print_changes(const vs_run_compare *c, const vs_run_compare_row *x, int y)
{
    size_t a = (size_t)y;
    int share = x->unit && strcmp(x->unit, "share") == 0;
    for (int r = 1; r < c->n_runs; r++) {
        size_t k = (size_t)r * (size_t)c->n_years + (size_t)y;
        char b[48], t[56];
        double d = x->value[k] - x->value[a];
        if (!x->has[a] || !x->has[k] || isnan(d))
            snprintf(t, sizeof t, "-");
        else {
            vs_report_format(NULL, share ? 100 * d : d, share ? "" : x->unit, b, sizeof b);
            snprintf(t, sizeof t, "%s%s%s", d > 0 ? "+" : "", b, share ? " pp" : "");
        }
        printf(" %16s", t);
    }
}

static void print_text(const vs_run_compare *c)
{
    char nb[64];
    print_header(c, "metric", "unit");
    for (int i = 0; i < c->n_metrics; i++)
        for (int y = 0; y < c->n_years; y++) {
            const vs_run_compare_row *x = &c->metrics[i];
            if (!vs_run_compare_has_value(c, x, y))
                continue;
            printf("%-51.51s %-24.24s", row_name(c, x, y, nb, sizeof nb), x->unit);
            for (int r = 0; r < c->n_runs; r++) {
                char b[48];
                fmt_value(x->has[cell(c, r, y)] ? x->value[cell(c, r, y)] : NAN, x->unit, b,
                          sizeof b);
                printf(" %16s", b);
            }
            print_changes(c, x, y);
            printf("\n");
        }
    if (c->n_scores) {
        printf("\n");
        print_header(c, "scorecard target", "target");
    }
    for (int i = 0; i < c->n_scores; i++)
        for (int y = 0; y < c->n_years; y++) {
            const vs_run_compare_row *x = &c->scores[i];
            char t[64], tv[40];
            if (!vs_run_compare_has_value(c, x, y))
                continue;
            fmt_value(x->target_value, x->unit, tv, sizeof tv);
            snprintf(t, sizeof t, "%.8s %s", x->op, tv);
            printf("%-51.51s %-24.24s", row_name(c, x, y, nb, sizeof nb), t);
            for (int r = 0; r < c->n_runs; r++) {
                size_t k = cell(c, r, y);
                char b[48], m[64];
                fmt_value(x->has[k] ? x->value[k] : NAN, x->unit, b, sizeof b);
                snprintf(m, sizeof m, "%s%s", b, !x->has[k] ? "" : x->met[k] ? " met" : " NOT");
                printf(" %16s", m);
            }
            print_changes(c, x, y);
            printf("\n");
        }
    if (c->n_params) {
        printf("\n%-76s", "parameters that differ");
        for (int r = 0; r < c->n_runs; r++)
            printf(" %16.16s", c->runs[r].scenario);
        printf("\n");
    }
    for (int i = 0; i < c->n_params; i++) {
        int fits = 1;
        for (int r = 0; r < c->n_runs; r++)
            fits &= !c->params[i].value[r] || strlen(c->params[i].value[r]) <= 16;
        printf(fits ? "%-76.76s" : "%s", c->params[i].key);
        for (int r = 0; r < c->n_runs; r++) {
            const char *v = c->params[i].value[r] ? c->params[i].value[r] : "-";
            if (fits)
                printf(" %16.16s", v);
            else /* never cut: one line per run */
                printf("\n    %s: %s", c->runs[r].scenario, v);
        }
        printf("\n");
    }
}

/* Everything is read and the HTML written before anything is printed, so a
 * failure leaves no half output (and no half HTML file). */
static int run(int argc, char **argv)
{
    const char *pos[VS_RUN_COMPARE_MAX], *html = NULL;
    int json = 0, npos;
    const cli_opt opts[] = {{"--json", 0, NULL, &json}, {"--html", 1, &html, NULL}, {0}};
    if (cli_parse("compare", argc, argv, opts, pos, VS_RUN_COMPARE_MAX, &npos))
        return 2;
    if (npos < 2) {
        fprintf(stderr, "vardsim compare: give at least two run directories (see 'vardsim help "
                        "compare')\n");
        return 2;
    }
    vs_ctx *ctx;
    if (cli_ctx_create(&ctx))
        return 1;
    vs_run_compare *c = NULL;
    vs_status s = vs_run_compare_open(ctx, pos, npos, &c);
    if (!s && html)
        s = vs_run_compare_write_html(ctx, c, html);
    int rc = s ? cli_fail(ctx, s) : 0;
    if (!rc && json) {
        rc = print_json(c);
    } else if (!rc) {
        print_text(c);
        if (fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "vardsim compare: cannot write to standard output\n");
            rc = 1;
        }
    }
    vs_run_compare_destroy(c);
    vs_ctx_destroy(ctx);
    return rc;
}

const cli_command cli_cmd_compare = {"compare", "put runs side by side (metrics, scorecard, "
                                                "parameters)",
                                     usage, run};
