/*
 * bench_forecast.c: the forecast of the default region (Stockholm County,
 * 1,287 DeSO areas) from its base year to 2035 with 1,000 Monte Carlo runs
 * over the ranges of a scenario, on one thread and on two.  The target of
 * issue 15 is under 5 s on one core.  Prints wall time (never asserted) and
 * a checksum of the results, which must be equal for both thread counts.
 *
 * usage: bench_forecast [SCENARIO (default scenarios/policy.yaml)]
 *                       [RUNS (default 1000)] [DATA_DIR (default data)]
 * Run from the source tree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vardsim/vardsim.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Sum of every central value and interval bound (NaN skipped). */
static double checksum(const vs_forecast_result *r)
{
    double s = 0;
    for (int y = 0; y < r->n_years; y++)
        for (int k = 0; k < VS_FC_METRICS; k++) {
            double v[3] = {r->years[y].value[k], r->years[y].ci_low[k], r->years[y].ci_high[k]};
            for (int i = 0; i < 3; i++)
                if (v[i] == v[i])
                    s += v[i];
        }
    return s;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "scenarios/policy.yaml";
    int runs = argc > 2 ? atoi(argv[2]) : 1000;
    const char *data = argc > 3 ? argv[3] : "data";
    vs_ctx *ctx;
    if (vs_ctx_create(&ctx))
        return 1;
    vs_scenario *sc = NULL;
    vs_region *rg = NULL;
    vs_forecast_models *m = NULL;
    char rdir[1100];
    snprintf(rdir, sizeof rdir, "%s/stockholm", data);
    double t0 = now();
    if (vs_scenario_load(ctx, path, &sc) || vs_region_load(ctx, rdir, &rg)
        || vs_forecast_models_load(ctx, data, &m)) {
        fprintf(stderr, "bench_forecast: %s\n", vs_ctx_message(ctx));
        return 1;
    }
    double t_load = now() - t0;
    printf("forecast %s to 2035, %d runs, %d uncertain inputs (loading: %.3f s)\n", path, runs,
           vs_scenario_range_count(sc), t_load);
    for (int threads = 1; threads <= 2; threads++) {
        vs_forecast_options o;
        vs_forecast_options_init(&o);
        o.to_year = 2035;
        o.runs = runs;
        o.seed = 20250101;
        o.threads = threads;
        vs_forecast_result *r = NULL;
        double t = now();
        if (vs_forecast_run(ctx, m, rg, sc, &o, &r)) {
            fprintf(stderr, "bench_forecast: %s\n", vs_ctx_message(ctx));
            return 1;
        }
        printf("threads %d: %.3f s, checksum %.17g\n", threads, now() - t, checksum(r));
        vs_forecast_result_destroy(r);
    }
    vs_forecast_models_destroy(m);
    vs_region_destroy(rg);
    vs_scenario_destroy(sc);
    vs_ctx_destroy(ctx);
    return 0;
}
