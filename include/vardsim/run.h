/*
 * vardsim/run.h: the model stages of "vardsim run".
 *
 * vs_run_execute (vardsim/scenario.h) runs a list of plug-in stages after its
 * built-in "region" and "targets" stages.  This header provides the stages
 * that turn a scenario into model results, in this order:
 *
 *   need        CNI per area (national reference), expected demand per area,
 *               CNI deciles (vardsim/need.h)
 *   allocation  the husläkaruppdrag budget split by vs_need_allocate with the
 *               scenario's CNI share and CNI support; primary-care share of
 *               the health budget (vs_need_pc_share)
 *   listing     GP FTE at the scenario's GP supply, listed per GP and fixed-GP
 *               coverage (listing engine totals, vardsim/listing.h)
 *   beds        the bed plan with the scenario's occupancy target, closed-bed
 *               share and ASIH share (vardsim/beds.h)
 *   notes       what the scenario sets that no model uses yet
 *
 * Each stage writes metrics, per-unit results, chart definitions, series,
 * scorecard rows and notes into the store; the report shows them (see
 * docs/report.md for the mapping of scenario fields to module parameters).
 * The stages share one vs_run_models object (passed as the stage's user
 * pointer), which holds the parameters read at creation and the results of
 * earlier stages of the current run.  One object serves one run at a time.
 */
#ifndef VARDSIM_RUN_H
#define VARDSIM_RUN_H

#include "vardsim/core.h"
#include "vardsim/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Stage selection (bit mask). */
enum {
    VS_RUN_STAGE_NEED = 1u << 0,
    VS_RUN_STAGE_ALLOCATION = 1u << 1, /* needs NEED */
    VS_RUN_STAGE_BEDS = 1u << 2,
    VS_RUN_STAGE_LISTING = 1u << 3,
    VS_RUN_STAGE_ALL = 0xFFFFu
};

typedef struct vs_run_models_options {
    const char *data_dir; /* the project's data directory: parameters/ (CSV files) and
                             national/deso_2022.csv (the CNI reference); required */
    unsigned stages;      /* VS_RUN_STAGE_* mask; 0 = all */
} vs_run_models_options;

typedef struct vs_run_models vs_run_models;

/* Read every parameter file the selected stages need (errors come before
 * anything is written: VS_EIO, VS_EINPUT with FILE:LINE messages,
 * VS_EUSAGE for a missing data_dir). */
VS_API vs_status vs_run_models_create(vs_ctx *ctx, const vs_run_models_options *opt,
                                      vs_run_models **out);
VS_API void vs_run_models_destroy(vs_run_models *m);

/* Fill stages[0..*n-1] with the selected stages in pipeline order (their
 * user pointer is m).  cap must be at least 8.  Errors: VS_EUSAGE. */
VS_API vs_status vs_run_models_stages(vs_ctx *ctx, vs_run_models *m, vs_run_stage *stages,
                                      int cap, int *n);

#ifdef __cplusplus
}
#endif
#endif
