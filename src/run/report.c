/*
 * report.c: report.html of a run, drawn only from what the results store
 * holds (vs_run_write_report, vardsim/run.h).  Order, for a planner who
 * presents it: a one-line answer and the contents; the overview (the
 * scorecard, today -> scenario when a baseline run is given, and the charts
 * that answer the documents' questions); one section per question (the
 * table vsi_report_sections, run/report_int.h); "Other results" for what no
 * section claims; about the run (header, notes, parameters, collapsed); the
 * numbered references.
 */
#include "run/stage.h"
#include "run/report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "run/report_forecast.h"
#include "run/report_validation.h"
#include "vardsim/report.h"
#include "vardsim/store.h"

/* The charts of the overview, in this order: the documents' questions of
 * fixed GP, money, beds and queues and equity. */
static const char *const overview_charts[] = {"gp_fte",          "allocation_deciles",
                                              "bed_occupancy",   "flow_wait_class",
                                              "flow_wait_decile", "flow_within_decile"};
#define N_OVERVIEW ((int)(sizeof overview_charts / sizeof overview_charts[0]))

/* The forecast section's own content: the "year reached" table and the
 * trajectories with their target lines (report_forecast.c). */
static vs_status forecast_extra(vsi_rep *r)
{
    return vsi_report_forecast(vsi_rep_ctx(r), vsi_rep_store(r), vsi_rep_run_id(r),
                               vsi_rep_targets(r), vsi_rep_report(r));
}

/* The validation section: the region's published figures beside the model's
 * (report_validation.c), present when the run stored them. */
static int validation_present(vsi_rep *r)
{
    return vsi_report_validation_present(vsi_rep_ctx(r), vsi_rep_store(r), vsi_rep_run_id(r));
}

static vs_status validation_extra(vsi_rep *r)
{
    return vsi_report_validation(vsi_rep_ctx(r), vsi_rep_store(r), vsi_rep_run_id(r),
                                 vsi_rep_report(r));
}

/* The sections after the overview.  A chart or metric goes to the section
 * with the longest matching prefix; "other" (no prefixes) takes the rest. */
static const vsi_rep_section sections[] = {
    {"fixed-gp", "Fixed GP and listing", "Fast läkarkontakt och listning",
     "gp_ listing_ fixed_gp flow_gp_fte flow_care_centres flow_continuity "
     "flow_clinical_hours", NULL, NULL},
    {"money", "Money: needs-based primary-care budget", "Pengar: behovsbaserad primärvårdsbudget",
     "allocation_ primary_care_share pvn_ gp_extra_cost budget_", NULL, NULL},
    {"beds", "Beds, occupancy and emergency care", "Vårdplatser, beläggning och akutvård",
     "bed beds_ hospital_beds hospitals expected_admissions expected_bed_days "
     "expected_ed_visits flow_occupancy flow_overflow flow_boarding flow_ed_ flow_asih "
     "flow_bed_ flow_fifo_bed flow_need_bed flow_elective flow_extra_care",
     NULL, NULL},
    {"queues", "Queues and equity", "Köer och jämlikhet",
     "flow_ flow_pc_ flow_wait flow_within flow_inversions flow_fifo_pc flow_need_pc "
     "expected_doctor_visits",
     NULL, NULL},
    {"forecast", "Forecast", "Prognos", "forecast_ trajectory_ year_reached", NULL,
     forecast_extra},
    {"population", "Population and care need", "Befolkning och vårdbehov",
     "population areas municipalities age_bands density share65 share_ municipality_ "
     "land_area cni need_",
     NULL, NULL},
    {"validation", "How today's model compares with published figures",
     "Hur dagens modell stämmer med publicerade siffror", "validation_", validation_present,
     validation_extra},
    {"other", "Other results", "Övriga resultat", "", NULL, NULL},
};
#define N_SECTIONS ((int)(sizeof sections / sizeof sections[0]))
#define OTHER (N_SECTIONS - 1)

