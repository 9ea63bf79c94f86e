/* Unit tests of the report module and the run pipeline:
 *  - polygon areas against closed forms (planar square, holes, multipolygons)
 *    and against an independent spherical-excess computation for a real DeSO;
 *  - charts: inline SVG with ids prefixed per chart, maps with one path per
 *    area, self-contained HTML (no external references);
 *  - the pipeline: report.html contents equal results.sqlite (every metric,
 *    chart cell, map value and scorecard row), and the run directory rules
 *    (refuse without force, atomic replace, no partial output on failure or
 *    cancellation, stale temporary directories removed). */
#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vardsim/report.h"
#include "run/stage.h" /* internal: vsi_run_flow_params, vsi_targets_* */
#include "vardsim/run.h"
#include "vardsim/scenario.h"
#include "vardsim/store.h"
#include "vt.h"
#include "vt_run.h"

#define R_KM 6371.0088
#define DEG (M_PI / 180.0)

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static int count(const char *s, const char *needle)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* The inode of path, 0 when it does not exist. */
static ino_t inode_of(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? sb.st_ino : 0;
}

static void test_geo(void)
{
    const char *path = "test_report_geo.json";
    /* A: 1 x 1 degree square at the equator (lat 0..1); B: 2 x 1 degree at
     * lat 59..60 with a 1 x 0.5 hole; C: multipolygon of two A-like squares */
    write_file(path,
               "{\"type\":\"FeatureCollection\",\"features\":["
               "{\"type\":\"Feature\",\"properties\":{\"area_id\":\"A\"},\"geometry\":{\"type\":"
               "\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},"
               "{\"type\":\"Feature\",\"properties\":{\"area_id\":\"B\"},\"geometry\":{\"type\":"
               "\"Polygon\",\"coordinates\":[[[10,59],[12,59],[12,60],[10,60],[10,59]],"
               "[[10.5,59.25],[11.5,59.25],[11.5,59.75],[10.5,59.75],[10.5,59.25]]]}},"
               "{\"type\":\"Feature\",\"properties\":{\"area_id\":\"C\"},\"geometry\":{\"type\":"
               "\"MultiPolygon\",\"coordinates\":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]],"
               "[[[2,0],[3,0],[3,1],[2,1],[2,0]]]]}}]}");
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_report_geo *g = NULL;
    VT_EQ_INT(vs_report_geo_load(ctx, path, &g), VS_OK);
    if (g) {
        VT_EQ_INT(vs_report_geo_count(g), 3);
        VT_EQ_INT(vs_report_geo_find(g, "B"), 1);
        VT_EQ_INT(vs_report_geo_find(g, "Z"), -1);
        VT_EQ_STR(vs_report_geo_id(g, 2), "C");
        /* planar area at the feature's mid-latitude phi0:
         * (R pi/180)^2 * dlon * cos(phi0) * dlat */
        double unit = (R_KM * DEG) * (R_KM * DEG);
        VT_NEAR(vs_report_geo_area_km2(g, 0), unit * cos(0.5 * DEG), 1e-12);
        /* B: mid-latitude (59 + 60) / 2 */
        double phiB = 59.5;
        VT_NEAR(vs_report_geo_area_km2(g, 1), unit * cos(phiB * DEG) * (2 * 1 - 1 * 0.5), 1e-12);
        VT_NEAR(vs_report_geo_area_km2(g, 2), 2 * unit * cos(0.5 * DEG), 1e-12);
    }
    vs_report_geo_destroy(g);
    /* errors */
    write_file(path, "{\"type\":\"FeatureCollection\",\"features\":[{\"properties\":{},"
                     "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[]}}]}");
    VT_EQ_INT(vs_report_geo_load(ctx, path, &g), VS_EINPUT);
    VT_EQ_STR(vs_ctx_message(ctx), "test_report_geo.json: field features[0].properties.area_id: "
                                   "missing or not a non-empty string");
    write_file(path, "{\"features\": [\n{]}");
    VT_EQ_INT(vs_report_geo_load(ctx, path, &g), VS_EINPUT);
    VT_CHECK(strncmp(vs_ctx_message(ctx), "test_report_geo.json:2:2: invalid JSON", 38) == 0);
    /* issue 12: an empty FeatureCollection fails at load, naming the file */
    write_file(path, "{\"type\":\"FeatureCollection\",\"features\":[]}");
    VT_EQ_INT(vs_report_geo_load(ctx, path, &g), VS_EINPUT);
    VT_EQ_STR(vs_ctx_message(ctx), "test_report_geo.json: field features: no features (a map "
                                   "needs at least one area)");
    write_file(path, "");
    VT_EQ_INT(vs_report_geo_load(ctx, path, &g), VS_EINPUT);
    VT_CHECK(strncmp(vs_ctx_message(ctx), "test_report_geo.json:", 21) == 0);
    /* a Latin-1 byte is refused before jansson sees it, with line and column */
    write_file(path, "{\"features\":\n [\"G\xf6teborg\"]}");
    VT_EQ_INT(vs_report_geo_load(ctx, path, &g), VS_EINPUT);
    VT_CHECK(strncmp(vs_ctx_message(ctx), "test_report_geo.json:2:5: invalid UTF-8 byte 0xF6", 49)
             == 0);
    /* a missing file is an input error (exit 2) */
    VT_EQ_INT(vs_report_geo_load(ctx, "no/such/areas.geojson", &g), VS_EINPUT);
    write_file(path, "{\"features\":[{\"properties\":{\"area_id\":\"A\"},\"geometry\":{\"type\":"
                     "\"Point\",\"coordinates\":[0,0]}}]}");
    VT_EQ_INT(vs_report_geo_load(ctx, path, &g), VS_EINPUT);
    VT_EQ_STR(vs_ctx_message(ctx), "test_report_geo.json: field features[0].geometry: expected "
                                   "a Polygon or MultiPolygon");
    remove(path);

    /* A real DeSO against the spherical area of the same polygon computed
     * independently (Chamberlain & Duquette line integral, Python, R = 6371.0088):
     * 0114A0010 = 50.34895 km^2.  Tolerance 5e-4: the planar approximation
     * over a ~7 km area at 59.5 N. */
    VT_EQ_INT(vs_report_geo_load(ctx, "data/stockholm/areas.geojson", &g), VS_OK);
    if (g) {
        VT_EQ_INT(vs_report_geo_count(g), 1287);
        int f = vs_report_geo_find(g, "0114A0010");
        VT_CHECK(f >= 0);
        VT_NEAR(vs_report_geo_area_km2(g, f), 50.34895, 5e-4);
        double total = 0;
        for (int i = 0; i < vs_report_geo_count(g); i++)
            total += vs_report_geo_area_km2(g, i);
        /* same independent method over all 1,287 polygons: 11,492.58 km^2 */
        VT_NEAR(total, 11492.58, 1e-3);
    }
    vs_report_geo_destroy(g);
    vs_ctx_destroy(ctx);
}

