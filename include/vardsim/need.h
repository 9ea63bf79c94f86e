/*
 * vardsim/need.h: the need model.  Care Need Index (CNI) per area, expected
 * yearly demand per area (primary-care doctor and nurse visits, emergency
 * department visits, inpatient admissions, bed-days), needs-based allocation
 * of a primary-care budget over arbitrary units (areas now, care centres once
 * listing exists) and the primary-care share of the health budget.
 *
 * CNI (SCB's present method, which reproduces SCB's published worked example):
 *
 *     CNI_a = (sum_i w_i n_ia / P_a) / C,    C = sum_r sum_i w_i n_ir / sum_r P_r
 *
 * n_ia = persons in area a meeting criterion i, P_a = residents, w_i = weight
 * of criterion i (Sundquist, Malmström et al., J Epidemiol Community Health
 * 2003;57:347), r = the areas of the national reference.  So the national
 * population-weighted mean CNI is exactly 1.  Criteria missing in the data are
 * left out (the remaining weights are rescaled to the full weight sum, which
 * leaves CNI unchanged because C uses the same criteria) and reported.
 *
 * Demand of service s in area a:
 *
 *     D_sa = sum_b P_ab r_sb * f_sa,   f_sa = CNI_a^e_s / M_s,
 *     M_s  = sum_r E_sr CNI_r^e_s / sum_r E_sr,   E_sr = sum_b P_rb r_sb
 *
 * r_sb = rate per resident and year in age band b, e_s = need elasticity.  M_s
 * makes the national total equal to the age-based national total whatever e_s.
 *
 * Parameters are read at run time from a directory of CSV files (columns
 * parameter,value,unit,year,geography,source,note): care_need_index.csv,
 * demand_rates.csv, allocation.csv, budget.csv.  Errors read
 * "FILE:LINE: field NAME: what is wrong".
 */
#ifndef VARDSIM_NEED_H
#define VARDSIM_NEED_H

#include "vardsim/core.h"
#include "vardsim/region.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The seven CNI criteria, in SCB's order. */
typedef enum vs_cni_var {
    VS_CNI_UNDER5 = 0,        /* aged under 5 */
    VS_CNI_FOREIGN_BORN,      /* born in Eastern Europe, Asia, Africa, South America */
    VS_CNI_65PLUS_ALONE,      /* aged 65+ and living alone */
    VS_CNI_SINGLE_PARENT,     /* single parent with child aged <= 17 */
    VS_CNI_MOVED_IN,          /* aged 1+ and moved into the area during the year */
    VS_CNI_UNEMPLOYED,        /* unemployed or in a labour-market programme, 16-64 */
    VS_CNI_LOW_EDUCATION,     /* aged 25-64 with only compulsory schooling */
    VS_CNI_NVARS
} vs_cni_var;

/* Services with expected demand. */
typedef enum vs_need_service {
    VS_SERVICE_DOCTOR = 0, /* primary-care doctor visits per year */
    VS_SERVICE_NURSE,      /* primary-care nurse visits per year */
    VS_SERVICE_ED,         /* emergency-department visits per year */
    VS_SERVICE_ADMISSIONS, /* inpatient admissions (vårdtillfällen) per year */
    VS_SERVICE_BED_DAYS,   /* inpatient bed-days per year (admissions x mean stay) */
    VS_SERVICES
} vs_need_service;

/* Name of criterion v ("under5", ...) and of service s ("doctor_visits", ...). */
VS_API const char *vs_cni_var_name(int v);
VS_API const char *vs_need_service_name(int s);

/* Budget lines of budget.csv (MSEK per year). */
#define VS_NEED_BUDGET_YEARS 16

/* All parameters of the need model.  NaN marks a value the parameter files
 * leave empty (a user-supplied parameter with no default). */
typedef struct vs_need_params {
    double cni_weight[VS_CNI_NVARS];          /* relative weights */
    double cni_threshold;                     /* CNI above which extra support is paid (1.7) */
    double rate[VS_SERVICES][VS_AGE_BANDS];   /* per resident and year; NaN = band not covered */
    double alos_days[VS_AGE_BANDS];           /* mean length of stay per admission, days */
    double elasticity[VS_SERVICES];           /* need elasticity; NaN = not set (0 used) */
    double alloc_cni_share;                   /* share of budget paid by CNI */
    double alloc_supplement_share;            /* share paid as support above the threshold */
    double alloc_distance_share;              /* share paid as distance supplement */
    int n_budget_years;                       /* rows of the budget table */
    int budget_year[VS_NEED_BUDGET_YEARS];    /* calendar year */
    double budget_hsn_msek[VS_NEED_BUDGET_YEARS]; /* HSN appropriation, MSEK (NaN if absent) */
    double budget_pvn_msek[VS_NEED_BUDGET_YEARS]; /* PVN appropriation, MSEK (NaN if absent) */
    double share_target;                      /* primary-care share target (0.25) */
    int share_target_year;                    /* year of the target (2030) */
    double huslakaruppdrag_msek;              /* husläkaruppdrag budget, MSEK (info) */
    int huslakaruppdrag_year;
    char dir[1024];                           /* directory read */
    char budget_path[1100];                   /* the region's budget.csv read by
                                                 vs_need_budget_load ("" = none yet) */
} vs_need_params;

