/*
 * cmd_beds.c: "vardsim beds", the bed plan of a region's hospitals.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "cli.h"
#include "vardsim/beds.h"

static const char usage[] =
    "usage: vardsim beds [--region DIR] [--demand FILE] [--json] [options]\n"
    "\n"
    "Bed plan (vårdplatsplan) per hospital with the Erlang loss model: staffed beds\n"
    "needed for (a) an occupancy target and (b) an overflow (utlokalisering)\n"
    "probability target, the shortage against today's staffed beds, and the effect\n"
    "of closed beds, of moving bed-days to ASIH, of pooling wards and of a peak.\n"
    "\n"
    "  --region DIR            region directory (default: Stockholm County)\n"
    "  --demand FILE           CSV hospital_id,specialty,admissions_per_year,\n"
    "                          mean_los_days (default: derived from national\n"
    "                          vårdtillfällen per 1,000, the acute-hospital share and\n"
    "                          the mean stay, spread by staffed beds; see docs/beds.md)\n"
    "  --params DIR            parameter directory (default: data/parameters)\n"
    "  --occupancy-target X    max bed-days / (beds x 365) (default 0.90, seed target)\n"
    "  --overflow-target P     max Erlang B overflow probability per ward (default\n"
    "                          0.031, the 2015 national share of utlokaliserade)\n"
    "  --closure-share S       share of staffed beds closed (default 0.10, seed)\n"
    "  --asih-share S          share of bed-days moved to ASIH (default 0.129, derived\n"
    "                          from the seed's 38 % -> 46 % ASIH share of places)\n"
    "  --peak-amplitude X      relative amplitude of a sinusoidal admission rate, in\n"
    "                          [0, 1] (no default: no peak analysis without it)\n"
    "  --peak-period DAYS      period of that cycle (default 7: weekly)\n"
    "  --json                  print JSON (hospitals, total, params, region pooling)\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input.\n";

static json_t *row_json(const vs_bed_plan_row *r, int peak)
{
    json_t *o = json_object();
    json_object_set_new(o, "hospital_id", json_string(r->hospital_id));
    json_object_set_new(o, "name", json_string(r->name));
    json_object_set_new(o, "wards", json_integer(r->n_wards));
    json_object_set_new(o, "beds_planned", json_integer(r->beds_planned));
    json_object_set_new(o, "beds_staffed", json_integer(r->beds_staffed));
    json_object_set_new(o, "admissions_per_year", json_real(r->admissions_per_year));
    json_object_set_new(o, "bed_days_per_year", json_real(r->bed_days_per_year));
    json_object_set_new(o, "offered_load", json_real(r->offered_load));
    json_object_set_new(o, "occupancy_today", cli_json_num(r->occupancy_today));
    json_object_set_new(o, "overflow_today", json_real(r->overflow_today));
    json_object_set_new(o, "overflow_admissions_today", json_real(r->overflow_admissions_today));
    json_object_set_new(o, "beds_for_occupancy", json_integer(r->beds_for_occupancy));
    json_object_set_new(o, "beds_for_overflow", json_integer(r->beds_for_overflow));
    json_object_set_new(o, "beds_for_overflow_pooled", json_integer(r->beds_for_overflow_pooled));
    json_object_set_new(o, "pooling_gain", json_integer(r->pooling_gain));
    json_object_set_new(o, "beds_needed", json_integer(r->beds_needed));
    json_object_set_new(o, "shortage", json_integer(r->shortage));
    json_object_set_new(o, "occupancy_at_needed", cli_json_num(r->occupancy_at_needed));
    json_object_set_new(o, "beds_after_closure", json_integer(r->beds_after_closure));
    json_object_set_new(o, "occupancy_after_closure", cli_json_num(r->occupancy_after_closure));
    json_object_set_new(o, "overflow_after_closure", json_real(r->overflow_after_closure));
    json_object_set_new(o, "planned_needed", json_integer(r->planned_needed));
    json_object_set_new(o, "offered_load_asih", json_real(r->offered_load_asih));
    json_object_set_new(o, "beds_needed_asih", json_integer(r->beds_needed_asih));
    json_object_set_new(o, "shortage_asih", json_integer(r->shortage_asih));
    json_object_set_new(o, "peak_load", peak ? cli_json_num(r->peak_load) : json_null());
    json_object_set_new(o, "beds_needed_peak", peak ? json_integer(r->beds_needed_peak)
                                                    : json_null());
    json_object_set_new(o, "shortage_peak", peak ? json_integer(r->shortage_peak) : json_null());
    return o;
}

static json_t *to_json(const vs_region *reg, const vs_beds_demand *d, const vs_bed_plan *plan)
{
    const vs_beds_params *p = &plan->params;
    int peak = !isnan(p->peak_amplitude);
    json_t *o = json_object();
    json_object_set_new(o, "region", json_string(reg->name));
    json_object_set_new(o, "demand_source", json_string(d->source));
    json_t *pj = json_object();
    json_object_set_new(pj, "occupancy_target", json_real(p->occupancy_target));
    json_object_set_new(pj, "overflow_target", json_real(p->overflow_target));
    json_object_set_new(pj, "closure_share", json_real(p->closure_share));
    json_object_set_new(pj, "asih_shift", json_real(p->asih_shift));
    json_object_set_new(pj, "peak_amplitude", peak ? json_real(p->peak_amplitude) : json_null());
    json_object_set_new(pj, "peak_period_days", json_real(p->peak_period_days));
    if (d->derived) {
        json_object_set_new(pj, "admissions_per_1000", json_real(p->admissions_per_1000));
        json_object_set_new(pj, "acute_share", json_real(p->acute_share));
        json_object_set_new(pj, "mean_los_days", json_real(p->mean_los_days));
        json_object_set_new(pj, "population", json_integer(reg->population));
    }
    json_object_set_new(o, "params", pj);
    json_t *hs = json_array();
    for (int i = 0; i < plan->n_hospitals; i++)
        json_array_append_new(hs, row_json(&plan->hospitals[i], peak));
    json_object_set_new(o, "hospitals", hs);
    json_object_set_new(o, "total", row_json(&plan->total, peak));
    json_object_set_new(o, "region_beds_for_overflow_pooled",
                        json_integer(plan->region_beds_for_overflow_pooled));
    json_object_set_new(o, "region_pooling_gain", json_integer(plan->region_pooling_gain));
    return o;
}

static void print_row(const vs_bed_plan_row *r)
{
    printf("%-8s %8.1f %7lld %6.1f%% %6.2f%% %7lld %7lld %7lld %+8lld %6.1f%%\n", r->hospital_id,
           r->offered_load, (long long)r->beds_staffed, 100.0 * r->occupancy_today,
           100.0 * r->overflow_today, (long long)r->beds_for_occupancy,
           (long long)r->beds_for_overflow, (long long)r->beds_needed, (long long)r->shortage,
           100.0 * r->occupancy_at_needed);
}

static void print_text(const vs_region *reg, const vs_beds_demand *d, const vs_bed_plan *plan)
{
    const vs_beds_params *p = &plan->params;
    const vs_bed_plan_row *t = &plan->total;
    int peak = !isnan(p->peak_amplitude);
    char b1[32], b2[32];
    printf("Bed plan: %s\n", reg->name);
    if (d->derived)
        printf("demand derived: %.0f vårdtillfällen per 1,000 x %s residents x acute share "
               "%.4f = %s admissions/year,\n  mean stay %.2f days, spread over the hospitals "
               "by staffed beds\n",
               p->admissions_per_1000, cli_thousands(reg->population, b1, sizeof b1),
               p->acute_share, cli_thousands(llround(t->admissions_per_year), b2, sizeof b2),
               p->mean_los_days);
    else
        printf("demand: %s (%d wards)\n", d->source, t->n_wards);
    printf("targets: occupancy <= %.0f%% (bed-days / (beds x 365)), overflow (Erlang B) <= "
           "%.1f%% per ward\n\n",
           100.0 * p->occupancy_target, 100.0 * p->overflow_target);
    printf("%-8s %8s %7s %7s %7s %7s %7s %7s %8s %7s\n", "hospital", "load", "staffed",
           "occ", "ovfl", "(a)occ", "(b)ovfl", "needed", "shortage", "occ@need");
    for (int i = 0; i < plan->n_hospitals; i++)
        print_row(&plan->hospitals[i]);
    print_row(t);
    printf("\nload = offered load in erlangs (bed-days per year / 365); occ and ovfl at today's "
           "staffed beds;\n(a) beds for the occupancy target, (b) beds for the overflow target, "
           "needed = max per ward.\n\n");
    char open_h[16];
    snprintf(open_h, sizeof open_h, "open-%.0f%%", 100.0 * p->closure_share);
    printf("%-8s %7s %11s %9s %9s %9s %9s %9s", "hospital", "planned", open_h, "occ", "ovfl",
           "plan-need", "ASIH-need", "ASIH-short");
    if (peak)
        printf(" %9s %9s", "peak-load", "peak-need");
    printf("\n");
    for (int i = 0; i <= plan->n_hospitals; i++) {
        const vs_bed_plan_row *r = i < plan->n_hospitals ? &plan->hospitals[i] : t;
        printf("%-8s %7lld %11lld %8.1f%% %8.2f%% %9lld %9lld %+9lld", r->hospital_id,
               (long long)r->beds_planned, (long long)r->beds_after_closure,
               100.0 * r->occupancy_after_closure, 100.0 * r->overflow_after_closure,
               (long long)r->planned_needed, (long long)r->beds_needed_asih,
               (long long)r->shortage_asih);
        if (peak)
            printf(" %9.1f %9lld", r->peak_load, (long long)r->beds_needed_peak);
        printf("\n");
    }
    printf("\nopen-%.0f%%: staffed beds after closing %.0f%% of them, with the occupancy and "
           "overflow that follow;\nplan-need: fastställda beds needed so that 'needed' stay open "
           "when %.0f%% are closed;\nASIH: %.1f%% of bed-days moved to hospital-at-home.\n",
           100.0 * p->closure_share, 100.0 * p->closure_share, 100.0 * p->closure_share,
           100.0 * p->asih_shift);
    if (peak)
        printf("peak: admission rate varying +-%.0f%% over %g days (modified offered load).\n",
               100.0 * p->peak_amplitude, p->peak_period_days);
    printf("\npooling (de Bruin et al. 2010): beds for the overflow target with each hospital "
           "on its own %lld,\n  with the region as one pool %lld (gain %lld beds); wards merged "
           "within hospitals gain %lld beds.\n",
           (long long)t->beds_for_overflow, (long long)plan->region_beds_for_overflow_pooled,
           (long long)plan->region_pooling_gain, (long long)t->pooling_gain);
    printf("overflow today: %.0f admissions/year (%.2f%%) find no bed on their hospital's "
           "staffed beds.\n",
           t->overflow_admissions_today, 100.0 * t->overflow_today);
}

static int opt_double(const char *name, const char *s, double min, double max, double *dst)
{
    return s ? cli_double("beds", name, s, min, max, dst) : 0;
}

static int run(int argc, char **argv)
{
    const char *dir = NULL, *demand_path = NULL, *pdir = NULL, *s_occ = NULL, *s_ovf = NULL,
               *s_clo = NULL, *s_asih = NULL, *s_amp = NULL, *s_per = NULL;
    int json = 0, npos;
    const cli_opt opts[] = {{"--region", 1, &dir, NULL},
                            {"--demand", 1, &demand_path, NULL},
                            {"--params", 1, &pdir, NULL},
                            {"--occupancy-target", 1, &s_occ, NULL},
                            {"--overflow-target", 1, &s_ovf, NULL},
                            {"--closure-share", 1, &s_clo, NULL},
                            {"--asih-share", 1, &s_asih, NULL},
                            {"--peak-amplitude", 1, &s_amp, NULL},
                            {"--peak-period", 1, &s_per, NULL},
                            {"--json", 0, NULL, &json},
                            {0}};
    if (cli_parse("beds", argc, argv, opts, NULL, 0, &npos))
        return 2;
    double occ = NAN, ovf = NAN, clo = NAN, asih = NAN, amp = NAN, per = NAN;
    if (opt_double("--occupancy-target", s_occ, -DBL_MAX, DBL_MAX, &occ) ||
        opt_double("--overflow-target", s_ovf, -DBL_MAX, DBL_MAX, &ovf) ||
        opt_double("--closure-share", s_clo, -DBL_MAX, DBL_MAX, &clo) ||
        opt_double("--asih-share", s_asih, -DBL_MAX, DBL_MAX, &asih) ||
        opt_double("--peak-amplitude", s_amp, -DBL_MAX, DBL_MAX, &amp) ||
        opt_double("--peak-period", s_per, -DBL_MAX, DBL_MAX, &per))
        return 2;
    if (!dir)
        dir = cli_default_region();
    char pbuf[1200];
    if (!pdir) {
        snprintf(pbuf, sizeof pbuf, "%s/parameters", cli_data_dir());
        pdir = pbuf;
    }
    vs_ctx *ctx;
    if (cli_ctx_create(&ctx))
        return 1;
    cli_region_params(ctx, dir);
    vs_region *reg = NULL;
    vs_beds_demand *dem = NULL;
    vs_bed_plan *plan = NULL;
    vs_beds_params p;
    vs_status st = vs_region_load(ctx, dir, &reg);
    if (!st)
        st = vs_beds_params_load(ctx, pdir, &p);
    if (!st) {
        if (s_occ)
            p.occupancy_target = occ;
        if (s_ovf)
            p.overflow_target = ovf;
        if (s_clo)
            p.closure_share = clo;
        if (s_asih)
            p.asih_shift = asih;
        if (s_amp)
            p.peak_amplitude = amp;
        if (s_per)
            p.peak_period_days = per;
        st = vs_beds_params_check(ctx, &p);
    }
    if (!st)
        st = demand_path ? vs_beds_demand_load(ctx, demand_path, reg, &dem)
                         : vs_beds_demand_derive(ctx, reg, &p, &dem);
    if (!st)
        st = vs_beds_plan(ctx, reg, dem, &p, &plan);
    int rc = 0;
    if (st)
        rc = cli_fail(ctx, st);
    else if (json)
        rc = cli_print_json(to_json(reg, dem, plan));
    else
        print_text(reg, dem, plan);
    vs_beds_plan_destroy(plan);
    vs_beds_demand_destroy(dem);
    vs_region_destroy(reg);
    vs_ctx_destroy(ctx);
    return rc;
}

const cli_command cli_cmd_beds = {"beds", "bed plan per hospital (occupancy, overflow, shortage)",
                                  usage, run};
