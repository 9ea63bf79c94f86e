/*
 * sweep.c: "vardsim sweep" (vardsim/sweep.h): the --vary specs, the design
 * (grid or Latin hypercube), the points as one phase of work units, and the
 * cheapest point.  The output directory is written by sweep_out.c.
 *
 * Order: load the scenario and region once, apply the options, build the
 * design, set every point's values on a copy of the scenario (a bad value
 * fails here, before anything is computed), find the distinct network
 * designs in point order and design each once, then run the phase.  A unit
 * (point) runs on a worker context: it copies the parent's parameter
 * overrides, creates its own models object (one object serves one run at a
 * time), runs the stages into an in-memory store and reads its record back.
 */
#include "sweep/sweep_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ptable.h"
#include "core/strbuf.h"
#include "vardsim/listing.h"
#include "vardsim/rng.h"
#include "vardsim/store.h"
#include "vardsim/units.h"

/* ---- the --vary specs -------------------------------------------------------------- */

/* One number of a spec; 0 when s is not entirely a finite decimal number. */
static int parse_num(const char *s, size_t n, double *out)
{
    char buf[64];
    if (n == 0 || n >= sizeof buf)
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (*end || errno || !isfinite(v) || strpbrk(buf, "xXnN"))
        return 0;
    *out = v;
    return 1;
}

vs_status vs_sweep_parse_vary(vs_ctx *ctx, const char *spec, int step_optional,
                              vs_sweep_vary *out)
{
    memset(out, 0, sizeof *out);
    const char *eq = spec ? strchr(spec, '=') : NULL;
    if (!eq || eq == spec || (size_t)(eq - spec) >= sizeof out->key)
        return vs_ctx_fail(ctx, VS_EUSAGE, "--vary %s: expected KEY=FROM:TO:STEP", spec ? spec : "");
    memcpy(out->key, spec, (size_t)(eq - spec));
    if (vs_scenario_number_field(ctx, out->key, &out->info)) {
        vsi_buf why = VSI_BUF_INIT;
        vsi_buf_puts(&why, vs_ctx_message(ctx));
        vs_status s = vs_ctx_fail(ctx, VS_EUSAGE, "--vary %s: %s", spec, vsi_buf_str(&why));
        vsi_buf_free(&why);
        return s;
    }
    const char *p = eq + 1, *c1 = strchr(p, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    out->step = NAN;
    if (!c1 || !parse_num(p, (size_t)(c1 - p), &out->from)
        || !parse_num(c1 + 1, c2 ? (size_t)(c2 - c1 - 1) : strlen(c1 + 1), &out->to)
        || (c2 && !parse_num(c2 + 1, strlen(c2 + 1), &out->step)) || (!c2 && !step_optional))
        return vs_ctx_fail(ctx, VS_EUSAGE, "--vary %s: expected KEY=FROM:TO:STEP with decimal "
                                           "numbers%s",
                           spec, step_optional ? " (STEP may be left out with --samples)" : "");
    const vs_scenario_number_info *f = &out->info;
    if (out->from > out->to)
        return vs_ctx_fail(ctx, VS_EUSAGE, "--vary %s: FROM %g is greater than TO %g", spec,
                           out->from, out->to);
    if (c2 && !(out->step > 0))
        return vs_ctx_fail(ctx, VS_EUSAGE, "--vary %s: STEP must be greater than 0", spec);
    if (out->from < f->min || out->to > f->max)
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "--vary %s: %s takes values in [%g, %g] (docs/scenario.md)", spec,
                           out->key, f->min, f->max);
    if (f->is_integer && (out->from != floor(out->from) || out->to != floor(out->to)
                          || (c2 && out->step != floor(out->step))))
        return vs_ctx_fail(ctx, VS_EUSAGE, "--vary %s: %s is an integer field: FROM, TO and "
                                           "STEP must be whole numbers",
                           spec, out->key);
    return VS_OK;
}

/* ---- the design ------------------------------------------------------------------- */

/* x to 12 significant digits: 0.1 + 2 x 0.1 is stored as 0.3. */
static double round12(double x)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.12g", x);
    return strtod(buf, NULL);
}

/* Values of a grid axis: from, from + step, ... <= to. */
static long axis_count(const vs_sweep_vary *v)
{
    double n = floor((v->to - v->from) / v->step + 1e-9) + 1;
    return n > VS_SWEEP_MAX_POINTS + 1 ? VS_SWEEP_MAX_POINTS + 1 : (long)n;
}

