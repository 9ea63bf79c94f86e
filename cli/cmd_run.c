/*
 * cmd_run.c: "vardsim run", a scenario into an atomic run directory.
 *
 * SIGINT/SIGTERM (cli/signals.c) set the flag the context watches; the
 * library stops within a fraction of a second and removes its temporary
 * directory.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "vardsim/run.h"
#include "vardsim/scenario.h"

static const char usage[] =
    "usage: vardsim run [SCENARIO] [--out DIR] [--force] [--json]\n"
    "                   [--network auto|centres|listing|fallback] [--stages LIST]\n"
    "                   [--lang en|sv] [--baseline RUNDIR]\n"
    "\n"
    "Run a scenario file (schema in docs/scenario.md) and write the run directory DIR:\n"
    "  results.sqlite   runs, parameters, metrics, per-area/municipality/hospital/centre\n"
    "                   results, charts, series and scorecard (docs/store.md)\n"
    "  *.csv            the same tables as CSV\n"
    "  results.xlsx     the same tables as one Excel workbook, a sheet each\n"
    "  report.html      one self-contained report (charts, maps, scorecard)\n"
    "The directory is written to DIR.tmp-XXXXXX beside DIR and renamed into place when\n"
    "complete: an interrupted or failed run leaves no partial DIR and never damages an\n"
    "earlier one.  Every directory a run creates carries the marker file .vardsim-run\n"
    "(\"vardsim-run 1\", written first; DIR keeps it with \"state complete\").  Leftover\n"
    "DIR.tmp-*/DIR.old-* directories of a killed earlier run are removed only when they\n"
    "carry the marker; any other entry with such a name is left alone, with a warning.\n"
    "\n"
    "  SCENARIO     scenario file (default: today.yaml of the shipped scenarios, in\n"
    "               the source tree or PREFIX/share/vardsim/scenarios)\n"
    "  --out DIR    run directory (default: runs/NAME, NAME = the file name without .yaml)\n"
    "  --force      replace DIR if it carries the marker of a complete run, or is empty\n"
    "               (atomic swap); any other DIR, also a run directory of an earlier\n"
    "               vardsim without the marker, is refused: remove it yourself\n"
    "  --json       print JSON: scenario, out_dir, run_id, results, report, population,\n"
    "               metrics, scorecard\n"
    "  --network M  primary-care network of the simulation: auto (default: the region's\n"
    "               own care centres when its directory has centres.csv, else the\n"
    "               listing engine's greenfield design, a few seconds per discipline),\n"
    "               centres, listing, or fallback (population bisection, about 1 ms;\n"
    "               docs/flow.md)\n"
    "  --stages LIST  comma-separated model stages to run (default: all): need,\n"
    "               allocation, listing, beds, flow, forecast, screening, maternity,\n"
    "               stockpile; a stage brings the stages it needs, and region, targets\n"
    "               and notes are part of every run\n"
    "  --lang L     report.html in English (en, default) or Swedish (sv: labels, and\n"
    "               numbers as 2 440 027 and 89,9 %)\n"
    "  --baseline RUNDIR  a finished run (e.g. runs/today) whose scorecard values the\n"
    "               report shows beside this run's: today -> scenario\n"
    "\n"
    "The time recorded in runs.created_at is the clock, or SOURCE_DATE_EPOCH when set\n"
    "(reproducible runs).  SIGINT (Ctrl-C) or SIGTERM stops the run within about a\n"
    "second and removes the temporary directory; DIR stays as it was.  Without --out,\n"
    "runs/ is created only once the scenario and the region have loaded.\n"
    "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input (nothing is\n"
    "written), 130 interrupted by SIGINT, 143 by SIGTERM.\n";

/* Print a warning of the run (vs_run_options.warn). */
static void warn(void *user, const char *message)
{
    (void)user;
    fprintf(stderr, "vardsim run: warning: %s\n", message);
}

