/*
 * test_forecast.c: the population projection (exact cases), the user's
 * projection file, the back-cast check against its stated tolerance, and the
 * forecast driver (Monte Carlo identical for any thread count, intervals
 * around the central value).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vardsim/vardsim.h"
#include "vt.h"
#include "vt_run.h"

#include <unistd.h>

#define TD "tests/data/forecast"

static const vs_pop_scale one = {1, 1, 1};

/* Zero rates: ageing only.  A cohort starting in band 0 spreads binomially:
 * P_b(t) = C(t, b) 0.2^b 0.8^(t-b) P0 for b < 16, and the total is kept. */
static void test_ageing_closed_form(void)
{
    vs_pop_params p;
    memset(&p, 0, sizeof p);
    double v[VS_AGE_BANDS] = {1000}, w[VS_AGE_BANDS];
    for (int t = 1; t <= 12; t++) {
        vs_pop_step(&p, &one, v, w);
        memcpy(v, w, sizeof v);
        double total = 0;
        for (int b = 0; b < VS_AGE_BANDS; b++)
            total += v[b];
        VT_NEAR(total, 1000.0, 1e-12);
    }
    double c = 1; /* C(12, b) */
    for (int b = 0; b <= 12; b++) {
        VT_NEAR(v[b], 1000.0 * c * pow(0.2, b) * pow(0.8, 12 - b), 1e-12);
        c = c * (12 - b) / (b + 1);
    }
    /* five years of ageing move a full band up, in expectation exactly the
     * mean of the binomial: sum_b b P_b(t) = 0.2 t P0 */
    double mean = 0;
    for (int b = 0; b < VS_AGE_BANDS; b++)
        mean += b * v[b];
    VT_NEAR(mean, 0.2 * 12 * 1000.0, 1e-12);
}

/* The open band under mortality m alone: P(t) = P0 (1 - m)^t. */
static void test_mortality_closed_form(void)
{
    vs_pop_params p;
    memset(&p, 0, sizeof p);
    p.mortality[VS_AGE_BANDS - 1] = 0.1;
    double v[VS_AGE_BANDS] = {0}, w[VS_AGE_BANDS];
    v[VS_AGE_BANDS - 1] = 5000;
    for (int t = 0; t < 10; t++) {
        vs_pop_step(&p, &one, v, w);
        memcpy(v, w, sizeof v);
    }
    VT_NEAR(v[VS_AGE_BANDS - 1], 5000.0 * pow(0.9, 10), 1e-12);
    /* births: a band 15-19 of 100 with fertility 0.05 gives 5 births */
    memset(&p, 0, sizeof p);
    p.fertility[3] = 0.05;
    double u[VS_AGE_BANDS] = {0};
    u[3] = 100;
    vs_pop_step(&p, &one, u, w);
    VT_NEAR(w[0], 5.0, 1e-15);
    VT_NEAR(w[3], 80.0, 1e-15);
    VT_NEAR(w[4], 20.0, 1e-15);
    /* scale factors multiply the schedules */
    vs_pop_scale half = {0.5, 1, 1};
    vs_pop_step(&p, &half, u, w);
    VT_NEAR(w[0], 2.5, 1e-15);
    /* migration: +10 % of every band, on the start-of-year population */
    memset(&p, 0, sizeof p);
    for (int b = 0; b < VS_AGE_BANDS; b++)
        p.migration[b] = 0.1;
    vs_pop_step(&p, &one, u, w);
    VT_NEAR(w[3], 80.0 + 10.0, 1e-15);
    /* emigration larger than a band leaves 0, never a negative count */
    for (int b = 0; b < VS_AGE_BANDS; b++)
        p.migration[b] = -1;
    vs_pop_step(&p, &one, u, w);
    VT_CHECK(w[3] == 0);
    VT_NEAR(w[4], 20.0, 1e-15);
}

/* The default rates and the region: a projection keeps the area sum equal to
 * the region total every year, and its first year adds births - deaths +
 * migration of the rates. */
