/*
 * vardsim/sim.h: the discrete-event simulation kernel.
 *
 * Simulated time is a double in days; t = 0 is Monday 00:00 of the first
 * simulated week (hour-of-week profiles count from there).
 *
 * A model is a vs_sim with
 *   - resources (beds, GP appointment slots, ED cubicles): a capacity that may
 *     follow a schedule, and a queue with a discipline (FIFO, static priority
 *     non-preemptive or preemptive-resume, or a caller comparator), an optional
 *     queue limit (0 = loss system: a full resource blocks), an optional
 *     overflow resource (a patient finding every server busy is served there
 *     when it has a free server), and an optional maximum wait (reneging);
 *   - sources of arrivals, homogeneous Poisson or non-homogeneous by thinning
 *     (rates by hour of day with weekday factors, or by hour of week);
 *   - entities (patients) from a pool, each with a priority class (0 = most
 *     urgent) and free attributes;
 *   - callbacks: on arrival (route the new entity), on leaving a resource
 *     (route onward: request another resource, hold for a delay, or let the
 *     kernel free it), and timers.
 *
 * The pending-event list orders events by (time, insertion number), so ties
 * are broken deterministically and results never depend on the heap.
 * Random numbers come from explicit xoshiro256** streams (vardsim/rng.h):
 * the run (seed, replication) owns stream (seed, replication, k) for each k;
 * user streams, resources and sources take substreams in a fixed order, so a
 * model built the same way draws the same numbers.
 *
 * Statistics are collected after the warm-up period: per resource and per
 * class, counts (arrivals, served, completed, blocked, reneged, overflowed),
 * the waiting time (mean, P(wait > 0), quantiles from a log-linear histogram
 * with relative error <= 1/128), time-weighted busy servers, queue length and
 * capacity, and the time spent at the resource (for Little's law).
 *
 * Errors: functions that configure or query a model take the vs_ctx and
 * return vs_status.  Functions called from inside a run (from callbacks:
 * vs_sim_request, vs_sim_hold, ...) take the vs_sim and record failures on
 * the context given to vs_sim_create; a failure inside a callback also stops
 * the run, and vs_sim_run returns it.  Accessors that cannot fail
 * (vs_sim_now, vs_sim_rng) return their value directly.
 *
 * Threads: a vs_sim is used by one thread at a time; independent vs_sim
 * objects run in parallel (vs_sim_replicate).
 */
#ifndef VARDSIM_SIM_H
#define VARDSIM_SIM_H

#include <math.h>

#include "vardsim/core.h"
#include "vardsim/rng.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VS_SIM_MAX_CLASSES 8 /* priority classes per model              */
#define VS_SIM_ATTRS 4       /* free double attributes per entity       */

typedef struct vs_sim vs_sim;

/* A patient (or any flow unit).  Fields above the line are the model's to
 * read (and, for cls, attr and user, to write); the rest belongs to the
 * kernel.  Entities are owned by the simulation's pool: never free them
 * yourself, never keep a pointer after the kernel has freed the entity (after
 * a leave callback that did not route it onward). */
typedef struct vs_entity {
    uint64_t id;              /* unique within a run, 0, 1, 2, ...         */
    int cls;                  /* priority class, 0 = most urgent           */
    double created_days;      /* creation time, days                       */
    double attr[VS_SIM_ATTRS]; /* free for the model (age, area, ...)       */
    void *user;               /* free for the model                        */
    /* ---- kernel-private (64 bytes: an entity is two cache lines, and the
     * pool aligns it to them; fields used in different states share) ---- */
    uint32_t k_token;     /* invalidates pending events when changed      */
    int8_t k_state;       /* idle, queued, in service, holding, free      */
    int8_t k_started;     /* 1 once service has started (waits recorded)  */
    int k_res;            /* resource where queued or served              */
    int k_req;            /* resource originally requested                */
    double k_arrive;      /* arrival at the requested resource, days      */
    double k_service;     /* remaining service, days                      */
    double k_depart;      /* scheduled end of service, days               */
    double k_wait;        /* wait before first service, days              */
    union {
        struct {              /* queued or in service                     */
            long k_slot;      /* index in queue heap or server list       */
            uint64_t k_qseq;  /* order of joining the queue               */
        };
        struct {              /* holding                                  */
            void (*k_hold_fn)(vs_sim *, struct vs_entity *, void *);
            void *k_hold_user;
        };
        struct vs_entity *k_next; /* free: the pool's free list           */
    };
} vs_entity;

