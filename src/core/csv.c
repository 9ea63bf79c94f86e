/*
 * csv.c: strict CSV reader (see vardsim/csv.h).
 *
 * The file is read into one buffer and tokenised in place: a record's fields
 * are unquoted into the buffer itself (unquoting only ever shortens a field)
 * and NUL-terminated, so a field pointer stays valid until the reader is
 * closed.  Encoding problems (BOM, CR, NUL bytes, invalid UTF-8) are
 * rejected at open with the line where they occur, because a planner's
 * spreadsheet export is the most common source of such files and a precise
 * message saves an hour.
 */
#include "vardsim/csv.h"
#include "core/text.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct vs_csv {
    char *name;      /* file name for messages */
    char *buf;       /* whole file, NUL-terminated, tokenised in place */
    size_t len;      /* bytes in buf */
    size_t pos;      /* parse position of the next record */
    long next_line;  /* line number at pos */
    int ncols;       /* header columns */
    char **header;   /* ncols names (point into buf) */
    char **fields;   /* ncols fields of the current record */
    long line;       /* line of the current record */
};

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* Split one record starting at csv->pos.  Fields go into out[0..*n) (at most
 * cap, counting beyond cap without storing).  Returns VS_OK, or VS_EINPUT for
 * an unterminated quote or a quote in the middle of an unquoted field. */
static vs_status split_record(vs_ctx *ctx, vs_csv *csv, char **out, int cap, int *n)
{
    char *p = csv->buf + csv->pos;
    char *end = csv->buf + csv->len;
    long start_line = csv->next_line;
    int k = 0;
    for (;;) {
        char *field = p;
        char *w = p;
        if (p < end && *p == '"') {
            p++;
            for (;;) {
                if (p >= end)
                    return vs_ctx_fail_at(ctx, csv->name, start_line,
                                          k < csv->ncols && csv->header ? csv->header[k] : NULL,
                                          "unterminated quoted field (truncated line?)");
                if (*p == '"') {
                    if (p + 1 < end && p[1] == '"') {
                        *w++ = '"';
                        p += 2;
                        continue;
                    }
                    p++;
                    break;
                }
                if (*p == '\n')
                    csv->next_line++;
                *w++ = *p++;
            }
            if (p < end && *p != ',' && *p != '\n')
                return vs_ctx_fail_at(ctx, csv->name, start_line,
                                      k < csv->ncols && csv->header ? csv->header[k] : NULL,
                                      "text after a closing quote");
        } else {
            while (p < end && *p != ',' && *p != '\n') {
                if (*p == '"')
                    return vs_ctx_fail_at(ctx, csv->name, start_line,
                                          k < csv->ncols && csv->header ? csv->header[k] : NULL,
                                          "quote character inside an unquoted field");
                p++;
            }
            w = p;
        }
        char sep = p < end ? *p : '\n';
        *w = '\0';
        if (k < cap)
            out[k] = field;
        k++;
        if (p < end)
            p++;
        if (sep == '\n')
            break;
    }
    csv->next_line++;
    csv->pos = (size_t)(p - csv->buf);
    *n = k;
    return VS_OK;
}

/* Skip blank lines at csv->pos. */
static void skip_blank(vs_csv *csv)
{
    while (csv->pos < csv->len && csv->buf[csv->pos] == '\n') {
        csv->pos++;
        csv->next_line++;
    }
}

/* The whole file must be UTF-8 text (no BOM, no NUL, no invalid byte: see
 * core/text.h) with LF line endings. */
static vs_status check_bytes(vs_ctx *ctx, const char *name, const char *b, size_t len)
{
    if (len >= 3 && (unsigned char)b[0] == 0xEF && (unsigned char)b[1] == 0xBB &&
        (unsigned char)b[2] == 0xBF)
        return vs_ctx_fail_at(ctx, name, 1, NULL,
                              "file starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 "
                              "without BOM");
    long line = 1;
    for (size_t i = 0; i < len; i++) {
        if (b[i] == '\r')
            return vs_ctx_fail_at(ctx, name, line, NULL,
                                  "carriage return (CRLF line endings); convert the file to LF "
                                  "line endings (for example with dos2unix)");
        if (b[i] == '\n')
            line++;
    }
    return vsi_text_check(ctx, name, b, len);
}

