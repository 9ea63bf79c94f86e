/*
 * fuzz_store: the results-store reader.  The fuzzed bytes are written as a
 * results.sqlite file, opened with vs_store_open (create = 0) and every
 * table read back through the public vs_store_read_* functions: the run
 * list, each run's header, parameters, metrics, charts with their series,
 * scorecard and notes, and the per-unit values of each metric for the four
 * unit kinds (as `vardsim compare` and the report do).  Reading a damaged
 * store must give an error, never a crash.
 */
#include "fuzz_common.h"
#include "vardsim/store.h"

/* Read everything of one run; errors are fine, crashes are not. */
static void read_run(vs_ctx *ctx, vs_store *st, int64_t id)
{
    vs_store_run run;
    char *strings = NULL;
    if (vs_store_read_run(ctx, st, id, &run, &strings) == VS_OK)
        free(strings);
    vs_ctx_clear(ctx);
    vs_param_list *pl = NULL;
    if (vs_store_read_parameters(ctx, st, id, &pl) == VS_OK)
        vs_param_list_free(pl);
    vs_ctx_clear(ctx);
    if (vs_store_read_notes(ctx, st, id, &pl) == VS_OK)
        vs_param_list_free(pl);
    vs_ctx_clear(ctx);
    int *years = NULL, ny = 0;
    if (vs_store_read_years(ctx, st, id, &years, &ny) != VS_OK)
        ny = 0;
    vs_ctx_clear(ctx);
    int year = ny > 0 ? years[0] : 0;
    free(years);
    vs_metric_list *ml = NULL;
    if (vs_store_read_metrics(ctx, st, id, &ml) == VS_OK) {
        for (int i = 0; i < ml->n && i < 8; i++)
            for (int u = VS_STORE_AREA; u <= VS_STORE_CENTRE; u++) {
                vs_unit_values *uv = NULL;
                if (vs_store_read_unit_values(ctx, st, (vs_store_unit)u, id, year,
                                              ml->items[i].name, &uv) == VS_OK)
                    vs_unit_values_free(uv);
                vs_ctx_clear(ctx);
            }
        vs_metric_list_free(ml);
    }
    vs_ctx_clear(ctx);
    vs_chart_list *cl = NULL;
    if (vs_store_read_charts(ctx, st, id, &cl) == VS_OK) {
        for (int i = 0; i < cl->n && i < 8; i++) {
            vs_series_table *t = NULL;
            if (vs_store_read_series(ctx, st, id, year, cl->items[i].chart_id, &t) == VS_OK)
                vs_series_table_free(t);
            vs_ctx_clear(ctx);
        }
        vs_chart_list_free(cl);
    }
    vs_ctx_clear(ctx);
    vs_score_list *sl = NULL;
    if (vs_store_read_scorecard(ctx, st, id, &sl) == VS_OK)
        vs_score_list_free(sl);
    vs_ctx_clear(ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512], side[600];
    fz_path(path, sizeof path, "results.sqlite");
    /* A journal left by the previous input would be replayed into this one. */
    snprintf(side, sizeof side, "%s-journal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    fz_write(path, data, size);
    vs_ctx *ctx = fz_ctx();
    vs_store *st = NULL;
    vs_status s = vs_store_open(ctx, path, 0, &st);
    fz_check(ctx, s, st);
    if (st) {
        int64_t *ids = NULL;
        int n = 0;
        if (vs_store_run_ids(ctx, st, &ids, &n) == VS_OK) {
            for (int i = 0; i < n && i < 4; i++)
                read_run(ctx, st, ids[i]);
            free(ids);
        }
        vs_ctx_clear(ctx);
        /* A run id that is not there. */
        read_run(ctx, st, -1);
        vs_store_close(st);
    }
    vs_ctx_destroy(ctx);
    return 0;
}
