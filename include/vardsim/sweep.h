/*
 * vardsim/sweep.h: "vardsim sweep", a scenario over a grid (or a Latin
 * hypercube) of values of its numeric fields, each point a full run.
 *
 * A sweep varies scenario fields named by their dotted path as in the file
 * (vs_sweep_parse_vary: KEY=FROM:TO:STEP).  Each point is the scenario with
 * the point's values set (vs_scenario_set_number), run through the stage
 * table of "vardsim run" (vs_run_into_store) into an in-memory store, from
 * which its scorecard rows (base year), response metrics and cost are read
 * into the point's fixed-size record (vs_sweep_record).  The points are one
 * phase of work units named "sweep" (vardsim/units.h): a point's record
 * depends only on its index and the inputs, so any backend (threads, MPI
 * ranks, batch tasks) gives the same bytes.  Before the phase, the
 * primary-care network is designed once per distinct input of its design (the
 * GP supply among them, vs_run_network_key), in point order, and every point
 * runs on its prebuilt network.
 *
 * The output directory (new, written as DIR.tmp-XXXXXX and renamed into
 * place like a run directory) holds results.sqlite (the sweep_points and
 * sweep_values tables, docs/store.md), sweep.json and report.html with the
 * response charts and the cheapest point that meets every target.
 */
#ifndef VARDSIM_SWEEP_H
#define VARDSIM_SWEEP_H

#include "vardsim/core.h"
#include "vardsim/scenario.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VS_SWEEP_MAX_KEYS 8      /* --vary options */
#define VS_SWEEP_MAX_POINTS 1000 /* points of one sweep (grid or samples) */
#define VS_SWEEP_MAX_SCORES 40   /* scorecard rows kept per point */
#define VS_SWEEP_ID_MAX 64       /* bytes of a scorecard row id */

/* One varied field. */
typedef struct vs_sweep_vary {
    char key[128];                 /* dotted path, e.g. policies.beds.closed_bed_share */
    double from, to, step;         /* step NaN: not given (only with samples) */
    vs_scenario_number_info info;  /* the field: integer or not, valid range */
} vs_sweep_vary;

/* Parse "KEY=FROM:TO:STEP" (or "KEY=FROM:TO" when step_optional: a Latin
 * hypercube needs no step).  KEY must be a numeric scenario field
 * (vs_scenario_number_field), FROM <= TO, STEP > 0, FROM and TO inside the
 * field's range, whole numbers for an integer field.  Errors: VS_EUSAGE with
 * one message naming the option ("--vary SPEC: ..."). */
VS_API vs_status vs_sweep_parse_vary(vs_ctx *ctx, const char *spec, int step_optional,
                                     vs_sweep_vary *out);

/* The points of a design: n_points x n_keys values, point-major.  grid
 * (samples 0): every combination of FROM, FROM+STEP, ... <= TO (+ 1e-9 STEP
 * for rounding), the first key varying slowest; values are FROM + i STEP
 * rounded to 12 significant digits.  Latin hypercube (samples > 0): key k
 * takes one value in each of the samples equal strata of [FROM, TO], the
 * strata in the order of a random permutation, the value uniform inside the
 * stratum, from the random stream (seed, 0, k); rounded to a multiple of STEP
 * from FROM when STEP is given, to a whole number for an integer field.
 * Errors: VS_EUSAGE when the design has more than VS_SWEEP_MAX_POINTS points
 * (message names the count), VS_ENOMEM. */
VS_API vs_status vs_sweep_design(vs_ctx *ctx, const vs_sweep_vary *vary, int n_vary,
                                 int samples, uint64_t seed, int *n_points, double **values);

/* The response metrics of a point, in this order (vs_sweep_metric_name):
 * store metrics of the run's base year by name, then what the sweep derives
 * (open beds, GP FTE, costs).  NaN when the run did not compute one. */
