/*
 * store.c: the SQLite results store (schema in vardsim/store.h and
 * docs/store.md).  Every statement is prepared with bound parameters; NaN is
 * stored as NULL and read back as NaN.  Read functions copy every string into
 * one allocation per list so that the caller frees a list with one call.
 *
 * Invariants, checked with assert() in debug and sanitizer builds (compiled
 * out with NDEBUG, as in Release): SQLite is never inside a transaction the
 * store does not know of (in_tx == 0 implies autocommit; the converse may
 * fail after SQLite rolled back by itself on a full disk or out of memory);
 * no statement is left unfinalized when a transaction commits or the store
 * closes (statements are prepared per call, never cached); every row
 * written names a run (run_id > 0).
 */
#include "vardsim/store.h"
#include "core/text.h"
#include "core/strbuf.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct vs_store {
    sqlite3 *db;
    char path[1024];
    int in_tx; /* 1 inside vs_store_begin .. commit/rollback */
};

#ifndef NDEBUG
/* Debug: the transaction flag agrees with SQLite (see the invariants above). */
static int tx_ok(const vs_store *st) { return st->in_tx || sqlite3_get_autocommit(st->db); }

/* Debug: no prepared statement is alive on the connection. */
static int no_live_statements(vs_store *st) { return sqlite3_next_stmt(st->db, NULL) == NULL; }
#endif

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS runs(\n"
    "  run_id INTEGER PRIMARY KEY,\n"
    "  scenario TEXT NOT NULL,\n"
    "  scenario_file TEXT NOT NULL,\n"
    "  scenario_hash TEXT NOT NULL,\n"
    "  scenario_text TEXT NOT NULL,\n"
    "  region TEXT NOT NULL,\n"
    "  region_dir TEXT NOT NULL,\n"
    "  seed INTEGER NOT NULL,\n"
    "  replications INTEGER NOT NULL,\n"
    "  threads INTEGER NOT NULL,\n"
    "  version TEXT NOT NULL,\n"
    "  created_at TEXT NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS parameters(\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(run_id),\n"
    "  key TEXT NOT NULL, value TEXT NOT NULL, source TEXT NOT NULL,\n"
    "  PRIMARY KEY(run_id, key));\n"
    "CREATE TABLE IF NOT EXISTS metrics(\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(run_id), year INTEGER NOT NULL,\n"
    "  name TEXT NOT NULL, value REAL, ci_low REAL, ci_high REAL,\n"
    "  unit TEXT NOT NULL, target TEXT, met INTEGER CHECK(met IN (0, 1)),\n"
    "  source TEXT NOT NULL,\n"
    "  PRIMARY KEY(run_id, year, name));\n"
    "CREATE TABLE IF NOT EXISTS area_results(\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(run_id), year INTEGER NOT NULL,\n"
    "  area_id TEXT NOT NULL, metric TEXT NOT NULL, value REAL,\n"
    "  PRIMARY KEY(run_id, year, area_id, metric));\n"
    "CREATE TABLE IF NOT EXISTS municipality_results(\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(run_id), year INTEGER NOT NULL,\n"
    "  municipality_id TEXT NOT NULL, metric TEXT NOT NULL, value REAL,\n"
    "  PRIMARY KEY(run_id, year, municipality_id, metric));\n"
    "CREATE TABLE IF NOT EXISTS hospital_results(\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(run_id), year INTEGER NOT NULL,\n"
    "  hospital_id TEXT NOT NULL, metric TEXT NOT NULL, value REAL,\n"
    "  PRIMARY KEY(run_id, year, hospital_id, metric));\n"
    "CREATE TABLE IF NOT EXISTS centre_results(\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(run_id), year INTEGER NOT NULL,\n"
    "  centre_id TEXT NOT NULL, metric TEXT NOT NULL, value REAL,\n"
    "  PRIMARY KEY(run_id, year, centre_id, metric));\n"
    "CREATE TABLE IF NOT EXISTS charts(\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(run_id),\n"
    "  chart_id TEXT NOT NULL, position INTEGER NOT NULL,\n"
    "  kind TEXT NOT NULL CHECK(kind IN ('bar', 'map')),\n"
    "  title TEXT NOT NULL, x_label TEXT NOT NULL, unit TEXT NOT NULL,\n"
    "  metric TEXT, note TEXT NOT NULL,\n"
    "  PRIMARY KEY(run_id, chart_id));\n"
    "CREATE TABLE IF NOT EXISTS series(\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(run_id), year INTEGER NOT NULL,\n"
    "  chart_id TEXT NOT NULL, series TEXT NOT NULL, position INTEGER NOT NULL,\n"
    "  label TEXT NOT NULL, value REAL, ci_low REAL, ci_high REAL,\n"
    "  PRIMARY KEY(run_id, year, chart_id, series, position));\n"
    "CREATE TABLE IF NOT EXISTS scorecard(\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(run_id), year INTEGER NOT NULL,\n"
    "  position INTEGER NOT NULL, target_id TEXT NOT NULL, label TEXT NOT NULL,\n"
    "  value REAL, unit TEXT NOT NULL,\n"
    "  op TEXT NOT NULL CHECK(op IN ('<', '<=', '>', '>=', '==')),\n"
    "  target_value REAL NOT NULL, met INTEGER NOT NULL CHECK(met IN (0, 1)),\n"
    "  source TEXT NOT NULL,\n"
    "  PRIMARY KEY(run_id, year, target_id));\n"
    "CREATE TABLE IF NOT EXISTS notes(\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(run_id),\n"
    "  position INTEGER NOT NULL, topic TEXT NOT NULL, text TEXT NOT NULL,\n"
    "  PRIMARY KEY(run_id, position));\n";

/* Tables exported to CSV, with their ORDER BY. */
static const struct {
    const char *table, *order;
} export_tables[] = {
    {"runs", "run_id"},
    {"parameters", "run_id, key"},
    {"metrics", "run_id, year, name"},
    {"area_results", "run_id, year, area_id, metric"},
    {"municipality_results", "run_id, year, municipality_id, metric"},
    {"hospital_results", "run_id, year, hospital_id, metric"},
    {"centre_results", "run_id, year, centre_id, metric"},
    {"charts", "run_id, position, chart_id"},
    {"series", "run_id, year, chart_id, series, position"},
    {"scorecard", "run_id, year, position, target_id"},
    {"notes", "run_id, position"},
};

static const char *const unit_table[] = {"area_results", "municipality_results",
                                         "hospital_results", "centre_results"};
static const char *const unit_column[] = {"area_id", "municipality_id", "hospital_id",
                                          "centre_id"};

static vs_status db_fail(vs_ctx *ctx, vs_store *st, const char *what)
{
    return vs_ctx_fail(ctx, VS_EIO, "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

static vs_status exec(vs_ctx *ctx, vs_store *st, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
        vs_status s = vs_ctx_fail(ctx, VS_EIO, "%s: %s", st->path, err ? err : "SQL error");
        sqlite3_free(err);
        return s;
    }
    return VS_OK;
}

/* 1 when column i of the current row is not NULL but its text could not be
 * had (SQLite ran out of memory converting it; sqlite3_column_text then
 * gives NULL as for a NULL value).  The type is read first, as SQLite's
 * documentation asks; later sqlite3_column_text calls return the same text. */
static int col_text_oom(sqlite3_stmt *s, int i)
{
    int type = sqlite3_column_type(s, i);
    return type != SQLITE_NULL && !sqlite3_column_text(s, i);
}

static vs_status prepare(vs_ctx *ctx, vs_store *st, const char *sql, sqlite3_stmt **stmt)
{
    if (sqlite3_prepare_v2(st->db, sql, -1, stmt, NULL) != SQLITE_OK)
        return db_fail(ctx, st, "prepare");
    return VS_OK;
}

/* Bind t without a copy (SQLITE_STATIC: every caller steps and finalizes the
 * statement while t is alive), so that binding allocates nothing and cannot
 * fail: a copy that failed for lack of memory would silently bind NULL. */
static void bind_text(sqlite3_stmt *s, int i, const char *t)
{
    if (t)
        sqlite3_bind_text(s, i, t, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

static void bind_real(sqlite3_stmt *s, int i, double v)
{
    if (isnan(v))
        sqlite3_bind_null(s, i);
    else
        sqlite3_bind_double(s, i, v);
}

/* Step a write statement to completion and finalize it. */
static vs_status step_done(vs_ctx *ctx, vs_store *st, sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    vs_status r = VS_OK;
    if (rc != SQLITE_DONE) {
        if (rc == SQLITE_CONSTRAINT)
            r = vs_ctx_fail(ctx, VS_EINPUT, "%s: %s: %s", st->path, what,
                            sqlite3_errmsg(st->db));
        else
            r = db_fail(ctx, st, what);
    }
    sqlite3_finalize(s);
    return r;
}

vs_status vs_store_open(vs_ctx *ctx, const char *path, int create, vs_store **out)
{
    *out = NULL;
    vs_store *st = calloc(1, sizeof *st);
    if (!st)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    snprintf(st->path, sizeof st->path, "%s", path);
    int flags = create ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READWRITE;
    if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
        vs_status r = vs_ctx_fail(ctx, VS_EIO, "%s: cannot open results store: %s", path,
                                  st->db ? sqlite3_errmsg(st->db) : "out of memory");
        sqlite3_close(st->db);
        free(st);
        return r;
    }
    sqlite3_busy_timeout(st->db, 5000);
    vs_status r = exec(ctx, st, "PRAGMA foreign_keys = ON;");
    sqlite3_stmt *s = NULL;
    /* Is it a vardsim store already? */
    int has_meta = 0;
    if (!r) {
        r = prepare(ctx, st,
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
                    &s);
        if (!r) {
            if (sqlite3_step(s) == SQLITE_ROW)
                has_meta = sqlite3_column_int(s, 0);
            else
                r = db_fail(ctx, st, "read schema (not a SQLite database?)");
            sqlite3_finalize(s);
        }
    }
    if (!r && !has_meta) {
        int n_tables = 0;
        if (prepare(ctx, st, "SELECT count(*) FROM sqlite_master", &s) == VS_OK) {
            if (sqlite3_step(s) == SQLITE_ROW)
                n_tables = sqlite3_column_int(s, 0);
            sqlite3_finalize(s);
        }
        if (n_tables > 0 || !create)
            r = vs_ctx_fail(ctx, VS_EINPUT, "%s: not a vardsim results store (no meta table)",
                            path);
        else {
            char sql[sizeof schema_sql + 200];
            snprintf(sql, sizeof sql,
                     "BEGIN;\n%sINSERT INTO meta VALUES('store_schema_version', '%d');\n"
                     "INSERT INTO meta VALUES('producer', 'vardsim');\nCOMMIT;",
                     schema_sql, VS_STORE_SCHEMA_VERSION);
            r = exec(ctx, st, sql);
        }
    } else if (!r) {
        r = prepare(ctx, st, "SELECT value FROM meta WHERE key = 'store_schema_version'", &s);
        if (!r) {
            int rc = sqlite3_step(s);
            int oom = rc == SQLITE_ROW && col_text_oom(s, 0);
            const char *v = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : NULL;
            int version = v ? atoi(v) : 0;
            if (rc != SQLITE_ROW && rc != SQLITE_DONE)
                r = db_fail(ctx, st, "read schema version");
            else if (oom)
                r = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
            sqlite3_finalize(s);
            if (!r && version > 0 && version < VS_STORE_SCHEMA_VERSION)
                r = vs_ctx_fail(ctx, VS_EINPUT,
                                "%s: results store schema version %d is older than this "
                                "vardsim's %d (its results have no year): run the scenario "
                                "again with this version to read it",
                                path, version, VS_STORE_SCHEMA_VERSION);
            else if (!r && version != VS_STORE_SCHEMA_VERSION)
                r = vs_ctx_fail(ctx, VS_EINPUT,
                                "%s: results store schema version is not %d (made by another "
                                "vardsim version?)",
                                path, VS_STORE_SCHEMA_VERSION);
        }
    }
    if (r) {
        sqlite3_close(st->db);
        free(st);
        return r;
    }
    *out = st;
    return VS_OK;
}

void vs_store_close(vs_store *st)
{
    if (!st)
        return;
    assert(tx_ok(st) && no_live_statements(st));
    if (st->in_tx)
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(st->db);
    free(st);
}

vs_status vs_store_begin(vs_ctx *ctx, vs_store *st)
{
    assert(tx_ok(st));
    if (st->in_tx)
        return vs_ctx_fail(ctx, VS_EUSAGE, "%s: a transaction is already open", st->path);
    vs_status r = exec(ctx, st, "BEGIN IMMEDIATE");
    if (!r)
        st->in_tx = 1;
    return r;
}

vs_status vs_store_commit(vs_ctx *ctx, vs_store *st)
{
    assert(tx_ok(st) && no_live_statements(st));
    if (!st->in_tx)
        return vs_ctx_fail(ctx, VS_EUSAGE, "%s: no transaction to commit", st->path);
    vs_status r = exec(ctx, st, "COMMIT");
    if (!r)
        st->in_tx = 0;
    return r;
}

vs_status vs_store_rollback(vs_ctx *ctx, vs_store *st)
{
    if (!st->in_tx)
        return VS_OK;
    st->in_tx = 0;
    return exec(ctx, st, "ROLLBACK");
}

static vs_status need_text(vs_ctx *ctx, const char *what, const char *s)
{
    if (!s || !*s)
        return vs_ctx_fail(ctx, VS_EUSAGE, "results store: %s is empty", what);
    return VS_OK;
}

vs_status vs_store_add_run(vs_ctx *ctx, vs_store *st, vs_store_run *run)
{
    vs_status r;
    if ((r = need_text(ctx, "scenario name", run->scenario))
        || (r = need_text(ctx, "created_at", run->created_at))
        || (r = need_text(ctx, "version", run->version)))
        return r;
    sqlite3_stmt *s;
    if ((r = prepare(ctx, st,
                     "INSERT INTO runs(scenario, scenario_file, scenario_hash, scenario_text, "
                     "region, region_dir, seed, replications, threads, version, created_at) "
                     "VALUES(?,?,?,?,?,?,?,?,?,?,?)",
                     &s)))
        return r;
    bind_text(s, 1, run->scenario);
    bind_text(s, 2, run->scenario_file ? run->scenario_file : "");
    bind_text(s, 3, run->scenario_hash ? run->scenario_hash : "");
    bind_text(s, 4, run->scenario_text ? run->scenario_text : "");
    bind_text(s, 5, run->region ? run->region : "");
    bind_text(s, 6, run->region_dir ? run->region_dir : "");
    /* SQLite integers are signed 64-bit: seeds above INT64_MAX are stored as
     * their two's-complement image and read back unchanged */
    sqlite3_bind_int64(s, 7, (sqlite3_int64)run->seed);
    sqlite3_bind_int(s, 8, run->replications);
    sqlite3_bind_int(s, 9, run->threads);
    bind_text(s, 10, run->version);
    bind_text(s, 11, run->created_at);
    if ((r = step_done(ctx, st, s, "write run")))
        return r;
    run->run_id = sqlite3_last_insert_rowid(st->db);
    return VS_OK;
}

vs_status vs_store_put_parameter(vs_ctx *ctx, vs_store *st, int64_t run_id, const char *key,
                                 const char *value, const char *source)
{
    assert(run_id > 0 && tx_ok(st));
    vs_status r;
    if ((r = need_text(ctx, "parameter key", key)))
        return r;
    sqlite3_stmt *s;
    if ((r = prepare(ctx, st, "INSERT INTO parameters VALUES(?,?,?,?)", &s)))
        return r;
    sqlite3_bind_int64(s, 1, run_id);
    bind_text(s, 2, key);
    bind_text(s, 3, value ? value : "");
    bind_text(s, 4, source ? source : "");
    return step_done(ctx, st, s, "write parameter");
}

vs_status vs_store_put_note(vs_ctx *ctx, vs_store *st, int64_t run_id, int position,
                            const char *topic, const char *text)
{
    assert(run_id > 0 && tx_ok(st));
    vs_status r;
    if ((r = need_text(ctx, "note topic", topic)) || (r = need_text(ctx, "note text", text)))
        return r;
    sqlite3_stmt *s;
    if ((r = prepare(ctx, st, "INSERT INTO notes VALUES(?,?,?,?)", &s)))
        return r;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int(s, 2, position);
    bind_text(s, 3, topic);
    bind_text(s, 4, text);
    return step_done(ctx, st, s, "write note");
}

/* The sweep tables exist only in the store of a sweep (vardsim sweep): a run
 * store never has them, so the schema version of run stores is unchanged. */
static const char sweep_sql[] =
    "CREATE TABLE IF NOT EXISTS sweep_points(\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(run_id), point INTEGER NOT NULL,\n"
    "  meets_all INTEGER NOT NULL, targets_met INTEGER NOT NULL, targets INTEGER NOT NULL,\n"
    "  cost_sek REAL, PRIMARY KEY(run_id, point));\n"
    "CREATE TABLE IF NOT EXISTS sweep_values(\n"
    "  run_id INTEGER NOT NULL REFERENCES runs(run_id), point INTEGER NOT NULL,\n"
    "  kind TEXT NOT NULL, name TEXT NOT NULL, value REAL, op TEXT, target_value REAL,\n"
    "  met INTEGER, PRIMARY KEY(run_id, point, kind, name));\n";

vs_status vs_store_put_sweep_point(vs_ctx *ctx, vs_store *st, int64_t run_id,
                                   const vs_store_sweep_point *p)
{
    assert(run_id > 0 && tx_ok(st));
    vs_status r = exec(ctx, st, sweep_sql);
    sqlite3_stmt *s;
    if (r || (r = prepare(ctx, st, "INSERT INTO sweep_points VALUES(?,?,?,?,?,?)", &s)))
        return r;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int(s, 2, p->point);
    sqlite3_bind_int(s, 3, p->meets_all);
    sqlite3_bind_int(s, 4, p->targets_met);
    sqlite3_bind_int(s, 5, p->targets);
    bind_real(s, 6, p->cost_sek);
    return step_done(ctx, st, s, "write sweep point");
}

vs_status vs_store_put_sweep_value(vs_ctx *ctx, vs_store *st, int64_t run_id, int point,
                                   const char *kind, const char *name, double value,
                                   const char *op, double target_value, int met)
{
    assert(run_id > 0 && tx_ok(st));
    vs_status r;
    if ((r = need_text(ctx, "sweep value kind", kind)) ||
        (r = need_text(ctx, "sweep value name", name)) || (r = exec(ctx, st, sweep_sql)))
        return r;
    sqlite3_stmt *s;
    if ((r = prepare(ctx, st, "INSERT INTO sweep_values VALUES(?,?,?,?,?,?,?,?)", &s)))
        return r;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int(s, 2, point);
    bind_text(s, 3, kind);
    bind_text(s, 4, name);
    bind_real(s, 5, value);
    if (op && *op)
        bind_text(s, 6, op);
    else
        sqlite3_bind_null(s, 6);
    bind_real(s, 7, target_value);
    if (met >= 0)
        sqlite3_bind_int(s, 8, met);
    else
        sqlite3_bind_null(s, 8);
    return step_done(ctx, st, s, "write sweep value");
}

vs_status vs_store_put_metric(vs_ctx *ctx, vs_store *st, int64_t run_id, int year,
                              const vs_metric *m)
{
    assert(run_id > 0 && tx_ok(st));
    vs_status r;
    if ((r = need_text(ctx, "metric name", m->name)))
        return r;
    sqlite3_stmt *s;
    if ((r = prepare(ctx, st, "INSERT INTO metrics VALUES(?,?,?,?,?,?,?,?,?,?)", &s)))
        return r;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int(s, 2, year);
    bind_text(s, 3, m->name);
    bind_real(s, 4, m->value);
    bind_real(s, 5, m->ci_low);
    bind_real(s, 6, m->ci_high);
    bind_text(s, 7, m->unit ? m->unit : "");
    bind_text(s, 8, m->target && *m->target ? m->target : NULL);
    if (m->met == 0 || m->met == 1)
        sqlite3_bind_int(s, 9, m->met);
    else
        sqlite3_bind_null(s, 9);
    bind_text(s, 10, m->source ? m->source : "");
    return step_done(ctx, st, s, "write metric");
}

vs_status vs_store_put_unit_value(vs_ctx *ctx, vs_store *st, vs_store_unit unit, int64_t run_id,
                                  int year, const char *id, const char *metric, double value)
{
    assert(run_id > 0 && tx_ok(st));
    vs_status r;
    if ((unsigned)unit > VS_STORE_CENTRE)
        return vs_ctx_fail(ctx, VS_EUSAGE, "results store: unknown unit table %d", (int)unit);
    if ((r = need_text(ctx, "unit id", id)) || (r = need_text(ctx, "metric name", metric)))
        return r;
    char sql[128];
    snprintf(sql, sizeof sql, "INSERT INTO %s VALUES(?,?,?,?,?)", unit_table[unit]);
    sqlite3_stmt *s;
    if ((r = prepare(ctx, st, sql, &s)))
        return r;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int(s, 2, year);
    bind_text(s, 3, id);
    bind_text(s, 4, metric);
    bind_real(s, 5, value);
    return step_done(ctx, st, s, "write unit result");
}

vs_status vs_store_put_chart(vs_ctx *ctx, vs_store *st, int64_t run_id, const vs_chart_def *c)
{
    assert(run_id > 0 && tx_ok(st));
    vs_status r;
    if ((r = need_text(ctx, "chart id", c->chart_id)) || (r = need_text(ctx, "chart kind", c->kind))
        || (r = need_text(ctx, "chart title", c->title)))
        return r;
    if (strcmp(c->kind, "map") == 0 && (r = need_text(ctx, "map metric", c->metric)))
        return r;
    sqlite3_stmt *s;
    if ((r = prepare(ctx, st, "INSERT INTO charts VALUES(?,?,?,?,?,?,?,?,?)", &s)))
        return r;
    sqlite3_bind_int64(s, 1, run_id);
    bind_text(s, 2, c->chart_id);
    sqlite3_bind_int(s, 3, c->position);
    bind_text(s, 4, c->kind);
    bind_text(s, 5, c->title);
    bind_text(s, 6, c->x_label ? c->x_label : "");
    bind_text(s, 7, c->unit ? c->unit : "");
    bind_text(s, 8, c->metric);
    bind_text(s, 9, c->note ? c->note : "");
    return step_done(ctx, st, s, "write chart");
}

vs_status vs_store_put_series(vs_ctx *ctx, vs_store *st, int64_t run_id, int year,
                              const char *chart_id, const char *series, int position,
                              const char *label, double value, double ci_low, double ci_high)
{
    assert(run_id > 0 && tx_ok(st));
    vs_status r;
    if ((r = need_text(ctx, "chart id", chart_id)) || (r = need_text(ctx, "series", series))
        || (r = need_text(ctx, "category label", label)))
        return r;
    sqlite3_stmt *s;
    if ((r = prepare(ctx, st, "INSERT INTO series VALUES(?,?,?,?,?,?,?,?,?)", &s)))
        return r;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int(s, 2, year);
    bind_text(s, 3, chart_id);
    bind_text(s, 4, series);
    sqlite3_bind_int(s, 5, position);
    bind_text(s, 6, label);
    bind_real(s, 7, value);
    bind_real(s, 8, ci_low);
    bind_real(s, 9, ci_high);
    return step_done(ctx, st, s, "write series");
}

int vs_store_target_met(double value, const char *op, double target)
{
    if (!op || isnan(value) || isnan(target))
        return -1;
    if (strcmp(op, "<") == 0)
        return value < target;
    if (strcmp(op, "<=") == 0)
        return value <= target;
    if (strcmp(op, ">") == 0)
        return value > target;
    if (strcmp(op, ">=") == 0)
        return value >= target;
    if (strcmp(op, "==") == 0)
        return value == target;
    return -1;
}

vs_status vs_store_put_score(vs_ctx *ctx, vs_store *st, int64_t run_id, int year,
                             const vs_score_row *row)
{
    assert(run_id > 0 && tx_ok(st));
    vs_status r;
    if ((r = need_text(ctx, "target id", row->target_id))
        || (r = need_text(ctx, "target label", row->label))
        || (r = need_text(ctx, "target source", row->source)))
        return r;
    int met = vs_store_target_met(row->value, row->op, row->target_value);
    if (met < 0)
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "results store: scorecard row %s: value, operator '%s' or target "
                           "cannot be evaluated",
                           row->target_id, row->op ? row->op : "");
    sqlite3_stmt *s;
    if ((r = prepare(ctx, st, "INSERT INTO scorecard VALUES(?,?,?,?,?,?,?,?,?,?,?)", &s)))
        return r;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int(s, 2, year);
    sqlite3_bind_int(s, 3, row->position);
    bind_text(s, 4, row->target_id);
    bind_text(s, 5, row->label);
    bind_real(s, 6, row->value);
    bind_text(s, 7, row->unit ? row->unit : "");
    bind_text(s, 8, row->op);
    bind_real(s, 9, row->target_value);
    sqlite3_bind_int(s, 10, met);
    bind_text(s, 11, row->source);
    return step_done(ctx, st, s, "write scorecard row");
}

/* ---- reading ----------------------------------------------------------- */

/* A growable arena of strings that lives as long as the list it serves.
 * Strings are kept in separately allocated chunks so that earlier pointers
 * stay valid. */
typedef struct chunk {
    struct chunk *next;
    char data[];
} chunk;

static const char *keep(chunk **head, const unsigned char *s)
{
    const char *t = s ? (const char *)s : "";
    size_t n = strlen(t) + 1;
    chunk *c = malloc(sizeof *c + n);
    if (!c)
        return NULL;
    memcpy(c->data, t, n);
    c->next = *head;
    *head = c;
    return c->data;
}

static void free_chunks(chunk *c)
{
    while (c) {
        chunk *n = c->next;
        free(c);
        c = n;
    }
}

static double col_real(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? NAN : sqlite3_column_double(s, i);
}

/* Every list type starts with {int n; T *items;} and keeps its chunks in a
 * hidden header placed before it. */
typedef struct list_hdr {
    chunk *strings;
    size_t cap;
} list_hdr;

static void *list_new(size_t list_size)
{
    list_hdr *h = calloc(1, sizeof(list_hdr) + list_size);
    return h ? (void *)(h + 1) : NULL;
}

static list_hdr *hdr_of(void *list) { return (list_hdr *)list - 1; }

static void list_free(void *list, void *items)
{
    if (!list)
        return;
    list_hdr *h = hdr_of(list);
    free_chunks(h->strings);
    free(items);
    free(h);
}

/* Make room for one more item of size sz in *items (count n). */
static int grow(list_hdr *h, void **items, int n, size_t sz)
{
    if ((size_t)n < h->cap)
        return 1;
    size_t cap = h->cap ? 2 * h->cap : 16;
    void *p = realloc(*items, cap * sz);
    if (!p)
        return 0;
    *items = p;
    h->cap = cap;
    return 1;
}

/* Column i kept in the list's strings ("" for NULL); NULL when out of memory. */
static const char *keep_col(list_hdr *h, sqlite3_stmt *s, int i)
{
    if (col_text_oom(s, i))
        return NULL;
    return keep(&h->strings, sqlite3_column_text(s, i));
}

#define KEEP(h, s, i) keep_col((h), (s), (i))

/* Fills one list item from the current row; returns 0 when out of memory. */
typedef int (*row_fill)(list_hdr *h, sqlite3_stmt *s, void *item);

/* Prepare sql, bind run_id to its first parameter and make an empty list of
 * list_size bytes ({int n; T *items;} after its hidden header). */
static vs_status list_query(vs_ctx *ctx, vs_store *st, const char *sql, int64_t run_id,
                            size_t list_size, sqlite3_stmt **stmt, void **list)
{
    *list = NULL;
    vs_status r = prepare(ctx, st, sql, stmt);
    if (r)
        return r;
    sqlite3_bind_int64(*stmt, 1, run_id);
    if (!(*list = list_new(list_size))) {
        sqlite3_finalize(*stmt);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    return VS_OK;
}

/* Step s to the end, appending one item of item_size bytes per row to the
 * list (its count *n and array *items) with fill; finalizes s.  On failure
 * the list is freed and the error (out of memory, or the database's message
 * with what) is returned. */
static vs_status list_rows(vs_ctx *ctx, vs_store *st, sqlite3_stmt *s, void *list, int *n,
                           void **items, size_t item_size, row_fill fill, const char *what)
{
    list_hdr *h = hdr_of(list);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (!grow(h, items, *n, item_size) ||
            !fill(h, s, (char *)*items + (size_t)*n * item_size))
            break;
        (*n)++;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        list_free(list, *items);
        return rc == SQLITE_ROW ? vs_ctx_fail(ctx, VS_ENOMEM, "out of memory")
                                : db_fail(ctx, st, what);
    }
    return VS_OK;
}

vs_status vs_store_run_ids(vs_ctx *ctx, vs_store *st, int64_t **ids, int *n)
{
    *ids = NULL;
    *n = 0;
    sqlite3_stmt *s;
    vs_status r = prepare(ctx, st, "SELECT run_id FROM runs ORDER BY run_id", &s);
    if (r)
        return r;
    int cap = 0, rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 8;
            int64_t *p = realloc(*ids, (size_t)cap * sizeof *p);
            if (!p) {
                sqlite3_finalize(s);
                free(*ids);
                *ids = NULL;
                *n = 0;
                return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
            }
            *ids = p;
        }
        (*ids)[(*n)++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(*ids);
        *ids = NULL;
        *n = 0;
        return db_fail(ctx, st, "read runs");
    }
    return VS_OK;
}

vs_status vs_store_read_run(vs_ctx *ctx, vs_store *st, int64_t run_id, vs_store_run *run,
                            char **run_strings)
{
    *run_strings = NULL;
    memset(run, 0, sizeof *run);
    sqlite3_stmt *s;
    vs_status r = prepare(ctx, st,
                          "SELECT scenario, scenario_file, scenario_hash, scenario_text, region, "
                          "region_dir, seed, replications, threads, version, created_at FROM runs "
                          "WHERE run_id = ?",
                          &s);
    if (r)
        return r;
    sqlite3_bind_int64(s, 1, run_id);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        r = rc == SQLITE_DONE ? vs_ctx_fail(ctx, VS_EINPUT, "%s: no run with run_id %lld",
                                            st->path, (long long)run_id)
                              : db_fail(ctx, st, "read run");
        sqlite3_finalize(s);
        return r;
    }
    /* one buffer holding the 8 strings back to back */
    static const int cols[] = {0, 1, 2, 3, 4, 5, 9, 10};
    size_t total = 0;
    int oom = 0;
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        oom |= col_text_oom(s, cols[i]);
        const unsigned char *t = sqlite3_column_text(s, cols[i]);
        total += (t ? strlen((const char *)t) : 0) + 1;
    }
    char *buf = oom ? NULL : malloc(total), *p = buf;
    if (!buf) {
        sqlite3_finalize(s);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    const char *out[8];
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        const unsigned char *t = sqlite3_column_text(s, cols[i]);
        size_t n = (t ? strlen((const char *)t) : 0) + 1;
        memcpy(p, t ? (const char *)t : "", n);
        out[i] = p;
        p += n;
    }
    run->run_id = run_id;
    run->scenario = out[0];
    run->scenario_file = out[1];
    run->scenario_hash = out[2];
    run->scenario_text = out[3];
    run->region = out[4];
    run->region_dir = out[5];
    run->seed = (uint64_t)sqlite3_column_int64(s, 6);
    run->replications = sqlite3_column_int(s, 7);
    run->threads = sqlite3_column_int(s, 8);
    run->version = out[6];
    run->created_at = out[7];
    sqlite3_finalize(s);
    *run_strings = buf;
    return VS_OK;
}

