/*
 * test_maternity_stage.c: the maternity and stockpile stages through the run
 * pipeline: the store holds exactly what the modules return, the scorecard
 * rows appear when their inputs are given (midwives_region_fte, use rates,
 * the region's stock.csv) and are judged, and the NOT FOUND notes appear
 * when they are not.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vardsim/maternity.h"
#include "vardsim/stockpile.h"
#include "vardsim/store.h"
#include "vt_run.h"

static int sh(const char *fmt, const char *a)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, fmt, a, a, a, a);
    return system(cmd);
}

/* tmp/data (parameters copied, national linked, maternity.csv with 150 FTE,
 * stockpile.csv of the tests), tmp/region (the flow test region + stock.csv),
 * tmp/s.yaml. */
static void setup(const char *d)
{
    VT_EQ_INT(sh("mkdir -p %s/data/parameters %s/region && cp data/parameters/*.csv "
                 "%s/data/parameters/ && ln -s \"$PWD/data/national\" %s/data/national",
                 d), 0);
    VT_EQ_INT(sh("sed -i 's/^midwives_region_fte,,/midwives_region_fte,150,/' "
                 "%s/data/parameters/maternity.csv && cp tests/data/stockpile/ok/stockpile.csv "
                 "%s/data/parameters/ && cp tests/data/flow/region/* %s/region/ && "
                 "cp tests/data/stockpile/stock_ok.csv %s/region/stock.csv",
                 d), 0);
    VT_EQ_INT(sh("printf 'schema_version: 1\\nname: mat\\nregion: region\\n' > %s/s.yaml", d), 0);
}



static void check_maternity(vs_ctx *ctx, const char *d, const vs_metric_list *ml,
                            const vs_score_list *sl)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s/data/parameters", d);
    vs_maternity_params *p = NULL;
    vs_region *rg = NULL;
    vs_maternity_result *r = NULL;
    VT_EQ_INT(vs_maternity_params_load(ctx, buf, &p), VS_OK);
    snprintf(buf, sizeof buf, "%s/region", d);
    VT_EQ_INT(vs_region_load(ctx, buf, &rg), VS_OK);
    if (p && rg)
        VT_EQ_INT(vs_maternity_compute(ctx, rg, p, &r), VS_OK);
    if (r) {
        VT_NEAR(vt_metric(ml, "births_per_year"), r->births_per_year, 0);
        VT_NEAR(vt_metric(ml, "births_in_progress_mean"), r->births_in_progress_mean, 0);
        VT_NEAR(vt_metric(ml, "midwives_on_duty_needed"), r->midwives_on_duty_needed, 0);
        VT_NEAR(vt_metric(ml, "midwife_fte_needed"), r->midwife_fte_needed, 0);
        const vs_score_row *s = vt_score(sl, "midwife_per_birth");
        VT_CHECK(s != NULL);
        if (s) {
            VT_NEAR(s->value, 150 / r->midwife_fte_needed, 0);
            VT_EQ_INT(s->met, 150 >= r->midwife_fte_needed);
        }
    }
    vs_maternity_result_destroy(r);
    vs_region_destroy(rg);
    vs_maternity_params_destroy(p);
}

static void check_stockpile(const vs_metric_list *ml, const vs_score_list *sl)
{
    /* gloves 365,000 and gowns 1,000 in stock; use from the need stage's volumes */
    double g = vt_metric(ml, "stock_use_per_day_gloves"), w = vt_metric(ml, "stock_use_per_day_gowns");
    VT_CHECK(g > 0 && w > 0);
    VT_NEAR(vt_metric(ml, "stock_days_of_supply_gloves"), 365000 / g, 1e-15);
    VT_NEAR(vt_metric(ml, "stock_days_of_supply_gowns"), 1000 / w, 1e-15);
    VT_NEAR(vt_metric(ml, "stock_needed_gowns"), 90 * w, 1e-15);
    const vs_score_row *s = vt_score(sl, "protective_stock_days");
    VT_CHECK(s != NULL);
    if (s) {
        VT_NEAR(s->value, fmin(365000 / g, 1000 / w), 1e-15);
        VT_NEAR(s->target_value, 90, 0);
        VT_EQ_INT(s->met, s->value >= 90);
    }
}

int main(void)
{
    char d[] = "test_mstage_XXXXXX";
    VT_CHECK(mkdtemp(d) != NULL);
    setup(d);
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    char data[256], scen[256], out[256], db[300];
    snprintf(data, sizeof data, "%s/data", d);
    snprintf(scen, sizeof scen, "%s/s.yaml", d);
    snprintf(out, sizeof out, "%s/run", d);
    snprintf(db, sizeof db, "%s/results.sqlite", out);
    vs_run_models_options mo = {data, "maternity,stockpile", 0, VS_NETWORK_FALLBACK};
    vt_run_pipeline(ctx, &mo, scen, out, NULL, NULL);
    vs_store *st = NULL;
    vs_metric_list *ml = NULL;
    vs_score_list *sl = NULL;
    VT_EQ_INT(vs_store_open(ctx, db, 0, &st), VS_OK);
    if (st) {
        VT_EQ_INT(vs_store_read_metrics(ctx, st, 1, &ml), VS_OK);
        VT_EQ_INT(vs_store_read_scorecard(ctx, st, 1, &sl), VS_OK);
    }
    if (ml && sl) {
        check_maternity(ctx, d, ml, sl);
        check_stockpile(ml, sl);
    }
    vs_metric_list_free(ml);
    vs_score_list_free(sl);
    vs_store_close(st);
    vs_ctx_destroy(ctx);
    sh("rm -rf %s", d);
    return vt_done();
}
