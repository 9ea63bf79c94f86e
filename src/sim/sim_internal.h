/*
 * sim_internal.h: layout of the simulation kernel's objects (internal).
 */
#ifndef VS_SIM_INTERNAL_H
#define VS_SIM_INTERNAL_H

#include "evq.h"
#include "rng_internal.h"
#include "vardsim/sim.h"

/* Waiting-time histogram: a log-linear ("HDR") layout, 64 bins per power of
 * two from 2^HIST_EMIN days to 2^(HIST_EMAX+1) days, plus exact zeros and an
 * under- and overflow bin.  The bin of x > 0 comes from the bits of the
 * double (exponent and top 6 mantissa bits), with no log() call. */
#define VSI_HIST_EMIN (-20)
#define VSI_HIST_EMAX 14
#define VSI_HIST_SUB 64
#define VSI_HIST_BINS ((VSI_HIST_EMAX - VSI_HIST_EMIN + 1) * VSI_HIST_SUB)

/* The counts in one array, so that an addition picks its slot without a
 * branch: exact zeros, underflow, the log-linear bins, overflow. */
#define VSI_HIST_ZERO 0
#define VSI_HIST_UNDER 1
#define VSI_HIST_BIN0 2
#define VSI_HIST_OVER (VSI_HIST_BIN0 + VSI_HIST_BINS)

typedef struct vsi_hist {
    uint64_t n[VSI_HIST_OVER + 1];
} vsi_hist;

void vsi_hist_add(vsi_hist *h, double x);

/* vsi_hist_add's body, inline for the kernel's hot path.  The slot is
 * chosen by conditional moves: whether a patient waited at all is a coin
 * toss that a branch would mispredict.  NaN goes to the overflow slot. */
static inline void vsi_hist_add_inline(vsi_hist *h, double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    long e = (long)((bits >> 52) & 0x7ff) - 1023;
    long m = (long)((bits >> (52 - 6)) & (VSI_HIST_SUB - 1));
    long i = VSI_HIST_BIN0 + (e - VSI_HIST_EMIN) * VSI_HIST_SUB + m;
    i = e < VSI_HIST_EMIN ? VSI_HIST_UNDER : i;
    i = e > VSI_HIST_EMAX ? VSI_HIST_OVER : i;
    i = x <= 0 ? VSI_HIST_ZERO : i;
    h->n[i]++;
}
/* q-quantile (lower): smallest value v with share(<= v) >= q; NaN if empty. */
double vsi_hist_quantile(const vsi_hist *h, double q);

/* fmod(t, 7) for 0 <= t < 2^53, exactly, without the library call (2 % of
 * the flow model's time in sources with a weekly profile): with k = floor(t / 7), t - 7k is exact (both are
 * multiples of t's ulp and the difference is below t), and k is off by at
 * most one when t / 7 rounds across an integer, which the two corrections
 * undo.  Other t (negative, huge, not finite) go to fmod. */
static inline double vsi_week_fmod(double t)
{
    if (!(t >= 0 && t < 9007199254740992.0))
        return fmod(t, 7.0);
    double k = floor(t / 7.0), w = t - 7.0 * k;
    if (w < 0)
        w = t - 7.0 * (k - 1.0);
    else if (w >= 7.0)
        w = t - 7.0 * (k + 1.0);
    return w;
}

/* A deque of (entity, token) used by the FIFO and priority queues; entries
 * whose token no longer matches were cancelled (reneged) and are skipped. */
typedef struct vsi_qent {
    vs_entity *e;
    uint32_t token;
} vsi_qent;

typedef struct vsi_ring {
    vsi_qent *a;
    size_t cap, head, n; /* cap a power of two; n entries incl. cancelled */
} vsi_ring;

typedef struct vsi_sched {
    int n;
    double *t;       /* change times, days                   */
    int *cap;        /* capacity from t[i]                   */
    double period;   /* repeat period, days (0 = once)       */
} vsi_sched;

typedef struct vsi_res {
    char *name;
    int capacity;               /* current capacity                      */
    int busy;                   /* servers busy                          */
    long live;                  /* entities waiting                      */
    long live_cls[VS_SIM_MAX_CLASSES];
    long queue_limit;
    vs_discipline disc;
    vs_entity_cmp cmp;
    void *cmp_user;
    double max_wait;
    int overflow_to;
    const vs_dist *service;
    const vs_dist *service_by_class[VS_SIM_MAX_CLASSES];
    vs_leave_fn on_leave;
    void *leave_user;
    vs_rng rng;                 /* service-time stream                   */
    vsi_ring ring[VS_SIM_MAX_CLASSES]; /* FIFO uses ring[0]             */
    vs_entity **heap;           /* comparator queue                      */
    size_t heap_n, heap_cap;
    vs_entity **insvc;          /* preemptive: entities in service       */
    size_t insvc_cap;
    vsi_sched sched;
    /* statistics (since warm-up) */
    double last_t;              /* last time the integrals were updated  */
    double int_busy, int_queue, int_cap; /* integrals, server-days etc.  */
    vs_class_stats st[VS_SIM_MAX_CLASSES];
    vsi_hist *hist;             /* classes + 1 histograms (last = total) */
} vsi_res;

typedef struct vsi_src {
    char *name;
    double rate;                /* homogeneous rate, or max for thinning */
    double mean_gap;            /* 1 / rate, days between candidates     */
    double *profile;            /* 168 rates per day by hour of week     */
    double cls_cum[VS_SIM_MAX_CLASSES]; /* cumulative class shares       */
    int target;
    vs_arrival_fn on_arrival;
    void *user;
    double start;
    long limit;
    int stop_run;
    long counted;               /* arrivals after warm-up                */
    int stopped;
    vs_rng rng;
} vsi_src;

/* A delay lane (vs_sim_fixed_delay): a FIFO ring of the pending events that
 * were scheduled exactly `delay` ahead.  As the clock never goes back and
 * sequence numbers increase, their keys arrive in increasing order, so the
 * head is the lane's minimum; a push that would break the order (not
 * expected) goes to the event list instead.  Keys and payloads are those of
 * the 4-ary heap, with the sequence number taken from the event list's
 * counter, so the merged order is exactly the one event list's. */
typedef struct vsi_lane {
    double delay;      /* days ahead                                     */
    vsi_hkey first;    /* key of the head (VSI_HKEY_NONE when empty)     */
    vsi_hkey last;     /* key of the tail (valid when n > 0)             */
    vsi_hkey *key;     /* ring of keys, cap a power of two               */
    vsi_hpay *pay;     /* ring of payloads                               */
    size_t cap, head, n;
} vsi_lane;

struct vs_sim {
    vs_ctx *ctx;
    vs_status err;              /* first failure inside the run          */
    int classes;
    double now;
    double warmup;
    int warm;                   /* 1 once the warm-up has passed         */
    int stop;
    uint64_t events;
    uint64_t next_id;
    uint64_t live_entities;
    uint64_t peak_entities;     /* most live_entities so far             */
    uint64_t qseq;
    vsi_evq evq;
    vsi_lane lane[VS_SIM_MAX_LANES];
    int n_lanes;
    size_t lane_n;              /* pending events in the lanes           */
    vs_rng next_stream;         /* state of the next substream           */
    vs_rng *user_rng;
    int n_user_rng;
    vsi_res *res;
    int n_res, cap_res;
    vsi_src *src;
    int n_src, cap_src;
    vs_entity *free_list;
    vs_entity **blocks;
    size_t n_blocks, cap_blocks;
};

#endif
