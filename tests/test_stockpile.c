/*
 * test_stockpile.c: days of supply and the import-stop scenario against hand
 * arithmetic, NOT FOUND rows, and bad input (FILE:LINE: field NAME).
 */
#include <math.h>
#include <string.h>

#include "vardsim/stockpile.h"
#include "vt.h"

static void test_compute(vs_ctx *ctx, const vs_stockpile_params *p)
{
    VT_EQ_INT(p->n_items, 2);
    VT_EQ_STR(p->item[0], "gloves");
    VT_EQ_STR(p->item[1], "gowns");
    VT_NEAR(p->target_days, 90, 0);
    double stock[VS_STOCK_MAX_ITEMS];
    VT_EQ_INT(vs_stockpile_stock_load(ctx, "tests/data/stockpile/stock_ok.csv", p, stock), VS_OK);
    double vol[VS_STOCK_DRIVERS] = {36500, 730, 3650}; /* a year: bed-days, visits, ED visits */
    vs_stockpile_result r;
    VT_EQ_INT(vs_stockpile_compute(ctx, p, vol, stock, -1, -1, &r), VS_OK);
    /* gloves: (10 x 36500 + 2 x 730 + 4 x 3650) / 365 = 1000 + 4 + 40 = 1044 a day */
    const vs_stockpile_item *g = &r.items[0], *w = &r.items[1];
    VT_NEAR(g->use_per_day, 1044, 1e-12);
    VT_NEAR(g->days_of_supply, 365000.0 / 1044, 1e-12);
    VT_EQ_INT(g->met, 1);
    VT_NEAR(g->stock_needed, 90 * 1044, 1e-12);
    VT_NEAR(g->surge_factor, 1, 0); /* NOT FOUND: no surge */
    VT_NEAR(g->scenario_need, 30 * 1044, 1e-12);
    VT_NEAR(g->scenario_short, 0, 0);
    /* gowns: (36500 + 0.5 x 3650) / 365 = 105 a day; 1000 in stock: 9.52 days */
    VT_NEAR(w->use_per_day, 105, 1e-12);
    VT_EQ_INT(w->met, 0);
    VT_NEAR(w->scenario_days_lasting, 1000.0 / 315, 1e-12);
    VT_NEAR(w->scenario_short, 3 * 105 * 30 - 1000, 1e-12);
    VT_NEAR(r.min_days_of_supply, 1000.0 / 105, 1e-12);
    VT_EQ_INT(r.n_met, 1);
    VT_EQ_INT(r.n_known, 2);
    /* the resident driver: 1 glove per resident-year x 36,500 residents = 100 a day more */
    double vol4[VS_STOCK_DRIVERS] = {36500, 730, 3650, 36500};
    VT_EQ_INT(vs_stockpile_compute(ctx, p, vol4, stock, -1, -1, &r), VS_OK);
    VT_NEAR(r.items[0].use_per_day, 1144, 1e-12);
    VT_NEAR(r.items[1].use_per_day, 105, 1e-12);
    /* --surge 2 for every item, an import stop of 200 days */
    VT_EQ_INT(vs_stockpile_compute(ctx, p, vol, stock, 200, 2, &r), VS_OK);
    VT_NEAR(r.items[0].scenario_short, 2 * 1044 * 200 - 365000.0, 1e-12);
    VT_NEAR(r.items[1].surge_factor, 2, 0);
    /* no stock: days unknown, stock needed still known */
    VT_EQ_INT(vs_stockpile_compute(ctx, p, vol, NULL, -1, -1, &r), VS_OK);
    VT_CHECK(isnan(r.items[0].days_of_supply) && r.items[0].met == -1);
    VT_EQ_INT(r.n_unknown_stock, 2);
    VT_NEAR(r.items[1].stock_needed, 9450, 1e-12);
    VT_EQ_INT(vs_stockpile_compute(ctx, p, vol, NULL, -1, 0.5, &r), VS_EUSAGE);
    vs_ctx_clear(ctx);
}

/* The shipped file: gloves per resident, every other use rate NOT FOUND. */
static void test_shipped(vs_ctx *ctx)
{
    vs_stockpile_params *p = NULL;
    VT_EQ_INT(vs_stockpile_params_load(ctx, "data/parameters", &p), VS_OK);
    if (!p)
        return;
    double vol[VS_STOCK_DRIVERS] = {1e6, 1e6, 1e5, 1e5};
    vs_stockpile_result r;
    VT_EQ_INT(vs_stockpile_compute(ctx, p, vol, NULL, -1, -1, &r), VS_OK);
    VT_EQ_INT(r.n_unknown_use, p->n_items - 1); /* gloves: per resident (Naturvårdsverket) */
    VT_NEAR(r.items[0].use_per_day, 47.52 * 1e5 / 365, 1e-12);
    VT_NEAR(r.target_days, 90, 0);
    for (int i = 0; i < p->n_items; i++)
        if (strcmp(p->item[i], "gowns") == 0)
            VT_NEAR(r.items[i].surge_factor, 165000.0 / 31000, 1e-6);
    vs_stockpile_params_destroy(p);
}

static void expect_stock_fail(vs_ctx *ctx, const vs_stockpile_params *p, const char *path,
                              const char *part)
{
    double stock[VS_STOCK_MAX_ITEMS];
    VT_EQ_INT(vs_stockpile_stock_load(ctx, path, p, stock), VS_EINPUT);
    const char *msg = vs_ctx_message(ctx);
    if (!strstr(msg, part))
        fprintf(stderr, "message '%s' lacks '%s'\n", msg, part);
    VT_CHECK(strstr(msg, part) != NULL);
    vs_ctx_clear(ctx);
}

int main(void)
{
    vs_ctx *ctx;
    if (vs_ctx_create(&ctx))
        return 1;
    vs_stockpile_params *p = NULL;
    VT_EQ_INT(vs_stockpile_params_load(ctx, "tests/data/stockpile/ok", &p), VS_OK);
    if (p) {
        test_compute(ctx, p);
        expect_stock_fail(ctx, p, "tests/data/stockpile/stock_unknown.csv",
                          "stock_unknown.csv:3: field item: unknown item 'masks'");
        expect_stock_fail(ctx, p, "tests/data/stockpile/stock_negative.csv",
                          "stock_negative.csv:2: field stock:");
        expect_stock_fail(ctx, p, "tests/data/stockpile/none.csv", "none.csv");
    }
    test_shipped(ctx);
    vs_stockpile_params *q = NULL;
    VT_EQ_INT(vs_stockpile_params_load(ctx, "tests/data/maternity/ok", &q), VS_EINPUT);
    VT_CHECK(q == NULL && strstr(vs_ctx_message(ctx), "stockpile.csv") != NULL);
    vs_stockpile_params_destroy(p);
    vs_ctx_destroy(ctx);
    return vt_done();
}
