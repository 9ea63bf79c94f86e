/*
 * vardsim/maternity.h: one midwife at every birth, for the whole birth
 * (seed digest §8; docs/maternity.md).
 *
 * Births per year by area: women aged 15-49 of area a in band b are
 * W_ab = P_ab s_b (P_ab residents of the band, s_b the cited female share of
 * the band), and
 *
 *     B_a = B W~_a / sum_r W~_r,   W~_a = sum_b W_ab f_b
 *
 * with f_b the age-specific fertility (births per 1,000 women and year) when
 * maternity.csv gives all seven bands, else f_b = 1 (births spread over the
 * women aged 15-49).  B is the region's births per year (births_per_year)
 * when given; else B = sum_a sum_b W_ab f_b / 1000 when the fertility rows
 * are given; else B = g W / 1000 with g the general fertility
 * (general_fertility_per_1000) and W the region's women aged 15-49.
 *
 * Births start at rate lambda(t) = B/8760 w_h(t) per hour, w_h the hour-of-day
 * weights normalised to mean 1.  Each birth holds one midwife for the
 * attendance time S (a cited distribution, hours).  Births in progress are an
 * M_t/G/infinity process: N(t) is Poisson with mean (Eick, Massey and Whitt
 * 1993)
 *
 *     m(t) = integral_0^inf lambda(t - u) P(S > u) du,
 *
 * computed exactly for the piecewise-constant lambda from
 * H(x) = integral_0^x P(S > u) du = E[min(S, x)] (closed forms below).  The
 * midwives on duty in hour h are the least c with P(N(t) > c) <= target for
 * every t of the hour (one-minute grid), P from the Poisson tail (GSL).
 * midwife hours per week = 7 sum_h c_h; FTE = hours / (fte_hours_per_week
 * (1 - absence_share)).
 */
#ifndef VARDSIM_MATERNITY_H
#define VARDSIM_MATERNITY_H

#include "vardsim/core.h"
#include "vardsim/region.h"
#include "vardsim/rng.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VS_MAT_BANDS 7 /* 15-19, 20-24, ..., 45-49 */

/* Attendance-time distributions (hours). */
typedef enum vs_mat_attend {
    VS_MAT_ATTEND_LOGNORMAL = 0, /* a = median, b = 95th percentile */
    VS_MAT_ATTEND_EXPONENTIAL,   /* a = mean */
    VS_MAT_ATTEND_CONST          /* a = the time */
} vs_mat_attend;

/* Parameters (data/parameters/maternity.csv).  NaN marks a NOT FOUND row. */
typedef struct vs_maternity_params {
    double births_per_year;             /* region's births; NaN: from fertility */
    int births_year;                    /* year of that figure */
    double general_fertility;           /* births per 1,000 women 15-49; NaN = not found */
    double female_share[VS_MAT_BANDS];  /* women / residents, per band */
    double fertility[VS_MAT_BANDS];     /* births per 1,000 women; NaN = not found */
    int has_fertility;                  /* 1 when all seven are given */
    double hour_weight[24];             /* relative starts by hour of day */
    vs_mat_attend attend;               /* distribution of the attendance time */
    double attend_a, attend_b;          /* its parameters, hours */
    double attend_extra_hours;          /* constant added (NaN = NOT FOUND, 0 used) */
    double p_exceed_target;             /* P(births in progress > midwives) at most this */
    double fte_hours_per_week;          /* full-time hours a week */
    double absence_share;               /* share of paid hours not worked */
    double midwives_region_fte;         /* the region's birth-unit midwives; NaN = NOT FOUND */
    char path[1024];                    /* file read */
} vs_maternity_params;

/* Read dir/maternity.csv.  Errors: VS_EIO, VS_EINPUT ("FILE:LINE: field
 * value: ..."), VS_ENOMEM. */
VS_API vs_status vs_maternity_params_load(vs_ctx *ctx, const char *dir,
                                          vs_maternity_params **out);
VS_API void vs_maternity_params_destroy(vs_maternity_params *p);

/* Mean attendance time E[S] in hours (S = attend + extra). */
VS_API double vs_maternity_attend_mean(const vs_maternity_params *p);

/* H(x) = integral_0^x P(S > u) du = E[min(S, x)], hours; x >= 0. */
VS_API double vs_maternity_attend_integral(const vs_maternity_params *p, double x_hours);

/* Mean births in progress at hour-of-day time t (0 <= t < 24, may be any
 * real; taken modulo 24) for the periodic hourly start rates rate[24]
 * (births per hour).  Exact up to a truncated tail below 1e-12 E[S]. */
