/* Unit tests of the allocation side of the need model: largest-remainder
 * rounding, the concentration index, the needs-based split (hand-computed
 * cases and properties) and the primary-care share. */
#include <stdlib.h>

#include "vardsim/need.h"
#include "vardsim/vardsim.h"
#include "vt.h"

/* Deterministic generator for the property tests (64-bit LCG, Knuth). */
static double lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) / 9007199254740992.0;
}

static void test_lrr(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    int64_t out[8];
    double w1[3] = {1, 1, 1};
    VT_EQ_INT(vs_need_round_largest_remainder(ctx, 3, w1, 10, out), VS_OK);
    VT_EQ_INT(out[0], 4); /* quotas 3.33 each; the tie goes to the lowest index */
    VT_EQ_INT(out[1], 3);
    VT_EQ_INT(out[2], 3);
    double w2[3] = {0.5, 0.3, 0.2}; /* quotas 3.5, 2.1, 1.4 -> 3, 2, 1 + 1 to the first */
    VT_EQ_INT(vs_need_round_largest_remainder(ctx, 3, w2, 7, out), VS_OK);
    VT_EQ_INT(out[0], 4);
    VT_EQ_INT(out[1], 2);
    VT_EQ_INT(out[2], 1);
    double w3[4] = {0, 2, 0, 2}; /* zero weights get nothing */
    VT_EQ_INT(vs_need_round_largest_remainder(ctx, 4, w3, 5, out), VS_OK);
    VT_EQ_INT(out[0], 0);
    VT_EQ_INT(out[1], 3);
    VT_EQ_INT(out[2], 0);
    VT_EQ_INT(out[3], 2);
    double bad[2] = {1, -1}, zero[2] = {0, 0};
    VT_EQ_INT(vs_need_round_largest_remainder(ctx, 2, bad, 5, out), VS_EUSAGE);
    VT_EQ_INT(vs_need_round_largest_remainder(ctx, 2, zero, 5, out), VS_EUSAGE);
    /* property: the sum is exact and each part is within 1 of its quota */
    uint64_t seed = 12345;
    enum { N = 997 };
    double *w = malloc(N * sizeof *w);
    int64_t *o = malloc(N * sizeof *o);
    int exact = 0, close = 0, trials = 50;
    for (int t = 0; t < trials; t++) {
        double sum = 0;
        for (int i = 0; i < N; i++) {
            w[i] = lcg(&seed) < 0.1 ? 0.0 : 1 + 5000 * lcg(&seed);
            sum += w[i];
        }
        int64_t total = (int64_t)(1e10 * lcg(&seed)) + 1000000007LL * t + 1;
        vs_need_round_largest_remainder(ctx, N, w, total, o);
        int64_t s = 0;
        int ok = 1;
        for (int i = 0; i < N; i++) {
            s += o[i];
            double q = (double)total * w[i] / sum;
            ok &= fabs((double)o[i] - q) < 1.0 + 1e-6 * q;
        }
        exact += s == total;
        close += ok;
    }
    VT_EQ_INT(exact, trials);
    VT_EQ_INT(close, trials);
    free(w);
    free(o);
    vs_ctx_destroy(ctx);
}

static void test_ci(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    double ci;
    /* two halves, y = 1 and 3, ranks 0.25 and 0.75: mu = 2,
     * CI = 2/2 (0.5*1*0.25 + 0.5*3*0.75) - 1 = 0.25 */
    double pop[3] = {50, 50, 0}, rank[3] = {1, 2, 3}, y[3] = {1, 3, 0};
    VT_EQ_INT(vs_need_concentration_index(ctx, 2, pop, rank, y, &ci), VS_OK);
    VT_NEAR(ci, 0.25, 1e-15);
    /* reversed ranking: -0.25 */
    double rrev[2] = {2, 1};
    VT_EQ_INT(vs_need_concentration_index(ctx, 2, pop, rrev, y, &ci), VS_OK);
    VT_NEAR(ci, -0.25, 1e-15);
    /* tied ranks share the mean rank: no relation, 0 */
    double rtie[2] = {1, 1};
    VT_EQ_INT(vs_need_concentration_index(ctx, 2, pop, rtie, y, &ci), VS_OK);
    VT_NEAR(ci, 0.0, 1e-15);
    /* constant y: 0 whatever the weights */
    double p4[4] = {10, 30, 5, 55}, r4[4] = {0.3, 2, 1.1, 0.9}, y4[4] = {7, 7, 7, 7};
    VT_EQ_INT(vs_need_concentration_index(ctx, 4, p4, r4, y4, &ci), VS_OK);
    VT_NEAR(ci, 0.0, 1e-15);
    /* unequal weights by hand: pop 1, 3 (w .25, .75), y 4, 0 with unit 1
     * ranked first: R = .125, .625; mu = 1; CI = 2 (.25*4*.125) - 1 = -0.75 */
    double p2[2] = {1, 3}, r2[2] = {0, 1}, y2[2] = {4, 0};
    VT_EQ_INT(vs_need_concentration_index(ctx, 2, p2, r2, y2, &ci), VS_OK);
    VT_NEAR(ci, -0.75, 1e-15);
    /* a zero-population unit does not count */
    VT_EQ_INT(vs_need_concentration_index(ctx, 3, pop, rank, y, &ci), VS_OK);
    VT_NEAR(ci, 0.25, 1e-15);
    double yz[2] = {0, 0};
    VT_EQ_INT(vs_need_concentration_index(ctx, 2, pop, rank, yz, &ci), VS_EUSAGE);
    vs_ctx_destroy(ctx);
}

