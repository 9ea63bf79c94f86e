/*
 * stage_need.c: the "need" stage: Care Need Index per area against the
 * national reference, expected demand per area and service, and the CNI
 * deciles (vardsim/need.h).  The result stays in the models object for the
 * allocation stage.
 */
#include "run/stage.h"

#include <math.h>
#include <stdio.h>

#include "core/strbuf.h"

/* Per area and municipality: CNI, its decile, expected doctor visits. */
static void need_units(vsi_step *x, const vs_need_result *r)
{
    const vs_region *rg = x->rg;
    int doctor = r->service_available[VS_SERVICE_DOCTOR];
    for (int a = 0; a < rg->n_areas; a++) {
        const vs_need_area *na = &r->areas[a];
        const char *id = rg->areas[a].area_id;
        double p = (double)rg->areas[a].population;
        vsi_unit(x, VS_STORE_AREA, id, "cni", na->cni);
        vsi_unit(x, VS_STORE_AREA, id, "cni_decile", na->decile > 0 ? na->decile : NAN);
        if (doctor)
            vsi_unit(x, VS_STORE_AREA, id, "expected_doctor_visits_per_resident",
                     p > 0 ? na->expected[VS_SERVICE_DOCTOR] / p : NAN);
    }
    for (int i = 0; i < rg->n_municipalities; i++)
        vsi_unit(x, VS_STORE_MUNICIPALITY, rg->municipalities[i].municipality_id, "cni",
                 r->municipalities[i].cni);
}

/* By CNI decile: mean CNI and expected visits per resident of three services. */
static void need_deciles(vsi_step *x, const vs_need_result *r)
{
    static const int svc[] = {VS_SERVICE_DOCTOR, VS_SERVICE_NURSE, VS_SERVICE_ED};
    for (int k = 0; k < 10; k++) {
        const vs_need_decile *d = &r->deciles[k];
        vsi_series(x, "cni_deciles", "mean CNI", k, vsi_decile_labels[k], d->cni_mean);
        for (size_t j = 0; j < sizeof svc / sizeof svc[0]; j++)
            if (r->service_available[svc[j]])
                vsi_series(x, "need_deciles", vs_need_service_name(svc[j]), k,
                           vsi_decile_labels[k],
                           d->population > 0 ? d->expected[svc[j]] / (double)d->population
                                             : NAN);
    }
}

/* Region metrics: mean CNI, areas and residents above the threshold,
 * expected contacts per service. */
static void need_metrics(vsi_step *x, const vs_need_result *r, const char *src,
                         const char *dsrc)
{
    double pop = (double)x->rg->population;
    vsi_metric(x, "cni_mean", r->cni_mean, "index (Sweden = 1)", src);
    vsi_metric(x, "cni_areas_above_threshold", r->n_above_threshold, "areas", src);
    vsi_metric(x, "cni_share_above_threshold",
               pop > 0 ? (double)r->pop_above_threshold / pop : NAN, "share", src);
    for (int v = 0; v < VS_SERVICES; v++)
        if (r->service_available[v])
            vsi_metric(x, vsi_fmt(x, "expected_%s_per_year", vs_need_service_name(v)),
                       r->total[v], "per year", dsrc);
}

vs_status vsi_stage_need(vsi_step *x)
{
    vs_run_models *m = x->m;
    vs_need_result_destroy(m->need);
    m->need = NULL;
    vs_need_options o;
    vs_need_options_init(&o);
    o.reference = m->ref;
    vs_status s = vs_need_compute(x->ctx, x->rg, m->np, &o, &m->need);
    if (s)
        return s;
    const vs_need_result *r = m->need;
    vsi_buf used = VSI_BUF_INIT, missing = VSI_BUF_INIT;
    for (int v = 0; v < VS_CNI_NVARS; v++) {
        vsi_buf *dst = r->used[v] ? &used : &missing;
        vsi_buf_printf(dst, "%s%s%s", vsi_buf_len(dst) ? ", " : "", vs_cni_var_name(v),
                       r->used[v] && r->proxy[v] ? " (proxy)" : "");
    }
    const char *src = vsi_fmt(x,
                              "Care Need Index, SCB method with the Sundquist-Malmström weights "
                              "(%s/care_need_index.csv), standardised on %d areas of Sweden "
                              "(%s); criteria used: %s; docs/need.md",
                              m->param_dir, r->reference_areas, m->reference_path,
                              vsi_buf_str(&used));
    const char *dsrc = vsi_fmt(x,
                               "expected demand = residents by age band x national rates "
                               "(%s/demand_rates.csv) x need factor CNI^e / M (docs/need.md)",
                               m->param_dir);
    need_metrics(x, r, src, dsrc);
    need_units(x, r);
    need_deciles(x, r);
    vs_chart_def charts[] = {
        {"cni_map", 100, "map", "Care Need Index (CNI) by area, Sweden = 1", "",
         "index (Sweden = 1)", "cni", src},
        {"cni_deciles", 105, "bar", "Mean CNI by CNI decile of the population",
         "CNI decile (1 = lowest need)", "index (Sweden = 1)", NULL, src},
        {"need_deciles", 110, "bar", "Expected visits per resident and year by CNI decile",
         "CNI decile (1 = lowest need)", "visits per resident and year", NULL, dsrc},
    };
    vsi_charts(x, charts, sizeof charts / sizeof charts[0]);
    if (vsi_buf_len(&missing))
        vsi_note(x, "need",
                 "CNI criteria not in the region data and left out (the remaining weights are "
                 "rescaled, docs/need.md): %s. foreign_born is approximated by foreign "
                 "background.",
                 vsi_buf_str(&missing));
    if (r->n_delivered) /* the region's own CNI (areas.csv column cni) over the proxy */
        vsi_note(x, "need",
                 "CNI delivered by Statistics Sweden (column cni of %s/areas.csv) is used for "
                 "%d of %d areas instead of the computed index%s.",
                 x->rg->dir, r->n_delivered, x->rg->n_areas,
                 r->n_delivered < x->rg->n_areas ? "; the other areas use the computed index" : "");
    if (vsi_buf_failed(&used) || vsi_buf_failed(&missing))
        x->status = x->status ? x->status : vs_ctx_fail(x->ctx, VS_ENOMEM, "out of memory");
    vsi_buf_free(&used);
    vsi_buf_free(&missing);
    return x->status;
}