/* What the report is drawn from, and its first error. */
struct rep_state {
    vs_ctx *ctx;
    vs_store *st;
    int64_t run_id;
    const vs_run_report_options *o;
    vs_report *rep;
    vs_report_geo *geo;       /* NULL: no maps */
    vs_report_geo *borders;   /* municipality borders and names, or NULL */
    vs_store_run run;
    char *run_strings;
    vs_metric_list *ml;
    vs_score_list *sl;
    vs_chart_list *cl;
    vs_param_list *pl, *nl;
    int *years, n_years;      /* the years the run has results for */
    char **names;             /* texts kept until the report is written */
    int n_names;
    int *chart_sec, *metric_sec; /* section per chart (-1: overview) and metric */
    double *base;             /* baseline value per scorecard row (NaN: none) */
    int *base_met;
    const char *base_label;   /* the baseline run's scenario name */
    vs_status s;
};

vs_ctx *vsi_rep_ctx(vsi_rep *r) { return r->ctx; }
vs_store *vsi_rep_store(vsi_rep *r) { return r->st; }
int64_t vsi_rep_run_id(vsi_rep *r) { return r->run_id; }
vs_report *vsi_rep_report(vsi_rep *r) { return r->rep; }
int vsi_rep_swedish(vsi_rep *r) { return vs_report_is_swedish(r->rep); }
const vs_run_targets *vsi_rep_targets(vsi_rep *r) { return r->o->targets; }

static const char *tr(vsi_rep *r, const char *en, const char *sv)
{
    return r->rep && vs_report_is_swedish(r->rep) ? sv : en;
}

static void oom(vsi_rep *r)
{
    if (!r->s)
        r->s = vs_ctx_fail(r->ctx, VS_ENOMEM, "out of memory");
}

/* Keep t (made with malloc) until the report is written; t or "". */
static const char *keep(vsi_rep *r, char *t)
{
    char **p = t ? realloc(r->names, ((size_t)r->n_names + 1) * sizeof *p) : NULL;
    if (!p) {
        free(t);
        oom(r);
        return "";
    }
    r->names = p;
    r->names[r->n_names++] = t;
    return t;
}

/* text and year as fmt makes them ("%s (%d)" for labels, "%s-%d" for HTML
 * ids); text itself for a run with one year. */
static const char *year_fmt(vsi_rep *r, const char *fmt, const char *text, int year)
{
    if (r->n_years <= 1 || r->s)
        return text;
    return keep(r, vsi_strdup_printf(fmt, text, year));
}

static const char *with_year(vsi_rep *r, const char *text, int year)
{
    return year_fmt(r, "%s (%d)", text, year);
}

/* Length of the longest space-separated prefix in list that id starts
 * with; 0 when none. */
static size_t prefix_match(const char *list, const char *id)
{
    size_t best = 0;
    for (const char *p = list; p && *p;) {
        size_t n = strcspn(p, " ");
        if (n > best && strncmp(p, id, n) == 0)
            best = n;
        p += n;
        p += *p == ' ';
    }
    return best;
}

static int section_of(const char *id)
{
    int best = OTHER;
    size_t len = 0;
    for (int k = 0; k < OTHER; k++) {
        size_t n = prefix_match(sections[k].prefixes, id);
        if (n > len) {
            len = n;
            best = k;
        }
    }
    return best;
}

static int in_overview(const char *chart_id)
{
    for (int i = 0; i < N_OVERVIEW; i++)
        if (strcmp(overview_charts[i], chart_id) == 0)
            return 1;
    return 0;
}