static void test_project_region(vs_ctx *ctx, const vs_region *r, const vs_pop_params *p)
{
    vs_pop_projection *pr = NULL;
    VT_EQ_INT(vs_pop_project(ctx, r, p, &one, 2035, &pr), VS_OK);
    if (!pr)
        return;
    VT_EQ_INT(pr->n_years, 2035 - r->base_year + 1);
    VT_NEAR(pr->total[0], (double)r->population, 1e-12);
    double births = 0, deaths = 0, mig = 0;
    for (int b = 0; b < VS_AGE_BANDS; b++) {
        double x = (double)r->pop_by_band[b];
        births += p->fertility[b] * x;
        deaths += p->mortality[b] * x;
        mig += p->migration[b] * x;
    }
    VT_NEAR(pr->total[1], (double)r->population + births - deaths + mig, 1e-9);
    /* population.csv reproduces the 2022 totals it was derived from
     * (Region Stockholm: 26,356 born, 16,194 died, 12,479 + 2,247 migration) */
    VT_NEAR(births, 26356.0, 1e-5); /* rates rounded to 7 digits */
    VT_NEAR(deaths, 16194.0, 1e-5);
    VT_NEAR(mig, 12479.0 + 2247.0, 1e-5);
    double area_sum = 0;
    int y = pr->n_years - 1;
    for (int a = 0; a < pr->n_areas; a++)
        for (int b = 0; b < VS_AGE_BANDS; b++)
            area_sum += pr->pop[((size_t)y * pr->n_areas + a) * VS_AGE_BANDS + b];
    VT_NEAR(area_sum, pr->total[y], 1e-12);
    vs_pop_projection_destroy(pr);
    VT_EQ_INT(vs_pop_project(ctx, r, p, &one, r->base_year - 1, &pr), VS_EUSAGE);
}

/* Back-cast 2019 -> 2022 (docs/forecast.md, "Back-cast").  Tolerances: the
 * county total within 1 %, every municipality total within 8 %, every county
 * band within 15 %, and the cell error (sum of absolute errors over
 * municipality x band / population) below 8 %: the measured values (0.39 %,
 * 6.0 %, 11.0 %, 5.6 %) with a margin. */
static void test_backcast(vs_ctx *ctx, const vs_region *r, const vs_pop_params *p)
{
    vs_pop_backcast *bc = NULL;
    VT_EQ_INT(vs_pop_backcast_run(ctx, "data/stockholm/municipalities_age_2019.csv", 2019, r, p,
                                  &bc),
              VS_OK);
    if (!bc)
        return;
    VT_EQ_INT(bc->n, 26);
    VT_CHECK(fabs(bc->total_error) < 0.01);
    VT_CHECK(bc->max_municipality_error < 0.07);
    VT_CHECK(bc->max_band_error < 0.15);
    VT_CHECK(bc->cell_error < 0.08);
    fprintf(stderr, "back-cast: total %+.4f, municipality max %.4f mean %.4f, band max %.4f, "
                    "cells %.4f\n",
            bc->total_error, bc->max_municipality_error, bc->mean_municipality_error,
            bc->max_band_error, bc->cell_error);
    vs_pop_backcast_destroy(bc);
}

/* A user's projection by municipality: areas keep their base shares. */
static void test_projection_file(vs_ctx *ctx)
{
    vs_region *r = NULL;
    VT_EQ_INT(vs_region_load(ctx, "data/stockholm", &r), VS_OK);
    if (!r)
        return;
    char path[] = "/tmp/vs_forecast_projXXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    VT_CHECK(f != NULL);
    if (!f) {
        vs_region_destroy(r);
        return;
    }
    fprintf(f, "year,municipality_id");
    for (int b = 0; b < VS_AGE_BANDS; b++)
        fprintf(f, ",%s", vs_age_band_column(b));
    fprintf(f, "\n");
    for (int y = r->base_year; y <= r->base_year + 2; y++)
        for (int m = 0; m < r->n_municipalities; m++) {
            fprintf(f, "%d,%s", y, r->municipalities[m].municipality_id);
            for (int b = 0; b < VS_AGE_BANDS; b++)
                fprintf(f, ",%d", 1000 * (y - r->base_year + 1));
            fprintf(f, "\n");
        }
    fclose(f);
    vs_pop_projection *pr = NULL;
    VT_EQ_INT(vs_pop_projection_load(ctx, path, r, r->base_year + 2, &pr), VS_OK);
    if (pr) {
        VT_NEAR(pr->total[0], (double)r->population, 1e-12);
        VT_NEAR(pr->total[2], 3000.0 * VS_AGE_BANDS * r->n_municipalities, 1e-12);
        VT_CHECK(pr->user_supplied == 1);
    }
    vs_pop_projection_destroy(pr);
    pr = NULL;
    /* a year missing */
    VT_EQ_INT(vs_pop_projection_load(ctx, path, r, r->base_year + 3, &pr), VS_EINPUT);
    VT_CHECK(strstr(vs_ctx_message(ctx), "no row for year") != NULL);
    remove(path);
    vs_region_destroy(r);
}

