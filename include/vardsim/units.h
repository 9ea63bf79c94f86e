/*
 * vardsim/units.h: work units, the independent pieces of a command.
 *
 * A command's independent work (the replications of a flow simulation, the
 * Monte Carlo runs of a forecast, the points of a sweep) is a phase of n
 * units.  Unit u writes its result record, `size` bytes, into
 * results + u * size, and nothing else; it chooses its random streams from u
 * alone.  Whatever process or thread computes a unit, the records are the
 * same bytes, and anything aggregated from them in unit order is the same
 * for any number of threads, MPI ranks or batch tasks.
 *
 * By default vs_units_run computes every unit on the calling process's
 * threads (vs_sim_replicate).  A backend installed on the context
 * (vs_ctx_set_units_backend) decides instead: an MPI backend computes the
 * ranks' shares and gathers every record to every rank; a batch-task backend
 * computes one task's share and saves it; a merge backend reads the records
 * the tasks saved.  The library itself has no MPI in it: the backends live
 * in the command-line tool (cli/), which is built with or without MPI.
 *
 * Only the context's own calls are phases: a unit runs on a worker context
 * without a backend, so a phase inside a unit (a sweep point's replications)
 * is computed locally.  The phases of one context are numbered 0, 1, ... in
 * the order they start (vs_units_phase.seq), the same in every process that
 * runs the same command on the same input.
 */
#ifndef VARDSIM_UNITS_H
#define VARDSIM_UNITS_H

#include "vardsim/core.h"
#include "vardsim/sim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called after units finish: done of total units of the phase, from the
 * thread that called vs_units_run. */
typedef void (*vs_units_progress_fn)(int done, int total, void *user);

/* One phase of work units. */
typedef struct vs_units_phase {
    const char *name;    /* what the units are: "flow", "forecast", "sweep" */
    int seq;             /* this phase's number among the context's phases
                            (set by vs_units_run) */
    int n;               /* units 0..n-1, n >= 1 */
    int threads;         /* threads this process may use, >= 1 */
    vs_replication_fn fn; /* computes unit u into results + u * size */
    void *user;          /* passed to fn; shared, read only */
    void *results;       /* n * size bytes */
    size_t size;         /* bytes of one unit's record */
    vs_units_progress_fn progress; /* may be NULL */
    void *progress_user;
} vs_units_phase;

/* Where a context's phases are computed.  run must leave the record of
 * every unit 0..n-1 in ph->results (computed here or elsewhere) and return
 * VS_OK, or fail with a message; the same status in every process that runs
 * the phase (an MPI backend agrees on it before gathering). */
typedef struct vs_units_backend {
    vs_status (*run)(vs_ctx *ctx, const vs_units_phase *ph, void *user);
    void *user;
} vs_units_backend;

/* Install a backend on ctx (NULL: compute locally, the default).  be must
 * outlive its use; the context keeps the pointer. */
VS_API void vs_ctx_set_units_backend(vs_ctx *ctx, const vs_units_backend *be);
VS_API const vs_units_backend *vs_ctx_units_backend(const vs_ctx *ctx);

/* Run a phase: numbers it (ph->seq is set from the context's count of
 * phases) and hands it to the context's backend, or computes every unit
 * locally with vs_units_compute.  Errors: VS_EUSAGE (n < 1, threads < 1, no
 * fn), the backend's, or as vs_units_compute. */
VS_API vs_status vs_units_run(vs_ctx *ctx, vs_units_phase *ph);

/* Compute units lo..hi-1 of ph in this process on ph->threads threads, in
 * chunks of ph->threads units with ph->progress after each chunk (the
 * chunking changes no record).  Errors: VS_EUSAGE (bad range), as
 * vs_sim_replicate (the lowest failing unit's status and message). */
VS_API vs_status vs_units_compute(vs_ctx *ctx, const vs_units_phase *ph, int lo, int hi);

/* The share of n units that task k of `tasks` owns: the contiguous block
 * [*lo, *hi), blocks in task order, sizes differing by at most one (the
 * first n % tasks tasks have one more).  0 <= k < tasks. */
VS_API void vs_units_share(int n, int k, int tasks, int *lo, int *hi);

#ifdef __cplusplus
}
#endif
#endif
