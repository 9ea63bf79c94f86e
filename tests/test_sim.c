/*
 * Unit tests of the simulation kernel: event lists against a brute-force
 * order, and small deterministic scenarios whose outcome is known exactly
 * (queue disciplines, capacity schedules, warm-up, holds and timers, errors);
 * delay lanes against the event list alone; the kernel's exact fmod.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/evq.h"
#include "sim/sim_internal.h" /* internal: vsi_week_fmod */
#include "vardsim/sim.h"
#include "vt.h"

/* ---- event lists ---------------------------------------------------------- */
typedef struct ref_ev {
    double t;
    uint32_t id;
} ref_ev;

/* Both event lists pop exactly the order of a stable sort by time (ties in
 * insertion order), through interleaved pushes and pops with many ties. */
static void test_evq(void)
{
    for (int kind = 0; kind < 2; kind++) {
        vsi_evq q;
        vsi_evq_init(&q, kind ? VSI_EVQ_PAIRING : VSI_EVQ_HEAP4);
        enum { N = 20000 };
        static ref_ev pending[N];
        int np = 0;
        uint32_t next_id = 0;
        uint64_t s = 777;
        double now = 0;
        int ok = 1;
        for (int step = 0; step < 3 * N; step++) {
            s = s * 6364136223846793005ULL + 1442695040888963407ULL;
            int push = np == 0 || (np < N - 1 && (s >> 60) < 9);
            if (push) {
                /* times on a coarse grid so that ties are frequent */
                double t = now + (double)((s >> 20) % 16) * 0.25;
                vsi_evq_push(&q, t, NULL, 0, next_id);
                pending[np++] = (ref_ev){t, next_id++};
            } else {
                /* reference: the minimum time, then the smallest id */
                int m = 0;
                for (int i = 1; i < np; i++)
                    if (pending[i].t < pending[m].t ||
                        (pending[i].t == pending[m].t && pending[i].id < pending[m].id))
                        m = i;
                vsi_ev e;
                vsi_evq_pop(&q, &e);
                if (e.t != pending[m].t || e.a != pending[m].id)
                    ok = 0;
                now = e.t;
                pending[m] = pending[--np];
            }
            if (q.n != (size_t)np)
                ok = 0;
        }
        VT_CHECK(ok);
        VT_CHECK(vsi_evq_bytes(&q) > 0);
        vsi_evq_free(&q);
    }
}

/* ---- a scripted scenario: entities injected by timers ---------------------- */
typedef struct script {
    vs_ctx *ctx;
    int res;
    int order[64];  /* ids in order of leaving */
    double wait[64], tim[64];
    vs_outcome oc[64];
    int served_at[64];
    int n;
} script;

typedef struct inject {
    script *sc;
    int cls;
    double key;     /* attr[0], for the comparator */
    double service; /* days */
    int res;
} inject;

static void on_leave(vs_sim *sim, vs_entity *e, const vs_leave_info *info, void *user)
{
    script *sc = user;
    if (sc->n < 64) {
        sc->order[sc->n] = (int)e->attr[1];
        sc->wait[sc->n] = info->wait_days;
        sc->tim[sc->n] = info->time_days;
        sc->oc[sc->n] = info->outcome;
        sc->served_at[sc->n] = info->served_at;
        sc->n++;
    }
}

/* Each injection has its own tag in attr[1]. */
typedef struct injx {
    inject in;
    int tag;
} injx;

static void do_injx(vs_sim *sim, vs_entity *unused, void *user)
{
    injx *x = user;
    vs_entity *e;
    VT_EQ_INT(vs_sim_entity_new(sim, x->in.cls, &e), VS_OK);
    e->attr[0] = x->in.key;
    e->attr[1] = x->tag;
    (void)unused;
    VT_EQ_INT(vs_sim_request(sim, e, x->in.res, x->in.service), VS_OK);
}

static int by_attr0(const vs_entity *a, const vs_entity *b, void *user)
{
    (void)user;
    return a->attr[0] < b->attr[0] ? -1 : a->attr[0] > b->attr[0];
}

static vs_sim *make(vs_ctx *ctx, int classes, double warmup)
{
    vs_sim_spec sp = {.seed = 1, .classes = classes, .warmup_days = warmup};
    vs_sim *sim;
    VT_EQ_INT(vs_sim_create(ctx, &sp, &sim), VS_OK);
    return sim;
}

