/*
 * scenario.c: the strict reader of scenario files (schema_version 1).
 *
 * The schema is one table of leaf keys (dotted paths such as
 * "policies.beds.occupancy_target") with type, range, default and the
 * citation of the default.  Sections are implied by the paths: a key whose
 * path is a prefix of some leaf must hold a mapping.  The YAML is parsed with
 * libfyaml into a document; we then walk its mappings, check every key
 * against the table, convert scalars with strict rules (plain style for
 * numbers and booleans, no hex, no inf/nan, YAML 1.2 core true/false) and
 * finally make the cross-field checks.  Every message carries the 1-based
 * line and column of the offending key or value.
 */
#include "vardsim/scenario.h"
#include "core/text.h"

#include <ctype.h>
#include <errno.h>
#include <libfyaml.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SC_FILE_MAX (1 << 20) /* scenario files are small; refuse above 1 MiB */

typedef enum ftype { F_INT, F_U64, F_NUM, F_BOOL, F_TEXT, F_ID, F_PATH, F_ENUM, F_YEARS } ftype;

static const char *const unit_names[] = {"per_fte", "per_head", NULL};
static const char *const listing_names[] = {"named_gp", "centre", NULL};
static const char *const discipline_names[] = {"need", "fifo", "insurance", NULL};

/* One leaf of the schema. */
typedef struct field {
    const char *key;               /* dotted path */
    ftype type;
    size_t off;                    /* offset of the value in vs_scenario */
    double min, max;               /* inclusive range for F_INT, F_NUM */
    const char *const *enums;      /* names for F_ENUM */
    int required;
    const char *source;            /* citation of the default */
    int range;                     /* F_NUM: 1 = also [low, high] (a forecast input);
                                      F_YEARS always takes ranges */
} field;

#define OFF(m) offsetof(vs_scenario, m)
#define SEED "seed document"
#define WF_SRC "not set: the workforce module's parameter files"
/* The workforce inputs of profession I (policies.workforce.NAME.*). */
#define PROF_ROWS(I, NAME, TMIN, TSRC)                                                           \
    {"policies.workforce." NAME ".training_intake_per_year", F_YEARS,                            \
     OFF(workforce.prof[I].training_intake), 0, 100000, NULL, 0, WF_SRC, 1},                     \
    {"policies.workforce." NAME ".training_years", F_NUM, OFF(workforce.prof[I].training_years),   \
     TMIN, 15, NULL, 0, TSRC, 1},                                                                 \
    {"policies.workforce." NAME ".completion_share", F_NUM,                                      \
     OFF(workforce.prof[I].completion_share), 0, 1, NULL, 0, WF_SRC, 1},                          \
    {"policies.workforce." NAME ".inflow_per_year", F_YEARS, OFF(workforce.prof[I].inflow),       \
     -100000, 100000, NULL, 0, WF_SRC, 1},                                                        \
    {"policies.workforce." NAME ".retirement_rate", F_NUM,                                       \
     OFF(workforce.prof[I].retirement_rate), 0, 1, NULL, 0, WF_SRC, 1},                           \
    {"policies.workforce." NAME ".attrition_rate", F_NUM, OFF(workforce.prof[I].attrition_rate),  \
     0, 1, NULL, 0, WF_SRC, 1},                                                                   \
    {"policies.workforce." NAME ".fte_per_head", F_NUM, OFF(workforce.prof[I].fte_per_head),      \
     0.01, 1.5, NULL, 0, WF_SRC, 1},                                                              \
    {"policies.workforce." NAME ".hours_per_week", F_YEARS,                                      \
     OFF(workforce.prof[I].hours_per_week), 1, 80, NULL, 0, WF_SRC, 1}