/* Queue disciplines. */
typedef enum vs_discipline {
    VS_QUEUE_FIFO = 0,       /* first come, first served                        */
    VS_QUEUE_PRIORITY,       /* lowest class first, FIFO within a class,
                                non-preemptive                                  */
    VS_QUEUE_PREEMPTIVE,     /* as PRIORITY, and an arrival of a more urgent
                                class preempts the least urgent patient in
                                service (the latest started among equals),
                                who resumes later with the remaining service   */
    VS_QUEUE_COMPARATOR      /* order by the caller's comparator, ties FIFO     */
} vs_discipline;

/* How a request ended at a resource. */
typedef enum vs_outcome {
    VS_OUTCOME_DONE = 0, /* served to completion                              */
    VS_OUTCOME_BLOCKED,  /* every server busy and queue full (loss)           */
    VS_OUTCOME_RENEGED   /* left the queue after the maximum wait             */
} vs_outcome;

/* What the leave callback learns. */
typedef struct vs_leave_info {
    int resource;        /* the resource requested                             */
    int served_at;       /* where served (differs after overflow); -1 if not   */
    vs_outcome outcome;
    double wait_days;    /* time from request to first service (or leaving)    */
    double time_days;    /* time from request to leaving                       */
} vs_leave_info;

/* Comparator: < 0 when a must be served before b, > 0 after, 0 for a tie
 * (ties are served in order of joining the queue).  Must be a strict weak
 * order and must not change while both entities wait. */
typedef int (*vs_entity_cmp)(const vs_entity *a, const vs_entity *b, void *user);

/* Called when an entity leaves a resource it requested.  The callback may
 * route the entity onward (vs_sim_request, vs_sim_hold); if it does not, the
 * kernel frees the entity when the callback returns. */
typedef void (*vs_leave_fn)(vs_sim *sim, vs_entity *e, const vs_leave_info *info, void *user);

/* Called when a source creates an entity (class already drawn).  The
 * callback routes it (vs_sim_request / vs_sim_hold) or the kernel frees it. */
typedef void (*vs_arrival_fn)(vs_sim *sim, vs_entity *e, int source, void *user);

/* Called when a hold or timer ends (e is NULL for a timer).  As above, an
 * entity not routed onward is freed when the callback returns. */
typedef void (*vs_hold_fn)(vs_sim *sim, vs_entity *e, void *user);

/* A resource.  Start from VS_RESOURCE_SPEC_INIT and set what you need. */
typedef struct vs_resource_spec {
    const char *name;            /* copied; for messages                         */
    int capacity;                /* servers (beds, slots) at t = 0, >= 0         */
    long queue_limit;            /* max waiting; -1 unlimited; 0 = loss system   */
    vs_discipline discipline;
    vs_entity_cmp cmp;           /* VS_QUEUE_COMPARATOR only                     */
    void *cmp_user;
    double max_wait_days;        /* renege after this wait; INFINITY = never     */
    int overflow_to;             /* resource index or -1                         */
    const vs_dist *service;      /* service time, days, when a request passes a
                                    negative service time; borrowed, must outlive
                                    the simulation; may be NULL                  */
    const vs_dist *service_by_class[VS_SIM_MAX_CLASSES]; /* overrides per class  */
    vs_leave_fn on_leave;        /* NULL: the entity is freed on leaving         */
    void *leave_user;
    int no_wait_histogram;       /* 1: keep no waiting-time histogram, so
                                    vs_sim_wait_quantile fails (VS_EUSAGE) for this
                                    resource; saves (classes + 1) x 18 KB and a
                                    cache miss per served patient in models with
                                    many resources.  Other statistics are kept. */
} vs_resource_spec;

#define VS_RESOURCE_SPEC_INIT                                                      \
    {                                                                              \
        .name = "resource", .capacity = 1, .queue_limit = -1,                      \
        .discipline = VS_QUEUE_FIFO, .max_wait_days = INFINITY, .overflow_to = -1  \
    }

/* An arrival source.  Start from VS_SOURCE_SPEC_INIT. */
typedef struct vs_source_spec {
    const char *name;            /* copied                                        */
    double rate_per_day;         /* arrival rate when rate_by_hour is NULL, >= 0  */
    const double *rate_by_hour;  /* copied; n_rates rates per day: 24 (hour of day,
                                    times weekday_factor) or 168 (hour of week,
                                    Monday 00-01 first); thinning against the max */
    int n_rates;                 /* 0, 24 or 168                                  */
    const double *weekday_factor; /* copied; 7 factors Mon..Sun, or NULL (all 1)   */
    const double *class_share;   /* copied; probabilities of classes 0..classes-1
                                    (normalised), NULL = all class 0              */
    int target;                  /* resource requested with its service
                                    distribution when on_arrival is NULL          */
    vs_arrival_fn on_arrival;    /* route each new entity yourself                */
    void *user;
    double start_days;           /* first possible arrival, days                  */
    long limit;                  /* stop after this many arrivals counted after
                                    the warm-up; 0 = no limit                     */
    int stop_run_at_limit;       /* 1: the whole run ends at the limit            */
} vs_source_spec;

