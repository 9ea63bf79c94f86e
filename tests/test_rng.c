/*
 * Unit tests of the random streams (vardsim/rng.h).
 *
 * Reference vectors: computed by an independent Python transcription of
 * xoshiro256** and splitmix64, where jump-ahead is NOT done with the jump
 * polynomials but by squaring the 256x256 GF(2) transition matrix 128 (jump)
 * or 192 (long jump) times.  The script (python3, ~1.5 s):
 *
 *   M64 = (1 << 64) - 1
 *   def rotl(x, k): return ((x << k) | (x >> (64 - k))) & M64
 *   def nxt(s):
 *       r = (rotl((s[1] * 5) & M64, 7) * 9) & M64
 *       t = (s[1] << 17) & M64
 *       s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t
 *       s[3] = rotl(s[3], 45); return r
 *   def splitmix(seed):          # four outputs of splitmix64 from state = seed
 *       x = seed; out = []
 *       for _ in range(4):
 *           x = (x + 0x9e3779b97f4a7c15) & M64; z = x
 *           z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M64
 *           z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M64
 *           out.append(z ^ (z >> 31))
 *       return out
 *   pack/unpack: state <-> 256-bit integer (s[0] lowest)
 *   cols[i] = pack(next-state of unpack(1 << i)); matrix product by columns;
 *   J128 = cols squared 128 times, J192 = J128 squared 64 more times.
 *
 * Outputs: seed 42 state = bdd732262feb6e95 28efe333b266f103 47526757130f9f52
 * 581ce1ff0e4ae394; first outputs 15780b2e0c2ec716 6104d9866d113a7e
 * ae17533239e499a1 ecb8ad4703b360a1; after J128: 50086ef83cbf4f4a
 * ba285ec21347d703; after J192: a0a4cb7719d49439 a999704410efd911; after
 * J192 J192 J128 (replication 2, substream 1): ab4c7c0c6b5aee1f
 * 1cb4e883b6b2385b.
 */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "sim/rng_internal.h"
#include "vardsim/rng.h"
#include "vt.h"

#define U64EQ(a, b) VT_CHECK((uint64_t)(a) == (uint64_t)(b))

static void test_reference(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_rng *r;
    VT_EQ_INT(vs_rng_create(ctx, 42, 0, 0, &r), VS_OK);
    U64EQ(vs_rng_u64(r), 0x15780b2e0c2ec716ULL);
    U64EQ(vs_rng_u64(r), 0x6104d9866d113a7eULL);
    U64EQ(vs_rng_u64(r), 0xae17533239e499a1ULL);
    U64EQ(vs_rng_u64(r), 0xecb8ad4703b360a1ULL);
    vs_rng_destroy(r);

    vs_rng_create(ctx, 42, 0, 1, &r); /* substream 1 = one jump */
    U64EQ(vs_rng_u64(r), 0x50086ef83cbf4f4aULL);
    U64EQ(vs_rng_u64(r), 0xba285ec21347d703ULL);
    vs_rng_destroy(r);

    vs_rng_create(ctx, 42, 1, 0, &r); /* replication 1 = one long jump */
    U64EQ(vs_rng_u64(r), 0xa0a4cb7719d49439ULL);
    U64EQ(vs_rng_u64(r), 0xa999704410efd911ULL);
    vs_rng_destroy(r);

    vs_rng_create(ctx, 42, 2, 1, &r);
    U64EQ(vs_rng_u64(r), 0xab4c7c0c6b5aee1fULL);
    U64EQ(vs_rng_u64(r), 0x1cb4e883b6b2385bULL);
    vs_rng_destroy(r);

    /* explicit jumps agree with the stream numbering */
    vs_rng *a, *b;
    vs_rng_create(ctx, 7, 0, 0, &a);
    vs_rng_create(ctx, 7, 3, 2, &b);
    vs_rng_long_jump(a);
    vs_rng_long_jump(a);
    vs_rng_long_jump(a);
    vs_rng_jump(a);
    vs_rng_jump(a);
    for (int i = 0; i < 10; i++)
        U64EQ(vs_rng_u64(a), vs_rng_u64(b));
    /* clones continue identically */
    vs_rng *c;
    VT_EQ_INT(vs_rng_clone(ctx, a, &c), VS_OK);
    for (int i = 0; i < 10; i++)
        U64EQ(vs_rng_u64(a), vs_rng_u64(c));
    vs_rng_destroy(a);
    vs_rng_destroy(b);
    vs_rng_destroy(c);
    vs_rng_destroy(NULL);
    vs_ctx_destroy(ctx);
}

