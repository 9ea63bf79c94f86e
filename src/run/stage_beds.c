/*
 * stage_beds.c: the "beds" stage: the bed plan (vardsim/beds.h) with the
 * scenario's occupancy target, closed-bed share and ASIH share: per hospital
 * and region, beds needed, occupancy and Erlang B overflow, the occupancy and
 * overflow scorecard rows.  With staff_to_plan it leaves the share by which
 * the open beds grow to the plan for the flow stage.
 */
#include "run/stage.h"

#include <math.h>

/* Region metrics of the plan. */
static void beds_metrics(vsi_step *x, const vs_bed_plan *plan, const char *src)
{
    const vs_bed_plan_row *t = &plan->total;
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
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++)
        vsi_metric(x, ms[i].name, ms[i].v, ms[i].unit, src);
}

/* Per hospital: results, the bed-plan bars and the occupancy bars. */
static void beds_hospitals(vsi_step *x, const vs_bed_plan *plan)
{
    for (int h = 0; h < plan->n_hospitals; h++) {
        const vs_bed_plan_row *b = &plan->hospitals[h];
        const char *name = x->rg->hospitals[h].name;
        struct {
            const char *metric;
            double v;
        } hv[] = {{"beds_needed", (double)b->beds_needed},
                  {"beds_open_after_closure", (double)b->beds_after_closure},
                  {"beds_needed_asih", (double)b->beds_needed_asih},
                  {"occupancy_open", b->occupancy_after_closure},
                  {"overflow_open", b->overflow_after_closure},
                  {"offered_load", b->offered_load}};
        for (size_t i = 0; i < sizeof hv / sizeof hv[0]; i++)
            vsi_unit(x, VS_STORE_HOSPITAL, b->hospital_id, hv[i].metric, hv[i].v);
        struct {
            const char *series;
            double v;
        } bars[] = {{"staffed today", (double)b->beds_staffed},
                    {"open after closures", (double)b->beds_after_closure},
                    {"needed (occupancy and overflow targets)", (double)b->beds_needed},
                    {"needed with the ASIH shift", (double)b->beds_needed_asih}};
        for (size_t i = 0; i < sizeof bars / sizeof bars[0]; i++)
            vsi_series(x, "bed_plan", bars[i].series, h, name, bars[i].v);
        vsi_series(x, "bed_occupancy", "at today's open beds", h, name,
                   b->occupancy_after_closure);
        vsi_series(x, "bed_occupancy", "at the planned beds", h, name, b->occupancy_at_needed);
    }
}

/* The occupancy row: at today's open beds, or with staff_to_plan at the plan's. */
static void beds_occupancy_row(vsi_step *x, const vs_beds_params *p, const vs_bed_plan *plan,
                               const char *src)
{
    const vsi_target_def *t = vsi_target(x, "occupancy");
    if (x->sc->beds.staff_to_plan)
        vsi_score(x, 40, t->id, "Bed occupancy at the bed plan's staffed beds (region)", t,
                  plan->total.occupancy_at_needed,
                  vsi_fmt(x,
                          "offered load / the staffed beds of the bed plan "
                          "(policies.beds.staff_to_plan: a bed plan that meets need, seed "
                          "003:74-75); %s",
                          src));
    else
        vsi_score(x, 40, t->id, "Bed occupancy at today's open beds (region)", t,
                  plan->total.occupancy_after_closure,
                  vsi_fmt(x,
                          "offered load / beds left open after closing %.3g of the staffed "
                          "beds; %s",
                          p->closure_share, src));
}

/* The overflow row: Erlang B at today's open beds, or with staff_to_plan at
 * the plan's beds (the bed-plan row's overflow_at_needed).  With the
 * simulation it is kept beside the simulated row as overflow_erlang. */
static void beds_overflow_row(vsi_step *x, const vs_bed_plan *plan, const char *src)
{
    int flow = vsi_selected(x->m, "flow");
    const vsi_target_def *t = vsi_target(x, "overflow");
    const char *label = "Share of admissions overflowing (utlokaliserade) at today's open beds "
                        "(Erlang B, analytic)";
    double value = plan->total.overflow_after_closure;
    if (x->sc->beds.staff_to_plan) {
        label = "Share of admissions overflowing (utlokaliserade) at the bed plan's staffed beds "
                "(Erlang B, analytic)";
        value = plan->total.overflow_at_needed;
    }
    vsi_score(x, flow ? 51 : 50, flow ? "overflow_erlang" : t->id, label, t, value,
              vsi_fmt(x,
                      "Erlang B overflow probability at today's open beds, admission-weighted "
                      "over the hospitals; %s",
                      src));
}

