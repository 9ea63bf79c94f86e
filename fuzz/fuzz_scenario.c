/*
 * fuzz_scenario: the scenario loader (vs_scenario_load) on the fuzzed bytes
 * as a YAML file, then every effective parameter (vs_scenario_each_parameter)
 * of a scenario that loads.  A parser that loops forever is caught by
 * libFuzzer's -timeout (fuzz/run.sh sets it).
 */
#include "fuzz_common.h"
#include "vardsim/scenario.h"

/* Parameter visitor: checks that every triple is complete. */
static vs_status visit(vs_ctx *ctx, void *user, const char *key, const char *value,
                       const char *source)
{
    if (!key || !*key || !value || !source)
        abort();
    ++*(int *)user;
    return VS_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512];
    fz_write(fz_path(path, sizeof path, "scenario.yaml"), data, size);
    vs_ctx *ctx = fz_ctx();
    vs_scenario *sc = NULL;
    vs_status st = vs_scenario_load(ctx, path, &sc);
    fz_check(ctx, st, sc);
    if (sc) {
        int n = 0;
        if (vs_scenario_each_parameter(ctx, sc, visit, &n) != VS_OK || n == 0)
            abort();
    }
    vs_scenario_destroy(sc);
    vs_ctx_destroy(ctx);
    return 0;
}
