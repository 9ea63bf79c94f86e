/*
 * forecast.c: the forecast driver (vardsim/forecast.h): the base-year
 * precomputation (need factors, bed loads), one run per draw of the
 * scenario's ranges, the Monte Carlo over runs and the targets.
 */
#include "forecast/forecast_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "run/stage.h"
#include "vardsim/erlang.h"
#include "vardsim/rng.h"
#include "vardsim/sim.h"
#include "vardsim/units.h"

static const struct {
    const char *name, *unit;
} metric_info[VS_FC_METRICS] = {
    {"population", "residents"},
    {"gp_fte_supply", "GP FTE"},
    {"gp_fte_needed", "GP FTE"},
    {"listed_per_gp", "residents per GP FTE"},
    {"fixed_gp_coverage", "share"},
    {"beds_needed", "beds"},
    {"beds_staffed", "beds"},
    {"primary_care_share", "share"},
    {"agency_share", "share"},
    {"agency_cost_sek", "SEK per year"},
    {"gp_cost_sek", "SEK per year"},
    {"occupancy", "share"},
    {"agency_vs_reference", "share of the reference year"},
    {"doctor_visits", "visits per year"},
    {"bed_days", "bed-days per year"},
    {"agency_capacity_lost_fte", "FTE"},
};

const char *vs_forecast_metric_name(int m)
{
    return m >= 0 && m < VS_FC_METRICS ? metric_info[m].name : NULL;
}

const char *vs_forecast_metric_unit(int m)
{
    return m >= 0 && m < VS_FC_METRICS ? metric_info[m].unit : NULL;
}

void vs_forecast_options_init(vs_forecast_options *opt)
{
    *opt = (vs_forecast_options){0, 1, 1, 1};
}

/* ---- models ------------------------------------------------------------------ */

void vs_forecast_models_destroy(vs_forecast_models *m)
{
    if (!m)
        return;
    vs_need_params_destroy(m->np);
    vs_need_reference_destroy(m->ref);
    vsi_targets_destroy(m->targets);
    free(m->data_dir);
    free(m->param_dir);
    free(m);
}

vs_status vs_forecast_models_load(vs_ctx *ctx, const char *data_dir, vs_forecast_models **out)
{
    *out = NULL;
    vs_forecast_models *m = calloc(1, sizeof *m);
    if (!m)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    m->data_dir = vsi_strdup_printf("%s", data_dir);
    m->param_dir = vsi_strdup_printf("%s/parameters", data_dir);
    char *ref = vsi_strdup_printf("%s/national/deso_2022.csv", data_dir);
    char *wf = vsi_strdup_printf("%s/gp_workforce.csv", m->param_dir ? m->param_dir : "");
    char *tg = vsi_strdup_printf("%s/targets.csv", m->param_dir ? m->param_dir : "");
    vs_status s = VS_OK;
    if (!m->data_dir || !m->param_dir || !ref || !wf || !tg)
        s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (!s)
        s = vs_need_params_load(ctx, m->param_dir, &m->np);
    if (!s)
        s = vs_need_reference_load(ctx, ref, &m->ref);
    if (!s)
        s = vs_beds_params_load(ctx, m->param_dir, &m->bp);
    if (!s)
        s = vs_listing_costs_load(ctx, wf, &m->costs);
    if (!s)
        s = vs_pop_params_load(ctx, m->param_dir, &m->pop);
    if (!s)
        s = vsi_targets_load(ctx, tg, &m->targets);
    free(ref);
    free(wf);
    free(tg);
    if (s) {
        vs_forecast_models_destroy(m);
        return s;
    }
    *out = m;
    return VS_OK;
}

/* ---- base-year precomputation ------------------------------------------------- */

enum { V_POP = 0, V_DOC, V_BED, V_N };

