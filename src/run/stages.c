/*
 * stages.c: the model stages of "vardsim run" (need, allocation, beds, notes).
 *
 * Every stage computes with its module's public API and writes what it
 * computed into the store: metrics, per-unit results, chart definitions and
 * their series, scorecard rows and notes.  The report is drawn from the store
 * afterwards, so nothing here formats numbers for people.  Mapping of the
 * scenario's fields to module parameters: docs/report.md.
 */
#include "vardsim/run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vardsim/beds.h"
#include "vardsim/flow.h"
#include "vardsim/listing.h"
#include "vardsim/erlang.h"
#include "vardsim/need.h"
#include "vardsim/store.h"

struct vs_run_models {
    unsigned stages;
    char param_dir[1100];
    char reference_path[1100];
    vs_need_params *np;       /* need parameters (need, allocation) */
    vs_need_reference *ref;   /* national CNI reference */
    vs_beds_params bp;        /* bed parameters as read */
    vs_listing_costs costs;   /* GP workforce parameters (listing) */
    char workforce_path[1200];
    vs_flow_params fp;        /* flow defaults (flow) */
    int flow_other;           /* 0: also the other disciplines; -1: not */
    vs_flow_network flow_network;
    /* results of the current run, kept for later stages */
    vs_need_result *need;
    vs_listing_site_result *design; /* listing: the network's design */
    vs_flow_network_spec *net;      /* listing: the same network for the flow stage */
    double plan_extra_beds;         /* beds: with staff_to_plan, the share by which the
                                       open beds grow to the plan's need; else 0 */
    int note_pos;             /* next free position in notes */
};

void vs_run_models_destroy(vs_run_models *m)
{
    if (!m)
        return;
    vs_need_result_destroy(m->need);
    vs_listing_site_result_destroy(m->design);
    vs_flow_network_spec_destroy(m->net);
    vs_need_reference_destroy(m->ref);
    vs_need_params_destroy(m->np);
    free(m);
}

vs_status vs_run_models_create(vs_ctx *ctx, const vs_run_models_options *opt,
                               vs_run_models **out)
{
    *out = NULL;
    if (!opt || !opt->data_dir || !*opt->data_dir)
        return vs_ctx_fail(ctx, VS_EUSAGE, "run: the data directory is required for the models");
    vs_run_models *m = calloc(1, sizeof *m);
    if (!m)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    m->stages = opt->stages ? opt->stages : VS_RUN_STAGE_ALL;
    if (m->stages & VS_RUN_STAGE_ALLOCATION)
        m->stages |= VS_RUN_STAGE_NEED;
    snprintf(m->param_dir, sizeof m->param_dir, "%s/parameters", opt->data_dir);
    snprintf(m->reference_path, sizeof m->reference_path, "%s/national/deso_2022.csv",
             opt->data_dir);
    vs_status s = VS_OK;
    if (m->stages & VS_RUN_STAGE_NEED) {
        if (!(s = vs_need_params_load(ctx, m->param_dir, &m->np)))
            s = vs_need_reference_load(ctx, m->reference_path, &m->ref);
    }
    if (!s && (m->stages & VS_RUN_STAGE_BEDS))
        s = vs_beds_params_load(ctx, m->param_dir, &m->bp);
    snprintf(m->workforce_path, sizeof m->workforce_path, "%s/gp_workforce.csv", m->param_dir);
    if (!s && (m->stages & VS_RUN_STAGE_LISTING))
        s = vs_listing_costs_load(ctx, m->workforce_path, &m->costs);
    m->flow_other = opt->flow_other_disciplines < 0 ? -1 : 0;
    if (opt->flow_network < VS_NETWORK_AUTO || opt->flow_network > VS_NETWORK_FALLBACK) {
        vs_run_models_destroy(m);
        return vs_ctx_fail(ctx, VS_EUSAGE, "run: unknown primary-care network %d",
                           opt->flow_network);
    }
    m->flow_network = (vs_flow_network)opt->flow_network;
    if (!s && (m->stages & (VS_RUN_STAGE_FLOW | VS_RUN_STAGE_LISTING))) {
        if (!(m->stages & VS_RUN_STAGE_BEDS))
            s = vs_beds_params_load(ctx, m->param_dir, &m->bp); /* ASIH share of 2016 */
        if (!s)
            s = vs_flow_params_init(ctx, m->param_dir, &m->fp);
    }
    if (s) {
        vs_run_models_destroy(m);
        return s;
    }
    *out = m;
    return VS_OK;
}

/* ---- helpers ------------------------------------------------------------------ */

static vs_status put_metric(vs_ctx *ctx, vs_store *st, int64_t run_id, const char *name,
                            double value, const char *unit, const char *source)
{
    vs_metric mt = {name, value, NAN, NAN, unit, NULL, -1, source};
    return vs_store_put_metric(ctx, st, run_id, &mt);
}

static vs_status note(vs_ctx *ctx, vs_store *st, int64_t run_id, vs_run_models *m,
                      const char *topic, const char *text)
{
    return vs_store_put_note(ctx, st, run_id, m->note_pos++, topic, text);
}

static const char *const decile_labels[10] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"};

/* ---- need --------------------------------------------------------------------- */

static vs_status stage_need(vs_ctx *ctx, const vs_scenario *sc, const vs_region *rg,
                            vs_store *st, int64_t run_id, void *user)
{
    (void)sc;
    vs_run_models *m = user;
    vs_need_result_destroy(m->need);
    m->need = NULL;
    m->note_pos = m->note_pos < 1 ? 1 : m->note_pos;
    vs_need_options o;
    vs_need_options_init(&o);
    o.reference = m->ref;
    vs_status s = vs_need_compute(ctx, rg, m->np, &o, &m->need);
    if (s)
        return s;
    const vs_need_result *r = m->need;
    char used[300] = "";
    char missing[300] = "";
    for (int v = 0; v < VS_CNI_NVARS; v++) {
        char *dst = r->used[v] ? used : missing;
        size_t len = strlen(dst);
        snprintf(dst + len, 300 - len, "%s%s%s", len ? ", " : "", vs_cni_var_name(v),
                 r->used[v] && r->proxy[v] ? " (proxy)" : "");
    }
    char src[1400];
    snprintf(src, sizeof src,
             "Care Need Index, SCB method with the Sundquist-Malmström weights "
             "(%s/care_need_index.csv), standardised on %d areas of Sweden (%s); criteria used: "
             "%s; docs/need.md",
             m->param_dir, r->reference_areas, m->reference_path, used);
    char dsrc[1400];
    snprintf(dsrc, sizeof dsrc,
             "expected demand = residents by age band x national rates (%s/demand_rates.csv) x "
             "need factor CNI^e / M (docs/need.md)",
             m->param_dir);
    double pop = (double)rg->population;
    if ((s = put_metric(ctx, st, run_id, "cni_mean", r->cni_mean, "index (Sweden = 1)", src))
        || (s = put_metric(ctx, st, run_id, "cni_areas_above_threshold", r->n_above_threshold,
                           "areas", src))
        || (s = put_metric(ctx, st, run_id, "cni_share_above_threshold",
                           pop > 0 ? (double)r->pop_above_threshold / pop : NAN, "share", src)))
        return s;
    for (int v = 0; !s && v < VS_SERVICES; v++) {
        if (!r->service_available[v])
            continue;
        char name[80];
        snprintf(name, sizeof name, "expected_%s_per_year", vs_need_service_name(v));
        s = put_metric(ctx, st, run_id, name, r->total[v], "per year", dsrc);
    }
    int doctor = r->service_available[VS_SERVICE_DOCTOR];
    for (int a = 0; !s && a < rg->n_areas; a++) {
        const vs_need_area *na = &r->areas[a];
        const char *id = rg->areas[a].area_id;
        s = vs_store_put_unit_value(ctx, st, VS_STORE_AREA, run_id, id, "cni", na->cni);
        if (!s)
            s = vs_store_put_unit_value(ctx, st, VS_STORE_AREA, run_id, id, "cni_decile",
                                        na->decile > 0 ? na->decile : NAN);
        if (!s && doctor)
            s = vs_store_put_unit_value(
                ctx, st, VS_STORE_AREA, run_id, id, "expected_doctor_visits_per_resident",
                rg->areas[a].population > 0
                    ? na->expected[VS_SERVICE_DOCTOR] / (double)rg->areas[a].population
                    : NAN);
    }
    for (int i = 0; !s && i < rg->n_municipalities; i++)
        s = vs_store_put_unit_value(ctx, st, VS_STORE_MUNICIPALITY, run_id,
                                    rg->municipalities[i].municipality_id, "cni",
                                    r->municipalities[i].cni);
    /* by decile */
    for (int k = 0; !s && k < 10; k++) {
        const vs_need_decile *d = &r->deciles[k];
        s = vs_store_put_series(ctx, st, run_id, "cni_deciles", "mean CNI", k, decile_labels[k],
                                d->cni_mean, NAN, NAN);
        static const int svc[] = {VS_SERVICE_DOCTOR, VS_SERVICE_NURSE, VS_SERVICE_ED};
        for (size_t j = 0; !s && j < sizeof svc / sizeof svc[0]; j++) {
            if (!r->service_available[svc[j]])
                continue;
            s = vs_store_put_series(ctx, st, run_id, "need_deciles",
                                    vs_need_service_name(svc[j]), k, decile_labels[k],
                                    d->population > 0
                                        ? d->expected[svc[j]] / (double)d->population
                                        : NAN,
                                    NAN, NAN);
        }
    }
    vs_chart_def charts[] = {
        {"cni_map", 100, "map", "Care Need Index (CNI) by area, Sweden = 1", "",
         "index (Sweden = 1)", "cni", src},
        {"cni_deciles", 105, "bar", "Mean CNI by CNI decile of the population",
         "CNI decile (1 = lowest need)", "index (Sweden = 1)", NULL, src},
        {"need_deciles", 110, "bar", "Expected visits per resident and year by CNI decile",
         "CNI decile (1 = lowest need)", "visits per resident and year", NULL, dsrc},
    };
    for (size_t i = 0; !s && i < sizeof charts / sizeof charts[0]; i++)
        s = vs_store_put_chart(ctx, st, run_id, &charts[i]);
    if (!s && missing[0]) {
        char t[700];
        snprintf(t, sizeof t,
                 "CNI criteria not in the region data and left out (the remaining weights are "
                 "rescaled, docs/need.md): %s. foreign_born is approximated by foreign "
                 "background.",
                 missing);
        s = note(ctx, st, run_id, m, "need", t);
    }
    return s;
}

