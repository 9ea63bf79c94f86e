/*
 * stage_flow.c: the "flow" stage: the region patient-flow simulation
 * (vardsim/flow.h) with the scenario's queue discipline, GP supply, listing,
 * working time, care guarantee, beds and simulation settings, on the listing
 * stage's network (with flow_network FALLBACK or without the listing stage,
 * a network designed once here); the other two disciplines on the same
 * network with fewer replications for the per-discipline charts.
 */
#include "run/stage.h"

#include <math.h>
#include <unistd.h>

#include "core/strbuf.h"

static const char *const pc_class_label[VS_PC_CLASSES] = {"same day", "within 3 days", "routine",
                                                          "planned follow-up"};

/* The simulations of one stage: by discipline, and what they ran with. */
typedef struct flow_runs {
    vs_flow_params p;              /* the scenario's discipline */
    vs_flow_result *res[3];        /* by discipline; NULL when not run */
    vs_flow_network_spec *local;   /* a network designed here, else NULL */
    int own, other_reps, reused;   /* own discipline, replications of the others,
                                      1 when the listing stage's network was used */
    const char *src, *csrc;        /* sources: own discipline, with the others */
} flow_runs;

int vsi_run_flow_other_replications(int replications)
{
    return replications < 2 ? replications : 2;
}

/* vs_flow_params_check's or vs_flow_clinical_hours's message, as an input
 * error naming the scenario file. */
static vs_status flow_params_fail(vs_ctx *ctx, const vs_scenario *sc, const char *before,
                                  const char *after)
{
    vsi_buf why = VSI_BUF_INIT;
    vsi_buf_puts(&why, vs_ctx_message(ctx));
    vs_status s = vs_ctx_fail(ctx, VS_EINPUT, "%s: %s%s%s", sc->path, before, vsi_buf_str(&why),
                              after);
    vsi_buf_free(&why);
    return s;
}

/* Scenario fields -> vs_flow_params (docs/report.md, "Scenario fields"). */
vs_status vsi_run_flow_params(vs_ctx *ctx, const vs_scenario *sc, const vs_flow_params *defaults,
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
    double h;
    if (vs_flow_params_check(ctx, &p))
        return flow_params_fail(ctx, sc, "the simulation parameters from the scenario: ", "");
    if (vs_flow_clinical_hours(ctx, &p, &h))
        return flow_params_fail(ctx, sc, "field policies.primary_care: no clinical time is left (",
                                ")");
    *out = p;
    return VS_OK;
}

/* Run the scenario's discipline, then (unless switched off) the other two
 * with fewer replications, all on one network. */
static vs_status flow_simulate(vsi_step *x, flow_runs *f)
{
    vs_run_models *m = x->m;
    vs_status s = vsi_run_flow_params(x->ctx, x->sc, &m->fp, m->bp.asih_share_before, &f->p);
    if (s)
        return s;
    f->p.network = m->flow_network;
    f->p.extra_beds_share = m->plan_extra_beds;
    f->own = (int)f->p.discipline;
    f->other_reps = vsi_run_flow_other_replications(f->p.replications);
    /* the network: the listing stage's design when this run simulates on the
     * listing engine's network, else designed here once for every discipline */
    const vs_flow_network_spec *listing_net = m->pre ? m->pre->net : m->net;
    const vs_flow_network_spec *net =
        listing_net && f->p.network != VS_NETWORK_FALLBACK ? listing_net : NULL;
    f->reused = net != NULL;
    if (!net && m->pre && m->pre->flow_net) /* a sweep's prebuilt network */
        net = m->pre->flow_net;
    if (!net) {
        if ((s = vs_flow_network_design(x->ctx, x->rg, &f->p, &f->local)))
            return s;
        net = f->local;
    }
    if ((s = vs_flow_run_network(x->ctx, x->rg, &f->p, net, NULL, NULL, &f->res[f->own])))
        return s;
    for (int d = 0; d < 3 && m->flow_other >= 0; d++) {
        if (d == f->own)
            continue;
        vs_flow_params q = f->p;
        q.discipline = (vs_flow_discipline)d;
        q.replications = f->other_reps;
        if ((s = vs_flow_run_network(x->ctx, x->rg, &q, net, NULL, NULL, &f->res[d])))
            return s;
    }
    return VS_OK;
}