/* What every run shares. */
typedef struct fc_base {
    const vs_forecast_models *m;
    const vs_region *rg;
    const vs_scenario *sc;
    vs_workforce_params *wf;        /* the workforce module's parameters for the region */
    vsi_fc_missing missing;         /* paths without figures (NaN), and why */
    int base_year, n_years;
    double vec[V_N][VS_AGE_BANDS];  /* base population, need-weighted populations */
    double rate[V_N][VS_AGE_BANDS]; /* 1, doctor-visit and bed-day rates */
    const vs_pop_projection *user;  /* the user's projection, or NULL */
    double *user_v;                 /* [y * V_N + v] figures of the user's projection */
    int n_h;
    double *load_h;                 /* base offered load per hospital (ASIH shift applied) */
    double bed_days0;               /* base-year bed-days of the need model */
    double beds_open;               /* today's open beds after closures */
    vs_beds_params bp;              /* the bed plan's parameters with the scenario's */
    int n_ranges;
    double *u;                      /* [run * n_ranges + i] uniform draws */
    int runs;
} fc_base;

/* Need-weighted base vectors: Q_s,b = sum_a f_sa P_ab (CNI held). */
static void base_vectors(fc_base *b, const vs_need_result *nr)
{
    static const int service[V_N] = {-1, VS_SERVICE_DOCTOR, VS_SERVICE_BED_DAYS};
    const vs_need_params *np = b->m->np;
    for (int v = 0; v < V_N; v++)
        for (int k = 0; k < VS_AGE_BANDS; k++) {
            double r = v == V_POP ? 1.0 : np->rate[service[v]][k];
            b->rate[v][k] = isfinite(r) ? r : 0.0;
        }
    for (int a = 0; a < b->rg->n_areas; a++)
        for (int v = 0; v < V_N; v++) {
            double f = v == V_POP ? 1.0 : nr->areas[a].need_factor[service[v]];
            if (!isfinite(f))
                f = 1.0;
            for (int k = 0; k < VS_AGE_BANDS; k++)
                b->vec[v][k] += f * (double)b->rg->areas[a].pop[k];
        }
}

/* The three figures of an area-level projection in year index y. */
static void area_figures(const fc_base *b, const vs_need_result *nr, const vs_pop_projection *p,
                         int y, double *out)
{
    static const int service[V_N] = {-1, VS_SERVICE_DOCTOR, VS_SERVICE_BED_DAYS};
    for (int v = 0; v < V_N; v++) {
        double sum = 0;
        for (int a = 0; a < p->n_areas; a++) {
            const double *c = p->pop + ((size_t)y * p->n_areas + a) * VS_AGE_BANDS;
            double f = v == V_POP ? 1.0 : nr->areas[a].need_factor[service[v]];
            double s = 0;
            for (int k = 0; k < VS_AGE_BANDS; k++)
                s += b->rate[v][k] * c[k];
            sum += (isfinite(f) ? f : 1.0) * s;
        }
        out[v] = sum;
    }
}

/* The bed plan of the base year with the scenario's bed policies: offered
 * load per hospital after the ASIH shift and today's open beds. */
static vs_status base_beds(vs_ctx *ctx, fc_base *b)
{
    vs_beds_params p = b->m->bp;
    const vs_scenario *sc = b->sc;
    p.occupancy_target = sc->beds.occupancy_target;
    p.closure_share = sc->beds.closed_bed_share;
    p.asih_shift = vs_beds_asih_shift(sc->beds.asih_share, p.asih_share_before);
    b->bp = p;
    b->n_h = b->rg->n_hospitals;
    b->load_h = calloc((size_t)b->n_h + 1, sizeof *b->load_h);
    if (!b->load_h)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (b->n_h == 0)
        return VS_OK;
    vs_beds_demand *d = NULL;
    vs_bed_plan *plan = NULL;
    vs_status s = vs_beds_params_check(ctx, &p);
    if (!s)
        s = vs_beds_demand_derive(ctx, b->rg, &p, &d);
    if (!s)
        s = vs_beds_plan(ctx, b->rg, d, &p, &plan);
    for (int h = 0; !s && h < b->n_h; h++)
        b->load_h[h] = plan->hospitals[h].offered_load_asih;
    if (!s)
        b->beds_open = (double)plan->total.beds_after_closure;
    vs_beds_plan_destroy(plan);
    vs_beds_demand_destroy(d);
    return s;
}

static void base_free(fc_base *b)
{
    vs_workforce_params_destroy(b->wf);
    free(b->user_v);
    free(b->load_h);
    free(b->u);
}

/* Need factors, the base vectors, the user's projection figures, the bed
 * loads. */