/* ---- allocation ----------------------------------------------------------------- */

static vs_status stage_allocation(vs_ctx *ctx, const vs_scenario *sc, const vs_region *rg,
                                  vs_store *st, int64_t run_id, void *user)
{
    vs_run_models *m = user;
    const vs_need_params *p = m->np;
    const vs_need_result *r = m->need;
    if (!r)
        return vs_ctx_fail(ctx, VS_EUSAGE, "run: the allocation stage needs the need stage");
    vs_alloc_params ap = {sc->allocation.cni_share,
                          sc->allocation.cni_support ? sc->allocation.cni_support_share : 0.0,
                          sc->allocation.distance_share, sc->allocation.cni_support_threshold};
    vs_need_alloc_params_resolve(p, &ap, &ap);
    vs_status s = VS_OK;
    if (ap.cni_share + ap.distance_share + ap.supplement_share > 1 + 1e-12)
        return vs_ctx_fail(ctx, VS_EINPUT,
                           "%s: field policies.allocation: the CNI, distance and support shares "
                           "add up to %g (> 1) with the defaults of %s/allocation.csv",
                           sc->path, ap.cni_share + ap.distance_share + ap.supplement_share,
                           m->param_dir);
    int n = rg->n_areas;
    double *pop = calloc((size_t)n + 1, sizeof *pop), *aw = calloc((size_t)n + 1, sizeof *aw),
           *cni = calloc((size_t)n + 1, sizeof *cni), *dist = calloc((size_t)n + 1, sizeof *dist),
           *visits = calloc((size_t)n + 1, sizeof *visits);
    vs_alloc_result *al = NULL;
    if (!pop || !aw || !cni || !dist || !visits) {
        s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        goto done;
    }
    int doctor = r->service_available[VS_SERVICE_DOCTOR], has_dist = 1;
    for (int a = 0; a < n; a++) {
        const vs_area *ra = &rg->areas[a];
        const vs_municipality *mu = &rg->municipalities[ra->municipality];
        const vs_need_area *na = &r->areas[a];
        pop[a] = (double)ra->population;
        cni[a] = isnan(na->cni) ? 0.0 : na->cni; /* NaN only for empty areas */
        aw[a] = doctor ? na->age_expected[VS_SERVICE_DOCTOR] : pop[a];
        visits[a] = doctor ? na->expected[VS_SERVICE_DOCTOR] : 0;
        if (isnan(mu->lat) || isnan(mu->lon))
            has_dist = 0;
        else
            dist[a] = vs_distance_km(ra->lat, ra->lon, mu->lat, mu->lon);
    }
    if (!has_dist && ap.distance_share > 0) {
        s = vs_ctx_fail(ctx, VS_EINPUT,
                        "%s: field policies.allocation.distance_share: the region has no "
                        "municipal centres (municipalities.csv lat, lon) to measure distance",
                        sc->path);
        goto done;
    }
    double budget_msek = p->huslakaruppdrag_msek;
    if (!(budget_msek > 0)) {
        s = vs_ctx_fail(ctx, VS_EINPUT, "%s/budget.csv: field budget_huslakaruppdrag: missing",
                        m->param_dir);
        goto done;
    }
    int64_t budget = (int64_t)llround(budget_msek * 1e6);
    vs_alloc_units u = {n, pop, aw, cni, has_dist ? dist : NULL, doctor ? visits : NULL};
    if ((s = vs_need_allocate(ctx, &u, &ap, budget, &al)))
        goto done;
    char src[1200];
    snprintf(src, sizeof src,
             "budget: the husläkaruppdrag, %.0f MSEK (HSN budget %d, %s/budget.csv); split by "
             "vs_need_allocate: capitation by age-weighted residents, %.3g by residents x CNI, "
             "%.3g by residents x (CNI - %.3g) above the threshold, %.3g by distance "
             "(docs/need.md)",
             budget_msek, p->huslakaruppdrag_year, m->param_dir, ap.cni_share,
             ap.supplement_share, ap.threshold, ap.distance_share);
    /* deciles */
    double dpop[10] = {0}, dsek[3][10] = {{0}};
    for (int a = 0; a < n; a++) {
        int k = r->areas[a].decile - 1;
        if (k < 0 || k > 9)
            continue;
        dpop[k] += pop[a];
        dsek[0][k] += (double)al->allocation_sek[a];
        dsek[1][k] += (double)al->equal_per_capita_sek[a];
        if (al->visit_based_sek)
            dsek[2][k] += (double)al->visit_based_sek[a];
    }
    const char *models[3] = {"needs-based (scenario)", "equal per resident",
                             "by expected doctor visits"};
    for (int k = 0; !s && k < 10; k++)
        for (int j = 0; !s && j < 3; j++) {
            if (j == 2 && !al->visit_based_sek)
                continue;
            s = vs_store_put_series(ctx, st, run_id, "allocation_deciles", models[j], k,
                                    decile_labels[k], dpop[k] > 0 ? dsek[j][k] / dpop[k] : NAN,
                                    NAN, NAN);
        }
    for (int a = 0; !s && a < n; a++) {
        const char *id = rg->areas[a].area_id;
        s = vs_store_put_unit_value(ctx, st, VS_STORE_AREA, run_id, id, "allocation_sek",
                                    (double)al->allocation_sek[a]);
        if (!s)
            s = vs_store_put_unit_value(ctx, st, VS_STORE_AREA, run_id, id,
                                        "allocation_sek_per_resident",
                                        pop[a] > 0 ? (double)al->allocation_sek[a] / pop[a]
                                                   : NAN);
    }
    if (!s)
        s = put_metric(ctx, st, run_id, "allocation_budget_sek", (double)al->total_sek, "SEK",
                       src);
    static const char *const part_metric[VS_ALLOC_PARTS] = {
        "allocation_capitation_sek", "allocation_cni_sek", "allocation_support_sek",
        "allocation_distance_sek"};
    for (int c = 0; !s && c < VS_ALLOC_PARTS; c++)
        s = put_metric(ctx, st, run_id, part_metric[c], al->part_total_sek[c], "SEK", src);
    if (!s)
        s = put_metric(ctx, st, run_id, "allocation_concentration_index", al->ci_allocation,
                       "concentration index (0 = none, > 0 towards high CNI)", src);
    if (!s)
        s = put_metric(ctx, st, run_id, "allocation_decile10_to_decile1",
                       dpop[0] > 0 && dpop[9] > 0 && dsek[0][0] > 0
                           ? (dsek[0][9] / dpop[9]) / (dsek[0][0] / dpop[0])
                           : NAN,
                       "ratio of SEK per resident", src);
    vs_chart_def charts[] = {
        {"allocation_deciles", 120, "bar",
         "Primary-care budget per resident by CNI decile: needs-based model and two comparisons",
         "CNI decile (1 = lowest need)", "SEK per resident and year", NULL, src},
        {"allocation_map", 125, "map", "Needs-based primary-care budget per resident, by area", "",
         "SEK per resident and year", "allocation_sek_per_resident", src},
    };
    for (size_t i = 0; !s && i < sizeof charts / sizeof charts[0]; i++)
        s = vs_store_put_chart(ctx, st, run_id, &charts[i]);
    if (!s && sc->allocation.cni_support && isnan(sc->allocation.cni_support_share)
        && isnan(p->alloc_supplement_share)) {
        char t[600];
        snprintf(t, sizeof t,
                 "CNI support above %.3g is switched on, but neither the scenario "
                 "(policies.allocation.cni_support_share) nor %s/allocation.csv gives its size "
                 "(the documents give none, 004:1325-1327): the support part is 0 SEK.",
                 ap.threshold, m->param_dir);
        s = note(ctx, st, run_id, m, "allocation", t);
    }
    if (!s && al->part_total_sek[VS_ALLOC_SUPPLEMENT] == 0 && ap.supplement_share > 0)
        s = note(ctx, st, run_id, m, "allocation",
                 "No area is above the CNI support threshold: the support share went to "
                 "capitation.");
    /* primary-care share of the health budget */
    if (!s) {
        vs_pc_share ps;
        if ((s = vs_need_pc_share(ctx, p, 0, NAN, &ps)))
            goto done;
        int last = -1;
        for (int i = 0; i < p->n_budget_years; i++)
            if (!isnan(p->budget_hsn_msek[i]) && !isnan(p->budget_pvn_msek[i])
                && (last < 0 || p->budget_year[i] > p->budget_year[last]))
                last = i;
        double share_last =
            last < 0 ? NAN
                     : p->budget_pvn_msek[last] / (p->budget_hsn_msek[last]
                                                   + p->budget_pvn_msek[last]);
        char ssrc[900], label[300];
        snprintf(ssrc, sizeof ssrc,
                 "target: 25 %% of the health-care budget to primary care by %d (seed "
                 "004:1259-1260, 002:52); value: PVN / (HSN + PVN) appropriations of the budget "
                 "plan, %s/budget.csv (the documents do not define the denominator); the "
                 "scenario file has no budget field, so every scenario shows the same value",
                 ps.target_year, m->param_dir);
        snprintf(label, sizeof label,
                 "Primary-care share of the health budget in %d, the last budget plan year "
                 "(target by %d)",
                 last >= 0 ? p->budget_year[last] : 0, ps.target_year);
        vs_score_row row = {30,         "primary_care_share_2030", label, share_last, "share",
                            ">=",       ps.target,                 0,     ssrc};
        if (!(s = vs_store_put_score(ctx, st, run_id, &row))
            && !(s = put_metric(ctx, st, run_id, "primary_care_share_base", ps.share, "share",
                                ssrc))
            && !(s = put_metric(ctx, st, run_id, "primary_care_share_last_plan_year",
                                share_last, "share", ssrc)))
            s = put_metric(ctx, st, run_id, "pvn_growth_required_per_year",
                           ps.pvn_growth_required, "share per year",
                           "DERIVED: yearly growth of the PVN appropriation that reaches the "
                           "25 % share in the target year with HSN + PVN growing as in the "
                           "budget plan (vs_need_pc_share, docs/need.md)");
    }
done:
    vs_alloc_result_destroy(al);
    free(pop);
    free(aw);
    free(cni);
    free(dist);
    free(visits);
    return s;
}

