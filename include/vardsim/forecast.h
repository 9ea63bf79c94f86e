/*
 * vardsim/forecast.h: the forecast from the base year to a horizon (default
 * 2035): population by area and 5-year age band, demand from the need model,
 * GP FTE needed for the cap and supplied (vardsim/workforce.h), beds needed
 * and staffed, primary-care share, agency staff and costs, the first year each
 * of the documents' targets is met, and Monte Carlo intervals over the
 * scenario's [low, high] ranges.  Method, sources and the back-cast check:
 * docs/forecast.md.
 *
 * Population (cohort-component, one-year steps on the 17 bands of a region,
 * the same rates in every area):
 *
 *     S_b  = P_b (1 - k_m m_b)                       survivors
 *     A_0  = 4/5 S_0,  A_b = 4/5 S_b + 1/5 S_(b-1),  A_16 = S_16 + 1/5 S_15
 *     P'_b = A_b + k_g g_b P_b,   P'_0 += k_f sum_b f_b P_b
 *
 * f_b births, m_b deaths and g_b net migrants per resident of band b and year
 * (data/parameters/population.csv), k_f, k_m, k_g the scenario's scale
 * factors.  Ageing moves a fifth of each band up a band every year (ages
 * uniform within a band).  The model is linear, so the need model's demand
 * with each area's CNI held at its base-year value is the projection of the
 * need-weighted base population (docs/forecast.md).
 */
#ifndef VARDSIM_FORECAST_H
#define VARDSIM_FORECAST_H

#include "vardsim/core.h"
#include "vardsim/region.h"
#include "vardsim/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VS_FORECAST_DEFAULT_TO 2035 /* default horizon */
#define VS_FORECAST_MAX_YEARS 100   /* at most this many years after the base year */
#define VS_FORECAST_MAX_RUNS 1000000

/* ---- population ---------------------------------------------------------- */

/* Rates per resident of each band and year (population.csv). */
typedef struct vs_pop_params {
    double fertility[VS_AGE_BANDS]; /* live births per resident (both sexes) */
    double mortality[VS_AGE_BANDS]; /* deaths per resident */
    double migration[VS_AGE_BANDS]; /* net migrants per resident (may be < 0) */
    char path[1024];                /* file read */
} vs_pop_params;

/* Read param_dir/population.csv: rows fertility_rate_<band>,
 * mortality_rate_<band>, net_migration_rate_<band> for every band
 * (<band> = 0_4 ... 75_79, 80_plus), each exactly once; fertility and
 * mortality in [0, 1], migration in [-1, 1].  An empty value (a NOT FOUND
 * row) is an input error asking the user to supply it.  Errors: VS_EINPUT,
 * VS_EIO, VS_ENOMEM. */
VS_API vs_status vs_pop_params_load(vs_ctx *ctx, const char *param_dir, vs_pop_params *out);

/* Scale factors of the three schedules (1: as read). */
typedef struct vs_pop_scale {
    double fertility, mortality, migration;
} vs_pop_scale;

/* One year of the projection: out = step(in) (formula above).  in and out
 * must not overlap.  A band that would go negative (emigration larger than
 * the band) is set to 0. */
VS_API void vs_pop_step(const vs_pop_params *p, const vs_pop_scale *k,
                        const double in[VS_AGE_BANDS], double out[VS_AGE_BANDS]);

/* Population by year, area and band. */
typedef struct vs_pop_projection {
    int base_year, to_year;
    int n_years;            /* to_year - base_year + 1 */
    int n_areas;            /* = region->n_areas, same order */
    double *pop;            /* [(year - base_year) * n_areas + area] * VS_AGE_BANDS + band */
    double *total;          /* [year - base_year] region total */
    double *band_total;     /* [(year - base_year) * VS_AGE_BANDS + band] region totals */
    int user_supplied;      /* 1: read from a projection file */
    char source[1024];      /* "population.csv rates" or the file read */
} vs_pop_projection;

