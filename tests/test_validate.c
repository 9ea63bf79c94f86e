/*
 * test_validate.c: validation tables (vardsim/validate.h): the verdicts, the
 * shipped Stockholm table, the registry's values against the model's own
 * outputs computed here independently through the library (need model, bed
 * plan, region), and table errors.  The flow quantities are compared with
 * `vardsim simulate` in tests/cli/validate.sh.  The run stage: the store
 * holds the table's rows with the values the other stages stored.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vardsim/store.h"
#include "vardsim/validate.h"
#include "vt.h"
#include "vt_run.h"

static void test_verdict(void)
{
    VT_EQ_INT(vs_validate_verdict(1.09, 1.0, 0.1, VS_VALIDATE_EQUAL), 1);
    VT_EQ_INT(vs_validate_verdict(0.91, 1.0, 0.1, VS_VALIDATE_EQUAL), 1);
    VT_EQ_INT(vs_validate_verdict(1.11, 1.0, 0.1, VS_VALIDATE_EQUAL), 0);
    VT_EQ_INT(vs_validate_verdict(0.89, 1.0, 0.1, VS_VALIDATE_EQUAL), 0);
    /* a published lower bound: anything above passes, below by more than tol fails */
    VT_EQ_INT(vs_validate_verdict(9.0, 5.0, 0.05, VS_VALIDATE_AT_LEAST), 1);
    VT_EQ_INT(vs_validate_verdict(4.8, 5.0, 0.05, VS_VALIDATE_AT_LEAST), 1);
    VT_EQ_INT(vs_validate_verdict(4.7, 5.0, 0.05, VS_VALIDATE_AT_LEAST), 0);
    VT_EQ_INT(vs_validate_verdict(0.1, 5.0, 0.05, VS_VALIDATE_AT_MOST), 1);
    VT_EQ_INT(vs_validate_verdict(5.3, 5.0, 0.05, VS_VALIDATE_AT_MOST), 0);
    VT_EQ_INT(vs_validate_verdict(NAN, 5.0, 0.05, VS_VALIDATE_EQUAL), -1);
    VT_EQ_INT(vs_validate_verdict(1.0, NAN, 0.05, VS_VALIDATE_EQUAL), -1);
    VT_EQ_INT(vs_validate_comparison_parse("at_least"), VS_VALIDATE_AT_LEAST);
    VT_EQ_INT(vs_validate_comparison_parse("about"), -1);
    VT_EQ_STR(vs_validate_comparison_name(VS_VALIDATE_AT_MOST), "at_most");
}

/* The shipped table: at least ten rows, at least four validation rows, and
 * every one of them read whole. */
static void test_shipped_table(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_validate_table *t = NULL;
    VT_EQ_INT(vs_validate_load(ctx, "data/validation/stockholm.csv", &t), VS_OK);
    if (t) {
        int val = 0;
        for (int i = 0; i < t->n; i++) {
            val += !t->rows[i].calibration;
            VT_CHECK(t->rows[i].source[0] && t->rows[i].quantity[0]);
            VT_CHECK(!isnan(t->rows[i].published));
        }
        VT_CHECK(t->n >= 10);
        VT_CHECK(val >= 4);
        VT_CHECK(t->n - val >= 1);
    }
    char buf[1024];
    VT_EQ_INT(vs_validate_table_path("data/stockholm/", "data", buf, sizeof buf), 1);
    VT_EQ_STR(buf, "data/validation/stockholm.csv");
    VT_EQ_INT(vs_validate_table_path("/nonexistent/myregion", "data", buf, sizeof buf), 0);
    VT_EQ_STR(buf, "data/validation/myregion.csv");
    vs_validate_destroy(t);
    vs_ctx_destroy(ctx);
}

/* The registry reads the model's own outputs: need, bed plan and region
 * computed here again through the library give the same numbers. */
