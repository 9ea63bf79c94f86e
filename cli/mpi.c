/*
 * mpi.c: the MPI work-unit backend of vardsim-mpi (cli/cli_mpi.h, docs/scaleout.md).
 *
 * SPMD: every rank runs the same command on the same input, so every rank
 * reaches the same work-unit phases in the same order (vardsim/units.h).  For
 * a phase of n units, rank r computes the contiguous block
 * vs_units_share(n, r, size) on its own threads (vs_units_compute), the ranks
 * agree on the status (the lowest failing rank's status and message: blocks
 * are in rank order, so that is the lowest failing unit's, as in one
 * process), and MPI_Allgatherv hands every record to every rank.  A record
 * depends on its unit alone, and every aggregate is taken in unit order from
 * the full set of records, so every rank holds the bytes one process would
 * have computed, and the output is identical for any number of ranks.
 *
 * Only rank 0 has side effects.  The other ranks send stdout and stderr to
 * /dev/null, and their output options (--out DIR, --html FILE; for run, which
 * has a default directory, an --out is added) point into a private directory
 * made with mkdtemp under $TMPDIR and removed at the end.
 *
 * No rank may wait forever in a collective that another rank never reaches
 * (a rank that fails on input of its own, such as an existing --out, while the
 * others go on into a phase).  So every phase starts with a meeting, and the
 * end of the command is a meeting too, of the same shape: when some rank has
 * finished and others are entering a phase, those abandon the phase (and so
 * finish, too) while the finished ranks meet again, until all have finished.
 * The exit status is then the one of the lowest rank that finished on its
 * own (not by abandoning a phase), the same on every rank.
 *
 * MPI is called only from the thread that runs the command (phases are
 * started there; units run on worker threads that never call MPI), hence
 * MPI_THREAD_FUNNELED.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cli_mpi.h"

/* A status and message one rank tells the others. */
typedef struct verdict {
    int status;     /* vs_status, or an exit code at start-up */
    char msg[1024]; /* one line */
} verdict;

/* What a meeting collects (MPI_MAX of each slot over the ranks). */
enum {
    MEET_ENDED,    /* some rank has finished its command */
    MEET_INPHASE,  /* some rank is starting a phase */
    MEET_SEQ,      /* largest phase number; MEET_SEQ + 1 holds -smallest */
    MEET_N = 4,    /* largest unit count; MEET_N + 1 holds -smallest */
    MEET_SIZE = 6, /* largest record size; MEET_SIZE + 1 holds -smallest */
    MEET_SLOTS = 8
};

/* The process's MPI state: one command runs per process (as the signal flag
 * of cli/signals.c and the progress state of cli/progress.c). */
static struct {
    int rank, size;
    int abandoned;       /* this rank left a phase because another had finished */
    int log;             /* VARDSIM_MPI_LOG on rank 0: report each phase */
    char priv[4096];     /* ranks > 0: the private directory ("" when none) */
    char out[4200];      /* priv/out: the replaced --out value */
    char out_eq[4300];   /* --out=priv/out */
    char html[4200];     /* priv/out.html: the replaced --html value */
    char html_eq[4300];  /* --html=priv/out.html */
    char **argv;         /* the rewritten argument vector (ranks > 0) */
    char build[96];      /* cli_mpi_build's text */
    vs_units_backend be; /* installed on every context of the command */
} M;

/* Seconds on a clock: CLOCK_MONOTONIC (wall) or CLOCK_PROCESS_CPUTIME_ID
 * (the CPU time of all the process's threads, which a loaded machine does
 * not inflate the way it inflates wall time). */
