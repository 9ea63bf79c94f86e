/*
 * main.c: entry point of the vardsim command.  Dispatches to the command
 * table that the build generates from cli/cmd_*.c.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_commands.inc"
#include "cli_mpi.h"

#define N_COMMANDS (sizeof cli_commands / sizeof cli_commands[0])

static const cli_command *find(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(cli_commands[i]->name, name) == 0)
            return cli_commands[i];
    return NULL;
}

static void print_help(FILE *f)
{
    fprintf(f,
            "vardsim %s%s: plan and simulate a region's public healthcare system\n"
            "\n"
            "usage: vardsim COMMAND [OPTIONS]\n"
            "       vardsim help COMMAND\n"
            "       vardsim --help | --version\n"
            "\n"
            "commands:\n",
            vs_version(), cli_mpi_build());
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %-10s %s\n", cli_commands[i]->name, cli_commands[i]->summary);
    fprintf(f, "\nWithout --region, commands use the default region (Stockholm County, "
               "Statistics Sweden 2022).\n"
               "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input,\n"
               "130 interrupted by SIGINT (Ctrl-C), 143 by SIGTERM, 129 by SIGHUP.\n");
#ifdef VS_MPI
    fprintf(f, "\nMPI build: run as mpirun -n N vardsim-mpi COMMAND ...; the work units of\n"
               "simulate, forecast, run and sweep are spread over the ranks, rank 0 writes,\n"
               "and the output is the plain build's for any N (docs/scaleout.md).\n");
#endif
}

/* A control character in an argument would be echoed into messages and
 * terminals as is; such an argument (a file name with a newline, an escape
 * sequence) is refused up front.  Returns the index of the first such
 * argument, 0 when none. */
static int bad_argument(int argc, char **argv, unsigned char *byte)
{
    for (int i = 1; i < argc; i++)
        for (const unsigned char *p = (const unsigned char *)argv[i]; *p; p++)
            if (*p < 0x20 || *p == 0x7f) {
                *byte = *p;
                return i;
            }
    return 0;
}

/* Everything printed must have reached stdout: a full disk or a closed
 * stdout is a failure (exit 1), not a silent success.  Returns rc, or 1 when
 * rc was 0 and the output could not be written. */
static int flush_stdout(int rc)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "vardsim: cannot write the output to standard output\n");
        return rc ? rc : 1;
    }
    return rc;
}

static int vardsim_main(int argc, char **argv)
{
    unsigned char byte;
    int bad = bad_argument(argc, argv, &byte);
    if (bad) {
        fprintf(stderr,
                "vardsim: argument %d contains the control character \\x%02X; refusing it\n",
                bad, byte);
        return 2;
    }
    if (argc < 2) {
        print_help(stderr);
        return 2;
    }
    const char *w = argv[1];
    if (strcmp(w, "--help") == 0 || strcmp(w, "-h") == 0) {
        print_help(stdout);
        return flush_stdout(0);
    }
    if (strcmp(w, "--version") == 0) {
        printf("vardsim %s%s\n", vs_version(), cli_mpi_build());
        return flush_stdout(0);
    }
    if (strcmp(w, "help") == 0) {
        if (argc < 3) {
            print_help(stdout);
            return flush_stdout(0);
        }
        const cli_command *c = find(argv[2]);
        if (!c) {
            fprintf(stderr, "vardsim: unknown command '%s' (see 'vardsim --help')\n", argv[2]);
            return 2;
        }
        printf("%s", c->usage);
        return flush_stdout(0);
    }
    const cli_command *c = find(w);
    if (!c) {
        fprintf(stderr, "vardsim: unknown command '%s' (see 'vardsim --help')\n", w);
        return 2;
    }
    /* "vardsim CMD --help" (or -h) anywhere before "--": the command's usage */
    for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("%s", c->usage);
            return flush_stdout(0);
        }
    cli_install_signals();
    return flush_stdout(c->run(argc - 1, argv + 1));
}

/* The MPI build (cli/cli_mpi.h) wraps the command: MPI starts before it and
 * every rank agrees on its exit status after it; the plain build calls
 * vardsim_main alone. */
int main(int argc, char **argv)
{
    int rc = cli_mpi_begin(&argc, &argv);
    if (rc)
        return rc;
    return cli_mpi_end(vardsim_main(argc, argv));
}
