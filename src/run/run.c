/*
 * run.c: the run pipeline behind "vardsim run" and its atomic run directory.
 *
 * Order: check the target, load the scenario and the region (input errors
 * stop here, before anything is written), remove stale temporary directories
 * of this target, create OUT.tmp-XXXXXX, write results.sqlite in one
 * transaction (run header, parameters, then every stage), read the store back
 * to draw report.html, export the tables as CSV, flush, and rename into place.
 * Any failure or cancellation removes the temporary directory; OUT is only
 * ever replaced by a complete directory, atomically (renameat2 with
 * RENAME_EXCHANGE where the kernel and file system support it, else rename
 * OUT away, rename the new one in, remove the old one).
 *
 * The file-system half (naming, owner files, clean-up, the atomic rename)
 * is in rundir.c.
 */
#include "vardsim/scenario.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
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

#include "rundir.h"

/* ---- stages ------------------------------------------------------------------- */

static vs_status put_param(vs_ctx *ctx, void *user, const char *key, const char *value,
                           const char *source)
{
    void **u = user;
    return vs_store_put_parameter(ctx, (vs_store *)u[0], *(int64_t *)u[1], key, value, source);
}

static vs_metric metric(const char *name, double value, const char *unit, const char *source)
{
    vs_metric m = {name, value, NAN, NAN, unit, NULL, -1, source};
    return m;
}

