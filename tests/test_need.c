/* Unit tests of the need model: CNI (SCB's worked example, hand-computed
 * small regions, national standardisation, renormalisation when a criterion
 * is missing, delivered values), expected demand, and parameter-file errors.
 * Run from the source directory (ctest sets it). */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vardsim/need.h"
#include "vardsim/vardsim.h"
#include "vt.h"

#define TD "tests/data/need"

static vs_need_params *load_params(vs_ctx *ctx)
{
    vs_need_params *p = NULL;
    vs_status st = vs_need_params_load(ctx, "data/parameters", &p);
    if (st)
        fprintf(stderr, "params: %s\n", vs_ctx_message(ctx));
    VT_EQ_INT(st, VS_OK);
    return p;
}

/* SCB's published example (care_need_index.csv, cni_example_unit1/2): the
 * weights must give SCB's printed index (22,709 and 7,869, truncated) and
 * CNI 1.5513 / 1.3204 with SCB's reference value 2.476. */
static void test_scb_example(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_need_params *p = load_params(ctx);
    if (!p) {
        vs_ctx_destroy(ctx);
        return;
    }
    int used[VS_CNI_NVARS] = {1, 1, 1, 1, 1, 1, 1};
    static const int64_t c1[VS_CNI_NVARS] = {595, 1391, 484, 167, 385, 981, 632};
    static const int64_t c2[VS_CNI_NVARS] = {293, 330, 215, 80, 240, 300, 210};
    vs_need_inputs u1 = {{0}, 5912, {0}}, u2 = {{0}, 2407, {0}};
    for (int v = 0; v < VS_CNI_NVARS; v++) {
        u1.count[v] = c1[v];
        u2.count[v] = c2[v];
    }
    double h1, h2, cni1, cni2;
    VT_EQ_INT(vs_need_cni_hits(ctx, 1, &u1, p->cni_weight, used, &h1), VS_OK);
    VT_EQ_INT(vs_need_cni_hits(ctx, 1, &u2, p->cni_weight, used, &h2), VS_OK);
    VT_NEAR(h1 * 5912, 22709.42, 1e-12); /* sum w_i n_i by hand: 22,709.42 */
    VT_NEAR(h2 * 2407, 7869.74, 1e-12);
    VT_EQ_INT((long long)floor(h1 * 5912), 22709); /* SCB prints the integer part */
    VT_EQ_INT((long long)floor(h2 * 2407), 7869);
    VT_EQ_INT(vs_need_cni_one(ctx, &u1, p->cni_weight, used, 2.476, &cni1), VS_OK);
    VT_EQ_INT(vs_need_cni_one(ctx, &u2, p->cni_weight, used, 2.476, &cni2), VS_OK);
    VT_NEAR(cni1, 1.5513, 1e-4); /* SCB prints 4 decimals */
    VT_NEAR(cni2, 1.3204, 1e-4);
    VT_NEAR(p->cni_threshold, 1.7, 0);
    vs_need_params_destroy(p);
    vs_ctx_destroy(ctx);
}

/* CNI from some criteria, standardised with the weight of those available
 * (docs/need.md, "Missing criteria"): 1 + share x (CNI of those used - 1).
 * SH3: under 5, foreign born, low education (12.92 of 32.58); SH2: under 5
 * and low education (7.2 of 32.58). */
#define SH3(c) (1.0 + 12.92 / 32.58 * ((c)-1.0))
#define SH2(c) (1.0 + 7.2 / 32.58 * ((c)-1.0))

/* Hand-computed CNI of the 4-area test region standardised on itself.
 * Weights 3.23 (under 5), 5.72 (foreign born), 3.97 (low education);
 * hits A1 = 3.23*10 + 5.72*17 + 3.97*8 = 161.3, A2 = 738.2, A3 = 32.3,
 * A4 = 519.5; total 1451.3 over 710 residents. */
