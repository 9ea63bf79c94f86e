/*
 * Unit tests of the Erlang engine (vardsim/erlang.h).
 *
 * References, each checked to a stated relative tolerance:
 *  - 37 values of B(c, A) computed with mpmath 1.3.0 at 50 significant digits,
 *    by two independent formulas that agree to 1e-30 (the regularised upper
 *    incomplete gamma function, and the exact finite sum 1/B = sum_j c!/((c-j)! A^j)),
 *    for c from 1 to 100,000 and non-integer loads; checked to 1e-11 relative;
 *  - closed forms: B(1, A) = A/(1+A), B(2, 1) = 1/5, B(3, 2) = 4/19, C(1, A) = A,
 *    C(2, 1) = 1/3;
 *  - the O(c) recurrence evaluated in long double in this file (independent of
 *    the library's series), to 1e-11 relative, including c = 100,000;
 *  - published calculator values: 15 lines carry 8.108 erlangs at 1 % blocking
 *    (erlang.com calculator manual), 33.333 erlangs need 45 lines at 1 %
 *    (erlang.com forum, Trunk Engineering, 2001);
 *  - monotonicity (B in c and A, occupancy and C in c) and inverse consistency;
 *  - invalid arguments.
 */
#include <stdint.h>
#include <stdlib.h>

#include "vardsim/erlang.h"
#include "vt.h"

#define REL_OK(x, ref, tol) (fabs((x) - (ref)) <= (tol) * fabs(ref))
#define VT_REL(x, ref, tol)                                                                     \
    do {                                                                                        \
        double vt_x_ = (x), vt_r_ = (ref);                                                      \
        vt_checks++;                                                                            \
        if (!REL_OK(vt_x_, vt_r_, tol)) {                                                       \
            vt_failures++;                                                                      \
            fprintf(stderr, "%s:%d: %s = %.17g, expected %.17g (rel err %.3g > %g)\n",          \
                    __FILE__, __LINE__, #x, vt_x_, vt_r_, fabs(vt_x_ - vt_r_) / fabs(vt_r_),   \
                    (double)(tol));                                                             \
        }                                                                                       \
    } while (0)

/* mpmath references: {c, A, B(c, A)} */
static const struct {
    int64_t c;
    double a;
    double b;
} refs[] = {
    {1, 0.5, 3.333333333333333333333e-1},
    {2, 1.0, 2.0e-1},
    {3, 2.0, 2.105263157894736842105e-1},
    {5, 3.0, 1.100543478260869565217e-1},
    {10, 5.0, 1.838457033664813313719e-2},
    {10, 10.0, 2.145823431073473406278e-1},
    {20, 15.5, 5.462974094626681184708e-2},
    {30, 12.25, 7.949089187142393663175e-6},
    {50, 40.0, 1.869067110963224908298e-2},
    {100, 80.0, 3.992028604553197472566e-3},
    {100, 100.0, 7.570045271086097048377e-2},
    {100, 120.0, 1.962699894551136298983e-1},
    {150, 100.0, 6.51116849767187933227e-7},
    {500, 450.5, 1.305400692452815881412e-3},
    {1000, 950.0, 3.649293688942409855081e-3},
    {1000, 1000.5, 2.512044764125464247136e-2},
    {1000, 1100.0, 9.862516968934912701313e-2},
    {2500, 2400.75, 1.077400259793861124615e-3},
    {5000, 5100.0, 2.582463887595357634992e-2},
    {8000, 7000.0, 1.019216932711986150264e-32},
    {10000, 9800.0, 5.37130402106269480976e-4},
    {10000, 10000.0, 7.936563248805671882295e-3},
    {10000, 10300.0, 3.18626846678134533128e-2},
    {10000, 9500.5, 9.899725504591446128731e-9},
    {12345, 12000.0, 2.642700360188464069402e-5},
    {20000, 20100.25, 9.1109437566008289419e-3},
    {50000, 49500.0, 1.458092913892364568205e-4},
    {75000, 76000.0, 1.403235638688046303475e-2},
    {100000, 99000.25, 8.246588359373769392522e-6},
    {100000, 100000.0, 2.518893423546906434817e-3},
    {100000, 101234.5, 1.291259907497087828698e-2},
    {100000, 99800.0, 1.400559315643504269618e-3},
    {99999, 100000.0, 2.525254269920192151372e-3},
    {100, 100000.0, 9.990000100098094148419e-1},
    {1, 100000.0, 9.9999000009999900001e-1},
    {600, 400.0, 2.605643939404942510008e-21},
    {3000, 2500.0, 2.923076513632365447161e-23},
};

