/*
 * csv.c: the CSV reader (see vardsim/csv.h).
 *
 * The file is read into one buffer and tokenised in place: a record's fields
 * are unquoted into the buffer itself (unquoting only ever shortens a field)
 * and NUL-terminated, so a field pointer stays valid until the reader is
 * closed.  At open a UTF-8 byte-order mark is dropped and CRLF line endings
 * become LF (what Excel and Python's csv module write); the separator is
 * taken from the header line: ';' when the header has semicolons and no
 * commas (the Swedish spreadsheet format, whose numbers use a decimal
 * comma), else ','.  Encoding problems (a lone CR, NUL bytes, invalid UTF-8)
 * are rejected at open with the line where they occur.
 */
#include "vardsim/csv.h"
#include "core/strbuf.h"
#include "core/text.h"

#include <ctype.h>
#include <limits.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    char sep;        /* ',' or ';' */
    int bom, crlf;   /* the file had a byte-order mark, CRLF line endings */
    char *raw;       /* copy of the normalised text, for hints on bad records */
    /* a parameter file merged with a region's overrides: where each record
     * came from (NULL otherwise) */
    char *files[2];  /* the file and its override file */
    unsigned char *rec_file; /* per record: index into files */
    long *rec_line;  /* per record: line in that file */
    long nrec, nrec_cap; /* records visited, records mapped */
    const char *cur; /* file of the current record (messages) */
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
            if (p < end && *p != csv->sep && *p != '\n')
                return vs_ctx_fail_at(ctx, csv->name, start_line,
                                      k < csv->ncols && csv->header ? csv->header[k] : NULL,
                                      "text after a closing quote");
        } else {
            while (p < end && *p != csv->sep && *p != '\n') {
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

/* Drop a UTF-8 byte-order mark, check that the rest is UTF-8 text (see
 * core/text.h) and copy it into csv->buf with CRLF turned into LF; a CR that
 * is not followed by LF is refused. */
static vs_status normalise(vs_ctx *ctx, vs_csv *csv, const char *b, size_t len)
{
    if (len >= 3 && (unsigned char)b[0] == 0xEF && (unsigned char)b[1] == 0xBB &&
        (unsigned char)b[2] == 0xBF) {
        b += 3;
        len -= 3;
        csv->bom = 1;
    }
    vs_status st = vsi_text_check(ctx, csv->name, b, len);
    if (st)
        return st;
    csv->buf = malloc(len + 1);
    csv->raw = malloc(len + 1);
    if (!csv->buf || !csv->raw)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory reading %s", csv->name);
    size_t w = 0;
    long line = 1;
    for (size_t i = 0; i < len; i++) {
        if (b[i] == '\r') {
            if (i + 1 < len && b[i + 1] == '\n') {
                csv->crlf = 1;
                continue;
            }
            return vs_ctx_fail_at(ctx, csv->name, line, NULL,
                                  "carriage return not followed by a line feed (old Mac line "
                                  "endings?); save the file with LF or CRLF line endings");
        }
        if (b[i] == '\n')
            line++;
        csv->buf[w++] = b[i];
    }
    csv->buf[w] = '\0';
    csv->len = w;
    memcpy(csv->raw, csv->buf, w + 1);
    return VS_OK;
}

/* The separator, from the header line (the first non-blank line, at
 * csv->pos): ';' when it has semicolons and no commas outside quotes (the
 * Swedish spreadsheet format), ',' otherwise.  Both, or tabs and neither, is
 * an input error: the reader cannot tell what the columns are. */
static vs_status detect_separator(vs_ctx *ctx, vs_csv *csv)
{
    int commas = 0, semis = 0, tabs = 0, quoted = 0;
    for (size_t i = csv->pos; i < csv->len; i++) {
        char c = csv->buf[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && c == '\n')
            break;
        else if (!quoted)
            commas += c == ',', semis += c == ';', tabs += c == '\t';
    }
    if (commas && semis)
        return vs_ctx_fail_at(ctx, csv->name, csv->next_line, NULL,
                              "the header line has both ',' and ';' between its column names, so "
                              "the separator cannot be told; use ',' throughout (numbers with a "
                              "decimal point) or ';' throughout (the Swedish spreadsheet format, "
                              "numbers with a decimal comma)");
    if (tabs && !commas && !semis)
        return vs_ctx_fail_at(ctx, csv->name, csv->next_line, NULL,
                              "the header line is separated by tabs; save the file as CSV "
                              "(',' or ';' between columns)");
    csv->sep = semis ? ';' : ',';
    return VS_OK;
}

/* Split the header record and check its names: non-empty, no duplicates. */
static vs_status read_header(vs_ctx *ctx, vs_csv *csv)
{
    /* Count header fields first, then split for real. */
    int n = 0;
    size_t save_pos = csv->pos;
    long save_line = csv->next_line;
    vs_status st = split_record(ctx, csv, NULL, 0, &n);
    if (st)
        return st;
    /* split_record wrote NULs; restore the separators from the copy. */
    memcpy(csv->buf, csv->raw, csv->len + 1);
    csv->pos = save_pos;
    csv->next_line = save_line;
    csv->header = calloc((size_t)n, sizeof *csv->header);
    csv->fields = calloc((size_t)n, sizeof *csv->fields);
    if (!csv->header || !csv->fields)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory reading %s", csv->name);
    long hline = csv->next_line;
    if ((st = split_record(ctx, csv, csv->header, n, &n)))
        return st;
    csv->ncols = n;
    for (int i = 0; i < n; i++) {
        if (csv->header[i][0] == '\0')
            return vs_ctx_fail_at(ctx, csv->name, hline, NULL, "header column %d has no name",
                                  i + 1);
        for (int j = 0; j < i; j++)
            if (strcmp(csv->header[i], csv->header[j]) == 0)
                return vs_ctx_fail_at(ctx, csv->name, hline, csv->header[i],
                                      "column appears twice in the header");
    }
    return VS_OK;
}

vs_status vs_csv_open_buffer(vs_ctx *ctx, const char *name, const char *data, size_t len,
                             vs_csv **out)
{
    *out = NULL;
    vs_csv *csv = calloc(1, sizeof *csv);
    if (!csv || !(csv->name = dup_str(name))) {
        vs_csv_close(csv);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory reading %s", name);
    }
    csv->next_line = 1;
    csv->sep = ',';
    vs_status st = normalise(ctx, csv, data, len);
    if (!st) {
        skip_blank(csv);
        if (csv->pos >= csv->len)
            st = vs_ctx_fail_at(ctx, name, 1, NULL, "file is empty (expected a header line)");
    }
    if (!st)
        st = detect_separator(ctx, csv);
    if (!st)
        st = read_header(ctx, csv);
    if (st) {
        vs_csv_close(csv);
        return st;
    }
    if (csv->sep == ';')
        vs_ctx_note(ctx, "%s: read as the Swedish spreadsheet format (';' between columns, "
                         "decimal comma)", name);
    *out = csv;
    return VS_OK;
}

static int plain_number(const vs_csv *csv, const char *s, char *buf, size_t cap);

vs_status vs_csv_open_plain(vs_ctx *ctx, const char *path, vs_csv **out)
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

/* ---- a region's parameter overrides (vs_ctx_set_param_overrides) ------------- */

/* All records of csv (fields copied as pointers into its buffer), *n of them;
 * lines[k] their lines. */
static vs_status all_records(vs_ctx *ctx, vs_csv *csv, char ***rows, long **lines, long *n)
{
    long cap = 0;
    int has;
    vs_status st;
    *rows = NULL;
    *lines = NULL;
    *n = 0;
    while (!(st = vs_csv_next(ctx, csv, &has)) && has) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 32;
            char **r = realloc(*rows, (size_t)cap * (size_t)csv->ncols * sizeof *r);
            long *l = realloc(*lines, (size_t)cap * sizeof *l);
            if (r)
                *rows = r;
            if (l)
                *lines = l;
            if (!r || !l)
                return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory reading %s", csv->name);
        }
        memcpy(*rows + *n * csv->ncols, csv->fields, (size_t)csv->ncols * sizeof(char *));
        (*lines)[(*n)++] = csv->line;
    }
    return st;
}

