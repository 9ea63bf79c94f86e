/*
 * write.c: the stages' writers (run/stage.h).  Each writer does nothing once
 * the step has failed and otherwise records the store's status, so a stage
 * writes straight through and its caller checks x->status once.
 */
#include "run/stage.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>

#include "core/strbuf.h"

/* A string made by vsi_fmt, kept until the step ends. */
struct vsi_text {
    struct vsi_text *next;
    char *s;
};

const char *const vsi_decile_labels[10] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"};

void vsi_step_end(vsi_step *x)
{
    while (x->texts) {
        struct vsi_text *t = x->texts;
        x->texts = t->next;
        free(t->s);
        free(t);
    }
}

const char *vsi_fmt(vsi_step *x, const char *fmt, ...)
{
    if (x->status)
        return "";
    vsi_buf b = VSI_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    vsi_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    struct vsi_text *t = malloc(sizeof *t);
    char *s = vsi_buf_take(&b);
    if (!t || !s) {
        free(t);
        free(s);
        x->status = vs_ctx_fail(x->ctx, VS_ENOMEM, "out of memory");
        return "";
    }
    *t = (struct vsi_text){x->texts, s};
    x->texts = t;
    return s;
}

void vsi_metric(vsi_step *x, const char *name, double value, const char *unit,
                const char *source)
{
    vs_metric mt = {name, value, NAN, NAN, unit, NULL, -1, source, x->year};
    if (!x->status)
        x->status = vs_store_put_metric(x->ctx, x->st, x->run_id, x->year, &mt);
}

/* The 95 % interval of e as (lo, hi); NaN when it has none. */
static void est_bounds(vs_flow_est e, double *lo, double *hi)
{
    *lo = isfinite(e.ci95) ? e.mean - e.ci95 : NAN;
    *hi = isfinite(e.ci95) ? e.mean + e.ci95 : NAN;
}

void vsi_metric_est(vsi_step *x, const char *name, vs_flow_est e, const char *unit,
                    const char *source)
{
    vs_metric mt = {name, e.mean, NAN, NAN, unit, NULL, -1, source, x->year};
    est_bounds(e, &mt.ci_low, &mt.ci_high);
    if (!x->status)
        x->status = vs_store_put_metric(x->ctx, x->st, x->run_id, x->year, &mt);
}

void vsi_unit(vsi_step *x, vs_store_unit unit, const char *id, const char *metric, double value)
{
    if (!x->status)
        x->status = vs_store_put_unit_value(x->ctx, x->st, unit, x->run_id, x->year, id, metric,
                                            value);
}

void vsi_series(vsi_step *x, const char *chart, const char *series, int position,
                const char *label, double value)
{
    if (!x->status)
        x->status = vs_store_put_series(x->ctx, x->st, x->run_id, x->year, chart, series, position, label,
                                        value, NAN, NAN);
}

void vsi_series_est(vsi_step *x, const char *chart, const char *series, int position,
                    const char *label, vs_flow_est e)
{
    double lo, hi;
    est_bounds(e, &lo, &hi);
    if (!x->status)
        x->status = vs_store_put_series(x->ctx, x->st, x->run_id, x->year, chart, series, position, label,
                                        e.mean, lo, hi);
}

void vsi_charts(vsi_step *x, const vs_chart_def *charts, size_t n)
{
    for (size_t i = 0; i < n && !x->status; i++)
        x->status = vs_store_put_chart(x->ctx, x->st, x->run_id, &charts[i]);
}

void vsi_score_row(vsi_step *x, const vs_score_row *row)
{
    if (!x->status)
        x->status = vs_store_put_score(x->ctx, x->st, x->run_id, x->year, row);
}

void vsi_score(vsi_step *x, int position, const char *id, const char *label,
               const vsi_target_def *t, double value, const char *value_source)
{
    vs_score_row row = {position, id, label, value, t->unit, t->comparator, t->value, 0,
                        vsi_fmt(x, "target: %s; value: %s", t->source, value_source), 0};
    vsi_score_row(x, &row);
}

const vsi_target_def *vsi_target(vsi_step *x, const char *id)
{
    static const vsi_target_def none = {"", "", "<", NAN, "", ""};
    const vsi_target_def *t = vsi_targets_find(x->m->targets, id);
    if (t)
        return t;
    if (!x->status)
        x->status = vs_ctx_fail(x->ctx, VS_EINPUT, "%s/targets.csv: field id: no target '%s'",
                                x->m->param_dir, id);
    return &none;
}

void vsi_note(vsi_step *x, const char *topic, const char *fmt, ...)
{
    if (x->status)
        return;
    vsi_buf b = VSI_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    vsi_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (vsi_buf_failed(&b))
        x->status = vs_ctx_fail(x->ctx, VS_ENOMEM, "out of memory");
    else
        x->status = vs_store_put_note(x->ctx, x->st, x->run_id, x->m->note_pos++, topic,
                                      vsi_buf_str(&b));
    vsi_buf_free(&b);
}
