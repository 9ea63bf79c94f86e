/*
 * fuzz_forecast: the forecast's input readers.  The first input byte (mod 3)
 * picks the reader; the rest is the file's text:
 *   0  a population projection by area or municipality
 *      (vs_pop_projection_load on the Stockholm region, horizon base + 1);
 *   1  the municipal bands of the back-cast (vs_pop_backcast_run);
 *   2  data/parameters/population.csv (vs_pop_params_load) in a scratch copy.
 */
#include "fuzz_common.h"
#include "vardsim/forecast.h"

static vs_region *region;
static vs_pop_params rates;
static char param_dir[512], path[512];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    vs_ctx *ctx = fz_ctx();
    if (vs_region_load(ctx, VS_SOURCE_DIR "/data/stockholm", &region)
        || vs_pop_params_load(ctx, VS_SOURCE_DIR "/data/parameters", &rates))
        abort();
    vs_ctx_destroy(ctx);
    fz_path(param_dir, sizeof param_dir, "parameters");
    if (fz_mkdir(param_dir))
        abort();
    fz_path(path, sizeof path, "input.csv");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int which = data[0] % 3;
    vs_ctx *ctx = fz_ctx();
    if (which == 0) {
        fz_write(path, data + 1, size - 1);
        vs_pop_projection *p = NULL;
        vs_status st = vs_pop_projection_load(ctx, path, region, region->base_year + 1, &p);
        fz_check(ctx, st, p);
        vs_pop_projection_destroy(p);
    } else if (which == 1) {
        fz_write(path, data + 1, size - 1);
        vs_pop_backcast *b = NULL;
        vs_status st = vs_pop_backcast_run(ctx, path, region->base_year - 3, region, &rates, &b);
        fz_check(ctx, st, b);
        vs_pop_backcast_destroy(b);
    } else {
        char file[600];
        snprintf(file, sizeof file, "%s/population.csv", param_dir);
        fz_write(file, data + 1, size - 1);
        vs_pop_params p;
        vs_status st = vs_pop_params_load(ctx, param_dir, &p);
        fz_check(ctx, st, st ? NULL : &p);
    }
    vs_ctx_destroy(ctx);
    return 0;
}
