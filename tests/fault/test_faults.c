/*
 * test_faults: fault injection as SQLite's test suite does it (fault.h).
 *
 * For every loader, and for a small `run` (tests/data/run/small.yaml on the
 * fallback network), the operation is repeated with the Nth allocation
 * failing, N = 1, 2, ... until an N is never reached (the operation then
 * succeeds), and again with the Nth file-system write failing as on a full
 * disk.  Every failure must be a clean error: a status other than VS_OK with a
 * message, the status VS_ENOMEM or VS_EIO (never "bad input"), nothing
 * left behind in the output's directory (no OUT, no OUT.tmp-*, no half
 * file), a previous run directory untouched, and no leak (the sanitizer
 * build runs it under LeakSanitizer).  A failure inside SQLite may be
 * benign (SQLite recovers some); then the operation must succeed completely.
 *
 * Loaders are covered at every N.  The run is covered at every Nth point up
 * to a budget (VS_FAULT_RUN_POINTS, default 150 per kind, spread evenly over
 * all points); VS_FAULT_FULL=1 covers every point of the run as well.
 * Prints the number of fault points tested per operation.  VS_FAULT_ONLY=NAME
 * runs only that operation's loops; VS_FAULT_TRACE=1 prints a backtrace at
 * each injected fault.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fault.h"
#include "vardsim/beds.h"
#include "vardsim/flow.h"
#include "vardsim/maternity.h"
#include "vardsim/stockpile.h"
#include "vardsim/forecast.h"
#include "vardsim/listing.h"
#include "vardsim/need.h"
#include "vardsim/workforce.h"
#include "vardsim/region.h"
#include "vardsim/report.h"
#include "vardsim/run.h"
#include "vardsim/scenario.h"
#include "vardsim/screening.h"
#include "vardsim/store.h"
#include "vardsim/sweep.h"
#include "vardsim/validate.h"
#include "vt.h"

typedef vs_status (*op_fn)(vs_ctx *ctx, void *arg);
typedef void (*after_fn)(void *arg, int failed);

static char scratch[256];

/* ---- the operations ----------------------------------------------------- */

static vs_status op_region(vs_ctx *ctx, void *arg)
{
    vs_region *r = NULL;
    vs_status st = vs_region_load(ctx, (const char *)arg, &r);
    VT_CHECK(st ? r == NULL : r != NULL);
    vs_region_destroy(r);
    return st;
}

static vs_status op_scenario(vs_ctx *ctx, void *arg)
{
    vs_scenario *sc = NULL;
    vs_status st = vs_scenario_load(ctx, (const char *)arg, &sc);
    VT_CHECK(st ? sc == NULL : sc != NULL);
    vs_scenario_destroy(sc);
    return st;
}

static vs_status op_params(vs_ctx *ctx, void *arg)
{
    const char *dir = arg;
    vs_need_params *np = NULL;
    vs_status st = vs_need_params_load(ctx, dir, &np);
    vs_need_params_destroy(np);
    vs_flow_params fp;
    if (!st)
        st = vs_flow_params_init(ctx, dir, &fp);
    vs_beds_params bp;
    if (!st)
        st = vs_beds_params_load(ctx, dir, &bp);
    char path[1024];
    snprintf(path, sizeof path, "%s/gp_workforce.csv", dir);
    vs_listing_costs lc;
    if (!st)
        st = vs_listing_costs_load(ctx, path, &lc);
    vs_pop_params pp;
    if (!st)
        st = vs_pop_params_load(ctx, dir, &pp);
    vs_maternity_params *mp = NULL;
    if (!st)
        st = vs_maternity_params_load(ctx, dir, &mp);
    VT_CHECK(st ? mp == NULL : 1);
    vs_maternity_params_destroy(mp);
    vs_maternity_units *mu = NULL;
    if (!st)
        st = vs_maternity_units_load(ctx, "tests/data/maternity/units3.csv", &mu);
    vs_maternity_units_destroy(mu);
    vs_stockpile_params *sp = NULL;
    if (!st)
        st = vs_stockpile_params_load(ctx, "tests/data/stockpile/ok", &sp);
    double stock[VS_STOCK_MAX_ITEMS];
    if (!st)
        st = vs_stockpile_stock_load(ctx, "tests/data/stockpile/stock_ok.csv", sp, stock);
    vs_stockpile_params_destroy(sp);
    return st;
}