/* One server; at t = 0 an entity with service 10 occupies it, then at
 * t = 1, 2, 3, 4 entities arrive with the given classes and keys.  Returns
 * the leave order (tags 0..4). */
static void run_discipline(vs_discipline disc, const int *cls, const double *key, int *order,
                           double *waits)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_sim *sim = make(ctx, 3, 0);
    script sc = {.ctx = ctx};
    vs_resource_spec rs = VS_RESOURCE_SPEC_INIT;
    rs.discipline = disc;
    rs.cmp = by_attr0;
    rs.on_leave = on_leave;
    rs.leave_user = &sc;
    VT_EQ_INT(vs_sim_add_resource(ctx, sim, &rs, &sc.res), VS_OK);
    injx x[5];
    for (int i = 0; i < 5; i++) {
        x[i] = (injx){{&sc, cls[i], key[i], i == 0 ? 10.0 : 1.0, sc.res}, i};
        VT_EQ_INT(vs_sim_timer(sim, (double)i, do_injx, &x[i]), VS_OK);
    }
    VT_EQ_INT(vs_sim_run(ctx, sim, INFINITY), VS_OK);
    VT_EQ_INT(sc.n, 5);
    for (int i = 0; i < 5; i++) {
        order[i] = sc.order[i];
        waits[i] = sc.wait[i];
    }
    vs_sim_info info;
    vs_sim_get_info(ctx, sim, &info);
    VT_EQ_INT(info.entities_live, 0);
    vs_sim_destroy(sim);
    vs_ctx_destroy(ctx);
}

static void test_disciplines(void)
{
    int cls[5] = {2, 2, 1, 0, 1};
    double key[5] = {0, 5, 3, 4, 1};
    int o[5];
    double w[5];
    /* FIFO: 0 then 1, 2, 3, 4; waits: entity 1 arrives at 1, starts at 10 */
    run_discipline(VS_QUEUE_FIFO, cls, key, o, w);
    for (int i = 0; i < 5; i++)
        VT_EQ_INT(o[i], i);
    VT_NEAR(w[0], 0, 0);
    VT_NEAR(w[1], 9, 1e-12);
    VT_NEAR(w[4], 10 + 3 - 4, 1e-12);
    /* non-preemptive priority: 0 (in service), then class 0 (3), class 1 in
     * FIFO order (2, 4), class 2 (1) */
    run_discipline(VS_QUEUE_PRIORITY, cls, key, o, w);
    int p[5] = {0, 3, 2, 4, 1};
    for (int i = 0; i < 5; i++)
        VT_EQ_INT(o[i], p[i]);
    /* preemptive-resume: at t = 2 entity 2 (class 1) preempts 0 (class 2,
     * 8 days left); at t = 3 the arrival of 3 (class 0, its timer was
     * inserted before 2's departure, so it comes first at equal times)
     * preempts 2 with 0 days left; 4 (class 1) queues behind 2. */
    run_discipline(VS_QUEUE_PREEMPTIVE, cls, key, o, w);
    /* leave order: 3 (3..4), 2 (resumes 4..4, 0 left), 4 (class 1, 4..5),
     * 0 (resumes with 8 days left, 5..13), 1 (13..14) */
    int pp[5] = {3, 2, 4, 0, 1};
    for (int i = 0; i < 5; i++)
        VT_EQ_INT(o[i], pp[i]);
    /* comparator on attr[0]: keys 5, 3, 4, 1 -> 4, 2, 3, 1 after 0 */
    run_discipline(VS_QUEUE_COMPARATOR, cls, key, o, w);
    int c[5] = {0, 4, 2, 3, 1};
    for (int i = 0; i < 5; i++)
        VT_EQ_INT(o[i], c[i]);
}