static void test_cni_small(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_need_params *p = load_params(ctx);
    vs_region *r = NULL;
    VT_EQ_INT(vs_region_load(ctx, TD "/region", &r), VS_OK);
    if (!p || !r)
        goto out;
    vs_need_result *res = NULL;
    VT_EQ_INT(vs_need_compute(ctx, r, p, NULL, &res), VS_OK);
    if (!res)
        goto out;
    double C = 1451.3 / 710.0;
    VT_NEAR(res->reference_hits * 12.92 / 32.58, C, 1e-12); /* rescaled weights */
    VT_NEAR(res->cni_weight_share, 12.92 / 32.58, 1e-15);
    VT_NEAR(res->areas[0].cni, SH3(161.3 / 170.0 / C), 1e-12);
    VT_NEAR(res->areas[1].cni, SH3(738.2 / 180.0 / C), 1e-12);
    VT_NEAR(res->areas[2].cni, SH3(32.3 / 170.0 / C), 1e-12);
    VT_NEAR(res->areas[3].cni, SH3(519.5 / 190.0 / C), 1e-12);
    VT_NEAR(res->cni_mean, 1.0, 1e-12); /* standardised on itself */
    /* criteria: under5, foreign_born (proxy), low_education used; others out */
    VT_CHECK(res->used[VS_CNI_UNDER5] && res->used[VS_CNI_FOREIGN_BORN] &&
             res->used[VS_CNI_LOW_EDUCATION]);
    VT_CHECK(!res->used[VS_CNI_65PLUS_ALONE] && !res->used[VS_CNI_SINGLE_PARENT] &&
             !res->used[VS_CNI_MOVED_IN] && !res->used[VS_CNI_UNEMPLOYED]);
    VT_CHECK(res->proxy[VS_CNI_FOREIGN_BORN] && !res->proxy[VS_CNI_UNDER5]);
    double ws = 0;
    for (int v = 0; v < VS_CNI_NVARS; v++)
        ws += res->weight_used[v];
    VT_NEAR(ws, 32.58, 1e-12);
    /* municipality M1 = (170 CNI_A1 + 180 CNI_A2) / 350 */
    VT_NEAR(res->municipalities[0].cni,
            (170 * res->areas[0].cni + 180 * res->areas[1].cni) / 350.0, 1e-12);
    /* above 1.7: none (A2, the highest, has 1 + 0.3966 x 1.006 = 1.399) */
    VT_EQ_INT(res->n_above_threshold, 0);
    VT_CHECK(!res->areas[1].above_threshold);
    VT_EQ_INT(res->pop_above_threshold, 0);
    VT_EQ_INT(res->municipalities[0].n_above_threshold, 0);
    /* deciles of population, ranked A3 < A1 < A4 < A2; cumulative midpoints
     * 85, 255, 450, 615 of 710 -> deciles 2, 4, 7, 9 */
    VT_EQ_INT(res->areas[2].decile, 2);
    VT_EQ_INT(res->areas[0].decile, 4);
    VT_EQ_INT(res->areas[3].decile, 7);
    VT_EQ_INT(res->areas[1].decile, 9);
    VT_EQ_INT(res->deciles[8].population, 180);
    VT_EQ_INT(res->deciles[0].n_areas, 0);
    vs_need_result_destroy(res);
out:
    vs_region_destroy(r);
    vs_need_params_destroy(p);
    vs_ctx_destroy(ctx);
}

/* Standardising on a reference: C comes from the reference (6 areas), and
 * the reference's own population-weighted mean CNI is exactly 1. */
static void test_reference(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_need_params *p = load_params(ctx);
    vs_region *r = NULL;
    vs_need_reference *ref = NULL;
    VT_EQ_INT(vs_region_load(ctx, TD "/region", &r), VS_OK);
    VT_EQ_INT(vs_need_reference_load(ctx, TD "/reference.csv", &ref), VS_OK);
    if (!p || !r || !ref)
        goto out;
    vs_need_options opt;
    vs_need_options_init(&opt);
    opt.reference = ref;
    vs_need_result *res = NULL;
    VT_EQ_INT(vs_need_compute(ctx, r, p, &opt, &res), VS_OK);
    if (!res)
        goto out;
    /* R5 hits 3.23*5 + 5.72*10 + 3.97*4 = 89.23 over 325; R6 129.2 + 1144 +
     * 238.2 = 1511.4 over 360 */
    double C = (1451.3 + 89.23 + 1511.4) / (710.0 + 325 + 360);
    VT_NEAR(res->reference_hits * 12.92 / 32.58, C, 1e-12);
    VT_NEAR(res->areas[1].cni, SH3(738.2 / 180.0 / C), 1e-12);
    VT_EQ_INT(res->reference_areas, 6);
    VT_EQ_INT(res->reference_population, 1395);
    double num = 0, den = 0;
    for (int k = 0; k < ref->n; k++) {
        double c;
        VT_EQ_INT(vs_need_cni_one(ctx, &ref->areas[k], res->weight_used, res->used,
                                  res->reference_hits, &c),
                  VS_OK);
        num += c * (double)ref->areas[k].population;
        den += (double)ref->areas[k].population;
    }
    VT_NEAR(num / den, 1.0, 1e-12);
    vs_need_result_destroy(res);
out:
    vs_need_reference_destroy(ref);
    vs_region_destroy(r);
    vs_need_params_destroy(p);
    vs_ctx_destroy(ctx);
}