/* Read the four parameter files in directory `dir` (normally data/parameters);
 * the region's budget rows come from vs_need_budget_load.
 * Every required row must appear exactly once.  Errors: VS_EIO, VS_EINPUT,
 * VS_ENOMEM. */
VS_API vs_status vs_need_params_load(vs_ctx *ctx, const char *dir, vs_need_params **out);
VS_API void vs_need_params_destroy(vs_need_params *params);

/* The region's own budget rows (hsn_appropriation, pvn_appropriation by year,
 * budget_huslakaruppdrag) from REGION_DIR/parameters/budget.csv, replacing
 * any read before.  A region without the file has none (n_budget_years 0,
 * huslakaruppdrag NaN: "missing"): the generic budget.csv never holds them,
 * so no region inherits Stockholm's figures.  Errors: VS_EINPUT (FILE:LINE:
 * field), VS_ENOMEM. */
VS_API vs_status vs_need_budget_load(vs_ctx *ctx, const char *region_dir, vs_need_params *params);

/* Inputs of one area for CNI and demand.  Counts of missing criteria are -1. */
typedef struct vs_need_inputs {
    int64_t pop[VS_AGE_BANDS];       /* residents by age band */
    int64_t population;              /* sum of pop[] */
    int64_t count[VS_CNI_NVARS];     /* persons meeting each criterion, -1 = not in data */
} vs_need_inputs;

/* Fill inputs from a region area: under5 = pop_0_4, low_education =
 * low_education_25_64, foreign_born = foreign_background (a PROXY: foreign
 * background, not birth region); the other four are not in the data (-1). */
VS_API vs_status vs_need_inputs_from_area(vs_ctx *ctx, const vs_area *area, vs_need_inputs *out);

/* 1 when criterion v is only approximated by the region data (foreign_born). */
VS_API int vs_cni_var_is_proxy(int v);

/* The national reference population (all DeSO of Sweden). */
typedef struct vs_need_reference {
    int n;                 /* number of areas */
    vs_need_inputs *areas; /* their inputs */
    int64_t population;    /* total residents */
    char path[1024];       /* file read */
} vs_need_reference;

/* Read a reference file with the columns area_id, pop_0_4 ... pop_80_plus and
 * optionally pop_25_64, low_education_25_64, foreign_background (the format of
 * data/national/deso_2022.csv). */
VS_API vs_status vs_need_reference_load(vs_ctx *ctx, const char *path, vs_need_reference **out);
VS_API void vs_need_reference_destroy(vs_need_reference *ref);

/* CNI values delivered by Statistics Sweden (CSV with columns id, cni), per
 * area or per care centre. */
typedef struct vs_cni_table {
    int n;
    char (*id)[VS_ID_MAX]; /* unit ids */
    double *cni;           /* CNI, national = 1 */
    long *line;            /* line of each row in the file */
    char path[1024];
} vs_cni_table;

VS_API vs_status vs_cni_table_load(vs_ctx *ctx, const char *path, vs_cni_table **out);
VS_API void vs_cni_table_destroy(vs_cni_table *table);

/* Weighted hits per resident of a set of areas over the criteria used[]. */
VS_API vs_status vs_need_cni_hits(vs_ctx *ctx, int n, const vs_need_inputs *areas,
                                  const double *weight, const int *used, double *hits_per_resident);

/* CNI of one area against a reference constant C (hits per resident). */
VS_API vs_status vs_need_cni_one(vs_ctx *ctx, const vs_need_inputs *area, const double *weight,
                                 const int *used, double reference_hits, double *cni);