/* The `parameter` field of record r of a parameter file. */
static const char *row_param(const vs_csv *c, char **row) { return row[vs_csv_find(c, "parameter")]; }

/* Append one field, quoted, to b; numbers of the value and year columns of a
 * semicolon file in the plain form. */
static void put_field(vsi_buf *b, const vs_csv *from, const char *col, const char *v, int first)
{
    char num[128];
    if (from->sep == ';' && (strcmp(col, "value") == 0 || strcmp(col, "year") == 0) &&
        plain_number(from, v, num, sizeof num) && vsi_plain_decimal(num))
        v = num;
    vsi_buf_puts(b, first ? "\"" : ",\"");
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            vsi_buf_puts(b, "\"\"");
        else
            vsi_buf_append(b, p, 1);
    }
    vsi_buf_puts(b, "\"");
}

/* Record `row` of file `from` in the column order of `to`, as a CSV line. */
static void put_row(vsi_buf *b, const vs_csv *to, const vs_csv *from, char **row)
{
    for (int c = 0; c < to->ncols; c++) {
        int k = vs_csv_find(from, to->header[c]);
        put_field(b, from, to->header[c], k >= 0 ? row[k] : "", c == 0);
    }
    vsi_buf_puts(b, "\n");
}

typedef struct merge_in {
    vs_csv *csv;
    char **rows;
    long *lines, n;
} merge_in;

