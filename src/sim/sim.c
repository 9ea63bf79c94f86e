/*
 * sim.c: the discrete-event kernel: entities, resources with queues,
 * arrival sources, the event loop and the statistics it keeps.
 *
 * Event scheduling, not processes: every state change is an event with a
 * kind, handled by a switch in vs_sim_run.  A patient's path through the
 * system is written by the model in callbacks (on arrival, on leaving a
 * resource), which keeps the kernel small and the hot path free of context
 * switches.  Cancelled events (a departure after a preemption, a renege after
 * the patient was served) are not removed from the event list: each entity
 * carries a token that changes when its pending events become stale, and a
 * popped event whose token differs is ignored.
 *
 * Invariants, checked with assert() in debug and sanitizer builds (compiled
 * out with NDEBUG, as in Release): the clock never goes back; a resource's
 * busy servers stay in [0, capacity] when a service starts and >= 0 always,
 * its queue counts (total and per class) are >= 0 and the total is the sum
 * of the classes; entities are freed no more often than created; the event
 * list keeps its heap order (vsi_evq_check, every 1024 events).
 */
#include "sim_internal.h"

#include <assert.h>

#include <stdlib.h>
#include <string.h>

enum { EV_ARRIVAL = 1, EV_DEPART, EV_RENEGE, EV_HOLD, EV_CAPACITY, EV_WARMUP };
enum { ST_IDLE = 0, ST_QUEUED, ST_SERVICE, ST_HOLD, ST_FREE };

#define ENTITY_BLOCK 1024
/* sim.h's layout: 64 public and 64 kernel bytes, two cache lines */
_Static_assert(sizeof(void *) != 8 || sizeof(vs_entity) == 128, "vs_entity is 128 bytes");

/* ---- histogram ---------------------------------------------------------- */
void vsi_hist_add(vsi_hist *h, double x) { vsi_hist_add_inline(h, x); }

double vsi_hist_quantile(const vsi_hist *h, double q)
{
    uint64_t n = 0;
    for (int i = 0; i <= VSI_HIST_OVER; i++)
        n += h->n[i];
    if (n == 0)
        return NAN;
    /* rank: the smallest k with k >= q n, at least 1 */
    double need = ceil(q * (double)n);
    if (need < 1)
        need = 1;
    double cum = (double)h->n[VSI_HIST_ZERO];
    if (cum >= need)
        return 0.0;
    cum += (double)h->n[VSI_HIST_UNDER];
    if (cum >= need)
        return ldexp(1.0, VSI_HIST_EMIN - 1);
    for (int i = 0; i < VSI_HIST_BINS; i++) {
        cum += (double)h->n[VSI_HIST_BIN0 + i];
        if (cum >= need) {
            int e = i / VSI_HIST_SUB + VSI_HIST_EMIN, m = i % VSI_HIST_SUB;
            return ldexp(1.0 + (m + 0.5) / VSI_HIST_SUB, e);
        }
    }
    return ldexp(1.0, VSI_HIST_EMAX + 1);
}

/* Bring entity e (two cache lines on LP64) towards the cache before it is
 * needed.  A patient's entity is last touched when it joined a
 * queue or began a hold, often days of simulated time and thousands of
 * events earlier, so reading it is a cache miss (the largest cost of the
 * flow model's replication: docs/flow.md "Performance").  The kernel
 * prefetches the entity that a queue or a delay lane will hand out next, at
 * the moment it hands out the current one; it changes no result. */
static inline void prefetch_entity(const vs_entity *e)
{
    const char *p = (const char *)e;
    __builtin_prefetch(p, 1);
    __builtin_prefetch(p + sizeof *e - 1, 1);
}

/* ---- rings ---------------------------------------------------------------- */
static int ring_grow(vsi_ring *r)
{
    size_t nc = r->cap ? 2 * r->cap : 16;
    vsi_qent *na = malloc(nc * sizeof *na);
    if (!na)
        return -1;
    for (size_t i = 0; i < r->n; i++)
        na[i] = r->a[(r->head + i) & (r->cap - 1)];
    free(r->a);
    r->a = na;
    r->cap = nc;
    r->head = 0;
    return 0;
}

static int ring_push_back(vsi_ring *r, vs_entity *e)
{
    if (r->n == r->cap && ring_grow(r))
        return -1;
    r->a[(r->head + r->n) & (r->cap - 1)] = (vsi_qent){e, e->k_token};
    r->n++;
    return 0;
}

static int ring_push_front(vsi_ring *r, vs_entity *e)
{
    if (r->n == r->cap && ring_grow(r))
        return -1;
    r->head = (r->head + r->cap - 1) & (r->cap - 1);
    r->a[r->head] = (vsi_qent){e, e->k_token};
    r->n++;
    return 0;
}

/* Pop the first live entry (skipping cancelled ones); NULL if none. */
static vs_entity *ring_pop(vsi_ring *r)
{
    while (r->n > 0) {
        vsi_qent q = r->a[r->head];
        r->head = (r->head + 1) & (r->cap - 1);
        r->n--;
        if (r->n) {
            /* the entry after next's line, and the next entry's entity */
            __builtin_prefetch(&r->a[(r->head + 4) & (r->cap - 1)]);
            prefetch_entity(r->a[r->head].e);
        }
        if (q.e->k_state == ST_QUEUED && q.e->k_token == q.token)
            return q.e;
    }
    return NULL;
}

/* ---- comparator heap (binary, indexed so that reneging removes eagerly) -- */
static int cmp_before(const vsi_res *r, const vs_entity *a, const vs_entity *b)
{
    int c = r->cmp(a, b, r->cmp_user);
    return c < 0 || (c == 0 && a->k_qseq < b->k_qseq);
}

static void heap_set(vsi_res *r, size_t i, vs_entity *e)
{
    r->heap[i] = e;
    e->k_slot = (long)i;
}

static void heap_up(vsi_res *r, size_t i)
{
    vs_entity *e = r->heap[i];
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!cmp_before(r, e, r->heap[p]))
            break;
        heap_set(r, i, r->heap[p]);
        i = p;
    }
    heap_set(r, i, e);
}

static void heap_down(vsi_res *r, size_t i)
{
    vs_entity *e = r->heap[i];
    size_t n = r->heap_n;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && cmp_before(r, r->heap[c + 1], r->heap[c]))
            c++;
        if (!cmp_before(r, r->heap[c], e))
            break;
        heap_set(r, i, r->heap[c]);
        i = c;
    }
    heap_set(r, i, e);
}

static int heap_insert(vsi_res *r, vs_entity *e)
{
    if (r->heap_n == r->heap_cap) {
        size_t nc = r->heap_cap ? 2 * r->heap_cap : 16;
        vs_entity **nh = realloc(r->heap, nc * sizeof *nh);
        if (!nh)
            return -1;
        r->heap = nh;
        r->heap_cap = nc;
    }
    r->heap[r->heap_n] = e;
    heap_up(r, r->heap_n++);
    return 0;
}

