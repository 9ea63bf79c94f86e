/*
 * stage_validation.c: the "validation" stage: the region's validation table
 * (data/validation/<region>.csv, vardsim/validate.h) beside this run's own
 * model outputs (the need, beds and flow stages' results at the base year),
 * written as the series "validation" (no chart definition: the report draws
 * it as a table, report_validation.c).  Storage: one category per row,
 * position = row, label = VSI_VALIDATION_LABEL fields joined by
 * VSI_VALIDATION_SEP; series published, model, ratio, tolerance, within
 * (1, 0 or NaN).  docs/validation.md.
 */
#include "run/stage.h"

#include <limits.h>
#include <math.h>

#include "run/report_validation.h"
#include "vardsim/validate.h"

static void write_row(vsi_step *x, int pos, const vs_validate_row *r)
{
    const char *label =
        vsi_fmt(x, "%s" VSI_VALIDATION_SEP "%s" VSI_VALIDATION_SEP "%s" VSI_VALIDATION_SEP
                   "%s" VSI_VALIDATION_SEP "%s" VSI_VALIDATION_SEP "%s" VSI_VALIDATION_SEP "%s",
                r->quantity, r->role, vs_validate_comparison_name(r->comparison), r->year,
                r->geography, r->source, r->model_source);
    vsi_series(x, VSI_VALIDATION_CHART, "published", pos, label, r->published);
    vsi_series(x, VSI_VALIDATION_CHART, "model", pos, label, r->model);
    vsi_series(x, VSI_VALIDATION_CHART, "ratio", pos, label, r->ratio);
    vsi_series(x, VSI_VALIDATION_CHART, "tolerance", pos, label, r->tolerance);
    vsi_series(x, VSI_VALIDATION_CHART, "within", pos, label,
               r->within < 0 ? NAN : (double)r->within);
}

vs_status vsi_stage_validation(vsi_step *x)
{
    char path[PATH_MAX + 64];
    if (!vs_validate_table_path(x->rg->dir, x->m->data_dir, path, sizeof path)) {
        vsi_note(x, "validation",
                 "The region has no validation table (looked for %s): today's model is not "
                 "compared with published figures.", path);
        return x->status;
    }
    vs_validate_table *t = NULL;
    vs_status s = vs_validate_load(x->ctx, path, &t);
    if (s)
        return s;
    vs_validate_outputs o = {x->rg, x->m->need, x->m->plan, x->m->flow};
    vs_validate_compute(&o, t);
    int in = 0, out = 0;
    for (int i = 0; i < t->n; i++) {
        write_row(x, i, &t->rows[i]);
        in += t->rows[i].within == 1;
        out += t->rows[i].within == 0;
    }
    vsi_note(x, "validation",
             "%d published figures of %s (%d calibration rows set a parameter, the others "
             "never did): %d within tolerance, %d outside, %d without a model value in this "
             "run. The model values are this run's (its scenario, base year); "
             "`vardsim validate` shows today's defaults.",
             t->n, path, vsi_validation_calibration_rows(t), in, out, t->n - in - out);
    vs_validate_destroy(t);
    return x->status;
}
