/*
 * table.c: the stage table of "vardsim run" and the models object built from
 * it (vardsim/run.h).
 *
 * The table is the pipeline: its order is the run order, its names are what
 * vs_run_models_options.stages selects, its `needs` column pulls in the
 * stages a selected one depends on, and its `loads` column says which
 * parameter files vs_run_models_create reads.  Adding a stage is one file
 * and one row (docs/DEVELOPING.md, "How to add a stage").
 */
#include "run/stage.h"

#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "vardsim/screening.h"
#include "vardsim/maternity.h"
#include "vardsim/stockpile.h"

/* name, needs, loads, always, per_year, function */
const vsi_stage_def vsi_stages[] = {
    {"region", "", 0, 1, 0, vsi_stage_region},
    {"targets", "", VSI_LOAD_TARGETS, 1, 0, vsi_stage_targets},
    {"need", "", VSI_LOAD_NEED, 0, 0, vsi_stage_need},
    {"allocation", "need", VSI_LOAD_NEED | VSI_LOAD_TARGETS, 0, 0, vsi_stage_allocation},
    {"listing", "", VSI_LOAD_WORKFORCE | VSI_LOAD_BEDS | VSI_LOAD_FLOW | VSI_LOAD_TARGETS, 0, 0,
     vsi_stage_listing},
    {"beds", "", VSI_LOAD_BEDS | VSI_LOAD_TARGETS, 0, 0, vsi_stage_beds},
    {"flow", "", VSI_LOAD_BEDS | VSI_LOAD_FLOW | VSI_LOAD_TARGETS, 0, 0, vsi_stage_flow},
    {"validation", "need,beds,flow", 0, 0, 0, vsi_stage_validation},
    {"forecast", "", VSI_LOAD_FORECAST | VSI_LOAD_TARGETS, 0, 1, vsi_stage_forecast},
    {"notes", "", 0, 1, 0, vsi_stage_notes},
    {"screening", "need", VSI_LOAD_NEED | VSI_LOAD_TARGETS | VSI_LOAD_SCREENING, 0, 0,
     vsi_stage_screening},
    {"maternity", "", VSI_LOAD_MATERNITY | VSI_LOAD_TARGETS, 0, 0, vsi_stage_maternity},
    {"stockpile", "need", VSI_LOAD_STOCKPILE | VSI_LOAD_TARGETS, 0, 0, vsi_stage_stockpile},
};
const int vsi_n_stages = (int)(sizeof vsi_stages / sizeof vsi_stages[0]);

/* The public face of a table row: vs_run_stage.user points here. */
struct vsi_slot {
    vs_run_models *m;
    const vsi_stage_def *def;
};

/* ---- parameter loaders, one per VSI_LOAD_* bit ---------------------------- */

static vs_status load_need(vs_ctx *ctx, vs_run_models *m)
{
    vs_status s = vs_need_params_load(ctx, m->param_dir, &m->np);
    return s ? s : vs_need_reference_load(ctx, m->reference_path, &m->ref);
}

static vs_status load_beds(vs_ctx *ctx, vs_run_models *m)
{
    return vs_beds_params_load(ctx, m->param_dir, &m->bp);
}

static vs_status load_workforce(vs_ctx *ctx, vs_run_models *m)
{
    return vs_listing_costs_load(ctx, m->workforce_path, &m->costs);
}

static vs_status load_flow(vs_ctx *ctx, vs_run_models *m)
{
    return vs_flow_params_init(ctx, m->param_dir, &m->fp);
}

static vs_status load_targets(vs_ctx *ctx, vs_run_models *m)
{
    char *path = vsi_strdup_printf("%s/targets.csv", m->param_dir);
    vs_status s = path ? vsi_targets_load(ctx, path, &m->targets)
                       : vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    free(path);
    return s;
}

static vs_status load_screening(vs_ctx *ctx, vs_run_models *m)
{
    return vs_screening_params_load(ctx, m->param_dir, &m->screening);
}

static vs_status load_maternity(vs_ctx *ctx, vs_run_models *m)
{
    return vs_maternity_params_load(ctx, m->param_dir, &m->maternity);
}

