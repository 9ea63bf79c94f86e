/* Unit tests of the screening model (vardsim/screening.h) on the small region
 * of tests/data/screening: eligible residents, invitations and participants
 * counted by hand, the coverage proxy and its cap, CNI-decile sums and
 * weights, the low-coverage list, NOT FOUND values, and the parameter and
 * region errors.  Run from the source directory (ctest sets it). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vardsim/vardsim.h"
#include "vt.h"
#include "vt_run.h"

#define TD "tests/data/screening"

typedef struct fixture {
    vs_ctx *ctx;
    vs_region *rg;
    vs_need_params *np;
    vs_need_result *need;
    vs_screening_params *sp;
    vs_screening_data *data;
    vs_screening_result *res;
} fixture;

static void release(fixture *f)
{
    vs_screening_result_destroy(f->res);
    vs_screening_data_destroy(f->data);
    vs_screening_params_destroy(f->sp);
    vs_need_result_destroy(f->need);
    vs_need_params_destroy(f->np);
    vs_region_destroy(f->rg);
    vs_ctx_destroy(f->ctx);
}

/* Load the test region, its need model (standardised on itself) and the
 * screening inputs; compute.  Returns 0 on success. */
static int setup(fixture *f, const char *params)
{
    memset(f, 0, sizeof *f);
    vs_ctx_create(&f->ctx);
    vs_need_options o;
    vs_need_options_init(&o);
    vs_status st;
    if ((st = vs_region_load(f->ctx, TD "/region", &f->rg)) ||
        (st = vs_need_params_load(f->ctx, "data/parameters", &f->np)) ||
        (st = vs_need_compute(f->ctx, f->rg, f->np, &o, &f->need)) ||
        (st = vs_screening_params_load(f->ctx, params, &f->sp)) ||
        (st = vs_screening_data_load(f->ctx, f->rg, &f->data)) ||
        (st = vs_screening_compute(f->ctx, f->rg, f->need, f->sp, f->data, &f->res)))
        fprintf(stderr, "setup: %s\n", vs_ctx_message(f->ctx));
    VT_EQ_INT(st, VS_OK);
    return st != VS_OK;
}

static int find(const fixture *f, const char *name)
{
    for (int p = 0; p < f->sp->n_programmes; p++)
        if (strcmp(f->sp->programmes[p].name, name) == 0)
            return p;
    return -1;
}

/* Eligible counts by hand: M1 has one woman and one man of every age (so a
 * single year and sex is 1/10 of a 5-year band, 1/42 of 80+), M2 three women
 * and one man; every area has 10 residents per band (A2 20 and A4 30 aged
 * 0-4). */
static void test_eligible(void)
{
    fixture f;
    if (setup(&f, TD "/params"))
        goto done;
    VT_EQ_INT(f.sp->n_programmes, 5);
    VT_EQ_INT(f.sp->n_rules, 6);
    const vs_screening_result_programme *b = &f.res->programmes[find(&f, "breast")];
    /* women 40-74: 7 bands x 10 x 1/2 in M1, x 3/4 in M2 */
    VT_NEAR(b->area_eligible[0], 35.0, 1e-12);
    VT_NEAR(b->area_eligible[2], 52.5, 1e-12);
    VT_NEAR(b->eligible, 175.0, 1e-12);
    VT_NEAR(b->invitations_per_year, 87.5, 1e-12);
    /* 23-49 every 5 years (2/5 of band 20-24) and 50-64 every 7 years */
    const vs_screening_result_programme *c = &f.res->programmes[find(&f, "cervix")];
    VT_NEAR(c->area_eligible[0], 2.0 + 25.0 + 15.0, 1e-12);
    VT_NEAR(c->area_eligible[3], 3.0 + 37.5 + 22.5, 1e-12);
    VT_NEAR(c->eligible, 210.0, 1e-12);
    VT_NEAR(c->invitations_per_year, 135.0 / 5 + 75.0 / 7, 1e-12);
    /* offered once at 3: the one-year cohort, 1/5 of band 0-4 */
    const vs_screening_result_programme *t = &f.res->programmes[find(&f, "tick")];
    VT_NEAR(t->eligible, 2.0 + 4.0 + 2.0 + 6.0, 1e-12);
    VT_NEAR(t->invitations_per_year, 14.0, 1e-12);
    /* men 90-100+ in the open band: 11 of 42 persons in M1, 11 of 84 in M2 */
    const vs_screening_result_programme *o = &f.res->programmes[find(&f, "old")];
    VT_NEAR(o->area_eligible[1], 110.0 / 42, 1e-12);
    VT_NEAR(o->area_eligible[3], 110.0 / 84, 1e-12);
    VT_NEAR(o->eligible, 55.0 / 7, 1e-12);
    VT_NEAR(vs_screening_band_share(f.data, 0, VS_SCREENING_FEMALE, 23, 49, 4), 0.2, 1e-15);
done:
    release(&f);
}

