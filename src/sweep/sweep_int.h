/*
 * sweep_int.h: internals of "vardsim sweep" shared by sweep.c (the points)
 * and sweep_out.c (the output directory).  Internal to libvardsim.
 */
#ifndef VSI_SWEEP_INT_H
#define VSI_SWEEP_INT_H

#include "vardsim/run.h"
#include "vardsim/sweep.h"

/* What every unit of the phase reads (shared, read only during the phase). */
typedef struct vsi_sweep_job {
    vs_scenario *base;          /* the scenario with the options applied */
    vs_region *rg;
    const char *data_dir, *stages, *created_at;
    const char *overrides;      /* the parent context's parameter overrides */
    int network;                /* vs_flow_network */
    int n, n_vary;              /* points, keys */
    const double *values;       /* n x n_vary */
    const vs_sweep_vary *vary;
    int point_threads;          /* simulation threads inside a point */
    double gp_annual_cost;      /* SEK per GP FTE and year */
    double bed_day_cost;        /* SEK per bed-day; NaN: NOT FOUND */
    vs_run_network **nets;      /* distinct designs, in point order */
    int n_nets;
    int *net_of;                /* point -> index into nets */
} vsi_sweep_job;

/* Point u's values set on a copy of the base scenario (*sc). */
vs_status vsi_sweep_apply(vs_ctx *ctx, const vsi_sweep_job *J, int u, vs_scenario *sc);

/* May the sweep write o->out_dir?  VS_EUSAGE with a message if not. */
vs_status vsi_sweep_check_target(vs_ctx *ctx, const vs_sweep_options *o);

/* r->json: sweep.json's text. */
vs_status vsi_sweep_json(vs_ctx *ctx, const vs_sweep_options *o, vs_sweep_result *r);

/* The output directory: results.sqlite, sweep.json, report.html, atomically. */
vs_status vsi_sweep_write(vs_ctx *ctx, const vs_sweep_options *o, const vs_scenario *sc,
                          const vs_region *rg, const vs_run_targets *targets,
                          vs_sweep_result *r);

#endif
