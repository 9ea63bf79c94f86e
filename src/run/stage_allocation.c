/*
 * stage_allocation.c: the "allocation" stage: the husläkaruppdrag budget
 * split over the areas by vs_need_allocate with the scenario's CNI share and
 * CNI support, compared with an equal and a visit-based split by CNI decile,
 * and the primary-care share of the health budget (vs_need_pc_share).
 */
#include "run/stage.h"

#include <math.h>
#include <stdlib.h>

/* The area vectors vs_need_allocate takes, from the region and the need result. */
typedef struct alloc_in {
    double *pop, *aw, *cni, *dist, *visits;
    int has_dist;
} alloc_in;

static void alloc_in_free(alloc_in *in)
{
    free(in->pop);
    free(in->aw);
    free(in->cni);
    free(in->dist);
    free(in->visits);
}

static vs_status alloc_in_fill(vs_ctx *ctx, const vs_region *rg, const vs_need_result *r,
                               alloc_in *in)
{
    size_t n = (size_t)rg->n_areas + 1;
    *in = (alloc_in){calloc(n, sizeof(double)), calloc(n, sizeof(double)),
                     calloc(n, sizeof(double)), calloc(n, sizeof(double)),
                     calloc(n, sizeof(double)), 1};
    if (!in->pop || !in->aw || !in->cni || !in->dist || !in->visits)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    int doctor = r->service_available[VS_SERVICE_DOCTOR];
    for (int a = 0; a < rg->n_areas; a++) {
        const vs_area *ra = &rg->areas[a];
        const vs_municipality *mu = &rg->municipalities[ra->municipality];
        const vs_need_area *na = &r->areas[a];
        in->pop[a] = (double)ra->population;
        in->cni[a] = isnan(na->cni) ? 0.0 : na->cni; /* NaN only for empty areas */
        in->aw[a] = doctor ? na->age_expected[VS_SERVICE_DOCTOR] : in->pop[a];
        in->visits[a] = doctor ? na->expected[VS_SERVICE_DOCTOR] : 0;
        if (isnan(mu->lat) || isnan(mu->lon))
            in->has_dist = 0;
        else
            in->dist[a] = vs_distance_km(ra->lat, ra->lon, mu->lat, mu->lon);
    }
    return VS_OK;
}

/* The allocation parameters: the scenario's, else allocation.csv's. */
static vs_status alloc_params(vsi_step *x, vs_alloc_params *ap)
{
    const vs_scenario *sc = x->sc;
    const vs_need_params *p = x->m->np;
    vs_alloc_params req = {sc->allocation.cni_share,
                           sc->allocation.cni_support ? sc->allocation.cni_support_share : 0.0,
                           sc->allocation.distance_share, sc->allocation.cni_support_threshold};
    vs_need_alloc_params_resolve(p, &req, ap);
    double sum = ap->cni_share + ap->distance_share + ap->supplement_share;
    if (sum > 1 + 1e-12)
        return vs_ctx_fail(x->ctx, VS_EINPUT,
                           "%s: field policies.allocation: the CNI, distance and support shares "
                           "add up to %g (> 1) with the defaults of %s/allocation.csv",
                           sc->path, sum, x->m->param_dir);
    return VS_OK;
}

/* Per CNI decile: SEK per resident of the three splits; per area: the
 * needs-based allocation.  Returns the decile 10 / decile 1 ratio. */
static double alloc_results(vsi_step *x, const alloc_in *in, const vs_alloc_result *al)
{
    const vs_need_result *r = x->m->need;
    double dpop[10] = {0}, dsek[3][10] = {{0}};
    for (int a = 0; a < x->rg->n_areas; a++) {
        int k = r->areas[a].decile - 1;
        if (k < 0 || k > 9)
            continue;
        dpop[k] += in->pop[a];
        dsek[0][k] += (double)al->allocation_sek[a];
        dsek[1][k] += (double)al->equal_per_capita_sek[a];
        if (al->visit_based_sek)
            dsek[2][k] += (double)al->visit_based_sek[a];
    }
    static const char *const models[3] = {"needs-based (scenario)", "equal per resident",
                                          "by expected doctor visits"};
    for (int k = 0; k < 10; k++)
        for (int j = 0; j < 3; j++)
            if (j < 2 || al->visit_based_sek)
                vsi_series(x, "allocation_deciles", models[j], k, vsi_decile_labels[k],
                           dpop[k] > 0 ? dsek[j][k] / dpop[k] : NAN);
    for (int a = 0; a < x->rg->n_areas; a++) {
        const char *id = x->rg->areas[a].area_id;
        double sek = (double)al->allocation_sek[a];
        vsi_unit(x, VS_STORE_AREA, id, "allocation_sek", sek);
        vsi_unit(x, VS_STORE_AREA, id, "allocation_sek_per_resident",
                 in->pop[a] > 0 ? sek / in->pop[a] : NAN);
    }
    return dpop[0] > 0 && dpop[9] > 0 && dsek[0][0] > 0
               ? (dsek[0][9] / dpop[9]) / (dsek[0][0] / dpop[0])
               : NAN;
}

