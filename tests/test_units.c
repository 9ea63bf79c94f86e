/*
 * test_units.c: work-unit phases (vardsim/units.h).
 *   share      the tasks' blocks cover 0..n-1 once, in order, sizes within one
 *   local      vs_units_run without a backend: every record, any threads
 *   backend    a backend sees the phase with its number; records it computes
 *              by shares equal the local ones; its failure is the run's
 *   nested     a unit's own phase runs locally (worker contexts have none)
 */
#include <string.h>

#include "vardsim/units.h"
#include "vt.h"

static void test_share(void)
{
    for (int n = 1; n <= 23; n++)
        for (int tasks = 1; tasks <= 9; tasks++) {
            int next = 0, lo, hi, small = n, big = 0;
            for (int k = 0; k < tasks; k++) {
                vs_units_share(n, k, tasks, &lo, &hi);
                VT_EQ_INT(lo, next);
                VT_CHECK(hi >= lo);
                small = hi - lo < small ? hi - lo : small;
                big = hi - lo > big ? hi - lo : big;
                next = hi;
            }
            VT_EQ_INT(next, n);
            VT_CHECK(big - small <= 1);
        }
}

static vs_status square(vs_ctx *ctx, int u, void *result, void *user)
{
    const int *fail = user;
    if (fail && u == *fail)
        return vs_ctx_fail(ctx, VS_ERUNTIME, "unit %d failed", u);
    double *r = result;
    r[0] = (double)u * u;
    r[1] = u + 0.5;
    return VS_OK;
}

static void test_local(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    for (int t = 1; t <= 4; t++) {
        double rec[2 * 11];
        memset(rec, 0xff, sizeof rec);
        vs_units_phase ph = {.name = "t", .n = 11, .threads = t, .fn = square,
                             .results = rec, .size = 2 * sizeof(double)};
        VT_EQ_INT(vs_units_run(ctx, &ph), VS_OK);
        VT_EQ_INT(ph.seq, t - 1); /* the context counts its phases */
        for (int u = 0; u < 11; u++) {
            VT_NEAR(rec[2 * u], (double)u * u, 0);
            VT_NEAR(rec[2 * u + 1], u + 0.5, 0);
        }
    }
    int fail = 7;
    double rec[2 * 11];
    vs_units_phase ph = {.name = "t", .n = 11, .threads = 3, .fn = square, .user = &fail,
                         .results = rec, .size = 2 * sizeof(double)};
    VT_EQ_INT(vs_units_run(ctx, &ph), VS_ERUNTIME);
    VT_CHECK(strstr(vs_ctx_message(ctx), "unit 7 failed") != NULL);
    ph.n = 0;
    VT_EQ_INT(vs_units_run(ctx, &ph), VS_EUSAGE);
    vs_ctx_destroy(ctx);
}

/* A backend that computes the phase as `tasks` shares, one after another,
 * as MPI ranks or batch tasks would, and records what it saw. */
typedef struct fake {
    int tasks, calls, last_seq, last_n;
    char last_name[16];
} fake;

static vs_status fake_run(vs_ctx *ctx, const vs_units_phase *ph, void *user)
{
    fake *f = user;
    f->calls++;
    f->last_seq = ph->seq;
    f->last_n = ph->n;
    snprintf(f->last_name, sizeof f->last_name, "%s", ph->name);
    for (int k = 0; k < f->tasks; k++) {
        int lo, hi;
        vs_units_share(ph->n, k, f->tasks, &lo, &hi);
        vs_status st = vs_units_compute(ctx, ph, lo, hi);
        if (st)
            return st;
    }
    return VS_OK;
}

typedef struct outer {
    int inner_ok;
} outer;

/* a unit that runs a phase of its own on its worker context */
static vs_status nested(vs_ctx *ctx, int u, void *result, void *user)
{
    double in[2 * 3];
    vs_units_phase ph = {.name = "inner", .n = 3, .threads = 1, .fn = square,
                         .results = in, .size = 2 * sizeof(double)};
    if (vs_ctx_units_backend(ctx) != NULL)
        return vs_ctx_fail(ctx, VS_ERUNTIME, "worker context has a backend");
    vs_status st = vs_units_run(ctx, &ph);
    double *r = result;
    r[0] = in[4] + u; /* 2 * 2 = 4 */
    return st;
}

static void test_backend(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    fake f = {.tasks = 3};
    vs_units_backend be = {fake_run, &f};
    vs_ctx_set_units_backend(ctx, &be);
    VT_CHECK(vs_ctx_units_backend(ctx) == &be);
    double a[2 * 10], b[2 * 10];
    vs_units_phase ph = {.name = "flow", .n = 10, .threads = 2, .fn = square,
                         .results = a, .size = 2 * sizeof(double)};
    VT_EQ_INT(vs_units_run(ctx, &ph), VS_OK);
    VT_EQ_INT(f.calls, 1);
    VT_EQ_INT(f.last_seq, 0);
    VT_EQ_INT(f.last_n, 10);
    VT_CHECK(strcmp(f.last_name, "flow") == 0);
    vs_ctx_set_units_backend(ctx, NULL);
    ph.results = b;
    VT_EQ_INT(vs_units_run(ctx, &ph), VS_OK);
    VT_EQ_INT(ph.seq, 1);
    VT_CHECK(memcmp(a, b, sizeof a) == 0);

    /* a failing unit fails the backend's phase with its message */
    vs_ctx_set_units_backend(ctx, &be);
    int fail = 5;
    ph.user = &fail;
    VT_EQ_INT(vs_units_run(ctx, &ph), VS_ERUNTIME);
    VT_CHECK(strstr(vs_ctx_message(ctx), "unit 5 failed") != NULL);

    /* nested phases run on the workers' contexts, locally */
    double c[10];
    vs_units_phase np = {.name = "sweep", .n = 10, .threads = 2, .fn = nested,
                         .results = c, .size = sizeof(double)};
    int calls = f.calls;
    VT_EQ_INT(vs_units_run(ctx, &np), VS_OK);
    VT_EQ_INT(f.calls, calls + 1);
    for (int u = 0; u < 10; u++)
        VT_NEAR(c[u], 4.0 + u, 0);
    vs_ctx_destroy(ctx);
}

int main(void)
{
    test_share();
    test_local();
    test_backend();
    return vt_done();
}
