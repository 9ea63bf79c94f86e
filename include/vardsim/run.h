/*
 * vardsim/run.h: "vardsim run", a scenario into a run directory.
 *
 * vs_run_execute loads the scenario and its region, writes the run into a
 * SQLite results store (vardsim/store.h), runs the stages in order (each
 * stage is a function receiving the scenario, the region, the store and the
 * year it computes), reads the results back from the store to draw
 * report.html (vardsim/report.h), exports CSV tables, and renames the
 * finished directory into place.
 *
 * The stages that turn a scenario into model results come from one stage
 * table inside the library (src/run/table.c), in this order:
 *
 *   region      population, age structure, density and beds of the region
 *   targets     scenario targets that need no model (agency staff)
 *   need        CNI per area (national reference), expected demand per area,
 *               CNI deciles (vardsim/need.h)
 *   allocation  the husläkaruppdrag budget split by vs_need_allocate with the
 *               scenario's CNI share and CNI support; primary-care share of
 *               the health budget (vs_need_pc_share); needs "need"
 *   listing     the primary-care network, designed once per run by the listing
 *               engine (vs_listing_design_greenfield at the scenario's GP supply
 *               and the simulation's centre size, vs_flow_network_listing_size):
 *               per centre, per area and region results, listed per GP FTE
 *               over the centres, GP FTE and cost against 2,000 per GP,
 *               fixed-GP coverage (vardsim/listing.h); a sweep designs it once
 *               per distinct GP supply instead (vs_run_models_use_network)
 *   beds        the bed plan with the scenario's occupancy target, closed-bed
 *               share and ASIH share (vardsim/beds.h)
 *   flow        the region patient-flow simulation (vardsim/flow.h) with the
 *               scenario's queue discipline, GP supply, listing, working time,
 *               care guarantee, beds and simulation settings, on the listing
 *               stage's network (vs_flow_run_network; with flow_network
 *               FALLBACK or without the listing stage, a network designed once
 *               here); the other two disciplines on the same network with fewer
 *               replications for the per-discipline charts
 *   validation  the region's validation table (data/validation/<region>.csv)
 *               beside this run's need, bed-plan and flow results
 *               (vardsim/validate.h, docs/validation.md)
 *   forecast    (per year) population, demand, GP FTE needed and supplied,
 *               beds, primary-care share, agency staff and costs to the
 *               horizon with Monte Carlo intervals, and the year each target
 *               is met (vardsim/forecast.h, docs/forecast.md)
 *   notes       what the scenario sets that no model uses yet
 *   screening   vaccination and screening programmes: eligible, invitations,
 *               participants, cost and coverage by CNI decile, scorecard rows
 *               for programmes with a published target (vardsim/screening.h);
 *               needs "need"
 *   maternity   births, births in progress and the midwives on duty and FTE one
 *               midwife per birth needs (vardsim/maternity.h)
 *   stockpile   protective stock: use per day, days of supply against 90 days
 *               (vardsim/stockpile.h); needs "need"
 *
 * region, targets and notes are part of every run; the others are selected
 * by name (vs_run_models_options.stages), with the stages they need.  Every
 * stage of the table is a snapshot: it runs once, for the scenario's base
 * year.  A stage marked per_year runs once for every year from base_year to
 * horizon_year, and what it writes carries that year (docs/store.md).
 *
 * Each stage writes metrics, per-unit results, chart definitions, series,
 * scorecard rows and notes into the store; the report shows them (see
 * docs/report.md for the mapping of scenario fields to module parameters).
 * The stages share one vs_run_models object, which holds the parameters read
 * at creation and the results of earlier stages of the current run.  One
 * object serves one run at a time.
 */
#ifndef VARDSIM_RUN_H
#define VARDSIM_RUN_H

#include <signal.h>

#include "vardsim/core.h"
#include "vardsim/flow.h"
#include "vardsim/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

