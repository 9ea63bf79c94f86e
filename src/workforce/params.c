/*
 * params.c: the workforce module's parameters (vs_workforce_params_load).
 *
 * Generic rows come from PARAM_DIR (workforce_supply.csv, agency.csv,
 * budget.csv's target, gp_workforce.csv's GP cost); the region's own rows
 * from REGION/parameters/ with the same file names and columns.  A region
 * row replaces the generic row of the same name (for a row given by year,
 * the region's years replace the generic ones).  A region file that does not
 * exist means the region's figures are missing: they stay NaN and are named
 * in p->missing, so no region inherits another's figures.
 *
 * Rows are recognised by name; an unknown row in workforce_supply.csv or
 * agency.csv is an error (FILE:LINE: field parameter), so is a name given
 * twice for the same year in one file.  An empty value (a NOT FOUND row)
 * leaves the figure NaN.  A row given by year with an empty year holds for
 * every year until a later year's row.
 */
#include "core/strbuf.h"
#include "vardsim/csv.h"
#include "vardsim/workforce.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const band_names[VS_WF_BANDS] = {"under_40", "40_49", "50_59",
                                                    "60_64",    "65_69", "70_plus"};

const char *vs_wf_band_name(int band)
{
    return band >= 0 && band < VS_WF_BANDS ? band_names[band] : "?";
}

const char *vs_profession_name(vs_profession i)
{
    return vs_scenario_profession_name((int)i);
}

void vs_workforce_params_destroy(vs_workforce_params *p) { free(p); }

/* How a row is stored. */
typedef enum rkind { R_SCALAR, R_YEARLY, R_INFO } rkind;

/* One recognised row: where its value goes. */
typedef struct rslot {
    rkind kind;
    double *value;       /* R_SCALAR */
    int *year;           /* R_SCALAR: the row's year (may be NULL) */
    vs_year_path *path;  /* R_YEARLY */
    double lo, hi;
} rslot;

/* Reading one file. */
typedef struct rfile {
    vs_csv *csv;
    int c_par, c_val, c_year;
    const char *path;
    int region;          /* 1: a region file (its yearly rows replace the generic) */
    char seen[256][80];  /* "name@year" of rows read, to refuse duplicates */
    int n_seen;
    char names[256][64]; /* names this file has given (its first row of a name
                            replaces what an earlier file gave) */
    int n_names;
} rfile;

/* The slot of a profession row "<prof>_<what>", or 0. */
static int prof_slot(vs_workforce_params *p, const char *name, rslot *s)
{
    for (int k = 0; k < VS_PROFESSIONS; k++) {
        const char *pn = vs_profession_name((vs_profession)k);
        size_t n = strlen(pn);
        if (strncmp(name, pn, n) != 0 || name[n] != '_')
            continue;
        const char *w = name + n + 1;
        vs_wf_profession *f = &p->prof[k];
        memset(s, 0, sizeof *s);
        s->kind = R_SCALAR;
        s->lo = 0;
        s->hi = 1;
        if (strcmp(w, "stock_heads") == 0)
            *s = (rslot){R_SCALAR, &f->stock_heads, &f->stock_year, NULL, 0, 1e6};
        else if (strcmp(w, "trainees") == 0)
            *s = (rslot){R_SCALAR, &f->trainees, &f->trainees_year, NULL, 0, 1e6};
        else if (strcmp(w, "retirement_rate") == 0)
            s->value = &f->retirement_rate;
        else if (strcmp(w, "attrition_rate") == 0)
            s->value = &f->attrition_rate;
        else if (strcmp(w, "completion_share") == 0)
            s->value = &f->completion_share;
        else if (strcmp(w, "training_years") == 0)
            *s = (rslot){R_SCALAR, &f->training_years, NULL, NULL, 0.5, 15};
        else if (strcmp(w, "inflow_per_year") == 0)
            *s = (rslot){R_SCALAR, &f->inflow_per_year, NULL, NULL, -1e6, 1e6};
        else if (strcmp(w, "fte_per_head") == 0)
            *s = (rslot){R_SCALAR, &f->fte_per_head, NULL, NULL, 0.01, 1.5};
        else if (strcmp(w, "training_intake_per_year") == 0)
            *s = (rslot){R_YEARLY, NULL, NULL, &f->training_intake, 0, 1e6};
        else if (strcmp(w, "hours_per_week") == 0)
            *s = (rslot){R_YEARLY, NULL, NULL, &f->hours_per_week, 1, 80};
        else if (strcmp(w, "retirements_per_year") == 0 || strcmp(w, "completions_per_year") == 0)
            *s = (rslot){R_INFO, NULL, NULL, NULL, 0, 1e6};
        else {
            int found = 0;
            for (int b = 0; b < VS_WF_BANDS && !found; b++) {
                if (strncmp(w, "age_share_", 10) == 0 && strcmp(w + 10, band_names[b]) == 0)
                    s->value = &f->age_share[b], found = 1;
                if (strncmp(w, "exit_rate_", 10) == 0 && strcmp(w + 10, band_names[b]) == 0)
                    s->value = &f->band_exit_rate[b], found = 1;
            }
            if (!found)
                return 0;
        }
        return 1;
    }
    return 0;
}

