/*
 * stage_listing.c: the "listing" stage: the primary-care network of the run,
 * the listing engine's greenfield design (vs_listing_design_greenfield) at
 * the scenario's GP supply and the centre size of the flow simulation
 * (vs_flow_network_listing_size on the parameters vsi_run_flow_params makes),
 * designed once here and kept in the models object: the flow stage simulates
 * every discipline on it.  Stored: per centre, per area and region totals of
 * the design, the listed per GP FTE scorecard rows (maximum and mean over the
 * centres) and fixed-GP coverage.
 */
#include "run/stage.h"

#include <math.h>
#include <stdlib.h>

static const char *const method_name[] = {"none", "MIP (optimal)", "MIP (time limit)",
                                          "heuristic"};

/* What the stage derives from the design once and writes in several places. */
typedef struct listing_sum {
    int nc, meth;            /* centres, index into method_name */
    double rpg, cfte;        /* residents per GP FTE, largest centre (GP FTE) */
    double fte, fte_base;    /* GP FTE of the design, at 2,000 per GP */
    double lpg_max, lpg_mean; /* listed per GP FTE over the centres */
    double coverage;         /* residents with a fixed GP (share) */
    int named;               /* listing_rule named_gp */
    int own;                 /* 1: the region's own centres (centres.csv) */
    double cap_used;         /* their listing cap per GP FTE (NaN: by today's lists) */
    const char *src, *wsrc;  /* sources */
} listing_sum;

/* x rounded to 0.01 (NaN stays NaN). */
static double round_cents(double x) { return isfinite(x) ? round(x * 100.0) / 100.0 : x; }

/* Per centre: the design's values. */
static vs_status listing_centres(vsi_step *x, const vs_listing_site_result *D)
{
    const vs_listing_result *L = D->listing;
    const vs_listing_centres *N = D->network;
    int nc = N->n;
    int *resp = calloc((size_t)(nc ? nc : 1), sizeof *resp);
    if (!resp)
        return vs_ctx_fail(x->ctx, VS_ENOMEM, "out of memory");
    for (int a = 0; a < x->rg->n_areas; a++)
        if (L->area_centre[a] >= 0 && L->area_centre[a] < nc)
            resp[L->area_centre[a]]++;
    for (int k = 0; k < nc; k++) {
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
        for (size_t i = 0; i < sizeof cv / sizeof cv[0]; i++)
            vsi_unit(x, VS_STORE_CENTRE, lc->centre_id, cv[i].metric, cv[i].v);
    }
    free(resp);
    return x->status;
}

/* Per area: the responsible centre, its distance and its listed per GP. */
static void listing_areas(vsi_step *x, const vs_listing_site_result *D)
{
    const vs_listing_result *L = D->listing;
    const vs_listing_centres *N = D->network;
    for (int a = 0; a < x->rg->n_areas; a++) {
        const char *id = x->rg->areas[a].area_id;
        int k = L->area_centre[a];
        double P = (double)x->rg->areas[a].population;
        double lpg = k >= 0 && N->v[k].gp_fte > 0 ? L->centre_listed[k] / N->v[k].gp_fte : NAN;
        vsi_unit(x, VS_STORE_AREA, id, "listing_responsible_centre_index", k >= 0 ? (double)k : NAN);
        vsi_unit(x, VS_STORE_AREA, id, "listing_km", L->area_km[a]);
        vsi_unit(x, VS_STORE_AREA, id, "listing_share_listed", P > 0 ? L->area_listed[a] / P : NAN);
        vsi_unit(x, VS_STORE_AREA, id, "listing_listed_per_gp_fte", lpg);
    }
}

/* GP FTE of the design; listed per GP FTE over the centres (largest, mean),
 * as the listing result holds them. */
static void listing_per_gp(const vs_listing_site_result *D, listing_sum *q)
{
    q->fte = 0;
    for (int k = 0; k < D->network->n; k++)
        q->fte += D->network->v[k].gp_fte;
    q->lpg_max = D->listing->listed_per_gp_max;
    q->lpg_mean = D->listing->listed_per_gp_mean;
}

