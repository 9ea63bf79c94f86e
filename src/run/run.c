/*
 * run.c: the run pipeline behind "vardsim run" and its atomic run directory.
 *
 * Order: check the target, load the scenario and the region (input errors
 * stop here, before anything is written), remove stale temporary directories
 * of this target, create OUT.tmp-XXXXXX, write results.sqlite in one
 * transaction (run header, parameters, then every stage), read the store back
 * to draw report.html, export the tables as CSV and results.xlsx, flush, and
 * rename into place.
 * Any failure or cancellation removes the temporary directory; OUT is only
 * ever replaced by a complete directory, atomically (renameat2 with
 * RENAME_EXCHANGE where the kernel and file system support it, else rename
 * OUT away, rename the new one in, remove the old one).
 *
 * The file-system half (naming, owner files, clean-up, the atomic rename)
 * is in rundir.c.
 */
#include "vardsim/run.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "vardsim/report.h"
#include "vardsim/store.h"
#include "core/strbuf.h"

#include "rundir.h"
#include "xlsx.h"

/* ---- the pipeline ------------------------------------------------------------------ */

static int cancelled(const vs_ctx *ctx, const vs_run_options *o)
{
    return (o->cancel && *o->cancel) || vs_ctx_interrupted(ctx);
}

/* Test hook: after stage `name`, announce and wait (cancellable). */
static vs_status maybe_pause(vs_ctx *ctx, const vs_run_options *o, const char *name,
                             const char *tmpdir)
{
    if (cancelled(ctx, o))
        return vs_ctx_fail(ctx, VS_EINTERRUPTED, "run interrupted");
    /* "STAGE" waits 60 s, "STAGE:N" N seconds (at most 60) */
    const char *p = o->test_pause_after, *colon = p ? strchr(p, ':') : NULL;
    size_t n = p ? (colon ? (size_t)(colon - p) : strlen(p)) : 0;
    if (!p || strlen(name) != n || strncmp(p, name, n) != 0)
        return VS_OK;
    int tenths = 600;
    if (colon) {
        int sec = atoi(colon + 1);
        tenths = sec < 0 ? 0 : sec > 60 ? 600 : 10 * sec;
    }
    fprintf(stderr, "vardsim run: test pause after stage %s (pid %ld, %s)\n", name,
            (long)getpid(), tmpdir);
    fflush(stderr);
    for (int i = 0; i < tenths && !cancelled(ctx, o); i++) {
        struct timespec ts = {0, 100000000};
        nanosleep(&ts, NULL);
    }
    if (cancelled(ctx, o))
        return vs_ctx_fail(ctx, VS_EINTERRUPTED, "run interrupted");
    return VS_OK;
}

/* ---- the store, the stages, the report ------------------------------------------ */

static vs_status put_param(vs_ctx *ctx, void *user, const char *key, const char *value,
                           const char *source)
{
    const vs_store_run *run = ((void **)user)[1];
    return vs_store_put_parameter(ctx, ((void **)user)[0], run->run_id, key, value, source);
}

/* The run header and every parameter: the scenario's and the effective years. */
static vs_status write_header(vs_ctx *ctx, vs_store *st, const vs_run_options *o,
                              const vs_scenario *sc, const vs_region *rg, vs_store_run *run)
{
    *run = (vs_store_run){0,       sc->name,
                          sc->path, sc->hash,
                          sc->text, rg->name,
                          rg->dir, sc->simulation.seed,
                          sc->simulation.replications, sc->simulation.threads,
                          vs_version(), o->created_at};
    void *u[2] = {st, run};
    vs_status s = vs_store_add_run(ctx, st, run);
    if (s || (s = vs_scenario_each_parameter(ctx, sc, put_param, u)))
        return s;
    for (int i = 0; i < o->n_input_notes && !s; i++) /* before every stage's notes */
        s = vs_store_put_note(ctx, st, run->run_id, i - o->n_input_notes, "inputs",
                              o->input_notes[i]);
    if (s)
        return s;
    char *by = vsi_strdup_printf("%d", sc->base_year);
    char *hy = vsi_strdup_printf("%d", sc->horizon_year);
    if (!by || !hy)
        s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    else if (!(s = vs_store_put_parameter(ctx, st, run->run_id, "effective.base_year", by,
                                          "scenario file, else the region's base year")))
        s = vs_store_put_parameter(ctx, st, run->run_id, "effective.horizon_year", hy,
                                   "scenario file, else the base year");
    free(by);
    free(hy);
    return s;
}

/* Progress of the run: step `step` of `steps` (a stage in one year), with
 * what a stage reports inside it (replications) as the fraction of that step,
 * passed on to the caller's callback as "run: STAGE YEAR". */