static int run(int argc, char **argv)
{
    const char *out = NULL, *pause = NULL, *network = NULL, *stage_list = NULL, *pos[1];
    const char *lang = NULL, *baseline = NULL;
    int force = 0, json = 0, npos;
    const cli_opt opts[] = {{"--out", 1, &out, NULL},
                            {"--force", 0, NULL, &force},
                            {"--json", 0, NULL, &json},
                            {"--network", 1, &network, NULL},
                            {"--stages", 1, &stage_list, NULL},
                            {"--lang", 1, &lang, NULL},
                            {"--baseline", 1, &baseline, NULL},
                            {"--test-pause", 1, &pause, NULL}, /* test hook, docs/scenario.md */
                            {0}};
    if (cli_parse("run", argc, argv, opts, pos, 1, &npos))
        return 2;
    int net = network ? vs_flow_network_parse(network) : VS_NETWORK_AUTO;
    if (net < 0) {
        fprintf(stderr, "vardsim run: --network: '%s' is not auto, centres, listing or fallback\n",
                network);
        return 2;
    }
    if (lang && strcmp(lang, "en") != 0 && strcmp(lang, "sv") != 0) {
        fprintf(stderr, "vardsim run: --lang: '%s' is not en or sv\n", lang);
        return 2;
    }
    char base_db[4200];
    snprintf(base_db, sizeof base_db, "%s/results.sqlite", baseline ? baseline : "");
    if (baseline && access(base_db, R_OK) != 0) {
        fprintf(stderr, "vardsim run: --baseline: %s: %s (give a finished run directory)\n",
                base_db, strerror(errno));
        return 2;
    }
    char def_scenario[4300];
    snprintf(def_scenario, sizeof def_scenario, "%s/today.yaml", cli_scenario_dir());
    const char *scenario = npos ? pos[0] : def_scenario;
    char def_out[600];
    if (!out) {
        const char *b = strrchr(scenario, '/');
        b = b ? b + 1 : scenario;
        size_t n = strlen(b);
        if (n > 5 && strcmp(b + n - 5, ".yaml") == 0)
            n -= 5;
        else if (n > 4 && strcmp(b + n - 4, ".yml") == 0)
            n -= 4;
        snprintf(def_out, sizeof def_out, "runs/%.*s", (int)(n > 200 ? 200 : n), b);
        out = def_out; /* the library creates runs/ once the inputs loaded */
    }
    char when[32];
    int rc = cli_created_at("run", when, sizeof when);
    if (rc)
        return rc;

    vs_ctx *ctx;
    if (cli_ctx_create(&ctx))
        return 1;
    /* the data directory as a path relative to the working directory when it
     * lies below it, so that the sources quoted in the report and the store
     * read "data/parameters/..." rather than a machine's absolute path */
    const char *data_dir = cli_data_dir();
    char cwd[4096];
    size_t n = getcwd(cwd, sizeof cwd) ? strlen(cwd) : 0;
    if (n > 1 && strncmp(data_dir, cwd, n) == 0 && data_dir[n] == '/')
        data_dir += n + 1;
    /* the region's own parameters (REGION/parameters) over the shipped ones;
     * a scenario that does not load is reported by the run itself */
    vs_scenario *peek = NULL;
    if (vs_scenario_load(ctx, scenario, &peek) == VS_OK)
        cli_region_params(ctx, peek->region_dir[0] ? peek->region_dir : NULL);
    vs_scenario_destroy(peek);
    vs_ctx_clear(ctx);
    vs_run_models_options mo = {data_dir, stage_list, 0, net};
    vs_run_models *models = NULL;
    int n_stages = 0;
    vs_run_stage *stages = calloc((size_t)vs_run_stage_count(), sizeof *stages);
    vs_status st = stages ? vs_run_models_create(ctx, &mo, &models)
                          : vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (!st)
        st = vs_run_models_stages(ctx, models, stages, vs_run_stage_count(), &n_stages);
    if (st) {
        rc = cli_fail(ctx, st);
        free(stages);
        vs_run_models_destroy(models);
        vs_ctx_destroy(ctx);
        return rc;
    }
    vs_run_options o;
    memset(&o, 0, sizeof o);
    o.stages = stages;
    o.n_stages = n_stages;
    o.scenario_path = scenario;
    o.out_dir = out;
    o.default_region = cli_default_region();
    o.n_input_notes = cli_notes(&o.input_notes);
    o.path_roots[0] = cli_home_dir();
    o.path_roots[1] = n > 1 ? cwd : NULL;
    o.force = force;
    o.created_at = when;
    o.test_pause_after = pause;
    o.create_parent = out == def_out;
    o.warn = warn;
    o.targets = vs_run_models_targets(models);
    o.report_lang = lang;
    o.baseline_dir = baseline;
    vs_run_result res;
    st = vs_run_execute(ctx, &o, &res);
    free(stages);
    vs_run_models_destroy(models);
    if (st) {
        rc = cli_fail(ctx, st);
        vs_ctx_destroy(ctx);
        return rc;
    }
    vs_ctx_destroy(ctx);
    if (json) {
        json_t *j = json_object();
        json_object_set_new(j, "scenario", json_string(scenario));
        json_object_set_new(j, "out_dir", json_string(out));
        json_object_set_new(j, "run_id", json_integer(res.run_id));
        json_object_set_new(j, "results", json_string(res.store_path));
        json_object_set_new(j, "report", json_string(res.report_path));
        json_object_set_new(j, "workbook", json_sprintf("%s/results.xlsx", out));
        json_object_set_new(j, "population", json_integer(res.population));
        json_object_set_new(j, "metrics", json_integer(res.n_metrics));
        json_object_set_new(j, "scorecard", json_integer(res.n_scorecard));
        json_object_set_new(j, "created_at", json_string(when));
        return cli_print_json(j);
    }
    char b1[32];
    printf("vardsim run: scenario %s\n", scenario);
    printf("  %s residents, %d metrics, %d scorecard rows\n",
           cli_thousands(res.population, b1, sizeof b1), res.n_metrics, res.n_scorecard);
    printf("  results: %s\n", res.store_path);
    printf("  report:  %s\n", res.report_path);
    printf("  workbook: %s/results.xlsx\n", out);
    return 0;
}

const cli_command cli_cmd_run = {"run", "run a scenario into a run directory (SQLite, CSV, "
                                        "report.html)",
                                 usage, run};
