/*
 * evq.h: the pending-event set of the simulation kernel (internal).
 *
 * Two interchangeable implementations, both ordered by (time, sequence
 * number), a strict total order: the sequence number is assigned at insertion
 * and increases by one per event, so events at equal times leave in insertion
 * order and results never depend on the data structure's internals.
 *
 *   VSI_EVQ_HEAP4    implicit 4-ary min-heap in one growable array
 *                    (32 bytes per pending event, no per-event allocation)
 *   VSI_EVQ_PAIRING  pairing heap (Fredman et al. 1986) with nodes from a
 *                    free-list pool (48 bytes per pending event)
 *
 * bench/bench_sim_evq.c measures both ("hold" model); the kernel uses the
 * heap by default (see docs/sim.md for the numbers that decided it).
 */
#ifndef VS_SIM_EVQ_H
#define VS_SIM_EVQ_H

#include <stddef.h>
#include <stdint.h>

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

typedef struct vsi_evq {
    vsi_evq_kind kind;
    size_t n;          /* pending events                              */
    uint64_t next_seq; /* sequence number of the next insertion       */
    /* heap4 */
    vsi_ev *a;         /* a[0..n) heap-ordered                        */
    size_t cap;
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
/* Insert an event (its seq is assigned here).  Returns 0, or -1 when out of memory. */
int vsi_evq_push(vsi_evq *q, double t, void *p, uint32_t kind, uint32_t a);
/* Remove the minimum event into *out.  Returns 0, or -1 when empty. */
int vsi_evq_pop(vsi_evq *q, vsi_ev *out);
/* Time of the minimum event (the queue must not be empty). */
static inline double vsi_evq_peek_time(const vsi_evq *q)
{
    return q->kind == VSI_EVQ_HEAP4 ? q->a[0].t : q->root->ev.t;
}
/* Bytes allocated by the queue (for the memory-per-event benchmark). */
size_t vsi_evq_bytes(const vsi_evq *q);

static inline int vsi_ev_less(const vsi_ev *x, const vsi_ev *y)
{
    return (x->t < y->t) | ((x->t == y->t) & (x->seq < y->seq));
}

#endif
