/*
 * params.c: reads the screening rule table (screening_programmes.csv) and
 * the programmes' published coverage and unit costs (screening.csv) from the
 * parameter directory (vardsim/screening.h, docs/screening.md).
 */
#include "core/strbuf.h"
#include "vardsim/csv.h"
#include "vardsim/screening.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const proxy_names[VS_PROXY_GROUPS] = {"all_adults", "18-64", "65+"};

const char *vs_screening_proxy_name(int g)
{
    return g >= 0 && g < VS_PROXY_GROUPS ? proxy_names[g] : "";
}

void vs_screening_params_destroy(vs_screening_params *p) { free(p); }

/* Index of `s` in names[0..n), or -1. */
static int lookup(const char *s, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

/* Column indices of the rule table. */
enum { R_PROG, R_KIND, R_SEX, R_AMIN, R_AMAX, R_INT, R_FEE, R_UNIT, R_PROXY, R_SOURCE, R_NCOL };
static const char *const rule_cols[R_NCOL] = {"programme", "kind", "sex", "age_min", "age_max",
                                              "interval_years", "fee_sek", "unit",
                                              "proxy_group", "source"};

/* A field that must be one of names[]; its index in *out. */
static vs_status choice(vs_ctx *ctx, vs_csv *csv, int col, const char *const *names, int n,
                        int *out)
{
    *out = lookup(vs_csv_field(csv, col), names, n);
    if (*out >= 0)
        return VS_OK;
    vsi_buf b = VSI_BUF_INIT;
    for (int i = 0; i < n; i++)
        vsi_buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
    vs_status st = vs_csv_fail(ctx, csv, col, "'%s' is not one of %s", vs_csv_field(csv, col),
                               vsi_buf_failed(&b) ? "the allowed values" : vsi_buf_str(&b));
    vsi_buf_free(&b);
    return st;
}

/* The programme named in the current row: found, or appended with the row's
 * kind, unit and proxy group; a later row must agree with them. */
static vs_status programme_of(vs_ctx *ctx, vs_csv *csv, const int *col, vs_screening_params *p,
                              int *out)
{
    char name[VS_ID_MAX], kind[16], unit[32];
    static const char *const kinds[] = {"vaccination", "screening"};
    int k, g;
    vs_status st;
    if ((st = vs_csv_id(ctx, csv, col[R_PROG], name, sizeof name)) ||
        (st = choice(ctx, csv, col[R_KIND], kinds, 2, &k)) ||
        (st = vs_csv_id(ctx, csv, col[R_UNIT], unit, sizeof unit)) ||
        (st = choice(ctx, csv, col[R_PROXY], proxy_names, VS_PROXY_GROUPS, &g)))
        return st;
    snprintf(kind, sizeof kind, "%s", kinds[k]);
    for (int i = 0; i < p->n_programmes; i++) {
        vs_screening_programme *q = &p->programmes[i];
        if (strcmp(q->name, name) != 0)
            continue;
        if (strcmp(q->kind, kind) != 0)
            return vs_csv_fail(ctx, csv, col[R_KIND], "'%s' differs from '%s' on an earlier "
                               "row of programme %s", kind, q->kind, name);
        if (strcmp(q->unit, unit) != 0)
            return vs_csv_fail(ctx, csv, col[R_UNIT], "'%s' differs from '%s' on an earlier "
                               "row of programme %s", unit, q->unit, name);
        if (q->proxy_group != g)
            return vs_csv_fail(ctx, csv, col[R_PROXY], "'%s' differs from '%s' on an earlier "
                               "row of programme %s", proxy_names[g],
                               proxy_names[q->proxy_group], name);
        *out = i;
        return VS_OK;
    }
    if (p->n_programmes == VS_SCREENING_MAX_PROGRAMMES)
        return vs_csv_fail(ctx, csv, col[R_PROG], "more than %d programmes",
                           VS_SCREENING_MAX_PROGRAMMES);
    vs_screening_programme *q = &p->programmes[p->n_programmes];
    memset(q, 0, sizeof *q);
    snprintf(q->name, sizeof q->name, "%s", name);
    snprintf(q->kind, sizeof q->kind, "%s", kind);
    snprintf(q->unit, sizeof q->unit, "%s", unit);
    q->proxy_group = g;
    q->coverage = q->unit_cost_sek = NAN;
    if ((st = vs_csv_text(ctx, csv, col[R_SOURCE], q->source, sizeof q->source)))
        return st;
    *out = p->n_programmes++;
    return VS_OK;
}

/* Two rules of one programme may not cover the same person. */
static vs_status no_overlap(vs_ctx *ctx, vs_csv *csv, int col, const vs_screening_params *p,
                            const vs_screening_rule *r)
{
    for (int i = 0; i < p->n_rules; i++) {
        const vs_screening_rule *o = &p->rules[i];
        int sexes = o->sex == 0 || r->sex == 0 || o->sex == r->sex;
        if (o->programme == r->programme && sexes && o->age_min <= r->age_max &&
            r->age_min <= o->age_max)
            return vs_csv_fail(ctx, csv, col, "ages %d-%d overlap ages %d-%d of line %ld "
                               "(programme %s)", r->age_min, r->age_max, o->age_min,
                               o->age_max, o->line, p->programmes[r->programme].name);
    }
    return VS_OK;
}

/* One rule row into p->rules[p->n_rules]. */
static vs_status rule_row(vs_ctx *ctx, vs_csv *csv, const int *col, vs_screening_params *p)
{
    static const char *const sexes[] = {"all", "female", "male"};
    if (p->n_rules == VS_SCREENING_MAX_RULES)
        return vs_csv_fail(ctx, csv, col[R_PROG], "more than %d rows", VS_SCREENING_MAX_RULES);
    vs_screening_rule r = {0};
    int64_t lo, hi;
    vs_status st;
    if ((st = programme_of(ctx, csv, col, p, &r.programme)) ||
        (st = choice(ctx, csv, col[R_SEX], sexes, 3, &r.sex)) ||
        (st = vs_csv_int64(ctx, csv, col[R_AMIN], 0, VS_SCREENING_AGES - 1, &lo)) ||
        (st = vs_csv_int64(ctx, csv, col[R_AMAX], 0, VS_SCREENING_AGES - 1, &hi)) ||
        (st = vs_csv_double(ctx, csv, col[R_INT], 0, 100, &r.interval_years)))
        return st;
    if (hi < lo)
        return vs_csv_fail(ctx, csv, col[R_AMAX], "%lld is below age_min %lld", (long long)hi,
                           (long long)lo);
    r.age_min = (int)lo;
    r.age_max = (int)hi;
    r.fee_sek = NAN;
    if (!vs_csv_empty(csv, col[R_FEE]) &&
        (st = vs_csv_double(ctx, csv, col[R_FEE], 0, 1e6, &r.fee_sek)))
        return st;
    if (vs_csv_empty(csv, col[R_SOURCE]))
        return vs_csv_fail(ctx, csv, col[R_SOURCE], "empty: every rule cites its source");
    r.line = vs_csv_line(csv);
    if ((st = no_overlap(ctx, csv, col[R_AMIN], p, &r)))
        return st;
    p->rules[p->n_rules++] = r;
    return VS_OK;
}

static vs_status load_rules(vs_ctx *ctx, const char *dir, vs_screening_params *p)
{
    snprintf(p->rules_path, sizeof p->rules_path, "%s/screening_programmes.csv", dir);
    vs_csv *csv;
    vs_status st = vs_csv_open(ctx, p->rules_path, &csv);
    if (st)
        return st;
    int col[R_NCOL], has;
    for (int i = 0; i < R_NCOL && !st; i++)
        st = vs_csv_require(ctx, csv, rule_cols[i], &col[i]);
    while (!st && !(st = vs_csv_next(ctx, csv, &has)) && has)
        st = rule_row(ctx, csv, col, p);
    if (!st && p->n_rules == 0)
        st = vs_ctx_fail_at(ctx, p->rules_path, 1, NULL, "no programme rows");
    vs_csv_close(csv);
    return st;
}

/* ---- screening.csv: coverage.P and unit_cost_sek.P for every programme ---------- */

typedef struct pcols {
    int par, val, year, source;
} pcols;

/* Store one coverage.P or unit_cost_sek.P row (field = "coverage" or "unit_cost_sek"). */
static vs_status param_row(vs_ctx *ctx, vs_csv *csv, const pcols *c, vs_screening_params *p,
                           long (*seen)[2])
{
    const char *name = vs_csv_field(csv, c->par);
    int kind = strncmp(name, "coverage.", 9) == 0 ? 0
               : strncmp(name, "unit_cost_sek.", 14) == 0 ? 1 : -1;
    if (kind < 0)
        return VS_OK; /* documentation rows */
    const char *prog = name + (kind ? 14 : 9);
    int i = -1;
    for (int k = 0; k < p->n_programmes; k++)
        if (strcmp(p->programmes[k].name, prog) == 0)
            i = k;
    if (i < 0)
        return vs_csv_fail(ctx, csv, c->par, "unknown programme '%s' (not in %s)", prog,
                           p->rules_path);
    if (seen[i][kind])
        return vs_csv_fail(ctx, csv, c->par, "'%s' given twice (first on line %ld)", name,
                           seen[i][kind]);
    seen[i][kind] = vs_csv_line(csv);
    vs_screening_programme *q = &p->programmes[i];
    double v = NAN;
    vs_status st = VS_OK;
    if (!vs_csv_empty(csv, c->val))
        st = vs_csv_double(ctx, csv, c->val, 0, kind ? 1e7 : 1, &v);
    if (!st && vs_csv_empty(csv, c->source))
        st = vs_csv_fail(ctx, csv, c->source, "empty: cite the source, or write NOT FOUND");
    if (st)
        return st;
    char *src = kind ? q->cost_source : q->coverage_source;
    snprintf(src, VS_SCREENING_TEXT, "%s", vs_csv_field(csv, c->source));
    if (kind) {
        q->unit_cost_sek = v;
        return VS_OK;
    }
    q->coverage = v;
    int64_t y = 0;
    if (!vs_csv_empty(csv, c->year) && (st = vs_csv_int64(ctx, csv, c->year, 1900, 2100, &y)))
        return st;
    q->coverage_year = (int)y;
    return VS_OK;
}

static vs_status load_values(vs_ctx *ctx, const char *dir, vs_screening_params *p)
{
    snprintf(p->params_path, sizeof p->params_path, "%s/screening.csv", dir);
    vs_csv *csv;
    vs_status st = vs_csv_open(ctx, p->params_path, &csv);
    if (st)
        return st;
    static const char *const cols[] = {"parameter", "value", "unit", "year",
                                       "geography", "source", "note"};
    int ci[7], has;
    for (int i = 0; i < 7 && !st; i++)
        st = vs_csv_require(ctx, csv, cols[i], &ci[i]);
    pcols c = {ci[0], ci[1], ci[3], ci[5]};
    long seen[VS_SCREENING_MAX_PROGRAMMES][2] = {{0}};
    while (!st && !(st = vs_csv_next(ctx, csv, &has)) && has)
        st = param_row(ctx, csv, &c, p, seen);
    for (int i = 0; !st && i < p->n_programmes; i++)
        for (int k = 0; !st && k < 2; k++)
            if (!seen[i][k])
                st = vs_ctx_fail_at(ctx, p->params_path, 0, "parameter",
                                    "no row for parameter '%s.%s' (a value, or an empty value "
                                    "with source NOT FOUND)", k ? "unit_cost_sek" : "coverage",
                                    p->programmes[i].name);
    vs_csv_close(csv);
    return st;
}

vs_status vs_screening_params_load(vs_ctx *ctx, const char *dir, vs_screening_params **out)
{
    *out = NULL;
    vs_screening_params *p = calloc(1, sizeof *p);
    if (!p)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    vs_status st = load_rules(ctx, dir, p);
    if (!st)
        st = load_values(ctx, dir, p);
    if (st) {
        free(p);
        return st;
    }
    *out = p;
    return VS_OK;
}