/* Loss, overflow and reneging with exact times. */
static void test_loss_overflow_renege(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_sim *sim = make(ctx, 1, 0);
    script sc = {.ctx = ctx};
    vs_resource_spec b = VS_RESOURCE_SPEC_INIT;
    b.name = "ward B";
    b.capacity = 1;
    b.queue_limit = 0; /* B: loss */
    b.on_leave = on_leave;
    b.leave_user = &sc;
    int rb, ra;
    VT_EQ_INT(vs_sim_add_resource(ctx, sim, &b, &rb), VS_OK);
    vs_resource_spec a = VS_RESOURCE_SPEC_INIT;
    a.name = "ward A";
    a.capacity = 1;
    a.queue_limit = 1;
    a.overflow_to = rb;
    a.max_wait_days = 2.5;
    a.on_leave = on_leave;
    a.leave_user = &sc;
    VT_EQ_INT(vs_sim_add_resource(ctx, sim, &a, &ra), VS_OK);
    /* t=0: e0 served at A (10 days); t=1: e1 overflows to B (10 days);
     * t=2: e2 waits at A; t=3: e3 blocked (queue full); t=4.5: e2 reneges
     * after 2.5 days */
    injx x[4];
    for (int i = 0; i < 4; i++) {
        x[i] = (injx){{&sc, 0, 0, 10.0, ra}, i};
        vs_sim_timer(sim, (double)i, do_injx, &x[i]);
    }
    VT_EQ_INT(vs_sim_run(ctx, sim, INFINITY), VS_OK);
    VT_EQ_INT(sc.n, 4);
    VT_EQ_INT(sc.order[0], 3);
    VT_EQ_INT(sc.oc[0], VS_OUTCOME_BLOCKED);
    VT_EQ_INT(sc.order[1], 2);
    VT_EQ_INT(sc.oc[1], VS_OUTCOME_RENEGED);
    VT_NEAR(sc.tim[1], 2.5, 1e-12);
    VT_EQ_INT(sc.order[2], 0);
    VT_EQ_INT(sc.served_at[2], ra);
    VT_EQ_INT(sc.order[3], 1);
    VT_EQ_INT(sc.served_at[3], rb);
    VT_EQ_INT(sc.oc[3], VS_OUTCOME_DONE);
    vs_resource_stats st;
    VT_EQ_INT(vs_sim_resource_stats(ctx, sim, ra, &st), VS_OK);
    VT_EQ_INT(st.total.arrivals, 4);
    VT_EQ_INT(st.total.overflow_out, 1);
    VT_EQ_INT(st.total.blocked, 1);
    VT_EQ_INT(st.total.reneged, 1);
    VT_EQ_INT(st.total.completed, 1);
    /* A busy 0..10 out of 11 days; the queue holds e2 for 2.5 days */
    VT_NEAR(st.observed_days, 11, 1e-12);
    VT_NEAR(st.busy_mean, 10.0 / 11, 1e-12);
    VT_NEAR(st.queue_mean, 2.5 / 11, 1e-12);
    VT_EQ_INT(vs_sim_resource_stats(ctx, sim, rb, &st), VS_OK);
    VT_EQ_INT(st.total.overflow_in, 1);
    VT_EQ_INT(st.total.completed, 1);
    VT_NEAR(st.total.time_sum_days, 10, 1e-12);
    vs_sim_destroy(sim);
    vs_ctx_destroy(ctx);
}

/* Capacity schedule: 1 server on [0, 0.5) of each day, closed [0.5, 1).
 * A request at 0.6 days waits until 1.0; the time-average capacity over two
 * days is 0.5. */
static void test_schedule_and_warmup(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_sim *sim = make(ctx, 1, 0.25);
    script sc = {.ctx = ctx};
    vs_resource_spec a = VS_RESOURCE_SPEC_INIT;
    a.on_leave = on_leave;
    a.leave_user = &sc;
    int r;
    VT_EQ_INT(vs_sim_add_resource(ctx, sim, &a, &r), VS_OK);
    double t[2] = {0.0, 0.5};
    int cap[2] = {1, 0};
    VT_EQ_INT(vs_sim_set_capacity_schedule(ctx, sim, r, 2, t, cap, 1.0), VS_OK);
    injx x[2] = {{{&sc, 0, 0, 0.1, r}, 0}, {{&sc, 0, 0, 0.2, r}, 1}};
    vs_sim_timer(sim, 0.1, do_injx, &x[0]); /* before the warm-up: not counted */
    vs_sim_timer(sim, 0.6, do_injx, &x[1]);
    VT_EQ_INT(vs_sim_run(ctx, sim, 2.25), VS_OK);
    VT_EQ_INT(sc.n, 2);
    VT_NEAR(sc.wait[1], 0.4, 1e-12);
    VT_NEAR(sc.tim[1], 0.6, 1e-12);
    vs_resource_stats st;
    vs_sim_resource_stats(ctx, sim, r, &st);
    VT_NEAR(vs_sim_now(sim), 2.25, 0);
    VT_NEAR(st.observed_days, 2.0, 1e-12);
    /* capacity 1 on [0.25,0.5), [1,1.5), [2,2.25): 1.0 day of 2 */
    VT_NEAR(st.capacity_mean, 0.5, 1e-12);
    VT_NEAR(st.busy_mean, 0.2 / 2.0, 1e-12);
    VT_EQ_INT(st.total.arrivals, 1);
    VT_EQ_INT(st.total.waited, 1);
    double q;
    VT_EQ_INT(vs_sim_wait_quantile(ctx, sim, r, -1, 0.5, &q), VS_OK);
    VT_CHECK(fabs(q - 0.4) <= 0.4 / 128);
    vs_sim_destroy(sim);
    vs_ctx_destroy(ctx);
}

