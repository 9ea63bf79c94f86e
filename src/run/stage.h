/*
 * stage.h: the stages of "vardsim run" behind one table.  Internal to
 * libvardsim.
 *
 * A stage is one file src/run/stage_<name>.c holding one function
 *
 *     vs_status vsi_stage_<name>(vsi_step *x);
 *
 * that calls its module and writes what the module computed through the
 * writers below; it ends with "return x->status".  The table (vsi_stages[] in
 * table.c) gives each stage its name, the stages it needs, the parameter
 * sets it loads, whether it runs once per year of the scenario's period and
 * its function; the run order, the selection by name (vs_run_models_create)
 * and the parameter loading all come from that table.  docs/DEVELOPING.md,
 * "How to add a stage", walks through one.
 *
 * The writers keep the step's first error, as SQLite's StrAccum does: they
 * return nothing, every write after a failure is a no-op, and the stage's
 * status is x->status, checked once by the pipeline after the stage returns.
 */
#ifndef VSI_RUN_STAGE_H
#define VSI_RUN_STAGE_H

#include "vardsim/beds.h"
#include "vardsim/flow.h"
#include "vardsim/forecast.h"
#include "vardsim/listing.h"
#include "vardsim/need.h"
#include "vardsim/run.h"
#include "vardsim/store.h"

/* One of the documents' targets (a row of data/parameters/targets.csv). */
typedef struct vsi_target_def {
    const char *id;         /* scorecard target_id, e.g. "occupancy" */
    const char *label;      /* what the target is, for people */
    const char *comparator; /* "<", "<=", ">", ">=" or "==" */
    double value;           /* the target value, in unit */
    const char *unit;
    const char *source;     /* the documents' citation */
} vsi_target_def;

/* Read a targets file (columns id, label, comparator, value, unit, source;
 * ids unique, comparator one of < <= > >= ==, value a finite number).
 * Errors: VS_EIO, VS_EINPUT naming file, line and field. */
vs_status vsi_targets_load(vs_ctx *ctx, const char *path, vs_run_targets **out);
void vsi_targets_destroy(vs_run_targets *t);
/* Rows in file order; NULL when i is out of range. */
int vsi_targets_count(const vs_run_targets *t);
const vsi_target_def *vsi_targets_at(const vs_run_targets *t, int i);
/* The row with this id, or NULL. */
const vsi_target_def *vsi_targets_find(const vs_run_targets *t, const char *id);

/* Replications of each of the two other disciplines in the flow stage for a
 * scenario with `replications`: 2 (the fewest with a 95 % interval), or
 * `replications` when that is smaller. */
int vsi_run_flow_other_replications(int replications);

/* The flow stage's mapping of scenario fields onto the simulation's
 * parameters (table in docs/report.md): discipline, insured_share,
 * residents_per_gp = gp_cap, named_gp_share (1 for listing_rule named_gp,
 * else fixed_gp_share), admin hours, further training share and days, care
 * guarantee limits, bed_closure_share, asih_share (derived from the ASIH share
 * of care places against asih_share_2016, as in the bed plan), replications,
 * seed, threads (0 = all online cores), days.  Everything else (the network
 * included) keeps `defaults` (vs_flow_params_init).  Errors: VS_EINPUT
 * naming the scenario file.  Internal: the listing and flow stages and the
 * tests use it. */
vs_status vsi_run_flow_params(vs_ctx *ctx, const vs_scenario *sc, const vs_flow_params *defaults,
                              double asih_share_2016, vs_flow_params *out);

/* The listing stage's design of the network for sc on rg (the region's own
 * centres, else the greenfield design at the scenario's GP supply) into
 * out's design, net, own, cap_used, rpg and cfte (the caller frees design and
 * net, also on failure); fp gets the flow parameters it was sized with. */
vs_status vsi_run_listing_design(vs_ctx *ctx, const vs_run_models *m, const vs_scenario *sc,
                                 const vs_region *rg, vs_run_network *out, vs_flow_params *fp);