/* The shipped data: the national mean CNI over all 5,984 DeSO is 1, and a
 * Stockholm area gets the same CNI as its row in the national file. */
static void test_national(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_need_params *p = load_params(ctx);
    vs_region *r = NULL;
    vs_need_reference *ref = NULL;
    VT_EQ_INT(vs_region_load(ctx, "data/stockholm", &r), VS_OK);
    VT_EQ_INT(vs_need_reference_load(ctx, "data/national/deso_2022.csv", &ref), VS_OK);
    if (!p || !r || !ref)
        goto out;
    VT_EQ_INT(ref->n, 5984);
    VT_EQ_INT(ref->population, 10521556);
    vs_need_options opt;
    vs_need_options_init(&opt);
    opt.reference = ref;
    vs_need_result *res = NULL;
    VT_EQ_INT(vs_need_compute(ctx, r, p, &opt, &res), VS_OK);
    if (!res)
        goto out;
    double num = 0, den = 0;
    int matched = 0;
    for (int k = 0; k < ref->n; k++) {
        double c;
        vs_need_cni_one(ctx, &ref->areas[k], res->weight_used, res->used, res->reference_hits,
                        &c);
        num += c * (double)ref->areas[k].population;
        den += (double)ref->areas[k].population;
    }
    VT_NEAR(num / den, 1.0, 1e-12);
    /* national file rows are in the same order as the region's sorted ids for
     * Stockholm (codes 01...), which come first */
    for (int a = 0; a < r->n_areas; a++) {
        double c;
        vs_need_cni_one(ctx, &ref->areas[a], res->weight_used, res->used, res->reference_hits,
                        &c);
        c = vs_need_cni_standardise(c, res->cni_weight_share);
        matched += fabs(c - res->areas[a].cni) <= 1e-12 * fmax(1.0, c);
    }
    VT_EQ_INT(matched, r->n_areas);
    /* need factor with elasticity 0: national rate x population exactly */
    VT_NEAR(res->total[VS_SERVICE_DOCTOR], 1.4821 * 2440027.0, 1e-12);
    VT_CHECK(!res->service_available[VS_SERVICE_NURSE]);
    VT_CHECK(isnan(res->total[VS_SERVICE_NURSE]));
    vs_need_result_destroy(res);
out:
    vs_need_reference_destroy(ref);
    vs_region_destroy(r);
    vs_need_params_destroy(p);
    vs_ctx_destroy(ctx);
}

/* A criterion missing in the region is left out, the remaining weights are
 * rescaled to the full sum, and the CNI equals the one computed from the
 * remaining raw weights (the rescaling cancels in the ratio). */
