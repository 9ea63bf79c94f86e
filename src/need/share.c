/*
 * share.c: primary care's share of the health budget and the growth needed
 * to reach the target (25 % by 2030 in the Region Stockholm proposal).
 *
 * share s = PVN / (HSN + PVN) in the base year (the seeds do not define the
 * denominator; this is the digest's derived measure).  With the total T =
 * HSN + PVN growing by g a year for n = target_year - base_year years,
 *     PVN_target = s* T (1 + g)^n
 *     r = (PVN_target / PVN)^(1/n) - 1        yearly PVN growth needed
 *     h = ((1 - s*) T (1 + g)^n / HSN)^(1/n) - 1   yearly HSN growth left
 * g, when not given, is the plan's own: (T_last / T_base)^(1/(last-base)) - 1.
 */
#include "vardsim/need.h"

#include <math.h>
#include <string.h>

vs_status vs_need_pc_share(vs_ctx *ctx, const vs_need_params *p, int base_year,
                           double total_growth, vs_pc_share *out)
{
    memset(out, 0, sizeof *out);
    int bi = -1, li = -1;
    for (int i = 0; i < p->n_budget_years; i++) {
        if (isnan(p->budget_hsn_msek[i]) || isnan(p->budget_pvn_msek[i]))
            continue;
        int y = p->budget_year[i];
        if (base_year ? y == base_year : (bi < 0 || y < p->budget_year[bi]))
            bi = i;
        if (li < 0 || y > p->budget_year[li])
            li = i;
    }
    if (bi < 0 && base_year)
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "%s has no hsn_appropriation and pvn_appropriation rows for year %d",
                           p->budget_path[0] ? p->budget_path : "the region's budget.csv",
                           base_year);
    if (bi < 0)
        return vs_ctx_fail(ctx, VS_EINPUT,
                           "%s: field hsn_appropriation: missing (the region's budget figures "
                           "are not given; another region's are never used)",
                           p->budget_path[0] ? p->budget_path : "REGION/parameters/budget.csv");
    out->base_year = p->budget_year[bi];
    out->hsn_msek = p->budget_hsn_msek[bi];
    out->pvn_msek = p->budget_pvn_msek[bi];
    double T = out->hsn_msek + out->pvn_msek;
    out->share = out->pvn_msek / T;
    out->target = p->share_target;
    out->target_year = p->share_target_year;
    out->gap_pp = 100.0 * (out->target - out->share);
    int n = out->target_year - out->base_year;
    if (n <= 0)
        return vs_ctx_fail(ctx, VS_EUSAGE, "base year %d is not before the target year %d",
                           out->base_year, out->target_year);
    if (isnan(total_growth)) {
        int last = p->budget_year[li];
        if (last <= out->base_year)
            return vs_ctx_fail(ctx, VS_EUSAGE,
                               "no budget year after %d to derive the growth of the health "
                               "budget; give the growth explicitly",
                               out->base_year);
        double TL = p->budget_hsn_msek[li] + p->budget_pvn_msek[li];
        total_growth = pow(TL / T, 1.0 / (double)(last - out->base_year)) - 1.0;
        out->total_growth_derived = 1;
    }
    if (!(total_growth > -1 && total_growth < 10))
        return vs_ctx_fail(ctx, VS_EUSAGE, "growth %g of the health budget is out of range",
                           total_growth);
    out->total_growth = total_growth;
    double Tn = T * pow(1.0 + total_growth, (double)n);
    out->pvn_target_msek = out->target * Tn;
    out->pvn_growth_required = pow(out->pvn_target_msek / out->pvn_msek, 1.0 / n) - 1.0;
    out->hsn_growth_implied = pow((1.0 - out->target) * Tn / out->hsn_msek, 1.0 / n) - 1.0;
    out->share_pp_per_year = out->gap_pp / n;
    return VS_OK;
}