/* The parameter files with a region's overrides merged in (csv.c's merge). */
static vs_status op_params_region(vs_ctx *ctx, void *arg)
{
    vs_status st = vs_ctx_set_param_overrides(ctx, (const char *)arg);
    if (!st)
        st = op_params(ctx, "data/parameters");
    vs_ctx_set_param_overrides(ctx, NULL);
    return st;
}

/* The workforce module's loader (generic and region files), the region's
 * budget rows, and one projection of each kind (they allocate a copy of the
 * scenario). */
static vs_status op_workforce(vs_ctx *ctx, void *arg)
{
    (void)arg;
    vs_workforce_params *p = NULL;
    vs_need_params *np = NULL;
    vs_scenario *sc = NULL;
    vs_status st = vs_workforce_params_load(ctx, "data/parameters", "data/stockholm", &p);
    VT_CHECK(st ? p == NULL : p != NULL);
    if (!st)
        st = vs_need_params_load(ctx, "data/parameters", &np);
    if (!st)
        st = vs_need_budget_load(ctx, "data/stockholm", np);
    if (!st)
        st = vs_scenario_load(ctx, "scenarios/policy.yaml", &sc);
    double fte[4];
    vs_agency_year a[4];
    vs_budget_year b[4];
    if (!st)
        st = vs_workforce_project(ctx, p, sc, VS_PROF_GP, 2024, 2027, NULL, fte, NULL);
    if (!st)
        st = vs_agency_project(ctx, p, sc, 2024, 2027, NULL, a);
    if (!st)
        st = vs_budget_project(ctx, p, sc, 2024, 2027, NULL, b);
    vs_scenario_destroy(sc);
    vs_need_params_destroy(np);
    vs_workforce_params_destroy(p);
    return st;
}

static vs_status op_reference(vs_ctx *ctx, void *arg)
{
    vs_need_reference *ref = NULL;
    vs_status st = vs_need_reference_load(ctx, (const char *)arg, &ref);
    vs_need_reference_destroy(ref);
    return st;
}

static vs_status op_cni(vs_ctx *ctx, void *arg)
{
    vs_cni_table *t = NULL;
    vs_status st = vs_cni_table_load(ctx, (const char *)arg, &t);
    vs_cni_table_destroy(t);
    return st;
}

static vs_status op_screening(vs_ctx *ctx, void *arg)
{
    const char *td = arg;
    char region[256], params[256];
    snprintf(region, sizeof region, "%s/region", td);
    snprintf(params, sizeof params, "%s/params", td);
    vs_region *rg = NULL;
    vs_need_params *np = NULL;
    vs_need_result *nr = NULL;
    vs_screening_params *sp = NULL;
    vs_screening_data *d = NULL;
    vs_screening_result *r = NULL;
    vs_need_options o;
    vs_need_options_init(&o);
    vs_status st;
    if (!(st = vs_region_load(ctx, region, &rg)) &&
        !(st = vs_need_params_load(ctx, "data/parameters", &np)) &&
        !(st = vs_need_compute(ctx, rg, np, &o, &nr)) &&
        !(st = vs_screening_params_load(ctx, params, &sp)) &&
        !(st = vs_screening_data_load(ctx, rg, &d)))
        st = vs_screening_compute(ctx, rg, nr, sp, d, &r);
    VT_CHECK(st ? r == NULL : r != NULL);
    vs_screening_result_destroy(r);
    vs_screening_data_destroy(d);
    vs_screening_params_destroy(sp);
    vs_need_result_destroy(nr);
    vs_need_params_destroy(np);
    vs_region_destroy(rg);
    return st;
}

static vs_status op_validation(vs_ctx *ctx, void *arg)
{
    vs_validate_table *t = NULL;
    vs_status st = vs_validate_load(ctx, (const char *)arg, &t);
    vs_validate_destroy(t);
    return st;
}