/* Hold: an entity holds for 1.5 days, then requests; the callback sees the
 * time. */
static double hold_seen = -1;
static void after_hold(vs_sim *sim, vs_entity *e, void *user)
{
    hold_seen = vs_sim_now(sim);
    VT_CHECK(e != NULL);
    VT_EQ_INT(vs_sim_request(sim, e, *(int *)user, 1.0), VS_OK);
}
static void arrive_hold(vs_sim *sim, vs_entity *e, int source, void *user)
{
    VT_EQ_INT(vs_sim_hold(sim, e, 1.5, after_hold, user), VS_OK);
    /* a second hold of a holding entity is refused */
    VT_EQ_INT(vs_sim_hold(sim, e, 1.0, after_hold, user), VS_EUSAGE);
    vs_sim_stop(sim);
}

static void test_hold_and_errors(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_sim *sim = make(ctx, 2, 0);
    vs_resource_spec a = VS_RESOURCE_SPEC_INIT;
    int r;
    VT_EQ_INT(vs_sim_add_resource(ctx, sim, &a, &r), VS_OK);
    vs_source_spec s = VS_SOURCE_SPEC_INIT;
    s.rate_per_day = 1.0;
    s.on_arrival = arrive_hold;
    s.user = &r;
    s.limit = 1;
    int si;
    VT_EQ_INT(vs_sim_add_source(ctx, sim, &s, &si), VS_OK);
    /* the second hold failed inside the callback: the run reports it */
    VT_EQ_INT(vs_sim_run(ctx, sim, INFINITY), VS_EUSAGE);
    double t_arr = vs_sim_now(sim);
    VT_EQ_INT(vs_sim_run(ctx, sim, INFINITY), VS_OK);
    VT_NEAR(hold_seen, t_arr + 1.5, 1e-12);
    vs_sim_destroy(sim);

    /* configuration errors */
    sim = make(ctx, 1, 0);
    vs_resource_spec bad = VS_RESOURCE_SPEC_INIT;
    bad.capacity = -1;
    VT_EQ_INT(vs_sim_add_resource(ctx, sim, &bad, &r), VS_EUSAGE);
    bad = (vs_resource_spec)VS_RESOURCE_SPEC_INIT;
    bad.overflow_to = 0; /* itself / not yet existing */
    VT_EQ_INT(vs_sim_add_resource(ctx, sim, &bad, &r), VS_EUSAGE);
    bad = (vs_resource_spec)VS_RESOURCE_SPEC_INIT;
    bad.discipline = VS_QUEUE_COMPARATOR;
    VT_EQ_INT(vs_sim_add_resource(ctx, sim, &bad, &r), VS_EUSAGE);
    bad = (vs_resource_spec)VS_RESOURCE_SPEC_INIT;
    bad.max_wait_days = 0;
    VT_EQ_INT(vs_sim_add_resource(ctx, sim, &bad, &r), VS_EUSAGE);
    s = (vs_source_spec)VS_SOURCE_SPEC_INIT;
    s.rate_per_day = 1;
    VT_EQ_INT(vs_sim_add_source(ctx, sim, &s, &si), VS_EUSAGE); /* no target */
    s.target = 0;
    VT_EQ_INT(vs_sim_add_source(ctx, sim, &s, &si), VS_EUSAGE); /* no resource yet */
    VT_EQ_INT(vs_sim_add_resource(ctx, sim, &a, &r), VS_OK);
    s.n_rates = 12;
    VT_EQ_INT(vs_sim_add_source(ctx, sim, &s, &si), VS_EUSAGE);
    double t[2] = {0.5, 0.2};
    int cap[2] = {1, 2};
    VT_EQ_INT(vs_sim_set_capacity_schedule(ctx, sim, r, 2, t, cap, 1.0), VS_EUSAGE);
    vs_resource_stats st;
    VT_EQ_INT(vs_sim_resource_stats(ctx, sim, 7, &st), VS_EUSAGE);
    double q;
    VT_EQ_INT(vs_sim_wait_quantile(ctx, sim, r, -1, 0.5, &q), VS_EINFEASIBLE);
    VT_EQ_INT(vs_sim_wait_quantile(ctx, sim, r, -1, 1.5, &q), VS_EUSAGE);
    vs_entity *e;
    VT_EQ_INT(vs_sim_entity_new(sim, 3, &e), VS_EUSAGE);
    /* no service distribution and a negative service time */
    VT_EQ_INT(vs_sim_entity_new(sim, 0, &e), VS_OK);
    VT_EQ_INT(vs_sim_request(sim, e, r, -1.0), VS_EUSAGE);
    VT_EQ_INT(vs_sim_entity_free(sim, e), VS_OK);
    vs_sim_destroy(sim);
    vs_sim_destroy(NULL);
    vs_sim_spec bs = {.classes = 0};
    VT_EQ_INT(vs_sim_create(ctx, &bs, &sim), VS_EUSAGE);
    VT_CHECK(sim == NULL);
    vs_ctx_destroy(ctx);
}

