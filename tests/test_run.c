/* Tests of the model stages of "vardsim run": each scenario field reaches its
 * module parameter (tests/data/run/mapping.yaml sets every mapped field away
 * from the shipped values), and what the store holds equals what the module
 * computes with those parameters, or a closed form from the parameter files. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vardsim/beds.h"
#include "vardsim/flow.h"
#include "vardsim/need.h"
#include "run/stage.h" /* internal: vsi_run_flow_params, vsi_targets_* */
#include "vardsim/run.h"
#include "vardsim/scenario.h"
#include "vardsim/store.h"
#include "vt.h"
#include "vt_run.h"

static void rm_rf(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
}

static double metric(vs_metric_list *ml, const char *name)
{
    for (int i = 0; i < ml->n; i++)
        if (strcmp(ml->items[i].name, name) == 0)
            return ml->items[i].value;
    fprintf(stderr, "metric %s missing\n", name);
    return NAN;
}

static const vs_score_row *score(vs_score_list *sl, const char *id)
{
    for (int i = 0; i < sl->n; i++)
        if (strcmp(sl->items[i].target_id, id) == 0)
            return &sl->items[i];
    return NULL;
}

static void run_scenario(vs_ctx *ctx, const char *scenario, const char *out)
{
    vs_run_models_options mo = {"data", NULL, 0, VS_NETWORK_FALLBACK}; /* fast */
    vt_run_pipeline(ctx, &mo, scenario, out, NULL, NULL);
}

static int find_est(const vs_metric_list *ml, const char *name, double *v, double *lo,
                    double *hi)
{
    for (int i = 0; i < ml->n; i++)
        if (strcmp(ml->items[i].name, name) == 0) {
            *v = ml->items[i].value;
            *lo = ml->items[i].ci_low;
            *hi = ml->items[i].ci_high;
            return 1;
        }
    return 0;
}

/* same(x, y): equal doubles, or both NaN */
static int same(double x, double y) { return (isnan(x) && isnan(y)) || x == y; }

/* The flow stage: scenario fields reach vs_flow_params, and the store holds
 * exactly what vs_flow_run computes with those parameters (same seed: the
 * simulation is deterministic for any thread count). */