static vs_status design_grid(vs_ctx *ctx, const vs_sweep_vary *vary, int nk, int *np,
                             double **values)
{
    long n = 1, len[VS_SWEEP_MAX_KEYS];
    for (int k = 0; k < nk; k++) {
        if (isnan(vary[k].step))
            return vs_ctx_fail(ctx, VS_EUSAGE, "--vary %s: a grid needs STEP (or give --samples)",
                               vary[k].key);
        len[k] = axis_count(&vary[k]);
        n *= len[k];
        if (n > VS_SWEEP_MAX_POINTS)
            return vs_ctx_fail(ctx, VS_EUSAGE,
                               "--vary: the grid has more than %d points (at most %d per sweep; "
                               "use larger steps or --samples)",
                               VS_SWEEP_MAX_POINTS, VS_SWEEP_MAX_POINTS);
    }
    double *v = malloc((size_t)n * (size_t)nk * sizeof *v);
    if (!v)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    for (long i = 0; i < n; i++) {
        long rest = i;
        for (int k = nk - 1; k >= 0; k--) { /* the last key varies fastest */
            long j = rest % len[k];
            rest /= len[k];
            double x = round12(vary[k].from + (double)j * vary[k].step);
            v[i * nk + k] = x > vary[k].to ? vary[k].to : x;
        }
    }
    *np = (int)n;
    *values = v;
    return VS_OK;
}

