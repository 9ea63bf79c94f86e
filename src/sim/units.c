/*
 * units.c: work-unit phases (vardsim/units.h).  Without a backend a phase is
 * computed here, in chunks of `threads` units through vs_sim_replicate (the
 * chunks exist for the progress callback and change no record).
 */
#include <stdint.h>

#include "core/ctx_int.h"
#include "vardsim/units.h"

typedef struct chunk {
    const vs_units_phase *ph;
    int base;
} chunk;

static vs_status chunk_fn(vs_ctx *ctx, int i, void *result, void *user)
{
    const chunk *c = user;
    return c->ph->fn(ctx, c->base + i, result, c->ph->user);
}

void vs_units_share(int n, int k, int tasks, int *lo, int *hi)
{
    int q = n / tasks, r = n % tasks;
    *lo = k * q + (k < r ? k : r);
    *hi = *lo + q + (k < r ? 1 : 0);
}

vs_status vs_units_compute(vs_ctx *ctx, const vs_units_phase *ph, int lo, int hi)
{
    if (!ph || !ph->fn || ph->threads < 1 || lo < 0 || hi > ph->n || lo > hi ||
        (!ph->results && ph->size))
        return vs_ctx_fail(ctx, VS_EUSAGE, "units: bad phase or range");
    int T = ph->threads;
    vs_status st = VS_OK;
    for (int base = lo; !st && base < hi; base += T) {
        int n = hi - base < T ? hi - base : T;
        chunk c = {ph, base};
        st = vs_sim_replicate(ctx, n, T < n ? T : n, chunk_fn, &c,
                              (unsigned char *)ph->results + (size_t)base * ph->size, ph->size);
        if (!st && ph->progress)
            ph->progress(base + n - lo, hi - lo, ph->progress_user);
    }
    return st;
}

vs_status vs_units_run(vs_ctx *ctx, vs_units_phase *ph)
{
    if (!ph || ph->n < 1 || ph->threads < 1 || !ph->fn || (!ph->results && ph->size))
        return vs_ctx_fail(ctx, VS_EUSAGE, "units: need n >= 1, threads >= 1 and fn");
    ph->seq = vsi_ctx_next_units_seq(ctx);
    const vs_units_backend *be = vs_ctx_units_backend(ctx);
    if (be && be->run)
        return be->run(ctx, ph, be->user);
    return vs_units_compute(ctx, ph, 0, ph->n);
}
