/*
 * sweep_out.c: the output of "vardsim sweep" (vardsim/sweep.h): sweep.json,
 * the store (sweep_points and sweep_values, docs/store.md) and report.html
 * with the response charts, written into DIR.tmp-XXXXXX and renamed into
 * place as a run directory is (src/run/rundir.h).  A directory is a sweep
 * directory when it carries a complete run marker and sweep.json; --force
 * replaces only such a directory holding nothing else (or an empty one).
 */
#include "sweep/sweep_int.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "run/rundir.h"
#include "vardsim/report.h"
#include "vardsim/store.h"

/* ---- the target directory ---------------------------------------------------------- */

/* The first entry of a directory that a sweep does not write (a file the
 * user put into a finished sweep directory), copied into name; 0 when there
 * is none.  --force must not remove it with the sweep. */
static int foreign_entry(const char *path, char *name, size_t size)
{
    static const char *const ours[] = {VSI_RUNDIR_MARKER, "results.sqlite", "sweep.json",
                                       "report.html"};
    DIR *d = opendir(path);
    int found = 0;
    for (struct dirent *e; d && !found && (e = readdir(d));) {
        found = strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
        for (size_t i = 0; found && i < sizeof ours / sizeof ours[0]; i++)
            found = strcmp(e->d_name, ours[i]) != 0;
        if (found)
            snprintf(name, size, "%s", e->d_name);
    }
    if (d)
        closedir(d);
    return found;
}

vs_status vsi_sweep_check_target(vs_ctx *ctx, const vs_sweep_options *o)
{
    char other[256];
    char *parent = NULL, *base = NULL;
    int r = vsi_rundir_split(o->out_dir, &parent, &base);
    vs_status s = VS_OK;
    if (r < 0)
        s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    else if (r == 0)
        s = vs_ctx_fail(ctx, VS_EUSAGE, "--out: '%s' is not a usable output directory",
                        o->out_dir);
    if (!s)
        s = vsi_rundir_check_parent(ctx, parent, 0);
    struct stat sb;
    if (!s && lstat(o->out_dir, &sb) == 0) {
        char *json = vsi_strdup_printf("%s/sweep.json", o->out_dir);
        if (!json)
            s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        else if (S_ISLNK(sb.st_mode))
            s = vs_ctx_fail(ctx, VS_EUSAGE, "--out: '%s' is a symbolic link; give another --out",
                            o->out_dir);
        else if (!o->force)
            s = vs_ctx_fail(ctx, VS_EUSAGE,
                            "--out: '%s' exists (use --force to replace a sweep directory)",
                            o->out_dir);
        else if (!(s = vsi_rundir_check_replace(ctx, o->out_dir)) && access(json, F_OK) != 0 &&
                 !vsi_rundir_is_empty(o->out_dir))
            s = vs_ctx_fail(ctx, VS_EUSAGE,
                            "--out: '%s' is not a sweep directory (no sweep.json): --force "
                            "replaces only a finished sweep directory",
                            o->out_dir);
        else if (!s && foreign_entry(o->out_dir, other, sizeof other))
            s = vs_ctx_fail(ctx, VS_EUSAGE,
                            "--out: '%s' holds '%s', which a sweep does not write; left alone "
                            "(--force replaces only the sweep's own files)",
                            o->out_dir, other);
        free(json);
    }
    free(parent);
    free(base);
    return s;
}

/* ---- sweep.json ------------------------------------------------------------------- */

static json_t *num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

/* A varied value: an integer field as a JSON integer. */
static json_t *value_json(const vs_sweep_vary *v, double x)
{
    return v->info.is_integer ? json_integer((json_int_t)x) : num(x);
}

