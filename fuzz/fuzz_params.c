/*
 * fuzz_params: the parameter-file readers over a copy of data/parameters
 * (plus data/national/deso_2022.csv trimmed to its header and a few rows,
 * and the small CNI table of tests/data/need) in which one file is replaced
 * by the fuzzed bytes.  The first input byte (mod 10) picks the file:
 *   0-7  data/parameters/{allocation,budget,care_need_index,demand_rates,flow,
 *        gp_workforce,hospital_beds,inpatient_care}.csv, read by the loader
 *        of that file: vs_need_params_load (0-3), vs_flow_params_init and
 *        _check (4), vs_listing_costs_load (5), vs_beds_params_load and
 *        _check (6, 7);
 *   8    the national reference (vs_need_reference_load);
 *   9    a delivered-CNI table (vs_cni_table_load).
 */
#include "fuzz_common.h"
#include "vardsim/beds.h"
#include "vardsim/flow.h"
#include "vardsim/listing.h"
#include "vardsim/need.h"

#define N_PARAM_FILES 8
static const char *const files[N_PARAM_FILES] = {
    "allocation.csv",   "budget.csv",   "care_need_index.csv", "demand_rates.csv",
    "flow.csv",         "gp_workforce.csv", "hospital_beds.csv", "inpatient_care.csv"};

static char param_dir[512], ref_path[512], cni_path[512];

/* Copy data/parameters/<files[i]> into the scratch parameter directory. */
static void restore(int i)
{
    char src[1024], dst[1024];
    snprintf(src, sizeof src, "%s/data/parameters/%s", VS_SOURCE_DIR, files[i]);
    snprintf(dst, sizeof dst, "%s/%s", param_dir, files[i]);
    fz_copy(src, dst);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char dir[512];
    fz_path(param_dir, sizeof param_dir, "parameters");
    fz_path(dir, sizeof dir, "national");
    if (fz_mkdir(param_dir) || fz_mkdir(dir))
        abort();
    for (int i = 0; i < N_PARAM_FILES; i++)
        restore(i);
    fz_path(ref_path, sizeof ref_path, "national/deso_2022.csv");
    fz_path(cni_path, sizeof cni_path, "cni.csv");
    return 0;
}

/* The loader that reads parameter file `which`, with the contract checked. */
static void load_parameters(vs_ctx *ctx, int which)
{
    if (which <= 3) {
        vs_need_params *np = NULL;
        vs_status st = vs_need_params_load(ctx, param_dir, &np);
        fz_check(ctx, st, np);
        vs_need_params_destroy(np);
    } else if (which == 4) {
        vs_flow_params fp;
        vs_status st = vs_flow_params_init(ctx, param_dir, &fp);
        fz_check(ctx, st, st ? NULL : &fp);
        if (!st)
            (void)vs_flow_params_check(ctx, &fp);
    } else if (which == 5) {
        char path[1024];
        snprintf(path, sizeof path, "%s/gp_workforce.csv", param_dir);
        vs_listing_costs lc;
        vs_status st = vs_listing_costs_load(ctx, path, &lc);
        fz_check(ctx, st, st ? NULL : &lc);
    } else {
        vs_beds_params bp;
        vs_status st = vs_beds_params_load(ctx, param_dir, &bp);
        fz_check(ctx, st, st ? NULL : &bp);
        if (!st)
            (void)vs_beds_params_check(ctx, &bp);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int which = data[0] % 10;
    vs_ctx *ctx = fz_ctx();
    if (which < N_PARAM_FILES) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", param_dir, files[which]);
        fz_write(path, data + 1, size - 1);
        load_parameters(ctx, which);
        restore(which);
    } else if (which == 8) {
        fz_write(ref_path, data + 1, size - 1);
        vs_need_reference *ref = NULL;
        vs_status st = vs_need_reference_load(ctx, ref_path, &ref);
        fz_check(ctx, st, ref);
        vs_need_reference_destroy(ref);
    } else {
        fz_write(cni_path, data + 1, size - 1);
        vs_cni_table *t = NULL;
        vs_status st = vs_cni_table_load(ctx, cni_path, &t);
        fz_check(ctx, st, t);
        vs_cni_table_destroy(t);
    }
    vs_ctx_destroy(ctx);
    return 0;
}