/* A primary-care class with visits (the booking model has no own requests
 * in the class within_3_days, docs/flow.md): only those are stored. */
static int pc_class_used(const vs_flow_result *r, int c)
{
    return !isnan(r->pc_wait_days[c].mean);
}

/* Region metrics of the scenario's discipline, and the others' headlines. */
static void flow_metrics(vsi_step *x, const flow_runs *f)
{
    const vs_flow_result *r = f->res[f->own];
    for (int c = 0; c < VS_PC_CLASSES; c++) {
        const char *cn = vs_flow_pc_class_name(c);
        struct {
            const char *fmt, *unit;
            vs_flow_est e;
        } m[4] = {{"flow_pc_wait_days_%s", "days", r->pc_wait_days[c]},
                  {"flow_pc_within_limit_%s", "share", r->pc_within_days[c]},
                  {"flow_pc_wait_days_insured_%s", "days", r->pc_wait_insured[c]},
                  {"flow_pc_wait_days_uninsured_%s", "days", r->pc_wait_uninsured[c]}};
        for (int k = 0; k < 4; k++)
            if (!isnan(m[k].e.mean)) /* a class without visits in this run has none */
                vsi_metric_est(x, vsi_fmt(x, m[k].fmt, cn), m[k].e, m[k].unit, f->src);
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
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++)
        vsi_metric_est(x, ms[i].name, ms[i].e, ms[i].unit, f->src);
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
        {"flow_days", f->p.days, "days"},
        {"flow_replications", (double)f->p.replications, "replications"},
    };
    for (size_t i = 0; i < sizeof fx / sizeof fx[0]; i++)
        vsi_metric(x, fx[i].name, fx[i].v, fx[i].unit, f->src);
    for (int d = 0; d < 3; d++) {
        const vs_flow_result *o = f->res[d];
        if (!o || d == f->own)
            continue;
        const char *dn = vs_flow_discipline_name(d);
        vsi_metric_est(x, vsi_fmt(x, "flow_%s_pc_wait_days_all", dn), o->pc_wait_days_all,
                       "days", f->csrc);
        vsi_metric_est(x, vsi_fmt(x, "flow_%s_pc_inversions", dn), o->pc_inversions, "visits",
                       f->csrc);
        vsi_metric_est(x, vsi_fmt(x, "flow_%s_bed_inversions", dn), o->bed_inversions,
                       "admissions", f->csrc);
        vsi_metric_est(x, vsi_fmt(x, "flow_%s_pc_insured_ahead", dn), o->pc_insured_ahead,
                       "visits", f->csrc);
    }
}

/* Per hospital: results and bars.  Returns the simulated busy bed-days. */
static double flow_hospitals(vsi_step *x, const flow_runs *f)
{
    const vs_flow_result *r = f->res[f->own];
    double bed_days = 0;
    for (int h = 0; h < x->rg->n_hospitals && h < r->n_hospitals; h++) {
        const vs_flow_hospital *fh = &r->hospitals[h];
        const char *id = x->rg->hospitals[h].hospital_id, *name = x->rg->hospitals[h].name;
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
        for (size_t i = 0; i < sizeof hv / sizeof hv[0]; i++)
            vsi_unit(x, VS_STORE_HOSPITAL, id, hv[i].metric, hv[i].v);
        vsi_series_est(x, "flow_occupancy", "simulated", h, name, fh->occupancy);
        vsi_series(x, "flow_occupancy", "offered load / open beds (analytic)", h, name,
                   fh->beds > 0 ? fh->offered_load / fh->beds : NAN);
        vsi_series_est(x, "flow_overflow_days", "overflow patient-days", h, name,
                       fh->overflow_days);
        vsi_series_est(x, "flow_boarding", "mean ED boarding", h, name, fh->boarding_hours);
        if (isfinite(fh->occupancy.mean))
            bed_days += fh->occupancy.mean * fh->beds * f->p.days;
    }
    return bed_days;
}