/* Non-homogeneous arrivals by thinning: a 24-hour profile with weekday
 * factors; arrival counts per hour of the week over 400 weeks must match the
 * rates (each hour within 5 standard deviations of its Poisson mean, and a
 * chi-square statistic below the 99.9 % point for 167 degrees of freedom,
 * 229.0, plus a margin: 240). */
static long counts[168];
static void count_arrival(vs_sim *sim, vs_entity *e, int source, void *user)
{
    double w = fmod(vs_sim_now(sim), 7.0);
    counts[(int)(w * 24)]++;
}

static void test_thinning(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_sim *sim = make(ctx, 1, 0);
    double day[24], wf[7] = {1.2, 1.0, 1.0, 1.0, 1.1, 0.6, 0.5};
    for (int h = 0; h < 24; h++)
        day[h] = h < 7 ? 24.0 : h < 17 ? 120.0 : 60.0; /* per day while in that hour */
    vs_source_spec s = VS_SOURCE_SPEC_INIT;
    s.rate_by_hour = day;
    s.n_rates = 24;
    s.weekday_factor = wf;
    s.on_arrival = count_arrival;
    int si;
    VT_EQ_INT(vs_sim_add_source(ctx, sim, &s, &si), VS_OK);
    int weeks = 400;
    VT_EQ_INT(vs_sim_run(ctx, sim, 7.0 * weeks), VS_OK);
    double chi2 = 0;
    int ok = 1;
    for (int h = 0; h < 168; h++) {
        double expct = day[h % 24] * wf[h / 24] / 24.0 * weeks;
        double d = (double)counts[h] - expct;
        chi2 += d * d / expct;
        if (fabs(d) > 5 * sqrt(expct))
            ok = 0;
    }
    VT_CHECK(ok);
    VT_CHECK(chi2 < 240);
    vs_sim_destroy(sim);
    vs_ctx_destroy(ctx);
}

/* no_wait_histogram: the same run with and without the histogram gives
 * bit-identical statistics, and the quantile query says why it fails. */
static void run_mm2(vs_ctx *ctx, int no_hist, vs_resource_stats *st, vs_status *qst, double *q)
{
    vs_sim_spec spec = {.seed = 77, .replication = 3, .classes = 2, .warmup_days = 5};
    vs_sim *sim = NULL;
    VT_EQ_INT(vs_sim_create(ctx, &spec, &sim), VS_OK);
    vs_dist *d = NULL;
    VT_EQ_INT(vs_dist_create(ctx, VS_DIST_EXPONENTIAL, 1.0, 0, &d), VS_OK);
    vs_resource_spec rs = VS_RESOURCE_SPEC_INIT;
    rs.capacity = 2;
    rs.discipline = VS_QUEUE_PRIORITY;
    rs.service = d;
    rs.no_wait_histogram = no_hist;
    int r;
    VT_EQ_INT(vs_sim_add_resource(ctx, sim, &rs, &r), VS_OK);
    double share[2] = {0.3, 0.7};
    vs_source_spec s = VS_SOURCE_SPEC_INIT;
    s.rate_per_day = 1.6;
    s.class_share = share;
    s.target = r;
    int si;
    VT_EQ_INT(vs_sim_add_source(ctx, sim, &s, &si), VS_OK);
    VT_EQ_INT(vs_sim_run(ctx, sim, 2000), VS_OK);
    VT_EQ_INT(vs_sim_resource_stats(ctx, sim, r, st), VS_OK);
    *qst = vs_sim_wait_quantile(ctx, sim, r, -1, 0.9, q);
    vs_sim_destroy(sim);
    vs_dist_destroy(d);
}