/* Put override row j at k: its origin in file[]/line[]. */
static void put_override(vsi_buf *t, const merge_in *b, const merge_in *o, long j,
                         unsigned char *file, long *line, long *k)
{
    put_row(t, b->csv, o->csv, o->rows + j * o->csv->ncols);
    file[*k] = 1;
    line[(*k)++] = o->lines[j];
}

/* The merged text: every row of the base, except that the rows of a
 * parameter the override file names are replaced, where the first of them
 * stood, by all of the override's rows of that parameter (so a region's own
 * series of yearly values never mixes with another region's); then the
 * override's other rows.  Origin of every record in file[]/line[] (0 base,
 * 1 override); *replaced counts the parameters replaced. */
static vs_status merge_text(vs_ctx *ctx, merge_in *b, merge_in *o, vsi_buf *t,
                            unsigned char *file, long *line, int *replaced)
{
    char *used = calloc((size_t)(o->n ? o->n : 1), 1);
    if (!used)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    for (int c = 0; c < b->csv->ncols; c++)
        put_field(t, b->csv, "", b->csv->header[c], c == 0);
    vsi_buf_puts(t, "\n");
    long k = 0;
    *replaced = 0;
    for (long i = 0; i < b->n; i++) {
        const char *name = row_param(b->csv, b->rows + i * b->csv->ncols);
        int named = 0, first = 1;
        for (long j = 0; j < o->n; j++)
            if (strcmp(name, row_param(o->csv, o->rows + j * o->csv->ncols)) == 0) {
                named = 1;
                first &= !used[j];
                if (!used[j])
                    put_override(t, b, o, j, file, line, &k);
                used[j] = 1;
            }
        *replaced += named && first;
        if (!named) {
            put_row(t, b->csv, b->csv, b->rows + i * b->csv->ncols);
            file[k] = 0;
            line[k++] = b->lines[i];
        }
    }
    for (long j = 0; j < o->n; j++)
        if (!used[j])
            put_override(t, b, o, j, file, line, &k);
    free(used);
    return vsi_buf_failed(t) ? vs_ctx_fail(ctx, VS_ENOMEM, "out of memory") : VS_OK;
}