/* Every chart and metric to its section. */
static void assign_sections(vsi_rep *r)
{
    r->chart_sec = malloc(((size_t)r->cl->n + 1) * sizeof *r->chart_sec);
    r->metric_sec = malloc(((size_t)r->ml->n + 1) * sizeof *r->metric_sec);
    if (!r->chart_sec || !r->metric_sec) {
        oom(r);
        return;
    }
    for (int i = 0; i < r->cl->n; i++)
        r->chart_sec[i] = in_overview(r->cl->items[i].chart_id)
                              ? -1
                              : section_of(r->cl->items[i].chart_id);
    for (int i = 0; i < r->ml->n; i++)
        r->metric_sec[i] = section_of(r->ml->items[i].name);
}

/* The baseline's scorecard values, matched by target and year (or target
 * alone). */
static void read_baseline(vsi_rep *r, const char *dir)
{
    char *db = vsi_strdup_printf("%s/results.sqlite", dir);
    vs_store *bst = NULL;
    int64_t *ids = NULL;
    int n_ids = 0;
    vs_score_list *bl = NULL;
    if (!db)
        oom(r);
    else if (!(r->s = vs_store_open(r->ctx, db, 0, &bst))
             && !(r->s = vs_store_run_ids(r->ctx, bst, &ids, &n_ids)) && n_ids > 0) {
        vs_store_run brun;
        char *bstrings = NULL;
        if (!(r->s = vs_store_read_run(r->ctx, bst, ids[0], &brun, &bstrings)))
            r->base_label = keep(r, vsi_strdup_printf("%s", brun.scenario));
        free(bstrings);
        if (!r->s)
            r->s = vs_store_read_scorecard(r->ctx, bst, ids[0], &bl);
    }
    r->base = malloc(((size_t)r->sl->n + 1) * sizeof *r->base);
    r->base_met = malloc(((size_t)r->sl->n + 1) * sizeof *r->base_met);
    if (!r->base || !r->base_met)
        oom(r);
    for (int i = 0; !r->s && i < r->sl->n; i++) {
        const vs_score_row *x = &r->sl->items[i];
        r->base[i] = NAN;
        r->base_met[i] = -1;
        for (int k = 0; bl && k < bl->n; k++) {
            const vs_score_row *b = &bl->items[k];
            if (strcmp(b->target_id, x->target_id) == 0
                && (b->year == x->year || isnan(r->base[i]))) {
                r->base[i] = b->value;
                r->base_met[i] = b->met;
            }
        }
    }
    vs_score_list_free(bl);
    free(ids);
    vs_store_close(bst);
    free(db);
}

/* Read everything but the series and unit values from the store. */
static void rep_read(vsi_rep *r)
{
    vs_ctx *ctx = r->ctx;
    if ((r->s = vs_store_read_run(ctx, r->st, r->run_id, &r->run, &r->run_strings))
        || (r->s = vs_store_read_metrics(ctx, r->st, r->run_id, &r->ml))
        || (r->s = vs_store_read_scorecard(ctx, r->st, r->run_id, &r->sl))
        || (r->s = vs_store_read_charts(ctx, r->st, r->run_id, &r->cl))
        || (r->s = vs_store_read_parameters(ctx, r->st, r->run_id, &r->pl))
        || (r->s = vs_store_read_notes(ctx, r->st, r->run_id, &r->nl))
        || (r->s = vs_store_read_years(ctx, r->st, r->run_id, &r->years, &r->n_years)))
        return;
    int has_map = 0;
    for (int i = 0; i < r->cl->n; i++)
        has_map |= strcmp(r->cl->items[i].kind, "map") == 0;
    const char *gj = r->o->geojson_path, *bj = r->o->borders_path;
    if (has_map && gj && access(gj, R_OK) == 0)
        r->s = vs_report_geo_load(ctx, gj, &r->geo);
    if (!r->s && r->geo && bj && access(bj, R_OK) == 0)
        r->s = vs_report_geo_load(ctx, bj, &r->borders);
    if (!r->s && r->o->baseline_dir)
        read_baseline(r, r->o->baseline_dir);
    if (!r->s)
        assign_sections(r);
}

