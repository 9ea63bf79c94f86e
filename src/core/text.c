/*
 * text.c: reading text files whole and checking them as UTF-8 (see text.h).
 */
#include "core/text.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

size_t vsi_utf8_seq_len(const unsigned char *s, size_t len)
{
    if (len == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0; /* overlong below U+0800 */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates U+D800-DFFF */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90; /* overlong below U+10000 */
        else if (c == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else
        return 0;
    if (len < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

/* Why the sequence at s (len bytes left) is refused. */
static const char *why_invalid(const unsigned char *s, size_t len)
{
    unsigned c = s[0];
    if (c >= 0x80 && c <= 0xBF)
        return "continuation byte without a lead byte; is the file Latin-1 or Windows-1252?";
    if (c == 0xC0 || c == 0xC1)
        return "overlong encoding";
    if (c >= 0xF5)
        return "not a UTF-8 lead byte; is the file Latin-1 or Windows-1252?";
    if (len < 2 || s[1] < 0x80 || s[1] > 0xBF)
        return "lead byte not followed by a continuation byte; is the file Latin-1 or "
               "Windows-1252?";
    if (c == 0xE0 && s[1] < 0xA0)
        return "overlong encoding";
    if (c == 0xF0 && s[1] < 0x90)
        return "overlong encoding";
    if (c == 0xED && s[1] > 0x9F)
        return "UTF-16 surrogate code point";
    if (c == 0xF4 && s[1] > 0x8F)
        return "code point above U+10FFFF";
    return "truncated multi-byte sequence";
}

int vsi_utf8_check(const char *buf, size_t len, vsi_text_error *err)
{
    const unsigned char *s = (const unsigned char *)buf;
    long line = 1, column = 1;
    size_t i = 0;
    while (i < len) {
        int control = (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
                      || s[i] == 0x7f;
        size_t n = control ? 0 : vsi_utf8_seq_len(s + i, len - i);
        if (n == 0) {
            if (err) {
                err->offset = i;
                err->line = line;
                err->column = column;
                err->byte = s[i];
                err->why = control ? "control character" : why_invalid(s + i, len - i);
            }
            return 0;
        }
        if (s[i] == '\n') {
            line++;
            column = 1;
        } else
            column++;
        i += n;
    }
    return 1;
}

vs_status vsi_text_check(vs_ctx *ctx, const char *name, const char *buf, size_t len)
{
    vsi_text_error e;
    if (vsi_utf8_check(buf, len, &e))
        return VS_OK;
    if (e.byte == 0)
        return vs_ctx_fail(ctx, VS_EINPUT, "%s:%ld:%ld: NUL byte in a text file", name, e.line,
                           e.column);
    if (e.byte < 0x20 || e.byte == 0x7f)
        return vs_ctx_fail(ctx, VS_EINPUT,
                           "%s:%ld:%ld: control character 0x%02X in a text file (only tab, "
                           "line feed and carriage return are allowed)",
                           name, e.line, e.column, e.byte);
    return vs_ctx_fail(ctx, VS_EINPUT,
                       "%s:%ld:%ld: invalid UTF-8 byte 0x%02X (%s); save the file as UTF-8", name,
                       e.line, e.column, e.byte, e.why);
}

/* Read the open stream f to its end into a growing buffer. */
static vs_status read_all(vs_ctx *ctx, const char *path, FILE *f, size_t max_bytes, char **text,
                          size_t *len)
{
    char *data = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (cap - n < 2) {
            size_t ncap = cap ? 2 * cap : 65536;
            char *nd = realloc(data, ncap);
            if (!nd) {
                free(data);
                return vs_ctx_fail(ctx, VS_ENOMEM, "%s: out of memory", path);
            }
            data = nd;
            cap = ncap;
        }
        size_t got = fread(data + n, 1, cap - n - 1, f);
        n += got;
        if (max_bytes && n > max_bytes) {
            free(data);
            return vs_ctx_fail(ctx, VS_EINPUT, "%s: file is larger than %zu bytes", path,
                               max_bytes);
        }
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(data);
        return vs_ctx_fail(ctx, VS_EIO, "%s: read error", path);
    }
    data[n] = '\0';
    *text = data;
    *len = n;
    return VS_OK;
}

vs_status vsi_read_text_file(vs_ctx *ctx, const char *path, size_t max_bytes, char **text,
                             size_t *len)
{
    *text = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return vs_ctx_fail(ctx, VS_EINPUT, "%s: cannot open: %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        fclose(f);
        return vs_ctx_fail(ctx, VS_EINPUT, "%s: cannot open: is a directory, expected a file",
                           path);
    }
    vs_status st = read_all(ctx, path, f, max_bytes, text, len);
    fclose(f);
    if (st)
        return st;
    if ((st = vsi_text_check(ctx, path, *text, *len))) {
        free(*text);
        *text = NULL;
        *len = 0;
    }
    return st;
}

int vsi_plain_decimal(const char *s)
{
    if (*s == '-')
        s++;
    int digits = 0;
    while (isdigit((unsigned char)*s)) {
        s++;
        digits++;
    }
    if (*s == '.') {
        s++;
        while (isdigit((unsigned char)*s)) {
            s++;
            digits++;
        }
    }
    if (!digits)
        return 0;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!isdigit((unsigned char)*s))
            return 0;
        while (isdigit((unsigned char)*s))
            s++;
    }
    return *s == '\0';
}