static json_t *point_json(const vs_sweep_result *r, int u)
{
    const vs_sweep_record *a = &r->records[u];
    json_t *p = json_object(), *vals = json_object(), *met = json_object(), *ms = json_object();
    json_object_set_new(p, "point", json_integer(u));
    for (int k = 0; k < r->n_vary; k++)
        json_object_set_new(vals, r->vary[k].key,
                            value_json(&r->vary[k], r->values[(size_t)u * r->n_vary + k]));
    json_object_set_new(p, "values", vals);
    for (int j = 0; j < a->n_scores; j++) {
        json_object_set_new(ms, a->scores[j].id, num(a->scores[j].value));
        json_object_set_new(met, a->scores[j].id, json_boolean(a->scores[j].met));
    }
    for (int i = 0; i < VS_SWEEP_METRICS; i++)
        json_object_set_new(ms, vs_sweep_metric_name(i), num(a->metrics[i]));
    json_object_set_new(p, "metrics", ms);
    json_object_set_new(p, "met", met);
    json_object_set_new(p, "targets_met", json_integer(a->targets_met));
    json_object_set_new(p, "targets", json_integer(a->n_scores));
    json_object_set_new(p, "meets_all", json_boolean(a->meets_all));
    json_object_set_new(p, "cost_sek", num(a->cost_sek));
    return p;
}

/* "KEY = v, KEY = v" of point u. */
static char *point_values_text(const vs_sweep_result *r, int u)
{
    vsi_buf b = VSI_BUF_INIT;
    for (int k = 0; k < r->n_vary; k++)
        vsi_buf_printf(&b, "%s%s = %.12g", k ? ", " : "", r->vary[k].key,
                       r->values[(size_t)u * r->n_vary + k]);
    char *s = vsi_strdup_printf("%s", vsi_buf_str(&b));
    vsi_buf_free(&b);
    return s;
}

/* "cost N SEK per year", or why there is none: a point's cost is NaN when the
 * stages run give no GP FTE (listing or flow) or no open beds (beds or flow). */
static void cost_text(double cost_sek, char *buf, size_t size)
{
    if (isnan(cost_sek)) {
        snprintf(buf, size, "cost unknown (the stages run give no GP FTE or no open beds)");
    } else {
        char n[64]; /* thousands separators, as the report prints numbers */
        snprintf(buf, size, "cost %s SEK per year",
                 vs_report_format(NULL, cost_sek, "SEK per year", n, sizeof n));
    }
}

/* The answer in one sentence.  A point meeting every target whose cost is
 * unknown is not "cheapest", but it is not "closest" either: say so. */
static char *statement(const vs_sweep_result *r)
{
    int u = r->cheapest >= 0 ? r->cheapest : r->closest;
    if (u < 0)
        return vsi_strdup_printf("No point was computed.");
    const vs_sweep_record *a = &r->records[u];
    char *vals = point_values_text(r, u);
    char cost[80];
    cost_text(a->cost_sek, cost, sizeof cost);
    vsi_buf nm = VSI_BUF_INIT;
    for (int j = 0, n = 0; j < a->n_scores; j++)
        if (!a->scores[j].met)
            vsi_buf_printf(&nm, "%s%s", n++ ? ", " : "", a->scores[j].id);
    char *s;
    if (r->cheapest >= 0)
        s = vsi_strdup_printf("Cheapest point that meets every target: point %d (%s), %s.", u,
                              vals ? vals : "", cost);
    else if (a->meets_all)
        s = vsi_strdup_printf("No cheapest point: point %d (%s) is the first that meets every "
                              "target, but no point meeting every target has a known cost; "
                              "%s.",
                              u, vals ? vals : "", cost);
    else
        s = vsi_strdup_printf("No point meets every target; closest: point %d (%s) meets %d of "
                              "%d targets (not met: %s), %s.",
                              u, vals ? vals : "", a->targets_met, a->n_scores,
                              vsi_buf_str(&nm), cost);
    vsi_buf_free(&nm);
    free(vals);
    return s;
}

