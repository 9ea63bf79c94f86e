/*
 * validate.c: validation tables (data/validation/<region>.csv), the registry
 * of model quantities they are compared with, the verdicts, and today's
 * models run as the commands run them.  Method: docs/validation.md.
 */
#include "vardsim/validate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "vardsim/csv.h"

/* ---- comparisons ---------------------------------------------------------- */

static const char *const cmp_names[] = {"equal", "at_least", "at_most"};

const char *vs_validate_comparison_name(int c)
{
    return c >= 0 && c < 3 ? cmp_names[c] : NULL;
}

int vs_validate_comparison_parse(const char *name)
{
    for (int c = 0; c < 3; c++)
        if (name && strcmp(name, cmp_names[c]) == 0)
            return c;
    return -1;
}

int vs_validate_verdict(double model, double published, double tolerance, int comparison)
{
    if (isnan(model) || isnan(published))
        return -1;
    switch (comparison) {
    case VS_VALIDATE_AT_LEAST: return model >= published * (1.0 - tolerance);
    case VS_VALIDATE_AT_MOST: return model <= published * (1.0 + tolerance);
    default:
        if (published == 0.0)
            return fabs(model) <= tolerance;
        return fabs(model / published - 1.0) <= tolerance;
    }
}

/* ---- the registry ---------------------------------------------------------- */

typedef double (*quantity_fn)(const vs_validate_outputs *o);

static double pop(const vs_validate_outputs *o)
{
    return o->region && o->region->population > 0 ? (double)o->region->population : NAN;
}

static double open_beds(const vs_validate_outputs *o)
{
    if (!o->region)
        return NAN;
    double s = 0.0;
    for (int h = 0; h < o->region->n_hospitals; h++)
        s += (double)o->region->hospitals[h].beds_staffed;
    return s;
}

static double beds_occupancy(const vs_validate_outputs *o)
{
    return o->beds ? o->beds->total.occupancy_today : NAN;
}

static double need_total(const vs_validate_outputs *o, int service)
{
    return o->need && o->need->service_available[service] ? o->need->total[service] : NAN;
}

static double ed_visits(const vs_validate_outputs *o)
{
    return need_total(o, VS_SERVICE_ED);
}

static double doctor_visits_per_resident(const vs_validate_outputs *o)
{
    return need_total(o, VS_SERVICE_DOCTOR) / pop(o);
}

/* Population-weighted mean area CNI of the municipality with the highest
 * (sign 1) or lowest (sign -1) value. */
static double cni_extreme(const vs_validate_outputs *o, double sign)
{
    if (!o->need)
        return NAN;
    double best = NAN;
    for (int m = 0; m < o->need->n_municipalities; m++) {
        double c = o->need->municipalities[m].cni;
        if (!isnan(c) && (isnan(best) || sign * c > sign * best))
            best = c;
    }
    return best;
}

static double cni_max(const vs_validate_outputs *o) { return cni_extreme(o, 1.0); }
static double cni_min(const vs_validate_outputs *o) { return cni_extreme(o, -1.0); }

#define FLOW_MEAN(fn, field)                                                                     \
    static double fn(const vs_validate_outputs *o) { return o->flow ? o->flow->field.mean : NAN; }
FLOW_MEAN(pc_within_0, pc_seen_within_0_days)
FLOW_MEAN(pc_within_3, pc_seen_within_3_days)
FLOW_MEAN(pc_within_5, pc_seen_within_5_days)
FLOW_MEAN(pc_within_7, pc_seen_within_7_days)
FLOW_MEAN(ed_within_4h, ed_share_within_4_hours)
FLOW_MEAN(pc_wait_mean, pc_wait_days_mean)
FLOW_MEAN(ed_los_median, ed_los_median_hours)
FLOW_MEAN(outplaced, outplaced_per_100_beds)
FLOW_MEAN(overcrowded, overcrowded_per_100_beds)
FLOW_MEAN(sim_occupancy, occupancy)
#undef FLOW_MEAN

