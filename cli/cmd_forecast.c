/*
 * cmd_forecast.c: "vardsim forecast", the year-by-year forecast to a horizon
 * with Monte Carlo intervals and the year each target is met
 * (vardsim/forecast.h, docs/forecast.md).
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "shard.h"
#include "vardsim/forecast.h"

static const char usage[] =
    "usage: vardsim forecast [SCENARIO] [--region DIR] [--to YEAR] [--runs N] [--seed S]\n"
    "                        [--threads T] [--json] [--out DIR] [--task K --tasks N]\n"
    "\n"
    "Year by year from the region's base year to a horizon: population (cohort-component\n"
    "projection by area and age band, or the scenario's projection file), GP FTE needed\n"
    "for 1,100 residents per GP and GP FTE supplied (workforce cohort model), listed per\n"
    "GP, fixed-GP coverage achievable, beds needed for the occupancy target (Erlang) and\n"
    "beds staffed, primary-care share of the health budget, agency staff share and cost,\n"
    "and the cost of the GPs the cap needs; the first year each target is met.  Inputs\n"
    "the scenario gives as [low, high] ranges are drawn in N seeded Monte Carlo runs:\n"
    "every yearly figure gets a 95 % interval (<name>_ci95) and every target the\n"
    "probability that it is met by the horizon.  Method and sources: docs/forecast.md.\n"
    "\n"
    "  SCENARIO     scenario file (default: scenarios/today.yaml of the source tree)\n"
    "  --region DIR region directory (default: the scenario's region, else Stockholm)\n"
    "  --to YEAR    horizon (default: the scenario's horizon_year when after the base\n"
    "               year, else 2035)\n"
    "  --runs N     Monte Carlo runs, 1..1000000 (default 1000; 1: central run only)\n"
    "  --seed S     seed of the runs' random streams (default: the scenario's\n"
    "               simulation.seed)\n"
    "  --threads T  worker threads, 1..256 (default 1); results are identical for any T\n"
    "  --json       print JSON: base_year, to_year, runs, years[], targets[]\n"
    "  --out DIR    also write that JSON to DIR/forecast.json (DIR: a new directory,\n"
    "               created atomically)\n"
    "  --force      replace an --out DIR that forecast wrote\n"
    "  --task K --tasks N\n"
    "               compute only task K's share (0 <= K < N) of the Monte Carlo runs\n"
    "               and save it into --out DIR (a new directory) for 'vardsim merge';\n"
    "               'env' reads K from SLURM_ARRAY_TASK_ID (minus SLURM_ARRAY_TASK_MIN)\n"
    "               or JOB_COMPLETION_INDEX and N from SLURM_ARRAY_TASK_COUNT\n"
    "               (docs/shards.md)\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input\n"
    "(FILE:LINE: field NAME: ...), 130/143 interrupted.\n";

/* The contract's yearly fields (the first metrics) and the extra ones. */
static json_t *year_json(const vs_forecast_year *y, int runs)
{
    json_t *o = json_object();
    json_object_set_new(o, "year", json_integer(y->year));
    for (int k = 0; k < VS_FC_METRICS; k++) {
        const char *name = vs_forecast_metric_name(k);
        json_object_set_new(o, name, cli_json_num(y->value[k]));
        if (runs > 1) {
            char key[64];
            snprintf(key, sizeof key, "%s_ci95", name);
            json_t *ci = json_array();
            json_array_append_new(ci, cli_json_num(y->ci_low[k]));
            json_array_append_new(ci, cli_json_num(y->ci_high[k]));
            json_object_set_new(o, key, ci);
        }
    }
    return o;
}

static json_t *to_json(const vs_forecast_result *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "base_year", json_integer(r->base_year));
    json_object_set_new(o, "to_year", json_integer(r->to_year));
    json_object_set_new(o, "runs", json_integer(r->runs));
    json_object_set_new(o, "uncertain_inputs", json_integer(r->n_ranges));
    json_object_set_new(o, "population_source", json_string(r->population->source));
    json_object_set_new(o, "missing", *r->missing ? json_string(r->missing) : json_null());
    json_t *ys = json_array();
    for (int i = 0; i < r->n_years; i++)
        json_array_append_new(ys, year_json(&r->years[i], r->runs));
    json_object_set_new(o, "years", ys);
    json_t *ts = json_array();
    for (int i = 0; i < r->n_targets; i++) {
        const vs_forecast_target *t = &r->targets[i];
        json_t *j = json_object();
        json_object_set_new(j, "target", json_string(t->id));
        json_object_set_new(j, "year_met", t->year_met ? json_integer(t->year_met) : json_null());
        json_object_set_new(j, "probability_met", json_real(t->probability_met));
        json_object_set_new(j, "deadline", t->deadline ? json_integer(t->deadline) : json_null());
        json_object_set_new(j, "probability_met_by_deadline",
                            cli_json_num(t->probability_met_by_deadline));
        json_object_set_new(j, "label", json_string(t->label));
        json_object_set_new(j, "metric", json_string(vs_forecast_metric_name(t->metric)));
        json_object_set_new(j, "comparator", json_string(t->comparator));
        json_object_set_new(j, "value", json_real(t->value));
        json_array_append_new(ts, j);
    }
    json_object_set_new(o, "targets", ts);
    return o;
}

