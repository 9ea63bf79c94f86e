/*
 * vardsim/scenario.h: scenario files (schema_version 1) and the run pipeline
 * that turns a scenario into a run directory.
 *
 * A scenario is a YAML file (schema in docs/scenario.md) naming a region
 * directory, base and horizon years, the policies of the package (GP cap,
 * listing rule, area responsibility, allocation weights and CNI support, bed
 * occupancy target, closed beds, ASIH, queue discipline, administration and
 * further-training time, agency staff, care-guarantee limits) and simulation
 * settings.  The reader is strict: unknown keys, wrong types and values out
 * of range are input errors reported as
 *     FILE:LINE:COLUMN: field KEY: what is wrong
 * where KEY is the dotted path of the key (e.g. policies.beds.occupancy_target)
 * and LINE/COLUMN are 1-based.  Values the file leaves out take the defaults
 * documented in docs/scenario.md; the few values with no cited default are NaN
 * ("not set": the module that uses them falls back to its own cited parameter
 * file) and say so in the stored parameters.
 *
 * The run pipeline that turns a scenario into a run directory is declared in
 * vardsim/run.h (vs_run_execute and the stages).
 */
#ifndef VARDSIM_SCENARIO_H
#define VARDSIM_SCENARIO_H

#include "vardsim/core.h"
#include "vardsim/region.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VS_SCENARIO_SCHEMA_VERSION 1
#define VS_SCENARIO_PATH_MAX 1024

/* Denominator of the GP cap (the documents never say which; seed digest 1.1). */
typedef enum vs_gp_cap_unit {
    VS_GP_CAP_PER_FTE = 0,  /* listed residents per full-time-equivalent GP */
    VS_GP_CAP_PER_HEAD = 1  /* listed residents per GP, head count */
} vs_gp_cap_unit;

/* How residents are listed. */
typedef enum vs_listing_rule {
    VS_LISTING_NAMED_GP = 0, /* every resident listed with a named GP (002:51) */
    VS_LISTING_CENTRE = 1    /* listed with a care centre; only a share has a
                                fixed GP (today: about 30 %, 000:450-452) */
} vs_listing_rule;

/* Queue discipline of every queue in the simulation. */
typedef enum vs_queue_discipline {
    VS_SCENARIO_QUEUE_NEED = 0,      /* by medical need (urgency class), then arrival */
    VS_SCENARIO_QUEUE_FIFO = 1,      /* first come, first served */
    VS_SCENARIO_QUEUE_INSURANCE = 2  /* by need, with privately insured patients served
                               ahead within their class */
} vs_queue_discipline;

/* A value that may change by year (a "yearly path"): in the file a number,
 * a range [low, high], or a mapping YEAR: number-or-range.  n = 0: not set.
 * A single number or range is stored as one entry with year 0 (every year).
 * vs_year_path_at gives the entry of the last year <= the asked year (the
 * first entry before it); modules that need another reading (budget tables:
 * amounts per year, growth after the last) document it. */
#define VS_SCENARIO_YEARS_MAX 32
typedef struct vs_year_path {
    int n;
    int year[VS_SCENARIO_YEARS_MAX];      /* increasing; 0 = every year */
    double value[VS_SCENARIO_YEARS_MAX];  /* central values (midpoints of ranges) */
} vs_year_path;

/* One uncertain input: a `[low, high]` range written in the file for a key
 * that accepts one (forecast inputs, docs/scenario.md).  The scenario holds
 * the central value (the midpoint) in the field itself; vs_scenario_draw
 * replaces it by low + u (high - low). */
#define VS_SCENARIO_RANGES_MAX 64
typedef struct vs_scenario_range {
    char key[128];      /* dotted path; an entry of a yearly path adds ".YEAR" */
    double low, high;   /* as written, low <= high */
    size_t offset;      /* byte offset in vs_scenario of the double it sets */
    int line, col;      /* 1-based position of the range in the file */
} vs_scenario_range;

/* The professions of the workforce model (policies.workforce.<name>). */
#define VS_SCENARIO_PROFESSIONS 3

/* Workforce inputs of one profession (policies.workforce.gp, .nurse,
 * .midwife).  NaN / n = 0: not set, the workforce module's parameter files
 * give the value (docs/workforce.md). */
typedef struct vs_scenario_profession {
    vs_year_path training_intake;   /* new trainees a year (gp: ST doctors starting ST) */
    double training_years;          /* length of training (gp: >= 5.5, HSLF-FS 2021:8) */
    double completion_share;        /* share of trainees who complete */
    vs_year_path inflow;            /* qualified staff arriving a year from elsewhere */
    double retirement_rate;         /* yearly exits by retirement, share of the stock */
    double attrition_rate;          /* other yearly exits, share of the stock */
    double fte_per_head;            /* average FTE of one employed head */
    vs_year_path hours_per_week;    /* full-time week (hours) by year */
} vs_scenario_profession;

