/*
 * vardsim/screening.h: vaccination and screening programmes as rule tables by
 * need (seed digest 6 and 15.7; docs/screening.md).
 *
 * A programme is one or more rows of a rule table (eligibility by sex and age,
 * interval, fee).  Per area a of the region and programme p:
 *
 *   eligible      E_ap = sum_rules sum_b P_ab f_r(m, b)
 *                 f_r(m, b) = persons of the rule's sexes and ages in band b /
 *                 persons in band b, in the area's municipality m (the age_sex
 *                 table; the region's totals where m has nobody in b)
 *   invitations   I_ap = sum_rules (interval > 0 ? E_ar / interval : entrants_ar)
 *                 (entrants: the one-year cohort at age_min, for a programme
 *                 offered once)
 *   coverage      c_ap = min(1, c_p x_a / X_p)   (a documented PROXY)
 *                 c_p the published county coverage, x_a a measured vaccination
 *                 coverage of the area (the proxy group of the programme:
 *                 adults 18-64, 65+ or all adults), X_p = sum_a E_ap x_a / sum_a
 *                 E_ap, so that the eligible-weighted mean of c_ap is exactly c_p
 *                 unless the cap at 1 binds (counted in n_capped)
 *   participants  c_ap I_ap per year;  cost = participants x unit cost
 *
 * By CNI decile d (the need model's deciles of population): coverage_d =
 * sum_{a in d} E_ap c_ap / sum_{a in d} E_ap, so sum_d E_d coverage_d =
 * sum_a E_ap c_ap.  An area without a measured x_a takes the eligible-weighted
 * mean of its CNI decile (of the region when the decile has none).
 *
 * Low-coverage areas: the areas with the lowest c_ap (x_a / X_p when c_p is
 * not known), lowest first, until they hold at least 10 % of the eligible
 * residents.
 *
 * Files (errors read "FILE:LINE: field NAME: what is wrong"):
 *   PARAMS/screening_programmes.csv  programme, kind, sex, age_min, age_max,
 *                                    interval_years, fee_sek, unit, proxy_group,
 *                                    year, source, note
 *   PARAMS/screening.csv             parameter,value,unit,year,geography,source,
 *                                    note with coverage.PROGRAMME and
 *                                    unit_cost_sek.PROGRAMME for every programme
 *                                    (empty value: NOT FOUND, to be supplied)
 *   REGION/age_sex.csv               municipality_id, age (0..100, 100 = 100+),
 *                                    sex (female, male), persons
 *   REGION/vaccination_coverage.csv  optional: area_id and, for each proxy group
 *                                    G in all_adults, age_18_64, age_65_plus,
 *                                    G_percent and G_upper_percent (a published
 *                                    interval [percent, upper]; its midpoint is
 *                                    used; upper empty: exact)
 */
#ifndef VARDSIM_SCREENING_H
#define VARDSIM_SCREENING_H

#include "vardsim/core.h"
#include "vardsim/need.h"
#include "vardsim/region.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VS_SCREENING_MAX_PROGRAMMES 32
#define VS_SCREENING_MAX_RULES 64
#define VS_SCREENING_AGES 101 /* single years 0..99 and 100+ */
#define VS_SCREENING_TEXT 1024
#define VS_SCREENING_PATH 1100 /* a region directory (1024) and a file name */
#define VS_SCREENING_LOW_SHARE 0.10 /* low-coverage areas: the lowest 10 % of eligible */

typedef enum vs_screening_sex { VS_SCREENING_ALL = 0, VS_SCREENING_FEMALE, VS_SCREENING_MALE } vs_screening_sex;

/* Groups of the measured coverage used as the proxy of an area's coverage. */
typedef enum vs_screening_proxy {
    VS_PROXY_ALL_ADULTS = 0,
    VS_PROXY_18_64,
    VS_PROXY_65_PLUS,
    VS_PROXY_GROUPS
} vs_screening_proxy;

/* "all_adults", "18-64", "65+" (as in the rule table). */
VS_API const char *vs_screening_proxy_name(int group);

/* One row of the rule table. */
typedef struct vs_screening_rule {
    int programme;          /* index into vs_screening_params.programmes */
    int sex;                /* vs_screening_sex */
    int age_min, age_max;   /* completed years, inclusive; 100 stands for 100+ */
    double interval_years;  /* years between invitations; 0: offered once */
    double fee_sek;         /* patient fee per contact, SEK; NaN: NOT FOUND */
    long line;              /* line in the rule table */
} vs_screening_rule;

typedef struct vs_screening_programme {
    char name[VS_ID_MAX];            /* e.g. "mammography" */
    char kind[16];                   /* "vaccination" or "screening" */
    char unit[32];                   /* what one contact is, e.g. "invitation" */
    int proxy_group;                 /* vs_screening_proxy */
    char source[VS_SCREENING_TEXT];  /* the first rule row's source */
    double coverage;                 /* published county coverage, share; NaN: NOT FOUND */
    int coverage_year;               /* 0 when not given */
    char coverage_source[VS_SCREENING_TEXT];
    double unit_cost_sek;            /* cost per participant, SEK; NaN: NOT FOUND */
    char cost_source[VS_SCREENING_TEXT];
} vs_screening_programme;

