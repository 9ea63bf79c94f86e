/*
 * vardsim/validate.h: today's model beside the published figures of a region.
 *
 * A validation table (data/validation/<region>.csv, columns in data/README.md)
 * lists published figures, each with the model quantity it is compared with,
 * a tolerance, a comparison and a role: "calibration" (the figure was used to
 * set a parameter) or "validation" (it never was).  A registry maps each
 * quantity key (e.g. "beds.outplaced_per_100_beds") to a function that reads
 * the value from the model's own outputs (need, bed plan, flow simulation).
 * A row whose quantity the model cannot compute keeps a NaN model value and
 * is reported as such, never dropped.
 *
 * Verdict of a row with published value P, model value M and tolerance t:
 *     equal     within when |M / P - 1| <= t
 *     at_least  within when M >= P x (1 - t)   (P is a published lower bound)
 *     at_most   within when M <= P x (1 + t)   (P is a published upper bound)
 * (docs/validation.md).
 */
#ifndef VARDSIM_VALIDATE_H
#define VARDSIM_VALIDATE_H

#include "vardsim/beds.h"
#include "vardsim/core.h"
#include "vardsim/flow.h"
#include "vardsim/need.h"
#include "vardsim/region.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum vs_validate_comparison {
    VS_VALIDATE_EQUAL = 0,
    VS_VALIDATE_AT_LEAST,
    VS_VALIDATE_AT_MOST
} vs_validate_comparison;

/* "equal", "at_least", "at_most" (NULL for another value), and back (-1). */
VS_API const char *vs_validate_comparison_name(int c);
VS_API int vs_validate_comparison_parse(const char *name);

/* One row of a validation table.  Text fields are owned by the table. */
typedef struct vs_validate_row {
    char *id, *quantity, *unit, *year, *geography, *source, *role, *note;
    long line;                 /* line in the file */
    double published;          /* NaN when the file gives no value (NOT FOUND) */
    double tolerance;          /* >= 0 */
    int comparison;            /* vs_validate_comparison */
    int calibration;           /* 1: role "calibration", 0: role "validation" */
    /* filled by vs_validate_compute */
    double model;              /* NaN: the model cannot compute this quantity */
    double ratio;              /* model / published; NaN without both */
    int within;                /* 1 within tolerance, 0 outside, -1 no model value
                                  (or no published value) */
    const char *model_source;  /* what model output the value is (static text) */
} vs_validate_row;

typedef struct vs_validate_table {
    int n;
    vs_validate_row *rows;
    char path[1024];
} vs_validate_table;

/* Read a validation table.  Required columns: id, quantity, published, unit,
 * year, geography, source, tolerance, role; optional comparison (default
 * equal) and note.  ids unique; published empty (then source must say NOT
 * FOUND) or a finite number; tolerance a number in [0, 100]; role
 * "calibration" or "validation".  Errors: VS_EINPUT naming file, line and
 * field; VS_EIO; VS_ENOMEM. */
VS_API vs_status vs_validate_load(vs_ctx *ctx, const char *path, vs_validate_table **out);
VS_API void vs_validate_destroy(vs_validate_table *table);

/* The validation table of the region in region_dir: region_dir/validation.csv
 * when that file exists, else data_dir/validation/<last component of
 * region_dir>.csv.  Returns 1 when the chosen file exists (0: buf still holds
 * the path looked for). */
VS_API int vs_validate_table_path(const char *region_dir, const char *data_dir, char *buf,
                                  size_t cap);

/* The model outputs the registry reads; any pointer may be NULL (the
 * quantities that need it then have no model value). */
typedef struct vs_validate_outputs {
    const vs_region *region;
    const vs_need_result *need;
    const vs_bed_plan *beds;
    const vs_flow_result *flow;
} vs_validate_outputs;

/* The model's value of `quantity` (NaN when the registry does not know the
 * key or the output it needs is absent); *source (may be NULL) gets what the
 * value is. */
VS_API double vs_validate_quantity(const vs_validate_outputs *o, const char *quantity,
                                   const char **source);
/* 1 when the registry knows the key. */
VS_API int vs_validate_known(const char *quantity);
/* Key i of the registry (NULL past the end), for documentation. */
VS_API const char *vs_validate_key(int i, const char **what);

/* The verdict for one comparison (see the top of this file): 1, 0, or -1
 * when model or published is NaN. */
VS_API int vs_validate_verdict(double model, double published, double tolerance, int comparison);

/* Fill model, ratio, within and model_source of every row. */
VS_API void vs_validate_compute(const vs_validate_outputs *o, vs_validate_table *table);

/* Today's models, run as the commands run them: the need model (national CNI
 * reference), the bed plan (demand derived from the parameters) and the flow
 * simulation at the parameters' defaults and the shipped seed (vs_flow_params_init,
 * one replication), all on `region`. */
typedef struct vs_validate_models {
    vs_need_params *need_params;
    vs_need_reference *reference;
    vs_need_result *need;
    vs_beds_params beds_params;
    vs_beds_demand *demand;
    vs_bed_plan *beds;
    vs_flow_params flow_params;
    vs_flow_result *flow;
} vs_validate_models;

/* param_dir: data/parameters; reference_path: the national DeSO table (NULL:
 * standardise on the region).  flow 0 skips the simulation (its quantities
 * then have no model value).  Errors: those of the modules. */
VS_API vs_status vs_validate_run_models(vs_ctx *ctx, const vs_region *region,
                                        const char *param_dir, const char *reference_path,
                                        int flow, vs_validate_models **out);
VS_API void vs_validate_models_destroy(vs_validate_models *m);
/* The outputs of m on region. */
VS_API vs_validate_outputs vs_validate_models_outputs(const vs_validate_models *m,
                                                      const vs_region *region);

#ifdef __cplusplus
}
#endif
#endif