/* The slot of any row of the module's files, or 0 for an unknown name. */
static int find_slot(vs_workforce_params *p, const char *file, const char *name, rslot *s)
{
    vs_agency_params *a = &p->agency;
    vs_budget_params *b = &p->budget;
    memset(s, 0, sizeof *s);
    if (strcmp(file, "workforce_supply.csv") == 0)
        return prof_slot(p, name, s);
    if (strcmp(file, "agency.csv") == 0) {
        if (strcmp(name, "staff_cost_msek") == 0)
            *s = (rslot){R_YEARLY, NULL, NULL, &a->staff_cost_msek, 0, 1e9};
        else if (strcmp(name, "agency_share") == 0)
            *s = (rslot){R_SCALAR, &a->share, &a->share_year, NULL, 0, 1};
        else if (strcmp(name, "agency_premium") == 0)
            *s = (rslot){R_SCALAR, &a->premium, NULL, NULL, 0, 5};
        else if (strcmp(name, "agency_cost_per_fte_sek") == 0)
            *s = (rslot){R_SCALAR, &a->cost_per_fte_sek, NULL, NULL, 1, 1e8};
        else if (strcmp(name, "agency_cost_msek") == 0 ||
                 strcmp(name, "agency_cost_sweden_msek") == 0)
            *s = (rslot){R_INFO, NULL, NULL, NULL, 0, 1e9};
        else
            return 0;
        return 1;
    }
    if (strcmp(file, "budget.csv") == 0) {
        if (strcmp(name, "pvn_appropriation") == 0)
            *s = (rslot){R_YEARLY, NULL, NULL, &b->pvn_msek, 1e-9, 1e9};
        else if (strcmp(name, "hsn_appropriation") == 0)
            *s = (rslot){R_YEARLY, NULL, NULL, &b->hsn_msek, 1e-9, 1e9};
        else if (strcmp(name, "primary_care_share_target") == 0)
            *s = (rslot){R_SCALAR, &b->share_target, &b->share_target_year, NULL, 1e-9, 1};
        else /* the need module checks budget.csv's other rows */
            *s = (rslot){R_INFO, NULL, NULL, NULL, -1e300, 1e300};
        return 1;
    }
    /* gp_workforce.csv belongs to the listing module: only the GP cost is read */
    if (strcmp(name, "gp_annual_employer_cost") == 0)
        *s = (rslot){R_SCALAR, &b->gp_annual_cost_sek, NULL, NULL, 1, 1e9};
    else
        *s = (rslot){R_INFO, NULL, NULL, NULL, -1e300, 1e300};
    return 1;
}

/* The year column as an integer, or 0 when it is empty or not a plain year
 * (documentation files write "c. 2024" or "2022/2023"). */
static int row_year(const rfile *f)
{
    const char *y = vs_csv_field(f->csv, f->c_year);
    char *end;
    long v = strtol(y, &end, 10);
    return (*y && !*end && v >= 1900 && v <= 2200) ? (int)v : 0;
}

/* Refuse a second row with the same name and year in one file. */
static vs_status once(vs_ctx *ctx, rfile *f, const char *name, int year)
{
    char key[80];
    snprintf(key, sizeof key, "%.60s@%d", name, year);
    for (int i = 0; i < f->n_seen; i++)
        if (strcmp(f->seen[i], key) == 0)
            return year ? vs_csv_fail(ctx, f->csv, f->c_par, "'%s' for year %d given twice", name,
                                      year)
                        : vs_csv_fail(ctx, f->csv, f->c_par, "'%s' given twice (without a year)",
                                      name);
    if (f->n_seen == 256)
        return vs_csv_fail(ctx, f->csv, f->c_par, "more than 256 rows");
    snprintf(f->seen[f->n_seen++], sizeof f->seen[0], "%s", key);
    return VS_OK;
}