static vs_status base_make(vs_ctx *ctx, fc_base *b, const vs_pop_projection *user)
{
    vs_need_options no;
    vs_need_options_init(&no);
    no.reference = b->m->ref;
    vs_need_result *nr = NULL;
    vs_status s = vs_need_compute(ctx, b->rg, b->m->np, &no, &nr);
    if (!s) {
        base_vectors(b, nr);
        b->bed_days0 = 0;
        for (int k = 0; k < VS_AGE_BANDS; k++)
            b->bed_days0 += b->rate[V_BED][k] * b->vec[V_BED][k];
    }
    if (!s && user) {
        b->user = user;
        b->user_v = malloc((size_t)b->n_years * V_N * sizeof *b->user_v);
        if (!b->user_v)
            s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        for (int y = 0; !s && y < b->n_years; y++)
            area_figures(b, nr, user, y, b->user_v + (size_t)y * V_N);
    }
    vs_need_result_destroy(nr);
    if (!s)
        s = vs_workforce_params_load(ctx, b->m->param_dir, b->rg->dir, &b->wf);
    if (!s)
        s = vsi_fc_supply_check(ctx, b->wf, b->sc, b->base_year, b->n_years, &b->missing);
    return s ? s : base_beds(ctx, b);
}

/* ---- one run ------------------------------------------------------------------ */

/* Population, doctor visits and bed-days of every year for scale k. */
static void run_figures(const fc_base *b, const vs_pop_scale *k, double *fig)
{
    if (b->user) {
        memcpy(fig, b->user_v, (size_t)b->n_years * V_N * sizeof *fig);
        return;
    }
    double v[V_N][VS_AGE_BANDS], w[VS_AGE_BANDS];
    memcpy(v, b->vec, sizeof v);
    for (int y = 0; y < b->n_years; y++) {
        for (int i = 0; i < V_N; i++) {
            if (y > 0) {
                vs_pop_step(&b->m->pop, k, v[i], w);
                memcpy(v[i], w, sizeof w);
            }
            double s = 0;
            for (int j = 0; j < VS_AGE_BANDS; j++)
                s += b->rate[i][j] * v[i][j];
            fig[(size_t)y * V_N + i] = s;
        }
    }
}

/* Beds needed at `ratio` times the base load: per hospital the bed plan's
 * rule (occupancy and overflow targets, vs_beds_ward_need), summed. */
static vs_status beds_needed(vs_ctx *ctx, const fc_base *b, double ratio, double *beds,
                             double *load)
{
    *beds = 0;
    *load = 0;
    for (int h = 0; h < b->n_h; h++) {
        double a = b->load_h[h] * ratio;
        int64_t c = 0;
        vs_status s = vs_beds_ward_need(ctx, a, &b->bp, &c);
        if (s)
            return s;
        *beds += (double)c;
        *load += a;
    }
    return VS_OK;
}

/* The metrics of year index y from its figures and supply. */
static vs_status year_metrics(vs_ctx *ctx, const fc_base *b, const double *fig,
                              const vsi_fc_supply *sp, double *out)
{
    double pop = fig[V_POP];
    double needed = pop / b->m->costs.guideline_per_fte;
    out[VS_FC_POPULATION] = pop;
    out[VS_FC_GP_FTE_SUPPLY] = sp->gp_fte;
    out[VS_FC_GP_FTE_NEEDED] = needed;
    out[VS_FC_LISTED_PER_GP] = sp->gp_fte > 0 ? pop / sp->gp_fte : NAN; /* no GP: undefined */
    out[VS_FC_FIXED_GP_COVERAGE] = isnan(sp->gp_fte) ? NAN
                                   : needed > 0 ? fmin(1.0, sp->gp_fte / needed) : 1.0;
    double ratio = b->bed_days0 > 0 ? fig[V_BED] / b->bed_days0 : 1.0, beds, load;
    vs_status s = beds_needed(ctx, b, ratio, &beds, &load);
    double staffed = b->sc->beds.staff_to_plan ? beds : b->beds_open;
    out[VS_FC_BEDS_NEEDED] = beds;
    out[VS_FC_BEDS_STAFFED] = staffed;
    out[VS_FC_OCCUPANCY] = staffed > 0 ? load / staffed : NAN;
    out[VS_FC_PRIMARY_CARE_SHARE] = sp->primary_care_share;
    out[VS_FC_AGENCY_SHARE] = sp->agency_share;
    out[VS_FC_AGENCY_COST_SEK] = sp->agency_cost_sek;
    out[VS_FC_AGENCY_VS_REFERENCE] = sp->agency_vs_reference;
    double cost = isfinite(sp->cost_per_gp_fte) ? sp->cost_per_gp_fte
                                                : b->m->costs.annual_cost_per_fte;
    out[VS_FC_GP_COST_SEK] = needed * cost;
    out[VS_FC_DOCTOR_VISITS] = fig[V_DOC];
    out[VS_FC_BED_DAYS] = fig[V_BED];
    out[VS_FC_AGENCY_CAPACITY_LOST_FTE] = sp->agency_capacity_lost_fte;
    return s;
}

