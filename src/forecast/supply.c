/*
 * supply.c: the forecast's link to the workforce module (vardsim/workforce.h):
 * GP FTE supplied, agency staff and the budget path of one Monte Carlo run.
 */
#include "forecast/forecast_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"

/* Run one of the three paths with the central values; VS_EINPUT (a figure
 * the region's files and the scenario do not give) marks it missing and
 * keeps the message. */
static vs_status probe(vs_ctx *ctx, vs_status s, int *missing, vsi_buf *why)
{
    if (s != VS_EINPUT)
        return s;
    *missing = 1;
    vsi_buf_printf(why, "%s%s", vsi_buf_len(why) ? "; " : "", vs_ctx_message(ctx));
    vs_ctx_clear(ctx);
    return VS_OK;
}

/* A budget path with no year known (a region without its budget rows and a
 * scenario without budget fields) is named among the missing figures: the
 * primary-care share is then not computed, never taken from another region. */
static vs_status budget_check(vs_ctx *ctx, const vs_workforce_params *wf, const vs_scenario *sc,
                              int base_year, int n_years, vsi_buf *why)
{
    vs_budget_year *bu = malloc((size_t)n_years * sizeof *bu);
    if (!bu)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    vs_status s = vs_budget_project(ctx, wf, sc, base_year, base_year + n_years - 1, NULL, bu);
    int known = 0;
    for (int y = 0; !s && y < n_years; y++)
        known |= !isnan(bu[y].primary_care_share);
    if (!s && !known)
        vsi_buf_printf(why, "%sbudget: no primary-care and total health budget for this region "
                            "(REGION/parameters/budget.csv: pvn_appropriation, hsn_appropriation; "
                            "or policies.budget.primary_care_msek and total_msek in the scenario): "
                            "the primary-care share is not computed",
                       vsi_buf_len(why) ? "; " : "");
    free(bu);
    return s;
}

vs_status vsi_fc_supply_check(vs_ctx *ctx, const vs_workforce_params *wf, const vs_scenario *sc,
                              int base_year, int n_years, vsi_fc_missing *m)
{
    int to = base_year + n_years - 1;
    double *fte = malloc((size_t)n_years * sizeof *fte);
    vs_agency_year *ag = malloc((size_t)n_years * sizeof *ag);
    vsi_buf why = VSI_BUF_INIT;
    memset(m, 0, sizeof *m);
    vs_status s = fte && ag ? VS_OK : vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (!s)
        s = probe(ctx, vs_workforce_project(ctx, wf, sc, VS_PROF_GP, base_year, to, NULL, fte,
                                            NULL),
                  &m->gp, &why);
    if (!s)
        s = probe(ctx, vs_agency_project(ctx, wf, sc, base_year, to, NULL, ag), &m->agency, &why);
    if (!s)
        s = budget_check(ctx, wf, sc, base_year, n_years, &why);
    if (!s && vsi_buf_failed(&why))
        s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (!s)
        snprintf(m->why, sizeof m->why, "%s", vsi_buf_str(&why));
    vsi_buf_free(&why);
    free(fte);
    free(ag);
    return s;
}

vs_status vsi_fc_supply_years(vs_ctx *ctx, const vs_workforce_params *wf, const vs_scenario *sc,
                              const double *u, int base_year, int n_years,
                              const vsi_fc_missing *m, vsi_fc_supply *out)
{
    int to = base_year + n_years - 1;
    double *fte = malloc((size_t)n_years * sizeof *fte);
    vs_agency_year *ag = malloc((size_t)n_years * sizeof *ag);
    vs_budget_year *bu = malloc((size_t)n_years * sizeof *bu);
    vs_status s = fte && ag && bu ? VS_OK : vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    for (int y = 0; !s && y < n_years; y++) {
        fte[y] = NAN;
        ag[y] = (vs_agency_year){.level = NAN, .share = NAN, .cost_sek = NAN,
                                 .capacity_lost_fte = NAN};
    }
    if (!s && !m->gp)
        s = vs_workforce_project(ctx, wf, sc, VS_PROF_GP, base_year, to, u, fte, NULL);
    if (!s && !m->agency)
        s = vs_agency_project(ctx, wf, sc, base_year, to, u, ag);
    if (!s)
        s = vs_budget_project(ctx, wf, sc, base_year, to, u, bu);
    if (!s) {
        double cost = vs_budget_gp_cost_sek(wf, 1.0);
        for (int y = 0; y < n_years; y++)
            out[y] = (vsi_fc_supply){fte[y], ag[y].share, ag[y].cost_sek, ag[y].level,
                                     bu[y].primary_care_share, cost, ag[y].capacity_lost_fte};
    }
    free(fte);
    free(ag);
    free(bu);
    return s;
}