static void test_charts(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_report *r;
    VT_EQ_INT(vs_report_create(ctx, "T <&>", &r), VS_OK);
    const char *series[] = {"today", "policy"};
    const char *labels[] = {"a", "b", "c"};
    const double v[] = {1, 2, 3, 4, NAN, 6};
    vs_report_bars b = {"bars1", "Bars", "x", "persons", "note", 2, 3, series, labels, v, NULL,
                        NULL};
    VT_EQ_INT(vs_report_add_bar_chart(ctx, r, &b), VS_OK);
    vs_report_bars b2 = b;
    b2.id = "bars2";
    VT_EQ_INT(vs_report_add_bar_chart(ctx, r, &b2), VS_OK);
    vs_report_bars bad = b;
    bad.id = "no spaces";
    VT_EQ_INT(vs_report_add_bar_chart(ctx, r, &bad), VS_EUSAGE);
    const char *html = vs_report_html(r);
    /* every id and reference of cairo's SVG is prefixed by its chart */
    VT_CHECK(count(html, "id=\"surface") == 0);
    VT_CHECK(count(html, "id=\"glyph") == 0);
    VT_CHECK(count(html, "id=\"bars1-surface") > 0);
    VT_CHECK(count(html, "id=\"bars2-surface") > 0);
    VT_CHECK(strstr(html, ">policy</text>") != NULL); /* legend label as SVG text */
    VT_EQ_INT(count(html, "<svg"), 2);
    VT_EQ_INT(count(html, "<figure class=\"chart bar-chart\""), 2);
    VT_CHECK(strstr(html, "data-value=\"6\">6</td>") != NULL);
    VT_CHECK(strstr(html, "data-value=\"\">n/a</td>") != NULL);
    vs_score_row rows[] = {{1, "t1", "x <= 1,100", 2000, "persons", "<=", 1100, 0, "002:51", 0}};
    VT_EQ_INT(vs_report_add_scorecard(ctx, r, rows, 1), VS_OK);
    VT_CHECK(strstr(vs_report_html(r), "data-target=\"t1\" data-met=\"0\"") != NULL);
    const char *path = "test_report_out.html";
    VT_EQ_INT(vs_report_write(ctx, r, path), VS_OK);
    char *doc = vt_slurp(path);
    VT_CHECK(doc && strncmp(doc, "<!DOCTYPE html>", 15) == 0);
    VT_CHECK(doc && strstr(doc, "<title>T &lt;&amp;&gt;</title>") != NULL);
    free(doc);
    remove(path);
    vs_report_destroy(r);
    vs_ctx_destroy(ctx);
}


/* Number format in English and Swedish; references cited once, readable;
 * map classes: a map of one value has one class, and no two legend rows
 * are alike; municipality names over the map. */