/* One run: the scenario with ranges at u (NULL: midpoints) into
 * out[y * VS_FC_METRICS + metric]. */
static vs_status run_one(vs_ctx *ctx, const fc_base *b, const double *u, double *out)
{
    vs_scenario *d = malloc(sizeof *d);
    double *fig = malloc((size_t)b->n_years * V_N * sizeof *fig);
    vsi_fc_supply *sp = calloc((size_t)b->n_years, sizeof *sp);
    vs_status s = VS_OK;
    if (!d || !fig || !sp)
        s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (!s)
        s = vs_scenario_draw(ctx, b->sc, u, d);
    if (!s) {
        vs_pop_scale k;
        vsi_fc_pop_scale(d, &k);
        run_figures(b, &k, fig);
        s = vsi_fc_supply_years(ctx, b->wf, b->sc, u, b->base_year, b->n_years, &b->missing,
                                sp);
    }
    for (int y = 0; !s && y < b->n_years; y++)
        s = year_metrics(ctx, b, fig + (size_t)y * V_N, &sp[y], out + (size_t)y * VS_FC_METRICS);
    free(d);
    free(fig);
    free(sp);
    return s;
}

static vs_status replicate_fn(vs_ctx *ctx, int rep, void *result, void *user)
{
    const fc_base *b = user;
    return run_one(ctx, b, b->n_ranges ? b->u + (size_t)rep * (size_t)b->n_ranges : NULL,
                   result);
}

/* u for every run: run r draws from the stream (seed, r) of vardsim/rng.h. */
static vs_status draw_all(vs_ctx *ctx, fc_base *b, uint64_t seed)
{
    b->u = calloc((size_t)b->runs * (size_t)(b->n_ranges > 0 ? b->n_ranges : 1), sizeof *b->u);
    if (!b->u)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    vs_rng *cur = NULL, *r = NULL;
    vs_status s = vs_rng_create(ctx, seed, 0, 0, &cur);
    for (int run = 0; !s && run < b->runs; run++) {
        if ((s = vs_rng_clone(ctx, cur, &r)))
            break;
        for (int i = 0; i < b->n_ranges; i++)
            b->u[(size_t)run * (size_t)b->n_ranges + (size_t)i] = vs_rng_uniform(r);
        vs_rng_destroy(r);
        r = NULL;
        vs_rng_long_jump(cur);
    }
    vs_rng_destroy(cur);
    return s;
}

/* ---- intervals and targets --------------------------------------------------- */