static double seconds(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* The lowest rank with `failed` set tells every rank its verdict *v.
 * Returns that rank, or M.size when no rank failed (then *v is unchanged). */
static int agree(int failed, verdict *v)
{
    int mine = failed ? M.rank : M.size, first;
    MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (first < M.size)
        MPI_Bcast(v, (int)sizeof *v, MPI_BYTE, first, MPI_COMM_WORLD);
    return first;
}

/* One meeting of every rank, as a phase starts (ph) or at the end (NULL). */
static void meet(const vs_units_phase *ph, int out[MEET_SLOTS])
{
    int in[MEET_SLOTS];
    for (int i = 0; i < MEET_SLOTS; i++)
        in[i] = INT_MIN;
    in[MEET_ENDED] = ph == NULL;
    in[MEET_INPHASE] = ph != NULL;
    if (ph) {
        int size = ph->size <= (size_t)INT_MAX ? (int)ph->size : -1;
        in[MEET_SEQ] = ph->seq, in[MEET_SEQ + 1] = -ph->seq;
        in[MEET_N] = ph->n, in[MEET_N + 1] = -ph->n;
        in[MEET_SIZE] = size, in[MEET_SIZE + 1] = -size;
    }
    MPI_Allreduce(in, out, MEET_SLOTS, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
}

/* Every rank's records to every rank: rank k's block starts at unit
 * vs_units_share's lo and holds hi - lo records of ph->size bytes. */
static void gather(const vs_units_phase *ph, int *cnt, int *displ)
{
    for (int k = 0; k < M.size; k++) {
        int lo, hi;
        vs_units_share(ph->n, k, M.size, &lo, &hi);
        cnt[k] = hi - lo;
        displ[k] = lo;
    }
    if (!ph->size)
        return;
    MPI_Datatype rec;
    MPI_Type_contiguous((int)ph->size, MPI_BYTE, &rec);
    MPI_Type_commit(&rec);
    MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, ph->results, cnt, displ, rec,
                   MPI_COMM_WORLD);
    MPI_Type_free(&rec);
}

/* VARDSIM_MPI_LOG: rank 0 prints each rank's compute time for the phase,
 * wall and CPU seconds (bench/scale.sh and docs/scaleout.md take the
 * per-unit times from it). */
static void log_phase(const vs_units_phase *ph, double wall_s, double cpu_s, double total_s)
{
    double *all = M.rank == 0 ? calloc(2 * (size_t)M.size, sizeof *all) : NULL;
    double mine[2] = {wall_s, cpu_s};
    MPI_Gather(mine, 2, MPI_DOUBLE, all, 2, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    if (M.rank != 0 || !all)
        return;
    fprintf(stderr, "vardsim-mpi: phase %d %s: %d units of %zu bytes on %d ranks, %.3f s;"
                    " per rank (wall s, cpu s, units):", ph->seq, ph->name, ph->n, ph->size,
            M.size, total_s);
    for (int k = 0; k < M.size; k++) {
        int lo, hi;
        vs_units_share(ph->n, k, M.size, &lo, &hi);
        fprintf(stderr, "%s %.3f %.3f %d", k ? ";" : "", all[2 * k], all[2 * k + 1], hi - lo);
    }
    fputc('\n', stderr);
    free(all);
}

/* The backend (vs_units_backend.run): this rank's block, the agreed status,
 * then every record on every rank. */
static vs_status units_run(vs_ctx *ctx, const vs_units_phase *ph, void *user)
{
    (void)user;
    int m[MEET_SLOTS];
    double t0 = seconds(CLOCK_MONOTONIC);
    meet(ph, m);
    if (m[MEET_ENDED]) {
        M.abandoned = 1;
        return vs_ctx_fail(ctx, VS_EIO, "MPI: another rank finished before the %s phase; "
                                        "this rank abandons it", ph->name);
    }
    if (m[MEET_SEQ] != -m[MEET_SEQ + 1] || m[MEET_N] != -m[MEET_N + 1] ||
        m[MEET_SIZE] != -m[MEET_SIZE + 1])
        return vs_ctx_fail(ctx, VS_EIO, "MPI: the ranks reached different work-unit phases "
                                        "(%s, phase %d); every rank must run the same command "
                                        "on the same input", ph->name, ph->seq);
    if (m[MEET_SIZE] < 0)
        return vs_ctx_fail(ctx, VS_EUSAGE, "MPI: a %s record of %zu bytes is too large to "
                                           "send", ph->name, ph->size);
    int lo, hi;
    vs_units_share(ph->n, M.rank, M.size, &lo, &hi);
    int *cnt = malloc(2 * (size_t)M.size * sizeof *cnt);
    vs_status st = cnt ? VS_OK : vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    double t1 = seconds(CLOCK_MONOTONIC), c1 = seconds(CLOCK_PROCESS_CPUTIME_ID);
    if (!st && lo < hi)
        st = vs_units_compute(ctx, ph, lo, hi);
    double wall_s = seconds(CLOCK_MONOTONIC) - t1;
    double cpu_s = seconds(CLOCK_PROCESS_CPUTIME_ID) - c1;
    verdict v = {(int)st, ""};
    if (st)
        snprintf(v.msg, sizeof v.msg, "%s", vs_ctx_message(ctx));
    int first = agree(st != VS_OK, &v);
    if (first < M.size) {
        free(cnt);
        if (first != M.rank)
            vs_ctx_fail(ctx, (vs_status)v.status, "%s", v.msg);
        return (vs_status)v.status;
    }
    gather(ph, cnt, cnt + M.size);
    free(cnt);
    if (M.log)
        log_phase(ph, wall_s, cpu_s, seconds(CLOCK_MONOTONIC) - t0);
    if (ph->progress)
        ph->progress(ph->n, ph->n, ph->progress_user);
    return VS_OK;
}

void cli_mpi_ctx(vs_ctx *ctx) { vs_ctx_set_units_backend(ctx, &M.be); }

const char *cli_mpi_build(void) { return M.build; }

/* nftw callback: remove one entry of the private directory, deepest first. */
static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
    (void)sb, (void)flag, (void)f;
    remove(path);
    return 0;
}

/* Remove the private directory (only it: links are not followed). */
static void remove_private(void)
{
    if (M.priv[0])
        nftw(M.priv, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    M.priv[0] = 0;
}

/* Commands with a default output directory: given none, a rank > 0 gets an
 * --out in its private directory, lest it write the user's default. */
static const char *const default_out[] = {"run", NULL};

/* Point the output options of argv into a new private directory (ranks >
 * 0).  Returns 0, or 1 with the reason in *v. */
static int private_outputs(int *argc, char ***argv, verdict *v)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(M.priv, sizeof M.priv, "%s/vardsim-mpi-r%d-XXXXXX", tmp && *tmp ? tmp : "/tmp",
             M.rank);
    if (!mkdtemp(M.priv)) {
        snprintf(v->msg, sizeof v->msg, "cannot create a private directory %.900s: %s", M.priv,
                 strerror(errno));
        M.priv[0] = 0;
        return 1;
    }
    snprintf(M.out, sizeof M.out, "%s/out", M.priv);
    snprintf(M.out_eq, sizeof M.out_eq, "--out=%s", M.out);
    snprintf(M.html, sizeof M.html, "%s/out.html", M.priv);
    snprintf(M.html_eq, sizeof M.html_eq, "--html=%s", M.html);
    int n = *argc, k = 0, has_out = 0;
    M.argv = calloc((size_t)n + 3, sizeof *M.argv);
    if (!M.argv) {
        snprintf(v->msg, sizeof v->msg, "out of memory");
        return 1;
    }
    for (int i = 0; i < n; i++)
        M.argv[k++] = (*argv)[i];
    for (int i = 2; i < k && strcmp(M.argv[i], "--") != 0; i++) {
        if (!strcmp(M.argv[i], "--out") && i + 1 < k) {
            M.argv[++i] = M.out;
            has_out = 1;
        } else if (!strncmp(M.argv[i], "--out=", 6)) {
            M.argv[i] = M.out_eq;
            has_out = 1;
        } else if (!strcmp(M.argv[i], "--html") && i + 1 < k)
            M.argv[++i] = M.html;
        else if (!strncmp(M.argv[i], "--html=", 7))
            M.argv[i] = M.html_eq;
    }
    for (int c = 0; !has_out && n >= 2 && default_out[c]; c++)
        if (!strcmp(M.argv[1], default_out[c])) {
            /* right after the command word: before any "--" */
            memmove(M.argv + 4, M.argv + 2, (size_t)(k - 2) * sizeof *M.argv);
            M.argv[2] = "--out";
            M.argv[3] = M.out;
            k += 2;
        }
    M.argv[k] = NULL;
    *argc = k;
    *argv = M.argv;
    return 0;
}

/* Ranks > 0 print nothing: stdout and stderr go to /dev/null. */
static void silence(void)
{
    fflush(stdout);
    fflush(stderr);
    int fd = open("/dev/null", O_WRONLY);
    if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        close(fd);
    }
}