vs_status vs_store_read_years(vs_ctx *ctx, vs_store *st, int64_t run_id, int **years, int *n)
{
    *years = NULL;
    *n = 0;
    sqlite3_stmt *s;
    vs_status r = prepare(ctx, st,
                          "SELECT year FROM metrics WHERE run_id = ?1 UNION "
                          "SELECT year FROM scorecard WHERE run_id = ?1 UNION "
                          "SELECT year FROM series WHERE run_id = ?1 UNION "
                          "SELECT year FROM area_results WHERE run_id = ?1 UNION "
                          "SELECT year FROM municipality_results WHERE run_id = ?1 UNION "
                          "SELECT year FROM hospital_results WHERE run_id = ?1 UNION "
                          "SELECT year FROM centre_results WHERE run_id = ?1 ORDER BY year",
                          &s);
    if (r)
        return r;
    sqlite3_bind_int64(s, 1, run_id);
    int cap = 0, rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 8;
            int *p = realloc(*years, (size_t)cap * sizeof *p);
            if (!p) {
                sqlite3_finalize(s);
                free(*years);
                *years = NULL;
                *n = 0;
                return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
            }
            *years = p;
        }
        (*years)[(*n)++] = sqlite3_column_int(s, 0);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(*years);
        *years = NULL;
        *n = 0;
        return db_fail(ctx, st, "read years");
    }
    return VS_OK;
}

