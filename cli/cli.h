/*
 * cli.h: shared pieces of the vardsim command (a thin client of libvardsim).
 *
 * Each command lives in its own file cli/cmd_NAME.c and defines
 *     const cli_command cli_cmd_NAME = { "NAME", "one line", "usage text", run };
 * The build collects every cmd_*.c into the command table, so adding a
 * command never touches main.c.  run() returns the process exit code:
 * 0 success, 1 runtime failure, 2 bad usage or bad input, 130/143 stopped by
 * SIGINT/SIGTERM.
 */
#ifndef VARDSIM_CLI_H
#define VARDSIM_CLI_H

#include <jansson.h>
#include <stdio.h>

#include "vardsim/vardsim.h"

typedef struct cli_command {
    const char *name;    /* word after "vardsim" */
    const char *summary; /* one line for --help */
    const char *usage;   /* full text for "vardsim help NAME" */
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
} cli_command;

/* One option of a command.  Flags (has_value 0) set *flag to 1; options with
 * a value store a pointer to it in *value.  "--name VALUE" and "--name=VALUE"
 * are both accepted. */
typedef struct cli_opt {
    const char *name;   /* "--region" */
    int has_value;
    const char **value; /* out: the value (unchanged when absent) */
    int *flag;          /* out: 1 when the flag is given */
} cli_opt;

/* Parse argv[1..argc) against opts (terminated by a zero entry).  Positional
 * arguments go to pos[0..*npos) (at most maxpos).  On error prints
 * "vardsim CMD: ..." to stderr and returns 2; otherwise 0. */
int cli_parse(const char *cmd, int argc, char **argv, const cli_opt *opts, const char **pos,
              int maxpos, int *npos);

/* Convert an option value; on error print "vardsim CMD: option NAME: ..." and
 * return 2. */
int cli_double(const char *cmd, const char *opt, const char *s, double min, double max,
               double *out);
int cli_long(const char *cmd, const char *opt, const char *s, long min, long max, long *out);

/* The default region directory: $VARDSIM_REGION, else DATA/stockholm. */
const char *cli_default_region(void);
/* The directory holding data/ and scenarios/: $VARDSIM_HOME, else found
 * relative to the executable (the source tree above build/, or
 * PREFIX/share/vardsim), else the compiled-in install directory. */
const char *cli_home_dir(void);
/* HOME/data and HOME/scenarios. */
const char *cli_data_dir(void);
const char *cli_scenario_dir(void);

/* A region's own parameters: when REGION/parameters is a directory, its
 * files override the rows of the parameter files of the same name
 * (vs_ctx_set_param_overrides).  NULL: the default region. */
vs_status cli_region_params(vs_ctx *ctx, const char *region_dir);

/* Print a library failure as "vardsim: MESSAGE" and return its exit code
 * (for VS_EINTERRUPTED: 128 + the signal, cli_interrupted_exit_code). */
int cli_fail(vs_ctx *ctx, vs_status st);

/* Install the SIGINT/SIGTERM handlers (main does, before any command). */
void cli_install_signals(void);

/* vs_ctx_create, and the context watches the signal flag, so that a signal
 * stops the library's long loops.  Every command creates its contexts so. */
vs_status cli_ctx_create(vs_ctx **ctx);

/* Install the note and progress callbacks on ctx (cli_ctx_create does):
 * notes go to stderr once each; progress with the time left is drawn on
 * stderr only when it is a terminal (VARDSIM_PROGRESS=1 forces it, =0 turns
 * it off). */
void cli_ctx_hooks(vs_ctx *ctx);

/* The notes printed so far (each once), for the run's "inputs" notes. */
int cli_notes(const char *const **out);

/* Erase the progress line, if one is drawn (before printing a message). */
void cli_progress_clear(void);

/* 128 + the signal received (130 for SIGINT, 143 for SIGTERM); 130 when none. */
int cli_interrupted_exit_code(void);

/* Print a JSON value to stdout (indented, keys in insertion order, newline)
 * and release it.  Returns 0, or 1 when stdout cannot be written. */
int cli_print_json(json_t *value);

/* A JSON number, or null when v is NaN or infinite (JSON has neither). */
json_t *cli_json_num(double v);

/* Write an integer with thousands separators ("2,440,027") into buf. */
const char *cli_thousands(long long v, char *buf, size_t cap);
/* runs.created_at: the clock, or SOURCE_DATE_EPOCH (ISO 8601 UTC); 0 or an exit
 * status after a message naming the command */
int cli_created_at(const char *cmd, char *buf, size_t cap);

/* Left-justify UTF-8 text `s` to `width` characters (code points) in buf. */
const char *cli_pad(const char *s, int width, char *buf, size_t cap);

#endif
