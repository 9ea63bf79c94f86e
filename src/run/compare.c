/*
 * compare.c: runs side by side ("vardsim compare"), in the library so that
 * the command only parses options and prints.
 *
 * vs_run_compare_open reads everything it will ever need from every run's
 * results.sqlite (header, metrics, scorecard, parameters, and the series of
 * the first run's bar charts for the HTML report) and closes the stores, so
 * nothing printed or written afterwards can fail on a store: a damaged or
 * missing store is an input error naming the file before any output.
 * vs_run_compare_write_html builds the whole report in memory and writes it
 * to a temporary file beside the target, renamed onto it only when complete.
 *
 * Years: every value is kept per (run, year), the year the store holds it
 * for (the store's year column: a snapshot run's values all carry its
 * scenario's base year, a forecast's one year each).  Bar charts are compared
 * for each run's first year.
 */
#include "vardsim/run.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "vardsim/report.h"
#include "vardsim/store.h"

/* One run as read from its store (the lists own the strings the comparison
 * points to). */
typedef struct cmp_loaded {
    char *path;               /* DIR/results.sqlite */
    vs_store_run run;
    char *run_strings;
    vs_metric_list *ml;
    vs_score_list *sl;
    vs_param_list *pl;
    vs_series_table **series; /* [n_charts] tables of the first run's bar charts */
} cmp_loaded;

struct vs_run_compare_data {
    cmp_loaded ls[VS_RUN_COMPARE_MAX];
    vs_chart_list *charts;    /* the first run's charts */
};

/* ---- reading ---------------------------------------------------------------- */

/* A failed read of `path` as an input error naming the file (out of memory
 * stays what it is). */
static vs_status store_fail(vs_ctx *ctx, vs_status s, const char *path)
{
    if (s == VS_ENOMEM)
        return s;
    char *why = vsi_strdup_printf("%s", vs_ctx_message(ctx));
    const char *w = why ? why : "";
    size_t n = strlen(path);
    /* the store's own messages often start with the path already */
    if (strncmp(w, path, n) == 0 && w[n] == ':')
        s = vs_ctx_fail(ctx, VS_EINPUT, "%s (damaged, unreadable or not a results store)", w);
    else
        s = vs_ctx_fail(ctx, VS_EINPUT, "%s: damaged, unreadable or not a results store: %s",
                        path, w);
    free(why);
    return s;
}

/* The base year of a run: its parameter base_year (0 when absent). */
static int run_base_year(const vs_param_list *pl)
{
    for (int i = 0; i < pl->n; i++)
        if (strcmp(pl->items[i].key, "base_year") == 0) {
            char *end;
            long y = strtol(pl->items[i].value, &end, 10);
            return end != pl->items[i].value && *end == '\0' && y > 0 && y < 100000 ? (int)y : 0;
        }
    return 0;
}

/* Read the last run of dir/results.sqlite into l and r; the series of the
 * charts `charts` (NULL: read them here, from this the first run). */
