/*
 * Event-list tests beyond test_sim.c: the 4-ary heap's integer key encoding
 * (negative times, -0.0 against +0.0, infinity), its lazy delete-min (a pop
 * leaves a hole at the root that the next push or peek fills), growth (an
 * open hole always leaves room, so a push never grows the heap then) and
 * emptying with a hole open.  Both lists are checked against a brute-force order:
 * the smallest time by double comparison (so -0.0 == +0.0), then the
 * earliest insertion; each popped event must return the exact bits of the
 * time that was pushed (a -0.0 comes back as +0.0), and its sequence number
 * and payload.
 */
#include <stdlib.h>
#include <string.h>

#include "sim/evq.h"
#include "vt.h"

typedef struct ref_ev {
    double t;
    uint64_t seq;
    uint32_t id;
} ref_ev;

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 11;
}

static int same_bits(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

/* Times from a small set with heavy ties, both zeros, negatives and +inf. */
static double pick_time(uint64_t *s)
{
    static const double grid[] = {-3.5, -1.0, -0.25, -0.0, 0.0, 1e-300, 0.25,
                                  1.0,  2.5,  1e300, INFINITY, -1e-300, 7.0};
    uint64_t r = lcg(s);
    if (r % 4 == 0) /* a non-grid value now and then */
        return ((double)(r >> 8 & 0xffff) - 32768.0) / 64.0;
    return grid[(r >> 8) % (sizeof grid / sizeof grid[0])];
}

static void run(vsi_evq_kind kind, uint64_t seed, int steps, int max_pending)
{
    vsi_evq q;
    vsi_evq_init(&q, kind);
    ref_ev *pend = malloc((size_t)max_pending * sizeof *pend);
    int np = 0, ok_order = 1, ok_bits = 1, ok_n = 1, ok_peek = 1;
    uint64_t s = seed, next_seq = 0;
    uint32_t next_id = 0;
    for (int step = 0; step < steps; step++) {
        uint64_t r = lcg(&s) % 100;
        /* phases of growth and of shrinking, so the heap reallocates and
         * empties with a hole open */
        int grow = (step / 5000) % 2 == 0;
        int op = np == 0 ? 0 : np >= max_pending ? 1 : (r < (grow ? 60u : 35u)) ? 0 : 1;
        if (op == 0) {
            double t = pick_time(&s);
            VT_CHECK(vsi_evq_push(&q, t, &pend[0], 7, next_id) == 0);
            pend[np++] = (ref_ev){t, next_seq++, next_id++};
        } else {
            int m = 0;
            for (int i = 1; i < np; i++)
                if (pend[i].t < pend[m].t || (pend[i].t == pend[m].t && pend[i].seq < pend[m].seq))
                    m = i;
            if (r % 3 == 0) { /* peek first (fills the hole) */
                double pt = vsi_evq_peek_time(&q);
                if (!same_bits(pt, pend[m].t + 0.0))
                    ok_peek = 0;
            }
            vsi_ev e;
            if (r % 5 == 0) {
                /* pop-until with a bound just below the minimum refuses */
                double below = nextafter(pend[m].t, -INFINITY);
                if (vsi_evq_pop_until(&q, below, &e) != 0)
                    ok_order = 0;
                if (vsi_evq_pop_until(&q, pend[m].t, &e) != 1)
                    ok_order = 0;
            } else {
                VT_CHECK(vsi_evq_pop(&q, &e) == 0);
            }
            if (e.a != pend[m].id || e.seq != pend[m].seq)
                ok_order = 0;
            if (!same_bits(e.t, pend[m].t + 0.0) || e.kind != 7 || e.p != &pend[0])
                ok_bits = 0;
            pend[m] = pend[--np];
        }
        if (q.n != (size_t)np)
            ok_n = 0;
    }
    /* drain */
    while (np > 0) {
        int m = 0;
        for (int i = 1; i < np; i++)
            if (pend[i].t < pend[m].t || (pend[i].t == pend[m].t && pend[i].seq < pend[m].seq))
                m = i;
        vsi_ev e;
        VT_CHECK(vsi_evq_pop(&q, &e) == 0);
        if (e.a != pend[m].id || !same_bits(e.t, pend[m].t + 0.0))
            ok_order = 0;
        pend[m] = pend[--np];
    }
    vsi_ev e;
    VT_CHECK(vsi_evq_pop(&q, &e) == -1);
    VT_CHECK(vsi_evq_pop_until(&q, INFINITY, &e) == 0);
    VT_CHECK(q.n == 0);
    VT_CHECK(ok_order);
    VT_CHECK(ok_bits);
    VT_CHECK(ok_n);
    VT_CHECK(ok_peek);
    free(pend);
    vsi_evq_free(&q);
}

/* The key encoding alone: order and round trip on awkward doubles. */
static void test_keys(void)
{
    const double v[] = {-INFINITY, -1e308, -2.0, -1.0, -1e-310, -0.0, 0.0, 1e-310,
                        5e-324,    1.0,    2.0,  1e308, INFINITY};
    int n = (int)(sizeof v / sizeof v[0]), ok = 1;
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            vsi_hkey a = vsi_hkey_make(v[i], 10), b = vsi_hkey_make(v[j], 11);
            /* (time, seq) order: a before b iff a.t < b.t or equal times */
            int expect = v[i] < v[j] || v[i] == v[j];
            if (vsi_hkey_less(a, b) != expect)
                ok = 0;
        }
        vsi_hkey k = vsi_hkey_make(v[i], 123456789);
        if (!same_bits(vsi_hkey_time(k), v[i] + 0.0) || k.s != 123456789)
            ok = 0;
    }
    VT_CHECK(ok);
}

int main(void)
{
    test_keys();
    for (int kind = 0; kind < 2; kind++) {
        run(kind ? VSI_EVQ_PAIRING : VSI_EVQ_HEAP4, 11, 40000, 3000);
        run(kind ? VSI_EVQ_PAIRING : VSI_EVQ_HEAP4, 12, 20000, 5); /* tiny heaps */
    }
    return vt_done();
}