/* B(c, A) by the recurrence in long double: independent of the library. */
static double b_long_double(int64_t c, double a)
{
    long double b = 1.0L, al = a;
    for (int64_t k = 1; k <= c; k++)
        b = al * b / ((long double)k + al * b);
    return (double)b;
}

static void test_references(vs_ctx *ctx)
{
    int n = (int)(sizeof refs / sizeof refs[0]), big = 0;
    for (int i = 0; i < n; i++) {
        double b = -1;
        VT_EQ_INT(vs_erlang_b(ctx, refs[i].c, refs[i].a, &b), VS_OK);
        VT_REL(b, refs[i].b, 1e-11);
        if (refs[i].c >= 10000)
            big++;
    }
    VT_CHECK(n >= 30);
    VT_CHECK(big >= 10);
}

static void test_closed_forms(vs_ctx *ctx)
{
    double b, c;
    const double loads[] = {1e-6, 0.3, 1.0, 7.5, 1234.5, 1e5};
    for (int i = 0; i < 6; i++) {
        double a = loads[i];
        vs_erlang_b(ctx, 1, a, &b);
        VT_REL(b, a / (1.0 + a), 1e-14);
        if (a < 1.0) {
            vs_erlang_c(ctx, 1, a, &c); /* M/M/1: P(wait) = rho */
            VT_REL(c, a, 1e-14);
        }
    }
    vs_erlang_b(ctx, 2, 1.0, &b);
    VT_REL(b, 0.2, 1e-15);
    vs_erlang_b(ctx, 3, 2.0, &b);
    VT_REL(b, 4.0 / 19.0, 1e-15);
    vs_erlang_c(ctx, 2, 1.0, &c);
    VT_REL(c, 1.0 / 3.0, 1e-15);
    /* zero load: nothing is lost, nobody waits */
    vs_erlang_b(ctx, 5, 0.0, &b);
    VT_EQ_INT(b == 0.0, 1);
}

static void test_against_recurrence(vs_ctx *ctx)
{
    /* a grid over both branches (c <= A and c > A) and a c = 100,000 case */
    const int64_t cs[] = {1, 2, 7, 30, 99, 250, 1000, 4321, 10000, 31623, 100000};
    const double f[] = {0.05, 0.5, 0.9, 0.99, 1.0, 1.003, 1.2, 3.0};
    double worst = 0;
    for (int i = 0; i < 11; i++)
        for (int j = 0; j < 8; j++) {
            if (cs[i] > 10000 && (j == 0 || j == 7))
                continue; /* underflow / long recurrences add nothing */
            double a = (double)cs[i] * f[j] + 0.37;
            double b, r = b_long_double(cs[i], a), q;
            vs_erlang_b(ctx, cs[i], a, &b);
            vs_erlang_b_recurrence(ctx, cs[i], a, &q);
            if (r < 1e-290)
                continue;
            VT_REL(b, r, 1e-11);
            VT_REL(q, r, 1e-11);
            double e = fabs(b - r) / r;
            if (e > worst)
                worst = e;
        }
    fprintf(stderr, "worst relative error against the long double recurrence: %.3g\n", worst);
}

static void test_published(vs_ctx *ctx)
{
    double b;
    int64_t c;
    /* erlang.com calculator manual: 15 lines, 1 % blocking -> 8.108 erlangs (3 decimals) */
    vs_erlang_b(ctx, 15, 8.108, &b);
    VT_CHECK(fabs(b - 0.01) < 5e-6); /* A is rounded to 3 decimals and dB/dA = 0.0086
                                           here, so |B - 0.01| <= 0.0005 * 0.0086 + ... < 5e-6 */
    VT_EQ_INT(vs_erlang_servers_for_blocking(ctx, 8.108, 0.01, &c), VS_OK);
    VT_EQ_INT(c, 15);
    /* erlang.com forum: 1200 calls/h of 100 s = 33.333 erlangs need 45 lines at 1 % */
    VT_EQ_INT(vs_erlang_servers_for_blocking(ctx, 1200.0 / 36.0, 0.01, &c), VS_OK);
    VT_EQ_INT(c, 45);
}

