/*
 * vardsim/store.h: the SQLite results store of a run (results.sqlite).
 *
 * Schema (store_schema_version 2; full description in docs/store.md):
 *   meta(key, value)                               store_schema_version, ...
 *   runs(run_id, scenario, scenario_file, scenario_hash, scenario_text,
 *        region, region_dir, seed, replications, threads, version, created_at)
 *   parameters(run_id, key, value, source)          every effective input
 *   metrics(run_id, year, name, value, ci_low, ci_high, unit, target, met,
 *           source)
 *   area_results(run_id, year, area_id, metric, value)  long format, one row
 *   municipality_results(run_id, year, municipality_id, metric, value)  per
 *   hospital_results(run_id, year, hospital_id, metric, value)   unit and
 *   centre_results(run_id, year, centre_id, metric, value)       metric
 *   charts(run_id, chart_id, position, kind, title, x_label, unit, metric, note)
 *   series(run_id, year, chart_id, series, position, label, value, ci_low,
 *          ci_high)
 *   scorecard(run_id, year, position, target_id, label, value, unit, op,
 *             target_value, met, source)
 *   notes(run_id, position, topic, text)            what a stage could not
 *                                                   compute or assumed
 * `year` is the year a result is for: the scenario's base year for a stage
 * that computes a snapshot, each year of the scenario's period for a stage
 * that runs per year.  The store holds numbers as computed; the report is
 * drawn from what is read back from the store, so the two always agree.  Writers group their rows in
 * one transaction (vs_store_begin / vs_store_commit); a failed run rolls back.
 */
#ifndef VARDSIM_STORE_H
#define VARDSIM_STORE_H

#include "vardsim/core.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VS_STORE_SCHEMA_VERSION 2

typedef struct vs_store vs_store;

/* Per-unit result tables (long format). */
typedef enum vs_store_unit {
    VS_STORE_AREA = 0,         /* area_results (area_id)                 */
    VS_STORE_MUNICIPALITY = 1, /* municipality_results (municipality_id) */
    VS_STORE_HOSPITAL = 2,     /* hospital_results (hospital_id)         */
    VS_STORE_CENTRE = 3        /* centre_results (centre_id)             */
} vs_store_unit;

/* A run header. */
typedef struct vs_store_run {
    int64_t run_id;              /* set by vs_store_add_run */
    const char *scenario;        /* scenario name */
    const char *scenario_file;   /* path as given */
    const char *scenario_hash;   /* FNV-1a 64 hex of the file bytes */
    const char *scenario_text;   /* the whole file */
    const char *region;          /* region name */
    const char *region_dir;      /* region directory */
    uint64_t seed;               /* base random seed */
    int replications;
    int threads;
    const char *version;         /* vardsim version */
    const char *created_at;      /* ISO 8601 UTC, supplied by the caller */
} vs_store_run;

/* One metric.  NaN ci_low/ci_high mean "no interval"; target NULL or "" and
 * met -1 mean "no target". */
typedef struct vs_metric {
    const char *name;    /* snake_case identifier, e.g. "population" */
    double value;
    double ci_low, ci_high;
    const char *unit;    /* "persons", "share", "beds per 1000", ... */
    const char *target;  /* e.g. "<= 1100"; NULL when none */
    int met;             /* 1 met, 0 not met, -1 no target */
    const char *source;  /* where the value or its method comes from */
    int year;            /* set by the readers; the writer takes the year as an argument */
} vs_metric;

/* A chart to draw in the report: kind "bar" (categories x series from the
 * series table) or "map" (area_results values of `metric`). */
typedef struct vs_chart_def {
    const char *chart_id;  /* identifier, also the HTML id */
    int position;          /* order in the report */
    const char *kind;      /* "bar" or "map" */
    const char *title;
    const char *x_label;   /* category axis label (bar) */
    const char *unit;      /* value unit (axis / legend) */
    const char *metric;    /* map: area metric name; bar: NULL */
    const char *note;      /* caption: method and source */
} vs_chart_def;

/* One scorecard row.  op is one of "<", "<=", ">", ">=", "=="; met is
 * computed by vs_store_target_met. */
