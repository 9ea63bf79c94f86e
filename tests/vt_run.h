/*
 * vt_run.h: run a scenario through the whole model pipeline (vs_run_models
 * stages + vs_run_execute) into `out`, for the run and report tests.  The
 * creation time is fixed so that reruns are byte-identical.  *n_stages and
 * *res may be NULL.
 */
#ifndef VARDSIM_VT_RUN_H
#define VARDSIM_VT_RUN_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vardsim/run.h"
#include "vardsim/scenario.h"
#include "vardsim/store.h"
#include "vt.h"

/* The value of metric `name` in a list (NaN, and a line on stderr, when missing). */
static inline double vt_metric(const vs_metric_list *ml, const char *name)
{
    for (int i = 0; i < ml->n; i++)
        if (strcmp(ml->items[i].name, name) == 0)
            return ml->items[i].value;
    fprintf(stderr, "metric %s missing\n", name);
    return NAN;
}

/* The scorecard row of target `id`, or NULL. */
static inline const vs_score_row *vt_score(const vs_score_list *sl, const char *id)
{
    for (int i = 0; i < sl->n; i++)
        if (strcmp(sl->items[i].target_id, id) == 0)
            return &sl->items[i];
    return NULL;
}


static void vt_run_pipeline(vs_ctx *ctx, const vs_run_models_options *mo, const char *scenario,
                            const char *out, int *n_stages, vs_run_result *res)
{
    vs_run_models *models = NULL;
    vs_run_stage stages[16];
    int n = 0;
    VT_EQ_INT(vs_run_models_create(ctx, mo, &models), VS_OK);
    VT_EQ_INT(vs_run_models_stages(ctx, models, stages, 16, &n), VS_OK);
    vs_run_options o;
    memset(&o, 0, sizeof o);
    o.scenario_path = scenario;
    o.out_dir = out;
    o.created_at = "2025-01-01T00:00:00Z";
    o.stages = stages;
    o.n_stages = n;
    o.targets = vs_run_models_targets(models);
    vs_run_result r;
    VT_EQ_INT(vs_run_execute(ctx, &o, &r), VS_OK);
    vs_run_models_destroy(models);
    if (n_stages)
        *n_stages = n;
    if (res)
        *res = r;
}

#endif