vs_status vs_run_stage_region(vs_ctx *ctx, const vs_scenario *sc, const vs_region *rg,
                              vs_store *st, int64_t run_id, void *user)
{
    (void)sc;
    (void)user;
    char src[VS_SCENARIO_PATH_MAX + 64], srcgeo[VS_SCENARIO_PATH_MAX + 128];
    snprintf(src, sizeof src, "computed from %s/areas.csv and hospitals.csv", rg->dir);
    snprintf(srcgeo, sizeof srcgeo,
             "DERIVED: residents / polygon area of %s/areas.geojson (equirectangular, "
             "docs/report.md)",
             rg->dir);
    char geo_path[VS_SCENARIO_PATH_MAX + 32];
    snprintf(geo_path, sizeof geo_path, "%s/areas.geojson", rg->dir);
    vs_report_geo *geo = NULL;
    vs_status s = VS_OK;
    if (access(geo_path, R_OK) == 0 && (s = vs_report_geo_load(ctx, geo_path, &geo)))
        return s;

    int64_t p65 = 0, p80 = 0, staffed = 0, planned = 0;
    for (int b = 0; b < VS_AGE_BANDS; b++) {
        if (vs_age_band_lo(b) >= 65)
            p65 += rg->pop_by_band[b];
        if (vs_age_band_lo(b) >= 80)
            p80 += rg->pop_by_band[b];
    }
    for (int h = 0; h < rg->n_hospitals; h++) {
        staffed += rg->hospitals[h].beds_staffed;
        planned += rg->hospitals[h].beds_planned;
    }
    double pop = (double)rg->population;
    double land = 0;
    int matched = 0;
    if (geo)
        for (int i = 0; i < rg->n_areas; i++) {
            int f = vs_report_geo_find(geo, rg->areas[i].area_id);
            if (f >= 0) {
                land += vs_report_geo_area_km2(geo, f);
                matched++;
            }
        }
    vs_metric ms[] = {
        metric("population", pop, "persons", src),
        metric("areas", rg->n_areas, "areas", src),
        metric("municipalities", rg->n_municipalities, "municipalities", src),
        metric("hospitals", rg->n_hospitals, "hospitals", src),
        metric("share_65_plus", pop > 0 ? (double)p65 / pop : NAN, "share", src),
        metric("share_80_plus", pop > 0 ? (double)p80 / pop : NAN, "share", src),
        metric("beds_planned", (double)planned, "beds", src),
        metric("beds_staffed", (double)staffed, "beds", src),
        metric("beds_staffed_per_1000", pop > 0 ? 1000.0 * (double)staffed / pop : NAN,
               "beds per 1,000 residents", src),
    };
    for (size_t i = 0; !s && i < sizeof ms / sizeof ms[0]; i++)
        s = vs_store_put_metric(ctx, st, run_id, &ms[i]);
    if (!s && geo && matched == rg->n_areas) {
        vs_metric a = metric("land_area_km2", land, "km2", srcgeo);
        vs_metric d = metric("population_density", pop / land, "persons per km2", srcgeo);
        if (!(s = vs_store_put_metric(ctx, st, run_id, &a)))
            s = vs_store_put_metric(ctx, st, run_id, &d);
    }
    /* per area */
    for (int i = 0; !s && i < rg->n_areas; i++) {
        const vs_area *a = &rg->areas[i];
        int64_t a65 = 0;
        for (int b = 0; b < VS_AGE_BANDS; b++)
            if (vs_age_band_lo(b) >= 65)
                a65 += a->pop[b];
        s = vs_store_put_unit_value(ctx, st, VS_STORE_AREA, run_id, a->area_id, "population",
                                    (double)a->population);
        if (!s)
            s = vs_store_put_unit_value(ctx, st, VS_STORE_AREA, run_id, a->area_id,
                                        "share_65_plus",
                                        a->population ? (double)a65 / (double)a->population
                                                      : NAN);
        int f = geo ? vs_report_geo_find(geo, a->area_id) : -1;
        if (!s && f >= 0) {
            double km2 = vs_report_geo_area_km2(geo, f);
            s = vs_store_put_unit_value(ctx, st, VS_STORE_AREA, run_id, a->area_id, "area_km2",
                                        km2);
            if (!s)
                s = vs_store_put_unit_value(ctx, st, VS_STORE_AREA, run_id, a->area_id,
                                            "density_per_km2",
                                            km2 > 0 ? (double)a->population / km2 : NAN);
        }
    }
    /* per municipality */
    for (int m = 0; !s && m < rg->n_municipalities; m++) {
        const vs_municipality *mu = &rg->municipalities[m];
        int64_t m65 = 0;
        for (int i = 0; i < rg->n_areas; i++)
            if (rg->areas[i].municipality == m)
                for (int b = 0; b < VS_AGE_BANDS; b++)
                    if (vs_age_band_lo(b) >= 65)
                        m65 += rg->areas[i].pop[b];
        s = vs_store_put_unit_value(ctx, st, VS_STORE_MUNICIPALITY, run_id, mu->municipality_id,
                                    "population", (double)mu->population);
        if (!s)
            s = vs_store_put_unit_value(ctx, st, VS_STORE_MUNICIPALITY, run_id,
                                        mu->municipality_id, "areas", mu->n_areas);
        if (!s)
            s = vs_store_put_unit_value(ctx, st, VS_STORE_MUNICIPALITY, run_id,
                                        mu->municipality_id, "share_65_plus",
                                        mu->population ? (double)m65 / (double)mu->population
                                                       : NAN);
        if (!s)
            s = vs_store_put_series(ctx, st, run_id, "municipality_population", "residents", m,
                                    mu->name, (double)mu->population, NAN, NAN);
    }
    /* per hospital */
    for (int h = 0; !s && h < rg->n_hospitals; h++) {
        const vs_hospital *ho = &rg->hospitals[h];
        s = vs_store_put_unit_value(ctx, st, VS_STORE_HOSPITAL, run_id, ho->hospital_id,
                                    "beds_planned", (double)ho->beds_planned);
        if (!s)
            s = vs_store_put_unit_value(ctx, st, VS_STORE_HOSPITAL, run_id, ho->hospital_id,
                                        "beds_staffed", (double)ho->beds_staffed);
        if (!s)
            s = vs_store_put_series(ctx, st, run_id, "hospital_beds", "planned (fastställda)",
                                    h, ho->name, (double)ho->beds_planned, NAN, NAN);
        if (!s)
            s = vs_store_put_series(ctx, st, run_id, "hospital_beds", "staffed (disponibla)",
                                    h, ho->name, (double)ho->beds_staffed, NAN, NAN);
    }
    for (int b = 0; !s && b < VS_AGE_BANDS; b++)
        s = vs_store_put_series(ctx, st, run_id, "age_bands", "residents", b,
                                vs_age_band_label(b), (double)rg->pop_by_band[b], NAN, NAN);
    /* chart definitions */
    vs_chart_def charts[] = {
        {"age_bands", 10, "bar", "Residents by age band", "age band (years)", "persons", NULL,
         src},
        {"density_map", 20, "map", "Population density by area", "", "persons per km2",
         "density_per_km2", srcgeo},
        {"share65_map", 30, "map", "Share of residents aged 65 and over, by area", "", "share",
         "share_65_plus", src},
        {"municipality_population", 40, "bar", "Residents by municipality", "municipality",
         "persons", NULL, src},
        {"hospital_beds", 50, "bar", "Hospital beds: planned and staffed", "hospital", "beds",
         NULL, src},
    };
    for (size_t i = 0; !s && i < sizeof charts / sizeof charts[0]; i++) {
        if (strcmp(charts[i].kind, "map") == 0 && !geo)
            continue;
        if (strcmp(charts[i].chart_id, "hospital_beds") == 0 && rg->n_hospitals == 0)
            continue;
        s = vs_store_put_chart(ctx, st, run_id, &charts[i]);
    }
    vs_report_geo_destroy(geo);
    return s;
}