static const struct {
    const char *key;
    quantity_fn fn;
    const char *what;
} registry[] = {
    {"beds.open_beds_acute_hospitals", open_beds,
     "sum of beds_staffed over the region's hospitals (hospitals.csv)"},
    {"beds.occupancy", beds_occupancy,
     "bed plan: offered load / staffed beds, region (vs_beds_plan total.occupancy_today)"},
    {"beds.occupancy_simulated", sim_occupancy,
     "flow simulation: busy beds / staffed beds, time average (vs_flow_result.occupancy)"},
    {"beds.outplaced_per_100_beds", outplaced,
     "flow simulation: outplaced patients at the daily census per 100 staffed beds"},
    {"beds.overcrowded_per_100_beds", overcrowded,
     "flow simulation: overcrowded (corridor) patients at the daily census per 100 staffed beds"},
    {"emergency.length_of_stay_median_hours", ed_los_median,
     "flow simulation: median total time in the ED, hours"},
    {"primary_care.share_seen_within_0_days", pc_within_0,
     "flow simulation: share of own requests for a doctor visit seen the same day"},
    {"primary_care.share_seen_within_3_days", pc_within_3,
     "flow simulation: share of own requests for a doctor visit seen within 3 days"},
    {"primary_care.share_seen_within_5_days", pc_within_5,
     "flow simulation: share of own requests for a doctor visit seen within 5 days"},
    {"primary_care.share_seen_within_7_days", pc_within_7,
     "flow simulation: share of own requests for a doctor visit seen within 7 days"},
    {"emergency.share_within_4_hours", ed_within_4h,
     "flow simulation: share of ED visits with a total ED time within 4 hours"},
    {"primary_care.wait_days_mean", pc_wait_mean,
     "flow simulation: mean primary-care wait, days"},
    {"need.ed_visits_per_year", ed_visits,
     "need model: expected ED visits a year, region (age rates x population)"},
    {"need.doctor_visits_per_resident", doctor_visits_per_resident,
     "need model: expected primary-care doctor visits a year / population"},
    {"need.cni_max_municipality", cni_max,
     "need model: highest municipal CNI (population-weighted mean of its areas)"},
    {"need.cni_min_municipality", cni_min,
     "need model: lowest municipal CNI (population-weighted mean of its areas)"},
};
static const int n_registry = (int)(sizeof registry / sizeof registry[0]);

static int find_key(const char *q)
{
    for (int i = 0; q && i < n_registry; i++)
        if (strcmp(registry[i].key, q) == 0)
            return i;
    return -1;
}

int vs_validate_known(const char *quantity)
{
    return find_key(quantity) >= 0;
}

const char *vs_validate_key(int i, const char **what)
{
    if (i < 0 || i >= n_registry)
        return NULL;
    if (what)
        *what = registry[i].what;
    return registry[i].key;
}

double vs_validate_quantity(const vs_validate_outputs *o, const char *quantity,
                            const char **source)
{
    int i = find_key(quantity);
    if (source)
        *source = i >= 0 ? registry[i].what : "no model value: the model does not compute this";
    if (i < 0 || !o)
        return NAN;
    double v = registry[i].fn(o);
    return isfinite(v) ? v : NAN;
}

void vs_validate_compute(const vs_validate_outputs *o, vs_validate_table *t)
{
    for (int i = 0; t && i < t->n; i++) {
        vs_validate_row *r = &t->rows[i];
        r->model = vs_validate_quantity(o, r->quantity, &r->model_source);
        r->ratio = isnan(r->model) || isnan(r->published) || r->published == 0.0
                       ? NAN
                       : r->model / r->published;
        r->within = vs_validate_verdict(r->model, r->published, r->tolerance, r->comparison);
    }
}

/* ---- the table file ---------------------------------------------------------- */

enum { C_ID, C_QUANTITY, C_PUBLISHED, C_UNIT, C_YEAR, C_GEO, C_SOURCE, C_TOL, C_ROLE, C_REQ };
static const char *const required[C_REQ] = {"id",   "quantity", "published", "unit",     "year",
                                            "geography", "source", "tolerance", "role"};

static void row_free(vs_validate_row *r)
{
    free(r->id);
    free(r->quantity);
    free(r->unit);
    free(r->year);
    free(r->geography);
    free(r->source);
    free(r->role);
    free(r->note);
}