/* The last component of a path ("policy.yaml", "stockholm"): reports carry
 * no absolute paths. */
static const char *base_name(const char *p)
{
    const char *s = p ? strrchr(p, '/') : NULL;
    if (s && s[1] == '\0') /* "dir/": the component before the slash */
        return p;
    return s ? s + 1 : p ? p : "";
}

/* A table of n rows of `cols` strings (cells row by row). */
static void rep_table(vsi_rep *r, const char *id, int cols, const char *const *hdr, int n,
                      const char **cells)
{
    if (!r->s)
        r->s = vs_report_add_table(r->ctx, r->rep, id, cols, hdr, n, cells);
}

static void rep_paragraph(vsi_rep *r, const char *text)
{
    if (!r->s)
        r->s = vs_report_add_paragraph(r->ctx, r->rep, text);
}

static void rep_details(vsi_rep *r, const char *summary, int open)
{
    if (!r->s)
        r->s = open >= 0 ? vs_report_begin_details(r->ctx, r->rep, summary, open)
                         : vs_report_end_details(r->ctx, r->rep);
}

/* The run's header, collapsed: what ran, with which seed, when. */
static void rep_run_meta(vsi_rep *r)
{
    const vs_store_run *run = &r->run;
    char seed[32], reps[16], thr[16], id[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)run->seed);
    snprintf(reps, sizeof reps, "%d", run->replications);
    snprintf(thr, sizeof thr, "%d", run->threads);
    snprintf(id, sizeof id, "%lld", (long long)r->run_id);
    const char *hdr[] = {tr(r, "field", "fält"), tr(r, "value", "värde")};
    const char *cells[] = {"scenario", run->scenario, "scenario file",
                           base_name(run->scenario_file), "scenario hash (FNV-1a 64)",
                           run->scenario_hash, "region", run->region, "region directory",
                           base_name(run->region_dir), "seed", seed, "replications", reps,
                           "threads", thr, "vardsim version", run->version,
                           "created at (UTC)", run->created_at, "run_id", id};
    rep_details(r, tr(r, "The run", "Körningen"), 0);
    rep_table(r, "run-meta", 2, hdr, 11, cells);
    rep_paragraph(r, tr(r, "Every number in this report is read back from results.sqlite in "
                           "the same directory; the CSV files and results.xlsx beside it are "
                           "exports of the same tables.",
                        "Varje tal i rapporten är läst ur results.sqlite i samma katalog; "
                        "CSV-filerna och results.xlsx bredvid är exporter av samma tabeller."));
    rep_details(r, NULL, -1);
}

/* A two- or three-column table of a parameter or note list. */
static void rep_pairs(vsi_rep *r, const char *id, const vs_param_list *l, int cols,
                      const char *const *hdr)
{
    const char **cells = malloc(((size_t)l->n * (size_t)cols + 1) * sizeof *cells);
    if (!cells) {
        oom(r);
        return;
    }
    for (int i = 0; i < l->n; i++) {
        const char *v[3] = {l->items[i].key, l->items[i].value, l->items[i].source};
        for (int c = 0; c < cols; c++)
            cells[(size_t)cols * (size_t)i + (size_t)c] = v[c];
    }
    rep_table(r, id, cols, hdr, l->n, cells);
    free(cells);
}

/* A bar chart of `year` from its series, or a map of `year` from its area
 * values; nothing when the year has no data for it.  With several years the
 * id and title carry the year. */
