/*
 * cmd_sweep.c: "vardsim sweep", a scenario over a grid or a Latin hypercube
 * of its numeric fields (vardsim/sweep.h).  Parses the options (--vary may
 * repeat), hands everything to vs_sweep_run and prints the answer or the
 * JSON the library made.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "shard.h"
#include "vardsim/flow.h"
#include "vardsim/sweep.h"

static const char usage[] =
    "usage: vardsim sweep SCENARIO --vary KEY=FROM:TO:STEP [--vary ...] --out DIR\n"
    "                     [--samples N] [--seed S] [--replications N] [--days D]\n"
    "                     [--network auto|centres|listing|fallback] [--stages LIST]\n"
    "                     [--threads T] [--task K --tasks N] [--force] [--json]\n"
    "\n"
    "Run the scenario at every point of a grid over one or more numeric scenario\n"
    "fields (or at N points of a Latin hypercube), each point a full run of the\n"
    "model stages of 'vardsim run', and write the directory DIR (docs/sweep.md):\n"
    "  results.sqlite   the sweep_points and sweep_values tables (docs/store.md)\n"
    "  sweep.json       what --json prints\n"
    "  report.html      response charts and the cheapest point meeting every target\n"
    "\n"
    "  --vary KEY=FROM:TO:STEP  a field by its dotted path in the scenario file, e.g.\n"
    "               policies.beds.closed_bed_share=0:0.1:0.05 (docs/scenario.md);\n"
    "               repeat for more keys (at most 8; a grid of at most 1000 points)\n"
    "  --samples N  a Latin hypercube of N points over the FROM:TO ranges instead of\n"
    "               the grid (STEP may be left out; when given, values are rounded to\n"
    "               it), seeded and deterministic\n"
    "  --seed S     seed of every point's simulation and of the design (default: the\n"
    "               scenario's simulation.seed)\n"
    "  --replications N, --days D  the flow simulation of every point (default: the\n"
    "               scenario's)\n"
    "  --network M  primary-care network of the simulation, as in 'vardsim run'\n"
    "  --stages LIST  model stages as in 'vardsim run' (default: all)\n"
    "  --threads T  points computed at once (default: the online cores); the results\n"
    "               are the same bytes for any T\n"
    "  --out DIR    new directory, written as DIR.tmp-XXXXXX and renamed into place\n"
    "  --force      replace DIR when it is a finished sweep directory (or empty)\n"
    "  --json       print sweep.json\n"
    CLI_SHARD_USAGE
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input (nothing is\n"
    "written), 130 interrupted by SIGINT, 143 by SIGTERM.\n";

/* --vary may repeat: take every one out of argv (into specs) before cli_parse
 * sees the rest.  Returns the new argc, -1 on a bad --vary. */
static int take_vary(int argc, char **argv, char **rest, const char **specs, int *n)
{
    int k = 0;
    *n = 0;
    for (int i = 0; i < argc; i++) {
        const char *spec = NULL;
        if (i > 0 && strcmp(argv[i], "--vary") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "vardsim sweep: option --vary needs a value\n");
                return -1;
            }
            spec = argv[++i];
        } else if (i > 0 && strncmp(argv[i], "--vary=", 7) == 0)
            spec = argv[i] + 7;
        if (!spec) {
            rest[k++] = argv[i];
            continue;
        }
        if (*n == VS_SWEEP_MAX_KEYS) {
            fprintf(stderr, "vardsim sweep: --vary: at most %d keys\n", VS_SWEEP_MAX_KEYS);
            return -1;
        }
        specs[(*n)++] = spec;
    }
    rest[k] = NULL;
    return k;
}

