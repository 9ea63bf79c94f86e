/*
 * ctx.c: the library context, which carries the message and status of the
 * last failure.  It is deliberately tiny: everything a computation needs is
 * passed explicitly, so two contexts in two threads never share state.
 */
#include "vardsim/core.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VS_MSG_MAX 1024

struct vs_ctx {
    vs_status status;        /* status of the last failure, VS_OK if none */
    char message[VS_MSG_MAX]; /* NUL-terminated message of the last failure */
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

/* Cut s (a message that did not fit) before a UTF-8 character whose bytes
 * the cut left incomplete, so a message is always whole characters. */
static void cut_partial_char(char *s, size_t len)
{
    size_t i = len;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return;
    unsigned char c = (unsigned char)s[i - 1];
    size_t need = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (len - (i - 1) < need)
        s[i - 1] = '\0';
}

vs_status vs_ctx_fail(vs_ctx *ctx, vs_status st, const char *fmt, ...)
{
    if (!ctx)
        return st;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(ctx->message, sizeof ctx->message, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof ctx->message)
        cut_partial_char(ctx->message, sizeof ctx->message - 1);
    ctx->status = st;
    return st;
}

/* Append s to the message at *len, at most up to `end` bytes (end <
 * VS_MSG_MAX): a message is bounded, and what does not fit is cut off before
 * the first character that does not fit whole. */
static void put_part(vs_ctx *ctx, size_t *len, const char *s, size_t end)
{
    size_t room = end > *len ? end - *len : 0, n = strlen(s);
    if (n > room) {
        n = room;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--; /* s[n] continues a character: leave the whole character out */
    }
    memcpy(ctx->message + *len, s, n);
    *len += n;
    ctx->message[*len] = '\0';
}

vs_status vs_ctx_fail_at(vs_ctx *ctx, const char *file, long line, const char *field,
                         const char *fmt, ...)
{
    if (!ctx)
        return VS_EINPUT;
    /* the text first: its arguments may point into ctx->message */
    char what[VS_MSG_MAX], num[32];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    const size_t end = sizeof ctx->message - 1;
    size_t len = 0;
    put_part(ctx, &len, file ? file : "<input>", VS_MSG_MAX / 2 - 1); /* room for the rest */
    if (line > 0) {
        snprintf(num, sizeof num, ":%ld", line);
        put_part(ctx, &len, num, end);
    }
    if (field) {
        put_part(ctx, &len, ": field ", end);
        put_part(ctx, &len, field, end);
    }
    put_part(ctx, &len, ": ", end);
    put_part(ctx, &len, what, end);
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
    }
    return "unknown status";
}

int vs_status_exit_code(vs_status st)
{
    switch (st) {
    case VS_OK: return 0;
    case VS_EINPUT:
    case VS_EUSAGE: return 2;
    default: return 1;
    }
}
