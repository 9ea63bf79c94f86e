/*
 * Statistical validation of the simulation kernel against exact queueing
 * results.  Fixed seeds; each estimate is the mean of R replications with a
 * 95 % Student-t interval, and the test requires
 *
 *     |simulated - exact| <= 1.5 * ci95   (about 3.4 standard errors)
 *     and |simulated - exact| <= rel * exact (a stated relative tolerance),
 *
 * so a test fails on a biased kernel, and the interval cannot hide the bias
 * by being wide.  Little's law (L = lambda W on the sample path) is checked
 * on every run, to relative 1e-3.
 */
#include <stdlib.h>
#include <string.h>

#include "sim/queueing.h"
#include "vardsim/stats.h"
#include "vardsim/sim.h"
#include "vt.h"

static void check_est(const char *what, const vs_estimate *e, double rel)
{
    double d = fabs(e->mean - e->exact);
    int ok = isfinite(e->exact) && d <= 1.5 * e->ci95 && d <= rel * fabs(e->exact) + 1e-12;
    VT_CHECK(ok);
    if (!ok || getenv("VT_VERBOSE"))
        fprintf(stderr, "  %s: simulated %.6g +- %.3g, exact %.6g (rel tol %g)\n", what, e->mean,
                e->ci95, e->exact, rel);
}

static vs_mmc_result run_mmc(vs_mmc_spec s)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_mmc_result r;
    vs_status st = vs_sim_mmc(ctx, &s, &r);
    VT_EQ_INT(st, VS_OK);
    if (st)
        fprintf(stderr, "  %s\n", vs_ctx_message(ctx));
    VT_CHECK(r.little_max_rel_gap < 1e-3);
    vs_ctx_destroy(ctx);
    return r;
}

static vs_mmc_spec base(int c, double lam, double mu, long n, uint64_t seed)
{
    vs_mmc_spec s = {.servers = c, .arrival_rate = lam, .service_rate = mu, .capacity = -1,
                     .patients = n, .warmup_days = -1, .seed = seed, .replications = 10,
                     .threads = 2};
    return s;
}

/* M/M/1 at rho = 0.8 and M/M/5 at rho = 0.9: Erlang C mean wait, P(W > 0),
 * 90th percentile of the wait. */
static void test_erlang_c(void)
{
    vs_mmc_result r = run_mmc(base(1, 0.8, 1.0, 100000, 11));
    check_est("M/M/1 mean wait", &r.mean_wait, 0.05);
    check_est("M/M/1 P(wait>0)", &r.p_wait, 0.02);
    check_est("M/M/1 wait p90", &r.wait_p90, 0.05);
    check_est("M/M/1 occupancy", &r.mean_occupancy, 0.01);
    VT_NEAR(r.mean_wait.exact, 4.0, 1e-12); /* rho / (mu - lambda) */
    r = run_mmc(base(5, 4.5, 1.0, 100000, 12));
    check_est("M/M/5 mean wait", &r.mean_wait, 0.05);
    check_est("M/M/5 P(wait>0)", &r.p_wait, 0.02);
    check_est("M/M/5 wait p90", &r.wait_p90, 0.05);
    check_est("M/M/5 mean queue", &r.mean_queue, 0.05);
}

/* M/M/c/c against Erlang B, M/M/c/K against the birth-death chain. */
static void test_erlang_b(void)
{
    vs_mmc_spec s = base(10, 8.0, 1.0, 100000, 13);
    s.capacity = 10;
    vs_mmc_result r = run_mmc(s);
    VT_NEAR(r.p_block.exact, vsi_erlang_b(10, 8.0), 1e-12);
    check_est("M/M/10/10 blocking", &r.p_block, 0.02);
    check_est("M/M/10/10 occupancy", &r.mean_occupancy, 0.01);
    VT_CHECK(r.p_wait.mean == 0 && r.mean_wait.mean == 0);
    s = base(3, 3.3, 1.0, 100000, 14);
    s.capacity = 8;
    r = run_mmc(s);
    check_est("M/M/3/8 blocking", &r.p_block, 0.03);
    check_est("M/M/3/8 mean wait", &r.mean_wait, 0.03);
    check_est("M/M/3/8 P(wait>0)", &r.p_wait, 0.02);
}

