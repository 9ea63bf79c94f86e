/*
 * strbuf.h: one growing text buffer for all text the library builds (paths,
 * labels, sources, SQL, HTML).  Internal to libvardsim.
 *
 * The buffer keeps its first error, as SQLite's StrAccum does: appends return
 * nothing; once an allocation fails every later append is a no-op and
 * vsi_buf_failed() tells.  Check once, after building:
 *
 *     vsi_buf b = VSI_BUF_INIT;
 *     vsi_buf_printf(&b, "%s/%s", dir, name);
 *     if (vsi_buf_failed(&b)) { vsi_buf_free(&b); return vs_ctx_fail(ctx, VS_ENOMEM, ...); }
 *     use(vsi_buf_str(&b));
 *     vsi_buf_free(&b);
 *
 * vsi_buf_str() is never NULL ("" for an empty or failed buffer).  Text is
 * never truncated silently: it either fits, whole, or the buffer has failed.
 */
#ifndef VSI_STRBUF_H
#define VSI_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

#include "vardsim/core.h"

typedef struct vsi_buf {
    char *s;     /* NUL-terminated text, or NULL before the first append */
    size_t n;    /* length, excluding the NUL */
    size_t cap;  /* bytes allocated at s */
    int failed;  /* nonzero after an allocation failure: appends are ignored */
} vsi_buf;

#define VSI_BUF_INIT {NULL, 0, 0, 0}

/* Append formatted text.  On allocation failure the buffer is marked failed. */
void vsi_buf_printf(vsi_buf *b, const char *fmt, ...) VS_PRINTF(2, 3);
void vsi_buf_vprintf(vsi_buf *b, const char *fmt, va_list ap);

/* Append len bytes of s (len may be 0; s need not be NUL-terminated). */
void vsi_buf_append(vsi_buf *b, const char *s, size_t len);

/* Append a NUL-terminated string. */
void vsi_buf_puts(vsi_buf *b, const char *s);

/* Truncate to length n (n <= current length); keeps the allocation. */
void vsi_buf_truncate(vsi_buf *b, size_t n);

/* The text ("" when empty or failed); valid until the next append or free. */
const char *vsi_buf_str(const vsi_buf *b);

/* Length in bytes (0 when failed). */
size_t vsi_buf_len(const vsi_buf *b);

/* Nonzero when an append failed; the text is then not to be used. */
int vsi_buf_failed(const vsi_buf *b);

/* Take ownership of the text (malloc'd, NUL-terminated; NULL when failed or
 * out of memory); the buffer is reset to empty. */
char *vsi_buf_take(vsi_buf *b);

/* Free the text and reset to VSI_BUF_INIT. */
void vsi_buf_free(vsi_buf *b);

/* Build formatted text into a new malloc'd string (NULL when out of memory). */
char *vsi_strdup_printf(const char *fmt, ...) VS_PRINTF(1, 2);

#endif
