/*
 * mmc.c: the M/M/c validation model behind "vardsim sim mmc": one resource,
 * one Poisson source, optional loss (M/M/c/K), optional two priority classes,
 * optional general service (M/G/c), replicated on threads, compared with the
 * exact values where a closed form exists:
 *
 *   FIFO, K unlimited     Erlang C: P(W>0) = C(c,a), E[W] = C / (c mu - lambda),
 *                         P(W>t) = C exp(-(c mu - lambda) t)
 *   M/M/c/K, K = c        Erlang B (the finite chain below with no queue)
 *   M/M/c/K               birth-death chain p_n ~ a^n / n! (n <= c),
 *                         p_c (a/c)^(n-c) (c < n <= K)
 *   M/G/1                 Pollaczek-Khinchine: E[W] = lambda E[S^2] / (2 (1 - rho))
 *   priority, non-preemptive, M/M/c (Cobham 1954):
 *                         E[W_k] = W0 / ((1 - s_{k-1})(1 - s_k)), W0 = C(c,a)/(c mu),
 *                         s_k = sum_{i<=k} lambda_i / (c mu)
 *   priority, non-preemptive, M/G/1: the same with W0 = lambda E[S^2] / 2
 *   priority, preemptive-resume, M/G/1:
 *                         E[T_k] = E[S] / (1 - s_{k-1})
 *                                  + R_k / ((1 - s_{k-1})(1 - s_k)),
 *                         R_k = sum_{i<=k} lambda_i E[S^2] / 2
 *   preemptive class 0, M/M/c: an M/M/c queue of class 0 alone (Erlang C).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "queueing.h"
#include "vardsim/sim.h"
#include "vardsim/stats.h"

/* One replication's results (all doubles, so fields can be summarised with a
 * stride). */
typedef struct rep_out {
    double mean_wait, p_wait, p_block, occupancy, mean_queue;
    double wait0, wait1, time0, time1;
    double wait_p90;
    double little_gap;
    double events;
} rep_out;
#define REP_FIELDS (sizeof(rep_out) / sizeof(double))

typedef struct mmc_job {
    const vs_mmc_spec *spec;
    const vs_dist *service;
    double warmup;
} mmc_job;

static vs_status run_rep(vs_ctx *ctx, int rep, void *result, void *user)
{
    const mmc_job *j = user;
    const vs_mmc_spec *s = j->spec;
    rep_out *o = result;
    int two = s->priority_share > 0;
    vs_sim_spec ss = {.seed = s->seed, .replication = (uint64_t)rep, .classes = two ? 2 : 1,
                      .warmup_days = j->warmup, .event_list = s->event_list};
    vs_sim *sim;
    vs_status st = vs_sim_create(ctx, &ss, &sim);
    if (st)
        return st;
    vs_resource_spec rs = VS_RESOURCE_SPEC_INIT;
    rs.name = "servers";
    rs.capacity = s->servers;
    rs.queue_limit = s->capacity >= 0 ? s->capacity - s->servers : -1;
    rs.discipline = two ? (s->preemptive ? VS_QUEUE_PREEMPTIVE : VS_QUEUE_PRIORITY)
                        : VS_QUEUE_FIFO;
    rs.service = j->service;
    int res, src;
    st = vs_sim_add_resource(ctx, sim, &rs, &res);
    double shares[2] = {s->priority_share, 1.0 - s->priority_share};
    vs_source_spec sp = VS_SOURCE_SPEC_INIT;
    sp.name = "arrivals";
    sp.rate_per_day = s->arrival_rate;
    sp.class_share = two ? shares : NULL;
    sp.target = res;
    sp.limit = s->patients;
    sp.stop_run_at_limit = 1;
    if (!st)
        st = vs_sim_add_source(ctx, sim, &sp, &src);
    if (!st)
        st = vs_sim_run(ctx, sim, INFINITY);
    vs_resource_stats rsx;
    if (!st)
        st = vs_sim_resource_stats(ctx, sim, res, &rsx);
    if (st) {
        vs_sim_destroy(sim);
        return st;
    }
    const vs_class_stats *t = &rsx.total;
    o->mean_wait = t->served ? t->wait_sum_days / (double)t->served : 0.0;
    o->p_wait = t->served ? (double)t->waited / (double)t->served : 0.0;
    o->p_block = t->arrivals ? (double)t->blocked / (double)t->arrivals : 0.0;
    o->occupancy = rsx.occupancy;
    o->mean_queue = rsx.queue_mean;
    if (two) {
        const vs_class_stats *c0 = &rsx.cls[0], *c1 = &rsx.cls[1];
        o->wait0 = c0->served ? c0->wait_sum_days / (double)c0->served : 0.0;
        o->wait1 = c1->served ? c1->wait_sum_days / (double)c1->served : 0.0;
        o->time0 = c0->completed ? c0->time_sum_days / (double)c0->completed : 0.0;
        o->time1 = c1->completed ? c1->time_sum_days / (double)c1->completed : 0.0;
    }
    double q90 = 0;
    if (vs_sim_wait_quantile(ctx, sim, res, -1, 0.9, &q90))
        q90 = 0; /* no waits observed (loss system): report 0 */
    vs_ctx_clear(ctx);
    o->wait_p90 = q90;
    /* Little's law on the sample path: L = lambda W with L the time-average
     * number present, lambda the admitted arrivals per day, W the mean time
     * of those who left. */
    double L = rsx.busy_mean + rsx.queue_mean;
    double left = (double)(t->completed + t->reneged);
    double lam = (double)(t->arrivals - t->blocked) / rsx.observed_days;
    double lw = left > 0 ? lam * t->time_sum_days / left : 0.0;
    o->little_gap = L > 0 ? fabs(L - lw) / L : 0.0;
    vs_sim_info info;
    vs_sim_get_info(ctx, sim, &info);
    o->events = (double)info.events;
    vs_sim_destroy(sim);
    return VS_OK;
}