static vs_status load_stockpile(vs_ctx *ctx, vs_run_models *m)
{
    return vs_stockpile_params_load(ctx, m->param_dir, &m->stockpile);
}

static vs_status load_forecast(vs_ctx *ctx, vs_run_models *m)
{
    return vs_forecast_models_load(ctx, m->data_dir, &m->fcm);
}

static const struct {
    unsigned bit;
    vs_status (*fn)(vs_ctx *ctx, vs_run_models *m);
} loaders[] = {
    {VSI_LOAD_NEED, load_need},
    {VSI_LOAD_BEDS, load_beds},
    {VSI_LOAD_WORKFORCE, load_workforce},
    {VSI_LOAD_FLOW, load_flow},
    {VSI_LOAD_TARGETS, load_targets},
    {VSI_LOAD_SCREENING, load_screening},
    {VSI_LOAD_MATERNITY, load_maternity},
    {VSI_LOAD_STOCKPILE, load_stockpile},
    {VSI_LOAD_FORECAST, load_forecast},
};

/* ---- selection ---------------------------------------------------------------- */

static int stage_index(const char *name, size_t len)
{
    for (int i = 0; i < vsi_n_stages; i++)
        if (strlen(vsi_stages[i].name) == len && strncmp(vsi_stages[i].name, name, len) == 0)
            return i;
    return -1;
}

int vsi_selected(const vs_run_models *m, const char *name)
{
    int i = stage_index(name, strlen(name));
    return i >= 0 && (m->selected >> i & 1u);
}

/* Mark the stages of the comma-separated list (NULL or "": every stage);
 * VS_EUSAGE for an unknown name. */
static vs_status select_names(vs_ctx *ctx, const char *list, unsigned *sel)
{
    *sel = 0;
    if (!list || !*list) {
        *sel = (1u << vsi_n_stages) - 1u;
        return VS_OK;
    }
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        int i = stage_index(p, len);
        if (i < 0) {
            vsi_buf known = VSI_BUF_INIT;
            for (int k = 0; k < vsi_n_stages; k++)
                vsi_buf_printf(&known, "%s%s", k ? ", " : "", vsi_stages[k].name);
            vs_status s = vs_ctx_fail(ctx, VS_EUSAGE, "run: unknown stage '%.*s' (stages: %s)",
                                      (int)len, p, vsi_buf_str(&known));
            vsi_buf_free(&known);
            return s;
        }
        *sel |= 1u << i;
        p += len + (p[len] == ',');
    }
    return VS_OK;
}

/* Add the always-run stages and, from the last row to the first, what each
 * selected stage needs (a stage needs only stages above it in the table). */
static vs_status close_needs(vs_ctx *ctx, unsigned *sel)
{
    for (int i = vsi_n_stages - 1; i >= 0; i--) {
        if (vsi_stages[i].always)
            *sel |= 1u << i;
        if (!(*sel >> i & 1u))
            continue;
        for (const char *p = vsi_stages[i].needs; *p;) {
            size_t len = strcspn(p, ",");
            int k = stage_index(p, len);
            if (k < 0 || k >= i)
                return vs_ctx_fail(ctx, VS_EUSAGE, "run: stage %s needs '%.*s', which is not "
                                                   "above it in the stage table",
                                   vsi_stages[i].name, (int)len, p);
            *sel |= 1u << k;
            p += len + (p[len] == ',');
        }
    }
    return VS_OK;
}

/* ---- the models object ------------------------------------------------------------ */

void vs_run_models_destroy(vs_run_models *m)
{
    if (!m)
        return;
    vs_need_result_destroy(m->need);
    vs_beds_plan_destroy(m->plan);
    vs_flow_result_destroy(m->flow);
    vs_listing_site_result_destroy(m->design);
    vs_flow_network_spec_destroy(m->net);
    vs_need_reference_destroy(m->ref);
    vs_need_params_destroy(m->np);
    vsi_targets_destroy(m->targets);
    vs_screening_params_destroy(m->screening);
    vs_maternity_params_destroy(m->maternity);
    vs_stockpile_params_destroy(m->stockpile);
    vs_forecast_result_destroy(m->forecast);
    vs_forecast_models_destroy(m->fcm);
    free(m->slots);
    free(m->data_dir);
    free(m->param_dir);
    free(m->reference_path);
    free(m->workforce_path);
    free(m);
}