/* A scenario as read from its file.  Fields marked "NaN = not set" have no
 * default in the schema. */
typedef struct vs_scenario {
    int schema_version;                 /* always 1 */
    char name[64];                      /* identifier: [A-Za-z0-9_.-]+ */
    char description[512];              /* free text ("" when absent) */
    char path[VS_SCENARIO_PATH_MAX];    /* the file as given to the loader */
    char region_dir[VS_SCENARIO_PATH_MAX]; /* resolved against the file's
                                           directory; "" = the caller's default */
    int base_year;                      /* 0 = the region's base year */
    int horizon_year;                   /* 0 = the base year */

    struct {
        double gp_cap;                  /* listed residents per GP (unit below) */
        vs_gp_cap_unit gp_cap_unit;
        vs_listing_rule listing_rule;
        double fixed_gp_share;          /* share of residents with a fixed GP
                                           (listing_rule centre; 1 for named_gp) */
        int area_responsibility;        /* 1: every area has one responsible centre */
        double admin_hours_per_day;     /* GP hours of administration per working day */
        double further_training_share;  /* share of working time for further training */
        double further_training_days;   /* external further-training days per year */
    } primary_care;

    struct {
        double cni_share;               /* share of capitation paid by CNI; NaN = not set */
        double distance_share;          /* share paid as distance supplement; NaN = not set */
        int cni_support;                /* 1: extra support above the threshold */
        double cni_support_threshold;   /* CNI above which support is paid */
        double cni_support_share;       /* share of the budget for it; NaN = not set */
    } allocation;

    struct {
        double occupancy_target;        /* staffed-bed occupancy target (fraction) */
        double closed_bed_share;        /* share of staffed beds closed for lack of staff */
        double asih_share;              /* share of care places that are ASIH places */
        int staff_to_plan;              /* 1: staffed (open) beds are raised to the bed
                                           plan's need (003:74-75); 0: today's beds */
    } beds;

    struct {
        vs_queue_discipline discipline;
        double insured_share;           /* share of residents privately insured;
                                           NaN = not set */
    } queues;

    struct {
        double contact_days;            /* primary care contact (days) */
        double assessment_days;         /* medical assessment in primary care (days) */
        double specialist_days;         /* first specialist visit (days) */
        double treatment_days;          /* treatment after decision (days) */
    } care_guarantee;

    struct {
        int runs;                       /* Monte Carlo runs of the run's forecast stage */
        char population_projection[VS_SCENARIO_PATH_MAX]; /* the user's projection file,
                                           resolved against the scenario's directory;
                                           "" = the cohort-component projection */
        double fertility_scale;         /* multiplies population.csv's fertility rates */
        double mortality_scale;         /* ... mortality rates */
        double migration_scale;         /* ... net migration rates */
    } forecast;

    struct {
        double agency_share;            /* agency staff share of personnel costs */
        double agency_premium;          /* agency cost premium over own staff */
        double agency_reduction_2027;   /* planned cut of agency staff by end of 2027
                                           relative to 2023 (0 = none) */
        int agency_stop_year;           /* first year with no agency staff; 0 = none */
        int agency_reference_year;      /* year the cut is measured from (2023) */
        int agency_replaced;            /* 1: agency staff cut are replaced by employed
                                           staff (no capacity lost); 0: capacity is lost */
        vs_scenario_profession prof[VS_SCENARIO_PROFESSIONS]; /* gp, nurse, midwife */
    } workforce;

    struct {
        vs_year_path primary_care_msek; /* primary-care budget, MSEK: a number (the base
                                           year's amount) or a table by year; n = 0: the
                                           region's budget.csv (PVN) */
        double primary_care_growth;     /* yearly growth after the last amount; NaN = the
                                           region's budget plan */
        vs_year_path total_msek;        /* total health budget, MSEK (HSN + PVN) */
        double total_growth;            /* yearly growth of the total; NaN = the plan */
    } budget;

    struct {
        int replications;               /* independent replications (>= 1) */
        uint64_t seed;                  /* base seed of the random streams */
        int threads;                    /* worker threads; 0 = all cores */
        int days;                       /* simulated days per replication */
    } simulation;

    int n_ranges;                       /* uncertain inputs: [low, high] in the file */
    vs_scenario_range ranges[VS_SCENARIO_RANGES_MAX];

    char *text;                         /* the file's bytes (NUL-terminated); NULL in a
                                           copy made by vs_scenario_draw */
    size_t text_len;
    char hash[17];                      /* FNV-1a 64-bit hash of text, hex */
} vs_scenario;

