/*
 * run.c: vs_flow_run.  Prepares the plan shared by all replications (need
 * model, designed primary-care network, hospital demand, distributions and
 * arrival profiles), runs the replications as a phase of work units
 * (vs_units_run: locally on `threads` threads, or over MPI ranks or batch
 * tasks when the context has a backend) and turns the per-replication records into means with
 * 95 % confidence intervals, in replication order.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flow_internal.h"
#include "vardsim/erlang.h"
#include "vardsim/need.h"
#include "vardsim/stats.h"
#include "vardsim/units.h"

static void plan_free(flow_plan *P)
{
    if (P->centres)
        for (int c = 0; c < P->n_centres; c++) {
            vs_dist_destroy(P->centres[c].area_dist);
            free(P->centres[c].ysched_t);
            free(P->centres[c].ysched_c);
        }
    free(P->centres);
    free(P->areas);
    free(P->hosp);
    vs_dist_destroy(P->ed_area_dist);
    vs_dist_destroy(P->el_area_dist);
    vs_dist_destroy(P->ed_los);
    vs_dist_destroy(P->bed_los);
}

/* Mean and 95 % CI over the finite values x[0], x[stride], ... (replications
 * where a mean had no observations are NaN and left out). */
static vs_status est(vs_ctx *ctx, const double *x, int n, size_t stride, vs_flow_est *out)
{
    double *v = malloc((size_t)n * sizeof *v);
    if (!v)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    int k = 0;
    for (int i = 0; i < n; i++)
        if (isfinite(x[(size_t)i * stride]))
            v[k++] = x[(size_t)i * stride];
    vs_status st = VS_OK;
    out->mean = out->ci95 = NAN;
    if (k > 0)
        st = vs_stats_mean_ci95(ctx, v, (size_t)k, 1, &out->mean, &out->ci95);
    free(v);
    return st;
}

static vs_status rep_fn(vs_ctx *ctx, int rep, void *result, void *user)
{
    return vsi_flow_replicate(ctx, user, rep, result);
}

typedef struct prog {
    vs_ctx *ctx;
    vs_flow_progress_fn fn;
    void *user;
} prog;

static void rep_progress(int done, int total, void *user)
{
    const prog *p = user;
    if (p->fn)
        p->fn(done, total, p->user);
    vs_ctx_progress(p->ctx, "simulate: replications", done, total);
}

/* The hospital's staffed beds split over the wards: largest remainders of
 * beds x share (ties to the lower ward), every ward at least one bed. */
static vs_status split_wards(vs_ctx *ctx, flow_plan *P, const char *id, flow_hosp *fh)
{
    const vs_flow_params *p = &P->p;
    int W = P->wards, given = 0;
    double s = 0, rem[VS_FLOW_WARDS];
    for (int w = 0; w < W; w++)
        s += p->ward_share[w];
    for (int w = 0; w < W; w++) {
        double x = fh->beds * p->ward_share[w] / s;
        fh->ward_beds[w] = (int)floor(x);
        rem[w] = x - floor(x);
        given += fh->ward_beds[w];
    }
    while (given < fh->beds) {
        int best = 0;
        for (int w = 1; w < W; w++)
            if (rem[w] > rem[best])
                best = w;
        fh->ward_beds[best]++;
        rem[best] = -1;
        given++;
    }
    for (int w = 0; w < W; w++)
        if (fh->ward_beds[w] < 1)
            return vs_ctx_fail(ctx, VS_EINFEASIBLE,
                               "hospital %s: %d staffed beds leave ward %s without a bed (%d "
                               "wards; set fewer wards or other shares)",
                               id, fh->beds, vs_flow_ward_name(w), W);
    return VS_OK;
}