/* M/G/1: Pollaczek-Khinchine with lognormal (cv 1.2) and deterministic service. */
static void test_mg1(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_dist *d;
    VT_EQ_INT(vs_dist_create(ctx, VS_DIST_LOGNORMAL, 1.0, 1.2, &d), VS_OK);
    vs_mmc_spec s = base(1, 0.7, 1.0, 100000, 15);
    s.service = d;
    s.replications = 16;
    vs_mmc_result r = run_mmc(s);
    /* lambda E[S^2] / (2 (1 - rho)) = 0.7 * 2.44 / 0.6 */
    VT_NEAR(r.mean_wait.exact, 0.7 * 2.44 / 0.6, 1e-12);
    check_est("M/G/1 lognormal mean wait", &r.mean_wait, 0.08);
    check_est("M/G/1 P(wait>0)", &r.p_wait, 0.02);
    vs_dist_destroy(d);
    VT_EQ_INT(vs_dist_create(ctx, VS_DIST_CONST, 1.0, 0, &d), VS_OK);
    s.service = d;
    s.replications = 10;
    r = run_mmc(s);
    VT_NEAR(r.mean_wait.exact, 0.7 / (2 * 0.3), 1e-12);
    check_est("M/D/1 mean wait", &r.mean_wait, 0.03);
    vs_dist_destroy(d);
    vs_ctx_destroy(ctx);
}

/* Two classes: Cobham's formula (non-preemptive) for M/M/1 and M/M/3, and
 * the preemptive-resume M/M/1 times in system. */
static void test_priority(void)
{
    vs_mmc_spec s = base(1, 0.8, 1.0, 100000, 16);
    s.priority_share = 0.3;
    vs_mmc_result r = run_mmc(s);
    /* W0 = rho / mu = 0.8; s0 = 0.24, s1 = 0.8 */
    VT_NEAR(r.mean_wait_urgent.exact, 0.8 / 0.76, 1e-12);
    VT_NEAR(r.mean_wait_routine.exact, 0.8 / (0.76 * 0.2), 1e-12);
    check_est("M/M/1 priority urgent", &r.mean_wait_urgent, 0.03);
    check_est("M/M/1 priority routine", &r.mean_wait_routine, 0.06);
    check_est("M/M/1 priority overall (conservation)", &r.mean_wait, 0.06);
    s = base(3, 2.55, 1.0, 100000, 17);
    s.priority_share = 0.5;
    r = run_mmc(s);
    check_est("M/M/3 priority urgent", &r.mean_wait_urgent, 0.04);
    check_est("M/M/3 priority routine", &r.mean_wait_routine, 0.06);
    s = base(1, 0.7, 1.0, 100000, 18);
    s.priority_share = 0.4;
    s.preemptive = 1;
    r = run_mmc(s);
    check_est("M/M/1 preemptive urgent time", &r.mean_time_urgent, 0.02);
    check_est("M/M/1 preemptive routine time", &r.mean_time_routine, 0.04);
    check_est("M/M/1 preemptive occupancy", &r.mean_occupancy, 0.01);
}

/* Same numbers for 1 and 2 threads, and for both event lists (ties are
 * broken by insertion order, so the data structure cannot matter). */
static void test_reproducible(void)
{
    vs_mmc_spec s = base(4, 3.4, 1.0, 50000, 19);
    s.priority_share = 0.2;
    s.replications = 6;
    s.threads = 1;
    vs_mmc_result a = run_mmc(s);
    s.threads = 2;
    vs_mmc_result b = run_mmc(s);
    s.event_list = VS_EVENTS_PAIRING;
    vs_mmc_result c = run_mmc(s);
    /* compare every estimate bit for bit (wall time differs) */
    const vs_estimate *ea[] = {&a.mean_wait, &a.p_wait, &a.p_block, &a.mean_occupancy,
                               &a.mean_queue, &a.mean_wait_urgent, &a.mean_wait_routine,
                               &a.wait_p90};
    const vs_estimate *eb[] = {&b.mean_wait, &b.p_wait, &b.p_block, &b.mean_occupancy,
                               &b.mean_queue, &b.mean_wait_urgent, &b.mean_wait_routine,
                               &b.wait_p90};
    const vs_estimate *ec[] = {&c.mean_wait, &c.p_wait, &c.p_block, &c.mean_occupancy,
                               &c.mean_queue, &c.mean_wait_urgent, &c.mean_wait_routine,
                               &c.wait_p90};
    for (size_t i = 0; i < sizeof ea / sizeof ea[0]; i++) {
        VT_CHECK(memcmp(&ea[i]->mean, &eb[i]->mean, sizeof(double)) == 0);
        VT_CHECK(memcmp(&ea[i]->ci95, &eb[i]->ci95, sizeof(double)) == 0);
        VT_CHECK(memcmp(&ea[i]->mean, &ec[i]->mean, sizeof(double)) == 0);
    }
    VT_EQ_INT(a.events, b.events);
    VT_EQ_INT(a.events, c.events);
    /* a different seed gives different numbers */
    s.seed = 20;
    vs_mmc_result d = run_mmc(s);
    VT_CHECK(d.mean_wait.mean != a.mean_wait.mean);
}