static void test_uniform_and_gsl(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_rng *r, *q;
    vs_rng_create(ctx, 1, 0, 0, &r);
    vs_rng_create(ctx, 1, 0, 0, &q);
    /* uniform = top 53 bits */
    for (int i = 0; i < 100; i++) {
        uint64_t x = vs_rng_u64(q);
        double u = vs_rng_uniform(r);
        VT_CHECK(u == (double)(x >> 11) * 0x1.0p-53);
        VT_CHECK(u >= 0 && u < 1);
    }
    /* the GSL view shares the state: gsl_rng_get is the upper 32 bits */
    gsl_rng *g = vs_rng_gsl(r);
    VT_EQ_STR(gsl_rng_name(g), "xoshiro256**");
    uint64_t x = vs_rng_u64(q);
    VT_CHECK(gsl_rng_get(g) == (unsigned long)(x >> 32));
    x = vs_rng_u64(q);
    VT_CHECK(gsl_rng_uniform(g) == (double)(x >> 11) * 0x1.0p-53);
    VT_CHECK(vs_rng_uniform_pos(r) > 0);
    /* uniform mean 1/2, variance 1/12: 200000 draws, 4 sigma */
    double s = 0, n = 200000;
    for (int i = 0; i < (int)n; i++)
        s += vs_rng_uniform(r);
    VT_CHECK(fabs(s / n - 0.5) < 4 * sqrt(1.0 / 12 / n));
    vs_rng_destroy(r);
    vs_rng_destroy(q);
    vs_ctx_destroy(ctx);
}

/* Sample mean within 4 standard errors of the exact mean, and sample second
 * moment within 5 % of the exact one. */
static void check_dist(vs_ctx *ctx, vs_dist *d, double mean, double m2)
{
    vs_rng *r;
    vs_rng_create(ctx, 99, 0, 0, &r);
    VT_NEAR(vs_dist_mean(d), mean, 1e-12);
    VT_NEAR(vs_dist_second_moment(d), m2, 1e-12);
    int n = 200000;
    double s = 0, s2 = 0;
    for (int i = 0; i < n; i++) {
        double x = vs_dist_sample(d, r);
        VT_CHECK(x >= 0);
        s += x;
        s2 += x * x;
    }
    double sd = sqrt(m2 - mean * mean);
    VT_CHECK(fabs(s / n - mean) <= 4 * sd / sqrt(n) + 1e-12);
    VT_NEAR(s2 / n, m2, 0.05);
    vs_rng_destroy(r);
}

