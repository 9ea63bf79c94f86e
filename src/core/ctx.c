/*
 * ctx.c: the library context, which carries the message and status of the
 * last failure.  It is deliberately tiny: everything a computation needs is
 * passed explicitly, so two contexts in two threads never share state.
 */
#include "vardsim/core.h"
#include "core/ctx_int.h"
#include "core/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VS_MSG_MAX 1024

struct vs_ctx {
    vs_status status;        /* status of the last failure, VS_OK if none */
    char message[VS_MSG_MAX]; /* NUL-terminated message of the last failure */
    const volatile sig_atomic_t *interrupt; /* vs_ctx_set_interrupt, or NULL */
    vs_note_fn note;          /* vs_ctx_set_note, or NULL */
    void *note_user;
    vs_progress_fn progress;  /* vs_ctx_set_progress, or NULL */
    void *progress_user;
    char param_overrides[1024]; /* vs_ctx_set_param_overrides, "" when none */
    const struct vs_units_backend *units; /* vs_ctx_set_units_backend, or NULL */
    int units_seq;            /* phases started on this context (vs_units_run) */
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

/* Copy the message `raw` into ctx->message with every byte that could
 * garble a terminal or a log escaped: control characters (newline as \n,
 * tab \t, carriage return \r, others and DEL as \xNN, C1 controls as
 * \u0080-\u009F) and bytes that are not part of well-formed UTF-8 (\xNN).  Input-derived text quoted in a
 * message (a field value, a key, a file name) thus always stays on one line
 * and shows what the file holds.  A message that does not fit is cut at a
 * character boundary. */
static void set_escaped(vs_ctx *ctx, const char *raw)
{
    const unsigned char *s = (const unsigned char *)raw;
    size_t len = strlen(raw), w = 0, cap = sizeof ctx->message;
    for (size_t i = 0; i < len;) {
        char esc[8];
        size_t n = vsi_utf8_seq_len(s + i, len - i), out;
        int c1 = n == 2 && s[i] == 0xC2 && s[i + 1] < 0xA0; /* C1 control U+0080-009F */
        if (n > 0 && s[i] >= 0x20 && s[i] != 0x7f && !c1) {
            if (w + n >= cap)
                break;
            memcpy(ctx->message + w, s + i, n);
            w += n;
            i += n;
            continue;
        }
        if (s[i] == '\n')
            out = (size_t)snprintf(esc, sizeof esc, "\\n");
        else if (s[i] == '\t')
            out = (size_t)snprintf(esc, sizeof esc, "\\t");
        else if (s[i] == '\r')
            out = (size_t)snprintf(esc, sizeof esc, "\\r");
        else if (c1)
            out = (size_t)snprintf(esc, sizeof esc, "\\u%04X", s[i + 1]);
        else
            out = (size_t)snprintf(esc, sizeof esc, "\\x%02X", s[i]);
        if (w + out >= cap)
            break;
        memcpy(ctx->message + w, esc, out);
        w += out;
        i += c1 ? 2 : 1;
    }
    ctx->message[w] = '\0';
}

vs_status vs_ctx_fail(vs_ctx *ctx, vs_status st, const char *fmt, ...)
{
    if (!ctx)
        return st;
    /* formatted whole first (its arguments may point into ctx->message), then
     * escaped and cut at a character boundary into the message; no
     * allocation, so that an out-of-memory failure can always be told */
    char raw[2 * VS_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    set_escaped(ctx, raw);
    ctx->status = st;
    return st;
}

/* Append at most max bytes of s to raw (capacity cap, length *n), never
 * splitting a UTF-8 character. */
static void put_part(char *raw, size_t cap, size_t *n, const char *s, size_t max)
{
    size_t k = strlen(s), room = cap - 1 - *n;
    if (max > room)
        max = room;
    if (k > max) {
        k = max;
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--; /* s[k] continues a character: leave the whole character out */
    }
    memcpy(raw + *n, s, k);
    *n += k;
    raw[*n] = '\0';
}

vs_status vs_ctx_fail_at(vs_ctx *ctx, const char *file, long line, const char *field,
                         const char *fmt, ...)
{
    if (!ctx)
        return VS_EINPUT;
    /* the text first: its arguments may point into ctx->message */
    char what[VS_MSG_MAX], raw[2 * VS_MSG_MAX], num[32];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    size_t n = 0;
    raw[0] = '\0';
    /* the location takes at most half, so that what is wrong shows */
    put_part(raw, sizeof raw, &n, file ? file : "<input>", VS_MSG_MAX / 2);
    if (line > 0) {
        snprintf(num, sizeof num, ":%ld", line);
        put_part(raw, sizeof raw, &n, num, sizeof raw);
    }
    if (field) {
        put_part(raw, sizeof raw, &n, ": field ", sizeof raw);
        put_part(raw, sizeof raw, &n, field, VS_MSG_MAX / 4);
    }
    put_part(raw, sizeof raw, &n, ": ", sizeof raw);
    put_part(raw, sizeof raw, &n, what, sizeof raw);
    set_escaped(ctx, raw);
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

/* ---- notes and progress ------------------------------------------------------ */

void vs_ctx_set_note(vs_ctx *ctx, vs_note_fn fn, void *user)
{
    if (ctx) {
        ctx->note = fn;
        ctx->note_user = user;
    }
}

void vs_ctx_set_progress(vs_ctx *ctx, vs_progress_fn fn, void *user)
{
    if (ctx) {
        ctx->progress = fn;
        ctx->progress_user = user;
    }
}

void vs_ctx_get_progress(const vs_ctx *ctx, vs_progress_fn *fn, void **user)
{
    *fn = ctx ? ctx->progress : NULL;
    *user = ctx ? ctx->progress_user : NULL;
}

void vs_ctx_note(vs_ctx *ctx, const char *fmt, ...)
{
    if (!ctx || !ctx->note)
        return;
    char text[VS_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    ctx->note(ctx->note_user, text);
}

void vs_ctx_progress(vs_ctx *ctx, const char *what, double done, double total)
{
    if (ctx && ctx->progress)
        ctx->progress(ctx->progress_user, what, done, total);
}

int vs_ctx_has_progress(const vs_ctx *ctx) { return ctx && ctx->progress; }

vs_status vs_ctx_set_param_overrides(vs_ctx *ctx, const char *dir)
{
    if (!ctx)
        return VS_EUSAGE;
    if (dir && strlen(dir) >= sizeof ctx->param_overrides)
        return vs_ctx_fail(ctx, VS_EUSAGE, "parameter override directory '%s' is too long", dir);
    snprintf(ctx->param_overrides, sizeof ctx->param_overrides, "%s", dir ? dir : "");
    return VS_OK;
}

const char *vs_ctx_param_overrides(const vs_ctx *ctx) { return ctx ? ctx->param_overrides : ""; }

void vs_ctx_set_units_backend(vs_ctx *ctx, const vs_units_backend *be)
{
    if (ctx)
        ctx->units = be;
}

const vs_units_backend *vs_ctx_units_backend(const vs_ctx *ctx) { return ctx ? ctx->units : NULL; }

int vsi_ctx_next_units_seq(vs_ctx *ctx) { return ctx ? ctx->units_seq++ : 0; }
