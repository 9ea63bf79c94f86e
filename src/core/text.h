/*
 * text.h: the one gate every text input passes before it is parsed: reading
 * a file whole, and checking that it is UTF-8 text.  Internal to libvardsim.
 *
 * A text input (scenario YAML, every CSV, region.json, areas.geojson) is
 * valid when it is well-formed UTF-8 (RFC 3629: no overlong forms, no UTF-16
 * surrogates D800-DFFF, nothing above U+10FFFF, no truncated sequence) and
 * holds no NUL byte and no other control character except tab, line feed
 * and carriage return (each format may refuse more: CSV refuses CR).  The first offending byte is reported as
 *   "FILE:LINE:COL: invalid UTF-8 byte 0xNN (why); save the file as UTF-8"
 * where COL counts characters (code points) from 1, as editors show it.
 * Parsers never see anything else, so no parser can silently stop at a byte
 * it does not understand (a Latin-1 "ö" from a Windows editor, say).
 */
#ifndef VSI_TEXT_H
#define VSI_TEXT_H

#include <stddef.h>

#include "vardsim/core.h"

/* Where and why a buffer is not UTF-8 text. */
typedef struct vsi_text_error {
    size_t offset;      /* byte offset of the offending byte */
    long line, column;  /* 1-based line, and column in characters */
    unsigned char byte; /* the offending byte */
    const char *why;    /* short English reason ("overlong encoding", ...) */
} vsi_text_error;

/* Check buf[0..len).  Returns 1 when it is UTF-8 text as defined above;
 * otherwise 0 and, when err is not NULL, fills *err with the first problem. */
int vsi_utf8_check(const char *buf, size_t len, vsi_text_error *err);

/* Length in bytes of the well-formed UTF-8 sequence starting at s (at most
 * len bytes available), or 0 when s[0] does not start one.  A NUL byte is
 * a well-formed sequence of length 1 here (as is any control character);
 * vsi_utf8_check refuses them. */
size_t vsi_utf8_seq_len(const unsigned char *s, size_t len);

/* vsi_utf8_check, reporting the problem on ctx as an input error naming
 * `name` (the file), line and column.  Returns VS_OK or VS_EINPUT. */
vs_status vsi_text_check(vs_ctx *ctx, const char *name, const char *buf, size_t len);

/* Read the whole file `path` into a new NUL-terminated buffer (*text, to be
 * freed; *len excludes the NUL) and check it with vsi_text_check.  A file
 * that cannot be opened (missing, a directory, unreadable) is an input error
 * naming it (VS_EINPUT: the user gave a bad path); a read error is VS_EIO; a
 * file larger than max_bytes (0: no limit) is VS_EINPUT. */
vs_status vsi_read_text_file(vs_ctx *ctx, const char *path, size_t max_bytes, char **text,
                             size_t *len);

/* 1 when s is a plain decimal number, -?(D+(.D*)?|.D+)([eE][+-]?D+)? with
 * nothing around it; 0 for what strtod would also take (hex floats such as
 * 0x1A, inf, nan, a leading '+' or space).  The number grammar of every CSV
 * input, and what the CSV export leaves unquoted as a number. */
int vsi_plain_decimal(const char *s);

#endif
