/*
 * stage_forecast.c: the "forecast" stage (per year): the forecast of
 * vardsim/forecast.h over the scenario's period, computed once at the base
 * year with the scenario's Monte Carlo settings (forecast.runs, the seed and
 * threads of simulation), then written year by year on the store's year
 * axis: forecast_<name> with its 95 % interval for every yearly figure, and
 * at the base year forecast_year_met_<target> and
 * forecast_probability_met_<target> (and _by_deadline_<target> for a target
 * with a year in its id); per area forecast_population (central
 * run) every year.  The report's forecast section
 * (report_forecast.c) draws the trajectories and the "year reached" table
 * from these rows.
 */
#include "run/stage.h"

#include <math.h>
#include <unistd.h>

#include "vardsim/forecast.h"

/* A metric with the interval of the Monte Carlo runs (NaN with one run). */
static void fc_metric(vsi_step *x, const char *name, double v, double lo, double hi,
                      const char *unit, const char *src)
{
    vs_metric mt = {name, v, lo, hi, unit, NULL, -1, src, x->year};
    if (!x->status)
        x->status = vs_store_put_metric(x->ctx, x->st, x->run_id, x->year, &mt);
}

/* The forecast of the run: compute it at the base year. */
static vs_status fc_compute(vsi_step *x)
{
    vs_run_models *m = x->m;
    vs_forecast_result_destroy(m->forecast);
    m->forecast = NULL;
    vs_forecast_options o;
    vs_forecast_options_init(&o);
    o.to_year = x->sc->horizon_year > x->rg->base_year ? x->sc->horizon_year : x->rg->base_year;
    o.runs = x->sc->forecast.runs;
    o.seed = x->sc->simulation.seed;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o.threads = x->sc->simulation.threads > 0 ? x->sc->simulation.threads
                                               : (int)(cores > 0 ? cores : 1);
    return vs_forecast_run(x->ctx, m->fcm, x->rg, x->sc, &o, &m->forecast);
}

/* The targets: year met (NaN: not by the horizon) and probability. */
static void fc_targets(vsi_step *x, const vs_forecast_result *r, const char *src)
{
    for (int i = 0; i < r->n_targets; i++) {
        const vs_forecast_target *t = &r->targets[i];
        vsi_metric(x, vsi_fmt(x, "forecast_year_met_%s", t->id), t->year_met ? t->year_met : NAN,
                   "year", src);
        vsi_metric(x, vsi_fmt(x, "forecast_probability_met_%s", t->id), t->probability_met,
                   "share of runs", src);
        if (t->deadline)
            vsi_metric(x, vsi_fmt(x, "forecast_probability_met_by_deadline_%s", t->id),
                       t->probability_met_by_deadline, "share of runs", src);
    }
    vsi_note(x, "forecast",
             "Forecast %d-%d: %d Monte Carlo run%s over %d uncertain input%s of the scenario "
             "(seed %llu); population: %s.  Targets met by %d: see the forecast section.",
             r->base_year, r->to_year, r->runs, r->runs == 1 ? "" : "s", r->n_ranges,
             r->n_ranges == 1 ? "" : "s", (unsigned long long)x->sc->simulation.seed,
             r->population->source, r->to_year);
    if (*r->missing)
        vsi_note(x, "forecast", "Not computed for lack of a figure (NaN in every year): %s",
                 r->missing);
}

vs_status vsi_stage_forecast(vsi_step *x)
{
    vs_run_models *m = x->m;
    if (x->year == x->rg->base_year || !m->forecast) {
        vs_status s = fc_compute(x);
        if (s)
            return s;
    }
    const vs_forecast_result *r = m->forecast;
    int y = x->year - r->base_year;
    if (y < 0 || y >= r->n_years)
        return x->status;
    const char *src = vsi_fmt(x,
                              "vs_forecast_run (docs/forecast.md): %s/population.csv, "
                              "workforce and budget parameters, need model with each area's "
                              "CNI held at %d; %d runs",
                              m->param_dir, r->base_year, r->runs);
    const vs_forecast_year *fy = &r->years[y];
    for (int k = 0; k < VS_FC_METRICS; k++)
        fc_metric(x, vsi_fmt(x, "forecast_%s", vs_forecast_metric_name(k)), fy->value[k],
                  fy->ci_low[k], fy->ci_high[k], vs_forecast_metric_unit(k), src);
    const vs_pop_projection *p = r->population;
    for (int a = 0; a < p->n_areas; a++) {
        const double *c = p->pop + ((size_t)y * p->n_areas + a) * VS_AGE_BANDS;
        double pop = 0;
        for (int b = 0; b < VS_AGE_BANDS; b++)
            pop += c[b];
        vsi_unit(x, VS_STORE_AREA, x->rg->areas[a].area_id, "forecast_population", pop);
    }
    if (y == 0)
        fc_targets(x, r, src);
    return x->status;
}