/* Two units of 100 residents, CNI 1 and 2, budget 1,000 SEK, CNI share 0.1,
 * supplement share 0.1 above 1.5:
 *   capitation 800 -> 400 + 400
 *   CNI        100 -> 100*100/300 = 33.33 + 66.67
 *   supplement 100 -> 0 + 100 (only unit 2 is above 1.5)
 * exact 433.33 + 566.67 -> largest remainder 433 + 567. */
static void test_allocate_hand(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    double pop[2] = {100, 100}, cni[2] = {1, 2}, visits[2] = {150, 250};
    vs_alloc_units u = {2, pop, NULL, cni, NULL, visits};
    vs_alloc_params p = {0.1, 0.1, 0.0, 1.5};
    vs_alloc_result *r = NULL;
    VT_EQ_INT(vs_need_allocate(ctx, &u, &p, 1000, &r), VS_OK);
    if (r) {
        VT_EQ_INT(r->allocation_sek[0], 433);
        VT_EQ_INT(r->allocation_sek[1], 567);
        VT_NEAR(r->part_sek[VS_ALLOC_CAPITATION][0], 400, 1e-12);
        VT_NEAR(r->part_sek[VS_ALLOC_CNI][1], 200.0 / 3.0, 1e-12);
        VT_NEAR(r->part_sek[VS_ALLOC_SUPPLEMENT][0], 0, 0);
        VT_NEAR(r->part_sek[VS_ALLOC_SUPPLEMENT][1], 100, 1e-12);
        VT_NEAR(r->part_total_sek[VS_ALLOC_CAPITATION], 800, 1e-12);
        VT_EQ_INT(r->equal_per_capita_sek[0], 500);
        VT_EQ_INT(r->visit_based_sek[0], 375);
        VT_EQ_INT(r->visit_based_sek[1], 625);
        /* CI of allocation per resident (4.33, 5.67), halves: 2/mu * (.5*4.33*.25 +
         * .5*5.67*.75) - 1 with mu = 5 */
        VT_NEAR(r->ci_allocation, 2.0 / 5.0 * (0.5 * 4.33 * 0.25 + 0.5 * 5.67 * 0.75) - 1, 1e-12);
        VT_NEAR(r->ci_equal_per_capita, 0.0, 1e-15);
        /* need: CNI 1, 2, mu 1.5: 2/1.5 (.5*1*.25 + .5*2*.75) - 1 = 1/6 */
        VT_NEAR(r->ci_need, 1.0 / 6.0, 1e-12);
        vs_alloc_result_destroy(r);
        r = NULL;
    }
    /* nobody above the threshold: the supplement stays with capitation */
    p.threshold = 3.0;
    VT_EQ_INT(vs_need_allocate(ctx, &u, &p, 1000, &r), VS_OK);
    if (r) {
        VT_NEAR(r->part_total_sek[VS_ALLOC_SUPPLEMENT], 0, 0);
        VT_NEAR(r->part_total_sek[VS_ALLOC_CAPITATION], 900, 1e-12);
        VT_EQ_INT(r->allocation_sek[0] + r->allocation_sek[1], 1000);
        vs_alloc_result_destroy(r);
        r = NULL;
    }
    /* distance: 0.2 by pop x km (unit 2 three times as far) */
    double km[2] = {1, 3};
    vs_alloc_units ud = {2, pop, NULL, cni, km, NULL};
    vs_alloc_params pd = {0, 0, 0.2, 1.7};
    VT_EQ_INT(vs_need_allocate(ctx, &ud, &pd, 1000, &r), VS_OK);
    if (r) {
        VT_EQ_INT(r->allocation_sek[0], 450); /* 400 + 50 */
        VT_EQ_INT(r->allocation_sek[1], 550); /* 400 + 150 */
        VT_CHECK(r->visit_based_sek == NULL);
        VT_CHECK(isnan(r->ci_visit_based));
        vs_alloc_result_destroy(r);
        r = NULL;
    }
    /* age-weighted capitation: weights 1 : 3 */
    double aw[2] = {50, 150};
    vs_alloc_units ua = {2, pop, aw, cni, NULL, NULL};
    vs_alloc_params p0 = {0, 0, 0, 1.7};
    VT_EQ_INT(vs_need_allocate(ctx, &ua, &p0, 1001, &r), VS_OK);
    if (r) {
        VT_EQ_INT(r->allocation_sek[0], 250); /* 250.25 */
        VT_EQ_INT(r->allocation_sek[1], 751); /* 750.75 */
        vs_alloc_result_destroy(r);
        r = NULL;
    }
    /* usage errors */
    vs_alloc_params over = {0.6, 0.5, 0, 1.7};
    VT_EQ_INT(vs_need_allocate(ctx, &u, &over, 1000, &r), VS_EUSAGE);
    VT_EQ_STR(vs_ctx_message(ctx),
              "allocate: CNI, supplement and distance shares sum to 1.1 (> 1)");
    vs_alloc_params nodist = {0, 0, 0.1, 1.7};
    VT_EQ_INT(vs_need_allocate(ctx, &u, &nodist, 1000, &r), VS_EUSAGE);
    VT_EQ_INT(vs_need_allocate(ctx, &u, &p, 0, &r), VS_EUSAGE);
    double negpop[2] = {100, -1};
    vs_alloc_units un = {2, negpop, NULL, cni, NULL, NULL};
    VT_EQ_INT(vs_need_allocate(ctx, &un, &p, 1000, &r), VS_EUSAGE);
    VT_CHECK(r == NULL);
    vs_ctx_destroy(ctx);
}