/* Targets of the scenario itself that need no model: the planned agency-staff
 * path against the documents' cut of 75 % by the end of 2027. */
static vs_status stage_scenario_targets(vs_ctx *ctx, const vs_scenario *sc, const vs_region *rg,
                                        vs_store *st, int64_t run_id, void *user)
{
    (void)rg;
    (void)user;
    double level = sc->workforce.agency_stop_year && sc->workforce.agency_stop_year <= 2027
                       ? 0.0
                       : 1.0 - sc->workforce.agency_reduction_2027;
    vs_score_row row = {
        70,
        "agency_staff_2027",
        "Agency staff at the end of 2027 as a share of the 2023 level (the scenario's planned "
        "path)",
        level,
        "share",
        "<=",
        0.25,
        0,
        "target: cut of 75 % by the end of 2027, stop from 2028 (seed document "
        "000_4e36e5cf7fdf7f50.txt:831-868, points 8 and 10); value: 1 - "
        "policies.workforce.agency_reduction_by_2027 of the scenario file"};
    return vs_store_put_score(ctx, st, run_id, &row);
}

/* ---- report from the store ------------------------------------------------------ */

/* The documents' targets and the module that will compute each; shown in the
 * report when the scorecard does not hold them yet. */
static const struct {
    const char *target_id, *label;
} known_targets[] = {
    {"listed_per_gp", "listed residents per GP <= 1,100 (listing engine)"},
    {"fixed_gp_coverage", "coverage with a fixed GP (listing engine)"},
    {"primary_care_share_2030", "primary-care share of the health budget >= 25 % by 2030 "
                                "(allocation)"},
    {"occupancy", "bed occupancy < 90 % (bed plan)"},
    {"overflow", "overflow (utlokalisering) patient-days (simulation)"},
    {"insurance_ahead", "insurance never moving anyone ahead (simulation)"},
    {"agency_staff_2027", "agency staff cut by 75 % by the end of 2027"},
};

