/*
 * erlang.c: Erlang B and C, their derived measures and inverses, evaluated
 * exactly (to a few ulps) for large numbers of servers.
 *
 * With p(k) = e^-A A^k / k! the Poisson probabilities of mean A,
 *   B(c, A) = p(c) / sum_{k<=c} p(k).
 * Two positive series give 1/B without cancellation:
 *
 *   c <= A:  1/B = sum_{j=0..c} t_j,  t_0 = 1,  t_j = t_{j-1} (c - j + 1) / A.
 *            The ratios (c-j+1)/A are <= 1 and decreasing, so after term t_j
 *            the rest is at most t_j r / (1 - r), r = (c - j) / A: we stop as
 *            soon as that bound is below 2^-56 of the partial sum.
 *
 *   c > A:   sum_{k<=c} p(k) = 1 - p(c) S,  S = sum_{j>=1} prod_{i=1..j} A / (c + i)
 *            (the Poisson upper tail over p(c), at most about 1/2 of the
 *            total, so 1 - p(c) S loses at most one bit), and
 *            B = p(c) / (1 - p(c) S).  The ratios A/(c+i) decrease, with the
 *            same stopping rule.
 *
 * p(c) is computed in log space without the cancellation of
 * c ln A - A - ln c!: writing c! = sqrt(2 pi c) c^c e^-c G*(c) with G* the
 * Stirling correction (gsl_sf_gammastar),
 *   ln p(c) = c (ln(1+u) - u) - ln sqrt(2 pi c) - ln G*(c),   u = (A - c)/c,
 * where ln(1+u) - u comes from gsl_sf_log_1plusx_mx (for u < -1/2 we use
 * c ln(A/c) + c - A, which is better conditioned there).
 *
 * Both series need O(sqrt(A)) terms near c = A (about 9 sqrt(A)) and far
 * fewer away from it, against the O(c) of the textbook recurrence
 * B(k) = A B(k-1) / (k + A B(k-1)), which is kept here as the named
 * alternative (vs_erlang_b_recurrence) and as an independent check.
 */
#include "vardsim/erlang.h"

#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_log.h>
#include <math.h>

#define STOP 0x1p-56 /* relative size of the neglected tail of a series */

/* ln p(c; A) for c >= 1, A > 0 (see the file comment). */
static double log_poisson(double c, double a)
{
    double u = (a - c) / c, e;
    if (u < -0.5)
        e = c * log(a / c) + (c - a);
    else
        e = c * gsl_sf_log_1plusx_mx(u);
    return e - 0.5 * log(2.0 * M_PI * c) - log(gsl_sf_gammastar(c));
}

/* B(c, A) for valid arguments (c >= 1, 0 <= A finite). */
static double erlang_b_raw(int64_t c, double a)
{
    if (a == 0.0)
        return 0.0;
    double cd = (double)c;
    if (cd <= a) {
        double sum = 1.0, t = 1.0;
        for (int64_t j = 1; j <= c; j++) {
            double num = (double)(c - j + 1);
            t *= num / a;
            sum += t;
            /* rest <= t r/(1-r), r = (c-j)/A: stop when t (c-j) <= STOP sum (A - c + j) */
            if (t * (double)(c - j) <= STOP * sum * (a - cd + (double)j))
                break;
        }
        return 1.0 / sum;
    }
    double lp = log_poisson(cd, a);
    if (lp < -745.5) /* p(c) underflows: B < 1e-323 */
        return 0.0;
    double s = 0.0, t = 1.0;
    for (double j = 1.0;; j += 1.0) {
        t *= a / (cd + j);
        s += t;
        /* rest <= t r/(1-r), r = A/(c+j+1) */
        if (t * a <= STOP * s * (cd + j + 1.0 - a))
            break;
    }
    double pc = exp(lp);
    return pc / (1.0 - pc * s);
}