static void rep_chart(vsi_rep *r, const vs_chart_def *chart, int year)
{
    vs_chart_def cd = *chart;
    const vs_chart_def *c = &cd;
    cd.chart_id = year_fmt(r, "%s-%d", chart->chart_id, year);
    cd.title = with_year(r, chart->title, year);
    if (strcmp(c->kind, "bar") == 0) {
        vs_series_table *t = NULL;
        if (!r->s)
            r->s = vs_store_read_series(r->ctx, r->st, r->run_id, year, chart->chart_id, &t);
        if (!r->s && t->n_series > 0) {
            vs_report_bars b = {c->chart_id, c->title,  c->x_label, c->unit,   c->note,
                                t->n_series, t->n_cat,  t->series,  t->labels, t->value,
                                t->ci_low,   t->ci_high};
            r->s = vs_report_add_bar_chart(r->ctx, r->rep, &b);
        }
        vs_series_table_free(t);
        return;
    }
    if (!r->geo || r->s)
        return;
    vs_unit_values *uv = NULL;
    if ((r->s = vs_store_read_unit_values(r->ctx, r->st, VS_STORE_AREA, r->run_id, year,
                                          c->metric, &uv)))
        return;
    const char **ids = malloc(((size_t)uv->n + 1) * sizeof *ids);
    double *vals = malloc(((size_t)uv->n + 1) * sizeof *vals);
    if (!ids || !vals)
        oom(r);
    for (int k = 0; !r->s && k < uv->n; k++) {
        ids[k] = uv->items[k].id;
        vals[k] = uv->items[k].value;
    }
    if (!r->s && uv->n > 0) {
        vs_report_map m = {c->chart_id, c->title, c->unit, c->note, uv->n, ids, vals};
        r->s = vs_report_add_map(r->ctx, r->rep, r->geo, &m);
    }
    free(ids);
    free(vals);
    vs_unit_values_free(uv);
}

/* The charts of section sec (-1: the overview), every year. */
static void rep_charts(vsi_rep *r, int sec)
{
    for (int y = 0; y < r->n_years; y++)
        for (int i = 0; !r->s && i < r->cl->n; i++)
            if (r->chart_sec[i] == sec)
                rep_chart(r, &r->cl->items[i], r->years[y]);
}

/* The overview charts in the order of overview_charts. */
static void rep_overview_charts(vsi_rep *r)
{
    for (int k = 0; k < N_OVERVIEW; k++)
        for (int y = 0; y < r->n_years; y++)
            for (int i = 0; !r->s && i < r->cl->n; i++)
                if (strcmp(r->cl->items[i].chart_id, overview_charts[k]) == 0)
                    rep_chart(r, &r->cl->items[i], r->years[y]);
}

/* The key figures of section sec, collapsed, as one metrics table. */
static void rep_key_figures(vsi_rep *r, int sec)
{
    int n = 0;
    vs_metric *m = malloc(((size_t)r->ml->n + 1) * sizeof *m);
    if (!m) {
        oom(r);
        return;
    }
    for (int i = 0; i < r->ml->n; i++)
        if (r->metric_sec[i] == sec) {
            m[n] = r->ml->items[i];
            m[n].name = with_year(r, m[n].name, m[n].year);
            n++;
        }
    if (n > 0 && !r->s) {
        const char *fmt = tr(r, "Key figures (%d)", "Nyckeltal (%d)");
        const char *summary = keep(r, vsi_strdup_printf(fmt, n));
        const char *id = keep(r, vsi_strdup_printf("metrics-%s", sections[sec].id));
        rep_details(r, summary, 0);
        if (!r->s)
            r->s = vs_report_add_metrics(r->ctx, r->rep, id, m, n);
        rep_details(r, NULL, -1);
    }
    free(m);
}

static int section_present(vsi_rep *r, int sec)
{
    if (sections[sec].present && sections[sec].present(r))
        return 1;
    for (int i = 0; r->chart_sec && i < r->cl->n; i++)
        if (r->chart_sec[i] == sec)
            return 1;
    for (int i = 0; r->metric_sec && i < r->ml->n; i++)
        if (r->metric_sec[i] == sec)
            return 1;
    return 0;
}

