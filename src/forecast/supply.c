/*
 * supply.c: the forecast's link to the workforce module (vardsim/workforce.h):
 * GP FTE supplied, agency staff and the budget path of one Monte Carlo run.
 */
#include "forecast/forecast_int.h"

#include <math.h>
#include <stdlib.h>

/* Agency staff as a share of the reference year's level: share(y) / s0,
 * s0 the share of the reference year (the base year's when the reference
 * year is before it or after the horizon). */
static void agency_relative(const vs_scenario *sc, const vs_agency_year *a, int base_year,
                            int n_years, vsi_fc_supply *out)
{
    int ref = sc->workforce.agency_reference_year - base_year;
    if (ref < 0 || ref >= n_years)
        ref = 0;
    double s0 = a[ref].share;
    for (int y = 0; y < n_years; y++)
        out[y].agency_vs_reference = s0 > 0 ? a[y].share / s0 : NAN;
}

vs_status vsi_fc_supply_years(vs_ctx *ctx, const vs_workforce_params *wf, const vs_scenario *sc,
                              const double *u, int base_year, int n_years, vsi_fc_supply *out)
{
    int to = base_year + n_years - 1;
    double *fte = malloc((size_t)n_years * sizeof *fte);
    vs_agency_year *ag = malloc((size_t)n_years * sizeof *ag);
    vs_budget_year *bu = malloc((size_t)n_years * sizeof *bu);
    vs_status s = fte && ag && bu ? VS_OK : vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (!s)
        s = vs_workforce_project(ctx, wf, sc, VS_PROF_GP, base_year, to, u, fte, NULL);
    if (!s)
        s = vs_agency_project(ctx, wf, sc, base_year, to, u, ag);
    if (!s)
        s = vs_budget_project(ctx, wf, sc, base_year, to, u, bu);
    if (!s) {
        double cost = vs_budget_gp_cost_sek(wf, 1.0);
        for (int y = 0; y < n_years; y++)
            out[y] = (vsi_fc_supply){fte[y], ag[y].share, ag[y].cost_sek, NAN,
                                     bu[y].primary_care_share, cost, ag[y].capacity_lost_fte};
        agency_relative(sc, ag, base_year, n_years, out);
    }
    free(fte);
    free(ag);
    free(bu);
    return s;
}