/* Rows may leave out `range` (0: a number only). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
static const field schema[] = {
    {"schema_version", F_INT, OFF(schema_version), 1, 1, NULL, 1, NULL},
    {"name", F_ID, OFF(name), 0, 0, NULL, 1, NULL},
    {"description", F_TEXT, OFF(description), 0, 0, NULL, 0, "default: empty"},
    {"region", F_PATH, OFF(region_dir), 0, 0, NULL, 0, "default: the default region"},
    {"base_year", F_INT, OFF(base_year), 1900, 2100, NULL, 0, "default: the region's base year"},
    {"horizon_year", F_INT, OFF(horizon_year), 1900, 2150, NULL, 0, "default: the base year"},
    {"policies.primary_care.gp_cap", F_NUM, OFF(primary_care.gp_cap), 100, 10000, NULL, 0,
     "Socialstyrelsen riktvärde 2022: 1,100 per GP (" SEED " 000:440-442)"},
    {"policies.primary_care.gp_cap_unit", F_ENUM, OFF(primary_care.gp_cap_unit), 0, 0, unit_names,
     0, "vardsim choice: the documents do not say per head or per FTE (seed digest 1.1)"},
    {"policies.primary_care.listing_rule", F_ENUM, OFF(primary_care.listing_rule), 0, 0,
     listing_names, 0, "every resident with a named GP (" SEED " 002:51)"},
    {"policies.primary_care.fixed_gp_share", F_NUM, OFF(primary_care.fixed_gp_share), 0, 1, NULL,
     0, "default: 1 under listing_rule named_gp"},
    {"policies.primary_care.area_responsibility", F_BOOL, OFF(primary_care.area_responsibility), 0,
     0, NULL, 0, "default: false"},
    {"policies.primary_care.admin_hours_per_day", F_NUM, OFF(primary_care.admin_hours_per_day), 0,
     8, NULL, 0, "time studies: 4 hours a working day (" SEED " 004:1404-1406)"},
    {"policies.primary_care.further_training_share", F_NUM,
     OFF(primary_care.further_training_share), 0, 0.5, NULL, 0,
     "10 % of working time (" SEED " 004:1300-1302)"},
    {"policies.primary_care.further_training_days_per_year", F_NUM,
     OFF(primary_care.further_training_days), 0, 60, NULL, 0,
     "10 external days a year (" SEED " 004:1300-1302)"},
    {"policies.allocation.cni_share", F_NUM, OFF(allocation.cni_share), 0, 1, NULL, 0,
     "not set: the allocation module's parameter file"},
    {"policies.allocation.distance_share", F_NUM, OFF(allocation.distance_share), 0, 1, NULL, 0,
     "not set: the allocation module's parameter file"},
    {"policies.allocation.cni_support", F_BOOL, OFF(allocation.cni_support), 0, 0, NULL, 0,
     "default: false"},
    {"policies.allocation.cni_support_threshold", F_NUM, OFF(allocation.cni_support_threshold),
     0.01, 10, NULL, 0, "CNI above 1.7 (" SEED " 004:1325-1327)"},
    {"policies.allocation.cni_support_share", F_NUM, OFF(allocation.cni_support_share), 0, 1, NULL,
     0, "not set: the allocation module's parameter file"},
    {"policies.beds.occupancy_target", F_NUM, OFF(beds.occupancy_target), 0.01, 1, NULL, 0,
     "occupancy below 90 % (" SEED " 003:185-192, 004:1520-1522)"},
    {"policies.beds.closed_bed_share", F_NUM, OFF(beds.closed_bed_share), 0, 0.99, NULL, 0,
     "default: 0 (no closed beds)"},
    {"policies.beds.staff_to_plan", F_BOOL, OFF(beds.staff_to_plan), 0, 0, NULL, 0,
     "default: false (today's staffed beds); true: a bed plan that meets need (" SEED
     " 003:74-75)"},
    {"policies.beds.asih_share", F_NUM, OFF(beds.asih_share), 0, 0.99, NULL, 0,
     "default: 0 (no ASIH places)"},
    {"policies.queues.discipline", F_ENUM, OFF(queues.discipline), 0, 0, discipline_names, 0,
     "larger need always first (" SEED " 000:522-525)"},
    {"policies.queues.insured_share", F_NUM, OFF(queues.insured_share), 0, 1, NULL, 0,
     "not set: the simulation's parameter file"},
    {"policies.care_guarantee.primary_care_contact_days", F_NUM, OFF(care_guarantee.contact_days),
     0, 365, NULL, 0, "Hälso- och sjukvårdsförordning (2017:80) 6 kap. 1 §: 0 days"},
    {"policies.care_guarantee.primary_care_assessment_days", F_NUM,
     OFF(care_guarantee.assessment_days), 0, 365, NULL, 0,
     "Hälso- och sjukvårdsförordning (2017:80) 6 kap. 1 §: 3 days (from 2019)"},
    {"policies.care_guarantee.specialist_visit_days", F_NUM, OFF(care_guarantee.specialist_days),
     0, 365, NULL, 0, "Hälso- och sjukvårdsförordning (2017:80) 6 kap. 1 §: 90 days"},
    {"policies.care_guarantee.treatment_days", F_NUM, OFF(care_guarantee.treatment_days), 0, 365,
     NULL, 0, "Hälso- och sjukvårdsförordning (2017:80) 6 kap. 1 §: 90 days"},
    {"forecast.runs", F_INT, OFF(forecast.runs), 1, 1000000, NULL, 0,
     "default: 200 (vardsim run's forecast stage; docs/forecast.md)"},
    {"forecast.population_projection", F_PATH, OFF(forecast.population_projection), 0, 0, NULL, 0,
     "default: none (the cohort-component projection of data/parameters/population.csv)"},
    {"forecast.fertility_scale", F_NUM, OFF(forecast.fertility_scale), 0, 5, NULL, 0,
     "default: 1 (population.csv as read)", 1},
    {"forecast.mortality_scale", F_NUM, OFF(forecast.mortality_scale), 0, 5, NULL, 0,
     "default: 1 (population.csv as read)", 1},
    {"forecast.migration_scale", F_NUM, OFF(forecast.migration_scale), -5, 5, NULL, 0,
     "default: 1 (population.csv as read)", 1},
    {"policies.workforce.agency_staff_share", F_NUM, OFF(workforce.agency_share), 0, 1, NULL, 0,
     "not set: the region's agency.csv (docs/workforce.md)", 1},
    {"policies.workforce.agency_premium", F_NUM, OFF(workforce.agency_premium), 0, 5, NULL, 0,
     "agency staff cost about 30 % more, SKR (" SEED " 000:826-829)", 1},
    {"policies.workforce.agency_reduction_by_2027", F_NUM, OFF(workforce.agency_reduction_2027), 0,
     1, NULL, 0, "default: 0 (no planned reduction)", 1},
    {"policies.workforce.agency_stop_year", F_INT, OFF(workforce.agency_stop_year), 2000, 2150,
     NULL, 0, "default: none"},
    {"policies.workforce.agency_reference_year", F_INT, OFF(workforce.agency_reference_year), 2000,
     2026, NULL, 0, "2023, the year of the documents' agency figures (" SEED " 000:775-812)"},
    {"policies.workforce.agency_replaced_by_employed", F_BOOL, OFF(workforce.agency_replaced), 0, 0,
     NULL, 0, "default: false (agency staff cut are capacity lost)"},
    PROF_ROWS(0, "gp", 5.5, "5.5 years, HSLF-FS 2021:8 (Socialstyrelsen)"),
    PROF_ROWS(1, "nurse", 0.5, "not set: the workforce module's parameter files"),
    PROF_ROWS(2, "midwife", 0.5, "not set: the workforce module's parameter files"),
    {"policies.budget.primary_care_msek", F_YEARS, OFF(budget.primary_care_msek), 0, 1e7, NULL, 0,
     "not set: the region's budget.csv (pvn_appropriation)", 1},
    {"policies.budget.primary_care_growth", F_NUM, OFF(budget.primary_care_growth), -0.5, 1, NULL,
     0, "not set: the growth of the region's budget plan", 1},
    {"policies.budget.total_msek", F_YEARS, OFF(budget.total_msek), 0, 1e7, NULL, 0,
     "not set: the region's budget.csv (hsn_appropriation + pvn_appropriation)", 1},
    {"policies.budget.total_growth", F_NUM, OFF(budget.total_growth), -0.5, 1, NULL, 0,
     "not set: the growth of the region's budget plan", 1},
    {"simulation.replications", F_INT, OFF(simulation.replications), 1, 100000, NULL, 0,
     "default: 10"},
    {"simulation.seed", F_U64, OFF(simulation.seed), 0, 0, NULL, 0, "default: 1"},
    {"simulation.threads", F_INT, OFF(simulation.threads), 0, 1024, NULL, 0,
     "default: 0 (all cores)"},
    {"simulation.days", F_INT, OFF(simulation.days), 1, 3660, NULL, 0, "default: 365"},
};
#pragma GCC diagnostic pop
#define N_FIELDS ((int)(sizeof schema / sizeof schema[0]))

/* Parsing state: the scenario being filled, where each leaf was set. */
typedef struct parse_state {
    vs_ctx *ctx;
    const char *file;
    vs_scenario *sc;
    int line[N_FIELDS], col[N_FIELDS]; /* 1-based position of the value; 0 = unset */
} parse_state;