/* 1 the first time this file gives `name` (once() bounds the count). */
static int first_in_file(rfile *f, const char *name)
{
    for (int i = 0; i < f->n_names; i++)
        if (strcmp(f->names[i], name) == 0)
            return 0;
    if (f->n_names < 256)
        snprintf(f->names[f->n_names++], sizeof f->names[0], "%s", name);
    return 1;
}

/* Add (year, value) to a yearly path, in year order (once() has refused the
 * same year twice). */
static vs_status path_add(vs_ctx *ctx, rfile *f, vs_year_path *yp, int year, double v)
{
    if (yp->n == VS_SCENARIO_YEARS_MAX)
        return vs_csv_fail(ctx, f->csv, f->c_year, "more than %d years", VS_SCENARIO_YEARS_MAX);
    int i = yp->n++;
    while (i > 0 && yp->year[i - 1] > year) {
        yp->year[i] = yp->year[i - 1];
        yp->value[i] = yp->value[i - 1];
        i--;
    }
    yp->year[i] = year;
    yp->value[i] = v;
    return VS_OK;
}

/* Is `name` a region's own figure (never in the generic directory)? */
static int region_only(const char *file, const char *name)
{
    static const char *const rows[] = {"hsn_appropriation", "pvn_appropriation",
                                       "budget_huslakaruppdrag", "staff_cost_msek",
                                       "agency_share", "agency_cost_msek"};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (strcmp(name, rows[i]) == 0)
            return 1;
    size_t n = strlen(name);
    return strcmp(file, "workforce_supply.csv") == 0 &&
           ((n > 12 && strcmp(name + n - 12, "_stock_heads") == 0) ||
            (n > 9 && strcmp(name + n - 9, "_trainees") == 0));
}

/* One row into its slot. */
static vs_status read_row(vs_ctx *ctx, vs_workforce_params *p, rfile *f, const char *file)
{
    const char *name = vs_csv_field(f->csv, f->c_par);
    if (!f->region && strcmp(file, "gp_workforce.csv") != 0 && region_only(file, name))
        return vs_csv_fail(ctx, f->csv, f->c_par,
                           "'%s' is a region's own figure: it belongs in "
                           "REGION/parameters/%s (docs/workforce.md)",
                           name, file);
    rslot s;
    if (!find_slot(p, file, name, &s))
        return vs_csv_fail(ctx, f->csv, f->c_par, "unknown parameter '%s' (docs/workforce.md "
                                                  "lists the rows of %s)",
                           name, file);
    if (s.kind == R_INFO)
        return VS_OK;
    int year = row_year(f);
    vs_status st = once(ctx, f, name, year);
    if (st)
        return st;
    double v = NAN;
    if (!vs_csv_empty(f->csv, f->c_val) &&
        (st = vs_csv_double(ctx, f->csv, f->c_val, s.lo, s.hi, &v)))
        return st;
    /* a file's first row of a name replaces what an earlier file gave */
    int first = first_in_file(f, name);
    if (s.kind == R_YEARLY) {
        if (first)
            s.path->n = 0;
        return isnan(v) ? VS_OK : path_add(ctx, f, s.path, year, v);
    }
    /* a figure given for several years: the latest year's */
    if (!first && s.year && year < *s.year)
        return VS_OK;
    *s.value = v;
    if (s.year)
        *s.year = year;
    return VS_OK;
}