static void rep_section(vsi_rep *r, int sec)
{
    if (r->s || !section_present(r, sec))
        return;
    const vsi_rep_section *d = &sections[sec];
    r->s = vs_report_begin_section(r->ctx, r->rep, d->id, tr(r, d->title, d->title_sv));
    rep_charts(r, sec);
    if (!r->s && d->extra)
        r->s = d->extra(r);
    rep_key_figures(r, sec);
    if (!r->s)
        r->s = vs_report_end_section(r->ctx, r->rep);
}

/* The document's targets (targets.csv) this run did not compute. */
static void rep_pending(vsi_rep *r)
{
    vsi_buf pending = VSI_BUF_INIT;
    for (int k = 0; k < vsi_targets_count(r->o->targets); k++) {
        const vsi_target_def *t = vsi_targets_at(r->o->targets, k);
        int found = 0;
        for (int i = 0; i < r->sl->n; i++)
            found |= strcmp(r->sl->items[i].target_id, t->id) == 0;
        if (!found)
            vsi_buf_printf(&pending, "%s%s", vsi_buf_len(&pending) ? "; " : "", t->label);
    }
    if (vsi_buf_failed(&pending))
        oom(r);
    else if (vsi_buf_len(&pending))
        rep_paragraph(r, keep(r, vsi_strdup_printf(
                                     "%s %s.",
                                     tr(r, "Not yet computed by this version, so not shown (no "
                                           "value is assumed):",
                                        "Ännu inte beräknat av denna version, därför inte "
                                        "visat (inget värde antas):"),
                                     vsi_buf_str(&pending))));
    vsi_buf_free(&pending);
}

/* The answer in one line: how many targets the scenario meets. */
static void rep_lead(vsi_rep *r)
{
    int met = 0, base_met = 0;
    for (int i = 0; i < r->sl->n; i++) {
        met += r->sl->items[i].met == 1;
        base_met += r->base && r->base_met[i] == 1;
    }
    vsi_buf b = VSI_BUF_INIT;
    vsi_buf_printf(&b, tr(r, "Scenario %s for %s meets %d of its %d targets",
                          "Scenariot %s för %s uppfyller %d av sina %d mål"),
                   r->run.scenario, r->run.region, met, r->sl->n);
    if (r->base)
        vsi_buf_printf(&b, tr(r, " (the baseline run meets %d).", " (jämförelsekörningen %d)."),
                       base_met);
    else
        vsi_buf_printf(&b, ".");
    if (vsi_buf_failed(&b))
        oom(r);
    else if (!r->s)
        r->s = vs_report_add_paragraph(r->ctx, r->rep, vsi_buf_str(&b));
    vsi_buf_free(&b);
}

static void rep_overview(vsi_rep *r)
{
    if (r->s)
        return;
    r->s = vs_report_begin_section(r->ctx, r->rep, "overview", tr(r, "Overview", "Översikt"));
    rep_lead(r);
    for (int i = 0; r->n_years > 1 && i < r->sl->n; i++)
        r->sl->items[i].label = with_year(r, r->sl->items[i].label, r->sl->items[i].year);
    vs_report_scorecard sc = {r->sl->items, r->sl->n, r->base, r->base_met,
                              r->o->baseline_label ? r->o->baseline_label : r->base_label,
                              r->run.scenario};
    if (!r->s)
        r->s = vs_report_add_scorecard_ex(r->ctx, r->rep, &sc);
    rep_pending(r);
    rep_overview_charts(r);
    if (!r->s)
        r->s = vs_report_end_section(r->ctx, r->rep);
}

