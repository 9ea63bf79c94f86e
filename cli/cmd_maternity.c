/*
 * cmd_maternity.c: "vardsim maternity", one midwife at every birth for the
 * whole birth: births, births in progress and the midwives on duty and FTE
 * they need (vardsim/maternity.h, docs/maternity.md).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static const char usage[] =
    "usage: vardsim maternity [--region DIR] [--params DIR] [--target P]\n"
    "                         [--sim-days D] [--seed N] [--units FILE] [--json]\n"
    "\n"
    "Births per year by area (the region's births, or fertility x women aged\n"
    "15-49), births in progress as a time-varying infinite-server process with a\n"
    "cited attendance time, the midwives on duty needed in each hour so that\n"
    "P(births in progress > midwives) <= P (exact Poisson tail), checked by a\n"
    "simulation on the kernel, and the midwife FTE that staffing needs.\n"
    "\n"
    "  --region DIR   region directory (default: the shipped Stockholm region)\n"
    "  --params DIR   parameter directory with maternity.csv (default: data/parameters)\n"
    "  --target P     probability target, 0 < P <= 0.5 (default: p_exceed_target)\n"
    "  --sim-days D   days simulated for the check (default 365; 0: no simulation)\n"
    "  --seed N       random seed of the simulation (default 1)\n"
    "  --units FILE   separate birth units, CSV unit,births_per_year: each staffs its\n"
    "                 own births (same hourly profile and attendance); the units\n"
    "                 together need at least the midwives of one regional pool\n"
    "  --json         print JSON\n"
    "\n"
    "JSON: births_per_year, births_in_progress_mean, midwives_on_duty_needed (the\n"
    "largest hourly need), midwife_fte_needed, midwife_hours_week, hours[] (hour,\n"
    "births_per_hour, in_progress_mean, in_progress_max, midwives, p_exceed),\n"
    "simulation{...}, midwives_region_fte (null when NOT FOUND), not_found[];\n"
    "with --units: units{units[] (unit, births_per_year, in_progress_mean,\n"
    "midwives_on_duty_needed, midwife_fte_needed), midwives_on_duty_needed (largest\n"
    "hourly sum), midwife_fte_needed (sum)}.\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input.\n";

/* What maternity.csv leaves NOT FOUND, as sentences. */
static json_t *not_found(const vs_maternity_params *p, const vs_maternity_result *r)
{
    json_t *a = json_array();
    if (!p->has_fertility)
        json_array_append_new(a, json_string("fertility_15_19..45_49: NOT FOUND; births are "
                                             "spread over women aged 15-49 with equal weight"));
    if (isnan(p->attend_extra_hours))
        json_array_append_new(a, json_string("attend_extra_hours: NOT FOUND; 0 used (second "
                                             "stage and after-birth time left out: a lower "
                                             "bound)"));
    if (isnan(r->midwives_region_fte))
        json_array_append_new(a, json_string("midwives_region_fte: NOT FOUND; the region's "
                                             "midwives cannot be compared"));
    return a;
}

static const char *source_name(int s)
{
    return s == 0 ? "births_per_year" : s == 1 ? "age_specific_fertility" : "general_fertility";
}

static json_t *units_json(const vs_maternity_units *u)
{
    json_t *o = json_object(), *a = json_array();
    for (int k = 0; k < u->n; k++) {
        json_t *e = json_object();
        json_object_set_new(e, "unit", json_string(u->unit[k]));
        json_object_set_new(e, "births_per_year", json_real(u->births_per_year[k]));
        json_object_set_new(e, "in_progress_mean", json_real(u->in_progress_mean[k]));
        json_object_set_new(e, "midwives_on_duty_needed", json_integer(u->midwives_max[k]));
        json_object_set_new(e, "midwife_fte_needed", json_real(u->fte[k]));
        json_array_append_new(a, e);
    }
    json_object_set_new(o, "units", a);
    json_object_set_new(o, "midwives_on_duty_needed", json_integer(u->midwives_on_duty_needed));
    json_object_set_new(o, "midwife_hours_week", json_real(u->midwife_hours_week));
    json_object_set_new(o, "midwife_fte_needed", json_real(u->midwife_fte_needed));
    return o;
}

