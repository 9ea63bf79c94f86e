/*
 * forecast_int.h: internals of the forecast module shared by its files.
 * Internal to libvardsim.
 */
#ifndef VSI_FORECAST_INT_H
#define VSI_FORECAST_INT_H

#include "vardsim/beds.h"
#include "vardsim/forecast.h"
#include "vardsim/listing.h"
#include "vardsim/need.h"
#include "vardsim/run.h"
#include "vardsim/workforce.h"

struct vs_forecast_models {
    char *data_dir, *param_dir;
    vs_need_params *np;
    vs_need_reference *ref;
    vs_beds_params bp;
    vs_listing_costs costs;
    vs_pop_params pop;
    vs_run_targets *targets;
};

/* Workforce and budget figures of one year (supply.c). */
typedef struct vsi_fc_supply {
    double gp_fte;              /* GP specialist FTE supplied */
    double agency_share;        /* agency share of personnel costs */
    double agency_cost_sek;     /* agency cost, SEK per year */
    double agency_vs_reference; /* agency staff / the reference year's */
    double primary_care_share;  /* primary-care budget / total */
    double cost_per_gp_fte;     /* employer cost of one GP FTE, SEK per year */
    double agency_capacity_lost_fte; /* FTE lost when the agency cut is not replaced */
} vsi_fc_supply;

/* Which paths the region's files and the scenario cannot give (their
 * figures are NaN in every run), and why. */
typedef struct vsi_fc_missing {
    int gp, agency;
    char why[2048];
} vsi_fc_missing;

/* Run the GP and agency paths once with the central values and mark those
 * that lack a figure (VS_EINPUT of the workforce module). */
vs_status vsi_fc_supply_check(vs_ctx *ctx, const vs_workforce_params *wf, const vs_scenario *sc,
                              int base_year, int n_years, vsi_fc_missing *m);

/* The figures of years base_year .. base_year + n_years - 1 for scenario sc
 * with its ranges at u (NULL: midpoints) into out[0 .. n_years), from the
 * workforce module (vardsim/workforce.h); NaN for the missing paths. */
vs_status vsi_fc_supply_years(vs_ctx *ctx, const vs_workforce_params *wf, const vs_scenario *sc,
                              const double *u, int base_year, int n_years,
                              const vsi_fc_missing *m, vsi_fc_supply *out);

/* The population inputs of the scenario: scale factors and the user's
 * projection file ("" = none). */
void vsi_fc_pop_scale(const vs_scenario *sc, vs_pop_scale *k);
const char *vsi_fc_projection_path(const vs_scenario *sc);

#endif