static vs_status check_args(vs_ctx *ctx, int64_t servers, double load)
{
    if (servers < 1)
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "number of servers must be a positive integer, got %lld",
                           (long long)servers);
    if (servers > VS_ERLANG_MAX_SERVERS)
        return vs_ctx_fail(ctx, VS_EUSAGE, "number of servers %lld exceeds the limit %lld",
                           (long long)servers, (long long)VS_ERLANG_MAX_SERVERS);
    return VS_OK;
}

static vs_status check_load(vs_ctx *ctx, double load)
{
    if (!isfinite(load) || load < 0.0)
        return vs_ctx_fail(ctx, VS_EUSAGE, "offered load must be a finite number >= 0, got %g",
                           load);
    if (load > VS_ERLANG_MAX_LOAD)
        return vs_ctx_fail(ctx, VS_EUSAGE, "offered load %g exceeds the limit %g erlangs", load,
                           VS_ERLANG_MAX_LOAD);
    return VS_OK;
}

static vs_status check_prob(vs_ctx *ctx, const char *what, double p)
{
    if (!(p > 0.0 && p < 1.0))
        return vs_ctx_fail(ctx, VS_EUSAGE, "%s must lie strictly between 0 and 1, got %g", what,
                           p);
    return VS_OK;
}

vs_status vs_erlang_b(vs_ctx *ctx, int64_t servers, double load, double *b)
{
    vs_status st = check_args(ctx, servers, load);
    if (!st)
        st = check_load(ctx, load);
    if (st)
        return st;
    *b = erlang_b_raw(servers, load);
    return VS_OK;
}

vs_status vs_erlang_b_recurrence(vs_ctx *ctx, int64_t servers, double load, double *b)
{
    vs_status st = check_args(ctx, servers, load);
    if (!st)
        st = check_load(ctx, load);
    if (st)
        return st;
    double x = 1.0;
    for (int64_t k = 1; k <= servers; k++)
        x = load * x / ((double)k + load * x);
    *b = x;
    return VS_OK;
}

/* C from B: C = c B / (c - A (1 - B)) = c B / (c - A + A B), for A < c. */
static double erlang_c_from_b(int64_t c, double a, double b)
{
    double cd = (double)c;
    if (a >= cd)
        return 1.0;
    return cd * b / ((cd - a) + a * b);
}

vs_status vs_erlang_c(vs_ctx *ctx, int64_t servers, double load, double *c)
{
    double b;
    vs_status st = vs_erlang_b(ctx, servers, load, &b);
    if (st)
        return st;
    *c = erlang_c_from_b(servers, load, b);
    return VS_OK;
}

vs_status vs_erlang_eval(vs_ctx *ctx, int64_t servers, double load, vs_erlang_result *out)
{
    double b;
    vs_status st = vs_erlang_b(ctx, servers, load, &b);
    if (st)
        return st;
    double cd = (double)servers;
    out->servers = servers;
    out->load = load;
    out->erlang_b = b;
    out->erlang_c = erlang_c_from_b(servers, load, b);
    out->carried_load = load * (1.0 - b);
    out->occupancy = out->carried_load / cd;
    out->utilisation = load / cd;
    out->stable = load < cd;
    out->mean_wait = out->stable ? out->erlang_c / (cd - load) : INFINITY;
    return VS_OK;
}

vs_status vs_erlang_wait_prob(vs_ctx *ctx, int64_t servers, double load, double t, double *p)
{
    if (!(t >= 0.0) || !isfinite(t))
        return vs_ctx_fail(ctx, VS_EUSAGE, "waiting time must be a finite number >= 0, got %g",
                           t);
    double c;
    vs_status st = vs_erlang_c(ctx, servers, load, &c);
    if (st)
        return st;
    double cd = (double)servers;
    *p = load >= cd ? 1.0 : c * exp(-(cd - load) * t);
    return VS_OK;
}

/* The measures the inverse searches can target; each is non-increasing in c
 * over the search range. */
typedef enum { T_BLOCKING, T_DELAY, T_OCCUPANCY } target_kind;