/* Project every area of the region from its base year to to_year
 * (base_year <= to_year <= base_year + VS_FORECAST_MAX_YEARS).  Errors:
 * VS_EUSAGE, VS_ENOMEM. */
VS_API vs_status vs_pop_project(vs_ctx *ctx, const vs_region *region, const vs_pop_params *p,
                                const vs_pop_scale *k, int to_year, vs_pop_projection **out);

/* Read a projection the user supplies (docs/forecast.md, "Your own
 * projection"): CSV with columns year, area_id or municipality_id, and
 * pop_0_4 ... pop_80_plus (persons, >= 0).  Every year from base_year + 1 to
 * to_year must be given for every area (municipality) exactly once; other
 * years are ignored.  By municipality, each area keeps its base-year share of
 * its municipality's band (an equal share when the band was empty).  Errors:
 * VS_EINPUT "FILE:LINE: field NAME: ...", VS_EIO, VS_ENOMEM. */
VS_API vs_status vs_pop_projection_load(vs_ctx *ctx, const char *path, const vs_region *region,
                                        int to_year, vs_pop_projection **out);

VS_API void vs_pop_projection_destroy(vs_pop_projection *proj);

/* Back-cast check: municipal bands of `from_path` (columns municipality_id,
 * pop_0_4 ... pop_80_plus, the format of data/stockholm/
 * municipalities_age_2019.csv) projected from from_year to the region's base
 * year, against the region's bands summed per municipality. */
typedef struct vs_pop_backcast {
    int n;                      /* municipalities (file order) */
    char (*id)[VS_ID_MAX];
    double *projected;          /* [i * VS_AGE_BANDS + b] */
    double *observed;           /* [i * VS_AGE_BANDS + b] */
    double total_error;         /* (projected - observed) / observed, region total */
    double max_municipality_error; /* largest |relative error| of a municipality total */
    double mean_municipality_error; /* mean |relative error| of municipality totals */
    double max_band_error;      /* largest |relative error| of a region band total */
    double cell_error;          /* sum |projected - observed| / sum observed over
                                   municipality x band cells */
} vs_pop_backcast;

VS_API vs_status vs_pop_backcast_run(vs_ctx *ctx, const char *from_path, int from_year,
                                     const vs_region *region, const vs_pop_params *p,
                                     vs_pop_backcast **out);
VS_API void vs_pop_backcast_destroy(vs_pop_backcast *b);

/* ---- the forecast ---------------------------------------------------------- */

/* Yearly figures.  The first VS_FC_GP_COST_SEK + 1 are the JSON contract of
 * `vardsim forecast` (docs/forecast.md); the rest are extra. */
typedef enum vs_forecast_metric {
    VS_FC_POPULATION = 0,      /* residents at the end of the year */
    VS_FC_GP_FTE_SUPPLY,       /* GP specialist FTE supplied (vardsim/workforce.h) */
    VS_FC_GP_FTE_NEEDED,       /* population / the cap (1,100 per FTE) */
    VS_FC_LISTED_PER_GP,       /* population / GP FTE supplied (everyone listed) */
    VS_FC_FIXED_GP_COVERAGE,   /* min(1, supplied / needed) */
    VS_FC_BEDS_NEEDED,         /* least staffed beds with occupancy <= target (Erlang) */
    VS_FC_BEDS_STAFFED,        /* open beds: today's after closures, or the plan's */
    VS_FC_PRIMARY_CARE_SHARE,  /* primary-care budget / total health budget */
    VS_FC_AGENCY_SHARE,        /* agency staff share of personnel costs */
    VS_FC_AGENCY_COST_SEK,     /* agency staff cost, SEK per year */
    VS_FC_GP_COST_SEK,         /* yearly cost of the GP FTE the cap needs, SEK */
    VS_FC_OCCUPANCY,           /* bed-day load / beds staffed */
    VS_FC_AGENCY_VS_REFERENCE, /* agency staff as a share of the reference year's */
    VS_FC_DOCTOR_VISITS,       /* primary-care doctor visits per year (need model) */
    VS_FC_BED_DAYS,            /* inpatient bed-days per year (need model) */
    VS_FC_AGENCY_CAPACITY_LOST_FTE, /* FTE lost when the agency cut is not replaced */
    VS_FC_METRICS
} vs_forecast_metric;

