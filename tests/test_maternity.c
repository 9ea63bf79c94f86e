/*
 * test_maternity.c: the maternity model against exact results (the Poisson
 * tail, the infinite-server mean for a constant rate and for time-varying
 * rates by hand integrals), a small region, the simulation at a fixed seed
 * and bad input.
 */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vardsim/maternity.h"
#include "vt.h"

static vs_maternity_params *load(vs_ctx *ctx, const char *dir)
{
    vs_maternity_params *p = NULL;
    VT_EQ_INT(vs_maternity_params_load(ctx, dir, &p), VS_OK);
    return p;
}

static void test_poisson(void)
{
    /* P(N > 3), N ~ Poisson(2) = 1 - e^-2 (1 + 2 + 2 + 4/3) */
    VT_NEAR(vs_maternity_poisson_exceed(2.0, 3), 1 - exp(-2.0) * (1 + 2 + 2 + 4.0 / 3), 1e-13);
    VT_NEAR(vs_maternity_poisson_exceed(18.5, 0), -expm1(-18.5), 1e-13);
    VT_NEAR(vs_maternity_poisson_exceed(0.5, 1), 1 - exp(-0.5) * 1.5, 1e-13);
    VT_NEAR(vs_maternity_poisson_exceed(3.0, -1), 1.0, 0);
    VT_NEAR(vs_maternity_poisson_exceed(0.0, 0), 0.0, 0);
    /* least c: P(N > c) <= target < P(N > c - 1) */
    const double ms[] = {0.2, 1.0, 7.3, 18.57, 40.0, 250.0};
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++) {
        int c = vs_maternity_staff_for(ms[i], 0.01);
        VT_CHECK(vs_maternity_poisson_exceed(ms[i], c) <= 0.01);
        VT_CHECK(c == 0 || vs_maternity_poisson_exceed(ms[i], c - 1) > 0.01);
    }
    VT_EQ_INT(vs_maternity_staff_for(2.0, 0.05), 5); /* P(>4) = 0.0527, P(>5) = 0.0166 */
}

static void flat(double *rate, double v)
{
    for (int h = 0; h < 24; h++)
        rate[h] = v;
}

/* Constant rate: m = lambda E[S] for the three distributions. */
static void test_constant_rate(vs_maternity_params *p)
{
    double rate[24];
    flat(rate, 3.0);
    vs_maternity_params q = *p;
    /* lognormal median 4.8, p95 15.6, extra 1 h: E[S] = 1 + 4.8 exp(sigma^2 / 2) */
    double sigma = log(15.6 / 4.8) / 1.6448536269514722;
    double es = 1 + 4.8 * exp(0.5 * sigma * sigma);
    VT_NEAR(vs_maternity_attend_mean(&q), es, 1e-14);
    for (double t = 0; t < 24; t += 2.7)
        VT_NEAR(vs_maternity_in_progress(&q, rate, t), 3.0 * es, 1e-10);
    q.attend = VS_MAT_ATTEND_EXPONENTIAL;
    q.attend_a = 5.0;
    q.attend_extra_hours = NAN;
    VT_NEAR(vs_maternity_in_progress(&q, rate, 7.3), 15.0, 1e-10);
    q.attend = VS_MAT_ATTEND_CONST;
    q.attend_a = 30.0; /* longer than a day: wraps around the period */
    VT_NEAR(vs_maternity_in_progress(&q, rate, 0.5), 90.0, 1e-12);
}

/* Time-varying rates against hand integrals. */
static void test_time_varying(vs_maternity_params *p)
{
    vs_maternity_params q = *p;
    double rate[24];
    for (int h = 0; h < 24; h++)
        rate[h] = h + 1;
    /* constant attendance 2.5 h: m(t) = integral_{t-2.5}^{t} lambda */
    q.attend = VS_MAT_ATTEND_CONST;
    q.attend_a = 2.5;
    q.attend_extra_hours = NAN;
    VT_NEAR(vs_maternity_in_progress(&q, rate, 5.25), 0.25 * 3 + 4 + 5 + 0.25 * 6, 1e-12);
    VT_NEAR(vs_maternity_in_progress(&q, rate, 1.5), 24 + 1 + 0.5 * 2, 1e-12); /* [-1, 1.5) */
    /* the same with 1.5 h of it as the constant extra: S = 1.5 + const 1 */
    q.attend_a = 1.0;
    q.attend_extra_hours = 1.5;
    VT_NEAR(vs_maternity_in_progress(&q, rate, 5.25), 11.25, 1e-12);
    /* exponential mean mu, rate a in hours 0-11 and b in 12-23:
     * m(12) = mu (a + b q) / (1 + q), q = exp(-12 / mu) */
    double a = 2, b = 5, mu = 6;
    for (int h = 0; h < 24; h++)
        rate[h] = h < 12 ? a : b;
    q.attend = VS_MAT_ATTEND_EXPONENTIAL;
    q.attend_a = mu;
    q.attend_extra_hours = NAN;
    double qq = exp(-12 / mu);
    VT_NEAR(vs_maternity_in_progress(&q, rate, 12.0), mu * (a + b * qq) / (1 + qq), 1e-10);
    VT_NEAR(vs_maternity_in_progress(&q, rate, 0.0), mu * (b + a * qq) / (1 + qq), 1e-10);
}