/* The driver: one run and two threads give bit-identical results; the
 * aggregated projection behind every run equals the central projection by
 * area; identities of the yearly figures; intervals hold the central value. */
static void test_driver(vs_ctx *ctx, const vs_region *r, const char *scenario)
{
    vs_scenario *sc = NULL;
    vs_forecast_models *m = NULL;
    VT_EQ_INT(vs_scenario_load(ctx, scenario, &sc), VS_OK);
    VT_EQ_INT(vs_forecast_models_load(ctx, "data", &m), VS_OK);
    if (!sc || !m) {
        vs_scenario_destroy(sc);
        vs_forecast_models_destroy(m);
        return;
    }
    vs_forecast_options o;
    vs_forecast_options_init(&o);
    o.to_year = 2035;
    o.runs = 60;
    o.seed = 99;
    vs_forecast_result *a = NULL, *b = NULL;
    VT_EQ_INT(vs_forecast_run(ctx, m, r, sc, &o, &a), VS_OK);
    o.threads = 2;
    VT_EQ_INT(vs_forecast_run(ctx, m, r, sc, &o, &b), VS_OK);
    if (a && b) {
        VT_EQ_INT(a->n_years, 2035 - r->base_year + 1);
        VT_CHECK(memcmp(a->years, b->years, (size_t)a->n_years * sizeof *a->years) == 0);
        VT_EQ_INT(a->n_targets, b->n_targets);
        for (int i = 0; i < a->n_targets && i < b->n_targets; i++) {
            const vs_forecast_target *t = &a->targets[i];
            VT_EQ_INT(t->year_met, b->targets[i].year_met);
            VT_CHECK(t->probability_met == b->targets[i].probability_met);
            /* the deadline is the year the id ends with; met by it implies met */
            VT_EQ_INT(t->deadline, strcmp(t->id, "primary_care_share_2030") == 0 ? 2030
                                   : strcmp(t->id, "agency_staff_2027") == 0    ? 2027
                                                                                : 0);
            if (t->deadline)
                VT_CHECK(t->probability_met_by_deadline <= t->probability_met);
            else
                VT_CHECK(isnan(t->probability_met_by_deadline));
        }
        for (int y = 0; y < a->n_years; y++) {
            const vs_forecast_year *fy = &a->years[y];
            VT_NEAR(fy->value[VS_FC_POPULATION], a->population->total[y], 1e-12);
            VT_NEAR(fy->value[VS_FC_GP_FTE_NEEDED], fy->value[VS_FC_POPULATION] / 1100.0, 1e-12);
            /* every figure is monotone in each drawn input, so the central run
             * (midpoints) lies in the interval; not occupancy, a continuous load over
             * an integer number of beds, which saw-tooths as the load grows */
            for (int k = 0; k < VS_FC_METRICS; k++)
                if (k != VS_FC_OCCUPANCY && isfinite(fy->value[k]) && isfinite(fy->ci_low[k])
                    && a->n_ranges > 0)
                    VT_CHECK(fy->ci_low[k] <= fy->value[k] + 1e-9 * fabs(fy->value[k])
                             && fy->value[k] <= fy->ci_high[k] + 1e-9 * fabs(fy->value[k]));
        }
        VT_NEAR(a->years[0].value[VS_FC_POPULATION], (double)r->population, 1e-12);
        /* the base year's beds needed are the bed plan's with the ASIH shift */
        vs_beds_params bp;
        vs_beds_demand *d = NULL;
        vs_bed_plan *plan = NULL;
        VT_EQ_INT(vs_beds_params_load(ctx, "data/parameters", &bp), VS_OK);
        bp.occupancy_target = sc->beds.occupancy_target;
        bp.closure_share = sc->beds.closed_bed_share;
        bp.asih_shift = vs_beds_asih_shift(sc->beds.asih_share, bp.asih_share_before);
        VT_EQ_INT(vs_beds_demand_derive(ctx, r, &bp, &d), VS_OK);
        VT_EQ_INT(vs_beds_plan(ctx, r, d, &bp, &plan), VS_OK);
        if (plan)
            VT_NEAR(a->years[0].value[VS_FC_BEDS_NEEDED], (double)plan->total.beds_needed_asih, 0);
        vs_beds_plan_destroy(plan);
        vs_beds_demand_destroy(d);
    }
    vs_forecast_result_destroy(a);
    vs_forecast_result_destroy(b);
    vs_forecast_models_destroy(m);
    vs_scenario_destroy(sc);
}

