/*
 * params.c: reads the need model's parameter files (care_need_index.csv,
 * demand_rates.csv, allocation.csv, budget.csv) from one directory.
 *
 * All four use the project's parameter layout
 * (parameter,value,unit,year,geography,source,note).  The rows the model uses
 * are recognised by name; every required row must appear exactly once and a
 * misspelt row in a family the model owns (cni_weight_*, rate_*, alos_days_*,
 * need_elasticity_*, alloc_*) is an error rather than silently ignored.
 * care_need_index.csv also carries documentation rows (definitions, the SCB
 * example, municipal values); those are skipped.
 */
#include "core/strbuf.h"
#include "vardsim/csv.h"
#include "vardsim/need.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Services with their own rate rows; bed-days are admissions x mean stay. */
#define N_RATED (VS_SERVICE_ADMISSIONS + 1)

static const char *const var_names[VS_CNI_NVARS] = {
    "under5", "foreign_born", "65plus_living_alone", "single_parent",
    "moved_in", "unemployed", "low_education"};
static const char *const service_names[VS_SERVICES] = {
    "doctor_visits", "nurse_visits", "ed_visits", "admissions", "bed_days"};

const char *vs_cni_var_name(int v) { return v >= 0 && v < VS_CNI_NVARS ? var_names[v] : ""; }
const char *vs_need_service_name(int s) { return s >= 0 && s < VS_SERVICES ? service_names[s] : ""; }

void vs_need_params_destroy(vs_need_params *p) { free(p); }

/* Columns of a parameter file. */
typedef struct pfile {
    vs_csv *csv;
    int c_par, c_val, c_year;
    char *path;          /* dir/name (owned) */
} pfile;

/* Close f and free its path. */
static void pfile_close(pfile *f)
{
    vs_csv_close(f->csv);
    f->csv = NULL;
    free(f->path);
    f->path = NULL;
}

/* Open dir/name and find its columns; on failure nothing is left open. */
static vs_status pfile_open(vs_ctx *ctx, const char *dir, const char *name, pfile *f)
{
    memset(f, 0, sizeof *f);
    f->path = vsi_strdup_printf("%s/%s", dir, name);
    if (!f->path)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    vs_status st = vs_csv_open(ctx, f->path, &f->csv);
    if (st) {
        pfile_close(f);
        return st;
    }
    static const char *const cols[] = {"parameter", "value", "unit", "year",
                                       "geography", "source", "note"};
    int c;
    for (int i = 0; i < 7; i++)
        if ((st = vs_csv_require(ctx, f->csv, cols[i], &c))) {
            pfile_close(f);
            return st;
        }
    f->c_par = vs_csv_find(f->csv, "parameter");
    f->c_val = vs_csv_find(f->csv, "value");
    f->c_year = vs_csv_find(f->csv, "year");
    return VS_OK;
}

/* Value in [lo, hi]; an empty field gives NaN when allow_empty. */
static vs_status value(vs_ctx *ctx, pfile *f, double lo, double hi, int allow_empty, double *out)
{
    if (vs_csv_empty(f->csv, f->c_val)) {
        if (!allow_empty)
            return vs_csv_fail(ctx, f->csv, f->c_val, "empty value, expected a number");
        *out = NAN;
        return VS_OK;
    }
    return vs_csv_double(ctx, f->csv, f->c_val, lo, hi, out);
}

/* Refuse a second row for the same parameter. */
static vs_status once(vs_ctx *ctx, pfile *f, long *seen)
{
    if (*seen)
        return vs_csv_fail(ctx, f->csv, f->c_par, "'%s' given twice (first on line %ld)",
                           vs_csv_field(f->csv, f->c_par), *seen);
    *seen = vs_csv_line(f->csv);
    return VS_OK;
}

/* ---- care_need_index.csv ------------------------------------------------ */