typedef struct vs_score_row {
    int position;
    const char *target_id;     /* e.g. "agency_staff_2027" */
    const char *label;         /* human description of the target */
    double value;
    const char *unit;
    const char *op;
    double target_value;
    int met;                   /* 1/0, filled by the writer or the reader */
    const char *source;        /* citation of the target and of the value */
    int year;                  /* set by the readers; the writer takes it as an argument */
} vs_score_row;

/* Lists read back from the store.  Strings are owned by the list. */
typedef struct vs_metric_list { int n; vs_metric *items; } vs_metric_list;
typedef struct vs_unit_value { const char *id; double value; } vs_unit_value;
typedef struct vs_unit_values { int n; vs_unit_value *items; } vs_unit_values;
typedef struct vs_chart_list { int n; vs_chart_def *items; } vs_chart_list;
typedef struct vs_score_list { int n; vs_score_row *items; } vs_score_list;
typedef struct vs_param { const char *key, *value, *source; } vs_param;
typedef struct vs_param_list { int n; vs_param *items; } vs_param_list;
/* A bar chart's data: n_series x n_cat values, value[s * n_cat + c]; NaN for
 * a missing cell. */
typedef struct vs_series_table {
    int n_series, n_cat;
    const char **series;   /* series names */
    const char **labels;   /* category labels */
    double *value, *ci_low, *ci_high;
} vs_series_table;

/* Open (create == 1: create the file and schema if missing) a store.  An
 * existing file must carry store_schema_version 2; a store of schema 1 (no
 * year column, written before the year axis) is refused with a message that
 * says so: run the scenario again.  Errors: VS_EIO, VS_EINPUT (not a vardsim
 * store or another schema version). */
VS_API vs_status vs_store_open(vs_ctx *ctx, const char *path, int create, vs_store **out);

/* Close; NULL is allowed.  An open transaction is rolled back. */
VS_API void vs_store_close(vs_store *st);

/* Transactions. */
VS_API vs_status vs_store_begin(vs_ctx *ctx, vs_store *st);
VS_API vs_status vs_store_commit(vs_ctx *ctx, vs_store *st);
VS_API vs_status vs_store_rollback(vs_ctx *ctx, vs_store *st);

/* Write.  vs_store_add_run sets run->run_id.  Results carry the year they
 * are for (the scenario's base year for a snapshot). */
VS_API vs_status vs_store_add_run(vs_ctx *ctx, vs_store *st, vs_store_run *run);
VS_API vs_status vs_store_put_parameter(vs_ctx *ctx, vs_store *st, int64_t run_id,
                                        const char *key, const char *value, const char *source);
VS_API vs_status vs_store_put_metric(vs_ctx *ctx, vs_store *st, int64_t run_id, int year,
                                     const vs_metric *m);
VS_API vs_status vs_store_put_unit_value(vs_ctx *ctx, vs_store *st, vs_store_unit unit,
                                         int64_t run_id, int year, const char *id,
                                         const char *metric, double value);
VS_API vs_status vs_store_put_chart(vs_ctx *ctx, vs_store *st, int64_t run_id,
                                    const vs_chart_def *c);
VS_API vs_status vs_store_put_series(vs_ctx *ctx, vs_store *st, int64_t run_id, int year,
                                     const char *chart_id, const char *series, int position,
                                     const char *label, double value, double ci_low,
                                     double ci_high);
/* Writes the row with met recomputed from value, op and target_value. */
VS_API vs_status vs_store_put_score(vs_ctx *ctx, vs_store *st, int64_t run_id, int year,
                                    const vs_score_row *row);

/* A note for the report: a scenario value with no model counterpart, a
 * parameter left unset, a modelling choice.  position orders the notes. */
VS_API vs_status vs_store_put_note(vs_ctx *ctx, vs_store *st, int64_t run_id, int position,
                                   const char *topic, const char *text);

/* The tables of a sweep store (vardsim sweep, docs/store.md), created on the
 * first write; a run's store never has them:
 *   sweep_points(run_id, point, meets_all, targets_met, targets, cost_sek)
 *   sweep_values(run_id, point, kind, name, value, op, target_value, met)
 * kind "value" (a varied scenario key), "score" (a scorecard row: op,
 * target_value, met) or "metric" (a response metric). */
