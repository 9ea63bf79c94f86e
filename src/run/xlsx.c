/*
 * xlsx.c: results.xlsx, the run's results tables as one Excel workbook
 * (libxlsxwriter), one sheet per table beside its CSV export: every table
 * of results.sqlite that has a TABLE.csv in the run directory, in the
 * store's order, so a table another stage adds to the exports appears
 * without a change here.  Numbers stay numbers (the store's REAL and
 * INTEGER columns), text stays text (ids like "0114" keep their zeros); the
 * header row is bold and frozen.  Written into the run's temporary
 * directory, so it appears atomically with the rest of the run.
 */
#include "run/xlsx.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/strbuf.h"

#define XLSX_MAX_ROWS 1048576
#define XLSX_MAX_STRING 32767

/* One cell of column c of the current row of q into (row, c). */
static lxw_error put_cell(lxw_worksheet *ws, sqlite3_stmt *q, lxw_row_t row, int c)
{
    lxw_col_t col = (lxw_col_t)c;
    switch (sqlite3_column_type(q, c)) {
    case SQLITE_NULL: return LXW_NO_ERROR;
    case SQLITE_INTEGER:
    case SQLITE_FLOAT: return worksheet_write_number(ws, row, col, sqlite3_column_double(q, c), NULL);
    default: {
        const char *t = (const char *)sqlite3_column_text(q, c);
        if (!t)
            return LXW_NO_ERROR;
        if (strlen(t) <= XLSX_MAX_STRING)
            return worksheet_write_string(ws, row, col, t, NULL);
        /* Excel's cell limit: the text up to it, at a character boundary
         * (the full text is in the CSV and the store) */
        size_t n = XLSX_MAX_STRING;
        while (n > 0 && ((unsigned char)t[n] & 0xC0) == 0x80)
            n--;
        char *s = vsi_strdup_printf("%.*s", (int)n, t);
        lxw_error e = s ? worksheet_write_string(ws, row, col, s, NULL) : LXW_ERROR_MEMORY_MALLOC_FAILED;
        free(s);
        return e;
    }
    }
}

/* The sheet of one table: header, then every row in the order stored. */
static vs_status put_table(vs_ctx *ctx, sqlite3 *db, lxw_workbook *wb, lxw_format *bold,
                           const char *table, const char *path)
{
    char *sql = vsi_strdup_printf("SELECT * FROM \"%s\" ORDER BY rowid", table);
    sqlite3_stmt *q = NULL;
    if (!sql || sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
        free(sql);
        return vs_ctx_fail(ctx, VS_EIO, "%s: table %s: %s", path, table, sqlite3_errmsg(db));
    }
    free(sql);
    lxw_worksheet *ws = workbook_add_worksheet(wb, table);
    int ncol = sqlite3_column_count(q), rc;
    lxw_error e = ws ? LXW_NO_ERROR : LXW_ERROR_SHEETNAME_LENGTH_EXCEEDED;
    for (int c = 0; !e && c < ncol; c++)
        e = worksheet_write_string(ws, 0, (lxw_col_t)c, sqlite3_column_name(q, c), bold);
    lxw_row_t row = 1;
    while (!e && (rc = sqlite3_step(q)) == SQLITE_ROW && row < XLSX_MAX_ROWS) {
        for (int c = 0; !e && c < ncol; c++)
            e = put_cell(ws, q, row, c);
        row++;
    }
    sqlite3_finalize(q);
    if (!e && ncol > 0) {
        worksheet_freeze_panes(ws, 1, 0);
        worksheet_set_column(ws, 0, (lxw_col_t)(ncol - 1), 16, NULL);
    }
    if (e)
        return vs_ctx_fail(ctx, VS_EIO, "%s: sheet %s: %s", path, table, lxw_strerror(e));
    return VS_OK;
}

/* Every exported table of the store (one with TABLE.csv in dir). */
static vs_status put_tables(vs_ctx *ctx, sqlite3 *db, lxw_workbook *wb, const char *dir,
                            const char *path)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                           "LIKE 'sqlite_%' ORDER BY rowid",
                           -1, &q, NULL)
        != SQLITE_OK)
        return vs_ctx_fail(ctx, VS_EIO, "%s: %s", path, sqlite3_errmsg(db));
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    vs_status s = VS_OK;
    while (!s && sqlite3_step(q) == SQLITE_ROW) {
        const char *table = (const char *)sqlite3_column_text(q, 0);
        char *csv = vsi_strdup_printf("%s/%s.csv", dir, table ? table : "");
        if (!csv)
            s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        else if (table && strlen(table) <= 31 && access(csv, F_OK) == 0)
            s = put_table(ctx, db, wb, bold, table, path);
        free(csv);
    }
    sqlite3_finalize(q);
    return s;
}

/* runs.created_at ("YYYY-MM-DDTHH:MM:SSZ") as a time, or 0 (the epoch) when
 * it cannot be read. */
static time_t run_created(sqlite3 *db)
{
    sqlite3_stmt *q = NULL;
    time_t t = 0;
    if (sqlite3_prepare_v2(db, "SELECT strftime('%s', created_at) FROM runs LIMIT 1", -1, &q,
                           NULL) == SQLITE_OK
        && sqlite3_step(q) == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL)
        t = (time_t)sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return t;
}

vs_status vsi_write_xlsx(vs_ctx *ctx, const char *dir)
{
    char *db_path = vsi_strdup_printf("%s/results.sqlite", dir);
    char *path = vsi_strdup_printf("%s/results.xlsx", dir);
    sqlite3 *db = NULL;
    vs_status s = VS_OK;
    if (!db_path || !path)
        s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    else if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        s = vs_ctx_fail(ctx, VS_EIO, "%s: %s", db_path, db ? sqlite3_errmsg(db) : "cannot open");
    lxw_workbook *wb = s ? NULL : workbook_new(path);
    if (!s && !wb)
        s = vs_ctx_fail(ctx, VS_EIO, "%s: cannot create the workbook", path);
    /* the run's own time (runs.created_at: SOURCE_DATE_EPOCH when set), not
     * the clock: the same run gives the same bytes */
    lxw_doc_properties props = {0};
    props.created = run_created(db);
    if (!s && workbook_set_properties(wb, &props) != LXW_NO_ERROR)
        s = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    if (!s)
        s = put_tables(ctx, db, wb, dir, path);
    if (wb) {
        lxw_error e = workbook_close(wb);
        if (!s && e)
            s = vs_ctx_fail(ctx, VS_EIO, "%s: %s", path, lxw_strerror(e));
    }
    if (s && path)
        unlink(path);
    sqlite3_close(db);
    free(db_path);
    free(path);
    return s;
}