#define VS_SOURCE_SPEC_INIT {.name = "source", .target = -1}

/* Event-list implementation (see docs/sim.md for the measurements). */
typedef enum vs_event_list {
    VS_EVENTS_DEFAULT = 0, /* the measured winner (the 4-ary heap)          */
    VS_EVENTS_HEAP4,       /* implicit 4-ary heap                           */
    VS_EVENTS_PAIRING      /* pairing heap                                  */
} vs_event_list;

typedef struct vs_sim_spec {
    uint64_t seed;           /* random seed                                    */
    uint64_t replication;    /* replication number: stream (seed, replication) */
    int classes;             /* priority classes, 1..VS_SIM_MAX_CLASSES        */
    double warmup_days;      /* statistics start here, >= 0                   */
    int user_streams;        /* random streams for the model (vs_sim_rng)      */
    vs_event_list event_list;
} vs_sim_spec;

/* Create an empty simulation.  Errors: VS_EUSAGE (classes out of range,
 * negative warm-up or user_streams), VS_ENOMEM.  The ctx is kept for
 * failures inside runs and must outlive the simulation. */
VS_API vs_status vs_sim_create(vs_ctx *ctx, const vs_sim_spec *spec, vs_sim **out);

/* Free a simulation, its entities and streams; NULL is allowed. */
VS_API void vs_sim_destroy(vs_sim *sim);

/* Add a resource; *index receives its index (0, 1, ...).  Takes the next
 * random substream (for service times).  Errors: VS_EUSAGE (negative
 * capacity, queue limit < -1, overflow_to not an existing resource or itself,
 * comparator missing, max_wait <= 0 or NaN), VS_ENOMEM. */
VS_API vs_status vs_sim_add_resource(vs_ctx *ctx, vs_sim *sim, const vs_resource_spec *spec,
                                     int *index);

/* Add an arrival source; *index receives its index.  Takes the next random
 * substream.  Errors: VS_EUSAGE (negative or non-finite rate, n_rates not 0,
 * 24 or 168, bad class shares, no target and no on_arrival), VS_ENOMEM. */
VS_API vs_status vs_sim_add_source(vs_ctx *ctx, vs_sim *sim, const vs_source_spec *spec,
                                   int *index);

/* Capacity schedule of resource res: at time times_days[i] (increasing,
 * within [0, period_days) when period_days > 0) the capacity becomes
 * capacity[i]; with period_days > 0 the schedule repeats every period.  A
 * decrease never interrupts service: the extra servers close as patients
 * leave.  Errors: VS_EUSAGE (bad index, n < 1, unsorted times, negative
 * capacity), VS_ENOMEM. */
VS_API vs_status vs_sim_set_capacity_schedule(vs_ctx *ctx, vs_sim *sim, int res, int n,
                                              const double *times_days, const int *capacity,
                                              double period_days);

/* Run until simulated time until_days (INFINITY: until no event is left or
 * a source stops the run).  May be called again to continue.  Returns VS_OK
 * or the first failure from a callback (VS_ENOMEM, VS_EUSAGE, ...), or
 * VS_EINTERRUPTED when ctx's interrupt flag is set (polled every 4096
 * events). */
VS_API vs_status vs_sim_run(vs_ctx *ctx, vs_sim *sim, double until_days);

/* ---- calls for callbacks (and before vs_sim_run) ------------------------ */

/* Current simulated time, days. */
VS_API double vs_sim_now(const vs_sim *sim);

/* User random stream k (0 <= k < spec.user_streams), owned by sim; NULL
 * when k is out of range. */
VS_API vs_rng *vs_sim_rng(vs_sim *sim, int k);

/* A new entity of class cls, created now.  Errors: VS_EUSAGE (class out of
 * range), VS_ENOMEM.  The entity is idle: route it, or it stays allocated
 * until vs_sim_entity_free or the end of the simulation. */
VS_API vs_status vs_sim_entity_new(vs_sim *sim, int cls, vs_entity **out);

/* Return an idle entity to the pool.  Errors: VS_EUSAGE if it is queued,
 * in service or holding. */