void vs_validate_destroy(vs_validate_table *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->n; i++)
        row_free(&t->rows[i]);
    free(t->rows);
    free(t);
}

static char *dup_field(const vs_csv *csv, int col)
{
    return vsi_strdup_printf("%s", col >= 0 ? vs_csv_field(csv, col) : "");
}

/* The checks of one record; r's numbers are filled, its texts are not. */
static vs_status check_row(vs_ctx *ctx, vs_csv *csv, const int *col, int c_cmp,
                           const vs_validate_table *t, vs_validate_row *r)
{
    vs_status s;
    char id[128];
    if ((s = vs_csv_id(ctx, csv, col[C_ID], id, sizeof id)))
        return s;
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->rows[i].id, id) == 0)
            return vs_csv_fail(ctx, csv, col[C_ID], "duplicate id '%s' (first on line %ld)", id,
                               t->rows[i].line);
    /* a figure not found (empty published, source NOT FOUND) may lack year and geography */
    int not_found = vs_csv_empty(csv, col[C_PUBLISHED]);
    for (int k = C_QUANTITY; k < C_REQ; k++)
        if (k != C_PUBLISHED && k != C_UNIT && !(not_found && (k == C_YEAR || k == C_GEO)) &&
            vs_csv_empty(csv, col[k]))
            return vs_csv_fail(ctx, csv, col[k], "empty");
    r->published = NAN;
    if (not_found) {
        if (!strstr(vs_csv_field(csv, col[C_SOURCE]), "NOT FOUND"))
            return vs_csv_fail(ctx, csv, col[C_PUBLISHED],
                               "empty, but source does not say NOT FOUND");
    } else if ((s = vs_csv_double(ctx, csv, col[C_PUBLISHED], -1e15, 1e15, &r->published))) {
        return s;
    }
    if ((s = vs_csv_double(ctx, csv, col[C_TOL], 0.0, 100.0, &r->tolerance)))
        return s;
    const char *role = vs_csv_field(csv, col[C_ROLE]);
    if (strcmp(role, "calibration") && strcmp(role, "validation"))
        return vs_csv_fail(ctx, csv, col[C_ROLE], "'%s' is not calibration or validation", role);
    r->calibration = strcmp(role, "calibration") == 0;
    r->comparison = VS_VALIDATE_EQUAL;
    if (c_cmp >= 0 && !vs_csv_empty(csv, c_cmp) &&
        (r->comparison = vs_validate_comparison_parse(vs_csv_field(csv, c_cmp))) < 0)
        return vs_csv_fail(ctx, csv, c_cmp, "'%s' is not equal, at_least or at_most",
                           vs_csv_field(csv, c_cmp));
    r->line = vs_csv_line(csv);
    r->model = r->ratio = NAN;
    r->within = -1;
    return VS_OK;
}