static void test_text(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_report *r;
    char b[64];
    VT_EQ_INT(vs_report_create(ctx, "t", &r), VS_OK);
    VT_EQ_STR(vs_report_format(r, 2440027, "persons", b, sizeof b), "2,440,027");
    VT_EQ_STR(vs_report_format(r, 0.899, "share", b, sizeof b), "89.9 %");
    VT_EQ_STR(vs_report_format(r, 3.01725e-10, "GP FTE", b, sizeof b), "0.000");
    VT_EQ_STR(vs_report_format(r, 0.11608, "share per year", b, sizeof b), "0.116");
    VT_EQ_INT(vs_report_set_lang(ctx, r, "de"), VS_EUSAGE);
    VT_EQ_INT(vs_report_set_lang(ctx, r, "sv"), VS_OK);
    VT_EQ_STR(vs_report_format(r, 2440027, "persons", b, sizeof b), "2 440 027");
    VT_EQ_STR(vs_report_format(r, 0.899, "share", b, sizeof b), "89,9 %");
    VT_EQ_STR(vs_report_format(r, -1234.7, "SEK", b, sizeof b), "-1 235");
    VT_EQ_STR(vs_report_format(r, NAN, "SEK", b, sizeof b), "saknas");
    const char *src = "target (Socialstyrelsen 2022, seed 000:440-442, 004:1285-1287); split by "
                      "vs_need_allocate: x (vs_flow_run, docs/flow.md) from "
                      "/home/u/vardsim/data/parameters/budget.csv; "
                      "seed document 000_4e36e5cf7fdf7f50.txt:831-868; PVN / (HSN + PVN)";
    int n1 = vs_report_cite(r, src);
    VT_EQ_INT(n1, 1);
    VT_EQ_INT(vs_report_cite(r, src), 1);
    VT_EQ_INT(vs_report_cite(r, "other"), 2);
    VT_EQ_INT(vs_report_cite(r, ""), 0);
    VT_EQ_INT(vs_report_add_references(ctx, r, "refs"), VS_OK);
    const char *html = vs_report_html(r);
    VT_CHECK(strstr(html, "<li id=\"ref-1\">target (Socialstyrelsen 2022, Vänsterpartiet, Riksdag "
                          "motion 2024/25 on health care (motion 2024/25), lines 440\xe2\x80\x93"
                          "442, Vänsterpartiet, budget for Region Stockholm 2025 with plan "
                          "2026-2027 (2024), lines 1285\xe2\x80\x93" "1287); split: x "
                          "(docs/flow.md) from data/parameters/budget.csv; Vänsterpartiet, "
                          "Riksdag motion 2024/25 on health care (motion 2024/25), lines "
                          "831\xe2\x80\x93" "868; PVN / (HSN + PVN)</li>") != NULL);
    VT_CHECK(strstr(html, "<li id=\"ref-2\">other</li>") != NULL);
    /* maps: one value everywhere is one legend class; names over the map */
    vs_report_geo *g = NULL, *m = NULL;
    VT_EQ_INT(vs_report_geo_load(ctx, "data/stockholm/areas.geojson", &g), VS_OK);
    VT_EQ_INT(vs_report_geo_load(ctx, "data/stockholm/municipalities.geojson", &m), VS_OK);
    VT_EQ_STR(vs_report_geo_name(m, vs_report_geo_find(m, "0180")), "Stockholm");
    vs_report_set_borders(r, m);
    int na = vs_report_geo_count(g);
    const char **ids = malloc((size_t)na * sizeof *ids);
    double *v = malloc((size_t)na * sizeof *v);
    for (int i = 0; i < na; i++) {
        ids[i] = vs_report_geo_id(g, i);
        v[i] = 1100;
    }
    vs_report_map mp = {"flat", "Flat", "persons per GP FTE", "n", na, ids, v};
    VT_EQ_INT(vs_report_add_map(ctx, r, g, &mp), VS_OK);
    html = vs_report_html(r);
    const char *fig = strstr(html, "id=\"flat\"");
    VT_CHECK(fig && count(fig, "<text class=\"legend\"") == 2); /* 1 100; inget värde */
    VT_CHECK(fig && strstr(fig, ">1 100</text>") != NULL);
    VT_CHECK(fig && strstr(fig, ">Stockholm</text>") != NULL);
    /* quantiles of a skewed map: as many classes as distinct ranges */
    for (int i = 0; i < na; i++)
        v[i] = i < na / 2 ? 0 : i;
    mp.id = "skewed";
    VT_EQ_INT(vs_report_add_map(ctx, r, g, &mp), VS_OK);
    fig = strstr(vs_report_html(r), "id=\"skewed\"");
    VT_CHECK(fig && strstr(fig, ">0</text>") != NULL); /* the class of the zeros */
    VT_CHECK(fig && count(fig, "<text class=\"legend\"") == 1 + 1 + 4 + 1);
    free(ids);
    free(v);
    vs_report_geo_destroy(g);
    vs_report_geo_destroy(m);
    vs_report_destroy(r);
    vs_ctx_destroy(ctx);
}

/* ---- pipeline ------------------------------------------------------------------ */

/* The data-value attribute following position p. */
static const char *next_value(const char *p, char *out, size_t cap)
{
    p = strstr(p, "data-value=\"");
    if (!p)
        return NULL;
    p += 12;
    const char *q = strchr(p, '"');
    snprintf(out, cap, "%.*s", (int)(q - p), p);
    return q;
}

/* HTML text escaping as the report does it. */
static void html_escape(const char *in, char *out, size_t cap)
{
    size_t n = 0;
    for (; *in && n + 8 < cap; in++) {
        const char *rep = *in == '&' ? "&amp;" : *in == '<' ? "&lt;" : *in == '>' ? "&gt;"
                          : *in == '"' ? "&quot;" : *in == '\'' ? "&#39;" : NULL;
        if (rep)
            n += (size_t)snprintf(out + n, cap - n, "%s", rep);
        else
            out[n++] = *in;
    }
    out[n] = '\0';
}

/* Expected row counts of a run's report. */
typedef struct expect {
    int charts, bars, maps, scorecard;
    int cis; /* at least this many bar cells with a 95 % interval (0: none) */
} expect;