/* ---- beds ----------------------------------------------------------------------- */

static vs_status stage_beds(vs_ctx *ctx, const vs_scenario *sc, const vs_region *rg,
                            vs_store *st, int64_t run_id, void *user)
{
    vs_run_models *m = user;
    if (rg->n_hospitals == 0)
        return note(ctx, st, run_id, m, "beds", "The region has no hospitals: no bed plan.");
    vs_beds_params p = m->bp;
    p.occupancy_target = sc->beds.occupancy_target;
    p.closure_share = sc->beds.closed_bed_share;
    /* ASIH: the scenario gives the ASIH share of the region's care places */
    double asih = sc->beds.asih_share;
    p.asih_shift = vs_beds_asih_shift(asih, p.asih_share_before);
    vs_status s = vs_beds_params_check(ctx, &p);
    vs_beds_demand *d = NULL;
    vs_bed_plan *plan = NULL;
    if (s || (s = vs_beds_demand_derive(ctx, rg, &p, &d)) || (s = vs_beds_plan(ctx, rg, d, &p, &plan)))
        goto done;
    const vs_bed_plan_row *t = &plan->total;
    /* staff_to_plan: the open beds become the plan's need (after closures);
     * the flow stage opens them as a region-wide share on top of the open
     * beds (its demand is spread by staffed beds, as the plan's is). */
    m->plan_extra_beds = 0;
    if (sc->beds.staff_to_plan && t->beds_after_closure > 0 && t->beds_needed > t->beds_after_closure)
        m->plan_extra_beds = (double)t->beds_needed / (double)t->beds_after_closure - 1.0;
    char src[1400];
    snprintf(src, sizeof src,
             "bed plan (Erlang loss model, docs/beds.md): %.0f admissions a year (%g per 1,000 "
             "residents x acute share %.4g) x mean stay %.3g days, spread over the hospitals by "
             "staffed beds (%s/hospital_beds.csv, inpatient_care.csv); occupancy target %.3g, "
             "closed share %.3g, ASIH shift %.4g of bed-days",
             t->admissions_per_year, p.admissions_per_1000, p.acute_share, p.mean_los_days,
             m->param_dir, p.occupancy_target, p.closure_share, p.asih_shift);
    struct {
        const char *name;
        double v;
        const char *unit;
    } ms[] = {
        {"beds_offered_load", t->offered_load, "beds (mean occupied if every patient had one)"},
        {"beds_occupancy_staffed", t->occupancy_today, "share"},
        {"beds_open_after_closure", (double)t->beds_after_closure, "beds"},
        {"beds_occupancy_open", t->occupancy_after_closure, "share"},
        {"beds_overflow_open", t->overflow_after_closure, "share"},
        {"beds_overflow_admissions_open", t->admissions_per_year * t->overflow_after_closure,
         "admissions per year"},
        {"beds_needed", (double)t->beds_needed, "beds"},
        {"beds_shortage", (double)t->shortage, "beds"},
        {"beds_planned_needed", (double)t->planned_needed, "beds"},
        {"beds_needed_asih", (double)t->beds_needed_asih, "beds"},
        {"beds_shortage_asih", (double)t->shortage_asih, "beds"},
        {"beds_needed_pooled_region", (double)plan->region_beds_for_overflow_pooled, "beds"},
    };
    for (size_t i = 0; !s && i < sizeof ms / sizeof ms[0]; i++)
        s = put_metric(ctx, st, run_id, ms[i].name, ms[i].v, ms[i].unit, src);
    for (int h = 0; !s && h < plan->n_hospitals; h++) {
        const vs_bed_plan_row *b = &plan->hospitals[h];
        const char *name = rg->hospitals[h].name;
        struct {
            const char *metric;
            double v;
        } hv[] = {{"beds_needed", (double)b->beds_needed},
                  {"beds_open_after_closure", (double)b->beds_after_closure},
                  {"beds_needed_asih", (double)b->beds_needed_asih},
                  {"occupancy_open", b->occupancy_after_closure},
                  {"overflow_open", b->overflow_after_closure},
                  {"offered_load", b->offered_load}};
        for (size_t i = 0; !s && i < sizeof hv / sizeof hv[0]; i++)
            s = vs_store_put_unit_value(ctx, st, VS_STORE_HOSPITAL, run_id, b->hospital_id,
                                        hv[i].metric, hv[i].v);
        struct {
            const char *series;
            double v;
        } bars[] = {{"staffed today", (double)b->beds_staffed},
                    {"open after closures", (double)b->beds_after_closure},
                    {"needed (occupancy and overflow targets)", (double)b->beds_needed},
                    {"needed with the ASIH shift", (double)b->beds_needed_asih}};
        for (size_t i = 0; !s && i < sizeof bars / sizeof bars[0]; i++)
            s = vs_store_put_series(ctx, st, run_id, "bed_plan", bars[i].series, h, name,
                                    bars[i].v, NAN, NAN);
        if (!s)
            s = vs_store_put_series(ctx, st, run_id, "bed_occupancy", "at today's open beds", h,
                                    name, b->occupancy_after_closure, NAN, NAN);
        if (!s)
            s = vs_store_put_series(ctx, st, run_id, "bed_occupancy", "at the planned beds", h,
                                    name, b->occupancy_at_needed, NAN, NAN);
    }
    vs_chart_def charts[] = {
        {"bed_plan", 140, "bar", "Bed plan: staffed, open and needed beds per hospital",
         "hospital", "beds", NULL, src},
        {"bed_occupancy", 145, "bar", "Bed occupancy per hospital: today's open beds and the plan",
         "hospital", "share", NULL, src},
    };
    for (size_t i = 0; !s && i < sizeof charts / sizeof charts[0]; i++)
        s = vs_store_put_chart(ctx, st, run_id, &charts[i]);
    if (!s) {
        char osrc[1700];
        snprintf(osrc, sizeof osrc,
                 "target: occupancy below 90 %% (seed 003:185-192, 004:1520-1522); value: "
                 "offered load / beds left open after closing %.3g of the staffed beds; %s",
                 p.closure_share, src);
        vs_score_row occ = {40, "occupancy", "Bed occupancy at today's open beds (region)",
                            t->occupancy_after_closure, "share", "<", 0.90, 0, osrc};
        if (sc->beds.staff_to_plan) {
            snprintf(osrc, sizeof osrc,
                     "target: occupancy below 90 %% (seed 003:185-192, 004:1520-1522); value: "
                     "offered load / the staffed beds of the bed plan (policies.beds."
                     "staff_to_plan: a bed plan that meets need, seed 003:74-75); %s",
                     src);
            occ.label = "Bed occupancy at the bed plan's staffed beds (region)";
            occ.value = t->occupancy_at_needed;
        }
        s = vs_store_put_score(ctx, st, run_id, &occ);
    }
    if (!s) {
        char fsrc[1900];
        snprintf(fsrc, sizeof fsrc,
                 "target: the documents give no number (outplacement has risen and carries a "
                 "60 %% higher risk of care injury, seed 002:105, 004:1539-1544); %.3g is the "
                 "national share of utlokaliserade in 2015 (SKL, %s/hospital_beds.csv); value: "
                 "Erlang B overflow probability at today's open beds, admission-weighted over "
                 "the hospitals; %s",
                 p.overflow_target, m->param_dir, src);
        /* with the simulation, "overflow" is its simulated patient-days and this
         * analytic row is kept beside it as overflow_erlang */
        int flow = (m->stages & VS_RUN_STAGE_FLOW) != 0;
        vs_score_row ovf = {flow ? 51 : 50, flow ? "overflow_erlang" : "overflow",
                            "Share of admissions overflowing (utlokaliserade) at today's open "
                            "beds (Erlang B, analytic)",
                            t->overflow_after_closure, "share", "<=", p.overflow_target, 0, fsrc};
        if (sc->beds.staff_to_plan) {
            ovf.label = "Share of admissions overflowing (utlokaliserade) at the bed plan's "
                        "staffed beds (Erlang B, analytic)";
            ovf.value = t->overflow_at_needed;
        }
        s = vs_store_put_score(ctx, st, run_id, &ovf);
    }
    if (!s && !(asih > p.asih_share_before)) {
        char tx[400];
        snprintf(tx, sizeof tx,
                 "policies.beds.asih_share %.3g is not above the 2016 share %.3g: no bed-days "
                 "are moved to ASIH in the bed plan.",
                 asih, p.asih_share_before);
        s = note(ctx, st, run_id, m, "beds", tx);
    }
    if (!s && !sc->beds.staff_to_plan)
        s = note(ctx, st, run_id, m, "beds",
                 "policies.beds.staff_to_plan is false: today's open beds are kept; the plan "
                 "shows the beds needed to meet the targets.");
    if (!s && sc->beds.staff_to_plan) {
        char tx[400];
        snprintf(tx, sizeof tx,
                 "policies.beds.staff_to_plan is true: the %lld open beds are raised to the bed "
                 "plan's %lld staffed beds (+%.1f %%); the occupancy and overflow rows and the "
                 "simulation use them.",
                 (long long)t->beds_after_closure, (long long)t->beds_needed,
                 100.0 * m->plan_extra_beds);
        s = note(ctx, st, run_id, m, "beds", tx);
    }
done:
    vs_beds_plan_destroy(plan);
    vs_beds_demand_destroy(d);
    return s;
}