static void heap_remove(vsi_res *r, size_t i)
{
    vs_entity *last = r->heap[--r->heap_n];
    if (i == r->heap_n)
        return;
    heap_set(r, i, last);
    heap_up(r, i);
    heap_down(r, (size_t)last->k_slot);
}

/* ---- entities --------------------------------------------------------------- */
static vs_status fail(vs_sim *sim, vs_status st, const char *fmt, const char *a)
{
    vs_ctx_fail(sim->ctx, st, fmt, a);
    if (!sim->err)
        sim->err = st;
    sim->stop = 1;
    return st;
}

/* A new block of entities on the free list (the pool's slow path). */
static __attribute__((noinline)) vs_status entity_block(vs_sim *sim)
{
    if (sim->n_blocks == sim->cap_blocks) {
        size_t nc = sim->cap_blocks ? 2 * sim->cap_blocks : 16;
        vs_entity **nb = realloc(sim->blocks, nc * sizeof *nb);
        if (!nb)
            return fail(sim, VS_ENOMEM, "out of memory allocating entities%s", "");
        sim->blocks = nb;
        sim->cap_blocks = nc;
    }
    /* aligned to the cache line, so that an entity is exactly two lines */
    vs_entity *b = aligned_alloc(64, ENTITY_BLOCK * sizeof *b);
    if (!b)
        return fail(sim, VS_ENOMEM, "out of memory allocating entities%s", "");
    memset(b, 0, ENTITY_BLOCK * sizeof *b);
    sim->blocks[sim->n_blocks++] = b;
    for (size_t i = ENTITY_BLOCK; i-- > 0;) {
        b[i].k_state = ST_FREE;
        b[i].k_next = sim->free_list;
        sim->free_list = &b[i];
    }
    return VS_OK;
}

/* The public functions below have static inline bodies that the kernel
 * calls directly: a public (default-visibility) function of a shared
 * library may be interposed, so the compiler neither inlines it nor calls
 * it without the PLT. */
static inline vs_status entity_new(vs_sim *sim, int cls, vs_entity **out)
{
    *out = NULL;
    if (__builtin_expect(cls < 0 || cls >= sim->classes, 0))
        return fail(sim, VS_EUSAGE, "entity class out of range%s", "");
    if (__builtin_expect(!sim->free_list, 0)) {
        vs_status st = entity_block(sim);
        if (st)
            return st;
    }
    vs_entity *e = sim->free_list;
    sim->free_list = e->k_next;
    /* the next new entity: the pool is a LIFO list, and the entity below
     * the top was often freed long ago */
    if (sim->free_list)
        __builtin_prefetch(sim->free_list, 1);
    /* Field by field rather than memset (which GCC turns into "rep stos",
     * slow to start for 160 bytes).  The public fields and the state are set
     * here; the other kernel fields (k_slot, k_qseq, k_arrive, k_service,
     * k_depart, k_started, k_wait, k_hold_*, k_next) are always written
     * before they are read (by request, enqueue, start_service, hold), and
     * a new block starts zeroed (calloc). */
    e->id = sim->next_id++;
    e->cls = cls;
    e->created_days = sim->now;
    for (int i = 0; i < VS_SIM_ATTRS; i++)
        e->attr[i] = 0.0;
    e->user = NULL;
    e->k_token++; /* tokens survive reuse, so stale queue entries stay stale */
    e->k_state = ST_IDLE;
    e->k_res = -1;
    e->k_req = -1;
    sim->live_entities++;
    /* a conditional move, no branch */
    sim->peak_entities = sim->live_entities > sim->peak_entities ? sim->live_entities
                                                                 : sim->peak_entities;
    *out = e;
    return VS_OK;
}

vs_status vs_sim_entity_new(vs_sim *sim, int cls, vs_entity **out)
{
    return entity_new(sim, cls, out);
}

static inline vs_status entity_free(vs_sim *sim, vs_entity *e)
{
    if (__builtin_expect(e->k_state != ST_IDLE, 0))
        return fail(sim, VS_EUSAGE, "entity freed while queued, in service or holding%s", "");
    e->k_state = ST_FREE;
    e->k_token++;
    e->k_next = sim->free_list;
    sim->free_list = e;
    assert(sim->live_entities > 0);
    sim->live_entities--;
    return VS_OK;
}

vs_status vs_sim_entity_free(vs_sim *sim, vs_entity *e) { return entity_free(sim, e); }

/* ---- statistics ---------------------------------------------------------- */
#ifndef NDEBUG
/* Debug: the counts of resource r are consistent. */
static int res_ok(const vsi_res *r)
{
    long sum = 0;
    for (int c = 0; c < VS_SIM_MAX_CLASSES; c++) {
        if (r->live_cls[c] < 0)
            return 0;
        sum += r->live_cls[c];
    }
    return r->busy >= 0 && r->capacity >= 0 && r->live >= 0 && sum == r->live;
}
#endif

static inline void integrate(vsi_res *r, double now)
{
    assert(now >= r->last_t);
    assert(res_ok(r));
    double dt = now - r->last_t;
    r->int_busy += dt * r->busy;
    r->int_queue += dt * (double)r->live;
    r->int_cap += dt * r->capacity;
    r->last_t = now;
}

static void reset_stats(vs_sim *sim)
{
    for (int i = 0; i < sim->n_res; i++) {
        vsi_res *r = &sim->res[i];
        r->last_t = sim->now;
        r->int_busy = r->int_queue = r->int_cap = 0;
        memset(r->st, 0, sizeof r->st);
        if (r->hist)
            memset(r->hist, 0, (size_t)(sim->classes + 1) * sizeof *r->hist);
    }
    for (int i = 0; i < sim->n_src; i++)
        sim->src[i].counted = 0;
}

/* ---- resources: serving, queueing, leaving --------------------------------- */
static inline void leave(vs_sim *sim, vs_entity *e, int served_at, vs_outcome oc, double wait);

/* The slow path of push_event, out of line so that push_event stays small
 * enough to inline: the heap must grow, or the list is the pairing heap. */
static __attribute__((noinline)) vs_status push_event_slow(vs_sim *sim, double t, void *p,
                                                           uint32_t kind, uint32_t a)
{
    if (vsi_evq_push_heap(&sim->evq, t, p, kind, a))
        return fail(sim, VS_ENOMEM, "out of memory in the event list%s", "");
    return VS_OK;
}