static void units_text(const vs_maternity_units *u)
{
    printf("\nbirth unit            births/year  in progress  midwives (max)      FTE\n");
    for (int k = 0; k < u->n; k++)
        printf("%-20s %12.0f %12.2f %15d %8.1f\n", u->unit[k], u->births_per_year[k],
               u->in_progress_mean[k], u->midwives_max[k], u->fte[k]);
    printf("%-20s %12s %12s %15d %8.1f   (largest hourly sum; FTE sum)\n", "all units", "", "",
           u->midwives_on_duty_needed, u->midwife_fte_needed);
}

static json_t *to_json(const vs_maternity_params *p, const vs_maternity_result *r,
                       const vs_maternity_sim *sim, int simulated)
{
    json_t *o = json_object();
    json_object_set_new(o, "births_per_year", json_real(r->births_per_year));
    json_object_set_new(o, "births_from_fertility", json_boolean(r->births_from_fertility));
    json_object_set_new(o, "births_source", json_string(source_name(r->births_source)));
    json_object_set_new(o, "women_15_49", json_real(r->women_15_49));
    json_object_set_new(o, "attend_mean_hours", json_real(r->attend_mean_hours));
    json_object_set_new(o, "births_in_progress_mean", json_real(r->births_in_progress_mean));
    json_object_set_new(o, "p_exceed_target", json_real(r->p_exceed_target));
    json_object_set_new(o, "midwives_on_duty_needed", json_integer(r->midwives_on_duty_needed));
    json_object_set_new(o, "midwife_hours_week", json_real(r->midwife_hours_week));
    json_object_set_new(o, "midwife_hours_year", json_real(r->midwife_hours_year));
    json_object_set_new(o, "midwife_fte_needed", json_real(r->midwife_fte_needed));
    json_object_set_new(o, "midwives_region_fte", cli_json_num(r->midwives_region_fte));
    json_t *hs = json_array();
    for (int h = 0; h < 24; h++) {
        json_t *e = json_object();
        json_object_set_new(e, "hour", json_integer(h));
        json_object_set_new(e, "births_per_hour", json_real(r->rate_per_hour[h]));
        json_object_set_new(e, "in_progress_mean", json_real(r->in_progress_hour_mean[h]));
        json_object_set_new(e, "in_progress_max", json_real(r->in_progress_hour_max[h]));
        json_object_set_new(e, "midwives", json_integer(r->midwives_hour[h]));
        json_object_set_new(e, "p_exceed", json_real(r->p_exceed_hour[h]));
        if (simulated)
            json_object_set_new(e, "sim_in_progress_mean", cli_json_num(sim->in_progress_hour[h]));
        json_array_append_new(hs, e);
    }
    json_object_set_new(o, "hours", hs);
    if (simulated) {
        json_t *s = json_object();
        json_object_set_new(s, "days", json_real(sim->days));
        json_object_set_new(s, "births", json_integer((json_int_t)sim->births));
        json_object_set_new(s, "in_progress_mean", cli_json_num(sim->in_progress_mean));
        json_object_set_new(s, "p_exceed_mean", cli_json_num(sim->p_exceed_sim_mean));
        json_object_set_new(s, "p_exceed_exact_mean", cli_json_num(sim->p_exceed_exact_mean));
        json_object_set_new(s, "p_exceed_max_hour", cli_json_num(sim->p_exceed_max));
        json_object_set_new(o, "simulation", s);
    }
    json_object_set_new(o, "parameters", json_string(p->path));
    json_object_set_new(o, "not_found", not_found(p, r));
    return o;
}