static vs_status op_geojson(vs_ctx *ctx, void *arg)
{
    vs_report_geo *g = NULL;
    vs_status st = vs_report_geo_load(ctx, (const char *)arg, &g);
    VT_CHECK(st ? g == NULL : g != NULL);
    vs_report_geo_destroy(g);
    return st;
}

static vs_status op_listing(vs_ctx *ctx, void *arg)
{
    (void)arg;
    vs_listing_areas *a = NULL;
    vs_listing_centres *c = NULL, *s = NULL;
    vs_status st = vs_listing_areas_load(ctx, "tests/data/listing/areas4.csv", &a);
    if (!st)
        st = vs_listing_areas_weights_load(ctx, a, "tests/data/listing/weights4.csv");
    if (!st)
        st = vs_listing_centres_load(ctx, "tests/data/listing/centres3.csv", &c);
    if (!st)
        st = vs_listing_sites_load(ctx, "tests/data/listing/sites3.csv", &s);
    vs_listing_areas_destroy(a);
    vs_listing_centres_destroy(c);
    vs_listing_centres_destroy(s);
    return st;
}

/* The Stockholm region the demand file refers to, loaded once without
 * faults: its load (1,287 areas and their map) is the region operation's
 * concern, and reloading it at every fault point would make this loop take
 * hours. */
static vs_region *demand_region;

static vs_status op_projection(vs_ctx *ctx, void *arg)
{
    vs_pop_projection *p = NULL;
    vs_status st = vs_pop_projection_load(ctx, (const char *)arg, demand_region, 2023, &p);
    VT_CHECK(st ? p == NULL : p != NULL);
    vs_pop_projection_destroy(p);
    return st;
}

static vs_status op_beds_demand(vs_ctx *ctx, void *arg)
{
    vs_beds_demand *d = NULL;
    vs_status st = vs_beds_demand_load(ctx, (const char *)arg, demand_region, &d);
    vs_beds_demand_destroy(d);
    return st;
}

/* What op_store_read read, as text: a read that succeeds under a fault must
 * have read exactly what the clean read did. */
static char read_digest[1 << 16], clean_digest[1 << 16];

/* Append the text of one value to read_digest. */
static void dig(const char *fmt, const char *s, double v)
{
    size_t n = strlen(read_digest);
    snprintf(read_digest + n, sizeof read_digest - n, fmt, s ? s : "(null)", v);
}