static int fill_metric(list_hdr *h, sqlite3_stmt *s, void *item)
{
    vs_metric *m = item;
    m->name = KEEP(h, s, 0);
    m->value = col_real(s, 1);
    m->ci_low = col_real(s, 2);
    m->ci_high = col_real(s, 3);
    m->unit = KEEP(h, s, 4);
    m->target = sqlite3_column_type(s, 5) == SQLITE_NULL ? NULL : KEEP(h, s, 5);
    m->met = sqlite3_column_type(s, 6) == SQLITE_NULL ? -1 : sqlite3_column_int(s, 6);
    m->source = KEEP(h, s, 7);
    m->year = sqlite3_column_int(s, 8);
    return m->name && m->unit && m->source &&
           (m->target || sqlite3_column_type(s, 5) == SQLITE_NULL);
}

vs_status vs_store_read_metrics(vs_ctx *ctx, vs_store *st, int64_t run_id, vs_metric_list **out)
{
    *out = NULL;
    sqlite3_stmt *s;
    vs_metric_list *l;
    vs_status r = list_query(ctx, st,
                             "SELECT name, value, ci_low, ci_high, unit, target, met, source, year "
                             "FROM metrics WHERE run_id = ? ORDER BY year, rowid",
                             run_id, sizeof *l, &s, (void **)&l);
    if (!r)
        r = list_rows(ctx, st, s, l, &l->n, (void **)&l->items, sizeof *l->items, fill_metric,
                      "read metrics");
    if (!r)
        *out = l;
    return r;
}

