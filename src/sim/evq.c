/*
 * evq.c: the pending-event set: an implicit 4-ary heap (hot paths inline in
 * evq.h) and a pairing heap.
 *
 * 4-ary heap: children of i are 4i+1..4i+4, parent (i-1)/4.  Compared with a
 * binary heap it halves the depth, and the keys of the four children share
 * one cache line (16-byte keys, the key array offset so that index 1 starts
 * a line), which makes delete-min cheaper; sifting moves a hole instead of
 * swapping, and delete-min is lazy (see evq.h).
 *
 * Pairing heap: insert links the new node with the root (O(1)); delete-min
 * merges the root's children pairwise left to right, then right to left
 * (the standard two-pass rule, O(log n) amortised).
 */
#include "evq.h"

#include <stdlib.h>

#define PAIR_BLOCK 4096
#define KEY_OFFSET 3 /* key[1] starts a 64-byte line: 3 keys of 16 bytes before it */

void vsi_evq_init(vsi_evq *q, vsi_evq_kind kind)
{
    *q = (vsi_evq){.kind = kind, .side_key = VSI_HKEY_NONE, .none = VSI_HKEY_NONE};
    q->key = &q->none; /* the empty heap's root reads as the sentinel */
}

void vsi_evq_free(vsi_evq *q)
{
    free(q->key_block);
    free(q->pay);
    for (size_t i = 0; i < q->nblocks; i++)
        free(q->blocks[i]);
    free(q->blocks);
    vsi_evq_init(q, q->kind);
}

size_t vsi_evq_bytes(const vsi_evq *q)
{
    return q->cap * (sizeof(vsi_hkey) + sizeof(vsi_hpay)) +
           q->nblocks * PAIR_BLOCK * sizeof(vsi_pnode) + q->capblocks * sizeof(vsi_pnode *);
}

/* ---- invariants (debug) ------------------------------------------------------ */
static int same_key(vsi_hkey a, vsi_hkey b) { return a.k == b.k && a.s == b.s; }

static int heap4_check(const vsi_evq *q)
{
    size_t lo = q->hole ? 1 : 0, hi = q->hole ? q->hn + 1 : q->hn; /* events in [lo, hi) */
    if (hi > (q->cap ? q->cap : 1))
        return 0;
    if (!q->hole && q->hn == 0 && !same_key(q->key[0], VSI_HKEY_NONE))
        return 0;
    for (size_t i = lo; i < hi; i++) {
        if (q->key[i].s >= q->next_seq)
            return 0;
        /* a child never sorts before its parent (slot 0 may be the hole) */
        if (i > 0 && (i - 1) / 4 >= lo && vsi_hkey_less(q->key[i], q->key[(i - 1) / 4]))
            return 0;
        /* with a hole at the root, its four children have no parent to check */
    }
    int side = !vsi_evq_side_free(q);
    if (side && q->side_key.s >= q->next_seq)
        return 0;
    return q->n == q->hn + (size_t)side;
}

/* Nodes of the pairing (sub)heap at x, checking heap order; -1 when broken.
 * Walks siblings iteratively and recurses into children (depth is the
 * heap's, O(log n) amortised, small in the debug runs that use it). */
static long pair_count(const vsi_pnode *x, uint64_t next_seq)
{
    long n = 0;
    for (; x; x = x->sibling) {
        if (x->ev.seq >= next_seq)
            return -1;
        for (const vsi_pnode *c = x->child; c; c = c->sibling)
            if (vsi_ev_less(&c->ev, &x->ev))
                return -1;
        long k = pair_count(x->child, next_seq);
        if (k < 0)
            return -1;
        n += 1 + k;
    }
    return n;
}

int vsi_evq_check(const vsi_evq *q)
{
    if (q->kind == VSI_EVQ_HEAP4)
        return heap4_check(q);
    if (q->root && q->root->sibling)
        return 0;
    long n = pair_count(q->root, q->next_seq);
    return n >= 0 && (size_t)n == q->n;
}

/* ---- 4-ary heap ----------------------------------------------------------- */
int vsi_evq_heap_grow(vsi_evq *q)
{
    size_t nc = q->cap ? 2 * q->cap : 256;
    size_t bytes = (nc + KEY_OFFSET) * sizeof(vsi_hkey);
    bytes = (bytes + 63) & ~(size_t)63; /* aligned_alloc wants a multiple of 64 */
    void *kb = aligned_alloc(64, bytes);
    if (!kb)
        return -1;
    vsi_hpay *np = realloc(q->pay, nc * sizeof *np);
    if (!np) {
        free(kb);
        return -1;
    }
    q->pay = np;
    vsi_hkey *nk = (vsi_hkey *)kb + KEY_OFFSET;
    size_t used = q->hn + q->hole;
    if (q->cap && used)
        memcpy(nk, q->key, used * sizeof *nk);
    free(q->key_block);
    q->key_block = kb;
    q->key = nk;
    q->cap = nc;
    return 0;
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

int vsi_evq_pair_push(vsi_evq *q, const vsi_ev *e)
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

void vsi_evq_pair_pop(vsi_evq *q, vsi_ev *out)
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
}