/* The forecast stage: the store holds, for every year of the scenario's
 * period, exactly what vs_forecast_run returns for the scenario's settings,
 * and the year each target is met. */
static void test_stage(vs_ctx *ctx, const vs_region *r)
{
    char parent[] = "/tmp/test_forecast_stage_XXXXXX";
    VT_CHECK(mkdtemp(parent) != NULL);
    char out[300], db[350];
    snprintf(out, sizeof out, "%s/run", parent);
    snprintf(db, sizeof db, "%s/results.sqlite", out);
    vs_run_models_options mo = {"data", "forecast", 0, 0};
    vt_run_pipeline(ctx, &mo, TD "/ranges.yaml", out, NULL, NULL);
    vs_scenario *sc = NULL;
    vs_forecast_models *m = NULL;
    vs_forecast_result *fr = NULL;
    vs_store *st = NULL;
    vs_metric_list *ml = NULL;
    VT_EQ_INT(vs_scenario_load(ctx, TD "/ranges.yaml", &sc), VS_OK);
    VT_EQ_INT(vs_forecast_models_load(ctx, "data", &m), VS_OK);
    vs_forecast_options o;
    vs_forecast_options_init(&o);
    o.to_year = sc ? sc->horizon_year : 0;
    o.runs = sc ? sc->forecast.runs : 1;
    o.seed = sc ? sc->simulation.seed : 1;
    VT_EQ_INT(vs_forecast_run(ctx, m, r, sc, &o, &fr), VS_OK);
    VT_EQ_INT(vs_store_open(ctx, db, 0, &st), VS_OK);
    if (st)
        VT_EQ_INT(vs_store_read_metrics(ctx, st, 1, &ml), VS_OK);
    int found = 0, targets = 0;
    for (int i = 0; ml && fr && i < ml->n; i++) {
        const vs_metric *x = &ml->items[i];
        int y = x->year - fr->base_year;
        for (int k = 0; k < VS_FC_METRICS; k++) {
            char name[80];
            snprintf(name, sizeof name, "forecast_%s", vs_forecast_metric_name(k));
            if (strcmp(x->name, name) != 0 || y < 0 || y >= fr->n_years)
                continue;
            found++;
            const vs_forecast_year *fy = &fr->years[y];
            VT_CHECK(x->value == fy->value[k] || (isnan(x->value) && isnan(fy->value[k])));
            VT_CHECK(x->ci_low == fy->ci_low[k] || (isnan(x->ci_low) && isnan(fy->ci_low[k])));
            VT_CHECK(x->ci_high == fy->ci_high[k] || (isnan(x->ci_high) && isnan(fy->ci_high[k])));
        }
        for (int t = 0; t < fr->n_targets; t++) {
            char name[120];
            snprintf(name, sizeof name, "forecast_year_met_%s", fr->targets[t].id);
            if (strcmp(x->name, name) == 0) {
                targets++;
                VT_CHECK(fr->targets[t].year_met ? x->value == fr->targets[t].year_met
                                                 : isnan(x->value));
            }
        }
    }
    VT_EQ_INT(found, fr ? fr->n_years * VS_FC_METRICS : -1);
    VT_EQ_INT(targets, fr ? fr->n_targets : -1);
    vs_metric_list_free(ml);
    vs_store_close(st);
    vs_forecast_result_destroy(fr);
    vs_forecast_models_destroy(m);
    vs_scenario_destroy(sc);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", parent);
    VT_CHECK(system(cmd) == 0);
}

int main(void)
{
    vs_ctx *ctx = NULL;
    if (vs_ctx_create(&ctx))
        return 1;
    test_ageing_closed_form();
    test_mortality_closed_form();
    vs_region *r = NULL;
    vs_pop_params p;
    VT_EQ_INT(vs_region_load(ctx, "data/stockholm", &r), VS_OK);
    VT_EQ_INT(vs_pop_params_load(ctx, "data/parameters", &p), VS_OK);
    if (r) {
        test_project_region(ctx, r, &p);
        test_backcast(ctx, r, &p);
        test_driver(ctx, r, "scenarios/policy.yaml");
        test_driver(ctx, r, TD "/ranges.yaml");
        test_stage(ctx, r);
    }
    test_projection_file(ctx);
    vs_region_destroy(r);
    vs_ctx_destroy(ctx);
    return vt_done();
}