static void test_renormalise(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_need_params *p = load_params(ctx);
    vs_region *r = NULL;
    VT_EQ_INT(vs_region_load(ctx, TD "/region_nofb", &r), VS_OK);
    if (!p || !r)
        goto out;
    vs_need_result *res = NULL;
    VT_EQ_INT(vs_need_compute(ctx, r, p, NULL, &res), VS_OK);
    if (!res)
        goto out;
    VT_CHECK(!res->used[VS_CNI_FOREIGN_BORN] && !res->proxy[VS_CNI_FOREIGN_BORN]);
    VT_CHECK(res->used[VS_CNI_UNDER5] && res->used[VS_CNI_LOW_EDUCATION]);
    VT_NEAR(res->weight_used[VS_CNI_UNDER5], 3.23 * 32.58 / (3.23 + 3.97), 1e-12);
    VT_NEAR(res->weight_used[VS_CNI_LOW_EDUCATION], 3.97 * 32.58 / (3.23 + 3.97), 1e-12);
    /* hits with raw weights: A1 32.3 + 31.76 = 64.06, A2 64.6 + 158.8 = 223.4,
     * A3 32.3, A4 96.9 + 79.4 = 176.3; total 496.06 over 710 */
    double C = 496.06 / 710.0;
    VT_NEAR(res->areas[0].cni, SH2(64.06 / 170.0 / C), 1e-12);
    VT_NEAR(res->areas[1].cni, SH2(223.4 / 180.0 / C), 1e-12);
    VT_NEAR(res->areas[3].cni, SH2(176.3 / 190.0 / C), 1e-12);
    vs_need_result_destroy(res);

    /* present in the region but not in the reference: also left out */
    vs_region *full = NULL;
    vs_need_reference *ref = NULL;
    char path[] = "/tmp/vs_need_refXXXXXX";
    int fd = mkstemp(path);
    VT_CHECK(fd >= 0);
    if (fd >= 0) {
        FILE *f = fdopen(fd, "w");
        fprintf(f, "area_id");
        for (int b = 0; b < VS_AGE_BANDS; b++)
            fprintf(f, ",%s", vs_age_band_column(b));
        fprintf(f, ",pop_25_64,low_education_25_64\nR1");
        for (int b = 0; b < VS_AGE_BANDS; b++)
            fprintf(f, ",%d", b == 0 ? 10 : 20);
        fprintf(f, ",160,16\n");
        fclose(f);
    }
    VT_EQ_INT(vs_region_load(ctx, TD "/region", &full), VS_OK);
    VT_EQ_INT(vs_need_reference_load(ctx, path, &ref), VS_OK);
    if (full && ref) {
        vs_need_options opt;
        vs_need_options_init(&opt);
        opt.reference = ref;
        VT_EQ_INT(vs_need_compute(ctx, full, p, &opt, &res), VS_OK);
        if (res) {
            VT_CHECK(!res->used[VS_CNI_FOREIGN_BORN]);
            /* C = (3.23*10 + 3.97*16) / 330 */
            VT_NEAR(res->areas[1].cni, SH2(223.4 / 180.0 / ((32.3 + 63.52) / 330.0)), 1e-12);
            vs_need_result_destroy(res);
        }
    }
    unlink(path);
    vs_need_reference_destroy(ref);
    vs_region_destroy(full);
out:
    vs_region_destroy(r);
    vs_need_params_destroy(p);
    vs_ctx_destroy(ctx);
}

/* Delivered CNI replaces the computed value; an unknown id is an error at
 * the file's line. */
static void test_delivered(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_need_params *p = load_params(ctx);
    vs_region *r = NULL;
    vs_cni_table *t = NULL, *bad = NULL;
    VT_EQ_INT(vs_region_load(ctx, TD "/region", &r), VS_OK);
    VT_EQ_INT(vs_cni_table_load(ctx, TD "/delivered_cni.csv", &t), VS_OK);
    VT_EQ_INT(vs_cni_table_load(ctx, TD "/delivered_cni_unknown.csv", &bad), VS_OK);
    if (!p || !r || !t || !bad)
        goto out;
    vs_need_options opt;
    vs_need_options_init(&opt);
    opt.delivered = t;
    vs_need_result *res = NULL;
    VT_EQ_INT(vs_need_compute(ctx, r, p, &opt, &res), VS_OK);
    if (res) {
        VT_NEAR(res->areas[2].cni, 1.9, 0);
        VT_EQ_INT(res->areas[2].cni_delivered, 1);
        VT_EQ_INT(res->n_delivered, 1);
        /* delivered values are taken as delivered (no standardisation) */
        VT_EQ_INT(res->n_above_threshold, 1);
        vs_need_result_destroy(res);
        res = NULL;
    }
    opt.delivered = bad;
    VT_EQ_INT(vs_need_compute(ctx, r, p, &opt, &res), VS_EINPUT);
    VT_EQ_STR(vs_ctx_message(ctx), TD "/delivered_cni_unknown.csv:3: field id: unknown area id "
                                      "'X9' (not an area of region 'Need test region')");
    VT_CHECK(res == NULL);
out:
    vs_cni_table_destroy(t);
    vs_cni_table_destroy(bad);
    vs_region_destroy(r);
    vs_need_params_destroy(p);
    vs_ctx_destroy(ctx);
}

/* Demand: D = sum_b P_b r_b x CNI^e / M with M normalising over the
 * reference (here the region), so the total does not depend on e. */