/* The paths under data_dir; VS_ENOMEM when out of memory. */
static vs_status make_paths(vs_ctx *ctx, vs_run_models *m, const char *data_dir)
{
    m->data_dir = vsi_strdup_printf("%s", data_dir);
    m->param_dir = vsi_strdup_printf("%s/parameters", data_dir);
    m->reference_path = vsi_strdup_printf("%s/national/deso_2022.csv", data_dir);
    m->workforce_path = vsi_strdup_printf("%s/parameters/gp_workforce.csv", data_dir);
    m->slots = calloc((size_t)vsi_n_stages, sizeof *m->slots);
    if (!m->data_dir || !m->param_dir || !m->reference_path || !m->workforce_path || !m->slots)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    for (int i = 0; i < vsi_n_stages; i++)
        m->slots[i] = (struct vsi_slot){m, &vsi_stages[i]};
    return VS_OK;
}

vs_status vs_run_models_create(vs_ctx *ctx, const vs_run_models_options *opt,
                               vs_run_models **out)
{
    *out = NULL;
    if (!opt || !opt->data_dir || !*opt->data_dir)
        return vs_ctx_fail(ctx, VS_EUSAGE, "run: the data directory is required for the models");
    if (opt->flow_network < VS_NETWORK_AUTO || opt->flow_network > VS_NETWORK_FALLBACK)
        return vs_ctx_fail(ctx, VS_EUSAGE, "run: unknown primary-care network %d",
                           opt->flow_network);
    vs_run_models *m = calloc(1, sizeof *m);
    if (!m)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    m->flow_other = opt->flow_other_disciplines < 0 ? -1 : 0;
    m->flow_network = (vs_flow_network)opt->flow_network;
    vs_status s = make_paths(ctx, m, opt->data_dir);
    if (!s)
        s = select_names(ctx, opt->stages, &m->selected);
    if (!s)
        s = close_needs(ctx, &m->selected);
    unsigned loads = 0;
    for (int i = 0; i < vsi_n_stages; i++)
        if (m->selected >> i & 1u)
            loads |= vsi_stages[i].loads;
    for (size_t k = 0; !s && k < sizeof loaders / sizeof loaders[0]; k++)
        if (loads & loaders[k].bit)
            s = loaders[k].fn(ctx, m);
    if (s) {
        vs_run_models_destroy(m);
        return s;
    }
    *out = m;
    return VS_OK;
}

/* ---- the public stages ----------------------------------------------------------- */

/* vs_run_stage_fn of every table row: one step of the row's stage. */
static vs_status run_slot(vs_ctx *ctx, const vs_scenario *sc, const vs_region *rg,
                          vs_store *st, int64_t run_id, int year, void *user)
{
    const struct vsi_slot *slot = user;
    vsi_step x = {ctx, sc, rg, slot->m, st, run_id, year, VS_OK, NULL};
    vs_status s = slot->def->fn(&x);
    vsi_step_end(&x);
    return s ? s : x.status;
}

vs_status vs_run_models_stages(vs_ctx *ctx, vs_run_models *m, vs_run_stage *stages, int cap,
                               int *n)
{
    *n = 0;
    if (!m || !stages || cap < vsi_n_stages)
        return vs_ctx_fail(ctx, VS_EUSAGE, "run: room for at least %d stages is required",
                           vsi_n_stages);
    m->note_pos = 1;
    for (int i = 0; i < vsi_n_stages; i++)
        if (m->selected >> i & 1u)
            stages[(*n)++] = (vs_run_stage){vsi_stages[i].name, run_slot, &m->slots[i],
                                            vsi_stages[i].per_year};
    return VS_OK;
}

const vs_run_targets *vs_run_models_targets(const vs_run_models *m)
{
    return m ? m->targets : NULL;
}

int vs_run_stage_count(void) { return vsi_n_stages; }

const char *vs_run_stage_name(int i)
{
    return i >= 0 && i < vsi_n_stages ? vsi_stages[i].name : NULL;
}
