/*
 * beds.c: the bed plan.  Reads the cited parameters, derives or reads the
 * demand per ward, and dimensions every ward with the Erlang loss model
 * (erlang.c) for an occupancy target and an overflow target, with the
 * closure, ASIH, pooling and peak scenarios.  The formulas are in
 * vardsim/beds.h and docs/beds.md.
 */
#include "vardsim/beds.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "vardsim/csv.h"
#include "vardsim/erlang.h"

#define DAYS_PER_YEAR 365.0

/* ---- parameters ---------------------------------------------------------- */

/* Read the named rows of dir/file (see vs_csv_read_params). */
static vs_status read_params(vs_ctx *ctx, const char *dir, const char *file, vs_csv_param *w,
                             int n)
{
    char *path = vsi_strdup_printf("%s/%s", dir, file);
    if (!path)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    vs_status st = vs_csv_read_params(ctx, path, w, n);
    free(path);
    return st;
}

vs_status vs_beds_params_load(vs_ctx *ctx, const char *param_dir, vs_beds_params *out)
{
    vs_beds_params p;
    memset(&p, 0, sizeof p);
    double acute = 0, other = 0;
    vs_csv_param beds[] = {
        {"occupancy_target_seed", 1e-6, 1.0, &p.occupancy_target, 0},
        {"misplaced_share_admissions_2015", 1e-9, 0.999999, &p.overflow_target, 0},
        {"closed_beds_share_seed", 0.0, 0.99, &p.closure_share, 0},
        {"asih_share_of_places_2016_seed", 0.0, 0.99, &p.asih_share_before, 0},
        {"asih_share_of_places_recent_seed", 0.0, 0.99, &p.asih_share_after, 0},
    };
    vs_csv_param inpatient[] = {
        {"ip_admissions_per_1000", 0.0, 1e4, &p.admissions_per_1000, 0},
        {"ip_admissions_acute_hospitals_month", 0.0, 1e9, &acute, 0},
        {"ip_admissions_other_hospitals_month", 0.0, 1e9, &other, 0},
    };
    /* The one length of stay of vardsim: the need model's all-ages row, so that the need
     * model, the bed plan and the simulation (which takes it from here) agree. */
    vs_csv_param los[] = {
        {"alos_days_0_plus", 1e-6, 3650.0, &p.mean_los_days, 0},
    };
    vs_status st = read_params(ctx, param_dir, "hospital_beds.csv", beds, 5);
    if (!st)
        st = read_params(ctx, param_dir, "inpatient_care.csv", inpatient, 3);
    if (!st)
        st = read_params(ctx, param_dir, "demand_rates.csv", los, 1);
    if (st)
        return st;
    if (acute + other <= 0.0)
        return vs_ctx_fail_at(ctx, "inpatient_care.csv", 0, "value",
                              "acute and other vårdtillfällen are both zero");
    p.acute_share = acute / (acute + other);
    p.asih_shift = vs_beds_asih_shift(p.asih_share_after, p.asih_share_before);
    p.peak_amplitude = NAN;
    p.peak_period_days = 7.0;
    *out = p;
    return VS_OK;
}

double vs_beds_asih_shift(double share, double share_before)
{
    if (!(share >= 0.0 && share <= 1.0) || !(share_before >= 0.0 && share_before < 1.0))
        return NAN;
    return share > share_before ? 1.0 - (1.0 - share) / (1.0 - share_before) : 0.0;
}

