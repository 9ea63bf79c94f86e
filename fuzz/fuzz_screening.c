/*
 * fuzz_screening: the screening model's readers over a scratch copy of
 * tests/data/screening (its region and its two parameter files) in which one
 * file is replaced by the fuzzed bytes.  The first input byte (mod 4) picks:
 *   0  screening_programmes.csv, 1 screening.csv (vs_screening_params_load);
 *   2  age_sex.csv, 3 vaccination_coverage.csv (vs_screening_data_load).
 * When every file loads, vs_screening_compute runs on the region's need
 * model (computed once), and its result is freed.
 */
#include "fuzz_common.h"
#include "vardsim/need.h"
#include "vardsim/region.h"
#include "vardsim/screening.h"

static const char *const files[4] = {"params/screening_programmes.csv", "params/screening.csv",
                                     "region/age_sex.csv", "region/vaccination_coverage.csv"};
static const char *const all[] = {"params/screening_programmes.csv", "params/screening.csv",
                                  "region/age_sex.csv", "region/vaccination_coverage.csv",
                                  "region/region.json", "region/areas.csv",
                                  "region/municipalities.csv", "region/hospitals.csv"};

static char param_dir[512];
static vs_region *region;
static vs_need_result *need;

/* Copy tests/data/screening/<rel> into the scratch directory. */
static void restore(const char *rel)
{
    char src[1024], dst[1024];
    snprintf(src, sizeof src, "%s/tests/data/screening/%s", VS_SOURCE_DIR, rel);
    fz_path(dst, sizeof dst, rel);
    fz_copy(src, dst);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char dir[512], np_dir[1024];
    fz_path(param_dir, sizeof param_dir, "params");
    fz_path(dir, sizeof dir, "region");
    if (fz_mkdir(param_dir) || fz_mkdir(dir))
        abort();
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        restore(all[i]);
    snprintf(np_dir, sizeof np_dir, "%s/data/parameters", VS_SOURCE_DIR);
    vs_ctx *ctx = fz_ctx();
    vs_need_params *np = NULL;
    vs_need_options o;
    vs_need_options_init(&o);
    if (vs_region_load(ctx, dir, &region) || vs_need_params_load(ctx, np_dir, &np) ||
        vs_need_compute(ctx, region, np, &o, &need))
        abort();
    vs_need_params_destroy(np);
    vs_ctx_destroy(ctx);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int which = data[0] % 4;
    char path[1024];
    fz_path(path, sizeof path, files[which]);
    fz_write(path, data + 1, size - 1);
    vs_ctx *ctx = fz_ctx();
    vs_screening_params *p = NULL;
    vs_screening_data *d = NULL;
    vs_status st = vs_screening_params_load(ctx, param_dir, &p);
    fz_check(ctx, st, p);
    if (!st) {
        st = vs_screening_data_load(ctx, region, &d);
        fz_check(ctx, st, d);
    }
    if (!st) {
        vs_screening_result *r = NULL;
        st = vs_screening_compute(ctx, region, need, p, d, &r);
        fz_check(ctx, st, r);
        vs_screening_result_destroy(r);
    }
    vs_screening_data_destroy(d);
    vs_screening_params_destroy(p);
    vs_ctx_destroy(ctx);
    restore(files[which]);
    return 0;
}