/* Properties on random units: the allocation adds up to the budget to the
 * krona, and among units identical except for CNI, a higher CNI never gets
 * less (with and without supplement and distance parts). */
static void test_allocate_properties(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    enum { N = 400 };
    double *pop = malloc(N * sizeof *pop), *cni = malloc(N * sizeof *cni),
           *km = malloc(N * sizeof *km), *aw = malloc(N * sizeof *aw);
    uint64_t seed = 777;
    int sums = 0, mono = 0, trials = 20;
    for (int t = 0; t < trials; t++) {
        /* groups of 4 units with the same population, age weight and
         * distance, CNI increasing within the group */
        for (int g = 0; g < N / 4; g++) {
            double p = 500 + 3000 * lcg(&seed), d = 20 * lcg(&seed), a = p * (0.5 + lcg(&seed));
            double c = 0.3 + lcg(&seed);
            for (int k = 0; k < 4; k++) {
                int i = 4 * g + k;
                pop[i] = p;
                km[i] = d;
                aw[i] = a;
                cni[i] = c;
                c += 0.4 * lcg(&seed) + 1e-3;
            }
        }
        vs_alloc_units u = {N, pop, aw, cni, km, NULL};
        vs_alloc_params p = {0.15 * lcg(&seed), 0.1 * lcg(&seed), 0.05 * lcg(&seed), 1.7};
        int64_t budget = 6669000000LL + 7919LL * t;
        vs_alloc_result *r = NULL;
        if (vs_need_allocate(ctx, &u, &p, budget, &r) != VS_OK)
            continue;
        int64_t s = 0;
        int ok = 1;
        for (int i = 0; i < N; i++) {
            s += r->allocation_sek[i];
            if (i % 4)
                ok &= r->allocation_sek[i] >= r->allocation_sek[i - 1];
        }
        int64_t se = 0;
        for (int i = 0; i < N; i++)
            se += r->equal_per_capita_sek[i];
        sums += s == budget && se == budget;
        mono += ok;
        vs_alloc_result_destroy(r);
    }
    VT_EQ_INT(sums, trials);
    VT_EQ_INT(mono, trials);
    free(pop);
    free(cni);
    free(km);
    free(aw);
    vs_ctx_destroy(ctx);
}

/* Primary-care share from Stockholm's budget.csv (data/stockholm/parameters):
 * 2024: 14,072.9 / (66,896.8 + 14,072.9); plan growth 2024 -> 2027 of HSN + PVN
 * (76,697.6 + 17,159.9) / 80,969.7 over 3 years. */
