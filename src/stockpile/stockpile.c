/*
 * stockpile.c: protective stock against three months of use
 * (vardsim/stockpile.h, docs/stockpile.md).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ptable.h"
#include "vardsim/csv.h"
#include "vardsim/stockpile.h"

void vs_stockpile_params_destroy(vs_stockpile_params *p) { free(p); }

static const char *const driver_prefix[VS_STOCK_DRIVERS] = {
    "use_per_bed_day_", "use_per_visit_", "use_per_ed_visit_", "use_per_resident_year_"};

/* Items are the rows item_<name> (value 1), in file order. */
static vs_status list_items(vs_ctx *ctx, const vsi_ptable *t, vs_stockpile_params *p)
{
    for (int i = 0; i < vsi_ptable_count(t); i++) {
        const char *n = vsi_ptable_name(t, i);
        if (strncmp(n, "item_", 5) != 0)
            continue;
        double one;
        vs_status st = vsi_ptable_get(ctx, t, n, 1, 1, 0, &one);
        if (st)
            return st;
        if (p->n_items == VS_STOCK_MAX_ITEMS || strlen(n + 5) >= VS_STOCK_NAME_MAX || !n[5])
            return vs_ctx_fail_at(ctx, p->path, 0, "parameter",
                                  "item '%s': at most %d items with names of 1-%d bytes", n + 5,
                                  VS_STOCK_MAX_ITEMS, VS_STOCK_NAME_MAX - 1);
        snprintf(p->item[p->n_items++], VS_STOCK_NAME_MAX, "%s", n + 5);
    }
    if (!p->n_items)
        return vs_ctx_fail_at(ctx, p->path, 0, "parameter", "no item_<name> rows");
    return VS_OK;
}

static vs_status item_rates(vs_ctx *ctx, const vsi_ptable *t, vs_stockpile_params *p, int i)
{
    char name[96];
    for (int d = 0; d < VS_STOCK_DRIVERS; d++) {
        snprintf(name, sizeof name, "%s%s", driver_prefix[d], p->item[i]);
        vs_status st = vsi_ptable_get(ctx, t, name, 0, 1e6, 1, &p->rate[i][d]);
        if (st)
            return st;
    }
    snprintf(name, sizeof name, "surge_factor_%s", p->item[i]);
    return vsi_ptable_get(ctx, t, name, 1, 1e4, 1, &p->surge[i]);
}

vs_status vs_stockpile_params_load(vs_ctx *ctx, const char *dir, vs_stockpile_params **out)
{
    *out = NULL;
    vs_stockpile_params *p = calloc(1, sizeof *p);
    if (!p)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    snprintf(p->path, sizeof p->path, "%s/stockpile.csv", dir);
    vsi_ptable *t = NULL;
    vs_status st = vsi_ptable_load(ctx, p->path, &t);
    if (!st)
        st = vsi_ptable_get(ctx, t, "target_days", 1, 3650, 0, &p->target_days);
    if (!st)
        st = vsi_ptable_get(ctx, t, "import_stop_days", 0, 3650, 0, &p->import_stop_days);
    if (!st)
        st = list_items(ctx, t, p);
    for (int i = 0; !st && i < p->n_items; i++)
        st = item_rates(ctx, t, p, i);
    vsi_ptable_destroy(t);
    if (st) {
        free(p);
        return st;
    }
    *out = p;
    return VS_OK;
}

static int item_index(const vs_stockpile_params *p, const char *name)
{
    for (int i = 0; i < p->n_items; i++)
        if (strcmp(p->item[i], name) == 0)
            return i;
    return -1;
}

