/*
 * sim.c: the maternity model checked on the simulation kernel
 * (vs_maternity_simulate, vardsim/maternity.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vardsim/maternity.h"
#include "vardsim/sim.h"

#define SLOTS 288          /* 5-minute samples a day */
#define WARMUP_DAYS 3.0

typedef struct sampler {
    vs_ctx *ctx;
    int res;
    const int *need;       /* midwives by hour */
    double sum[SLOTS];
    double exceed[SLOTS];
    long count[SLOTS];
    long slot;             /* running sample number */
} sampler;

static void on_sample(vs_sim *sim, vs_entity *e, void *user)
{
    (void)e;
    sampler *s = user;
    vs_resource_stats st;
    if (vs_sim_resource_stats(s->ctx, sim, s->res, &st)) {
        vs_sim_stop(sim);
        return;
    }
    int k = (int)(s->slot % SLOTS);
    s->sum[k] += st.busy_now;
    s->exceed[k] += st.busy_now > s->need[k / 12];
    s->count[k]++;
    s->slot++;
    if (vs_sim_timer(sim, 1.0 / SLOTS, on_sample, s))
        vs_sim_stop(sim);
}

/* The attendance time as a kernel distribution (days), without the extra. */
static vs_status make_dist(vs_ctx *ctx, const vs_maternity_params *p, vs_dist **d)
{
    double a = p->attend_a / 24.0;
    if (p->attend == VS_MAT_ATTEND_EXPONENTIAL)
        return vs_dist_create(ctx, VS_DIST_EXPONENTIAL, a, 0, d);
    if (p->attend == VS_MAT_ATTEND_CONST)
        return vs_dist_create(ctx, VS_DIST_CONST, a, 0, d);
    double sigma = log(p->attend_b / p->attend_a) / 1.6448536269514722;
    double mean = a * exp(0.5 * sigma * sigma);
    return vs_dist_create(ctx, VS_DIST_LOGNORMAL, mean, mean * sqrt(expm1(sigma * sigma)), d);
}

/* Each birth holds its midwife for extra + a drawn time. */
typedef struct arrive_user {
    int res;
    double extra_days;
    const vs_dist *dist;
} arrive_user;

static void on_arrival(vs_sim *sim, vs_entity *e, int source, void *user)
{
    (void)source;
    const arrive_user *u = user;
    double s = u->extra_days + vs_dist_sample(u->dist, vs_sim_rng(sim, 0));
    if (vs_sim_request(sim, e, u->res, s))
        vs_sim_stop(sim);
}

static vs_status build(vs_ctx *ctx, vs_sim *sim, const vs_maternity_result *r,
                       arrive_user *au, sampler *smp)
{
    vs_resource_spec rs = VS_RESOURCE_SPEC_INIT;
    rs.name = "midwives (unlimited)";
    rs.capacity = 1000000;
    rs.no_wait_histogram = 1;
    vs_status st = vs_sim_add_resource(ctx, sim, &rs, &au->res);
    if (st)
        return st;
    smp->res = au->res;
    double per_day[24];
    for (int h = 0; h < 24; h++)
        per_day[h] = r->rate_per_hour[h] * 24.0;
    vs_source_spec ss = VS_SOURCE_SPEC_INIT;
    ss.name = "births";
    ss.rate_by_hour = per_day;
    ss.n_rates = 24;
    ss.on_arrival = on_arrival;
    ss.user = au;
    int src;
    if ((st = vs_sim_add_source(ctx, sim, &ss, &src)))
        return st;
    return vs_sim_timer(sim, WARMUP_DAYS, on_sample, smp);
}

static void summarise(const vs_maternity_params *p, const vs_maternity_result *r,
                      const sampler *smp, vs_maternity_sim *out)
{
    double tot = 0, exc = 0, exact = 0;
    long n = 0;
    for (int h = 0; h < 24; h++) {
        double hs = 0, he = 0;
        long hn = 0;
        for (int k = h * 12; k < h * 12 + 12; k++) {
            hs += smp->sum[k];
            he += smp->exceed[k];
            hn += smp->count[k];
            double m = vs_maternity_in_progress(p, r->rate_per_hour, k / 12.0);
            exact += vs_maternity_poisson_exceed(m, r->midwives_hour[h]);
        }
        out->in_progress_hour[h] = hn ? hs / hn : NAN;
        out->p_exceed_hour[h] = hn ? he / hn : NAN;
        if (out->p_exceed_hour[h] > out->p_exceed_max)
            out->p_exceed_max = out->p_exceed_hour[h];
        tot += hs;
        exc += he;
        n += hn;
    }
    out->in_progress_mean = n ? tot / n : NAN;
    out->p_exceed_sim_mean = n ? exc / n : NAN;
    out->p_exceed_exact_mean = exact / SLOTS;
}

vs_status vs_maternity_simulate(vs_ctx *ctx, const vs_maternity_params *p,
                                const vs_maternity_result *r, uint64_t seed, double days,
                                vs_maternity_sim *out)
{
    memset(out, 0, sizeof *out);
    if (!(days >= 1 && days <= 100000))
        return vs_ctx_fail(ctx, VS_EUSAGE, "maternity: simulated days %g not in [1, 100000]",
                           days);
    vs_sim_spec spec = {.seed = seed, .classes = 1, .warmup_days = WARMUP_DAYS,
                        .user_streams = 1};
    vs_sim *sim = NULL;
    vs_dist *dist = NULL;
    sampler *smp = calloc(1, sizeof *smp);
    if (!smp)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    smp->ctx = ctx;
    smp->need = r->midwives_hour;
    arrive_user au = {0, (isnan(p->attend_extra_hours) ? 0 : p->attend_extra_hours) / 24.0, NULL};
    vs_status st = make_dist(ctx, p, &dist);
    au.dist = dist;
    if (!st)
        st = vs_sim_create(ctx, &spec, &sim);
    if (!st)
        st = build(ctx, sim, r, &au, smp);
    if (!st)
        st = vs_sim_run(ctx, sim, WARMUP_DAYS + days);
    vs_resource_stats rs;
    if (!st)
        st = vs_sim_resource_stats(ctx, sim, au.res, &rs);
    if (!st) {
        out->days = days;
        out->births = rs.total.arrivals;
        summarise(p, r, smp, out);
    }
    vs_sim_destroy(sim);
    vs_dist_destroy(dist);
    free(smp);
    return st;
}