struct vs_store; /* vardsim/store.h */

/* The documents' targets (data/parameters/targets.csv), read once by
 * vs_run_models_create (vs_run_models_targets) and shared by the scorecard
 * rows of every stage and the report. */
typedef struct vs_run_targets vs_run_targets;

/* One stage of the pipeline: computes its results for `year` and writes them
 * into the open store (inside the run's transaction) under run_id.  Returns
 * VS_OK or a failure with a message on ctx; any failure aborts the whole run. */
typedef vs_status (*vs_run_stage_fn)(vs_ctx *ctx, const vs_scenario *sc, const vs_region *region,
                                     struct vs_store *store, int64_t run_id, int year,
                                     void *user);

typedef struct vs_run_stage {
    const char *name;    /* short identifier, e.g. "need" */
    vs_run_stage_fn fn;
    void *user;          /* passed to fn */
    int per_year;        /* 0: once, with year = the scenario's base year;
                            1: once per year from base_year to horizon_year */
} vs_run_stage;

typedef struct vs_run_options {
    const char *scenario_path;   /* scenario file (required) */
    const char *out_dir;         /* run directory to create (required) */
    const char *default_region;  /* region directory when the scenario names none */
    int force;                   /* 1: replace an existing run directory */
    const char *created_at;      /* ISO 8601 UTC time recorded in runs.created_at
                                    (required; the CLI passes the clock or
                                    SOURCE_DATE_EPOCH) */
    const vs_run_stage *stages;  /* the stages, run in order (may be NULL: a run
                                    with no results but its parameters);
                                    vs_run_models_stages gives the model stages */
    int n_stages;
    volatile sig_atomic_t *cancel; /* when non-NULL and set, the run stops at the
                                      next check between stages, cleans up and
                                      fails (VS_EINTERRUPTED); the context's
                                      interrupt flag (vs_ctx_set_interrupt) also
                                      stops the stages themselves */
    const char *test_pause_after; /* test hook: after this stage ("region",
                                     "report", "export", ...) print a line to
                                     stderr and wait up to 60 s (cancellable) */
    const vs_run_targets *targets; /* the documents' targets: the report lists those
                                      the scorecard does not hold (NULL: no list;
                                      vs_run_models_targets) */
    int create_parent;           /* 1: out_dir's parent may be missing (its own
                                    parent must exist); it is created only after
                                    the scenario and the region loaded */
    void (*warn)(void *user, const char *message); /* when non-NULL, receives
                                    warnings, e.g. a directory named like a
                                    leftover OUT.tmp-* but without marker, left
                                    alone */
    void *warn_user;             /* passed to warn */
    const char *const *input_notes; /* notes about how the inputs were read (a
                                    spreadsheet format, a region's own parameters;
                                    vs_ctx_note), stored first under topic
                                    "inputs"; n_input_notes of them */
    int n_input_notes;
    const char *path_roots[4];   /* directories (absolute, NULL-ended or all 4) whose
                                    paths the outputs quote relative to them: the
                                    store, report and CSV files read
                                    "data/parameters/flow.csv", not ROOT/data/...
                                    (the CLI: the vardsim home and the working
                                    directory) */
    const char *report_lang;     /* report.html's language: "en" (NULL) or "sv" */
    const char *baseline_dir;    /* a finished run directory (e.g. runs/today) whose
                                    scorecard values the report shows beside this
                                    run's; NULL: none */
} vs_run_options;

/* What a finished run produced. */
typedef struct vs_run_result {
    int64_t run_id;
    int64_t population;       /* residents of the region */
    int n_metrics;            /* rows in metrics */
    int n_scorecard;          /* rows in scorecard */
    char report_path[VS_SCENARIO_PATH_MAX + 32];
    char store_path[VS_SCENARIO_PATH_MAX + 32];
} vs_run_result;