void vs_metric_list_free(vs_metric_list *l)
{
    if (l)
        list_free(l, l->items);
}

static int fill_param(list_hdr *h, sqlite3_stmt *s, void *item)
{
    vs_param *p = item;
    p->key = KEEP(h, s, 0);
    p->value = KEEP(h, s, 1);
    p->source = KEEP(h, s, 2);
    return p->key && p->value && p->source;
}

vs_status vs_store_read_parameters(vs_ctx *ctx, vs_store *st, int64_t run_id,
                                   vs_param_list **out)
{
    *out = NULL;
    sqlite3_stmt *s;
    vs_param_list *l;
    vs_status r = list_query(ctx, st,
                             "SELECT key, value, source FROM parameters WHERE run_id = ? ORDER BY "
                             "rowid",
                             run_id, sizeof *l, &s, (void **)&l);
    if (!r)
        r = list_rows(ctx, st, s, l, &l->n, (void **)&l->items, sizeof *l->items, fill_param,
                      "read parameters");
    if (!r)
        *out = l;
    return r;
}

/* A note is a (topic, text) pair, returned as a vs_param with no source. */
static int fill_note(list_hdr *h, sqlite3_stmt *s, void *item)
{
    vs_param *p = item;
    p->key = KEEP(h, s, 0);
    p->value = KEEP(h, s, 1);
    p->source = "";
    return p->key && p->value;
}

