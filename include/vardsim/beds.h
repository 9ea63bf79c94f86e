/*
 * vardsim/beds.h: the bed plan (vårdplatsplan): staffed beds needed per
 * hospital for an occupancy target and an overflow (utlokalisering) target,
 * the shortage against today's staffed beds, and the effect of closed beds,
 * of moving bed-days to hospital-at-home (ASIH), of pooling wards and of a
 * weekly or seasonal peak.
 *
 * Demand is a list of wards (hospital, specialty) with admissions per year
 * and mean length of stay, either read from a CSV file or derived from cited
 * national figures (vs_beds_demand_derive).  Each ward is an Erlang loss
 * system: offered load A = admissions_per_year x mean_los_days / 365
 * (erlangs = mean number of occupied beds if every patient got a bed on the
 * ward); a patient who finds the ward full overflows (is placed on another
 * ward or in a corridor).  Erlang B is insensitive to the distribution of
 * the length of stay: only its mean matters.  Method and sources: docs/beds.md.
 */
#ifndef VARDSIM_BEDS_H
#define VARDSIM_BEDS_H

#include "vardsim/core.h"
#include "vardsim/region.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Parameters of a bed plan.  vs_beds_params_load fills every field from the
 * cited parameter files; callers may then override any of them. */
typedef struct vs_beds_params {
    double occupancy_target;      /* max bed-days / (beds x 365) (0, 1]; seed target 0.90 */
    double overflow_target;       /* max Erlang B overflow probability (0, 1) */
    double closure_share;         /* share of beds closed for lack of staff [0, 1) */
    double asih_shift;            /* share of hospital bed-days moved to ASIH [0, 1) */
    double peak_amplitude;        /* relative amplitude of a sinusoidal admission rate
                                     [0, 1]; NaN = no peak analysis (user parameter) */
    double peak_period_days;      /* period of that cycle in days (7 weekly, 365 seasonal) */
    /* inputs of the derived default demand and of asih_shift */
    double admissions_per_1000;   /* vårdtillfällen per 1,000 inhabitants per year */
    double acute_share;           /* share of vårdtillfällen at the acute hospitals */
    double mean_los_days;         /* mean length of stay, days */
    double asih_share_before;     /* ASIH share of the region's places, 2016 */
    double asih_share_after;      /* ASIH share of the region's places, recent */
} vs_beds_params;

/* Read the parameters from `param_dir` (the project's data/parameters:
 * hospital_beds.csv and inpatient_care.csv, columns
 * parameter,value,unit,year,geography,source,note).  Derived values:
 *   acute_share = acute / (acute + other) vårdtillfällen, November 2017;
 *   asih_shift  = 1 - (1 - asih_share_after) / (1 - asih_share_before).
 * peak_amplitude is NaN and peak_period_days 7.  Errors: VS_EIO, VS_EINPUT
 * (missing or duplicated parameter, value out of range). */
VS_API vs_status vs_beds_params_load(vs_ctx *ctx, const char *param_dir, vs_beds_params *out);

/* Share of hospital bed-days moved to hospital-at-home (ASIH) when `share` of
 * the region's care places are ASIH places, against `share_before` in the
 * reference year (2016), at a constant total of care places:
 *     shift = 1 - (1 - share) / (1 - share_before)   if share > share_before,
 *     shift = 0                                      otherwise
 * (an equal or falling share moves nothing).  Domain: share in [0, 1],
 * share_before in [0, 1); outside it (or NaN) the result is NaN, which
 * vs_beds_params_check and vs_flow_params_check refuse.  The bed plan
 * (vs_beds_params.asih_shift) and the simulation (vs_flow_params.asih_share,
 * applied to admissions) use the same shift. */
VS_API double vs_beds_asih_shift(double share, double share_before);

/* Check that every field of `p` is in range (VS_EUSAGE naming the field). */
VS_API vs_status vs_beds_params_check(vs_ctx *ctx, const vs_beds_params *p);

/* One ward: a hospital's bed pool for one specialty. */
typedef struct vs_beds_ward {
    int hospital;                 /* index into vs_region.hospitals */
    char specialty[VS_ID_MAX];    /* e.g. "medicine"; "all" for the derived default */
    double admissions_per_year;   /* vårdtillfällen per year */
    double mean_los_days;         /* mean length of stay, days */
} vs_beds_ward;

typedef struct vs_beds_demand {
    int n_wards;
    vs_beds_ward *wards;
    int derived;                  /* 1 when made by vs_beds_demand_derive */
    char source[1024];            /* file it was read from, or "derived" */
} vs_beds_demand;

/* Read a demand CSV with columns hospital_id,specialty,admissions_per_year,
 * mean_los_days (other columns ignored).  Unknown hospital ids, duplicate
 * (hospital, specialty) pairs, negative admissions and non-positive lengths
 * of stay are input errors "FILE:LINE: field NAME: ...". */
VS_API vs_status vs_beds_demand_load(vs_ctx *ctx, const char *path, const vs_region *region,
                                     vs_beds_demand **out);

/* The documented default: admissions = admissions_per_1000 / 1000 x region
 * population x acute_share, spread over the hospitals in proportion to their
 * staffed beds, one ward "all" per hospital, mean_los_days each.  Errors:
 * VS_EINPUT when the region has no hospitals or no staffed beds. */