static void test_derived(vs_ctx *ctx)
{
    vs_erlang_result r;
    VT_EQ_INT(vs_erlang_eval(ctx, 10, 8.0, &r), VS_OK);
    double b = b_long_double(10, 8.0);
    VT_REL(r.erlang_b, b, 1e-13);
    VT_REL(r.erlang_c, 10.0 * b / (10.0 - 8.0 * (1.0 - b)), 1e-13);
    VT_REL(r.carried_load, 8.0 * (1.0 - b), 1e-13);
    VT_REL(r.occupancy, 0.8 * (1.0 - b), 1e-13);
    VT_REL(r.mean_wait, r.erlang_c / 2.0, 1e-13);
    VT_EQ_INT(r.stable, 1);
    /* M/M/1 mean wait in service times: rho / (1 - rho) */
    VT_EQ_INT(vs_erlang_eval(ctx, 1, 0.75, &r), VS_OK);
    VT_REL(r.mean_wait, 3.0, 1e-14);
    double p;
    VT_EQ_INT(vs_erlang_wait_prob(ctx, 10, 8.0, 0.0, &p), VS_OK);
    VT_REL(p, 10.0 * b / (10.0 - 8.0 * (1.0 - b)), 1e-13);
    VT_EQ_INT(vs_erlang_wait_prob(ctx, 10, 8.0, 1.5, &p), VS_OK);
    VT_REL(p, 10.0 * b / (10.0 - 8.0 * (1.0 - b)) * exp(-3.0), 1e-13);
    /* mean wait = integral of P(W > t) dt, by the trapezium rule on a fine grid */
    double sum = 0, h = 1e-3, prev = 0, cur;
    vs_erlang_wait_prob(ctx, 10, 8.0, 0.0, &prev);
    for (int i = 1; i <= 20000; i++) {
        vs_erlang_wait_prob(ctx, 10, 8.0, i * h, &cur);
        sum += 0.5 * h * (prev + cur);
        prev = cur;
    }
    VT_EQ_INT(vs_erlang_eval(ctx, 10, 8.0, &r), VS_OK);
    VT_REL(sum, r.mean_wait, 1e-6);
    /* overload: C = 1, infinite mean wait, no crash */
    VT_EQ_INT(vs_erlang_eval(ctx, 10, 10.0, &r), VS_OK);
    VT_EQ_INT(r.stable, 0);
    VT_CHECK(r.erlang_c == 1.0);
    VT_CHECK(isinf(r.mean_wait));
    VT_EQ_INT(vs_erlang_eval(ctx, 10, 25.0, &r), VS_OK);
    VT_CHECK(r.occupancy < 1.0 && r.utilisation == 2.5);
}

static void test_monotone(vs_ctx *ctx)
{
    const double loads[] = {0.5, 3.0, 17.25, 80.0, 450.0};
    int bad_b = 0, bad_occ = 0, bad_c = 0;
    for (int i = 0; i < 5; i++) {
        double a = loads[i], pb = 1.0, pocc = INFINITY, pc = 2.0;
        for (int64_t c = 1; c <= 700; c++) {
            vs_erlang_result r;
            vs_erlang_eval(ctx, c, a, &r);
            if (r.erlang_b > pb)
                bad_b++;
            if (r.occupancy > pocc * (1 + 1e-14))
                bad_occ++;
            if (r.stable && r.erlang_c > pc)
                bad_c++;
            pb = r.erlang_b;
            pocc = r.occupancy;
            if (r.stable)
                pc = r.erlang_c;
        }
    }
    VT_EQ_INT(bad_b, 0);
    VT_EQ_INT(bad_occ, 0);
    VT_EQ_INT(bad_c, 0);
    /* B increasing in A for fixed c */
    int bad_a = 0;
    double prev = 0;
    for (int k = 1; k <= 400; k++) {
        double b;
        vs_erlang_b(ctx, 200, 0.75 * k, &b);
        if (b < prev)
            bad_a++;
        prev = b;
    }
    VT_EQ_INT(bad_a, 0);
}

/* Least c by a plain linear scan with the long double recurrence. */
static int64_t scan_blocking(double a, double p)
{
    long double b = 1.0L;
    for (int64_t k = 1;; k++) {
        b = (long double)a * b / ((long double)k + (long double)a * b);
        if (b <= p)
            return k;
    }
}