vs_status vs_store_read_notes(vs_ctx *ctx, vs_store *st, int64_t run_id, vs_param_list **out)
{
    *out = NULL;
    sqlite3_stmt *s;
    /* a store written before the notes table existed has no notes */
    vs_status r = prepare(ctx, st,
                          "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                          "name = 'notes'",
                          &s);
    if (r)
        return r;
    int rc = sqlite3_step(s);
    int has = rc == SQLITE_ROW && sqlite3_column_int(s, 0) > 0;
    if (rc != SQLITE_ROW)
        r = db_fail(ctx, st, "read schema");
    sqlite3_finalize(s);
    if (r)
        return r;
    vs_param_list *l;
    if (!has) {
        if (!(l = list_new(sizeof *l)))
            return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        *out = l;
        return VS_OK;
    }
    r = list_query(ctx, st, "SELECT topic, text FROM notes WHERE run_id = ? ORDER BY position",
                   run_id, sizeof *l, &s, (void **)&l);
    if (!r)
        r = list_rows(ctx, st, s, l, &l->n, (void **)&l->items, sizeof *l->items, fill_note,
                      "read notes");
    if (!r)
        *out = l;
    return r;
}

void vs_param_list_free(vs_param_list *l)
{
    if (l)
        list_free(l, l->items);
}

