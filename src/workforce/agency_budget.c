/*
 * agency_budget.c: agency staff as a yearly cost line (vs_agency_project)
 * and the budget path (vs_budget_project, vs_budget_gp_cost_sek); formulas
 * in docs/workforce.md.
 *
 * Amounts given by year (staff costs, appropriations, the scenario's budget
 * tables) are read as: the amount of a given year; geometric interpolation
 * between two given years; after the last, growth at the given rate, else at
 * the plan's own average growth (first to last given year, DERIVED); before
 * the first given year, missing (NaN).  A single amount without a year (a
 * scenario number) is the base year's.
 */
#include "workforce/wf_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Average yearly growth from the first to the last given year, or NaN. */
static double plan_growth(const vs_year_path *yp, int base)
{
    if (!yp || yp->n < 2)
        return NAN;
    int y0 = yp->year[0] ? yp->year[0] : base, y1 = yp->year[yp->n - 1];
    double v0 = yp->value[0], v1 = yp->value[yp->n - 1];
    if (y1 <= y0 || !(v0 > 0) || !(v1 > 0))
        return NAN;
    return pow(v1 / v0, 1.0 / (double)(y1 - y0)) - 1.0;
}

/* The amount in `year` (see the header comment); NaN when missing. */
static double amount_at(const vs_year_path *yp, int base, double growth, int year)
{
    if (!yp || !yp->n)
        return NAN;
    for (int i = 0; i < yp->n; i++) {
        int yi = yp->year[i] ? yp->year[i] : base;
        if (year < yi)
            return NAN; /* before the first given year */
        if (year == yi)
            return yp->value[i];
        if (i + 1 < yp->n && year < yp->year[i + 1]) {
            int yj = yp->year[i + 1];
            double t = (double)(year - yi) / (double)(yj - yi);
            return yp->value[i] * pow(yp->value[i + 1] / yp->value[i], t);
        }
    }
    int yl = yp->year[yp->n - 1] ? yp->year[yp->n - 1] : base;
    return yp->value[yp->n - 1] * pow(1.0 + growth, (double)(year - yl));
}

/* Share of the reference year's agency level left in `year`. */
static double agency_level(const vs_scenario *sc, int year)
{
    int ref = sc->workforce.agency_reference_year, stop = sc->workforce.agency_stop_year;
    double r = sc->workforce.agency_reduction_2027;
    if (stop && year >= stop)
        return 0.0;
    if (year <= ref)
        return 1.0;
    if (year >= 2027)
        return 1.0 - r;
    return 1.0 - r * (double)(year - ref) / (double)(2027 - ref);
}

vs_status vs_agency_project(vs_ctx *ctx, const vs_workforce_params *p, const vs_scenario *sc0,
                            int base_year, int to_year, const double *u, vs_agency_year *out)
{
    if (to_year < base_year || to_year - base_year > 200)
        return vs_ctx_fail(ctx, VS_EUSAGE, "agency: years %d-%d are not a period", base_year,
                           to_year);
    vs_scenario *sc = malloc(sizeof *sc);
    if (!sc)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    vs_status st = vs_scenario_draw(ctx, sc0, u, sc);
    double s0 = isnan(sc->workforce.agency_share) ? p->agency.share : sc->workforce.agency_share;
    if (!st && isnan(s0))
        st = vs_ctx_fail(ctx, VS_EINPUT,
                         "%s/parameters/agency.csv: field agency_share: missing (or "
                         "policies.workforce.agency_staff_share in %s)",
                         p->region_dir, sc0->path);
    const vs_year_path *cost = &p->agency.staff_cost_msek;
    double g = plan_growth(cost, base_year), prem = sc->workforce.agency_premium;
    for (int i = 0; !st && i <= to_year - base_year; i++) {
        vs_agency_year *a = &out[i];
        a->level = agency_level(sc, base_year + i);
        a->share = s0 * a->level;
        a->staff_cost_sek = amount_at(cost, base_year, g, base_year + i) * 1e6;
        a->cost_sek = a->share * a->staff_cost_sek;
        a->cut_sek = (s0 - a->share) * a->staff_cost_sek;
        double own = a->cut_sek / (1.0 + prem); /* the same work by employed staff */
        a->replacement_sek = sc->workforce.agency_replaced ? own : 0.0;
        a->capacity_lost_sek = sc->workforce.agency_replaced ? 0.0 : own;
        a->capacity_lost_fte = a->capacity_lost_sek / p->agency.cost_per_fte_sek;
        if (sc->workforce.agency_replaced)
            a->capacity_lost_fte = 0.0;
    }
    free(sc);
    return st;
}

/* The region's total: HSN + PVN in every year both are given. */
static void region_total(const vs_budget_params *b, vs_year_path *t)
{
    memset(t, 0, sizeof *t);
    for (int i = 0; i < b->hsn_msek.n; i++)
        for (int j = 0; j < b->pvn_msek.n; j++)
            if (b->hsn_msek.year[i] == b->pvn_msek.year[j]) {
                t->year[t->n] = b->hsn_msek.year[i];
                t->value[t->n++] = b->hsn_msek.value[i] + b->pvn_msek.value[j];
            }
}

/* One budget line: the scenario's amounts or the region's, and its growth. */
static void budget_line(const vs_year_path *scen, double scen_growth,
                        const vs_year_path *region, int base, int to, double *out_sek)
{
    const vs_year_path *yp = scen->n ? scen : region;
    double g = scen_growth;
    if (isnan(g))
        g = plan_growth(yp, base);
    if (isnan(g))
        g = plan_growth(region, base);
    for (int y = base; y <= to; y++)
        out_sek[y - base] = amount_at(yp, base, g, y) * 1e6;
}

vs_status vs_budget_project(vs_ctx *ctx, const vs_workforce_params *p, const vs_scenario *sc0,
                            int base_year, int to_year, const double *u, vs_budget_year *out)
{
    if (to_year < base_year || to_year - base_year > 200)
        return vs_ctx_fail(ctx, VS_EUSAGE, "budget: years %d-%d are not a period", base_year,
                           to_year);
    int n = to_year - base_year + 1;
    vs_scenario *sc = malloc(sizeof *sc);
    vs_year_path *total = malloc(sizeof *total);
    double *pc = malloc((size_t)n * 2 * sizeof(double));
    vs_status st = (!sc || !total || !pc) ? vs_ctx_fail(ctx, VS_ENOMEM, "out of memory")
                                          : vs_scenario_draw(ctx, sc0, u, sc);
    if (!st) {
        double *tot = pc + n;
        region_total(&p->budget, total);
        budget_line(&sc->budget.primary_care_msek, sc->budget.primary_care_growth,
                    &p->budget.pvn_msek, base_year, to_year, pc);
        budget_line(&sc->budget.total_msek, sc->budget.total_growth, total, base_year, to_year,
                    tot);
        for (int i = 0; i < n; i++) {
            out[i].primary_care_sek = pc[i];
            out[i].total_sek = tot[i];
            out[i].primary_care_share = pc[i] / tot[i];
        }
    }
    free(pc);
    free(total);
    free(sc);
    return st;
}

double vs_budget_gp_cost_sek(const vs_workforce_params *p, double gp_fte)
{
    return gp_fte * p->budget.gp_annual_cost_sek;
}
