/*
 * need_common.c: loading and computing the need model for the need and
 * allocate commands (see need_common.h).
 */
#include <stdio.h>
#include <string.h>

#include "need_common.h"

vs_status cli_need_load(cli_need *w, const char *region_dir, const char *param_dir,
                        const char *ref_path, const char *cni_path, vs_need_options *opt)
{
    memset(w, 0, sizeof *w);
    if (cli_ctx_create(&w->ctx))
        return VS_ENOMEM;
    char pbuf[1200];
    if (!region_dir)
        region_dir = cli_default_region();
    if (!param_dir) {
        snprintf(pbuf, sizeof pbuf, "%s/parameters", cli_data_dir());
        param_dir = pbuf;
    }
    if (!ref_path) {
        snprintf(w->ref_buf, sizeof w->ref_buf, "%s/national/deso_2022.csv", cli_data_dir());
        ref_path = w->ref_buf;
    }
    w->ref_path = strcmp(ref_path, "none") == 0 ? NULL : ref_path;
    vs_status st;
    if ((st = vs_region_load(w->ctx, region_dir, &w->region)) ||
        (st = vs_need_params_load(w->ctx, param_dir, &w->params)) ||
        (st = vs_need_budget_load(w->ctx, region_dir, w->params)) ||
        (w->ref_path && (st = vs_need_reference_load(w->ctx, w->ref_path, &w->ref))) ||
        (cni_path && (st = vs_cni_table_load(w->ctx, cni_path, &w->cni))))
        return st;
    opt->reference = w->ref;
    opt->delivered = w->cni;
    return vs_need_compute(w->ctx, w->region, w->params, opt, &w->res);
}

void cli_need_release(cli_need *w)
{
    vs_need_result_destroy(w->res);
    vs_cni_table_destroy(w->cni);
    vs_need_reference_destroy(w->ref);
    vs_need_params_destroy(w->params);
    vs_region_destroy(w->region);
    vs_ctx_destroy(w->ctx);
}