typedef struct run_progress {
    vs_progress_fn fn;
    void *user;
    double step, steps;
    char label[96];
} run_progress;

static void step_progress(void *u, const char *what, double done, double total)
{
    (void)what;
    run_progress *p = u;
    double f = total > 0 ? done / total : 0;
    p->fn(p->user, p->label, p->step + (f < 0 ? 0 : f > 1 ? 1 : f), p->steps);
}

/* Every stage in order: a snapshot stage once for the base year, a per-year
 * stage for each year base_year..horizon_year; the pause hook and the
 * cancellation check after each stage. */
static vs_status run_stages(vs_ctx *ctx, const vs_run_options *o, const vs_scenario *sc,
                            const vs_region *rg, vs_store *st, int64_t run_id, const char *tmp)
{
    vs_status s = VS_OK;
    run_progress p = {0};
    vs_ctx_get_progress(ctx, &p.fn, &p.user);
    for (int i = 0; i < o->n_stages; i++)
        p.steps += o->stages[i].per_year ? sc->horizon_year - sc->base_year + 1 : 1;
    if (p.fn)
        vs_ctx_set_progress(ctx, step_progress, &p);
    for (int i = 0; i < o->n_stages && !s; i++) {
        const vs_run_stage *g = &o->stages[i];
        int last = g->per_year ? sc->horizon_year : sc->base_year;
        for (int year = sc->base_year; year <= last && !s; year++, p.step++) {
            snprintf(p.label, sizeof p.label, "run: %.40s %d", g->name ? g->name : "", year);
            if (p.fn)
                p.fn(p.user, p.label, p.step, p.steps);
            s = g->fn(ctx, sc, rg, st, run_id, year, g->user);
        }
        if (!s)
            s = maybe_pause(ctx, o, g->name ? g->name : "", tmp);
    }
    if (p.fn)
        vs_ctx_set_progress(ctx, p.fn, p.user);
    return s;
}

/* Rows in metrics and scorecard of run_id into res. */
static vs_status count_rows(vs_ctx *ctx, vs_store *st, int64_t run_id, vs_run_result *res)
{
    vs_metric_list *ml = NULL;
    vs_score_list *sl = NULL;
    vs_status s = vs_store_read_metrics(ctx, st, run_id, &ml);
    if (!s)
        s = vs_store_read_scorecard(ctx, st, run_id, &sl);
    if (!s) {
        res->n_metrics = ml->n;
        res->n_scorecard = sl->n;
    }
    vs_metric_list_free(ml);
    vs_score_list_free(sl);
    return s;
}

/* "dir/name" into a buffer of cap bytes; VS_EUSAGE when it does not fit. */
static vs_status path_into(vs_ctx *ctx, char *buf, size_t cap, const char *dir, const char *name)
{
    size_t d = strlen(dir), n = strlen(name);
    if (d + 1 + n >= cap)
        return vs_ctx_fail(ctx, VS_EUSAGE, "run: path '%s/%s' is too long", dir, name);
    memcpy(buf, dir, d);
    buf[d] = '/';
    memcpy(buf + d + 1, name, n + 1);
    return VS_OK;
}

/* Quote every path below one of o->path_roots relative to it. */
static vs_status relative_paths(vs_ctx *ctx, const vs_run_options *o, vs_store *st)
{
    vs_status s = VS_OK;
    for (int i = 0; i < 4 && o->path_roots[i] && !s; i++) {
        if (o->path_roots[i][0] != '/' || strlen(o->path_roots[i]) < 2)
            continue;
        char *from = vsi_strdup_printf("%s/", o->path_roots[i]);
        s = from ? vs_store_replace_text(ctx, st, from, "")
                 : vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        free(from);
    }
    return s;
}

/* Write the store at db: the run header, the parameters and every stage in
 * one transaction; *run_id set.  Then report.html at html, drawn from the
 * store, and the CSV exports into tmp; res gets the counts. */