static vs_status load_cni(vs_ctx *ctx, const char *dir, vs_need_params *p)
{
    pfile f;
    vs_status st = pfile_open(ctx, dir, "care_need_index.csv", &f);
    if (st)
        return st;
    long seen_w[VS_CNI_NVARS] = {0}, seen_t = 0;
    int has;
    while (!(st = vs_csv_next(ctx, f.csv, &has)) && has) {
        const char *name = vs_csv_field(f.csv, f.c_par);
        if (strncmp(name, "cni_weight_", 11) == 0) {
            int v = -1;
            for (int i = 0; i < VS_CNI_NVARS; i++)
                if (strcmp(name + 11, var_names[i]) == 0)
                    v = i;
            if (v < 0) {
                st = vs_csv_fail(ctx, f.csv, f.c_par,
                                 "unknown CNI criterion '%s' (expected cni_weight_ followed by "
                                 "under5, foreign_born, 65plus_living_alone, single_parent, "
                                 "moved_in, unemployed or low_education)",
                                 name + 11);
                break;
            }
            if ((st = once(ctx, &f, &seen_w[v])) ||
                (st = value(ctx, &f, 1e-9, 1000, 0, &p->cni_weight[v])))
                break;
        } else if (strcmp(name, "cni_support_threshold") == 0) {
            if ((st = once(ctx, &f, &seen_t)) ||
                (st = value(ctx, &f, 1e-9, 100, 0, &p->cni_threshold)))
                break;
        }
        /* other rows document the index (definitions, SCB's example) */
    }
    for (int v = 0; v < VS_CNI_NVARS && !st; v++)
        if (!seen_w[v]) {
            char field[64];
            snprintf(field, sizeof field, "cni_weight_%s", var_names[v]);
            st = vs_ctx_fail_at(ctx, f.path, 0, field,
                                "row missing (all seven weights are needed)");
        }
    if (!st && !seen_t)
        st = vs_ctx_fail_at(ctx, f.path, 0, "cni_support_threshold", "row missing");
    pfile_close(&f);
    return st;
}

/* ---- demand_rates.csv --------------------------------------------------- */

/* Parse an age range "LO_HI" or "LO_plus" aligned to the 5-year bands into
 * band indices [*b0, *b1].  Returns 0 when the text is not such a range. */
static int parse_range(const char *s, int *b0, int *b1)
{
    char *end;
    long lo = strtol(s, &end, 10);
    if (end == s || *end != '_' || lo < 0 || lo % 5 != 0 || lo > 80)
        return 0;
    const char *t = end + 1;
    if (strcmp(t, "plus") == 0) {
        *b0 = (int)(lo / 5);
        *b1 = VS_AGE_BANDS - 1;
        return 1;
    }
    long hi = strtol(t, &end, 10);
    if (end == t || *end || hi < lo || hi % 5 != 4 || hi > 79)
        return 0;
    *b0 = (int)(lo / 5);
    *b1 = (int)(hi / 5);
    return 1;
}

/* A family of per-band values (rate of one service, or mean stay). */
typedef struct band_family {
    double *value;                /* [VS_AGE_BANDS] */
    long line[VS_AGE_BANDS];      /* line that set each band, 0 = not yet */
    double lo, hi;                /* accepted range */
} band_family;

static vs_status band_row(vs_ctx *ctx, pfile *f, const char *range, band_family *fam)
{
    int b0, b1;
    if (!parse_range(range, &b0, &b1))
        return vs_csv_fail(ctx, f->csv, f->c_par,
                           "'%s': age range '%s' must be LO_HI or LO_plus on the 5-year bands "
                           "(for example 20_79, 0_4, 65_plus)",
                           vs_csv_field(f->csv, f->c_par), range);
    double v;
    vs_status st = value(ctx, f, fam->lo, fam->hi, 1, &v);
    if (st)
        return st;
    for (int b = b0; b <= b1; b++) {
        if (fam->line[b])
            return vs_csv_fail(ctx, f->csv, f->c_par, "age band %s already given on line %ld",
                               vs_age_band_label(b), fam->line[b]);
        fam->line[b] = vs_csv_line(f->csv);
        fam->value[b] = v;
    }
    return VS_OK;
}