static void test_no_wait_histogram(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_resource_stats a, b;
    vs_status qa, qb;
    double q = 0, q2 = 0;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    run_mm2(ctx, 0, &a, &qa, &q);
    run_mm2(ctx, 1, &b, &qb, &q2);
    VT_EQ_INT(qa, VS_OK);
    VT_CHECK(q > 0);
    VT_EQ_INT(qb, VS_EUSAGE);
    VT_CHECK(strstr(vs_ctx_message(ctx), "no_wait_histogram") != NULL);
    VT_CHECK(a.total.served > 1000);
    /* bitwise (vs_class_stats has no padding; the header is compared field by field) */
    VT_CHECK(a.busy_mean == b.busy_mean && a.queue_mean == b.queue_mean &&
             a.capacity_mean == b.capacity_mean && a.observed_days == b.observed_days);
    VT_CHECK(memcmp(&a.total, &b.total, sizeof a.total) == 0);
    VT_CHECK(memcmp(a.cls, b.cls, sizeof a.cls) == 0);
    vs_ctx_destroy(ctx);
}

/* vs_sim_run's end time: an event exactly at the end is processed; with
 * events left after the end, now = end; when the list empties before a
 * finite end, now = end; before an infinite end, now stays at the last
 * event; a NaN end is refused. */
static int until_n;
static double until_t[8];
static void on_until_timer(vs_sim *sim, vs_entity *e, void *u)
{
    (void)e;
    (void)u;
    if (until_n < 8)
        until_t[until_n++] = vs_sim_now(sim);
}

static void test_run_until(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    for (int list = 0; list < 2; list++) {
        vs_sim_spec sp = {.seed = 1, .classes = 1,
                          .event_list = list ? VS_EVENTS_PAIRING : VS_EVENTS_DEFAULT};
        vs_sim *sim = NULL;
        VT_EQ_INT(vs_sim_create(ctx, &sp, &sim), VS_OK);
        until_n = 0;
        vs_sim_info in;
        VT_EQ_INT(vs_sim_timer(sim, 1.0, on_until_timer, NULL), VS_OK);
        VT_EQ_INT(vs_sim_timer(sim, 2.0, on_until_timer, NULL), VS_OK);
        VT_EQ_INT(vs_sim_run(ctx, sim, 1.0), VS_OK);
        VT_EQ_INT(until_n, 1);
        VT_CHECK(until_t[0] == 1.0 && vs_sim_now(sim) == 1.0);
        VT_EQ_INT(vs_sim_run(ctx, sim, 1.5), VS_OK);
        VT_EQ_INT(until_n, 1);
        VT_CHECK(vs_sim_now(sim) == 1.5);
        VT_EQ_INT(vs_sim_get_info(ctx, sim, &in), VS_OK);
        VT_EQ_INT((int)in.pending_events, 1);
        VT_EQ_INT(vs_sim_run(ctx, sim, 3.0), VS_OK);
        VT_EQ_INT(until_n, 2);
        VT_CHECK(until_t[1] == 2.0 && vs_sim_now(sim) == 3.0);
        VT_EQ_INT(vs_sim_timer(sim, 0.5, on_until_timer, NULL), VS_OK);
        VT_EQ_INT(vs_sim_run(ctx, sim, INFINITY), VS_OK);
        VT_EQ_INT(until_n, 3);
        VT_CHECK(vs_sim_now(sim) == 3.5);
        VT_EQ_INT(vs_sim_get_info(ctx, sim, &in), VS_OK);
        VT_EQ_INT((int)in.pending_events, 0);
        VT_EQ_INT(vs_sim_run(ctx, sim, NAN), VS_EUSAGE);
        vs_sim_destroy(sim);
    }
    vs_ctx_destroy(ctx);
}

/* ---- delay lanes (vs_sim_fixed_delay) ------------------------------------ */
/* A model whose events often tie: fixed services of 0.5 days, return holds
 * of 0.75, reneging after 1.5, a timer chain every 0.25 and a capacity
 * schedule on the same quarter-day grid (event list), beside random
 * services (event list).  Every callback is hashed (time bits, entity,
 * outcome, wait bits) in order. */
typedef struct lane_model {
    vs_sim *sim;
    vs_rng *rng;
    int res;
    uint64_t hash;
    long n;
} lane_model;

