/*
 * shard.h: batch-scheduler shards of a command (--task K --tasks N), their
 * merge (vardsim merge), and the atomic output directory of a command.
 *
 * The library runs a command's independent work as phases of work units
 * (vardsim/units.h); a backend installed on the context decides where the
 * units are computed.  This file provides two backends, both in the CLI:
 *
 *   task    with --task K --tasks N the command computes, for every phase,
 *           only task K's block of units (vs_units_share), fills the other
 *           units' records with zero bytes so that the command can finish its
 *           own aggregation (whose output is not printed), and at the end
 *           saves the blocks, exact bytes, in OUT/shard.sqlite with a
 *           manifest (command, arguments, version, K, N, working directory,
 *           per phase seq/name/n/record size/block/checksum).
 *   replay  vardsim merge DIR... loads N such shards, checks them, and runs
 *           the same command again with the recorded arguments; every phase
 *           is served from the shards' records instead of being computed, so
 *           the command prints and writes exactly what one whole run does.
 *
 * How a command opts in (cli/cmd_simulate.c is the model; five places):
 *
 *     cli_shard sh;
 *     cli_shard_init(&sh, "sweep", argc, argv);             1. before parsing
 *     cli_opt opts[] = {..., {"--out", 1, &out, NULL}, {"--force", 0, NULL, &force},
 *                       CLI_SHARD_OPTS(&sh), {0}};          2. --task, --tasks
 *     if (cli_parse(...) || cli_shard_setup(&sh, out, force))  3. checks, exit 2
 *         return 2;
 *     ... in whole mode (!cli_shard_is_task(&sh)) check the command's own --out
 *     cli_shard_attach(&sh, ctx);                            4. on the context
 *     ... compute (every vs_units_run on ctx is a phase) ...
 *     int rc = cli_shard_finish(&sh, ctx, json);             5. after success
 *     if (rc < 0) rc = the command's own output (print, write --out);
 *     cli_shard_free(&sh);
 *
 * cli_shard_finish returns -1 when the command should produce its output
 * (a whole run, or a merge's replay), else the exit status (a task saved its
 * shard and printed a one-line summary, or JSON with --json).  The command's
 * own --out is used by the shard directory in task mode; merge passes its
 * own --out (absolute) to the replayed command, so the command's --out must
 * be a new directory written the same way in both cases.
 *
 * Requirements on an opting-in command: every phase runs on the context
 * given to cli_shard_attach (a unit's inner phases run locally anyway), and
 * a phase's inputs must not depend on the records of an earlier phase (a
 * task holds only its own block of each earlier phase; its later phases
 * would be computed from zeros).  Options that change no number are not part
 * of the recorded arguments and may differ between the tasks and the merge:
 * --task, --tasks, --out, --force, --json, --threads.
 *
 * Relative paths: the shards record their working directory (all tasks must
 * run in the same one) and the environment variables VARDSIM_HOME and
 * VARDSIM_REGION; merge replays the command in that directory with that
 * environment, so relative paths in the arguments name the same files.
 */
#ifndef VARDSIM_CLI_SHARD_H
#define VARDSIM_CLI_SHARD_H

#include <stddef.h>

#include "cli.h"

typedef enum cli_shard_mode {
    CLI_SHARD_WHOLE,  /* no --task: compute every unit */
    CLI_SHARD_TASK,   /* --task K --tasks N: compute and save task K's blocks */
    CLI_SHARD_REPLAY  /* run by vardsim merge: every phase from the shards */
} cli_shard_mode;

typedef struct cli_shard_phase cli_shard_phase; /* one saved phase (shard.c) */
typedef struct cli_shard_set cli_shard_set;     /* N loaded shards (shard.c) */

/* A command's shard state.  The option values are filled by cli_parse
 * through CLI_SHARD_OPTS; everything else belongs to shard.c. */
typedef struct cli_shard {
    const char *task_opt;  /* --task K|env */
    const char *tasks_opt; /* --tasks N|env */
    const char *cmd;       /* the command's name */
    int argc;              /* the command's arguments (argv[0] its name) */
    char **argv;
    cli_shard_mode mode;
    int task, tasks;       /* K and N in task mode */
    const char *out;       /* the shard directory in task mode */
    int force;
    vs_units_backend be;   /* installed by cli_shard_attach */
    const vs_units_backend *prev; /* the context's backend before (vardsim-mpi's):
                              a task's block is computed through it, spread
                              over the ranks of an MPI job */
    cli_shard_phase *ph;   /* task mode: the phases computed so far */
    int n_ph, cap_ph;
    cli_shard_set *set;    /* replay mode: the shards served from */
} cli_shard;

/* The options --task and --tasks, for a command's cli_opt table. */
#define CLI_SHARD_OPTS(sh) {"--task", 1, &(sh)->task_opt, NULL}, \
                           {"--tasks", 1, &(sh)->tasks_opt, NULL}

