/*
 * ctx.c: the library context, which carries the message and status of the
 * last failure.  It is deliberately tiny: everything a computation needs is
 * passed explicitly, so two contexts in two threads never share state.
 */
#include "vardsim/core.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define VS_MSG_MAX 1024

struct vs_ctx {
    vs_status status;        /* status of the last failure, VS_OK if none */
    char message[VS_MSG_MAX]; /* NUL-terminated message of the last failure */
    const volatile sig_atomic_t *interrupt; /* vs_ctx_set_interrupt, or NULL */
};

const char *vs_version(void) { return VS_VERSION_STRING; }

vs_status vs_ctx_create(vs_ctx **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? VS_OK : VS_ENOMEM;
}

void vs_ctx_destroy(vs_ctx *ctx) { free(ctx); }

const char *vs_ctx_message(const vs_ctx *ctx) { return ctx ? ctx->message : ""; }

vs_status vs_ctx_status(const vs_ctx *ctx) { return ctx ? ctx->status : VS_OK; }

void vs_ctx_clear(vs_ctx *ctx)
{
    if (!ctx)
        return;
    ctx->status = VS_OK;
    ctx->message[0] = '\0';
}

vs_status vs_ctx_fail(vs_ctx *ctx, vs_status st, const char *fmt, ...)
{
    if (!ctx)
        return st;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->message, sizeof ctx->message, fmt, ap);
    va_end(ap);
    ctx->status = st;
    return st;
}

vs_status vs_ctx_fail_at(vs_ctx *ctx, const char *file, long line, const char *field,
                         const char *fmt, ...)
{
    if (!ctx)
        return VS_EINPUT;
    char what[VS_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    char where[VS_MSG_MAX / 2];
    if (line > 0)
        snprintf(where, sizeof where, "%s:%ld", file ? file : "<input>", line);
    else
        snprintf(where, sizeof where, "%s", file ? file : "<input>");
    if (field)
        snprintf(ctx->message, sizeof ctx->message, "%s: field %s: %s", where, field, what);
    else
        snprintf(ctx->message, sizeof ctx->message, "%s: %s", where, what);
    ctx->status = VS_EINPUT;
    return VS_EINPUT;
}

const char *vs_status_name(vs_status st)
{
    switch (st) {
    case VS_OK: return "ok";
    case VS_EINPUT: return "input error";
    case VS_EUSAGE: return "usage error";
    case VS_ENOMEM: return "out of memory";
    case VS_EIO: return "I/O error";
    case VS_ENUMERIC: return "numerical error";
    case VS_EINFEASIBLE: return "infeasible";
    case VS_ERUNTIME: return "runtime error";
    case VS_EINTERRUPTED: return "interrupted";
    }
    return "unknown status";
}

int vs_status_exit_code(vs_status st)
{
    switch (st) {
    case VS_OK: return 0;
    case VS_EINPUT:
    case VS_EUSAGE: return 2;
    case VS_EINTERRUPTED: return 130; /* as for SIGINT; the CLI uses 128 + its signal */
    default: return 1;
    }
}

/* ---- cooperative interruption ------------------------------------------------ */

void vs_ctx_set_interrupt(vs_ctx *ctx, const volatile sig_atomic_t *flag)
{
    if (ctx)
        ctx->interrupt = flag;
}

const volatile sig_atomic_t *vs_ctx_interrupt_flag(const vs_ctx *ctx)
{
    return ctx ? ctx->interrupt : NULL;
}

int vs_ctx_interrupted(const vs_ctx *ctx) { return ctx && ctx->interrupt && *ctx->interrupt; }

vs_status vs_ctx_check_interrupt(vs_ctx *ctx)
{
    return vs_ctx_interrupted(ctx) ? vs_ctx_fail(ctx, VS_EINTERRUPTED, "interrupted") : VS_OK;
}