/* Per area, municipality and centre of the scenario's discipline. */
static void flow_units(vsi_step *x, const flow_runs *f)
{
    const vs_flow_result *r = f->res[f->own];
    const vs_region *rg = x->rg;
    for (int a = 0; a < rg->n_areas && a < r->n_areas; a++)
        vsi_unit(x, VS_STORE_AREA, rg->areas[a].area_id, "flow_pc_wait_days",
                 r->pc_wait_area[a].mean);
    for (int i = 0; i < rg->n_municipalities && i < r->n_municipalities; i++) {
        const char *id = rg->municipalities[i].municipality_id;
        vsi_unit(x, VS_STORE_MUNICIPALITY, id, "flow_pc_wait_days",
                 r->pc_wait_municipality[i].mean);
        vsi_unit(x, VS_STORE_MUNICIPALITY, id, "flow_pc_within_limit",
                 r->pc_within_municipality[i].mean);
        vsi_series_est(x, "flow_wait_municipality", "mean wait", i, rg->municipalities[i].name,
                       r->pc_wait_municipality[i]);
    }
}

static void flow_centres(vsi_step *x, const flow_runs *f)
{
    const vs_flow_result *r = f->res[f->own];
    for (int c = 0; c < r->n_centres; c++) {
        const vs_flow_centre *fc = &r->centres[c];
        vsi_unit(x, VS_STORE_CENTRE, fc->centre_id, "gp_fte", fc->gp_fte);
        vsi_unit(x, VS_STORE_CENTRE, fc->centre_id, "residents", fc->residents);
        vsi_unit(x, VS_STORE_CENTRE, fc->centre_id, "requests_per_year", fc->requests_per_year);
    }
}

/* Waits by class (insured / others) and decile of the scenario's
 * discipline; per discipline: waits by class and decile, inversions. */
static void flow_series(vsi_step *x, const flow_runs *f)
{
    const vs_flow_result *r = f->res[f->own];
    for (int c = 0; c < VS_PC_CLASSES; c++) {
        if (!pc_class_used(r, c))
            continue;
        vsi_series_est(x, "flow_wait_insured", "insured", c, pc_class_label[c],
                       r->pc_wait_insured[c]);
        vsi_series_est(x, "flow_wait_insured", "not insured", c, pc_class_label[c],
                       r->pc_wait_uninsured[c]);
    }
    for (int k = 0; k < 10; k++)
        vsi_series_est(x, "flow_within_decile", "within the class limit", k,
                       vsi_decile_labels[k], r->pc_within_decile[k]);
    static const char *const q[3] = {"primary care (lower class first)",
                                      "bed lists (lower class first)",
                                      "primary care (insured ahead in class)"};
    for (int d = 0; d < 3; d++) {
        const vs_flow_result *o = f->res[d];
        if (!o)
            continue;
        const char *sname = vsi_fmt(x, "%s%s", vs_flow_discipline_name(d),
                                    d == f->own ? " (scenario)" : "");
        for (int c = 0; c < VS_PC_CLASSES; c++)
            if (pc_class_used(o, c))
                vsi_series_est(x, "flow_wait_class", sname, c, pc_class_label[c],
                               o->pc_wait_days[c]);
        for (int k = 0; k < 10; k++)
            vsi_series_est(x, "flow_wait_decile", sname, k, vsi_decile_labels[k],
                           o->pc_wait_decile[k]);
        vs_flow_est e[3] = {o->pc_inversions, o->bed_inversions, o->pc_insured_ahead};
        for (int i = 0; i < 3; i++)
            vsi_series_est(x, "flow_inversions", sname, i, q[i], e[i]);
    }
}