vs_status vs_csv_open_buffer(vs_ctx *ctx, const char *name, const char *data, size_t len,
                             vs_csv **out)
{
    *out = NULL;
    vs_status st = check_bytes(ctx, name, data, len);
    if (st)
        return st;
    vs_csv *csv = calloc(1, sizeof *csv);
    if (!csv)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory reading %s", name);
    csv->name = dup_str(name);
    csv->buf = malloc(len + 1);
    if (!csv->name || !csv->buf) {
        vs_csv_close(csv);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory reading %s", name);
    }
    memcpy(csv->buf, data, len);
    csv->buf[len] = '\0';
    csv->len = len;
    csv->next_line = 1;
    skip_blank(csv);
    if (csv->pos >= csv->len) {
        vs_csv_close(csv);
        return vs_ctx_fail_at(ctx, name, 1, NULL, "file is empty (expected a header line)");
    }
    /* Count header fields first, then split for real. */
    int n = 0;
    size_t save_pos = csv->pos;
    long save_line = csv->next_line;
    st = split_record(ctx, csv, NULL, 0, &n);
    if (st) {
        vs_csv_close(csv);
        return st;
    }
    /* split_record wrote NULs; restore the separators by re-reading a fresh copy. */
    memcpy(csv->buf, data, len);
    csv->pos = save_pos;
    csv->next_line = save_line;
    csv->header = calloc((size_t)n, sizeof *csv->header);
    csv->fields = calloc((size_t)n, sizeof *csv->fields);
    if (!csv->header || !csv->fields) {
        vs_csv_close(csv);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory reading %s", name);
    }
    long hline = csv->next_line;
    st = split_record(ctx, csv, csv->header, n, &n);
    if (st) {
        vs_csv_close(csv);
        return st;
    }
    csv->ncols = n;
    for (int i = 0; i < n; i++) {
        if (csv->header[i][0] == '\0') {
            vs_csv_close(csv);
            return vs_ctx_fail_at(ctx, name, hline, NULL, "header column %d has no name", i + 1);
        }
        for (int j = 0; j < i; j++)
            if (strcmp(csv->header[i], csv->header[j]) == 0) {
                char col[128];
                snprintf(col, sizeof col, "%s", csv->header[i]);
                vs_csv_close(csv);
                return vs_ctx_fail_at(ctx, name, hline, col, "column appears twice in the header");
            }
    }
    *out = csv;
    return VS_OK;
}

vs_status vs_csv_open(vs_ctx *ctx, const char *path, vs_csv **out)
{
    *out = NULL;
    char *data;
    size_t len;
    vs_status st = vsi_read_text_file(ctx, path, 0, &data, &len);
    if (st)
        return st;
    st = vs_csv_open_buffer(ctx, path, data, len, out);
    free(data);
    return st;
}

void vs_csv_close(vs_csv *csv)
{
    if (!csv)
        return;
    free(csv->name);
    free(csv->buf);
    free(csv->header);
    free(csv->fields);
    free(csv);
}

const char *vs_csv_name(const vs_csv *csv) { return csv->name; }
int vs_csv_ncols(const vs_csv *csv) { return csv->ncols; }
const char *vs_csv_colname(const vs_csv *csv, int col)
{
    return col >= 0 && col < csv->ncols ? csv->header[col] : "";
}

int vs_csv_find(const vs_csv *csv, const char *name)
{
    for (int i = 0; i < csv->ncols; i++)
        if (strcmp(csv->header[i], name) == 0)
            return i;
    return -1;
}

vs_status vs_csv_require(vs_ctx *ctx, const vs_csv *csv, const char *name, int *col)
{
    *col = vs_csv_find(csv, name);
    if (*col < 0)
        return vs_ctx_fail_at(ctx, csv->name, 1, name, "required column is missing from the header");
    return VS_OK;
}

vs_status vs_csv_next(vs_ctx *ctx, vs_csv *csv, int *has_row)
{
    *has_row = 0;
    skip_blank(csv);
    if (csv->pos >= csv->len)
        return VS_OK;
    csv->line = csv->next_line;
    int n = 0;
    vs_status st = split_record(ctx, csv, csv->fields, csv->ncols, &n);
    if (st)
        return st;
    if (n != csv->ncols) {
        const char *field = n < csv->ncols ? csv->header[n] : NULL;
        return vs_ctx_fail_at(ctx, csv->name, csv->line, field,
                              "record has %d fields but the header has %d%s", n, csv->ncols,
                              n < csv->ncols ? " (truncated line?)" : "");
    }
    *has_row = 1;
    return VS_OK;
}

long vs_csv_line(const vs_csv *csv) { return csv->line; }

const char *vs_csv_field(const vs_csv *csv, int col)
{
    return col >= 0 && col < csv->ncols ? csv->fields[col] : "";
}

int vs_csv_empty(const vs_csv *csv, int col) { return vs_csv_field(csv, col)[0] == '\0'; }