/* Read and validate a scenario file.  *out is owned by the caller and freed
 * with vs_scenario_destroy.  Errors: VS_EIO (cannot read), VS_EINPUT (syntax,
 * unknown key, wrong type, out of range; message FILE:LINE:COLUMN: field KEY:
 * ...), VS_ENOMEM. */
VS_API vs_status vs_scenario_load(vs_ctx *ctx, const char *path, vs_scenario **out);

/* Free a scenario; NULL is allowed. */
VS_API void vs_scenario_destroy(vs_scenario *sc);

/* Number of uncertain inputs (ranges) of the scenario: the length of the
 * vector u of uniform draws that vs_scenario_draw and the forecast modules
 * (vardsim/workforce.h) take. */
VS_API int vs_scenario_range_count(const vs_scenario *sc);

/* Forget the figures of sc that belong to its own region (the budget paths
 * and growths, the agency staff share, each profession's training intake and
 * inflow) and their ranges, so that another region's parameter files give
 * them or they are reported missing: for a scenario run on a region other
 * than its own (never another region's figures).  Returns how many fields
 * were set. */
VS_API int vs_scenario_forget_region_figures(vs_scenario *sc);

/* A copy of sc with range i set to low + u[i] (high - low); u = NULL gives
 * the central values (the midpoints).  u[i] must be in [0, 1] (VS_EUSAGE).
 * *out shares nothing with sc (its text is NULL): it is a plain value, never
 * passed to vs_scenario_destroy. */
VS_API vs_status vs_scenario_draw(vs_ctx *ctx, const vs_scenario *sc, const double *u,
                                  vs_scenario *out);

/* Value of a yearly path in `year` (see vs_year_path); NaN when not set. */
VS_API double vs_year_path_at(const vs_year_path *p, int year);

/* Name of profession i of policies.workforce ("gp", "nurse", "midwife"). */
VS_API const char *vs_scenario_profession_name(int i);

/* Names of the enum values as written in the file ("per_fte", "named_gp",
 * "need", ...). */
VS_API const char *vs_gp_cap_unit_name(vs_gp_cap_unit u);
VS_API const char *vs_listing_rule_name(vs_listing_rule r);
VS_API const char *vs_queue_discipline_name(vs_queue_discipline d);

/* Visit every effective parameter of the scenario (defaults filled in) as a
 * (key, value, source) triple: key is the dotted schema path, value its text
 * ("not set" for NaN), source the citation of the default or "scenario file"
 * when the file sets it.  Stops at the first non-VS_OK return of fn. */
typedef vs_status (*vs_scenario_param_fn)(vs_ctx *ctx, void *user, const char *key,
                                          const char *value, const char *source);
VS_API vs_status vs_scenario_each_parameter(vs_ctx *ctx, const vs_scenario *sc,
                                            vs_scenario_param_fn fn, void *user);

/* ---- one numeric field by its key (vardsim sweep) ---------------------------
 * The numeric fields of the schema (number or integer, one value: not a
 * yearly path, not text), named by their dotted path as in the file. */
typedef struct vs_scenario_number_info {
    int is_integer;   /* 1: an integer field (values must be whole numbers) */
    double min, max;  /* valid range, inclusive (docs/scenario.md) */
} vs_scenario_number_info;

/* The field `key` (e.g. "policies.beds.closed_bed_share").  Errors:
 * VS_EUSAGE naming the key when it is unknown, not numeric (an enum, a
 * boolean, text, a yearly path) or not a model input (schema_version,
 * base_year, simulation.seed, simulation.threads). */
VS_API vs_status vs_scenario_number_field(vs_ctx *ctx, const char *key,
                                          vs_scenario_number_info *out);

/* Set the field `key` of sc to value, as if the file said so: the value must
 * be finite, whole for an integer field and in the field's range, and the
 * scenario must still pass the cross-field rules (fixed_gp_share with
 * listing_rule, cni_share + distance_share <= 1, ...).  A [low, high] range
 * the file gave for the key is dropped (the value is now fixed).  Errors:
 * VS_EUSAGE as vs_scenario_number_field, VS_EINPUT "field KEY: ..." for a
 * value out of range or against a rule; sc is unchanged on error. */
VS_API vs_status vs_scenario_set_number(vs_ctx *ctx, vs_scenario *sc, const char *key,
                                        double value);

#ifdef __cplusplus
}
#endif
#endif
