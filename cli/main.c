/*
 * main.c: entry point of the vardsim command.  Dispatches to the command
 * table that the build generates from cli/cmd_*.c.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_commands.inc"

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
            "vardsim %s: plan and simulate a region's public healthcare system\n"
            "\n"
            "usage: vardsim COMMAND [OPTIONS]\n"
            "       vardsim help COMMAND\n"
            "       vardsim --help | --version\n"
            "\n"
            "commands:\n",
            vs_version());
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %-10s %s\n", cli_commands[i]->name, cli_commands[i]->summary);
    fprintf(f, "\nWithout --region, commands use the default region (Stockholm County, "
               "Statistics Sweden 2022).\n"
               "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input,\n"
               "130 interrupted by SIGINT (Ctrl-C), 143 by SIGTERM.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_help(stderr);
        return 2;
    }
    const char *w = argv[1];
    if (strcmp(w, "--help") == 0 || strcmp(w, "-h") == 0) {
        print_help(stdout);
        return 0;
    }
    if (strcmp(w, "--version") == 0) {
        printf("vardsim %s\n", vs_version());
        return 0;
    }
    if (strcmp(w, "help") == 0) {
        if (argc < 3) {
            print_help(stdout);
            return 0;
        }
        const cli_command *c = find(argv[2]);
        if (!c) {
            fprintf(stderr, "vardsim: unknown command '%s' (see 'vardsim --help')\n", argv[2]);
            return 2;
        }
        printf("%s", c->usage);
        return 0;
    }
    const cli_command *c = find(w);
    if (!c) {
        fprintf(stderr, "vardsim: unknown command '%s' (see 'vardsim --help')\n", w);
        return 2;
    }
    cli_install_signals();
    return c->run(argc - 1, argv + 1);
}
