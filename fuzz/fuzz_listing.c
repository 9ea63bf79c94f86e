/*
 * fuzz_listing: the listing and hospital-demand CSV readers.  The first input
 * byte (mod 5) picks the reader, the rest is the file:
 *   0 areas           vs_listing_areas_load
 *   1 need weights    vs_listing_areas_weights_load on tests/data/listing/areas4.csv
 *   2 centres         vs_listing_centres_load
 *   3 candidate sites vs_listing_sites_load
 *   4 bed demand      vs_beds_demand_load against data/stockholm
 */
#include "fuzz_common.h"
#include "vardsim/beds.h"
#include "vardsim/listing.h"
#include "vardsim/region.h"

static vs_listing_areas *areas4;
static vs_region *mini;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    vs_ctx *ctx = fz_ctx();
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/listing/areas4.csv", VS_SOURCE_DIR);
    if (vs_listing_areas_load(ctx, path, &areas4) != VS_OK)
        abort();
    snprintf(path, sizeof path, "%s/data/stockholm", VS_SOURCE_DIR);
    if (vs_region_load(ctx, path, &mini) != VS_OK)
        abort();
    vs_ctx_destroy(ctx);
    return 0;
}

/* Read the weights file into a fresh copy of the four-area fixture. */
static void load_weights(vs_ctx *ctx, const char *path)
{
    vs_listing_areas *a = NULL;
    if (vs_listing_areas_create(ctx, areas4->n, &a) != VS_OK)
        abort();
    memcpy(a->v, areas4->v, (size_t)areas4->n * sizeof *a->v);
    vs_status st = vs_listing_areas_weights_load(ctx, a, path);
    fz_check(ctx, st, st ? NULL : a);
    vs_listing_areas_destroy(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char path[512];
    fz_write(fz_path(path, sizeof path, "input.csv"), data + 1, size - 1);
    vs_ctx *ctx = fz_ctx();
    vs_status st;
    switch (data[0] % 5) {
    case 0: {
        vs_listing_areas *a = NULL;
        st = vs_listing_areas_load(ctx, path, &a);
        fz_check(ctx, st, a);
        vs_listing_areas_destroy(a);
        break;
    }
    case 1:
        load_weights(ctx, path);
        break;
    case 2:
    case 3: {
        vs_listing_centres *c = NULL;
        st = data[0] % 5 == 2 ? vs_listing_centres_load(ctx, path, &c)
                              : vs_listing_sites_load(ctx, path, &c);
        fz_check(ctx, st, c);
        vs_listing_centres_destroy(c);
        break;
    }
    default: {
        vs_beds_demand *d = NULL;
        st = vs_beds_demand_load(ctx, path, mini, &d);
        fz_check(ctx, st, d);
        vs_beds_demand_destroy(d);
        break;
    }
    }
    vs_ctx_destroy(ctx);
    return 0;
}
