/*
 * two_ward_hospital.c: a two-ward hospital built with the public simulation
 * API only (vardsim/sim.h).
 *
 * Emergency admissions arrive with a rate that varies by hour of day and by
 * weekday (thinning).  A share are medical patients for ward M, the rest
 * surgical patients for ward S.  When every bed on M is taken, a medical
 * patient is placed on S if S has a free bed (overflow, "utlokalisering");
 * otherwise the patient waits in the emergency department, urgent patients
 * first (static priority), and is transferred elsewhere after 12 hours
 * (reneging).  Ward S closes beds at weekends (capacity schedule).  Each
 * replication simulates a year after a 60-day warm-up; five replications
 * run on two threads and are summarised with 95 % confidence intervals.
 *
 * THE NUMBERS BELOW ARE ILLUSTRATIVE, NOT DATA: they exercise the API.  Real
 * models take their rates, lengths of stay and bed counts from the region's
 * cited parameter files.
 *
 * Usage: example_two_ward_hospital [seed]
 */
#include <stdio.h>
#include <stdlib.h>

#include "vardsim/sim.h"
#include "vardsim/stats.h"

enum { REPS = 5, URGENT = 0, ROUTINE = 1 };

typedef struct model {
    const vs_dist *los_medical, *los_surgical; /* length of stay, days */
    uint64_t seed;
} model;

typedef struct ward_out {
    double occ_m, occ_s;   /* time-average occupancy (busy / capacity) */
    double overflow_share; /* medical patients placed on S             */
    double wait_h_urgent, wait_h_routine; /* mean ED wait, hours (medical) */
    double transferred_share; /* left the ED after 12 h              */
} ward_out;

typedef struct run_state {
    int ward_m, ward_s;
    vs_rng *route; /* user stream 0: medical or surgical */
} run_state;

/* Route each new admission: 55 % medical. */
static void on_arrival(vs_sim *sim, vs_entity *e, int source, void *user)
{
    run_state *rs = user;
    int ward = vs_rng_uniform(rs->route) < 0.55 ? rs->ward_m : rs->ward_s;
    /* a negative service time draws the ward's length of stay */
    vs_sim_request(sim, e, ward, -1.0);
}

static vs_status one_year(vs_ctx *ctx, int rep, void *result, void *user)
{
    const model *m = user;
    vs_sim_spec spec = {.seed = m->seed, .replication = (uint64_t)rep, .classes = 2,
                        .warmup_days = 60, .user_streams = 1};
    vs_sim *sim;
    vs_status st = vs_sim_create(ctx, &spec, &sim);
    if (st)
        return st;
    run_state rs = {.route = vs_sim_rng(sim, 0)};

    vs_resource_spec s = VS_RESOURCE_SPEC_INIT;
    s.name = "surgical ward";
    s.capacity = 24;
    s.discipline = VS_QUEUE_PRIORITY;
    s.max_wait_days = 0.5;
    s.service = m->los_surgical;
    vs_resource_spec med = VS_RESOURCE_SPEC_INIT;
    med.name = "medical ward";
    med.capacity = 34;
    med.discipline = VS_QUEUE_PRIORITY;
    med.max_wait_days = 0.5;
    med.service = m->los_medical;
    if (!st)
        st = vs_sim_add_resource(ctx, sim, &s, &rs.ward_s);
    med.overflow_to = rs.ward_s;
    if (!st)
        st = vs_sim_add_resource(ctx, sim, &med, &rs.ward_m);
    /* surgical ward: 24 beds Monday to Friday, 20 at weekends */
    double t[2] = {0.0, 5.0};
    int cap[2] = {24, 20};
    if (!st)
        st = vs_sim_set_capacity_schedule(ctx, sim, rs.ward_s, 2, t, cap, 7.0);

    /* admissions per day while in each hour (peak in the afternoon) */
    double by_hour[24];
    for (int h = 0; h < 24; h++)
        by_hour[h] = h < 8 ? 6.0 : h < 12 ? 14.0 : h < 20 ? 18.0 : 9.0;
    double weekday[7] = {1.15, 1.05, 1.0, 1.0, 1.05, 0.85, 0.9};
    double share[2] = {0.3, 0.7}; /* urgent, routine */
    vs_source_spec src = VS_SOURCE_SPEC_INIT;
    src.name = "emergency admissions";
    src.rate_by_hour = by_hour;
    src.n_rates = 24;
    src.weekday_factor = weekday;
    src.class_share = share;
    src.on_arrival = on_arrival;
    src.user = &rs;
    int si;
    if (!st)
        st = vs_sim_add_source(ctx, sim, &src, &si);
    if (!st)
        st = vs_sim_run(ctx, sim, 60 + 365);
    vs_resource_stats sm, ss;
    if (!st)
        st = vs_sim_resource_stats(ctx, sim, rs.ward_m, &sm);
    if (!st)
        st = vs_sim_resource_stats(ctx, sim, rs.ward_s, &ss);
    if (!st) {
        ward_out *o = result;
        o->occ_m = sm.occupancy;
        o->occ_s = ss.occupancy;
        o->overflow_share = (double)sm.total.overflow_out / (double)sm.total.arrivals;
        o->transferred_share = (double)sm.total.reneged / (double)sm.total.arrivals;
        const vs_class_stats *u = &sm.cls[URGENT], *r = &sm.cls[ROUTINE];
        o->wait_h_urgent = u->served ? 24 * u->wait_sum_days / (double)u->served : 0;
        o->wait_h_routine = r->served ? 24 * r->wait_sum_days / (double)r->served : 0;
    }
    vs_sim_destroy(sim);
    return st;
}

