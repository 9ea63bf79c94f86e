/*
 * evq.c: the pending-event set: an implicit 4-ary heap and a pairing heap.
 *
 * 4-ary heap: children of i are 4i+1..4i+4, parent (i-1)/4.  Compared with a
 * binary heap it halves the depth, and the four children share one or two
 * cache lines (32-byte nodes), which makes delete-min cheaper; sifting moves a
 * hole instead of swapping.
 *
 * Pairing heap: insert links the new node with the root (O(1)); delete-min
 * merges the root's children pairwise left to right, then right to left
 * (the standard two-pass rule, O(log n) amortised).
 */
#include "evq.h"

#include <stdlib.h>

#define PAIR_BLOCK 4096

void vsi_evq_init(vsi_evq *q, vsi_evq_kind kind)
{
    *q = (vsi_evq){.kind = kind};
}

void vsi_evq_free(vsi_evq *q)
{
    free(q->a);
    for (size_t i = 0; i < q->nblocks; i++)
        free(q->blocks[i]);
    free(q->blocks);
    *q = (vsi_evq){.kind = q->kind};
}

size_t vsi_evq_bytes(const vsi_evq *q)
{
    return q->cap * sizeof(vsi_ev) + q->nblocks * PAIR_BLOCK * sizeof(vsi_pnode) +
           q->capblocks * sizeof(vsi_pnode *);
}

/* ---- 4-ary heap ----------------------------------------------------------- */
static int heap_push(vsi_evq *q, const vsi_ev *e)
{
    if (q->n == q->cap) {
        size_t nc = q->cap ? 2 * q->cap : 256;
        vsi_ev *na = realloc(q->a, nc * sizeof *na);
        if (!na)
            return -1;
        q->a = na;
        q->cap = nc;
    }
    size_t i = q->n++;
    vsi_ev *a = q->a;
    while (i > 0) {
        size_t p = (i - 1) >> 2;
        if (!vsi_ev_less(e, &a[p]))
            break;
        a[i] = a[p];
        i = p;
    }
    a[i] = *e;
    return 0;
}

/* Index of the smaller of a[i] and a[j], without a data-dependent branch
 * (the time comparison is unpredictable; a conditional move is not). */
static inline size_t min_idx(const vsi_ev *a, size_t i, size_t j)
{
    size_t lt = (size_t)vsi_ev_less(&a[j], &a[i]);
    return i + lt * (j - i);
}

/* Delete-min "bottom-up" (Wegener): move the hole from the root down to a
 * leaf along the smallest children, then drop the last element into the
 * hole and sift it up.  The last element usually belongs near the bottom,
 * so this saves the comparison with it at every level. */
static void heap_pop(vsi_evq *q, vsi_ev *out)
{
    vsi_ev *a = q->a;
    *out = a[0];
    size_t n = --q->n;
    if (n == 0)
        return;
    vsi_ev last = a[n];
    size_t i = 0;
    for (;;) {
        size_t c = 4 * i + 1;
        if (c + 3 < n) {
            size_t m1 = min_idx(a, c, c + 1), m2 = min_idx(a, c + 2, c + 3);
            size_t m = min_idx(a, m1, m2);
            a[i] = a[m];
            i = m;
        } else {
            if (c >= n)
                break;
            size_t m = c;
            for (size_t k = c + 1; k < n; k++)
                m = min_idx(a, m, k);
            a[i] = a[m];
            i = m;
        }
    }
    while (i > 0) {
        size_t p = (i - 1) >> 2;
        if (!vsi_ev_less(&last, &a[p]))
            break;
        a[i] = a[p];
        i = p;
    }
    a[i] = last;
}

/* ---- pairing heap ----------------------------------------------------------- */
static vsi_pnode *pair_link(vsi_pnode *x, vsi_pnode *y)
{
    if (vsi_ev_less(&y->ev, &x->ev)) {
        vsi_pnode *t = x;
        x = y;
        y = t;
    }
    y->sibling = x->child;
    x->child = y;
    return x;
}

static int pair_push(vsi_evq *q, const vsi_ev *e)
{
    if (!q->free) {
        if (q->nblocks == q->capblocks) {
            size_t nc = q->capblocks ? 2 * q->capblocks : 16;
            vsi_pnode **nb = realloc(q->blocks, nc * sizeof *nb);
            if (!nb)
                return -1;
            q->blocks = nb;
            q->capblocks = nc;
        }
        vsi_pnode *b = malloc(PAIR_BLOCK * sizeof *b);
        if (!b)
            return -1;
        q->blocks[q->nblocks++] = b;
        for (size_t i = 0; i < PAIR_BLOCK; i++) {
            b[i].sibling = q->free;
            q->free = &b[i];
        }
    }
    vsi_pnode *x = q->free;
    q->free = x->sibling;
    x->ev = *e;
    x->child = x->sibling = NULL;
    q->root = q->root ? pair_link(q->root, x) : x;
    q->n++;
    return 0;
}

static int pair_pop(vsi_evq *q, vsi_ev *out)
{
    vsi_pnode *r = q->root;
    *out = r->ev;
    /* First pass: link children in pairs left to right, pushing each result
     * on a stack threaded through the sibling pointers (no allocation). */
    vsi_pnode *stack = NULL;
    for (vsi_pnode *c = r->child; c;) {
        vsi_pnode *a = c, *b = c->sibling;
        c = b ? b->sibling : NULL;
        if (b)
            a = pair_link(a, b);
        a->sibling = stack;
        stack = a;
    }
    /* Second pass: merge the stack right to left into one tree. */
    vsi_pnode *root = stack;
    if (root) {
        stack = root->sibling;
        root->sibling = NULL;
        while (stack) {
            vsi_pnode *a = stack;
            stack = a->sibling;
            a->sibling = NULL;
            root = pair_link(a, root);
        }
    }
    q->root = root;
    r->sibling = q->free;
    q->free = r;
    q->n--;
    return 0;
}

int vsi_evq_push(vsi_evq *q, double t, void *p, uint32_t kind, uint32_t a)
{
    vsi_ev e = {t, q->next_seq, p, kind, a};
    int rc = q->kind == VSI_EVQ_HEAP4 ? heap_push(q, &e) : pair_push(q, &e);
    if (rc == 0)
        q->next_seq++;
    return rc;
}

int vsi_evq_pop(vsi_evq *q, vsi_ev *out)
{
    if (q->n == 0)
        return -1;
    if (q->kind == VSI_EVQ_HEAP4) {
        heap_pop(q, out);
        return 0;
    }
    return pair_pop(q, out);
}