static void test_model_column(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_region *r = NULL;
    vs_validate_models *m = NULL;
    vs_need_params *np = NULL;
    vs_need_reference *ref = NULL;
    vs_need_result *need = NULL;
    vs_beds_demand *dem = NULL;
    vs_bed_plan *plan = NULL;
    vs_beds_params bp;
    VT_EQ_INT(vs_region_load(ctx, "data/stockholm", &r), VS_OK);
    if (!r)
        goto out;
    VT_EQ_INT(vs_validate_run_models(ctx, r, "data/parameters", "data/national/deso_2022.csv", 0,
                                     &m),
              VS_OK);
    vs_need_options opt;
    vs_need_options_init(&opt);
    VT_EQ_INT(vs_need_params_load(ctx, "data/parameters", &np), VS_OK);
    VT_EQ_INT(vs_need_reference_load(ctx, "data/national/deso_2022.csv", &ref), VS_OK);
    opt.reference = ref;
    VT_EQ_INT(vs_need_compute(ctx, r, np, &opt, &need), VS_OK);
    VT_EQ_INT(vs_beds_params_load(ctx, "data/parameters", &bp), VS_OK);
    VT_EQ_INT(vs_beds_demand_derive(ctx, r, &bp, &dem), VS_OK);
    VT_EQ_INT(vs_beds_plan(ctx, r, dem, &bp, &plan), VS_OK);
    if (!m || !need || !plan)
        goto out;
    vs_validate_outputs o = vs_validate_models_outputs(m, r);
    double hi = -INFINITY, lo = INFINITY, beds = 0;
    for (int k = 0; k < need->n_municipalities; k++) {
        hi = fmax(hi, need->municipalities[k].cni);
        lo = fmin(lo, need->municipalities[k].cni);
    }
    for (int h = 0; h < r->n_hospitals; h++)
        beds += (double)r->hospitals[h].beds_staffed;
    VT_NEAR(vs_validate_quantity(&o, "need.cni_max_municipality", NULL), hi, 0);
    VT_NEAR(vs_validate_quantity(&o, "need.cni_min_municipality", NULL), lo, 0);
    VT_NEAR(vs_validate_quantity(&o, "need.doctor_visits_per_resident", NULL),
            need->total[VS_SERVICE_DOCTOR] / (double)r->population, 0);
    VT_NEAR(vs_validate_quantity(&o, "need.ed_visits_per_year", NULL), need->total[VS_SERVICE_ED],
            0);
    VT_NEAR(vs_validate_quantity(&o, "beds.occupancy", NULL), plan->total.occupancy_today, 0);
    VT_NEAR(vs_validate_quantity(&o, "beds.open_beds_acute_hospitals", NULL), beds, 0);
    /* the doctor-visit rate is 2015 visits over the 2015 population, flat over age */
    VT_NEAR(vs_validate_quantity(&o, "need.doctor_visits_per_resident", NULL), 1.4821, 1e-12);
    /* one length of stay: the need model's bed-days and the bed plan's agree */
    VT_NEAR(np->alos_days[0], bp.mean_los_days, 0);
    /* no simulation: its quantities have no model value; an unknown key neither */
    const char *src = NULL;
    VT_CHECK(isnan(vs_validate_quantity(&o, "beds.outplaced_per_100_beds", &src)));
    VT_CHECK(isnan(vs_validate_quantity(&o, "no.such_quantity", &src)));
    VT_CHECK(strstr(src, "no model value") != NULL);
    VT_CHECK(vs_validate_known("beds.outplaced_per_100_beds"));
    VT_CHECK(!vs_validate_known("no.such_quantity"));
    /* compute: a row of the shipped table keeps its place with or without a value */
    vs_validate_table *t = NULL;
    VT_EQ_INT(vs_validate_load(ctx, "data/validation/stockholm.csv", &t), VS_OK);
    if (t) {
        vs_validate_compute(&o, t);
        for (int i = 0; i < t->n; i++) {
            const vs_validate_row *w = &t->rows[i];
            VT_CHECK(isnan(w->model) == (w->within < 0));
            if (!isnan(w->model))
                VT_NEAR(w->ratio, w->model / w->published, 1e-15);
        }
        vs_validate_destroy(t);
    }
out:
    vs_beds_plan_destroy(plan);
    vs_beds_demand_destroy(dem);
    vs_need_result_destroy(need);
    vs_need_reference_destroy(ref);
    vs_need_params_destroy(np);
    vs_validate_models_destroy(m);
    vs_region_destroy(r);
    vs_ctx_destroy(ctx);
}

static void test_bad_table(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    char path[] = "/tmp/vs_validateXXXXXX";
    int fd = mkstemp(path);
    VT_CHECK(fd >= 0);
    if (fd >= 0) {
        FILE *f = fdopen(fd, "w");
        fprintf(f, "id,quantity,published,unit,year,geography,source,tolerance,role\n"
                   "a,beds.occupancy,0.9,share,2010,Sweden,src,0.1,validation\n"
                   "b,beds.occupancy,abc,share,2010,Sweden,src,0.1,validation\n");
        fclose(f);
        vs_validate_table *t = NULL;
        VT_EQ_INT(vs_validate_load(ctx, path, &t), VS_EINPUT);
        VT_CHECK(t == NULL);
        VT_CHECK(strstr(vs_ctx_message(ctx), ":3: field published:") != NULL);
        unlink(path);
    }
    vs_validate_table *t = NULL;
    VT_EQ_INT(vs_validate_load(ctx, "/nonexistent/validation.csv", &t), VS_EINPUT);
    vs_validate_destroy(NULL);
    vs_validate_models_destroy(NULL);
    vs_ctx_destroy(ctx);
}