static void alloc_metrics(vsi_step *x, const vs_alloc_result *al, double ratio, const char *src)
{
    static const char *const part_metric[VS_ALLOC_PARTS] = {
        "allocation_capitation_sek", "allocation_cni_sek", "allocation_support_sek",
        "allocation_distance_sek"};
    vsi_metric(x, "allocation_budget_sek", (double)al->total_sek, "SEK", src);
    for (int c = 0; c < VS_ALLOC_PARTS; c++)
        vsi_metric(x, part_metric[c], al->part_total_sek[c], "SEK", src);
    vsi_metric(x, "allocation_concentration_index", al->ci_allocation,
               "concentration index (0 = none, > 0 towards high CNI)", src);
    vsi_metric(x, "allocation_decile10_to_decile1", ratio, "ratio of SEK per resident", src);
    vs_chart_def charts[] = {
        {"allocation_deciles", 120, "bar",
         "Primary-care budget per resident by CNI decile: needs-based model and two comparisons",
         "CNI decile (1 = lowest need)", "SEK per resident and year", NULL, src},
        {"allocation_map", 125, "map", "Needs-based primary-care budget per resident, by area", "",
         "SEK per resident and year", "allocation_sek_per_resident", src},
    };
    vsi_charts(x, charts, sizeof charts / sizeof charts[0]);
}

/* The primary-care share of the health budget: scorecard row and metrics. */
static void pc_share(vsi_step *x)
{
    const vs_need_params *p = x->m->np;
    vs_pc_share ps;
    if (!x->status && p->n_budget_years == 0) {
        vsi_note(x, "allocation",
                 "%s: field hsn_appropriation: missing.  The primary-care share of the health "
                 "budget needs the region's own appropriations; another region's are never "
                 "used.",
                 p->budget_path);
        return;
    }
    if (x->status || (x->status = vs_need_pc_share(x->ctx, p, 0, NAN, &ps)))
        return;
    int last = -1;
    for (int i = 0; i < p->n_budget_years; i++)
        if (!isnan(p->budget_hsn_msek[i]) && !isnan(p->budget_pvn_msek[i])
            && (last < 0 || p->budget_year[i] > p->budget_year[last]))
            last = i;
    double share_last =
        last < 0 ? NAN
                 : p->budget_pvn_msek[last] / (p->budget_hsn_msek[last] + p->budget_pvn_msek[last]);
    const vsi_target_def *t = vsi_target(x, "primary_care_share_2030");
    const char *vsrc = vsi_fmt(x,
                               "PVN / (HSN + PVN) appropriations of the budget plan, "
                               "%s (the documents do not define the denominator); the "
                               "scenario file has no budget field, so every scenario shows the "
                               "same value",
                               p->budget_path);
    const char *ssrc = vsi_fmt(x, "target: %s; value: %s", t->source, vsrc);
    const char *label = vsi_fmt(x,
                                "Primary-care share of the health budget in %d, the last budget "
                                "plan year (target by %d)",
                                last >= 0 ? p->budget_year[last] : 0, ps.target_year);
    vsi_score(x, 30, t->id, label, t, share_last, vsrc);
    vsi_metric(x, "primary_care_share_base", ps.share, "share", ssrc);
    vsi_metric(x, "primary_care_share_last_plan_year", share_last, "share", ssrc);
    vsi_metric(x, "pvn_growth_required_per_year", ps.pvn_growth_required, "share per year",
               "DERIVED: yearly growth of the PVN appropriation that reaches the "
               "25 % share in the target year with HSN + PVN growing as in the "
               "budget plan (vs_need_pc_share, docs/need.md)");
}