static void check_report_matches_store(const char *dir, expect ex)
{
    char db[512], html_path[512];
    snprintf(db, sizeof db, "%s/results.sqlite", dir);
    snprintf(html_path, sizeof html_path, "%s/report.html", dir);
    char *html = vt_slurp(html_path);
    VT_CHECK(html != NULL);
    if (!html)
        return;
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_store *st;
    VT_EQ_INT(vs_store_open(ctx, db, 0, &st), VS_OK);
    char want[40], got[40];
    /* metrics */
    vs_metric_list *ml;
    VT_EQ_INT(vs_store_read_metrics(ctx, st, 1, &ml), VS_OK);
    VT_CHECK(ml->n >= 9);
    int *yrs = NULL, nyrs = 0; /* a run with several years names metrics "name (year)" */
    VT_EQ_INT(vs_store_read_years(ctx, st, 1, &yrs, &nyrs), VS_OK);
    free(yrs);
    for (int i = 0; i < ml->n; i++) {
        char key[200];
        if (nyrs > 1)
            snprintf(key, sizeof key, "<tr class=\"metric\" data-name=\"%s (%d)\">",
                     ml->items[i].name, ml->items[i].year);
        else
            snprintf(key, sizeof key, "<tr class=\"metric\" data-name=\"%s\">",
                     ml->items[i].name);
        const char *p = strstr(html, key);
        VT_CHECK(p != NULL);
        if (p && next_value(p, got, sizeof got))
            VT_EQ_STR(got, vs_store_format_real(ml->items[i].value, want, sizeof want));
    }
    vs_metric_list_free(ml);
    /* charts: every cell of every bar chart, every value of every map */
    vs_chart_list *cl;
    VT_EQ_INT(vs_store_read_charts(ctx, st, 1, &cl), VS_OK);
    VT_EQ_INT(cl->n, ex.charts);
    int maps = 0, bars = 0, cis = 0;
    for (int i = 0; i < cl->n; i++) {
        char key[200];
        if (nyrs > 1) /* a run with several years: ids "chart-YEAR" */
            snprintf(key, sizeof key, "<table class=\"table chart-data\" data-chart=\"%s-2022\">",
                     cl->items[i].chart_id);
        else
            snprintf(key, sizeof key, "<table class=\"table chart-data\" data-chart=\"%s\">",
                     cl->items[i].chart_id);
        const char *p = strstr(html, key);
        VT_CHECK(p != NULL);
        if (!p)
            continue;
        if (strcmp(cl->items[i].kind, "bar") == 0) {
            bars++;
            vs_series_table *t;
            VT_EQ_INT(vs_store_read_series(ctx, st, 1, 2022, cl->items[i].chart_id, &t), VS_OK);
            for (int c = 0; c < t->n_cat; c++)
                for (int s = 0; s < t->n_series; s++) {
                    p = next_value(p, got, sizeof got);
                    VT_CHECK(p != NULL);
                    if (!p)
                        break;
                    VT_EQ_STR(got, vs_store_format_real(t->value[s * t->n_cat + c], want,
                                                        sizeof want));
                    /* a 95 % interval travels with the value */
                    double lo = t->ci_low[s * t->n_cat + c], hi = t->ci_high[s * t->n_cat + c];
                    if (!isnan(lo) && !isnan(hi)) {
                        char e[200];
                        char w2[40];
                        snprintf(e, sizeof e, "\" data-ci-low=\"%s\" data-ci-high=\"%s\"",
                                 vs_store_format_real(lo, want, sizeof want),
                                 vs_store_format_real(hi, w2, sizeof w2));
                        VT_CHECK(strncmp(p, e, strlen(e)) == 0);
                        cis++;
                    }
                }
            vs_series_table_free(t);
        } else {
            maps++;
            vs_unit_values *uv;
            VT_EQ_INT(vs_store_read_unit_values(ctx, st, VS_STORE_AREA, 1, 2022, cl->items[i].metric,
                                                &uv),
                      VS_OK);
            VT_EQ_INT(uv->n, 1287);
            int bad = 0;
            for (int k = 0; k < uv->n && p; k++) {
                char idkey[64];
                snprintf(idkey, sizeof idkey, "<tr><td>%s</td>", uv->items[k].id);
                const char *q = strstr(p, idkey);
                p = q ? next_value(q, got, sizeof got) : NULL;
                bad += !p || strcmp(got, vs_store_format_real(uv->items[k].value, want,
                                                              sizeof want)) != 0;
            }
            VT_EQ_INT(bad, 0);
            vs_unit_values_free(uv);
        }
    }
    VT_EQ_INT(bars, ex.bars);
    VT_EQ_INT(maps, ex.maps);
    VT_CHECK(ex.cis ? cis >= ex.cis : cis == 0);
    vs_chart_list_free(cl);
    /* scorecard */
    vs_score_list *sl;
    VT_EQ_INT(vs_store_read_scorecard(ctx, st, 1, &sl), VS_OK);
    VT_EQ_INT(sl->n, ex.scorecard);
    for (int i = 0; i < sl->n; i++) {
        char key[200];
        snprintf(key, sizeof key, "data-target=\"%s\" data-met=\"%d\">", sl->items[i].target_id,
                 sl->items[i].met);
        const char *p = strstr(html, key);
        VT_CHECK(p != NULL);
        if (p && (p = next_value(p, got, sizeof got))) {
            VT_EQ_STR(got, vs_store_format_real(sl->items[i].value, want, sizeof want));
            if (next_value(p, got, sizeof got))
                VT_EQ_STR(got, vs_store_format_real(sl->items[i].target_value, want,
                                                    sizeof want));
        }
    }
    vs_score_list_free(sl);
    /* notes: every note's topic and text, in order, in the notes table */
    vs_param_list *nl;
    VT_EQ_INT(vs_store_read_notes(ctx, st, 1, &nl), VS_OK);
    const char *np = strstr(html, "<table id=\"notes\"");
    VT_CHECK(nl->n == 0 ? np == NULL : np != NULL);
    for (int i = 0; np && i < nl->n; i++) {
        char cell[2400], esc[2300];
        html_escape(nl->items[i].key, esc, sizeof esc);
        snprintf(cell, sizeof cell, "<td>%s</td>", esc);
        np = strstr(np, cell);
        VT_CHECK(np != NULL);
        if (np) {
            html_escape(nl->items[i].value, esc, sizeof esc);
            snprintf(cell, sizeof cell, "<td>%s</td>", esc);
            np = strstr(np, cell);
            VT_CHECK(np != NULL);
        }
    }
    vs_param_list_free(nl);
    /* self-contained: no external resources */
    VT_CHECK(strstr(html, "src=") == NULL);
    VT_CHECK(strstr(html, "<link") == NULL);
    VT_CHECK(strstr(html, "href=\"http") == NULL);
    VT_CHECK(strstr(html, "<script") == NULL);
    /* each map draws one path per area (plus legend boxes and glyphs) */
    VT_CHECK(count(html, "<path") > 2 * 1287);
    vs_store_close(st);
    vs_ctx_destroy(ctx);
    free(html);
}