static vs_status prepare(vs_ctx *ctx, const vs_region *region, flow_plan *P, vs_flow_result *res,
                         const vs_flow_network_spec *prebuilt)
{
    const vs_flow_params *p = &P->p;
    if (region->population <= 0)
        return vs_ctx_fail(ctx, VS_EINFEASIBLE, "region %s has no residents", region->name);
    if (region->n_hospitals < 1)
        return vs_ctx_fail(ctx, VS_EINFEASIBLE, "region %s has no hospitals", region->name);
    vs_need_params *np = NULL;
    vs_need_reference *ref = NULL;
    vs_need_result *nr = NULL;
    vs_status st = vs_need_params_load(ctx, p->param_dir, &np);
    if (!st && p->reference_path[0])
        st = vs_need_reference_load(ctx, p->reference_path, &ref);
    if (!st) {
        vs_need_options opt;
        vs_need_options_init(&opt);
        opt.reference = ref;
        opt.elasticity_override = p->need_elasticity;
        st = vs_need_compute(ctx, region, np, &opt, &nr);
    }
    int n = region->n_areas;
    double *req = NULL, *ed = NULL, *adm = NULL, *vals = NULL;
    if (!st) {
        P->n_areas = n;
        P->areas = calloc((size_t)n, sizeof *P->areas);
        req = calloc((size_t)n, sizeof *req);
        ed = calloc((size_t)n, sizeof *ed);
        adm = calloc((size_t)n, sizeof *adm);
        vals = calloc((size_t)n, sizeof *vals);
        if (!P->areas || !req || !ed || !adm || !vals)
            st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory (flow plan)");
    }
    double ed_total = 0, adm_total = 0;
    if (!st) {
        /* insurance profile: s x (share aged 20-64 in a) / (share in the region) */
        double wa_region = 0;
        for (int b = 4; b <= 12; b++)
            wa_region += (double)region->pop_by_band[b];
        wa_region /= (double)region->population;
        for (int a = 0; a < n; a++) {
            const vs_area *A = &region->areas[a];
            flow_area *fa = &P->areas[a];
            fa->municipality = A->municipality;
            fa->decile = nr->areas[a].decile - 1;
            if (fa->decile < 0)
                fa->decile = 0;
            if (fa->decile > 9)
                fa->decile = 9;
            double wa = 0;
            for (int b = 4; b <= 12; b++)
                wa += (double)A->pop[b];
            wa = A->population > 0 ? wa / (double)A->population : 0;
            fa->insured_share = wa_region > 0 ? fmin(1.0, p->insured_share * wa / wa_region) : 0;
            double x = nr->areas[a].expected[VS_SERVICE_DOCTOR];
            req[a] = isfinite(x) ? x : 0;
            x = nr->areas[a].expected[VS_SERVICE_ED];
            ed[a] = isfinite(x) ? x : 0;
            x = nr->areas[a].expected[VS_SERVICE_ADMISSIONS];
            adm[a] = isfinite(x) ? x : 0;
            vals[a] = a;
            ed_total += ed[a];
            adm_total += adm[a];
        }
        if (ed_total > 0)
            st = vs_dist_create_empirical(ctx, (size_t)n, vals, ed, &P->ed_area_dist);
        if (!st && adm_total > 0)
            st = vs_dist_create_empirical(ctx, (size_t)n, vals, adm, &P->el_area_dist);
    }
    struct timespec n0, n1;
    clock_gettime(CLOCK_MONOTONIC, &n0);
    if (!st)
        st = vsi_flow_network(ctx, P, req, res, prebuilt);
    clock_gettime(CLOCK_MONOTONIC, &n1);
    res->network_seconds = (double)(n1.tv_sec - n0.tv_sec) + 1e-9 * (double)(n1.tv_nsec - n0.tv_nsec);
    if (!st) {
        double pc = 0;
        for (int a = 0; a < n; a++)
            pc += req[a];
        res->pc_demand_per_year = pc;
        res->visits_per_clinical_hour = p->visits_per_clinical_hour;
        res->pc_capacity_per_year = res->gp_fte_total * res->clinical_hours_per_weekday *
                                    p->visits_per_clinical_hour *
                                    (365.25 * 5.0 / 7.0 - p->gp_vacation_days);
        P->pc_rate_factor = (1.0 - p->pc_return_share) * (1.0 + p->pc_seasonal_amplitude);
        for (int c = 0; !st && c < P->n_centres; c++)
            st = vsi_flow_year_schedule(ctx, p, res->clinical_hours_per_weekday, &P->centres[c]);
        P->visit_days = 1.0 / (p->visits_per_clinical_hour * 24.0);
    }
    free(req);
    free(vals);
    /* hospitals: ED visits and acute admissions spread by staffed beds (the
     * bed plan's documented default), electives = admissions - ED admissions */
    if (!st) {
        int nh = region->n_hospitals;
        P->n_hosp = nh;
        P->hosp = calloc((size_t)nh, sizeof *P->hosp);
        res->hospitals = calloc((size_t)nh, sizeof *res->hospitals);
        res->n_hospitals = nh;
        if (!P->hosp || !res->hospitals)
            st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory (flow plan)");
        double beds = 0;
        for (int h = 0; h < nh; h++)
            beds += (double)region->hospitals[h].beds_staffed;
        if (!st && !(beds > 0))
            st = vs_ctx_fail(ctx, VS_EINFEASIBLE, "region %s has no staffed beds", region->name);
        double acute = p->admissions_per_1000 / 1000.0 * (double)region->population *
                       p->acute_share;
        res->ed_visits_per_year = ed_total;
        res->admissions_per_year = acute;
        for (int h = 0; !st && h < nh; h++) {
            double w = (double)region->hospitals[h].beds_staffed / beds;
            flow_hosp *fh = &P->hosp[h];
            double b = (double)region->hospitals[h].beds_staffed * (1.0 - p->bed_closure_share) *
                       (1.0 + p->extra_beds_share);
            fh->beds = (int)llround(b);
            st = split_wards(ctx, P, region->hospitals[h].hospital_id, fh);
            fh->ed_per_year = ed_total * w;
            fh->admissions_per_year = acute * w;
            fh->elective_per_year = fmax(0.0, acute * w - fh->ed_per_year * p->ed_share_admitted);
            res->elective_per_year += fh->elective_per_year;
            vs_flow_hospital *rh = &res->hospitals[h];
            rh->beds = fh->beds;
            rh->wards = P->wards;
            memcpy(rh->ward_beds, fh->ward_beds, sizeof rh->ward_beds);
            rh->offered_load = (fh->ed_per_year * p->ed_share_admitted + fh->elective_per_year) *
                               (1.0 - p->asih_share) * p->mean_los_days / 365.0;
            rh->erlang_b = NAN;
            if (!st && fh->beds > 0)
                st = vs_erlang_b(ctx, fh->beds, rh->offered_load, &rh->erlang_b);
        }
    }
    free(ed);
    free(adm);
    /* distributions and profiles */
    if (!st) {
        double mu = log(p->ed_los_median_min);
        double sigma = log(p->ed_los_p90_min / p->ed_los_median_min) / 1.2815515655446004;
        double mean = exp(mu + 0.5 * sigma * sigma), sd = mean * sqrt(expm1(sigma * sigma));
        st = vs_dist_create(ctx, VS_DIST_LOGNORMAL, mean / 1440.0, sd / 1440.0, &P->ed_los);
    }
    if (!st && p->los_exponential)
        st = vs_dist_create(ctx, VS_DIST_EXPONENTIAL, p->mean_los_days, 0, &P->bed_los);
    else if (!st)
        st = vs_dist_create(ctx, VS_DIST_LOGNORMAL, p->mean_los_days, p->mean_los_days * p->los_cv,
                            &P->bed_los);
    if (!st) {
        double s = 0;
        for (int b = 0; b < 4; b++)
            s += p->ed_hour_block_share[b];
        for (int hr = 0; hr < 24; hr++)
            P->ed_rate_hour[hr] = p->ed_hour_block_share[hr / 6] / s * 4.0;
        P->ed_weekday[0] = 7.0 * p->ed_monday_share;
        for (int d = 1; d < 7; d++)
            P->ed_weekday[d] = 7.0 * (1.0 - p->ed_monday_share) / 6.0;
        /* primary-care requests: during the working day on weekdays */
        double L = p->gp_hours_per_week / 5.0, tot = 0;
        for (int i = 0; i < 168; i++) {
            int d = i / 24, hr = i % 24;
            double ov = d < 5 ? fmax(0.0, fmin(hr + 1.0, p->open_hour + L) - fmax((double)hr,
                                                                                 p->open_hour))
                              : 0.0;
            P->pc_rate_week[i] = ov;
            tot += ov;
        }
        for (int i = 0; i < 168; i++)
            P->pc_rate_week[i] *= 168.0 / tot;
        for (int c = 0; c < VS_PC_CLASSES; c++)
            P->pc_share[vsi_flow_pc_rank[c]] = p->pc_class_share[c]; /* kernel class = rank */
        for (int c = 0; c < VS_TRIAGE_LEVELS; c++)
            P->ed_share[c] = p->ed_triage_share[c];
        P->el_share[VS_BED_ELECTIVE] = 1.0;
    }
    vs_need_result_destroy(nr);
    vs_need_reference_destroy(ref);
    vs_need_params_destroy(np);
    return st;
}