/* H(x) of the lognormal against Simpson's rule on P(S > u). */
static void test_attend_integral(vs_maternity_params *p)
{
    vs_maternity_params q = *p;
    q.attend_extra_hours = NAN;
    double mu = log(4.8), sigma = log(15.6 / 4.8) / 1.6448536269514722, x = 10, sum = 0;
    int n = 20000;
    for (int i = 0; i <= n; i++) {
        double u = x * i / n;
        double g = u > 0 ? gsl_cdf_ugaussian_Q((log(u) - mu) / sigma) : 1.0;
        sum += g * (i == 0 || i == n ? 1 : i % 2 ? 4 : 2);
    }
    VT_NEAR(vs_maternity_attend_integral(&q, x), sum * x / n / 3, 1e-8);
    VT_NEAR(vs_maternity_attend_integral(&q, 1e6), vs_maternity_attend_mean(&q), 1e-12);
    q.attend_extra_hours = 2;
    VT_NEAR(vs_maternity_attend_integral(&q, 1.5), 1.5, 0);
}

/* tests/data/region/mini with fertility: births, staffing, FTE. */
static void test_region(vs_ctx *ctx, vs_maternity_params *p, const vs_region *rg)
{
    vs_maternity_result *r = NULL;
    VT_EQ_INT(vs_maternity_compute(ctx, rg, p, &r), VS_OK);
    if (!r)
        return;
    VT_EQ_INT(r->births_from_fertility, 1);
    double total = 0;
    for (int a = 0; a < rg->n_areas; a++) {
        double want = 0;
        for (int b = 0; b < VS_MAT_BANDS; b++)
            want += 0.5 * (double)rg->areas[a].pop[3 + b] * p->fertility[b] / 1000;
        VT_NEAR(r->births_area[a], want, 1e-12);
        total += want;
    }
    VT_NEAR(r->births_per_year, total, 1e-12);
    /* hours 8-15 carry weight 2, the others 1: mean weight 32/24 */
    VT_NEAR(r->rate_per_hour[9], total / 8760 * 2 * 24 / 32, 1e-12);
    VT_NEAR(r->births_in_progress_mean, total / 8760 * r->attend_mean_hours, 1e-9);
    double hours = 0;
    for (int h = 0; h < 24; h++) {
        VT_CHECK(r->p_exceed_hour[h] <= p->p_exceed_target);
        VT_EQ_INT(r->midwives_hour[h],
                  vs_maternity_staff_for(r->in_progress_hour_max[h], p->p_exceed_target));
        hours += 7.0 * r->midwives_hour[h];
    }
    VT_NEAR(r->midwife_hours_week, hours, 0);
    VT_NEAR(r->midwife_fte_needed, hours / (37 * 0.9), 1e-12);
    VT_CHECK(isnan(r->midwives_region_fte));
    vs_maternity_result_destroy(r);
}

/* The kernel simulation at seed 42 agrees with the exact model: the mean in
 * progress within 3 % and the share of 5-minute samples with more births than
 * midwives within 0.004 of the exact mean probability (about 4 standard errors
 * of the time averages over 730 days, which are correlated over ~6 h). */
static void test_simulation(vs_ctx *ctx, vs_maternity_params *p, const vs_region *rg)
{
    vs_maternity_params q = *p;
    q.births_per_year = 26221;
    vs_maternity_result *r = NULL;
    VT_EQ_INT(vs_maternity_compute(ctx, rg, &q, &r), VS_OK);
    if (!r)
        return;
    vs_maternity_sim s;
    VT_EQ_INT(vs_maternity_simulate(ctx, &q, r, 42, 730, &s), VS_OK);
    fprintf(stderr, "sim: in progress %.4f exact %.4f; exceed %.5f exact %.5f; births %llu\n",
            s.in_progress_mean, r->births_in_progress_mean, s.p_exceed_sim_mean,
            s.p_exceed_exact_mean, (unsigned long long)s.births);
    VT_NEAR(s.in_progress_mean / r->births_in_progress_mean, 1.0, 0.03);
    VT_CHECK(fabs(s.p_exceed_sim_mean - s.p_exceed_exact_mean) <= 0.004);
    VT_NEAR((double)s.births / (26221.0 * 730 / 365), 1.0, 0.02);
    for (int h = 0; h < 24; h += 6)
        VT_NEAR(s.in_progress_hour[h] / r->in_progress_hour_mean[h], 1.0, 0.06);
    vs_maternity_sim s2;
    VT_EQ_INT(vs_maternity_simulate(ctx, &q, r, 42, 730, &s2), VS_OK);
    VT_CHECK(s2.in_progress_mean == s.in_progress_mean); /* same seed, same numbers */
    vs_maternity_result_destroy(r);
}

/* Separate units: one unit with the region's births staffs exactly as the
 * region; split units need at least the pooled midwives and FTE. */
