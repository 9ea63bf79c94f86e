/*
 * test_interrupt.c: cooperative interruption (vs_ctx_set_interrupt): the
 * context API, the replication loop and its worker contexts, and the
 * simulation kernel's event loop.  A test that hangs here is a loop that does
 * not poll (ctest's timeout fails it); nothing is timed.
 */
#include <signal.h>

#include "vardsim/sim.h"
#include "vt.h"

static void test_ctx(void)
{
    vs_ctx *ctx;
    VT_EQ_INT(vs_ctx_create(&ctx), VS_OK);
    VT_CHECK(!vs_ctx_interrupted(ctx));
    VT_CHECK(vs_ctx_interrupt_flag(ctx) == NULL);
    volatile sig_atomic_t flag = 0;
    vs_ctx_set_interrupt(ctx, &flag);
    VT_CHECK(vs_ctx_interrupt_flag(ctx) == &flag);
    VT_CHECK(!vs_ctx_interrupted(ctx));
    VT_EQ_INT(vs_ctx_check_interrupt(ctx), VS_OK);
    flag = 2; /* SIGINT */
    VT_CHECK(vs_ctx_interrupted(ctx));
    VT_EQ_INT(vs_ctx_check_interrupt(ctx), VS_EINTERRUPTED);
    VT_EQ_STR(vs_ctx_message(ctx), "interrupted");
    VT_EQ_INT(vs_ctx_status(ctx), VS_EINTERRUPTED);
    VT_EQ_INT(vs_status_exit_code(VS_EINTERRUPTED), 130);
    VT_EQ_STR(vs_status_name(VS_EINTERRUPTED), "interrupted");
    vs_ctx_set_interrupt(ctx, NULL);
    VT_CHECK(!vs_ctx_interrupted(ctx));
    VT_CHECK(!vs_ctx_interrupted(NULL));
    vs_ctx_destroy(ctx);
}

typedef struct job {
    volatile sig_atomic_t *flag;
    int set_at;         /* replication that sets the flag */
    int long_run;       /* 1: then run a simulation that would take hours */
} job;

/* A replication: sets the flag when it is replication set_at, then (long_run)
 * simulates 10^12 patients on its worker context, which must stop. */
static vs_status rep(vs_ctx *ctx, int r, void *result, void *user)
{
    job *j = user;
    *(int *)result = 1;
    if (r != j->set_at)
        return VS_OK;
    *j->flag = 15; /* SIGTERM */
    if (!j->long_run)
        return VS_OK;
    vs_mmc_spec s = {.servers = 50, .arrival_rate = 42.5, .service_rate = 1.0,
                     .capacity = -1, .patients = 1000000000000L, .warmup_days = 0,
                     .seed = 7, .replications = 1, .threads = 1};
    vs_mmc_result out;
    return vs_sim_mmc(ctx, &s, &out);
}

static void test_replicate(int threads, int long_run)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    volatile sig_atomic_t flag = 0;
    vs_ctx_set_interrupt(ctx, &flag);
    job j = {&flag, 2, long_run};
    int done[64] = {0};
    VT_EQ_INT(vs_sim_replicate(ctx, 64, threads, rep, &j, done, sizeof done[0]),
              VS_EINTERRUPTED);
    int n = 0;
    for (int r = 0; r < 64; r++)
        n += done[r];
    VT_CHECK(n >= 3); /* 0, 1 and 2 ran */
    if (threads == 1)
        VT_EQ_INT(n, 3); /* no new replication starts after the flag */
    VT_EQ_STR(vs_ctx_message(ctx), "interrupted");
    /* already set: nothing runs */
    for (int r = 0; r < 64; r++)
        done[r] = 0;
    VT_EQ_INT(vs_sim_replicate(ctx, 64, threads, rep, &j, done, sizeof done[0]),
              VS_EINTERRUPTED);
    n = 0;
    for (int r = 0; r < 64; r++)
        n += done[r];
    VT_EQ_INT(n, 0);
    /* cleared: runs to the end */
    flag = 0;
    j.set_at = -1;
    VT_EQ_INT(vs_sim_replicate(ctx, 64, threads, rep, &j, done, sizeof done[0]), VS_OK);
    vs_ctx_destroy(ctx);
}

/* The kernel alone: an interrupted vs_sim_mmc on the caller's context. */
static void test_kernel(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    volatile sig_atomic_t flag = 2;
    vs_ctx_set_interrupt(ctx, &flag);
    vs_mmc_spec s = {.servers = 5, .arrival_rate = 4.5, .service_rate = 1.0, .capacity = -1,
                     .patients = 1000000000000L, .warmup_days = 0, .seed = 3,
                     .replications = 2, .threads = 1};
    vs_mmc_result out;
    VT_EQ_INT(vs_sim_mmc(ctx, &s, &out), VS_EINTERRUPTED);
    vs_ctx_destroy(ctx);
}

int main(void)
{
    test_ctx();
    test_replicate(1, 0);
    test_replicate(3, 0);
    test_replicate(1, 1);
    test_replicate(2, 1);
    test_kernel();
    return vt_done();
}
