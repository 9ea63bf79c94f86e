/*
 * vardsim/workforce.h: the supply side of the forecast, year by year.
 *
 *  - A cohort model of each profession's workforce (GP specialists in
 *    allmänmedicin first, then primary-care nurses and midwives where sources
 *    exist): stock by age band, exits by age (retirement, other attrition),
 *    training intake per year (for GPs: ST), training length and completion
 *    share, inflow from elsewhere, FTE per head and the full-time week by year
 *    (the documents' 38.25 -> 37 hours for 24/7 staff, 004:579-585).
 *  - Agency staff (hyrpersonal) as a yearly cost line: share of staff costs,
 *    the premium (about 30 %, SKR in 000:826-829), the scenario's path (a cut
 *    by the end of 2027, none from a stop year) and the capacity lost when
 *    the cut is not replaced by employed staff.
 *  - The budget path: primary-care and total health budget and the
 *    primary-care share each year (against 25 % by 2030, 004:1259-1260), and
 *    the yearly cost of a number of GP FTE.
 *
 * Parameters come from the project's parameter directory (generic rows:
 * workforce_supply.csv, agency.csv, budget.csv, gp_workforce.csv) and from
 * the region directory (`<region>/parameters/<file>.csv`, same columns):
 * region-specific figures (stocks, staff costs, appropriations) live only
 * there, so a region never inherits Stockholm's.  A figure no public source
 * gives is a NOT FOUND row (empty value): it is NaN here and named in
 * vs_workforce_params.missing, and the scenario may supply it.  Formulas and
 * sources: docs/workforce.md.
 *
 * Yearly outputs are arrays of to_year - base_year + 1 values, index 0 =
 * base_year, each the state at the end of that year (31 Dec, like the
 * region's population).
 *
 * Uncertainty: every function takes u, the uniform draws of the scenario's
 * ranges (vs_scenario_range_count(sc) values in [0, 1], see
 * vs_scenario_draw); NULL = the central values.  The functions use only the
 * ranges of their own keys, so one vector per Monte Carlo run serves all.
 */
#ifndef VARDSIM_WORKFORCE_H
#define VARDSIM_WORKFORCE_H

#include "vardsim/core.h"
#include "vardsim/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Professions (the same order as policies.workforce.<name> of the scenario). */
typedef enum vs_profession {
    VS_PROF_GP = 0,      /* specialists in allmänmedicin at care centres */
    VS_PROF_NURSE = 1,   /* primary-care nurses (distriktssköterskor) */
    VS_PROF_MIDWIFE = 2, /* midwives */
    VS_PROFESSIONS = VS_SCENARIO_PROFESSIONS
} vs_profession;

/* Age bands of the cohort model: under 40, 40-49, 50-59, 60-64, 65-69, 70+.
 * Each year a share 1 / width of a band moves to the next (uniform ages
 * within a band; widths 10, 10, 10, 5, 5, open). */
#define VS_WF_BANDS 6
VS_API const char *vs_wf_band_name(int band); /* "under_40", "40_49", ... "70_plus" */

/* Parameters of one profession after loading (NaN = NOT FOUND / not given). */
typedef struct vs_wf_profession {
    double stock_heads;                 /* employed heads in the stock year */
    int stock_year;
    double age_share[VS_WF_BANDS];      /* shares of the stock by age band; all NaN = the
                                           age structure is NOT FOUND (one group) */
    double band_exit_rate[VS_WF_BANDS]; /* yearly exit share by age band (with ages) */
    double retirement_rate;             /* yearly exits by retirement, share of stock
                                           (without ages) */
    double attrition_rate;              /* other yearly exits, share of stock */
    double trainees;                    /* in training (gp: ST doctors) in trainees_year */
    int trainees_year;
    vs_year_path training_intake;       /* new trainees a year; n = 0: the steady state
                                           trainees / training_years (DERIVED) */
    double training_years;              /* length of training */
    double completion_share;            /* share of trainees who complete */
    double inflow_per_year;             /* qualified arrivals from elsewhere a year */
    double fte_per_head;                /* FTE of one head */
    vs_year_path hours_per_week;        /* full-time week by year */
} vs_wf_profession;

/* Parameters of the agency-staff line (region rows; NaN = missing). */
typedef struct vs_agency_params {
    vs_year_path staff_cost_msek;       /* staff costs incl. agency staff, MSEK, by year */
    double share;                       /* agency share of staff costs in share_year */
    int share_year;
    double premium;                     /* agency cost premium over own staff (0.30) */
    double cost_per_fte_sek;            /* own-staff cost of one FTE (capacity in FTE) */
} vs_agency_params;

/* Parameters of the budget path (region rows; NaN / n = 0 = missing). */
typedef struct vs_budget_params {
    vs_year_path pvn_msek;              /* primary-care appropriation by year */
    vs_year_path hsn_msek;              /* health-care appropriation by year */
    double share_target;                /* primary-care share target (0.25) */
    int share_target_year;              /* 2030 */
    double gp_annual_cost_sek;          /* employer cost of one GP FTE a year */
} vs_budget_params;

