/*
 * vardsim/csv.h: the reader for the CSV files of regions, parameters, care
 * centres and scenarios.
 *
 * Format: RFC 4180 as spreadsheets and Python's csv module write it: UTF-8
 * (a byte-order mark is allowed and dropped), LF or CRLF line endings, one
 * header line, double-quote quoting (a quoted field may hold separators,
 * doubled quotes and line breaks).  The separator is read from the header
 * line: ',' (numbers with a decimal point), or ';' when the header has
 * semicolons and no commas -- the Swedish spreadsheet format (Excel with
 * Swedish settings, R's write.csv2), whose numbers use a decimal comma and
 * may group digits with a space or no-break space ("2 440 027", "89,9"); the
 * reader then passes a note to the context (vs_ctx_note).  A header with
 * both, or with tabs only, is refused.  Blank lines are skipped; every
 * record must have exactly as many fields as the header.  Every error is
 * reported on the context as "FILE:LINE: field NAME: what is wrong".  The
 * whole file is read at open; records are then visited in order with
 * vs_csv_next().
 */
#ifndef VARDSIM_CSV_H
#define VARDSIM_CSV_H

#include "vardsim/core.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vs_csv vs_csv;

/* Open and read `path`, check encoding (UTF-8, see src/core/text.h), line
 * endings and the header (non-empty, no duplicate column names).  A
 * parameter file (columns parameter and value) is read with the rows of the
 * context's override directory over it (vs_ctx_set_param_overrides; then
 * vs_csv_name and vs_csv_line tell the file and line each record came from).
 * Errors: VS_EINPUT (cannot open: missing file, a directory; bad content),
 * VS_EIO (read error), VS_ENOMEM. */
VS_API vs_status vs_csv_open(vs_ctx *ctx, const char *path, vs_csv **out);

/* As vs_csv_open, but never with the region's overrides of the context
 * (vs_ctx_set_param_overrides): for loaders that read the region's own file
 * themselves (budget.csv, the workforce files). */
VS_API vs_status vs_csv_open_plain(vs_ctx *ctx, const char *path, vs_csv **out);

/* Same from a memory buffer; `name` is used in messages.  The buffer is copied. */
VS_API vs_status vs_csv_open_buffer(vs_ctx *ctx, const char *name, const char *data, size_t len,
                                    vs_csv **out);

/* Free the reader; NULL is allowed. */
VS_API void vs_csv_close(vs_csv *csv);

/* File name used in messages: the file the current record came from. */
VS_API const char *vs_csv_name(const vs_csv *csv);

/* The separator read from the header: ',' or ';' (Swedish format). */
VS_API int vs_csv_separator(const vs_csv *csv);

/* Number of header columns, and the name of column i. */
VS_API int vs_csv_ncols(const vs_csv *csv);
VS_API const char *vs_csv_colname(const vs_csv *csv, int col);

/* Index of the column called `name`, or -1 when the header has none. */
VS_API int vs_csv_find(const vs_csv *csv, const char *name);

/* Like vs_csv_find, but a missing column is an input error on line 1. */
VS_API vs_status vs_csv_require(vs_ctx *ctx, const vs_csv *csv, const char *name, int *col);

/* Advance to the next record.  *has_row is 0 at the end of the file.  A record
 * whose field count differs from the header's, or an unterminated quote, is an
 * input error. */
VS_API vs_status vs_csv_next(vs_ctx *ctx, vs_csv *csv, int *has_row);

/* Line number (1-based) of the current record. */
VS_API long vs_csv_line(const vs_csv *csv);

/* Field `col` of the current record, unquoted and NUL-terminated ("" for an
 * empty field).  Valid until the reader is closed. */
VS_API const char *vs_csv_field(const vs_csv *csv, int col);

/* 1 if field `col` of the current record is empty (or col < 0). */
VS_API int vs_csv_empty(const vs_csv *csv, int col);

/* Parse field `col` as a decimal integer in [min, max]: an optional '-' and
 * digits, nothing else (no '+', spaces or hex); an integral decimal such as
 * "122.0" (what a spreadsheet writes for a count) is the integer.  Errors
 * name the field: empty, not an integer, not a whole number, negative, out
 * of range, overflow. */
VS_API vs_status vs_csv_int64(vs_ctx *ctx, const vs_csv *csv, int col, int64_t min, int64_t max,
                              int64_t *out);

/* Parse field `col` as a finite decimal number in [min, max], written
 * -?(D+(.D*)?|.D+)([eE][+-]?D+)? : no hex floats, inf, nan, '+' or spaces.
 * In the semicolon format the decimal mark may be ',' and digit groups may
 * be separated by a space, U+00A0 or U+202F (three digits per group). */
VS_API vs_status vs_csv_double(vs_ctx *ctx, const vs_csv *csv, int col, double min, double max,
                               double *out);

/* Copy field `col`, which must be a non-empty identifier (no spaces, no
 * control characters) shorter than `cap` bytes, into `buf`. */
VS_API vs_status vs_csv_id(vs_ctx *ctx, const vs_csv *csv, int col, char *buf, size_t cap);

/* Copy field `col` (any non-empty text shorter than `cap`) into `buf`. */
VS_API vs_status vs_csv_text(vs_ctx *ctx, const vs_csv *csv, int col, char *buf, size_t cap);

/* Report an input error at the current record and column (for checks the
 * caller makes, such as an unknown id).  Returns VS_EINPUT. */
VS_API vs_status vs_csv_fail(vs_ctx *ctx, const vs_csv *csv, int col, const char *fmt, ...)
    VS_PRINTF(4, 5);

/* One named row of a parameter file (columns `parameter,value,...`, the
 * format of data/parameters/): the row whose `parameter` is `name` must occur
 * exactly once, and its `value` must be a number in [min, max]; it is stored
 * in *dst.  `found` is set by the reader. */
typedef struct vs_csv_param {
    const char *name;
    double min, max;
    double *dst;
    int found;
} vs_csv_param;

/* Read the rows named in want[0..n) from the parameter file `path`; other
 * rows are ignored.  A missing row ("no row for parameter 'NAME'"), a
 * duplicate or a value out of range is an input error naming file and line. */
VS_API vs_status vs_csv_read_params(vs_ctx *ctx, const char *path, vs_csv_param *want, int n);

#ifdef __cplusplus
}
#endif
#endif