static inline vs_status push_event(vs_sim *sim, double t, void *p, uint32_t kind, uint32_t a)
{
    if (vsi_evq_push_fast(&sim->evq, t, p, kind, a))
        return VS_OK;
    return push_event_slow(sim, t, p, kind, a);
}

/* ---- delay lanes (vs_sim_fixed_delay) ------------------------------------ */
static __attribute__((noinline)) int lane_grow(vsi_lane *L)
{
    size_t nc = L->cap ? 2 * L->cap : 1024;
    vsi_hkey *k = malloc(nc * sizeof *k);
    vsi_hpay *p = malloc(nc * sizeof *p);
    if (!k || !p) {
        free(k);
        free(p);
        return -1;
    }
    for (size_t i = 0; i < L->n; i++) {
        k[i] = L->key[(L->head + i) & (L->cap - 1)];
        p[i] = L->pay[(L->head + i) & (L->cap - 1)];
    }
    free(L->key);
    free(L->pay);
    L->key = k;
    L->pay = p;
    L->cap = nc;
    L->head = 0;
    return 0;
}

/* Append the event at t to lane L: 1 done, 0 not in order (the caller uses
 * the event list), -1 out of memory. */
static inline int lane_push(vs_sim *sim, vsi_lane *L, double t, void *p, uint32_t kind,
                            uint32_t a)
{
    vsi_hkey k = vsi_hkey_make(t, sim->evq.next_seq);
    if (L->n && vsi_hkey_less(k, L->last))
        return 0;
    if (L->n == L->cap && lane_grow(L))
        return -1;
    size_t i = (L->head + L->n) & (L->cap - 1);
    L->key[i] = k;
    L->pay[i] = (vsi_hpay){p, kind, a};
    if (L->n == 0)
        L->first = k;
    L->last = k;
    L->n++;
    sim->lane_n++;
    sim->evq.next_seq++;
    return 1;
}

/* Remove lane L's head (whose key is k) into *out. */
static inline void lane_take(vs_sim *sim, vsi_lane *L, vsi_hkey k, vsi_ev *out)
{
    const vsi_hpay *p = &L->pay[L->head];
    out->t = vsi_hkey_time(k);
    out->seq = k.s;
    out->p = p->p;
    out->kind = p->kind;
    out->a = p->a;
    L->head = (L->head + 1) & (L->cap - 1);
    L->n--;
    sim->lane_n--;
    L->first = L->n ? L->key[L->head] : VSI_HKEY_NONE;
    /* every lane event (departure, renege, hold, timer) carries its entity;
     * the ring's lines a few entries on are fetched too */
    if (L->n) {
        __builtin_prefetch(&L->key[(L->head + 8) & (L->cap - 1)]);
        __builtin_prefetch(&L->pay[(L->head + 8) & (L->cap - 1)]);
        prefetch_entity(L->pay[L->head].p);
    }
}

/* Schedule an event delay days from now: in the lane of that delay when
 * there is one (and the order holds), else in the event list. */
static inline vs_status push_after(vs_sim *sim, double delay, void *p, uint32_t kind, uint32_t a)
{
    double t = sim->now + delay;
    for (int i = 0; i < sim->n_lanes; i++)
        if (sim->lane[i].delay == delay) {
            int rc = lane_push(sim, &sim->lane[i], t, p, kind, a);
            if (rc > 0)
                return VS_OK;
            if (rc < 0)
                return fail(sim, VS_ENOMEM, "out of memory in the event list%s", "");
            break;
        }
    return push_event(sim, t, p, kind, a);
}

/* The events pending in the event list and the lanes. */
static inline size_t pending(const vs_sim *sim) { return sim->evq.n + sim->lane_n; }

/* vsi_evq_pop_bound over the event list and the lanes: the smallest key of
 * the heap's root, its side slot and the lanes' heads, if not above bound. */
static inline int pop_bound(vs_sim *sim, double until, uint64_t bound, vsi_ev *out)
{
    if (sim->n_lanes == 0)
        return vsi_evq_pop_bound(&sim->evq, until, bound, out);
    size_t fh;
    vsi_hkey k = vsi_evq_heap4_min(&sim->evq, &fh);
    int li = -1;
    for (int i = 0; i < sim->n_lanes; i++)
        if (vsi_hkey_less(sim->lane[i].first, k)) {
            k = sim->lane[i].first;
            li = i;
        }
    if (k.k > bound) /* the sentinel is above every bound */
        return 0;
    if (li < 0)
        vsi_evq_heap4_take(&sim->evq, fh, k, out);
    else
        lane_take(sim, &sim->lane[li], k, out);
    return 1;
}

#ifndef NDEBUG
/* Debug: every lane is in key order and the counts add up. */
static int lanes_ok(const vs_sim *sim)
{
    size_t n = 0;
    for (int i = 0; i < sim->n_lanes; i++) {
        const vsi_lane *L = &sim->lane[i];
        for (size_t j = 1; j < L->n; j++)
            if (vsi_hkey_less(L->key[(L->head + j) & (L->cap - 1)],
                              L->key[(L->head + j - 1) & (L->cap - 1)]))
                return 0;
        if (L->n ? memcmp(&L->first, &L->key[L->head], sizeof L->first) != 0
                 : L->first.k != UINT64_MAX)
            return 0;
        n += L->n;
    }
    return n == sim->lane_n;
}
#endif

/* Start (or resume) service of e at resource ri now. */
static vs_status start_service(vs_sim *sim, vsi_res *r, int ri, vs_entity *e)
{
    if (!e->k_started) {
        double w = sim->now - e->k_arrive;
        if (sim->warm) {
            vs_class_stats *s = &r->st[e->cls];
            s->served++;
            s->waited += (w > 0); /* no branch: w > 0 is a coin toss */
            s->wait_sum_days += w;
            s->wait_sum2 += w * w;
            if (__builtin_expect(r->hist != NULL, 1)) {
                vsi_hist_add_inline(&r->hist[e->cls], w);
                /* with one class the total is hist[0] itself */
                if (sim->classes > 1)
                    vsi_hist_add_inline(&r->hist[sim->classes], w);
            }
        }
        e->k_started = 1;
        e->k_wait = w;
    }
    e->k_state = ST_SERVICE;
    e->k_res = ri;
    e->k_token++;
    e->k_depart = sim->now + e->k_service;
    assert(r->busy >= 0 && r->busy < r->capacity);
    r->busy++;
    if (r->disc == VS_QUEUE_PREEMPTIVE) {
        e->k_slot = r->busy - 1;
        r->insvc[e->k_slot] = e;
    }
    return push_after(sim, e->k_service, e, EV_DEPART, e->k_token); /* at k_depart */
}