static void lane_mix(lane_model *m, double t, uint64_t id, int what, double w)
{
    uint64_t b[3];
    memcpy(&b[0], &t, 8);
    memcpy(&b[1], &w, 8);
    b[2] = id * 16 + (uint64_t)what;
    for (int i = 0; i < 3; i++)
        m->hash = (m->hash ^ b[i]) * 1099511628211ULL;
    m->n++;
}

static void lane_rehold(vs_sim *sim, vs_entity *e, void *user)
{
    lane_model *m = user;
    lane_mix(m, vs_sim_now(sim), e->id, 7, 0);
    vs_sim_request(sim, e, m->res, 0.5);
}

static void lane_leave(vs_sim *sim, vs_entity *e, const vs_leave_info *info, void *user)
{
    lane_model *m = user;
    lane_mix(m, vs_sim_now(sim), e->id, (int)info->outcome, info->wait_days);
    if (info->outcome == VS_OUTCOME_DONE && vs_rng_uniform(m->rng) < 0.5)
        vs_sim_hold(sim, e, 0.75, lane_rehold, m);
}

static void lane_tick(vs_sim *sim, vs_entity *unused, void *user)
{
    (void)unused;
    lane_model *m = user;
    vs_entity *e;
    lane_mix(m, vs_sim_now(sim), 0, 8, 0);
    if (vs_sim_entity_new(sim, 0, &e) == VS_OK)
        vs_sim_request(sim, e, m->res, 0.5);
    vs_sim_timer(sim, 0.25, lane_tick, m);
}

static void lane_arrival(vs_sim *sim, vs_entity *e, int source, void *user)
{
    (void)source;
    lane_model *m = user;
    double u = vs_rng_uniform(m->rng);
    vs_sim_request(sim, e, m->res, u < 0.6 ? 0.5 : vs_rng_exponential(m->rng, 0.3));
}

/* Run the model with or without lanes on either event list; returns the
 * hash, and the events and callbacks through *events, *calls. */
static uint64_t lane_run(int pairing, int lanes, uint64_t *events, long *calls, uint64_t *pending)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_sim_spec sp = {.seed = 11, .classes = 2, .warmup_days = 3, .user_streams = 1,
                      .event_list = pairing ? VS_EVENTS_PAIRING : VS_EVENTS_DEFAULT};
    lane_model m = {.hash = 14695981039346656037ULL};
    VT_EQ_INT(vs_sim_create(ctx, &sp, &m.sim), VS_OK);
    m.rng = vs_sim_rng(m.sim, 0);
    if (lanes) {
        static const double d[5] = {0.5, 0.75, 1.5, 0.25, 2.0}; /* the fifth is ignored */
        for (int i = 0; i < 5; i++)
            VT_EQ_INT(vs_sim_fixed_delay(ctx, m.sim, d[i]), VS_OK);
        VT_EQ_INT(vs_sim_fixed_delay(ctx, m.sim, 0.5), VS_OK); /* again: ignored */
    }
    vs_resource_spec rs = VS_RESOURCE_SPEC_INIT;
    rs.capacity = 2;
    rs.discipline = VS_QUEUE_PRIORITY;
    rs.max_wait_days = 1.5;
    rs.on_leave = lane_leave;
    rs.leave_user = &m;
    VT_EQ_INT(vs_sim_add_resource(ctx, m.sim, &rs, &m.res), VS_OK);
    const double ct[3] = {0.0, 0.25, 0.5};
    const int cc[3] = {2, 0, 3};
    VT_EQ_INT(vs_sim_set_capacity_schedule(ctx, m.sim, m.res, 3, ct, cc, 1.0), VS_OK);
    vs_source_spec ss = VS_SOURCE_SPEC_INIT;
    ss.rate_per_day = 6.0;
    ss.on_arrival = lane_arrival;
    ss.user = &m;
    int si;
    VT_EQ_INT(vs_sim_add_source(ctx, m.sim, &ss, &si), VS_OK);
    VT_EQ_INT(vs_sim_timer(m.sim, 0.25, lane_tick, &m), VS_OK);
    VT_EQ_INT(vs_sim_run(ctx, m.sim, 100.0), VS_OK);
    vs_sim_info in;
    VT_EQ_INT(vs_sim_get_info(ctx, m.sim, &in), VS_OK);
    *events = in.events;
    *pending = in.pending_events;
    *calls = m.n;
    vs_sim_destroy(m.sim);
    vs_ctx_destroy(ctx);
    return m.hash;
}