static vs_status write_store(vs_ctx *ctx, const vs_run_options *o, const vs_scenario *sc,
                             const vs_region *rg, const char *tmp, vs_run_result *res)
{
    vs_store *st = NULL;
    vs_store_run run;
    char *db = vsi_strdup_printf("%s/results.sqlite", tmp);
    char *html = vsi_strdup_printf("%s/report.html", tmp);
    char *geo = vsi_strdup_printf("%s/areas.geojson", rg->dir);
    char *borders = vsi_strdup_printf("%s/municipalities.geojson", rg->dir);
    vs_status s = VS_OK;
    vs_run_report_options ro = {o->targets,     geo, borders, o->report_lang,
                                o->baseline_dir, NULL};
    if (!db || !html || !geo || !borders) {
        s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        goto done;
    }
    if ((s = vs_store_open(ctx, db, 1, &st)) || (s = vs_store_begin(ctx, st))
        || (s = write_header(ctx, st, o, sc, rg, &run)))
        goto done;
    res->run_id = run.run_id;
    if ((s = run_stages(ctx, o, sc, rg, st, run.run_id, tmp)) || (s = relative_paths(ctx, o, st))
        || (s = vs_store_commit(ctx, st))
        || (s = vs_run_write_report_ex(ctx, st, run.run_id, &ro, html))
        || (s = maybe_pause(ctx, o, "report", tmp)) || (s = vs_store_export_csv(ctx, st, tmp))
        || (s = vsi_write_xlsx(ctx, tmp))
        || (s = maybe_pause(ctx, o, "export", tmp)))
        goto done;
    s = count_rows(ctx, st, run.run_id, res);
done:
    vs_store_close(st); /* rolls back an open transaction */
    free(db);
    free(html);
    free(geo);
    free(borders);
    return s;
}

/* The target of the run: out_dir split into *parent and *base, and *out =
 * parent/base (new strings the caller frees, also on failure); res gets the
 * final paths under out.  VS_EUSAGE when out_dir is not usable or a final
 * path does not fit res; VS_ENOMEM. */
static vs_status resolve_target(vs_ctx *ctx, const char *out_dir, char **parent, char **base,
                                char **out, vs_run_result *res)
{
    int r = vsi_rundir_split(out_dir, parent, base);
    if (r < 0)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (r == 0)
        return vs_ctx_fail(ctx, VS_EUSAGE, "run: '%s' is not a usable output directory", out_dir);
    /* the temporary and the set-aside directories add ".tmp-XXXXXX" */
    if (strlen(*base) + sizeof ".tmp-XXXXXX" - 1 > NAME_MAX)
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "run: the name of '%s' is too long (at most %d bytes)", out_dir,
                           (int)(NAME_MAX - (sizeof ".tmp-XXXXXX" - 1)));
    if (!(*out = vsi_strdup_printf("%s/%s", *parent, *base)))
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    vs_status s = path_into(ctx, res->store_path, sizeof res->store_path, *out, "results.sqlite");
    if (!s)
        s = path_into(ctx, res->report_path, sizeof res->report_path, *out, "report.html");
    return s;
}

/* May the run write out (in parent)?  The parent is usable, and out does not
 * exist or (--force) may be replaced.  VS_EUSAGE with a message if not. */
static vs_status check_target(vs_ctx *ctx, const vs_run_options *o, const char *parent,
                              const char *out)
{
    vs_status s = vsi_rundir_check_parent(ctx, parent, o->create_parent);
    if (s)
        return s;
    struct stat sb;
    if (lstat(out, &sb) == 0 && S_ISLNK(sb.st_mode))
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "run: '%s' is a symbolic link; give the directory it names, or "
                           "another --out",
                           out);
    int exists = access(out, F_OK) == 0;
    if (exists && !o->force)
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "run: output directory '%s' exists (use --force to replace it)", out);
    if (exists)
        return vsi_rundir_check_replace(ctx, out);
    return VS_OK;
}

/* Load the scenario and its region into *sc and *rg (the caller destroys
 * both, also on failure) and settle the effective years. */
static vs_status load_inputs(vs_ctx *ctx, const vs_run_options *o, vs_scenario **sc,
                             vs_region **rg)
{
    vs_status s = vs_scenario_load(ctx, o->scenario_path, sc);
    if (s)
        return s;
    const char *rdir = (*sc)->region_dir[0] ? (*sc)->region_dir : o->default_region;
    if (!rdir)
        return vs_ctx_fail(ctx, VS_EUSAGE, "run: the scenario names no region and there is "
                                           "no default region");
    struct stat sb;
    if ((*sc)->region_dir[0] && stat(rdir, &sb) != 0)
        return vs_ctx_fail_at(ctx, (*sc)->path, 0, "region",
                              "region directory '%s' does not exist (a relative region is "
                              "read from the scenario file's directory)",
                              rdir);
    if ((s = vs_region_load(ctx, rdir, rg)))
        return s;
    vs_scenario *c = *sc;
    /* the region's data are of its base year: a scenario may repeat it, but
     * never silently move it (the population would be labelled another year) */
    if (c->base_year && c->base_year != (*rg)->base_year)
        return vs_ctx_fail_at(ctx, c->path, 0, "base_year",
                              "%d differs from the base year of region '%s' (%d, %s/region.json: "
                              "the year its population counts are of); give %d or leave "
                              "base_year out",
                              c->base_year, (*rg)->name, (*rg)->base_year, (*rg)->dir,
                              (*rg)->base_year);
    if (!c->base_year)
        c->base_year = (*rg)->base_year;
    if (!c->horizon_year)
        c->horizon_year = c->base_year;
    if (c->horizon_year < c->base_year)
        return vs_ctx_fail(ctx, VS_EINPUT,
                           "%s: field horizon_year: %d is before the base year %d (from the "
                           "region)",
                           c->path, c->horizon_year, c->base_year);
    return VS_OK;
}