typedef struct vs_screening_params {
    int n_programmes;
    vs_screening_programme programmes[VS_SCREENING_MAX_PROGRAMMES];
    int n_rules;
    vs_screening_rule rules[VS_SCREENING_MAX_RULES];
    char rules_path[VS_SCREENING_TEXT];
    char params_path[VS_SCREENING_TEXT];
} vs_screening_params;

/* Read screening_programmes.csv and screening.csv from `dir`.  Errors:
 * VS_EIO, VS_EINPUT (naming file, line and field), VS_ENOMEM. */
VS_API vs_status vs_screening_params_load(vs_ctx *ctx, const char *dir,
                                          vs_screening_params **out);
VS_API void vs_screening_params_destroy(vs_screening_params *params);

/* The region's inputs: persons by municipality, sex and single year of age,
 * and the measured coverage per area (percent midpoints; NaN when absent). */
typedef struct vs_screening_data {
    int n_municipalities;               /* = region->n_municipalities */
    double (*persons)[2][VS_SCREENING_AGES]; /* [municipality][0 female, 1 male][age] */
    int n_areas;                        /* = region->n_areas */
    int has_proxy;                      /* 1 if vaccination_coverage.csv was read */
    double (*proxy)[VS_PROXY_GROUPS];   /* [area][group] percent, NaN = not measured */
    char age_sex_path[VS_SCREENING_PATH];
    char proxy_path[VS_SCREENING_PATH];
} vs_screening_data;

/* Read REGION/age_sex.csv (required: every municipality of the region with
 * every age and both sexes, exactly once) and REGION/vaccination_coverage.csv
 * (optional; ids must be areas of the region). */
VS_API vs_status vs_screening_data_load(vs_ctx *ctx, const vs_region *region,
                                        vs_screening_data **out);
VS_API void vs_screening_data_destroy(vs_screening_data *data);

typedef struct vs_screening_result_programme {
    double eligible;               /* residents eligible now (sum of E_ap) */
    double invitations_per_year;   /* invitations or offers a year */
    double participants_per_year;  /* expected participants a year (NaN: no coverage) */
    double cost_sek;               /* a year (NaN: coverage or unit cost NOT FOUND) */
    double coverage;               /* the published county figure (NaN: NOT FOUND) */
    double coverage_model;         /* eligible-weighted mean of c_ap (= coverage unless capped) */
    double eligible_by_cni_decile[10];
    double coverage_by_cni_decile[10];  /* NaN: no coverage, or nobody eligible */
    double gradient_by_cni_decile[10];  /* sum E x / X / sum E: 1 = the region's level */
    int n_capped;                  /* areas where c_p x_a / X_p exceeded 1 */
    int n_low;                     /* low-coverage areas, lowest first */
    int *low;                      /* area indices */
    double low_eligible;           /* eligible residents of those areas */
    double *area_eligible;         /* per area */
    double *area_invitations;      /* per area, a year */
    double *area_ratio;            /* x_a / X_p (1 when no proxy data) */
    double *area_coverage;         /* c_ap (NaN: no coverage) */
    double *area_participants;     /* c_ap x invitations, a year (NaN: no coverage) */
    double *area_cost_sek;         /* participants x unit cost, a year (NaN: not found) */
    double *municipality_eligible; /* per municipality of the region */
    double *municipality_coverage; /* eligible-weighted mean of c_ap (NaN: none) */
} vs_screening_result_programme;

typedef struct vs_screening_result {
    int n_programmes;
    int n_areas;
    vs_screening_result_programme *programmes;
    int has_proxy;                 /* 0: no measured coverage, gradients all 1 */
    int proxy_missing[VS_PROXY_GROUPS]; /* areas without a measured value */
} vs_screening_result;

/* Eligible, invitations, participants, cost, coverage per area and by CNI
 * decile (need->areas[a].decile) for every programme. */
VS_API vs_status vs_screening_compute(vs_ctx *ctx, const vs_region *region,
                                      const vs_need_result *need,
                                      const vs_screening_params *params,
                                      const vs_screening_data *data,
                                      vs_screening_result **out);
VS_API void vs_screening_result_destroy(vs_screening_result *result);

/* Persons of municipality m (index) eligible under one rule in age band b:
 * sum over the rule's ages in the band and sexes (the exact count when the
 * band lies inside the rule), as a share of the band; region totals when m
 * has nobody in the band; 0 when the region has nobody either. */
VS_API double vs_screening_band_share(const vs_screening_data *data, int m, int sex,
                                      int age_min, int age_max, int band);

#ifdef __cplusplus
}
#endif
#endif
