/*
 * bench_erlang.c: speed of the Erlang B engine against the textbook O(c)
 * recurrence (the named alternative), on the same machine and inputs.
 *
 *   1. one million evaluations of B(c, A), c uniform in [100, 10,000] and
 *      A = c x f with f uniform in [0.7, 1.3] (the region that matters for
 *      dimensioning; both methods are slowest near A = c);
 *   2. the inverse search: least c with B(c, A) <= 0.001 for A = 100,000
 *      (answer about 100,300), by vs_erlang_servers_for_blocking and by a
 *      linear scan with the recurrence.
 *
 * The inputs come from a fixed-seed generator, and the maximum relative
 * difference between the two methods is printed as a check.
 * usage: bench_erlang [N]   (N evaluations, default 1000000)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <math.h>

#include "vardsim/erlang.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static uint64_t next(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 11;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    if (n <= 0)
        n = 1000000;
    vs_ctx *ctx;
    if (vs_ctx_create(&ctx))
        return 1;
    int64_t *cs = malloc((size_t)n * sizeof *cs);
    double *as = malloc((size_t)n * sizeof *as), *b1 = malloc((size_t)n * sizeof *b1);
    if (!cs || !as || !b1)
        return 1;
    uint64_t s = 20240601;
    for (long i = 0; i < n; i++) {
        cs[i] = 100 + (int64_t)(next(&s) % 9901);
        as[i] = (double)cs[i] * (0.7 + 0.6 * (double)next(&s) / 9007199254740992.0);
    }

    double t0 = now(), sum = 0;
    for (long i = 0; i < n; i++) {
        vs_erlang_b(ctx, cs[i], as[i], &b1[i]);
        sum += b1[i];
    }
    double t_fast = now() - t0;

    /* the recurrence on a sample when N is large (it is ~100x slower); the
     * time is scaled to N evaluations and reported as such */
    long m = n > 100000 ? 100000 : n;
    double worst = 0, sum2 = 0;
    t0 = now();
    for (long i = 0; i < m; i++) {
        double b;
        vs_erlang_b_recurrence(ctx, cs[i], as[i], &b);
        sum2 += b;
        if (b > 1e-300) {
            double e = fabs(b - b1[i]) / b;
            if (e > worst)
                worst = e;
        }
    }
    double t_rec = (now() - t0) * (double)n / (double)m;

    printf("Erlang B, %ld evaluations, c in [100, 10000], A/c in [0.7, 1.3]\n", n);
    printf("  vs_erlang_b (series, O(sqrt A))  %9.3f s  %8.1f ns/eval  (checksum %.6f)\n",
           t_fast, 1e9 * t_fast / (double)n, sum);
    printf("  recurrence (O(c))                %9.3f s  %8.1f ns/eval  (%s%ld evaluations, "
           "checksum %.6f)\n",
           t_rec, 1e9 * t_rec / (double)n, m < n ? "scaled from " : "", m, sum2);
    printf("  max relative difference          %.3g\n", worst);

    /* inverse search at c around 100,000 */
    const double a = 100000.0, p = 0.001;
    int reps = 20;
    int64_t c = 0;
    t0 = now();
    for (int r = 0; r < reps; r++)
        vs_erlang_servers_for_blocking(ctx, a, p, &c);
    double t_inv = (now() - t0) / reps;
    int64_t c2 = 0;
    t0 = now();
    for (int r = 0; r < reps; r++) {
        double b = 1.0;
        int64_t k = 0;
        while (b > p) {
            k++;
            b = a * b / ((double)k + a * b);
        }
        c2 = k;
    }
    double t_scan = (now() - t0) / reps;
    printf("inverse: least c with B(c, %.0f) <= %g\n", a, p);
    printf("  vs_erlang_servers_for_blocking   c = %lld  %9.1f us\n", (long long)c, 1e6 * t_inv);
    printf("  linear scan with the recurrence  c = %lld  %9.1f us\n", (long long)c2, 1e6 * t_scan);
    free(cs);
    free(as);
    free(b1);
    vs_ctx_destroy(ctx);
    return c == c2 ? 0 : 1;
}