static void listing_metrics(vsi_step *x, const vs_listing_site_result *D, const listing_sum *q)
{
    const vs_listing_result *L = D->listing;
    const vs_listing_costs *c = &x->m->costs;
    double pop = (double)x->rg->population, extra = q->fte - q->fte_base;
    double listed_total = 0, unlisted_total = 0;
    for (int a = 0; a < x->rg->n_areas; a++) {
        listed_total += L->area_listed[a];
        unlisted_total += L->area_unlisted[a];
    }
    const char *src = q->src, *wsrc = q->wsrc;
    struct {
        const char *name;
        double v;
        const char *unit;
        const char *src;
    } ms[] = {
        {"gp_fte_needed", q->fte, "GP FTE", wsrc},
        {"gp_fte_baseline_2000", q->fte_base, "GP FTE", wsrc},
        {"gp_fte_extra", extra, "GP FTE", wsrc},
        {"gp_extra_cost_sek_per_year", extra * c->annual_cost_per_fte, "SEK per year", wsrc},
        {"fixed_gp_coverage", q->coverage, "share", src},
        {"listing_population", L->population, "persons", src},
        {"listing_listed", L->listed, "persons", src},
        {"listing_unlisted", L->unlisted, "persons", src},
        {"listing_listed_by_area", listed_total, "persons", src},
        {"listing_unlisted_by_area", unlisted_total, "persons", src},
        {"listing_centres", (double)q->nc, "centres", src},
        {"listing_gp_fte", q->fte, "GP FTE", src},
        {"listing_resident_km", L->total_person_km, "resident-km", src},
        {"listing_mean_km", L->listed > 0 ? L->total_person_km / L->listed : NAN, "km", src},
        {"listing_responsibility_resident_km", L->resp_person_km, "resident-km", src},
        {"listing_responsibility_mean_km", pop > 0 ? L->resp_person_km / pop : NAN, "km", src},
        {"listing_design_objective", D->objective, "resident-km", src},
        {"listing_design_bound", D->bound, "resident-km", src},
        {"listing_design_gap", D->gap, "share", src},
        {"listing_listed_per_gp_max", q->lpg_max, "persons per GP FTE", src},
        {"listing_listed_per_gp_mean", q->lpg_mean, "persons per GP FTE", src},
        {"listing_listed_per_gp_region", q->fte > 0 ? L->listed / q->fte : NAN,
         "persons per GP FTE", src},
    };
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++)
        vsi_metric(x, ms[i].name, ms[i].v, ms[i].unit, ms[i].src);
}

/* Scorecard: listed per GP (largest, mean) and fixed-GP coverage. */
static void listing_scores(vsi_step *x, const listing_sum *q)
{
    const vsi_target_def *t = vsi_target(x, "listed_per_gp");
    const char *lsrc = vsi_fmt(
        x,
        "the largest (mean) listed residents / GP FTE over the %d centres of the design, "
        "rounded to 0.01 (the listing LP holds capacity to 1e-6 relative; unrounded: metrics "
        "listing_listed_per_gp_max and _mean); %s",
        q->nc, q->src);
    vsi_score(x, 10, t->id,
              "Listed residents per GP full-time equivalent (largest over the centres)", t,
              round_cents(q->lpg_max), lsrc);
    vsi_score(x, 11, "listed_per_gp_mean",
              "Listed residents per GP full-time equivalent (mean over the centres)", t,
              round_cents(q->lpg_mean), lsrc);
    const vsi_target_def *c = vsi_target(x, "fixed_gp_coverage");
    vsi_score(x, 20, c->id, "Residents with a fixed (named) GP", c, q->coverage,
              vsi_fmt(x, "%s%s%s",
                      q->named ? "listing_rule named_gp: every resident the design lists has a "
                                 "named GP, value = listed / population of the design"
                               : "policies.primary_care.fixed_gp_share of the scenario "
                                 "(listing_rule centre: residents are listed with the centre, a "
                                 "share of them with a named GP)",
                      q->named ? "; " : "", q->named ? q->src : ""));
}