double vs_forecast_quantile(const double *sorted, int n, double q)
{
    if (n <= 0)
        return NAN;
    double h = (n - 1) * q;
    int lo = (int)floor(h);
    if (lo >= n - 1)
        return sorted[n - 1];
    return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* 95 % intervals of every metric and year over the runs (NaN values last). */
static vs_status intervals(vs_ctx *ctx, const fc_base *b, const double *all,
                           vs_forecast_result *res)
{
    double *col = malloc((size_t)b->runs * sizeof *col);
    if (!col)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    size_t stride = (size_t)b->n_years * VS_FC_METRICS;
    for (int y = 0; y < b->n_years; y++)
        for (int k = 0; k < VS_FC_METRICS; k++) {
            int n = 0;
            for (int r = 0; r < b->runs; r++) {
                double v = all[(size_t)r * stride + (size_t)y * VS_FC_METRICS + (size_t)k];
                if (!isnan(v))
                    col[n++] = v;
            }
            qsort(col, (size_t)n, sizeof *col, cmp_double);
            res->years[y].ci_low[k] = vs_forecast_quantile(col, n, 0.025);
            res->years[y].ci_high[k] = vs_forecast_quantile(col, n, 0.975);
        }
    free(col);
    return VS_OK;
}

/* The targets the forecast judges, and the metric each is judged on. */
static const struct {
    const char *id;
    int metric;
} target_metric[] = {
    {"listed_per_gp", VS_FC_LISTED_PER_GP},
    {"fixed_gp_coverage", VS_FC_FIXED_GP_COVERAGE},
    {"primary_care_share_2030", VS_FC_PRIMARY_CARE_SHARE},
    {"occupancy", VS_FC_OCCUPANCY},
    {"agency_staff_2027", VS_FC_AGENCY_VS_REFERENCE},
};

static int meets(const char *op, double v, double target)
{
    if (isnan(v))
        return 0;
    if (strcmp(op, "<") == 0)
        return v < target;
    if (strcmp(op, "<=") == 0)
        return v <= target;
    if (strcmp(op, ">") == 0)
        return v > target;
    if (strcmp(op, ">=") == 0)
        return v >= target;
    return v == target;
}

/* The year a target id ends with ("primary_care_share_2030"), or 0. */
static int id_deadline(const char *id)
{
    size_t n = strlen(id);
    if (n < 6 || id[n - 5] != '_')
        return 0;
    int y = 0;
    for (size_t i = n - 4; i < n; i++) {
        if (id[i] < '0' || id[i] > '9')
            return 0;
        y = 10 * y + (id[i] - '0');
    }
    return y;
}

/* First year (index) a run's metric meets the target; -1 if none. */
static int first_met(const fc_base *b, const double *run, const vs_forecast_target *t)
{
    for (int y = 0; y < b->n_years; y++)
        if (meets(t->comparator, run[(size_t)y * VS_FC_METRICS + (size_t)t->metric], t->value))
            return y;
    return -1;
}

static vs_status judge_targets(vs_ctx *ctx, const fc_base *b, const double *central,
                               const double *all, vs_forecast_result *res)
{
    size_t nt = sizeof target_metric / sizeof target_metric[0];
    res->targets = calloc(nt, sizeof *res->targets);
    if (!res->targets)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    size_t stride = (size_t)b->n_years * VS_FC_METRICS;
    for (size_t i = 0; i < nt; i++) {
        const vsi_target_def *d = vsi_targets_find(b->m->targets, target_metric[i].id);
        if (!d)
            continue;
        vs_forecast_target *t = &res->targets[res->n_targets++];
        snprintf(t->id, sizeof t->id, "%s", d->id);
        snprintf(t->label, sizeof t->label, "%s", d->label);
        snprintf(t->comparator, sizeof t->comparator, "%s", d->comparator);
        t->value = d->value;
        t->metric = target_metric[i].metric;
        int y = first_met(b, central, t);
        t->year_met = y < 0 ? 0 : b->base_year + y;
        t->deadline = id_deadline(t->id);
        int last = t->deadline - b->base_year, met = 0, by_deadline = 0;
        for (int r = 0; r < b->runs; r++) {
            int f = first_met(b, all + (size_t)r * stride, t);
            met += f >= 0;
            by_deadline += f >= 0 && f <= last;
        }
        t->probability_met = (double)met / b->runs;
        t->probability_met_by_deadline = t->deadline && last >= 0 && last < b->n_years
                                             ? (double)by_deadline / b->runs
                                             : NAN;
    }
    return VS_OK;
}

/* ---- the forecast ------------------------------------------------------------- */

void vs_forecast_result_destroy(vs_forecast_result *r)
{
    if (!r)
        return;
    free(r->years);
    free(r->targets);
    vs_pop_projection_destroy(r->population);
    free(r);
}

/* The horizon of the options, checked. */
static vs_status horizon(vs_ctx *ctx, const vs_region *rg, const vs_scenario *sc,
                         const vs_forecast_options *o, int *to)
{
    *to = o->to_year ? o->to_year
                     : sc->horizon_year > rg->base_year ? sc->horizon_year
                                                         : VS_FORECAST_DEFAULT_TO;
    if (*to < rg->base_year || *to > rg->base_year + VS_FORECAST_MAX_YEARS)
        return vs_ctx_fail(ctx, VS_EUSAGE, "forecast: the horizon %d must be between the base "
                                           "year %d and %d",
                           *to, rg->base_year, rg->base_year + VS_FORECAST_MAX_YEARS);
    if (o->runs < 1 || o->runs > VS_FORECAST_MAX_RUNS || o->threads < 1)
        return vs_ctx_fail(ctx, VS_EUSAGE, "forecast: runs must be 1..%d and threads >= 1",
                           VS_FORECAST_MAX_RUNS);
    return VS_OK;
}

/* The central projection by area: the user's file, or the rates at the
 * central scale factors. */
static vs_status central_population(vs_ctx *ctx, const vs_forecast_models *m,
                                    const vs_region *rg, const vs_scenario *sc, int to,
                                    vs_pop_projection **out)
{
    const char *path = vsi_fc_projection_path(sc);
    if (path && *path)
        return vs_pop_projection_load(ctx, path, rg, to, out);
    vs_pop_scale k;
    vsi_fc_pop_scale(sc, &k);
    return vs_pop_project(ctx, rg, &m->pop, &k, to, out);
}

/* Central run, Monte Carlo runs, intervals and targets into res. */
static vs_status forecast_compute(vs_ctx *ctx, fc_base *b, const vs_forecast_options *o,
                                  vs_forecast_result *res)
{
    size_t stride = (size_t)b->n_years * VS_FC_METRICS;
    double *central = malloc(stride * sizeof *central);
    double *all = b->runs > 1 ? malloc((size_t)b->runs * stride * sizeof *all) : NULL;
    vs_status s = !central || (b->runs > 1 && !all) ? vs_ctx_fail(ctx, VS_ENOMEM, "out of memory")
                                                    : VS_OK;
    if (!s)
        s = run_one(ctx, b, NULL, central);
    if (!s && b->runs > 1 && !(s = draw_all(ctx, b, o->seed))) {
        vs_units_phase ph = {.name = "forecast",
                             .n = b->runs,
                             .threads = o->threads,
                             .fn = replicate_fn,
                             .user = b,
                             .results = all,
                             .size = stride * sizeof *all};
        s = vs_units_run(ctx, &ph);
    }
    for (int y = 0; !s && y < b->n_years; y++) {
        res->years[y].year = b->base_year + y;
        for (int k = 0; k < VS_FC_METRICS; k++) {
            res->years[y].value[k] = central[(size_t)y * VS_FC_METRICS + (size_t)k];
            res->years[y].ci_low[k] = res->years[y].ci_high[k] = NAN;
        }
    }
    if (!s && all)
        s = intervals(ctx, b, all, res);
    if (!s)
        s = judge_targets(ctx, b, central, all ? all : central, res);
    free(central);
    free(all);
    return s;
}

vs_status vs_forecast_run(vs_ctx *ctx, const vs_forecast_models *m, const vs_region *region,
                          const vs_scenario *sc, const vs_forecast_options *opt,
                          vs_forecast_result **out)
{
    *out = NULL;
    int to;
    if (!m || !region || !sc || !opt)
        return vs_ctx_fail(ctx, VS_EUSAGE, "forecast: models, region, scenario and options "
                                           "are required");
    vs_status s = horizon(ctx, region, sc, opt, &to);
    if (s)
        return s;
    vs_forecast_result *res = calloc(1, sizeof *res);
    fc_base b = {.m = m, .rg = region, .sc = sc, .base_year = region->base_year};
    b.n_years = to - region->base_year + 1;
    b.runs = opt->runs;
    b.n_ranges = vs_scenario_range_count(sc);
    if (!res || !(res->years = calloc((size_t)b.n_years, sizeof *res->years)))
        s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (!s)
        s = central_population(ctx, m, region, sc, to, &res->population);
    if (!s)
        s = base_make(ctx, &b, res->population->user_supplied ? res->population : NULL);
    if (!s)
        s = forecast_compute(ctx, &b, opt, res);
    base_free(&b);
    if (s) {
        vs_forecast_result_destroy(res);
        return s;
    }
    res->base_year = region->base_year;
    res->to_year = to;
    res->runs = opt->runs;
    res->n_years = b.n_years;
    res->n_ranges = b.n_ranges;
    snprintf(res->missing, sizeof res->missing, "%s", b.missing.why);
    *out = res;
    return VS_OK;
}