static vs_status enqueue(vs_sim *sim, vsi_res *r, int ri, vs_entity *e, int front)
{
    e->k_state = ST_QUEUED;
    e->k_res = ri;
    e->k_token++;
    e->k_qseq = sim->qseq++;
    int rc;
    switch (r->disc) {
    case VS_QUEUE_FIFO: rc = ring_push_back(&r->ring[0], e); break;
    case VS_QUEUE_COMPARATOR: rc = heap_insert(r, e); break;
    default:
        rc = front ? ring_push_front(&r->ring[e->cls], e) : ring_push_back(&r->ring[e->cls], e);
    }
    if (rc)
        return fail(sim, VS_ENOMEM, "out of memory in a queue%s", "");
    r->live++;
    r->live_cls[e->cls]++;
    if (!front && isfinite(r->max_wait))
        return push_after(sim, r->max_wait, e, EV_RENEGE, e->k_token);
    return VS_OK;
}

/* The next entity to serve, removed from the queue; NULL if none waits. */
static vs_entity *dequeue(vs_sim *sim, vsi_res *r)
{
    vs_entity *e = NULL;
    if (r->live == 0)
        return NULL;
    switch (r->disc) {
    case VS_QUEUE_FIFO: e = ring_pop(&r->ring[0]); break;
    case VS_QUEUE_COMPARATOR:
        e = r->heap[0];
        heap_remove(r, 0);
        break;
    default:
        for (int c = 0; c < sim->classes; c++)
            if (r->live_cls[c] > 0) {
                e = ring_pop(&r->ring[c]);
                break;
            }
    }
    if (e) {
        r->live--;
        r->live_cls[e->cls]--;
    }
    return e;
}

/* Serve waiting entities while servers are free. */
static vs_status serve_queue(vs_sim *sim, vsi_res *r, int ri)
{
    while (r->busy < r->capacity && r->live > 0) {
        vs_entity *e = dequeue(sim, r);
        if (!e)
            break;
        vs_status st = start_service(sim, r, ri, e);
        if (st)
            return st;
    }
    return VS_OK;
}

/* Preemptive-resume: if some entity in service is less urgent than e,
 * return the least urgent (the latest started among equals). */
static vs_entity *preempt_victim(const vsi_res *r, const vs_entity *e)
{
    vs_entity *v = NULL;
    for (int i = 0; i < r->busy; i++) {
        vs_entity *x = r->insvc[i];
        if (x->cls <= e->cls)
            continue;
        if (!v || x->cls > v->cls ||
            (x->cls == v->cls && (x->k_depart - x->k_service > v->k_depart - v->k_service ||
                                  (x->k_depart - x->k_service == v->k_depart - v->k_service &&
                                   x->id > v->id))))
            v = x;
    }
    return v;
}

static void remove_insvc(vsi_res *r, vs_entity *e)
{
    long i = e->k_slot;
    r->insvc[i] = r->insvc[r->busy - 1];
    r->insvc[i]->k_slot = i;
}

/* request without the argument checks: ri is a valid resource and e is idle
 * (a source's own target and a new entity). */
static inline vs_status request_core(vs_sim *sim, vs_entity *e, int ri, double service_days)
{
    vsi_res *r = &sim->res[ri];
    if (service_days < 0) {
        const vs_dist *d = r->service_by_class[e->cls] ? r->service_by_class[e->cls] : r->service;
        if (!d)
            return fail(sim, VS_EUSAGE, "resource %s has no service-time distribution",
                        r->name);
        service_days = vsi_dist_sample(d, &r->rng);
    }
    if (!isfinite(service_days))
        return fail(sim, VS_EUSAGE, "non-finite service time at resource %s", r->name);
    e->k_req = ri;
    e->k_arrive = sim->now;
    e->k_service = service_days;
    e->k_started = 0;
    integrate(r, sim->now);
    if (sim->warm)
        r->st[e->cls].arrivals++;
    if (r->busy < r->capacity && r->live == 0)
        return start_service(sim, r, ri, e);
    if (r->disc == VS_QUEUE_PREEMPTIVE && r->busy >= r->capacity && r->capacity > 0) {
        vs_entity *v = preempt_victim(r, e);
        if (v) {
            remove_insvc(r, v);
            r->busy--;
            v->k_service = v->k_depart - sim->now;
            vs_status st = enqueue(sim, r, ri, v, 1);
            if (st)
                return st;
            return start_service(sim, r, ri, e);
        }
    }
    if (r->overflow_to >= 0) {
        int ti = r->overflow_to;
        vsi_res *t = &sim->res[ti];
        if (t->busy < t->capacity && t->live == 0) {
            integrate(t, sim->now);
            if (sim->warm) {
                r->st[e->cls].overflow_out++;
                t->st[e->cls].arrivals++;
                t->st[e->cls].overflow_in++;
            }
            return start_service(sim, t, ti, e);
        }
    }
    if (r->queue_limit >= 0 && r->live >= r->queue_limit) {
        if (sim->warm)
            r->st[e->cls].blocked++;
        leave(sim, e, -1, VS_OUTCOME_BLOCKED, 0.0);
        return sim->err;
    }
    return enqueue(sim, r, ri, e, 0);
}

static inline vs_status request(vs_sim *sim, vs_entity *e, int ri, double service_days)
{
    if (ri < 0 || ri >= sim->n_res)
        return fail(sim, VS_EUSAGE, "request of an unknown resource%s", "");
    if (e->k_state != ST_IDLE)
        return fail(sim, VS_EUSAGE, "request by an entity that is not idle%s", "");
    return request_core(sim, e, ri, service_days);
}

vs_status vs_sim_request(vs_sim *sim, vs_entity *e, int ri, double service_days)
{
    return request(sim, e, ri, service_days);
}

/* e leaves the resource it requested: statistics, then the callback, then
 * the pool (unless the callback routed it onward). */
static inline void leave(vs_sim *sim, vs_entity *e, int served_at, vs_outcome oc, double wait)
{
    int ri = e->k_req;
    vsi_res *r = &sim->res[ri];
    double t = sim->now - e->k_arrive;
    if (sim->warm && oc != VS_OUTCOME_BLOCKED) {
        vsi_res *at = served_at >= 0 ? &sim->res[served_at] : r;
        at->st[e->cls].time_sum_days += t;
    }
    e->k_state = ST_IDLE;
    e->k_res = -1;
    e->k_token++;
    if (r->on_leave) {
        vs_leave_info info = {ri, served_at, oc, wait, t};
        r->on_leave(sim, e, &info, r->leave_user);
    }
    if (e->k_state == ST_IDLE)
        entity_free(sim, e);
}

static void on_depart(vs_sim *sim, vs_entity *e)
{
    int ri = e->k_res;
    vsi_res *r = &sim->res[ri];
    integrate(r, sim->now);
    if (r->disc == VS_QUEUE_PREEMPTIVE)
        remove_insvc(r, e);
    assert(r->busy > 0);
    r->busy--;
    if (sim->warm)
        r->st[e->cls].completed++;
    if (r->live > 0 && serve_queue(sim, r, ri)) /* the test saves a call */
        return;
    leave(sim, e, ri, VS_OUTCOME_DONE, e->k_wait);
}