/* About the run: its header, notes and parameters, collapsed. */
static void rep_about(vsi_rep *r)
{
    if (r->s)
        return;
    r->s = vs_report_begin_section(r->ctx, r->rep, "about", tr(r, "About this run", "Om körningen"));
    rep_run_meta(r);
    if (r->nl->n > 0) {
        const char *const hdr[] = {tr(r, "topic", "ämne"), tr(r, "note", "anmärkning")};
        rep_details(r, tr(r, "Notes on this run", "Anmärkningar"), 1);
        rep_pairs(r, "notes", r->nl, 2, hdr);
        rep_details(r, NULL, -1);
    }
    const char *const phdr[] = {"parameter", tr(r, "value", "värde"), tr(r, "source", "källa")};
    rep_details(r, tr(r, "Scenario parameters", "Scenariots parametrar"), 0);
    rep_pairs(r, "parameters", r->pl, 3, phdr);
    rep_details(r, NULL, -1);
    if (!r->s)
        r->s = vs_report_end_section(r->ctx, r->rep);
}

/* The contents: the overview, the sections present, about, references. */
static void rep_toc(vsi_rep *r)
{
    const char *ids[N_SECTIONS + 3], *titles[N_SECTIONS + 3];
    int n = 0;
    ids[n] = "overview";
    titles[n++] = tr(r, "Overview", "Översikt");
    for (int k = 0; k < N_SECTIONS; k++)
        if (section_present(r, k)) {
            ids[n] = sections[k].id;
            titles[n++] = tr(r, sections[k].title, sections[k].title_sv);
        }
    ids[n] = "about";
    titles[n++] = tr(r, "About this run", "Om körningen");
    ids[n] = "references";
    titles[n++] = tr(r, "References", "Källor");
    if (!r->s)
        r->s = vs_report_add_toc(r->ctx, r->rep, n, ids, titles);
}

static void rep_start(vsi_rep *r)
{
    if (r->s)
        return;
    char *title = vsi_strdup_printf("vardsim: %s, %s", r->run.scenario, r->run.region);
    if (!title) {
        oom(r);
        return;
    }
    r->s = vs_report_create(r->ctx, title, &r->rep);
    free(title);
    if (!r->s && r->o->lang)
        r->s = vs_report_set_lang(r->ctx, r->rep, r->o->lang);
    if (!r->s)
        vs_report_set_borders(r->rep, r->borders);
}

static void rep_free(vsi_rep *r)
{
    vs_report_destroy(r->rep);
    vs_report_geo_destroy(r->geo);
    vs_report_geo_destroy(r->borders);
    vs_param_list_free(r->pl);
    vs_param_list_free(r->nl);
    vs_chart_list_free(r->cl);
    vs_score_list_free(r->sl);
    vs_metric_list_free(r->ml);
    free(r->run_strings);
    free(r->years);
    free(r->chart_sec);
    free(r->metric_sec);
    free(r->base);
    free(r->base_met);
    for (int i = 0; i < r->n_names; i++)
        free(r->names[i]);
    free(r->names);
}

vs_status vs_run_write_report_ex(vs_ctx *ctx, vs_store *st, int64_t run_id,
                                 const vs_run_report_options *o, const char *path)
{
    vsi_rep r = {0};
    r.ctx = ctx;
    r.st = st;
    r.run_id = run_id;
    r.o = o;
    rep_read(&r);
    rep_start(&r);
    rep_toc(&r);
    rep_overview(&r);
    for (int k = 0; k < N_SECTIONS; k++)
        rep_section(&r, k);
    rep_about(&r);
    if (!r.s)
        r.s = vs_report_begin_section(ctx, r.rep, "references", tr(&r, "References", "Källor"));
    if (!r.s)
        r.s = vs_report_add_references(ctx, r.rep, "reference-list");
    if (!r.s)
        r.s = vs_report_end_section(ctx, r.rep);
    if (!r.s)
        r.s = vs_report_write(ctx, r.rep, path);
    rep_free(&r);
    return r.s;
}

vs_status vs_run_write_report(vs_ctx *ctx, vs_store *st, int64_t run_id,
                              const vs_run_targets *targets, const char *geojson_path,
                              const char *path)
{
    vs_run_report_options o = {targets, geojson_path, NULL, NULL, NULL, NULL};
    return vs_run_write_report_ex(ctx, st, run_id, &o, path);
}