static void test_demand(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_need_params *p = load_params(ctx);
    vs_region *r = NULL;
    VT_EQ_INT(vs_region_load(ctx, TD "/region", &r), VS_OK);
    if (!p || !r)
        goto out;
    vs_need_options opt;
    vs_need_options_init(&opt);
    vs_need_result *r0 = NULL, *r2 = NULL;
    VT_EQ_INT(vs_need_compute(ctx, r, p, &opt, &r0), VS_OK);
    opt.elasticity_override = 2.0;
    VT_EQ_INT(vs_need_compute(ctx, r, p, &opt, &r2), VS_OK);
    if (!r0 || !r2)
        goto done;
    /* e = 0: doctor visits = 1.4821 x population */
    VT_NEAR(r0->areas[0].expected[VS_SERVICE_DOCTOR], 1.4821 * 170, 1e-12);
    VT_NEAR(r0->total[VS_SERVICE_DOCTOR], 1.4821 * 710, 1e-12);
    /* ED: 20-79 bands (12 x 10 residents) x 0.19904 + 80+ (10) x 0.56324 */
    VT_NEAR(r0->areas[0].expected[VS_SERVICE_ED], 120 * 0.19904 + 10 * 0.56324, 1e-12);
    /* admissions: 0-64 (13 bands) and 65+ (4 bands); bed-days x 4.3 */
    double adm_a2 = (20 + 12 * 10) * 0.082334 + 40 * 0.32113;
    VT_NEAR(r0->areas[1].expected[VS_SERVICE_ADMISSIONS], adm_a2, 1e-12);
    VT_NEAR(r0->areas[1].expected[VS_SERVICE_BED_DAYS], adm_a2 * 4.3, 1e-12);
    /* e = 2: f = CNI^2 / M, M = sum E CNI^2 / sum E */
    double num = 0, den = 0;
    for (int a = 0; a < 4; a++) {
        double e = r2->areas[a].age_expected[VS_SERVICE_DOCTOR];
        num += e * r2->areas[a].cni * r2->areas[a].cni;
        den += e;
    }
    VT_NEAR(r2->service_norm[VS_SERVICE_DOCTOR], num / den, 1e-12);
    VT_NEAR(r2->areas[1].expected[VS_SERVICE_DOCTOR],
            1.4821 * 180 * r2->areas[1].cni * r2->areas[1].cni / (num / den), 1e-12);
    for (int s = 0; s < VS_SERVICES; s++)
        if (s != VS_SERVICE_NURSE)
            VT_NEAR(r2->total[s], r0->total[s], 1e-12);
    /* higher CNI gets more with e > 0 (A2 has the highest CNI) */
    VT_CHECK(r2->areas[1].expected[VS_SERVICE_DOCTOR] > r0->areas[1].expected[VS_SERVICE_DOCTOR]);
    VT_CHECK(r2->areas[2].expected[VS_SERVICE_DOCTOR] < r0->areas[2].expected[VS_SERVICE_DOCTOR]);
    /* per band: P_b r_b f */
    VT_NEAR(vs_need_expected_band(r2, r, p, 1, VS_SERVICE_DOCTOR, 0),
            20 * 1.4821 * r2->areas[1].need_factor[VS_SERVICE_DOCTOR], 1e-12);
    VT_NEAR(vs_need_expected_band(r2, r, p, 1, VS_SERVICE_ED, 0), 0.0, 0);
    VT_CHECK(isnan(vs_need_expected_band(r2, r, p, 1, VS_SERVICE_NURSE, 0)));
    /* negative elasticity is refused */
    opt.elasticity_override = -1;
    vs_need_result *rn = NULL;
    VT_EQ_INT(vs_need_compute(ctx, r, p, &opt, &rn), VS_EUSAGE);
done:
    vs_need_result_destroy(r0);
    vs_need_result_destroy(r2);
out:
    vs_region_destroy(r);
    vs_need_params_destroy(p);
    vs_ctx_destroy(ctx);
}

/* ---- bad parameter files ------------------------------------------------ */