static void test_units(vs_ctx *ctx, vs_maternity_params *p, const vs_region *rg)
{
    vs_maternity_params q = *p;
    q.births_per_year = 16400;
    vs_maternity_result *r = NULL;
    VT_EQ_INT(vs_maternity_compute(ctx, rg, &q, &r), VS_OK);
    vs_maternity_units *u = NULL;
    VT_EQ_INT(vs_maternity_units_load(ctx, "tests/data/maternity/units3.csv", &u), VS_OK);
    if (!r || !u)
        return;
    VT_EQ_INT(u->n, 3);
    VT_EQ_STR(u->unit[2], "karolinska");
    VT_EQ_INT(vs_maternity_units_staff(ctx, &q, u), VS_OK);
    VT_CHECK(u->midwives_on_duty_needed >= r->midwives_on_duty_needed);
    VT_CHECK(u->midwife_fte_needed >= r->midwife_fte_needed);
    double fte = 0;
    for (int k = 0; k < u->n; k++) {
        VT_NEAR(u->in_progress_mean[k], u->births_per_year[k] / 8760 * r->attend_mean_hours,
                1e-9);
        fte += u->fte[k];
    }
    VT_NEAR(u->midwife_fte_needed, fte, 1e-12);
    /* one unit with all births = the region */
    u->n = 1;
    u->births_per_year[0] = 16400;
    VT_EQ_INT(vs_maternity_units_staff(ctx, &q, u), VS_OK);
    VT_EQ_INT(u->midwives_on_duty_needed, r->midwives_on_duty_needed);
    VT_NEAR(u->midwife_fte_needed, r->midwife_fte_needed, 0);
    for (int h = 0; h < 24; h++)
        VT_EQ_INT(u->midwives_hour_total[h], r->midwives_hour[h]);
    vs_maternity_units_destroy(u);
    vs_maternity_result_destroy(r);
    u = NULL;
    VT_EQ_INT(vs_maternity_units_load(ctx, "tests/data/maternity/units_dup.csv", &u), VS_EINPUT);
    VT_CHECK(u == NULL && strstr(vs_ctx_message(ctx), "units_dup.csv:3: field unit: unit "
                                                      "'south' given twice") != NULL);
    vs_ctx_clear(ctx);
    VT_EQ_INT(vs_maternity_units_load(ctx, "tests/data/maternity/units_negative.csv", &u),
              VS_EINPUT);
    VT_CHECK(strstr(vs_ctx_message(ctx), "units_negative.csv:2: field births_per_year") != NULL);
    vs_ctx_clear(ctx);
}

static void expect_fail(vs_ctx *ctx, const char *dir, const char *part)
{
    vs_maternity_params *p = NULL;
    VT_EQ_INT(vs_maternity_params_load(ctx, dir, &p), VS_EINPUT);
    VT_CHECK(p == NULL);
    const char *msg = vs_ctx_message(ctx);
    if (!strstr(msg, part))
        fprintf(stderr, "message '%s' lacks '%s'\n", msg, part);
    VT_CHECK(strstr(msg, part) != NULL);
    vs_ctx_clear(ctx);
}

static void test_bad_input(vs_ctx *ctx, vs_maternity_params *p, const vs_region *rg)
{
    expect_fail(ctx, "tests/data/maternity/bad_value",
                "bad_value/maternity.csv:47: field value: absence_share = 1.5");
    expect_fail(ctx, "tests/data/maternity/missing_row",
                "missing_row/maternity.csv: field parameter: no row 'attend_p95_hours'");
    expect_fail(ctx, "tests/data/maternity/nonexistent", "nonexistent/maternity.csv");
    expect_fail(ctx, "tests/data/maternity/duplicate",
                "duplicate/maternity.csv:24: field parameter: 'hour_weight_05' given twice "
                "(first on line 11)");
    expect_fail(ctx, "tests/data/maternity/not_number",
                "not_number/maternity.csv:46: field value: 'fte_hours_per_week' is not a number");
    vs_maternity_params q = *p; /* neither births nor fertility: NOT FOUND */
    q.has_fertility = 0;
    vs_maternity_result *r = NULL;
    VT_EQ_INT(vs_maternity_compute(ctx, rg, &q, &r), VS_EINPUT);
    VT_CHECK(r == NULL && strstr(vs_ctx_message(ctx), "births_per_year: NOT FOUND") != NULL);
    vs_ctx_clear(ctx);
}

int main(void)
{
    vs_ctx *ctx;
    if (vs_ctx_create(&ctx))
        return 1;
    test_poisson();
    vs_maternity_params *p = load(ctx, "tests/data/maternity/ok");
    vs_region *rg = NULL;
    VT_EQ_INT(vs_region_load(ctx, "tests/data/region/mini", &rg), VS_OK);
    if (p && rg) {
        test_constant_rate(p);
        test_time_varying(p);
        test_attend_integral(p);
        test_region(ctx, p, rg);
        test_simulation(ctx, p, rg);
        test_units(ctx, p, rg);
        test_bad_input(ctx, p, rg);
    }
    vs_region_destroy(rg);
    vs_maternity_params_destroy(p);
    vs_ctx_destroy(ctx);
    return vt_done();
}