typedef struct vs_workforce_params {
    vs_wf_profession prof[VS_PROFESSIONS];
    vs_agency_params agency;
    vs_budget_params budget;
    char param_dir[1024];
    char region_dir[1024];
    char missing[4096];                 /* "file: parameter; ..." of every figure that is
                                           NOT FOUND or missing for this region */
} vs_workforce_params;

/* Read the generic rows from param_dir (workforce_supply.csv, agency.csv,
 * budget.csv, gp_workforce.csv) and the region's rows from
 * region_dir/parameters/ (same file names; a missing region file means
 * missing figures, never an error).  Unknown or duplicated rows, bad numbers:
 * VS_EINPUT with FILE:LINE: field NAME. */
VS_API vs_status vs_workforce_params_load(vs_ctx *ctx, const char *param_dir,
                                          const char *region_dir, vs_workforce_params **out);
VS_API void vs_workforce_params_destroy(vs_workforce_params *p);

/* Name of profession i ("gp", "nurse", "midwife"). */
VS_API const char *vs_profession_name(vs_profession i);

/* The number of uniform draws the functions below take: one per range of
 * the scenario (vs_scenario_range_count). */
VS_API int vs_workforce_draws_needed(const vs_scenario *sc);

/* Can the profession be projected?  0 and a reason naming the missing
 * figures (file and parameter, the scenario field that would supply it)
 * when its stock or training figures are missing. */
VS_API int vs_workforce_available(const vs_workforce_params *p, const vs_scenario *sc,
                                  vs_profession prof, char *why, size_t cap);

/* Cohort projection of one profession from base_year to to_year: heads and
 * FTE supplied at the end of each year (FTE = heads x fte_per_head x
 * hours(year) / hours(base_year)).  Scenario fields (policies.workforce.
 * <prof>.*) override the parameter files.  VS_EINPUT naming the missing
 * figures when vs_workforce_available says no.  Either output may be NULL. */
VS_API vs_status vs_workforce_project(vs_ctx *ctx, const vs_workforce_params *p,
                                      const vs_scenario *sc, vs_profession prof, int base_year,
                                      int to_year, const double *u, double *fte_supply_per_year,
                                      double *heads_per_year);

/* One year of agency staff. */
typedef struct vs_agency_year {
    double share;              /* agency share of staff costs */
    double level;              /* share / the reference year's share (1 - the cut so
                                  far; 0 from the stop year) */
    double staff_cost_sek;     /* staff costs incl. agency (NaN = missing) */
    double cost_sek;           /* agency cost */
    double cut_sek;            /* agency cost removed against the reference level */
    double replacement_sek;    /* cost of employed staff replacing the cut (0 when not
                                  replaced): cut / (1 + premium) */
    double capacity_lost_fte;  /* FTE lost when not replaced (NaN when the cost of an
                                  FTE is missing) */
    double capacity_lost_sek;  /* the same in own-staff cost: cut / (1 + premium) */
} vs_agency_year;

/* Agency staff from base_year to to_year (out: to_year - base_year + 1).
 * share(y) = s0 up to the reference year, falls linearly to s0 (1 - r) at
 * 2027, stays there, and is 0 from the stop year.  s0: the scenario's
 * agency_staff_share, else the region's agency_share (VS_EINPUT naming both
 * when neither is given).  Costs are NaN where the region's staff costs are
 * missing. */
VS_API vs_status vs_agency_project(vs_ctx *ctx, const vs_workforce_params *p,
                                   const vs_scenario *sc, int base_year, int to_year,
                                   const double *u, vs_agency_year *out);

/* One year of the budget. */
typedef struct vs_budget_year {
    double primary_care_sek;   /* NaN = missing */
    double total_sek;          /* total health budget (HSN + PVN), NaN = missing */
    double primary_care_share; /* primary_care / total */
} vs_budget_year;

/* Budget path from base_year to to_year.  Amounts: the scenario's
 * (policies.budget.*) or the region's budget.csv; years between given
 * amounts grow geometrically, years after the last grow by the growth rate
 * (the scenario's, else the region plan's own), years before the first are
 * missing (NaN).  A region without figures and a scenario without budget
 * fields give NaN with the reason in vs_workforce_params.missing. */
VS_API vs_status vs_budget_project(vs_ctx *ctx, const vs_workforce_params *p,
                                   const vs_scenario *sc, int base_year, int to_year,
                                   const double *u, vs_budget_year *out);

/* Yearly employer cost of gp_fte GP FTE (gp_annual_employer_cost of
 * gp_workforce.csv, constant prices); NaN when the cost is missing. */
VS_API double vs_budget_gp_cost_sek(const vs_workforce_params *p, double gp_fte);

#ifdef __cplusplus
}
#endif
#endif
