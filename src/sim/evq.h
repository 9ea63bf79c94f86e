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
 *     is the order of the doubles (the usual sign-flip map, after -0.0 is
 *     made +0.0, as the two compare equal), then the sequence number.  The
 *     order is exactly the (time, seq) order of the doubles for every
 *     non-NaN time (event times are never NaN).  Both lists return a pushed
 *     -0.0 as +0.0 and every other time bit for bit.
 *   - The keys of the four children of a node share one 64-byte cache line
 *     (the key array is offset so that index 1 starts a line).
 *   - Delete-min is lazy: popping leaves a hole at the root, and if the next
 *     operation is an insertion (the usual case: an arrival schedules the
 *     next arrival, a departure starts the next service), the new event is
 *     sifted down from the root, one sift instead of two.  Otherwise the hole
 *     is filled (bottom-up, Wegener 1993) before the next peek or pop.
 *   - One pending event may sit outside the heap in a side slot: an
 *     insertion that finds the slot free goes there with no heap work (a
 *     source's next arrival, scheduled right after its arrival left it).
 *     A pop takes the smaller of the slot and the heap's root.
 *   - "Nothing here" is the sentinel key VSI_HKEY_NONE (all bits set, above
 *     the key of every event): an empty side slot and an empty heap's root
 *     hold it, so a pop needs no emptiness test; the bound of vsi_evq_pop_bound
 *     is always below it.
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

/* heap4 key: k = ordered time bits, s = seq */
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
    /* heap4: with hole == 0 the heap's events are at [0, hn), and when
     * hn == 0, key[0] is the sentinel VSI_HKEY_NONE; with hole == 1 the
     * root slot 0 is empty and they are at [1, hn] */
    vsi_hkey *key;
    vsi_hpay *pay;
    void *key_block;   /* allocation holding key (aligned)            */
    size_t cap;        /* slots in key and pay (0: key = &none)       */
    size_t hn;         /* events in the heap arrays                   */
    size_t hole;
    /* heap4 side slot: one more pending event kept outside the heap,
     * filled by an insertion that finds it empty (side_key is the
     * sentinel VSI_HKEY_NONE when it is empty) */
    vsi_hkey side_key;
    vsi_hpay side_pay;
    vsi_hkey none;     /* key[0] before the first allocation          */
    /* pairing */
    vsi_pnode *root;
    vsi_pnode *free;   /* free list of nodes                          */
    vsi_pnode **blocks; /* allocated node blocks                      */
    size_t nblocks, capblocks;
} vsi_evq;

/* The heap4 sentinel: greater than the key of every event (a key's time
 * word is at most the image of +inf, 0xfff0000000000000). */
#define VSI_HKEY_NONE ((vsi_hkey){UINT64_MAX, UINT64_MAX})

/* Initialise an empty queue (no allocation).  The queue must not be moved
 * (copied) while it holds no heap storage, as key then points into it. */
void vsi_evq_init(vsi_evq *q, vsi_evq_kind kind);
/* Free all memory; the queue must be re-initialised before reuse. */
void vsi_evq_free(vsi_evq *q);
/* Bytes allocated by the queue (for the memory-per-event benchmark). */
size_t vsi_evq_bytes(const vsi_evq *q);

/* Debug check of every invariant (O(n); assert(vsi_evq_check(q)) in the
 * kernel's debug builds): heap order of (time, seq) keys, the sentinel at an
 * empty heap's root, the pending count n = heap events + side slot, every
 * sequence number below next_seq; pairing: heap order along every link and
 * n nodes.  Returns 1 when they hold. */
int vsi_evq_check(const vsi_evq *q);

/* Out-of-line parts (evq.c). */
int vsi_evq_heap_grow(vsi_evq *q);
int vsi_evq_pair_push(vsi_evq *q, const vsi_ev *e);
void vsi_evq_pair_pop(vsi_evq *q, vsi_ev *out);

