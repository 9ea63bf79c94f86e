/*
 * vardsim/stockpile.h: protective stock for three months of use (seed
 * digest §7; docs/stockpile.md).
 *
 * Use of item i per day:
 *
 *     u_i = (r_i,bed_day V_bed_days + r_i,visit V_visits + r_i,ed V_ed
 *            + r_i,resident P) / 365
 *
 * r = use per unit of activity (data/parameters/stockpile.csv; empty = NOT
 * FOUND), V = the need model's yearly volumes (vardsim/need.h: bed-days,
 * primary-care doctor visits, emergency-department visits), P = residents
 * (r_i,resident is use per resident and year, for figures published only
 * as totals).  A term whose
 * rate or volume is not available leaves u_i unknown (NaN) unless every
 * rate of the item is given.  Stock S_i comes from the user (a CSV item,stock;
 * NaN when not given).  days_of_supply_i = S_i / u_i, met when >= target_days.
 *
 * Import-stop scenario: for D days nothing arrives and use is multiplied by
 * the item's surge factor g_i (scenario surge overrides it when given):
 * the stock lasts S_i / (g_i u_i) days; short_i = max(0, g_i u_i D - S_i);
 * stock needed for the target = target_days u_i and for the scenario
 * g_i u_i D.
 */
#ifndef VARDSIM_STOCKPILE_H
#define VARDSIM_STOCKPILE_H

#include "vardsim/core.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VS_STOCK_MAX_ITEMS 16
#define VS_STOCK_NAME_MAX 32

/* Drivers of use: yearly bed-days, doctor visits, ED visits, and residents
 * (a rate per resident and year). */
enum { VS_STOCK_BED_DAY = 0, VS_STOCK_VISIT, VS_STOCK_ED_VISIT, VS_STOCK_RESIDENT, VS_STOCK_DRIVERS };

/* Parameters.  NaN = NOT FOUND (an empty value). */
typedef struct vs_stockpile_params {
    double target_days;                 /* 90: three months (seed 000:82-84) */
    double import_stop_days;            /* scenario default D */
    int n_items;
    char item[VS_STOCK_MAX_ITEMS][VS_STOCK_NAME_MAX];
    double rate[VS_STOCK_MAX_ITEMS][VS_STOCK_DRIVERS]; /* pieces per unit of activity */
    double surge[VS_STOCK_MAX_ITEMS];   /* use multiplier in a surge; NaN = NOT FOUND (1) */
    char path[1024];
} vs_stockpile_params;

/* Read dir/stockpile.csv: target_days, import_stop_days, the list of items
 * (rows item_<name>, value 1) and for each item use_per_bed_day_<name>,
 * use_per_visit_<name>, use_per_ed_visit_<name>,
 * use_per_resident_year_<name>, surge_factor_<name>.
 * Errors name file, line and field. */
VS_API vs_status vs_stockpile_params_load(vs_ctx *ctx, const char *dir,
                                          vs_stockpile_params **out);
VS_API void vs_stockpile_params_destroy(vs_stockpile_params *p);

/* Stock on hand: CSV with columns item,stock (pieces).  Unknown items,
 * duplicates and negative stock are input errors (FILE:LINE: field NAME).
 * stock[i] is NaN for an item the file does not list. */
VS_API vs_status vs_stockpile_stock_load(vs_ctx *ctx, const char *path,
                                         const vs_stockpile_params *p, double *stock);

typedef struct vs_stockpile_item {
    char item[VS_STOCK_NAME_MAX]; /* name */
    double use_per_day;        /* NaN when a rate is NOT FOUND */
    double stock;              /* NaN when not given */
    double days_of_supply;     /* stock / use; NaN when either is unknown */
    int met;                   /* 1 met, 0 not met, -1 unknown */
    double stock_needed;       /* target_days x use */
    double surge_factor;       /* used in the scenario */
    double scenario_days_lasting; /* stock / (surge x use) */
    double scenario_need;      /* surge x use x D */
    double scenario_short;     /* max(0, need - stock); NaN if unknown */
} vs_stockpile_item;

typedef struct vs_stockpile_result {
    double target_days;
    double import_stop_days;
    double volume[VS_STOCK_DRIVERS]; /* yearly volumes used (NaN = not available) */
    int n_items;
    vs_stockpile_item items[VS_STOCK_MAX_ITEMS];
    int n_unknown_use;     /* items whose use is NOT FOUND */
    int n_unknown_stock;   /* items without stock */
    double min_days_of_supply; /* over items with both known; NaN if none */
    int n_met, n_known;    /* items meeting the target, of those known */
} vs_stockpile_result;

/* Days of supply and the import-stop scenario.  volume[] per year (NaN for
 * a volume not available), stock[] per item (NaN = not given),
 * import_stop_days < 0: the parameter file's; surge < 0: each item's factor. */
VS_API vs_status vs_stockpile_compute(vs_ctx *ctx, const vs_stockpile_params *p,
                                      const double *volume, const double *stock,
                                      double import_stop_days, double surge,
                                      vs_stockpile_result *out);

#ifdef __cplusplus
}
#endif
#endif