vs_status vs_stockpile_stock_load(vs_ctx *ctx, const char *path, const vs_stockpile_params *p,
                                  double *stock)
{
    long line[VS_STOCK_MAX_ITEMS] = {0};
    for (int i = 0; i < p->n_items; i++)
        stock[i] = NAN;
    vs_csv *csv = NULL;
    int c_item, c_stock, has = 1;
    vs_status st = vs_csv_open(ctx, path, &csv);
    if (!st)
        st = vs_csv_require(ctx, csv, "item", &c_item);
    if (!st)
        st = vs_csv_require(ctx, csv, "stock", &c_stock);
    while (!st && !(st = vs_csv_next(ctx, csv, &has)) && has) {
        int i = item_index(p, vs_csv_field(csv, c_item));
        if (i < 0)
            st = vs_csv_fail(ctx, csv, c_item, "unknown item '%s' (items of %s)",
                             vs_csv_field(csv, c_item), p->path);
        else if (line[i])
            st = vs_csv_fail(ctx, csv, c_item, "item '%s' given twice (first on line %ld)",
                             p->item[i], line[i]);
        else {
            line[i] = vs_csv_line(csv);
            st = vs_csv_double(ctx, csv, c_stock, 0, 1e15, &stock[i]);
        }
    }
    vs_csv_close(csv);
    return st;
}

/* Use per day of item i; NaN when a needed rate or volume is missing.  A
 * rate of 0 needs no volume. */
static double use_per_day(const vs_stockpile_params *p, int i, const double *volume)
{
    double u = 0;
    for (int d = 0; d < VS_STOCK_DRIVERS; d++) {
        double r = p->rate[i][d];
        if (isnan(r))
            return NAN;
        if (r > 0)
            u += r * volume[d];
    }
    return u / 365.0;
}

static void item_result(const vs_stockpile_params *p, int i, double use, double stock,
                        double d, double surge, vs_stockpile_item *it)
{
    snprintf(it->item, sizeof it->item, "%s", p->item[i]);
    it->use_per_day = use;
    it->stock = stock;
    it->surge_factor = surge >= 0 ? surge : isnan(p->surge[i]) ? 1.0 : p->surge[i];
    it->stock_needed = p->target_days * use;
    it->days_of_supply = use > 0 ? stock / use : (use == 0 && stock >= 0) ? INFINITY : NAN;
    it->met = isnan(it->days_of_supply) ? -1 : it->days_of_supply >= p->target_days;
    double su = it->surge_factor * use;
    it->scenario_need = su * d;
    it->scenario_days_lasting = su > 0 ? stock / su : (su == 0 && stock >= 0) ? INFINITY : NAN;
    it->scenario_short = isnan(stock) || isnan(su) ? NAN : fmax(0.0, su * d - stock);
}

vs_status vs_stockpile_compute(vs_ctx *ctx, const vs_stockpile_params *p, const double *volume,
                               const double *stock, double import_stop_days, double surge,
                               vs_stockpile_result *out)
{
    memset(out, 0, sizeof *out);
    if (surge >= 0 && !(surge >= 1 && surge <= 1e4))
        return vs_ctx_fail(ctx, VS_EUSAGE, "stockpile: surge %g not in [1, 10000]", surge);
    double d = import_stop_days >= 0 ? import_stop_days : p->import_stop_days;
    if (!(d <= 3650))
        return vs_ctx_fail(ctx, VS_EUSAGE, "stockpile: import stop %g days not in [0, 3650]", d);
    out->target_days = p->target_days;
    out->import_stop_days = d;
    memcpy(out->volume, volume, sizeof out->volume);
    out->n_items = p->n_items;
    out->min_days_of_supply = NAN;
    for (int i = 0; i < p->n_items; i++) {
        vs_stockpile_item *it = &out->items[i];
        item_result(p, i, use_per_day(p, i, volume), stock ? stock[i] : NAN, d, surge, it);
        out->n_unknown_use += isnan(it->use_per_day);
        out->n_unknown_stock += isnan(it->stock);
        if (it->met < 0)
            continue;
        out->n_known++;
        out->n_met += it->met;
        if (isnan(out->min_days_of_supply) || it->days_of_supply < out->min_days_of_supply)
            out->min_days_of_supply = it->days_of_supply;
    }
    return VS_OK;
}