static void listing_charts_notes(vsi_step *x, const listing_sum *q)
{
    const char *net = q->own ? "the region's care centres" : "designed network";
    for (int k = 0; k < 2; k++)
        vsi_series(x, "gp_fte", "GP FTE", k,
                   k ? (q->own ? "the region's centres" : "scenario's design")
                     : "today's 2,000 per GP",
                   k ? q->fte : q->fte_base);
    vs_chart_def charts[] = {
        {"gp_fte", 60, "bar",
         vsi_fmt(x, "GP full-time equivalents: today's supply and the scenario's %s", net),
         "GP supply", "GP FTE", NULL, q->wsrc},
        {"listing_per_gp_map", 62, "map",
         vsi_fmt(x, "Listed residents per GP FTE of each area's responsible care centre (%s)",
                 net),
         "", "persons per GP FTE", "listing_listed_per_gp_fte", q->src},
        {"listing_km_map", 64, "map",
         vsi_fmt(x, "Distance from each area to its responsible care centre (%s)", net), "",
         "km", "listing_km", q->src},
    };
    vsi_charts(x, charts, sizeof charts / sizeof charts[0]);
    if (x->sc->primary_care.gp_cap_unit == VS_GP_CAP_PER_HEAD)
        vsi_note(x, "listing", "%s",
                 "gp_cap_unit per_head: the listing engine works per GP FTE only; the cap is "
                 "used as if per FTE.");
    if (q->own) {
        vsi_note(x, "listing",
                 "The region's own care centres (%s/centres.csv: %d centres, %.1f GP FTE) "
                 "are the primary-care network of the listing and the simulation: every "
                 "resident is listed at the nearest centres with room, %s. Every area gets a "
                 "responsible centre (greedy assignment).",
                 x->rg->dir, q->nc, q->fte,
                 isnan(q->cap_used)
                     ? "in the proportions of today's lists (column listed)"
                 : q->cap_used > q->rpg * (1 + 1e-6)
                     ? vsi_fmt(x,
                               "at %.0f residents per GP FTE: the centres' GP FTE cannot list "
                               "everyone at the scenario's %g",
                               q->cap_used, q->rpg)
                     : vsi_fmt(x, "at most %g residents per GP FTE", q->rpg));
        return;
    }
    vsi_note(x, "listing",
             "The region has no list of care centres: the listing engine designs the "
             "primary-care network (greenfield, %s path, %d centres, %.1f GP FTE at %g "
             "residents per GP) once per run; the patient-flow simulation runs every "
             "queue discipline on this network%s. Listed per GP is computed per centre from "
             "the design; the design sizes each centre to what it lists, so it is at the "
             "scenario's GP supply by construction. Every area gets a responsible centre "
             "(greedy assignment, capacity respected) whatever policies.primary_care."
             "area_responsibility says (%s).",
             method_name[q->meth], q->nc, q->fte, q->rpg,
             x->m->flow_network == VS_NETWORK_FALLBACK
                 ? " only when the run's network is the listing engine's: this run uses "
                   "the fallback network in the simulation (vardsim run --network)"
                 : "",
             x->sc->primary_care.area_responsibility ? "on" : "off");
}

vs_status vsi_run_listing_design(vs_ctx *ctx, const vs_run_models *m, const vs_scenario *sc,
                                 const vs_region *rg, vs_run_network *out, vs_flow_params *fp)
{
    vs_listing_centres *own = NULL;
    vs_status s = vsi_run_flow_params(ctx, sc, &m->fp, m->bp.asih_share_before, fp);
    if (!s)
        s = vs_flow_network_listing_size(ctx, rg, fp, &out->rpg, &out->cfte);
    if (!s)
        s = vs_listing_region_centres(ctx, rg, &own);
    if (!s && own)
        s = vs_listing_design_own(ctx, rg, own, out->rpg, &out->cap_used, &out->design);
    else if (!s)
        s = vs_listing_design_greenfield(ctx, rg, out->rpg, out->cfte, INFINITY,
                                         fp->listing_time_limit_s, &out->design);
    out->own = own != NULL;
    vs_listing_centres_destroy(own);
    if (!s)
        s = vs_flow_network_from_listing(ctx, rg, out->design, &out->net);
    if (!s && out->own)
        out->net->method = VS_NETWORK_CENTRES;
    return s;
}