vs_status vs_csv_fail(vs_ctx *ctx, const vs_csv *csv, int col, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return vs_ctx_fail_at(ctx, csv->name, csv->line, col >= 0 ? vs_csv_colname(csv, col) : NULL,
                          "%s", what);
}

/* Is s a plain decimal integer: an optional '-' and digits, nothing else
 * (no '+', no spaces, no hex)? */
static int plain_integer(const char *s)
{
    if (*s == '-')
        s++;
    if (!isdigit((unsigned char)*s))
        return 0;
    while (isdigit((unsigned char)*s))
        s++;
    return *s == '\0';
}

vs_status vs_csv_int64(vs_ctx *ctx, const vs_csv *csv, int col, int64_t min, int64_t max,
                       int64_t *out)
{
    const char *s = vs_csv_field(csv, col);
    if (!*s)
        return vs_csv_fail(ctx, csv, col, "empty value, expected an integer");
    if (!plain_integer(s))
        return vs_csv_fail(ctx, csv, col, "'%s' is not an integer", s);
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (errno == ERANGE)
        return vs_csv_fail(ctx, csv, col, "'%s' overflows a 64-bit integer", s);
    if (v < min && v < 0 && min >= 0)
        return vs_csv_fail(ctx, csv, col, "negative value %lld, expected a count >= %lld", v,
                           (long long)min);
    if (v < min || v > max)
        return vs_csv_fail(ctx, csv, col, "value %lld is out of range [%lld, %lld]", v,
                           (long long)min, (long long)max);
    *out = v;
    return VS_OK;
}

vs_status vs_csv_double(vs_ctx *ctx, const vs_csv *csv, int col, double min, double max,
                        double *out)
{
    const char *s = vs_csv_field(csv, col);
    if (!*s)
        return vs_csv_fail(ctx, csv, col, "empty value, expected a number");
    if (!vsi_plain_decimal(s))
        return vs_csv_fail(ctx, csv, col, "'%s' is not a number", s);
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (errno == ERANGE || !isfinite(v))
        return vs_csv_fail(ctx, csv, col, "'%s' is out of the range of a double", s);
    if (v < min || v > max)
        return vs_csv_fail(ctx, csv, col, "value %s is out of range [%g, %g]", s, min, max);
    *out = v;
    return VS_OK;
}

vs_status vs_csv_text(vs_ctx *ctx, const vs_csv *csv, int col, char *buf, size_t cap)
{
    const char *s = vs_csv_field(csv, col);
    size_t n = strlen(s);
    if (n == 0)
        return vs_csv_fail(ctx, csv, col, "empty value");
    if (n >= cap)
        return vs_csv_fail(ctx, csv, col, "value is too long (%zu bytes, limit %zu)", n, cap - 1);
    memcpy(buf, s, n + 1);
    return VS_OK;
}

vs_status vs_csv_id(vs_ctx *ctx, const vs_csv *csv, int col, char *buf, size_t cap)
{
    vs_status st = vs_csv_text(ctx, csv, col, buf, cap);
    if (st)
        return st;
    for (const unsigned char *p = (const unsigned char *)buf; *p; p++)
        if (*p <= ' ' || *p == 0x7f)
            return vs_csv_fail(ctx, csv, col, "identifier '%s' contains a space or control character",
                               buf);
    return VS_OK;
}

vs_status vs_csv_read_params(vs_ctx *ctx, const char *path, vs_csv_param *want, int n)
{
    vs_csv *csv;
    vs_status st = vs_csv_open(ctx, path, &csv);
    if (st)
        return st;
    int c_par, c_val;
    if ((st = vs_csv_require(ctx, csv, "parameter", &c_par)) ||
        (st = vs_csv_require(ctx, csv, "value", &c_val))) {
        vs_csv_close(csv);
        return st;
    }
    for (int i = 0; i < n; i++)
        want[i].found = 0;
    int has;
    while (!(st = vs_csv_next(ctx, csv, &has)) && has) {
        const char *name = vs_csv_field(csv, c_par);
        for (int i = 0; i < n; i++) {
            if (strcmp(name, want[i].name) != 0)
                continue;
            if (want[i].found) {
                st = vs_csv_fail(ctx, csv, c_par, "parameter '%s' appears twice", name);
                break;
            }
            st = vs_csv_double(ctx, csv, c_val, want[i].min, want[i].max, want[i].dst);
            want[i].found = 1;
            break;
        }
        if (st)
            break;
    }
    for (int i = 0; !st && i < n; i++)
        if (!want[i].found)
            st = vs_ctx_fail_at(ctx, path, 0, "parameter", "no row for parameter '%s'",
                                want[i].name);
    vs_csv_close(csv);
    return st;
}
