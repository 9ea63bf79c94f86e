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
 *   listing     the primary-care network, designed once per run by the listing
 *               engine (vs_listing_design_greenfield at the scenario's GP supply
 *               and the simulation's centre size, vs_flow_network_listing_size):
 *               per centre, per area and region results, listed per GP FTE
 *               over the centres, GP FTE and cost against 2,000 per GP,
 *               fixed-GP coverage (vardsim/listing.h)
 *   beds        the bed plan with the scenario's occupancy target, closed-bed
 *               share and ASIH share (vardsim/beds.h)
 *   flow        the region patient-flow simulation (vardsim/flow.h) with the
 *               scenario's queue discipline, GP supply, listing, working time,
 *               care guarantee, beds and simulation settings, on the listing
 *               stage's network (vs_flow_run_network; with flow_network
 *               FALLBACK or without the listing stage, a network designed once
 *               here); the other two disciplines on the same network with fewer
 *               replications for the per-discipline charts
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
#include "vardsim/flow.h"
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
    VS_RUN_STAGE_FLOW = 1u << 4,       /* the region patient-flow simulation */
    VS_RUN_STAGE_ALL = 0xFFFFu
};

typedef struct vs_run_models_options {
    const char *data_dir; /* the project's data directory: parameters/ (CSV files) and
                             national/deso_2022.csv (the CNI reference); required */
    unsigned stages;      /* VS_RUN_STAGE_* mask; 0 = all */
    int flow_other_disciplines; /* flow stage: 0 (default) = also simulate the two
                                   other disciplines (vs_run_flow_other_replications
                                   each); -1 = only the scenario's discipline */
    int flow_network;     /* flow stage: primary-care network, a vs_flow_network value;
                             0 = VS_NETWORK_AUTO (the listing engine's greenfield design) */
} vs_run_models_options;

/* Replications of each of the two other disciplines in the flow stage for a
 * scenario with `replications`: 2 (the fewest with a 95 % interval), or
 * `replications` when that is smaller. */
VS_API int vs_run_flow_other_replications(int replications);

/* The flow stage's mapping of scenario fields onto the simulation's
 * parameters (table in docs/report.md): discipline, insured_share,
 * residents_per_gp = gp_cap, named_gp_share (1 for listing_rule named_gp,
 * else fixed_gp_share), admin hours, further training share and days, care
 * guarantee limits, bed_closure_share, asih_share (derived from the ASIH share
 * of care places against asih_share_2016, as in the bed plan), replications,
 * seed, threads (0 = all online cores), days.  Everything else (the network
 * included) keeps `defaults` (vs_flow_params_init).  Errors: VS_EINPUT naming the
 * scenario file. */
VS_API vs_status vs_run_flow_params(vs_ctx *ctx, const vs_scenario *sc,
                                    const vs_flow_params *defaults, double asih_share_2016,
                                    vs_flow_params *out);

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

/* ==== comparison of runs ("vardsim compare", src/run/compare.c) ===========
 *
 * Runs side by side: every metric and scorecard row with one value per run
 * and year, and the scenario parameters whose values differ.  A snapshot run
 * has one year, its scenario's base year; runs of different base years put
 * their values in different year columns. */

#define VS_RUN_COMPARE_MAX 16 /* runs in one comparison */

/* One run: the last run in DIR/results.sqlite. */
typedef struct vs_run_compare_run {
    const char *dir;            /* run directory, as given */
    const char *store_path;     /* dir/results.sqlite */
    const char *scenario;       /* scenario name */
    int64_t run_id;
    uint64_t seed;
    const char *created_at;
    const char *scenario_hash;
    int base_year;              /* the scenario's base year (0 when the store lacks it) */
} vs_run_compare_run;

/* A metric (id = name) or a scorecard row (id = target_id) across runs and
 * years.  Cell (run r, year index y) is at r * n_years + y. */
typedef struct vs_run_compare_row {
    const char *id;
    const char *unit;           /* of the first run that has the row */
    const char *label, *op, *source; /* scorecard rows (first run that has the row);
                                        NULL for metrics */
    double target_value;        /* scorecard rows; NaN for metrics */
    double *value;              /* [n_runs x n_years]; NaN where has is 0 */
    unsigned char *has;         /* [n_runs x n_years]: 1 when the run has a value */
    signed char *met;           /* [n_runs x n_years]: scorecard 1 met, 0 not; -1 no value
                                   (always -1 for metrics) */
    int differs;                /* 1 when some year's cells are not equal in every run
                                   (a missing cell differs; NaN equals NaN) */
} vs_run_compare_row;

/* A scenario parameter whose value differs between the runs. */
typedef struct vs_run_compare_param {
    const char *key;
    const char **value;         /* [n_runs]; NULL when the run lacks the key */
} vs_run_compare_param;

typedef struct vs_run_compare {
    int n_runs;
    vs_run_compare_run runs[VS_RUN_COMPARE_MAX];
    int n_years;
    int *years;                 /* [n_years], ascending */
    int n_metrics;
    vs_run_compare_row *metrics; /* union over the runs, first-appearance order */
    int n_scores;
    vs_run_compare_row *scores;
    int n_params;
    vs_run_compare_param *params; /* only keys whose values differ */
    struct vs_run_compare_data *data; /* private: what was read */
} vs_run_compare;

/* Read dirs[0..n-1] (2 <= n <= VS_RUN_COMPARE_MAX) and compare them.  Every
 * store is read whole here (the HTML report's series included) and closed,
 * so that nothing after can fail on a store.  Errors: VS_EUSAGE (n out of
 * range), VS_EINPUT naming DIR/results.sqlite when it is missing, damaged,
 * not a results store or holds no run, VS_ENOMEM. */
VS_API vs_status vs_run_compare_open(vs_ctx *ctx, const char *const *dirs, int n,
                                     vs_run_compare **out);

/* Write the comparison report (grouped charts of scorecard values and share
 * metrics, scorecard and metric tables, the runs' bar charts side by side)
 * to `path`: built whole in memory, written to a new temporary file beside
 * it and renamed onto it, so `path` is either the complete report or left as
 * it was.  Errors: VS_EUSAGE (no such directory), VS_EIO, VS_ENOMEM. */
VS_API vs_status vs_run_compare_write_html(vs_ctx *ctx, const vs_run_compare *cmp,
                                           const char *path);

/* Free a comparison; NULL is allowed. */
VS_API void vs_run_compare_destroy(vs_run_compare *cmp);

#ifdef __cplusplus
}
#endif
#endif