static vs_status family_complete(vs_ctx *ctx, const char *path, const char *field,
                                 const band_family *fam)
{
    for (int b = 0; b < VS_AGE_BANDS; b++)
        if (!fam->line[b])
            return vs_ctx_fail_at(ctx, path, 0, field,
                                  "age band %s not given (every band must be covered once; "
                                  "leave the value empty for a band without data)",
                                  vs_age_band_label(b));
    return VS_OK;
}

static vs_status load_rates(vs_ctx *ctx, const char *dir, vs_need_params *p)
{
    pfile f;
    vs_status st = pfile_open(ctx, dir, "demand_rates.csv", &f);
    if (st)
        return st;
    band_family rate[N_RATED];
    for (int s = 0; s < N_RATED; s++) {
        memset(&rate[s], 0, sizeof rate[s]);
        rate[s].value = p->rate[s];
        rate[s].lo = 0;
        rate[s].hi = 1000;
    }
    band_family alos = {p->alos_days, {0}, 1e-6, 3650};
    long seen_e[VS_SERVICES] = {0};
    int has;
    while (!(st = vs_csv_next(ctx, f.csv, &has)) && has) {
        const char *name = vs_csv_field(f.csv, f.c_par);
        int done = 0;
        if (strncmp(name, "rate_", 5) == 0) {
            for (int s = 0; s < N_RATED && !done; s++) {
                size_t k = strlen(service_names[s]);
                if (strncmp(name + 5, service_names[s], k) == 0 && name[5 + k] == '_') {
                    st = band_row(ctx, &f, name + 6 + k, &rate[s]);
                    done = 1;
                }
            }
        } else if (strncmp(name, "alos_days_", 10) == 0) {
            st = band_row(ctx, &f, name + 10, &alos);
            done = 1;
        } else if (strncmp(name, "need_elasticity_", 16) == 0) {
            for (int s = 0; s < N_RATED && !done; s++)
                if (strcmp(name + 16, service_names[s]) == 0) {
                    if (!(st = once(ctx, &f, &seen_e[s])))
                        st = value(ctx, &f, -10, 10, 1, &p->elasticity[s]);
                    done = 1;
                }
        }
        if (st)
            break;
        if (!done) {
            st = vs_csv_fail(ctx, f.csv, f.c_par,
                             "unknown parameter '%s' (expected rate_<service>_<ages>, "
                             "alos_days_<ages> or need_elasticity_<service>, service one of "
                             "doctor_visits, nurse_visits, ed_visits, admissions)",
                             name);
            break;
        }
    }
    for (int s = 0; s < N_RATED && !st; s++) {
        char field[64];
        snprintf(field, sizeof field, "rate_%s", service_names[s]);
        st = family_complete(ctx, f.path, field, &rate[s]);
    }
    if (!st)
        st = family_complete(ctx, f.path, "alos_days", &alos);
    pfile_close(&f);
    return st;
}

/* ---- allocation.csv ----------------------------------------------------- */

static vs_status load_alloc(vs_ctx *ctx, const char *dir, vs_need_params *p)
{
    pfile f;
    vs_status st = pfile_open(ctx, dir, "allocation.csv", &f);
    if (st)
        return st;
    static const char *const names[3] = {"alloc_cni_share", "alloc_supplement_share",
                                         "alloc_distance_share"};
    double *dst[3] = {&p->alloc_cni_share, &p->alloc_supplement_share, &p->alloc_distance_share};
    long seen[3] = {0};
    int has;
    while (!(st = vs_csv_next(ctx, f.csv, &has)) && has) {
        const char *name = vs_csv_field(f.csv, f.c_par);
        int k = -1;
        for (int i = 0; i < 3; i++)
            if (strcmp(name, names[i]) == 0)
                k = i;
        if (k < 0) {
            st = vs_csv_fail(ctx, f.csv, f.c_par,
                             "unknown parameter '%s' (expected alloc_cni_share, "
                             "alloc_supplement_share or alloc_distance_share)",
                             name);
            break;
        }
        if ((st = once(ctx, &f, &seen[k])) || (st = value(ctx, &f, 0, 1, 1, dst[k])))
            break;
    }
    for (int i = 0; i < 3 && !st; i++)
        if (!seen[i])
            st = vs_ctx_fail_at(ctx, f.path, 0, names[i], "row missing (leave the value empty "
                                                        "for a user-supplied share)");
    pfile_close(&f);
    return st;
}