vs_status vs_flow_run_progress(vs_ctx *ctx, const vs_region *region, const vs_flow_params *params,
                               vs_flow_progress_fn progress, void *progress_user,
                               vs_flow_result **out)
{
    return vs_flow_run_network(ctx, region, params, NULL, progress, progress_user, out);
}

vs_status vs_flow_run_network(vs_ctx *ctx, const vs_region *region, const vs_flow_params *params,
                              const vs_flow_network_spec *prebuilt, vs_flow_progress_fn progress,
                              void *progress_user, vs_flow_result **out)
{
    *out = NULL;
    if (!region || !params)
        return vs_ctx_fail(ctx, VS_EUSAGE, "region and parameters are required");
    vs_status st = vs_flow_params_check(ctx, params);
    if (st)
        return st;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    vs_flow_result *res = calloc(1, sizeof *res);
    flow_plan P;
    memset(&P, 0, sizeof P);
    if (!res)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    res->params = *params;
    P.region = region;
    P.p = *params;
    P.wards = params->wards;
    {
        double s = 0, c = 0;
        for (int w = 0; w < P.wards; w++)
            s += params->ward_share[w];
        for (int w = 0; w < P.wards; w++)
            P.ward_cum[w] = (c += params->ward_share[w] / s);
    }
    st = prepare(ctx, region, &P, res, prebuilt);
    int nm = region->n_municipalities, nh = region->n_hospitals, R = params->replications;
    P.off_muni = R_FIXED;
    P.off_hosp = P.off_muni + (size_t)nm * RM_N;
    P.off_area = P.off_hosp + (size_t)nh * RH_N;
    P.rec_len = P.off_area + (size_t)region->n_areas * RA_N;
    double *recs = NULL;
    if (!st) {
        recs = calloc((size_t)R * P.rec_len, sizeof *recs);
        res->pc_wait_municipality = calloc((size_t)(nm ? nm : 1), sizeof(vs_flow_est));
        res->pc_within_municipality = calloc((size_t)(nm ? nm : 1), sizeof(vs_flow_est));
        res->n_municipalities = nm;
        res->pc_wait_area = calloc((size_t)(region->n_areas ? region->n_areas : 1),
                                   sizeof(vs_flow_est));
        res->n_areas = region->n_areas;
        if (!recs || !res->pc_wait_municipality || !res->pc_within_municipality ||
            !res->pc_wait_area)
            st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    if (!st) {
        prog pr = {ctx, progress, progress_user};
        vs_units_phase ph = {.name = "flow",
                             .n = R,
                             .threads = params->threads,
                             .fn = rep_fn,
                             .user = &P,
                             .results = recs,
                             .size = P.rec_len * sizeof(double),
                             .progress = rep_progress,
                             .progress_user = &pr};
        st = vs_units_run(ctx, &ph);
    }
    size_t L = P.rec_len;
#define EST(field, off) \
    if (!st)            \
    st = est(ctx, recs + (off), R, L, &res->field)
    EST(pc_requests, R_PC_REQ);
    EST(pc_visits, R_PC_VISITS);
    for (int c = 0; c < VS_PC_CLASSES; c++) {
        EST(pc_wait_days[c], R_PC_WAIT + c);
        EST(pc_within_days[c], R_PC_WITHIN + c);
        EST(pc_wait_insured[c], R_PC_WAIT_INS + c);
        EST(pc_wait_uninsured[c], R_PC_WAIT_UNINS + c);
    }
    EST(pc_wait_days_all, R_PC_WAIT_ALL);
    EST(pc_within_guarantee, R_PC_GUAR);
    EST(pc_within_7_days, R_PC_7D);
    for (int d = 0; d < 10; d++) {
        EST(pc_wait_decile[d], R_DEC_WAIT + d);
        EST(pc_within_decile[d], R_DEC_WITHIN + d);
    }
    for (int m = 0; m < nm; m++) {
        EST(pc_wait_municipality[m], P.off_muni + (size_t)m * RM_N + RM_WAIT);
        EST(pc_within_municipality[m], P.off_muni + (size_t)m * RM_N + RM_WITHIN);
    }
    EST(continuity, R_CONT);
    EST(pc_inversions, R_PC_INV);
    EST(pc_insured_ahead, R_PC_INS_AHEAD);
    EST(pc_seen_within_0_days, R_PC_SEEN0);
    EST(pc_return_visits, R_PC_RET);
    EST(pc_seen_within_5_days, R_PC_SEEN5);
    EST(ed_share_within_4_hours, R_ED_4H);
    EST(pc_elsewhere, R_PC_ELSE);
    EST(pc_seen_within_3_days, R_PC_SEEN3);
    EST(pc_seen_within_7_days, R_PC_SEEN7);
    EST(pc_wait_days_mean, R_PC_WMEAN);
    EST(pc_wait_days_median, R_PC_WMED);
    EST(ed_los_median_hours, R_ED_LOS_MED);
    EST(outplaced_per_100_beds, R_OUT100);
    EST(overcrowded_per_100_beds, R_OVC100);
    for (int a = 0; a < region->n_areas; a++)
        EST(pc_wait_area[a], P.off_area + (size_t)a * RA_N + RA_WAIT);
    EST(ed_arrivals, R_ED_ARR);
    EST(ed_admitted, R_ED_ADM);
    EST(ed_boarding_hours, R_ED_BOARD_H);
    EST(ed_boarding_share, R_ED_BOARD_SHARE);
    EST(ed_boarding_mean_patients, R_ED_BOARD_PAT);
    EST(bed_inversions, R_BED_INV);
    EST(elective_decisions, R_EL_DEC);
    EST(elective_wait_days, R_EL_WAIT);
    EST(elective_within_guarantee, R_EL_WITHIN);
    EST(elective_elsewhere, R_EL_ELSEWHERE);
    EST(asih_episodes, R_ASIH);
    EST(occupancy, R_OCC);
    EST(overflow_days, R_OVF_DAYS);
    EST(extra_injuries, R_INJ);
    EST(arrivals, R_ARR);
    EST(departures, R_DEP);
    EST(in_system, R_INSYS);
    for (int h = 0; h < nh; h++) {
        size_t o = P.off_hosp + (size_t)h * RH_N;
        EST(hospitals[h].occupancy, o + RH_OCC);
        EST(hospitals[h].admissions, o + RH_ADM);
        EST(hospitals[h].outplaced, o + RH_OUT);
        EST(hospitals[h].overflow_days, o + RH_OVF);
        EST(hospitals[h].boarding_hours, o + RH_BOARD);
        EST(hospitals[h].elective_wait_days, o + RH_ELWAIT);
        EST(hospitals[h].outplaced_per_100_beds, o + RH_OUT100);
        EST(hospitals[h].overcrowded_per_100_beds, o + RH_OVC100);
        EST(hospitals[h].to_other_ward, o + RH_TOWARD);
        EST(hospitals[h].to_corridor, o + RH_TOCORR);
    }
#undef EST
    if (!st) {
        res->conservation_ok = 1;
        for (int r = 0; r < R; r++) {
            if (recs[(size_t)r * L + R_CONS_OK] != 1.0)
                res->conservation_ok = 0;
            res->events += (uint64_t)recs[(size_t)r * L + R_EVENTS];
            uint64_t pr = (uint64_t)recs[(size_t)r * L + R_REC_PEAK];
            uint64_t pe = (uint64_t)recs[(size_t)r * L + R_ENT_PEAK];
            res->peak_bed_records = pr > res->peak_bed_records ? pr : res->peak_bed_records;
            res->peak_entities = pe > res->peak_entities ? pe : res->peak_entities;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        res->wall_seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    }
    free(recs);
    plan_free(&P);
    if (st) {
        vs_flow_result_destroy(res);
        return st;
    }
    *out = res;
    return VS_OK;
}

vs_status vs_flow_run(vs_ctx *ctx, const vs_region *region, const vs_flow_params *params,
                      vs_flow_result **out)
{
    return vs_flow_run_progress(ctx, region, params, NULL, NULL, out);
}

void vs_flow_result_destroy(vs_flow_result *r)
{
    if (!r)
        return;
    free(r->centres);
    free(r->hospitals);
    free(r->pc_wait_municipality);
    free(r->pc_within_municipality);
    free(r->pc_wait_area);
    free(r);
}