static void test_distributions(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_dist *d;
    VT_EQ_INT(vs_dist_create(ctx, VS_DIST_EXPONENTIAL, 2.0, 0, &d), VS_OK);
    check_dist(ctx, d, 2.0, 8.0);
    vs_dist_destroy(d);
    VT_EQ_INT(vs_dist_create(ctx, VS_DIST_LOGNORMAL, 3.0, 1.5, &d), VS_OK);
    check_dist(ctx, d, 3.0, 9.0 + 2.25);
    vs_dist_destroy(d);
    VT_EQ_INT(vs_dist_create(ctx, VS_DIST_GAMMA, 4.0, 2.0, &d), VS_OK);
    check_dist(ctx, d, 4.0, 16.0 + 4.0);
    vs_dist_destroy(d);
    VT_EQ_INT(vs_dist_create(ctx, VS_DIST_UNIFORM, 1.0, 3.0, &d), VS_OK);
    check_dist(ctx, d, 2.0, (1.0 + 3.0 + 9.0) / 3);
    vs_dist_destroy(d);
    VT_EQ_INT(vs_dist_create(ctx, VS_DIST_CONST, 1.25, 0, &d), VS_OK);
    check_dist(ctx, d, 1.25, 1.5625);
    vs_dist_destroy(d);
    double v[3] = {1, 2, 10}, w[3] = {1, 2, 1};
    VT_EQ_INT(vs_dist_create_empirical(ctx, 3, v, w, &d), VS_OK);
    check_dist(ctx, d, (1 + 4 + 10) / 4.0, (1 + 8 + 100) / 4.0);
    vs_dist_destroy(d);

    /* Poisson: mean and variance mu */
    vs_rng *r;
    vs_rng_create(ctx, 5, 0, 0, &r);
    double s = 0, s2 = 0;
    int n = 100000;
    for (int i = 0; i < n; i++) {
        double k = vs_rng_poisson(r, 3.5);
        s += k;
        s2 += k * k;
    }
    VT_CHECK(fabs(s / n - 3.5) < 4 * sqrt(3.5 / n));
    VT_NEAR(s2 / n - (s / n) * (s / n), 3.5, 0.05);
    VT_CHECK(vs_rng_exponential(r, 1.0) >= 0);
    VT_CHECK(vs_rng_gamma(r, 2.0, 1.0) >= 0);
    VT_CHECK(vs_rng_lognormal(r, 0.0, 1.0) > 0);
    vs_rng_destroy(r);

    /* errors */
    VT_EQ_INT(vs_dist_create(ctx, VS_DIST_EXPONENTIAL, 0, 0, &d), VS_EUSAGE);
    VT_CHECK(d == NULL);
    VT_EQ_INT(vs_dist_create(ctx, VS_DIST_GAMMA, 1, 0, &d), VS_EUSAGE);
    VT_EQ_INT(vs_dist_create(ctx, VS_DIST_UNIFORM, 3, 1, &d), VS_EUSAGE);
    VT_EQ_INT(vs_dist_create(ctx, VS_DIST_CONST, -1, 0, &d), VS_EUSAGE);
    VT_EQ_INT(vs_dist_create(ctx, VS_DIST_CONST, NAN, 0, &d), VS_EUSAGE);
    VT_EQ_INT(vs_dist_create(ctx, VS_DIST_EMPIRICAL, 1, 0, &d), VS_EUSAGE);
    double z[2] = {0, 0};
    VT_EQ_INT(vs_dist_create_empirical(ctx, 2, v, z, &d), VS_EUSAGE);
    VT_EQ_STR(vs_ctx_message(ctx), "empirical weights are all zero");
    VT_EQ_INT(vs_dist_create_empirical(ctx, 0, v, NULL, &d), VS_EUSAGE);
    vs_dist_destroy(NULL);
    vs_ctx_destroy(ctx);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The ziggurat exponential (vs_rng_exp1, the kernel's sampler).
 *   tables: every layer has the area V of the paper (Marsaglia and Tsang
 *           2000: R = 7.69711747013104972, V = 0.0039496598225815571993),
 *           F = exp(-X), X decreasing to 0;
 *   shape:  chi-square over 512 bins equiprobable under Exp(1), the last
 *           one the tail beyond -ln(1/512); p-value > 1e-6;
 *   tail:   the share beyond R (sampled by R - ln U) within 5 standard
 *           errors of exp(-R), and of beyond 2R of exp(-2R);
 *   KS:     10^6 sorted draws, sqrt(n) D < 1.95 (p = 0.001);
 *   moments: mean 1 and variance 1 within 5 standard errors.
 * A wrong table entry, a wrong wedge test or an overlap of the layer and
 * value bits fails the chi-square (each of the 256 layers is 1/256 of the
 * mass, split over 512 bins). */
/* Chi-square of samples against Exp(1) over EXP_BINS bins that are
 * equiprobable under Exp(1): bin j holds [q_j, q_j+1) with
 * q_j = -ln(1 - j/EXP_BINS), the last one the tail.  Count with exp_bin_add,
 * test with exp_bins_p (the p-value). */
enum { EXP_BINS = 512 };

static void exp_bin_add(long *bin, double x)
{
    int j = (int)(-expm1(-x) * EXP_BINS); /* the CDF times EXP_BINS */
    bin[j < EXP_BINS ? j : EXP_BINS - 1]++;
}

static double exp_bins_p(const long *bin, long n)
{
    double chi2 = 0, e = (double)n / EXP_BINS;
    for (int j = 0; j < EXP_BINS; j++)
        chi2 += (bin[j] - e) * (bin[j] - e) / e;
    double p = gsl_cdf_chisq_Q(chi2, EXP_BINS - 1);
    if (!(p > 1e-6))
        fprintf(stderr, "chi-square %.1f on %d df, p = %.3g\n", chi2, EXP_BINS - 1, p);
    return p;
}

static double chi2_exp1(const double *v, long n)
{
    long bin[EXP_BINS] = {0};
    for (long k = 0; k < n; k++)
        exp_bin_add(bin, v[k]);
    return exp_bins_p(bin, n);
}

static void test_ziggurat(void)
{
    const double *X = vsi_zig_exp_x, *F = vsi_zig_exp_f;
    const double R = 7.69711747013104972, V = 0.0039496598225815571993;
    VT_NEAR(X[1], R, 1e-15);
    VT_NEAR(X[0] * F[1], V, 1e-17);
    VT_CHECK(X[256] == 0 && F[256] == 1);
    int ok = 1;
    for (int i = 1; i < 256; i++) {
        if (!(X[i + 1] < X[i]) || fabs(X[i] * (F[i + 1] - F[i]) - V) > 1e-15 ||
            fabs(F[i] - exp(-X[i])) > 2e-15 * F[i])
            ok = 0;
    }
    VT_CHECK(ok);

    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_rng *r;
    VT_EQ_INT(vs_rng_create(ctx, 2026, 0, 0, &r), VS_OK);
    ok = 1;
    enum { NKS = 1000000 };
    const long n = 8000000;
    static long bin[EXP_BINS];
    long beyond_r = 0;
    double s = 0, s2 = 0;
    double *ks = malloc(NKS * sizeof *ks);
    for (long k = 0; k < n; k++) {
        double x = vs_rng_exp1(r);
        if (!(x >= 0) || !isfinite(x)) {
            ok = 0;
            continue;
        }
        exp_bin_add(bin, x);
        beyond_r += x > R;
        s += x;
        s2 += x * x;
        if (k < NKS)
            ks[k] = x;
    }
    VT_CHECK(ok);
    VT_CHECK(exp_bins_p(bin, n) > 1e-6);
    double pr = exp(-R);
    VT_CHECK(fabs((double)beyond_r - n * pr) < 5 * sqrt(n * pr));
    double mean = s / n, var = s2 / n - mean * mean;
    VT_CHECK(fabs(mean - 1) < 5 / sqrt((double)n));
    VT_CHECK(fabs(var - 1) < 5 * sqrt(8.0 / n)); /* Var(X^2) = 20, so about sqrt(8/n) */
    qsort(ks, NKS, sizeof *ks, cmp_double);
    double d = 0;
    for (long k = 0; k < NKS; k++) {
        double c = -expm1(-ks[k]);
        double lo = c - (double)k / NKS, hi = (double)(k + 1) / NKS - c;
        d = fmax(d, fmax(lo, hi));
    }
    VT_CHECK(sqrt((double)NKS) * d < 1.95);

    /* The slow path alone (too rare in the draws above to test it).
     * Tail: from the base layer, x - R must be Exp(1) (memorylessness). */
    const long nt = 1000000;
    double mt = 0;
    for (long k = 0; k < nt; k++) {
        ks[k] = vsi_exp1_slow(r, 0, 0.0) - R;
        mt += ks[k];
        if (!(ks[k] >= 0))
            ok = 0;
    }
    VT_CHECK(ok);
    VT_CHECK(fabs(mt / nt - 1) < 5 / sqrt((double)nt));
    VT_CHECK(chi2_exp1(ks, nt) > 1e-6);
    /* Wedge and retry: x in the wedge of layer 100 is kept with probability
     * (exp(-x) - F[i]) / (F[i+1] - F[i]); otherwise the draw starts over, and
     * what it returns must be Exp(1) (a retry that skipped the wedge test
     * would put too much mass in the wedges). */
    const int li = 100;
    const double xw = 0.5 * (X[li] + X[li + 1]);
    const double pacc = (exp(-xw) - F[li]) / (F[li + 1] - F[li]);
    long kept = 0, m = 0;
    for (long k = 0; k < nt; k++) {
        double y = vsi_exp1_slow(r, li, xw);
        if (y == xw)
            kept++;
        else
            ks[m++] = y;
    }
    VT_CHECK(fabs((double)kept - nt * pacc) < 5 * sqrt(nt * pacc * (1 - pacc)));
    VT_CHECK(chi2_exp1(ks, m) > 1e-6);
    /* the low layers' wedges, where skipping the wedge test would add about
     * 25 % to the mass of [X[4], X[1]) */
    long low = 0;
    for (long k = 0; k < m; k++)
        low += ks[k] >= X[4] && ks[k] < X[1];
    double plow = exp(-X[4]) - exp(-X[1]);
    VT_CHECK(fabs((double)low - m * plow) < 5 * sqrt(m * plow));
    free(ks);
    ok = 1;
    /* the kernel's exponential service times: mean times vs_rng_exp1 */
    vs_dist *dist;
    VT_EQ_INT(vs_dist_create(ctx, VS_DIST_EXPONENTIAL, 2.5, 0, &dist), VS_OK);
    vs_rng *a, *b;
    VT_EQ_INT(vs_rng_create(ctx, 9, 1, 2, &a), VS_OK);
    VT_EQ_INT(vs_rng_create(ctx, 9, 1, 2, &b), VS_OK);
    for (int k = 0; k < 1000; k++)
        if (vs_dist_sample(dist, a) != 2.5 * vs_rng_exp1(b))
            ok = 0;
    VT_CHECK(ok);
    vs_dist_destroy(dist);
    vs_rng_destroy(a);
    vs_rng_destroy(b);
    vs_rng_destroy(r);
    vs_ctx_destroy(ctx);
}

int main(void)
{
    test_reference();
    test_uniform_and_gsl();
    test_distributions();
    test_ziggurat();
    return vt_done();
}