static void print_text(const vs_forecast_result *r)
{
    printf("Forecast %d-%d, %d run%s, %d uncertain input%s; population: %s\n\n", r->base_year,
           r->to_year, r->runs, r->runs == 1 ? "" : "s", r->n_ranges, r->n_ranges == 1 ? "" : "s",
           r->population->source);
    if (*r->missing)
        printf("Not computed (a figure is missing; supply it in the region's parameter files or "
               "the scenario):\n  %s\n\n",
               r->missing);
    printf("%4s %10s %8s %8s %8s %6s %6s %6s %6s %6s %7s %9s\n", "year", "population",
           "GP-need", "GP-supp", "listed", "cover", "beds-n", "beds-s", "pc-shr", "agency",
           "agency", "GP cost");
    printf("%4s %10s %8s %8s %8s %6s %6s %6s %6s %6s %7s %9s\n", "", "", "FTE", "FTE",
           "per GP", "", "", "", "", "share", "MSEK", "MSEK");
    static const struct {
        int metric, width;
        double scale;
        const char *fmt;
    } col[] = {{VS_FC_POPULATION, 10, 1, "%*.0f"},        {VS_FC_GP_FTE_NEEDED, 8, 1, "%*.0f"},
               {VS_FC_GP_FTE_SUPPLY, 8, 1, "%*.0f"},      {VS_FC_LISTED_PER_GP, 8, 1, "%*.0f"},
               {VS_FC_FIXED_GP_COVERAGE, 5, 100, "%*.0f%%"}, {VS_FC_BEDS_NEEDED, 6, 1, "%*.0f"},
               {VS_FC_BEDS_STAFFED, 6, 1, "%*.0f"},       {VS_FC_PRIMARY_CARE_SHARE, 5, 100, "%*.1f%%"},
               {VS_FC_AGENCY_SHARE, 5, 100, "%*.1f%%"},   {VS_FC_AGENCY_COST_SEK, 7, 1e-6, "%*.0f"},
               {VS_FC_GP_COST_SEK, 9, 1e-6, "%*.0f"}};
    for (int i = 0; i < r->n_years; i++) {
        printf("%4d", r->years[i].year);
        for (size_t c = 0; c < sizeof col / sizeof col[0]; c++) {
            double v = r->years[i].value[col[c].metric];
            putchar(' ');
            if (isfinite(v))
                printf(col[c].fmt, col[c].width, v * col[c].scale);
            else /* not given for this year (e.g. no budget figure); a per-cent column is
                    one character wider */
                printf("%*s%s", col[c].width, "-", col[c].scale == 100 ? " " : "");
        }
        putchar('\n');
    }
    printf("\n%-26s %-15s %-12s %s\n", "target", "year met", "P(by horizon)",
           "P(by the target's year)");
    for (int i = 0; i < r->n_targets; i++) {
        const vs_forecast_target *t = &r->targets[i];
        char y[16], d[32] = "";
        snprintf(y, sizeof y, "%d", t->year_met);
        if (!isnan(t->probability_met_by_deadline))
            snprintf(d, sizeof d, "%.3f (%d)", t->probability_met_by_deadline, t->deadline);
        printf("%-26s %-15s %.3f%s%s\n", t->id, t->year_met ? y : "not by horizon",
               t->probability_met, *d ? "         " : "", d);
    }
}