/* Read every table of the store at arg (what `vardsim compare` reads). */
static vs_status op_store_read(vs_ctx *ctx, void *arg)
{
    read_digest[0] = '\0';
    vs_store *st = NULL;
    vs_status s = vs_store_open(ctx, (const char *)arg, 0, &st);
    int64_t *ids = NULL;
    int n = 0;
    if (!s)
        s = vs_store_run_ids(ctx, st, &ids, &n);
    for (int i = 0; !s && i < n; i++) {
        vs_store_run run;
        char *strings = NULL;
        vs_metric_list *ml = NULL;
        vs_param_list *pl = NULL, *nl = NULL;
        vs_chart_list *cl = NULL;
        vs_score_list *sl = NULL;
        vs_unit_values *uv = NULL;
        vs_series_table *t = NULL;
        s = vs_store_read_run(ctx, st, ids[i], &run, &strings);
        if (!s)
            s = vs_store_read_metrics(ctx, st, ids[i], &ml);
        if (!s)
            s = vs_store_read_parameters(ctx, st, ids[i], &pl);
        if (!s)
            s = vs_store_read_notes(ctx, st, ids[i], &nl);
        if (!s)
            s = vs_store_read_charts(ctx, st, ids[i], &cl);
        if (!s)
            s = vs_store_read_scorecard(ctx, st, ids[i], &sl);
        if (!s)
            s = vs_store_read_unit_values(ctx, st, VS_STORE_AREA, ids[i],
                                          ml->n ? ml->items[0].year : 0, "population", &uv);
        if (!s) {
            dig("%s|%g\n", run.scenario_text, (double)run.seed);
            dig("%s|%g\n", run.created_at, run.replications);
            for (int k = 0; k < ml->n; k++)
                dig("%s=%.17g\n", ml->items[k].name, ml->items[k].value);
            for (int k = 0; k < ml->n; k++)
                dig("%s %.17g\n", ml->items[k].unit, ml->items[k].ci_low);
            for (int k = 0; k < ml->n; k++)
                dig("%s %g\n", ml->items[k].target, ml->items[k].met);
            for (int k = 0; k < pl->n; k++)
                dig("%s %g\n", pl->items[k].key, k);
            for (int k = 0; k < pl->n; k++)
                dig("%s %g\n", pl->items[k].value, k);
            for (int k = 0; k < nl->n; k++)
                dig("%s %g\n", nl->items[k].value, k);
            for (int k = 0; k < cl->n; k++)
                dig("%s %g\n", cl->items[k].chart_id, cl->items[k].position);
            for (int k = 0; k < cl->n; k++)
                dig("%s %g\n", cl->items[k].metric, k);
            for (int k = 0; k < sl->n; k++)
                dig("%s %.17g\n", sl->items[k].label, sl->items[k].value);
            for (int k = 0; k < uv->n; k++)
                dig("%s %.17g\n", uv->items[k].id, uv->items[k].value);
        }
        for (int c = 0; !s && c < cl->n; c++)
            if (strcmp(cl->items[c].kind, "bar") == 0) {
                s = vs_store_read_series(ctx, st, ids[i], ml->n ? ml->items[0].year : 0,
                                         cl->items[c].chart_id, &t);
                for (int k = 0; !s && k < t->n_series; k++)
                    dig("%s %.17g\n", t->series[k], t->value[k * t->n_cat]);
                for (int k = 0; !s && k < t->n_cat; k++)
                    dig("%s %g\n", t->labels[k], k);
                vs_series_table_free(t);
                t = NULL;
                break;
            }
        free(strings);
        vs_metric_list_free(ml);
        vs_param_list_free(pl);
        vs_param_list_free(nl);
        vs_chart_list_free(cl);
        vs_score_list_free(sl);
        vs_unit_values_free(uv);
    }
    free(ids);
    vs_store_close(st);
    return s;
}

/* A small run into scratch/OUT (the arg says whether OUT exists and is replaced). */
typedef struct run_arg {
    const char *out;
    int force;
    unsigned long long digest; /* of the clean run's CSV export, 0 until known */
} run_arg;

static vs_status op_run(vs_ctx *ctx, void *arg)
{
    const run_arg *ra = arg;
    vs_run_models_options mo = {"data", 0, 0, VS_NETWORK_FALLBACK};
    vs_run_models *models = NULL;
    vs_run_stage stages[16];
    int n = 0;
    vs_status st = vs_run_models_create(ctx, &mo, &models);
    if (!st)
        st = vs_run_models_stages(ctx, models, stages, 16, &n);
    if (!st) {
        vs_run_options o;
        memset(&o, 0, sizeof o);
        o.scenario_path = "tests/data/run/small.yaml";
        o.out_dir = ra->out;
        o.force = ra->force;
        o.created_at = "2025-01-01T00:00:00Z";
        o.stages = stages;
        o.n_stages = n;
        vs_run_result r;
        st = vs_run_execute(ctx, &o, &r);
    }
    vs_run_models_destroy(models);
    return st;
}

/* A small sweep (2 points, beds and flow) into scratch/SWEEP. */
static vs_status op_sweep(vs_ctx *ctx, void *arg)
{
    vs_sweep_vary v;
    vs_status st = vs_sweep_parse_vary(ctx, "policies.beds.closed_bed_share=0:0.1:0.1", 0, &v);
    vs_sweep_options o;
    memset(&o, 0, sizeof o);
    o.scenario_path = "tests/data/run/small.yaml";
    o.data_dir = "data";
    o.out_dir = arg;
    o.created_at = "2025-01-01T00:00:00Z";
    o.vary = &v;
    o.n_vary = 1;
    o.stages = "beds,flow";
    o.network = VS_NETWORK_FALLBACK;
    o.threads = 1;
    vs_sweep_result *r = NULL;
    if (!st)
        st = vs_sweep_run(ctx, &o, &r);
    vs_sweep_result_destroy(r);
    return st;
}