/* ---- listing -------------------------------------------------------------------- */

/* The primary-care network of the run: the listing engine's greenfield design
 * (vs_listing_design_greenfield) at the scenario's GP supply and the centre
 * size of the flow simulation (vs_flow_network_listing_size on the
 * parameters vs_run_flow_params makes), designed once here and kept in the
 * models object: the flow stage simulates every discipline on it.  Stored:
 * per centre, per area and region totals of the design, the listed per GP
 * FTE scorecard rows (maximum and mean over the centres) and fixed-GP
 * coverage. */
/* x rounded to 0.01 (NaN stays NaN). */
static double round_cents(double x) { return isfinite(x) ? round(x * 100.0) / 100.0 : x; }

static vs_status stage_listing(vs_ctx *ctx, const vs_scenario *sc, const vs_region *rg,
                               vs_store *st, int64_t run_id, void *user)
{
    vs_run_models *m = user;
    vs_listing_site_result_destroy(m->design);
    m->design = NULL;
    vs_flow_network_spec_destroy(m->net);
    m->net = NULL;
    if (rg->population <= 0)
        return note(ctx, st, run_id, m, "listing",
                    "The region has no residents: no care-centre network is designed.");
    const vs_listing_costs *c = &m->costs;
    vs_flow_params fp;
    vs_status s = vs_run_flow_params(ctx, sc, &m->fp, m->bp.asih_share_before, &fp);
    double rpg = NAN, cfte = NAN;
    if (!s)
        s = vs_flow_network_listing_size(ctx, rg, &fp, &rpg, &cfte);
    if (s)
        return s;
    s = vs_listing_design_greenfield(ctx, rg, rpg, cfte, INFINITY, fp.listing_time_limit_s,
                                     &m->design);
    if (!s)
        s = vs_flow_network_from_listing(ctx, rg, m->design, &m->net);
    if (s)
        return s;
    const vs_listing_site_result *D = m->design;
    const vs_listing_result *L = D->listing;
    const vs_listing_centres *N = D->network;
    int nc = N->n, na = rg->n_areas;
    double pop = (double)rg->population;
    /* per centre */
    int *resp = calloc((size_t)(nc ? nc : 1), sizeof *resp);
    if (!resp)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    for (int a = 0; a < na; a++)
        if (L->area_centre[a] >= 0 && L->area_centre[a] < nc)
            resp[L->area_centre[a]]++;
    double fte = 0, lpg_max = L->listed_per_gp_max, lpg_mean = L->listed_per_gp_mean;
    for (int k = 0; k < nc; k++)
        fte += N->v[k].gp_fte;
    for (int k = 0; !s && k < nc; k++) {
        const vs_listing_centre *lc = &N->v[k];
        struct {
            const char *metric;
            double v;
        } cv[] = {{"listing_index", (double)k},
                  {"listing_lat", lc->lat},
                  {"listing_lon", lc->lon},
                  {"listing_listed", L->centre_listed[k]},
                  {"listing_gp_fte", lc->gp_fte},
                  {"listing_listed_per_gp_fte",
                   lc->gp_fte > 0 ? L->centre_listed[k] / lc->gp_fte : NAN},
                  {"listing_areas_served", (double)L->centre_areas[k]},
                  {"listing_responsible_areas", (double)resp[k]}};
        for (size_t i = 0; !s && i < sizeof cv / sizeof cv[0]; i++)
            s = vs_store_put_unit_value(ctx, st, VS_STORE_CENTRE, run_id, lc->centre_id,
                                        cv[i].metric, cv[i].v);
    }
    /* per area: the responsible centre, its distance and its listed per GP */
    for (int a = 0; !s && a < na; a++) {
        const char *id = rg->areas[a].area_id;
        int k = L->area_centre[a];
        double P = (double)rg->areas[a].population;
        double lpg = k >= 0 && N->v[k].gp_fte > 0 ? L->centre_listed[k] / N->v[k].gp_fte : NAN;
        struct {
            const char *metric;
            double v;
        } av[] = {{"listing_responsible_centre_index", k >= 0 ? (double)k : NAN},
                  {"listing_km", L->area_km[a]},
                  {"listing_share_listed", P > 0 ? L->area_listed[a] / P : NAN},
                  {"listing_listed_per_gp_fte", lpg}};
        for (size_t i = 0; !s && i < sizeof av / sizeof av[0]; i++)
            s = vs_store_put_unit_value(ctx, st, VS_STORE_AREA, run_id, id, av[i].metric,
                                        av[i].v);
    }
    free(resp);
    if (s)
        return s;
    static const char *const method_name[] = {"none", "MIP (optimal)", "MIP (time limit)",
                                              "heuristic"};
    int meth = D->method >= 0 && D->method <= 3 ? D->method : 0;
    char src[1700];
    snprintf(src, sizeof src,
             "listing engine greenfield design (vs_listing_design_greenfield, docs/listing.md), "
             "%s, designed once in the run and simulated in the flow stage: every resident "
             "listed at %g residents per GP FTE (policies.primary_care.gp_cap, %s), centres of "
             "at most %.4g GP FTE (the simulation's centre size: population / %g care centres, "
             "docs/flow.md), candidate sites at the area centroids, great-circle km; %d centres, "
             "resident-km %.6g, bound %.6g, gap %.3g",
             method_name[meth], rpg, vs_gp_cap_unit_name(sc->primary_care.gp_cap_unit), cfte,
             fp.care_centres, nc, D->objective, D->bound, D->gap);
    char wsrc[2200];
    snprintf(wsrc, sizeof wsrc,
             "%s; baseline %g residents per GP (seed 002:51): population / %g; cost %.0f SEK per "
             "FTE and year (DERIVED, %s)",
             src, c->baseline_per_gp, c->baseline_per_gp, c->annual_cost_per_fte,
             m->workforce_path);
    double fte_base = pop / c->baseline_per_gp, extra = fte - fte_base;
    int named = sc->primary_care.listing_rule == VS_LISTING_NAMED_GP;
    double coverage = named ? L->listed / pop : sc->primary_care.fixed_gp_share;
    double listed_total = 0, unlisted_total = 0;
    for (int a = 0; a < na; a++) {
        listed_total += L->area_listed[a];
        unlisted_total += L->area_unlisted[a];
    }
    struct {
        const char *name;
        double v;
        const char *unit;
        const char *src;
    } ms[] = {
        {"gp_fte_needed", fte, "GP FTE", wsrc},
        {"gp_fte_baseline_2000", fte_base, "GP FTE", wsrc},
        {"gp_fte_extra", extra, "GP FTE", wsrc},
        {"gp_extra_cost_sek_per_year", extra * c->annual_cost_per_fte, "SEK per year", wsrc},
        {"fixed_gp_coverage", coverage, "share", src},
        {"listing_population", L->population, "persons", src},
        {"listing_listed", L->listed, "persons", src},
        {"listing_unlisted", L->unlisted, "persons", src},
        {"listing_listed_by_area", listed_total, "persons", src},
        {"listing_unlisted_by_area", unlisted_total, "persons", src},
        {"listing_centres", (double)nc, "centres", src},
        {"listing_gp_fte", fte, "GP FTE", src},
        {"listing_resident_km", L->total_person_km, "resident-km", src},
        {"listing_mean_km", L->listed > 0 ? L->total_person_km / L->listed : NAN, "km", src},
        {"listing_responsibility_resident_km", L->resp_person_km, "resident-km", src},
        {"listing_responsibility_mean_km", pop > 0 ? L->resp_person_km / pop : NAN, "km", src},
        {"listing_design_objective", D->objective, "resident-km", src},
        {"listing_design_bound", D->bound, "resident-km", src},
        {"listing_design_gap", D->gap, "share", src},
        {"listing_listed_per_gp_max", lpg_max, "persons per GP FTE", src},
        {"listing_listed_per_gp_mean", lpg_mean, "persons per GP FTE", src},
        {"listing_listed_per_gp_region", fte > 0 ? L->listed / fte : NAN, "persons per GP FTE",
         src},
    };
    for (size_t i = 0; !s && i < sizeof ms / sizeof ms[0]; i++)
        s = put_metric(ctx, st, run_id, ms[i].name, ms[i].v, ms[i].unit, ms[i].src);
    if (s)
        return s;
    char lsrc[2000];
    snprintf(lsrc, sizeof lsrc,
             "target: at most %g listed residents per full-time GP (Socialstyrelsen 2022, seed "
             "000:440-442, 004:1285-1287); value: the largest (mean) listed residents / GP FTE "
             "over the %d centres of the design, rounded to 0.01 (the listing LP holds capacity "
             "to 1e-6 relative; unrounded: metrics listing_listed_per_gp_max and _mean); %s",
             c->guideline_per_fte, nc, src);
    vs_score_row lp = {10,      "listed_per_gp",
                       "Listed residents per GP full-time equivalent (largest over the centres)",
                       round_cents(lpg_max), "persons per GP FTE",
                       "<=",    c->guideline_per_fte,
                       0,       lsrc};
    if ((s = vs_store_put_score(ctx, st, run_id, &lp)))
        return s;
    vs_score_row lpm = {11,       "listed_per_gp_mean",
                        "Listed residents per GP full-time equivalent (mean over the centres)",
                        round_cents(lpg_mean), "persons per GP FTE",
                        "<=",     c->guideline_per_fte,
                        0,        lsrc};
    if ((s = vs_store_put_score(ctx, st, run_id, &lpm)))
        return s;
    char csrc[2200];
    snprintf(csrc, sizeof csrc,
             "target: every patient listed with a named doctor (seed 002:51); today about 30 %% "
             "have a fixed GP (Vårdanalys, seed 000:450-452); value: %s",
             named ? "listing_rule named_gp: every resident the design lists has a named GP, "
                     "value = listed / population of the design"
                   : "policies.primary_care.fixed_gp_share of the scenario (listing_rule centre: "
                     "residents are listed with the centre, a share of them with a named GP)");
    if (named) {
        size_t len = strlen(csrc);
        snprintf(csrc + len, sizeof csrc - len, "; %s", src);
    }
    vs_score_row cv = {20,       "fixed_gp_coverage", "Residents with a fixed (named) GP",
                       coverage, "share",             ">=",
                       1.0,      0,                   csrc};
    if ((s = vs_store_put_score(ctx, st, run_id, &cv)))
        return s;
    for (int k = 0; !s && k < 2; k++) {
        s = vs_store_put_series(ctx, st, run_id, "gp_fte", "GP FTE", k,
                                k ? "scenario's design" : "today's 2,000 per GP",
                                k ? fte : fte_base, NAN, NAN);
    }
    vs_chart_def charts[] = {
        {"gp_fte", 60, "bar",
         "GP full-time equivalents: today's supply and the scenario's designed network",
         "GP supply", "GP FTE", NULL, wsrc},
        {"listing_per_gp_map", 62, "map",
         "Listed residents per GP FTE of each area's responsible care centre (designed network)",
         "", "persons per GP FTE", "listing_listed_per_gp_fte", src},
        {"listing_km_map", 64, "map",
         "Distance from each area to its responsible care centre (designed network)", "", "km",
         "listing_km", src},
    };
    for (size_t i = 0; !s && i < sizeof charts / sizeof charts[0]; i++)
        s = vs_store_put_chart(ctx, st, run_id, &charts[i]);
    if (!s && sc->primary_care.gp_cap_unit == VS_GP_CAP_PER_HEAD)
        s = note(ctx, st, run_id, m, "listing",
                 "gp_cap_unit per_head: the listing engine works per GP FTE only; the cap is "
                 "used as if per FTE.");
    if (!s) {
        char t[1200];
        snprintf(t, sizeof t,
                 "The region has no list of care centres: the listing engine designs the "
                 "primary-care network (greenfield, %s path, %d centres, %.1f GP FTE at %g "
                 "residents per GP) once per run; the patient-flow simulation runs every "
                 "queue discipline on this network%s. Listed per GP is computed per centre from "
                 "the design; the design sizes each centre to what it lists, so it is at the "
                 "scenario's GP supply by construction. Every area gets a responsible centre "
                 "(greedy assignment, capacity respected) whatever policies.primary_care."
                 "area_responsibility says (%s).",
                 method_name[meth], nc, fte, rpg,
                 m->flow_network == VS_NETWORK_FALLBACK
                     ? " only when the run's network is the listing engine's: this run uses "
                       "the fallback network in the simulation (vardsim run --network)"
                     : "",
                 sc->primary_care.area_responsibility ? "on" : "off");
        s = note(ctx, st, run_id, m, "listing", t);
    }
    return s;
}