/* Delay lanes change no result: the same callbacks in the same order at the
 * same times with and without them, on either event list, with many ties
 * between lane events and event-list events; bad delays are refused. */
static void test_lanes(void)
{
    uint64_t ev[3], pend[3], h[3];
    long calls[3];
    h[0] = lane_run(0, 0, &ev[0], &calls[0], &pend[0]);
    h[1] = lane_run(0, 1, &ev[1], &calls[1], &pend[1]);
    h[2] = lane_run(1, 1, &ev[2], &calls[2], &pend[2]);
    fprintf(stderr, "lanes: %ld callbacks, %llu events\n", calls[0], (unsigned long long)ev[0]);
    VT_CHECK(calls[0] > 1000);
    for (int i = 1; i < 3; i++) {
        VT_CHECK(h[i] == h[0]);
        VT_CHECK(ev[i] == ev[0]);
        VT_CHECK(pend[i] == pend[0]);
        VT_EQ_INT((int)calls[i], (int)calls[0]);
    }
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_sim_spec sp = {.seed = 1, .classes = 1};
    vs_sim *sim;
    VT_EQ_INT(vs_sim_create(ctx, &sp, &sim), VS_OK);
    VT_EQ_INT(vs_sim_fixed_delay(ctx, sim, -1.0), VS_EUSAGE);
    VT_EQ_INT(vs_sim_fixed_delay(ctx, sim, INFINITY), VS_EUSAGE);
    VT_EQ_INT(vs_sim_fixed_delay(ctx, sim, NAN), VS_EUSAGE);
    vs_sim_destroy(sim);
    vs_ctx_destroy(ctx);
}

/* vsi_week_fmod is fmod(t, 7) bit for bit: near multiples of 7 (where
 * t / 7 rounds across an integer), on a fine grid and at random times. */
static void test_week_fmod(void)
{
    int bad = 0;
    for (long k = 0; k < 200000; k++) {
        double m = 7.0 * (double)(k % 3000);
        double ts[4] = {nextafter(m, 0), m, nextafter(m, INFINITY), (double)k * 0.0137};
        for (int i = 0; i < 4; i++) {
            double t = ts[i] < 0 ? 0 : ts[i];
            bad += memcmp(&(double){vsi_week_fmod(t)}, &(double){fmod(t, 7.0)}, 8) != 0;
        }
    }
    uint64_t s = 99;
    for (int i = 0; i < 200000; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double t = (double)(s >> 11) * 0x1p-53 * (i % 2 ? 1e6 : 3650.0);
        bad += vsi_week_fmod(t) != fmod(t, 7.0);
    }
    VT_EQ_INT(bad, 0);
    VT_CHECK(isnan(vsi_week_fmod(NAN)));
    VT_CHECK(vsi_week_fmod(-1.0) == fmod(-1.0, 7.0));
}

/* The empirical distribution's inline Walker draw is gsl_ran_discrete's,
 * draw for draw, on a skewed table with many columns. */
static void test_empirical_alias(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    enum { K = 1287 };
    static double v[K], w[K];
    for (int i = 0; i < K; i++) {
        v[i] = i;
        w[i] = 1.0 + (i % 17) * (i % 5) + (i % 101 == 0 ? 500.0 : 0.0);
    }
    vs_dist *d = NULL;
    vs_rng *a = NULL, *b = NULL;
    VT_EQ_INT(vs_dist_create_empirical(ctx, K, v, w, &d), VS_OK);
    VT_EQ_INT(vs_rng_create(ctx, 3, 0, 0, &a), VS_OK);
    VT_EQ_INT(vs_rng_clone(ctx, a, &b), VS_OK);
    int bad = 0;
    for (int i = 0; i < 300000; i++)
        bad += vs_dist_sample(d, a) != (double)gsl_ran_discrete(vs_rng_gsl(b), d->alias);
    VT_EQ_INT(bad, 0);
    vs_rng_destroy(a);
    vs_rng_destroy(b);
    vs_dist_destroy(d);
    vs_ctx_destroy(ctx);
}

int main(void)
{
    test_evq();
    test_disciplines();
    test_loss_overflow_renege();
    test_schedule_and_warmup();
    test_hold_and_errors();
    test_thinning();
    test_no_wait_histogram();
    test_run_until();
    test_lanes();
    test_week_fmod();
    test_empirical_alias();
    return vt_done();
}
