/*
 * vt_run.h: run a scenario through the whole model pipeline (vs_run_models
 * stages + vs_run_execute) into `out`, for the run and report tests.  The
 * creation time is fixed so that reruns are byte-identical.  *n_stages and
 * *res may be NULL.
 */
#ifndef VARDSIM_VT_RUN_H
#define VARDSIM_VT_RUN_H

#include <string.h>

#include "vardsim/run.h"
#include "vardsim/scenario.h"
#include "vt.h"

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