static void set_defaults(vs_scenario *sc)
{
    sc->schema_version = VS_SCENARIO_SCHEMA_VERSION;
    sc->primary_care.gp_cap = 1100;
    sc->primary_care.gp_cap_unit = VS_GP_CAP_PER_FTE;
    sc->primary_care.listing_rule = VS_LISTING_NAMED_GP;
    sc->primary_care.fixed_gp_share = 1.0;
    sc->primary_care.admin_hours_per_day = 4;
    sc->primary_care.further_training_share = 0.10;
    sc->primary_care.further_training_days = 10;
    sc->allocation.cni_share = NAN;
    sc->allocation.distance_share = NAN;
    sc->allocation.cni_support_threshold = 1.7;
    sc->allocation.cni_support_share = NAN;
    sc->beds.occupancy_target = 0.90;
    sc->queues.discipline = VS_SCENARIO_QUEUE_NEED;
    sc->queues.insured_share = NAN;
    sc->care_guarantee.contact_days = 0;
    sc->care_guarantee.assessment_days = 3;
    sc->care_guarantee.specialist_days = 90;
    sc->care_guarantee.treatment_days = 90;
    sc->forecast.runs = 200;
    sc->forecast.fertility_scale = 1;
    sc->forecast.mortality_scale = 1;
    sc->forecast.migration_scale = 1;
    sc->workforce.agency_share = NAN;
    sc->workforce.agency_premium = 0.30;
    sc->workforce.agency_reference_year = 2023;
    for (int i = 0; i < VS_SCENARIO_PROFESSIONS; i++) {
        vs_scenario_profession *p = &sc->workforce.prof[i];
        p->training_years = i == 0 ? 5.5 : NAN;
        p->completion_share = p->retirement_rate = p->attrition_rate = p->fte_per_head = NAN;
    }
    sc->budget.primary_care_growth = NAN;
    sc->budget.total_growth = NAN;
    sc->simulation.replications = 10;
    sc->simulation.seed = 1;
    sc->simulation.threads = 0;
    sc->simulation.days = 365;
}

static vs_status fail(parse_state *ps, int line, int col, const char *key, const char *fmt, ...)
    VS_PRINTF(5, 6);