VS_API vs_status vs_sim_entity_free(vs_sim *sim, vs_entity *e);

/* Request resource res for e with a service time of service_days (days; a
 * negative value draws it from the resource's distribution for e's class).
 * The entity is served now, overflows, queues, or is blocked (then the leave
 * callback runs before this call returns).  Errors: VS_EUSAGE (entity not
 * idle, bad index, no distribution), VS_ENOMEM. */
VS_API vs_status vs_sim_request(vs_sim *sim, vs_entity *e, int res, double service_days);

/* Hold e for delay_days (>= 0), then call fn(sim, e, user). */
VS_API vs_status vs_sim_hold(vs_sim *sim, vs_entity *e, double delay_days, vs_hold_fn fn,
                             void *user);

/* Call fn(sim, NULL, user) after delay_days (>= 0). */
VS_API vs_status vs_sim_timer(vs_sim *sim, double delay_days, vs_hold_fn fn, void *user);

/* A performance hint: many events will be scheduled exactly delay_days
 * ahead (a fixed service time given to vs_sim_request, a fixed hold or timer
 * delay, a resource's max_wait_days).  Such events are due in the order they
 * were scheduled, so the kernel keeps them in a FIFO "delay lane" of their
 * own instead of the event list, which stays small and in cache.  Results
 * are bit-identical with and without the hint: events leave in the same
 * (time, sequence) order.  Up to VS_SIM_MAX_LANES delays; further ones, a
 * repeated one and any with the pairing-heap event list are ignored.
 * Errors: VS_EUSAGE (delay not finite and >= 0), VS_ENOMEM. */
#define VS_SIM_MAX_LANES 4
VS_API vs_status vs_sim_fixed_delay(vs_ctx *ctx, vs_sim *sim, double delay_days);

/* End the run after the current event. */
VS_API void vs_sim_stop(vs_sim *sim);

/* ---- results ------------------------------------------------------------- */

/* Counts and sums of one class (or all classes) at one resource, after the
 * warm-up.  Waits are observed when service starts (first start after a
 * preemption), time at the resource when the entity leaves it. */
typedef struct vs_class_stats {
    uint64_t arrivals;       /* requests (including overflow-ins)            */
    uint64_t overflow_in;    /* served here after overflow from elsewhere    */
    uint64_t overflow_out;   /* sent to the overflow resource                */
    uint64_t blocked;        /* lost: every server busy and queue full       */
    uint64_t reneged;        /* left the queue after the maximum wait        */
    uint64_t served;         /* started service here                         */
    uint64_t completed;      /* finished service here                        */
    uint64_t waited;         /* started service after a wait > 0             */
    double wait_sum_days;    /* sum of waits of the served                    */
    double wait_sum2;        /* sum of squared waits, days^2                  */
    double time_sum_days;    /* sum of time spent here by those who left
                                (completed or reneged), days                 */
} vs_class_stats;

typedef struct vs_resource_stats {
    double observed_days;    /* length of the observation (now - warm-up)      */
    double busy_mean;        /* time-average busy servers                      */
    double queue_mean;       /* time-average number waiting                    */
    double capacity_mean;    /* time-average capacity                          */
    double occupancy;        /* busy_mean / capacity_mean (0 if no capacity)   */
    int busy_now, queue_now, capacity_now;
    vs_class_stats total;
    vs_class_stats cls[VS_SIM_MAX_CLASSES];
} vs_resource_stats;

/* Statistics of resource res up to now.  Errors: VS_EUSAGE (bad index). */
VS_API vs_status vs_sim_resource_stats(vs_ctx *ctx, const vs_sim *sim, int res,
                                       vs_resource_stats *out);

/* The q-quantile (0 < q < 1) of the waits of class cls (-1: all classes)
 * served at resource res, days: the smallest histogram value whose
 * cumulative share reaches q.  Zero waits are kept exactly; a positive wait
 * is reported as the midpoint of its bin, relative error <= 1/128 (bins
 * are 64 per power of two from 2^-20 days, about 0.08 s, to 2^15 days).
 * Errors: VS_EUSAGE (bad index, class or q, or a resource created with
 * no_wait_histogram), VS_EINFEASIBLE (no waits). */
VS_API vs_status vs_sim_wait_quantile(vs_ctx *ctx, const vs_sim *sim, int res, int cls,
                                      double q, double *out_days);