vs_status vs_run_write_report(vs_ctx *ctx, vs_store *st, int64_t run_id, const char *geojson_path,
                              const char *path)
{
    vs_store_run run;
    char *run_strings = NULL;
    vs_metric_list *ml = NULL;
    vs_score_list *sl = NULL;
    vs_chart_list *cl = NULL;
    vs_param_list *pl = NULL, *nl = NULL;
    vs_report *rep = NULL;
    vs_report_geo *geo = NULL;
    vs_status s = vs_store_read_run(ctx, st, run_id, &run, &run_strings);
    if (!s)
        s = vs_store_read_metrics(ctx, st, run_id, &ml);
    if (!s)
        s = vs_store_read_scorecard(ctx, st, run_id, &sl);
    if (!s)
        s = vs_store_read_charts(ctx, st, run_id, &cl);
    if (!s)
        s = vs_store_read_parameters(ctx, st, run_id, &pl);
    if (!s)
        s = vs_store_read_notes(ctx, st, run_id, &nl);
    int has_map = 0;
    for (int i = 0; !s && i < cl->n; i++)
        has_map |= strcmp(cl->items[i].kind, "map") == 0;
    if (!s && has_map && geojson_path && access(geojson_path, R_OK) == 0)
        s = vs_report_geo_load(ctx, geojson_path, &geo);
    char title[400];
    if (!s) {
        snprintf(title, sizeof title, "vardsim: scenario %s, %s", run.scenario, run.region);
        s = vs_report_create(ctx, title, &rep);
    }
    /* run header */
    if (!s)
        s = vs_report_add_heading(ctx, rep, "run", 2, "Run");
    if (!s) {
        char seed[32], reps[32], thr[32], rid[32];
        snprintf(seed, sizeof seed, "%llu", (unsigned long long)run.seed);
        snprintf(reps, sizeof reps, "%d", run.replications);
        snprintf(thr, sizeof thr, "%d", run.threads);
        snprintf(rid, sizeof rid, "%lld", (long long)run_id);
        const char *hdr[] = {"field", "value"};
        const char *cells[] = {"scenario",      run.scenario,     "scenario file",
                               run.scenario_file, "scenario hash (FNV-1a 64)", run.scenario_hash,
                               "region",        run.region,       "region directory",
                               run.region_dir,  "seed",           seed,
                               "replications",  reps,             "threads",
                               thr,             "vardsim version", run.version,
                               "created at (UTC)", run.created_at, "run_id",
                               rid};
        s = vs_report_add_table(ctx, rep, "run-meta", 2, hdr, 11, cells);
    }
    if (!s)
        s = vs_report_add_paragraph(ctx, rep,
                                    "Every number in this report is read back from "
                                    "results.sqlite in the same directory; the CSV files beside "
                                    "it are exports of the same tables.");
    /* scorecard */
    if (!s)
        s = vs_report_add_heading(ctx, rep, "scorecard-section", 2, "Scorecard");
    if (!s)
        s = vs_report_add_scorecard(ctx, rep, sl->items, sl->n);
    if (!s) {
        char pending[1500] = "";
        for (size_t k = 0; k < sizeof known_targets / sizeof known_targets[0]; k++) {
            int found = 0;
            for (int i = 0; i < sl->n; i++)
                found |= strcmp(sl->items[i].target_id, known_targets[k].target_id) == 0;
            if (!found) {
                strcat(pending, pending[0] ? "; " : "");
                strcat(pending, known_targets[k].label);
            }
        }
        if (pending[0]) {
            char para[1700];
            snprintf(para, sizeof para,
                     "Not yet computed by this version, so not shown (no value is assumed): %s.",
                     pending);
            s = vs_report_add_paragraph(ctx, rep, para);
        }
    }
    /* notes: what the stages could not compute, assumptions */
    if (!s && nl->n > 0) {
        s = vs_report_add_heading(ctx, rep, "notes-section", 2, "Notes on this run");
        const char **cells = malloc(((size_t)nl->n * 2 + 1) * sizeof *cells);
        if (!s && !cells)
            s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        for (int i = 0; !s && i < nl->n; i++) {
            cells[2 * i] = nl->items[i].key;
            cells[2 * i + 1] = nl->items[i].value;
        }
        const char *hdr[] = {"topic", "note"};
        if (!s)
            s = vs_report_add_table(ctx, rep, "notes", 2, hdr, nl->n, cells);
        free(cells);
    }
    /* metrics */
    if (!s)
        s = vs_report_add_heading(ctx, rep, "metrics-section", 2, "Key figures");
    if (!s)
        s = vs_report_add_metrics(ctx, rep, "metrics", ml->items, ml->n);
    /* charts */
    if (!s)
        s = vs_report_add_heading(ctx, rep, "charts-section", 2, "Charts and maps");
    for (int i = 0; !s && i < cl->n; i++) {
        const vs_chart_def *c = &cl->items[i];
        if (strcmp(c->kind, "bar") == 0) {
            vs_series_table *t;
            if ((s = vs_store_read_series(ctx, st, run_id, c->chart_id, &t)))
                break;
            if (t->n_series > 0) {
                vs_report_bars b = {c->chart_id, c->title,   c->x_label,
                                    c->unit,     c->note,    t->n_series,
                                    t->n_cat,    t->series,  t->labels,
                                    t->value,    t->ci_low,  t->ci_high};
                s = vs_report_add_bar_chart(ctx, rep, &b);
            }
            vs_series_table_free(t);
        } else if (geo) {
            vs_unit_values *uv;
            if ((s = vs_store_read_unit_values(ctx, st, VS_STORE_AREA, run_id, c->metric, &uv)))
                break;
            const char **ids = malloc(((size_t)uv->n + 1) * sizeof *ids);
            double *vals = malloc(((size_t)uv->n + 1) * sizeof *vals);
            if (!ids || !vals)
                s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
            for (int k = 0; !s && k < uv->n; k++) {
                ids[k] = uv->items[k].id;
                vals[k] = uv->items[k].value;
            }
            if (!s) {
                vs_report_map m = {c->chart_id, c->title, c->unit, c->note, uv->n, ids, vals};
                s = vs_report_add_map(ctx, rep, geo, &m);
            }
            free(ids);
            free(vals);
            vs_unit_values_free(uv);
        }
    }
    /* parameters */
    if (!s)
        s = vs_report_add_heading(ctx, rep, "parameters-section", 2, "Scenario parameters");
    if (!s) {
        const char **cells = malloc(((size_t)pl->n * 3 + 1) * sizeof *cells);
        if (!cells)
            s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        for (int i = 0; !s && i < pl->n; i++) {
            cells[3 * i] = pl->items[i].key;
            cells[3 * i + 1] = pl->items[i].value;
            cells[3 * i + 2] = pl->items[i].source;
        }
        const char *hdr[] = {"parameter", "value", "source"};
        if (!s)
            s = vs_report_add_table(ctx, rep, "parameters", 3, hdr, pl->n, cells);
        free(cells);
    }
    if (!s)
        s = vs_report_write(ctx, rep, path);
    vs_report_destroy(rep);
    vs_report_geo_destroy(geo);
    vs_param_list_free(pl);
    vs_param_list_free(nl);
    vs_chart_list_free(cl);
    vs_score_list_free(sl);
    vs_metric_list_free(ml);
    free(run_strings);
    return s;
}

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
    if (!o->test_pause_after || strcmp(o->test_pause_after, name) != 0)
        return VS_OK;
    fprintf(stderr, "vardsim run: test pause after stage %s (pid %ld, %s)\n", name,
            (long)getpid(), tmpdir);
    fflush(stderr);
    for (int i = 0; i < 600 && !cancelled(ctx, o); i++) {
        struct timespec ts = {0, 100000000};
        nanosleep(&ts, NULL);
    }
    if (cancelled(ctx, o))
        return vs_ctx_fail(ctx, VS_EINTERRUPTED, "run interrupted");
    return VS_OK;
}