static void on_renege(vs_sim *sim, vs_entity *e)
{
    vsi_res *r = &sim->res[e->k_res];
    integrate(r, sim->now);
    if (r->disc == VS_QUEUE_COMPARATOR)
        heap_remove(r, (size_t)e->k_slot);
    /* rings: the entry becomes stale when leave() changes the token */
    assert(r->live > 0 && r->live_cls[e->cls] > 0);
    r->live--;
    r->live_cls[e->cls]--;
    if (sim->warm)
        r->st[e->cls].reneged++;
    leave(sim, e, -1, VS_OUTCOME_RENEGED, sim->now - e->k_arrive);
}

/* ---- sources ------------------------------------------------------------------ */
static double src_rate_at(const vsi_src *s, double t)
{
    if (!s->profile)
        return s->rate;
    double w = vsi_week_fmod(t);
    int h = (int)(w * 24.0);
    if (h > 167)
        h = 167;
    if (h < 0)
        h = 0;
    return s->profile[h];
}

/* Schedule the next arrival of source si after time t (thinning when the
 * rate varies: candidates at the maximum rate, accepted with probability
 * rate(t) / max). */
static vs_status src_schedule(vs_sim *sim, int si, double t)
{
    vsi_src *s = &sim->src[si];
    if (s->rate <= 0 || s->stopped)
        return VS_OK;
    for (;;) {
        t += vsi_exponential(&s->rng, s->mean_gap);
        if (!s->profile || vsi_uniform(&s->rng) * s->rate < src_rate_at(s, t))
            break;
    }
    return push_event(sim, t, NULL, EV_ARRIVAL, (uint32_t)si);
}

static void on_arrival(vs_sim *sim, int si)
{
    vsi_src *s = &sim->src[si];
    if (s->stopped)
        return;
    int cls = 0;
    if (sim->classes > 1) {
        double u = vsi_uniform(&s->rng);
        while (cls < sim->classes - 1 && u >= s->cls_cum[cls])
            cls++;
    }
    if (sim->warm && s->limit > 0 && ++s->counted >= s->limit) {
        s->stopped = 1;
        if (s->stop_run)
            sim->stop = 1;
    }
    if (!s->stopped && src_schedule(sim, si, sim->now))
        return;
    vs_entity *e;
    if (entity_new(sim, cls, &e))
        return;
    if (s->on_arrival) {
        s->on_arrival(sim, e, si, s->user);
        if (e->k_state == ST_IDLE)
            entity_free(sim, e);
    } else {
        request_core(sim, e, s->target, -1.0); /* target checked by add_source */
    }
}

/* ---- capacity schedules --------------------------------------------------------- */
static vs_status sched_next(vs_sim *sim, int ri, int i, double base)
{
    vsi_sched *sc = &sim->res[ri].sched;
    if (i >= sc->n) {
        if (sc->period <= 0)
            return VS_OK;
        i = 0;
        base += sc->period;
    }
    /* p carries the entry index, a the resource; the period base is
     * recovered from the event time */
    return push_event(sim, base + sc->t[i], (void *)(uintptr_t)i, EV_CAPACITY, (uint32_t)ri);
}

static void on_capacity(vs_sim *sim, int ri, int i)
{
    vsi_res *r = &sim->res[ri];
    integrate(r, sim->now);
    r->capacity = r->sched.cap[i]; /* preemptive insvc is sized to the maximum */
    if (serve_queue(sim, r, ri))
        return;
    double base = r->sched.period > 0 ? sim->now - r->sched.t[i] : 0.0;
    sched_next(sim, ri, i + 1, base);
}