/* Number of entries of `parent` whose name starts with prefix. */
static int count_entries(const char *parent, const char *prefix)
{
    DIR *d = opendir(parent);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    if (d)
        closedir(d);
    return n;
}

static void rm_rf(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
}

static vs_status stage_fail(vs_ctx *ctx, const vs_scenario *sc, const vs_region *rg,
                            vs_store *st, int64_t run_id, int year, void *user)
{
    (void)year;
    (void)sc;
    (void)rg;
    (void)st;
    (void)run_id;
    (void)user;
    return vs_ctx_fail(ctx, VS_ENUMERIC, "stage failed on purpose");
}

static vs_status stage_extra(vs_ctx *ctx, const vs_scenario *sc, const vs_region *rg,
                             vs_store *st, int64_t run_id, int year, void *user)
{
    (void)rg;
    (*(int *)user)++;
    vs_metric m = {"extra_gp_cap", sc->primary_care.gp_cap, NAN, NAN, "persons per GP", NULL, -1,
                   "test stage", 0};
    return vs_store_put_metric(ctx, st, run_id, year, &m);
}

/* A per-year stage: the year itself as a metric, a bar of a chart and an
 * area value, so that every year's rows can be told apart. */
static vs_status stage_yearly(vs_ctx *ctx, const vs_scenario *sc, const vs_region *rg,
                              vs_store *st, int64_t run_id, int year, void *user)
{
    (void)sc;
    (*(int *)user)++;
    vs_metric m = {"the_year", year, NAN, NAN, "year", NULL, -1, "test stage", 0};
    vs_chart_def c = {"yearly", 5, "bar", "The year", "x", "year", NULL, "test stage"};
    vs_status s = vs_store_put_metric(ctx, st, run_id, year, &m);
    if (!s)
        s = vs_store_put_series(ctx, st, run_id, year, "yearly", "year", 0, "x", year, NAN, NAN);
    if (!s)
        s = vs_store_put_unit_value(ctx, st, VS_STORE_AREA, run_id, year, rg->areas[0].area_id,
                                    "the_year", year);
    if (!s && year == sc->base_year) /* a chart is defined once */
        s = vs_store_put_chart(ctx, st, run_id, &c);
    return s;
}

/* vs_run_execute runs a per-year stage for every year base_year..horizon_year
 * (2022..2035 in today.yaml) and a snapshot stage once, for the base year;
 * the store keeps each year's rows apart and the report shows every year. */
