/* test_store_export: the CSV export never hands a spreadsheet a formula
 * (issue 12, defect 10): a text cell that starts with = + - @ tab or CR is
 * prefixed with a single quote (OWASP), a number written as text (-1.5)
 * stays a number, and RFC 4180 quoting still applies around the prefix. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vardsim/store.h"
#include "vt.h"

static const char *DB = "test_store_export_tmp.sqlite";

/* The text of DIR/TABLE.csv ("" when it cannot be read; malloc'd). */
static char *exported(const char *dir, const char *table)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s.csv", dir, table);
    char *text = vt_slurp(path);
    VT_CHECK(text != NULL);
    return text ? text : calloc(1, 1);
}

static void test_formulas(void)
{
    remove(DB);
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_store *st;
    VT_EQ_INT(vs_store_open(ctx, DB, 1, &st), VS_OK);
    vs_store_run run = {0, "n", "n.yaml", "0", "x", "r", "d", 1, 1, 1, "v", "t"};
    VT_EQ_INT(vs_store_add_run(ctx, st, &run), VS_OK);
    static const char *const values[][2] = {
        {"k01", "=HYPERLINK(\"http://x\",\"y\")"},
        {"k02", "+1+cmd|' /C calc'!A0"},
        {"k03", "-2+3"},
        {"k04", "@SUM(A1)"},
        {"k05", "\tx"},
        {"k06", "-1.5"},
        {"k07", "2.5e-3"},
        {"k08", "-"},
        {"k09", "plain, text"},
        {"k10", "a=b"},
    };
    size_t nv = sizeof values / sizeof values[0];
    for (size_t i = 0; i < nv; i++)
        VT_EQ_INT(vs_store_put_parameter(ctx, st, run.run_id, values[i][0], values[i][1], "s"),
                  VS_OK);
    char dir[] = "test_store_export_XXXXXX";
    VT_CHECK(mkdtemp(dir) != NULL);
    VT_EQ_INT(vs_store_export_csv(ctx, st, dir), VS_OK);
    char *text = exported(dir, "parameters");
    VT_EQ_STR(text, "run_id,key,value,source\n"
                   "1,k01,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",s\n"
                   "1,k02,'+1+cmd|' /C calc'!A0,s\n"
                   "1,k03,'-2+3,s\n"
                   "1,k04,'@SUM(A1),s\n"
                   "1,k05,'\tx,s\n"
                   "1,k06,-1.5,s\n"
                   "1,k07,2.5e-3,s\n"
                   "1,k08,'-,s\n"
                   "1,k09,\"plain, text\",s\n"
                   "1,k10,a=b,s\n");
    free(text);
    /* numeric columns are untouched: a negative metric stays a number */
    vs_metric m = {"delta", -1.5, NAN, NAN, "persons", NULL, -1, "=cmd", 0};
    VT_EQ_INT(vs_store_put_metric(ctx, st, run.run_id, 2022, &m), VS_OK);
    VT_EQ_INT(vs_store_export_csv(ctx, st, dir), VS_OK);
    text = exported(dir, "metrics");
    VT_EQ_STR(text, "run_id,year,name,value,ci_low,ci_high,unit,target,met,source\n"
                   "1,2022,delta,-1.5,,,persons,,,'=cmd\n");
    free(text);
    static const char *const tables[] = {"runs", "parameters", "metrics", "area_results",
                                         "municipality_results", "hospital_results",
                                         "centre_results", "charts", "series", "scorecard",
                                         "notes"};
    char path[256];
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        snprintf(path, sizeof path, "%s/%s.csv", dir, tables[i]);
        remove(path);
    }
    VT_EQ_INT(rmdir(dir), 0);
    vs_store_close(st);
    remove(DB);
    vs_ctx_destroy(ctx);
}

int main(void)
{
    test_formulas();
    return vt_done();
}