/* ---- what a failure may leave ------------------------------------------- */

/* The names in dir, sorted and joined by '/' into buf. */
static void list_dir(const char *dir, char *buf, size_t cap)
{
    struct dirent **names = NULL;
    int n = scandir(dir, &names, NULL, alphasort);
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, ".."))
            snprintf(buf + strlen(buf), cap - strlen(buf), "%s/", names[i]->d_name);
        free(names[i]);
    }
    free(names);
}

static char scratch_before[4096], out_before[4096];

/* FNV-1a of the CSV export of the run in dir (every table of the store,
 * deterministic for a fixed created_at), with the file names. */
static unsigned long long run_digest(const char *dir)
{
    char names[4096], *save = NULL;
    list_dir(dir, names, sizeof names);
    unsigned long long h = 1469598103934665603ULL;
    for (char *n = strtok_r(names, "/", &save); n; n = strtok_r(NULL, "/", &save)) {
        size_t len = strlen(n);
        if (len < 4 || strcmp(n + len - 4, ".csv") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, n);
        char *text = vt_slurp(path);
        for (const char *c = n; *c; c++)
            h = (h ^ (unsigned char)*c) * 1099511628211ULL;
        for (const char *c = text ? text : ""; *c; c++)
            h = (h ^ (unsigned char)*c) * 1099511628211ULL;
        free(text);
    }
    return h;
}

/* After a run: on failure the scratch directory and OUT (if any) are as before. */
static void after_run(void *arg, int failed)
{
    run_arg *ra = arg;
    char now[4096], out_now[4096];
    list_dir(scratch, now, sizeof now);
    list_dir(ra->out, out_now, sizeof out_now);
    if (failed) {
        VT_EQ_STR(now, scratch_before);
        VT_EQ_STR(out_now, out_before);
        return;
    }
    /* a run that succeeded (the clean one, or one whose fault SQLite or
     * jansson absorbed) wrote every result, exactly */
    unsigned long long d = run_digest(ra->out);
    if (!ra->digest)
        ra->digest = d;
    if (d != ra->digest)
        fprintf(stderr, "run: a run under a fault succeeded with other results\n");
    VT_CHECK(d == ra->digest);
    if (!ra->force) {
        /* a benign fault: the run is complete; remove it for the next point */
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", ra->out);
        VT_EQ_INT(system(cmd), 0);
    }
}

/* After a sweep: on failure the scratch directory is as before; a sweep that
 * succeeded wrote the same sweep.json as the clean one. */