/* Replace *csv (the parameter file `path`) by its merge with `opath`. */
static vs_status merge_overrides(vs_ctx *ctx, const char *path, const char *opath, vs_csv **csv)
{
    merge_in b = {*csv, NULL, NULL, 0}, o = {NULL, NULL, NULL, 0};
    vsi_buf t = VSI_BUF_INIT;
    unsigned char *file = NULL;
    long *line = NULL;
    vs_csv *m = NULL;
    int c, replaced = 0;
    vs_status st = vs_csv_open_plain(ctx, opath, &o.csv);
    if (!st && !(st = vs_csv_require(ctx, o.csv, "parameter", &c)))
        st = vs_csv_require(ctx, o.csv, "value", &c);
    if (!st)
        st = all_records(ctx, b.csv, &b.rows, &b.lines, &b.n);
    if (!st)
        st = all_records(ctx, o.csv, &o.rows, &o.lines, &o.n);
    if (!st) {
        file = malloc((size_t)(b.n + o.n + 1));
        line = malloc((size_t)(b.n + o.n + 1) * sizeof *line);
        st = file && line ? merge_text(ctx, &b, &o, &t, file, line, &replaced)
                          : vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    if (!st)
        st = vs_csv_open_buffer(ctx, path, vsi_buf_str(&t), vsi_buf_len(&t), &m);
    if (!st && (!(m->files[0] = dup_str(path)) || !(m->files[1] = dup_str(opath))))
        st = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (!st) {
        m->rec_file = file, m->rec_line = line, file = NULL, line = NULL;
        m->nrec_cap = b.n + o.n;
        if (replaced) /* rows that only add (a region's budget) are told by their reader */
            vs_ctx_note(ctx, "%s: read with the region's own rows of %s (%d shipped "
                             "parameter(s) replaced)", path, opath, replaced);
        vs_csv_close(*csv);
        *csv = m;
        m = NULL;
    }
    vs_csv_close(m);
    vs_csv_close(o.csv);
    free(b.rows), free(b.lines), free(o.rows), free(o.lines), free(file), free(line);
    vsi_buf_free(&t);
    return st;
}

/* The override file for parameter file `path`: DIR/<its name> when the
 * context has an override directory, the file is a parameter file (columns
 * parameter and value), lies outside DIR and DIR has such a file. */
static int override_path(const vs_ctx *ctx, const vs_csv *csv, const char *path, char *buf,
                         size_t cap)
{
    const char *dir = vs_ctx_param_overrides(ctx);
    if (!*dir || vs_csv_find(csv, "parameter") < 0 || vs_csv_find(csv, "value") < 0)
        return 0;
    const char *slash = strrchr(path, '/');
    if ((size_t)snprintf(buf, cap, "%s/%s", dir, slash ? slash + 1 : path) >= cap ||
        access(buf, F_OK) != 0)
        return 0;
    char a[PATH_MAX], b[PATH_MAX];
    return !(realpath(buf, a) && realpath(path, b) && strcmp(a, b) == 0);
}

vs_status vs_csv_open(vs_ctx *ctx, const char *path, vs_csv **out)
{
    vs_status st = vs_csv_open_plain(ctx, path, out);
    char opath[2048];
    if (!st && override_path(ctx, *out, path, opath, sizeof opath))
        st = merge_overrides(ctx, path, opath, out);
    if (st) {
        vs_csv_close(*out);
        *out = NULL;
    }
    return st;
}

void vs_csv_close(vs_csv *csv)
{
    if (!csv)
        return;
    free(csv->name);
    free(csv->files[0]);
    free(csv->files[1]);
    free(csv->rec_file);
    free(csv->rec_line);
    free(csv->buf);
    free(csv->raw);
    free(csv->header);
    free(csv->fields);
    free(csv);
}

const char *vs_csv_name(const vs_csv *csv) { return csv->cur ? csv->cur : csv->name; }
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

/* When the record starting at raw offset `at` would have the header's field
 * count with the other separator, a hint saying so (else ""). */
static const char *mixed_hint(const vs_csv *csv, size_t at)
{
    char other = csv->sep == ',' ? ';' : ',';
    int n = 1, quoted = 0;
    for (size_t i = at; i < csv->len && (quoted || csv->raw[i] != '\n'); i++) {
        if (csv->raw[i] == '"')
            quoted = !quoted;
        else if (!quoted && csv->raw[i] == other)
            n++;
    }
    if (n != csv->ncols || n < 2)
        return "";
    return other == ';' ? "; this line has ';' between its columns but the header ','"
                          " (mixed separators)"
                        : "; this line has ',' between its columns but the header ';'"
                          " (mixed separators)";
}

vs_status vs_csv_next(vs_ctx *ctx, vs_csv *csv, int *has_row)
{
    *has_row = 0;
    skip_blank(csv);
    if (csv->pos >= csv->len)
        return VS_OK;
    csv->line = csv->next_line;
    size_t at = csv->pos;
    int n = 0;
    vs_status st = split_record(ctx, csv, csv->fields, csv->ncols, &n);
    if (st)
        return st;
    if (n != csv->ncols) {
        const char *field = n < csv->ncols ? csv->header[n] : NULL;
        const char *hint = mixed_hint(csv, at);
        return vs_ctx_fail_at(ctx, csv->name, csv->line, field,
                              "record has %d fields but the header has %d%s", n, csv->ncols,
                              *hint ? hint : n < csv->ncols ? " (truncated line?)" : "");
    }
    if (csv->rec_line && csv->nrec < csv->nrec_cap) { /* a merged parameter file */
        csv->cur = csv->files[csv->rec_file[csv->nrec]];
        csv->line = csv->rec_line[csv->nrec];
        csv->nrec++;
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
    return vs_ctx_fail_at(ctx, vs_csv_name(csv), csv->line,
                          col >= 0 ? vs_csv_colname(csv, col) : NULL,
                          "%s", what);
}

int vs_csv_separator(const vs_csv *csv) { return csv->sep; }

/* A digit-group separator of the Swedish number format at s: a space, a
 * no-break space (U+00A0) or a narrow no-break space (U+202F).  Returns its
 * length in bytes, 0 when s holds none. */
static size_t group_sep(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == ' ')
        return 1;
    if (u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0xAF)
        return 3;
    return 0;
}

/* Copy number text s into buf (capacity cap) in the plain form of
 * vsi_plain_decimal.  In the semicolon format a decimal comma becomes a
 * point and digit groups ("2 440 027") are joined: a group separator must
 * follow a digit and precede exactly three digits.  Returns 0 when s does not
 * fit or has a misplaced group separator (the caller then says "not a
 * number"). */
static int plain_number(const vs_csv *csv, const char *s, char *buf, size_t cap)
{
    size_t w = 0;
    for (size_t i = 0; s[i]; i++) {
        size_t g = csv->sep == ';' ? group_sep(s + i) : 0;
        if (g) {
            const char *d = s + i + g;
            if (w == 0 || !isdigit((unsigned char)buf[w - 1]) || !isdigit((unsigned char)d[0]) ||
                !isdigit((unsigned char)d[1]) || !isdigit((unsigned char)d[2]) ||
                isdigit((unsigned char)d[3]))
                break;
            i += g - 1;
            continue;
        }
        if (w + 1 >= cap)
            break;
        buf[w++] = csv->sep == ';' && s[i] == ',' ? '.' : s[i];
        if (!s[i + 1]) {
            buf[w] = '\0';
            return 1;
        }
    }
    buf[0] = '\0';
    return 0;
}

/* " (...)": why a text that is not a number might have been meant as one. */
static const char *number_hint(const vs_csv *csv, const char *s)
{
    if (csv->sep == ',' && strchr(s, ','))
        return " (a decimal comma needs the Swedish spreadsheet format, ';' between columns; "
               "with ',' between columns write a decimal point)";
    return "";
}

/* Is s a plain decimal integer: an optional '-' and digits, nothing else
 * (no '+', no spaces, no hex)?  An integral decimal ("122.0", "122.") counts:
 * its point and zeros are cut off in place. */
static int plain_integer(char *s)
{
    if (*s == '-')
        s++;
    if (!isdigit((unsigned char)*s))
        return 0;
    while (isdigit((unsigned char)*s))
        s++;
    if (*s == '.') {
        char *point = s++;
        while (*s == '0')
            s++;
        if (*s == '\0')
            *point = '\0';
    }
    return *s == '\0';
}

vs_status vs_csv_int64(vs_ctx *ctx, const vs_csv *csv, int col, int64_t min, int64_t max,
                       int64_t *out)
{
    const char *s = vs_csv_field(csv, col);
    char buf[64] = "";
    if (!*s)
        return vs_csv_fail(ctx, csv, col, "empty value, expected an integer");
    if (!plain_number(csv, s, buf, sizeof buf) || !plain_integer(buf)) {
        if (vsi_plain_decimal(buf))
            return vs_csv_fail(ctx, csv, col, "'%s' is not a whole number", s);
        return vs_csv_fail(ctx, csv, col, "'%s' is not an integer%s", s, number_hint(csv, s));
    }
    errno = 0;
    char *end;
    long long v = strtoll(buf, &end, 10);
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
    char buf[128] = "";
    if (!*s)
        return vs_csv_fail(ctx, csv, col, "empty value, expected a number");
    if (!plain_number(csv, s, buf, sizeof buf) || !vsi_plain_decimal(buf))
        return vs_csv_fail(ctx, csv, col, "'%s' is not a number%s", s, number_hint(csv, s));
    errno = 0;
    char *end;
    double v = strtod(buf, &end);
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
