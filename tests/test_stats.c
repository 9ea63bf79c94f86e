/* Unit tests of vardsim/stats.h and of the kernel's waiting-time histogram. */
#include "sim/sim_internal.h"
#include "vardsim/stats.h"
#include "vt.h"

static void test_ci(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    double x[5] = {1, 2, 3, 4, 5}, m, h;
    VT_EQ_INT(vs_stats_mean_ci95(ctx, x, 5, 1, &m, &h), VS_OK);
    VT_NEAR(m, 3.0, 1e-15);
    /* t_{0.975,4} = 2.7764451051977987 (tables), s = sqrt(2.5) */
    VT_NEAR(h, 2.7764451051977987 * sqrt(2.5) / sqrt(5.0), 1e-12);
    /* stride: every second value */
    double y[6] = {10, -1, 20, -1, 30, -1};
    VT_EQ_INT(vs_stats_mean_ci95(ctx, y, 3, 2, &m, &h), VS_OK);
    VT_NEAR(m, 20.0, 1e-15);
    /* t_{0.975,2} = 4.302652729749464, s = 10 */
    VT_NEAR(h, 4.302652729749464 * 10 / sqrt(3.0), 1e-12);
    VT_EQ_INT(vs_stats_mean_ci95(ctx, x, 1, 1, &m, &h), VS_OK);
    VT_CHECK(isnan(h));
    VT_EQ_INT(vs_stats_mean_ci95(ctx, x, 0, 1, &m, &h), VS_EUSAGE);
    double bad[2] = {1, NAN};
    VT_EQ_INT(vs_stats_mean_ci95(ctx, bad, 2, 1, &m, &h), VS_EUSAGE);
    vs_ctx_destroy(ctx);
}

static int cmpd(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The histogram quantile is within relative 1/128 of the exact sample
 * quantile (the smallest x_(k) with k >= q n), for values across 9 decades
 * and with exact zeros. */
static void test_hist(void)
{
    static vsi_hist h;
    memset(&h, 0, sizeof h);
    enum { N = 20001 };
    static double v[N];
    uint64_t s = 12345;
    for (int i = 0; i < N; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double u = (double)(s >> 11) * 0x1.0p-53;
        v[i] = i % 5 == 0 ? 0.0 : pow(10.0, -4 + 8 * u); /* 1e-4 .. 1e4 days */
        vsi_hist_add(&h, v[i]);
    }
    qsort(v, N, sizeof v[0], cmpd);
    double qs[] = {0.1, 0.2, 0.25, 0.5, 0.9, 0.99, 0.999};
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        size_t k = (size_t)ceil(qs[i] * N);
        double exact = v[k - 1], got = vsi_hist_quantile(&h, qs[i]);
        if (exact == 0)
            VT_CHECK(got == 0);
        else
            VT_CHECK(fabs(got - exact) <= exact / 128);
    }
    static vsi_hist e;
    memset(&e, 0, sizeof e);
    VT_CHECK(isnan(vsi_hist_quantile(&e, 0.5)));
    vsi_hist_add(&e, 1e9); /* beyond the top: overflow bin */
    VT_CHECK(vsi_hist_quantile(&e, 0.5) == ldexp(1.0, VSI_HIST_EMAX + 1));
    /* every slot of the branch-free addition */
    memset(&e, 0, sizeof e);
    vsi_hist_add(&e, 0.0);
    vsi_hist_add(&e, -0.0);
    vsi_hist_add(&e, -2.5);                             /* zero slot */
    vsi_hist_add(&e, 1e-9);                             /* below 2^EMIN: under */
    vsi_hist_add(&e, ldexp(1.0, VSI_HIST_EMIN));        /* first bin */
    vsi_hist_add(&e, ldexp(1.999, VSI_HIST_EMAX));      /* last bin */
    vsi_hist_add(&e, ldexp(1.0, VSI_HIST_EMAX + 1));    /* over */
    vsi_hist_add(&e, NAN);                              /* over */
    VT_CHECK(e.n[VSI_HIST_ZERO] == 3 && e.n[VSI_HIST_UNDER] == 1);
    VT_CHECK(e.n[VSI_HIST_BIN0] == 1 && e.n[VSI_HIST_OVER - 1] == 1);
    VT_CHECK(e.n[VSI_HIST_OVER] == 2);
    VT_CHECK(vsi_hist_quantile(&e, 4.0 / 8) == ldexp(1.0, VSI_HIST_EMIN - 1));
}

int main(void)
{
    test_ci();
    test_hist();
    return vt_done();
}