/* Notes on CNI support that is on without a size, or that no area reaches. */
static void alloc_notes(vsi_step *x, const vs_alloc_params *ap, const vs_alloc_result *al)
{
    const vs_scenario *sc = x->sc;
    if (sc->allocation.cni_support && isnan(sc->allocation.cni_support_share)
        && isnan(x->m->np->alloc_supplement_share))
        vsi_note(x, "allocation",
                 "CNI support above %.3g is switched on, but neither the scenario "
                 "(policies.allocation.cni_support_share) nor %s/allocation.csv gives its size "
                 "(the documents give none, 004:1325-1327): the support part is 0 SEK.",
                 ap->threshold, x->m->param_dir);
    if (al->part_total_sek[VS_ALLOC_SUPPLEMENT] == 0 && ap->supplement_share > 0)
        vsi_note(x, "allocation", "%s",
                 "No area is above the CNI support threshold: the support share went to "
                 "capitation.");
}

/* Resolve the parameters, fill the area vectors and allocate the budget. */
static vs_status alloc_compute(vsi_step *x, vs_alloc_params *ap, alloc_in *in,
                               vs_alloc_result **al)
{
    const vs_need_params *p = x->m->np;
    vs_status s = alloc_params(x, ap);
    if (s || (s = alloc_in_fill(x->ctx, x->rg, x->m->need, in)))
        return s;
    if (!in->has_dist && ap->distance_share > 0)
        return vs_ctx_fail(x->ctx, VS_EINPUT,
                           "%s: field policies.allocation.distance_share: the region has no "
                           "municipal centres (municipalities.csv lat, lon) to measure distance",
                           x->sc->path);
    vs_alloc_units u = {x->rg->n_areas, in->pop,       in->aw,
                        in->cni,        in->has_dist ? in->dist : NULL,
                        x->m->need->service_available[VS_SERVICE_DOCTOR] ? in->visits : NULL};
    return vs_need_allocate(x->ctx, &u, ap, (int64_t)llround(p->huslakaruppdrag_msek * 1e6), al);
}

/* The region's own budget (REGION/parameters/budget.csv); 1 when it has the
 * husläkaruppdrag to allocate, else a note says what is missing. */
static int region_budget(vsi_step *x)
{
    vs_need_params *p = x->m->np;
    if ((x->status = vs_need_budget_load(x->ctx, x->rg->dir, p)))
        return 0;
    if (p->huslakaruppdrag_msek > 0)
        return 1;
    vsi_note(x, "allocation",
             "%s: field budget_huslakaruppdrag: missing.  The region gives no primary-care "
             "budget, so nothing is allocated and the primary-care share is not shown; "
             "another region's figures are never used.",
             p->budget_path);
    return 0;
}

vs_status vsi_stage_allocation(vsi_step *x)
{
    const vs_need_params *p = x->m->np;
    if (!x->m->need)
        return vs_ctx_fail(x->ctx, VS_EUSAGE, "run: the allocation stage needs the need stage");
    if (!region_budget(x))
        return x->status;
    vs_alloc_params ap;
    alloc_in in = {0};
    vs_alloc_result *al = NULL;
    vs_status s = alloc_compute(x, &ap, &in, &al);
    if (!s) {
        const char *src = vsi_fmt(
            x,
            "budget: the husläkaruppdrag, %.0f MSEK (HSN budget %d, %s); split by "
            "vs_need_allocate: capitation by age-weighted residents, %.3g by residents x CNI, "
            "%.3g by residents x (CNI - %.3g) above the threshold, %.3g by distance "
            "(docs/need.md)",
            p->huslakaruppdrag_msek, p->huslakaruppdrag_year, p->budget_path, ap.cni_share,
            ap.supplement_share, ap.threshold, ap.distance_share);
        double ratio = alloc_results(x, &in, al);
        alloc_metrics(x, al, ratio, src);
        alloc_notes(x, &ap, al);
        pc_share(x);
        s = x->status;
    }
    vs_alloc_result_destroy(al);
    alloc_in_free(&in);
    return s;
}
