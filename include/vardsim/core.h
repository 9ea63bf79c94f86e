/*
 * vardsim/core.h: the context, status codes and version of libvardsim.
 *
 * Every public function takes a vs_ctx and returns a vs_status.  On failure
 * the context keeps one human-readable message (for input errors of the form
 * "FILE:LINE: field NAME: what is wrong"), which the caller reads with
 * vs_ctx_message().  A context holds no other hidden state; one context per
 * thread.  Nothing in the library is global and mutable.
 */
#ifndef VARDSIM_CORE_H
#define VARDSIM_CORE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(VS_BUILDING_LIBRARY) && defined(__GNUC__)
#define VS_API __attribute__((visibility("default")))
#else
#define VS_API
#endif

#if defined(__GNUC__)
#define VS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define VS_PRINTF(f, a)
#endif

#define VS_VERSION_MAJOR 0
#define VS_VERSION_MINOR 1
#define VS_VERSION_PATCH 0
#define VS_VERSION_STRING "0.1.0"

/* Status of every public call.  The CLI maps VS_EINPUT and VS_EUSAGE to exit
 * status 2, VS_EINTERRUPTED to 128 + the signal (130 for SIGINT, 143 for
 * SIGTERM) and every other failure to 1 (see vs_status_exit_code). */
typedef enum vs_status {
    VS_OK = 0,
    VS_EINPUT = 1,      /* malformed or invalid input data (file, value)   */
    VS_EUSAGE = 2,      /* invalid argument from the caller                */
    VS_ENOMEM = 3,      /* allocation failed                               */
    VS_EIO = 4,         /* file could not be opened, read or written       */
    VS_ENUMERIC = 5,    /* numerical failure (no convergence, overflow)    */
    VS_EINFEASIBLE = 6, /* the problem has no solution under the constraints */
    VS_ERUNTIME = 7,    /* any other runtime failure                       */
    VS_EINTERRUPTED = 8 /* stopped on request (vs_ctx_set_interrupt)       */
} vs_status;

typedef struct vs_ctx vs_ctx;

/* Library version string, e.g. "0.1.0". */
VS_API const char *vs_version(void);

/* Create a context.  *out is set to NULL on failure.  Returns VS_OK or
 * VS_ENOMEM (the only call that cannot leave a message). */
VS_API vs_status vs_ctx_create(vs_ctx **out);

/* Destroy a context; NULL is allowed. */
VS_API void vs_ctx_destroy(vs_ctx *ctx);

/* The last error message ("" when none).  Owned by the context; valid until
 * the next call that sets or clears it. */
VS_API const char *vs_ctx_message(const vs_ctx *ctx);

/* The status of the last failure recorded on the context (VS_OK when none). */
VS_API vs_status vs_ctx_status(const vs_ctx *ctx);

/* Clear the message and status. */
VS_API void vs_ctx_clear(vs_ctx *ctx);

/* Record a failure with a printf-style message; returns st so that callers
 * can write `return vs_ctx_fail(ctx, VS_EUSAGE, "...")`.  The message kept
 * is always one line of valid UTF-8: control characters of the formatted
 * text (often quoted from an input file) are escaped as \n, \t, \r, \xNN
 * (C1 controls as \u0080-\u009F) and bytes that are not UTF-8 as \xNN. */
VS_API vs_status vs_ctx_fail(vs_ctx *ctx, vs_status st, const char *fmt, ...) VS_PRINTF(3, 4);

/* Record an input error located in a file: the message becomes
 * "FILE:LINE: field FIELD: <fmt>" (line 0 omits the line, NULL field omits
 * the field part), escaped as by vs_ctx_fail.  Returns VS_EINPUT. */
VS_API vs_status vs_ctx_fail_at(vs_ctx *ctx, const char *file, long line, const char *field,
                                const char *fmt, ...) VS_PRINTF(5, 6);

/* A short English name of a status ("input error", ...). */
VS_API const char *vs_status_name(vs_status st);

/* The process exit code the CLI uses for a status: 0, 1, 2, or 130 for
 * VS_EINTERRUPTED (the CLI reports 128 + the signal that interrupted it). */
VS_API int vs_status_exit_code(vs_status st);

/* ---- cooperative interruption ----------------------------------------------
 * A caller (typically a signal handler that sets a flag) asks long
 * computations to stop: every loop that may run for more than a fraction of
 * a second polls vs_ctx_interrupted and then fails with VS_EINTERRUPTED,
 * cleaning up as on any other failure.  Worker threads' contexts share the
 * flag of the context that started them. */

/* Make ctx watch *flag (NULL: never interrupted): a non-zero value asks every
 * computation running on ctx to stop.  The flag is only read. */
VS_API void vs_ctx_set_interrupt(vs_ctx *ctx, const volatile sig_atomic_t *flag);

/* The flag ctx watches (NULL when none), to pass on to worker contexts. */
VS_API const volatile sig_atomic_t *vs_ctx_interrupt_flag(const vs_ctx *ctx);

/* 1 when ctx watches a flag that is set, else 0.  Cheap (one load). */
VS_API int vs_ctx_interrupted(const vs_ctx *ctx);

/* VS_OK, or, when interrupted, VS_EINTERRUPTED with the message
 * "interrupted" on ctx. */
VS_API vs_status vs_ctx_check_interrupt(vs_ctx *ctx);

/* ---- notes and progress ------------------------------------------------------
 * A note is one line the library tells its caller about how it read or did
 * something that is not an error (a CSV file read in the Swedish spreadsheet
 * format, a region's own parameter overriding the shipped one).  Progress is
 * reported by long computations (the run's stages, simulation replications,
 * the listing solver) as `done` of `total` units of the step `what`.  Both go
 * to callbacks the caller installs; without one they are dropped.  A
 * callback may be called from the thread that owns the context only; worker
 * threads' contexts have none. */
typedef void (*vs_note_fn)(void *user, const char *note);
typedef void (*vs_progress_fn)(void *user, const char *what, double done, double total);

VS_API void vs_ctx_set_note(vs_ctx *ctx, vs_note_fn fn, void *user);
VS_API void vs_ctx_set_progress(vs_ctx *ctx, vs_progress_fn fn, void *user);

/* ---- a region's own parameters ----------------------------------------------
 * Set a directory of parameter overrides (a region's REGION/parameters; NULL
 * or "" clears it): every parameter file (a CSV whose header has the columns
 * `parameter` and `value`) opened with vs_csv_open outside that directory
 * is read with the rows of DIR/<same file name> over it: a row there replaces
 * the file's row with the same `parameter` (and `year`, when the files have
 * that column), other rows are added.  Messages about a row name the file it
 * came from; a note tells which rows were replaced.  The path is copied. */
VS_API vs_status vs_ctx_set_param_overrides(vs_ctx *ctx, const char *dir);

/* The override directory ("" when none). */
VS_API const char *vs_ctx_param_overrides(const vs_ctx *ctx);

/* The progress callback installed (NULL when none), to wrap it. */
VS_API void vs_ctx_get_progress(const vs_ctx *ctx, vs_progress_fn *fn, void **user);

/* Pass a note (printf-style, one line) to the note callback, if any. */
VS_API void vs_ctx_note(vs_ctx *ctx, const char *fmt, ...) VS_PRINTF(2, 3);

/* Report progress to the progress callback, if any (cheap when none). */
VS_API void vs_ctx_progress(vs_ctx *ctx, const char *what, double done, double total);

/* 1 when a progress callback is installed (to skip computing progress). */
VS_API int vs_ctx_has_progress(const vs_ctx *ctx);

#ifdef __cplusplus
}
#endif
#endif