/* Design the network into the models object (or take the prebuilt one of a
 * sweep, vs_run_models_use_network); q and fp as the design used. */
static vs_status listing_design(vsi_step *x, listing_sum *q, vs_flow_params *fp,
                                const vs_listing_site_result **D)
{
    vs_run_models *m = x->m;
    const vs_run_network *pre = m->pre;
    vs_run_network n = {{0}, NULL, NULL, 0, NAN, NAN, NAN, NULL};
    vs_status s;
    if (pre && pre->design) {
        s = vsi_run_flow_params(x->ctx, x->sc, &m->fp, m->bp.asih_share_before, fp);
        n = *pre;
    } else {
        s = vsi_run_listing_design(x->ctx, m, x->sc, x->rg, &n, fp);
        m->design = n.design; /* owned by m, also after a failure */
        m->net = n.net;
    }
    q->rpg = n.rpg;
    q->cfte = n.cfte;
    q->own = n.own;
    q->cap_used = n.cap_used;
    *D = n.design;
    return s;
}

vs_status vsi_stage_listing(vsi_step *x)
{
    vs_run_models *m = x->m;
    const vs_scenario *sc = x->sc;
    vs_listing_site_result_destroy(m->design);
    m->design = NULL;
    vs_flow_network_spec_destroy(m->net);
    m->net = NULL;
    if (x->rg->population <= 0) {
        vsi_note(x, "listing", "The region has no residents: no care-centre network is designed.");
        return x->status;
    }
    listing_sum q = {0};
    vs_flow_params fp;
    const vs_listing_site_result *D = NULL;
    vs_status s = listing_design(x, &q, &fp, &D);
    if (s || (s = listing_centres(x, D)))
        return s;
    const vs_listing_costs *c = &m->costs;
    double pop = (double)x->rg->population;
    listing_areas(x, D);
    listing_per_gp(D, &q);
    q.nc = D->network->n;
    q.meth = D->method >= 0 && D->method <= 3 ? D->method : 0;
    q.fte_base = pop / c->baseline_per_gp;
    q.named = sc->primary_care.listing_rule == VS_LISTING_NAMED_GP;
    q.coverage = q.named ? D->listing->listed / pop : sc->primary_care.fixed_gp_share;
    q.src = q.own ? vsi_fmt(x,
                            "the region's own care centres (%s/centres.csv), every resident "
                            "listed at the nearest centres with room (vs_listing_design_own, "
                            "docs/listing.md); %d centres, resident-km %.6g",
                            x->rg->dir, q.nc, D->objective)
                  : vsi_fmt(
        x,
        "listing engine greenfield design (vs_listing_design_greenfield, docs/listing.md), "
        "%s, designed once in the run and simulated in the flow stage: every resident "
        "listed at %g residents per GP FTE (policies.primary_care.gp_cap, %s), centres of "
        "at most %.4g GP FTE (the simulation's centre size: population / %g care centres, "
        "docs/flow.md), candidate sites at the area centroids, great-circle km; %d centres, "
        "resident-km %.6g, bound %.6g, gap %.3g",
        method_name[q.meth], q.rpg, vs_gp_cap_unit_name(sc->primary_care.gp_cap_unit), q.cfte,
        fp.care_centres, q.nc, D->objective, D->bound, D->gap);
    q.wsrc = vsi_fmt(x,
                     "%s; baseline %g residents per GP (seed 002:51): population / %g; cost %.0f "
                     "SEK per FTE and year (DERIVED, %s)",
                     q.src, c->baseline_per_gp, c->baseline_per_gp, c->annual_cost_per_fte,
                     m->workforce_path);
    listing_metrics(x, D, &q);
    listing_scores(x, &q);
    listing_charts_notes(x, &q);
    return x->status;
}