/* Parameter sets a stage loads (bit mask; loaders in table.c). */
enum {
    VSI_LOAD_NEED = 1u << 0,      /* need parameters and the national CNI reference */
    VSI_LOAD_BEDS = 1u << 1,      /* bed parameters (also the ASIH share of 2016) */
    VSI_LOAD_WORKFORCE = 1u << 2, /* GP workforce costs and guideline */
    VSI_LOAD_FLOW = 1u << 3,      /* flow simulation defaults */
    VSI_LOAD_TARGETS = 1u << 4,   /* the documents' targets (targets.csv) */
    VSI_LOAD_SCREENING = 1u << 12, /* screening rule table and coverage (screening.h) */
    VSI_LOAD_MATERNITY = 1u << 5, /* maternity.csv (maternity) */
    VSI_LOAD_STOCKPILE = 1u << 6, /* stockpile.csv (stockpile) */
    VSI_LOAD_FORECAST = 1u << 7   /* the forecast's parameter sets (vardsim/forecast.h) */
};

typedef struct vsi_step vsi_step;
typedef vs_status (*vsi_stage_fn)(vsi_step *x);

/* One row of the stage table. */
typedef struct vsi_stage_def {
    const char *name;      /* identifier, as in --stages and the pause hook */
    const char *needs;     /* comma-separated stages that must run before; "" none */
    unsigned loads;        /* VSI_LOAD_* parameter sets */
    int always;            /* 1: part of every run (not subject to selection) */
    int per_year;          /* 1: once per year base_year..horizon_year; 0: once,
                              at the base year (a snapshot) */
    vsi_stage_fn fn;
} vsi_stage_def;

extern const vsi_stage_def vsi_stages[];
extern const int vsi_n_stages;

/* The models object (vs_run_models): parameters read at creation and the
 * results earlier stages of the current run leave for later ones. */
struct vs_run_models {
    unsigned selected;        /* bit i: vsi_stages[i] runs */
    char *data_dir;           /* the project's data directory */
    char *param_dir;          /* data_dir/parameters */
    char *reference_path;     /* data_dir/national/deso_2022.csv */
    char *workforce_path;     /* param_dir/gp_workforce.csv */
    vs_need_params *np;       /* need parameters (need, allocation) */
    vs_need_reference *ref;   /* national CNI reference */
    vs_beds_params bp;        /* bed parameters as read */
    vs_listing_costs costs;   /* GP workforce parameters (listing) */
    vs_flow_params fp;        /* flow defaults (flow) */
    vs_run_targets *targets;  /* the documents' targets (targets.csv) */
    vs_forecast_models *fcm;  /* forecast parameters (forecast) */
    int flow_other;           /* 0: also the other disciplines; -1: not */
    vs_flow_network flow_network;
    const struct vs_run_network *pre; /* prebuilt networks of the next runs (a sweep),
                                         NULL: each run designs its own */
    struct vsi_slot *slots;   /* one per table row: the public stages' user pointer */
    /* results of the current run, kept for later stages */
    vs_need_result *need;
    vs_listing_site_result *design; /* listing: the network's design */
    vs_flow_network_spec *net;      /* listing: the same network for the flow stage */
    vs_bed_plan *plan;              /* beds: the plan (validation reads it) */
    vs_flow_result *flow;           /* flow: the scenario discipline's result (validation) */
    double plan_extra_beds;         /* beds: with staff_to_plan, the share by which the
                                       open beds grow to the plan's need; else 0 */
    vs_forecast_result *forecast;   /* forecast: computed at the base year */
    int note_pos;             /* next free position in notes */
    struct vs_screening_params *screening; /* screening rules and coverage (screening) */
    struct vs_maternity_params *maternity; /* maternity.csv (maternity) */
    struct vs_stockpile_params *stockpile; /* stockpile.csv (stockpile) */
};

/* Networks designed before the runs that use them (vs_run_network_design):
 * what the listing stage designs and what the flow stage would design. */