/* Record "FILE:LINE:COLUMN: field KEY: what" with status VS_EINPUT. */
static vs_status fail(parse_state *ps, int line, int col, const char *key, const char *fmt, ...)
{
    char what[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (key)
        return vs_ctx_fail(ps->ctx, VS_EINPUT, "%s:%d:%d: field %s: %s", ps->file, line, col, key,
                           what);
    return vs_ctx_fail(ps->ctx, VS_EINPUT, "%s:%d:%d: %s", ps->file, line, col, what);
}

/* 1-based position of a node; non-scalar nodes (no token exposed by the
 * library) take the position of their key, passed as fallback. */
static void node_pos(struct fy_node *n, int fb_line, int fb_col, int *line, int *col)
{
    *line = fb_line;
    *col = fb_col;
    if (n && fy_node_is_scalar(n)) {
        struct fy_token *t = fy_node_get_scalar_token(n);
        const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;
        if (m) {
            *line = m->line + 1;
            *col = m->column + 1;
        }
    }
}

/* Position of the first scalar inside a node (depth first), for nodes whose
 * own start the library does not expose. */
static int first_scalar_pos(struct fy_node *n, int *line, int *col)
{
    if (!n)
        return 0;
    if (fy_node_is_scalar(n)) {
        node_pos(n, *line, *col, line, col);
        return 1;
    }
    void *it = NULL;
    if (fy_node_is_mapping(n)) {
        struct fy_node_pair *p = fy_node_mapping_iterate(n, &it);
        return p && first_scalar_pos(fy_node_pair_key(p), line, col);
    }
    struct fy_node *c = fy_node_sequence_iterate(n, &it);
    return c && first_scalar_pos(c, line, col);
}

static const char *node_kind(struct fy_node *n)
{
    if (!n)
        return "nothing";
    switch (fy_node_get_type(n)) {
    case FYNT_MAPPING: return "a mapping";
    case FYNT_SEQUENCE: return "a sequence";
    default: return "a scalar";
    }
}

/* Scalar text (NUL-terminated copy in buf), or an error.  Null values
 * (empty, ~, null) are "missing value". */
static vs_status scalar_text(parse_state *ps, struct fy_node *v, int line, int col,
                             const char *key, const char *expect, char *buf, size_t cap,
                             int *plain)
{
    if (!v)
        return fail(ps, line, col, key, "missing value, expected %s", expect);
    if (!fy_node_is_scalar(v))
        return fail(ps, line, col, key, "expected %s, got %s", expect, node_kind(v));
    if (fy_node_get_style(v) == FYNS_ALIAS)
        return fail(ps, line, col, key, "aliases are not supported");
    size_t len;
    const char *s = fy_node_get_scalar(v, &len);
    if (!s)
        s = "";
    enum fy_node_style style = fy_node_get_style(v);
    *plain = style == FYNS_PLAIN;
    if (*plain && (len == 0 || (len == 1 && s[0] == '~') || (len == 4 && memcmp(s, "null", 4) == 0)
                   || (len == 4 && memcmp(s, "Null", 4) == 0)
                   || (len == 4 && memcmp(s, "NULL", 4) == 0)))
        return fail(ps, line, col, key, "missing value, expected %s", expect);
    if (len >= cap)
        return fail(ps, line, col, key, "value is too long (%zu bytes, at most %zu)", len,
                    cap - 1);
    if (memchr(s, '\0', len))
        return fail(ps, line, col, key, "value contains a NUL byte");
    memcpy(buf, s, len);
    buf[len] = '\0';
    return VS_OK;
}

/* An explicit YAML tag on a value must agree with the type the key takes:
 * `!!str 1` is text, never the integer 1.  `allowed` lists the accepted
 * core-schema tags (short names: "int", "float", "bool", "str"); a value
 * without a tag is resolved by the key's type as before. */
static vs_status check_tag(parse_state *ps, struct fy_node *v, int line, int col, const char *key,
                           const char *expect, const char *const *allowed)
{
    static const char core[] = "tag:yaml.org,2002:";
    size_t len = 0;
    const char *tag = v ? fy_node_get_tag(v, &len) : NULL;
    if (!tag || len == 0)
        return VS_OK;
    size_t nc = sizeof core - 1;
    int is_core = len > nc && memcmp(tag, core, nc) == 0;
    for (int i = 0; is_core && allowed[i]; i++)
        if (len - nc == strlen(allowed[i]) && memcmp(tag + nc, allowed[i], len - nc) == 0)
            return VS_OK;
    int show = len > 100 ? 100 : (int)len;
    if (is_core)
        return fail(ps, line, col, key, "expected %s, got a value tagged !!%.*s", expect,
                    show - (int)nc, tag + nc);
    return fail(ps, line, col, key, "expected %s, got a value tagged '%.*s'", expect, show, tag);
}

static int decimal_chars(const char *s)
{
    if (!*s)
        return 0;
    for (const char *p = s; *p; p++)
        if (!isdigit((unsigned char)*p) && !strchr("+-.eE", *p))
            return 0;
    return 1;
}

static const char *const t_number[] = {"int", "float", NULL};

/* A plain scalar number within the field's range. */
static vs_status number_of(parse_state *ps, const field *f, const char *key, struct fy_node *v,
                           int line, int col, double *out)
{
    char buf[1100];
    int plain;
    vs_status st = check_tag(ps, v, line, col, key, "a number", t_number);
    if (st || (st = scalar_text(ps, v, line, col, key, "a number", buf, sizeof buf, &plain)))
        return st;
    if (!plain)
        return fail(ps, line, col, key, "expected a number, got the quoted string '%s'", buf);
    char *end;
    errno = 0;
    double x = strtod(buf, &end);
    if (!decimal_chars(buf) || *end || end == buf || errno == ERANGE || !isfinite(x))
        return fail(ps, line, col, key, "expected a number, got '%s'", buf);
    if (x < f->min || x > f->max)
        return fail(ps, line, col, key, "value %s is out of range [%g, %g]", buf, f->min, f->max);
    *out = x;
    return VS_OK;
}

/* `[low, high]`: two numbers of the field's range, low <= high.  The field
 * gets the midpoint; the range is recorded for vs_scenario_draw. */
static vs_status range_of(parse_state *ps, const field *f, const char *key, struct fy_node *v,
                          int line, int col, size_t off, double *out)
{
    static const char *const t_seq[] = {"seq", NULL};
    vs_status st = check_tag(ps, v, line, col, key, "a range [low, high]", t_seq);
    if (st)
        return st;
    int n = fy_node_sequence_item_count(v);
    if (n != 2)
        return fail(ps, line, col, key, "a range is [low, high], two numbers; got %d item%s", n,
                    n == 1 ? "" : "s");
    double x[2];
    int l[2], c[2];
    for (int i = 0; i < 2; i++) {
        struct fy_node *e = fy_node_sequence_get_by_index(v, i);
        node_pos(e, line, col, &l[i], &c[i]);
        if ((st = number_of(ps, f, key, e, l[i], c[i], &x[i])))
            return st;
    }
    if (x[0] > x[1])
        return fail(ps, l[0], c[0], key, "range [%g, %g]: low is greater than high", x[0], x[1]);
    vs_scenario *sc = ps->sc;
    if (sc->n_ranges == VS_SCENARIO_RANGES_MAX)
        return fail(ps, line, col, key, "more than %d ranges in one scenario",
                    VS_SCENARIO_RANGES_MAX);
    vs_scenario_range *r = &sc->ranges[sc->n_ranges++];
    snprintf(r->key, sizeof r->key, "%s", key);
    r->low = x[0];
    r->high = x[1];
    r->offset = off;
    r->line = l[0];
    r->col = c[0];
    *out = 0.5 * (x[0] + x[1]);
    return VS_OK;
}

/* A number, or `[low, high]` where the field takes a range. */
static vs_status num_or_range(parse_state *ps, const field *f, const char *key, struct fy_node *v,
                              int line, int col, size_t off, double *out)
{
    if (v && fy_node_is_sequence(v)) {
        if (!f->range)
            return fail(ps, line, col, key,
                        "expected a number, got a sequence (a range [low, high] is taken only "
                        "by forecast inputs, docs/scenario.md)");
        return range_of(ps, f, key, v, line, col, off, out);
    }
    return number_of(ps, f, key, v, line, col, out);
}

/* A yearly path: a number or range (every year), or a mapping of years in
 * increasing order to numbers or ranges. */
static vs_status year_path(parse_state *ps, const field *f, struct fy_node *v, int line, int col)
{
    vs_year_path *yp = (vs_year_path *)((char *)ps->sc + f->off);
    memset(yp, 0, sizeof *yp);
    size_t base = f->off + offsetof(vs_year_path, value);
    if (!v || !fy_node_is_mapping(v)) {
        yp->n = 1;
        return num_or_range(ps, f, f->key, v, line, col, base, &yp->value[0]);
    }
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(v, &it))) {
        struct fy_node *k = fy_node_pair_key(p), *e = fy_node_pair_value(p);
        int kl = line, kc = col, el, ec;
        node_pos(k, line, col, &kl, &kc);
        size_t klen = 0;
        const char *ks = k && fy_node_is_scalar(k) ? fy_node_get_scalar(k, &klen) : NULL;
        char yb[16] = "";
        if (ks && klen < sizeof yb)
            memcpy(yb, ks, klen);
        char *end;
        long y = strtol(yb, &end, 10);
        if (!ks || !*yb || *end || !isdigit((unsigned char)yb[0]) || y < 1900 || y > 2150)
            return fail(ps, kl, kc, f->key, "expected a year (1900-2150) as key, got '%.*s'",
                        (int)(klen > 20 ? 20 : klen), ks ? ks : "");
        if (yp->n && y <= yp->year[yp->n - 1])
            return fail(ps, kl, kc, f->key, "years must increase: %ld after %d", y,
                        yp->year[yp->n - 1]);
        if (yp->n == VS_SCENARIO_YEARS_MAX)
            return fail(ps, kl, kc, f->key, "more than %d years", VS_SCENARIO_YEARS_MAX);
        char key[160];
        snprintf(key, sizeof key, "%s.%ld", f->key, y);
        node_pos(e, kl, kc, &el, &ec);
        int i = yp->n++;
        yp->year[i] = (int)y;
        vs_status st = num_or_range(ps, f, key, e, el, ec, base + (size_t)i * sizeof(double),
                                    &yp->value[i]);
        if (st)
            return st;
    }
    if (!yp->n)
        return fail(ps, line, col, f->key, "empty mapping: give a number or YEAR: number entries");
    return VS_OK;
}