int cli_mpi_begin(int *argc, char ***argv)
{
    int provided = 0;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
        fprintf(stderr, "vardsim-mpi: MPI_Init_thread failed\n");
        return 1;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &M.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &M.size);
    snprintf(M.build, sizeof M.build, " (MPI build, %d rank%s)", M.size, M.size == 1 ? "" : "s");
    M.be.run = units_run;
    verdict v = {1, ""};
    int failed = 0;
    if (provided < MPI_THREAD_FUNNELED) {
        snprintf(v.msg, sizeof v.msg, "this MPI library gives no MPI_THREAD_FUNNELED support");
        failed = 1;
    }
    if (!failed && M.rank > 0)
        failed = private_outputs(argc, argv, &v);
    int first = agree(failed, &v);
    if (first < M.size) {
        if (M.rank == 0)
            fprintf(stderr, "vardsim-mpi: rank %d: %s\n", first, v.msg);
        remove_private();
        free(M.argv);
        MPI_Finalize();
        return v.status;
    }
    /* rank 0's environment decides, so that every rank joins the log's
     * collective even if mpirun passed the variable to some ranks only */
    const char *log = getenv("VARDSIM_MPI_LOG");
    M.log = M.rank == 0 && log && *log && strcmp(log, "0") != 0;
    MPI_Bcast(&M.log, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (M.rank > 0)
        silence();
    return 0;
}

int cli_mpi_end(int rc)
{
    int m[MEET_SLOTS];
    do
        meet(NULL, m);
    while (m[MEET_INPHASE]);
    int key = M.abandoned ? M.size : M.rank, first;
    MPI_Allreduce(&key, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    MPI_Bcast(&rc, 1, MPI_INT, first < M.size ? first : 0, MPI_COMM_WORLD);
    remove_private();
    free(M.argv);
    M.argv = NULL;
    MPI_Finalize();
    return rc;
}