static void flow_charts(vsi_step *x, const flow_runs *f)
{
    const char *src = f->src;
    const char *dsrc = vsi_fmt(x, "%s. \"(scenario)\" marks the scenario's own discipline",
                               f->csrc);
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
    vsi_charts(x, charts, sizeof charts / sizeof charts[0]);
}

/* Scorecard: insurance never moving anyone ahead, simulated occupancy and
 * overflow patient-days. */
static void flow_scores(vsi_step *x, const flow_runs *f, double bed_days)
{
    const vs_flow_result *r = f->res[f->own];
    const vs_flow_params *p = &f->p;
    const vsi_target_def *ti = vsi_target(x, "insurance_ahead");
    vsi_score(x, 60, ti->id,
              "Insured patients served ahead of others in their class (insurance never moving "
              "anyone ahead)",
              ti, r->pc_insured_ahead.mean,
              vsi_fmt(x,
                      "primary-care visits of insured patients that started while an uninsured "
                      "patient of the same urgency class, who arrived earlier, waited at the "
                      "same centre (mean per simulated period of %g days); %s",
                      p->days, f->src));
    int plan = x->m->plan_extra_beds > 0; /* staff_to_plan raised the open beds */
    vsi_score(x, 41, "occupancy_simulated",
              plan ? "Bed occupancy at the bed plan's staffed beds, simulated (region)"
                   : "Bed occupancy at today's open beds, simulated (region)",
              vsi_target(x, "occupancy"), r->occupancy.mean,
              vsi_fmt(x,
                      "simulated busy beds / open beds (after closing %.3g of the staffed "
                      "beds%s), time average over the hospitals; %s",
                      p->bed_closure_share,
                      plan ? ", then raised to the bed plan's need by staff_to_plan" : "",
                      f->src));
    /* the overflow target as a share of the simulated inpatient bed-days */
    const vsi_target_def *to = vsi_target(x, "overflow");
    double total = bed_days + r->overflow_days.mean;
    vs_score_row ovf = {50, to->id, "Overflow (utlokalisering) patient-days, simulated",
                        r->overflow_days.mean, "patient-days", to->comparator, to->value * total,
                        0, NULL, 0};
    ovf.source = vsi_fmt(
        x,
        "target: DERIVED %.3g x simulated inpatient bed-days (%.0f = busy open beds + "
        "overflow patient-days over %g days); %.3g is the national share of patients "
        "utlokaliserade in 2015 (SKL, %s/hospital_beds.csv; the documents give no "
        "number, seed 002:105, 004:1539-1544), used as a share of bed-days (the model "
        "outplaces a patient for the whole stay); value: simulated overflow "
        "patient-days, with %.0f expected extra care injuries (relative risk %.2g); %s",
        to->value, total, p->days, to->value, x->m->param_dir, r->extra_injuries.mean,
        p->injury_rr_outplaced, f->src);
    vsi_score_row(x, &ovf);
}

