/* Unit tests of the results store: the documented schema (columns of every
 * table), write and read back bit-exactly, transactions, constraints,
 * scorecard evaluation, refusal of foreign files, and the CSV export. */
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include "vardsim/store.h"
#include "vt.h"

static const char *DB = "test_store_tmp.sqlite";

/* The contract of docs/store.md: table -> columns in order. */
static const struct {
    const char *table, *columns;
} contract[] = {
    {"meta", "key,value"},
    {"runs", "run_id,scenario,scenario_file,scenario_hash,scenario_text,region,region_dir,seed,"
             "replications,threads,version,created_at"},
    {"parameters", "run_id,key,value,source"},
    {"metrics", "run_id,year,name,value,ci_low,ci_high,unit,target,met,source"},
    {"area_results", "run_id,year,area_id,metric,value"},
    {"municipality_results", "run_id,year,municipality_id,metric,value"},
    {"hospital_results", "run_id,year,hospital_id,metric,value"},
    {"centre_results", "run_id,year,centre_id,metric,value"},
    {"charts", "run_id,chart_id,position,kind,title,x_label,unit,metric,note"},
    {"series", "run_id,year,chart_id,series,position,label,value,ci_low,ci_high"},
    {"scorecard", "run_id,year,position,target_id,label,value,unit,op,target_value,met,source"},
    {"notes", "run_id,position,topic,text"},
};

static void test_schema(void)
{
    remove(DB);
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_store *st;
    VT_EQ_INT(vs_store_open(ctx, DB, 1, &st), VS_OK);
    vs_store_close(st);
    sqlite3 *db;
    VT_EQ_INT(sqlite3_open(DB, &db), SQLITE_OK);
    for (size_t t = 0; t < sizeof contract / sizeof contract[0]; t++) {
        char sql[200], cols[600] = "";
        snprintf(sql, sizeof sql, "PRAGMA table_info(%s)", contract[t].table);
        sqlite3_stmt *s;
        VT_EQ_INT(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
        while (sqlite3_step(s) == SQLITE_ROW) {
            if (cols[0])
                strcat(cols, ",");
            strcat(cols, (const char *)sqlite3_column_text(s, 1));
        }
        sqlite3_finalize(s);
        VT_EQ_STR(cols, contract[t].columns);
    }
    sqlite3_stmt *s;
    sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'store_schema_version'", -1, &s,
                       NULL);
    VT_EQ_INT(sqlite3_step(s), SQLITE_ROW);
    VT_EQ_STR((const char *)sqlite3_column_text(s, 0), "2");
    sqlite3_finalize(s);
    sqlite3_close(db);
    /* reopening an existing store works; without create as well */
    VT_EQ_INT(vs_store_open(ctx, DB, 0, &st), VS_OK);
    vs_store_close(st);
    vs_ctx_destroy(ctx);
}

