/*
 * fuzz_geojson: the area-map reader (vs_report_geo_load) on the fuzzed bytes
 * as a GeoJSON file, then every feature's id, lookup and area.
 */
#include <math.h>

#include "fuzz_common.h"
#include "vardsim/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512];
    fz_write(fz_path(path, sizeof path, "areas.geojson"), data, size);
    vs_ctx *ctx = fz_ctx();
    vs_report_geo *g = NULL;
    vs_status st = vs_report_geo_load(ctx, path, &g);
    fz_check(ctx, st, g);
    if (g) {
        int n = vs_report_geo_count(g);
        for (int i = 0; i < n; i++) {
            const char *id = vs_report_geo_id(g, i);
            if (!id || vs_report_geo_find(g, id) < 0)
                abort();
            if (isnan(vs_report_geo_area_km2(g, i)))
                abort();
        }
    }
    vs_report_geo_destroy(g);
    vs_ctx_destroy(ctx);
    return 0;
}