/* ---- custom models through the general API -------------------------------- */

/* Reneging: M/M/1 where a patient leaves after a constant maximum wait tau.
 * The virtual waiting time V has an atom p0 at 0 and density
 * p0 lambda e^{-(mu-lambda) v} on (0, tau], p0 lambda e^{-(mu-lambda) tau}
 * e^{-mu (v - tau)} above (level crossing); by PASTA the share who renege is
 * P(V > tau) = p0 (lambda/mu) e^{-(mu-lambda) tau}, with
 * 1/p0 = 1 + lambda (1 - e^{-(mu-lambda) tau}) / (mu - lambda)
 *          + (lambda/mu) e^{-(mu-lambda) tau}.  Valid also for lambda > mu. */
typedef struct renege_out {
    double p_renege;
    double little_gap;
} renege_out;

static vs_status renege_rep(vs_ctx *ctx, int rep, void *result, void *user)
{
    const double *par = user; /* lambda, mu, tau */
    vs_sim_spec sp = {.seed = 21, .replication = (uint64_t)rep, .classes = 1,
                      .warmup_days = 100};
    vs_sim *sim;
    vs_status st = vs_sim_create(ctx, &sp, &sim);
    if (st)
        return st;
    vs_dist *d;
    vs_dist_create(ctx, VS_DIST_EXPONENTIAL, 1.0 / par[1], 0, &d);
    vs_resource_spec rs = VS_RESOURCE_SPEC_INIT;
    rs.service = d;
    rs.max_wait_days = par[2];
    int r, s;
    vs_sim_add_resource(ctx, sim, &rs, &r);
    vs_source_spec ss = VS_SOURCE_SPEC_INIT;
    ss.rate_per_day = par[0];
    ss.target = r;
    vs_sim_add_source(ctx, sim, &ss, &s);
    st = vs_sim_run(ctx, sim, 100 + 100000 / par[0]);
    vs_resource_stats rsx;
    vs_sim_resource_stats(ctx, sim, r, &rsx);
    renege_out *o = result;
    o->p_renege = (double)rsx.total.reneged / (double)rsx.total.arrivals;
    double L = rsx.busy_mean + rsx.queue_mean;
    double left = (double)(rsx.total.completed + rsx.total.reneged);
    double lw = (double)rsx.total.arrivals / rsx.observed_days * rsx.total.time_sum_days / left;
    o->little_gap = fabs(L - lw) / L;
    vs_sim_destroy(sim);
    vs_dist_destroy(d);
    return st;
}

static void test_reneging(void)
{
    double cases[2][3] = {{0.9, 1.0, 2.0}, {1.2, 1.0, 1.5}};
    for (int k = 0; k < 2; k++) {
        double lam = cases[k][0], mu = cases[k][1], tau = cases[k][2];
        double e = exp(-(mu - lam) * tau);
        double p0 = 1.0 / (1 + lam * (1 - e) / (mu - lam) + lam / mu * e);
        double exact = p0 * lam / mu * e;
        vs_ctx *ctx;
        vs_ctx_create(&ctx);
        renege_out out[10];
        VT_EQ_INT(vs_sim_replicate(ctx, 10, 2, renege_rep, cases[k], out, sizeof out[0]),
                  VS_OK);
        double xs[10], m, h;
        for (int i = 0; i < 10; i++) {
            xs[i] = out[i].p_renege;
            VT_CHECK(out[i].little_gap < 1e-3);
        }
        vs_stats_mean_ci95(ctx, xs, 10, 1, &m, &h);
        vs_estimate est = {m, h, exact};
        check_est("M/M/1+D reneging share", &est, 0.03);
        vs_ctx_destroy(ctx);
    }
}