static void test_roundtrip(void)
{
    remove(DB);
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_store *st;
    VT_EQ_INT(vs_store_open(ctx, DB, 1, &st), VS_OK);
    VT_EQ_INT(vs_store_begin(ctx, st), VS_OK);
    vs_store_run run = {0,         "today", "scenarios/today.yaml", "0123456789abcdef",
                        "name: x\n", "Region", "data/r",             UINT64_C(18446744073709551615),
                        10,        2,       "0.1.0",                 "2025-01-01T00:00:00Z"};
    VT_EQ_INT(vs_store_add_run(ctx, st, &run), VS_OK);
    VT_EQ_INT(run.run_id, 1);
    const double third = 1.0 / 3.0;
    vs_metric m1 = {"population", 2440027, NAN, NAN, "persons", NULL, -1, "areas.csv", 0};
    vs_metric m2 = {"wait", third, 0.25, 0.5, "days", "<= 3", 1, "sim", 0};
    VT_EQ_INT(vs_store_put_metric(ctx, st, run.run_id, 2022, &m1), VS_OK);
    VT_EQ_INT(vs_store_put_metric(ctx, st, run.run_id, 2022, &m2), VS_OK);
    /* the same metric twice violates the primary key: an input error */
    VT_EQ_INT(vs_store_put_metric(ctx, st, run.run_id, 2022, &m1), VS_EINPUT);
    VT_EQ_INT(vs_store_put_parameter(ctx, st, run.run_id, "a.b", "1.5", "file"), VS_OK);
    VT_EQ_INT(vs_store_put_unit_value(ctx, st, VS_STORE_AREA, run.run_id, 2022, "A2", "pop", 20),
              VS_OK);
    VT_EQ_INT(vs_store_put_unit_value(ctx, st, VS_STORE_AREA, run.run_id, 2022, "A1", "pop", 10),
              VS_OK);
    VT_EQ_INT(vs_store_put_unit_value(ctx, st, VS_STORE_AREA, run.run_id, 2022, "A1", "other", 99),
              VS_OK);
    VT_EQ_INT(vs_store_put_unit_value(ctx, st, VS_STORE_HOSPITAL, run.run_id, 2022, "H", "beds", 3),
              VS_OK);
    VT_EQ_INT(vs_store_put_unit_value(ctx, st, (vs_store_unit)9, run.run_id, 2022, "H", "b", 3),
              VS_EUSAGE);
    vs_chart_def c = {"c1", 5, "bar", "Title", "x", "days", NULL, "note"};
    VT_EQ_INT(vs_store_put_chart(ctx, st, run.run_id, &c), VS_OK);
    vs_chart_def bad = {"c2", 6, "pie", "T", "", "", NULL, ""};
    VT_EQ_INT(vs_store_put_chart(ctx, st, run.run_id, &bad), VS_EINPUT); /* CHECK kind */
    /* two series x three categories, inserted out of order */
    VT_EQ_INT(vs_store_put_series(ctx, st, run.run_id, 2022, "c1", "B", 1, "y", 5, NAN, NAN), VS_OK);
    VT_EQ_INT(vs_store_put_series(ctx, st, run.run_id, 2022, "c1", "A", 0, "x", 1, 0.5, 1.5), VS_OK);
    VT_EQ_INT(vs_store_put_series(ctx, st, run.run_id, 2022, "c1", "A", 1, "y", 2, NAN, NAN), VS_OK);
    VT_EQ_INT(vs_store_put_series(ctx, st, run.run_id, 2022, "c1", "A", 2, "z", 3, NAN, NAN), VS_OK);
    vs_score_row row = {1, "occ", "occupancy < 0.9", 0.93, "share", "<", 0.9, 1, "003:191", 0};
    VT_EQ_INT(vs_store_put_score(ctx, st, run.run_id, 2022, &row), VS_OK); /* met recomputed: 0 */
    vs_score_row badop = {2, "x", "x", 1, "", "~", 1, 1, "s", 0};
    VT_EQ_INT(vs_store_put_score(ctx, st, run.run_id, 2022, &badop), VS_EUSAGE);
    VT_EQ_INT(vs_store_commit(ctx, st), VS_OK);

    /* a rolled-back transaction leaves nothing */
    VT_EQ_INT(vs_store_begin(ctx, st), VS_OK);
    vs_metric m3 = {"ghost", 1, NAN, NAN, "", NULL, -1, "", 0};
    VT_EQ_INT(vs_store_put_metric(ctx, st, run.run_id, 2022, &m3), VS_OK);
    VT_EQ_INT(vs_store_rollback(ctx, st), VS_OK);
    vs_store_close(st);

    VT_EQ_INT(vs_store_open(ctx, DB, 0, &st), VS_OK);
    int64_t *ids;
    int n;
    VT_EQ_INT(vs_store_run_ids(ctx, st, &ids, &n), VS_OK);
    VT_EQ_INT(n, 1);
    free(ids);
    vs_store_run rr;
    char *strs;
    VT_EQ_INT(vs_store_read_run(ctx, st, 1, &rr, &strs), VS_OK);
    VT_EQ_STR(rr.scenario, "today");
    VT_EQ_STR(rr.scenario_text, "name: x\n");
    VT_EQ_STR(rr.created_at, "2025-01-01T00:00:00Z");
    VT_CHECK(rr.seed == UINT64_C(18446744073709551615));
    VT_EQ_INT(rr.threads, 2);
    free(strs);
    VT_EQ_INT(vs_store_read_run(ctx, st, 2, &rr, &strs), VS_EINPUT);

    vs_metric_list *ml;
    VT_EQ_INT(vs_store_read_metrics(ctx, st, 1, &ml), VS_OK);
    VT_EQ_INT(ml->n, 2);
    VT_EQ_STR(ml->items[0].name, "population");
    VT_CHECK(ml->items[0].value == 2440027);
    VT_CHECK(isnan(ml->items[0].ci_low) && ml->items[0].target == NULL);
    VT_EQ_INT(ml->items[0].met, -1);
    VT_CHECK(ml->items[1].value == third); /* bit-exact */
    VT_CHECK(ml->items[1].ci_low == 0.25 && ml->items[1].ci_high == 0.5);
    VT_EQ_STR(ml->items[1].target, "<= 3");
    VT_EQ_INT(ml->items[1].met, 1);
    vs_metric_list_free(ml);

    vs_unit_values *uv;
    VT_EQ_INT(vs_store_read_unit_values(ctx, st, VS_STORE_AREA, 1, 2022, "pop", &uv), VS_OK);
    VT_EQ_INT(uv->n, 2);
    VT_EQ_STR(uv->items[0].id, "A1"); /* ordered by id */
    VT_CHECK(uv->items[0].value == 10 && uv->items[1].value == 20);
    vs_unit_values_free(uv);

    vs_series_table *t;
    VT_EQ_INT(vs_store_read_series(ctx, st, 1, 2022, "c1", &t), VS_OK);
    VT_EQ_INT(t->n_series, 2);
    VT_EQ_INT(t->n_cat, 3);
    VT_EQ_STR(t->series[0], "A");
    VT_EQ_STR(t->labels[0], "x");
    VT_EQ_STR(t->labels[2], "z");
    VT_CHECK(t->value[0] == 1 && t->value[1] == 2 && t->value[2] == 3);
    VT_CHECK(isnan(t->value[3]) && t->value[4] == 5 && isnan(t->value[5]));
    VT_CHECK(t->ci_low[0] == 0.5 && t->ci_high[0] == 1.5);
    vs_series_table_free(t);

    vs_chart_list *cl;
    VT_EQ_INT(vs_store_read_charts(ctx, st, 1, &cl), VS_OK);
    VT_EQ_INT(cl->n, 1);
    VT_EQ_STR(cl->items[0].kind, "bar");
    VT_CHECK(cl->items[0].metric == NULL);
    vs_chart_list_free(cl);

    vs_score_list *sl;
    VT_EQ_INT(vs_store_read_scorecard(ctx, st, 1, &sl), VS_OK);
    VT_EQ_INT(sl->n, 1);
    VT_EQ_INT(sl->items[0].met, 0);
    VT_CHECK(sl->items[0].value == 0.93);
    vs_score_list_free(sl);

    vs_param_list *pl;
    VT_EQ_INT(vs_store_read_parameters(ctx, st, 1, &pl), VS_OK);
    VT_EQ_INT(pl->n, 1);
    VT_EQ_STR(pl->items[0].value, "1.5");
    vs_param_list_free(pl);

    /* CSV export */
    char dir[] = "test_store_csv_XXXXXX";
    VT_CHECK(mkdtemp(dir) != NULL);
    VT_EQ_INT(vs_store_export_csv(ctx, st, dir), VS_OK);
    char path[256];
    snprintf(path, sizeof path, "%s/metrics.csv", dir);
    char *csv = vt_slurp(path);
    VT_CHECK(csv != NULL);
    VT_EQ_STR(csv ? csv : "", "run_id,year,name,value,ci_low,ci_high,unit,target,met,source\n"
                              "1,2022,population,2440027,,,persons,,,areas.csv\n"
                              "1,2022,wait,0.3333333333333333,0.25,0.5,days,<= 3,1,sim\n");
    free(csv);
    static const char *const tables[] = {"runs", "parameters", "metrics", "area_results",
                                         "municipality_results", "hospital_results",
                                         "centre_results", "charts", "series", "scorecard",
                                         "notes"};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        snprintf(path, sizeof path, "%s/%s.csv", dir, tables[i]);
        VT_CHECK(access(path, R_OK) == 0);
        remove(path);
    }
    rmdir(dir);
    vs_store_close(st);
    vs_ctx_destroy(ctx);
    remove(DB);
}