vs_status vs_beds_params_check(vs_ctx *ctx, const vs_beds_params *p)
{
    if (!(p->occupancy_target > 0.0 && p->occupancy_target <= 1.0))
        return vs_ctx_fail(ctx, VS_EUSAGE, "occupancy target must lie in (0, 1], got %g",
                           p->occupancy_target);
    if (!(p->overflow_target > 0.0 && p->overflow_target < 1.0))
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "overflow target must lie strictly between 0 and 1, got %g",
                           p->overflow_target);
    if (!(p->closure_share >= 0.0 && p->closure_share < 1.0))
        return vs_ctx_fail(ctx, VS_EUSAGE, "closure share must lie in [0, 1), got %g",
                           p->closure_share);
    if (!(p->asih_shift >= 0.0 && p->asih_shift < 1.0))
        return vs_ctx_fail(ctx, VS_EUSAGE, "ASIH share of bed-days must lie in [0, 1), got %g",
                           p->asih_shift);
    if (!isnan(p->peak_amplitude) && !(p->peak_amplitude >= 0.0 && p->peak_amplitude <= 1.0))
        return vs_ctx_fail(ctx, VS_EUSAGE, "peak amplitude must lie in [0, 1], got %g",
                           p->peak_amplitude);
    if (!(p->peak_period_days > 0.0 && isfinite(p->peak_period_days)))
        return vs_ctx_fail(ctx, VS_EUSAGE, "peak period must be a positive number of days, got %g",
                           p->peak_period_days);
    return VS_OK;
}

/* ---- demand -------------------------------------------------------------- */

void vs_beds_demand_destroy(vs_beds_demand *d)
{
    if (!d)
        return;
    free(d->wards);
    free(d);
}

static int find_hospital(const vs_region *r, const char *id)
{
    for (int i = 0; i < r->n_hospitals; i++)
        if (strcmp(r->hospitals[i].hospital_id, id) == 0)
            return i;
    return -1;
}

