/*
 * network.c: the primary-care network designed once for many runs
 * (vardsim/run.h, vs_run_network_*): a sweep whose points share the inputs of
 * the network design (the GP supply among them) designs it once and gives it
 * to every such point's run, which then computes what it would have computed
 * designing it itself (the same functions make it).
 */
#include "run/stage.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

vs_status vs_run_network_key(vs_ctx *ctx, const vs_run_models *m, const vs_scenario *sc,
                             double key[VS_RUN_NETWORK_KEY])
{
    memset(key, 0, VS_RUN_NETWORK_KEY * sizeof *key);
    if (!vsi_selected(m, "listing") && !vsi_selected(m, "flow"))
        return VS_OK; /* no stage designs a network (nor loaded its parameters) */
    vs_flow_params p;
    vs_status s = vsi_run_flow_params(ctx, sc, &m->fp, m->bp.asih_share_before, &p);
    if (s)
        return s;
    /* what vs_flow_network_listing_size, vs_listing_design_* and
     * vs_flow_network_design read of the parameters; the region and the
     * models' network choice are the same for every run of m */
    key[0] = p.residents_per_gp;
    key[1] = p.residents_per_centre;
    key[2] = p.care_centres;
    key[3] = p.listing_time_limit_s;
    return VS_OK;
}

void vs_run_network_destroy(vs_run_network *net)
{
    if (!net)
        return;
    vs_listing_site_result_destroy(net->design);
    vs_flow_network_spec_destroy(net->net);
    vs_flow_network_spec_destroy(net->flow_net);
    free(net);
}

int vs_run_network_designed(const vs_run_network *net)
{
    return net && (net->design || net->flow_net);
}

const double *vs_run_network_key_of(const vs_run_network *net) { return net ? net->key : NULL; }

vs_status vs_run_network_design(vs_ctx *ctx, const vs_run_models *m, const vs_scenario *sc,
                                const vs_region *rg, vs_run_network **out)
{
    *out = NULL;
    vs_run_network *n = calloc(1, sizeof *n);
    if (!n)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    n->cap_used = n->rpg = n->cfte = NAN;
    vs_flow_params fp;
    vs_status s = vs_run_network_key(ctx, m, sc, n->key);
    /* the listing stage designs when it runs and the region has residents */
    if (!s && vsi_selected(m, "listing") && rg->population > 0)
        s = vsi_run_listing_design(ctx, m, sc, rg, n, &fp);
    /* the flow stage designs its own unless it runs on the listing's */
    int flow_runs = vsi_selected(m, "flow") && rg->n_hospitals > 0 && rg->population > 0;
    if (!s && flow_runs && !(n->net && m->flow_network != VS_NETWORK_FALLBACK)) {
        s = vsi_run_flow_params(ctx, sc, &m->fp, m->bp.asih_share_before, &fp);
        fp.network = m->flow_network;
        if (!s)
            s = vs_flow_network_design(ctx, rg, &fp, &n->flow_net);
    }
    if (s) {
        vs_run_network_destroy(n);
        return s;
    }
    *out = n;
    return VS_OK;
}

void vs_run_models_use_network(vs_run_models *m, const vs_run_network *net)
{
    if (m)
        m->pre = net;
}