/* Coverage proxy: c_a = c x_a / X with X the eligible-weighted mean (75 for
 * breast: x = 90, 60, 80, 70); participants, cost; the cap at 1. */
static void test_coverage(void)
{
    fixture f;
    if (setup(&f, TD "/params"))
        goto done;
    const vs_screening_result_programme *b = &f.res->programmes[find(&f, "breast")];
    static const double want[4] = {0.72, 0.48, 0.64, 0.56};
    for (int a = 0; a < 4; a++)
        VT_NEAR(b->area_coverage[a], want[a], 1e-12);
    VT_NEAR(b->participants_per_year, 0.6 * 87.5, 1e-12);
    VT_NEAR(b->area_participants[1], 17.5 * 0.48, 1e-12);
    VT_NEAR(b->area_cost_sek[1], 17.5 * 0.48 * 1000, 1e-9);
    VT_NEAR(b->cost_sek, 0.6 * 87.5 * 1000, 1e-9);
    VT_NEAR(b->coverage_model, 0.6, 1e-12);
    VT_EQ_INT(b->n_capped, 0);
    /* the lowest-coverage area A2 alone holds 10 % of the eligible */
    VT_EQ_INT(b->n_low, 1);
    VT_EQ_INT(b->low[0], 1);
    VT_NEAR(b->low_eligible, 35.0, 1e-12);
    /* cervix: 0.9 x 90 / 75 = 1.08 is capped in A1 */
    const vs_screening_result_programme *c = &f.res->programmes[find(&f, "cervix")];
    VT_EQ_INT(c->n_capped, 1);
    VT_NEAR(c->area_coverage[0], 1.0, 0);
    VT_NEAR(c->area_coverage[2], 0.9 * 80 / 75, 1e-12);
    VT_CHECK(c->coverage_model < 0.9);
    /* NOT FOUND coverage: no participants or cost, the relative level remains */
    const vs_screening_result_programme *t = &f.res->programmes[find(&f, "tick")];
    VT_CHECK(isnan(t->participants_per_year) && isnan(t->cost_sek));
    VT_CHECK(isnan(t->coverage_by_cni_decile[0]) && isnan(t->coverage));
    VT_CHECK(isnan(f.sp->rules[2].fee_sek));
    /* midpoints of the 18-64 intervals (85, 75, 65; A2 missing) */
    VT_NEAR(f.data->proxy[0][VS_PROXY_18_64], 85.0, 0);
    VT_CHECK(isnan(f.data->proxy[1][VS_PROXY_18_64]));
    VT_EQ_INT(f.res->proxy_missing[VS_PROXY_18_64], 1);
    VT_EQ_INT(f.res->proxy_missing[VS_PROXY_65_PLUS], 2);
done:
    release(&f);
}

/* By CNI decile: the eligible add up to the total, the decile coverages
 * weighted by their eligible give the region's (= the county figure when no
 * area is capped), and a missing area takes its decile's measured mean. */