static void beds_notes(vsi_step *x, const vs_beds_params *p, const vs_bed_plan *plan)
{
    double asih = x->sc->beds.asih_share;
    if (!(asih > p->asih_share_before))
        vsi_note(x, "beds",
                 "policies.beds.asih_share %.3g is not above the 2016 share %.3g: no bed-days "
                 "are moved to ASIH in the bed plan.",
                 asih, p->asih_share_before);
    if (!x->sc->beds.staff_to_plan)
        vsi_note(x, "beds", "%s",
                 "policies.beds.staff_to_plan is false: today's open beds are kept; the plan "
                 "shows the beds needed to meet the targets.");
    else
        vsi_note(x, "beds",
                 "policies.beds.staff_to_plan is true: the %lld open beds are raised to the bed "
                 "plan's %lld staffed beds (+%.1f %%); the occupancy and overflow rows and the "
                 "simulation use them.",
                 (long long)plan->total.beds_after_closure, (long long)plan->total.beds_needed,
                 100.0 * x->m->plan_extra_beds);
}

/* The bed parameters with the scenario's policies, the demand and the plan. */
static vs_status beds_compute(vsi_step *x, vs_beds_params *p, vs_beds_demand **d,
                              vs_bed_plan **plan)
{
    const vs_scenario *sc = x->sc;
    *p = x->m->bp;
    p->occupancy_target = sc->beds.occupancy_target;
    p->closure_share = sc->beds.closed_bed_share;
    /* ASIH: the scenario gives the ASIH share of the region's care places */
    p->asih_shift = vs_beds_asih_shift(sc->beds.asih_share, p->asih_share_before);
    vs_status s = vs_beds_params_check(x->ctx, p);
    if (s || (s = vs_beds_demand_derive(x->ctx, x->rg, p, d)))
        return s;
    return vs_beds_plan(x->ctx, x->rg, *d, p, plan);
}

/* staff_to_plan: the open beds become the plan's need (after closures); the
 * flow stage opens them as a region-wide share on top of the open beds (its
 * demand is spread by staffed beds, as the plan's is).  Else 0. */
static double plan_extra_beds(const vs_scenario *sc, const vs_bed_plan_row *t)
{
    if (sc->beds.staff_to_plan && t->beds_after_closure > 0
        && t->beds_needed > t->beds_after_closure)
        return (double)t->beds_needed / (double)t->beds_after_closure - 1.0;
    return 0;
}

vs_status vsi_stage_beds(vsi_step *x)
{
    vs_run_models *m = x->m;
    vs_beds_plan_destroy(m->plan);
    m->plan = NULL;
    if (x->rg->n_hospitals == 0) {
        vsi_note(x, "beds", "The region has no hospitals: no bed plan.");
        return x->status;
    }
    vs_beds_params p;
    vs_beds_demand *d = NULL;
    vs_bed_plan *plan = NULL;
    vs_status s = beds_compute(x, &p, &d, &plan);
    if (!s) {
        const vs_bed_plan_row *t = &plan->total;
        m->plan_extra_beds = plan_extra_beds(x->sc, t);
        const char *src = vsi_fmt(
            x,
            "bed plan (Erlang loss model, docs/beds.md): %.0f admissions a year (%g per 1,000 "
            "residents x acute share %.4g) x mean stay %.3g days, spread over the hospitals by "
            "staffed beds (%s/hospital_beds.csv, inpatient_care.csv, mean stay "
            "alos_days_0_plus of demand_rates.csv); occupancy target %.3g, "
            "closed share %.3g, ASIH shift %.4g of bed-days",
            t->admissions_per_year, p.admissions_per_1000, p.acute_share, p.mean_los_days,
            m->param_dir, p.occupancy_target, p.closure_share, p.asih_shift);
        beds_metrics(x, plan, src);
        beds_hospitals(x, plan);
        vs_chart_def charts[] = {
            {"bed_plan", 140, "bar", "Bed plan: staffed, open and needed beds per hospital",
             "hospital", "beds", NULL, src},
            {"bed_occupancy", 145, "bar",
             "Bed occupancy per hospital: today's open beds and the plan", "hospital", "share",
             NULL, src},
        };
        vsi_charts(x, charts, sizeof charts / sizeof charts[0]);
        beds_occupancy_row(x, &p, plan, src);
        beds_overflow_row(x, plan, src);
        beds_notes(x, &p, plan);
        s = x->status;
    }
    if (!s) { /* kept for the validation stage */
        m->plan = plan;
        plan = NULL;
    }
    vs_beds_plan_destroy(plan);
    vs_beds_demand_destroy(d);
    return s;
}