/* The stage: run "validation" (with need, beds, flow) on the Stockholm policy
 * scenario's short simulation; the series hold every row of the table in
 * order, and the model values equal what the region, beds and need stages
 * stored themselves. */
static void test_stage(void)
{
    char parent[] = "test_validate_XXXXXX";
    VT_CHECK(mkdtemp(parent) != NULL);
    char out[256], db[300], html[300];
    snprintf(out, sizeof out, "%s/run", parent);
    snprintf(db, sizeof db, "%s/results.sqlite", out);
    snprintf(html, sizeof html, "%s/report.html", out);
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_run_models_options mo = {"data", "validation", 0, VS_NETWORK_FALLBACK};
    vt_run_pipeline(ctx, &mo, "tests/data/run/policy_short.yaml", out, NULL, NULL);
    vs_store *st = NULL;
    vs_series_table *tab = NULL;
    vs_metric_list *ml = NULL;
    vs_unit_values *uv = NULL;
    vs_validate_table *t = NULL;
    VT_EQ_INT(vs_store_open(ctx, db, 0, &st), VS_OK);
    VT_EQ_INT(vs_validate_load(ctx, "data/validation/stockholm.csv", &t), VS_OK);
    if (!st || !t)
        goto out;
    VT_EQ_INT(vs_store_read_series(ctx, st, 1, 2022, "validation", &tab), VS_OK);
    VT_EQ_INT(vs_store_read_metrics(ctx, st, 1, &ml), VS_OK);
    VT_EQ_INT(vs_store_read_unit_values(ctx, st, VS_STORE_MUNICIPALITY, 1, 2022, "cni", &uv),
              VS_OK);
    if (!tab || !ml || !uv)
        goto out;
    VT_EQ_INT(tab->n_cat, t->n);
    VT_EQ_INT(tab->n_series, 5);
    double hi = -INFINITY;
    for (int i = 0; i < uv->n; i++)
        hi = fmax(hi, uv->items[i].value);
    for (int c = 0; c < tab->n_cat && c < t->n; c++) {
        const vs_validate_row *r = &t->rows[c];
        VT_CHECK(strncmp(tab->labels[c], r->quantity, strlen(r->quantity)) == 0);
        double v[5];
        for (int k = 0; k < 5; k++) /* published, model, ratio, tolerance, within */
            v[k] = NAN;
        for (int k = 0; k < tab->n_series; k++) {
            static const char *const names[5] = {"published", "model", "ratio", "tolerance",
                                                 "within"};
            for (int j = 0; j < 5; j++)
                if (strcmp(tab->series[k], names[j]) == 0)
                    v[j] = tab->value[k * tab->n_cat + c];
        }
        VT_NEAR(v[0], r->published, 0);
        VT_NEAR(v[3], r->tolerance, 0);
        int w = vs_validate_verdict(v[1], v[0], v[3], r->comparison);
        VT_CHECK(w < 0 ? isnan(v[4]) : v[4] == (double)w);
        if (strcmp(r->quantity, "beds.open_beds_acute_hospitals") == 0)
            VT_NEAR(v[1], vt_metric(ml, "beds_staffed"), 0);
        if (strcmp(r->quantity, "beds.occupancy") == 0)
            VT_NEAR(v[1], vt_metric(ml, "beds_occupancy_staffed"), 0);
        if (strcmp(r->quantity, "need.cni_max_municipality") == 0)
            VT_NEAR(v[1], hi, 0);
    }
    char *text = vt_slurp(html);
    VT_CHECK(text && strstr(text, "How today&#39;s model compares with published figures"));
    VT_CHECK(text && strstr(text, "need.cni_max_municipality"));
    free(text);
out:
    vs_validate_destroy(t);
    vs_unit_values_free(uv);
    vs_metric_list_free(ml);
    vs_series_table_free(tab);
    vs_store_close(st);
    vs_ctx_destroy(ctx);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", parent);
    VT_CHECK(system(cmd) == 0);
}

int main(void)
{
    test_verdict();
    test_shipped_table();
    test_model_column();
    test_bad_table();
    test_stage();
    return vt_done();
}
