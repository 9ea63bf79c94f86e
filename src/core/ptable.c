/*
 * ptable.c: parameter files read whole into named rows (core/ptable.h).
 */
#include "core/ptable.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "vardsim/csv.h"

typedef struct prow {
    char *name;
    char *value;
    char *year;
    long line;
} prow;

struct vsi_ptable {
    vs_csv *csv;
    int n, cap;
    prow *rows;
    char *path;
};

void vsi_ptable_destroy(vsi_ptable *t)
{
    if (!t)
        return;
    vs_csv_close(t->csv);
    free(t->rows);
    free(t->path);
    free(t);
}

const char *vsi_ptable_path(const vsi_ptable *t) { return t ? t->path : ""; }

static const prow *find(const vsi_ptable *t, const char *name)
{
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->rows[i].name, name) == 0)
            return &t->rows[i];
    return NULL;
}

int vsi_ptable_has(const vsi_ptable *t, const char *name) { return find(t, name) != NULL; }

/* Append the current record as a row; a repeated name is an input error. */
static vs_status add_row(vs_ctx *ctx, vsi_ptable *t, const int *col)
{
    const char *name = vs_csv_field(t->csv, col[0]);
    if (!*name)
        return vs_csv_fail(ctx, t->csv, col[0], "empty parameter name");
    const prow *dup = find(t, name);
    if (dup)
        return vs_csv_fail(ctx, t->csv, col[0], "'%s' given twice (first on line %ld)", name,
                           dup->line);
    if (t->n == t->cap) {
        int nc = t->cap ? 2 * t->cap : 32;
        prow *nr = realloc(t->rows, (size_t)nc * sizeof *nr);
        if (!nr)
            return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        t->rows = nr;
        t->cap = nc;
    }
    /* fields stay valid until the reader is closed (vs_csv_field) */
    t->rows[t->n++] = (prow){(char *)name, (char *)vs_csv_field(t->csv, col[1]),
                             (char *)vs_csv_field(t->csv, col[2]), vs_csv_line(t->csv)};
    return VS_OK;
}

vs_status vsi_ptable_load(vs_ctx *ctx, const char *path, vsi_ptable **out)
{
    *out = NULL;
    vsi_ptable *t = calloc(1, sizeof *t);
    if (!t || !(t->path = vsi_strdup_printf("%s", path))) {
        free(t);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    vs_status st = vs_csv_open(ctx, path, &t->csv);
    static const char *const cols[] = {"parameter", "value", "year", "unit",
                                       "geography", "source", "note"};
    int col[7] = {0};
    for (int i = 0; !st && i < 7; i++)
        st = vs_csv_require(ctx, t->csv, cols[i], &col[i]);
    int has = 1;
    while (!st && !(st = vs_csv_next(ctx, t->csv, &has)) && has)
        st = add_row(ctx, t, col);
    if (st) {
        vsi_ptable_destroy(t);
        return st;
    }
    *out = t;
    return VS_OK;
}

vs_status vsi_ptable_get(vs_ctx *ctx, const vsi_ptable *t, const char *name, double lo,
                         double hi, int allow_empty, double *out)
{
    const prow *r = find(t, name);
    *out = NAN;
    if (!r)
        return vs_ctx_fail_at(ctx, t->path, 0, "parameter",
                              "no row '%s' (leave the value empty for a figure NOT FOUND)", name);
    if (!*r->value) {
        if (allow_empty)
            return VS_OK;
        return vs_ctx_fail_at(ctx, t->path, r->line, "value",
                              "'%s' has no value; it is required", name);
    }
    char *end = NULL;
    double v = strtod(r->value, &end);
    if (end == r->value || *end || !isfinite(v) || strchr(r->value, 'x') || strchr(r->value, 'X') ||
        r->value[0] == '+' || r->value[0] == ' ')
        return vs_ctx_fail_at(ctx, t->path, r->line, "value", "'%s' is not a number: '%s'", name,
                              r->value);
    if (v < lo || v > hi)
        return vs_ctx_fail_at(ctx, t->path, r->line, "value", "%s = %g is outside [%g, %g]", name,
                              v, lo, hi);
    *out = v;
    return VS_OK;
}

int vsi_ptable_year(const vsi_ptable *t, const char *name)
{
    const prow *r = find(t, name);
    return r && *r->year ? atoi(r->year) : 0;
}

int vsi_ptable_count(const vsi_ptable *t) { return t ? t->n : 0; }

const char *vsi_ptable_name(const vsi_ptable *t, int i)
{
    return t && i >= 0 && i < t->n ? t->rows[i].name : "";
}