static void test_per_year(void)
{
    char parent[] = "test_report_years_XXXXXX";
    VT_CHECK(mkdtemp(parent) != NULL);
    char out[256], db[300], html_path[300];
    snprintf(out, sizeof out, "%s/today", parent);
    snprintf(db, sizeof db, "%s/results.sqlite", out);
    snprintf(html_path, sizeof html_path, "%s/report.html", out);
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_run_models_options mo = {"data", "region", 0, 0};
    vs_run_models *models = NULL;
    vs_run_stage stages[16];
    int n = 0, calls = 0;
    VT_EQ_INT(vs_run_models_create(ctx, &mo, &models), VS_OK);
    VT_EQ_INT(vs_run_models_stages(ctx, models, stages, 15, &n), VS_OK);
    stages[n++] = (vs_run_stage){"yearly", stage_yearly, &calls, 1};
    vs_run_options o;
    memset(&o, 0, sizeof o);
    o.scenario_path = "scenarios/today.yaml";
    o.out_dir = out;
    o.created_at = "2025-01-01T00:00:00Z";
    o.stages = stages;
    o.n_stages = n;
    vs_run_result res;
    VT_EQ_INT(vs_run_execute(ctx, &o, &res), VS_OK);
    VT_EQ_STR(vs_ctx_message(ctx), "");
    VT_EQ_INT(calls, 14);
    vs_store *st = NULL;
    VT_EQ_INT(vs_store_open(ctx, db, 0, &st), VS_OK);
    int *years = NULL, ny = 0;
    VT_EQ_INT(vs_store_read_years(ctx, st, 1, &years, &ny), VS_OK);
    VT_EQ_INT(ny, 14);
    VT_EQ_INT(years[0], 2022);
    VT_EQ_INT(years[13], 2035);
    free(years);
    vs_metric_list *ml = NULL;
    VT_EQ_INT(vs_store_read_metrics(ctx, st, 1, &ml), VS_OK);
    int yearly = 0;
    for (int i = 0; i < ml->n; i++) {
        if (strcmp(ml->items[i].name, "the_year") == 0) {
            VT_NEAR(ml->items[i].value, ml->items[i].year, 0);
            yearly++;
        } else
            VT_EQ_INT(ml->items[i].year, 2022); /* the region stage: a snapshot */
    }
    VT_EQ_INT(yearly, 14);
    vs_metric_list_free(ml);
    vs_series_table *t = NULL;
    VT_EQ_INT(vs_store_read_series(ctx, st, 1, 2027, "yearly", &t), VS_OK);
    VT_EQ_INT(t->n_series, 1);
    VT_NEAR(t->value[0], 2027, 0);
    vs_series_table_free(t);
    VT_EQ_INT(vs_store_read_series(ctx, st, 1, 2036, "yearly", &t), VS_OK);
    VT_EQ_INT(t->n_series, 0);
    vs_series_table_free(t);
    vs_store_close(st);
    char *html = vt_slurp(html_path);
    VT_CHECK(html && strstr(html, "the_year (2035)") && strstr(html, "the_year (2022)"));
    VT_CHECK(html && strstr(html, "The year (2026)"));
    VT_CHECK(html && strstr(html, "population (2022)"));
    /* a stage no section knows: its metric and chart in "Other results" */
    const char *other = html ? strstr(html, "<section id=\"other\"") : NULL;
    VT_CHECK(other && strstr(other, "the_year (2030)") && strstr(other, "id=\"yearly-2030\""));
    VT_CHECK(html && strstr(html, "<a href=\"#other\">Other results</a>"));
    free(html);
    /* compare reads every year: the_year has one cell per year, the region's
     * metrics only the base year's */
    const char *dirs[2] = {out, out};
    vs_run_compare *cmp = NULL;
    VT_EQ_INT(vs_run_compare_open(ctx, dirs, 2, &cmp), VS_OK);
    VT_EQ_INT(cmp->n_years, 14);
    for (int i = 0; cmp && i < cmp->n_metrics; i++) {
        const vs_run_compare_row *x = &cmp->metrics[i];
        int cells = 0;
        for (int y = 0; y < cmp->n_years; y++)
            cells += x->has[y];
        VT_EQ_INT(cells, strcmp(x->id, "the_year") == 0 ? 14 : 1);
        if (strcmp(x->id, "the_year") == 0)
            VT_NEAR(x->value[cmp->n_years + 13], 2035, 0); /* run 2, year 2035 */
    }
    vs_run_compare_destroy(cmp);
    vs_run_models_destroy(models);
    vs_ctx_destroy(ctx);
    rm_rf(parent);
}