struct vs_run_network {
    double key[VS_RUN_NETWORK_KEY]; /* vs_run_network_key of the inputs */
    vs_listing_site_result *design; /* listing stage: the design (NULL: not selected) */
    vs_flow_network_spec *net;      /* its network for the flow stage */
    int own;                        /* 1: the region's own centres (centres.csv) */
    double cap_used, rpg, cfte;     /* as listing_design leaves them */
    vs_flow_network_spec *flow_net; /* flow stage: the network it designs itself (fallback,
                                       or no listing stage); NULL when it uses net */
};

/* What a stage function sees: the run's inputs, the models object and the
 * writer state of this step (one stage, one year). */
struct vsi_step {
    vs_ctx *ctx;
    const vs_scenario *sc;
    const vs_region *rg;
    vs_run_models *m;
    vs_store *st;
    int64_t run_id;
    int year;                 /* the period: base_year for a snapshot stage */
    vs_status status;         /* first error of the step; writes after it are no-ops */
    struct vsi_text *texts;   /* strings made by vsi_fmt, freed after the step */
};

/* Free what the step made (vsi_fmt texts); called by the table after the stage. */
void vsi_step_end(vsi_step *x);

/* The target `id` of targets.csv.  A missing row fails the step (VS_EINPUT
 * naming the file) and returns a row whose value is NaN, never NULL. */
const vsi_target_def *vsi_target(vsi_step *x, const char *id);

/* 1 when the stage `name` is selected in this run. */
int vsi_selected(const vs_run_models *m, const char *name);

/* ---- writers: no return value; the first error stays in x->status ---------- */

/* Formatted text that lives until the step ends ("" after a failure). */
const char *vsi_fmt(vsi_step *x, const char *fmt, ...) VS_PRINTF(2, 3);

/* A metric without interval or target. */
void vsi_metric(vsi_step *x, const char *name, double value, const char *unit,
                const char *source);
/* A metric with the 95 % interval of a simulated estimate. */
void vsi_metric_est(vsi_step *x, const char *name, vs_flow_est e, const char *unit,
                    const char *source);
/* One value of a per-unit table (area, municipality, hospital, centre). */
void vsi_unit(vsi_step *x, vs_store_unit unit, const char *id, const char *metric, double value);
/* One bar of a chart (no interval). */
void vsi_series(vsi_step *x, const char *chart, const char *series, int position,
                const char *label, double value);
/* One bar of a chart with the 95 % interval of a simulated estimate. */
void vsi_series_est(vsi_step *x, const char *chart, const char *series, int position,
                    const char *label, vs_flow_est e);
/* Chart definitions. */
void vsi_charts(vsi_step *x, const vs_chart_def *charts, size_t n);
/* A scorecard row for target t: comparator, unit and value of the target
 * from targets.csv, source "target: " + the target's citation + "; value: "
 * + value_source (how the value was computed).  id and label name this row
 * (a target may have several rows: largest and mean, analytic and
 * simulated); position orders the scorecard. */
void vsi_score(vsi_step *x, int position, const char *id, const char *label,
               const vsi_target_def *t, double value, const char *value_source);
/* A scorecard row as given (a target derived from t by the stage); met is
 * recomputed by the store. */
void vsi_score_row(vsi_step *x, const vs_score_row *row);
/* A note for the report, formatted. */
void vsi_note(vsi_step *x, const char *topic, const char *fmt, ...) VS_PRINTF(3, 4);

/* Deciles 1..10 as category labels. */
extern const char *const vsi_decile_labels[10];

/* ---- the stages (one file each) --------------------------------------------- */
vs_status vsi_stage_region(vsi_step *x);
vs_status vsi_stage_targets(vsi_step *x);
vs_status vsi_stage_need(vsi_step *x);
vs_status vsi_stage_allocation(vsi_step *x);
vs_status vsi_stage_listing(vsi_step *x);
vs_status vsi_stage_beds(vsi_step *x);
vs_status vsi_stage_flow(vsi_step *x);
vs_status vsi_stage_validation(vsi_step *x);
vs_status vsi_stage_forecast(vsi_step *x);
vs_status vsi_stage_notes(vsi_step *x);
vs_status vsi_stage_screening(vsi_step *x);
vs_status vsi_stage_maternity(vsi_step *x);
vs_status vsi_stage_stockpile(vsi_step *x);

#endif