enum {
    VS_SWEEP_M_OCCUPANCY_SIMULATED, /* flow_occupancy (share) */
    VS_SWEEP_M_OVERFLOW_DAYS,       /* flow_overflow_patient_days */
    VS_SWEEP_M_PC_WAIT_DAYS,        /* flow_pc_wait_days_all */
    VS_SWEEP_M_PC_WITHIN_GUARANTEE, /* flow_pc_within_guarantee (share) */
    VS_SWEEP_M_ED_BOARDING_HOURS,   /* flow_ed_boarding_hours */
    VS_SWEEP_M_ELECTIVE_WAIT_DAYS,  /* flow_elective_wait_days */
    VS_SWEEP_M_OCCUPANCY_OPEN,      /* beds_occupancy_open (analytic, share) */
    VS_SWEEP_M_OVERFLOW_OPEN,       /* beds_overflow_open (Erlang, share) */
    VS_SWEEP_M_BEDS_NEEDED,         /* beds_needed */
    VS_SWEEP_M_GP_FTE_NEEDED,       /* gp_fte_needed (listing design) */
    VS_SWEEP_M_LISTED_PER_GP_MAX,   /* listing_listed_per_gp_max */
    VS_SWEEP_M_OPEN_BEDS,           /* sum of the hospitals' flow_beds_open, else
                                       beds_open_after_closure */
    VS_SWEEP_M_GP_FTE,              /* gp_fte_needed, else flow_gp_fte */
    VS_SWEEP_M_COST_GP_SEK,         /* GP FTE x gp_annual_employer_cost */
    VS_SWEEP_M_COST_BEDS_SEK,       /* open beds x 365.25 x bed_day_cost_sek */
    VS_SWEEP_METRICS
};
VS_API const char *vs_sweep_metric_name(int i);
VS_API const char *vs_sweep_metric_unit(int i);

/* One scorecard row of a point (the run's base year). */
typedef struct vs_sweep_score {
    char id[VS_SWEEP_ID_MAX];   /* target_id */
    char op[4];                 /* "<", "<=", ... */
    double value, target;
    int met;                    /* 1 met, 0 not (NaN value: 0) */
} vs_sweep_score;

/* The record of one point: fixed size, every byte set (zero padding). */
typedef struct vs_sweep_record {
    double metrics[VS_SWEEP_METRICS];
    double cost_sek;            /* COST_GP + COST_BEDS (NaN: not computed) */
    int n_scores, targets_met, meets_all;
    int truncated;              /* 1: the run had more than VS_SWEEP_MAX_SCORES rows */
    vs_sweep_score scores[VS_SWEEP_MAX_SCORES];
} vs_sweep_record;

typedef struct vs_sweep_options {
    const char *scenario_path;   /* required */
    const char *default_region;  /* when the scenario names none */
    const char *data_dir;        /* the project's data directory (required) */
    const char *out_dir;         /* directory to create; NULL: compute only (the
                                    other MPI ranks of a run whose rank 0 writes) */
    int force;                   /* replace out_dir when it is a finished sweep directory */
    const char *created_at;      /* ISO 8601 UTC (required) */
    const vs_sweep_vary *vary;   /* 1..VS_SWEEP_MAX_KEYS distinct keys */
    int n_vary;
    int samples;                 /* 0: grid; > 0: Latin hypercube of this many points */
    int seed_set;                /* 1: seed below for the scenario and the design */
    uint64_t seed;
    int replications, days;      /* > 0: override the scenario's simulation settings */
    int network;                 /* a vs_flow_network value (0 = auto) */
    const char *stages;          /* model stages (vs_run_models_options.stages); NULL: all */
    int threads;                 /* >= 1: points computed at once; with fewer points
                                    than threads, each point's simulation gets
                                    threads / points of them */
    const char *path_roots[4];   /* as vs_run_options.path_roots */
    const char *const *input_notes;
    int n_input_notes;
} vs_sweep_options;

typedef struct vs_sweep_result {
    char scenario[64];
    int n_vary;
    vs_sweep_vary vary[VS_SWEEP_MAX_KEYS];
    int samples;                 /* 0: grid */
    int replications, days;      /* as run */
    uint64_t seed;
    int n_points;
    double *values;              /* n_points x n_vary */
    vs_sweep_record *records;    /* n_points */
    int networks_designed;       /* distinct network designs made before the phase */
    int n_score_ids;             /* scorecard ids over the points, first-appearance order */
    char (*score_ids)[VS_SWEEP_ID_MAX];
    int cheapest;                /* lowest cost among the points meeting every target
                                    (ties: lowest point); -1: none */
    int closest;                 /* when none: most targets met, then lowest cost; -1 */
    double bed_day_cost_sek;     /* NaN: NOT FOUND */
    double gp_annual_cost_sek;
    char *json;                  /* sweep.json (what --json prints) */
    char out_dir[1100];          /* the directory written ("" when none) */
} vs_sweep_result;

/* Run the sweep: load the scenario, build the design, set and check every
 * point's values (input errors before anything is computed or written),
 * design the networks, compute the points as the phase "sweep", pick the
 * cheapest point and, with out_dir, write the directory atomically.  Errors:
 * VS_EUSAGE (options, out_dir exists without force or is not a sweep
 * directory), VS_EINPUT (scenario, a point's value), the stages', VS_EIO,
 * VS_ENOMEM, VS_EINTERRUPTED. */
VS_API vs_status vs_sweep_run(vs_ctx *ctx, const vs_sweep_options *opt, vs_sweep_result **out);
VS_API void vs_sweep_result_destroy(vs_sweep_result *r);

#ifdef __cplusplus
}
#endif
#endif