static void test_pipeline(void)
{
    char parent[] = "test_report_runs_XXXXXX";
    VT_CHECK(mkdtemp(parent) != NULL);
    char out[256], marker[300];
    snprintf(out, sizeof out, "%s/today", parent);
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    int calls = 0;
    /* the stages every run has (region, targets, notes) and one of the test's */
    vs_run_models_options mo = {"data", "region", 0, 0};
    vs_run_models *models = NULL;
    vs_run_stage stages[16];
    int n = 0;
    VT_EQ_INT(vs_run_models_create(ctx, &mo, &models), VS_OK);
    VT_EQ_INT(vs_run_models_stages(ctx, models, stages, 15, &n), VS_OK);
    VT_EQ_INT(n, 3);
    stages[n++] = (vs_run_stage){"extra", stage_extra, &calls, 0};
    vs_run_options o;
    memset(&o, 0, sizeof o);
    o.scenario_path = "scenarios/today.yaml";
    o.out_dir = out;
    o.created_at = "2025-01-01T00:00:00Z";
    o.stages = stages;
    o.n_stages = n;
    /* a stale temporary directory of a dead run (no owner process) */
    char stale[300];
    snprintf(stale, sizeof stale, "%s/today.tmp-OLD123", parent);
    mkdir(stale, 0777);
    char owner[400];
    snprintf(owner, sizeof owner, "%s/.vardsim-run", stale);
    write_file(owner, "vardsim-run 1\nstate writing\npid 999999999\n");
    /* another live process's temporary directory is left alone */
    char live[300];
    snprintf(live, sizeof live, "%s/today.tmp-LIVE12", parent);
    mkdir(live, 0777);
    snprintf(owner, sizeof owner, "%s/.vardsim-run", live);
    char pid[64];
    snprintf(pid, sizeof pid, "vardsim-run 1\nstate writing\npid %ld\n", (long)getppid());
    write_file(owner, pid);
    /* a directory with such a name but without marker is the user's: kept */
    char user_dir[300];
    snprintf(user_dir, sizeof user_dir, "%s/today.old-mine", parent);
    mkdir(user_dir, 0777);

    vs_run_result res;
    VT_EQ_INT(vs_run_execute(ctx, &o, &res), VS_OK);
    VT_EQ_INT(calls, 1);
    VT_EQ_INT(res.population, 2440027);
    VT_EQ_INT(res.n_metrics, 12);
    VT_EQ_INT(res.n_scorecard, 1);
    VT_EQ_INT(count_entries(parent, "today.tmp-OLD"), 0);
    VT_EQ_INT(count_entries(parent, "today.tmp-LIVE"), 1);
    VT_EQ_INT(count_entries(parent, "today.old-mine"), 1);
    rm_rf(live);
    rm_rf(user_dir);
    check_report_matches_store(out, (expect){5, 3, 2, 1, 0});

    /* existing directory without force: refused, untouched (the run's own
     * store keeps its inode: a sentinel file of ours would make the
     * directory one --force refuses, as the end of this test shows) */
    snprintf(marker, sizeof marker, "%s/results.sqlite", out);
    ino_t ino0 = inode_of(marker);
    VT_CHECK(ino0 != 0);
    VT_EQ_INT(vs_run_execute(ctx, &o, &res), VS_EUSAGE);
    VT_CHECK(strstr(vs_ctx_message(ctx), "use --force") != NULL);
    VT_CHECK(inode_of(marker) == ino0);
    /* a failing stage: nothing replaced, no temporary directory left */
    vs_run_stage failing = {"fail", stage_fail, NULL, 0};
    o.force = 1;
    o.stages = &failing;
    o.n_stages = 1;
    VT_EQ_INT(vs_run_execute(ctx, &o, &res), VS_ENUMERIC);
    VT_CHECK(inode_of(marker) == ino0);
    VT_EQ_INT(count_entries(parent, "today.tmp-"), 0);
    /* cancelled (as by SIGINT): same */
    volatile sig_atomic_t cancel = 1;
    o.stages = NULL;
    o.n_stages = 0;
    o.cancel = &cancel;
    VT_EQ_INT(vs_run_execute(ctx, &o, &res), VS_EINTERRUPTED);
    VT_CHECK(inode_of(marker) == ino0);
    VT_EQ_INT(count_entries(parent, "today.tmp-"), 0);
    /* bad scenario: input error, nothing written */
    o.cancel = NULL;
    o.scenario_path = "tests/data/scenario/bad_unknown_key.yaml";
    VT_EQ_INT(vs_run_execute(ctx, &o, &res), VS_EINPUT);
    VT_CHECK(inode_of(marker) == ino0);
    VT_EQ_INT(count_entries(parent, "today.tmp-"), 0);
    /* with force: replaced by a complete new run (a new store) */
    o.scenario_path = "scenarios/policy.yaml";
    o.stages = stages;
    o.n_stages = n - 1;
    VT_EQ_INT(vs_run_execute(ctx, &o, &res), VS_OK);
    VT_CHECK(inode_of(marker) != 0 && inode_of(marker) != ino0);
    VT_EQ_INT(res.n_metrics, 11);
    VT_EQ_INT(count_entries(parent, "today."), 0); /* no .tmp- or .old- left */
    /* a directory that is not a run directory is never replaced */
    char other[64];
    snprintf(other, sizeof other, "%s/other", parent);
    mkdir(other, 0777);
    snprintf(marker, sizeof marker, "%s/keep.txt", other);
    write_file(marker, "x");
    o.out_dir = other;
    VT_EQ_INT(vs_run_execute(ctx, &o, &res), VS_EUSAGE);
    VT_CHECK(access(marker, F_OK) == 0);
    /* a finished run with a file of the user's added: refused, nothing removed */
    o.out_dir = out;
    snprintf(marker, sizeof marker, "%s/notes.txt", out);
    struct timespec later = {0, 20 * 1000 * 1000};
    nanosleep(&later, NULL); /* a modification time after the marker's */
    write_file(marker, "mine");
    VT_EQ_INT(vs_run_execute(ctx, &o, &res), VS_EUSAGE);
    VT_CHECK(strstr(vs_ctx_message(ctx), "notes.txt") != NULL);
    VT_CHECK(access(marker, F_OK) == 0);
    VT_EQ_INT(count_entries(parent, "today."), 0);
    vs_run_models_destroy(models);
    vs_ctx_destroy(ctx);
    rm_rf(parent);
}

/* The full pipeline with the model stages (need, allocation, beds): the
 * report still holds exactly what the store holds, for every chart, map,
 * metric, scorecard row and note. */