vs_status vs_run_execute(vs_ctx *ctx, const vs_run_options *o, vs_run_result *res)
{
    memset(res, 0, sizeof *res);
    if (!o || !o->scenario_path || !o->out_dir || !o->created_at || !*o->created_at)
        return vs_ctx_fail(ctx, VS_EUSAGE, "run: scenario, output directory and time required");
    char parent[VS_SCENARIO_PATH_MAX], base[256];
    if (!vsi_rundir_split(o->out_dir, parent, sizeof parent, base, sizeof base))
        return vs_ctx_fail(ctx, VS_EUSAGE, "run: '%s' is not a usable output directory",
                           o->out_dir);
    char out[VS_SCENARIO_PATH_MAX + 300];
    snprintf(out, sizeof out, "%s/%s", parent, base);
    vs_status s = vsi_rundir_check_parent(ctx, parent, o->create_parent);
    if (s)
        return s;
    int exists = access(out, F_OK) == 0;
    if (exists && !o->force)
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "run: output directory '%s' exists (use --force to replace it)", out);
    if (exists && (s = vsi_rundir_check_replace(ctx, out)))
        return s;

    vs_scenario *sc = NULL;
    vs_region *rg = NULL;
    vs_store *st = NULL;
    char tmp[VS_SCENARIO_PATH_MAX + 300] = "";
    s = vs_scenario_load(ctx, o->scenario_path, &sc);
    if (!s) {
        const char *rdir = sc->region_dir[0] ? sc->region_dir : o->default_region;
        if (!rdir)
            s = vs_ctx_fail(ctx, VS_EUSAGE, "run: the scenario names no region and there is "
                                            "no default region");
        else
            s = vs_region_load(ctx, rdir, &rg);
    }
    if (!s && !sc->base_year)
        sc->base_year = rg->base_year;
    if (!s && !sc->horizon_year)
        sc->horizon_year = sc->base_year;
    if (!s && sc->horizon_year < sc->base_year)
        s = vs_ctx_fail(ctx, VS_EINPUT,
                        "%s: field horizon_year: %d is before the base year %d (from the region)",
                        sc->path, sc->horizon_year, sc->base_year);
    if (s)
        goto fail;

    if (o->create_parent && (s = vsi_rundir_make_parent(ctx, parent)))
        goto fail;
    vsi_rundir_clean_stale(parent, base, o->warn, o->warn_user);
    if ((s = vsi_rundir_make_tmp(ctx, parent, base, out, tmp, sizeof tmp)))
        goto fail;
    snprintf(res->store_path, sizeof res->store_path, "%s/results.sqlite", out);
    snprintf(res->report_path, sizeof res->report_path, "%s/report.html", out);
    char dbpath[sizeof tmp + 32], html[sizeof tmp + 32];
    snprintf(dbpath, sizeof dbpath, "%s/results.sqlite", tmp);
    snprintf(html, sizeof html, "%s/report.html", tmp);
    if ((s = vs_store_open(ctx, dbpath, 1, &st)) || (s = vs_store_begin(ctx, st)))
        goto fail;
    vs_store_run run = {0,
                        sc->name,
                        sc->path,
                        sc->hash,
                        sc->text,
                        rg->name,
                        rg->dir,
                        sc->simulation.seed,
                        sc->simulation.replications,
                        sc->simulation.threads,
                        vs_version(),
                        o->created_at};
    if ((s = vs_store_add_run(ctx, st, &run)))
        goto fail;
    res->run_id = run.run_id;
    {
        void *u[2] = {st, &run.run_id};
        if ((s = vs_scenario_each_parameter(ctx, sc, put_param, u)))
            goto fail;
        char by[32], hy[32];
        snprintf(by, sizeof by, "%d", sc->base_year);
        snprintf(hy, sizeof hy, "%d", sc->horizon_year);
        if ((s = vs_store_put_parameter(ctx, st, run.run_id, "effective.base_year", by,
                                        "scenario file, else the region's base year"))
            || (s = vs_store_put_parameter(ctx, st, run.run_id, "effective.horizon_year", hy,
                                           "scenario file, else the base year")))
            goto fail;
    }
    if ((s = vs_run_stage_region(ctx, sc, rg, st, run.run_id, NULL))
        || (s = maybe_pause(ctx, o, "region", tmp)))
        goto fail;
    if ((s = stage_scenario_targets(ctx, sc, rg, st, run.run_id, NULL))
        || (s = maybe_pause(ctx, o, "targets", tmp)))
        goto fail;
    for (int i = 0; i < o->n_stages; i++)
        if ((s = o->stages[i].fn(ctx, sc, rg, st, run.run_id, o->stages[i].user))
            || (s = maybe_pause(ctx, o, o->stages[i].name ? o->stages[i].name : "", tmp)))
            goto fail;
    if ((s = vs_store_commit(ctx, st)))
        goto fail;
    {
        char geo[VS_SCENARIO_PATH_MAX + 32];
        snprintf(geo, sizeof geo, "%s/areas.geojson", rg->dir);
        if ((s = vs_run_write_report(ctx, st, run.run_id, geo, html))
            || (s = maybe_pause(ctx, o, "report", tmp)))
            goto fail;
    }
    if ((s = vs_store_export_csv(ctx, st, tmp)) || (s = maybe_pause(ctx, o, "export", tmp)))
        goto fail;
    {
        vs_metric_list *ml = NULL;
        vs_score_list *sl = NULL;
        if (!(s = vs_store_read_metrics(ctx, st, run.run_id, &ml)))
            s = vs_store_read_scorecard(ctx, st, run.run_id, &sl);
        if (!s) {
            res->n_metrics = ml->n;
            res->n_scorecard = sl->n;
        }
        vs_metric_list_free(ml);
        vs_score_list_free(sl);
        if (s)
            goto fail;
    }
    res->population = rg->population;
    vs_store_close(st);
    st = NULL;
    if ((s = vsi_rundir_finish_tmp(ctx, tmp)))
        goto fail;
    if (vsi_rundir_sync(tmp) != 0) {
        s = vs_ctx_fail(ctx, VS_EIO, "run: cannot flush %s", tmp);
        goto fail;
    }
    if (cancelled(ctx, o)) {
        s = vs_ctx_fail(ctx, VS_EINTERRUPTED, "run interrupted");
        goto fail;
    }
    if ((s = vsi_rundir_into_place(ctx, tmp, out, parent, base)))
        goto fail;
    vs_region_destroy(rg);
    vs_scenario_destroy(sc);
    return VS_OK;
fail:
    vs_store_close(st); /* rolls back an open transaction */
    if (tmp[0])
        vsi_rundir_remove_owned(tmp);
    vs_region_destroy(rg);
    vs_scenario_destroy(sc);
    {
        vs_run_result z;
        memset(&z, 0, sizeof z);
        *res = z;
    }
    return s;
}