/* Run a scenario into opt->out_dir atomically: everything is written into a
 * fresh temporary directory OUT.tmp-XXXXXX beside the target, which is renamed
 * into place only when complete.  An existing OUT is replaced only with
 * opt->force and only when it looks like a run directory (it holds
 * results.sqlite) or is empty; the swap is atomic (renameat2 RENAME_EXCHANGE,
 * else two renames).  On any failure or cancellation the temporary directory
 * is removed and OUT is untouched.  Stale OUT.tmp-* directories left by a
 * killed earlier run (their owner process is gone) are removed first.
 * Errors: VS_EUSAGE (OUT exists without force, or is not a run directory),
 * VS_EINPUT, VS_EIO, VS_ENOMEM, VS_ERUNTIME (cancelled). */
VS_API vs_status vs_run_execute(vs_ctx *ctx, const vs_run_options *opt, vs_run_result *result);

/* Build report.html at `path` from what the store holds for run_id (nothing
 * else): metrics, charts, maps (polygons from geojson_path, may be NULL for no
 * maps), scorecard and parameters; with targets (may be NULL), the labels of
 * the targets the scorecard does not hold.  A run with several years shows
 * every metric and scorecard row with its year and the charts of each year. */
VS_API vs_status vs_run_write_report(vs_ctx *ctx, struct vs_store *store, int64_t run_id,
                                     const vs_run_targets *targets, const char *geojson_path,
                                     const char *path);

/* What vs_run_write_report_ex draws besides the store. */
typedef struct vs_run_report_options {
    const vs_run_targets *targets; /* may be NULL */
    const char *geojson_path;      /* area polygons for the maps (NULL: no maps) */
    const char *borders_path;      /* municipality borders and names drawn over the
                                      maps (municipalities.geojson; NULL: none) */
    const char *lang;              /* "en" (NULL) or "sv": labels and number format */
    const char *baseline_dir;      /* a run directory whose scorecard values are shown
                                      beside this run's (today -> scenario); NULL: none */
    const char *baseline_label;    /* its column heading (NULL: "today") */
} vs_run_report_options;

/* The report with the options above: the overview (one-line answer,
 * scorecard, the charts answering the documents' questions), a section per
 * question with its charts and collapsed key figures, about the run, and
 * the numbered references. */
VS_API vs_status vs_run_write_report_ex(vs_ctx *ctx, struct vs_store *store, int64_t run_id,
                                        const vs_run_report_options *o, const char *path);

typedef struct vs_run_models_options {
    const char *data_dir; /* the project's data directory: parameters/ (CSV files) and
                             national/deso_2022.csv (the CNI reference); required */
    const char *stages;   /* comma-separated stage names (vs_run_stage_name), e.g.
                             "beds,flow"; NULL or "" = every stage.  The stages a
                             selected one needs, and region, targets and notes, are
                             added. */
    int flow_other_disciplines; /* flow stage: 0 (default) = also simulate the two
                                   other disciplines (vsi_run_flow_other_replications
                                   each); -1 = only the scenario's discipline */
    int flow_network;     /* flow stage: primary-care network, a vs_flow_network value;
                             0 = VS_NETWORK_AUTO (the listing engine's greenfield design) */
} vs_run_models_options;

/* The stages of the table: their number, and the name of stage i in run
 * order (NULL when i is out of range). */
VS_API int vs_run_stage_count(void);
VS_API const char *vs_run_stage_name(int i);

typedef struct vs_run_models vs_run_models;

/* Select the stages and read every parameter file they need, and the
 * targets (data_dir/parameters/targets.csv) (errors come
 * before anything is written: VS_EIO, VS_EINPUT with FILE:LINE messages,
 * VS_EUSAGE for a missing data_dir or an unknown stage name). */
VS_API vs_status vs_run_models_create(vs_ctx *ctx, const vs_run_models_options *opt,
                                      vs_run_models **out);
VS_API void vs_run_models_destroy(vs_run_models *m);

