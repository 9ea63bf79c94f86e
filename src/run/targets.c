/*
 * targets.c: the documents' targets, data/parameters/targets.csv
 * (vsi_targets_load, vardsim/run.h).  Read once per models object; the
 * scorecard rows of every stage and the report's list of targets a run did
 * not compute take their comparator, value, unit, label and citation from it.
 */
#include "run/stage.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "vardsim/csv.h"

struct vs_run_targets {
    int n;
    vsi_target_def *items;  /* strings owned (malloc'd, one per field) */
};

void vsi_targets_destroy(vs_run_targets *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->n; i++) {
        free((char *)t->items[i].id);
        free((char *)t->items[i].label);
        free((char *)t->items[i].comparator);
        free((char *)t->items[i].unit);
        free((char *)t->items[i].source);
    }
    free(t->items);
    free(t);
}

int vsi_targets_count(const vs_run_targets *t) { return t ? t->n : 0; }

const vsi_target_def *vsi_targets_at(const vs_run_targets *t, int i)
{
    return t && i >= 0 && i < t->n ? &t->items[i] : NULL;
}

const vsi_target_def *vsi_targets_find(const vs_run_targets *t, const char *id)
{
    for (int i = 0; t && i < t->n; i++)
        if (strcmp(t->items[i].id, id) == 0)
            return &t->items[i];
    return NULL;
}

/* The columns of targets.csv, in the order of col[]. */
static const char *const columns[] = {"id", "label", "comparator", "value", "unit", "source"};

/* One record into *t (grown by one). */
static vs_status read_row(vs_ctx *ctx, vs_csv *csv, const int *col, vs_run_targets *t)
{
    static const char *const ops[] = {"<", "<=", ">", ">=", "=="};
    const char *op = vs_csv_field(csv, col[2]);
    int known = 0;
    for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++)
        known |= strcmp(op, ops[k]) == 0;
    if (!known)
        return vs_csv_fail(ctx, csv, col[2], "'%s' is not one of <, <=, >, >=, ==", op);
    for (int k = 0; k < 6; k++)
        if (k != 3 && vs_csv_empty(csv, col[k]))
            return vs_csv_fail(ctx, csv, col[k], "empty");
    const char *id = vs_csv_field(csv, col[0]);
    if (vsi_targets_find(t, id))
        return vs_csv_fail(ctx, csv, col[0], "duplicate target '%s'", id);
    double v;
    vs_status s = vs_csv_double(ctx, csv, col[3], -INFINITY, INFINITY, &v);
    if (s)
        return s;
    vsi_target_def *p = realloc(t->items, ((size_t)t->n + 1) * sizeof *p);
    if (!p)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    t->items = p;
    vsi_target_def *r = &t->items[t->n];
    *r = (vsi_target_def){vsi_strdup_printf("%s", id),
                         vsi_strdup_printf("%s", vs_csv_field(csv, col[1])),
                         vsi_strdup_printf("%s", op),
                         v,
                         vsi_strdup_printf("%s", vs_csv_field(csv, col[4])),
                         vsi_strdup_printf("%s", vs_csv_field(csv, col[5]))};
    t->n++;
    if (!r->id || !r->label || !r->comparator || !r->unit || !r->source)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    return VS_OK;
}

vs_status vsi_targets_load(vs_ctx *ctx, const char *path, vs_run_targets **out)
{
    *out = NULL;
    vs_csv *csv = NULL;
    vs_run_targets *t = calloc(1, sizeof *t);
    if (!t)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    int col[6], has = 1;
    vs_status s = vs_csv_open(ctx, path, &csv);
    for (int k = 0; !s && k < 6; k++)
        s = vs_csv_require(ctx, csv, columns[k], &col[k]);
    while (!s) {
        if ((s = vs_csv_next(ctx, csv, &has)) || !has)
            break;
        s = read_row(ctx, csv, col, t);
    }
    vs_csv_close(csv);
    if (s) {
        vsi_targets_destroy(t);
        return s;
    }
    *out = t;
    return VS_OK;
}