/* ---- budget.csv --------------------------------------------------------- */

static vs_status year_of(vs_ctx *ctx, pfile *f, int *year)
{
    int64_t y;
    vs_status st = vs_csv_int64(ctx, f->csv, f->c_year, 1900, 2200, &y);
    *year = (int)y;
    return st;
}

static int budget_slot(vs_need_params *p, int year)
{
    for (int i = 0; i < p->n_budget_years; i++)
        if (p->budget_year[i] == year)
            return i;
    if (p->n_budget_years == VS_NEED_BUDGET_YEARS)
        return -1;
    int i = p->n_budget_years++;
    p->budget_year[i] = year;
    p->budget_hsn_msek[i] = p->budget_pvn_msek[i] = NAN;
    return i;
}

/* Is `name` one of the region's own budget rows? */
static int region_budget_row(const char *name)
{
    return strcmp(name, "hsn_appropriation") == 0 || strcmp(name, "pvn_appropriation") == 0 ||
           strcmp(name, "budget_huslakaruppdrag") == 0;
}

/* One hsn_appropriation or pvn_appropriation row. */
static vs_status appropriation_row(vs_ctx *ctx, pfile *f, vs_need_params *p, long *line_hsn,
                                   long *line_pvn)
{
    const char *name = vs_csv_field(f->csv, f->c_par);
    int hsn = name[0] == 'h', year;
    vs_status st = year_of(ctx, f, &year);
    if (st)
        return st;
    int i = budget_slot(p, year);
    if (i < 0)
        return vs_csv_fail(ctx, f->csv, f->c_year, "more than %d budget years",
                           VS_NEED_BUDGET_YEARS);
    long *seen = hsn ? &line_hsn[i] : &line_pvn[i];
    if (*seen)
        return vs_csv_fail(ctx, f->csv, f->c_year, "%s for %d given twice (first on line %ld)",
                           name, year, *seen);
    *seen = vs_csv_line(f->csv);
    return value(ctx, f, 1e-9, 1e9, 0, hsn ? &p->budget_hsn_msek[i] : &p->budget_pvn_msek[i]);
}

/* The generic rows of PARAM_DIR/budget.csv.  A region's own figures
 * (appropriations, the husläkaruppdrag) are refused here: they live in
 * REGION/parameters/budget.csv (vs_need_budget_load), so that no region
 * inherits another's. */
static vs_status load_budget(vs_ctx *ctx, const char *dir, vs_need_params *p)
{
    pfile f;
    vs_status st = pfile_open(ctx, dir, "budget.csv", &f);
    if (st)
        return st;
    long seen_target = 0, seen_se = 0;
    int has;
    while (!(st = vs_csv_next(ctx, f.csv, &has)) && has) {
        const char *name = vs_csv_field(f.csv, f.c_par);
        if (region_budget_row(name)) {
            st = vs_csv_fail(ctx, f.csv, f.c_par,
                             "'%s' is a region's own figure: it belongs in "
                             "REGION/parameters/budget.csv (docs/need.md)",
                             name);
            break;
        } else if (strcmp(name, "primary_care_share_target") == 0) {
            if ((st = once(ctx, &f, &seen_target)) ||
                (st = value(ctx, &f, 1e-9, 1, 0, &p->share_target)) ||
                (st = year_of(ctx, &f, &p->share_target_year)))
                break;
        } else if (strcmp(name, "primary_care_share_sweden") == 0) {
            double v;
            if ((st = once(ctx, &f, &seen_se)) || (st = value(ctx, &f, 0, 1, 1, &v)))
                break;
        } else {
            st = vs_csv_fail(ctx, f.csv, f.c_par,
                             "unknown parameter '%s' (expected primary_care_share_target or "
                             "primary_care_share_sweden; a region's appropriations go in "
                             "REGION/parameters/budget.csv)",
                             name);
            break;
        }
    }
    if (!st && !seen_target)
        st = vs_ctx_fail_at(ctx, f.path, 0, "primary_care_share_target", "row missing");
    pfile_close(&f);
    return st;
}