/* Per-decile summary (deciles of population, areas ranked by CNI). */
/* The CNI of an area computed from some of the seven criteria, standardised
 * with the weight of the criteria available (docs/need.md, "Missing
 * criteria"): 1 + weight_share x (cni_available - 1), where weight_share is the
 * weight of the criteria used over the weight of all seven.  The criteria left
 * out are taken to be at the reference level in every area, and the reference
 * rates of all criteria to be alike, so that they would have added
 * (1 - weight_share) of the index at its reference value; the reference mean
 * stays exactly 1.  weight_share 1 (all criteria) returns cni unchanged; NaN
 * stays NaN. */
VS_API double vs_need_cni_standardise(double cni_available, double weight_share);

typedef struct vs_need_decile {
    int n_areas;
    int64_t population;
    double cni_mean;   /* population-weighted */
    double cni_min, cni_max;
    double expected[VS_SERVICES]; /* NaN when the service is not available */
} vs_need_decile;

typedef struct vs_need_area {
    double cni;                      /* national = 1 */
    int cni_delivered;               /* 1 if taken from a delivered CNI file */
    int decile;                      /* 1 (lowest CNI) .. 10 */
    int above_threshold;             /* cni > params->cni_threshold */
    double age_expected[VS_SERVICES];/* sum_b P_ab r_sb (no need factor) */
    double need_factor[VS_SERVICES]; /* f_sa */
    double expected[VS_SERVICES];    /* D_sa per year; NaN if not available */
} vs_need_area;

typedef struct vs_need_municipality {
    double cni;              /* population-weighted mean of its areas */
    int n_above_threshold;   /* areas above the threshold */
    int64_t pop_above_threshold;
    double expected[VS_SERVICES];
} vs_need_municipality;

typedef struct vs_need_result {
    int n_areas;                     /* = region->n_areas, same order */
    vs_need_area *areas;
    int n_municipalities;
    vs_need_municipality *municipalities;
    vs_need_decile deciles[10];
    int used[VS_CNI_NVARS];          /* 1 if the criterion entered the CNI */
    int proxy[VS_CNI_NVARS];         /* 1 if used through a proxy */
    double weight_used[VS_CNI_NVARS];/* weights rescaled to the full weight sum (0 if unused) */
    double reference_hits;           /* C, weighted hits per resident in the reference */
    int reference_areas;             /* areas in the reference (0: region itself) */
    int64_t reference_population;
    double elasticity[VS_SERVICES];  /* value used (0 when not set) */
    int elasticity_set[VS_SERVICES];
    int service_available[VS_SERVICES]; /* 0 when the rates are not given */
    int band_covered[VS_SERVICES][VS_AGE_BANDS];
    double service_norm[VS_SERVICES];  /* M_s */
    double total[VS_SERVICES];         /* region totals per year */
    double cni_mean;                   /* region population-weighted mean CNI */
    int n_above_threshold;
    int64_t pop_above_threshold;
    int n_delivered;                   /* areas whose CNI came from a delivered file */
    double cni_weight_share;           /* weight of the criteria used / weight of all
                                          seven: computed CNIs are standardised with it
                                          (vs_need_cni_standardise; 1 with all seven) */
} vs_need_result;

/* Options of vs_need_compute. */
typedef struct vs_need_options {
    const vs_need_reference *reference; /* NULL: standardise on the region itself */
    const vs_cni_table *delivered;      /* NULL: compute CNI for every area */
    double elasticity_override;         /* NaN: use params; else for every service */
} vs_need_options;

/* Default options (no reference, no delivered CNI, no override). */
VS_API void vs_need_options_init(vs_need_options *opt);

/* CNI, deciles, flags and expected demand per area and municipality.
 * Delivered CNI ids must be area ids of the region (else an input error at the
 * file's line). */
VS_API vs_status vs_need_compute(vs_ctx *ctx, const vs_region *region, const vs_need_params *params,
                                 const vs_need_options *opt, vs_need_result **out);
VS_API void vs_need_result_destroy(vs_need_result *result);

/* Expected yearly count of service s in area a and age band b (for the
 * region simulation): P_ab r_sb f_sa; 0 for an uncovered band, NaN if the
 * service is not available. */
VS_API double vs_need_expected_band(const vs_need_result *result, const vs_region *region,
                                    const vs_need_params *params, int area, int service, int band);

/* ---- allocation over arbitrary units ----------------------------------- */

/* Split `total` into n non-negative integers proportional to weights[] by
 * largest remainder (Hamilton): floors first, then +1 to the largest
 * fractional parts, ties to the lower index.  sum(out) == total exactly.
 * Weights must be finite, >= 0, with a positive sum. */
VS_API vs_status vs_need_round_largest_remainder(vs_ctx *ctx, int n, const double *weights,
                                                 int64_t total, int64_t *out);

