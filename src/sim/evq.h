/*
 * evq.h: the pending-event set of the simulation kernel (internal).
 *
 * Two interchangeable implementations, both ordered by (time, sequence
 * number), a strict total order: the sequence number is assigned at insertion
 * and increases by one per event, so events at equal times leave in insertion
 * order and results never depend on the data structure's internals.
 *
 *   VSI_EVQ_HEAP4    implicit 4-ary min-heap, keys and payloads in two
 *                    parallel arrays (16 + 16 bytes per pending event, no
 *                    per-event allocation)
 *   VSI_EVQ_PAIRING  pairing heap (Fredman et al. 1986) with nodes from a
 *                    free-list pool (48 bytes per pending event)
 *
 * bench/bench_sim_evq.c measures both ("hold" model); the kernel uses the
 * heap by default (see docs/sim.md for the numbers that decided it).
 *
 * 4-ary heap details (all in this header so that the kernel's event loop
 * inlines them):
 *
 *   - Keys are two unsigned 64-bit words compared lexicographically (one
 *     128-bit comparison): the time mapped to an integer whose unsigned order
 *     is the order of the doubles (the usual sign-flip map, with -0.0 mapped
 *     like +0.0 because the two compare equal), then the sequence number
 *     shifted left by one, whose low bit remembers a -0.0 so that the exact
 *     time comes back.  The order is exactly the (time, seq) order of the
 *     doubles for every non-NaN time (event times are never NaN).
 *   - The keys of the four children of a node share one 64-byte cache line
 *     (the key array is offset so that index 1 starts a line).
 *   - Delete-min is lazy: popping leaves a hole at the root, and if the next
 *     operation is an insertion (the usual case: an arrival schedules the
 *     next arrival, a departure starts the next service), the new event is
 *     sifted down from the root, one sift instead of two.  Otherwise the hole
 *     is filled (bottom-up, Wegener 1993) before the next peek or pop.
 */
#ifndef VS_SIM_EVQ_H
#define VS_SIM_EVQ_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct vsi_ev {
    double t;      /* event time, days                              */
    uint64_t seq;  /* insertion sequence number (tie-breaker)       */
    void *p;       /* payload pointer (entity, callback data)       */
    uint32_t kind; /* event kind (kernel-defined)                   */
    uint32_t a;    /* small payload (resource index, token)         */
} vsi_ev;

typedef enum { VSI_EVQ_HEAP4 = 0, VSI_EVQ_PAIRING = 1 } vsi_evq_kind;

typedef struct vsi_pnode {
    vsi_ev ev;
    struct vsi_pnode *child;   /* leftmost child                       */
    struct vsi_pnode *sibling; /* next sibling (free-list link when free) */
} vsi_pnode;

/* heap4 key: k = ordered time bits, s = (seq << 1) | (time was -0.0) */
typedef struct vsi_hkey {
    uint64_t k, s;
} vsi_hkey;

/* heap4 payload, moved in step with its key */
typedef struct vsi_hpay {
    void *p;
    uint32_t kind, a;
} vsi_hpay;

typedef struct vsi_evq {
    vsi_evq_kind kind;
    size_t n;          /* pending events (heap4: hn + side)           */
    uint64_t next_seq; /* sequence number of the next insertion       */
    /* heap4: with hole == 0 the heap's events are at [0, hn); with
     * hole == 1 the root slot 0 is empty and they are at [1, hn] */
    vsi_hkey *key;
    vsi_hpay *pay;
    void *key_block;   /* allocation holding key (aligned)            */
    size_t cap;        /* slots in key and pay                        */
    size_t hn;         /* events in the heap arrays                   */
    int hole;
    /* heap4 side slot: one more pending event kept outside the heap
     * (side == 1), filled by an insertion that finds it empty */
    int side;
    vsi_hkey side_key;
    vsi_hpay side_pay;
    /* pairing */
    vsi_pnode *root;
    vsi_pnode *free;   /* free list of nodes                          */
    vsi_pnode **blocks; /* allocated node blocks                      */
    size_t nblocks, capblocks;
} vsi_evq;

/* Initialise an empty queue (no allocation). */
void vsi_evq_init(vsi_evq *q, vsi_evq_kind kind);
/* Free all memory; the queue must be re-initialised before reuse. */
void vsi_evq_free(vsi_evq *q);
/* Bytes allocated by the queue (for the memory-per-event benchmark). */
size_t vsi_evq_bytes(const vsi_evq *q);

/* Out-of-line parts (evq.c). */
int vsi_evq_heap_grow(vsi_evq *q);
int vsi_evq_pair_push(vsi_evq *q, const vsi_ev *e);
void vsi_evq_pair_pop(vsi_evq *q, vsi_ev *out);