/* A Latin hypercube: one value per stratum and key, strata shuffled. */
static vs_status design_lhs(vs_ctx *ctx, const vs_sweep_vary *vary, int nk, int n,
                            uint64_t seed, double *v)
{
    int *perm = malloc((size_t)n * sizeof *perm);
    if (!perm)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    vs_status s = VS_OK;
    for (int k = 0; k < nk && !s; k++) {
        vs_rng *rng = NULL;
        if ((s = vs_rng_create(ctx, seed, 0, (uint64_t)k, &rng)))
            break;
        for (int i = 0; i < n; i++)
            perm[i] = i;
        for (int i = n - 1; i > 0; i--) { /* Fisher-Yates */
            int j = (int)(vs_rng_uniform(rng) * (i + 1));
            j = j > i ? i : j;
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        const vs_sweep_vary *a = &vary[k];
        for (int i = 0; i < n; i++) {
            double x = a->from + (a->to - a->from) * (perm[i] + vs_rng_uniform(rng)) / n;
            if (!isnan(a->step))
                x = a->from + round((x - a->from) / a->step) * a->step;
            if (a->info.is_integer)
                x = round(x);
            x = round12(x);
            v[(size_t)i * nk + k] = x > a->to ? a->to : x < a->from ? a->from : x;
        }
        vs_rng_destroy(rng);
    }
    free(perm);
    return s;
}

vs_status vs_sweep_design(vs_ctx *ctx, const vs_sweep_vary *vary, int n_vary, int samples,
                          uint64_t seed, int *n_points, double **values)
{
    *n_points = 0;
    *values = NULL;
    if (n_vary < 1 || n_vary > VS_SWEEP_MAX_KEYS)
        return vs_ctx_fail(ctx, VS_EUSAGE, "--vary: give 1 to %d keys", VS_SWEEP_MAX_KEYS);
    for (int k = 0; k < n_vary; k++)
        for (int j = 0; j < k; j++)
            if (strcmp(vary[k].key, vary[j].key) == 0)
                return vs_ctx_fail(ctx, VS_EUSAGE, "--vary: %s is given twice", vary[k].key);
    if (samples < 0 || samples > VS_SWEEP_MAX_POINTS)
        return vs_ctx_fail(ctx, VS_EUSAGE, "--samples: %d is not in 1..%d", samples,
                           VS_SWEEP_MAX_POINTS);
    if (!samples)
        return design_grid(ctx, vary, n_vary, n_points, values);
    double *v = malloc((size_t)samples * (size_t)n_vary * sizeof *v);
    if (!v)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    vs_status s = design_lhs(ctx, vary, n_vary, samples, seed, v);
    if (s) {
        free(v);
        return s;
    }
    *n_points = samples;
    *values = v;
    return VS_OK;
}

/* ---- metrics ---------------------------------------------------------------------- */

static const struct {
    const char *name, *unit;
} metric_defs[VS_SWEEP_METRICS] = {
    {"flow_occupancy", "share"},
    {"flow_overflow_patient_days", "patient-days"},
    {"flow_pc_wait_days_all", "days"},
    {"flow_pc_within_guarantee", "share"},
    {"flow_ed_boarding_hours", "hours"},
    {"flow_elective_wait_days", "days"},
    {"beds_occupancy_open", "share"},
    {"beds_overflow_open", "share"},
    {"beds_needed", "beds"},
    {"gp_fte_needed", "GP FTE"},
    {"listing_listed_per_gp_max", "persons per GP FTE"},
    {"open_beds", "beds"},
    {"gp_fte", "GP FTE"},
    {"cost_gp_sek", "SEK per year"},
    {"cost_beds_sek", "SEK per year"},
};

const char *vs_sweep_metric_name(int i)
{
    return i >= 0 && i < VS_SWEEP_METRICS ? metric_defs[i].name : NULL;
}

const char *vs_sweep_metric_unit(int i)
{
    return i >= 0 && i < VS_SWEEP_METRICS ? metric_defs[i].unit : NULL;
}

/* ---- one point -------------------------------------------------------------------- */

/* Set point u's values on sc (a copy of the base scenario). */
vs_status vsi_sweep_apply(vs_ctx *ctx, const vsi_sweep_job *J, int u, vs_scenario *sc)
{
    *sc = *J->base; /* the text is shared, read only */
    for (int k = 0; k < J->n_vary; k++) {
        double x = J->values[(size_t)u * J->n_vary + k];
        if (vs_scenario_set_number(ctx, sc, J->vary[k].key, x)) {
            vsi_buf why = VSI_BUF_INIT;
            vsi_buf_puts(&why, vs_ctx_message(ctx));
            vs_status s = vs_ctx_fail(ctx, VS_EINPUT, "--vary %s: point %d (value %.12g): %s",
                                      J->vary[k].key, u, x, vsi_buf_str(&why));
            vsi_buf_free(&why);
            return s;
        }
    }
    sc->simulation.threads = J->point_threads;
    return VS_OK;
}

/* The base year's rows of the store into rec. */
static vs_status read_record(vs_ctx *ctx, const vsi_sweep_job *J, vs_store *st, int64_t id,
                             int year, vs_sweep_record *rec)
{
    vs_metric_list *ml = NULL;
    vs_score_list *sl = NULL;
    vs_unit_values *beds = NULL;
    vs_status s = vs_store_read_metrics(ctx, st, id, &ml);
    if (!s)
        s = vs_store_read_scorecard(ctx, st, id, &sl);
    if (!s)
        s = vs_store_read_unit_values(ctx, st, VS_STORE_HOSPITAL, id, year, "flow_beds_open",
                                      &beds);
    if (s)
        goto done;
    double flow_gp = NAN, open_after = NAN;
    for (int i = 0; i < VS_SWEEP_METRICS; i++)
        rec->metrics[i] = NAN;
    for (int j = 0; j < ml->n; j++) { /* the first row of the base year by name */
        const vs_metric *m = &ml->items[j];
        if (m->year != year)
            continue;
        for (int i = 0; i <= VS_SWEEP_M_LISTED_PER_GP_MAX; i++)
            if (isnan(rec->metrics[i]) && strcmp(m->name, metric_defs[i].name) == 0)
                rec->metrics[i] = m->value;
        if (isnan(flow_gp) && strcmp(m->name, "flow_gp_fte") == 0)
            flow_gp = m->value;
        if (isnan(open_after) && strcmp(m->name, "beds_open_after_closure") == 0)
            open_after = m->value;
    }
    double open = beds->n ? 0 : open_after;
    for (int j = 0; j < beds->n; j++)
        open += beds->items[j].value;
    double gp = isnan(rec->metrics[VS_SWEEP_M_GP_FTE_NEEDED]) ? flow_gp
                                                            : rec->metrics[VS_SWEEP_M_GP_FTE_NEEDED];
    rec->metrics[VS_SWEEP_M_OPEN_BEDS] = open;
    rec->metrics[VS_SWEEP_M_GP_FTE] = gp;
    rec->metrics[VS_SWEEP_M_COST_GP_SEK] = gp * J->gp_annual_cost;
    rec->metrics[VS_SWEEP_M_COST_BEDS_SEK] =
        isnan(J->bed_day_cost) ? NAN : open * 365.25 * J->bed_day_cost;
    /* the cost covers what is priced: without a bed-day cost, the GPs only */
    rec->cost_sek = rec->metrics[VS_SWEEP_M_COST_GP_SEK]
                    + (isnan(J->bed_day_cost) ? 0 : rec->metrics[VS_SWEEP_M_COST_BEDS_SEK]);
    for (int j = 0; j < sl->n; j++) {
        const vs_score_row *r = &sl->items[j];
        if (r->year != year)
            continue;
        if (rec->n_scores == VS_SWEEP_MAX_SCORES) {
            rec->truncated = 1;
            break;
        }
        vs_sweep_score *o = &rec->scores[rec->n_scores++];
        snprintf(o->id, sizeof o->id, "%s", r->target_id);
        snprintf(o->op, sizeof o->op, "%s", r->op ? r->op : "");
        o->value = r->value;
        o->target = r->target_value;
        o->met = vs_store_target_met(r->value, r->op, r->target_value) == 1;
        rec->targets_met += o->met;
    }
    rec->meets_all = rec->n_scores > 0 && rec->targets_met == rec->n_scores && !rec->truncated;
done:
    vs_metric_list_free(ml);
    vs_score_list_free(sl);
    vs_unit_values_free(beds);
    return s;
}

/* The unit function of the phase: point u into its record. */
static vs_status point_fn(vs_ctx *w, int u, void *result, void *user)
{
    const vsi_sweep_job *J = user;
    vs_sweep_record *rec = result;
    memset(rec, 0, sizeof *rec); /* padding too: the record's bytes are its value */
    vs_scenario *sc = malloc(sizeof *sc);
    vs_run_models *m = NULL;
    vs_store *st = NULL;
    vs_run_stage *stages = calloc((size_t)vs_run_stage_count(), sizeof *stages);
    int n_stages = 0;
    int64_t id = 0;
    vs_status s = !sc || !stages ? vs_ctx_fail(w, VS_ENOMEM, "out of memory")
                                 : vs_ctx_set_param_overrides(w, J->overrides);
    if (!s)
        s = vsi_sweep_apply(w, J, u, sc);
    vs_run_models_options mo = {J->data_dir, J->stages, 0, J->network};
    if (!s)
        s = vs_run_models_create(w, &mo, &m);
    if (!s) {
        vs_run_models_use_network(m, J->nets[J->net_of[u]]);
        s = vs_run_models_stages(w, m, stages, vs_run_stage_count(), &n_stages);
    }
    vs_run_options o;
    memset(&o, 0, sizeof o);
    o.stages = stages;
    o.n_stages = n_stages;
    o.created_at = J->created_at;
    o.path_roots[0] = NULL;
    if (!s)
        s = vs_store_open(w, ":memory:", 1, &st);
    if (!s)
        s = vs_run_into_store(w, &o, sc, J->rg, st, &id);
    if (!s)
        s = read_record(w, J, st, id, sc->base_year, rec);
    vs_store_close(st);
    vs_run_models_destroy(m);
    free(stages);
    free(sc);
    return s;
}

/* ---- the sweep -------------------------------------------------------------------- */

/* The options onto the base scenario: --seed, --replications, --days. */
static vs_status apply_options(vs_ctx *ctx, const vs_sweep_options *o, vs_scenario *sc)
{
    vs_status s = VS_OK;
    if (o->seed_set)
        sc->simulation.seed = o->seed;
    if (o->replications > 0 &&
        (s = vs_scenario_set_number(ctx, sc, "simulation.replications", o->replications)))
        return vs_ctx_fail(ctx, VS_EUSAGE, "--replications %d: must be 1..100000",
                           o->replications);
    if (o->days > 0 && (s = vs_scenario_set_number(ctx, sc, "simulation.days", o->days)))
        return vs_ctx_fail(ctx, VS_EUSAGE, "--days %d: must be 1..3660", o->days);
    return s;
}

/* Costs: GP FTE from gp_workforce.csv, the bed-day from sweep_costs.csv
 * (NaN when its value is NOT FOUND). */
static vs_status load_costs(vs_ctx *ctx, vsi_sweep_job *J)
{
    char *wf = vsi_strdup_printf("%s/parameters/gp_workforce.csv", J->data_dir);
    char *bc = vsi_strdup_printf("%s/parameters/sweep_costs.csv", J->data_dir);
    vs_listing_costs c;
    vsi_ptable *t = NULL;
    vs_status s = !wf || !bc ? vs_ctx_fail(ctx, VS_ENOMEM, "out of memory")
                             : vs_listing_costs_load(ctx, wf, &c);
    if (!s)
        s = vsi_ptable_load(ctx, bc, &t);
    if (!s)
        s = vsi_ptable_get(ctx, t, "bed_day_cost_sek", 0, 1e7, 1, &J->bed_day_cost);
    if (!s)
        J->gp_annual_cost = c.annual_cost_per_fte;
    vsi_ptable_destroy(t);
    free(wf);
    free(bc);
    return s;
}

/* Point scenarios checked, network keys found, each distinct one designed
 * once, in point order. */
static vs_status design_networks(vs_ctx *ctx, vsi_sweep_job *J, vs_run_models *m0)
{
    vs_scenario *sc = malloc(sizeof *sc);
    double(*keys)[VS_RUN_NETWORK_KEY] = malloc((size_t)J->n * sizeof *keys);
    J->net_of = calloc((size_t)J->n, sizeof *J->net_of);
    J->nets = calloc((size_t)J->n, sizeof *J->nets);
    vs_status s = !sc || !keys || !J->net_of || !J->nets
                      ? vs_ctx_fail(ctx, VS_ENOMEM, "out of memory")
                      : VS_OK;
    for (int u = 0; u < J->n && !s; u++) { /* every value first: input errors before work */
        if (!(s = vsi_sweep_apply(ctx, J, u, sc)))
            s = vs_run_network_key(ctx, m0, sc, keys[u]);
    }
    for (int u = 0; u < J->n && !s && !(s = vs_ctx_check_interrupt(ctx)); u++) {
        int k = 0;
        while (k < J->n_nets && memcmp(vs_run_network_key_of(J->nets[k]), keys[u],
                                       sizeof keys[u]) != 0)
            k++;
        if (k == J->n_nets) {
            vs_ctx_progress(ctx, "sweep: network designs", k, k + 1);
            if (!(s = vsi_sweep_apply(ctx, J, u, sc)) &&
                !(s = vs_run_network_design(ctx, m0, sc, J->rg, &J->nets[k])))
                J->n_nets++;
        }
        J->net_of[u] = k;
    }
    free(keys);
    free(sc);
    return s;
}

/* Sweep progress: points done of the phase. */
static void units_progress(int done, int total, void *user)
{
    vs_ctx_progress(user, "sweep: points", done, total);
}

/* The cheapest point meeting every target, else the closest. */
static void pick(vs_sweep_result *r)
{
    r->cheapest = r->closest = -1;
    for (int u = 0; u < r->n_points; u++) {
        const vs_sweep_record *a = &r->records[u];
        if (a->meets_all && !isnan(a->cost_sek) &&
            (r->cheapest < 0 || a->cost_sek < r->records[r->cheapest].cost_sek))
            r->cheapest = u;
    }
    if (r->cheapest >= 0)
        return;
    for (int u = 0; u < r->n_points; u++) {
        const vs_sweep_record *a = &r->records[u];
        const vs_sweep_record *b = r->closest >= 0 ? &r->records[r->closest] : NULL;
        if (!b || a->targets_met > b->targets_met ||
            (a->targets_met == b->targets_met && a->cost_sek < b->cost_sek))
            r->closest = u;
    }
}

/* Scorecard ids over the points in first-appearance order. */
static vs_status collect_ids(vs_ctx *ctx, vs_sweep_result *r)
{
    r->score_ids = calloc(VS_SWEEP_MAX_SCORES * 2, sizeof *r->score_ids);
    if (!r->score_ids)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    for (int u = 0; u < r->n_points; u++)
        for (int j = 0; j < r->records[u].n_scores; j++) {
            const char *id = r->records[u].scores[j].id;
            int k = 0;
            while (k < r->n_score_ids && strcmp(r->score_ids[k], id) != 0)
                k++;
            if (k == r->n_score_ids && k < VS_SWEEP_MAX_SCORES * 2)
                snprintf(r->score_ids[r->n_score_ids++], VS_SWEEP_ID_MAX, "%s", id);
        }
    return VS_OK;
}

void vs_sweep_result_destroy(vs_sweep_result *r)
{
    if (!r)
        return;
    free(r->values);
    free(r->records);
    free(r->score_ids);
    free(r->json);
    free(r);
}

static void job_free(vsi_sweep_job *J)
{
    for (int k = 0; k < J->n_nets; k++)
        vs_run_network_destroy(J->nets[k]);
    free(J->nets);
    free(J->net_of);
    vs_scenario_destroy(J->base);
    vs_region_destroy(J->rg);
}

/* Everything before the phase: inputs, design, costs, networks. */
static vs_status prepare(vs_ctx *ctx, const vs_sweep_options *o, vsi_sweep_job *J,
                         vs_sweep_result *r, vs_run_models **m0)
{
    vs_status s = vs_run_load(ctx, o->scenario_path, o->default_region, &J->base, &J->rg);
    if (!s)
        s = apply_options(ctx, o, J->base);
    if (s)
        return s;
    uint64_t seed = J->base->simulation.seed;
    if ((s = vs_sweep_design(ctx, o->vary, o->n_vary, o->samples, seed, &r->n_points,
                             &r->values)))
        return s;
    snprintf(r->scenario, sizeof r->scenario, "%s", J->base->name);
    r->n_vary = o->n_vary;
    memcpy(r->vary, o->vary, (size_t)o->n_vary * sizeof *o->vary);
    r->samples = o->samples;
    r->replications = J->base->simulation.replications;
    r->days = J->base->simulation.days;
    r->seed = seed;
    J->n = r->n_points;
    J->values = r->values;
    J->vary = r->vary;
    J->n_vary = r->n_vary;
    /* threads left over when there are fewer points than threads go to each
     * point's simulation (results do not depend on either count) */
    J->point_threads = J->n >= o->threads ? 1 : o->threads / J->n;
    if ((s = load_costs(ctx, J)))
        return s;
    r->bed_day_cost_sek = J->bed_day_cost;
    r->gp_annual_cost_sek = J->gp_annual_cost;
    vs_run_models_options mo = {J->data_dir, J->stages, 0, J->network};
    if (!(s = vs_run_models_create(ctx, &mo, m0)))
        s = design_networks(ctx, J, *m0);
    for (int k = 0; k < J->n_nets; k++)
        r->networks_designed += vs_run_network_designed(J->nets[k]);
    return s;
}

vs_status vs_sweep_run(vs_ctx *ctx, const vs_sweep_options *o, vs_sweep_result **out)
{
    *out = NULL;
    if (!o || !o->scenario_path || !o->data_dir || !o->created_at || o->threads < 1)
        return vs_ctx_fail(ctx, VS_EUSAGE, "sweep: scenario, data directory, time and threads "
                                           "required");
    vs_sweep_result *r = calloc(1, sizeof *r);
    if (!r)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    vsi_sweep_job J;
    memset(&J, 0, sizeof J);
    J.data_dir = o->data_dir;
    J.stages = o->stages;
    J.network = o->network;
    J.created_at = o->created_at;
    J.overrides = vs_ctx_param_overrides(ctx);
    vs_run_models *m0 = NULL;
    vs_status s = o->out_dir ? vsi_sweep_check_target(ctx, o) : VS_OK;
    if (!s)
        s = prepare(ctx, o, &J, r, &m0);
    if (!s && !(r->records = calloc((size_t)r->n_points, sizeof *r->records)))
        s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (!s) {
        vs_units_phase ph = {"sweep", 0, r->n_points, o->threads, point_fn, &J, r->records,
                             sizeof *r->records, units_progress, ctx};
        s = vs_units_run(ctx, &ph);
    }
    if (!s) {
        pick(r);
        s = collect_ids(ctx, r);
    }
    if (!s)
        s = vsi_sweep_json(ctx, o, r);
    if (!s && o->out_dir)
        s = vsi_sweep_write(ctx, o, J.base, J.rg, vs_run_models_targets(m0), r);
    vs_run_models_destroy(m0);
    job_free(&J);
    if (s) {
        vs_sweep_result_destroy(r);
        return s;
    }
    *out = r;
    return VS_OK;
}