static void show(vs_ctx *ctx, const char *what, const ward_out *o, const double *field,
                 double scale, const char *unit)
{
    double m, h;
    size_t off = (size_t)(field - (const double *)o);
    vs_stats_mean_ci95(ctx, (const double *)o + off, REPS, sizeof *o / sizeof(double), &m, &h);
    printf("  %-40s %8.2f +- %.2f %s\n", what, m * scale, h * scale, unit);
}

int main(int argc, char **argv)
{
    vs_ctx *ctx;
    if (vs_ctx_create(&ctx))
        return 1;
    model m = {.seed = argc > 1 ? strtoull(argv[1], NULL, 10) : 2024};
    vs_dist *los_m = NULL, *los_s = NULL;
    vs_status st = vs_dist_create(ctx, VS_DIST_LOGNORMAL, 4.5, 4.0, &los_m);
    if (!st)
        st = vs_dist_create(ctx, VS_DIST_GAMMA, 3.0, 2.0, &los_s);
    m.los_medical = los_m;
    m.los_surgical = los_s;
    ward_out out[REPS];
    if (!st)
        st = vs_sim_replicate(ctx, REPS, 2, one_year, &m, out, sizeof out[0]);
    if (st) {
        fprintf(stderr, "two_ward_hospital: %s\n", vs_ctx_message(ctx));
        vs_dist_destroy(los_m);
        vs_dist_destroy(los_s);
        vs_ctx_destroy(ctx);
        return 1;
    }
    printf("two-ward hospital (illustrative parameters, not data), seed %llu, "
           "%d replications of 365 days:\n",
           (unsigned long long)m.seed, REPS);
    show(ctx, "medical ward occupancy", out, &out[0].occ_m, 100, "%");
    show(ctx, "surgical ward occupancy", out, &out[0].occ_s, 100, "%");
    show(ctx, "medical patients placed on surgical ward", out, &out[0].overflow_share, 100, "%");
    show(ctx, "medical patients transferred after 12 h", out, &out[0].transferred_share, 100,
         "%");
    show(ctx, "ED wait for a medical bed, urgent", out, &out[0].wait_h_urgent, 1, "hours");
    show(ctx, "ED wait for a medical bed, routine", out, &out[0].wait_h_routine, 1, "hours");
    vs_dist_destroy(los_m);
    vs_dist_destroy(los_s);
    vs_ctx_destroy(ctx);
    return 0;
}