static double measure(target_kind k, int64_t c, double a)
{
    double b = erlang_b_raw(c, a);
    switch (k) {
    case T_BLOCKING:
        return b;
    case T_DELAY:
        return erlang_c_from_b(c, a, b);
    case T_OCCUPANCY:
        return a * (1.0 - b) / (double)c;
    }
    return NAN;
}

/* Least c in (lo, VS_ERLANG_MAX_SERVERS] with measure(c) <= p, given that
 * measure(lo) > p (or lo is below the domain) and measure is non-increasing.
 * The search starts at `guess` and moves in steps of `step` that double until
 * the answer is bracketed, then bisects: O(log) exact evaluations. */
static vs_status search(vs_ctx *ctx, target_kind k, double a, double p, int64_t lo, int64_t guess,
                        int64_t step, int64_t *out)
{
    int64_t hi;
    if (guess <= lo)
        guess = lo + 1;
    if (guess > VS_ERLANG_MAX_SERVERS)
        guess = VS_ERLANG_MAX_SERVERS;
    if (step < 1)
        step = 1;
    if (measure(k, guess, a) <= p) {
        hi = guess; /* go down until failing or lo */
        for (;;) {
            int64_t x = hi - step;
            if (x <= lo)
                break;
            if (measure(k, x, a) > p) {
                lo = x;
                break;
            }
            hi = x;
            step *= 2;
        }
    } else {
        lo = guess; /* go up until meeting the target */
        for (;;) {
            if (lo >= VS_ERLANG_MAX_SERVERS)
                return vs_ctx_fail(ctx, VS_EINFEASIBLE,
                                   "no number of servers up to %lld meets the target %g",
                                   (long long)VS_ERLANG_MAX_SERVERS, p);
            int64_t x = lo + step;
            if (x > VS_ERLANG_MAX_SERVERS)
                x = VS_ERLANG_MAX_SERVERS;
            if (measure(k, x, a) <= p) {
                hi = x;
                break;
            }
            lo = x;
            step *= 2;
        }
    }
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        if (measure(k, mid, a) <= p)
            hi = mid;
        else
            lo = mid;
    }
    *out = hi;
    return VS_OK;
}

static int64_t sqrt_step(double a) { return (int64_t)ceil(sqrt(a)); }

vs_status vs_erlang_servers_for_blocking(vs_ctx *ctx, double load, double p, int64_t *servers)
{
    vs_status st = check_load(ctx, load);
    if (!st)
        st = check_prob(ctx, "target blocking probability", p);
    if (st)
        return st;
    /* B(0) = 1 > p, so lo = 0 is a valid failing point. */
    return search(ctx, T_BLOCKING, load, p, 0, (int64_t)floor(load), sqrt_step(load), servers);
}

vs_status vs_erlang_servers_for_delay(vs_ctx *ctx, double load, double p, int64_t *servers)
{
    vs_status st = check_load(ctx, load);
    if (!st)
        st = check_prob(ctx, "target probability of waiting", p);
    if (st)
        return st;
    /* C = 1 > p for every c <= A, in particular at floor(A). */
    int64_t lo = (int64_t)floor(load);
    return search(ctx, T_DELAY, load, p, lo, lo + 1, sqrt_step(load), servers);
}

vs_status vs_erlang_servers_for_occupancy(vs_ctx *ctx, double load, double target,
                                          int64_t *servers)
{
    vs_status st = check_load(ctx, load);
    if (st)
        return st;
    if (!(target > 0.0 && target <= 1.0))
        return vs_ctx_fail(ctx, VS_EUSAGE, "target occupancy must lie in (0, 1], got %g", target);
    /* occupancy <= A / c, so c = ceil(A / target) always meets the target: a
     * guess from above, with a step of sqrt(A) down. */
    double g = ceil(load / target);
    if (g > (double)VS_ERLANG_MAX_SERVERS)
        g = (double)VS_ERLANG_MAX_SERVERS;
    return search(ctx, T_OCCUPANCY, load, target, 0, (int64_t)g, sqrt_step(load), servers);
}