static vs_status set_leaf(parse_state *ps, int fi, struct fy_node *v, int line, int col)
{
    const field *f = &schema[fi];
    void *dst = (char *)ps->sc + f->off;
    char buf[1100];
    int plain;
    vs_status st;
    static const char *const t_int[] = {"int", NULL}, *const t_bool[] = {"bool", NULL},
                             *const t_str[] = {"str", NULL};
    switch (f->type) {
    case F_INT:
    case F_U64: st = check_tag(ps, v, line, col, f->key, "an integer", t_int); break;
    case F_NUM:
    case F_YEARS: st = VS_OK; break; /* num_or_range checks each number's tag */
    case F_BOOL: st = check_tag(ps, v, line, col, f->key, "true or false", t_bool); break;
    default: st = check_tag(ps, v, line, col, f->key, "text", t_str); break;
    }
    if (st)
        return st;
    switch (f->type) {
    case F_INT:
    case F_U64: {
        if ((st = scalar_text(ps, v, line, col, f->key, "an integer", buf, sizeof buf, &plain)))
            return st;
        if (!plain)
            return fail(ps, line, col, f->key, "expected an integer, got the quoted string '%s'",
                        buf);
        char *end;
        errno = 0;
        if (f->type == F_U64) {
            if (buf[0] == '-' || !isdigit((unsigned char)buf[0]))
                return fail(ps, line, col, f->key,
                            "expected an integer between 0 and 18446744073709551615, got '%s'",
                            buf);
            unsigned long long u = strtoull(buf, &end, 10);
            if (*end)
                return fail(ps, line, col, f->key, "expected an integer, got '%s'", buf);
            if (errno == ERANGE)
                return fail(ps, line, col, f->key, "integer '%s' is too large", buf);
            *(uint64_t *)dst = (uint64_t)u;
            return VS_OK;
        }
        long long x = strtoll(buf, &end, 10);
        if (*end || end == buf)
            return fail(ps, line, col, f->key, "expected an integer, got '%s'", buf);
        if (strcmp(f->key, "schema_version") == 0 && x != VS_SCENARIO_SCHEMA_VERSION)
            return fail(ps, line, col, f->key,
                        "unsupported schema version %s (this vardsim reads version %d)", buf,
                        VS_SCENARIO_SCHEMA_VERSION);
        if (errno == ERANGE || x < (long long)f->min || x > (long long)f->max)
            return fail(ps, line, col, f->key, "value %s is out of range [%.0f, %.0f]", buf,
                        f->min, f->max);
        *(int *)dst = (int)x;
        return VS_OK;
    }
    case F_NUM:
        return num_or_range(ps, f, f->key, v, line, col, f->off, (double *)dst);
    case F_YEARS:
        return year_path(ps, f, v, line, col);
    case F_BOOL: {
        if ((st = scalar_text(ps, v, line, col, f->key, "true or false", buf, sizeof buf,
                              &plain)))
            return st;
        if (plain && strcmp(buf, "true") == 0)
            *(int *)dst = 1;
        else if (plain && strcmp(buf, "false") == 0)
            *(int *)dst = 0;
        else
            return fail(ps, line, col, f->key, "expected true or false, got '%s'", buf);
        return VS_OK;
    }
    case F_ENUM: {
        char list[200] = "";
        for (int i = 0; f->enums[i]; i++) {
            strcat(list, i ? ", " : "");
            strcat(list, f->enums[i]);
        }
        char expect[240];
        snprintf(expect, sizeof expect, "one of %s", list);
        if ((st = scalar_text(ps, v, line, col, f->key, expect, buf, sizeof buf, &plain)))
            return st;
        for (int i = 0; f->enums[i]; i++)
            if (strcmp(buf, f->enums[i]) == 0) {
                *(int *)dst = i;
                return VS_OK;
            }
        return fail(ps, line, col, f->key, "expected %s, got '%s'", expect, buf);
    }
    case F_ID: {
        size_t cap = sizeof ps->sc->name;
        if ((st = scalar_text(ps, v, line, col, f->key, "a name", buf, sizeof buf, &plain)))
            return st;
        if (strlen(buf) >= cap)
            return fail(ps, line, col, f->key, "name is too long (at most %zu characters)",
                        cap - 1);
        for (const char *p = buf; *p; p++)
            if (!isalnum((unsigned char)*p) && !strchr("_.-", *p))
                return fail(ps, line, col, f->key,
                            "'%s' is not a valid name (letters, digits, '_', '.', '-')", buf);
        memcpy(dst, buf, strlen(buf) + 1);
        return VS_OK;
    }
    case F_TEXT: {
        if ((st = scalar_text(ps, v, line, col, f->key, "text", buf, sizeof ps->sc->description,
                              &plain)))
            return st;
        memcpy(dst, buf, strlen(buf) + 1);
        return VS_OK;
    }
    case F_PATH: {
        if ((st = scalar_text(ps, v, line, col, f->key, "a path", buf, sizeof buf, &plain)))
            return st;
        char *out = dst;
        if (buf[0] == '/') {
            if (strlen(buf) >= VS_SCENARIO_PATH_MAX)
                return fail(ps, line, col, f->key, "path is too long");
            strcpy(out, buf);
            return VS_OK;
        }
        /* relative: against the scenario file's directory */
        const char *slash = strrchr(ps->file, '/');
        size_t dlen = slash ? (size_t)(slash - ps->file) : 0;
        int n;
        if (dlen)
            n = snprintf(out, VS_SCENARIO_PATH_MAX, "%.*s/%s", (int)dlen, ps->file, buf);
        else
            n = snprintf(out, VS_SCENARIO_PATH_MAX, "%s", buf);
        if (n < 0 || n >= VS_SCENARIO_PATH_MAX)
            return fail(ps, line, col, f->key, "path is too long");
        return VS_OK;
    }
    }
    return VS_OK;
}

/* Is `path` a proper prefix (section) of some leaf? */
static int is_section(const char *path)
{
    size_t n = strlen(path);
    for (int i = 0; i < N_FIELDS; i++)
        if (strncmp(schema[i].key, path, n) == 0 && schema[i].key[n] == '.')
            return 1;
    return 0;
}

static vs_status walk(parse_state *ps, struct fy_node *map, const char *prefix)
{
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(map, &it))) {
        struct fy_node *k = fy_node_pair_key(p), *v = fy_node_pair_value(p);
        int kl = 1, kc = 1;
        node_pos(k, 1, 1, &kl, &kc);
        if (!k || !fy_node_is_scalar(k) || fy_node_get_style(k) == FYNS_ALIAS)
            return fail(ps, kl, kc, prefix[0] ? prefix : NULL, "keys must be plain names");
        size_t klen;
        const char *ks = fy_node_get_scalar(k, &klen);
        char path[256];
        if (!ks || klen == 0 || klen > 100 || memchr(ks, '.', klen) || memchr(ks, '\0', klen))
            return fail(ps, kl, kc, prefix[0] ? prefix : NULL, "invalid key '%.*s'",
                        (int)(klen > 100 ? 100 : klen), ks ? ks : "");
        snprintf(path, sizeof path, "%s%s%.*s", prefix, prefix[0] ? "." : "", (int)klen, ks);
        int vl, vc;
        node_pos(v, kl, kc, &vl, &vc);
        int fi = -1;
        for (int i = 0; i < N_FIELDS; i++)
            if (strcmp(schema[i].key, path) == 0)
                fi = i;
        if (fi >= 0) {
            vs_status st = set_leaf(ps, fi, v, vl, vc);
            if (st)
                return st;
            ps->line[fi] = vl;
            ps->col[fi] = vc;
            continue;
        }
        if (is_section(path)) {
            if (!v || !fy_node_is_mapping(v))
                return fail(ps, vl, vc, path, "expected a mapping (section), got %s",
                            node_kind(v));
            vs_status st = walk(ps, v, path);
            if (st)
                return st;
            continue;
        }
        return fail(ps, kl, kc, path, "unknown key (see docs/scenario.md for the schema)");
    }
    return VS_OK;
}