static void check_flow(vs_ctx *ctx, vs_store *st, vs_metric_list *ml, vs_score_list *sl,
                       const vs_region *rg, double asih_2016)
{
    vs_scenario *sc = NULL;
    VT_EQ_INT(vs_scenario_load(ctx, "tests/data/run/mapping.yaml", &sc), VS_OK);
    vs_flow_params def, p;
    VT_EQ_INT(vs_flow_params_init(ctx, "data/parameters", &def), VS_OK);
    VT_EQ_INT(vsi_run_flow_params(ctx, sc, &def, asih_2016, &p), VS_OK);
    VT_EQ_INT(p.discipline, VS_FLOW_INSURANCE);
    VT_NEAR(p.insured_share, 0.2, 0);
    VT_NEAR(p.residents_per_gp, 1100, 0); /* gp_cap default of the schema */
    VT_NEAR(def.residents_per_gp, 2000, 0);
    VT_NEAR(p.named_gp_share, 1, 0);      /* listing_rule named_gp (default) */
    VT_NEAR(p.gp_admin_hours_per_day, 3, 0);
    VT_NEAR(p.gp_training_share, 0.05, 0);
    VT_NEAR(p.gp_training_days, 5, 0);
    VT_NEAR(p.cg_primary_care_days, 5, 0);
    VT_NEAR(p.cg_first_visit_days, 30, 0);
    VT_NEAR(p.cg_treatment_days, 60, 0);
    VT_NEAR(p.bed_closure_share, 0.2, 0);
    VT_NEAR(p.asih_share, 0, 0);          /* 0.38 = the 2016 share: no shift */
    VT_EQ_INT(p.replications, 1);
    VT_EQ_INT(p.threads, 2);
    VT_CHECK(p.seed == 7);
    VT_NEAR(p.days, 10, 0);
    VT_EQ_INT(p.network, def.network); /* the network is the caller's choice */
    p.network = VS_NETWORK_FALLBACK;       /* as the test's models object */
    /* unmapped fields keep the defaults */
    VT_NEAR(p.max_boarding_hours, def.max_boarding_hours, 0);
    VT_NEAR(p.mean_los_days, def.mean_los_days, 0);

    vs_flow_result *fr = NULL;
    VT_EQ_INT(vs_flow_run(ctx, rg, &p, &fr), VS_OK);
    if (fr) {
        double v = NAN, lo = NAN, hi = NAN;
        VT_CHECK(find_est(ml, "flow_pc_wait_days_all", &v, &lo, &hi));
        VT_CHECK(same(v, fr->pc_wait_days_all.mean));
        VT_CHECK(isnan(lo) && isnan(hi)); /* one replication: no interval */
        VT_NEAR(metric(ml, "flow_pc_insured_ahead"), fr->pc_insured_ahead.mean, 0);
        VT_NEAR(metric(ml, "flow_pc_inversions"), fr->pc_inversions.mean, 0);
        VT_NEAR(metric(ml, "flow_bed_inversions"), fr->bed_inversions.mean, 0);
        VT_NEAR(metric(ml, "flow_overflow_patient_days"), fr->overflow_days.mean, 0);
        VT_NEAR(metric(ml, "flow_extra_care_injuries"), fr->extra_injuries.mean, 0);
        VT_NEAR(metric(ml, "flow_ed_boarding_hours"), fr->ed_boarding_hours.mean, 0);
        VT_NEAR(metric(ml, "flow_continuity"), fr->continuity.mean, 0);
        VT_NEAR(metric(ml, "flow_gp_fte"), 2440027.0 / 1100.0, 1e-6);
        /* conservation */
        VT_NEAR(metric(ml, "flow_conservation_ok"), 1, 0);
        VT_NEAR(metric(ml, "flow_arrivals"),
                metric(ml, "flow_departures") + metric(ml, "flow_in_system"), 0);
        for (int c = 0; c < VS_PC_CLASSES; c++) {
            char n[80];
            snprintf(n, sizeof n, "flow_pc_wait_days_%s", vs_flow_pc_class_name(c));
            VT_CHECK(same(metric(ml, n), fr->pc_wait_days[c].mean));
        }
        /* scorecard rows */
        const vs_score_row *ia = score(sl, "insurance_ahead");
        const vs_score_row *os = score(sl, "occupancy_simulated");
        const vs_score_row *ov = score(sl, "overflow");
        VT_CHECK(ia && os && ov);
        if (ia && os && ov) {
            VT_NEAR(ia->value, fr->pc_insured_ahead.mean, 0);
            VT_EQ_INT(ia->met, fr->pc_insured_ahead.mean <= 0);
            VT_NEAR(os->value, fr->occupancy.mean, 0);
            VT_EQ_INT(os->met, fr->occupancy.mean < 0.9);
            VT_NEAR(ov->value, fr->overflow_days.mean, 0);
            double bed_days = 0;
            for (int h = 0; h < fr->n_hospitals; h++)
                bed_days += fr->hospitals[h].occupancy.mean * fr->hospitals[h].beds * 10.0;
            VT_NEAR(ov->target_value, 0.031 * (bed_days + fr->overflow_days.mean), 1e-9);
        }
        /* per area and per hospital */
        vs_unit_values *uv = NULL;
        VT_EQ_INT(vs_store_read_unit_values(ctx, st, VS_STORE_AREA, 1, 2022, "flow_pc_wait_days", &uv),
                  VS_OK);
        VT_EQ_INT(uv->n, rg->n_areas);
        int bad = 0;
        for (int i = 0; i < uv->n; i++) {
            int a = vs_region_find_area(rg, uv->items[i].id);
            bad += a < 0 || !same(uv->items[i].value, fr->pc_wait_area[a].mean);
        }
        VT_EQ_INT(bad, 0);
        vs_unit_values_free(uv);
        VT_EQ_INT(vs_store_read_unit_values(ctx, st, VS_STORE_HOSPITAL, 1, 2022, "flow_occupancy", &uv),
                  VS_OK);
        VT_EQ_INT(uv->n, rg->n_hospitals);
        bad = 0;
        for (int i = 0; i < uv->n; i++) {
            int h = -1;
            for (int k = 0; k < rg->n_hospitals; k++)
                if (strcmp(rg->hospitals[k].hospital_id, uv->items[i].id) == 0)
                    h = k;
            bad += h < 0 || !same(uv->items[i].value, fr->hospitals[h].occupancy.mean);
        }
        VT_EQ_INT(bad, 0);
        vs_unit_values_free(uv);
        /* the other disciplines: vsi_run_flow_other_replications(1) = 1 each */
        VT_EQ_INT(vsi_run_flow_other_replications(1), 1);
        VT_EQ_INT(vsi_run_flow_other_replications(2), 2);
        VT_EQ_INT(vsi_run_flow_other_replications(4), 2);
        VT_EQ_INT(vsi_run_flow_other_replications(10), 2);
        vs_flow_params q = p;
        q.discipline = VS_FLOW_FIFO;
        vs_flow_result *ff = NULL;
        VT_EQ_INT(vs_flow_run(ctx, rg, &q, &ff), VS_OK);
        if (ff) {
            VT_NEAR(metric(ml, "flow_fifo_pc_inversions"), ff->pc_inversions.mean, 0);
            VT_CHECK(ff->pc_inversions.mean > 0); /* so the need check below can fail */
            VT_NEAR(metric(ml, "flow_fifo_pc_insured_ahead"), 0, 0);
        }
        vs_flow_result_destroy(ff);
        /* need: nobody lower served first, and insurance moves nobody ahead */
        VT_NEAR(metric(ml, "flow_need_pc_inversions"), 0, 0);
        VT_NEAR(metric(ml, "flow_need_bed_inversions"), 0, 0);
        VT_NEAR(metric(ml, "flow_need_pc_insured_ahead"), 0, 0);
        /* per-discipline chart: 3 series x the 3 classes with visits (the booking
         * model has no own requests in within_3_days, docs/flow.md) */
        vs_series_table *t = NULL;
        VT_EQ_INT(vs_store_read_series(ctx, st, 1, 2022, "flow_wait_class", &t), VS_OK);
        VT_EQ_INT(t->n_series, 3);
        VT_EQ_INT(t->n_cat, VS_PC_CLASSES - 1);
        vs_series_table_free(t);
    }
    vs_flow_result_destroy(fr);

    /* other values of the fields */
    sc->primary_care.listing_rule = VS_LISTING_CENTRE;
    sc->primary_care.fixed_gp_share = 0.4;
    sc->queues.discipline = VS_SCENARIO_QUEUE_NEED;
    sc->queues.insured_share = NAN; /* not set: the parameter file's value */
    sc->beds.asih_share = 0.46;
    sc->simulation.threads = 0;
    VT_EQ_INT(vsi_run_flow_params(ctx, sc, &def, asih_2016, &p), VS_OK);
    VT_NEAR(p.named_gp_share, 0.4, 0);
    VT_EQ_INT(p.discipline, VS_FLOW_NEED);
    VT_NEAR(p.insured_share, def.insured_share, 0);
    VT_NEAR(p.asih_share, 1 - (1 - 0.46) / (1 - asih_2016), 1e-15);
    VT_EQ_INT(p.threads, (int)sysconf(_SC_NPROCESSORS_ONLN));
    sc->queues.discipline = VS_SCENARIO_QUEUE_FIFO;
    VT_EQ_INT(vsi_run_flow_params(ctx, sc, &def, asih_2016, &p), VS_OK);
    VT_EQ_INT(p.discipline, VS_FLOW_FIFO);
    /* no clinical time left: an input error naming the scenario */
    sc->primary_care.admin_hours_per_day = 8;
    VT_EQ_INT(vsi_run_flow_params(ctx, sc, &def, asih_2016, &p), VS_EINPUT);
    VT_CHECK(strstr(vs_ctx_message(ctx), "mapping.yaml") != NULL);
    vs_scenario_destroy(sc);
}