/* What the cost covers, from which files. */
static char *cost_note(const vs_sweep_result *r)
{
    if (isnan(r->bed_day_cost_sek))
        return vsi_strdup_printf(
            "cost_sek = GP FTE x %.0f SEK (salary x 12 x (1 + on-costs), data/parameters/"
            "gp_workforce.csv); the cost of a bed-day is NOT FOUND (data/parameters/"
            "sweep_costs.csv), so beds are not priced",
            r->gp_annual_cost_sek);
    return vsi_strdup_printf(
        "cost_sek per year = GP FTE x %.0f SEK (salary x 12 x (1 + on-costs), data/parameters/"
        "gp_workforce.csv) + open beds x 365.25 days x %.0f SEK per bed-day (bed_day_cost_sek, "
        "data/parameters/sweep_costs.csv: Socialstyrelsen's amount for a bed-day of a "
        "discharge-ready patient, a proxy; the region's own cost per bed-day is NOT FOUND)",
        r->gp_annual_cost_sek, r->bed_day_cost_sek);
}

vs_status vsi_sweep_json(vs_ctx *ctx, const vs_sweep_options *o, vs_sweep_result *r)
{
    (void)o;
    json_t *j = json_object(), *vary = json_array(), *pts = json_array();
    json_object_set_new(j, "scenario", json_string(r->scenario));
    for (int k = 0; k < r->n_vary; k++) {
        json_t *v = json_object();
        json_object_set_new(v, "key", json_string(r->vary[k].key));
        json_object_set_new(v, "from", value_json(&r->vary[k], r->vary[k].from));
        json_object_set_new(v, "to", value_json(&r->vary[k], r->vary[k].to));
        json_object_set_new(v, "step", isnan(r->vary[k].step)
                                           ? json_null()
                                           : value_json(&r->vary[k], r->vary[k].step));
        json_array_append_new(vary, v);
    }
    json_object_set_new(j, "vary", vary);
    json_object_set_new(j, "design", json_string(r->samples ? "lhs" : "grid"));
    if (r->samples)
        json_object_set_new(j, "samples", json_integer(r->samples));
    json_object_set_new(j, "replications", json_integer(r->replications));
    json_object_set_new(j, "days", json_integer(r->days));
    json_object_set_new(j, "seed", r->seed <= (uint64_t)INT64_MAX
                                       ? json_integer((json_int_t)r->seed)
                                       : json_sprintf("%llu", (unsigned long long)r->seed));
    json_object_set_new(j, "networks_designed", json_integer(r->networks_designed));
    char *cn = cost_note(r), *st = statement(r);
    json_object_set_new(j, "cost_note", json_string(cn ? cn : ""));
    for (int u = 0; u < r->n_points; u++)
        json_array_append_new(pts, point_json(r, u));
    json_object_set_new(j, "points", pts);
    if (r->cheapest >= 0) {
        json_t *c = point_json(r, r->cheapest);
        json_object_set_new(j, "cheapest", c);
    } else
        json_object_set_new(j, "cheapest", json_null());
    json_object_set_new(j, "closest", r->closest >= 0 ? json_integer(r->closest) : json_null());
    json_object_set_new(j, "statement", json_string(st ? st : ""));
    free(cn);
    free(st);
    free(r->json);
    r->json = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(j);
    return r->json ? VS_OK : vs_ctx_fail(ctx, VS_ENOMEM, "out of memory (sweep JSON)");
}

/* ---- the store -------------------------------------------------------------------- */

static vs_status put_param(vs_ctx *ctx, void *user, const char *key, const char *value,
                           const char *source)
{
    void **u = user;
    return vs_store_put_parameter(ctx, u[0], *(int64_t *)u[1], key, value, source);
}

/* The sweep's own parameters: the design and the keys. */
static vs_status sweep_params(vs_ctx *ctx, vs_store *st, int64_t id, const vs_sweep_result *r)
{
    char buf[200];
    snprintf(buf, sizeof buf, "%s", r->samples ? "lhs" : "grid");
    vs_status s = vs_store_put_parameter(ctx, st, id, "sweep.design", buf, "vardsim sweep");
    snprintf(buf, sizeof buf, "%d", r->n_points);
    if (!s)
        s = vs_store_put_parameter(ctx, st, id, "sweep.points", buf, "vardsim sweep");
    snprintf(buf, sizeof buf, "%d", r->networks_designed);
    if (!s)
        s = vs_store_put_parameter(ctx, st, id, "sweep.networks_designed", buf, "vardsim sweep");
    for (int k = 0; k < r->n_vary && !s; k++) {
        char key[160];
        const vs_sweep_vary *v = &r->vary[k];
        snprintf(key, sizeof key, "sweep.vary.%s", v->key);
        snprintf(buf, sizeof buf, "%.12g:%.12g:%.12g", v->from, v->to, v->step);
        s = vs_store_put_parameter(ctx, st, id, key, buf, "vardsim sweep --vary");
    }
    return s;
}

