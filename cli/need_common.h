/*
 * need_common.h: what "vardsim need" and "vardsim allocate" share: loading
 * the region, the need parameters, the national reference and delivered CNI
 * values, and computing the need model.
 */
#ifndef VARDSIM_CLI_NEED_COMMON_H
#define VARDSIM_CLI_NEED_COMMON_H

#include "cli.h"

typedef struct cli_need {
    vs_ctx *ctx;
    vs_region *region;
    vs_need_params *params;
    vs_need_reference *ref;
    vs_cni_table *cni;
    vs_need_result *res;
    const char *ref_path; /* reference file used, NULL when standardisation is off */
    char ref_buf[1200];
} cli_need;

/* Create the context and load everything; NULL paths take the defaults
 * (default region, data/parameters, data/national/deso_2022.csv; a reference
 * of "none" turns standardisation off).  On failure the caller reports with
 * cli_fail(w->ctx, status) and then calls cli_need_release. */
vs_status cli_need_load(cli_need *w, const char *region_dir, const char *param_dir,
                        const char *ref_path, const char *cni_path, vs_need_options *opt);

/* Free everything cli_need_load created. */
void cli_need_release(cli_need *w);

#endif
