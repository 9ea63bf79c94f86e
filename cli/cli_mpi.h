/*
 * cli_mpi.h: the MPI build of the command, vardsim-mpi (cli/mpi.c, compiled only
 * with VS_MPI; docs/scaleout.md).
 *
 * Every rank runs the same command on the same input (SPMD).  Each work-unit
 * phase of a context (vardsim/units.h) is spread over the ranks: rank r
 * computes its block of the units, the ranks agree on the status, and every
 * rank receives every record, so that all of them continue identically.
 * Only rank 0 has side effects: the other ranks print nothing and write
 * their --out (and --html) into a private temporary directory that is
 * removed at the end.  Every rank returns the same exit status.
 *
 * In the plain build these are no-ops, so main.c and cli_ctx_create call
 * them unconditionally.
 */
#ifndef VARDSIM_CLI_MPI_H
#define VARDSIM_CLI_MPI_H

#include "vardsim/vardsim.h"

#ifdef VS_MPI
/* Initialise MPI (MPI_THREAD_FUNNELED: worker threads never call MPI) and,
 * on ranks > 0, silence stdout/stderr and point the output options of
 * the argument vector at the rank's private directory (argc and argv may be replaced).
 * Returns 0, or an exit status (MPI is then finalised; every rank returns
 * the same). */
int cli_mpi_begin(int *argc, char ***argv);
/* After the command returned rc: wait for every rank to finish (ranks still
 * inside a phase abandon it), agree on one exit status (the lowest rank's
 * that finished on its own), remove the private directory, finalise MPI.
 * Returns the agreed status. */
int cli_mpi_end(int rc);
/* Install the MPI work-unit backend on a context of the command. */
void cli_mpi_ctx(vs_ctx *ctx);
/* " (MPI build, N ranks)", for --version and --help. */
const char *cli_mpi_build(void);
#else
static inline int cli_mpi_begin(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}
static inline int cli_mpi_end(int rc) { return rc; }
static inline void cli_mpi_ctx(vs_ctx *ctx) { (void)ctx; }
static inline const char *cli_mpi_build(void) { return ""; }
#endif

#endif