static void test_foreign_files(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_store *st = NULL;
    /* a SQLite database that is not a vardsim store */
    remove(DB);
    sqlite3 *db;
    sqlite3_open(DB, &db);
    sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL);
    sqlite3_close(db);
    VT_EQ_INT(vs_store_open(ctx, DB, 1, &st), VS_EINPUT);
    VT_CHECK(strstr(vs_ctx_message(ctx), "not a vardsim results store") != NULL);
    /* another schema version */
    remove(DB);
    sqlite3_open(DB, &db);
    sqlite3_exec(db, "CREATE TABLE meta(key, value); INSERT INTO meta "
                     "VALUES('store_schema_version', '7')",
                 NULL, NULL, NULL);
    sqlite3_close(db);
    VT_EQ_INT(vs_store_open(ctx, DB, 1, &st), VS_EINPUT);
    /* a store of schema 1 (before the year axis): refused, saying why */
    remove(DB);
    sqlite3_open(DB, &db);
    sqlite3_exec(db, "CREATE TABLE meta(key, value); INSERT INTO meta "
                     "VALUES('store_schema_version', '1')",
                 NULL, NULL, NULL);
    sqlite3_close(db);
    VT_EQ_INT(vs_store_open(ctx, DB, 0, &st), VS_EINPUT);
    VT_CHECK(strstr(vs_ctx_message(ctx), "schema version 1 is older than this vardsim's 2") != NULL);
    VT_CHECK(strstr(vs_ctx_message(ctx), "run the scenario again") != NULL);
    /* a text file */
    FILE *f = fopen(DB, "w");
    fputs("this is not a database, just some text that is long enough............\n", f);
    fclose(f);
    VT_CHECK(vs_store_open(ctx, DB, 1, &st) != VS_OK);
    /* missing without create */
    remove(DB);
    VT_EQ_INT(vs_store_open(ctx, DB, 0, &st), VS_EIO);
    VT_CHECK(st == NULL);
    vs_ctx_destroy(ctx);
    remove(DB);
}