static void print_answer(const vs_sweep_result *r)
{
    printf("vardsim sweep: scenario %s, %d points (%s), %d network design(s)\n", r->scenario,
           r->n_points, r->samples ? "Latin hypercube" : "grid", r->networks_designed);
    int w[VS_SWEEP_MAX_KEYS];
    printf("point");
    for (int k = 0; k < r->n_vary; k++) {
        w[k] = (int)strlen(r->vary[k].key);
        printf("  %s", r->vary[k].key);
    }
    printf("  targets met  meets all         cost, SEK/year\n");
    for (int u = 0; u < r->n_points; u++) {
        const vs_sweep_record *a = &r->records[u];
        char met[32], cost[40];
        printf("%5d", u);
        for (int k = 0; k < r->n_vary; k++)
            printf("  %*.12g", w[k], r->values[(size_t)u * r->n_vary + k]);
        snprintf(met, sizeof met, "%d of %d", a->targets_met, a->n_scores);
        if (isnan(a->cost_sek)) /* the stages run give no GP FTE or no open beds */
            snprintf(cost, sizeof cost, "unknown");
        else
            cli_thousands((long long)llround(a->cost_sek), cost, sizeof cost);
        printf("  %11s  %9s  %21s\n", met, a->meets_all ? "yes" : "no", cost);
    }
    int u = r->cheapest >= 0 ? r->cheapest : r->closest;
    if (r->cheapest >= 0)
        printf("cheapest point that meets every target: %d\n", u);
    else if (u >= 0 && r->records[u].meets_all)
        printf("no cheapest point: the cost is unknown (the stages run give no GP FTE or no "
               "open beds); point %d is the first that meets every target\n", u);
    else if (u >= 0)
        printf("no point meets every target; closest: point %d (%d of %d met)\n", u,
               r->records[u].targets_met, r->records[u].n_scores);
    printf("  results: %s/results.sqlite\n  report:  %s/report.html\n", r->out_dir, r->out_dir);
}