/* ---- key encoding ------------------------------------------------------ */
static inline vsi_hkey vsi_hkey_make(double t, uint64_t seq)
{
    uint64_t b;
    memcpy(&b, &t, sizeof b);
    uint64_t negzero = b == UINT64_C(0x8000000000000000);
    b &= ~(UINT64_C(0) - negzero) | UINT64_C(0x7fffffffffffffff); /* -0.0 -> +0.0 */
    uint64_t mask = (uint64_t)((int64_t)b >> 63) | UINT64_C(0x8000000000000000);
    return (vsi_hkey){b ^ mask, (seq << 1) | negzero};
}

static inline double vsi_hkey_time(vsi_hkey key)
{
    uint64_t b = key.k;
    b ^= ((b >> 63) - 1) | UINT64_C(0x8000000000000000);
    b |= (key.s & 1) << 63; /* restore -0.0 */
    double t;
    memcpy(&t, &b, sizeof t);
    return t;
}

static inline int vsi_hkey_less(vsi_hkey x, vsi_hkey y)
{
#ifdef __SIZEOF_INT128__
    unsigned __int128 a = ((unsigned __int128)x.k << 64) | x.s;
    unsigned __int128 b = ((unsigned __int128)y.k << 64) | y.s;
    return a < b;
#else
    return (x.k < y.k) | ((x.k == y.k) & (x.s < y.s));
#endif
}

static inline int vsi_ev_less(const vsi_ev *x, const vsi_ev *y)
{
    return (x->t < y->t) | ((x->t == y->t) & (x->seq < y->seq));
}

/* ---- 4-ary heap: children of i are 4i+1..4i+4, parent (i-1)/4 ----------- */

/* Sift e up from slot i (a hole) and store it. */
static inline void vsi_heap_sift_up(vsi_hkey *key, vsi_hpay *pay, size_t i, vsi_hkey e,
                                    vsi_hpay ep)
{
    while (i > 0) {
        size_t p = (i - 1) >> 2;
        if (!vsi_hkey_less(e, key[p]))
            break;
        key[i] = key[p];
        pay[i] = pay[p];
        i = p;
    }
    key[i] = e;
    pay[i] = ep;
}

/* Index of the smallest key among the n - c >= 1 children from c. */
static inline size_t vsi_heap_min_child(const vsi_hkey *key, size_t c, size_t n)
{
    if (c + 3 < n) {
        size_t m1 = c + (size_t)vsi_hkey_less(key[c + 1], key[c]);
        size_t m2 = c + 2 + (size_t)vsi_hkey_less(key[c + 3], key[c + 2]);
        /* a mask select: GCC turns the multiply form into an unpredictable
         * branch */
        size_t mask = (size_t)0 - (size_t)vsi_hkey_less(key[m2], key[m1]);
        return m1 ^ ((m1 ^ m2) & mask);
    }
    size_t m = c;
    for (size_t k = c + 1; k < n; k++)
        m += (size_t)vsi_hkey_less(key[k], key[m]) * (k - m);
    return m;
}

/* Slot 0 is a hole and slots [1, n) hold events: place e at the root and
 * sift it down (top-down, stopping as soon as e is in order). */
static inline void vsi_heap_sift_down(vsi_hkey *key, vsi_hpay *pay, size_t n, vsi_hkey e,
                                      vsi_hpay ep)
{
    size_t i = 0;
    for (;;) {
        size_t c = 4 * i + 1;
        if (c >= n)
            break;
        size_t m = vsi_heap_min_child(key, c, n);
        if (!vsi_hkey_less(key[m], e))
            break;
        key[i] = key[m];
        pay[i] = pay[m];
        i = m;
    }
    key[i] = e;
    pay[i] = ep;
}

/* Fill the root hole: the events are in [1, n]; move the last one out,
 * carry the hole down to a leaf along the smallest children ("bottom-up",
 * Wegener 1993: the last element usually belongs near the bottom, so this
 * saves the comparison with it at every level), then sift it up. */
static inline void vsi_evq_heap_fill_hole(vsi_evq *q)
{
    size_t n = q->hn;
    q->hole = 0;
    if (n == 0)
        return;
    vsi_hkey *key = q->key;
    vsi_hpay *pay = q->pay;
    vsi_hkey last = key[n];
    vsi_hpay lastp = pay[n];
    /* slots [0, n): 0 is the hole */
    size_t i = 0;
    for (;;) {
        size_t c = 4 * i + 1;
        if (c >= n)
            break;
        size_t m = vsi_heap_min_child(key, c, n);
        key[i] = key[m];
        pay[i] = pay[m];
        i = m;
    }
    vsi_heap_sift_up(key, pay, i, last, lastp);
}

/* Insert into the heap proper or the pairing heap (vsi_evq_push's slow
 * path, kept apart so that the side-slot path inlines everywhere). */