static vs_status load_run(vs_ctx *ctx, const char *dir, cmp_loaded *l, vs_run_compare_run *r,
                          vs_chart_list **charts)
{
    l->path = vsi_strdup_printf("%s/results.sqlite", dir);
    if (!l->path)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    vs_store *st = NULL;
    int64_t *ids = NULL;
    int n = 0;
    vs_status s = vs_store_open(ctx, l->path, 0, &st);
    if (!s)
        s = vs_store_run_ids(ctx, st, &ids, &n);
    if (!s && n == 0)
        s = vs_ctx_fail(ctx, VS_EINPUT, "%s: the results store holds no run", l->path);
    int64_t id = n ? ids[n - 1] : 0;
    free(ids);
    if (!s)
        s = vs_store_read_run(ctx, st, id, &l->run, &l->run_strings);
    if (!s)
        s = vs_store_read_metrics(ctx, st, id, &l->ml);
    if (!s)
        s = vs_store_read_scorecard(ctx, st, id, &l->sl);
    if (!s)
        s = vs_store_read_parameters(ctx, st, id, &l->pl);
    int *years = NULL, ny = 0;
    if (!s)
        s = vs_store_read_years(ctx, st, id, &years, &ny);
    int year0 = ny ? years[0] : l->pl ? run_base_year(l->pl) : 0;
    free(years);
    if (!s && !*charts)
        s = vs_store_read_charts(ctx, st, id, charts);
    if (!s && (*charts)->n > 0) {
        l->series = calloc((size_t)(*charts)->n, sizeof *l->series);
        if (!l->series)
            s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    for (int i = 0; !s && i < (*charts)->n; i++)
        if (strcmp((*charts)->items[i].kind, "bar") == 0)
            s = vs_store_read_series(ctx, st, id, year0, (*charts)->items[i].chart_id,
                                     &l->series[i]);
    vs_store_close(st);
    if (s)
        return s == VS_EINPUT && n == 0 ? s : store_fail(ctx, s, l->path);
    *r = (vs_run_compare_run){dir,         l->path,           l->run.scenario, l->run.run_id,
                              l->run.seed, l->run.created_at, l->run.scenario_hash,
                              run_base_year(l->pl)};
    return VS_OK;
}

/* ---- building the comparison ------------------------------------------------- */

/* Index of year y in cmp->years (-1 when absent). */
static int year_index(const vs_run_compare *c, int y)
{
    for (int i = 0; i < c->n_years; i++)
        if (c->years[i] == y)
            return i;
    return -1;
}

/* Add year y to c->years (kept ascending, each once; room for it exists). */
static void add_year(vs_run_compare *c, int y)
{
    int k = c->n_years;
    if (year_index(c, y) >= 0)
        return;
    while (k > 0 && c->years[k - 1] > y) {
        c->years[k] = c->years[k - 1];
        k--;
    }
    c->years[k] = y;
    c->n_years++;
}

/* The years of the runs' metrics and scorecard rows, ascending, each once. */
static vs_status collect_years(vs_ctx *ctx, vs_run_compare *c)
{
    const cmp_loaded *ls = c->data->ls;
    size_t cap = 1;
    for (int r = 0; r < c->n_runs; r++)
        cap += (size_t)ls[r].ml->n + (size_t)ls[r].sl->n;
    c->years = calloc(cap, sizeof *c->years);
    if (!c->years)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    for (int r = 0; r < c->n_runs; r++) {
        for (int i = 0; i < ls[r].ml->n; i++)
            add_year(c, ls[r].ml->items[i].year);
        for (int i = 0; i < ls[r].sl->n; i++)
            add_year(c, ls[r].sl->items[i].year);
    }
    return VS_OK;
}

/* Index of the row with id in rows[0..n-1] (-1 when absent). */
static int row_index(const vs_run_compare_row *rows, int n, const char *id)
{
    for (int i = 0; i < n; i++)
        if (strcmp(rows[i].id, id) == 0)
            return i;
    return -1;
}

/* The row for id, appended (its cells empty) when new; NULL when out of memory. */
static vs_run_compare_row *row_get(const vs_run_compare *c, vs_run_compare_row *rows, int *n,
                                   const char *id)
{
    int i = row_index(rows, *n, id);
    if (i >= 0)
        return &rows[i];
    size_t cells = (size_t)c->n_runs * (size_t)c->n_years;
    vs_run_compare_row *x = &rows[*n];
    memset(x, 0, sizeof *x);
    x->id = id;
    x->target_value = NAN;
    x->value = malloc(cells * sizeof *x->value);
    x->has = calloc(cells, 1);
    x->met = malloc(cells * sizeof *x->met);
    if (!x->value || !x->has || !x->met) {
        free(x->value);
        free(x->has);
        free(x->met);
        return NULL;
    }
    for (size_t k = 0; k < cells; k++) {
        x->value[k] = NAN;
        x->met[k] = -1;
    }
    (*n)++;
    return x;
}

/* 1 when the cells of a row are not the same in every run, year by year (a
 * missing cell differs from a present one; NaN equals NaN). */
static int row_differs(const vs_run_compare *c, const vs_run_compare_row *x)
{
    for (int y = 0; y < c->n_years; y++)
        for (int r = 1; r < c->n_runs; r++) {
            size_t a = (size_t)y, b = (size_t)r * (size_t)c->n_years + (size_t)y;
            double va = x->value[a], vb = x->value[b];
            if (x->has[a] != x->has[b] || !(va == vb || (isnan(va) && isnan(vb))))
                return 1;
        }
    return 0;
}

/* Metrics and scorecard rows: the union over the runs in first-appearance
 * order, one cell per run and year. */
static vs_status build_rows(vs_ctx *ctx, vs_run_compare *c)
{
    const cmp_loaded *ls = c->data->ls;
    int nm = 0, ns = 0;
    for (int r = 0; r < c->n_runs; r++) {
        nm += ls[r].ml->n;
        ns += ls[r].sl->n;
    }
    c->metrics = calloc((size_t)nm + 1, sizeof *c->metrics);
    c->scores = calloc((size_t)ns + 1, sizeof *c->scores);
    if (!c->metrics || !c->scores)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    for (int r = 0; r < c->n_runs; r++) {
        size_t row0 = (size_t)r * (size_t)c->n_years;
        for (int i = 0; i < ls[r].ml->n; i++) {
            const vs_metric *m = &ls[r].ml->items[i];
            size_t cell = row0 + (size_t)year_index(c, m->year);
            vs_run_compare_row *x = row_get(c, c->metrics, &c->n_metrics, m->name);
            if (!x)
                return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
            if (!x->unit)
                x->unit = m->unit;
            x->value[cell] = m->value;
            x->has[cell] = 1;
        }
        for (int i = 0; i < ls[r].sl->n; i++) {
            const vs_score_row *m = &ls[r].sl->items[i];
            size_t cell = row0 + (size_t)year_index(c, m->year);
            vs_run_compare_row *x = row_get(c, c->scores, &c->n_scores, m->target_id);
            if (!x)
                return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
            if (!x->unit) {
                x->unit = m->unit;
                x->label = m->label;
                x->op = m->op;
                x->source = m->source;
                x->target_value = m->target_value;
            }
            x->value[cell] = m->value;
            x->has[cell] = 1;
            x->met[cell] = (signed char)(m->met != 0);
        }
    }
    for (int i = 0; i < c->n_metrics; i++)
        c->metrics[i].differs = row_differs(c, &c->metrics[i]);
    for (int i = 0; i < c->n_scores; i++)
        c->scores[i].differs = row_differs(c, &c->scores[i]);
    return VS_OK;
}

static const char *find_param(const vs_param_list *pl, const char *key)
{
    for (int i = 0; i < pl->n; i++)
        if (strcmp(pl->items[i].key, key) == 0)
            return pl->items[i].value;
    return NULL;
}

/* The scenario parameters whose values differ between the runs (a key one
 * run lacks differs), in first-appearance order. */
static vs_status build_params(vs_ctx *ctx, vs_run_compare *c)
{
    const cmp_loaded *ls = c->data->ls;
    int cap = 0;
    for (int r = 0; r < c->n_runs; r++)
        cap += ls[r].pl->n;
    c->params = calloc((size_t)cap + 1, sizeof *c->params);
    if (!c->params)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    for (int r = 0; r < c->n_runs; r++)
        for (int i = 0; i < ls[r].pl->n; i++) {
            const char *key = ls[r].pl->items[i].key;
            int seen = 0;
            for (int q = 0; q < r && !seen; q++)
                seen = find_param(ls[q].pl, key) != NULL;
            const char *first = find_param(ls[0].pl, key);
            int differ = 0;
            for (int q = 1; q < c->n_runs && !seen; q++) {
                const char *p = find_param(ls[q].pl, key);
                differ |= !first || !p || strcmp(first, p) != 0;
            }
            if (seen || !differ)
                continue;
            vs_run_compare_param *p = &c->params[c->n_params];
            p->key = key;
            p->value = calloc((size_t)c->n_runs, sizeof *p->value);
            if (!p->value)
                return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
            c->n_params++;
            for (int q = 0; q < c->n_runs; q++)
                p->value[q] = find_param(ls[q].pl, key);
        }
    return VS_OK;
}

vs_status vs_run_compare_open(vs_ctx *ctx, const char *const *dirs, int n, vs_run_compare **out)
{
    *out = NULL;
    if (n < 2 || n > VS_RUN_COMPARE_MAX)
        return vs_ctx_fail(ctx, VS_EUSAGE, "compare: give 2 to %d run directories, got %d",
                           VS_RUN_COMPARE_MAX, n);
    vs_run_compare *c = calloc(1, sizeof *c);
    if (c)
        c->data = calloc(1, sizeof *c->data);
    if (!c || !c->data) {
        vs_run_compare_destroy(c);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    vs_status s = VS_OK;
    for (int r = 0; !s && r < n; r++) {
        s = load_run(ctx, dirs[r], &c->data->ls[r], &c->runs[r], &c->data->charts);
        c->n_runs = r + 1; /* loaded (or partly): freed by destroy */
    }
    if (!s)
        s = collect_years(ctx, c);
    if (!s)
        s = build_rows(ctx, c);
    if (!s)
        s = build_params(ctx, c);
    if (s) {
        vs_run_compare_destroy(c);
        return s;
    }
    *out = c;
    return VS_OK;
}

void vs_run_compare_destroy(vs_run_compare *c)
{
    if (!c)
        return;
    for (int i = 0; c->metrics && i < c->n_metrics; i++) {
        free(c->metrics[i].value);
        free(c->metrics[i].has);
        free(c->metrics[i].met);
    }
    for (int i = 0; c->scores && i < c->n_scores; i++) {
        free(c->scores[i].value);
        free(c->scores[i].has);
        free(c->scores[i].met);
    }
    for (int i = 0; c->params && i < c->n_params; i++)
        free(c->params[i].value);
    free(c->metrics);
    free(c->scores);
    free(c->params);
    free(c->years);
    if (c->data) {
        int nch = c->data->charts ? c->data->charts->n : 0;
        for (int r = 0; r < c->n_runs; r++) {
            cmp_loaded *l = &c->data->ls[r];
            for (int i = 0; l->series && i < nch; i++)
                vs_series_table_free(l->series[i]);
            free(l->series);
            vs_metric_list_free(l->ml);
            vs_score_list_free(l->sl);
            vs_param_list_free(l->pl);
            free(l->run_strings);
            free(l->path);
        }
        vs_chart_list_free(c->data->charts);
        free(c->data);
    }
    free(c);
}

/* ---- the HTML report --------------------------------------------------------- */

/* Text of a value: "-" for NaN, else as the report shows it (a share in per
 * cent, thousands separators, three significant digits below 10). */
static void fmt_value(vsi_buf *b, double v, const char *unit)
{
    char t[64];
    vsi_buf_puts(b, isnan(v) ? "-" : vs_report_format(NULL, v, unit, t, sizeof t));
}

/* The change from the first run's value a to v: "+12.5", "-3 pp" for
 * shares (percentage points), "0" when equal, "-" when either is missing. */
static void fmt_change(vsi_buf *b, double a, double v, const char *unit)
{
    char t[64];
    int share = unit && strcmp(unit, "share") == 0;
    double d = share ? 100 * (v - a) : v - a;
    if (isnan(a) || isnan(v)) {
        vsi_buf_puts(b, "-");
        return;
    }
    vs_report_format(NULL, d, share ? "" : unit, t, sizeof t);
    vsi_buf_printf(b, "%s%s%s", d > 0 ? "+" : "", t, share ? " pp" : "");
}

/* The row label of row x in year index y: the id, with the year when the
 * comparison has several. */
static const char *year_label(const vs_run_compare *c, const char *text, int y, vsi_buf *b)
{
    vsi_buf_truncate(b, 0);
    vsi_buf_puts(b, text);
    if (c->n_years > 1)
        vsi_buf_printf(b, " (%d)", c->years[y]);
    return vsi_buf_str(b);
}

/* A table of owned cell strings: cells[row * cols + col]. */
typedef struct cmp_cells {
    int cols, rows;
    char **cell;
} cmp_cells;

/* An empty table of rows x cols cells; VS_ENOMEM when it cannot be had. */
static vs_status cells_init(vs_ctx *ctx, cmp_cells *t, int cols, int rows)
{
    t->cols = cols;
    t->rows = rows;
    t->cell = calloc((size_t)cols * (size_t)rows + 1, sizeof *t->cell);
    return t->cell ? VS_OK : vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
}

static void cells_free(cmp_cells *t)
{
    for (size_t i = 0; t->cell && i < (size_t)t->cols * (size_t)t->rows; i++)
        free(t->cell[i]);
    free(t->cell);
    t->cell = NULL;
}

/* Take the text of b as cell (row, col); the buffer is emptied. */
static void cells_take(cmp_cells *t, int row, int col, vsi_buf *b)
{
    t->cell[(size_t)row * (size_t)t->cols + (size_t)col] = vsi_buf_take(b);
}

/* Add t to the report (a NULL cell means out of memory). */
static vs_status cells_add(vs_ctx *ctx, vs_report *rep, const char *id, const char **hdr,
                           cmp_cells *t)
{
    size_t n = (size_t)t->cols * (size_t)t->rows;
    for (size_t i = 0; i < n; i++)
        if (!t->cell[i])
            return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    return vs_report_add_table(ctx, rep, id, t->cols, hdr, t->rows,
                               (const char *const *)t->cell);
}

/* The headings "change (B - A)" of runs 1.. against run 0, kept in owned. */
static vs_status change_headers(vs_ctx *ctx, const vs_run_compare *c, const char **hdr,
                                char **owned)
{
    for (int r = 1; r < c->n_runs; r++) {
        free(owned[r]); /* the previous table's */
        owned[r] = vsi_strdup_printf("change (%s \xe2\x88\x92 %s)", c->runs[r].scenario,
                                     c->runs[0].scenario);
        if (!owned[r])
            return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        hdr[r - 1] = owned[r];
    }
    return VS_OK;
}

/* Cells of row `row` from column col: each run's change from the first. */
static void change_cells(cmp_cells *t, int row, int col, const vs_run_compare *c,
                         const vs_run_compare_row *x, int y, vsi_buf *b)
{
    size_t a = (size_t)y;
    for (int r = 1; r < c->n_runs; r++) {
        size_t cell = (size_t)r * (size_t)c->n_years + (size_t)y;
        fmt_change(b, x->has[a] ? x->value[a] : NAN, x->has[cell] ? x->value[cell] : NAN,
                   x->unit);
        cells_take(t, row, col + r - 1, b);
    }
}

int vs_run_compare_has_value(const vs_run_compare *c, const vs_run_compare_row *x, int y)
{
    for (int r = 0; r < c->n_runs; r++)
        if (x->has[(size_t)r * (size_t)c->n_years + (size_t)y])
            return 1;
    return 0;
}

/* The (row, year) cells of rows[0..n) with a value in some run. */
static int rows_with_values(const vs_run_compare *c, const vs_run_compare_row *rows, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        for (int y = 0; y < c->n_years; y++)
            k += vs_run_compare_has_value(c, &rows[i], y);
    return k;
}

/* Scorecard table: target, target value, value and met per run, the change
 * of each run from the first, source. */
static vs_status score_table(vs_ctx *ctx, vs_report *rep, const vs_run_compare *c,
                             const char **hdr, char **owned)
{
    int n = c->n_runs, cols = 2 * n + 2;
    cmp_cells t;
    if (cells_init(ctx, &t, cols, rows_with_values(c, c->scores, c->n_scores)))
        return VS_ENOMEM;
    vsi_buf b = VSI_BUF_INIT, lb = VSI_BUF_INIT;
    hdr[0] = "target";
    hdr[1] = "target value";
    for (int r = 0; r < n; r++)
        hdr[2 + r] = c->runs[r].scenario;
    vs_status s = change_headers(ctx, c, hdr + 2 + n, owned);
    hdr[2 * n + 1] = "source";
    for (int k = 0, row = 0; !s && k < c->n_scores; k++)
        for (int y = 0; y < c->n_years; y++) {
            const vs_run_compare_row *x = &c->scores[k];
            if (!vs_run_compare_has_value(c, x, y))
                continue;
            vsi_buf_puts(&b, year_label(c, x->label, y, &lb));
            cells_take(&t, row, 0, &b);
            vsi_buf_printf(&b, "%s ", x->op);
            fmt_value(&b, x->target_value, x->unit);
            cells_take(&t, row, 1, &b);
            for (int r = 0; r < n; r++) {
                size_t cell = (size_t)r * (size_t)c->n_years + (size_t)y;
                fmt_value(&b, x->value[cell], x->unit);
                vsi_buf_puts(&b, !x->has[cell] ? " (not computed)"
                                 : x->met[cell] ? " met" : " not met");
                cells_take(&t, row, 2 + r, &b);
            }
            change_cells(&t, row, 2 + n, c, x, y, &b);
            vsi_buf_printf(&b, "[%d]", vs_report_cite(rep, x->source));
            cells_take(&t, row++, 2 * n + 1, &b);
        }
    if (!s)
        s = vsi_buf_failed(&lb) ? vs_ctx_fail(ctx, VS_ENOMEM, "out of memory")
                                : cells_add(ctx, rep, "compare-scorecard-rows", hdr, &t);
    vsi_buf_free(&lb);
    cells_free(&t);
    return s;
}

/* Metrics table: metric, unit, value per run, change of each run from the
 * first, differs. */
static vs_status metric_table(vs_ctx *ctx, vs_report *rep, const vs_run_compare *c,
                              const char **hdr, char **owned)
{
    int n = c->n_runs, cols = 2 * n + 2;
    cmp_cells t;
    if (cells_init(ctx, &t, cols, rows_with_values(c, c->metrics, c->n_metrics)))
        return VS_ENOMEM;
    vsi_buf b = VSI_BUF_INIT, lb = VSI_BUF_INIT;
    hdr[0] = "metric";
    hdr[1] = "unit";
    for (int r = 0; r < n; r++)
        hdr[2 + r] = c->runs[r].scenario;
    vs_status s = change_headers(ctx, c, hdr + 2 + n, owned);
    hdr[2 * n + 1] = "differs";
    for (int i = 0, row = 0; !s && i < c->n_metrics; i++)
        for (int y = 0; y < c->n_years; y++) {
            const vs_run_compare_row *x = &c->metrics[i];
            if (!vs_run_compare_has_value(c, x, y))
                continue;
            vsi_buf_puts(&b, year_label(c, x->id, y, &lb));
            cells_take(&t, row, 0, &b);
            vsi_buf_puts(&b, x->unit);
            cells_take(&t, row, 1, &b);
            int differs = 0;
            for (int r = 0; r < n; r++) {
                size_t cell = (size_t)r * (size_t)c->n_years + (size_t)y;
                fmt_value(&b, x->value[cell], x->unit);
                cells_take(&t, row, 2 + r, &b);
                double a = x->value[y], v = x->value[cell];
                differs |= x->has[cell] != x->has[y] || !(a == v || (isnan(a) && isnan(v)));
            }
            change_cells(&t, row, 2 + n, c, x, y, &b);
            vsi_buf_puts(&b, differs ? "yes" : "");
            cells_take(&t, row++, 2 * n + 1, &b);
        }
    if (!s)
        s = vsi_buf_failed(&lb) ? vs_ctx_fail(ctx, VS_ENOMEM, "out of memory")
                                : cells_add(ctx, rep, "compare-metrics", hdr, &t);
    vsi_buf_free(&lb);
    cells_free(&t);
    return s;
}

/* The forecast's "year reached" table: for each target the first year met
 * (central run) and the probability met by the horizon, one column per run.
 * Nothing when no run has a forecast. */
static void reached_cell(const vs_run_compare *c, const vs_run_compare_row *x,
                         const vs_run_compare_row *p, int r, vsi_buf *b)
{
    for (int y = 0; y < c->n_years; y++) {
        size_t cell = (size_t)r * (size_t)c->n_years + (size_t)y;
        if (!x->has[cell])
            continue;
        if (isnan(x->value[cell]))
            vsi_buf_puts(b, "not by the horizon");
        else
            vsi_buf_printf(b, "%.0f", x->value[cell]);
        if (p && p->has[cell])
            vsi_buf_printf(b, " (probability %.2f)", p->value[cell]);
        return;
    }
    vsi_buf_puts(b, "-");
}

static vs_status year_reached_table(vs_ctx *ctx, vs_report *rep, const vs_run_compare *c,
                                    const char **hdr)
{
    static const char pre[] = "forecast_year_met_";
    int rows = 0, n = c->n_runs;
    for (int i = 0; i < c->n_metrics; i++)
        rows += strncmp(c->metrics[i].id, pre, sizeof pre - 1) == 0;
    cmp_cells t;
    if (rows == 0)
        return VS_OK;
    vs_status s = vs_report_add_heading(ctx, rep, "compare-year-reached", 2,
                                        "Forecast: the year each target is reached");
    if (s || cells_init(ctx, &t, n + 1, rows))
        return s ? s : VS_ENOMEM;
    vsi_buf b = VSI_BUF_INIT;
    hdr[0] = "target";
    for (int r = 0; r < n; r++)
        hdr[1 + r] = c->runs[r].scenario;
    for (int i = 0, row = 0; i < c->n_metrics; i++) {
        const vs_run_compare_row *x = &c->metrics[i];
        if (strncmp(x->id, pre, sizeof pre - 1) != 0)
            continue;
        vsi_buf_printf(&b, "forecast_probability_met_%s", x->id + sizeof pre - 1);
        int k = row_index(c->metrics, c->n_metrics, vsi_buf_str(&b));
        vsi_buf_truncate(&b, 0);
        vsi_buf_puts(&b, x->id + sizeof pre - 1);
        cells_take(&t, row, 0, &b);
        for (int r = 0; r < n; r++) {
            reached_cell(c, x, k >= 0 ? &c->metrics[k] : NULL, r, &b);
            cells_take(&t, row, 1 + r, &b);
        }
        row++;
    }
    s = cells_add(ctx, rep, "compare-year-reached-rows", hdr, &t);
    cells_free(&t);
    vsi_buf_free(&b);
    return s;
}

/* A series name without the " (scenario)" that marks the scenario's own
 * discipline: the same series in every run ("need (scenario)" in the run
 * whose discipline is need-only, "need" in the other). */
static size_t series_key(const char *name)
{
    static const char mark[] = " (scenario)";
    size_t n = strlen(name), m = sizeof mark - 1;
    return n > m && strcmp(name + n - m, mark) == 0 ? n - m : n;
}

static int same_series(const char *a, const char *b)
{
    size_t n = series_key(a);
    return n == series_key(b) && strncmp(a, b, n) == 0;
}

/* 1 when every run has bar chart i with the first run's categories (at
 * least one) and some series. */
static int chart_comparable(const vs_run_compare *c, int i)
{
    const vs_series_table *t0 = c->data->ls[0].series[i];
    if (!t0 || t0->n_cat == 0)
        return 0;
    for (int r = 0; r < c->n_runs; r++) {
        const vs_series_table *t = c->data->ls[r].series[i];
        if (!t || t->n_cat != t0->n_cat || t->n_series == 0)
            return 0;
        for (int k = 0; k < t0->n_cat; k++)
            if (strcmp(t->labels[k], t0->labels[k]) != 0)
                return 0;
    }
    return 1;
}

/* One grouped chart of the series of comparable chart i that differ between
 * the runs, named "scenario: series"; *drawn is 0 when every series is equal
 * in every run. */
static vs_status chart_side_by_side(vs_ctx *ctx, vs_report *rep, const vs_run_compare *c, int i,
                                    int *drawn)
{
    const vs_chart_def *ch = &c->data->charts->items[i];
    const cmp_loaded *ls = c->data->ls;
    int n = c->n_runs;
    const vs_series_table *t0 = ls[0].series[i];
    *drawn = 0;
    int nc = t0->n_cat, nser = 0, cap = n * t0->n_series;
    const char **names = calloc((size_t)cap + 1, sizeof *names);
    char **owned = calloc((size_t)cap + 1, sizeof *owned);
    double *vals = calloc((size_t)cap * (size_t)nc + 1, sizeof *vals);
    vs_status s = names && owned && vals ? VS_OK : vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    for (int j = 0; !s && j < t0->n_series; j++) {
        int idx[VS_RUN_COMPARE_MAX], d = 0;
        for (int r = 0; r < n; r++) {
            const vs_series_table *t = ls[r].series[i];
            idx[r] = -1;
            for (int q = 0; q < t->n_series; q++)
                if (same_series(t->series[q], t0->series[j]))
                    idx[r] = q;
            for (int k = 0; idx[r] >= 0 && k < nc; k++) {
                double a = t->value[idx[r] * nc + k], b = t0->value[j * nc + k];
                d |= !(a == b || (isnan(a) && isnan(b)));
            }
            d |= idx[r] < 0;
        }
        for (int r = 0; d && !s && r < n; r++) {
            owned[nser] = vsi_strdup_printf("%s: %.*s", c->runs[r].scenario,
                                            (int)series_key(t0->series[j]), t0->series[j]);
            if (!owned[nser])
                s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
            names[nser] = owned[nser];
            for (int k = 0; k < nc; k++)
                vals[(size_t)nser * (size_t)nc + (size_t)k] =
                    idx[r] >= 0 ? ls[r].series[i]->value[idx[r] * nc + k] : NAN;
            nser++;
        }
    }
    char *id = s || nser == 0 ? NULL : vsi_strdup_printf("compare-%s", ch->chart_id);
    if (!s && nser > 0 && !id)
        s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (!s && nser > 0) {
        vs_report_bars b = {id,   ch->title, ch->x_label, ch->unit, ch->note, nser, nc,
                            names, t0->labels, vals, NULL, NULL};
        s = vs_report_add_bar_chart(ctx, rep, &b);
        *drawn = !s;
    }
    free(id);
    for (int k = 0; owned && k < nser; k++)
        free(owned[k]);
    free(owned);
    free(names);
    free(vals);
    return s;
}

/* Every bar chart of the first run that every run has with the same
 * categories, side by side; charts equal in every run listed by title. */
static vs_status charts_side_by_side(vs_ctx *ctx, vs_report *rep, const vs_run_compare *c)
{
    vs_status s = vs_report_add_heading(ctx, rep, "compare-charts", 2,
                                        "Charts side by side (series that differ between runs)");
    vsi_buf same = VSI_BUF_INIT;
    const vs_chart_list *cl = c->data->charts;
    for (int i = 0; !s && i < cl->n; i++) {
        if (strcmp(cl->items[i].kind, "bar") != 0)
            continue;
        if (!chart_comparable(c, i))
            continue;
        int drawn = 0;
        s = chart_side_by_side(ctx, rep, c, i, &drawn);
        if (!s && !drawn)
            vsi_buf_printf(&same, "%s%s", vsi_buf_len(&same) ? "; " : "", cl->items[i].title);
    }
    if (!s && vsi_buf_failed(&same))
        s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (!s && vsi_buf_len(&same) > 0) {
        char *para = vsi_strdup_printf(
            "Charts with the same values in every run (not repeated): %s.", vsi_buf_str(&same));
        s = para ? vs_report_add_paragraph(ctx, rep, para)
                 : vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        free(para);
    }
    vsi_buf_free(&same);
    return s;
}

/* Small multiples: one small chart per scorecard target, the runs side by
 * side on an axis of the target's own unit (the first year). */
static vs_status score_multiples(vs_ctx *ctx, vs_report *rep, const vs_run_compare *c,
                                 const char **runs)
{
    int n = c->n_runs;
    size_t ny = (size_t)c->n_years;
    vs_status s = vs_report_begin_section(ctx, rep, "compare-scorecard",
                                          "The documents' targets, run by run");
    for (int j = 0; !s && j < c->n_scores; j++) {
        const vs_run_compare_row *x = &c->scores[j];
        double vals[VS_RUN_COMPARE_MAX];
        for (int r = 0; r < n; r++)
            vals[r] = x->has[(size_t)r * ny] ? x->value[(size_t)r * ny] : NAN;
        char *id = vsi_strdup_printf("compare-target-%s", x->id);
        static const char *const series[] = {"value"};
        vs_report_bars b = {id,     x->label, "run", x->unit, x->source, 1, n,
                            series, runs,     vals,  NULL,    NULL};
        s = id ? vs_report_add_bar_chart_sized(ctx, rep, &b, 360)
               : vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        free(id);
    }
    if (!s)
        s = vs_report_end_section(ctx, rep);
    return s;
}

/* The answer in one line: how many targets each run meets. */
static vs_status lead(vs_ctx *ctx, vs_report *rep, const vs_run_compare *c)
{
    vsi_buf b = VSI_BUF_INIT;
    vsi_buf_puts(&b, "Targets met:");
    for (int r = 0; r < c->n_runs; r++) {
        int met = 0, has = 0;
        for (int j = 0; j < c->n_scores; j++) {
            size_t k = (size_t)r * (size_t)c->n_years;
            has += c->scores[j].has[k];
            met += c->scores[j].has[k] && c->scores[j].met[k] == 1;
        }
        vsi_buf_printf(&b, "%s %s %d of %d", r ? ";" : "", c->runs[r].scenario, met, has);
    }
    vsi_buf_puts(&b, " (first year of each run).");
    vs_status s = vsi_buf_failed(&b) ? vs_ctx_fail(ctx, VS_ENOMEM, "out of memory")
                                     : vs_report_add_paragraph(ctx, rep, vsi_buf_str(&b));
    vsi_buf_free(&b);
    return s;
}

/* The whole comparison report in memory: the answer, the difference tables,
 * the targets as small multiples, the charts side by side, the sources. */
static vs_status build_report(vs_ctx *ctx, const vs_run_compare *c, vs_report **out)
{
    int n = c->n_runs;
    const char **series = calloc((size_t)n + 3, sizeof *series);
    const char **hdr = calloc(2 * (size_t)n + 3, sizeof *hdr);
    char **owned = calloc((size_t)n + 1, sizeof *owned);
    vs_status s = series && hdr && owned ? VS_OK : vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (!s)
        s = vs_report_create(ctx, "vardsim: comparison of runs", out);
    for (int r = 0; r < n && series; r++)
        series[r] = c->runs[r].scenario;
    if (!s)
        s = lead(ctx, *out, c);
    if (!s)
        s = vs_report_add_heading(ctx, *out, "compare-scorecard-table", 2,
                                  "Scorecard: the documents' targets, one column per run");
    if (!s)
        s = score_table(ctx, *out, c, hdr, owned);
    if (!s)
        s = year_reached_table(ctx, *out, c, hdr);
    if (!s)
        s = score_multiples(ctx, *out, c, series);
    if (!s)
        s = vs_report_add_heading(ctx, *out, "compare-metrics-table", 2,
                                  "Key figures, one column per run");
    if (!s)
        s = metric_table(ctx, *out, c, hdr, owned);
    if (!s)
        s = charts_side_by_side(ctx, *out, c);
    if (!s)
        s = vs_report_add_heading(ctx, *out, "references", 2, "References");
    if (!s)
        s = vs_report_add_references(ctx, *out, "reference-list");
    for (int r = 0; owned && r <= n; r++)
        free(owned[r]);
    free(owned);
    free(series);
    free(hdr);
    return s;
}

/* Create a new empty file beside path (path.tmp-PID-K, created exclusively,
 * mode 0666 less the umask); *tmp is its malloc'd name. */
static vs_status create_temp(vs_ctx *ctx, const char *path, char **tmp)
{
    for (unsigned k = 0; k < 100; k++) {
        *tmp = vsi_strdup_printf("%s.tmp-%ld-%u", path, (long)getpid(), k);
        if (!*tmp)
            return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        int fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
        if (fd >= 0) {
            close(fd);
            return VS_OK;
        }
        int e = errno;
        free(*tmp);
        *tmp = NULL;
        if (e != EEXIST)
            return vs_ctx_fail(ctx, e == ENOENT || e == ENOTDIR ? VS_EUSAGE : VS_EIO,
                               "%s: cannot create a file beside it: %s", path, strerror(e));
    }
    return vs_ctx_fail(ctx, VS_EIO, "%s: cannot create a temporary file beside it", path);
}

vs_status vs_run_compare_write_html(vs_ctx *ctx, const vs_run_compare *c, const char *path)
{
    vs_report *rep = NULL;
    char *tmp = NULL;
    vs_status s = build_report(ctx, c, &rep);
    if (!s)
        s = create_temp(ctx, path, &tmp);
    if (!s && (s = vs_report_write(ctx, rep, tmp)) && s != VS_ENOMEM)
        s = vs_ctx_fail(ctx, s, "%s: write error (disk full?)", path); /* name the target */
    if (!s && rename(tmp, path) != 0)
        s = vs_ctx_fail(ctx, VS_EIO, "%s: cannot replace: %s", path, strerror(errno));
    if (s && tmp)
        unlink(tmp); /* our own temporary file, never the user's */
    free(tmp);
    vs_report_destroy(rep);
    return s;
}
