/*
 * progress.c: the library's notes and progress on the terminal.
 *
 * Notes (vs_ctx_note: a file read in the Swedish spreadsheet format, a
 * region's own parameter used) go to stderr as "vardsim: note: ...", each
 * once.  Progress (vs_ctx_progress) is drawn on one line of stderr, redrawn
 * at most five times a second, only when stderr is a terminal and only once
 * a step has run for a second: "vardsim: run: flow 2023  45%  about 1 min
 * left".  The time left is the elapsed time of the step (the part of `what`
 * before its first ':') scaled by what remains.  Nothing is drawn when stderr
 * is piped or redirected, so logs and tests see only messages.
 *
 * State is per process (the one command that runs), like the signal flag.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define MAX_NOTES 64 /* notes kept (printed and passed to the run); later ones only printed */

static struct {
    char *notes[MAX_NOTES]; /* notes printed so far (each once) */
    int n_notes;
    char key[64];      /* step being timed */
    double start;      /* when it began (monotonic seconds) */
    long unit;         /* whole units done (the integer part of `done`) */
    double unit_start; /* when the current unit began */
    double sum_units;  /* seconds spent in the units finished */
    long n_units;      /* units finished */
    double last_draw;  /* when the line was last drawn */
    int drawn;         /* a progress line is on the terminal */
    int at_exit;       /* cli_progress_clear is registered with atexit */
    double delay;      /* seconds a step runs before it is drawn (0 when forced) */
} g;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void cli_progress_clear(void)
{
    if (g.drawn) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
        g.drawn = 0;
    }
}

static void cli_note(void *user, const char *note)
{
    (void)user;
    for (int i = 0; i < g.n_notes; i++)
        if (strcmp(g.notes[i], note) == 0)
            return;
    if (g.n_notes < MAX_NOTES) {
        size_t n = strlen(note) + 1;
        char *copy = malloc(n);
        if (copy) {
            memcpy(copy, note, n);
            g.notes[g.n_notes++] = copy;
        }
    }
    cli_progress_clear();
    fprintf(stderr, "vardsim: note: %s\n", note);
}

int cli_notes(const char *const **out)
{
    *out = (const char *const *)g.notes;
    return g.n_notes;
}

/* "about 40 s left", "about 3 min left", "about 1 h 5 min left" into buf. */
static void format_left(double sec, char *buf, size_t cap)
{
    if (sec < 60)
        snprintf(buf, cap, "about %.0f s left", sec < 1 ? 1 : sec);
    else if (sec < 3600)
        snprintf(buf, cap, "about %.0f min left", sec / 60);
    else
        snprintf(buf, cap, "about %d h %d min left", (int)(sec / 3600),
                 (int)(sec - 3600 * (int)(sec / 3600)) / 60);
}

/* Seconds left of a step reported as done of total at time t: when `done`
 * carries a fraction of the current unit (the run reports "step index +
 * fraction of the step"), that unit's own rate for its rest plus the
 * remaining units at the mean duration of those finished; else the elapsed
 * time scaled by what remains. */
static double seconds_left(double t, double done, double total)
{
    double f = done / total, part = done - (double)g.unit;
    if (part > 0.02 && g.n_units > 0)
        return (t - g.unit_start) * (1 - part) / part +
               (total - (double)g.unit - 1) * g.sum_units / g.n_units;
    return (t - g.start) * (1 - f) / f;
}

static void cli_progress(void *user, const char *what, double done, double total)
{
    (void)user;
    if (!(total > 0) || !(done >= 0))
        return;
    double t = now();
    size_t klen = strcspn(what, ":");
    if (klen >= sizeof g.key)
        klen = sizeof g.key - 1;
    if (strlen(g.key) != klen || strncmp(g.key, what, klen) != 0) { /* a new step */
        memcpy(g.key, what, klen);
        g.key[klen] = '\0';
        g.start = g.unit_start = t;
        g.unit = 0;
        g.n_units = 0;
        g.sum_units = 0;
    }
    long unit = (long)done;
    if (unit > g.unit) { /* units finished since the last call */
        g.sum_units += t - g.unit_start;
        g.n_units += unit - g.unit;
        g.unit = unit;
        g.unit_start = t;
    }
    if (t - g.start < g.delay || (g.drawn && t - g.last_draw < 0.2))
        return;
    g.last_draw = t;
    double f = done / total;
    f = f > 1 ? 1 : f;
    char left[48] = "";
    if (f > 0.02 && f < 1 && t - g.start >= 2.0)
        format_left(seconds_left(t, done, total), left, sizeof left);
    fprintf(stderr, "\r\033[Kvardsim: %.50s  %3.0f%%  %s", what, 100 * f, left);
    fflush(stderr);
    if (!g.at_exit)
        g.at_exit = atexit(cli_progress_clear) == 0;
    g.drawn = 1;
}

void cli_ctx_hooks(vs_ctx *ctx)
{
    vs_ctx_set_note(ctx, cli_note, NULL);
    const char *force = getenv("VARDSIM_PROGRESS");
    int forced = force && *force && strcmp(force, "0") != 0;
    int on = force && *force ? forced : isatty(STDERR_FILENO);
    g.delay = forced ? 0.0 : 1.0;
    if (on)
        vs_ctx_set_progress(ctx, cli_progress, NULL);
}