static vs_status put_points(vs_ctx *ctx, vs_store *st, int64_t id, const vs_sweep_result *r)
{
    vs_status s = VS_OK;
    for (int u = 0; u < r->n_points && !s; u++) {
        const vs_sweep_record *a = &r->records[u];
        vs_store_sweep_point p = {u, a->meets_all, a->targets_met, a->n_scores, a->cost_sek};
        s = vs_store_put_sweep_point(ctx, st, id, &p);
        for (int k = 0; k < r->n_vary && !s; k++)
            s = vs_store_put_sweep_value(ctx, st, id, u, "value", r->vary[k].key,
                                         r->values[(size_t)u * r->n_vary + k], NULL, NAN, -1);
        for (int j = 0; j < a->n_scores && !s; j++)
            s = vs_store_put_sweep_value(ctx, st, id, u, "score", a->scores[j].id,
                                         a->scores[j].value, a->scores[j].op,
                                         a->scores[j].target, a->scores[j].met);
        for (int i = 0; i < VS_SWEEP_METRICS && !s; i++)
            s = vs_store_put_sweep_value(ctx, st, id, u, "metric", vs_sweep_metric_name(i),
                                         a->metrics[i], NULL, NAN, -1);
    }
    return s;
}

static vs_status write_store(vs_ctx *ctx, const vs_sweep_options *o, const vs_scenario *sc,
                             const vs_region *rg, const vs_sweep_result *r, const char *path)
{
    vs_store *st = NULL;
    vs_store_run run = {0,       sc->name,         sc->path,  sc->hash, sc->text, rg->name,
                        rg->dir, sc->simulation.seed, r->replications, o->threads, vs_version(),
                        o->created_at};
    void *u[2] = {NULL, &run.run_id};
    char *cn = cost_note(r), *stm = statement(r);
    vs_status s = !cn || !stm ? vs_ctx_fail(ctx, VS_ENOMEM, "out of memory")
                              : vs_store_open(ctx, path, 1, &st);
    if (!s && !(s = vs_store_begin(ctx, st)) && !(s = vs_store_add_run(ctx, st, &run))) {
        u[0] = st;
        s = vs_scenario_each_parameter(ctx, sc, put_param, u);
    }
    if (!s)
        s = sweep_params(ctx, st, run.run_id, r);
    if (!s)
        s = vs_store_put_note(ctx, st, run.run_id, 1, "sweep", stm);
    if (!s)
        s = vs_store_put_note(ctx, st, run.run_id, 2, "sweep", cn);
    if (!s)
        s = put_points(ctx, st, run.run_id, r);
    for (int i = 0; i < 4 && o->path_roots[i] && !s; i++) {
        if (o->path_roots[i][0] != '/' || strlen(o->path_roots[i]) < 2)
            continue;
        char *from = vsi_strdup_printf("%s/", o->path_roots[i]);
        s = from ? vs_store_replace_text(ctx, st, from, "")
                 : vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        free(from);
    }
    if (!s)
        s = vs_store_commit(ctx, st);
    vs_store_close(st);
    free(cn);
    free(stm);
    return s;
}

/* ---- report.html ------------------------------------------------------------------ */

/* The score of target `id` at point u (NaN when the point has none). */
static double score_of(const vs_sweep_record *a, const char *id)
{
    for (int j = 0; j < a->n_scores; j++)
        if (strcmp(a->scores[j].id, id) == 0)
            return a->scores[j].value;
    return NAN;
}