static int fill_unit_value(list_hdr *h, sqlite3_stmt *s, void *item)
{
    vs_unit_value *v = item;
    v->id = KEEP(h, s, 0);
    v->value = col_real(s, 1);
    return v->id != NULL;
}

vs_status vs_store_read_unit_values(vs_ctx *ctx, vs_store *st, vs_store_unit unit, int64_t run_id,
                                    int year, const char *metric, vs_unit_values **out)
{
    *out = NULL;
    if ((unsigned)unit > VS_STORE_CENTRE)
        return vs_ctx_fail(ctx, VS_EUSAGE, "results store: unknown unit table %d", (int)unit);
    char sql[200];
    snprintf(sql, sizeof sql,
             "SELECT %s, value FROM %s WHERE run_id = ? AND metric = ? AND year = ? ORDER BY %s",
             unit_column[unit], unit_table[unit], unit_column[unit]);
    sqlite3_stmt *s;
    vs_unit_values *l;
    vs_status r = list_query(ctx, st, sql, run_id, sizeof *l, &s, (void **)&l);
    if (r)
        return r;
    bind_text(s, 2, metric);
    sqlite3_bind_int(s, 3, year);
    r = list_rows(ctx, st, s, l, &l->n, (void **)&l->items, sizeof *l->items, fill_unit_value,
                  "read unit results");
    if (!r)
        *out = l;
    return r;
}

void vs_unit_values_free(vs_unit_values *l)
{
    if (l)
        list_free(l, l->items);
}

static int fill_chart(list_hdr *h, sqlite3_stmt *s, void *item)
{
    vs_chart_def *c = item;
    c->chart_id = KEEP(h, s, 0);
    c->position = sqlite3_column_int(s, 1);
    c->kind = KEEP(h, s, 2);
    c->title = KEEP(h, s, 3);
    c->x_label = KEEP(h, s, 4);
    c->unit = KEEP(h, s, 5);
    c->metric = sqlite3_column_type(s, 6) == SQLITE_NULL ? NULL : KEEP(h, s, 6);
    c->note = KEEP(h, s, 7);
    return c->chart_id && c->kind && c->title && c->x_label && c->unit && c->note &&
           (c->metric || sqlite3_column_type(s, 6) == SQLITE_NULL);
}

vs_status vs_store_read_charts(vs_ctx *ctx, vs_store *st, int64_t run_id, vs_chart_list **out)
{
    *out = NULL;
    sqlite3_stmt *s;
    vs_chart_list *l;
    vs_status r = list_query(ctx, st,
                             "SELECT chart_id, position, kind, title, x_label, unit, metric, note "
                             "FROM charts WHERE run_id = ? ORDER BY position, chart_id",
                             run_id, sizeof *l, &s, (void **)&l);
    if (!r)
        r = list_rows(ctx, st, s, l, &l->n, (void **)&l->items, sizeof *l->items, fill_chart,
                      "read charts");
    if (!r)
        *out = l;
    return r;
}