/* JSON name ("population", ...) and unit of metric m; NULL out of range. */
VS_API const char *vs_forecast_metric_name(int m);
VS_API const char *vs_forecast_metric_unit(int m);

/* Every parameter file the forecast reads (need, beds, GP costs, population
 * rates, workforce, targets), loaded once. */
typedef struct vs_forecast_models vs_forecast_models;

/* Load from data_dir (the project's data directory: data_dir/parameters and
 * data_dir/national/deso_2022.csv).  Errors: VS_EINPUT, VS_EIO, VS_ENOMEM. */
VS_API vs_status vs_forecast_models_load(vs_ctx *ctx, const char *data_dir,
                                         vs_forecast_models **out);
VS_API void vs_forecast_models_destroy(vs_forecast_models *m);

typedef struct vs_forecast_options {
    int to_year;      /* 0: the scenario's horizon_year when after the base year, else 2035 */
    int runs;         /* Monte Carlo runs (>= 1); 1: the central run only */
    uint64_t seed;    /* seed of the per-run streams (run r: vs_rng stream (seed, r)) */
    int threads;      /* worker threads (>= 1); results identical for any count */
} vs_forecast_options;

/* to_year 0, runs 1, seed 1, threads 1. */
VS_API void vs_forecast_options_init(vs_forecast_options *opt);

typedef struct vs_forecast_year {
    int year;
    double value[VS_FC_METRICS];   /* central run (every range at its midpoint) */
    double ci_low[VS_FC_METRICS];  /* 2.5 % and 97.5 % quantiles over the runs */
    double ci_high[VS_FC_METRICS]; /* (NaN when runs = 1) */
} vs_forecast_year;

/* A target of targets.csv the forecast can judge. */
typedef struct vs_forecast_target {
    char id[64];
    char label[256];
    char comparator[3];
    double value;
    int metric;             /* vs_forecast_metric compared with value */
    int year_met;           /* first year the central run meets it; 0 = not by the horizon */
    double probability_met; /* share of runs that meet it in some year <= horizon */
    int deadline;           /* the year in the target's id ("..._2030"); 0 = none */
    double probability_met_by_deadline; /* share of runs that meet it in some year <=
                                           deadline; NaN without a deadline in the period */
} vs_forecast_target;

typedef struct vs_forecast_result {
    int base_year, to_year, runs, n_years;
    vs_forecast_year *years;       /* [n_years] */
    int n_targets;
    vs_forecast_target *targets;
    vs_pop_projection *population; /* the central run's projection by area and band */
    int n_ranges;                  /* uncertain inputs drawn (scenario ranges) */
    char missing[2048];            /* figures the region's files and the scenario do not
                                      give (their yearly values are NaN), "" = none */
} vs_forecast_result;

/* The forecast of scenario sc on region (its base year) with the models.
 * Errors: VS_EUSAGE (options), VS_EINPUT (a projection file, a range),
 * VS_ENOMEM, VS_EINTERRUPTED. */
VS_API vs_status vs_forecast_run(vs_ctx *ctx, const vs_forecast_models *m, const vs_region *region,
                                 const vs_scenario *sc, const vs_forecast_options *opt,
                                 vs_forecast_result **out);
VS_API void vs_forecast_result_destroy(vs_forecast_result *r);

/* Quantile q in [0, 1] of n sorted values (linear between order statistics,
 * Hyndman-Fan type 7). */
VS_API double vs_forecast_quantile(const double *sorted, int n, double q);

#ifdef __cplusplus
}
#endif
#endif