static void test_helpers(void)
{
    VT_EQ_INT(vs_store_target_met(1100, "<=", 1100), 1);
    VT_EQ_INT(vs_store_target_met(1100, "<", 1100), 0);
    VT_EQ_INT(vs_store_target_met(0.26, ">=", 0.25), 1);
    VT_EQ_INT(vs_store_target_met(0.24, ">", 0.25), 0);
    VT_EQ_INT(vs_store_target_met(0, "==", 0), 1);
    VT_EQ_INT(vs_store_target_met(NAN, "<", 1), -1);
    VT_EQ_INT(vs_store_target_met(1, "!=", 1), -1);
    char b[40];
    VT_EQ_STR(vs_store_format_real(0.1, b, sizeof b), "0.1");
    VT_EQ_STR(vs_store_format_real(2440027, b, sizeof b), "2440027");
    VT_EQ_STR(vs_store_format_real(1.0 / 3.0, b, sizeof b), "0.3333333333333333");
    VT_EQ_STR(vs_store_format_real(NAN, b, sizeof b), "");
    const double xs[] = {1e300, -2.5e-310, 0.1 + 0.2, 123456.789, 1.7};
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++)
        VT_CHECK(strtod(vs_store_format_real(xs[i], b, sizeof b), NULL) == xs[i]);
}

/* Notes: written in any order, read back by position; duplicates refused;
 * a store without the notes table (an earlier version) reads as no notes. */