/* ---- public: creation ------------------------------------------------------------ */
vs_status vs_sim_create(vs_ctx *ctx, const vs_sim_spec *spec, vs_sim **out)
{
    *out = NULL;
    if (spec->classes < 1 || spec->classes > VS_SIM_MAX_CLASSES)
        return vs_ctx_fail(ctx, VS_EUSAGE, "classes must be 1..%d (got %d)", VS_SIM_MAX_CLASSES,
                           spec->classes);
    if (!(spec->warmup_days >= 0) || !isfinite(spec->warmup_days))
        return vs_ctx_fail(ctx, VS_EUSAGE, "warm-up must be a finite number of days >= 0");
    if (spec->user_streams < 0)
        return vs_ctx_fail(ctx, VS_EUSAGE, "user_streams must be >= 0");
    if (spec->event_list < VS_EVENTS_DEFAULT || spec->event_list > VS_EVENTS_PAIRING)
        return vs_ctx_fail(ctx, VS_EUSAGE, "unknown event list %d", (int)spec->event_list);
    vs_sim *sim = calloc(1, sizeof *sim);
    if (!sim)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    sim->ctx = ctx;
    sim->classes = spec->classes;
    sim->warmup = spec->warmup_days;
    vsi_evq_init(&sim->evq, spec->event_list == VS_EVENTS_PAIRING ? VSI_EVQ_PAIRING
                                                                  : VSI_EVQ_HEAP4);
    vsi_rng_init(&sim->next_stream, spec->seed, spec->replication, 0);
    if (spec->user_streams > 0) {
        sim->user_rng = calloc((size_t)spec->user_streams, sizeof *sim->user_rng);
        if (!sim->user_rng) {
            vs_sim_destroy(sim);
            return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        }
        for (int k = 0; k < spec->user_streams; k++) {
            sim->user_rng[k] = sim->next_stream;
            vs_rng_jump(&sim->next_stream);
        }
        sim->n_user_rng = spec->user_streams;
    }
    sim->warm = sim->warmup <= 0;
    if (!sim->warm && vsi_evq_push(&sim->evq, sim->warmup, NULL, EV_WARMUP, 0)) {
        vs_sim_destroy(sim);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    *out = sim;
    return VS_OK;
}

void vs_sim_destroy(vs_sim *sim)
{
    if (!sim)
        return;
    for (int i = 0; i < sim->n_res; i++) {
        vsi_res *r = &sim->res[i];
        free(r->name);
        for (int c = 0; c < VS_SIM_MAX_CLASSES; c++)
            free(r->ring[c].a);
        free(r->heap);
        free(r->insvc);
        free(r->sched.t);
        free(r->sched.cap);
        free(r->hist);
    }
    free(sim->res);
    for (int i = 0; i < sim->n_src; i++) {
        free(sim->src[i].name);
        free(sim->src[i].profile);
    }
    free(sim->src);
    for (size_t i = 0; i < sim->n_blocks; i++)
        free(sim->blocks[i]);
    free(sim->blocks);
    free(sim->user_rng);
    vsi_evq_free(&sim->evq);
    for (int i = 0; i < sim->n_lanes; i++) {
        free(sim->lane[i].key);
        free(sim->lane[i].pay);
    }
    free(sim);
}

static char *dupstr(const char *s)
{
    s = s ? s : "";
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

vs_status vs_sim_add_resource(vs_ctx *ctx, vs_sim *sim, const vs_resource_spec *spec, int *index)
{
    const char *nm = spec->name ? spec->name : "resource";
    if (spec->capacity < 0)
        return vs_ctx_fail(ctx, VS_EUSAGE, "resource %s: capacity %d < 0", nm, spec->capacity);
    if (spec->queue_limit < -1)
        return vs_ctx_fail(ctx, VS_EUSAGE, "resource %s: queue limit %ld < -1", nm,
                           spec->queue_limit);
    if ((int)spec->discipline < VS_QUEUE_FIFO || spec->discipline > VS_QUEUE_COMPARATOR)
        return vs_ctx_fail(ctx, VS_EUSAGE, "resource %s: unknown discipline", nm);
    if (spec->discipline == VS_QUEUE_COMPARATOR && !spec->cmp)
        return vs_ctx_fail(ctx, VS_EUSAGE, "resource %s: comparator discipline without cmp", nm);
    if (!(spec->max_wait_days > 0))
        return vs_ctx_fail(ctx, VS_EUSAGE, "resource %s: max_wait_days must be > 0 (INFINITY "
                                           "for no reneging)", nm);
    if (spec->overflow_to < -1 || spec->overflow_to >= sim->n_res)
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "resource %s: overflow_to %d is not an existing resource", nm,
                           spec->overflow_to);
    if (sim->n_res == sim->cap_res) {
        int nc = sim->cap_res ? 2 * sim->cap_res : 8;
        vsi_res *nr = realloc(sim->res, (size_t)nc * sizeof *nr);
        if (!nr)
            return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        sim->res = nr;
        sim->cap_res = nc;
    }
    vsi_res *r = &sim->res[sim->n_res];
    memset(r, 0, sizeof *r);
    r->name = dupstr(nm);
    if (!spec->no_wait_histogram)
        r->hist = calloc((size_t)sim->classes + 1, sizeof *r->hist);
    if (spec->discipline == VS_QUEUE_PREEMPTIVE && spec->capacity > 0) {
        r->insvc_cap = (size_t)spec->capacity;
        r->insvc = malloc(r->insvc_cap * sizeof *r->insvc);
    }
    if (!r->name || (!spec->no_wait_histogram && !r->hist) || (r->insvc_cap && !r->insvc)) {
        free(r->name);
        free(r->hist);
        free(r->insvc);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    r->capacity = spec->capacity;
    r->queue_limit = spec->queue_limit;
    r->disc = spec->discipline;
    r->cmp = spec->cmp;
    r->cmp_user = spec->cmp_user;
    r->max_wait = spec->max_wait_days;
    r->overflow_to = spec->overflow_to;
    r->service = spec->service;
    memcpy(r->service_by_class, spec->service_by_class, sizeof r->service_by_class);
    r->on_leave = spec->on_leave;
    r->leave_user = spec->leave_user;
    r->rng = sim->next_stream;
    vs_rng_jump(&sim->next_stream);
    r->last_t = sim->now;
    *index = sim->n_res++;
    return VS_OK;
}

vs_status vs_sim_add_source(vs_ctx *ctx, vs_sim *sim, const vs_source_spec *spec, int *index)
{
    const char *nm = spec->name ? spec->name : "source";
    if (!(spec->rate_per_day >= 0) || !isfinite(spec->rate_per_day))
        return vs_ctx_fail(ctx, VS_EUSAGE, "source %s: rate must be a finite number >= 0", nm);
    if (spec->n_rates != 0 && spec->n_rates != 24 && spec->n_rates != 168)
        return vs_ctx_fail(ctx, VS_EUSAGE, "source %s: n_rates must be 0, 24 or 168 (got %d)",
                           nm, spec->n_rates);
    if (spec->n_rates && !spec->rate_by_hour)
        return vs_ctx_fail(ctx, VS_EUSAGE, "source %s: rate_by_hour is NULL", nm);
    if (!spec->on_arrival && (spec->target < 0 || spec->target >= sim->n_res))
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "source %s: target %d is not an existing resource (and no "
                           "on_arrival)", nm, spec->target);
    if (!(spec->start_days >= 0) || spec->limit < 0)
        return vs_ctx_fail(ctx, VS_EUSAGE, "source %s: start and limit must be >= 0", nm);
    vsi_src s = {0};
    if (spec->class_share) {
        double sum = 0;
        for (int c = 0; c < sim->classes; c++) {
            double p = spec->class_share[c];
            if (!(p >= 0) || !isfinite(p))
                return vs_ctx_fail(ctx, VS_EUSAGE, "source %s: class share %d is not >= 0", nm,
                                   c);
            sum += p;
        }
        if (!(sum > 0))
            return vs_ctx_fail(ctx, VS_EUSAGE, "source %s: class shares sum to 0", nm);
        double cum = 0;
        for (int c = 0; c < sim->classes; c++) {
            cum += spec->class_share[c] / sum;
            s.cls_cum[c] = cum;
        }
        s.cls_cum[sim->classes - 1] = 1.0;
    } else {
        for (int c = 0; c < sim->classes; c++)
            s.cls_cum[c] = 1.0;
    }
    s.rate = spec->rate_per_day;
    if (spec->n_rates) {
        s.profile = malloc(168 * sizeof *s.profile);
        if (!s.profile)
            return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        double mx = 0;
        for (int h = 0; h < 168; h++) {
            double v = spec->n_rates == 168 ? spec->rate_by_hour[h] : spec->rate_by_hour[h % 24];
            if (spec->n_rates == 24 && spec->weekday_factor)
                v *= spec->weekday_factor[h / 24];
            if (!(v >= 0) || !isfinite(v)) {
                free(s.profile);
                return vs_ctx_fail(ctx, VS_EUSAGE,
                                   "source %s: rate for hour %d of the week is not >= 0", nm, h);
            }
            s.profile[h] = v;
            if (v > mx)
                mx = v;
        }
        s.rate = mx;
    }
    if (sim->n_src == sim->cap_src) {
        int nc = sim->cap_src ? 2 * sim->cap_src : 8;
        vsi_src *ns = realloc(sim->src, (size_t)nc * sizeof *ns);
        if (!ns) {
            free(s.profile);
            return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        }
        sim->src = ns;
        sim->cap_src = nc;
    }
    s.name = dupstr(nm);
    if (!s.name) {
        free(s.profile);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    s.target = spec->target;
    s.on_arrival = spec->on_arrival;
    s.user = spec->user;
    s.start = spec->start_days;
    s.limit = spec->limit;
    s.mean_gap = s.rate > 0 ? 1.0 / s.rate : 0.0; /* the same division as before, once */
    s.stop_run = spec->stop_run_at_limit;
    s.rng = sim->next_stream;
    vs_rng_jump(&sim->next_stream);
    int si = sim->n_src++;
    sim->src[si] = s;
    *index = si;
    double t0 = s.start > sim->now ? s.start : sim->now;
    vs_status st = src_schedule(sim, si, t0);
    if (st) {
        sim->err = VS_OK;
        sim->stop = 0;
        return st;
    }
    return VS_OK;
}

vs_status vs_sim_set_capacity_schedule(vs_ctx *ctx, vs_sim *sim, int ri, int n,
                                       const double *times_days, const int *capacity,
                                       double period_days)
{
    if (ri < 0 || ri >= sim->n_res)
        return vs_ctx_fail(ctx, VS_EUSAGE, "capacity schedule: unknown resource %d", ri);
    vsi_res *r = &sim->res[ri];
    if (n < 1 || !times_days || !capacity)
        return vs_ctx_fail(ctx, VS_EUSAGE, "capacity schedule of %s: no entries", r->name);
    if (r->sched.n)
        return vs_ctx_fail(ctx, VS_EUSAGE, "capacity schedule of %s: already set", r->name);
    if (!(period_days >= 0) || !isfinite(period_days))
        return vs_ctx_fail(ctx, VS_EUSAGE, "capacity schedule of %s: bad period", r->name);
    int mx = r->capacity;
    for (int i = 0; i < n; i++) {
        if (!(times_days[i] >= 0) || !isfinite(times_days[i]) ||
            (i > 0 && !(times_days[i] > times_days[i - 1])) ||
            (period_days > 0 && !(times_days[i] < period_days)))
            return vs_ctx_fail(ctx, VS_EUSAGE,
                               "capacity schedule of %s: time %d must increase within "
                               "[0, period)", r->name, i);
        if (capacity[i] < 0)
            return vs_ctx_fail(ctx, VS_EUSAGE, "capacity schedule of %s: capacity %d < 0",
                               r->name, capacity[i]);
        if (capacity[i] > mx)
            mx = capacity[i];
    }
    r->sched.t = malloc((size_t)n * sizeof *r->sched.t);
    r->sched.cap = malloc((size_t)n * sizeof *r->sched.cap);
    if (!r->sched.t || !r->sched.cap) {
        free(r->sched.t);
        free(r->sched.cap);
        r->sched.t = NULL;
        r->sched.cap = NULL;
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    if (r->disc == VS_QUEUE_PREEMPTIVE && (size_t)mx > r->insvc_cap) {
        vs_entity **ni = realloc(r->insvc, (size_t)mx * sizeof *ni);
        if (!ni)
            return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        r->insvc = ni;
        r->insvc_cap = (size_t)mx;
    }
    memcpy(r->sched.t, times_days, (size_t)n * sizeof *times_days);
    memcpy(r->sched.cap, capacity, (size_t)n * sizeof *capacity);
    r->sched.n = n;
    r->sched.period = period_days;
    /* first change at or after now */
    double base = 0;
    if (period_days > 0)
        base = floor(sim->now / period_days) * period_days;
    int i = 0;
    while (i < n && base + times_days[i] < sim->now)
        i++;
    vs_status st = sched_next(sim, ri, i, base);
    if (st) {
        sim->err = VS_OK;
        sim->stop = 0;
    }
    return st;
}

vs_status vs_sim_fixed_delay(vs_ctx *ctx, vs_sim *sim, double delay_days)
{
    if (!(delay_days >= 0) || !isfinite(delay_days))
        return vs_ctx_fail(ctx, VS_EUSAGE, "fixed delay: %g days is not finite and >= 0",
                           delay_days);
    if (sim->evq.kind != VSI_EVQ_HEAP4 || sim->n_lanes == VS_SIM_MAX_LANES)
        return VS_OK; /* a hint: the event list takes these events */
    for (int i = 0; i < sim->n_lanes; i++)
        if (sim->lane[i].delay == delay_days)
            return VS_OK;
    vsi_lane *L = &sim->lane[sim->n_lanes];
    memset(L, 0, sizeof *L);
    L->delay = delay_days;
    L->first = VSI_HKEY_NONE;
    if (lane_grow(L))
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    sim->n_lanes++;
    return VS_OK;
}

/* ---- public: running --------------------------------------------------------------- */
__attribute__((flatten)) vs_status vs_sim_run(vs_ctx *ctx, vs_sim *sim, double until_days)
{
    if (isnan(until_days))
        return vs_ctx_fail(ctx, VS_EUSAGE, "run: end time is NaN");
    sim->stop = 0;
    vsi_ev ev;
    /* The run goes in slices of simulated time, so that a request to stop
     * (vs_ctx_set_interrupt) is seen between slices at no cost per event.
     * The slice adapts to hold some 2,000-16,000 events (well under a
     * millisecond).  Slicing changes nothing else: an event at a slice's end
     * is simply popped by the next slice, in the same order. */
    double slice_days = 1.0, from = sim->now;
    for (;;) {
        double to = fmin(until_days, from + slice_days);
        uint64_t bound = vsi_evq_bound(to), events0 = sim->events;
        int more = 0; /* 1: the slice ended before until_days */
        while (!sim->stop) {
            if (!pop_bound(sim, to, bound, &ev)) {
                if (to < until_days)
                    more = 1;
                else if (pending(sim) > 0) /* the next event is after the end */
                    sim->now = until_days;
                break;
            }
            assert(ev.t >= sim->now); /* the clock never goes back */
            assert((sim->events & 1023) || (vsi_evq_check(&sim->evq) && lanes_ok(sim)));
            sim->now = ev.t;
            sim->events++;
            /* the two common kinds first, as plain branches (a jump table costs an
             * indirect branch per event) */
            if (ev.kind == EV_DEPART) {
                vs_entity *e = ev.p;
                if (e->k_token == ev.a && e->k_state == ST_SERVICE)
                    on_depart(sim, e);
                continue;
            }
            if (ev.kind == EV_ARRIVAL) {
                on_arrival(sim, (int)ev.a);
                continue;
            }
            switch (ev.kind) {
            case EV_RENEGE: {
                vs_entity *e = ev.p;
                if (e->k_token == ev.a && e->k_state == ST_QUEUED)
                    on_renege(sim, e);
                break;
            }
            case EV_HOLD: {
                vs_entity *e = ev.p;
                if (e->k_token == ev.a && e->k_state == ST_HOLD) {
                    e->k_state = ST_IDLE;
                    e->k_token++;
                    vs_hold_fn fn = e->k_hold_fn;
                    void *u = e->k_hold_user;
                    int timer = e->cls < 0;
                    if (timer) {
                        e->cls = 0;
                        entity_free(sim, e);
                        fn(sim, NULL, u);
                    } else {
                        fn(sim, e, u);
                        if (e->k_state == ST_IDLE)
                            entity_free(sim, e);
                    }
                }
                break;
            }
            case EV_CAPACITY: on_capacity(sim, (int)ev.a, (int)(uintptr_t)ev.p); break;
            case EV_WARMUP:
                for (int i = 0; i < sim->n_res; i++)
                    integrate(&sim->res[i], sim->now);
                reset_stats(sim);
                sim->warm = 1;
                break;
            default: break;
            }
        }
        if (!more || pending(sim) == 0)
            break;
        if (vs_ctx_interrupted(ctx)) {
            fail(sim, VS_EINTERRUPTED, "interrupted%s", "");
            break;
        }
        uint64_t n = sim->events - events0;
        if (n < 2048 && slice_days < 1e300)
            slice_days *= 2;
        else if (n > 16384)
            slice_days /= 2;
        from = to;
    }
    if (!sim->stop && pending(sim) == 0 && isfinite(until_days) && until_days > sim->now)
        sim->now = until_days;
    vs_status st = sim->err;
    sim->err = VS_OK;
    if (st && ctx != sim->ctx)
        vs_ctx_fail(ctx, st, "%s", vs_ctx_message(sim->ctx));
    return st;
}

double vs_sim_now(const vs_sim *sim) { return sim->now; }

vs_rng *vs_sim_rng(vs_sim *sim, int k)
{
    return k >= 0 && k < sim->n_user_rng ? &sim->user_rng[k] : NULL;
}

void vs_sim_stop(vs_sim *sim) { sim->stop = 1; }

vs_status vs_sim_hold(vs_sim *sim, vs_entity *e, double delay_days, vs_hold_fn fn, void *user)
{
    if (e->k_state != ST_IDLE)
        return fail(sim, VS_EUSAGE, "hold of an entity that is not idle%s", "");
    if (!(delay_days >= 0) || !isfinite(delay_days) || !fn)
        return fail(sim, VS_EUSAGE, "hold: delay must be finite and >= 0, fn not NULL%s", "");
    e->k_state = ST_HOLD;
    e->k_token++;
    e->k_hold_fn = fn;
    e->k_hold_user = user;
    return push_after(sim, delay_days, e, EV_HOLD, e->k_token);
}

vs_status vs_sim_timer(vs_sim *sim, double delay_days, vs_hold_fn fn, void *user)
{
    vs_entity *e;
    vs_status st = entity_new(sim, 0, &e);
    if (st)
        return st;
    st = vs_sim_hold(sim, e, delay_days, fn, user);
    if (st) {
        entity_free(sim, e);
        return st;
    }
    e->cls = -1; /* marks a timer */
    return VS_OK;
}

/* ---- public: results ---------------------------------------------------------------- */
static void add_cls(vs_class_stats *t, const vs_class_stats *s)
{
    t->arrivals += s->arrivals;
    t->overflow_in += s->overflow_in;
    t->overflow_out += s->overflow_out;
    t->blocked += s->blocked;
    t->reneged += s->reneged;
    t->served += s->served;
    t->completed += s->completed;
    t->waited += s->waited;
    t->wait_sum_days += s->wait_sum_days;
    t->wait_sum2 += s->wait_sum2;
    t->time_sum_days += s->time_sum_days;
}

vs_status vs_sim_resource_stats(vs_ctx *ctx, const vs_sim *sim, int ri, vs_resource_stats *out)
{
    if (ri < 0 || ri >= sim->n_res)
        return vs_ctx_fail(ctx, VS_EUSAGE, "statistics: unknown resource %d", ri);
    const vsi_res *r = &sim->res[ri];
    memset(out, 0, sizeof *out);
    double start = sim->warm ? (sim->warmup > 0 ? sim->warmup : 0.0) : sim->now;
    double T = sim->now - start;
    double dt = sim->now - r->last_t;
    out->observed_days = T;
    if (T > 0) {
        out->busy_mean = (r->int_busy + dt * r->busy) / T;
        out->queue_mean = (r->int_queue + dt * (double)r->live) / T;
        out->capacity_mean = (r->int_cap + dt * r->capacity) / T;
        out->occupancy = out->capacity_mean > 0 ? out->busy_mean / out->capacity_mean : 0.0;
    }
    out->busy_now = r->busy;
    out->queue_now = (int)r->live;
    out->capacity_now = r->capacity;
    for (int c = 0; c < sim->classes; c++) {
        out->cls[c] = r->st[c];
        add_cls(&out->total, &r->st[c]);
    }
    return VS_OK;
}

vs_status vs_sim_wait_quantile(vs_ctx *ctx, const vs_sim *sim, int ri, int cls, double q,
                               double *out_days)
{
    if (ri < 0 || ri >= sim->n_res)
        return vs_ctx_fail(ctx, VS_EUSAGE, "wait quantile: unknown resource %d", ri);
    if (cls < -1 || cls >= sim->classes)
        return vs_ctx_fail(ctx, VS_EUSAGE, "wait quantile: unknown class %d", cls);
    if (!(q > 0 && q < 1))
        return vs_ctx_fail(ctx, VS_EUSAGE, "wait quantile: q = %g is not in (0, 1)", q);
    if (!sim->res[ri].hist)
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "wait quantile: resource %s keeps no waiting-time histogram "
                           "(no_wait_histogram)",
                           sim->res[ri].name);
    /* the total is hist[classes], or hist[0] when there is one class (the
     * kernel does not fill a copy) */
    const vsi_hist *h = &sim->res[ri].hist[cls >= 0 ? cls : sim->classes > 1 ? sim->classes : 0];
    double v = vsi_hist_quantile(h, q);
    if (isnan(v))
        return vs_ctx_fail(ctx, VS_EINFEASIBLE, "wait quantile: no waits observed at %s",
                           sim->res[ri].name);
    *out_days = v;
    return VS_OK;
}

vs_status vs_sim_get_info(vs_ctx *ctx, const vs_sim *sim, vs_sim_info *out)
{
    out->now_days = sim->now;
    out->events = sim->events;
    out->entities_created = sim->next_id;
    out->entities_live = sim->live_entities;
    out->pending_events = pending(sim);
    out->entities_peak = sim->peak_entities;
    out->entities_allocated = (uint64_t)sim->n_blocks * ENTITY_BLOCK;
    return VS_OK;
}