static void test_mapping(void)
{
    char parent[] = "test_run_XXXXXX";
    VT_CHECK(mkdtemp(parent) != NULL);
    char out[256], db[300];
    snprintf(out, sizeof out, "%s/mapping", parent);
    snprintf(db, sizeof db, "%s/results.sqlite", out);
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    run_scenario(ctx, "tests/data/run/mapping.yaml", out);
    vs_store *st = NULL;
    VT_EQ_INT(vs_store_open(ctx, db, 0, &st), VS_OK);
    vs_metric_list *ml = NULL;
    vs_score_list *sl = NULL;
    VT_EQ_INT(vs_store_read_metrics(ctx, st, 1, &ml), VS_OK);
    VT_EQ_INT(vs_store_read_scorecard(ctx, st, 1, &sl), VS_OK);

    /* allocation: husläkaruppdrag 6,669 MSEK (budget.csv); the scenario's
     * CNI share 0.2 and support share 0.05 are the parts' exact shares */
    double budget = 6669e6;
    VT_NEAR(metric(ml, "allocation_budget_sek"), budget, 0);
    VT_NEAR(metric(ml, "allocation_cni_sek"), 0.2 * budget, 1e-3);
    VT_NEAR(metric(ml, "allocation_support_sek"), 0.05 * budget, 1e-3);
    VT_NEAR(metric(ml, "allocation_capitation_sek"), 0.75 * budget, 1e-3);
    VT_NEAR(metric(ml, "allocation_distance_sek"), 0, 0);
    /* the allocation by decile integrates back to the budget: sum over
     * deciles of residents x SEK per resident (every area has a decile) */
    vs_series_table *t = NULL;
    VT_EQ_INT(vs_store_read_series(ctx, st, 1, 2022, "allocation_deciles", &t), VS_OK);
    VT_EQ_INT(t->n_cat, 10);
    VT_EQ_INT(t->n_series, 3);
    vs_unit_values *alloc = NULL, *cni = NULL;
    VT_EQ_INT(vs_store_read_unit_values(ctx, st, VS_STORE_AREA, 1, 2022, "allocation_sek", &alloc),
              VS_OK);
    double sum = 0;
    for (int i = 0; i < alloc->n; i++)
        sum += alloc->items[i].value;
    VT_NEAR(sum, budget, 0); /* whole kronor, largest remainder: exact */
    vs_unit_values_free(alloc);
    vs_series_table_free(t);

    /* primary-care share: PVN / (HSN + PVN) in 2027, budget.csv */
    const vs_score_row *pc = score(sl, "primary_care_share_2030");
    VT_CHECK(pc != NULL);
    if (pc) {
        VT_NEAR(pc->value, 17159.9 / (76697.6 + 17159.9), 1e-15);
        VT_EQ_INT(pc->met, 0);
    }

    /* CNI per area equals the need module's own result */
    vs_region *rg = NULL;
    vs_need_params *np = NULL;
    vs_need_reference *ref = NULL;
    vs_need_result *nr = NULL;
    VT_EQ_INT(vs_region_load(ctx, "data/stockholm", &rg), VS_OK);
    VT_EQ_INT(vs_need_params_load(ctx, "data/parameters", &np), VS_OK);
    VT_EQ_INT(vs_need_reference_load(ctx, "data/national/deso_2022.csv", &ref), VS_OK);
    vs_need_options no;
    vs_need_options_init(&no);
    no.reference = ref;
    VT_EQ_INT(vs_need_compute(ctx, rg, np, &no, &nr), VS_OK);
    VT_EQ_INT(vs_store_read_unit_values(ctx, st, VS_STORE_AREA, 1, 2022, "cni", &cni), VS_OK);
    VT_EQ_INT(cni->n, rg->n_areas);
    int bad = 0;
    for (int i = 0; i < cni->n; i++) {
        int a = vs_region_find_area(rg, cni->items[i].id);
        bad += a < 0 || cni->items[i].value != nr->areas[a].cni;
    }
    VT_EQ_INT(bad, 0);
    VT_NEAR(metric(ml, "cni_mean"), nr->cni_mean, 0);
    vs_unit_values_free(cni);

    /* beds: occupancy target 0.85, closed share 0.2, ASIH share 0.38 = the
     * 2016 share, so no bed-days move to ASIH */
    vs_beds_params bp;
    VT_EQ_INT(vs_beds_params_load(ctx, "data/parameters", &bp), VS_OK);
    bp.occupancy_target = 0.85;
    bp.closure_share = 0.2;
    bp.asih_shift = 0;
    vs_beds_demand *d = NULL;
    vs_bed_plan *plan = NULL;
    VT_EQ_INT(vs_beds_demand_derive(ctx, rg, &bp, &d), VS_OK);
    VT_EQ_INT(vs_beds_plan(ctx, rg, d, &bp, &plan), VS_OK);
    int64_t open = 0;
    for (int h = 0; h < rg->n_hospitals; h++)
        open += rg->hospitals[h].beds_staffed - llround(0.2 * rg->hospitals[h].beds_staffed);
    VT_NEAR(metric(ml, "beds_open_after_closure"), (double)open, 0);
    VT_NEAR(metric(ml, "beds_needed"), (double)plan->total.beds_needed, 0);
    VT_NEAR(metric(ml, "beds_needed_asih"), (double)plan->total.beds_needed, 0); /* no shift */
    VT_NEAR(metric(ml, "beds_occupancy_open"), plan->total.offered_load / (double)open, 1e-12);
    const vs_score_row *occ = score(sl, "occupancy");
    VT_CHECK(occ != NULL);
    if (occ) {
        VT_NEAR(occ->value, plan->total.occupancy_after_closure, 0);
        VT_NEAR(occ->target_value, 0.90, 0); /* the documents' target, not the scenario's */
        VT_EQ_INT(occ->met, occ->value < 0.90);
    }
    /* with the simulation, the analytic overflow row is overflow_erlang */
    const vs_score_row *ovf = score(sl, "overflow_erlang");
    VT_CHECK(ovf != NULL);
    if (ovf)
        VT_NEAR(ovf->value, plan->total.overflow_after_closure, 0);
    /* a 0.85 target needs more beds than the shipped 0.90 */
    vs_bed_plan *plan90 = NULL;
    bp.occupancy_target = 0.90;
    VT_EQ_INT(vs_beds_plan(ctx, rg, d, &bp, &plan90), VS_OK);
    VT_CHECK(metric(ml, "beds_needed") >= (double)plan90->total.beds_needed);
    vs_beds_plan_destroy(plan90);
    vs_beds_plan_destroy(plan);
    vs_beds_demand_destroy(d);

    /* listing: defaults 1,100 per GP FTE and a named GP for everyone */
    VT_NEAR(metric(ml, "gp_fte_needed"), 2440027.0 / 1100.0, 1e-9);
    VT_NEAR(metric(ml, "gp_fte_extra"), 2440027.0 / 1100.0 - 2440027.0 / 2000.0, 1e-9);
    const vs_score_row *lp = score(sl, "listed_per_gp");
    const vs_score_row *cv = score(sl, "fixed_gp_coverage");
    VT_CHECK(lp && cv);
    if (lp && cv) {
        VT_NEAR(lp->value, 1100, 0);
        VT_EQ_INT(lp->met, 1);
        VT_NEAR(cv->value, 1, 0);
    }

    check_flow(ctx, st, ml, sl, rg, bp.asih_share_before);

    /* notes: the ASIH note and the listing/simulation notes are there */
    vs_param_list *nl = NULL;
    VT_EQ_INT(vs_store_read_notes(ctx, st, 1, &nl), VS_OK);
    int asih = 0, listing = 0, flow_net = 0;
    for (int i = 0; i < nl->n; i++) {
        asih += strstr(nl->items[i].value, "no bed-days are moved to ASIH") != NULL;
        listing += strcmp(nl->items[i].key, "listing") == 0
                   && strstr(nl->items[i].value, "listing engine") != NULL;
        flow_net += strcmp(nl->items[i].key, "simulation") == 0
                    && strstr(nl->items[i].value, "fallback network") != NULL;
    }
    VT_EQ_INT(asih, 1);
    VT_EQ_INT(listing, 1);
    VT_EQ_INT(flow_net, 1); /* the network choice is stated */
    vs_param_list_free(nl);

    vs_need_result_destroy(nr);
    vs_need_reference_destroy(ref);
    vs_need_params_destroy(np);
    vs_region_destroy(rg);
    vs_score_list_free(sl);
    vs_metric_list_free(ml);
    vs_store_close(st);
    vs_ctx_destroy(ctx);
    rm_rf(parent);
}