static inline int vsi_evq_push_heap(vsi_evq *q, double t, void *p, uint32_t kind, uint32_t a)
{
    if (q->kind == VSI_EVQ_HEAP4) {
        vsi_hkey e = vsi_hkey_make(t, q->next_seq);
        vsi_hpay ep = {p, kind, a};
        if (q->hole) {
            /* slots [1, hn] hold the events, slot 0 is free: replace-top */
            q->hole = 0;
            q->hn++;
            vsi_heap_sift_down(q->key, q->pay, q->hn, e, ep);
        } else {
            if (q->hn == q->cap && vsi_evq_heap_grow(q))
                return -1;
            vsi_heap_sift_up(q->key, q->pay, q->hn++, e, ep);
        }
        q->n++;
    } else {
        vsi_ev e = {t, q->next_seq, p, kind, a};
        if (vsi_evq_pair_push(q, &e))
            return -1;
    }
    q->next_seq++;
    return 0;
}

/* Insert an event (its seq is assigned here).  Returns 0, or -1 when out of
 * memory.  heap4 with a free side slot: the event goes there, no heap work
 * (the usual case for a source's next arrival, pushed right after its
 * arrival left). */
static inline int vsi_evq_push(vsi_evq *q, double t, void *p, uint32_t kind, uint32_t a)
{
    if (q->kind == VSI_EVQ_HEAP4 && !q->side) {
        q->side = 1;
        q->side_key = vsi_hkey_make(t, q->next_seq);
        q->side_pay = (vsi_hpay){p, kind, a};
        q->n++;
        q->next_seq++;
        return 0;
    }
    return vsi_evq_push_heap(q, t, p, kind, a);
}

/* Time of the minimum event (the queue must not be empty). */
static inline double vsi_evq_peek_time(vsi_evq *q)
{
    if (q->kind == VSI_EVQ_HEAP4) {
        if (q->hole)
            vsi_evq_heap_fill_hole(q);
        if (q->hn == 0 || (q->side && vsi_hkey_less(q->side_key, q->key[0])))
            return vsi_hkey_time(q->side_key);
        return vsi_hkey_time(q->key[0]);
    }
    return q->root->ev.t;
}

/* heap4, not empty: the minimum event of the heap and the side slot into
 * *k, *p; returns 1 if it is the heap's root, 0 if it is the side slot.
 * The choice is a conditional move, not a branch: in the usual pattern it
 * alternates between arrivals (side) and departures (heap). */
static inline size_t vsi_evq_heap4_min(vsi_evq *q, vsi_hkey *k, vsi_hpay *p)
{
    if (q->hole)
        vsi_evq_heap_fill_hole(q);
    if (q->hn == 0) {
        *k = q->side_key;
        *p = q->side_pay;
        return 0;
    }
    if (!q->side) {
        *k = q->key[0];
        *p = q->pay[0];
        return 1;
    }
    size_t from_heap = (size_t)vsi_hkey_less(q->key[0], q->side_key);
    /* selecting the source address compiles to a conditional move */
    const vsi_hkey *ks = from_heap ? &q->key[0] : &q->side_key;
    const vsi_hpay *ps = from_heap ? &q->pay[0] : &q->side_pay;
    *k = *ks;
    *p = *ps;
    return from_heap;
}

/* Remove the event found by vsi_evq_heap4_min into *out. */
static inline void vsi_evq_heap4_take(vsi_evq *q, size_t from_heap, vsi_hkey k, vsi_hpay p,
                                      double t, vsi_ev *out)
{
    out->t = t;
    out->seq = k.s >> 1;
    out->p = p.p;
    out->kind = p.kind;
    out->a = p.a;
    q->n--;
    q->hn -= from_heap;
    q->hole = (int)from_heap;
    q->side &= (int)from_heap; /* taken from the side slot: now free */
}

/* If the queue is not empty and its minimum event is not later than until,
 * remove it into *out and return 1; otherwise return 0 (the event loop's
 * peek-then-pop in one step). */
static inline int vsi_evq_pop_until(vsi_evq *q, double until, vsi_ev *out)
{
    if (q->n == 0)
        return 0;
    if (q->kind == VSI_EVQ_HEAP4) {
        vsi_hkey k;
        vsi_hpay p;
        size_t from_heap = vsi_evq_heap4_min(q, &k, &p);
        double t = vsi_hkey_time(k);
        if (t > until)
            return 0;
        vsi_evq_heap4_take(q, from_heap, k, p, t, out);
        return 1;
    }
    if (q->root->ev.t > until)
        return 0;
    vsi_evq_pair_pop(q, out);
    return 1;
}

/* Remove the minimum event into *out.  Returns 0, or -1 when empty. */
static inline int vsi_evq_pop(vsi_evq *q, vsi_ev *out)
{
    if (q->n == 0)
        return -1;
    if (q->kind == VSI_EVQ_HEAP4) {
        vsi_hkey k;
        vsi_hpay p;
        size_t from_heap = vsi_evq_heap4_min(q, &k, &p);
        vsi_evq_heap4_take(q, from_heap, k, p, vsi_hkey_time(k), out);
        return 0;
    }
    vsi_evq_pair_pop(q, out);
    return 0;
}

#endif