static void flow_notes(vsi_step *x, const flow_runs *f)
{
    const vs_flow_result *r = f->res[f->own];
    const vs_flow_params *p = &f->p;
    if (r->network_method == VS_NETWORK_CENTRES)
        vsi_note(x, "simulation",
                 "Primary care runs on the region's own care centres (%s/centres.csv: %d "
                 "centres, %.1f GP FTE; residents listed at the nearest centres with room, the "
                 "same lists as the listing stage's tables). Primary-care waits per area are "
                 "the simulated waits of each area's residents.",
                 x->rg->dir, r->n_centres, r->gp_fte_total);
    else if (r->network_method == VS_NETWORK_LISTING)
        vsi_note(x, "simulation",
                 "The region has no list of care centres: primary care runs on the network "
                 "that the listing engine designs (greenfield, %d centres, %.1f GP FTE at %g "
                 "residents per GP; designed once %s and reused for every "
                 "discipline). Primary-care waits per area are the simulated waits of each "
                 "area's residents.",
                 r->n_centres, r->gp_fte_total, p->residents_per_gp,
                 f->reused ? "in the listing stage (the same centres and lists as its tables)"
                           : "in this stage");
    else
        vsi_note(x, "simulation",
                 "The region has no list of care centres: primary care runs on the fallback "
                 "network (population bisection per municipality, %d centres, %.1f GP FTE at "
                 "%g residents per GP, designed once for every discipline), not on the "
                 "listing engine's design that the listing stage reports (vardsim run "
                 "--network). Primary-care waits per area are the simulated waits of each "
                 "area's residents.",
                 r->n_centres, r->gp_fte_total, p->residents_per_gp);
    if (!r->conservation_ok)
        vsi_note(x, "simulation", "%s",
                 "Conservation failed: arrivals differ from departures + patients in the system "
                 "in at least one replication (a model error; please report it).");
    if (x->sc->primary_care.gp_cap_unit == VS_GP_CAP_PER_HEAD)
        vsi_note(x, "simulation", "%s",
                 "gp_cap_unit per_head: the simulation works per GP FTE; the cap is used as if "
                 "per FTE.");
    vsi_note(x, "simulation",
             "Per-discipline charts: the scenario's discipline (%s) with %d replication(s); "
             "%s with %d replication(s) each, same seed and parameters.",
             vs_flow_discipline_name(f->own), p->replications,
             x->m->flow_other >= 0 ? "the other two disciplines" : "no other discipline run",
             x->m->flow_other >= 0 ? f->other_reps : 0);
}

vs_status vsi_stage_flow(vsi_step *x)
{
    vs_flow_result_destroy(x->m->flow);
    x->m->flow = NULL;
    if (x->rg->n_hospitals == 0 || x->rg->population <= 0) {
        vsi_note(x, "simulation", "%s",
                 "The region has no residents or no hospitals: no patient-flow simulation.");
        return x->status;
    }
    flow_runs f = {0};
    vs_status s = flow_simulate(x, &f);
    if (!s) {
        const vs_flow_result *r = f.res[f.own];
        const vs_flow_params *p = &f.p;
        f.src = vsi_fmt(
            x,
            "patient-flow simulation (vs_flow_run, docs/flow.md): discipline %s, %d "
            "replication(s) of %g days after a %g-day warm-up, seed %llu; %d care centres of "
            "the %s (%.1f GP FTE at %g residents per GP); parameters %s/flow.csv with the "
            "scenario's policies (docs/report.md); mean over replications, 95 %% Student-t "
            "interval",
            vs_flow_discipline_name(f.own), p->replications, p->days, p->warmup_days,
            (unsigned long long)p->seed, r->n_centres,
            r->network_method == VS_NETWORK_CENTRES
                ? "region's own care centres (centres.csv)"
            : r->network_method == VS_NETWORK_LISTING
                ? "listing engine's greenfield design (vs_listing_design_greenfield)"
                : "fallback network (population bisection per municipality)",
            r->gp_fte_total, p->residents_per_gp, x->m->param_dir);
        f.csrc = vsi_fmt(x,
                         "%s; the other disciplines: %d replication(s) each, same seed (common "
                         "random numbers) and parameters",
                         f.src, f.other_reps);
        flow_metrics(x, &f);
        flow_units(x, &f);
        double bed_days = flow_hospitals(x, &f);
        flow_centres(x, &f);
        flow_series(x, &f);
        flow_charts(x, &f);
        flow_scores(x, &f, bed_days);
        flow_notes(x, &f);
        s = x->status;
    }
    if (!s) { /* kept for the validation stage */
        x->m->flow = f.res[f.own];
        f.res[f.own] = NULL;
    }
    for (int d = 0; d < 3; d++)
        vs_flow_result_destroy(f.res[d]);
    vs_flow_network_spec_destroy(f.local);
    return s;
}