typedef struct vs_store_sweep_point {
    int point;          /* 0-based */
    int meets_all;      /* 1: every scorecard row met */
    int targets_met, targets;
    double cost_sek;    /* NaN: not computed */
} vs_store_sweep_point;
VS_API vs_status vs_store_put_sweep_point(vs_ctx *ctx, vs_store *st, int64_t run_id,
                                          const vs_store_sweep_point *p);
/* op NULL/"" and met -1 for a value or metric (stored as NULL). */
VS_API vs_status vs_store_put_sweep_value(vs_ctx *ctx, vs_store *st, int64_t run_id, int point,
                                          const char *kind, const char *name, double value,
                                          const char *op, double target_value, int met);

/* 1 when `value op target` holds, 0 when not, -1 for an unknown op or NaN. */
VS_API int vs_store_target_met(double value, const char *op, double target);

/* Read back. */
/* The run ids in the store, ascending (caller frees *ids with free()). */
VS_API vs_status vs_store_run_ids(vs_ctx *ctx, vs_store *st, int64_t **ids, int *n);
/* Run header; strings owned by *run_strings (free with free()). */
VS_API vs_status vs_store_read_run(vs_ctx *ctx, vs_store *st, int64_t run_id, vs_store_run *run,
                                   char **run_strings);
/* The years run_id has results for, ascending (caller frees *years). */
VS_API vs_status vs_store_read_years(vs_ctx *ctx, vs_store *st, int64_t run_id, int **years,
                                     int *n);
/* Every metric of run_id, by year, then in the order written. */
VS_API vs_status vs_store_read_metrics(vs_ctx *ctx, vs_store *st, int64_t run_id,
                                       vs_metric_list **out);
VS_API vs_status vs_store_read_parameters(vs_ctx *ctx, vs_store *st, int64_t run_id,
                                          vs_param_list **out);
/* One metric of one year, ordered by unit id. */
VS_API vs_status vs_store_read_unit_values(vs_ctx *ctx, vs_store *st, vs_store_unit unit,
                                           int64_t run_id, int year, const char *metric,
                                           vs_unit_values **out);
VS_API vs_status vs_store_read_charts(vs_ctx *ctx, vs_store *st, int64_t run_id,
                                      vs_chart_list **out);
/* A bar chart's data for one year (no series: n_series 0). */
VS_API vs_status vs_store_read_series(vs_ctx *ctx, vs_store *st, int64_t run_id, int year,
                                      const char *chart_id, vs_series_table **out);
/* Every scorecard row of run_id, by year, then position. */
VS_API vs_status vs_store_read_scorecard(vs_ctx *ctx, vs_store *st, int64_t run_id,
                                         vs_score_list **out);
/* Notes in position order as (key = topic, value = text, source = "");
 * a store without the notes table (written by an earlier version) has none. */
VS_API vs_status vs_store_read_notes(vs_ctx *ctx, vs_store *st, int64_t run_id,
                                     vs_param_list **out);
VS_API void vs_metric_list_free(vs_metric_list *l);
VS_API void vs_param_list_free(vs_param_list *l);
VS_API void vs_unit_values_free(vs_unit_values *l);
VS_API void vs_chart_list_free(vs_chart_list *l);
VS_API void vs_series_table_free(vs_series_table *t);
VS_API void vs_score_list_free(vs_score_list *l);

/* Export every table (except meta) as DIR/TABLE.csv (RFC 4180, header line,
 * rows ordered by primary key, reals in the shortest form that reads back to
 * the same double). */
VS_API vs_status vs_store_export_csv(vs_ctx *ctx, vs_store *st, const char *dir);

/* Replace the text `from` by `to` in every text column of every table except
 * meta and the scenario's own text and hash (runs.scenario_text,
 * runs.scenario_hash), inside the open transaction: the run makes the paths
 * it quotes relative ("/home/x/vardsim/data/parameters/flow.csv" ->
 * "data/parameters/flow.csv") so that a store, its report and its CSV files
 * hold no absolute path of the machine that wrote them. */
VS_API vs_status vs_store_replace_text(vs_ctx *ctx, vs_store *st, const char *from,
                                       const char *to);

/* Format a double as the shortest of %.15g/%.16g/%.17g that reads back
 * exactly (used by the CSV export and the report). */
VS_API const char *vs_store_format_real(double v, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