VS_API vs_status vs_beds_demand_derive(vs_ctx *ctx, const vs_region *region,
                                       const vs_beds_params *params, vs_beds_demand **out);

/* Free a demand; NULL is allowed. */
VS_API void vs_beds_demand_destroy(vs_beds_demand *demand);

/* The plan of one hospital (or of the region total, see vs_bed_plan.total).
 * Bed counts are sums over the hospital's wards, each ward dimensioned on its
 * own (no pooling) unless the field says "pooled". */
typedef struct vs_bed_plan_row {
    char hospital_id[VS_ID_MAX];  /* "total" for the region */
    char name[VS_NAME_MAX];
    int n_wards;
    int64_t beds_planned;         /* fastställda vårdplatser */
    int64_t beds_staffed;         /* disponibla vårdplatser today */
    double admissions_per_year;
    double bed_days_per_year;
    double offered_load;          /* erlangs = bed_days_per_year / 365 */
    double occupancy_today;       /* offered_load / beds_staffed; +inf without beds */
    double overflow_today;        /* Erlang B at beds_staffed (hospital as one pool) */
    double overflow_admissions_today; /* admissions_per_year x overflow_today */
    int64_t beds_for_occupancy;   /* (a) sum over wards of least c with A/c <= target */
    int64_t beds_for_overflow;    /* (b) sum over wards of least c with B(c, A) <= target */
    int64_t beds_for_overflow_pooled; /* (b) for all wards merged into one pool */
    int64_t pooling_gain;         /* beds_for_overflow - beds_for_overflow_pooled */
    int64_t beds_needed;          /* sum over wards of max((a), (b)) */
    int64_t shortage;             /* beds_needed - beds_staffed (negative: surplus) */
    double occupancy_at_needed;   /* offered_load / beds_needed */
    double overflow_at_needed;    /* Erlang B at beds_needed (hospital as one pool; 0
                                     without load); region: offered-load-weighted mean
                                     over the hospitals (0 without load) */
    /* closure of closure_share of today's staffed beds */
    int64_t beds_after_closure;   /* beds_staffed - round(closure_share x beds_staffed) */
    double occupancy_after_closure;  /* offered_load / beds_after_closure */
    double overflow_after_closure;   /* Erlang B at beds_after_closure */
    int64_t planned_needed;       /* ceil(beds_needed / (1 - closure_share)): fastställda
                                     beds needed so that beds_needed stay open */
    /* ASIH: asih_shift of the bed-days move to hospital-at-home */
    double offered_load_asih;     /* offered_load x (1 - asih_shift) */
    int64_t beds_needed_asih;     /* beds_needed with that load */
    int64_t shortage_asih;        /* beds_needed_asih - beds_staffed */
    /* peak (only when peak_amplitude is given; else peak_load is NaN and
     * beds_needed_peak -1) */
    double peak_load;             /* modified offered load at the peak of the cycle */
    int64_t beds_needed_peak;     /* beds_needed for the peak load */
    int64_t shortage_peak;        /* beds_needed_peak - beds_staffed */
} vs_bed_plan_row;

typedef struct vs_bed_plan {
    vs_beds_params params;        /* the parameters used */
    int n_hospitals;
    vs_bed_plan_row *hospitals;   /* one per region hospital, in region order */
    vs_bed_plan_row total;        /* sums over hospitals; occupancies are ratios of the
                                     sums; overflow_today and overflow_after_closure are
                                     admission-weighted means over the hospitals (each
                                     its own pool) */
    int64_t region_beds_for_overflow_pooled; /* (b) for all hospitals as one pool */
    int64_t region_pooling_gain;  /* sum of hospitals' beds_for_overflow - the above */
} vs_bed_plan;

/* Compute the plan.  Every hospital of the region gets a row (zero load when
 * the demand has no ward for it).  Errors: VS_EUSAGE (parameters out of
 * range), VS_EINFEASIBLE, VS_ENOMEM. */
VS_API vs_status vs_beds_plan(vs_ctx *ctx, const vs_region *region, const vs_beds_demand *demand,
                              const vs_beds_params *params, vs_bed_plan **out);

/* Free a plan; NULL is allowed. */
VS_API void vs_beds_plan_destroy(vs_bed_plan *plan);

/* Beds one ward (or hospital as one pool) with offered load `load` needs:
 * the larger of (a) the least c with load / c <= occupancy_target and (b) the
 * least c with Erlang B(c, load) <= overflow_target (0 for no load), as in
 * vs_beds_plan.  Errors: VS_EUSAGE. */
VS_API vs_status vs_beds_ward_need(vs_ctx *ctx, double load, const vs_beds_params *p,
                                   int64_t *need);

/* Modified offered load at the peak of a sinusoidal admission rate
 * lambda(t) = lambda (1 + amplitude sin(2 pi t / period)) with exponential
 * length of stay of mean los: the exact mean of the M_t/M/infinity
 * occupancy, whose peak is A (1 + amplitude / sqrt(1 + (2 pi los / period)^2)). */
VS_API vs_status vs_beds_peak_load(vs_ctx *ctx, double load, double amplitude, double los_days,
                                   double period_days, double *peak);

#ifdef __cplusplus
}
#endif
#endif