static void est(vs_ctx *ctx, const rep_out *r, int n, const double *field, vs_estimate *e)
{
    size_t off = (size_t)(field - (const double *)r);
    vs_stats_mean_ci95(ctx, (const double *)r + off, (size_t)n, REP_FIELDS, &e->mean, &e->ci95);
}

static void exact_values(const vs_mmc_spec *s, const vs_dist *svc, int exp_service,
                         vs_mmc_result *out)
{
    int c = s->servers;
    double lam = s->arrival_rate, mu = s->service_rate;
    double ES = vs_dist_mean(svc), ES2 = vs_dist_second_moment(svc);
    double pb, pw, w, lq, occ;
    int two = s->priority_share > 0;
    double l0 = lam * s->priority_share, l1 = lam - l0;
    if (exp_service) {
        if (vsi_mmck(c, lam, mu, s->capacity, &pb, &pw, &w, &lq, &occ) == 0) {
            out->p_block.exact = pb;
            out->mean_occupancy.exact = occ;
            out->mean_queue.exact = lq;
            if (!(two && s->preemptive)) {
                out->p_wait.exact = pw;
                out->mean_wait.exact = w;
            }
            if (!two && s->capacity < 0)
                out->wait_p90.exact = vsi_mmc_wait_quantile(c, lam, mu, 0.9);
            if (s->capacity == c)
                out->wait_p90.exact = 0; /* loss system: nobody waits */
        }
    } else if (s->capacity < 0 && lam * ES < c) {
        out->p_block.exact = 0;
        out->mean_occupancy.exact = lam * ES / c;
        if (c == 1 && !(two && s->preemptive)) {
            out->p_wait.exact = lam * ES;
            out->mean_wait.exact = lam * ES2 / (2 * (1 - lam * ES));
            out->mean_queue.exact = lam * out->mean_wait.exact;
        }
    }
    if (!two || s->capacity >= 0 || !(lam * ES < c))
        return;
    double s0 = l0 * ES / c, s1 = lam * ES / c;
    if (!s->preemptive) {
        double W0 = NAN;
        if (exp_service)
            W0 = vsi_erlang_c(c, lam / mu) / (c * mu);
        else if (c == 1)
            W0 = lam * ES2 / 2;
        out->mean_wait_urgent.exact = W0 / (1 - s0);
        out->mean_wait_routine.exact = W0 / ((1 - s0) * (1 - s1));
        out->mean_time_urgent.exact = out->mean_wait_urgent.exact + ES;
        out->mean_time_routine.exact = out->mean_wait_routine.exact + ES;
    } else {
        if (c == 1) {
            double R0 = l0 * ES2 / 2, R1 = lam * ES2 / 2;
            out->mean_time_urgent.exact = ES + R0 / (1 - s0);
            out->mean_time_routine.exact = ES / (1 - s0) + R1 / ((1 - s0) * (1 - s1));
            out->mean_wait_urgent.exact = R0 / (1 - s0);
        } else if (exp_service) {
            double C0 = vsi_erlang_c(c, l0 / mu);
            out->mean_wait_urgent.exact = C0 / (c * mu - l0);
            out->mean_time_urgent.exact = out->mean_wait_urgent.exact + 1 / mu;
        }
    }
    (void)l1;
}