/* Concentration index of y against a ranking variable (population-weighted
 * fractional ranks, ties share the mean rank):
 *     CI = 2/mu * sum_i w_i y_i R_i - 1,   w_i = pop_i / sum pop
 * y is per person (e.g. SEK per resident).  0 means no relation to the rank;
 * positive means concentrated among high ranks (high need). */
VS_API vs_status vs_need_concentration_index(vs_ctx *ctx, int n, const double *population,
                                             const double *rank_by, const double *y, double *ci);

/* The units to allocate over (areas, or care centres with listed persons). */
typedef struct vs_alloc_units {
    int n;
    const double *population;      /* residents or listed persons */
    const double *age_weighted;    /* capitation base (population x age weight); NULL = population */
    const double *cni;             /* CNI per unit */
    const double *distance_km;     /* distance measure per unit; NULL = not available */
    const double *expected_visits; /* expected visits (for visit-based payment); NULL = n/a */
} vs_alloc_units;

typedef struct vs_alloc_params {
    double cni_share;        /* share of the budget paid by pop x CNI */
    double supplement_share; /* share paid by pop x max(0, CNI - threshold) */
    double distance_share;   /* share paid by pop x distance_km */
    double threshold;        /* CNI threshold (1.7) */
} vs_alloc_params;

enum { VS_ALLOC_CAPITATION = 0, VS_ALLOC_CNI, VS_ALLOC_SUPPLEMENT, VS_ALLOC_DISTANCE, VS_ALLOC_PARTS };

typedef struct vs_alloc_result {
    int n;
    int64_t total_sek;
    int64_t *allocation_sek;      /* needs-based model, sums to total_sek */
    double *part_sek[VS_ALLOC_PARTS]; /* exact (unrounded) parts per unit */
    double part_total_sek[VS_ALLOC_PARTS];
    int64_t *equal_per_capita_sek;/* comparison: by population */
    int64_t *visit_based_sek;     /* comparison: by expected visits (NULL if n/a) */
    double ci_allocation;         /* concentration index vs CNI rank, SEK per resident */
    double ci_equal_per_capita;
    double ci_visit_based;        /* NaN if n/a */
    double ci_need;               /* concentration index of CNI itself */
} vs_alloc_result;

/* The allocation parameters of a policy, resolved against the defaults of
 * allocation.csv: each share of `req` that is NaN ("not set") takes the
 * file's default in `params` (alloc_cni_share, alloc_supplement_share,
 * alloc_distance_share), and 0 when the file leaves that default empty too;
 * a NaN threshold takes params->cni_threshold.  A policy without CNI
 * support passes supplement_share 0.  Nothing is checked here (the shares'
 * sum is checked by vs_need_allocate and by the caller that can name its
 * input).  req and out may be the same object. */
VS_API void vs_need_alloc_params_resolve(const vs_need_params *params,
                                         const vs_alloc_params *req, vs_alloc_params *out);

/* Split budget_sek over the units.  Shares must be >= 0 with sum <= 1; the
 * capitation part gets the rest.  A part whose weights sum to 0 (e.g. no unit
 * above the threshold) goes to capitation, and is reported so. */
VS_API vs_status vs_need_allocate(vs_ctx *ctx, const vs_alloc_units *units,
                                  const vs_alloc_params *params, int64_t budget_sek,
                                  vs_alloc_result **out);
VS_API void vs_alloc_result_destroy(vs_alloc_result *result);

/* ---- primary-care share ------------------------------------------------ */

typedef struct vs_pc_share {
    int base_year;
    double hsn_msek, pvn_msek;  /* base-year appropriations */
    double share;               /* pvn / (hsn + pvn) */
    double target;              /* 0.25 */
    int target_year;            /* 2030 */
    double gap_pp;              /* (target - share) x 100, percentage points */
    double total_growth;        /* assumed yearly growth of hsn + pvn */
    int total_growth_derived;   /* 1 if derived from the plan years */
    double pvn_target_msek;     /* target x total in the target year */
    double pvn_growth_required; /* yearly growth of pvn needed */
    double hsn_growth_implied;  /* yearly growth left for hsn */
    double share_pp_per_year;   /* gap_pp / years */
} vs_pc_share;

/* Primary-care share in base_year (0: the first year with both lines) and the
 * growth needed to reach the target.  total_growth NaN: derived from the
 * budget rows as the yearly growth of hsn+pvn from base_year to the last year
 * given. */
VS_API vs_status vs_need_pc_share(vs_ctx *ctx, const vs_need_params *params, int base_year,
                                  double total_growth, vs_pc_share *out);

#ifdef __cplusplus
}
#endif
#endif