void vs_chart_list_free(vs_chart_list *l)
{
    if (l)
        list_free(l, l->items);
}

/* Series table: one allocation for the struct, then filled in two passes
 * (distinct series and categories, then the cells). */
struct series_owner {
    vs_series_table t;
    chunk *strings;
};

void vs_series_table_free(vs_series_table *t)
{
    if (!t)
        return;
    struct series_owner *o = (struct series_owner *)t;
    free_chunks(o->strings);
    free(t->series);
    free(t->labels);
    free(t->value);
    free(t->ci_low);
    free(t->ci_high);
    free(o);
}

static int index_of(const char **list, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return i;
    return -1;
}

vs_status vs_store_read_series(vs_ctx *ctx, vs_store *st, int64_t run_id, int year,
                               const char *chart_id, vs_series_table **out)
{
    *out = NULL;
    sqlite3_stmt *s;
    vs_status r = prepare(ctx, st,
                          "SELECT series, position, label, value, ci_low, ci_high FROM series "
                          "WHERE run_id = ? AND chart_id = ? AND year = ? ORDER BY position, rowid",
                          &s);
    if (r)
        return r;
    sqlite3_bind_int64(s, 1, run_id);
    bind_text(s, 2, chart_id);
    sqlite3_bind_int(s, 3, year);
    struct series_owner *o = calloc(1, sizeof *o);
    int cap_rows = 0, n_rows = 0, rc;
    struct row {
        int s, c;
        double v, lo, hi;
    } *rows = NULL;
    vs_series_table *t = o ? &o->t : NULL;
    int cap_s = 0, cap_c = 0, oom = !o;
    while (!oom && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (col_text_oom(s, 0) || col_text_oom(s, 2)) {
            oom = 1;
            break;
        }
        const char *sn = (const char *)sqlite3_column_text(s, 0);
        const char *lb = (const char *)sqlite3_column_text(s, 2);
        int si = index_of(t->series, t->n_series, sn ? sn : "");
        if (si < 0) {
            if (t->n_series == cap_s) {
                cap_s = cap_s ? 2 * cap_s : 4;
                const char **p = realloc(t->series, (size_t)cap_s * sizeof *p);
                if (!p) {
                    oom = 1;
                    break;
                }
                t->series = p;
            }
            const char *k = keep(&o->strings, (const unsigned char *)sn);
            if (!k) {
                oom = 1;
                break;
            }
            t->series[si = t->n_series++] = k;
        }
        int ci = index_of(t->labels, t->n_cat, lb ? lb : "");
        if (ci < 0) {
            if (t->n_cat == cap_c) {
                cap_c = cap_c ? 2 * cap_c : 16;
                const char **p = realloc(t->labels, (size_t)cap_c * sizeof *p);
                if (!p) {
                    oom = 1;
                    break;
                }
                t->labels = p;
            }
            const char *k = keep(&o->strings, (const unsigned char *)lb);
            if (!k) {
                oom = 1;
                break;
            }
            t->labels[ci = t->n_cat++] = k;
        }
        if (n_rows == cap_rows) {
            cap_rows = cap_rows ? 2 * cap_rows : 32;
            struct row *p = realloc(rows, (size_t)cap_rows * sizeof *p);
            if (!p) {
                oom = 1;
                break;
            }
            rows = p;
        }
        rows[n_rows++] = (struct row){si, ci, col_real(s, 3), col_real(s, 4), col_real(s, 5)};
    }
    sqlite3_finalize(s);
    if (!oom && rc != SQLITE_DONE) {
        free(rows);
        vs_series_table_free(t);
        return db_fail(ctx, st, "read series");
    }
    if (!oom) {
        size_t cells = (size_t)t->n_series * (size_t)t->n_cat;
        t->value = malloc((cells ? cells : 1) * sizeof(double));
        t->ci_low = malloc((cells ? cells : 1) * sizeof(double));
        t->ci_high = malloc((cells ? cells : 1) * sizeof(double));
        oom = !t->value || !t->ci_low || !t->ci_high;
        for (size_t i = 0; !oom && i < cells; i++)
            t->value[i] = t->ci_low[i] = t->ci_high[i] = NAN;
        for (int i = 0; !oom && i < n_rows; i++) {
            size_t k = (size_t)rows[i].s * (size_t)t->n_cat + (size_t)rows[i].c;
            t->value[k] = rows[i].v;
            t->ci_low[k] = rows[i].lo;
            t->ci_high[k] = rows[i].hi;
        }
    }
    free(rows);
    if (oom) {
        vs_series_table_free(t);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    *out = t;
    return VS_OK;
}

static int fill_score(list_hdr *h, sqlite3_stmt *s, void *item)
{
    vs_score_row *x = item;
    x->position = sqlite3_column_int(s, 0);
    x->target_id = KEEP(h, s, 1);
    x->label = KEEP(h, s, 2);
    x->value = col_real(s, 3);
    x->unit = KEEP(h, s, 4);
    x->op = KEEP(h, s, 5);
    x->target_value = col_real(s, 6);
    x->met = sqlite3_column_int(s, 7);
    x->source = KEEP(h, s, 8);
    x->year = sqlite3_column_int(s, 9);
    return x->target_id && x->label && x->unit && x->op && x->source;
}

vs_status vs_store_read_scorecard(vs_ctx *ctx, vs_store *st, int64_t run_id, vs_score_list **out)
{
    *out = NULL;
    sqlite3_stmt *s;
    vs_score_list *l;
    vs_status r = list_query(ctx, st,
                             "SELECT position, target_id, label, value, unit, op, target_value, "
                             "met, source, year FROM scorecard WHERE run_id = ? ORDER BY year, "
                             "position, target_id",
                             run_id, sizeof *l, &s, (void **)&l);
    if (!r)
        r = list_rows(ctx, st, s, l, &l->n, (void **)&l->items, sizeof *l->items, fill_score,
                      "read scorecard");
    if (!r)
        *out = l;
    return r;
}

void vs_score_list_free(vs_score_list *l)
{
    if (l)
        list_free(l, l->items);
}

/* ---- CSV export --------------------------------------------------------- */

const char *vs_store_format_real(double v, char *buf, size_t cap)
{
    if (isnan(v)) {
        snprintf(buf, cap, "%s", "");
        return buf;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, cap, "%.*g", prec, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return buf;
}

/* Would a spreadsheet read text cell s as a formula?  A cell starting with
 * '=', '+', '-', '@', tab or carriage return is (OWASP "CSV injection"),
 * unless it is a plain decimal number such as -1.5, which stays a number. */
static int formula_like(const char *s)
{
    return s[0] && strchr("=+-@\t\r", s[0]) && !vsi_plain_decimal(s);
}

/* Write one CSV field: RFC 4180 quoting, and a text cell a spreadsheet
 * would run as a formula is prefixed with a single quote (OWASP), so that
 * a name such as =HYPERLINK(...) in an input file is shown, never run. */
static int csv_field(FILE *f, const char *s)
{
    const char *prefix = formula_like(s) ? "'" : "";
    if (!strpbrk(s, ",\"\n\r"))
        return fputs(prefix, f) < 0 || fputs(s, f) < 0;
    if (fputc('"', f) == EOF || fputs(prefix, f) < 0)
        return 1;
    for (const char *p = s; *p; p++) {
        if (*p == '"' && fputc('"', f) == EOF)
            return 1;
        if (fputc(*p, f) == EOF)
            return 1;
    }
    return fputc('"', f) == EOF;
}

vs_status vs_store_export_csv(vs_ctx *ctx, vs_store *st, const char *dir)
{
    for (size_t t = 0; t < sizeof export_tables / sizeof export_tables[0]; t++) {
        char path[1400], sql[200];
        snprintf(path, sizeof path, "%s/%s.csv", dir, export_tables[t].table);
        snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY %s", export_tables[t].table,
                 export_tables[t].order);
        sqlite3_stmt *s;
        vs_status r = prepare(ctx, st, sql, &s);
        if (r)
            return r;
        FILE *f = fopen(path, "w");
        if (!f) {
            sqlite3_finalize(s);
            return vs_ctx_fail(ctx, VS_EIO, "%s: cannot create: %s", path, strerror(errno));
        }
        int ncol = sqlite3_column_count(s), bad = 0, rc = SQLITE_DONE;
        for (int i = 0; i < ncol; i++)
            bad |= (i && fputc(',', f) == EOF) || csv_field(f, sqlite3_column_name(s, i));
        bad |= fputc('\n', f) == EOF;
        while (!bad && (rc = sqlite3_step(s)) == SQLITE_ROW) {
            for (int i = 0; i < ncol; i++) {
                char num[40];
                if (i)
                    bad |= fputc(',', f) == EOF;
                switch (sqlite3_column_type(s, i)) {
                case SQLITE_NULL: break;
                case SQLITE_INTEGER:
                    bad |= fprintf(f, "%lld", (long long)sqlite3_column_int64(s, i)) < 0;
                    break;
                case SQLITE_FLOAT:
                    bad |= fputs(vs_store_format_real(sqlite3_column_double(s, i), num,
                                                      sizeof num),
                                 f) < 0;
                    break;
                default:
                    bad |= csv_field(f, (const char *)sqlite3_column_text(s, i));
                }
            }
            bad |= fputc('\n', f) == EOF;
        }
        sqlite3_finalize(s);
        if (fclose(f) != 0 || bad)
            return vs_ctx_fail(ctx, VS_EIO, "%s: write error", path);
        if (rc != SQLITE_DONE)
            return db_fail(ctx, st, "export");
    }
    return VS_OK;
}

/* ---- path rewriting ---------------------------------------------------------- */

/* The text columns of `table` that vs_store_replace_text rewrites, each as
 * `"col" = replace("col", ?1, ?2), ` appended to sql. */
static vs_status text_columns(vs_ctx *ctx, vs_store *st, const char *table, vsi_buf *sql)
{
    sqlite3_stmt *s;
    char *q = sqlite3_mprintf("PRAGMA table_info(\"%w\")", table);
    if (!q)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    vs_status r = prepare(ctx, st, q, &s);
    sqlite3_free(q);
    if (r)
        return r;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *col = (const char *)sqlite3_column_text(s, 1);
        const char *type = (const char *)sqlite3_column_text(s, 2);
        if (!col || !type || sqlite3_stricmp(type, "TEXT") != 0 ||
            (strcmp(table, "runs") == 0 &&
             (strcmp(col, "scenario_text") == 0 || strcmp(col, "scenario_hash") == 0)))
            continue;
        char *part = sqlite3_mprintf("%s\"%w\" = replace(\"%w\", ?1, ?2)",
                                     vsi_buf_len(sql) ? ", " : "", col, col);
        if (!part) {
            sqlite3_finalize(s);
            return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        }
        vsi_buf_printf(sql, "%s", part);
        sqlite3_free(part);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE)
        return vs_ctx_fail(ctx, VS_EIO, "%s: %s", st->path, sqlite3_errmsg(st->db));
    return vsi_buf_failed(sql) ? vs_ctx_fail(ctx, VS_ENOMEM, "out of memory") : VS_OK;
}