VS_API double vs_maternity_in_progress(const vs_maternity_params *p, const double *rate,
                                       double t_hours);

/* P(N > c) for N Poisson with mean m (exact, GSL's Poisson tail). */
VS_API double vs_maternity_poisson_exceed(double m, int c);

/* Least c >= 0 with P(N > c) <= target, N Poisson(m).  target in (0, 1). */
VS_API int vs_maternity_staff_for(double m, double target);

/* Results for a region. */
typedef struct vs_maternity_result {
    int n_areas;
    double *births_area;         /* births per year per area (region order) */
    double *women_15_49_area;    /* women aged 15-49 per area */
    double births_per_year;      /* B */
    int births_from_fertility;   /* 1 when B came from fertility x women (age-specific
                                    or general), 0 when given as births_per_year */
    int births_source;           /* 0 births_per_year, 1 age-specific, 2 general fertility */
    double women_15_49;          /* region total */
    double rate_per_hour[24];    /* start rate by hour of day */
    double attend_mean_hours;    /* E[S] */
    double in_progress_hour_mean[24]; /* mean of m(t) over the hour */
    double in_progress_hour_max[24];  /* max of m(t) over the hour (minute grid) */
    int midwives_hour[24];       /* midwives on duty needed in hour h */
    double p_exceed_hour[24];    /* largest P(N > c_h) within hour h */
    double births_in_progress_mean; /* daily mean of m(t) = lambda-bar E[S] */
    int midwives_on_duty_needed; /* max_h midwives_hour */
    double midwife_hours_week;   /* 7 sum_h c_h */
    double midwife_hours_year;   /* 365.25/7 x week */
    double midwife_fte_needed;   /* hours / (fte hours x (1 - absence)) */
    double midwives_region_fte;  /* NaN when NOT FOUND */
    double p_exceed_target;
} vs_maternity_result;

/* Births, births in progress and midwives needed for the region.  Errors:
 * VS_EINPUT naming the parameter file when B can be found neither from
 * births_per_year nor from fertility (NOT FOUND). */
VS_API vs_status vs_maternity_compute(vs_ctx *ctx, const vs_region *region,
                                      const vs_maternity_params *p, vs_maternity_result **out);
VS_API void vs_maternity_result_destroy(vs_maternity_result *r);

/* Separate birth units: each staffs its own births (same hourly profile and
 * attendance time), so the units together need at least as many midwives as
 * one pool of the region.  A units file is CSV with columns
 * unit,births_per_year (identifiers unique, births 0 .. 1e6). */
typedef struct vs_maternity_units {
    int n;
    char (*unit)[VS_ID_MAX];
    double *births_per_year;
    int midwives_hour_total[24];   /* sum over the units of their hourly need */
    int midwives_on_duty_needed;   /* max over hours of that sum */
    double midwife_hours_week;     /* sum over the units */
    double midwife_fte_needed;     /* sum over the units */
    int *midwives_max;             /* per unit: its largest hourly need */
    double *fte;                   /* per unit */
    double *in_progress_mean;      /* per unit */
} vs_maternity_units;

/* Read a units file.  Errors name file, line and field (VS_EINPUT). */
VS_API vs_status vs_maternity_units_load(vs_ctx *ctx, const char *path,
                                         vs_maternity_units **out);
/* Staff every unit (fills the result fields of u). */
VS_API vs_status vs_maternity_units_staff(vs_ctx *ctx, const vs_maternity_params *p,
                                          vs_maternity_units *u);
VS_API void vs_maternity_units_destroy(vs_maternity_units *u);

/* Check by simulation on the kernel (vardsim/sim.h): births start by the
 * hourly profile (thinning), each holds an (unlimited) midwife for a drawn
 * attendance time; N(t) is sampled every 5 minutes after a 3-day warm-up. */
typedef struct vs_maternity_sim {
    double days;                   /* simulated days after the warm-up */
    uint64_t births;               /* births started after the warm-up */
    double in_progress_mean;       /* time average of the samples */
    double in_progress_hour[24];   /* mean of the samples in hour h */
    double p_exceed_hour[24];      /* share of samples of hour h with N > c_h */
    double p_exceed_max;           /* max over hours */
    double p_exceed_exact_mean;    /* mean over the same grid of the exact P(N > c_h) */
    double p_exceed_sim_mean;      /* share of all samples with N > c_h */
} vs_maternity_sim;

VS_API vs_status vs_maternity_simulate(vs_ctx *ctx, const vs_maternity_params *p,
                                       const vs_maternity_result *r, uint64_t seed,
                                       double days, vs_maternity_sim *out);

#ifdef __cplusplus
}
#endif
#endif