/* ---- flow: the region patient-flow simulation -------------------------------- */

int vs_run_flow_other_replications(int replications)
{
    return replications < 2 ? replications : 2;
}

/* Scenario fields -> vs_flow_params (docs/report.md, "Scenario fields"). */
vs_status vs_run_flow_params(vs_ctx *ctx, const vs_scenario *sc, const vs_flow_params *defaults,
                             double asih_share_2016, vs_flow_params *out)
{
    vs_flow_params p = *defaults;
    switch (sc->queues.discipline) {
    case VS_SCENARIO_QUEUE_NEED: p.discipline = VS_FLOW_NEED; break;
    case VS_SCENARIO_QUEUE_FIFO: p.discipline = VS_FLOW_FIFO; break;
    case VS_SCENARIO_QUEUE_INSURANCE: p.discipline = VS_FLOW_INSURANCE; break;
    default: return vs_ctx_fail(ctx, VS_EINPUT, "%s: field policies.queues.discipline: unknown",
                                sc->path);
    }
    if (!isnan(sc->queues.insured_share))
        p.insured_share = sc->queues.insured_share;
    p.residents_per_gp = sc->primary_care.gp_cap;
    p.named_gp_share = sc->primary_care.listing_rule == VS_LISTING_NAMED_GP
                           ? 1.0
                           : sc->primary_care.fixed_gp_share;
    p.gp_admin_hours_per_day = sc->primary_care.admin_hours_per_day;
    p.gp_training_share = sc->primary_care.further_training_share;
    p.gp_training_days = sc->primary_care.further_training_days;
    p.cg_primary_care_days = sc->care_guarantee.assessment_days;
    p.cg_first_visit_days = sc->care_guarantee.specialist_days;
    p.cg_treatment_days = sc->care_guarantee.treatment_days;
    p.bed_closure_share = sc->beds.closed_bed_share;
    /* the same ASIH derivation as the bed plan, applied to admissions */
    p.asih_share = vs_beds_asih_shift(sc->beds.asih_share, asih_share_2016);
    p.replications = sc->simulation.replications;
    p.seed = sc->simulation.seed;
    p.days = (double)sc->simulation.days;
    int threads = sc->simulation.threads;
    if (threads <= 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n >= 1 ? (int)(n > 1024 ? 1024 : n) : 1;
    }
    p.threads = threads;
    char why[512];
    vs_status s = vs_flow_params_check(ctx, &p);
    if (s) {
        snprintf(why, sizeof why, "%s", vs_ctx_message(ctx));
        return vs_ctx_fail(ctx, VS_EINPUT, "%s: the simulation parameters from the scenario: %s",
                           sc->path, why);
    }
    double h;
    if ((s = vs_flow_clinical_hours(ctx, &p, &h))) {
        snprintf(why, sizeof why, "%s", vs_ctx_message(ctx));
        return vs_ctx_fail(ctx, VS_EINPUT,
                           "%s: field policies.primary_care: no clinical time is left (%s)",
                           sc->path, why);
    }
    *out = p;
    return VS_OK;
}