static void test_deciles(void)
{
    fixture f;
    if (setup(&f, TD "/params"))
        goto done;
    for (int p = 0; p < f.res->n_programmes; p++) {
        const vs_screening_result_programme *q = &f.res->programmes[p];
        double e = 0, ec = 0, eg = 0;
        for (int k = 0; k < 10; k++) {
            e += q->eligible_by_cni_decile[k];
            if (q->eligible_by_cni_decile[k] > 0) {
                eg += q->eligible_by_cni_decile[k] * q->gradient_by_cni_decile[k];
                if (!isnan(q->coverage))
                    ec += q->eligible_by_cni_decile[k] * q->coverage_by_cni_decile[k];
            }
        }
        VT_NEAR(e, q->eligible, 1e-9);
        VT_NEAR(eg, q->eligible, 1e-9); /* the relative level averages 1 */
        if (!isnan(q->coverage))
            VT_NEAR(ec, q->coverage_model * q->eligible, 1e-9);
    }
    const vs_screening_result_programme *fl = &f.res->programmes[find(&f, "flu")];
    VT_NEAR(fl->coverage_model, 0.5, 1e-12);
    /* A2 and A4 have no 65+ value: each takes the measured mean of its decile */
    for (int a = 1; a < 4; a += 2) {
        int k = f.need->areas[a].decile;
        double num = 0, den = 0;
        for (int i = 0; i < 4; i++)
            if (f.need->areas[i].decile == k && !isnan(f.data->proxy[i][VS_PROXY_65_PLUS])) {
                num += fl->area_eligible[i] * fl->area_ratio[i];
                den += fl->area_eligible[i];
            }
        if (den > 0)
            VT_NEAR(fl->area_ratio[a], num / den, 1e-12);
    }
done:
    release(&f);
}

/* Errors name file, line and field. */
static void expect_error(const char *params, const char *want)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_screening_params *p = NULL;
    VT_EQ_INT(vs_screening_params_load(ctx, params, &p), VS_EINPUT);
    VT_CHECK(p == NULL);
    if (!strstr(vs_ctx_message(ctx), want))
        fprintf(stderr, "message: %s\nwanted: %s\n", vs_ctx_message(ctx), want);
    VT_CHECK(strstr(vs_ctx_message(ctx), want) != NULL);
    vs_ctx_destroy(ctx);
}

static void test_errors(void)
{
    expect_error("tests/data/nonexistent", "screening_programmes.csv");
    expect_error("data/stockholm", "screening_programmes.csv");
    /* a region whose age table lacks a municipality */
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_region *rg = NULL;
    vs_screening_data *d = NULL;
    VT_EQ_INT(vs_region_load(ctx, "tests/data/need/region", &rg), VS_OK);
    VT_EQ_INT(vs_screening_data_load(ctx, rg, &d), VS_EINPUT);
    VT_CHECK(d == NULL && strstr(vs_ctx_message(ctx), "age_sex.csv") != NULL);
    vs_region_destroy(rg);
    vs_ctx_destroy(ctx);
}

/* The shipped parameter files load, and every programme cites its rules,
 * its coverage and its cost (or says NOT FOUND). */
static void test_stockholm(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_screening_params *p = NULL;
    VT_EQ_INT(vs_screening_params_load(ctx, "data/parameters", &p), VS_OK);
    if (p) {
        VT_CHECK(p->n_programmes >= 8);
        for (int i = 0; i < p->n_programmes; i++)
            VT_CHECK(p->programmes[i].source[0] && p->programmes[i].coverage_source[0] &&
                     p->programmes[i].cost_source[0]);
    }
    vs_screening_params_destroy(p);
    vs_ctx_destroy(ctx);
}

/* The run stage writes what the module computes (the scenario's region,
 * Stockholm, with the need model against the national reference). */
static double stored_metric(const vs_metric_list *ml, const char *name)
{
    for (int i = 0; i < ml->n; i++)
        if (strcmp(ml->items[i].name, name) == 0)
            return ml->items[i].value;
    return NAN;
}

static const vs_score_row *stored_score(const vs_score_list *sl, const char *id)
{
    for (int i = 0; i < sl->n; i++)
        if (strcmp(sl->items[i].target_id, id) == 0)
            return &sl->items[i];
    return NULL;
}

