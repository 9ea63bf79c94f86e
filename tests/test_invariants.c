/*
 * Tests of the debug invariant checks (the kernel's assert()s, issue 12):
 * vsi_evq_check holds on both event lists through random pushes and pops,
 * with the 4-ary heap's root hole open or filled and an event in its side
 * slot, and it reports a broken heap order, a wrong pending count and a
 * sequence number from the future.  (The assert()s themselves run in every
 * Debug and sanitizer build of the whole suite.)
 */
#include <stdlib.h>
#include <string.h>

#include "sim/evq.h"
#include "vt.h"

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 11;
}

/* Random pushes and pops, checking the invariants after each. */
static void random_ops(vsi_evq_kind kind)
{
    vsi_evq q;
    vsi_evq_init(&q, kind);
    VT_CHECK(vsi_evq_check(&q));
    uint64_t s = 42;
    double now = 0;
    int bad = 0;
    for (int i = 0; i < 20000; i++) {
        if (q.n > 0 && lcg(&s) % 3 == 0) {
            vsi_ev e;
            VT_EQ_INT(vsi_evq_pop(&q, &e), 0);
            VT_CHECK(e.t >= now);
            now = e.t;
        } else {
            VT_EQ_INT(vsi_evq_push(&q, now + (double)(lcg(&s) % 1000) / 10.0, NULL, 0, 0), 0);
        }
        bad += !vsi_evq_check(&q);
    }
    VT_EQ_INT(bad, 0);
    vsi_evq_free(&q);
}

/* A heap with events in it, the root hole filled. */
static void filled(vsi_evq *q, vsi_evq_kind kind)
{
    vsi_evq_init(q, kind);
    for (int i = 0; i < 50; i++)
        VT_EQ_INT(vsi_evq_push(q, (double)((i * 37) % 50), NULL, 0, 0), 0);
    (void)vsi_evq_peek_time(q); /* fills a hole, if any */
    VT_CHECK(vsi_evq_check(q));
}

static void detects_heap4(void)
{
    vsi_evq q;
    filled(&q, VSI_EVQ_HEAP4);
    VT_CHECK(q.hn > 5);
    vsi_hkey k = q.key[q.hn - 1];
    q.key[q.hn - 1] = vsi_hkey_make(-1.0, 0); /* a leaf earlier than the root */
    VT_CHECK(!vsi_evq_check(&q));
    q.key[q.hn - 1] = k;
    VT_CHECK(vsi_evq_check(&q));
    q.n++; /* a pending count that does not add up */
    VT_CHECK(!vsi_evq_check(&q));
    q.n--;
    q.key[q.hn - 1].s = q.next_seq; /* a sequence number not yet given out */
    VT_CHECK(!vsi_evq_check(&q));
    q.key[q.hn - 1] = k;
    vsi_evq_free(&q);
}

static void detects_pairing(void)
{
    vsi_evq q;
    filled(&q, VSI_EVQ_PAIRING);
    VT_CHECK(q.root && q.root->child);
    double t = q.root->child->ev.t;
    q.root->child->ev.t = -1.0; /* a child earlier than its parent */
    VT_CHECK(!vsi_evq_check(&q));
    q.root->child->ev.t = t;
    VT_CHECK(vsi_evq_check(&q));
    q.n--;
    VT_CHECK(!vsi_evq_check(&q));
    q.n++;
    vsi_evq_free(&q);
}

int main(void)
{
    random_ops(VSI_EVQ_HEAP4);
    random_ops(VSI_EVQ_PAIRING);
    detects_heap4();
    detects_pairing();
    return vt_done();
}