static int field_index(const char *key)
{
    for (int i = 0; i < N_FIELDS; i++)
        if (strcmp(schema[i].key, key) == 0)
            return i;
    return -1;
}

/* Checks that involve more than one key, made after the whole file is read. */
static vs_status cross_checks(parse_state *ps)
{
    vs_scenario *sc = ps->sc;
    for (int i = 0; i < N_FIELDS; i++)
        if (schema[i].required && !ps->line[i])
            return fail(ps, 1, 1, schema[i].key, "required key is missing");
    int hy = field_index("horizon_year");
    if (sc->base_year && sc->horizon_year && sc->horizon_year < sc->base_year)
        return fail(ps, ps->line[hy], ps->col[hy], "horizon_year",
                    "horizon year %d is before the base year %d", sc->horizon_year,
                    sc->base_year);
    int fs = field_index("policies.primary_care.fixed_gp_share");
    if (sc->primary_care.listing_rule == VS_LISTING_CENTRE && !ps->line[fs]) {
        int lr = field_index("policies.primary_care.listing_rule");
        return fail(ps, ps->line[lr], ps->col[lr], "policies.primary_care.fixed_gp_share",
                    "required when listing_rule is centre (share of residents with a fixed GP)");
    }
    if (sc->primary_care.listing_rule == VS_LISTING_NAMED_GP && ps->line[fs]
        && sc->primary_care.fixed_gp_share != 1.0)
        return fail(ps, ps->line[fs], ps->col[fs], "policies.primary_care.fixed_gp_share",
                    "must be 1 (or absent) when listing_rule is named_gp, got %g",
                    sc->primary_care.fixed_gp_share);
    double cs = sc->allocation.cni_share, ds = sc->allocation.distance_share;
    if (!isnan(cs) && !isnan(ds) && cs + ds > 1.0) {
        int di = field_index("policies.allocation.distance_share");
        return fail(ps, ps->line[di], ps->col[di], "policies.allocation.distance_share",
                    "cni_share + distance_share = %g exceeds 1", cs + ds);
    }
    int cp = field_index("policies.allocation.cni_support_share");
    if (!sc->allocation.cni_support && ps->line[cp] && sc->allocation.cni_support_share > 0)
        return fail(ps, ps->line[cp], ps->col[cp], "policies.allocation.cni_support_share",
                    "set to %g but cni_support is false", sc->allocation.cni_support_share);
    int ry = field_index("policies.workforce.agency_reference_year");
    int at = ps->line[ry] ? ry : field_index("policies.workforce.agency_stop_year");
    if (sc->workforce.agency_stop_year &&
        sc->workforce.agency_stop_year <= sc->workforce.agency_reference_year)
        return fail(ps, ps->line[at], ps->col[at], "policies.workforce.agency_reference_year",
                    "reference year %d is not before the stop year %d",
                    sc->workforce.agency_reference_year, sc->workforce.agency_stop_year);
    int sy = field_index("policies.workforce.agency_stop_year");
    if (sc->workforce.agency_stop_year && sc->base_year
        && sc->workforce.agency_stop_year < sc->base_year)
        return fail(ps, ps->line[sy], ps->col[sy], "policies.workforce.agency_stop_year",
                    "stop year %d is before the base year %d", sc->workforce.agency_stop_year,
                    sc->base_year);
    return VS_OK;
}

/* FNV-1a, 64 bits: identifies the scenario text in the results store (an
 * identity check, not a security hash). */
static void fnv1a_hex(const char *s, size_t n, char out[17])
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= UINT64_C(1099511628211);
    }
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

vs_status vs_scenario_load(vs_ctx *ctx, const char *path, vs_scenario **out)
{
    *out = NULL;
    if (!path || !*path)
        return vs_ctx_fail(ctx, VS_EUSAGE, "no scenario file given");
    vs_scenario *sc = calloc(1, sizeof *sc);
    if (!sc)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    set_defaults(sc);
    snprintf(sc->path, sizeof sc->path, "%s", path);
    /* UTF-8 text only: libfyaml stops (or, on "%" then a bad byte, loops)
     * at an invalid byte, so nothing else may reach it. */
    vs_status st = vsi_read_text_file(ctx, path, SC_FILE_MAX, &sc->text, &sc->text_len);
    if (st) {
        free(sc);
        return st;
    }
    fnv1a_hex(sc->text, sc->text_len, sc->hash);
    parse_state ps;
    memset(&ps, 0, sizeof ps);
    ps.ctx = ctx;
    ps.file = path;
    ps.sc = sc;

    struct fy_diag_cfg dcfg;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    struct fy_diag *diag = fy_diag_create(&dcfg);
    if (!diag) {
        st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        goto done;
    }
    fy_diag_set_collect_errors(diag, true);
    struct fy_parse_cfg pcfg;
    memset(&pcfg, 0, sizeof pcfg);
    pcfg.flags = FYPCF_QUIET;
    pcfg.diag = diag;
    struct fy_parser *fyp = fy_parser_create(&pcfg);
    if (!fyp || fy_parser_set_string(fyp, sc->text, sc->text_len)) {
        if (fyp)
            fy_parser_destroy(fyp);
        fy_diag_destroy(diag);
        st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        goto done;
    }
    struct fy_document *doc = fy_parse_load_document(fyp);
    struct fy_document *doc2 = doc ? fy_parse_load_document(fyp) : NULL;
    void *it = NULL;
    struct fy_diag_error *de = fy_diag_errors_iterate(diag, &it);
    if (de) {
        st = fail(&ps, de->line > 0 ? de->line : 1, de->column > 0 ? de->column : 1, NULL,
                  "YAML syntax error: %s", de->msg ? de->msg : "invalid YAML");
    } else if (!doc || !fy_document_root(doc)) {
        st = fail(&ps, 1, 1, NULL, "no scenario in the file (it is empty)");
    } else if (doc2) {
        struct fy_node *r2 = fy_document_root(doc2);
        int l2 = 1, c2 = 1;
        first_scalar_pos(r2, &l2, &c2);
        st = fail(&ps, l2, c2, NULL, "more than one YAML document; a scenario is one document");
    } else {
        struct fy_node *root = fy_document_root(doc);
        if (!fy_node_is_mapping(root)) {
            int l = 1, c = 1;
            first_scalar_pos(root, &l, &c);
            st = fail(&ps, l, c, NULL, "the scenario must be a mapping of keys, got %s",
                      node_kind(root));
        } else {
            st = walk(&ps, root, "");
            if (!st)
                st = cross_checks(&ps);
        }
    }
    if (doc2)
        fy_parse_document_destroy(fyp, doc2);
    if (doc)
        fy_parse_document_destroy(fyp, doc);
    fy_parser_destroy(fyp);
    fy_diag_destroy(diag);
done:
    if (st) {
        vs_scenario_destroy(sc);
        return st;
    }
    /* schema_version is checked by range; keep the rule explicit */
    sc->schema_version = VS_SCENARIO_SCHEMA_VERSION;
    *out = sc;
    return VS_OK;
}