typedef struct vs_sim_info {
    double now_days;          /* current time                            */
    uint64_t events;          /* events processed since creation         */
    uint64_t entities_created;
    uint64_t entities_live;   /* allocated and not freed                 */
    uint64_t pending_events;
    uint64_t entities_peak;   /* most entities live at once               */
    uint64_t entities_allocated; /* the entity pool's size: entities_peak
                                    rounded up to the pool's block        */
} vs_sim_info;

/* Counters of the run. */
VS_API vs_status vs_sim_get_info(vs_ctx *ctx, const vs_sim *sim, vs_sim_info *out);

/* ---- replications ---------------------------------------------------------- */

/* One replication: build and run the model for replication number rep
 * (0-based; use it as vs_sim_spec.replication) and write its results into
 * result (result_size bytes, zeroed before the call).  Runs in a worker
 * thread with its own ctx; user is shared and must only be read. */
typedef vs_status (*vs_replication_fn)(vs_ctx *ctx, int rep, void *result, void *user);

/* Run replications 0..n-1 on threads worker threads (1 = in the calling
 * thread).  Replication r writes to results + r * result_size whatever thread
 * runs it, so the results, and anything aggregated from them in replication
 * order, are bit-identical for any number of threads.  On failure returns the
 * status of the lowest-numbered failing replication with its message.
 * Errors: VS_EUSAGE (n < 1, threads < 1), VS_ENOMEM, VS_ERUNTIME (thread
 * creation), VS_EINTERRUPTED (ctx's interrupt flag was set: the workers'
 * contexts watch the same flag, no further replication starts), or a
 * replication's own failure. */
VS_API vs_status vs_sim_replicate(vs_ctx *ctx, int n, int threads, vs_replication_fn fn,
                                  void *user, void *results, size_t result_size);

/* ---- the M/M/c validation model (vardsim sim mmc) -------------------------- */

typedef struct vs_mmc_spec {
    int servers;              /* c >= 1                                          */
    double arrival_rate;      /* lambda, patients per day                        */
    double service_rate;      /* mu, patients per server per day                 */
    long capacity;            /* K: places in the system (servers + queue);
                                 -1 = unlimited; K = c is the Erlang loss system */
    double priority_share;    /* share of urgent arrivals (class 0), 0 = one class */
    int preemptive;           /* 1: urgent patients preempt (resume)             */
    const vs_dist *service;   /* NULL: exponential with mean 1/mu; else M/G/c    */
    long patients;            /* arrivals counted per replication (after warm-up)*/
    double warmup_days;       /* < 0: default, 0.1 * patients / lambda           */
    uint64_t seed;
    int replications;         /* >= 1                                            */
    int threads;              /* >= 1                                            */
    vs_event_list event_list;
} vs_mmc_spec;

/* One estimate: mean over replications and 95 % CI half-width (NaN with one
 * replication), and the exact value (NaN when no closed form applies). */
typedef struct vs_estimate {
    double mean, ci95, exact;
} vs_estimate;

typedef struct vs_mmc_result {
    long patients;            /* per replication                              */
    int replications;
    double warmup_days;
    vs_estimate mean_wait;    /* days, served patients                        */
    vs_estimate p_wait;       /* P(wait > 0) among served                     */
    vs_estimate p_block;      /* share of arrivals blocked                    */
    vs_estimate mean_occupancy; /* time-average busy servers / c              */
    vs_estimate mean_queue;   /* time-average number waiting                  */
    vs_estimate mean_wait_urgent;  /* class 0 (priority case)               */
    vs_estimate mean_wait_routine; /* class 1 (priority case)               */
    vs_estimate mean_time_urgent;  /* time in system, class 0               */
    vs_estimate mean_time_routine; /* time in system, class 1               */
    vs_estimate wait_p90;     /* 90th percentile of the wait (histogram)      */
    double little_max_rel_gap; /* max over replications of |L - lambda W| / L,
                                  L = time-average number in system           */
    uint64_t events;          /* summed over replications                     */
    double wall_seconds;      /* wall-clock time of the replications          */
} vs_mmc_result;

/* Simulate the M/M/c (M/G/c, M/M/c/K, priority) model of spec and compare
 * with the exact values: Erlang C (mean wait, P(wait > 0)), the finite
 * birth-death chain (M/M/c/K, Erlang B when K = c), Cobham's formula
 * (non-preemptive priority, exponential service), Pollaczek-Khinchine
 * (M/G/1) and the preemptive-resume M/G/1 formula.  Errors: VS_EUSAGE for
 * out-of-range parameters, or a replication's failure. */
VS_API vs_status vs_sim_mmc(vs_ctx *ctx, const vs_mmc_spec *spec, vs_mmc_result *out);

#ifdef __cplusplus
}
#endif
#endif
