/*
 * fuzz_region: the region loader (vs_region_load) over a region directory
 * whose files come from tests/data/region/mini except one, replaced by the
 * fuzzed bytes.  The first input byte (mod 4) picks the replaced file:
 * 0 region.json, 1 municipalities.csv, 2 areas.csv, 3 hospitals.csv; the
 * rest of the input is that file's text.  Keeping the other three valid lets
 * the fuzzer reach the later files and the cross-file checks.
 */
#include "fuzz_common.h"
#include "vardsim/region.h"

static const char *const files[4] = {"region.json", "municipalities.csv", "areas.csv",
                                      "hospitals.csv"};

/* Put the valid mini region's file i into the scratch directory. */
static void restore(int i)
{
    char src[1024], dst[512];
    snprintf(src, sizeof src, "%s/tests/data/region/mini/%s", VS_SOURCE_DIR, files[i]);
    fz_copy(src, fz_path(dst, sizeof dst, files[i]));
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    for (int i = 0; i < 4; i++)
        restore(i);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int which = data[0] % 4;
    char path[512];
    fz_write(fz_path(path, sizeof path, files[which]), data + 1, size - 1);
    vs_ctx *ctx = fz_ctx();
    vs_region *r = NULL;
    vs_status st = vs_region_load(ctx, fz_scratch(), &r);
    fz_check(ctx, st, r);
    if (r) {
        /* Touch what the loader promises: sorted, findable ids. */
        for (int i = 0; i < r->n_areas; i++)
            if (vs_region_find_area(r, r->areas[i].area_id) != i)
                abort();
        for (int i = 0; i < r->n_municipalities; i++)
            if (vs_region_find_municipality(r, r->municipalities[i].municipality_id) < 0)
                abort();
    }
    vs_region_destroy(r);
    vs_ctx_destroy(ctx);
    restore(which);
    return 0;
}
