/* Tests of the listing stage of "vardsim run" and of the network it hands to
 * the flow stage, on the small synthetic region (tests/data/run/small.yaml ->
 * tests/data/flow/region, 27,592 residents in 12 areas):
 *
 *   the store holds exactly the numbers of the listing engine's design made
 *   with the flow simulation's sizes (vsi_run_flow_params,
 *   vs_flow_network_listing_size, vs_listing_design_greenfield, heuristic
 *   path): per centre, per area, region totals, scorecard rows;
 *   conservation: listed + unlisted = population (region and every area);
 *   capacity: listed <= GP FTE x cap at every centre (1e-9 relative);
 *   reuse: the flow stage's stored results equal vs_flow_run designing the
 *   network itself (bit-identical), and its centres are the design's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vardsim/beds.h"
#include "vardsim/erlang.h"
#include "vardsim/flow.h"
#include "vardsim/listing.h"
#include "run/stage.h" /* internal: vsi_run_flow_params, vsi_targets_* */
#include "vardsim/run.h"
#include "vardsim/scenario.h"
#include "vardsim/store.h"
#include "vt.h"
#include "vt_run.h"

#define SCENARIO "tests/data/run/small.yaml"

static void rm_rf(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
}



/* value of unit `id` in a list (NaN + flag when missing) */
static double unit(const vs_unit_values *uv, const char *id, int *missing)
{
    for (int i = 0; i < uv->n; i++)
        if (strcmp(uv->items[i].id, id) == 0)
            return uv->items[i].value;
    (*missing)++;
    return NAN;
}

static int same(double x, double y) { return (isnan(x) && isnan(y)) || x == y; }

static vs_unit_values *read_units(vs_ctx *ctx, vs_store *st, vs_store_unit u, const char *m)
{
    vs_unit_values *uv = NULL;
    VT_EQ_INT(vs_store_read_unit_values(ctx, st, u, 1, 2022, m, &uv), VS_OK);
    return uv;
}