void vs_scenario_destroy(vs_scenario *sc)
{
    if (!sc)
        return;
    free(sc->text);
    free(sc);
}

const char *vs_gp_cap_unit_name(vs_gp_cap_unit u)
{
    return (unsigned)u < 2 ? unit_names[u] : "?";
}

const char *vs_listing_rule_name(vs_listing_rule r)
{
    return (unsigned)r < 2 ? listing_names[r] : "?";
}

const char *vs_queue_discipline_name(vs_queue_discipline d)
{
    return (unsigned)d < 3 ? discipline_names[d] : "?";
}

/* The range recorded for the double at byte offset off, or NULL. */
static const vs_scenario_range *range_at(const vs_scenario *sc, size_t off)
{
    for (int i = 0; i < sc->n_ranges; i++)
        if (sc->ranges[i].offset == off)
            return &sc->ranges[i];
    return NULL;
}

/* The keys vs_scenario_forget_region_figures clears (ranges: by prefix). */
static int region_key(const char *key)
{
    static const char *const pre[] = {"policies.budget.", "policies.workforce.agency_staff_share"};
    for (size_t i = 0; i < sizeof pre / sizeof pre[0]; i++)
        if (strncmp(key, pre[i], strlen(pre[i])) == 0)
            return 1;
    return strstr(key, ".training_intake_per_year") != NULL || strstr(key, ".inflow_per_year") != NULL;
}

int vs_scenario_forget_region_figures(vs_scenario *sc)
{
    int n = (sc->budget.primary_care_msek.n > 0) + (sc->budget.total_msek.n > 0)
            + !isnan(sc->budget.primary_care_growth) + !isnan(sc->budget.total_growth)
            + !isnan(sc->workforce.agency_share);
    sc->budget.primary_care_msek.n = 0;
    sc->budget.total_msek.n = 0;
    sc->budget.primary_care_growth = NAN;
    sc->budget.total_growth = NAN;
    sc->workforce.agency_share = NAN;
    for (int i = 0; i < VS_SCENARIO_PROFESSIONS; i++) {
        n += (sc->workforce.prof[i].training_intake.n > 0) + (sc->workforce.prof[i].inflow.n > 0);
        sc->workforce.prof[i].training_intake.n = 0;
        sc->workforce.prof[i].inflow.n = 0;
    }
    int k = 0;
    for (int i = 0; i < sc->n_ranges; i++)
        if (!region_key(sc->ranges[i].key))
            sc->ranges[k++] = sc->ranges[i];
    sc->n_ranges = k;
    return n;
}

/* "not set", "150", "[140, 160]" or "2024: 706, 2025: [720, 740]". */
static void year_path_text(const vs_scenario *sc, size_t off, char *out, size_t cap)
{
    const vs_year_path *yp = (const vs_year_path *)((const char *)sc + off);
    size_t len = 0;
    out[0] = '\0';
    if (!yp->n)
        snprintf(out, cap, "not set");
    for (int i = 0; i < yp->n && len < cap; i++) {
        size_t voff = off + offsetof(vs_year_path, value) + (size_t)i * sizeof(double);
        const vs_scenario_range *r = range_at(sc, voff);
        char v[80];
        if (r)
            snprintf(v, sizeof v, "[%.15g, %.15g]", r->low, r->high);
        else
            snprintf(v, sizeof v, "%.15g", yp->value[i]);
        int n = yp->year[i] ? snprintf(out + len, cap - len, "%s%d: %s", i ? ", " : "",
                                       yp->year[i], v)
                            : snprintf(out + len, cap - len, "%s", v);
        len += n > 0 ? (size_t)n : 0;
    }
}

int vs_scenario_range_count(const vs_scenario *sc) { return sc ? sc->n_ranges : 0; }

vs_status vs_scenario_draw(vs_ctx *ctx, const vs_scenario *sc, const double *u, vs_scenario *out)
{
    *out = *sc;
    out->text = NULL;
    out->text_len = 0;
    for (int i = 0; u && i < sc->n_ranges; i++) {
        const vs_scenario_range *r = &sc->ranges[i];
        if (!(u[i] >= 0.0 && u[i] <= 1.0))
            return vs_ctx_fail(ctx, VS_EUSAGE,
                               "scenario draw: u[%d] = %g for %s is not in [0, 1]", i, u[i],
                               r->key);
        double x = r->low + u[i] * (r->high - r->low);
        memcpy((char *)out + r->offset, &x, sizeof x);
    }
    return VS_OK;
}

double vs_year_path_at(const vs_year_path *p, int year)
{
    if (!p || p->n <= 0)
        return NAN;
    int k = 0;
    for (int i = 0; i < p->n; i++)
        if (p->year[i] <= year)
            k = i;
    return p->value[k];
}

const char *vs_scenario_profession_name(int i)
{
    static const char *const names[VS_SCENARIO_PROFESSIONS] = {"gp", "nurse", "midwife"};
    return i >= 0 && i < VS_SCENARIO_PROFESSIONS ? names[i] : "?";
}

