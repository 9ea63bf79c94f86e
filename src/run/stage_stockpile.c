/*
 * stage_stockpile.c: the "stockpile" stage: protective stock against three
 * months of use (vardsim/stockpile.h), driven by the need stage's bed-days,
 * doctor visits and ED visits.  Stock on hand is read from the region's
 * stock.csv (columns item,stock) when the region has one; else it is NOT
 * FOUND and the scorecard row protective_stock_days cannot be judged.
 */
#include "run/stage.h"

#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "vardsim/stockpile.h"

/* A metric when known: a NOT FOUND value is a note, not a metric. */
static void known(vsi_step *x, const char *name, double v, const char *unit, const char *src)
{
    if (!isnan(v))
        vsi_metric(x, name, v, unit, src);
}

static void items(vsi_step *x, const vs_stockpile_result *r, const char *src)
{
    for (int i = 0; i < r->n_items; i++) {
        const vs_stockpile_item *it = &r->items[i];
        known(x, vsi_fmt(x, "stock_use_per_day_%s", it->item), it->use_per_day,
              "pieces per day", src);
        known(x, vsi_fmt(x, "stock_days_of_supply_%s", it->item), it->days_of_supply, "days",
              src);
        known(x, vsi_fmt(x, "stock_needed_%s", it->item), it->stock_needed,
              "pieces for the target days", src);
        vsi_series(x, "stock_days", "days of supply", i, it->item, it->days_of_supply);
        vsi_series(x, "stock_days", "target", i, it->item, r->target_days);
        if (isnan(it->use_per_day))
            vsi_note(x, "stockpile", "%s: use per bed-day, visit, ED visit or resident NOT "
                                     "FOUND (stockpile.csv); days of supply unknown.",
                     it->item);
    }
    vs_chart_def charts[] = {{"stock_days", 170, "bar",
                              "Protective stock: days of supply per item against the target",
                              "item", "days", NULL, src}};
    vsi_charts(x, charts, 1);
}

vs_status vsi_stage_stockpile(vsi_step *x)
{
    const vs_stockpile_params *p = x->m->stockpile;
    const vs_need_result *nr = x->m->need;
    double vol[VS_STOCK_DRIVERS] = {nr->total[VS_SERVICE_BED_DAYS], nr->total[VS_SERVICE_DOCTOR],
                                    nr->total[VS_SERVICE_ED], (double)x->rg->population};
    double stock[VS_STOCK_MAX_ITEMS];
    const char *path = vsi_fmt(x, "%s/stock.csv", x->rg->dir);
    int have = !x->status && access(path, F_OK) == 0;
    vs_status s = have ? vs_stockpile_stock_load(x->ctx, path, p, stock) : VS_OK;
    vs_stockpile_result r;
    if (!s)
        s = vs_stockpile_compute(x->ctx, p, vol, have ? stock : NULL, -1, -1, &r);
    if (s)
        return s;
    const char *src = vsi_fmt(x,
                              "vs_stockpile_compute (docs/stockpile.md): use per bed-day, visit, "
                              "ED visit and resident (%s) x the need model's %.0f bed-days, %.0f "
                              "doctor visits, %.0f ED visits a year and %.0f residents; stock %s",
                              p->path, vol[0], vol[1], vol[2], vol[3], have ? path : "NOT FOUND");
    items(x, &r, src);
    if (!have)
        vsi_note(x, "stockpile", "Stock on hand NOT FOUND: put the region's stock in %s "
                                 "(columns item,stock).", path);
    const vsi_target_def *t = vsi_target(x, "protective_stock_days");
    if (r.n_known == r.n_items) /* the store judges every row it keeps */
        vsi_score(x, 81, t->id, "Protective stock: fewest days of supply over the items", t,
                  r.min_days_of_supply,
                  vsi_fmt(x, "min over %d items of stock / use per day", r.n_items));
    else
        vsi_note(x, "stockpile", "The scorecard row protective_stock_days is left out: %d of %d "
                                 "items have use NOT FOUND and %d no stock.",
                 r.n_unknown_use, r.n_items, r.n_unknown_stock);
    return x->status;
}
