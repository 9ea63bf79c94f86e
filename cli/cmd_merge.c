/*
 * cmd_merge.c: "vardsim merge", the result of one whole run from the shards
 * that N batch tasks (--task K --tasks N) saved: the shards are checked
 * (cli/shard.c), then the recorded command runs again with every phase of
 * work units served from their records (docs/shards.md).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_commands.inc"
#include "shard.h"

static const char usage[] =
    "usage: vardsim merge SHARD_DIR... --out DIR [--force] [--json] [--threads T]\n"
    "\n"
    "Combine the shard directories of N batch tasks (a command run with --task K\n"
    "--tasks N --out SHARD_DIR, K = 0..N-1) into exactly the result of one whole run:\n"
    "the shards are checked (one command, the same arguments, this vardsim version,\n"
    "the same working directory, every task 0..N-1 exactly once, intact records), then\n"
    "the command runs again with the recorded arguments, in the tasks' working\n"
    "directory, and takes every work unit from the shards instead of computing it.\n"
    "It writes into --out DIR what the whole run writes with --out DIR, and prints\n"
    "what the whole run prints (with --json its JSON).  See docs/shards.md.\n"
    "\n"
    "  SHARD_DIR    a task's --out directory (holding shard.sqlite), in any order\n"
    "  --out DIR    the new directory for the command's output (required)\n"
    "  --force      replace DIR when it holds the command's own output only\n"
    "  --json       print the command's JSON\n"
    "  --threads T  worker threads for the command's work outside the units\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input (a missing,\n"
    "duplicate, damaged or mismatched shard: one line naming its directory).\n";

static const cli_command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof cli_commands / sizeof cli_commands[0]; i++)
        if (!strcmp(cli_commands[i]->name, name) && strcmp(name, "merge") != 0)
            return cli_commands[i];
    return NULL;
}

/* out as an absolute path (the replay runs in the tasks' directory): a new
 * string. */
static char *absolute(const char *out)
{
    if (out[0] == '/')
        return strdup(out);
    char *cwd = getcwd(NULL, 0);
    size_t n = cwd ? strlen(cwd) + strlen(out) + 2 : 0;
    char *s = cwd ? malloc(n) : NULL;
    if (s)
        snprintf(s, n, "%s/%s", cwd, out);
    free(cwd);
    return s;
}

/* Run the set's command with its recorded arguments and the merge's output
 * options, every phase replayed from the set. */
static int replay(cli_shard_set *set, const cli_command *c, const char *out, int force,
                  int json, const char *threads)
{
    const char *const *args;
    int n = cli_shard_set_args(set, &args);
    char *abs_out = absolute(out);
    char **argv = calloc((size_t)n + 8, sizeof *argv);
    if (!abs_out || !argv) {
        free(abs_out);
        free(argv);
        fprintf(stderr, "vardsim merge: out of memory\n");
        return 1;
    }
    int argc = 0;
    argv[argc++] = (char *)c->name;
    for (int i = 0; i < n; i++)
        argv[argc++] = (char *)args[i];
    argv[argc++] = "--out";
    argv[argc++] = abs_out;
    if (force)
        argv[argc++] = "--force";
    if (json)
        argv[argc++] = "--json";
    if (threads) {
        argv[argc++] = "--threads";
        argv[argc++] = (char *)threads;
    }
    int rc = 0;
    if (chdir(cli_shard_set_cwd(set)) != 0) {
        fprintf(stderr, "vardsim merge: the tasks ran in %s, which is not a directory here; "
                        "relative paths in their arguments would name other files\n",
                cli_shard_set_cwd(set));
        rc = 2;
    }
    if (!rc) {
        cli_shard_set_environment(set);
        cli_shard_set_replay(set);
        rc = c->run(argc, argv);
    }
    free(abs_out);
    free(argv);
    return rc;
}

static int run(int argc, char **argv)
{
    const char *out = NULL, *threads = NULL;
    int json = 0, force = 0, npos = 0;
    const cli_opt opts[] = {{"--out", 1, &out, NULL},
                            {"--force", 0, NULL, &force},
                            {"--json", 0, NULL, &json},
                            {"--threads", 1, &threads, NULL},
                            {0}};
    const char **dirs = calloc((size_t)argc + 1, sizeof *dirs);
    if (!dirs) {
        fprintf(stderr, "vardsim merge: out of memory\n");
        return 1;
    }
    int rc = cli_parse("merge", argc, argv, opts, dirs, argc, &npos);
    long l;
    if (!rc && threads)
        rc = cli_long("merge", "--threads", threads, 1, 1024, &l);
    if (!rc && !npos) {
        fprintf(stderr, "vardsim merge: give the shard directories (see 'vardsim help merge')\n");
        rc = 2;
    }
    if (!rc && !out) {
        fprintf(stderr, "vardsim merge: option --out DIR is required (the new directory for "
                        "the merged output)\n");
        rc = 2;
    }
    /* the command checks its --out too; without --force nothing may be there */
    if (!rc && !force)
        rc = cli_outdir_check("merge", out, 0, NULL);
    cli_shard_set *set = NULL;
    if (!rc)
        rc = cli_shard_set_load(dirs, npos, &set);
    const cli_command *c = rc ? NULL : find_command(cli_shard_set_command(set));
    if (!rc && !c) {
        fprintf(stderr, "vardsim merge: %s: the shards are of '%s', a command this vardsim "
                        "does not have\n", dirs[0], cli_shard_set_command(set));
        rc = 2;
    }
    if (!rc)
        rc = replay(set, c, out, force, json, threads);
    cli_shard_set_free(set);
    free(dirs);
    return rc;
}

const cli_command cli_cmd_merge = {"merge", "combine the shards of batch tasks (--task K --tasks "
                                            "N) into the result of one whole run",
                                   usage, run};