/* Overflow: ward A (cA beds, loss) overflows to ward B (cB beds, loss) that
 * takes only overflow.  With exponential stays A alone is an Erlang loss
 * system, so P(overflow) = B(cA, a); A and B together hold n < cA + cB
 * patients exactly when a new one is admitted, so P(lost) = B(cA + cB, a). */
typedef struct ovf_out {
    double p_overflow, p_lost;
} ovf_out;

static vs_status ovf_rep(vs_ctx *ctx, int rep, void *result, void *user)
{
    vs_sim_spec sp = {.seed = 22, .replication = (uint64_t)rep, .classes = 1,
                      .warmup_days = 50};
    vs_sim *sim;
    vs_status st = vs_sim_create(ctx, &sp, &sim);
    if (st)
        return st;
    vs_dist *d;
    vs_dist_create(ctx, VS_DIST_EXPONENTIAL, 1.0, 0, &d);
    vs_resource_spec b = VS_RESOURCE_SPEC_INIT;
    b.name = "B";
    b.capacity = 4;
    b.queue_limit = 0;
    b.service = d;
    int rb, ra, s;
    vs_sim_add_resource(ctx, sim, &b, &rb);
    vs_resource_spec a = b;
    a.name = "A";
    a.capacity = 6;
    a.overflow_to = rb;
    vs_sim_add_resource(ctx, sim, &a, &ra);
    vs_source_spec ss = VS_SOURCE_SPEC_INIT;
    ss.rate_per_day = 7.0;
    ss.target = ra;
    vs_sim_add_source(ctx, sim, &ss, &s);
    st = vs_sim_run(ctx, sim, 50 + 30000);
    vs_resource_stats sa;
    vs_sim_resource_stats(ctx, sim, ra, &sa);
    ovf_out *o = result;
    o->p_overflow = (double)(sa.total.overflow_out + sa.total.blocked) / sa.total.arrivals;
    o->p_lost = (double)sa.total.blocked / (double)sa.total.arrivals;
    vs_sim_destroy(sim);
    vs_dist_destroy(d);
    return st;
}

static void test_overflow(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    ovf_out out[10];
    VT_EQ_INT(vs_sim_replicate(ctx, 10, 2, ovf_rep, NULL, out, sizeof out[0]), VS_OK);
    double m, h;
    vs_stats_mean_ci95(ctx, &out[0].p_overflow, 10, 2, &m, &h);
    vs_estimate e1 = {m, h, vsi_erlang_b(6, 7.0)};
    check_est("overflow share B(6, 7)", &e1, 0.02);
    vs_stats_mean_ci95(ctx, &out[0].p_lost, 10, 2, &m, &h);
    vs_estimate e2 = {m, h, vsi_erlang_b(10, 7.0)};
    check_est("lost share B(10, 7)", &e2, 0.05);
    vs_ctx_destroy(ctx);
}

/* The replication driver reports the lowest-numbered failure. */
static vs_status failing_rep(vs_ctx *ctx, int rep, void *result, void *user)
{
    *(int *)result = rep;
    if (rep == 3 || rep == 5)
        return vs_ctx_fail(ctx, VS_ENUMERIC, "boom %d", rep);
    return VS_OK;
}

static void test_replicate_errors(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    int out[8];
    for (int t = 1; t <= 3; t++) {
        VT_EQ_INT(vs_sim_replicate(ctx, 8, t, failing_rep, NULL, out, sizeof out[0]),
                  VS_ENUMERIC);
        VT_EQ_STR(vs_ctx_message(ctx), "replication 3: boom 3");
        for (int i = 0; i < 8; i++)
            VT_EQ_INT(out[i], i);
    }
    VT_EQ_INT(vs_sim_replicate(ctx, 0, 1, failing_rep, NULL, out, sizeof out[0]), VS_EUSAGE);
    vs_mmc_spec s = base(1, 2.0, 1.0, 100, 1); /* unstable */
    vs_mmc_result r;
    VT_EQ_INT(vs_sim_mmc(ctx, &s, &r), VS_EUSAGE);
    vs_ctx_destroy(ctx);
}

int main(void)
{
    test_erlang_c();
    test_erlang_b();
    test_mg1();
    test_priority();
    test_reproducible();
    test_reneging();
    test_overflow();
    test_replicate_errors();
    return vt_done();
}