static vs_status put_est(vs_ctx *ctx, vs_store *st, int64_t run_id, const char *name,
                         vs_flow_est e, const char *unit, const char *source)
{
    double lo = isfinite(e.ci95) ? e.mean - e.ci95 : NAN;
    double hi = isfinite(e.ci95) ? e.mean + e.ci95 : NAN;
    vs_metric mt = {name, e.mean, lo, hi, unit, NULL, -1, source};
    return vs_store_put_metric(ctx, st, run_id, &mt);
}

static vs_status put_est_series(vs_ctx *ctx, vs_store *st, int64_t run_id, const char *chart,
                                const char *series, int pos, const char *label, vs_flow_est e)
{
    double lo = isfinite(e.ci95) ? e.mean - e.ci95 : NAN;
    double hi = isfinite(e.ci95) ? e.mean + e.ci95 : NAN;
    return vs_store_put_series(ctx, st, run_id, chart, series, pos, label, e.mean, lo, hi);
}

static const char *const pc_class_label[VS_PC_CLASSES] = {"same day", "within 3 days", "routine",
                                                          "planned follow-up"};

static vs_status stage_flow(vs_ctx *ctx, const vs_scenario *sc, const vs_region *rg,
                            vs_store *st, int64_t run_id, void *user)
{
    vs_run_models *m = user;
    if (rg->n_hospitals == 0 || rg->population <= 0)
        return note(ctx, st, run_id, m, "simulation",
                    "The region has no residents or no hospitals: no patient-flow simulation.");
    vs_flow_params p;
    vs_status s = vs_run_flow_params(ctx, sc, &m->fp, m->bp.asih_share_before, &p);
    if (s)
        return s;
    p.network = m->flow_network;
    p.extra_beds_share = m->plan_extra_beds;
    vs_flow_result *res[3] = {NULL, NULL, NULL}; /* by discipline */
    int own = (int)p.discipline;
    int other_reps = vs_run_flow_other_replications(p.replications);
    /* the network: the listing stage's design when this run simulates on the
     * listing engine's network, else designed here once for every discipline */
    vs_flow_network_spec *local = NULL;
    const vs_flow_network_spec *net = m->net && p.network != VS_NETWORK_FALLBACK ? m->net : NULL;
    int reused = net != NULL;
    if (!net) {
        if ((s = vs_flow_network_design(ctx, rg, &p, &local)))
            goto done;
        net = local;
    }
    if ((s = vs_flow_run_network(ctx, rg, &p, net, NULL, NULL, &res[own])))
        goto done;
    if (m->flow_other >= 0)
        for (int d = 0; d < 3 && !s; d++) {
            if (d == own)
                continue;
            vs_flow_params q = p;
            q.discipline = (vs_flow_discipline)d;
            q.replications = other_reps;
            s = vs_flow_run_network(ctx, rg, &q, net, NULL, NULL, &res[d]);
        }
    if (s)
        goto done;
    const vs_flow_result *r = res[own];
    const char *net_name = r->network_method == VS_NETWORK_LISTING
                               ? "listing engine's greenfield design (vs_listing_design_greenfield)"
                               : "fallback network (population bisection per municipality)";
    char src[1600];
    snprintf(src, sizeof src,
             "patient-flow simulation (vs_flow_run, docs/flow.md): discipline %s, %d "
             "replication(s) of %g days after a %g-day warm-up, seed %llu; %d care centres of "
             "the %s (%.1f GP FTE at %g residents per GP); parameters %s/flow.csv with the "
             "scenario's policies (docs/report.md); mean over replications, 95 %% Student-t "
             "interval",
             vs_flow_discipline_name(own), p.replications, p.days, p.warmup_days,
             (unsigned long long)p.seed, r->n_centres, net_name, r->gp_fte_total,
             p.residents_per_gp, m->param_dir);
    char csrc[1800];
    snprintf(csrc, sizeof csrc,
             "%s; the other disciplines: %d replication(s) each, same seed (common random "
             "numbers) and parameters",
             src, other_reps);
    /* metrics */
    for (int c = 0; !s && c < VS_PC_CLASSES; c++) {
        char n1[80], n2[80], n3[80], n4[80];
        const char *cn = vs_flow_pc_class_name(c);
        snprintf(n1, sizeof n1, "flow_pc_wait_days_%s", cn);
        snprintf(n2, sizeof n2, "flow_pc_within_limit_%s", cn);
        snprintf(n3, sizeof n3, "flow_pc_wait_days_insured_%s", cn);
        snprintf(n4, sizeof n4, "flow_pc_wait_days_uninsured_%s", cn);
        if (!(s = put_est(ctx, st, run_id, n1, r->pc_wait_days[c], "days", src))
            && !(s = put_est(ctx, st, run_id, n2, r->pc_within_days[c], "share", src))
            && !(s = put_est(ctx, st, run_id, n3, r->pc_wait_insured[c], "days", src)))
            s = put_est(ctx, st, run_id, n4, r->pc_wait_uninsured[c], "days", src);
    }
    struct {
        const char *name;
        vs_flow_est e;
        const char *unit;
    } ms[] = {
        {"flow_pc_requests", r->pc_requests, "requests"},
        {"flow_pc_visits", r->pc_visits, "visits"},
        {"flow_pc_wait_days_all", r->pc_wait_days_all, "days"},
        {"flow_pc_within_guarantee", r->pc_within_guarantee, "share"},
        {"flow_pc_within_7_days", r->pc_within_7_days, "share"},
        {"flow_continuity", r->continuity, "share of visits with the own GP"},
        {"flow_pc_inversions", r->pc_inversions, "visits"},
        {"flow_pc_insured_ahead", r->pc_insured_ahead, "visits"},
        {"flow_bed_inversions", r->bed_inversions, "admissions"},
        {"flow_ed_arrivals", r->ed_arrivals, "patients"},
        {"flow_ed_admitted", r->ed_admitted, "patients"},
        {"flow_ed_boarding_hours", r->ed_boarding_hours, "hours"},
        {"flow_ed_boarding_share", r->ed_boarding_share, "share of admitted ED patients"},
        {"flow_ed_boarding_mean_patients", r->ed_boarding_mean_patients, "patients"},
        {"flow_elective_decisions", r->elective_decisions, "patients"},
        {"flow_elective_wait_days", r->elective_wait_days, "days"},
        {"flow_elective_within_guarantee", r->elective_within_guarantee, "share"},
        {"flow_elective_elsewhere", r->elective_elsewhere, "patients"},
        {"flow_asih_episodes", r->asih_episodes, "episodes"},
        {"flow_occupancy", r->occupancy, "share"},
        {"flow_overflow_patient_days", r->overflow_days, "patient-days"},
        {"flow_extra_care_injuries", r->extra_injuries, "injuries"},
        {"flow_arrivals", r->arrivals, "patients"},
        {"flow_departures", r->departures, "patients"},
        {"flow_in_system", r->in_system, "patients"},
    };
    for (size_t i = 0; !s && i < sizeof ms / sizeof ms[0]; i++)
        s = put_est(ctx, st, run_id, ms[i].name, ms[i].e, ms[i].unit, src);
    struct {
        const char *name;
        double v;
        const char *unit;
    } fx[] = {
        {"flow_conservation_ok", (double)r->conservation_ok,
         "1 = arrivals = departures + in system in every replication"},
        {"flow_care_centres", (double)r->n_centres, "centres"},
        {"flow_gp_fte", r->gp_fte_total, "GP FTE"},
        {"flow_clinical_hours_per_weekday", r->clinical_hours_per_weekday, "hours per GP FTE"},
        {"flow_pc_capacity_per_year", r->pc_capacity_per_year, "appointments per year"},
        {"flow_pc_demand_per_year", r->pc_demand_per_year, "requests per year"},
        {"flow_days", p.days, "days"},
        {"flow_replications", (double)p.replications, "replications"},
    };
    for (size_t i = 0; !s && i < sizeof fx / sizeof fx[0]; i++)
        s = put_metric(ctx, st, run_id, fx[i].name, fx[i].v, fx[i].unit, src);
    /* the other disciplines' headline numbers */
    for (int d = 0; !s && d < 3; d++) {
        if (!res[d] || d == own)
            continue;
        char n1[80], n2[80], n3[80], n4[80];
        const char *dn = vs_flow_discipline_name(d);
        snprintf(n1, sizeof n1, "flow_%s_pc_wait_days_all", dn);
        snprintf(n2, sizeof n2, "flow_%s_pc_inversions", dn);
        snprintf(n3, sizeof n3, "flow_%s_bed_inversions", dn);
        snprintf(n4, sizeof n4, "flow_%s_pc_insured_ahead", dn);
        if (!(s = put_est(ctx, st, run_id, n1, res[d]->pc_wait_days_all, "days", csrc))
            && !(s = put_est(ctx, st, run_id, n2, res[d]->pc_inversions, "visits", csrc))
            && !(s = put_est(ctx, st, run_id, n3, res[d]->bed_inversions, "admissions", csrc)))
            s = put_est(ctx, st, run_id, n4, res[d]->pc_insured_ahead, "visits", csrc);
    }
    /* per area, municipality, hospital, centre */
    for (int a = 0; !s && a < rg->n_areas && a < r->n_areas; a++)
        s = vs_store_put_unit_value(ctx, st, VS_STORE_AREA, run_id, rg->areas[a].area_id,
                                    "flow_pc_wait_days", r->pc_wait_area[a].mean);
    for (int i = 0; !s && i < rg->n_municipalities && i < r->n_municipalities; i++) {
        const char *id = rg->municipalities[i].municipality_id;
        if (!(s = vs_store_put_unit_value(ctx, st, VS_STORE_MUNICIPALITY, run_id, id,
                                          "flow_pc_wait_days", r->pc_wait_municipality[i].mean)))
            s = vs_store_put_unit_value(ctx, st, VS_STORE_MUNICIPALITY, run_id, id,
                                        "flow_pc_within_limit",
                                        r->pc_within_municipality[i].mean);
        if (!s)
            s = put_est_series(ctx, st, run_id, "flow_wait_municipality", "mean wait", i,
                               rg->municipalities[i].name, r->pc_wait_municipality[i]);
    }
    double bed_days = 0;
    for (int h = 0; !s && h < rg->n_hospitals && h < r->n_hospitals; h++) {
        const vs_flow_hospital *fh = &r->hospitals[h];
        const char *id = rg->hospitals[h].hospital_id, *name = rg->hospitals[h].name;
        struct {
            const char *metric;
            double v;
        } hv[] = {{"flow_beds_open", (double)fh->beds},
                  {"flow_occupancy", fh->occupancy.mean},
                  {"flow_admissions", fh->admissions.mean},
                  {"flow_outplaced", fh->outplaced.mean},
                  {"flow_overflow_patient_days", fh->overflow_days.mean},
                  {"flow_boarding_hours", fh->boarding_hours.mean},
                  {"flow_elective_wait_days", fh->elective_wait_days.mean},
                  {"flow_offered_load", fh->offered_load},
                  {"flow_erlang_b", fh->erlang_b}};
        for (size_t i = 0; !s && i < sizeof hv / sizeof hv[0]; i++)
            s = vs_store_put_unit_value(ctx, st, VS_STORE_HOSPITAL, run_id, id, hv[i].metric,
                                        hv[i].v);
        if (!s)
            s = put_est_series(ctx, st, run_id, "flow_occupancy", "simulated", h, name,
                               fh->occupancy);
        if (!s)
            s = vs_store_put_series(ctx, st, run_id, "flow_occupancy",
                                    "offered load / open beds (analytic)", h, name,
                                    fh->beds > 0 ? fh->offered_load / fh->beds : NAN, NAN, NAN);
        if (!s)
            s = put_est_series(ctx, st, run_id, "flow_overflow_days", "overflow patient-days",
                               h, name, fh->overflow_days);
        if (!s)
            s = put_est_series(ctx, st, run_id, "flow_boarding", "mean ED boarding", h, name,
                               fh->boarding_hours);
        if (isfinite(fh->occupancy.mean))
            bed_days += fh->occupancy.mean * fh->beds * p.days;
    }
    for (int c = 0; !s && c < r->n_centres; c++) {
        const vs_flow_centre *fc = &r->centres[c];
        if (!(s = vs_store_put_unit_value(ctx, st, VS_STORE_CENTRE, run_id, fc->centre_id,
                                          "gp_fte", fc->gp_fte))
            && !(s = vs_store_put_unit_value(ctx, st, VS_STORE_CENTRE, run_id, fc->centre_id,
                                             "residents", fc->residents)))
            s = vs_store_put_unit_value(ctx, st, VS_STORE_CENTRE, run_id, fc->centre_id,
                                        "requests_per_year", fc->requests_per_year);
    }
    /* the scenario's discipline: waits by class (insured / others), decile */
    for (int c = 0; !s && c < VS_PC_CLASSES; c++) {
        if (!(s = put_est_series(ctx, st, run_id, "flow_wait_insured", "insured", c,
                                 pc_class_label[c], r->pc_wait_insured[c])))
            s = put_est_series(ctx, st, run_id, "flow_wait_insured", "not insured", c,
                               pc_class_label[c], r->pc_wait_uninsured[c]);
    }
    for (int k = 0; !s && k < 10; k++)
        s = put_est_series(ctx, st, run_id, "flow_within_decile", "within the class limit", k,
                           decile_labels[k], r->pc_within_decile[k]);
    /* per discipline */
    for (int d = 0; !s && d < 3; d++) {
        if (!res[d])
            continue;
        char sname[64];
        snprintf(sname, sizeof sname, "%s%s", vs_flow_discipline_name(d),
                 d == own ? " (scenario)" : "");
        for (int c = 0; !s && c < VS_PC_CLASSES; c++)
            s = put_est_series(ctx, st, run_id, "flow_wait_class", sname, c, pc_class_label[c],
                               res[d]->pc_wait_days[c]);
        for (int k = 0; !s && k < 10; k++)
            s = put_est_series(ctx, st, run_id, "flow_wait_decile", sname, k, decile_labels[k],
                               res[d]->pc_wait_decile[k]);
        static const char *const q[3] = {"primary care (lower class first)",
                                          "bed lists (lower class first)",
                                          "primary care (insured ahead in class)"};
        vs_flow_est e[3] = {res[d]->pc_inversions, res[d]->bed_inversions,
                            res[d]->pc_insured_ahead};
        for (int i = 0; !s && i < 3; i++)
            s = put_est_series(ctx, st, run_id, "flow_inversions", sname, i, q[i], e[i]);
    }
    char dsrc[1900];
    snprintf(dsrc, sizeof dsrc, "%s. \"(scenario)\" marks the scenario's own discipline", csrc);
    vs_chart_def charts[] = {
        {"flow_wait_class", 200, "bar",
         "Primary-care wait by urgency class and queue discipline (simulated)", "urgency class",
         "days", NULL, dsrc},
        {"flow_wait_decile", 205, "bar",
         "Primary-care wait by CNI decile and queue discipline (simulated)",
         "CNI decile (1 = lowest need)", "days", NULL, dsrc},
        {"flow_within_decile", 207, "bar",
         "Share of primary-care patients served within their class limit, by CNI decile",
         "CNI decile (1 = lowest need)", "share", NULL, src},
        {"flow_wait_insured", 210, "bar",
         "Primary-care wait of insured and other patients by urgency class (scenario's "
         "discipline)",
         "urgency class", "days", NULL, src},
        {"flow_inversions", 215, "bar",
         "Patients served before a waiting higher-need patient, per queue and discipline",
         "queue", "patients per simulated period", NULL, dsrc},
        {"flow_pc_wait_map", 220, "map",
         "Mean primary-care wait by home area (simulated, scenario's discipline)", "", "days",
         "flow_pc_wait_days", src},
        {"flow_wait_municipality", 225, "bar", "Mean primary-care wait by municipality",
         "municipality", "days", NULL, src},
        {"flow_occupancy", 230, "bar",
         "Bed occupancy per hospital: simulated and offered load (open beds)", "hospital",
         "share", NULL, src},
        {"flow_overflow_days", 235, "bar",
         "Overflow (utlokalisering) patient-days per hospital (simulated)", "hospital",
         "patient-days per simulated period", NULL, src},
        {"flow_boarding", 240, "bar",
         "Mean ED boarding time of admitted ED patients per hospital (simulated)", "hospital",
         "hours", NULL, src},
    };
    for (size_t i = 0; !s && i < sizeof charts / sizeof charts[0]; i++)
        s = vs_store_put_chart(ctx, st, run_id, &charts[i]);
    /* scorecard */
    if (!s) {
        char isrc[2000];
        snprintf(isrc, sizeof isrc,
                 "target: insured patients may not get ahead, a larger care need always first "
                 "(seed 004:1468-1470, seed digest 4); value: primary-care visits of insured "
                 "patients that started while an uninsured patient of the same urgency class, "
                 "who arrived earlier, waited at the same centre (mean per simulated period of "
                 "%g days); %s",
                 p.days, src);
        vs_score_row row = {60,     "insurance_ahead",
                            "Insured patients served ahead of others in their class "
                            "(insurance never moving anyone ahead)",
                            r->pc_insured_ahead.mean,
                            "visits",
                            "<=",
                            0.0,
                            0,
                            isrc};
        s = vs_store_put_score(ctx, st, run_id, &row);
    }
    if (!s) {
        char osrc[2000];
        int plan = m->plan_extra_beds > 0; /* staff_to_plan raised the open beds */
        snprintf(osrc, sizeof osrc,
                 "target: occupancy below 90 %% (seed 003:185-192, 004:1520-1522); value: "
                 "simulated busy beds / open beds (after closing %.3g of the staffed beds%s), "
                 "time average over the hospitals; %s",
                 p.bed_closure_share,
                 plan ? ", then raised to the bed plan's need by staff_to_plan" : "", src);
        vs_score_row row = {41,
                            "occupancy_simulated",
                            plan ? "Bed occupancy at the bed plan's staffed beds, simulated (region)"
                                 : "Bed occupancy at today's open beds, simulated (region)",
                            r->occupancy.mean,
                            "share",
                            "<",
                            0.90,
                            0,
                            osrc};
        s = vs_store_put_score(ctx, st, run_id, &row);
    }
    if (!s) {
        double total = bed_days + r->overflow_days.mean;
        double target = m->bp.overflow_target * total;
        char fsrc[2200];
        snprintf(fsrc, sizeof fsrc,
                 "target: DERIVED %.3g x simulated inpatient bed-days (%.0f = busy open beds + "
                 "overflow patient-days over %g days); %.3g is the national share of patients "
                 "utlokaliserade in 2015 (SKL, %s/hospital_beds.csv; the documents give no "
                 "number, seed 002:105, 004:1539-1544), used as a share of bed-days (the model "
                 "outplaces a patient for the whole stay); value: simulated overflow "
                 "patient-days, with %.0f expected extra care injuries (relative risk %.2g); %s",
                 m->bp.overflow_target, total, p.days, m->bp.overflow_target, m->param_dir,
                 r->extra_injuries.mean, p.injury_rr_outplaced, src);
        vs_score_row row = {50, "overflow",
                            "Overflow (utlokalisering) patient-days, simulated",
                            r->overflow_days.mean, "patient-days", "<=", target, 0, fsrc};
        s = vs_store_put_score(ctx, st, run_id, &row);
    }
    /* notes */
    if (!s) {
        char t[900];
        if (r->network_method == VS_NETWORK_LISTING)
            snprintf(t, sizeof t,
                     "The region has no list of care centres: primary care runs on the network "
                     "that the listing engine designs (greenfield, %d centres, %.1f GP FTE at %g "
                     "residents per GP; designed once %s and reused for every "
                     "discipline). Primary-care waits per area are the simulated waits of each "
                     "area's residents.",
                     r->n_centres, r->gp_fte_total, p.residents_per_gp,
                     reused ? "in the listing stage (the same centres and lists as its tables)"
                            : "in this stage");
        else
            snprintf(t, sizeof t,
                     "The region has no list of care centres: primary care runs on the fallback "
                     "network (population bisection per municipality, %d centres, %.1f GP FTE at "
                     "%g residents per GP, designed once for every discipline), not on the "
                     "listing engine's design that the listing stage reports (vardsim run "
                     "--network). Primary-care waits per area are the simulated waits of each "
                     "area's residents.",
                     r->n_centres, r->gp_fte_total, p.residents_per_gp);
        s = note(ctx, st, run_id, m, "simulation", t);
    }
    if (!s && !r->conservation_ok)
        s = note(ctx, st, run_id, m, "simulation",
                 "Conservation failed: arrivals differ from departures + patients in the system "
                 "in at least one replication (a model error; please report it).");
    if (!s && sc->primary_care.gp_cap_unit == VS_GP_CAP_PER_HEAD)
        s = note(ctx, st, run_id, m, "simulation",
                 "gp_cap_unit per_head: the simulation works per GP FTE; the cap is used as if "
                 "per FTE.");
    if (!s) {
        char t[700];
        snprintf(t, sizeof t,
                 "Per-discipline charts: the scenario's discipline (%s) with %d replication(s); "
                 "%s with %d replication(s) each, same seed and parameters.",
                 vs_flow_discipline_name(own), p.replications,
                 m->flow_other >= 0 ? "the other two disciplines" : "no other discipline run",
                 m->flow_other >= 0 ? other_reps : 0);
        s = note(ctx, st, run_id, m, "simulation", t);
    }
done:
    for (int d = 0; d < 3; d++)
        vs_flow_result_destroy(res[d]);
    vs_flow_network_spec_destroy(local);
    return s;
}