/* Write the run into a new temporary directory beside out, flush it and move
 * it into place.  *tmp is the temporary directory's path (a new string the
 * caller frees) once it exists; on failure the caller removes it. */
static vs_status write_into_place(vs_ctx *ctx, const vs_run_options *o, const vs_scenario *sc,
                                  const vs_region *rg, const char *parent, const char *base,
                                  const char *out, char **tmp, vs_run_result *res)
{
    vs_status s;
    if (o->create_parent && (s = vsi_rundir_make_parent(ctx, parent)))
        return s;
    vsi_rundir_clean_stale(parent, base, o->warn, o->warn_user);
    if ((s = vsi_rundir_make_tmp(ctx, parent, base, out, tmp))
        || (s = write_store(ctx, o, sc, rg, *tmp, res)))
        return s;
    res->population = rg->population;
    if ((s = vsi_rundir_finish_tmp(ctx, *tmp)))
        return s;
    if (vsi_rundir_sync(*tmp) != 0)
        return vs_ctx_fail(ctx, VS_EIO, "run: cannot flush %s", *tmp);
    if (cancelled(ctx, o))
        return vs_ctx_fail(ctx, VS_EINTERRUPTED, "run interrupted");
    return vsi_rundir_into_place(ctx, *tmp, out, parent, base, o->force);
}

vs_status vs_run_execute(vs_ctx *ctx, const vs_run_options *o, vs_run_result *res)
{
    memset(res, 0, sizeof *res);
    if (!o || !o->scenario_path || !o->out_dir || !o->created_at || !*o->created_at)
        return vs_ctx_fail(ctx, VS_EUSAGE, "run: scenario, output directory and time required");
    char *parent = NULL, *base = NULL, *out = NULL, *tmp = NULL;
    vs_scenario *sc = NULL;
    vs_region *rg = NULL;
    vs_status s = resolve_target(ctx, o->out_dir, &parent, &base, &out, res);
    if (!s)
        s = check_target(ctx, o, parent, out);
    if (!s) /* input errors stop here, before anything is written */
        s = load_inputs(ctx, o, &sc, &rg);
    if (!s)
        s = write_into_place(ctx, o, sc, rg, parent, base, out, &tmp, res);
    if (s && tmp)
        vsi_rundir_remove_owned(tmp);
    if (s)
        memset(res, 0, sizeof *res);
    vs_region_destroy(rg);
    vs_scenario_destroy(sc);
    free(parent);
    free(base);
    free(out);
    free(tmp);
    return s;
}

/* ---- running into a given store (vardsim sweep) ------------------------------------ */

vs_status vs_run_load(vs_ctx *ctx, const char *scenario_path, const char *default_region,
                      vs_scenario **sc, vs_region **rg)
{
    *sc = NULL;
    *rg = NULL;
    vs_run_options o;
    memset(&o, 0, sizeof o);
    o.scenario_path = scenario_path;
    o.default_region = default_region;
    return load_inputs(ctx, &o, sc, rg);
}

vs_status vs_run_into_store(vs_ctx *ctx, const vs_run_options *o, const vs_scenario *sc,
                            const vs_region *rg, vs_store *st, int64_t *run_id)
{
    vs_store_run run;
    vs_status s;
    *run_id = 0;
    if (!o || !o->created_at || !sc || !rg || !st)
        return vs_ctx_fail(ctx, VS_EUSAGE, "run: options, scenario, region and store required");
    vs_run_options q = *o;
    q.test_pause_after = NULL; /* no directory to announce */
    if ((s = vs_store_begin(ctx, st)) || (s = write_header(ctx, st, &q, sc, rg, &run))
        || (s = run_stages(ctx, &q, sc, rg, st, run.run_id, ""))
        || (s = relative_paths(ctx, &q, st)) || (s = vs_store_commit(ctx, st)))
        return s; /* vs_store_close rolls the open transaction back */
    *run_id = run.run_id;
    return VS_OK;
}