/* One table: UPDATE its text columns. */
static vs_status replace_in_table(vs_ctx *ctx, vs_store *st, const char *table, const char *from,
                                  const char *to)
{
    vsi_buf cols = VSI_BUF_INIT;
    vs_status r = text_columns(ctx, st, table, &cols);
    if (!r && vsi_buf_len(&cols)) {
        char *q = sqlite3_mprintf("UPDATE \"%w\" SET %s", table, vsi_buf_str(&cols));
        sqlite3_stmt *s = NULL;
        if (!q)
            r = vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
        else if (!(r = prepare(ctx, st, q, &s))) {
            sqlite3_bind_text(s, 1, from, -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 2, to, -1, SQLITE_STATIC);
            if (sqlite3_step(s) != SQLITE_DONE)
                r = vs_ctx_fail(ctx, VS_EIO, "%s: %s", st->path, sqlite3_errmsg(st->db));
        }
        sqlite3_finalize(s);
        sqlite3_free(q);
    }
    vsi_buf_free(&cols);
    return r;
}

vs_status vs_store_replace_text(vs_ctx *ctx, vs_store *st, const char *from, const char *to)
{
    if (!from || !*from || !to)
        return vs_ctx_fail(ctx, VS_EUSAGE, "store: replace_text needs a non-empty text");
    sqlite3_stmt *s;
    vs_status r = prepare(ctx, st,
                          "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'meta' "
                          "AND name NOT LIKE 'sqlite_%' ORDER BY name",
                          &s);
    if (r)
        return r;
    /* names first: an UPDATE while this statement is live is allowed, but
     * the list is short and copying it keeps one statement alive at a time */
    char names[64][64];
    int n = 0;
    while (n < 64 && sqlite3_step(s) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(s, 0);
        if (name && strlen(name) < sizeof names[0])
            memcpy(names[n++], name, strlen(name) + 1);
    }
    sqlite3_finalize(s);
    for (int i = 0; i < n && !r; i++)
        r = replace_in_table(ctx, st, names[i], from, to);
    return r;
}