static void test_model_pipeline(void)
{
    char parent[] = "test_report_models_XXXXXX";
    VT_CHECK(mkdtemp(parent) != NULL);
    char out[256];
    snprintf(out, sizeof out, "%s/policy", parent);
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_run_models_options mo = {"data", NULL, 0, VS_NETWORK_FALLBACK}; /* fast */
    int n = 0;
    vs_run_result res;
    vt_run_pipeline(ctx, &mo, "tests/data/run/policy_short.yaml" /* short simulation */, out, &n,
                    &res);
    VT_EQ_INT(n, 13); /* with the forecast and validation stages */
    VT_EQ_INT(res.n_scorecard, 16);
    /* charts: region 5 (3 bars, 2 maps), need 3 (2 bars, CNI map), allocation
     * 2 (bar, map), listing 3 (GP FTE bar, listed per GP map, distance map),
     * beds 2 bars, flow 10 (9 bars, the wait map), maternity 2 (midwives by
     * hour, births map), stockpile 1 bar (no row: NOT FOUND); scorecard: 6 +
     * listed_per_gp_mean, insurance_ahead, occupancy_simulated and the
     * analytic overflow_erlang beside the simulated overflow.  Waits by
     * class and discipline carry 95 % intervals (2 replications): 3 x 4.
     * screening: 2 bars and a coverage map for each of the 3 programmes
     * with a target, which have 2 scorecard rows each. */
    check_report_matches_store(out, (expect){33, 22, 11, 16, 12});
    /* every scorecard row's comparator, unit and target value come from
     * targets.csv: the row's own id, or the target it is a variant of (the
     * simulated overflow's target is derived: a share of bed-days) */
    static const struct {
        const char *row, *target;
    } variant[] = {{"listed_per_gp_mean", "listed_per_gp"},
                   {"occupancy_simulated", "occupancy"},
                   {"overflow_erlang", "overflow"},
                   {"coverage_influenza_65plus_lowest_cni_decile", "coverage_influenza_65plus"},
                   {"coverage_mammography_lowest_cni_decile", "coverage_mammography"},
                   {"coverage_cervical_lowest_cni_decile", "coverage_cervical"}};
    vs_run_targets *tg = NULL;
    VT_EQ_INT(vsi_targets_load(ctx, "data/parameters/targets.csv", &tg), VS_OK);
    char db[300];
    snprintf(db, sizeof db, "%s/results.sqlite", out);
    vs_store *st = NULL;
    vs_score_list *sl = NULL;
    VT_EQ_INT(vs_store_open(ctx, db, 0, &st), VS_OK);
    VT_EQ_INT(vs_store_read_scorecard(ctx, st, 1, &sl), VS_OK);
    int checked = 0;
    for (int i = 0; sl && i < sl->n; i++) {
        const vs_score_row *x = &sl->items[i];
        const char *id = x->target_id;
        for (size_t k = 0; k < sizeof variant / sizeof variant[0]; k++)
            if (strcmp(id, variant[k].row) == 0)
                id = variant[k].target;
        const vsi_target_def *t = vsi_targets_find(tg, id);
        VT_CHECK(t != NULL);
        if (!t)
            continue;
        VT_EQ_STR(x->op, t->comparator);
        VT_CHECK(strncmp(x->source, "target: ", 8) == 0);
        if (strcmp(x->target_id, "overflow") == 0)
            continue; /* DERIVED from t->value */
        VT_NEAR(x->target_value, t->value, 0);
        VT_EQ_STR(x->unit, t->unit);
        VT_CHECK(strstr(x->source, t->source) != NULL);
        checked++;
    }
    VT_EQ_INT(checked, 15);
    /* the report lists the targets the scorecard lacks by their targets.csv
     * label: only the two whose inputs are NOT FOUND (the region's midwives;
     * protective-stock use rates and stock) */
    char html_path[300];
    snprintf(html_path, sizeof html_path, "%s/report.html", out);
    char *html = vt_slurp(html_path);
    char *nyc = html ? strstr(html, "Not yet computed") : NULL;
    VT_CHECK(nyc != NULL);
    /* the paragraph only: the labels appear again later in the report */
    char *end = nyc ? strstr(nyc, "</p>") : NULL;
    VT_CHECK(end != NULL);
    if (end)
        *end = '\0';
    VT_CHECK(nyc && strstr(nyc, "birth-unit midwife FTE at least the FTE") != NULL);
    VT_CHECK(nyc && strstr(nyc, "protective stock for at least three months") != NULL);
    VT_CHECK(nyc && !strstr(nyc, vsi_targets_find(tg, "occupancy")->label));
    free(html);
    vs_score_list_free(sl);
    vs_store_close(st);
    vsi_targets_destroy(tg);
    vs_ctx_destroy(ctx);
    rm_rf(parent);
}

/* The targets table: the shipped file, and bad files refused with
 * FILE:LINE: field NAME messages. */
static void test_targets_file(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_run_targets *t = NULL;
    VT_EQ_INT(vsi_targets_load(ctx, "data/parameters/targets.csv", &t), VS_OK);
    VT_EQ_INT(vsi_targets_count(t), 12);
    const vsi_target_def *o = vsi_targets_find(t, "occupancy");
    VT_CHECK(o && strcmp(o->comparator, "<") == 0 && o->value == 0.9);
    VT_CHECK(vsi_targets_find(t, "nosuch") == NULL);
    VT_CHECK(vsi_targets_at(t, 12) == NULL);
    vsi_targets_destroy(t);
    vsi_targets_destroy(NULL);
    static const struct {
        const char *file, *message;
    } bad[] = {
        {"tests/data/targets/bad_comparator.csv",
         "tests/data/targets/bad_comparator.csv:3: field comparator: '=<' is not one of"},
        {"tests/data/targets/duplicate.csv",
         "tests/data/targets/duplicate.csv:3: field id: duplicate target 'a'"},
        {"tests/data/targets/no_source.csv", "tests/data/targets/no_source.csv:1"},
        {"tests/data/targets/bad_value.csv", "tests/data/targets/bad_value.csv:2: field value"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        t = NULL;
        VT_EQ_INT(vsi_targets_load(ctx, bad[i].file, &t), VS_EINPUT);
        VT_CHECK(t == NULL);
        VT_CHECK(strncmp(vs_ctx_message(ctx), bad[i].message, strlen(bad[i].message)) == 0);
        if (strncmp(vs_ctx_message(ctx), bad[i].message, strlen(bad[i].message)) != 0)
            fprintf(stderr, "  message: %s\n", vs_ctx_message(ctx));
    }
    vs_ctx_destroy(ctx);
}

int main(void)
{
    test_geo();
    test_charts();
    test_text();
    test_pipeline();
    test_per_year();
    test_model_pipeline();
    test_targets_file();
    return vt_done();
}
