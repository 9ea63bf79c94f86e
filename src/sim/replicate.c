/*
 * replicate.c: replications on worker threads, results in replication slots.
 *
 * Workers take replication numbers from a shared counter; which thread runs
 * replication r does not matter, because r alone chooses its random streams
 * and its output slot.  Each worker has its own vs_ctx.  Failures are kept per
 * replication and the lowest-numbered one is reported, so even the error is
 * the same for any number of threads.  An interruption (vs_ctx_set_interrupt)
 * reaches the workers' contexts; no new replication starts, and the whole call
 * fails with VS_EINTERRUPTED.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "vardsim/sim.h"

typedef struct job {
    int n;
    atomic_int next;
    vs_replication_fn fn;
    void *user;
    unsigned char *results;
    size_t size;
    vs_status *status; /* per replication */
    char **message;    /* per replication, on failure */
    const volatile sig_atomic_t *interrupt; /* the caller's (vs_ctx_set_interrupt) */
} job;

static void run_one(job *j, vs_ctx *wctx, int r)
{
    void *slot = j->results + (size_t)r * j->size;
    memset(slot, 0, j->size);
    vs_ctx_clear(wctx);
    vs_status st = j->fn(wctx, r, slot, j->user);
    j->status[r] = st;
    if (st) {
        /* a model that failed without a message (the flow model records a
         * failed allocation only as a status) is described by its status */
        const char *m = vs_ctx_message(wctx);
        if (!m || !*m)
            m = vs_status_name(st);
        size_t len = strlen(m) + 1;
        j->message[r] = malloc(len);
        if (j->message[r])
            memcpy(j->message[r], m, len);
    }
}

static void *worker(void *arg)
{
    job *j = arg;
    vs_ctx *wctx;
    if (vs_ctx_create(&wctx))
        return (void *)1; /* the main thread marks unrun replications */
    vs_ctx_set_interrupt(wctx, j->interrupt);
    for (;;) {
        int r = atomic_fetch_add(&j->next, 1);
        if (r >= j->n || vs_ctx_interrupted(wctx))
            break;
        run_one(j, wctx, r);
    }
    vs_ctx_destroy(wctx);
    return NULL;
}

vs_status vs_sim_replicate(vs_ctx *ctx, int n, int threads, vs_replication_fn fn, void *user,
                           void *results, size_t result_size)
{
    if (n < 1 || threads < 1 || !fn || (!results && result_size))
        return vs_ctx_fail(ctx, VS_EUSAGE, "replicate: need n >= 1, threads >= 1 and fn");
    job j = {.n = n,
             .fn = fn,
             .user = user,
             .results = results,
             .size = result_size,
             .interrupt = vs_ctx_interrupt_flag(ctx)};
    atomic_init(&j.next, 0);
    j.status = malloc((size_t)n * sizeof *j.status);
    j.message = calloc((size_t)n, sizeof *j.message);
    if (!j.status || !j.message) {
        free(j.status);
        free(j.message);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    for (int r = 0; r < n; r++)
        j.status[r] = VS_ERUNTIME;
    if (threads > n)
        threads = n;
    vs_status st = VS_OK;
    if (threads == 1) {
        vs_ctx *wctx;
        if (vs_ctx_create(&wctx)) {
            st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        } else {
            vs_ctx_set_interrupt(wctx, j.interrupt);
            for (int r = 0; r < n && !vs_ctx_interrupted(wctx); r++)
                run_one(&j, wctx, r);
            vs_ctx_destroy(wctx);
        }
    } else {
        pthread_t *tid = malloc((size_t)threads * sizeof *tid);
        int started = 0;
        if (!tid) {
            st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        } else {
            for (; started < threads; started++)
                if (pthread_create(&tid[started], NULL, worker, &j))
                    break;
            if (started == 0)
                st = vs_ctx_fail(ctx, VS_ERUNTIME, "cannot create worker threads");
            for (int t = 0; t < started; t++)
                pthread_join(tid[t], NULL);
            free(tid);
        }
    }
    if (!st)
        st = vs_ctx_check_interrupt(ctx); /* replications stopped or never run */
    if (!st) {
        for (int r = 0; r < n; r++)
            if (j.status[r]) {
                st = vs_ctx_fail(ctx, j.status[r], "replication %d: %s", r,
                                 j.message[r] ? j.message[r] : "did not run");
                break;
            }
    }
    for (int r = 0; r < n; r++)
        free(j.message[r]);
    free(j.message);
    free(j.status);
    return st;
}