/* Forget the region's budget rows. */
static void budget_reset(vs_need_params *p)
{
    p->n_budget_years = 0;
    p->huslakaruppdrag_msek = NAN;
    p->huslakaruppdrag_year = 0;
    p->budget_path[0] = '\0';
}

vs_status vs_need_budget_load(vs_ctx *ctx, const char *region_dir, vs_need_params *p)
{
    budget_reset(p);
    char *dir = vsi_strdup_printf("%s/parameters", region_dir);
    char *path = vsi_strdup_printf("%s/parameters/budget.csv", region_dir);
    if (!dir || !path) {
        free(dir);
        free(path);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    snprintf(p->budget_path, sizeof p->budget_path, "%s", path);
    FILE *probe = fopen(path, "r");
    free(path);
    if (!probe) { /* no file: the region's figures are missing */
        free(dir);
        return VS_OK;
    }
    fclose(probe);
    pfile f;
    vs_status st = pfile_open(ctx, dir, "budget.csv", &f);
    free(dir);
    if (st)
        return st;
    long seen_hl = 0;
    long line_hsn[VS_NEED_BUDGET_YEARS] = {0}, line_pvn[VS_NEED_BUDGET_YEARS] = {0};
    int has;
    while (!(st = vs_csv_next(ctx, f.csv, &has)) && has) {
        const char *name = vs_csv_field(f.csv, f.c_par);
        if (strcmp(name, "budget_huslakaruppdrag") == 0) {
            if ((st = once(ctx, &f, &seen_hl)) ||
                (st = value(ctx, &f, 0, 1e9, 1, &p->huslakaruppdrag_msek)) ||
                (st = year_of(ctx, &f, &p->huslakaruppdrag_year)))
                break;
        } else if (region_budget_row(name)) {
            if ((st = appropriation_row(ctx, &f, p, line_hsn, line_pvn)))
                break;
        } else {
            st = vs_csv_fail(ctx, f.csv, f.c_par,
                             "unknown parameter '%s' (expected hsn_appropriation, "
                             "pvn_appropriation or budget_huslakaruppdrag)",
                             name);
            break;
        }
    }
    pfile_close(&f);
    if (st)
        budget_reset(p);
    return st;
}

vs_status vs_need_params_load(vs_ctx *ctx, const char *dir, vs_need_params **out)
{
    *out = NULL;
    vs_need_params *p = calloc(1, sizeof *p);
    if (!p)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    for (int s = 0; s < VS_SERVICES; s++) {
        p->elasticity[s] = NAN;
        for (int b = 0; b < VS_AGE_BANDS; b++)
            p->rate[s][b] = NAN;
    }
    budget_reset(p);
    snprintf(p->dir, sizeof p->dir, "%s", dir);
    vs_status st;
    if ((st = load_cni(ctx, dir, p)) || (st = load_rates(ctx, dir, p)) ||
        (st = load_alloc(ctx, dir, p)) || (st = load_budget(ctx, dir, p))) {
        free(p);
        return st;
    }
    /* bed-days follow admissions: rate = admissions x mean stay */
    for (int b = 0; b < VS_AGE_BANDS; b++)
        p->rate[VS_SERVICE_BED_DAYS][b] = p->rate[VS_SERVICE_ADMISSIONS][b] * p->alos_days[b];
    p->elasticity[VS_SERVICE_BED_DAYS] = p->elasticity[VS_SERVICE_ADMISSIONS];
    *out = p;
    return VS_OK;
}
