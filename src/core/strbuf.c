/*
 * strbuf.c: the growing text buffer (strbuf.h).
 */
#include "core/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Make room for need more bytes plus the NUL; 0 on success.  Marks the buffer
 * failed on overflow or allocation failure. */
static int reserve(vsi_buf *b, size_t need)
{
    if (b->failed)
        return -1;
    if (need > ((size_t)-1) / 2 - b->n - 1) {
        b->failed = 1;
        return -1;
    }
    size_t want = b->n + need + 1;
    if (want <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < want)
        cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s) {
        b->failed = 1;
        return -1;
    }
    b->s = s;
    b->cap = cap;
    return 0;
}

void vsi_buf_vprintf(vsi_buf *b, const char *fmt, va_list ap)
{
    if (b->failed)
        return;
    va_list aq;
    va_copy(aq, ap);
    int k = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (k < 0) {
        b->failed = 1;
        return;
    }
    if (reserve(b, (size_t)k))
        return;
    vsnprintf(b->s + b->n, (size_t)k + 1, fmt, ap);
    b->n += (size_t)k;
}

void vsi_buf_printf(vsi_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsi_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void vsi_buf_append(vsi_buf *b, const char *s, size_t len)
{
    if (reserve(b, len))
        return;
    if (len)
        memcpy(b->s + b->n, s, len);
    b->n += len;
    b->s[b->n] = '\0';
}

void vsi_buf_puts(vsi_buf *b, const char *s) { vsi_buf_append(b, s, strlen(s)); }

void vsi_buf_truncate(vsi_buf *b, size_t n)
{
    if (b->failed || !b->s || n > b->n)
        return;
    b->n = n;
    b->s[n] = '\0';
}

const char *vsi_buf_str(const vsi_buf *b) { return b->failed || !b->s ? "" : b->s; }

size_t vsi_buf_len(const vsi_buf *b) { return b->failed ? 0 : b->n; }

int vsi_buf_failed(const vsi_buf *b) { return b->failed; }

char *vsi_buf_take(vsi_buf *b)
{
    char *s = NULL;
    if (!b->failed)
        s = b->s ? b->s : calloc(1, 1);
    else
        free(b->s);
    b->s = NULL;
    b->n = b->cap = 0;
    b->failed = 0;
    return s;
}

void vsi_buf_free(vsi_buf *b)
{
    free(b->s);
    b->s = NULL;
    b->n = b->cap = 0;
    b->failed = 0;
}

char *vsi_strdup_printf(const char *fmt, ...)
{
    vsi_buf b = VSI_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    vsi_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    return vsi_buf_take(&b);
}