/* The targets the models read (data_dir/parameters/targets.csv). */
VS_API const vs_run_targets *vs_run_models_targets(const vs_run_models *m);

/* Fill stages[0..*n-1] with the selected stages in table order (their user
 * pointers point into m).  cap must be at least vs_run_stage_count().
 * Errors: VS_EUSAGE. */
VS_API vs_status vs_run_models_stages(vs_ctx *ctx, vs_run_models *m, vs_run_stage *stages,
                                      int cap, int *n);

/* ==== running into a given store (vardsim sweep) ===========================
 * The pieces of vs_run_execute without the run directory: a sweep loads its
 * inputs once, then runs each point's stages into a store of its own. */

/* Load the scenario and its region as vs_run_execute does (the region from
 * the scenario, else default_region; the effective base and horizon years
 * settled).  *sc and *rg are the caller's, also on failure (NULL-safe
 * destroy).  Errors: as vs_run_execute's input errors. */
VS_API vs_status vs_run_load(vs_ctx *ctx, const char *scenario_path, const char *default_region,
                             vs_scenario **sc, vs_region **rg);

/* Run o->stages on sc and rg into the open store st (no transaction open): the
 * run header and parameters, then every stage, in one transaction, with the
 * paths below o->path_roots made relative, committed.  Only o->stages,
 * n_stages, created_at, cancel, input_notes and path_roots are used.
 * *run_id is the new run.  No report, no files.  Errors: as the stages. */
VS_API vs_status vs_run_into_store(vs_ctx *ctx, const vs_run_options *o, const vs_scenario *sc,
                                   const vs_region *rg, struct vs_store *st, int64_t *run_id);

/* ---- the primary-care network, designed once for many runs ----------------
 * A run designs its network in the listing stage (and, with the fallback
 * network or without the listing stage, in the flow stage).  A sweep whose
 * points share the inputs of that design designs it once: the key says which
 * inputs the design depends on (GP supply, centre size, time limit, the
 * models' network choice), vs_run_network_design makes what the run's stages
 * would make, and vs_run_models_use_network hands it to the next runs of m,
 * which then give the same numbers as runs that design it themselves. */
#define VS_RUN_NETWORK_KEY 4
typedef struct vs_run_network vs_run_network;

/* The inputs of sc's network design under m (equal keys: the same design,
 * compare with memcmp).  Errors: VS_EINPUT (the scenario's parameters). */
VS_API vs_status vs_run_network_key(vs_ctx *ctx, const vs_run_models *m, const vs_scenario *sc,
                                    double key[VS_RUN_NETWORK_KEY]);

/* Design the networks m's stages would design for sc on rg.  Errors: as the
 * listing and flow stages. */
VS_API vs_status vs_run_network_design(vs_ctx *ctx, const vs_run_models *m, const vs_scenario *sc,
                                       const vs_region *rg, vs_run_network **out);
VS_API void vs_run_network_destroy(vs_run_network *net);
/* 1 when net holds a design (the listing stage's or the flow stage's), 0
 * when m's stages design nothing (neither listing nor flow selected). */
VS_API int vs_run_network_designed(const vs_run_network *net);
/* The key net was designed for. */
VS_API const double *vs_run_network_key_of(const vs_run_network *net);

/* Use net (NULL: none) in the next runs of m instead of designing; net must
 * outlive them and be designed for the scenario each run gets (same key). */
VS_API void vs_run_models_use_network(vs_run_models *m, const vs_run_network *net);

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

/* 1 when some run of cmp has a value of row x in year index y (a snapshot's
 * rows have only the base year; tables leave the other years out). */
VS_API int vs_run_compare_has_value(const vs_run_compare *cmp, const vs_run_compare_row *x,
                                    int y);

/* Free a comparison; NULL is allowed. */
VS_API void vs_run_compare_destroy(vs_run_compare *cmp);

#ifdef __cplusplus
}
#endif
#endif