static void test_notes(void)
{
    remove(DB);
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_store *st;
    VT_EQ_INT(vs_store_open(ctx, DB, 1, &st), VS_OK);
    vs_store_run run = {0, "n", "n.yaml", "0", "x", "r", "d", 1, 1, 1, "v", "t"};
    VT_EQ_INT(vs_store_add_run(ctx, st, &run), VS_OK);
    VT_EQ_INT(vs_store_put_note(ctx, st, run.run_id, 2, "beds", "second"), VS_OK);
    VT_EQ_INT(vs_store_put_note(ctx, st, run.run_id, 1, "need", "first"), VS_OK);
    VT_EQ_INT(vs_store_put_note(ctx, st, run.run_id, 1, "need", "again"), VS_EINPUT);
    VT_EQ_INT(vs_store_put_note(ctx, st, run.run_id, 3, "", "no topic"), VS_EUSAGE);
    vs_param_list *nl;
    VT_EQ_INT(vs_store_read_notes(ctx, st, run.run_id, &nl), VS_OK);
    VT_EQ_INT(nl->n, 2);
    if (nl->n == 2) {
        VT_EQ_STR(nl->items[0].key, "need");
        VT_EQ_STR(nl->items[0].value, "first");
        VT_EQ_STR(nl->items[1].value, "second");
    }
    vs_param_list_free(nl);
    vs_store_close(st);
    sqlite3 *db;
    VT_EQ_INT(sqlite3_open(DB, &db), SQLITE_OK);
    VT_EQ_INT(sqlite3_exec(db, "DROP TABLE notes", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    VT_EQ_INT(vs_store_open(ctx, DB, 0, &st), VS_OK);
    VT_EQ_INT(vs_store_read_notes(ctx, st, 1, &nl), VS_OK);
    VT_EQ_INT(nl->n, 0);
    vs_param_list_free(nl);
    vs_store_close(st);
    remove(DB);
    vs_ctx_destroy(ctx);
}

/* The year axis: one name per year, read back with its year; per-unit
 * values and series read per year; the years of a run. */
static void test_years(void)
{
    remove(DB);
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_store *st;
    VT_EQ_INT(vs_store_open(ctx, DB, 1, &st), VS_OK);
    vs_store_run run = {0, "y", "y.yaml", "0", "x", "r", "d", 1, 1, 1, "v", "t"};
    VT_EQ_INT(vs_store_add_run(ctx, st, &run), VS_OK);
    vs_metric m = {"beds", 10, NAN, NAN, "beds", NULL, -1, "s", 0};
    VT_EQ_INT(vs_store_put_metric(ctx, st, run.run_id, 2025, &m), VS_OK);
    m.value = 12;
    VT_EQ_INT(vs_store_put_metric(ctx, st, run.run_id, 2024, &m), VS_OK);
    VT_EQ_INT(vs_store_put_metric(ctx, st, run.run_id, 2025, &m), VS_EINPUT); /* same year */
    VT_EQ_INT(vs_store_put_unit_value(ctx, st, VS_STORE_AREA, run.run_id, 2024, "A", "p", 1),
              VS_OK);
    VT_EQ_INT(vs_store_put_unit_value(ctx, st, VS_STORE_AREA, run.run_id, 2030, "A", "p", 3),
              VS_OK);
    VT_EQ_INT(vs_store_put_series(ctx, st, run.run_id, 2030, "c", "s", 0, "x", 7, NAN, NAN),
              VS_OK);
    vs_score_row row = {1, "t", "label", 0.5, "share", "<", 0.9, 0, "src", 0};
    VT_EQ_INT(vs_store_put_score(ctx, st, run.run_id, 2026, &row), VS_OK);
    VT_EQ_INT(vs_store_put_score(ctx, st, run.run_id, 2027, &row), VS_OK);
    int *years = NULL, n = 0;
    VT_EQ_INT(vs_store_read_years(ctx, st, run.run_id, &years, &n), VS_OK);
    VT_EQ_INT(n, 5);
    if (n == 5) {
        VT_EQ_INT(years[0], 2024);
        VT_EQ_INT(years[2], 2026);
        VT_EQ_INT(years[4], 2030);
    }
    free(years);
    vs_metric_list *ml;
    VT_EQ_INT(vs_store_read_metrics(ctx, st, run.run_id, &ml), VS_OK);
    VT_EQ_INT(ml->n, 2);
    if (ml->n == 2) { /* by year */
        VT_EQ_INT(ml->items[0].year, 2024);
        VT_NEAR(ml->items[0].value, 12, 0);
        VT_EQ_INT(ml->items[1].year, 2025);
        VT_NEAR(ml->items[1].value, 10, 0);
    }
    vs_metric_list_free(ml);
    vs_unit_values *uv;
    VT_EQ_INT(vs_store_read_unit_values(ctx, st, VS_STORE_AREA, run.run_id, 2030, "p", &uv), VS_OK);
    VT_EQ_INT(uv->n, 1);
    if (uv->n == 1)
        VT_NEAR(uv->items[0].value, 3, 0);
    vs_unit_values_free(uv);
    vs_series_table *t;
    VT_EQ_INT(vs_store_read_series(ctx, st, run.run_id, 2024, "c", &t), VS_OK);
    VT_EQ_INT(t->n_series, 0);
    vs_series_table_free(t);
    vs_score_list *sl;
    VT_EQ_INT(vs_store_read_scorecard(ctx, st, run.run_id, &sl), VS_OK);
    VT_EQ_INT(sl->n, 2);
    if (sl->n == 2) {
        VT_EQ_INT(sl->items[0].year, 2026);
        VT_EQ_INT(sl->items[1].year, 2027);
        VT_EQ_INT(sl->items[1].met, 1);
    }
    vs_score_list_free(sl);
    vs_store_close(st);
    remove(DB);
    vs_ctx_destroy(ctx);
}

int main(void)
{
    test_schema();
    test_roundtrip();
    test_foreign_files();
    test_helpers();
    test_notes();
    test_years();
    return vt_done();
}