/* Missing parameter files are reported before anything is written. */
static void test_models_errors(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_run_models *m = NULL;
    vs_run_models_options mo = {"no/such/dir", NULL, 0, 0};
    VT_EQ_INT(vs_run_models_create(ctx, &mo, &m), VS_EINPUT); /* missing file: exit 2 */
    VT_CHECK(m == NULL);
    vs_run_models_options none = {NULL, NULL, 0, 0};
    VT_EQ_INT(vs_run_models_create(ctx, &none, &m), VS_EUSAGE);
    /* only the beds: one model stage plus region, targets and notes */
    vs_run_models_options beds = {"data", "beds", 0, 0};
    VT_EQ_INT(vs_run_models_create(ctx, &beds, &m), VS_OK);
    vs_run_stage st[16];
    int n = 0;
    VT_EQ_INT(vs_run_models_stages(ctx, m, st, 16, &n), VS_OK);
    VT_EQ_INT(n, 4);
    VT_EQ_STR(st[0].name, "region");
    VT_EQ_STR(st[1].name, "targets");
    VT_EQ_STR(st[2].name, "beds");
    VT_EQ_STR(st[3].name, "notes");
    VT_EQ_INT(st[2].per_year, 0);
    VT_EQ_INT(vs_run_models_stages(ctx, m, st, 2, &n), VS_EUSAGE);
    vs_run_models_destroy(m);
    /* allocation brings the need stage it needs, in table order */
    vs_run_models_options alloc = {"data", "allocation", 0, 0};
    VT_EQ_INT(vs_run_models_create(ctx, &alloc, &m), VS_OK);
    VT_EQ_INT(vs_run_models_stages(ctx, m, st, 16, &n), VS_OK);
    VT_EQ_INT(n, 5);
    VT_EQ_STR(st[2].name, "need");
    VT_EQ_STR(st[3].name, "allocation");
    vs_run_models_destroy(m);
    /* an unknown stage name is a usage error naming the known stages */
    vs_run_models_options bad = {"data", "beds,nosuch", 0, 0};
    VT_EQ_INT(vs_run_models_create(ctx, &bad, &m), VS_EUSAGE);
    VT_CHECK(m == NULL);
    VT_CHECK(strstr(vs_ctx_message(ctx), "'nosuch'") != NULL);
    VT_CHECK(strstr(vs_ctx_message(ctx), "region, targets, need") != NULL);
    /* the table's names, in run order */
    VT_EQ_INT(vs_run_stage_count(), 13);
    VT_EQ_STR(vs_run_stage_name(0), "region");
    VT_EQ_STR(vs_run_stage_name(7), "validation");
    VT_EQ_STR(vs_run_stage_name(8), "forecast");
    VT_EQ_STR(vs_run_stage_name(9), "notes");
    VT_EQ_STR(vs_run_stage_name(10), "screening");
    VT_EQ_STR(vs_run_stage_name(11), "maternity");
    VT_EQ_STR(vs_run_stage_name(12), "stockpile");
    VT_CHECK(vs_run_stage_name(13) == NULL);
    VT_CHECK(vs_run_stage_name(-1) == NULL);
    vs_run_models_destroy(NULL);
    vs_ctx_destroy(ctx);
}

int main(void)
{
    test_mapping();
    test_models_errors();
    return vt_done();
}