/* What a response chart shows of a point. */
typedef struct response {
    const char *id, *title, *unit, *score; /* score id, else metric index below */
    int metric;
} response;

static double response_value(const response *q, const vs_sweep_record *a)
{
    return q->score ? score_of(a, q->score) : q->metric < 0 ? a->cost_sek : a->metrics[q->metric];
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* A grid or hypercube may have more series or categories than a bar chart
 * holds (a sweep allows 1000 points): the chart is left out and the report
 * says so, rather than failing after every point was computed.  *skip is 1
 * when the chart is left out. */
static vs_status chart_too_big(vs_ctx *ctx, vs_report *rep, const char *title, int ns, int nc,
                               int *skip)
{
    *skip = ns > VS_REPORT_BARS_MAX_SERIES || nc > VS_REPORT_BARS_MAX_CATS;
    if (!*skip)
        return VS_OK;
    char *t = vsi_strdup_printf("Chart left out: %s (%d series, %d categories; a chart holds "
                                "at most %d series and %d categories). The values are in "
                                "sweep.json and results.sqlite (sweep_points, sweep_values).",
                                title, ns, nc, VS_REPORT_BARS_MAX_SERIES,
                                VS_REPORT_BARS_MAX_CATS);
    vs_status s = t ? vs_report_add_paragraph(ctx, rep, t)
                    : vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    free(t);
    return s;
}

/* One chart of response q against key k: categories are the distinct values
 * of k; each combination of the other keys is a series (a grid); a Latin
 * hypercube has one series of points ordered by k. */
static vs_status response_chart(vs_ctx *ctx, vs_report *rep, const vs_sweep_result *r, int k,
                                const response *q, const char *note)
{
    int n = r->n_points, nk = r->n_vary, lhs = r->samples > 0;
    double *cat = malloc((size_t)n * sizeof *cat), *val = NULL;
    int *series_of = calloc((size_t)n, sizeof *series_of), *first = calloc((size_t)n, sizeof *first);
    char **labels = calloc((size_t)n, sizeof *labels), **names = calloc((size_t)n, sizeof *names);
    int nc = 0, ns = 0, skip = 0;
    vs_status s = !cat || !series_of || !first || !labels || !names
                      ? vs_ctx_fail(ctx, VS_ENOMEM, "out of memory")
                      : VS_OK;
    for (int u = 0; u < n && !s; u++)
        cat[u] = r->values[(size_t)u * nk + k];
    if (!s) {
        qsort(cat, (size_t)n, sizeof *cat, cmp_double);
        for (int u = 0; u < n; u++)
            if (lhs || nc == 0 || cat[u] != cat[nc - 1])
                cat[nc++] = cat[u];
        for (int u = 0; u < n; u++) { /* series: the other keys' values (grid) */
            int sidx = 0;
            if (!lhs)
                for (sidx = 0; sidx < ns; sidx++) {
                    int same = 1;
                    for (int j = 0; j < nk; j++)
                        if (j != k && r->values[(size_t)u * nk + j] !=
                                          r->values[(size_t)first[sidx] * nk + j])
                            same = 0;
                    if (same)
                        break;
                }
            if (sidx == ns)
                first[ns++] = u;
            series_of[u] = sidx;
        }
        if (lhs)
            ns = 1;
        char *title = vsi_strdup_printf("%s against %s", q->title, r->vary[k].key);
        s = title ? chart_too_big(ctx, rep, title, ns, nc, &skip)
                  : vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        free(title);
        if (!s && !skip && !(val = malloc((size_t)ns * (size_t)nc * sizeof *val)))
            s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    for (int i = 0; !s && !skip && i < ns * nc; i++)
        val[i] = NAN;
    for (int u = 0; u < n && !s && !skip; u++) {
        double x = r->values[(size_t)u * nk + k];
        int c = 0;
        if (lhs) { /* the u-th category is the point's place in the order */
            for (int v = 0; v < n; v++) {
                double y = r->values[(size_t)v * nk + k];
                c += y < x || (y == x && v < u);
            }
        } else
            while (c < nc && cat[c] != x)
                c++;
        val[(size_t)series_of[u] * nc + c] = response_value(q, &r->records[u]);
        if (lhs)
            labels[c] = vsi_strdup_printf("%.6g (point %d)", x, u);
    }
    for (int c = 0; c < nc && !s && !skip; c++)
        if (!labels[c] && !(labels[c] = vsi_strdup_printf("%.6g", cat[c])))
            s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    for (int i = 0; i < ns && !s && !skip; i++) {
        vsi_buf b = VSI_BUF_INIT;
        for (int j = 0, m = 0; j < nk; j++)
            if (j != k && !lhs)
                vsi_buf_printf(&b, "%s%s = %.6g", m++ ? ", " : "", r->vary[j].key,
                               r->values[(size_t)first[i] * nk + j]);
        names[i] = vsi_strdup_printf("%s", lhs || nk == 1 ? q->title : vsi_buf_str(&b));
        vsi_buf_free(&b);
        if (!names[i])
            s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    if (!s && !skip) {
        char *id = vsi_strdup_printf("sweep-%s-%d", q->id, k);
        char *title = vsi_strdup_printf("%s against %s", q->title, r->vary[k].key);
        vs_report_bars b = {id, title, r->vary[k].key, q->unit, note, ns, nc,
                            (const char *const *)names, (const char *const *)labels, val,
                            NULL, NULL};
        s = id && title ? vs_report_add_bar_chart(ctx, rep, &b)
                        : vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        free(id);
        free(title);
    }
    for (int i = 0; i < n; i++) {
        free(labels ? labels[i] : NULL);
        free(names ? names[i] : NULL);
    }
    free(labels);
    free(names);
    free(cat);
    free(val);
    free(series_of);
    free(first);
    return s;
}

/* Cost of every point, ordered by targets met then cost. */
static vs_status cost_chart(vs_ctx *ctx, vs_report *rep, const vs_sweep_result *r,
                            const char *note)
{
    int n = r->n_points;
    int *ord = malloc((size_t)n * sizeof *ord);
    double *val = malloc((size_t)n * sizeof *val);
    char **labels = calloc((size_t)n, sizeof *labels);
    vs_status s = !ord || !val || !labels ? vs_ctx_fail(ctx, VS_ENOMEM, "out of memory") : VS_OK;
    for (int i = 0; i < n && !s; i++) { /* insertion sort: small n */
        int j = i;
        const vs_sweep_record *a = &r->records[i];
        while (j > 0) {
            const vs_sweep_record *b = &r->records[ord[j - 1]];
            if (b->targets_met < a->targets_met ||
                (b->targets_met == a->targets_met && !(b->cost_sek > a->cost_sek)))
                break;
            ord[j] = ord[j - 1];
            j--;
        }
        ord[j] = i;
    }
    for (int i = 0; i < n && !s; i++) {
        const vs_sweep_record *a = &r->records[ord[i]];
        val[i] = a->cost_sek;
        if (!(labels[i] = vsi_strdup_printf("point %d: %d of %d met", ord[i], a->targets_met,
                                            a->n_scores)))
            s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    int skip = 0;
    if (!s)
        s = chart_too_big(ctx, rep, "Cost of each point against the targets it meets", 1, n,
                          &skip);
    if (!s && !skip) {
        const char *series[1] = {"cost"};
        vs_report_bars b = {"sweep-cost", "Cost of each point against the targets it meets",
                            "point (targets met)", "SEK per year", note, 1, n, series,
                            (const char *const *)labels, val, NULL, NULL};
        s = vs_report_add_bar_chart(ctx, rep, &b);
    }
    for (int i = 0; labels && i < n; i++)
        free(labels[i]);
    free(labels);
    free(ord);
    free(val);
    return s;
}

/* The table of points: values, targets met, meets all, cost. */
static vs_status points_table(vs_ctx *ctx, vs_report *rep, const vs_sweep_result *r)
{
    int nc = r->n_vary + 4, n = r->n_points;
    const char **head = calloc((size_t)nc, sizeof *head);
    char **cells = calloc((size_t)n * (size_t)nc, sizeof *cells);
    vs_status s = !head || !cells ? vs_ctx_fail(ctx, VS_ENOMEM, "out of memory") : VS_OK;
    if (!s) {
        head[0] = "point";
        for (int k = 0; k < r->n_vary; k++)
            head[k + 1] = r->vary[k].key;
        head[nc - 3] = "targets met";
        head[nc - 2] = "meets every target";
        head[nc - 1] = "cost, SEK per year";
    }
    for (int u = 0; u < n && !s; u++) {
        const vs_sweep_record *a = &r->records[u];
        char **row = cells + (size_t)u * nc;
        row[0] = vsi_strdup_printf("%d", u);
        for (int k = 0; k < r->n_vary; k++)
            row[k + 1] = vsi_strdup_printf("%.12g", r->values[(size_t)u * r->n_vary + k]);
        row[nc - 3] = vsi_strdup_printf("%d of %d", a->targets_met, a->n_scores);
        row[nc - 2] = vsi_strdup_printf("%s", a->meets_all ? "yes" : "no");
        row[nc - 1] = isnan(a->cost_sek) ? vsi_strdup_printf("unknown")
                                         : vsi_strdup_printf("%.0f", a->cost_sek);
        for (int c = 0; c < nc; c++)
            if (!row[c])
                s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    if (!s)
        s = vs_report_add_table(ctx, rep, "sweep-points", nc, head, n,
                                (const char *const *)cells);
    for (size_t i = 0; cells && i < (size_t)n * (size_t)nc; i++)
        free(cells[i]);
    free(cells);
    free(head);
    return s;
}

static vs_status write_report(vs_ctx *ctx, const vs_sweep_result *r, const char *path)
{
    static const response qs[] = {
        {"occupancy", "Bed occupancy, simulated", "share", "occupancy_simulated", 0},
        {"overflow", "Overflow patient-days, simulated", "patient-days", "overflow", 0},
        {"wait", "Mean primary-care wait, simulated", "days", NULL, VS_SWEEP_M_PC_WAIT_DAYS},
        {"listed", "Listed residents per GP FTE (largest)", "persons per GP FTE",
         "listed_per_gp", 0},
        {"cost", "Cost (GPs and open beds)", "SEK per year", NULL, -1},
    };
    vs_report *rep = NULL;
    char *title = vsi_strdup_printf("vardsim sweep: %s", r->scenario);
    char *stm = statement(r), *cn = cost_note(r);
    char *intro = vsi_strdup_printf(
        "%d points (%s design), each a full run of the scenario's model stages with %d "
        "replication(s) of %d days, seed %llu; the primary-care network was designed %d "
        "time(s), once per distinct GP supply. Values are the scorecard rows and metrics of "
        "each point's run (its base year). Cost: %s.",
        r->n_points, r->samples ? "Latin hypercube" : "grid", r->replications, r->days,
        (unsigned long long)r->seed, r->networks_designed, cn ? cn : "");
    vs_status s = !title || !stm || !cn || !intro ? vs_ctx_fail(ctx, VS_ENOMEM, "out of memory")
                                                  : vs_report_create(ctx, title, &rep);
    if (!s)
        s = vs_report_add_heading(ctx, rep, "answer", 2, "Answer");
    if (!s)
        s = vs_report_add_paragraph(ctx, rep, stm);
    if (!s)
        s = vs_report_add_paragraph(ctx, rep, intro);
    if (!s)
        s = vs_report_add_heading(ctx, rep, "responses", 2, "Responses");
    /* a response no point has a value for (its stage was not selected) gets
     * no empty chart, only a line saying so */
    int has[sizeof qs / sizeof qs[0]];
    vsi_buf none = VSI_BUF_INIT;
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        has[i] = 0;
        for (int u = 0; u < r->n_points && !has[i]; u++)
            has[i] = isfinite(response_value(&qs[i], &r->records[u]));
        if (!has[i])
            vsi_buf_printf(&none, "%s%s", vsi_buf_str(&none)[0] ? "; " : "", qs[i].title);
    }
    if (!s && vsi_buf_str(&none)[0]) {
        char *t = vsi_strdup_printf("Not computed in this sweep (the stages that give them were "
                                    "not selected): %s.", vsi_buf_str(&none));
        s = t ? vs_report_add_paragraph(ctx, rep, t) : vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        free(t);
    }
    vsi_buf_free(&none);
    for (int k = 0; k < r->n_vary && !s; k++)
        for (size_t i = 0; i < sizeof qs / sizeof qs[0] && !s; i++)
            if (has[i])
                s = response_chart(ctx, rep, r, k, &qs[i], "vardsim sweep: one run per point");
    if (!s)
        s = cost_chart(ctx, rep, r, cn);
    if (!s)
        s = vs_report_add_heading(ctx, rep, "points", 2, "Points");
    if (!s)
        s = points_table(ctx, rep, r);
    if (!s)
        s = vs_report_write(ctx, rep, path);
    vs_report_destroy(rep);
    free(title);
    free(stm);
    free(cn);
    free(intro);
    return s;
}

/* ---- the directory ---------------------------------------------------------------- */

static vs_status write_text(vs_ctx *ctx, const char *path, const char *text)
{
    FILE *f = fopen(path, "wbx");
    if (!f)
        return vs_ctx_fail(ctx, VS_EIO, "%s: cannot create: %s", path, strerror(errno));
    int bad = fputs(text, f) < 0 || fputc('\n', f) == EOF;
    bad |= fclose(f) != 0;
    return bad ? vs_ctx_fail(ctx, VS_EIO, "%s: cannot write", path) : VS_OK;
}

vs_status vsi_sweep_write(vs_ctx *ctx, const vs_sweep_options *o, const vs_scenario *sc,
                          const vs_region *rg, const vs_run_targets *targets,
                          vs_sweep_result *r)
{
    (void)targets;
    char *parent = NULL, *base = NULL, *out = NULL, *tmp = NULL;
    char *db = NULL, *js = NULL, *html = NULL;
    int ok = vsi_rundir_split(o->out_dir, &parent, &base);
    vs_status s = ok <= 0 ? vs_ctx_fail(ctx, ok < 0 ? VS_ENOMEM : VS_EUSAGE,
                                        "--out: '%s' is not usable", o->out_dir)
                          : VS_OK;
    if (!s && !(out = vsi_strdup_printf("%s/%s", parent, base)))
        s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (!s) {
        vsi_rundir_clean_stale(parent, base, NULL, NULL);
        s = vsi_rundir_make_tmp(ctx, parent, base, out, &tmp);
    }
    if (!s) {
        db = vsi_strdup_printf("%s/results.sqlite", tmp);
        js = vsi_strdup_printf("%s/sweep.json", tmp);
        html = vsi_strdup_printf("%s/report.html", tmp);
        if (!db || !js || !html)
            s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    if (!s)
        s = write_store(ctx, o, sc, rg, r, db);
    if (!s)
        s = write_text(ctx, js, r->json);
    if (!s)
        s = write_report(ctx, r, html);
    if (!s)
        s = vsi_rundir_finish_tmp(ctx, tmp);
    if (!s && vsi_rundir_sync(tmp) != 0)
        s = vs_ctx_fail(ctx, VS_EIO, "sweep: cannot flush %s", tmp);
    if (!s && vs_ctx_interrupted(ctx))
        s = vs_ctx_fail(ctx, VS_EINTERRUPTED, "sweep interrupted");
    if (!s)
        s = vsi_rundir_into_place(ctx, tmp, out, parent, base, o->force);
    if (s && tmp)
        vsi_rundir_remove_owned(tmp);
    if (!s)
        snprintf(r->out_dir, sizeof r->out_dir, "%s", out);
    free(parent);
    free(base);
    free(out);
    free(tmp);
    free(db);
    free(js);
    free(html);
    return s;
}