static void test_inverse(vs_ctx *ctx)
{
    uint64_t s = 12345;
    for (int i = 0; i < 300; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double u1 = (double)(s >> 11) / 9007199254740992.0;
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double u2 = (double)(s >> 11) / 9007199254740992.0;
        double a = exp(u1 * log(2e4)) - 0.9; /* 0.1 .. 2e4 erlangs */
        double p = exp(-0.1 - u2 * 12.0);    /* 0.9 .. 5.6e-6 */
        int64_t c, cd, co;
        double b, bm;
        VT_EQ_INT(vs_erlang_servers_for_blocking(ctx, a, p, &c), VS_OK);
        vs_erlang_b(ctx, c, a, &b);
        VT_CHECK(b <= p);
        if (c > 1) {
            vs_erlang_b(ctx, c - 1, a, &bm);
            VT_CHECK(bm > p);
        }
        if (a < 3000)
            VT_EQ_INT(c, scan_blocking(a, p));
        VT_EQ_INT(vs_erlang_servers_for_delay(ctx, a, p, &cd), VS_OK);
        VT_CHECK((double)cd > a);
        vs_erlang_c(ctx, cd, a, &b);
        VT_CHECK(b <= p);
        if ((double)(cd - 1) > a) {
            vs_erlang_c(ctx, cd - 1, a, &bm);
            VT_CHECK(bm > p);
        }
        VT_CHECK(cd >= c); /* C >= B for every c, so delay needs at least as many */
        double target = 0.5 + 0.5 * u2;
        vs_erlang_result r;
        VT_EQ_INT(vs_erlang_servers_for_occupancy(ctx, a, target, &co), VS_OK);
        vs_erlang_eval(ctx, co, a, &r);
        VT_CHECK(r.occupancy <= target);
        if (co > 1) {
            vs_erlang_eval(ctx, co - 1, a, &r);
            VT_CHECK(r.occupancy > target);
        }
    }
    /* c around 100,000: inverse against the linear scan */
    int64_t c;
    VT_EQ_INT(vs_erlang_servers_for_blocking(ctx, 1e5, 0.001, &c), VS_OK);
    VT_EQ_INT(c, scan_blocking(1e5, 0.001));
    VT_CHECK(c > 100000);
    VT_EQ_INT(vs_erlang_servers_for_blocking(ctx, 99000.5, 0.01, &c), VS_OK);
    VT_EQ_INT(c, scan_blocking(99000.5, 0.01));
    /* zero load */
    VT_EQ_INT(vs_erlang_servers_for_blocking(ctx, 0.0, 0.5, &c), VS_OK);
    VT_EQ_INT(c, 1);
    VT_EQ_INT(vs_erlang_servers_for_occupancy(ctx, 0.0, 0.9, &c), VS_OK);
    VT_EQ_INT(c, 1);
}

static void expect_usage(vs_ctx *ctx, vs_status st, const char *needle)
{
    VT_EQ_INT(st, VS_EUSAGE);
    VT_CHECK(strstr(vs_ctx_message(ctx), needle) != NULL);
    if (!strstr(vs_ctx_message(ctx), needle))
        fprintf(stderr, "  message was: %s\n", vs_ctx_message(ctx));
}

static void test_invalid(vs_ctx *ctx)
{
    double b;
    int64_t c;
    expect_usage(ctx, vs_erlang_b(ctx, 0, 1.0, &b), "servers");
    expect_usage(ctx, vs_erlang_b(ctx, -3, 1.0, &b), "servers");
    expect_usage(ctx, vs_erlang_b(ctx, 10, -1.0, &b), "load");
    expect_usage(ctx, vs_erlang_b(ctx, 10, NAN, &b), "load");
    expect_usage(ctx, vs_erlang_b(ctx, 10, INFINITY, &b), "load");
    expect_usage(ctx, vs_erlang_c(ctx, 0, 1.0, &b), "servers");
    expect_usage(ctx, vs_erlang_b(ctx, VS_ERLANG_MAX_SERVERS + 1, 1.0, &b), "limit");
    expect_usage(ctx, vs_erlang_wait_prob(ctx, 10, 1.0, -1.0, &b), "waiting time");
    expect_usage(ctx, vs_erlang_servers_for_blocking(ctx, 10.0, 0.0, &c), "between 0 and 1");
    expect_usage(ctx, vs_erlang_servers_for_blocking(ctx, 10.0, 1.0, &c), "between 0 and 1");
    expect_usage(ctx, vs_erlang_servers_for_blocking(ctx, -1.0, 0.1, &c), "load");
    expect_usage(ctx, vs_erlang_servers_for_delay(ctx, 10.0, 1.5, &c), "between 0 and 1");
    expect_usage(ctx, vs_erlang_servers_for_occupancy(ctx, 10.0, 0.0, &c), "occupancy");
    expect_usage(ctx, vs_erlang_servers_for_occupancy(ctx, 10.0, 1.01, &c), "occupancy");
}

int main(void)
{
    vs_ctx *ctx;
    if (vs_ctx_create(&ctx))
        return 1;
    test_references(ctx);
    test_closed_forms(ctx);
    test_against_recurrence(ctx);
    test_published(ctx);
    test_derived(ctx);
    test_monotone(ctx);
    test_inverse(ctx);
    test_invalid(ctx);
    vs_ctx_destroy(ctx);
    return vt_done();
}