/* Options into o; 2 on a bad value. */
static int parse_numbers(const char *to, const char *runs, const char *seed, const char *threads,
                         const vs_scenario *sc, vs_forecast_options *o)
{
    long v;
    vs_forecast_options_init(o);
    o->runs = 1000;
    o->seed = sc->simulation.seed;
    if (to && cli_long("forecast", "--to", to, 1800, 3000, &v))
        return 2;
    if (to)
        o->to_year = (int)v;
    if (runs && cli_long("forecast", "--runs", runs, 1, VS_FORECAST_MAX_RUNS, &v))
        return 2;
    if (runs)
        o->runs = (int)v;
    if (threads && cli_long("forecast", "--threads", threads, 1, 256, &v))
        return 2;
    if (threads)
        o->threads = (int)v;
    if (seed) {
        char *end;
        errno = 0;
        unsigned long long s = strtoull(seed, &end, 10);
        if (!*seed || *end || *seed == '-' || errno) {
            fprintf(stderr, "vardsim forecast: option --seed: '%s' is not an integer in "
                            "0..18446744073709551615\n",
                    seed);
            return 2;
        }
        o->seed = (uint64_t)s;
    }
    return 0;
}

/* 1 when paths a and b name the same directory. */
static int same_dir(const char *a, const char *b)
{
    char ra[PATH_MAX], rb[PATH_MAX];
    return *b && realpath(a, ra) && realpath(b, rb) && strcmp(ra, rb) == 0;
}

static const char *const own_files[] = {"forecast.json", NULL};

static int run(int argc, char **argv)
{
    cli_shard sh;
    cli_shard_init(&sh, "forecast", argc, argv);
    const char *dir = NULL, *to = NULL, *runs = NULL, *seed = NULL, *threads = NULL, *pos[1],
               *out = NULL;
    int json = 0, npos, force = 0;
    const cli_opt opts[] = {{"--region", 1, &dir, NULL},   {"--to", 1, &to, NULL},
                            {"--runs", 1, &runs, NULL},    {"--seed", 1, &seed, NULL},
                            {"--threads", 1, &threads, NULL}, {"--json", 0, NULL, &json},
                            {"--out", 1, &out, NULL},      {"--force", 0, NULL, &force},
                            CLI_SHARD_OPTS(&sh),           {0}};
    if (cli_parse("forecast", argc, argv, opts, pos, 1, &npos) || cli_shard_setup(&sh, out, force))
        return 2;
    if (out && !cli_shard_is_task(&sh) && cli_outdir_check("forecast", out, force, own_files))
        return 2;
    char def[4300];
    snprintf(def, sizeof def, "%s/today.yaml", cli_scenario_dir());
    const char *path = npos ? pos[0] : def;
    vs_ctx *ctx;
    if (cli_ctx_create(&ctx))
        return 1;
    vs_scenario *sc = NULL;
    vs_region *rg = NULL;
    vs_forecast_models *m = NULL;
    vs_forecast_result *res = NULL;
    vs_forecast_options o;
    int rc = 0;
    vs_status st = vs_scenario_load(ctx, path, &sc);
    if (!st && parse_numbers(to, runs, seed, threads, sc, &o))
        rc = 2;
    if (!st && !rc && dir && !same_dir(dir, sc->region_dir)
        && vs_scenario_forget_region_figures(sc) > 0)
        fprintf(stderr,
                "vardsim forecast: note: %s is not the region of %s; its budget, agency share "
                "and training intake (that region's figures) are not used: the region's own "
                "parameter files give them, or they are reported missing\n",
                dir, path);
    if (!st && !rc)
        st = vs_region_load(ctx, dir ? dir : *sc->region_dir ? sc->region_dir
                                                              : cli_default_region(),
                            &rg);
    if (!st && !rc)
        st = vs_forecast_models_load(ctx, cli_data_dir(), &m);
    cli_shard_attach(&sh, ctx);
    if (!st && !rc)
        st = vs_forecast_run(ctx, m, rg, sc, &o, &res);
    if (st)
        rc = cli_fail(ctx, st);
    else if (!rc && (rc = cli_shard_finish(&sh, ctx, json)) < 0) {
        /* a whole run or a merge: the file first, so that a failure prints nothing */
        rc = json || out ? cli_emit_json("forecast", to_json(res), json, out, force,
                                         "forecast.json")
                         : 0;
        if (!rc && !json)
            print_text(res);
    }
    cli_shard_free(&sh);
    vs_forecast_result_destroy(res);
    vs_forecast_models_destroy(m);
    vs_region_destroy(rg);
    vs_scenario_destroy(sc);
    vs_ctx_destroy(ctx);
    return rc;
}

const cli_command cli_cmd_forecast = {"forecast", "year-by-year forecast to 2035 with intervals "
                                                  "and the year each target is met",
                                      usage, run};