static void check_store(vs_ctx *ctx, vs_store *st, const fixture *f)
{
    vs_metric_list *ml = NULL;
    vs_score_list *sl = NULL;
    vs_unit_values *uv = NULL;
    int p = find(f, "mammography");
    VT_CHECK(p >= 0);
    if (p < 0)
        return;
    const vs_screening_result_programme *q = &f->res->programmes[p];
    VT_EQ_INT(vs_store_read_metrics(ctx, st, 1, &ml), VS_OK);
    VT_EQ_INT(vs_store_read_scorecard(ctx, st, 1, &sl), VS_OK);
    VT_EQ_INT(vs_store_read_unit_values(ctx, st, VS_STORE_AREA, 1, f->rg->base_year,
                                        "screening_mammography_coverage", &uv), VS_OK);
    if (ml && sl && uv) {
        VT_NEAR(stored_metric(ml, "screening_mammography_eligible"), q->eligible, 0);
        VT_NEAR(stored_metric(ml, "screening_mammography_participants_per_year"),
                q->participants_per_year, 0);
        VT_CHECK(isnan(stored_metric(ml, "screening_mammography_cost_sek"))); /* NOT FOUND */
        const vs_score_row *c = stored_score(sl, "coverage_mammography");
        const vs_score_row *low = stored_score(sl, "coverage_mammography_lowest_cni_decile");
        VT_CHECK(c && low);
        double lowest = INFINITY;
        for (int k = 0; k < 10; k++)
            lowest = fmin(lowest, q->coverage_by_cni_decile[k]);
        if (c && low) {
            VT_NEAR(c->value, f->sp->programmes[p].coverage, 0);
            VT_NEAR(low->value, lowest, 0);
            VT_EQ_INT(low->met, lowest >= c->target_value);
        }
        VT_EQ_INT(uv->n, f->rg->n_areas);
        int bad = 0;
        for (int i = 0; i < uv->n; i++) {
            int a = vs_region_find_area(f->rg, uv->items[i].id);
            bad += a < 0 || uv->items[i].value != q->area_coverage[a];
        }
        VT_EQ_INT(bad, 0);
    }
    vs_unit_values_free(uv);
    vs_score_list_free(sl);
    vs_metric_list_free(ml);
}

static void test_stage(void)
{
    char dir[] = "/tmp/vt_screening_XXXXXX";
    if (!mkdtemp(dir)) {
        VT_CHECK(0);
        return;
    }
    char out[64], db[96];
    snprintf(out, sizeof out, "%s/run", dir);
    snprintf(db, sizeof db, "%s/results.sqlite", out);
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_run_models_options mo = {"data", "screening", 0, 0};
    vt_run_pipeline(ctx, &mo, "scenarios/today.yaml", out, NULL, NULL);
    fixture f;
    memset(&f, 0, sizeof f);
    vs_ctx_create(&f.ctx);
    vs_need_reference *ref = NULL;
    vs_need_options o;
    vs_need_options_init(&o);
    vs_store *st = NULL;
    vs_status s;
    if ((s = vs_region_load(f.ctx, "data/stockholm", &f.rg)) ||
        (s = vs_need_params_load(f.ctx, "data/parameters", &f.np)) ||
        (s = vs_need_reference_load(f.ctx, "data/national/deso_2022.csv", &ref)) ||
        ((o.reference = ref), (s = vs_need_compute(f.ctx, f.rg, f.np, &o, &f.need))) ||
        (s = vs_screening_params_load(f.ctx, "data/parameters", &f.sp)) ||
        (s = vs_screening_data_load(f.ctx, f.rg, &f.data)) ||
        (s = vs_screening_compute(f.ctx, f.rg, f.need, f.sp, f.data, &f.res)) ||
        (s = vs_store_open(ctx, db, 0, &st)))
        fprintf(stderr, "stage test: %s / %s\n", vs_ctx_message(f.ctx), vs_ctx_message(ctx));
    VT_EQ_INT(s, VS_OK);
    if (!s)
        check_store(ctx, st, &f);
    vs_store_close(st);
    vs_need_reference_destroy(ref);
    release(&f);
    vs_ctx_destroy(ctx);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
}

int main(void)
{
    test_eligible();
    test_coverage();
    test_deciles();
    test_errors();
    test_stockholm();
    test_stage();
    return vt_done();
}