/* Read DIR/FILE; a missing file is "no rows" when optional. */
static vs_status read_file(vs_ctx *ctx, vs_workforce_params *p, const char *dir,
                           const char *file, int region)
{
    char *path = vsi_strdup_printf("%s/%s", dir, file);
    if (!path)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    struct stat sb;
    if (region && stat(path, &sb) != 0) {
        free(path);
        return VS_OK;
    }
    rfile *f = calloc(1, sizeof *f);
    if (!f) {
        free(path);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    f->path = path;
    f->region = region;
    vs_status st = vs_csv_open(ctx, path, &f->csv);
    static const char *const cols[] = {"parameter", "value", "unit", "year",
                                       "geography", "source", "note"};
    int c;
    for (int i = 0; i < 7 && !st; i++)
        st = vs_csv_require(ctx, f->csv, cols[i], &c);
    if (!st) {
        f->c_par = vs_csv_find(f->csv, "parameter");
        f->c_val = vs_csv_find(f->csv, "value");
        f->c_year = vs_csv_find(f->csv, "year");
        int has;
        while (!(st = vs_csv_next(ctx, f->csv, &has)) && has)
            if ((st = read_row(ctx, p, f, file)))
                break;
    }
    vs_csv_close(f->csv);
    free(f);
    free(path);
    return st;
}

static void set_nan(vs_workforce_params *p)
{
    for (int k = 0; k < VS_PROFESSIONS; k++) {
        vs_wf_profession *f = &p->prof[k];
        f->stock_heads = f->retirement_rate = f->attrition_rate = f->trainees = NAN;
        f->training_years = f->completion_share = f->inflow_per_year = f->fte_per_head = NAN;
        for (int b = 0; b < VS_WF_BANDS; b++)
            f->age_share[b] = f->band_exit_rate[b] = NAN;
    }
    p->agency.share = p->agency.premium = p->agency.cost_per_fte_sek = NAN;
    p->budget.share_target = p->budget.gp_annual_cost_sek = NAN;
}

/* Append "what" to p->missing. */
static void miss(vs_workforce_params *p, const char *dir, const char *file, const char *what)
{
    size_t n = strlen(p->missing);
    if (n + 2 < sizeof p->missing)
        snprintf(p->missing + n, sizeof p->missing - n, "%s%s/%s: %s", n ? "; " : "", dir, file,
                 what);
}

/* Name every figure the projections need that neither file gives. */
static void list_missing(vs_workforce_params *p, const char *rdir)
{
    for (int k = 0; k < VS_PROFESSIONS; k++) {
        const vs_wf_profession *f = &p->prof[k];
        const char *pn = vs_profession_name((vs_profession)k);
        static const char *const what[] = {"stock_heads", "trainees", "training_years",
                                           "completion_share", "retirement_rate",
                                           "attrition_rate", "inflow_per_year", "fte_per_head"};
        const double v[] = {f->stock_heads,      f->trainees,        f->training_years,
                            f->completion_share, f->retirement_rate, f->attrition_rate,
                            f->inflow_per_year,  f->fte_per_head};
        static const char *const then[] = {
            "", "", "", "", "", " (taken as 0: exits are a lower bound)",
            " (taken as 0: no arrivals from elsewhere)",
            " (taken as 1 FTE per head: FTE is an upper bound)"};
        for (int i = 0; i < 8; i++)
            if (isnan(v[i])) {
                char w[160];
                snprintf(w, sizeof w, "%s_%s%s", pn, what[i], then[i]);
                miss(p, rdir, "workforce_supply.csv", w);
            }
    }
    if (!p->agency.staff_cost_msek.n)
        miss(p, rdir, "agency.csv", "staff_cost_msek");
    if (isnan(p->agency.share))
        miss(p, rdir, "agency.csv", "agency_share");
    if (isnan(p->agency.cost_per_fte_sek))
        miss(p, rdir, "agency.csv", "agency_cost_per_fte_sek");
    if (!p->budget.pvn_msek.n)
        miss(p, rdir, "budget.csv", "pvn_appropriation");
    if (!p->budget.hsn_msek.n)
        miss(p, rdir, "budget.csv", "hsn_appropriation");
}

vs_status vs_workforce_params_load(vs_ctx *ctx, const char *param_dir, const char *region_dir,
                                   vs_workforce_params **out)
{
    *out = NULL;
    vs_workforce_params *p = calloc(1, sizeof *p);
    char *rdir = vsi_strdup_printf("%s/parameters", region_dir);
    if (!p || !rdir) {
        free(p);
        free(rdir);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    set_nan(p);
    snprintf(p->param_dir, sizeof p->param_dir, "%s", param_dir);
    snprintf(p->region_dir, sizeof p->region_dir, "%s", region_dir);
    static const char *const files[] = {"workforce_supply.csv", "agency.csv", "budget.csv",
                                        "gp_workforce.csv"};
    vs_status st = VS_OK;
    for (int i = 0; i < 4 && !st; i++)
        if (!(st = read_file(ctx, p, param_dir, files[i], 0)))
            st = read_file(ctx, p, rdir, files[i], 1);
    if (!st) {
        list_missing(p, rdir);
        if (isnan(p->budget.share_target))
            st = vs_ctx_fail_at(ctx, param_dir, 0, "primary_care_share_target",
                                "row missing in budget.csv");
    }
    free(rdir);
    if (st) {
        free(p);
        return st;
    }
    *out = p;
    return VS_OK;
}