static void test_listing_stage(void)
{
    char parent[] = "test_run_net_XXXXXX";
    VT_CHECK(mkdtemp(parent) != NULL);
    char out[256], db[300];
    snprintf(out, sizeof out, "%s/small", parent);
    snprintf(db, sizeof db, "%s/results.sqlite", out);
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    /* the whole pipeline with the default network (the listing engine's) */
    vs_run_models_options mo = {"data", NULL, 0, VS_NETWORK_AUTO};
    vt_run_pipeline(ctx, &mo, SCENARIO, out, NULL, NULL);

    /* the design made independently with the same parameters */
    vs_scenario *sc = NULL;
    vs_region *rg = NULL;
    VT_EQ_INT(vs_scenario_load(ctx, SCENARIO, &sc), VS_OK);
    VT_EQ_INT(vs_region_load(ctx, "tests/data/flow/region", &rg), VS_OK);
    vs_flow_params def, p;
    vs_beds_params bp;
    VT_EQ_INT(vs_beds_params_load(ctx, "data/parameters", &bp), VS_OK);
    VT_EQ_INT(vs_flow_params_init(ctx, "data/parameters", &def), VS_OK);
    VT_EQ_INT(vsi_run_flow_params(ctx, sc, &def, bp.asih_share_before, &p), VS_OK);
    VT_NEAR(p.residents_per_gp, 1100, 0);
    double rpg = NAN, cfte = NAN;
    VT_EQ_INT(vs_flow_network_listing_size(ctx, rg, &p, &rpg, &cfte), VS_OK);
    vs_listing_site_result *D = NULL;
    VT_EQ_INT(vs_listing_design_greenfield(ctx, rg, rpg, cfte, INFINITY, 0, &D), VS_OK);

    vs_store *st = NULL;
    vs_metric_list *ml = NULL;
    vs_score_list *sl = NULL;
    VT_EQ_INT(vs_store_open(ctx, db, 0, &st), VS_OK);
    VT_EQ_INT(vs_store_read_metrics(ctx, st, 1, &ml), VS_OK);
    VT_EQ_INT(vs_store_read_scorecard(ctx, st, 1, &sl), VS_OK);
    if (!D || !st || !ml || !sl || !rg)
        goto out;
    const vs_listing_result *L = D->listing;
    const vs_listing_centres *N = D->network;
    double pop = (double)rg->population;

    /* region totals */
    double fte = 0, lmax = -INFINITY, lsum = 0;
    for (int k = 0; k < N->n; k++) {
        fte += N->v[k].gp_fte;
        double v = L->centre_listed[k] / N->v[k].gp_fte;
        lmax = fmax(lmax, v);
        lsum += v;
    }
    VT_NEAR(vt_metric(ml, "listing_centres"), N->n, 0);
    VT_NEAR(vt_metric(ml, "listing_gp_fte"), fte, 0);
    VT_NEAR(vt_metric(ml, "gp_fte_needed"), fte, 0);
    VT_NEAR(vt_metric(ml, "gp_fte_baseline_2000"), pop / 2000.0, 0);
    VT_NEAR(vt_metric(ml, "gp_fte_extra"), fte - pop / 2000.0, 0);
    VT_NEAR(vt_metric(ml, "listing_listed"), L->listed, 0);
    VT_NEAR(vt_metric(ml, "listing_unlisted"), L->unlisted, 0);
    VT_NEAR(vt_metric(ml, "listing_resident_km"), L->total_person_km, 0);
    VT_NEAR(vt_metric(ml, "listing_mean_km"), L->total_person_km / L->listed, 0);
    VT_NEAR(vt_metric(ml, "listing_responsibility_resident_km"), L->resp_person_km, 0);
    VT_NEAR(vt_metric(ml, "listing_design_objective"), D->objective, 0);
    VT_NEAR(vt_metric(ml, "listing_design_bound"), D->bound, 0);
    VT_NEAR(vt_metric(ml, "listing_design_gap"), D->gap, 0);
    VT_NEAR(vt_metric(ml, "listing_listed_per_gp_max"), lmax, 0);
    VT_NEAR(vt_metric(ml, "listing_listed_per_gp_mean"), lsum / N->n, 0);
    VT_CHECK(D->bound <= D->objective);
    /* conservation */
    VT_NEAR(vt_metric(ml, "listing_listed") + vt_metric(ml, "listing_unlisted"), pop, 1e-6 * pop);
    VT_NEAR(vt_metric(ml, "listing_listed_by_area") + vt_metric(ml, "listing_unlisted_by_area"), pop,
            1e-6 * pop);
    /* scorecard: computed from the design, not the input */
    const vs_score_row *lp = vt_score(sl, "listed_per_gp");
    const vs_score_row *lpm = vt_score(sl, "listed_per_gp_mean");
    const vs_score_row *cv = vt_score(sl, "fixed_gp_coverage");
    VT_CHECK(lp && lpm && cv);
    if (lp && lpm && cv) {
        VT_NEAR(lp->value, round(lmax * 100) / 100, 0);
        VT_NEAR(lpm->value, round(lsum / N->n * 100) / 100, 0);
        VT_NEAR(lp->target_value, 1100, 0);
        VT_EQ_INT(lp->met, lp->value <= 1100);
        VT_NEAR(cv->value, L->listed / pop, 0); /* named_gp: listed / population */
    }

    /* per centre */
    static const char *const cm[] = {"listing_index",  "listing_lat",
                                     "listing_lon",    "listing_listed",
                                     "listing_gp_fte", "listing_listed_per_gp_fte",
                                     "listing_areas_served", "listing_responsible_areas"};
    vs_unit_values *cu[8] = {0};
    for (int i = 0; i < 8; i++) {
        cu[i] = read_units(ctx, st, VS_STORE_CENTRE, cm[i]);
        if (cu[i])
            VT_EQ_INT(cu[i]->n, N->n);
    }
    int bad = 0, missing = 0, over = 0, resp_total = 0;
    for (int k = 0; k < N->n && cu[7]; k++) {
        const char *id = N->v[k].centre_id;
        int resp = 0;
        for (int a = 0; a < rg->n_areas; a++)
            resp += L->area_centre[a] == k;
        double want[8] = {k,
                          N->v[k].lat,
                          N->v[k].lon,
                          L->centre_listed[k],
                          N->v[k].gp_fte,
                          L->centre_listed[k] / N->v[k].gp_fte,
                          L->centre_areas[k],
                          resp};
        for (int i = 0; i < 8; i++)
            bad += !same(unit(cu[i], id, &missing), want[i]);
        /* capacity at the scenario's cap */
        over += unit(cu[3], id, &missing) > unit(cu[4], id, &missing) * 1100 * (1 + 1e-9);
        resp_total += (int)unit(cu[7], id, &missing);
    }
    VT_EQ_INT(bad, 0);
    VT_EQ_INT(missing, 0);
    VT_EQ_INT(over, 0);
    VT_EQ_INT(resp_total, rg->n_areas); /* every area has one responsible centre */
    for (int i = 0; i < 8; i++)
        vs_unit_values_free(cu[i]);

    /* per area */
    static const char *const am[] = {"listing_responsible_centre_index", "listing_km",
                                     "listing_share_listed", "listing_listed_per_gp_fte"};
    vs_unit_values *au[4] = {0};
    for (int i = 0; i < 4; i++) {
        au[i] = read_units(ctx, st, VS_STORE_AREA, am[i]);
        if (au[i])
            VT_EQ_INT(au[i]->n, rg->n_areas);
    }
    bad = missing = 0;
    int cons = 0;
    for (int a = 0; a < rg->n_areas && au[3]; a++) {
        const char *id = rg->areas[a].area_id;
        int k = L->area_centre[a];
        double P = (double)rg->areas[a].population;
        double want[4] = {k, L->area_km[a], L->area_listed[a] / P,
                          L->centre_listed[k] / N->v[k].gp_fte};
        for (int i = 0; i < 4; i++)
            bad += !same(unit(au[i], id, &missing), want[i]);
        cons += fabs(L->area_listed[a] + L->area_unlisted[a] - P) > 1e-6 * P;
    }
    VT_EQ_INT(bad, 0);
    VT_EQ_INT(missing, 0);
    VT_EQ_INT(cons, 0);
    for (int i = 0; i < 4; i++)
        vs_unit_values_free(au[i]);

    /* the maps */
    vs_chart_list *cl = NULL;
    VT_EQ_INT(vs_store_read_charts(ctx, st, 1, &cl), VS_OK);
    int maps = 0;
    for (int i = 0; cl && i < cl->n; i++)
        maps += strcmp(cl->items[i].kind, "map") == 0
                && (strcmp(cl->items[i].metric, "listing_listed_per_gp_fte") == 0
                    || strcmp(cl->items[i].metric, "listing_km") == 0);
    VT_EQ_INT(maps, 2);
    vs_chart_list_free(cl);

    /* the flow stage ran on this network: equal to vs_flow_run designing it */
    p.network = VS_NETWORK_AUTO;
    vs_flow_result *fr = NULL;
    VT_EQ_INT(vs_flow_run(ctx, rg, &p, &fr), VS_OK);
    if (fr) {
        VT_EQ_INT(fr->network_method, VS_NETWORK_LISTING);
        VT_NEAR(vt_metric(ml, "flow_care_centres"), N->n, 0);
        VT_NEAR(vt_metric(ml, "flow_gp_fte"), fte, 0);
        VT_NEAR(vt_metric(ml, "flow_gp_fte"), fr->gp_fte_total, 0);
        VT_CHECK(same(vt_metric(ml, "flow_pc_wait_days_all"), fr->pc_wait_days_all.mean));
        VT_NEAR(vt_metric(ml, "flow_pc_visits"), fr->pc_visits.mean, 0);
        VT_NEAR(vt_metric(ml, "flow_occupancy"), fr->occupancy.mean, 0);
        VT_NEAR(vt_metric(ml, "flow_arrivals"), fr->arrivals.mean, 0);
        vs_unit_values *res = read_units(ctx, st, VS_STORE_CENTRE, "residents");
        bad = missing = 0;
        for (int k = 0; res && k < fr->n_centres; k++) {
            bad += strcmp(fr->centres[k].centre_id, N->v[k].centre_id) != 0;
            bad += !same(unit(res, fr->centres[k].centre_id, &missing), fr->centres[k].residents);
            bad += fabs(fr->centres[k].residents - L->centre_listed[k])
                   > 1e-9 * L->centre_listed[k];
        }
        VT_EQ_INT(bad, 0);
        VT_EQ_INT(missing, 0);
        vs_unit_values_free(res);
    }
    vs_flow_result_destroy(fr);
    /* the notes agree: both say the network is designed once and reused */
    vs_param_list *nl = NULL;
    VT_EQ_INT(vs_store_read_notes(ctx, st, 1, &nl), VS_OK);
    int once = 0, stale = 0;
    for (int i = 0; nl && i < nl->n; i++) {
        once += strstr(nl->items[i].value, "once") != NULL;
        stale += strstr(nl->items[i].value, "not designed in the run") != NULL
                 || strstr(nl->items[i].value, "designed again") != NULL;
    }
    VT_EQ_INT(once, 2);
    VT_EQ_INT(stale, 0);
    vs_param_list_free(nl);
out:
    vs_listing_site_result_destroy(D);
    vs_score_list_free(sl);
    vs_metric_list_free(ml);
    vs_store_close(st);
    vs_region_destroy(rg);
    vs_scenario_destroy(sc);
    vs_ctx_destroy(ctx);
    rm_rf(parent);
}