static void test_share(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_need_params *p = NULL;
    VT_EQ_INT(vs_need_params_load(ctx, "data/parameters", &p), VS_OK);
    if (!p) {
        vs_ctx_destroy(ctx);
        return;
    }
    VT_EQ_INT(vs_need_budget_load(ctx, "data/stockholm", p), VS_OK);
    vs_pc_share s;
    VT_EQ_INT(vs_need_pc_share(ctx, p, 0, NAN, &s), VS_OK);
    double T = 66896.8 + 14072.9;
    VT_EQ_INT(s.base_year, 2024);
    VT_NEAR(s.share, 14072.9 / T, 1e-14);
    VT_NEAR(s.gap_pp, 100 * (0.25 - 14072.9 / T), 1e-12);
    double g = pow((76697.6 + 17159.9) / T, 1.0 / 3) - 1;
    VT_NEAR(s.total_growth, g, 1e-14);
    VT_EQ_INT(s.total_growth_derived, 1);
    /* the required growth reaches the target exactly */
    VT_NEAR(14072.9 * pow(1 + s.pvn_growth_required, 6) / (T * pow(1 + g, 6)), 0.25, 1e-12);
    VT_NEAR(66896.8 * pow(1 + s.hsn_growth_implied, 6) / (T * pow(1 + g, 6)), 0.75, 1e-12);
    VT_NEAR(s.share_pp_per_year, s.gap_pp / 6, 1e-14);
    /* 2025 (V's proposal): 15,558.4 / 86,346.4 = 18.0 % as in the digest (§10.2) */
    VT_EQ_INT(vs_need_pc_share(ctx, p, 2025, 0.0, &s), VS_OK);
    VT_NEAR(100 * s.share, 18.0, 0.05 / 18.0);
    /* with zero total growth PVN must grow to 25 % of today's total */
    VT_NEAR(s.pvn_target_msek, 0.25 * (70788.0 + 15558.4), 1e-12);
    VT_EQ_INT(s.total_growth_derived, 0);
    VT_EQ_INT(vs_need_pc_share(ctx, p, 2019, NAN, &s), VS_EUSAGE);
    VT_EQ_INT(vs_need_pc_share(ctx, p, 2027, NAN, &s), VS_EUSAGE); /* no later plan year */
    vs_need_params_destroy(p);
    vs_ctx_destroy(ctx);
}

/* Allocation parameters: a share given wins, else the file's default, else 0. */
static void test_params_resolve(void)
{
    vs_need_params p;
    memset(&p, 0, sizeof p);
    p.alloc_cni_share = 0.3;
    p.alloc_supplement_share = NAN; /* left empty in the file */
    p.alloc_distance_share = 0.05;
    p.cni_threshold = 1.7;
    vs_alloc_params req = {NAN, NAN, NAN, NAN}, out;
    vs_need_alloc_params_resolve(&p, &req, &out);
    VT_NEAR(out.cni_share, 0.3, 0);
    VT_NEAR(out.supplement_share, 0.0, 0); /* no default: 0 */
    VT_NEAR(out.distance_share, 0.05, 0);
    VT_NEAR(out.threshold, 1.7, 0);
    req = (vs_alloc_params){0.5, 0.1, 0.0, 2.0}; /* given values win, 0 included */
    vs_need_alloc_params_resolve(&p, &req, &out);
    VT_NEAR(out.cni_share, 0.5, 0);
    VT_NEAR(out.supplement_share, 0.1, 0);
    VT_NEAR(out.distance_share, 0.0, 0);
    VT_NEAR(out.threshold, 2.0, 0);
    /* in place, and the project's allocation.csv */
    vs_ctx *ctx;
    vs_need_params *np = NULL;
    VT_EQ_INT(vs_ctx_create(&ctx), VS_OK);
    VT_EQ_INT(vs_need_params_load(ctx, VS_SOURCE_DIR "/data/parameters", &np), VS_OK);
    if (np) {
        req = (vs_alloc_params){NAN, 0.0, NAN, NAN};
        vs_need_alloc_params_resolve(np, &req, &req);
        VT_NEAR(req.cni_share, isnan(np->alloc_cni_share) ? 0.0 : np->alloc_cni_share, 0);
        VT_NEAR(req.supplement_share, 0.0, 0); /* support off */
        VT_NEAR(req.threshold, np->cni_threshold, 0);
    }
    vs_need_params_destroy(np);
    vs_ctx_destroy(ctx);
}

int main(void)
{
    test_params_resolve();
    test_lrr();
    test_ci();
    test_allocate_hand();
    test_allocate_properties();
    test_share();
    return vt_done();
}