vs_status vs_beds_demand_load(vs_ctx *ctx, const char *path, const vs_region *region,
                              vs_beds_demand **out)
{
    *out = NULL;
    vs_csv *csv;
    vs_status st = vs_csv_open(ctx, path, &csv);
    if (st)
        return st;
    int c_h, c_s, c_a, c_l;
    if ((st = vs_csv_require(ctx, csv, "hospital_id", &c_h)) ||
        (st = vs_csv_require(ctx, csv, "specialty", &c_s)) ||
        (st = vs_csv_require(ctx, csv, "admissions_per_year", &c_a)) ||
        (st = vs_csv_require(ctx, csv, "mean_los_days", &c_l))) {
        vs_csv_close(csv);
        return st;
    }
    vs_beds_demand *d = calloc(1, sizeof *d);
    if (!d) {
        vs_csv_close(csv);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    snprintf(d->source, sizeof d->source, "%s", path);
    int cap = 0, has;
    while (!(st = vs_csv_next(ctx, csv, &has)) && has) {
        if (d->n_wards == cap) {
            cap = cap ? 2 * cap : 16;
            vs_beds_ward *w = realloc(d->wards, (size_t)cap * sizeof *w);
            if (!w) {
                st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
                break;
            }
            d->wards = w;
        }
        vs_beds_ward *w = &d->wards[d->n_wards];
        char hid[VS_ID_MAX];
        if ((st = vs_csv_id(ctx, csv, c_h, hid, sizeof hid)))
            break;
        w->hospital = find_hospital(region, hid);
        if (w->hospital < 0) {
            st = vs_csv_fail(ctx, csv, c_h, "unknown hospital '%s' (not in the region's "
                                            "hospitals.csv)", hid);
            break;
        }
        if ((st = vs_csv_id(ctx, csv, c_s, w->specialty, sizeof w->specialty)) ||
            /* at most 2,000,000 a year: more than all inpatient admissions of
             * Sweden (about 1.4 million), and with a stay of at most 3650 days
             * a load the Erlang solver takes (< 1e8 erlangs) */
            (st = vs_csv_double(ctx, csv, c_a, 0.0, 2e6, &w->admissions_per_year)) ||
            (st = vs_csv_double(ctx, csv, c_l, 0.0, 3650.0, &w->mean_los_days)))
            break;
        if (w->mean_los_days <= 0.0) {
            st = vs_csv_fail(ctx, csv, c_l, "mean length of stay must be > 0 days");
            break;
        }
        for (int i = 0; i < d->n_wards; i++)
            if (d->wards[i].hospital == w->hospital &&
                strcmp(d->wards[i].specialty, w->specialty) == 0) {
                st = vs_csv_fail(ctx, csv, c_s, "duplicate ward: hospital '%s', specialty '%s'",
                                 hid, w->specialty);
                break;
            }
        if (st)
            break;
        d->n_wards++;
    }
    if (!st && d->n_wards == 0)
        st = vs_ctx_fail_at(ctx, path, 0, NULL, "no demand rows");
    vs_csv_close(csv);
    if (st) {
        vs_beds_demand_destroy(d);
        return st;
    }
    *out = d;
    return VS_OK;
}

vs_status vs_beds_demand_derive(vs_ctx *ctx, const vs_region *region,
                                const vs_beds_params *params, vs_beds_demand **out)
{
    *out = NULL;
    int64_t staffed = 0;
    for (int i = 0; i < region->n_hospitals; i++)
        staffed += region->hospitals[i].beds_staffed;
    if (region->n_hospitals == 0 || staffed <= 0)
        return vs_ctx_fail_at(ctx, "hospitals.csv", 0, "beds_staffed",
                              "the region has no staffed beds to spread the demand over");
    vs_beds_demand *d = calloc(1, sizeof *d);
    if (d)
        d->wards = calloc((size_t)region->n_hospitals, sizeof *d->wards);
    if (!d || !d->wards) {
        vs_beds_demand_destroy(d);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    double total = params->admissions_per_1000 / 1000.0 * (double)region->population *
                   params->acute_share;
    for (int i = 0; i < region->n_hospitals; i++) {
        vs_beds_ward *w = &d->wards[i];
        w->hospital = i;
        snprintf(w->specialty, sizeof w->specialty, "all");
        w->admissions_per_year =
            total * (double)region->hospitals[i].beds_staffed / (double)staffed;
        w->mean_los_days = params->mean_los_days;
    }
    d->n_wards = region->n_hospitals;
    d->derived = 1;
    snprintf(d->source, sizeof d->source, "derived");
    *out = d;
    return VS_OK;
}

/* ---- plan ---------------------------------------------------------------- */

vs_status vs_beds_peak_load(vs_ctx *ctx, double load, double amplitude, double los_days,
                            double period_days, double *peak)
{
    if (!(load >= 0.0 && isfinite(load)) || !(amplitude >= 0.0 && amplitude <= 1.0) ||
        !(los_days > 0.0 && isfinite(los_days)) || !(period_days > 0.0 && isfinite(period_days)))
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "peak load: need load >= 0, amplitude in [0, 1], length of stay > 0 "
                           "and period > 0");
    double wl = 2.0 * M_PI * los_days / period_days;
    *peak = load * (1.0 + amplitude / sqrt(1.0 + wl * wl));
    return VS_OK;
}

/* Least c with A / c <= target (0 for no load); guards against the rounding
 * of A / target. */
static int64_t beds_for_occupancy(double a, double target)
{
    if (a <= 0.0)
        return 0;
    int64_t c = (int64_t)ceil(a / target);
    while (c > 1 && a / (double)(c - 1) <= target)
        c--;
    while (a / (double)c > target)
        c++;
    return c;
}

/* Beds needed by one ward with load a: max of the occupancy and overflow
 * criteria; also returns the two criteria. */
static vs_status ward_need(vs_ctx *ctx, double a, const vs_beds_params *p, int64_t *occ,
                           int64_t *ovf, int64_t *need)
{
    int64_t o = beds_for_occupancy(a, p->occupancy_target), b = 0;
    if (a > 0.0) {
        vs_status st = vs_erlang_servers_for_blocking(ctx, a, p->overflow_target, &b);
        if (st)
            return st;
    }
    if (occ)
        *occ = o;
    if (ovf)
        *ovf = b;
    *need = o > b ? o : b;
    return VS_OK;
}

vs_status vs_beds_ward_need(vs_ctx *ctx, double load, const vs_beds_params *p, int64_t *need)
{
    if (!p || !need || !(load >= 0) || !isfinite(load))
        return vs_ctx_fail(ctx, VS_EUSAGE, "beds: a finite load >= 0, parameters and an output "
                                           "are required");
    return ward_need(ctx, load, p, NULL, NULL, need);
}

static double div_or_inf(double a, int64_t c)
{
    if (c > 0)
        return a / (double)c;
    return a > 0.0 ? INFINITY : 0.0;
}

static vs_status blocking_at(vs_ctx *ctx, int64_t c, double a, double *b)
{
    if (c <= 0) {
        *b = a > 0.0 ? 1.0 : 0.0;
        return VS_OK;
    }
    return vs_erlang_b(ctx, c, a, b);
}

static int64_t ceil_div_share(int64_t beds, double keep)
{
    double x = (double)beds / keep;
    return (int64_t)ceil(x - 1e-9 * x);
}

void vs_beds_plan_destroy(vs_bed_plan *plan)
{
    if (!plan)
        return;
    free(plan->hospitals);
    free(plan);
}

vs_status vs_beds_plan(vs_ctx *ctx, const vs_region *region, const vs_beds_demand *demand,
                       const vs_beds_params *params, vs_bed_plan **out)
{
    *out = NULL;
    vs_status st = vs_beds_params_check(ctx, params);
    if (st)
        return st;
    for (int i = 0; i < demand->n_wards; i++)
        if (demand->wards[i].hospital < 0 || demand->wards[i].hospital >= region->n_hospitals)
            return vs_ctx_fail(ctx, VS_EUSAGE, "demand ward %d refers to hospital index %d, "
                                               "not in the region", i, demand->wards[i].hospital);
    vs_bed_plan *plan = calloc(1, sizeof *plan);
    if (plan && region->n_hospitals > 0)
        plan->hospitals = calloc((size_t)region->n_hospitals, sizeof *plan->hospitals);
    if (!plan || (region->n_hospitals > 0 && !plan->hospitals)) {
        vs_beds_plan_destroy(plan);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    plan->params = *params;
    plan->n_hospitals = region->n_hospitals;
    const vs_beds_params *p = params;
    int peak = !isnan(p->peak_amplitude);
    double keep = 1.0 - p->closure_share;
    vs_bed_plan_row *t = &plan->total;
    snprintf(t->hospital_id, sizeof t->hospital_id, "total");
    snprintf(t->name, sizeof t->name, "%s", region->name);
    double tot_ovf_adm_closure = 0.0, tot_ovf_load_needed = 0.0;

    for (int h = 0; h < region->n_hospitals && !st; h++) {
        const vs_hospital *hp = &region->hospitals[h];
        vs_bed_plan_row *r = &plan->hospitals[h];
        snprintf(r->hospital_id, sizeof r->hospital_id, "%s", hp->hospital_id);
        snprintf(r->name, sizeof r->name, "%s", hp->name);
        r->beds_planned = hp->beds_planned;
        r->beds_staffed = hp->beds_staffed;
        r->peak_load = peak ? 0.0 : NAN;
        r->beds_needed_peak = peak ? 0 : -1;
        for (int i = 0; i < demand->n_wards && !st; i++) {
            const vs_beds_ward *w = &demand->wards[i];
            if (w->hospital != h)
                continue;
            double a = w->admissions_per_year * w->mean_los_days / DAYS_PER_YEAR;
            int64_t occ, ovf, need, need_asih;
            r->n_wards++;
            r->admissions_per_year += w->admissions_per_year;
            r->bed_days_per_year += w->admissions_per_year * w->mean_los_days;
            r->offered_load += a;
            if ((st = ward_need(ctx, a, p, &occ, &ovf, &need)) ||
                (st = ward_need(ctx, a * (1.0 - p->asih_shift), p, NULL, NULL, &need_asih)))
                break;
            r->beds_for_occupancy += occ;
            r->beds_for_overflow += ovf;
            r->beds_needed += need;
            r->offered_load_asih += a * (1.0 - p->asih_shift);
            r->beds_needed_asih += need_asih;
            if (peak) {
                double ap;
                int64_t need_peak;
                if ((st = vs_beds_peak_load(ctx, a, p->peak_amplitude, w->mean_los_days,
                                            p->peak_period_days, &ap)) ||
                    (st = ward_need(ctx, ap, p, NULL, NULL, &need_peak)))
                    break;
                r->peak_load += ap;
                r->beds_needed_peak += need_peak;
            }
        }
        if (st)
            break;
        /* whole hospital as one pool */
        if (r->offered_load > 0.0 &&
            (st = vs_erlang_servers_for_blocking(ctx, r->offered_load, p->overflow_target,
                                                 &r->beds_for_overflow_pooled)))
            break;
        r->pooling_gain = r->beds_for_overflow - r->beds_for_overflow_pooled;
        r->shortage = r->beds_needed - r->beds_staffed;
        r->occupancy_today = div_or_inf(r->offered_load, r->beds_staffed);
        r->occupancy_at_needed = div_or_inf(r->offered_load, r->beds_needed);
        if ((st = blocking_at(ctx, r->beds_staffed, r->offered_load, &r->overflow_today)) ||
            (st = blocking_at(ctx, r->beds_needed, r->offered_load, &r->overflow_at_needed)))
            break;
        r->overflow_admissions_today = r->admissions_per_year * r->overflow_today;
        r->beds_after_closure = r->beds_staffed - llround(p->closure_share * (double)r->beds_staffed);
        r->occupancy_after_closure = div_or_inf(r->offered_load, r->beds_after_closure);
        if ((st = blocking_at(ctx, r->beds_after_closure, r->offered_load,
                              &r->overflow_after_closure)))
            break;
        r->planned_needed = ceil_div_share(r->beds_needed, keep);
        r->shortage_asih = r->beds_needed_asih - r->beds_staffed;
        r->shortage_peak = peak ? r->beds_needed_peak - r->beds_staffed : 0;

        /* region totals */
        t->n_wards += r->n_wards;
        t->beds_planned += r->beds_planned;
        t->beds_staffed += r->beds_staffed;
        t->admissions_per_year += r->admissions_per_year;
        t->bed_days_per_year += r->bed_days_per_year;
        t->offered_load += r->offered_load;
        t->overflow_admissions_today += r->overflow_admissions_today;
        tot_ovf_adm_closure += r->admissions_per_year * r->overflow_after_closure;
        tot_ovf_load_needed += r->offered_load * r->overflow_at_needed;
        t->beds_for_occupancy += r->beds_for_occupancy;
        t->beds_for_overflow += r->beds_for_overflow;
        t->beds_for_overflow_pooled += r->beds_for_overflow_pooled;
        t->pooling_gain += r->pooling_gain;
        t->beds_needed += r->beds_needed;
        t->beds_after_closure += r->beds_after_closure;
        t->planned_needed += r->planned_needed;
        t->offered_load_asih += r->offered_load_asih;
        t->beds_needed_asih += r->beds_needed_asih;
        t->peak_load += peak ? r->peak_load : 0.0;
        t->beds_needed_peak += peak ? r->beds_needed_peak : 0;
    }
    if (!st && t->offered_load > 0.0)
        st = vs_erlang_servers_for_blocking(ctx, t->offered_load, p->overflow_target,
                                            &plan->region_beds_for_overflow_pooled);
    if (st) {
        vs_beds_plan_destroy(plan);
        return st;
    }
    plan->region_pooling_gain = t->beds_for_overflow - plan->region_beds_for_overflow_pooled;
    t->shortage = t->beds_needed - t->beds_staffed;
    t->occupancy_today = div_or_inf(t->offered_load, t->beds_staffed);
    t->occupancy_at_needed = div_or_inf(t->offered_load, t->beds_needed);
    t->occupancy_after_closure = div_or_inf(t->offered_load, t->beds_after_closure);
    /* overflow of the region: admission-weighted over the hospitals (separate pools) */
    t->overflow_today =
        t->admissions_per_year > 0 ? t->overflow_admissions_today / t->admissions_per_year : 0.0;
    t->overflow_after_closure =
        t->admissions_per_year > 0 ? tot_ovf_adm_closure / t->admissions_per_year : 0.0;
    /* at the planned beds: weighted by load (equal mean stays: by admissions) */
    t->overflow_at_needed = t->offered_load > 0 ? tot_ovf_load_needed / t->offered_load : 0.0;
    t->shortage_asih = t->beds_needed_asih - t->beds_staffed;
    if (peak)
        t->shortage_peak = t->beds_needed_peak - t->beds_staffed;
    else {
        t->peak_load = NAN;
        t->beds_needed_peak = -1;
    }
    *out = plan;
    return VS_OK;
}