static void print_text(const vs_maternity_params *p, const vs_maternity_result *r,
                       const vs_maternity_sim *sim, int simulated)
{
    printf("births per year                      %.0f (%s%s)\n", r->births_per_year,
           source_name(r->births_source), r->births_from_fertility ? " x women aged 15-49" : "");
    printf("mean attendance per birth (hours)    %.2f\n", r->attend_mean_hours);
    printf("births in progress, mean             %.2f\n", r->births_in_progress_mean);
    printf("midwives on duty needed (max hour)   %d   (P(births > midwives) <= %g)\n",
           r->midwives_on_duty_needed, r->p_exceed_target);
    printf("midwife hours per week / year        %.0f / %.0f\n", r->midwife_hours_week,
           r->midwife_hours_year);
    printf("midwife FTE needed                   %.1f\n", r->midwife_fte_needed);
    if (isnan(r->midwives_region_fte))
        printf("region's midwife FTE                 NOT FOUND (midwives_region_fte)\n");
    else
        printf("region's midwife FTE                 %.1f\n", r->midwives_region_fte);
    printf("\nhour  births/h  in progress (mean, max)  midwives  P(exceed)\n");
    for (int h = 0; h < 24; h++)
        printf("%02d    %7.3f   %7.2f %7.2f          %5d     %.4f\n", h, r->rate_per_hour[h],
               r->in_progress_hour_mean[h], r->in_progress_hour_max[h], r->midwives_hour[h],
               r->p_exceed_hour[h]);
    if (simulated)
        printf("\nsimulation (%.0f days, %llu births): in progress %.3f (exact %.3f); "
               "P(exceed) %.5f (exact %.5f)\n",
               sim->days, (unsigned long long)sim->births, sim->in_progress_mean,
               r->births_in_progress_mean, sim->p_exceed_sim_mean, sim->p_exceed_exact_mean);
    json_t *nf = not_found(p, r);
    for (size_t i = 0; i < json_array_size(nf); i++)
        printf("%s\n", json_string_value(json_array_get(nf, i)));
    json_decref(nf);
}

typedef struct opts {
    const char *region, *pdir, *target, *days, *seed, *units;
    int json;
} opts;

static int compute(const opts *o, double target, double days, long seed)
{
    vs_ctx *ctx;
    if (cli_ctx_create(&ctx))
        return 1;
    char pbuf[1200];
    if (!o->pdir)
        snprintf(pbuf, sizeof pbuf, "%s/parameters", cli_data_dir());
    vs_region *rg = NULL;
    vs_maternity_params *p = NULL;
    vs_maternity_result *r = NULL;
    vs_maternity_sim sim = {0};
    vs_maternity_units *u = NULL;
    vs_status st = vs_region_load(ctx, o->region ? o->region : cli_default_region(), &rg);
    if (!st)
        st = vs_maternity_params_load(ctx, o->pdir ? o->pdir : pbuf, &p);
    if (!st && target > 0)
        p->p_exceed_target = target;
    if (!st)
        st = vs_maternity_compute(ctx, rg, p, &r);
    if (!st && o->units)
        st = vs_maternity_units_load(ctx, o->units, &u);
    if (!st && u)
        st = vs_maternity_units_staff(ctx, p, u);
    if (!st && days > 0)
        st = vs_maternity_simulate(ctx, p, r, (uint64_t)seed, days, &sim);
    int rc = st ? cli_fail(ctx, st) : 0;
    if (!st && o->json) {
        json_t *j = to_json(p, r, &sim, days > 0);
        if (u)
            json_object_set_new(j, "units", units_json(u));
        rc = cli_print_json(j);
    } else if (!st) {
        print_text(p, r, &sim, days > 0);
        if (u)
            units_text(u);
    }
    vs_maternity_units_destroy(u);
    vs_maternity_result_destroy(r);
    vs_maternity_params_destroy(p);
    vs_region_destroy(rg);
    vs_ctx_destroy(ctx);
    return rc;
}

static int run(int argc, char **argv)
{
    opts o = {0};
    const cli_opt spec[] = {{"--region", 1, &o.region, NULL}, {"--params", 1, &o.pdir, NULL},
                            {"--target", 1, &o.target, NULL}, {"--sim-days", 1, &o.days, NULL},
                            {"--seed", 1, &o.seed, NULL},     {"--units", 1, &o.units, NULL},
                            {"--json", 0, NULL, &o.json},     {0}};
    int npos = 0;
    if (cli_parse("maternity", argc, argv, spec, NULL, 0, &npos))
        return 2;
    double target = 0, days = 365;
    long seed = 1;
    if ((o.target && cli_double("maternity", "--target", o.target, 1e-12, 0.5, &target)) ||
        (o.days && cli_double("maternity", "--sim-days", o.days, 0, 100000, &days)) ||
        (o.seed && cli_long("maternity", "--seed", o.seed, 0, 2147483647L, &seed)))
        return 2;
    if (days > 0 && days < 1) {
        fprintf(stderr, "vardsim maternity: option --sim-days: 0 or at least 1\n");
        return 2;
    }
    return compute(&o, target, days, seed);
}

const cli_command cli_cmd_maternity = {
    "maternity", "midwives on duty for one midwife per birth (births in progress, M_t/G/inf)",
    usage, run};
