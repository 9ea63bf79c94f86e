/*
 * signals.c: SIGINT, SIGTERM and SIGHUP for every command.
 *
 * The handler records the signal in a flag (the one piece of mutable static
 * state in the program: a handler has no other way to reach a computation).
 * Every context the commands create watches it (cli_ctx_create), and the
 * library's long loops poll it and fail with VS_EINTERRUPTED, cleaning up as
 * on any other failure; cli_fail then exits with 128 + the signal (130 for
 * SIGINT, 143 for SIGTERM, 129 for SIGHUP).
 *
 * Safety net: the first signal also arms a 5-second alarm.  Should some
 * computation not reach a poll by then (GLPK's branch-and-cut can spend
 * seconds in one node without calling back), the alarm restores the default action
 * of the signal and raises it again, so the process ends (with the status of
 * that signal) in any case.  A run directory is safe even then: its temporary
 * directory carries a marker and is removed by the next run of the target.
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_mpi.h"

static volatile sig_atomic_t g_signal = 0;

/* SIGINT/SIGTERM: remember the first signal and arm the safety net. */
static void on_signal(int sig)
{
    if (!g_signal) {
        g_signal = sig;
        alarm(5);
    }
}

/* SIGALRM after a signal: the computation did not stop in time; end the
 * process with the first signal's default action. */
static void on_alarm(int sig)
{
    (void)sig;
    int first = g_signal ? g_signal : SIGTERM;
    signal(first, SIG_DFL);
    raise(first);
}

void cli_install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL); /* the terminal or ssh session closed */
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
}

vs_status cli_ctx_create(vs_ctx **ctx)
{
    vs_status st = vs_ctx_create(ctx);
    if (!st) {
        vs_ctx_set_interrupt(*ctx, &g_signal);
        cli_ctx_hooks(*ctx);
        cli_mpi_ctx(*ctx); /* vardsim-mpi: phases over the ranks (cli/mpi.c) */
    }
    return st;
}

int cli_interrupted_exit_code(void) { return g_signal ? 128 + g_signal : 130; }