static void put(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static const char *const files[4] = {"care_need_index.csv", "demand_rates.csv", "allocation.csv",
                                      "budget.csv"};

/* Write the shipped files into dir, with file `which` replaced by `text`, and
 * check that loading fails with `message` (dir prefix stripped). */
static void expect_bad(const char *dir, int which, const char *text, const char *message)
{
    for (int i = 0; i < 4; i++) {
        char src[256];
        snprintf(src, sizeof src, "data/parameters/%s", files[i]);
        char *s = i == which ? NULL : vt_slurp(src);
        put(dir, files[i], i == which ? text : s ? s : "");
        free(s);
    }
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_need_params *p = NULL;
    VT_EQ_INT(vs_need_params_load(ctx, dir, &p), VS_EINPUT);
    VT_CHECK(p == NULL);
    const char *m = vs_ctx_message(ctx);
    size_t k = strlen(dir);
    VT_CHECK(strncmp(m, dir, k) == 0);
    VT_EQ_STR(strncmp(m, dir, k) == 0 ? m + k : m, message);
    vs_ctx_destroy(ctx);
}

#define HDR "parameter,value,unit,year,geography,source,note\n"
#define W7                                                                                      \
    "cni_weight_under5,3.23,w,2003,S,src,n\ncni_weight_foreign_born,5.72,w,2003,S,src,n\n"     \
    "cni_weight_65plus_living_alone,6.15,w,2003,S,src,n\ncni_weight_single_parent,4.19,w,2003," \
    "S,src,n\ncni_weight_moved_in,4.19,w,2003,S,src,n\ncni_weight_unemployed,5.13,w,2003,S,src,"  \
    "n\ncni_weight_low_education,3.97,w,2003,S,src,n\n"
#define RATES                                                                                   \
    "rate_doctor_visits_0_plus,1.4,v,2015,S,src,n\nrate_nurse_visits_0_plus,,v,,S,NOT FOUND,n\n" \
    "rate_ed_visits_0_19,,v,,S,NOT FOUND,n\nrate_ed_visits_20_plus,0.2,v,2023,S,src,n\n"          \
    "rate_admissions_0_plus,0.13,v,2022,S,src,n\n"

/* REGION/parameters/budget.csv with `text` (NULL: no file); the status of
 * vs_need_budget_load and, for an error, the message after the region dir. */
static vs_status region_budget(const char *dir, const char *text, vs_need_params *p,
                               const char **msg)
{
    char sub[512], path[600];
    snprintf(sub, sizeof sub, "%s/parameters", dir);
    mkdir(sub, 0700);
    snprintf(path, sizeof path, "%s/budget.csv", sub);
    unlink(path);
    if (text)
        put(sub, "budget.csv", text);
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_status st = vs_need_budget_load(ctx, dir, p);
    static char m[1024];
    const char *full = vs_ctx_message(ctx);
    size_t k = strlen(dir);
    snprintf(m, sizeof m, "%s", strncmp(full, dir, k) == 0 ? full + k : full);
    *msg = m;
    vs_ctx_destroy(ctx);
    unlink(path);
    rmdir(sub);
    return st;
}

/* The region's budget rows: read from the region, missing without the file
 * (never another region's), and FILE:LINE: field errors. */
static void test_region_budget(void)
{
    char dir[] = "/tmp/vs_need_budgetXXXXXX";
    if (!mkdtemp(dir)) {
        VT_CHECK(0);
        return;
    }
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_need_params *p = NULL;
    VT_EQ_INT(vs_need_params_load(ctx, "data/parameters", &p), VS_OK);
    if (p) {
        const char *m;
        /* Stockholm's own file */
        VT_EQ_INT(vs_need_budget_load(ctx, "data/stockholm", p), VS_OK);
        VT_EQ_INT(p->n_budget_years, 4);
        VT_NEAR(p->huslakaruppdrag_msek, 6669, 0);
        /* a region without the file: missing, not Stockholm's */
        VT_EQ_INT(region_budget(dir, NULL, p, &m), VS_OK);
        VT_EQ_INT(p->n_budget_years, 0);
        VT_CHECK(isnan(p->huslakaruppdrag_msek));
        vs_pc_share ps;
        VT_EQ_INT(vs_need_pc_share(ctx, p, 0, NAN, &ps), VS_EINPUT);
        VT_CHECK(strstr(vs_ctx_message(ctx), "field hsn_appropriation: missing") != NULL);
        VT_EQ_INT(region_budget(dir, HDR "hsn_appropriation,100,MSEK,2025,S,src,n\n"
                                         "hsn_appropriation,100,MSEK,2025,S,src,n\n",
                                p, &m),
                  VS_EINPUT);
        VT_EQ_STR(m, "/parameters/budget.csv:3: field year: hsn_appropriation for 2025 given "
                     "twice (first on line 2)");
        VT_EQ_INT(region_budget(dir, HDR "hsn_appropriation,100,MSEK,next,S,src,n\n", p, &m),
                  VS_EINPUT);
        VT_EQ_STR(m, "/parameters/budget.csv:2: field year: 'next' is not an integer");
        VT_EQ_INT(region_budget(dir, HDR "pvn_appropriation,-3,MSEK,2025,S,src,n\n", p, &m),
                  VS_EINPUT);
        VT_EQ_STR(m, "/parameters/budget.csv:2: field value: value -3 is out of range [1e-09, "
                     "1e+09]");
        VT_EQ_INT(p->n_budget_years, 0); /* a failed read leaves nothing half-read */
        VT_EQ_INT(region_budget(dir, HDR "pvn_appropriation,300,MSEK,2025,S,src,n\n"
                                         "hsn_appropriation,700,MSEK,2025,S,src,n\n",
                                p, &m),
                  VS_OK);
        VT_EQ_INT(vs_need_pc_share(ctx, p, 2025, 0.0, &ps), VS_OK);
        VT_NEAR(ps.share, 0.3, 1e-15);
    }
    vs_need_params_destroy(p);
    vs_ctx_destroy(ctx);
    rmdir(dir);
}

static void test_bad_params(void)
{
    char dir[] = "/tmp/vs_need_paramsXXXXXX";
    if (!mkdtemp(dir)) {
        VT_CHECK(0);
        return;
    }
    expect_bad(dir, 0, W7 "cni_support_threshold,1.7,c,2025,S,src,n\n",
               "/care_need_index.csv:1: field parameter: required column is missing from the "
               "header");
    expect_bad(dir, 0, HDR W7, "/care_need_index.csv: field cni_support_threshold: row missing");
    expect_bad(dir, 0, HDR "cni_weight_under5,abc,w,2003,S,src,n\n",
               "/care_need_index.csv:2: field value: 'abc' is not a number");
    expect_bad(dir, 0, HDR "cni_weight_under5,-1,w,2003,S,src,n\n",
               "/care_need_index.csv:2: field value: value -1 is out of range [1e-09, 1000]");
    expect_bad(dir, 0, HDR "cni_weight_under5,3,w,2003,S,src,n\ncni_weight_under5,3,w,2003,S,s,n\n",
               "/care_need_index.csv:3: field parameter: 'cni_weight_under5' given twice (first "
               "on line 2)");
    expect_bad(dir, 0, HDR "cni_weight_under_5,3,w,2003,S,src,n\n",
               "/care_need_index.csv:2: field parameter: unknown CNI criterion 'under_5' "
               "(expected cni_weight_ followed by under5, foreign_born, 65plus_living_alone, "
               "single_parent, moved_in, unemployed or low_education)");
    expect_bad(dir, 0, HDR "cni_weight_under5,3.23,w,2003,S,src,n\n",
               "/care_need_index.csv: field cni_weight_foreign_born: row missing (all seven "
               "weights are needed)");
    expect_bad(dir, 1, HDR RATES "rate_doctor_visits_20_24,1,v,x,S,src,n\n",
               "/demand_rates.csv:7: field parameter: age band 20-24 already given on line 2");
    expect_bad(dir, 1, HDR "rate_doctor_visits_3_10,1,v,x,S,src,n\n",
               "/demand_rates.csv:2: field parameter: 'rate_doctor_visits_3_10': age range "
               "'3_10' must be LO_HI or LO_plus on the 5-year bands (for example 20_79, 0_4, "
               "65_plus)");
    expect_bad(dir, 1, HDR "rate_gp_visits_0_plus,1,v,x,S,src,n\n",
               "/demand_rates.csv:2: field parameter: unknown parameter 'rate_gp_visits_0_plus' "
               "(expected rate_<service>_<ages>, alos_days_<ages> or need_elasticity_<service>, "
               "service one of doctor_visits, nurse_visits, ed_visits, admissions)");
    expect_bad(dir, 1, HDR "rate_doctor_visits_0_79,1,v,x,S,src,n\n",
               "/demand_rates.csv: field rate_doctor_visits: age band 80+ not given (every band "
               "must be covered once; leave the value empty for a band without data)");
    expect_bad(dir, 1, HDR RATES "alos_days_0_plus,0,d,x,S,src,n\n",
               "/demand_rates.csv:7: field value: value 0 is out of range [1e-06, 3650]");
    expect_bad(dir, 1, HDR RATES "alos_days_0_plus,5,d,x,S,src,n\n"
                                 "need_elasticity_doctor_visits,0.5,e,x,S,src,n\n"
                                 "need_elasticity_doctor_visits,1,e,x,S,src,n\n",
               "/demand_rates.csv:9: field parameter: 'need_elasticity_doctor_visits' given "
               "twice (first on line 8)");
    expect_bad(dir, 1, HDR RATES "alos_days_0_plus,5,d,x,S,src,n\n"
                                 "rate_doctor_visits_0_plus,1.4,v,2015,S,src\n",
               "/demand_rates.csv:8: field note: record has 6 fields but the header has 7 "
               "(truncated line?)");
    expect_bad(dir, 2, HDR "alloc_cni_share,1.5,s,x,S,src,n\n",
               "/allocation.csv:2: field value: value 1.5 is out of range [0, 1]");
    expect_bad(dir, 2, HDR "alloc_cni_share,0.1,s,x,S,src,n\n",
               "/allocation.csv: field alloc_supplement_share: row missing (leave the value "
               "empty for a user-supplied share)");
    expect_bad(dir, 3, HDR "hsn_appropriation,100,MSEK,2025,S,src,n\n",
               "/budget.csv:2: field parameter: 'hsn_appropriation' is a region's own figure: it "
               "belongs in REGION/parameters/budget.csv (docs/need.md)");
    expect_bad(dir, 3, HDR "primary_care_share_sweden,0.17,s,2023,S,src,n\n",
               "/budget.csv: field primary_care_share_target: row missing");
    for (int i = 0; i < 4; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
}

/* Bad reference and delivered-CNI files. */
static void test_bad_inputs(void)
{
    char path[] = "/tmp/vs_need_badXXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        VT_CHECK(0);
        return;
    }
    close(fd);
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    char want[600];
    vs_cni_table *t = NULL;
    put("/", path + 1, "id,cni\nA1,1.2\nA2,-0.5\n");
    VT_EQ_INT(vs_cni_table_load(ctx, path, &t), VS_EINPUT);
    snprintf(want, sizeof want, "%s:3: field cni: value -0.5 is out of range [0, 100]", path);
    VT_EQ_STR(vs_ctx_message(ctx), want);
    put("/", path + 1, "id,cni\nA1,1.2\nA1,1.5\n");
    VT_EQ_INT(vs_cni_table_load(ctx, path, &t), VS_EINPUT);
    snprintf(want, sizeof want, "%s:3: field id: duplicate id 'A1' (first on line 2)", path);
    VT_EQ_STR(vs_ctx_message(ctx), want);
    put("/", path + 1, "area,cni\nA1,1.2\n");
    VT_EQ_INT(vs_cni_table_load(ctx, path, &t), VS_EINPUT);
    snprintf(want, sizeof want, "%s:1: field id: required column is missing from the header",
             path);
    VT_EQ_STR(vs_ctx_message(ctx), want);
    VT_CHECK(t == NULL);

    vs_need_reference *ref = NULL;
    char text[2048];
    size_t o = (size_t)snprintf(text, sizeof text, "area_id");
    for (int b = 0; b < VS_AGE_BANDS; b++)
        o += (size_t)snprintf(text + o, sizeof text - o, ",%s", vs_age_band_column(b));
    o += (size_t)snprintf(text + o, sizeof text - o, ",foreign_background\nR1");
    for (int b = 0; b < VS_AGE_BANDS; b++)
        o += (size_t)snprintf(text + o, sizeof text - o, ",1");
    snprintf(text + o, sizeof text - o, ",18\n");
    put("/", path + 1, text);
    VT_EQ_INT(vs_need_reference_load(ctx, path, &ref), VS_EINPUT);
    snprintf(want, sizeof want, "%s:2: field foreign_background: 18 exceeds the population (17)",
             path);
    VT_EQ_STR(vs_ctx_message(ctx), want);
    VT_CHECK(ref == NULL);
    unlink(path);
    vs_ctx_destroy(ctx);
}

int main(void)
{
    test_scb_example();
    test_cni_small();
    test_reference();
    test_national();
    test_renormalise();
    test_delivered();
    test_demand();
    test_bad_params();
    test_region_budget();
    test_bad_inputs();
    return vt_done();
}