static unsigned long long sweep_digest;
static void after_sweep(void *arg, int failed)
{
    char now[4096], path[600];
    list_dir(scratch, now, sizeof now);
    if (failed) {
        VT_EQ_STR(now, scratch_before);
        return;
    }
    snprintf(path, sizeof path, "%s/sweep.json", (const char *)arg);
    char *text = vt_slurp(path);
    unsigned long long h = 1469598103934665603ULL;
    for (const char *c = text ? text : ""; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211ULL;
    int have = text != NULL;
    free(text);
    if (!sweep_digest)
        sweep_digest = h;
    VT_CHECK(have && h == sweep_digest);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", (const char *)arg);
    VT_EQ_INT(system(cmd), 0);
}

/* After a read: a read that succeeded read everything, exactly. */
static void after_store_read(void *arg, int failed)
{
    if (!failed && strcmp(read_digest, clean_digest) != 0) {
        fprintf(stderr, "store_read: a read under a fault succeeded with other values\n");
        VT_CHECK(0);
    }
}

/* ---- the loop ------------------------------------------------------------- */

typedef struct loop_stats {
    long points;  /* fault points tested */
    long total;   /* operations of the kind in one clean run */
    long benign;  /* faults after which the operation still succeeded */
} loop_stats;

static const char *kind_name(fault_kind k) { return k == FAULT_ALLOC ? "alloc" : "write"; }

/* Run op with the Nth operation of kind failing, N = 1, 1 + step, ..., until
 * N is past the last one; check each failure.  step 0: every point up to
 * `budget` points spread over the whole operation. */
static loop_stats fault_loop(const char *name, fault_kind kind, op_fn op, void *arg,
                             after_fn after, long budget)
{
    loop_stats ls = {0, 0, 0};
    const char *only = getenv("VS_FAULT_ONLY");
    if (only && *only && strcmp(only, name) != 0)
        return ls;
    vs_ctx *ctx = NULL;
    /* A clean run first: it must succeed, and it tells how many points there are. */
    VT_EQ_INT(vs_ctx_create(&ctx), VS_OK);
    fault_arm(kind, 0);
    vs_status st0 = op(ctx, arg);
    fault_disarm();
    if (st0 != VS_OK)
        fprintf(stderr, "%s: fails without a fault: %s\n", name, vs_ctx_message(ctx));
    VT_EQ_INT(st0, VS_OK);
    ls.total = fault_count();
    if (after)
        after(arg, 0);
    vs_ctx_destroy(ctx);
    long step = budget > 0 && ls.total > budget ? (ls.total + budget - 1) / budget : 1;
    for (long n = 1;; n += step) {
        VT_EQ_INT(vs_ctx_create(&ctx), VS_OK);
        fault_arm(kind, n);
        vs_status st = op(ctx, arg);
        int fired = fault_disarm();
        if (!fired) {
            VT_EQ_INT(st, VS_OK);
            if (after)
                after(arg, 0);
            vs_ctx_destroy(ctx);
            break;
        }
        ls.points++;
        fault_site site = fault_site_of_failure();
        const char *msg = vs_ctx_message(ctx);
        if (st == VS_OK) {
            /* Only SQLite and jansson may absorb a fault (they retry or
             * fall back on some allocations). */
            if (site == FAULT_SITE_LIBC)
                fprintf(stderr, "%s: %s fault %ld was ignored (site %d)\n", name,
                        kind_name(kind), n, (int)site);
            VT_CHECK(site != FAULT_SITE_LIBC);
            ls.benign++;
        } else {
            /* jansson's parser reports some failed allocations as syntax
             * errors (only some carry json_error_out_of_memory), so a fault
             * inside it may surface as VS_EINPUT; never as success. */
            int ok_status = st == VS_ENOMEM || st == VS_EIO
                            || (site == FAULT_SITE_JSON && st == VS_EINPUT);
            if (!ok_status || !msg || !*msg)
                fprintf(stderr, "%s: %s fault %ld: status %s, message \"%s\"\n", name,
                        kind_name(kind), n, vs_status_name(st), msg ? msg : "(null)");
            VT_CHECK(ok_status);
            VT_CHECK(msg && *msg);
            /* a message says what went wrong: not just a location */
            size_t len = msg ? strlen(msg) : 0;
            if (len >= 2 && strcmp(msg + len - 2, ": ") == 0)
                fprintf(stderr, "%s: %s fault %ld: empty message \"%s\"\n", name,
                        kind_name(kind), n, msg);
            VT_CHECK(len < 2 || strcmp(msg + len - 2, ": ") != 0);
        }
        if (after)
            after(arg, st != VS_OK);
        vs_ctx_destroy(ctx);
        if (vt_failures > 200)
            break; /* enough to go on */
    }
    printf("%-14s %-5s %6ld points of %6ld (every %ld), %ld absorbed by SQLite/jansson\n", name,
           kind_name(kind), ls.points, ls.total, step, ls.benign);
    return ls;
}

static long env_long(const char *name, long dflt)
{
    const char *s = getenv(name);
    return s && *s ? strtol(s, NULL, 10) : dflt;
}

int main(void)
{
    fault_install();
    setvbuf(stdout, NULL, _IOLBF, 0);
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp)
        tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : NULL; /* fsync is free there */
    snprintf(scratch, sizeof scratch, "%s/vardsim-faults-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(scratch)) {
        perror("mkdtemp");
        return 1;
    }

    /* Loaders: every allocation point (they do not write). */
    fault_loop("region", FAULT_ALLOC, op_region, "tests/data/region/mini", NULL, 0);
    fault_loop("scenario", FAULT_ALLOC, op_scenario, "tests/data/run/small.yaml", NULL, 0);
    fault_loop("parameters", FAULT_ALLOC, op_params, "data/parameters", NULL, 0);
    fault_loop("parameters+region", FAULT_ALLOC, op_params_region, "tests/data/region_params",
               NULL, 0);
    fault_loop("workforce", FAULT_ALLOC, op_workforce, NULL, NULL, 0);
    fault_loop("reference", FAULT_ALLOC, op_reference, "tests/data/need/reference.csv", NULL, 0);
    fault_loop("cni_table", FAULT_ALLOC, op_cni, "tests/data/need/delivered_cni.csv", NULL, 0);
    fault_loop("validation", FAULT_ALLOC, op_validation, "data/validation/stockholm.csv", NULL, 0);
    fault_loop("geojson", FAULT_ALLOC, op_geojson, "fuzz/corpus/geojson/multipolygon.geojson",
               NULL, 0);
    fault_loop("listing", FAULT_ALLOC, op_listing, NULL, NULL, 0);
    fault_loop("screening", FAULT_ALLOC, op_screening, "tests/data/screening", NULL, 0);
    {
        vs_ctx *rctx = NULL;
        if (vs_ctx_create(&rctx) || vs_region_load(rctx, "data/stockholm", &demand_region))
            VT_CHECK(!"the Stockholm region loads");
        vs_ctx_destroy(rctx);
    }
    if (demand_region)
        fault_loop("population_projection", FAULT_ALLOC, op_projection,
                   "tests/data/forecast/projection_2023.csv", NULL, 0);
    if (demand_region)
        fault_loop("beds_demand", FAULT_ALLOC, op_beds_demand, "tests/data/beds/demand_ok.csv",
                   NULL, 0);
    vs_region_destroy(demand_region);
    demand_region = NULL;

    /* A small run into a fresh OUT, then over an existing OUT with force. */
    long budget = env_long("VS_FAULT_FULL", 0) ? 0 : env_long("VS_FAULT_RUN_POINTS", 150);
    char out[400];
    snprintf(out, sizeof out, "%s/OUT", scratch);
    run_arg fresh = {out, 0, 0};
    list_dir(scratch, scratch_before, sizeof scratch_before);
    list_dir(out, out_before, sizeof out_before);
    fault_loop("run", FAULT_ALLOC, op_run, &fresh, after_run, budget);
    fault_loop("run", FAULT_IO, op_run, &fresh, after_run, budget);

    /* The store written by a clean run: reading it back, and replacing it. */
    vs_ctx *ctx = NULL;
    VT_EQ_INT(vs_ctx_create(&ctx), VS_OK);
    VT_EQ_INT(op_run(ctx, &fresh), VS_OK);
    vs_ctx_destroy(ctx);
    char store[500];
    snprintf(store, sizeof store, "%s/results.sqlite", out);
    ctx = NULL;
    VT_EQ_INT(vs_ctx_create(&ctx), VS_OK);
    VT_EQ_INT(op_store_read(ctx, store), VS_OK);
    vs_ctx_destroy(ctx);
    memcpy(clean_digest, read_digest, sizeof clean_digest);
    VT_CHECK(strlen(clean_digest) > 1000);
    fault_loop("store_read", FAULT_ALLOC, op_store_read, store, after_store_read, 0);
    run_arg replace = {out, 1, 0};
    list_dir(scratch, scratch_before, sizeof scratch_before);
    list_dir(out, out_before, sizeof out_before);
    fault_loop("run --force", FAULT_IO, op_run, &replace, after_run, budget / 2);

    /* A small sweep: its store, sweep.json and report, atomically. */
    char sweep_out[400];
    snprintf(sweep_out, sizeof sweep_out, "%s/SWEEP", scratch);
    list_dir(scratch, scratch_before, sizeof scratch_before);
    fault_loop("sweep", FAULT_ALLOC, op_sweep, sweep_out, after_sweep, budget / 3);
    fault_loop("sweep", FAULT_IO, op_sweep, sweep_out, after_sweep, budget / 3);

    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
    VT_EQ_INT(system(cmd), 0);
    return vt_done();
}