/* The usage lines of those options (for the command's usage text). */
#define CLI_SHARD_USAGE                                                                   \
    "  --task K --tasks N      compute only task K's share (0 <= K < N) of the work and\n" \
    "                          save it into --out DIR (a new directory) for 'vardsim\n"    \
    "                          merge'; 'env' reads K from SLURM_ARRAY_TASK_ID (minus\n"    \
    "                          SLURM_ARRAY_TASK_MIN) or JOB_COMPLETION_INDEX and N from\n" \
    "                          SLURM_ARRAY_TASK_COUNT (docs/shards.md)\n"

/* Start: whole mode, or replay mode when vardsim merge is replaying this
 * command (cli_shard_set_replay).  argv is kept (not copied). */
void cli_shard_init(cli_shard *sh, const char *cmd, int argc, char **argv);

/* After cli_parse: read --task/--tasks (both or neither; 0 <= K < N; 'env'),
 * and in task mode require out and check that it can become the shard
 * directory (new, or with force a shard directory).  Returns 0, or 2 after
 * printing "vardsim CMD: ..." to stderr. */
int cli_shard_setup(cli_shard *sh, const char *out, int force);

/* 1 in task mode: the command's --out is the shard directory, and its own
 * output is neither printed nor written. */
int cli_shard_is_task(const cli_shard *sh);

/* Install the task or replay backend on ctx (nothing in whole mode).  sh
 * must outlive the context's use of it. */
void cli_shard_attach(cli_shard *sh, vs_ctx *ctx);

/* After the command computed successfully.  Task mode: write the shard
 * directory and print the summary (JSON with json); returns the exit status.
 * Replay mode: 2 (message printed) when the shards hold a phase the command
 * did not run, else -1.  Whole mode: -1 (the command prints and writes its
 * output). */
int cli_shard_finish(cli_shard *sh, vs_ctx *ctx, int json);

void cli_shard_free(cli_shard *sh);

/* --- vardsim merge (cmd_merge.c) ----------------------------------------- */

/* Load and check the shards in dirs[0..n): each a shard directory with an
 * intact shard.sqlite (checksums verified), all of one command, arguments,
 * version (this vardsim's), working directory and N, tasks 0..N-1 each
 * exactly once, the same phases.  Returns 0 with *out set, or 2 after
 * printing "vardsim merge: DIR: ..." (1 when out of memory). */
int cli_shard_set_load(const char *const *dirs, int n, cli_shard_set **out);

/* The recorded command, its arguments (without --task, --tasks, --out,
 * --force, --json, --threads), working directory and N. */
const char *cli_shard_set_command(const cli_shard_set *set);
int cli_shard_set_args(const cli_shard_set *set, const char *const **args);
const char *cli_shard_set_cwd(const cli_shard_set *set);
int cli_shard_set_tasks(const cli_shard_set *set);

/* Set VARDSIM_HOME and VARDSIM_REGION as they were for the tasks. */
void cli_shard_set_environment(const cli_shard_set *set);

/* The next cli_shard_init of the set's command replays from set. */
void cli_shard_set_replay(cli_shard_set *set);

void cli_shard_set_free(cli_shard_set *set);

/* --- a command's output directory (whole runs, merges, shards) ------------ */

/* May out become a new output directory?  Yes when it does not exist (its
 * parent must) or is an empty directory; with force also when it is a
 * directory holding nothing but files named in own (NULL-terminated: the
 * files this kind of directory has).  Returns 0, or 2 after printing
 * "vardsim CMD: option --out: ..." to stderr. */
int cli_outdir_check(const char *cmd, const char *out, int force, const char *const *own);

/* Create the temporary directory beside out (OUT.tmp-XXXXXX) to fill; *tmp
 * is a new string.  Returns 0, or 1 after printing a message. */
int cli_outdir_begin(const char *cmd, const char *out, char **tmp);

/* Move the filled tmp into place as out (fsync first): atomically, never
 * over anything that appeared meanwhile; with force over a directory of
 * own files only, whose files are then removed.  On failure tmp is removed.
 * Frees tmp.  Returns 0, or 1 (2 when out appeared or changed) after
 * printing a message. */
int cli_outdir_end(const char *cmd, char *tmp, const char *out, int force,
                   const char *const *own);

/* Remove tmp and the files in it named in own (a failed write); frees tmp. */
void cli_outdir_abort(char *tmp, const char *const *own);

/* A command's JSON document: written to out/FILE when out is non-NULL
 * (a new directory, as cli_outdir_*), then printed to stdout when print.
 * The file holds exactly what cli_print_json prints.  Releases doc.
 * Returns the exit status. */
int cli_emit_json(const char *cmd, json_t *doc, int print, const char *out, int force,
                  const char *file);

#endif