/* The numeric options into o; 2 on a bad value. */
static int numbers(const char *samples, const char *seed, const char *reps, const char *days,
                   const char *threads, vs_sweep_options *o)
{
    long v;
    if (samples) {
        if (cli_long("sweep", "--samples", samples, 1, VS_SWEEP_MAX_POINTS, &v))
            return 2;
        o->samples = (int)v;
    }
    if (seed) {
        char *end;
        errno = 0;
        unsigned long long s = strtoull(seed, &end, 10);
        if (!*seed || *end || errno || seed[0] == '-') {
            fprintf(stderr, "vardsim sweep: option --seed: '%s' is not an integer 0..2^64-1\n",
                    seed);
            return 2;
        }
        o->seed = (uint64_t)s;
        o->seed_set = 1;
    }
    if (reps) {
        if (cli_long("sweep", "--replications", reps, 1, 100000, &v))
            return 2;
        o->replications = (int)v;
    }
    if (days) {
        if (cli_long("sweep", "--days", days, 1, 3660, &v))
            return 2;
        o->days = (int)v;
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    o->threads = n >= 1 ? (int)(n > 1024 ? 1024 : n) : 1;
    if (threads) {
        if (cli_long("sweep", "--threads", threads, 1, 1024, &v))
            return 2;
        o->threads = (int)v;
    }
    return 0;
}

static int sweep_run(cli_shard *sh, const char *scenario, const char *const *specs, int nv,
                     const char *out, int force, int json, const char *samples, const char *seed,
                     const char *reps, const char *days, const char *network, const char *stages,
                     const char *threads);

static int sweep(int argc, char **argv)
{
    const char *specs[VS_SWEEP_MAX_KEYS], *pos[1];
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    int nv = 0, npos = 0, force = 0, json = 0;
    if (!rest)
        return 1;
    cli_shard sh; /* --task/--tasks: the points are the work units (docs/shards.md) */
    cli_shard_init(&sh, "sweep", argc, argv);
    int rc = take_vary(argc, argv, rest, specs, &nv);
    const char *out = NULL, *samples = NULL, *seed = NULL, *reps = NULL, *days = NULL;
    const char *network = NULL, *stages = NULL, *threads = NULL;
    const cli_opt opts[] = {{"--out", 1, &out, NULL},         {"--samples", 1, &samples, NULL},
                            {"--seed", 1, &seed, NULL},       {"--replications", 1, &reps, NULL},
                            {"--days", 1, &days, NULL},       {"--network", 1, &network, NULL},
                            {"--stages", 1, &stages, NULL},   {"--threads", 1, &threads, NULL},
                            {"--force", 0, NULL, &force},     {"--json", 0, NULL, &json},
                            CLI_SHARD_OPTS(&sh),              {0}};
    rc = rc < 0 ? 2 : cli_parse("sweep", rc, rest, opts, pos, 1, &npos);
    free(rest);
    if (!rc && npos && out && nv && cli_shard_setup(&sh, out, force))
        rc = 2;
    if (rc) {
        cli_shard_free(&sh);
        return rc;
    }
    if (!npos || !out || !nv) {
        fprintf(stderr, "vardsim sweep: %s is required (vardsim sweep --help)\n",
                !npos ? "a SCENARIO" : !nv ? "--vary" : "--out");
        cli_shard_free(&sh);
        return 2;
    }
    rc = sweep_run(&sh, pos[0], specs, nv, out, force, json, samples, seed, reps, days, network,
                   stages, threads);
    cli_shard_free(&sh);
    return rc;
}

/* The sweep itself, after the options parsed (sh: whole, task or replay). */
static int sweep_run(cli_shard *sh, const char *scenario, const char *const *specs, int nv,
                     const char *out, int force, int json, const char *samples, const char *seed,
                     const char *reps, const char *days, const char *network, const char *stages,
                     const char *threads)
{
    int rc;
    vs_sweep_options o;
    memset(&o, 0, sizeof o);
    if (numbers(samples, seed, reps, days, threads, &o))
        return 2;
    int net = network ? vs_flow_network_parse(network) : VS_NETWORK_AUTO;
    if (net < 0) {
        fprintf(stderr, "vardsim sweep: --network: '%s' is not auto, centres, listing or "
                        "fallback\n", network);
        return 2;
    }
    char when[32];
    if ((rc = cli_created_at("sweep", when, sizeof when)))
        return rc;
    vs_ctx *ctx;
    if (cli_ctx_create(&ctx))
        return 1;
    vs_sweep_vary vary[VS_SWEEP_MAX_KEYS];
    vs_status st = VS_OK;
    for (int k = 0; k < nv && !st; k++)
        st = vs_sweep_parse_vary(ctx, specs[k], o.samples > 0, &vary[k]);
    const char *data_dir = cli_data_dir();
    char cwd[4096];
    size_t n = getcwd(cwd, sizeof cwd) ? strlen(cwd) : 0;
    if (n > 1 && strncmp(data_dir, cwd, n) == 0 && data_dir[n] == '/')
        data_dir += n + 1;
    vs_scenario *peek = NULL; /* the region's own parameters over the shipped ones */
    if (!st && vs_scenario_load(ctx, scenario, &peek) == VS_OK)
        cli_region_params(ctx, peek->region_dir[0] ? peek->region_dir : NULL);
    vs_scenario_destroy(peek);
    if (!st)
        vs_ctx_clear(ctx);
    o.scenario_path = scenario;
    o.default_region = cli_default_region();
    o.data_dir = data_dir;
    o.out_dir = cli_shard_is_task(sh) ? NULL : out; /* a task writes its shard only */
    o.force = force;
    o.created_at = when;
    o.vary = vary;
    o.n_vary = nv;
    o.network = net;
    o.stages = stages;
    o.path_roots[0] = cli_home_dir();
    o.path_roots[1] = n > 1 ? cwd : NULL;
    o.n_input_notes = cli_notes(&o.input_notes);
    vs_sweep_result *r = NULL;
    cli_shard_attach(sh, ctx);
    if (!st)
        st = vs_sweep_run(ctx, &o, &r);
    if (st) {
        rc = cli_fail(ctx, st);
        vs_ctx_destroy(ctx);
        return rc;
    }
    rc = cli_shard_finish(sh, ctx, json);
    vs_ctx_destroy(ctx);
    if (rc >= 0) {
        vs_sweep_result_destroy(r);
        return rc;
    }
    if (json)
        printf("%s\n", r->json);
    else
        print_answer(r);
    vs_sweep_result_destroy(r);
    return 0;
}

const cli_command cli_cmd_sweep = {"sweep", "a scenario over a grid or Latin hypercube of its "
                                            "fields, each point a full run",
                                   usage, sweep};
