/*
 * units.c: staffing of separate birth units (vs_maternity_units_*,
 * vardsim/maternity.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "maternity/maternity_internal.h"
#include "vardsim/csv.h"

void vs_maternity_units_destroy(vs_maternity_units *u)
{
    if (!u)
        return;
    free(u->unit);
    free(u->births_per_year);
    free(u->midwives_max);
    free(u->fte);
    free(u->in_progress_mean);
    free(u);
}

/* Room for one more unit. */
static vs_status grow(vs_ctx *ctx, vs_maternity_units *u, int *cap)
{
    if (u->n < *cap)
        return VS_OK;
    int nc = *cap ? 2 * *cap : 8;
    void *a = realloc(u->unit, (size_t)nc * sizeof *u->unit);
    if (a)
        u->unit = a;
    void *b = a ? realloc(u->births_per_year, (size_t)nc * sizeof *u->births_per_year) : NULL;
    if (b)
        u->births_per_year = b;
    if (!a || !b)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    *cap = nc;
    return VS_OK;
}

static vs_status read_row(vs_ctx *ctx, vs_csv *csv, const int *col, vs_maternity_units *u)
{
    vs_status st = vs_csv_id(ctx, csv, col[0], u->unit[u->n], VS_ID_MAX);
    for (int i = 0; !st && i < u->n; i++)
        if (strcmp(u->unit[i], u->unit[u->n]) == 0)
            st = vs_csv_fail(ctx, csv, col[0], "unit '%s' given twice", u->unit[i]);
    if (!st)
        st = vs_csv_double(ctx, csv, col[1], 0, 1e6, &u->births_per_year[u->n]);
    if (!st)
        u->n++;
    return st;
}

vs_status vs_maternity_units_load(vs_ctx *ctx, const char *path, vs_maternity_units **out)
{
    *out = NULL;
    vs_maternity_units *u = calloc(1, sizeof *u);
    if (!u)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    vs_csv *csv = NULL;
    int col[2], has = 1, cap = 0;
    vs_status st = vs_csv_open(ctx, path, &csv);
    if (!st)
        st = vs_csv_require(ctx, csv, "unit", &col[0]);
    if (!st)
        st = vs_csv_require(ctx, csv, "births_per_year", &col[1]);
    while (!st && !(st = vs_csv_next(ctx, csv, &has)) && has)
        if (!(st = grow(ctx, u, &cap)))
            st = read_row(ctx, csv, col, u);
    if (!st && u->n == 0)
        st = vs_ctx_fail_at(ctx, path, 1, "unit", "no units");
    vs_csv_close(csv);
    if (st) {
        vs_maternity_units_destroy(u);
        return st;
    }
    *out = u;
    return VS_OK;
}

vs_status vs_maternity_units_staff(vs_ctx *ctx, const vs_maternity_params *p,
                                   vs_maternity_units *u)
{
    size_t n = (size_t)u->n;
    free(u->midwives_max);
    free(u->fte);
    free(u->in_progress_mean);
    u->midwives_max = calloc(n, sizeof *u->midwives_max);
    u->fte = calloc(n, sizeof *u->fte);
    u->in_progress_mean = calloc(n, sizeof *u->in_progress_mean);
    if (!u->midwives_max || !u->fte || !u->in_progress_mean)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    memset(u->midwives_hour_total, 0, sizeof u->midwives_hour_total);
    u->midwife_hours_week = u->midwife_fte_needed = 0;
    for (int k = 0; k < u->n; k++) {
        if (vs_ctx_interrupted(ctx))
            return vs_ctx_check_interrupt(ctx);
        vs_maternity_result r;
        memset(&r, 0, sizeof r);
        r.births_per_year = u->births_per_year[k];
        vsi_maternity_staffing(p, &r);
        u->midwives_max[k] = r.midwives_on_duty_needed;
        u->fte[k] = r.midwife_fte_needed;
        u->in_progress_mean[k] = r.births_in_progress_mean;
        u->midwife_hours_week += r.midwife_hours_week;
        u->midwife_fte_needed += r.midwife_fte_needed;
        for (int h = 0; h < 24; h++)
            u->midwives_hour_total[h] += r.midwives_hour[h];
    }
    u->midwives_on_duty_needed = 0;
    for (int h = 0; h < 24; h++)
        if (u->midwives_hour_total[h] > u->midwives_on_duty_needed)
            u->midwives_on_duty_needed = u->midwives_hour_total[h];
    return VS_OK;
}