/* ---- notes on scenario values without a model counterpart --------------------- */

static vs_status stage_notes(vs_ctx *ctx, const vs_scenario *sc, const vs_region *rg,
                             vs_store *st, int64_t run_id, void *user)
{
    (void)sc;
    (void)rg;
    vs_run_models *m = user;
    int flow = (m->stages & VS_RUN_STAGE_FLOW) != 0;
    static const char *const pending[][2] = {
        {"simulation",
         "policies.queues (discipline, insured_share), policies.primary_care.admin_hours_per_day, "
         "further_training_share and further_training_days_per_year, policies.care_guarantee "
         "and the simulation settings go to the region patient-flow simulation, which this "
         "version does not include yet: waits by urgency class and CNI decile, and whether "
         "insurance moves anyone ahead, are not computed."},
        {"workforce",
         "policies.workforce.agency_staff_share and agency_premium are stored as parameters; no "
         "model uses them (the scorecard's agency row uses the planned reduction only)."},
    };
    vs_status s = VS_OK;
    for (size_t i = flow ? 1 : 0; !s && i < sizeof pending / sizeof pending[0]; i++)
        s = note(ctx, st, run_id, m, pending[i][0], pending[i][1]);
    return s;
}

vs_status vs_run_models_stages(vs_ctx *ctx, vs_run_models *m, vs_run_stage *stages, int cap,
                               int *n)
{
    *n = 0;
    if (!m || !stages || cap < 8)
        return vs_ctx_fail(ctx, VS_EUSAGE, "run: room for at least 8 stages is required");
    m->note_pos = 1;
    vs_run_stage *o = stages;
    if (m->stages & VS_RUN_STAGE_NEED)
        *o++ = (vs_run_stage){"need", stage_need, m};
    if (m->stages & VS_RUN_STAGE_ALLOCATION)
        *o++ = (vs_run_stage){"allocation", stage_allocation, m};
    if (m->stages & VS_RUN_STAGE_LISTING)
        *o++ = (vs_run_stage){"listing", stage_listing, m};
    if (m->stages & VS_RUN_STAGE_BEDS)
        *o++ = (vs_run_stage){"beds", stage_beds, m};
    if (m->stages & VS_RUN_STAGE_FLOW)
        *o++ = (vs_run_stage){"flow", stage_flow, m};
    *o++ = (vs_run_stage){"notes", stage_notes, m};
    *n = (int)(o - stages);
    return VS_OK;
}