vs_status vs_sim_mmc(vs_ctx *ctx, const vs_mmc_spec *s, vs_mmc_result *out)
{
    memset(out, 0, sizeof *out);
    if (s->servers < 1)
        return vs_ctx_fail(ctx, VS_EUSAGE, "servers must be >= 1");
    if (!(s->arrival_rate > 0) || !isfinite(s->arrival_rate))
        return vs_ctx_fail(ctx, VS_EUSAGE, "arrival rate must be > 0");
    if (!(s->service_rate > 0) || !isfinite(s->service_rate))
        return vs_ctx_fail(ctx, VS_EUSAGE, "service rate must be > 0");
    if (s->capacity >= 0 && s->capacity < s->servers)
        return vs_ctx_fail(ctx, VS_EUSAGE, "capacity %ld is below the number of servers %d",
                           s->capacity, s->servers);
    if (s->capacity < -1)
        return vs_ctx_fail(ctx, VS_EUSAGE, "capacity must be >= servers (or -1, unlimited)");
    if (!(s->priority_share >= 0 && s->priority_share < 1))
        return vs_ctx_fail(ctx, VS_EUSAGE, "priority share must be in [0, 1)");
    if (s->patients < 1 || s->replications < 1 || s->threads < 1)
        return vs_ctx_fail(ctx, VS_EUSAGE, "patients, replications and threads must be >= 1");
    double ES = s->service ? vs_dist_mean(s->service) : 1.0 / s->service_rate;
    if (s->capacity < 0 && !(s->arrival_rate * ES < s->servers))
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "unstable queue: arrival rate x mean service (%g erlangs) must be "
                           "below the number of servers %d when capacity is unlimited",
                           s->arrival_rate * ES, s->servers);
    vs_dist *expd = NULL;
    const vs_dist *svc = s->service;
    if (!svc) {
        vs_status st = vs_dist_create(ctx, VS_DIST_EXPONENTIAL, 1.0 / s->service_rate, 0, &expd);
        if (st)
            return st;
        svc = expd;
    }
    mmc_job j = {s, svc, s->warmup_days >= 0 ? s->warmup_days
                                             : 0.1 * (double)s->patients / s->arrival_rate};
    rep_out *reps = calloc((size_t)s->replications, sizeof *reps);
    if (!reps) {
        vs_dist_destroy(expd);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    vs_status st = vs_sim_replicate(ctx, s->replications, s->threads, run_rep, &j, reps,
                                    sizeof *reps);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (st) {
        free(reps);
        vs_dist_destroy(expd);
        return st;
    }
    int n = s->replications;
    out->patients = s->patients;
    out->replications = n;
    out->warmup_days = j.warmup;
    vs_estimate *all[] = {&out->mean_wait, &out->p_wait, &out->p_block, &out->mean_occupancy,
                          &out->mean_queue, &out->mean_wait_urgent, &out->mean_wait_routine,
                          &out->mean_time_urgent, &out->mean_time_routine, &out->wait_p90};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        all[i]->exact = NAN;
    est(ctx, reps, n, &reps[0].mean_wait, &out->mean_wait);
    est(ctx, reps, n, &reps[0].p_wait, &out->p_wait);
    est(ctx, reps, n, &reps[0].p_block, &out->p_block);
    est(ctx, reps, n, &reps[0].occupancy, &out->mean_occupancy);
    est(ctx, reps, n, &reps[0].mean_queue, &out->mean_queue);
    est(ctx, reps, n, &reps[0].wait0, &out->mean_wait_urgent);
    est(ctx, reps, n, &reps[0].wait1, &out->mean_wait_routine);
    est(ctx, reps, n, &reps[0].time0, &out->mean_time_urgent);
    est(ctx, reps, n, &reps[0].time1, &out->mean_time_routine);
    est(ctx, reps, n, &reps[0].wait_p90, &out->wait_p90);
    for (int r = 0; r < n; r++) {
        if (reps[r].little_gap > out->little_max_rel_gap)
            out->little_max_rel_gap = reps[r].little_gap;
        out->events += (uint64_t)reps[r].events;
    }
    out->wall_seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    exact_values(s, svc, s->service == NULL, out);
    free(reps);
    vs_dist_destroy(expd);
    return VS_OK;
}