/* ---- key encoding ------------------------------------------------------ */
/* t + 0.0 turns -0.0 into +0.0 and leaves every other time alone, so the
 * sign-flip map (negative times: all bits flipped; others: the sign bit set)
 * orders the keys exactly as the doubles compare.  A -0.0 comes back as
 * +0.0 (the kernel's times are never negative). */
static inline vsi_hkey vsi_hkey_make(double t, uint64_t seq)
{
    t += 0.0;
    uint64_t b;
    memcpy(&b, &t, sizeof b);
    uint64_t mask = (uint64_t)((int64_t)b >> 63) | UINT64_C(0x8000000000000000);
    return (vsi_hkey){b ^ mask, seq};
}

static inline double vsi_hkey_time(vsi_hkey key)
{
    uint64_t b = key.k;
    b ^= ((b >> 63) - 1) | UINT64_C(0x8000000000000000);
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
 * saves the comparison with it at every level), then sift it up.  An empty
 * heap gets the sentinel at its root. */
static inline void vsi_evq_heap_fill_hole(vsi_evq *q)
{
    size_t n = q->hn;
    vsi_hkey *key = q->key;
    vsi_hpay *pay = q->pay;
    q->hole = 0;
    if (n == 0) {
        key[0] = VSI_HKEY_NONE;
        return;
    }
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

/* heap4: insert into the heap proper, which has room (a hole at the root,
 * or hn < cap). */
static inline void vsi_evq_heap4_push_room(vsi_evq *q, double t, void *p, uint32_t kind,
                                           uint32_t a)
{
    vsi_hkey e = vsi_hkey_make(t, q->next_seq++);
    vsi_hpay ep = {p, kind, a};
    q->n++;
    if (q->hole) {
        /* slots [1, hn] hold the events, slot 0 is free: replace-top */
        q->hole = 0;
        q->hn++;
        vsi_heap_sift_down(q->key, q->pay, q->hn, e, ep);
    } else {
        vsi_heap_sift_up(q->key, q->pay, q->hn++, e, ep);
    }
}

/* heap4: can an insertion into the heap proper go ahead without growing? */
static inline int vsi_evq_heap4_room(const vsi_evq *q) { return q->hole || q->hn < q->cap; }

/* Insert into the heap proper or the pairing heap (vsi_evq_push's slow
 * path, kept apart so that the side-slot path inlines everywhere). */
static inline int vsi_evq_push_heap(vsi_evq *q, double t, void *p, uint32_t kind, uint32_t a)
{
    if (q->kind == VSI_EVQ_HEAP4) {
        if (!vsi_evq_heap4_room(q) && vsi_evq_heap_grow(q))
            return -1;
        vsi_evq_heap4_push_room(q, t, p, kind, a);
        return 0;
    }
    vsi_ev e = {t + 0.0, q->next_seq, p, kind, a}; /* -0.0 -> +0.0, as heap4 */
    if (vsi_evq_pair_push(q, &e))
        return -1;
    q->next_seq++;
    return 0;
}

/* heap4: is the side slot free? */
static inline int vsi_evq_side_free(const vsi_evq *q) { return q->side_key.k == UINT64_MAX; }

/* heap4: insert without allocating if that can be done, and return 1;
 * return 0 (nothing done) when the heap must grow or the list is the pairing
 * heap.  A free side slot takes the event with no heap work (the usual case
 * for a source's next arrival, pushed right after its arrival left). */
static inline int vsi_evq_push_fast(vsi_evq *q, double t, void *p, uint32_t kind, uint32_t a)
{
    if (q->kind != VSI_EVQ_HEAP4)
        return 0;
    if (vsi_evq_side_free(q)) {
        q->side_key = vsi_hkey_make(t, q->next_seq);
        q->side_pay = (vsi_hpay){p, kind, a};
        q->n++;
        q->next_seq++;
        return 1;
    }
    if (!vsi_evq_heap4_room(q))
        return 0;
    vsi_evq_heap4_push_room(q, t, p, kind, a);
    return 1;
}

/* Insert an event (its seq is assigned here).  Returns 0, or -1 when out of
 * memory. */
static inline int vsi_evq_push(vsi_evq *q, double t, void *p, uint32_t kind, uint32_t a)
{
    if (vsi_evq_push_fast(q, t, p, kind, a))
        return 0;
    return vsi_evq_push_heap(q, t, p, kind, a);
}

/* heap4: the smallest key of the heap and the side slot (the sentinel when
 * both are empty); *from_heap = 1 if it is the heap's root.  The choice is a
 * conditional move, not a branch: in the usual pattern it alternates
 * between arrivals (side) and departures (heap). */
static inline vsi_hkey vsi_evq_heap4_min(vsi_evq *q, size_t *from_heap)
{
    if (q->hole)
        vsi_evq_heap_fill_hole(q);
    vsi_hkey hk = q->key[0], sk = q->side_key;
    size_t fh = (size_t)vsi_hkey_less(hk, sk);
    *from_heap = fh;
    vsi_hkey k;
    k.k = fh ? hk.k : sk.k;
    k.s = fh ? hk.s : sk.s;
    return k;
}

/* Remove the event whose key vsi_evq_heap4_min returned into *out. */
static inline void vsi_evq_heap4_take(vsi_evq *q, size_t from_heap, vsi_hkey k, vsi_ev *out)
{
    const vsi_hpay *ps = from_heap ? q->pay : &q->side_pay;
    out->t = vsi_hkey_time(k);
    out->seq = k.s;
    out->p = ps->p;
    out->kind = ps->kind;
    out->a = ps->a;
    q->n--;
    q->hn -= from_heap;
    q->hole = from_heap;
    /* taken from the side slot: it becomes free */
    q->side_key.k = from_heap ? q->side_key.k : UINT64_MAX;
}

/* Time of the minimum event (the queue must not be empty). */
static inline double vsi_evq_peek_time(vsi_evq *q)
{
    if (q->kind == VSI_EVQ_HEAP4) {
        size_t fh;
        return vsi_hkey_time(vsi_evq_heap4_min(q, &fh));
    }
    return q->root->ev.t;
}

/* The key-space image of a bound until (not NaN: both callers refuse it):
 * an event time t is <= until exactly when its key word is <= this (both
 * zeros map alike). */
static inline uint64_t vsi_evq_bound(double until) { return vsi_hkey_make(until, 0).k; }

/* If the queue is not empty and its minimum event is not later than the
 * bound (from vsi_evq_bound), remove it into *out and return 1; otherwise
 * return 0 (the event loop's peek-then-pop in one step).  heap4 needs no
 * emptiness test: an empty queue's minimum is the sentinel, above every
 * bound. */
static inline int vsi_evq_pop_bound(vsi_evq *q, double until, uint64_t bound, vsi_ev *out)
{
    if (q->kind == VSI_EVQ_HEAP4) {
        size_t fh;
        vsi_hkey k = vsi_evq_heap4_min(q, &fh);
        if (k.k > bound) /* the sentinel is above every bound */
            return 0;
        vsi_evq_heap4_take(q, fh, k, out);
        return 1;
    }
    if (q->n == 0 || q->root->ev.t > until)
        return 0;
    vsi_evq_pair_pop(q, out);
    return 1;
}

static inline int vsi_evq_pop_until(vsi_evq *q, double until, vsi_ev *out)
{
    if (until != until)
        return 0;
    return vsi_evq_pop_bound(q, until, vsi_evq_bound(until), out);
}

/* Remove the minimum event into *out.  Returns 0, or -1 when empty. */
static inline int vsi_evq_pop(vsi_evq *q, vsi_ev *out)
{
    if (q->n == 0)
        return -1;
    if (q->kind == VSI_EVQ_HEAP4) {
        size_t fh;
        vsi_hkey k = vsi_evq_heap4_min(q, &fh);
        vsi_evq_heap4_take(q, fh, k, out);
        return 0;
    }
    vsi_evq_pair_pop(q, out);
    return 0;
}

#endif