/* staff_to_plan: the occupancy row is the plan's occupancy at its beds, the
 * Erlang row the load-weighted Erlang B at the planned beds, and the
 * simulation opens the plan's beds (up to rounding per hospital). */
static void test_staff_to_plan(void)
{
    const char *scen = "tests/data/run/small_plan.yaml";
    char parent[] = "test_run_plan_XXXXXX";
    VT_CHECK(mkdtemp(parent) != NULL);
    char out[256], db[300];
    snprintf(out, sizeof out, "%s/plan", parent);
    snprintf(db, sizeof db, "%s/results.sqlite", out);
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_run_models_options mo = {"data", NULL, -1, VS_NETWORK_FALLBACK};
    vt_run_pipeline(ctx, &mo, scen, out, NULL, NULL);

    vs_region *rg = NULL;
    VT_EQ_INT(vs_region_load(ctx, "tests/data/flow/region", &rg), VS_OK);
    vs_beds_params bp;
    VT_EQ_INT(vs_beds_params_load(ctx, "data/parameters", &bp), VS_OK);
    bp.closure_share = 0.10;
    bp.asih_shift = 0; /* asih_share not set: 0, below the 2016 share */
    vs_beds_demand *d = NULL;
    vs_bed_plan *plan = NULL;
    VT_EQ_INT(vs_beds_demand_derive(ctx, rg, &bp, &d), VS_OK);
    VT_EQ_INT(vs_beds_plan(ctx, rg, d, &bp, &plan), VS_OK);
    vs_store *st = NULL;
    vs_score_list *sl = NULL;
    VT_EQ_INT(vs_store_open(ctx, db, 0, &st), VS_OK);
    VT_EQ_INT(vs_store_read_scorecard(ctx, st, 1, &sl), VS_OK);
    if (plan && sl) {
        VT_CHECK(plan->total.beds_needed > plan->total.beds_after_closure);
        const vs_score_row *occ = vt_score(sl, "occupancy");
        VT_CHECK(occ != NULL);
        if (occ) {
            VT_NEAR(occ->value, plan->total.occupancy_at_needed, 0);
            VT_CHECK(occ->value < 0.90);
            VT_EQ_INT(occ->met, 1);
        }
        double num = 0, den = 0;
        for (int h = 0; h < plan->n_hospitals; h++) {
            double b = 0;
            VT_EQ_INT(vs_erlang_b(ctx, plan->hospitals[h].beds_needed,
                                  plan->hospitals[h].offered_load, &b), VS_OK);
            num += plan->hospitals[h].offered_load * b;
            den += plan->hospitals[h].offered_load;
        }
        const vs_score_row *ovf = vt_score(sl, "overflow_erlang");
        VT_CHECK(ovf != NULL);
        if (ovf) {
            VT_NEAR(ovf->value, num / den, 1e-12);
            VT_CHECK(ovf->value < plan->total.overflow_after_closure);
        }
        /* the simulated occupancy row says it is at the plan's beds */
        const vs_score_row *socc = vt_score(sl, "occupancy_simulated");
        VT_CHECK(socc != NULL);
        if (socc) {
            VT_CHECK(strstr(socc->label, "bed plan's staffed beds") != NULL);
            VT_CHECK(strstr(socc->source, "staff_to_plan") != NULL);
        }
        vs_unit_values *uv = read_units(ctx, st, VS_STORE_HOSPITAL, "flow_beds_open");
        double sim_beds = 0;
        for (int i = 0; uv && i < uv->n; i++)
            sim_beds += uv->items[i].value;
        VT_CHECK(uv && uv->n == rg->n_hospitals);
        VT_CHECK(fabs(sim_beds - (double)plan->total.beds_needed) <= rg->n_hospitals);
        vs_unit_values_free(uv);
    }
    vs_score_list_free(sl);
    vs_store_close(st);
    vs_beds_plan_destroy(plan);
    vs_beds_demand_destroy(d);
    vs_region_destroy(rg);
    vs_ctx_destroy(ctx);
    rm_rf(parent);
}

int main(void)
{
    test_staff_to_plan();
    test_listing_stage();
    return vt_done();
}