static vs_status read_rows(vs_ctx *ctx, vs_csv *csv, vs_validate_table *t)
{
    int col[C_REQ], has, cap = 0;
    vs_status s = VS_OK;
    for (int k = 0; k < C_REQ && !s; k++)
        s = vs_csv_require(ctx, csv, required[k], &col[k]);
    int c_cmp = vs_csv_find(csv, "comparison"), c_note = vs_csv_find(csv, "note");
    while (!s && !(s = vs_csv_next(ctx, csv, &has)) && has) {
        if (t->n == cap) {
            cap = cap ? 2 * cap : 16;
            vs_validate_row *rows = realloc(t->rows, (size_t)cap * sizeof *rows);
            if (!rows)
                return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
            t->rows = rows;
        }
        vs_validate_row r;
        memset(&r, 0, sizeof r);
        if ((s = check_row(ctx, csv, col, c_cmp, t, &r)))
            break;
        r.id = dup_field(csv, col[C_ID]);
        r.quantity = dup_field(csv, col[C_QUANTITY]);
        r.unit = dup_field(csv, col[C_UNIT]);
        r.year = dup_field(csv, col[C_YEAR]);
        r.geography = dup_field(csv, col[C_GEO]);
        r.source = dup_field(csv, col[C_SOURCE]);
        r.role = dup_field(csv, col[C_ROLE]);
        r.note = dup_field(csv, c_note);
        t->rows[t->n++] = r; /* owned by the table from here, freed on failure too */
        if (!r.id || !r.quantity || !r.unit || !r.year || !r.geography || !r.source || !r.role ||
            !r.note)
            s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    if (!s && t->n == 0)
        s = vs_ctx_fail_at(ctx, t->path, 2, NULL, "no rows (the file has only a header)");
    return s;
}

vs_status vs_validate_load(vs_ctx *ctx, const char *path, vs_validate_table **out)
{
    *out = NULL;
    vs_csv *csv = NULL;
    vs_status s = vs_csv_open(ctx, path, &csv);
    if (s)
        return s;
    vs_validate_table *t = calloc(1, sizeof *t);
    if (!t) {
        vs_csv_close(csv);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    snprintf(t->path, sizeof t->path, "%s", path);
    s = read_rows(ctx, csv, t);
    vs_csv_close(csv);
    if (s) {
        vs_validate_destroy(t);
        return s;
    }
    *out = t;
    return VS_OK;
}

int vs_validate_table_path(const char *region_dir, const char *data_dir, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s/validation.csv", region_dir);
    if (access(buf, R_OK) == 0)
        return 1;
    size_t n = strlen(region_dir);
    while (n > 1 && region_dir[n - 1] == '/')
        n--;
    size_t b = n;
    while (b > 0 && region_dir[b - 1] != '/')
        b--;
    snprintf(buf, cap, "%s/validation/%.*s.csv", data_dir, (int)(n - b), region_dir + b);
    return access(buf, R_OK) == 0;
}

/* ---- today's models ----------------------------------------------------------- */

void vs_validate_models_destroy(vs_validate_models *m)
{
    if (!m)
        return;
    vs_flow_result_destroy(m->flow);
    vs_beds_plan_destroy(m->beds);
    vs_beds_demand_destroy(m->demand);
    vs_need_result_destroy(m->need);
    vs_need_reference_destroy(m->reference);
    vs_need_params_destroy(m->need_params);
    free(m);
}

static vs_status run_need(vs_ctx *ctx, const vs_region *region, const char *param_dir,
                          const char *reference_path, vs_validate_models *m)
{
    vs_status s = vs_need_params_load(ctx, param_dir, &m->need_params);
    if (!s && reference_path)
        s = vs_need_reference_load(ctx, reference_path, &m->reference);
    if (s)
        return s;
    vs_need_options opt;
    vs_need_options_init(&opt);
    opt.reference = m->reference;
    return vs_need_compute(ctx, region, m->need_params, &opt, &m->need);
}

vs_status vs_validate_run_models(vs_ctx *ctx, const vs_region *region, const char *param_dir,
                                 const char *reference_path, int flow, vs_validate_models **out)
{
    *out = NULL;
    vs_validate_models *m = calloc(1, sizeof *m);
    if (!m)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    vs_status s = run_need(ctx, region, param_dir, reference_path, m);
    if (!s)
        s = vs_beds_params_load(ctx, param_dir, &m->beds_params);
    if (!s)
        s = vs_beds_demand_derive(ctx, region, &m->beds_params, &m->demand);
    if (!s)
        s = vs_beds_plan(ctx, region, m->demand, &m->beds_params, &m->beds);
    if (!s && flow) {
        s = vs_flow_params_init(ctx, param_dir, &m->flow_params);
        if (!s) /* the same standardisation as the need model above */
            snprintf(m->flow_params.reference_path, sizeof m->flow_params.reference_path, "%s",
                     reference_path ? reference_path : "");
        if (!s)
            s = vs_flow_run(ctx, region, &m->flow_params, &m->flow);
    }
    if (s) {
        vs_validate_models_destroy(m);
        return s;
    }
    *out = m;
    return VS_OK;
}

vs_validate_outputs vs_validate_models_outputs(const vs_validate_models *m,
                                               const vs_region *region)
{
    vs_validate_outputs o = {region, m ? m->need : NULL, m ? m->beds : NULL,
                             m ? m->flow : NULL};
    return o;
}