vs_status vs_scenario_each_parameter(vs_ctx *ctx, const vs_scenario *sc, vs_scenario_param_fn fn,
                                     void *user)
{
    /* Which keys the file sets: a key is "set" when it appears in the text as
     * a YAML key.  We re-derive it from the values instead of keeping the
     * parse positions: a parameter equal to its default is reported with the
     * default's citation, which is then also correct. */
    vs_scenario def;
    memset(&def, 0, sizeof def);
    set_defaults(&def);
    for (int i = 0; i < N_FIELDS; i++) {
        const field *f = &schema[i];
        const void *p = (const char *)sc + f->off;
        const void *d = (const char *)&def + f->off;
        char val[VS_SCENARIO_PATH_MAX + 8];
        int same = 0;
        switch (f->type) {
        case F_INT:
            snprintf(val, sizeof val, "%d", *(const int *)p);
            same = *(const int *)p == *(const int *)d;
            break;
        case F_U64:
            snprintf(val, sizeof val, "%llu", (unsigned long long)*(const uint64_t *)p);
            same = *(const uint64_t *)p == *(const uint64_t *)d;
            break;
        case F_NUM: {
            double x = *(const double *)p, y = *(const double *)d;
            const vs_scenario_range *r = range_at(sc, f->off);
            if (r)
                snprintf(val, sizeof val, "[%.15g, %.15g]", r->low, r->high);
            else if (isnan(x))
                snprintf(val, sizeof val, "not set");
            else
                snprintf(val, sizeof val, "%.15g", x);
            same = !r && ((isnan(x) && isnan(y)) || x == y);
            break;
        }
        case F_YEARS:
            year_path_text(sc, f->off, val, sizeof val);
            same = ((const vs_year_path *)p)->n == 0;
            break;
        case F_BOOL:
            snprintf(val, sizeof val, "%s", *(const int *)p ? "true" : "false");
            same = *(const int *)p == *(const int *)d;
            break;
        case F_ENUM:
            snprintf(val, sizeof val, "%s", f->enums[*(const int *)p]);
            same = *(const int *)p == *(const int *)d;
            break;
        case F_TEXT:
        case F_ID:
        case F_PATH:
            snprintf(val, sizeof val, "%s", (const char *)p);
            same = strcmp((const char *)p, (const char *)d) == 0;
            break;
        }
        if (strcmp(f->key, "schema_version") == 0)
            same = 0;
        const char *src = same && f->source ? f->source : "scenario file";
        if (f->type == F_PATH && !*(const char *)p)
            snprintf(val, sizeof val, "%s",
                     strcmp(f->key, "region") == 0 ? "default region" : "none");
        vs_status st = fn(ctx, user, f->key, val, src);
        if (st)
            return st;
    }
    return VS_OK;
}

/* ---- one numeric field by its key (vardsim sweep) --------------------------- */

/* The schema row of a numeric model input, or -1. */
static int number_index(const char *key)
{
    int i = key ? field_index(key) : -1;
    if (i < 0 || (schema[i].type != F_NUM && schema[i].type != F_INT))
        return -1;
    static const char *const not_inputs[] = {"schema_version", "base_year", "simulation.threads"};
    for (size_t k = 0; k < sizeof not_inputs / sizeof not_inputs[0]; k++)
        if (strcmp(key, not_inputs[k]) == 0)
            return -1;
    return i;
}

vs_status vs_scenario_number_field(vs_ctx *ctx, const char *key, vs_scenario_number_info *out)
{
    int i = number_index(key);
    if (i < 0) {
        int known = key && field_index(key) >= 0;
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           known ? "field %s is not a numeric model input (a number or integer "
                                   "of docs/scenario.md)"
                                 : "unknown scenario field '%s' (keys as in the scenario file, "
                                   "e.g. policies.beds.closed_bed_share; docs/scenario.md)",
                           key ? key : "");
    }
    out->is_integer = schema[i].type == F_INT;
    out->min = schema[i].min;
    out->max = schema[i].max;
    return VS_OK;
}

/* The cross-field rules of cross_checks on values alone (no file positions). */
static vs_status value_checks(vs_ctx *ctx, const vs_scenario *sc)
{
    if (sc->primary_care.listing_rule == VS_LISTING_NAMED_GP && sc->primary_care.fixed_gp_share != 1.0)
        return vs_ctx_fail(ctx, VS_EINPUT,
                           "field policies.primary_care.fixed_gp_share: must be 1 when "
                           "listing_rule is named_gp, got %g",
                           sc->primary_care.fixed_gp_share);
    double cs = sc->allocation.cni_share, ds = sc->allocation.distance_share;
    if (!isnan(cs) && !isnan(ds) && cs + ds > 1.0)
        return vs_ctx_fail(ctx, VS_EINPUT,
                           "field policies.allocation.distance_share: cni_share + distance_share "
                           "= %g exceeds 1",
                           cs + ds);
    if (!sc->allocation.cni_support && sc->allocation.cni_support_share > 0)
        return vs_ctx_fail(ctx, VS_EINPUT,
                           "field policies.allocation.cni_support_share: set to %g but "
                           "cni_support is false",
                           sc->allocation.cni_support_share);
    if (sc->base_year && sc->horizon_year && sc->horizon_year < sc->base_year)
        return vs_ctx_fail(ctx, VS_EINPUT, "field horizon_year: %d is before the base year %d",
                           sc->horizon_year, sc->base_year);
    if (sc->workforce.agency_stop_year &&
        sc->workforce.agency_stop_year <= sc->workforce.agency_reference_year)
        return vs_ctx_fail(ctx, VS_EINPUT,
                           "field policies.workforce.agency_reference_year: reference year %d is "
                           "not before the stop year %d",
                           sc->workforce.agency_reference_year, sc->workforce.agency_stop_year);
    if (sc->workforce.agency_stop_year && sc->base_year &&
        sc->workforce.agency_stop_year < sc->base_year)
        return vs_ctx_fail(ctx, VS_EINPUT,
                           "field policies.workforce.agency_stop_year: stop year %d is before the "
                           "base year %d",
                           sc->workforce.agency_stop_year, sc->base_year);
    return VS_OK;
}

vs_status vs_scenario_set_number(vs_ctx *ctx, vs_scenario *sc, const char *key, double value)
{
    vs_scenario_number_info info;
    vs_status st = vs_scenario_number_field(ctx, key, &info);
    if (st)
        return st;
    const field *f = &schema[number_index(key)];
    if (!isfinite(value))
        return vs_ctx_fail(ctx, VS_EINPUT, "field %s: %g is not a finite number", key, value);
    if (info.is_integer && value != floor(value))
        return vs_ctx_fail(ctx, VS_EINPUT, "field %s: %.15g is not an integer", key, value);
    if (value < f->min || value > f->max)
        return vs_ctx_fail(ctx, VS_EINPUT, "field %s: value %.15g is out of range [%g, %g]", key,
                           value, f->min, f->max);
    char *dst = (char *)sc + f->off;
    double old_d = 0;
    int old_i = 0;
    if (f->type == F_INT) {
        memcpy(&old_i, dst, sizeof old_i);
        int v = (int)value;
        memcpy(dst, &v, sizeof v);
    } else {
        memcpy(&old_d, dst, sizeof old_d);
        memcpy(dst, &value, sizeof value);
    }
    if ((st = value_checks(ctx, sc))) { /* leave sc as it was */
        if (f->type == F_INT)
            memcpy(dst, &old_i, sizeof old_i);
        else
            memcpy(dst, &old_d, sizeof old_d);
        return st;
    }
    int k = 0; /* the value is fixed now: no Monte Carlo range for it */
    for (int i = 0; i < sc->n_ranges; i++)
        if (sc->ranges[i].offset != f->off)
            sc->ranges[k++] = sc->ranges[i];
    sc->n_ranges = k;
    return VS_OK;
}
